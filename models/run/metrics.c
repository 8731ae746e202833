/* SPDX-License-Identifier: MIT
 * Each metric of a replication, computed once from its record and attachments. Everything is
 * copied out so that the replication's world can be freed at once: memory stays flat however many
 * replications run. */
#include "models/run/metrics.h"

#include <math.h>
#include <string.h>

static void
metric_free (gpointer data)
{
  RunMetric *m = data;

  g_free (m->name);
  g_free (m->unit);
  g_free (m);
}

static void
add (GPtrArray *metrics, const char *name, double value, const char *unit)
{
  RunMetric *m = g_new0 (RunMetric, 1);

  m->name = g_strdup (name);
  m->value = value;
  m->unit = g_strdup (unit);
  g_ptr_array_add (metrics, m);
}

static gboolean
is_configured (const SwarmConfig *config, const char *service)
{
  for (guint k = 0; k < config->services->len; k++)
    if (strcmp (((SwarmServiceConfig *)config->services->pdata[k])->spec->name, service) == 0)
      return TRUE;
  return FALSE;
}

/* Availability of each service the configuration declares (the scenario's and its trace
 * families'), as the record integrates it exactly. A service never wanted has no metric (0/0),
 * and neither has a service the run created itself (one per batch job): jobs have their own. */
static void
add_availability (GPtrArray *metrics, const SwarmConfig *config, const SwarmRecord *record)
{
  const GArray *rows = swarm_record_get_availability (record);

  for (guint i = 0; i < rows->len; i++) {
    const SwarmAvailabilityRow *row = &g_array_index (rows, SwarmAvailabilityRow, i);
    double value;

    if (row->desired_replica_us <= 0 || !is_configured (config, row->service) ||
        !swarm_record_get_service_availability (record, row->service, &value))
      continue;
    g_autofree char *name = g_strdup_printf ("availability.%s", row->service);
    add (metrics, name, value, "ratio");
  }
}

static void
add_jobs (GPtrArray *metrics, const SwarmRun *run)
{
  WlJobStats st;

  if (!swarm_run_get_job_stats (run, &st))
    return;
  add (metrics, "jobs_submitted", (double)st.submitted, "count");
  add (metrics, "jobs_completed", (double)st.completed, "count");
  add (metrics, "jobs_failed", (double)st.failed, "count");
  add (metrics, "job_wait_mean_s", st.started > 0 ? st.wait_s_sum / st.started : NAN, "s");
  add (metrics, "job_turnaround_mean_s",
       st.completed > 0 ? st.turnaround_s_sum / st.completed : NAN, "s");
}

static void
copy_rows (RunReplication *rep, const SwarmRecord *record)
{
  const GArray *recoveries = swarm_record_get_recoveries (record);
  const GArray *outages = swarm_record_get_control_plane (record);

  for (guint i = 0; i < recoveries->len; i++) {
    SwarmRecoveryRow row = g_array_index (recoveries, SwarmRecoveryRow, i);

    row.kind = g_string_chunk_insert_const (rep->strings, row.kind);
    row.target = g_string_chunk_insert_const (rep->strings, row.target);
    g_array_append_val (rep->recoveries, row);
  }
  for (guint i = 0; i < outages->len; i++) {
    SwarmControlPlaneRow row = g_array_index (outages, SwarmControlPlaneRow, i);

    row.cause = g_string_chunk_insert_const (rep->strings, row.cause);
    g_array_append_val (rep->control_plane, row);
  }
}

/* The injected failures' replicas lost (a pool's resize is counted by its own statistics). */
static guint64
replicas_lost (const GArray *recoveries)
{
  guint64 lost = 0;

  for (guint i = 0; i < recoveries->len; i++) {
    const SwarmRecoveryRow *row = &g_array_index (recoveries, SwarmRecoveryRow, i);
    if (!swarm_recovery_row_is_resize (row))
      lost += row->replicas_lost;
  }
  return lost;
}

/* The injected failures that count for recovery (a replica or the leader lost) and were not
 * recovered by the end of the run: the failures the recovery CDF must not leave out. */
static guint
failures_unrecovered (const GArray *recoveries)
{
  guint n = 0;

  for (guint i = 0; i < recoveries->len; i++) {
    const SwarmRecoveryRow *row = &g_array_index (recoveries, SwarmRecoveryRow, i);
    if (!swarm_recovery_row_is_resize (row) && swarm_recovery_row_is_counted (row) &&
        row->recovery_us == SIM_TIME_NEVER)
      n++;
  }
  return n;
}

RunReplication *
run_replication_new (const SwarmRun *run, guint index)
{
  g_return_val_if_fail (run != NULL, NULL);

  const SwarmRecord *record = swarm_run_get_record (run);
  const SwarmConfig *config = swarm_run_get_config (run);
  RunReplication *rep = g_new0 (RunReplication, 1);
  SwarmRecordMetrics m;

  rep->index = index;
  rep->seed = swarm_run_get_seed (run);
  rep->end_us = config->duration_us;
  rep->strings = g_string_chunk_new (256);
  rep->recoveries = g_array_new (FALSE, FALSE, sizeof (SwarmRecoveryRow));
  rep->control_plane = g_array_new (FALSE, FALSE, sizeof (SwarmControlPlaneRow));
  rep->metrics = g_ptr_array_new_with_free_func (metric_free);
  copy_rows (rep, record);
  swarm_record_get_metrics (record, &m);

  const GArray *cluster = swarm_record_get_cluster (record);
  double cost =
      cluster->len > 0 ? g_array_index (cluster, SwarmClusterRow, cluster->len - 1).usd_total : 0.0;
  double hours = sim_time_to_seconds (config->duration_us) / 3600.0;
  GPtrArray *out = rep->metrics;

  add (out, "failures", (double)m.failures, "count");
  add (out, "failures_recovered", (double)m.failures_recovered, "count");
  add (out, "failures_unrecovered", (double)failures_unrecovered (rep->recoveries), "count");
  add (out, "resizes", (double)m.resizes, "count");
  add (out, "detection_mean_s", m.detection_mean_s, "s");
  add (out, "recovery_mean_s", m.recovery_mean_s, "s");
  add (out, "recovery_max_s", m.recovery_max_s, "s");
  add (out, "replicas_lost", (double)replicas_lost (rep->recoveries), "count");
  add (out, "replica_seconds_lost", m.replica_seconds_lost, "replica_s");
  add (out, "control_plane_outages", (double)m.control_plane_outages, "count");
  add (out, "control_plane_unavailable_s", m.control_plane_unavailable_s, "s");
  add (out, "quorum_losses", (double)m.quorum_losses, "count");
  add (out, "quorum_lost_s", m.quorum_lost_s, "s");
  add (out, "cost_usd", cost, "usd");
  add (out, "usd_per_hour", hours > 0.0 ? cost / hours : NAN, "usd_per_hour");
  add_availability (out, config, record);
  add (out, "capacity_cores_mean", m.capacity_cores_mean, "cores");
  add (out, "cpu_reserved_share_mean", m.cpu_reserved_share_mean, "ratio");
  add (out, "cpu_reserved_share_peak", m.cpu_reserved_share_peak, "ratio");
  add (out, "pending_tasks_peak", (double)m.pending_tasks_peak, "tasks");
  add (out, "pending_time_s", m.pending_time_s, "s");
  add (out, "pending_task_seconds", m.pending_task_seconds, "task*s");
  add (out, "pool_steps", (double)swarm_run_get_pool_steps (run), "count");
  add_jobs (out, run);
  return rep;
}

void
run_replication_free (RunReplication *replication)
{
  if (replication == NULL)
    return;
  g_array_unref (replication->recoveries);
  g_array_unref (replication->control_plane);
  g_ptr_array_unref (replication->metrics);
  g_string_chunk_free (replication->strings);
  g_free (replication);
}

const RunMetric *
run_replication_get_metric (const RunReplication *replication, const char *name)
{
  g_return_val_if_fail (replication != NULL && name != NULL, NULL);

  for (guint i = 0; i < replication->metrics->len; i++) {
    const RunMetric *m = g_ptr_array_index (replication->metrics, i);
    if (strcmp (m->name, name) == 0)
      return m;
  }
  return NULL;
}
