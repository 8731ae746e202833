/* SPDX-License-Identifier: MIT
 * Tests of the running counters behind the record's samples (capacity, reservations, pending
 * tasks): they must equal a full scan of the store at every step of runs that exercise every kind
 * of change (crashes, leader loss, resize, removal, drain, partition, service removal). */
#include <glib.h>

#include "models/swarm/world.h"
#include "swarm_test_util.h"

#define SEC(x) ((SimTime)((x)*1e6))

/* 3 managers, 3 workers; a replicated service with reservations and a global one. */
static SwarmConfig *
cluster_new (SimTime duration_us)
{
  SwarmConfig *c = swarm_config_new ();
  c->duration_us = duration_us;
  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  m->count = 3;
  m->role = ORCH_ROLE_MANAGER;
  g_ptr_array_add (c->node_groups, m);
  SwarmNodeGroup *w = swarm_node_group_new ("worker");
  w->count = 3;
  g_ptr_array_add (c->node_groups, w);
  SwarmServiceConfig *s = swarm_service_config_new ("web");
  s->spec->replicas = 12;
  s->spec->reservations.nanocpus = 250000000;
  s->spec->reservations.memory_bytes = G_GINT64_CONSTANT (256) << 20;
  g_ptr_array_add (c->services, s);
  SwarmServiceConfig *g = swarm_service_config_new ("agent");
  g->spec->mode = ORCH_MODE_GLOBAL;
  g->spec->reservations.nanocpus = 100000000;
  g_ptr_array_add (c->services, g);
  return c;
}

/* Runs @c one second at a time, checking the counters after each. */
static void
run_checked (const SwarmConfig *c, guint64 seed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SwarmWorld) w = swarm_world_new (c, seed, &error);
  g_assert_no_error (error);
  g_assert_true (swarm_world_check (w));
  for (SimTime t = 0; t <= c->duration_us; t += SEC (1)) {
    g_assert_true (swarm_world_run_until (w, t, &error));
    if (!swarm_world_check (w))
      g_error ("counters differ from a scan of the store at t = %" G_GINT64_FORMAT " us", t);
  }
  g_assert_true (swarm_world_run (w, &error));
  g_assert_true (swarm_world_check (w));
}

/* Test that the counters match a scan through crashes, a leader's loss, a partition and heal. */
static void
test_swarm_counters_match_scan_through_failures (void)
{
  g_autoptr (SwarmConfig) c = cluster_new (SEC (400));
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 30, "worker-1");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60, "manager-1");
  swarm_test_add_action (c, SWARM_ACTION_PARTITION, 150, "worker-2");
  swarm_test_add_action (c, SWARM_ACTION_HEAL, 220, "worker-2");
  swarm_test_add_action (c, SWARM_ACTION_NODE_RECOVER, 250, "worker-1");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 300, "manager-2");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 300, "manager-3");
  swarm_test_add_action (c, SWARM_ACTION_FORCE_NEW_CLUSTER, 350, "manager-1");
  for (guint64 seed = 1; seed <= 3; seed++)
    run_checked (c, seed);
}

/* Test that the counters match a scan through drain, leave, scale and service removal. */
static void
test_swarm_counters_match_scan_through_admin_actions (void)
{
  g_autoptr (SwarmConfig) c = cluster_new (SEC (300));
  swarm_test_add_action (c, SWARM_ACTION_NODE_DRAIN, 20, "worker-3");
  swarm_test_add_action (c, SWARM_ACTION_NODE_LEAVE, 60, "worker-2");
  SwarmAction *scale = swarm_action_new (SWARM_ACTION_SERVICE_SCALE, SEC (90), "web");
  scale->replicas = 40; /* more than fits: some stay pending */
  g_ptr_array_add (c->actions, scale);
  swarm_test_add_action (c, SWARM_ACTION_NODE_ACTIVATE, 150, "worker-3");
  swarm_test_add_action (c, SWARM_ACTION_SERVICE_REMOVE, 200, "agent");
  swarm_test_add_action (c, SWARM_ACTION_SERVICE_REMOVE, 250, "web");
  run_checked (c, 7);
}

/* Test that the counters match a scan when the autoscaler's resize and removal stop nodes. */
static void
test_swarm_counters_match_scan_through_resize_and_remove (void)
{
  g_autoptr (SwarmConfig) c = cluster_new (SEC (200));
  g_autoptr (GError) error = NULL;
  g_autoptr (SwarmWorld) w = swarm_world_new (c, 11, &error);
  g_assert_no_error (error);
  for (SimTime t = 0; t <= c->duration_us; t += SEC (1)) {
    g_assert_true (swarm_world_run_until (w, t, &error));
    if (t == SEC (30))
      g_assert_true (swarm_world_resize_node (w, "worker-1", "m5.xlarge", &error));
    if (t == SEC (40))
      g_assert_true (swarm_world_remove_node (w, "worker-3", &error));
    g_assert_no_error (error);
    g_assert_true (swarm_world_check (w));
  }
}

/* Test that a resized node's tasks leave the sampled reservation when its capacity does, so the
 * record never shows more reserved than there is capacity. */
static void
test_swarm_counters_reserved_never_exceeds_capacity_during_resize (void)
{
  g_test_bug ("4");
  g_autoptr (SwarmConfig) c = cluster_new (SEC (200));
  /* 12 × 0.75 + 6 × 0.1 = 9.6 of 12 CPUs: more than the 8 left while two nodes are stopped. */
  ((SwarmServiceConfig *)g_ptr_array_index (c->services, 0))->spec->reservations.nanocpus =
      750000000;
  g_autoptr (GError) error = NULL;
  g_autoptr (SwarmWorld) w = swarm_world_new (c, 5, &error);
  g_assert_no_error (error);
  g_assert_true (swarm_world_run_until (w, SEC (30), &error));
  g_assert_true (swarm_world_resize_node (w, "worker-1", "m5.xlarge", &error));
  g_assert_true (swarm_world_resize_node (w, "worker-2", "m5.xlarge", &error));
  g_assert_true (swarm_world_run (w, &error));
  const GArray *rows = swarm_record_get_cluster (swarm_world_get_record (w));
  guint dipped = 0;
  for (guint i = 0; i < rows->len; i++) {
    const SwarmClusterRow *r = &g_array_index (rows, SwarmClusterRow, i);
    g_assert_cmpint (r->cpu_reserved_nanocpus, <=, r->cpu_capacity_nanocpus);
    g_assert_cmpint (r->mem_reserved_bytes, <=, r->mem_capacity_bytes);
    dipped += r->nodes_ready < 6;
  }
  g_assert_cmpuint (dipped, >, 0); /* the stopped nodes did leave the capacity for a while */
  gint64 ready_cpu = 0, any_cpu = 0;
  swarm_world_get_ready_reserved (w, &ready_cpu, NULL);
  swarm_world_get_resources (w, NULL, &any_cpu, NULL, NULL);
  g_assert_cmpint (ready_cpu, <=, any_cpu);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm-counters/match-scan-through-failures",
                   test_swarm_counters_match_scan_through_failures);
  g_test_add_func ("/models/swarm-counters/match-scan-through-admin-actions",
                   test_swarm_counters_match_scan_through_admin_actions);
  g_test_add_func ("/models/swarm-counters/match-scan-through-resize-and-remove",
                   test_swarm_counters_match_scan_through_resize_and_remove);
  g_test_add_func ("/models/swarm-counters/reserved-never-exceeds-capacity-during-resize",
                   test_swarm_counters_reserved_never_exceeds_capacity_during_resize);
  return g_test_run ();
}
