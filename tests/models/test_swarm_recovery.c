/* SPDX-License-Identifier: MIT
 * Tests of the failure rows when failures overlap: each row's share of the replica-seconds lost,
 * the run's total, and a failure recovering when its own replicas are back. Every duration is a
 * constant, so each expected number is worked out by hand in the comments. */
#include <glib.h>

#include "models/swarm/world.h"
#include "swarm_test_util.h"

#define SEC(x) ((SimTime)((x)*1e6))

/* Returns: (transfer full): swarm_test_quiet_cluster_new() ("web" on workers only, one per
 *   worker at the start, spread over equal counts, every duration constant) and @spares more
 *   workers that join at 10 s and are in the swarm at 10 + 20 + 1 + 1 = 32 s. The scheduler
 *   assigns a task 50 ms after the commit that created it (its debounce) and a container starts
 *   1 s after it is delivered: a replica is running 1.05 s after its task is created. */
static SwarmConfig *
quiet_cluster_new (guint managers, guint workers, guint spares, guint64 replicas,
                   SimTime duration_us)
{
  SwarmConfig *c = swarm_test_quiet_cluster_new (managers, workers, replicas, duration_us);
  for (guint i = 0; i < spares; i++)
    swarm_test_add_action (c, SWARM_ACTION_NODE_JOIN, 10, "worker");
  return c;
}

/* Test that two failures whose outages overlap on one service each count their own replica, add
 * up to the run's total less the start-up, and that the first recovers at its own time. */
static void
test_swarm_recovery_overlapping_failures_share_the_loss (void)
{
  g_autoptr (SwarmConfig) c = quiet_cluster_new (1, 3, 1, 3, SEC (200));
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 61, "worker-1");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 71, "worker-2");
  g_autoptr (SwarmWorld) w = swarm_test_run_logged (c);
  SwarmRecordMetrics m;
  swarm_record_get_metrics (swarm_world_get_record (w), &m);
  const SwarmRecoveryRow *a = swarm_test_recovery (w, 0), *b = swarm_test_recovery (w, 1);
  /* worker-1: last beat 60, DOWN at 75; its replacement goes to worker-4 (no task; worker-2 has
   * one, worker-3 one) and runs at 76.05. worker-2: last beat 70, DOWN at 85, running at 86.05.
   * Under the old rule worker-1 recovered only with the whole service, at 86.05. */
  g_assert_cmpint (a->t_detected_us, ==, SEC (75));
  g_assert_cmpint (a->t_all_running_us, ==, SEC (76.05));
  g_assert_cmpint (a->recovery_us, ==, SEC (15.05));
  g_assert_cmpint (b->t_detected_us, ==, SEC (85));
  g_assert_cmpint (b->t_all_running_us, ==, SEC (86.05));
  g_assert_false (a->leader_lost);
  /* Missing replicas of web: 1 on [61, 71), 2 on [71, 76.05), 1 on [76.05, 86.05):
   * 10 + 10.1 + 10 = 30.1, plus the start-up, 3 replicas created at 0 running at 1.05: 3.15.
   * Run total 33.25. worker-1, the older, takes its 1 over [61, 76.05): 15.05; worker-2 takes the
   * other 1 over [71, 76.05) and the only one over [76.05, 86.05): 5.05 + 10 = 15.05. (The old
   * rule gave each row the whole deficit of its span: 25.1 each.) */
  g_assert_cmpfloat_with_epsilon (a->replica_seconds_lost, 15.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (b->replica_seconds_lost, 15.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.replica_seconds_lost, 33.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->replica_seconds_lost + b->replica_seconds_lost,
                                  m.replica_seconds_lost - 3.15, 1e-9);
}

/* Test that a zone outage, three workers crashing at once, gives three rows whose shares add up
 * to the run's total less the start-up. */
static void
test_swarm_recovery_zone_outage_rows_add_up (void)
{
  g_autoptr (SwarmConfig) c = quiet_cluster_new (1, 3, 3, 3, SEC (200));
  const char *zone[] = { "worker-1", "worker-2", "worker-3" };
  for (guint i = 0; i < G_N_ELEMENTS (zone); i++)
    swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 61, zone[i]);
  g_autoptr (SwarmWorld) w = swarm_test_run_logged (c);
  SwarmRecordMetrics m;
  swarm_record_get_metrics (swarm_world_get_record (w), &m);
  /* Each loses its replica at 61 and is DOWN at 75 (last beat 60); each replacement goes to a
   * spare without a task and runs at 76.05. 3 replicas missing over [61, 76.05): 45.15, one per
   * row: 15.05 each (the old rule gave each row all three: 45.15 each). Start-up 3 × 1.05 =
   * 3.15: run total 48.3. */
  double sum = 0;
  for (guint i = 0; i < 3; i++) {
    const SwarmRecoveryRow *r = swarm_test_recovery (w, i);
    g_assert_cmpstr (r->target, ==, zone[i]);
    g_assert_cmpint (r->t_detected_us, ==, SEC (75));
    g_assert_cmpint (r->t_all_running_us, ==, SEC (76.05));
    g_assert_cmpfloat_with_epsilon (r->replica_seconds_lost, 15.05, 1e-9);
    sum += r->replica_seconds_lost;
  }
  g_assert_cmpfloat_with_epsilon (m.replica_seconds_lost, 48.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (sum, m.replica_seconds_lost - 3.15, 1e-9);
  g_assert_cmpuint (m.failures_recovered, ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm/recovery/overlapping-failures-share-the-loss",
                   test_swarm_recovery_overlapping_failures_share_the_loss);
  g_test_add_func ("/models/swarm/recovery/zone-outage-rows-add-up",
                   test_swarm_recovery_zone_outage_rows_add_up);
  return g_test_run ();
}
