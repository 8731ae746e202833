/* SPDX-License-Identifier: MIT
 * Tests of models/pool against the real world: small scenarios built in code, assertions on the
 * record (node intervals) and the pool's counters. */
#include "models/pool/pool.h"

#include <string.h>

#include "sim/units.h"

#define CPUS(x) ((gint64)((x)*1e9))

typedef struct {
  SwarmConfig *config;
  SwarmWorld *world;
  Pool *pool;
} Fixture;

/* A drained manager, a pool group "pool" of @count nodes of @type, and a service "web" of
 * @replicas × @cpus CPU (image cached). */
static void
build (Fixture *f, const char *type, guint count, guint replicas, double cpus)
{
  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  SwarmNodeGroup *p = swarm_node_group_new ("pool");
  SwarmServiceConfig *web = swarm_service_config_new ("web");

  f->config = swarm_config_new ();
  f->config->duration_us = SIM_HOUR (1);
  m->role = ORCH_ROLE_MANAGER;
  m->availability = ORCH_AVAILABILITY_DRAIN;
  g_free (p->instance_type);
  p->instance_type = g_strdup (type);
  p->count = count;
  g_ptr_array_add (p->cached_images, g_strdup ("app:latest"));
  web->spec->replicas = replicas;
  web->spec->reservations.nanocpus = CPUS (cpus);
  g_ptr_array_add (f->config->node_groups, m);
  g_ptr_array_add (f->config->node_groups, p);
  g_ptr_array_add (f->config->services, web);
}

static void
start (Fixture *f, const PoolSpec *spec)
{
  f->world = swarm_world_new (f->config, 42, NULL);
  g_assert_nonnull (f->world);
  f->pool = pool_new (f->world, f->config, spec, NULL);
  g_assert_nonnull (f->pool);
  g_assert_true (swarm_world_run (f->world, NULL));
}

static void
teardown (Fixture *f)
{
  pool_free (f->pool);
  swarm_world_free (f->world);
  swarm_config_free (f->config);
}

/* The start of the first interval of @node in @state, or SIM_TIME_NEVER. */
static SimTime
first_in (const Fixture *f, const char *node, SwarmDisplayState state)
{
  const GArray *iv = swarm_record_get_intervals (swarm_world_get_record (f->world));

  for (guint i = 0; i < iv->len; i++) {
    const SwarmNodeInterval *r = &g_array_index (iv, SwarmNodeInterval, i);
    if (g_strcmp0 (r->node, node) == 0 && r->state == state)
      return r->start_us;
  }
  return SIM_TIME_NEVER;
}

/* The first time a task of @service is recorded RUNNING on @node, or SIM_TIME_NEVER. */
static SimTime
first_running_on (const Fixture *f, const char *service, const char *node)
{
  const GArray *tasks = swarm_record_get_tasks (swarm_world_get_record (f->world));

  for (guint i = 0; i < tasks->len; i++) {
    const SwarmTaskRow *r = &g_array_index (tasks, SwarmTaskRow, i);
    if (r->state == ORCH_TASK_RUNNING && g_strcmp0 (r->service, service) == 0 &&
        g_strcmp0 (r->node, node) == 0)
      return r->t_us;
  }
  return SIM_TIME_NEVER;
}

/* The pending count of @service in the last timeline step (G_MAXUINT64 if it has none). */
static guint64
last_pending (const Fixture *f, const char *service)
{
  const GArray *tl = swarm_record_get_timeline (swarm_world_get_record (f->world));

  for (guint i = tl->len; i > 0; i--) {
    const SwarmTimelineRow *r = &g_array_index (tl, SwarmTimelineRow, i - 1);
    if (g_strcmp0 (r->service, service) == 0)
      return r->pending;
  }
  return G_MAXUINT64;
}

/* Test that a scale-out pool launches a node once tasks have been pending for pending_for, the node
 * is ready no sooner than EC2 launch + docker start + swarm join (21.2 s + 1 s + 0.5 s), and the
 * pending task then runs on it. */
static void
test_pool_world_scale_out_grows_after_pending_for (void)
{
  Fixture f = { 0 };
  g_auto (PoolSpec) spec;
  SimTime launched, ready, running;

  build (&f, "m5.large", 1, 2, 1.5);
  pool_spec_init (&spec, "pool");
  spec.max_nodes = 2;
  start (&f, &spec);
  launched = first_in (&f, "pool-2", SWARM_DISPLAY_LAUNCHING);
  ready = first_in (&f, "pool-2", SWARM_DISPLAY_READY);
  g_test_message ("launched %" G_GINT64_FORMAT " ready %" G_GINT64_FORMAT, launched, ready);
  g_assert_cmpint (launched, >=, SIM_SEC (60));
  g_assert_cmpint (launched, <=, SIM_SEC (60) + spec.policy.interval_us);
  g_assert_cmpint (ready - launched, >=, SIM_MSEC (22700));
  g_assert_cmpint (ready - launched, <=, SIM_SEC (29 + 3 + 2 + 5));
  g_assert_cmpuint (pool_get_grow_count (f.pool), ==, 1);
  /* The second replica (1.5 CPU does not fit twice on 2 vCPU) goes to the new node once it is
   * READY, so nothing is left pending at the end of the run. */
  running = first_running_on (&f, "web", "pool-2");
  g_test_message ("running on pool-2 %" G_GINT64_FORMAT, running);
  g_assert_cmpint (running, >=, ready);
  g_assert_cmpint (running, <, SIM_TIME_NEVER);
  g_assert_cmpuint (swarm_world_get_pending_tasks (f.world, "web"), ==, 0);
  g_assert_cmpuint (swarm_world_get_running_tasks (f.world, "web"), ==, 2);
  g_assert_cmpuint (last_pending (&f, "web"), ==, 0);
  teardown (&f);
}

/* Test that a scale-out pool waits the cooldown between launches and stops at max_nodes. */
static void
test_pool_world_scale_out_respects_cooldown_and_max (void)
{
  Fixture f = { 0 };
  g_auto (PoolSpec) spec;
  SimTime second, third;

  build (&f, "m5.large", 1, 6, 1.5);
  pool_spec_init (&spec, "pool");
  spec.max_nodes = 3;
  start (&f, &spec);
  second = first_in (&f, "pool-2", SWARM_DISPLAY_LAUNCHING);
  third = first_in (&f, "pool-3", SWARM_DISPLAY_LAUNCHING);
  g_assert_cmpint (third - second, >=, spec.policy.cooldown_us);
  g_assert_cmpint (first_in (&f, "pool-4", SWARM_DISPLAY_LAUNCHING), ==, SIM_TIME_NEVER);
  g_assert_cmpuint (pool_get_grow_count (f.pool), ==, 2);
  /* Each launched node takes one of the pending 1.5-CPU replicas; three are left pending. */
  g_assert_cmpint (first_running_on (&f, "web", "pool-2"), <, SIM_TIME_NEVER);
  g_assert_cmpint (first_running_on (&f, "web", "pool-3"), <, SIM_TIME_NEVER);
  g_assert_cmpuint (swarm_world_get_running_tasks (f.world, "web"), ==, 3);
  g_assert_cmpuint (swarm_world_get_pending_tasks (f.world, "web"), ==, 3);
  teardown (&f);
}

/* Test that a scale-out pool shrinks when utilisation stays low, draining the node before it is
 * removed, and never below min_nodes. */
static void
test_pool_world_scale_out_shrinks_by_draining (void)
{
  Fixture f = { 0 };
  g_auto (PoolSpec) spec;
  SimTime drained, stopped;

  build (&f, "m5.large", 1, 1, 0.25);
  pool_spec_init (&spec, "pool");
  spec.min_nodes = 1;
  start (&f, &spec);
  g_assert_cmpuint (pool_get_shrink_count (f.pool), ==, 0); /* the group's own node stays */
  teardown (&f);

  /* Two nodes launched by hand, then idle: the pool drains and removes them, newest first. */
  build (&f, "m5.large", 1, 1, 0.25);
  f.world = swarm_world_new (f.config, 42, NULL);
  f.pool = pool_new (f.world, f.config, &spec, NULL);
  g_assert_true (pool_grow (f.pool, NULL));
  g_assert_true (swarm_world_run (f.world, NULL));
  g_assert_cmpuint (pool_get_shrink_count (f.pool), ==, 1);
  drained = first_in (&f, "pool-2", SWARM_DISPLAY_DRAINED);
  stopped = first_in (&f, "pool-2", SWARM_DISPLAY_STOPPED);
  g_test_message ("drained %" G_GINT64_FORMAT " stopped %" G_GINT64_FORMAT, drained, stopped);
  g_assert_cmpint (drained, >=, spec.policy.shrink_for_us);
  g_assert_cmpint (stopped, >, drained);
  teardown (&f);
}

/* Test that a scale-up pool resizes stop → change type → start, each resize taking the node away
 * for a launch time, and stops at max_type. */
static void
test_pool_world_scale_up_resizes_to_max_type (void)
{
  Fixture f = { 0 };
  g_auto (PoolSpec) spec;
  const GArray *rec;
  guint resizes = 0;

  build (&f, "m5.large", 1, 12, 1.5);
  pool_spec_init (&spec, "pool");
  spec.kind = POOL_KIND_SCALE_UP;
  spec.max_type = g_strdup ("m5.2xlarge");
  start (&f, &spec);
  g_assert_cmpuint (pool_get_grow_count (f.pool), ==, 2); /* large → xlarge → 2xlarge */
  g_assert_cmpuint (pool_get_vcpus (f.pool), ==, 8);
  rec = swarm_record_get_recoveries (swarm_world_get_record (f.world));
  for (guint i = 0; i < rec->len; i++)
    resizes += g_strcmp0 (g_array_index (rec, SwarmRecoveryRow, i).kind, "resize") == 0;
  g_assert_cmpuint (resizes, ==, 2);
  g_assert_cmpuint (swarm_world_get_running_tasks (f.world, "web"), ==, 5); /* 8 / 1.5 */
  teardown (&f);
}

/* Test that without max_type a scale-up pool stops at the family's largest type. */
static void
test_pool_world_scale_up_stops_at_largest_type (void)
{
  Fixture f = { 0 };
  g_auto (PoolSpec) spec;

  build (&f, "m5.8xlarge", 1, 40, 1.0);
  pool_spec_init (&spec, "pool");
  spec.kind = POOL_KIND_SCALE_UP;
  start (&f, &spec);
  g_assert_cmpuint (pool_get_vcpus (f.pool), >=, 32);
  g_assert_false (pool_grow (f.pool, NULL) && pool_get_vcpus (f.pool) > 96);
  teardown (&f);
}

/* Test that attaching a pool is refused, naming the pool and the action, when the timeline
 * resizes or terminates one of its nodes, and accepted when the action is on another group. */
static void
test_pool_world_timeline_resize_or_terminate_of_member_is_refused (void)
{
  Fixture f = { 0 };
  g_auto (PoolSpec) spec;
  g_autoptr (GError) error = NULL;
  SwarmAction *resize = swarm_action_new (SWARM_ACTION_NODE_RESIZE, SIM_MIN (5), "pool-1");

  build (&f, "m5.large", 2, 1, 0.25);
  pool_spec_init (&spec, "pool");
  resize->instance_type = g_strdup ("m5.xlarge");
  g_ptr_array_add (f.config->actions,
                   swarm_action_new (SWARM_ACTION_NODE_REMOVE, SIM_MIN (1), "manager-1"));
  g_ptr_array_add (f.config->actions, resize);
  f.world = swarm_world_new (f.config, 42, NULL);
  g_assert_nonnull (f.world);
  g_assert_null (pool_new (f.world, f.config, &spec, &error));
  g_assert_error (error, POOL_ERROR, POOL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "pool \"pool\": action 2 (resize pool-1 m5.xlarge at 5m) changes a node the "
                   "pool manages; expected no timeline resize or terminate of the pool's nodes");
  g_clear_error (&error);

  resize->kind = SWARM_ACTION_NODE_REMOVE;
  g_free (resize->target);
  resize->target = g_strdup ("pool-3"); /* a node the pool would add */
  g_assert_false (pool_spec_check_actions (&spec, f.config, &error));
  g_assert_nonnull (strstr (error->message, "action 2 (terminate pool-3 at 5m)"));
  g_clear_error (&error);

  g_ptr_array_remove_index (f.config->actions, 1);
  g_assert_true (pool_spec_check_actions (&spec, f.config, NULL)); /* manager-1 is not the pool's */
  teardown (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/pool-world/scale-out-grows-after-pending-for",
                   test_pool_world_scale_out_grows_after_pending_for);
  g_test_add_func ("/models/pool-world/scale-out-respects-cooldown-and-max",
                   test_pool_world_scale_out_respects_cooldown_and_max);
  g_test_add_func ("/models/pool-world/timeline-resize-or-terminate-of-member-is-refused",
                   test_pool_world_timeline_resize_or_terminate_of_member_is_refused);
  g_test_add_func ("/models/pool-world/scale-out-shrinks-by-draining",
                   test_pool_world_scale_out_shrinks_by_draining);
  g_test_add_func ("/models/pool-world/scale-up-resizes-to-max-type",
                   test_pool_world_scale_up_resizes_to_max_type);
  g_test_add_func ("/models/pool-world/scale-up-stops-at-largest-type",
                   test_pool_world_scale_up_stops_at_largest_type);
  return g_test_run ();
}
