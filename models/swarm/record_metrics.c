/* SPDX-License-Identifier: MIT
 * The figures of a finished run computed from its record's rows: capacity, CPU reservation share,
 * pending work, failures apart from the pools' own steps, and control-plane outages. See
 * SwarmRecordMetrics. */
#include "models/swarm/record.h"

#include <math.h>

#include "models/swarm/record_private.h"
#include "sim/stats.h"

gboolean
swarm_recovery_row_is_resize (const SwarmRecoveryRow *row)
{
  g_return_val_if_fail (row != NULL, FALSE);
  return g_strcmp0 (row->kind, "resize") == 0 || g_strcmp0 (row->kind, "remove") == 0;
}

gboolean
swarm_recovery_row_is_counted (const SwarmRecoveryRow *row)
{
  g_return_val_if_fail (row != NULL, FALSE);
  return row->replicas_lost > 0 || row->leader_lost;
}

/* Each cluster step weighs the time to the next one. */
static void
compute_cluster (const GArray *cluster, SwarmRecordMetrics *m)
{
  double cap = 0, util = 0, peak = NAN, span = 0, util_span = 0;

  for (guint i = 0; i + 1 < cluster->len; i++) {
    const SwarmClusterRow *r = &g_array_index (cluster, SwarmClusterRow, i);
    double dt =
        sim_time_to_seconds (g_array_index (cluster, SwarmClusterRow, i + 1).t_us - r->t_us);

    cap += dt * (double)r->cpu_capacity_nanocpus / 1e9;
    span += dt;
    if (r->cpu_capacity_nanocpus > 0) {
      double reserved = (double)MIN (r->cpu_reserved_nanocpus, r->cpu_capacity_nanocpus);
      double u = reserved / (double)r->cpu_capacity_nanocpus;

      util += dt * u;
      util_span += dt;
      peak = isnan (peak) ? u : MAX (peak, u);
    }
  }
  m->capacity_cores_mean = span > 0 ? cap / span : NAN;
  m->cpu_reserved_share_mean = util_span > 0 ? util / util_span : NAN;
  m->cpu_reserved_share_peak = peak;
}

/* Pending tasks summed over services at each step; the rows come in time order, a step's rows
 * together. A step lasts until the next one. */
static void
compute_pending (const GArray *timeline, SwarmRecordMetrics *m)
{
  double task_seconds = 0, time_s = 0;
  guint64 peak = 0, now = 0;
  SimTime last_t = -1;

  for (guint i = 0; i <= timeline->len; i++) {
    const SwarmTimelineRow *r =
        i < timeline->len ? &g_array_index (timeline, SwarmTimelineRow, i) : NULL;

    if (r == NULL || r->t_us != last_t) {
      if (last_t >= 0 && r != NULL) {
        double dt = sim_time_to_seconds (r->t_us - last_t);

        task_seconds += dt * (double)now;
        time_s += now > 0 ? dt : 0;
      }
      peak = MAX (peak, now);
      now = 0;
      if (r == NULL)
        break;
      last_t = r->t_us;
    }
    now += r->pending;
  }
  m->pending_tasks_peak = peak;
  m->pending_time_s = time_s;
  m->pending_task_seconds = task_seconds;
}

static void
compute_failures (const GArray *recoveries, SwarmRecordMetrics *m)
{
  SimStat detection, recovery;

  sim_stat_init (&detection);
  sim_stat_init (&recovery);
  m->failures = m->resizes = 0;
  for (guint i = 0; i < recoveries->len; i++) {
    const SwarmRecoveryRow *row = &g_array_index (recoveries, SwarmRecoveryRow, i);

    if (swarm_recovery_row_is_resize (row)) {
      m->resizes++;
      continue;
    }
    m->failures++;
    if (row->t_detected_us != SIM_TIME_NEVER)
      sim_stat_add (&detection, sim_time_to_seconds (row->t_detected_us - row->t_failure_us));
    if (row->recovery_us != SIM_TIME_NEVER && swarm_recovery_row_is_counted (row))
      sim_stat_add (&recovery, sim_time_to_seconds (row->recovery_us));
  }
  m->failures_recovered = (guint)recovery.n;
  m->detection_mean_s = detection.n > 0 ? detection.mean : NAN;
  m->recovery_mean_s = recovery.n > 0 ? recovery.mean : NAN;
  m->recovery_max_s = recovery.n > 0 ? recovery.max : NAN;
}

/* The availability rows' integers are summed before the one conversion, so that the total is
 * exactly their complement. */
static void
compute_lost (const GArray *availability, SwarmRecordMetrics *m)
{
  gint64 lost_replica_us = 0;

  for (guint i = 0; i < availability->len; i++) {
    const SwarmAvailabilityRow *r = &g_array_index (availability, SwarmAvailabilityRow, i);

    lost_replica_us += r->desired_replica_us - r->up_replica_us;
  }
  m->replica_seconds_lost = (double)lost_replica_us / 1e6;
}

static void
compute_control_plane (const GArray *rows, SimTime end_us, SwarmRecordMetrics *m)
{
  SimTime no_leader_us = 0, no_quorum_us = 0;

  m->control_plane_outages = m->quorum_losses = 0;
  for (guint i = 0; i < rows->len; i++) {
    const SwarmControlPlaneRow *r = &g_array_index (rows, SwarmControlPlaneRow, i);
    SimTime end = r->end_us != SIM_TIME_NEVER ? r->end_us : end_us;
    SimTime length = MAX (end - r->start_us, 0);

    if (r->kind == SWARM_OUTAGE_NO_LEADER) {
      m->control_plane_outages++;
      no_leader_us += length;
    } else {
      m->quorum_losses++;
      no_quorum_us += length;
    }
  }
  m->control_plane_unavailable_s = sim_time_to_seconds (no_leader_us);
  m->quorum_lost_s = sim_time_to_seconds (no_quorum_us);
}

void
swarm_record_get_metrics (const SwarmRecord *record, SwarmRecordMetrics *metrics_out)
{
  g_return_if_fail (record != NULL && metrics_out != NULL);

  compute_cluster (swarm_record_get_cluster (record), metrics_out);
  compute_pending (swarm_record_get_timeline (record), metrics_out);
  compute_failures (swarm_record_get_recoveries (record), metrics_out);
  compute_lost (swarm_record_get_availability (record), metrics_out);
  compute_control_plane (swarm_record_get_control_plane (record), record->end_us, metrics_out);
}
