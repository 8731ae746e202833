/* SPDX-License-Identifier: MIT
 * Tests of the world configuration: calibrated defaults, and validation messages that name the
 * offending group, service or action. */
#include <glib.h>
#include <string.h>

#include "models/swarm/config.h"

static SwarmConfig *
small_config (void)
{
  SwarmConfig *c = swarm_config_new ();
  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  m->role = ORCH_ROLE_MANAGER;
  g_ptr_array_add (c->node_groups, m);
  SwarmNodeGroup *w = swarm_node_group_new ("worker");
  w->count = 2;
  g_ptr_array_add (c->node_groups, w);
  g_ptr_array_add (c->services, swarm_service_config_new ("web"));
  return c;
}

/* Test that the defaults are the calibrated swarmkit, EC2 and container values. */
static void
test_config_defaults_are_calibrated (void)
{
  g_autoptr (SwarmConfig) c = swarm_config_new ();
  g_assert_cmpint (c->heartbeat_period_us, ==, 5000000);
  g_assert_cmpint (c->heartbeat_epsilon_us, ==, 500000);
  g_assert_cmpuint (c->grace_multiplier, ==, 3);
  g_assert_cmpuint (c->unknown_multiplier, ==, 2);
  g_assert_cmpint (c->dispatcher_batch_us, ==, 100000);
  g_assert_cmpint (c->raft_tick_us, ==, 1000000);
  g_assert_cmpuint (c->election_ticks, ==, 10);
  g_assert_cmpint (c->task_history_limit, ==, 5);
  g_assert_cmpint (c->orphan_period_us, ==, G_GINT64_CONSTANT (86400000000));
  g_assert_cmpint (c->registry_bytes_per_second, ==, 200000000);
  g_autofree char *launch = sim_dist_to_string (c->launch_time);
  g_assert_cmpstr (launch, ==, "uniform(21.2s,29s)");
  g_autofree char *manifest = sim_dist_to_string (c->manifest_time);
  g_assert_cmpstr (manifest, ==, "uniform(0.5s,2s)");
  g_autoptr (SwarmServiceConfig) s = swarm_service_config_new ("web");
  g_autofree char *start = sim_dist_to_string (s->start_time);
  g_assert_cmpstr (start, ==, "uniform(568ms,1.157s)");
  g_assert_cmpint (s->stop_grace_us, ==, 10000000);
  g_assert_cmpint (s->spec->restart.delay_us, ==, 5000000);
}

/* Test that a valid configuration, including an action on a node joined earlier, passes. */
static void
test_config_valid_with_joined_node (void)
{
  g_autoptr (SwarmConfig) c = small_config ();
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_CRASH, 90000000, "worker-3"));
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_JOIN, 10000000, "worker"));
  g_autoptr (GError) error = NULL;
  g_assert_true (swarm_config_validate (c, NULL, &error));
  g_assert_no_error (error);
}

/* Test that an unknown instance type is refused with the group's name. */
static void
test_config_unknown_instance_type_names_group (void)
{
  g_autoptr (SwarmConfig) c = small_config ();
  SwarmNodeGroup *g = g_ptr_array_index (c->node_groups, 1);
  g_free (g->instance_type);
  g->instance_type = g_strdup ("m9.huge");
  g_autoptr (GError) error = NULL;
  g_assert_false (swarm_config_validate (c, NULL, &error));
  g_assert_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_UNKNOWN_NAME);
  g_assert_true (g_str_has_prefix (error->message, "node group \"worker\": "));
  g_assert_nonnull (strstr (error->message, "m9.huge"));
}

/* Test that an extra instance type makes a group valid. */
static void
test_config_extra_instance_type_is_accepted (void)
{
  g_autoptr (SwarmConfig) c = small_config ();
  SwarmNodeGroup *g = g_ptr_array_index (c->node_groups, 1);
  g_free (g->instance_type);
  g->instance_type = g_strdup ("x9.custom");
  char name[] = "x9.custom", family[] = "x9";
  Ec2InstanceType t = { name, 16, G_GINT64_CONSTANT (64) << 30, 1.0, family, FALSE };
  g_ptr_array_add (c->extra_instance_types, ec2_instance_type_copy (&t));
  g_assert_true (swarm_config_validate (c, NULL, NULL));
}

/* Test that an action on a node that does not exist at its time names the action's index. */
static void
test_config_action_on_unknown_node_names_index (void)
{
  g_autoptr (SwarmConfig) c = small_config ();
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_DRAIN, 5000000, "worker-1"));
  /* worker-3 joins at 100 s: a crash at 90 s comes too early. */
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_CRASH, 90000000, "worker-3"));
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_JOIN, 100000000, "worker"));
  g_autoptr (GError) error = NULL;
  g_assert_false (swarm_config_validate (c, NULL, &error));
  g_assert_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_UNKNOWN_NAME);
  g_assert_cmpstr (error->message, ==,
                   "action 2 (crash worker-3 at 1m30s): unknown node; expected a node of a group "
                   "(\"<group>-<n>\") or a joined node");
}

/* Test that a resize to a type the catalog does not have is refused with the type named, and that
 * one of the configuration's extra types is accepted. */
static void
test_config_resize_to_unknown_type_names_it (void)
{
  g_autoptr (SwarmConfig) c = small_config ();
  SwarmAction *resize = swarm_action_new (SWARM_ACTION_NODE_RESIZE, 60000000, "worker-1");
  resize->instance_type = g_strdup ("x9.big");
  g_ptr_array_add (c->actions, resize);
  g_autoptr (GError) error = NULL;
  g_assert_false (swarm_config_validate (c, NULL, &error));
  g_assert_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_UNKNOWN_NAME);
  g_assert_cmpstr (error->message, ==,
                   "action 1 (resize worker-1 x9.big at 1m): unknown instance type; expected a "
                   "catalog type (e.g. m5.xlarge) or an extra type");
  Ec2InstanceType *big = g_new0 (Ec2InstanceType, 1);
  big->name = g_strdup ("x9.big");
  big->family = g_strdup ("x9");
  big->vcpus = 8;
  big->memory_bytes = (gint64)32 << 30;
  big->usd_per_hour = 1;
  g_ptr_array_add (c->extra_instance_types, big);
  g_assert_true (swarm_config_validate (c, NULL, NULL));
}

/* Test that a node terminated by an action cannot be named by a later one. */
static void
test_config_terminated_node_is_gone_for_later_actions (void)
{
  g_autoptr (SwarmConfig) c = small_config ();
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_REMOVE, 60000000, "worker-2"));
  g_assert_true (swarm_config_validate (c, NULL, NULL));
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_DRAIN, 90000000, "worker-2"));
  g_autoptr (GError) error = NULL;
  g_assert_false (swarm_config_validate (c, NULL, &error));
  g_assert_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_UNKNOWN_NAME);
  g_assert_true (g_str_has_prefix (error->message, "action 2 (drain worker-2 at 1m30s): "));
}

/* Test that a configuration without a manager is refused. */
static void
test_config_without_manager_is_refused (void)
{
  g_autoptr (SwarmConfig) c = small_config ();
  ((SwarmNodeGroup *)g_ptr_array_index (c->node_groups, 0))->role = ORCH_ROLE_WORKER;
  g_autoptr (GError) error = NULL;
  g_assert_false (swarm_config_validate (c, NULL, &error));
  g_assert_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "no manager"));
}

/* Test that scaling a service that is only created later is refused, and allowed after. */
static void
test_config_service_actions_follow_creation (void)
{
  g_autoptr (SwarmConfig) c = small_config ();
  ((SwarmServiceConfig *)g_ptr_array_index (c->services, 0))->create_at_start = FALSE;
  SwarmAction *scale = swarm_action_new (SWARM_ACTION_SERVICE_SCALE, 5000000, "web");
  scale->replicas = 3;
  g_ptr_array_add (c->actions, scale);
  g_autoptr (GError) error = NULL;
  g_assert_false (swarm_config_validate (c, NULL, &error));
  g_assert_true (g_str_has_prefix (error->message, "action 1 (service-scale web at 5s): "));
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_SERVICE_CREATE, 1000000, "web"));
  g_assert_true (swarm_config_validate (c, NULL, NULL));
}

/* Test that action kinds round-trip through their text form. */
static void
test_config_action_kinds_round_trip (void)
{
  for (guint k = SWARM_ACTION_NODE_CRASH; k <= SWARM_ACTION_HEAL; k++) {
    SwarmActionKind back;
    g_assert_true (swarm_action_kind_from_string (swarm_action_kind_to_string (k), &back));
    g_assert_cmpint (back, ==, k);
  }
  SwarmActionKind unused;
  g_assert_false (swarm_action_kind_from_string ("explode", &unused));
}

/* Test that a node group's overhead defaults to 0 and that one leaving nothing of the instance
 * (m5.large has 2 vCPUs) is refused with the group and the limit named. */
static void
test_config_overhead_must_leave_capacity (void)
{
  g_autoptr (SwarmConfig) c = small_config ();
  SwarmNodeGroup *w = g_ptr_array_index (c->node_groups, 1);
  g_assert_cmpint (w->overhead_nanocpus, ==, 0);
  g_assert_cmpint (w->overhead_memory_bytes, ==, 0);
  w->overhead_nanocpus = 1900000000;
  g_assert_true (swarm_config_validate (c, NULL, NULL));
  w->overhead_nanocpus = 2000000000;
  g_autoptr (GError) error = NULL;
  g_assert_false (swarm_config_validate (c, NULL, &error));
  g_assert_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "node group \"worker\": overhead of 2 vCPUs"));
  g_assert_nonnull (strstr (error->message, "less than m5.large's 2 vCPUs"));
}

/* Test that an exit failure probability defaults to 0 and one outside [0, 1] is refused with the
 * service named. */
static void
test_config_exit_fail_probability_must_be_a_probability (void)
{
  g_autoptr (SwarmConfig) c = small_config ();
  SwarmServiceConfig *s = g_ptr_array_index (c->services, 0);
  g_assert_cmpfloat (s->exit_fail_probability, ==, 0.0);
  s->exit_fail_probability = 1.0;
  g_assert_true (swarm_config_validate (c, NULL, NULL));
  s->exit_fail_probability = 1.5;
  g_autoptr (GError) error = NULL;
  g_assert_false (swarm_config_validate (c, NULL, &error));
  g_assert_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "service \"web\": bad exit failure probability; expected a number in [0, 1]");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm-config/defaults-are-calibrated",
                   test_config_defaults_are_calibrated);
  g_test_add_func ("/models/swarm-config/valid-with-joined-node",
                   test_config_valid_with_joined_node);
  g_test_add_func ("/models/swarm-config/unknown-instance-type-names-group",
                   test_config_unknown_instance_type_names_group);
  g_test_add_func ("/models/swarm-config/extra-instance-type-is-accepted",
                   test_config_extra_instance_type_is_accepted);
  g_test_add_func ("/models/swarm-config/action-on-unknown-node-names-index",
                   test_config_action_on_unknown_node_names_index);
  g_test_add_func ("/models/swarm-config/resize-to-unknown-type-names-it",
                   test_config_resize_to_unknown_type_names_it);
  g_test_add_func ("/models/swarm-config/terminated-node-is-gone-for-later-actions",
                   test_config_terminated_node_is_gone_for_later_actions);
  g_test_add_func ("/models/swarm-config/without-manager-is-refused",
                   test_config_without_manager_is_refused);
  g_test_add_func ("/models/swarm-config/service-actions-follow-creation",
                   test_config_service_actions_follow_creation);
  g_test_add_func ("/models/swarm-config/action-kinds-round-trip",
                   test_config_action_kinds_round_trip);
  g_test_add_func ("/models/swarm-config/exit-fail-probability-must-be-a-probability",
                   test_config_exit_fail_probability_must_be_a_probability);
  g_test_add_func ("/models/swarm-config/overhead-must-leave-capacity",
                   test_config_overhead_must_leave_capacity);
  return g_test_run ();
}
