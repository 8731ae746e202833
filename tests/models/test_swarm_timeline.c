/* SPDX-License-Identifier: MIT
 * Tests of the timeline's growth actions on the world (issue 6): a resize restarts a node as a
 * bigger type, a terminate ends a node for good. Each is recorded as a recovery row like a failure.
 */
#include <glib.h>

#include "models/swarm/world.h"

#define SEC(x) ((SimTime)((x)*1e6))
#define GIB    ((gint64)1 << 30)
#define VCPU   ((gint64)1000000000)

/* One m5.large manager that also runs the 1-replica service "app" (image cached), and @workers
 * m5.large workers. */
static SwarmConfig *
cluster_new (guint workers)
{
  SwarmConfig *c = swarm_config_new ();
  c->duration_us = SEC (120);
  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  m->role = ORCH_ROLE_MANAGER;
  g_ptr_array_add (m->cached_images, g_strdup ("app:latest"));
  g_ptr_array_add (c->node_groups, m);
  SwarmNodeGroup *w = swarm_node_group_new ("worker");
  w->count = workers;
  g_ptr_array_add (w->cached_images, g_strdup ("app:latest"));
  g_ptr_array_add (c->node_groups, w);
  SwarmServiceConfig *s = swarm_service_config_new ("app");
  s->spec->replicas = 1;
  g_ptr_array_add (c->services, s);
  return c;
}

static SwarmWorld *
world_until (const SwarmConfig *c, SimTime t)
{
  g_autoptr (GError) error = NULL;
  SwarmWorld *w = swarm_world_new (c, 5, &error);
  g_assert_no_error (error);
  g_assert_true (swarm_world_run_until (w, t, &error));
  g_assert_no_error (error);
  return w;
}

/* Test that a timeline resize of a 1-node cluster to a bigger type restarts the node with the
 * bigger type's capacity and records a resize recovery row for it. The node is the only manager:
 * it rejoins before there is a leader to write its new capacity, so the capacity must be written
 * when its session starts under the new leader. */
static void
test_swarm_timeline_resize_grows_the_node (void)
{
  g_autoptr (SwarmConfig) c = cluster_new (0);
  SwarmAction *resize = swarm_action_new (SWARM_ACTION_NODE_RESIZE, SEC (10), "manager-1");
  resize->instance_type = g_strdup ("m5.xlarge");
  g_ptr_array_add (c->actions, resize);
  g_autoptr (SwarmWorld) w = world_until (c, SEC (5));
  gint64 cpu = 0, mem = 0;
  swarm_world_get_resources (w, &cpu, NULL, &mem, NULL);
  g_assert_cmpint (cpu, ==, 2 * VCPU); /* m5.large */
  g_assert_cmpint (mem, ==, 8 * GIB);

  /* Launch (≤ 29 s), docker start (≤ 3 s) and join (≤ 2 s) after 10 s: back by 44 s. */
  g_autoptr (GError) error = NULL;
  g_assert_true (swarm_world_run_until (w, SEC (60), &error));
  g_assert_no_error (error);
  swarm_world_get_resources (w, &cpu, NULL, &mem, NULL);
  g_assert_cmpint (cpu, ==, 4 * VCPU); /* m5.xlarge */
  g_assert_cmpint (mem, ==, 16 * GIB);

  g_assert_true (swarm_world_run (w, &error));
  g_assert_no_error (error);
  const GArray *rows = swarm_record_get_recoveries (swarm_world_get_record (w));
  g_assert_cmpuint (rows->len, ==, 1);
  const SwarmRecoveryRow *r = &g_array_index (rows, SwarmRecoveryRow, 0);
  g_assert_cmpstr (r->kind, ==, "resize");
  g_assert_cmpstr (r->target, ==, "manager-1");
  g_assert_cmpint (r->t_failure_us, ==, SEC (10));
}

/* Test that a timeline terminate takes the node away for good: it does not come back, billing
 * stops, and a remove recovery row is recorded. */
static void
test_swarm_timeline_terminate_removes_the_node (void)
{
  g_autoptr (SwarmConfig) c = cluster_new (2);
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_REMOVE, SEC (30), "worker-2"));
  g_autoptr (SwarmWorld) w = world_until (c, SEC (110));
  g_assert_cmpuint (swarm_world_get_node_count (w), ==, 2);
  g_assert_cmpuint (swarm_world_get_ready_node_count (w), ==, 2);
  g_autoptr (GError) error = NULL;
  g_assert_true (swarm_world_run (w, &error));
  g_assert_no_error (error);
  const SwarmRecord *rec = swarm_world_get_record (w);
  const GArray *cl = swarm_record_get_cluster (rec);
  const SwarmClusterRow *end = &g_array_index (cl, SwarmClusterRow, cl->len - 1);
  g_assert_cmpfloat_with_epsilon (end->usd_per_hour, 0.096 * 2, 1e-9); /* two m5.large left */
  const GArray *rows = swarm_record_get_recoveries (rec);
  g_assert_cmpuint (rows->len, ==, 1);
  const SwarmRecoveryRow *r = &g_array_index (rows, SwarmRecoveryRow, 0);
  g_assert_cmpstr (r->kind, ==, "remove");
  g_assert_cmpstr (r->target, ==, "worker-2");
  g_assert_cmpint (r->t_failure_us, ==, SEC (30));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm/timeline/resize-grows-the-node",
                   test_swarm_timeline_resize_grows_the_node);
  g_test_add_func ("/models/swarm/timeline/terminate-removes-the-node",
                   test_swarm_timeline_terminate_removes_the_node);
  return g_test_run ();
}
