/* SPDX-License-Identifier: MIT
 * Tests of swarm_record_get_metrics() on small hand-made records, whose expected figures are
 * worked out by hand in the comments. */
#include <glib.h>
#include <math.h>

#include "models/swarm/record_private.h"

#define SEC(x)   ((SimTime)((x)*1e6))
#define CORES(x) ((gint64)((x)*1e9))

static void
add_cluster (SwarmRecord *r, double t_s, double capacity_cores, double reserved_cores)
{
  SwarmClusterRow row = { 0 };
  row.t_us = SEC (t_s);
  row.cpu_capacity_nanocpus = CORES (capacity_cores);
  row.cpu_reserved_nanocpus = CORES (reserved_cores);
  g_array_append_val (r->cluster, row);
}

static void
add_timeline (SwarmRecord *r, double t_s, const char *service, guint64 pending)
{
  SwarmTimelineRow row = { 0 };
  row.t_us = SEC (t_s);
  row.service = swarm_record__intern (r, service);
  row.pending = pending;
  g_array_append_val (r->timeline, row);
}

static void
add_recovery (SwarmRecord *r, const char *kind, double detection_s, double recovery_s)
{
  SwarmRecoveryRow row = { 0 };
  row.failure = r->recoveries->len + 1;
  row.kind = swarm_record__intern (r, kind);
  row.target = swarm_record__intern (r, "worker-1");
  row.t_failure_us = SEC (100);
  row.t_detected_us = detection_s < 0 ? SIM_TIME_NEVER : SEC (100 + detection_s);
  row.recovery_us = recovery_s < 0 ? SIM_TIME_NEVER : SEC (recovery_s);
  row.replicas_lost = 1;
  g_array_append_val (r->recoveries, row);
}

static void
add_outage (SwarmRecord *r, SwarmOutageKind kind, double start_s, double end_s)
{
  SwarmControlPlaneRow row = { r->control_plane->len + 1, kind, SEC (start_s),
                               end_s < 0 ? SIM_TIME_NEVER : SEC (end_s),
                               swarm_record__intern (r, "manager-1 crash") };
  g_array_append_val (r->control_plane, row);
}

/* Test the capacity and reservation share: a step's weight is the time to the next step. */
static void
test_swarm_record_metrics_cluster (void)
{
  SwarmRecord *r = swarm_record__new ();
  SwarmRecordMetrics m;

  add_cluster (r, 0, 4, 1);  /* 10 s at 4 cores, share 0.25 */
  add_cluster (r, 10, 4, 6); /* 10 s at 4 cores, 6 reserved: capped, share 1 */
  add_cluster (r, 20, 0, 2); /* 10 s without capacity: no share */
  add_cluster (r, 30, 8, 8); /* the last step weighs nothing, and its share 1 is not a peak */
  swarm_record_get_metrics (r, &m);
  /* (10·4 + 10·4 + 10·0) / 30 cores; (10·0.25 + 10·1) / 20 of the capacity. */
  g_assert_cmpfloat_with_epsilon (m.capacity_cores_mean, 80.0 / 30.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.cpu_reserved_share_mean, 0.625, 1e-12);
  g_assert_cmpfloat (m.cpu_reserved_share_peak, ==, 1.0);
  swarm_record__free (r);

  r = swarm_record__new ();
  add_cluster (r, 0, 2, 2);
  add_cluster (r, 5, 2, 1);
  add_cluster (r, 15, 2, 0);
  swarm_record_get_metrics (r, &m);
  /* (5·2 + 10·2) / 15 cores; (5·1 + 10·0.5) / 15; peak 1 at the first step. */
  g_assert_cmpfloat_with_epsilon (m.capacity_cores_mean, 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.cpu_reserved_share_mean, 10.0 / 15.0, 1e-12);
  g_assert_cmpfloat (m.cpu_reserved_share_peak, ==, 1.0);
  swarm_record__free (r);
}

/* Test the pending figures: the pending column summed over services at each step. */
static void
test_swarm_record_metrics_pending (void)
{
  SwarmRecord *r = swarm_record__new ();
  SwarmRecordMetrics m;

  add_timeline (r, 0, "web", 0); /* 0 → 5 s: 2 pending */
  add_timeline (r, 0, "db", 2);
  add_timeline (r, 5, "web", 3); /* 5 → 15 s: 3 pending */
  add_timeline (r, 5, "db", 0);
  add_timeline (r, 15, "web", 0); /* 15 → 20 s: none */
  add_timeline (r, 15, "db", 0);
  add_timeline (r, 20, "web", 2); /* the last step: counts for the peak only */
  add_timeline (r, 20, "db", 2);
  swarm_record_get_metrics (r, &m);
  g_assert_cmpuint (m.pending_tasks_peak, ==, 4);
  g_assert_cmpfloat_with_epsilon (m.pending_time_s, 15.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.pending_task_seconds, 5 * 2 + 10 * 3, 1e-12);
  swarm_record__free (r);
}

/* Test the split of the recovery rows into injected failures and the pools' own steps. */
static void
test_swarm_record_metrics_failures (void)
{
  SwarmRecord *r = swarm_record__new ();
  SwarmRecordMetrics m;

  add_recovery (r, "crash", 10, 30);
  add_recovery (r, "partition", 4, -1); /* detected, never recovered */
  add_recovery (r, "resize", 2, 50);    /* a pool's step: left out of the means */
  add_recovery (r, "remove", -1, -1);
  add_recovery (r, "crash", -1, 20); /* recovered, never detected */
  swarm_record_get_metrics (r, &m);
  g_assert_cmpuint (m.failures, ==, 3);
  g_assert_cmpuint (m.resizes, ==, 2);
  g_assert_cmpuint (m.failures_recovered, ==, 2);
  g_assert_cmpfloat_with_epsilon (m.detection_mean_s, 7.0, 1e-12); /* (10 + 4) / 2 */
  g_assert_cmpfloat_with_epsilon (m.recovery_mean_s, 25.0, 1e-12); /* (30 + 20) / 2 */
  g_assert_cmpfloat (m.recovery_max_s, ==, 30.0);
  g_assert_true (swarm_recovery_row_is_resize (
      &g_array_index (swarm_record_get_recoveries (r), SwarmRecoveryRow, 3)));
  g_assert_false (swarm_recovery_row_is_resize (
      &g_array_index (swarm_record_get_recoveries (r), SwarmRecoveryRow, 1)));
  swarm_record__free (r);
}

/* Test that a failure that lost neither a replica nor the leader is detected but left out of the
 * recovery figures, and that one that lost only the leader is counted. */
static void
test_swarm_record_metrics_counts_what_was_lost (void)
{
  SwarmRecord *r = swarm_record__new ();
  SwarmRecordMetrics m;

  add_recovery (r, "crash", 10, 30);
  add_recovery (r, "crash", 40, 40); /* a drained follower: nothing lost */
  g_array_index (r->recoveries, SwarmRecoveryRow, 1).replicas_lost = 0;
  add_recovery (r, "crash", 12, 12); /* the leader, no replica */
  g_array_index (r->recoveries, SwarmRecoveryRow, 2).replicas_lost = 0;
  g_array_index (r->recoveries, SwarmRecoveryRow, 2).leader_lost = TRUE;
  swarm_record_get_metrics (r, &m);
  g_assert_false (
      swarm_recovery_row_is_counted (&g_array_index (r->recoveries, SwarmRecoveryRow, 1)));
  g_assert_true (
      swarm_recovery_row_is_counted (&g_array_index (r->recoveries, SwarmRecoveryRow, 2)));
  g_assert_cmpuint (m.failures, ==, 3);
  g_assert_cmpuint (m.failures_recovered, ==, 2);
  g_assert_cmpfloat_with_epsilon (m.detection_mean_s, 62.0 / 3, 1e-12); /* (10 + 40 + 12) / 3 */
  g_assert_cmpfloat_with_epsilon (m.recovery_mean_s, 21.0, 1e-12);      /* (30 + 12) / 2 */
  g_assert_cmpfloat (m.recovery_max_s, ==, 30.0);
  swarm_record__free (r);
}

/* Test the control-plane figures, an open outage counted to the end of the run, and the run's
 * replica-seconds lost as the complement of the availability integrals. */
static void
test_swarm_record_metrics_control_plane_and_lost (void)
{
  SwarmRecord *r = swarm_record__new ();
  SwarmRecordMetrics m;

  r->end_us = SEC (600);
  add_outage (r, SWARM_OUTAGE_NO_LEADER, 60, 72.5);   /* 12.5 s */
  add_outage (r, SWARM_OUTAGE_NO_LEADER, 300, -1);    /* to the end: 300 s */
  add_outage (r, SWARM_OUTAGE_QUORUM_LOST, 300, 450); /* 150 s */
  SwarmAvailabilityRow a = { swarm_record__intern (r, "web"), SEC (5990), SEC (6000) };
  SwarmAvailabilityRow b = { swarm_record__intern (r, "db"), SEC (1199.5), SEC (1200) };
  g_array_append_val (r->availability, a);
  g_array_append_val (r->availability, b);
  swarm_record_get_metrics (r, &m);
  g_assert_cmpuint (m.control_plane_outages, ==, 2);
  g_assert_cmpfloat_with_epsilon (m.control_plane_unavailable_s, 312.5, 1e-9);
  g_assert_cmpuint (m.quorum_losses, ==, 1);
  g_assert_cmpfloat_with_epsilon (m.quorum_lost_s, 150.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.replica_seconds_lost, 10.5, 1e-9); /* (6000 − 5990) + 0.5 */
  g_assert_cmpstr (swarm_outage_kind_to_string (SWARM_OUTAGE_QUORUM_LOST), ==, "quorum_lost");
  g_assert_cmpstr (swarm_outage_kind_to_string (SWARM_OUTAGE_NO_LEADER), ==, "no_leader");
  swarm_record__free (r);
}

/* Test that an empty record gives NAN for the figures that do not exist, and zeros. */
static void
test_swarm_record_metrics_empty (void)
{
  SwarmRecord *r = swarm_record__new ();
  SwarmRecordMetrics m;

  add_cluster (r, 0, 4, 1); /* one step spans no time */
  add_recovery (r, "resize", 1, 1);
  swarm_record_get_metrics (r, &m);
  g_assert_true (isnan (m.capacity_cores_mean));
  g_assert_true (isnan (m.cpu_reserved_share_mean));
  g_assert_true (isnan (m.cpu_reserved_share_peak));
  g_assert_cmpuint (m.pending_tasks_peak, ==, 0);
  g_assert_cmpfloat (m.pending_time_s, ==, 0.0);
  g_assert_cmpfloat (m.pending_task_seconds, ==, 0.0);
  g_assert_cmpuint (m.failures, ==, 0);
  g_assert_cmpuint (m.resizes, ==, 1);
  g_assert_cmpuint (m.failures_recovered, ==, 0);
  g_assert_true (isnan (m.detection_mean_s));
  g_assert_true (isnan (m.recovery_mean_s));
  g_assert_true (isnan (m.recovery_max_s));
  swarm_record__free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/swarm/record-metrics/cluster", test_swarm_record_metrics_cluster);
  g_test_add_func ("/swarm/record-metrics/pending", test_swarm_record_metrics_pending);
  g_test_add_func ("/swarm/record-metrics/failures", test_swarm_record_metrics_failures);
  g_test_add_func ("/swarm/record-metrics/counts-what-was-lost",
                   test_swarm_record_metrics_counts_what_was_lost);
  g_test_add_func ("/swarm/record-metrics/control-plane-and-lost",
                   test_swarm_record_metrics_control_plane_and_lost);
  g_test_add_func ("/swarm/record-metrics/empty", test_swarm_record_metrics_empty);
  return g_test_run ();
}
