/* SPDX-License-Identifier: MIT
 * Tests of manager failures: when a leader's, a quorum-breaking and a harmless manager crash are
 * detected and recovered, which count in the recovery figures, and the control-plane rows (no
 * leader, quorum lost). Every duration is a constant, so each expected number is worked out by
 * hand in the comments. */
#include <glib.h>
#include <math.h>

#include "models/swarm/world.h"
#include "swarm_test_util.h"

#define SEC(x) ((SimTime)((x)*1e6))

/* Returns: (transfer full): swarm_test_quiet_cluster_new() with 3 managers and 3 workers; "web"
 *   runs 3 replicas on workers only, so a manager's crash loses no replica. */
static SwarmConfig *
managers_cluster_new (SimTime duration_us)
{
  return swarm_test_quiet_cluster_new (3, 3, 3, duration_us);
}

static const GArray *
outages (const SwarmWorld *w)
{
  return swarm_record_get_control_plane (swarm_world_get_record (w));
}

/* Test that the leader's crash is detected at the election, recovers then (it lost no replica),
 * is counted, and gives one no_leader row as long as the election. */
static void
test_swarm_control_plane_leader_crash_is_one_election (void)
{
  g_autoptr (SwarmConfig) c = managers_cluster_new (SEC (200));
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60.5, "manager-1");
  g_autoptr (SwarmWorld) w = swarm_test_run_logged (c);
  /* Last tick at 60, timeout one tick: manager-2 or manager-3 elected at 65. */
  const SwarmRecoveryRow *r = swarm_test_recovery (w, 0);
  g_assert_true (r->leader_lost);
  g_assert_cmpuint (r->replicas_lost, ==, 0);
  g_assert_cmpint (r->t_detected_us, ==, SEC (65));
  g_assert_cmpint (r->t_all_running_us, ==, SEC (65));
  g_assert_cmpint (r->recovery_us, ==, SEC (4.5));
  g_assert_true (swarm_recovery_row_is_counted (r));
  const GArray *rows = outages (w);
  g_assert_cmpuint (rows->len, ==, 1);
  const SwarmControlPlaneRow *o = &g_array_index (rows, SwarmControlPlaneRow, 0);
  g_assert_cmpuint (o->outage, ==, 1);
  g_assert_cmpint (o->kind, ==, SWARM_OUTAGE_NO_LEADER);
  g_assert_cmpint (o->start_us, ==, SEC (60.5));
  g_assert_cmpint (o->end_us, ==, SEC (65));
  g_assert_cmpstr (o->cause, ==, "manager-1 crash");
  SwarmRecordMetrics m;
  swarm_record_get_metrics (swarm_world_get_record (w), &m);
  g_assert_cmpuint (m.failures_recovered, ==, 1);
  g_assert_cmpfloat (m.recovery_max_s, ==, 4.5);
  g_assert_cmpuint (m.control_plane_outages, ==, 1);
  g_assert_cmpfloat (m.control_plane_unavailable_s, ==, 4.5);
  g_assert_cmpuint (m.quorum_losses, ==, 0);
  g_assert_cmpfloat (m.quorum_lost_s, ==, 0.0);
}

/* Test that a manager that came back while there was no leader is READY again once one is
 * elected: its agent retries its session and registers with the new leader. manager-2 is DOWN
 * from 75 (last beat 60 + 15), back in the swarm at 122, the leader elected at 127; with no
 * reconnect delay it registers at once, so it is READY from 127 and stays so. */
static void
test_swarm_control_plane_manager_back_during_outage_is_ready_again (void)
{
  g_test_bug ("18");
  g_autoptr (SwarmConfig) c = managers_cluster_new (SEC (300));
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60.5, "manager-2");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 80.5, "manager-3");
  swarm_test_add_action (c, SWARM_ACTION_NODE_RECOVER, 100, "manager-2");
  g_autoptr (SwarmWorld) w = swarm_test_run_logged (c);
  OrchNodeStatus status = ORCH_NODE_DOWN;
  g_assert_true (swarm_world_get_node_status (w, "manager-2", &status));
  g_assert_cmpint (status, ==, ORCH_NODE_READY);
  const GArray *rows = swarm_record_get_nodes (swarm_world_get_record (w));
  SimTime ready_again = SIM_TIME_NEVER;
  for (guint i = 0; i < rows->len; i++) {
    const SwarmNodeRow *r = &g_array_index (rows, SwarmNodeRow, i);
    if (g_strcmp0 (r->node, "manager-2") == 0 && r->status == ORCH_NODE_READY && r->t_us > SEC (75))
      ready_again = r->t_us;
  }
  g_assert_cmpint (ready_again, ==, SEC (127));
}

/* Test that losing the quorum of 3 managers and getting it back with a reboot gives a
 * quorum_lost row that ends when the rebooted manager is back and a no_leader row that ends at
 * the election after it; the crash that broke the quorum is detected at the loss and recovers
 * with the leader, and the earlier follower crash, which cost nothing, is not counted. */
static void
test_swarm_control_plane_quorum_lost_until_a_manager_reboots (void)
{
  g_autoptr (SwarmConfig) c = managers_cluster_new (SEC (300));
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60.5, "manager-2");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 80.5, "manager-3");
  swarm_test_add_action (c, SWARM_ACTION_NODE_RECOVER, 100, "manager-2");
  g_autoptr (SwarmWorld) w = swarm_test_run_logged (c);
  /* manager-2: a follower whose loss keeps 2 of 3: DOWN at 60 + 15 = 75, nothing to recover. */
  const SwarmRecoveryRow *f = swarm_test_recovery (w, 0);
  g_assert_false (f->leader_lost);
  g_assert_cmpint (f->t_detected_us, ==, SEC (75));
  g_assert_false (swarm_recovery_row_is_counted (f));
  /* manager-3 leaves 1 of 3 at 80.5: the quorum is lost, and with it the leader. manager-2 is
   * back at 100 + 22 = 122: 2 of 3, a quorum; the election one tick later, at 127. */
  const SwarmRecoveryRow *q = swarm_test_recovery (w, 1);
  g_assert_true (q->leader_lost);
  g_assert_cmpint (q->t_detected_us, ==, SEC (80.5));
  g_assert_cmpint (q->t_all_running_us, ==, SEC (127));
  g_assert_cmpint (q->recovery_us, ==, SEC (46.5));
  const GArray *rows = outages (w);
  g_assert_cmpuint (rows->len, ==, 2);
  const SwarmControlPlaneRow *nl = &g_array_index (rows, SwarmControlPlaneRow, 0);
  const SwarmControlPlaneRow *ql = &g_array_index (rows, SwarmControlPlaneRow, 1);
  g_assert_cmpint (nl->kind, ==, SWARM_OUTAGE_NO_LEADER);
  g_assert_cmpint (nl->start_us, ==, SEC (80.5));
  g_assert_cmpint (nl->end_us, ==, SEC (127));
  g_assert_cmpint (ql->kind, ==, SWARM_OUTAGE_QUORUM_LOST);
  g_assert_cmpuint (ql->outage, ==, 2);
  g_assert_cmpint (ql->start_us, ==, SEC (80.5));
  g_assert_cmpint (ql->end_us, ==, SEC (122));
  g_assert_cmpstr (ql->cause, ==, "manager-3 crash (1 of 3 managers reachable, quorum 2)");
  SwarmRecordMetrics m;
  swarm_record_get_metrics (swarm_world_get_record (w), &m);
  g_assert_cmpuint (m.failures, ==, 2);
  g_assert_cmpuint (m.failures_recovered, ==, 1);
  g_assert_cmpfloat (m.recovery_max_s, ==, 46.5);
  /* Both detected: (14.5 + 0) / 2. */
  g_assert_cmpfloat (m.detection_mean_s, ==, 7.25);
  g_assert_cmpfloat (m.control_plane_unavailable_s, ==, 46.5); /* 127 − 80.5 */
  g_assert_cmpuint (m.quorum_losses, ==, 1);
  g_assert_cmpfloat (m.quorum_lost_s, ==, 41.5); /* 122 − 80.5 */
  /* events.csv: quorum_restored when the quorum is back, with the manager that brought it. */
  const GArray *ev = swarm_record_get_events (swarm_world_get_record (w));
  guint restored = 0;
  for (guint i = 0; i < ev->len; i++) {
    const SwarmEventRow *e = &g_array_index (ev, SwarmEventRow, i);
    if (e->kind != SWARM_EVENT_QUORUM_RESTORED)
      continue;
    restored++;
    g_assert_cmpint (e->t_us, ==, SEC (122));
    g_assert_cmpstr (e->text, ==, "manager-2 back: 2 of 3 managers reachable, quorum 2");
  }
  g_assert_cmpuint (restored, ==, 1);
}

/* Test that force-new-cluster ends the quorum loss and the election follows at once. */
static void
test_swarm_control_plane_force_new_cluster_ends_both (void)
{
  g_autoptr (SwarmConfig) c = managers_cluster_new (SEC (300));
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60.5, "manager-2");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 80.5, "manager-3");
  swarm_test_add_action (c, SWARM_ACTION_FORCE_NEW_CLUSTER, 150, "manager-1");
  g_autoptr (SwarmWorld) w = swarm_test_run_logged (c);
  /* A one-member cluster campaigns at once: quorum and leader both back at 150. */
  const GArray *rows = outages (w);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++) {
    const SwarmControlPlaneRow *o = &g_array_index (rows, SwarmControlPlaneRow, i);
    g_assert_cmpint (o->start_us, ==, SEC (80.5));
    g_assert_cmpint (o->end_us, ==, SEC (150));
  }
  g_assert_cmpint (swarm_test_recovery (w, 1)->recovery_us, ==, SEC (69.5)); /* 150 − 80.5 */
}

/* Test that an outage still going at the end is open in its row and counted to the end. */
static void
test_swarm_control_plane_open_outage_counts_to_the_end (void)
{
  g_autoptr (SwarmConfig) c = managers_cluster_new (SEC (200));
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60.5, "manager-2");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 80.5, "manager-3");
  g_autoptr (SwarmWorld) w = swarm_test_run_logged (c);
  const GArray *rows = outages (w);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (g_array_index (rows, SwarmControlPlaneRow, 0).end_us, ==, SIM_TIME_NEVER);
  SwarmRecordMetrics m;
  swarm_record_get_metrics (swarm_world_get_record (w), &m);
  g_assert_cmpfloat (m.control_plane_unavailable_s, ==, 119.5); /* 200 − 80.5 */
  g_assert_cmpfloat (m.quorum_lost_s, ==, 119.5);
  g_assert_cmpint (swarm_test_recovery (w, 1)->recovery_us, ==, SIM_TIME_NEVER);
}

/* Test that a drained follower manager's crash, which costs neither a replica nor the leader, is
 * detected when marked DOWN and left out of the recovery figures. */
static void
test_swarm_control_plane_drained_follower_crash_is_not_counted (void)
{
  g_autoptr (SwarmConfig) c = managers_cluster_new (SEC (200));
  swarm_test_add_action (c, SWARM_ACTION_NODE_DRAIN, 10, "manager-2");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60.5, "manager-2");
  g_autoptr (SwarmWorld) w = swarm_test_run_logged (c);
  const SwarmRecoveryRow *r = swarm_test_recovery (w, 0);
  g_assert_false (r->leader_lost);
  g_assert_cmpuint (r->replicas_lost, ==, 0);
  g_assert_cmpint (r->t_detected_us, ==, SEC (75)); /* last beat 60, + 3 × 5 */
  g_assert_false (swarm_recovery_row_is_counted (r));
  g_assert_cmpuint (outages (w)->len, ==, 0);
  SwarmRecordMetrics m;
  swarm_record_get_metrics (swarm_world_get_record (w), &m);
  g_assert_cmpuint (m.failures, ==, 1);
  g_assert_cmpuint (m.failures_recovered, ==, 0);
  g_assert_true (isnan (m.recovery_max_s));
  g_assert_cmpfloat (m.detection_mean_s, ==, 14.5);
  g_assert_cmpuint (m.control_plane_outages, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm/control-plane/leader-crash-is-one-election",
                   test_swarm_control_plane_leader_crash_is_one_election);
  g_test_add_func ("/models/swarm/control-plane/quorum-lost-until-a-manager-reboots",
                   test_swarm_control_plane_quorum_lost_until_a_manager_reboots);
  g_test_add_func ("/models/swarm/control-plane/manager-back-during-outage-is-ready-again",
                   test_swarm_control_plane_manager_back_during_outage_is_ready_again);
  g_test_add_func ("/models/swarm/control-plane/force-new-cluster-ends-both",
                   test_swarm_control_plane_force_new_cluster_ends_both);
  g_test_add_func ("/models/swarm/control-plane/open-outage-counts-to-the-end",
                   test_swarm_control_plane_open_outage_counts_to_the_end);
  g_test_add_func ("/models/swarm/control-plane/drained-follower-crash-is-not-counted",
                   test_swarm_control_plane_drained_follower_crash_is_not_counted);
  return g_test_run ();
}
