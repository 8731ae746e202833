/* SPDX-License-Identifier: MIT
 * Per-replication metrics and statistics over replications. Everything is copied out of the record
 * so a replication's world can be freed at once: memory stays flat however many replications run.
 */
#include "cli/replications.h"

#include <math.h>
#include <string.h>

#include "sim/rng.h"
#include "sim/stats.h"

guint64
cli_replication_seed (guint64 seed, guint index)
{
  if (index <= 1)
    return seed;
  g_autofree char *name = g_strdup_printf ("replication/%u", index);
  return sim_rng_derive_seed (seed, name);
}

static void
metric_free (gpointer data)
{
  CliMetric *metric = data;
  g_free (metric->name);
  g_free (metric->unit);
  g_free (metric);
}

static void
add_metric (GPtrArray *metrics, const char *name, double value, const char *unit)
{
  CliMetric *metric = g_new0 (CliMetric, 1);
  metric->name = g_strdup (name);
  metric->value = value;
  metric->unit = g_strdup (unit);
  g_ptr_array_add (metrics, metric);
}

static gboolean
is_configured (const SwarmConfig *config, const char *service)
{
  for (guint k = 0; k < config->services->len; k++)
    if (g_strcmp0 (((SwarmServiceConfig *)config->services->pdata[k])->spec->name, service) == 0)
      return TRUE;
  return FALSE;
}

/* Availability of each service of the scenario, as the record integrates it exactly over the
 * whole run: ∫ min(running, desired) dt / ∫ desired dt. Running copies beyond the desired count
 * (a partitioned node's originals) do not count twice. A service that never had desired replicas
 * has no metric (its ratio would be 0/0), and neither has a service the run created itself (one
 * per batch job): jobs have their own metrics. */
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
    g_autofree char *metric = g_strdup_printf ("availability.%s", row->service);
    add_metric (metrics, metric, value, "ratio");
  }
}

/* Capacity, CPU reservation share and pending work, as the record computes them
 * (SwarmRecordMetrics). */
static void
add_pool_metrics (GPtrArray *metrics, const SwarmRecord *record)
{
  SwarmRecordMetrics m;

  swarm_record_get_metrics (record, &m);
  add_metric (metrics, "capacity_cores_mean", m.capacity_cores_mean, "cores");
  add_metric (metrics, "cpu_reserved_share_mean", m.cpu_reserved_share_mean, "ratio");
  add_metric (metrics, "cpu_reserved_share_peak", m.cpu_reserved_share_peak, "ratio");
  add_metric (metrics, "pending_tasks_peak", (double)m.pending_tasks_peak, "tasks");
  add_metric (metrics, "pending_time_s", m.pending_time_s, "s");
  add_metric (metrics, "pending_task_seconds", m.pending_task_seconds, "task*s");
}

CliReplication *
cli_replication_new (const SwarmConfig *config, const SwarmRecord *record, guint index,
                     guint64 seed)
{
  g_return_val_if_fail (config != NULL && record != NULL, NULL);

  CliReplication *rep = g_new0 (CliReplication, 1);
  rep->index = index;
  rep->seed = seed;
  rep->strings = g_string_chunk_new (256);
  rep->recoveries = g_array_new (FALSE, FALSE, sizeof (SwarmRecoveryRow));
  rep->metrics = g_ptr_array_new_with_free_func (metric_free);

  const GArray *recoveries = swarm_record_get_recoveries (record);
  SimStat detection, recovery;
  sim_stat_init (&detection);
  sim_stat_init (&recovery);
  guint64 lost = 0;
  double lost_seconds = 0.0;
  for (guint i = 0; i < recoveries->len; i++) {
    SwarmRecoveryRow row = g_array_index (recoveries, SwarmRecoveryRow, i);
    row.kind = g_string_chunk_insert_const (rep->strings, row.kind);
    row.target = g_string_chunk_insert_const (rep->strings, row.target);
    g_array_append_val (rep->recoveries, row);
    if (row.t_detected_us != SIM_TIME_NEVER)
      sim_stat_add (&detection, sim_time_to_seconds (row.t_detected_us - row.t_failure_us));
    if (row.recovery_us != SIM_TIME_NEVER)
      sim_stat_add (&recovery, sim_time_to_seconds (row.recovery_us));
    lost += row.replicas_lost;
    lost_seconds += row.replica_seconds_lost;
  }

  const GArray *cluster = swarm_record_get_cluster (record);
  double cost =
      cluster->len > 0 ? g_array_index (cluster, SwarmClusterRow, cluster->len - 1).usd_total : 0.0;
  double hours = sim_time_to_seconds (config->duration_us) / 3600.0;

  add_metric (rep->metrics, "failures", (double)recoveries->len, "count");
  add_metric (rep->metrics, "failures_recovered", (double)recovery.n, "count");
  add_metric (rep->metrics, "detection_mean_s", detection.n > 0 ? detection.mean : NAN, "s");
  add_metric (rep->metrics, "recovery_mean_s", recovery.n > 0 ? recovery.mean : NAN, "s");
  add_metric (rep->metrics, "recovery_max_s", recovery.n > 0 ? recovery.max : NAN, "s");
  add_metric (rep->metrics, "replicas_lost", (double)lost, "count");
  add_metric (rep->metrics, "replica_seconds_lost", lost_seconds, "replica_s");
  add_metric (rep->metrics, "cost_usd", cost, "usd");
  add_metric (rep->metrics, "usd_per_hour", hours > 0.0 ? cost / hours : NAN, "usd_per_hour");
  add_availability (rep->metrics, config, record);
  add_pool_metrics (rep->metrics, record);
  return rep;
}

void
cli_replication_free (CliReplication *replication)
{
  if (replication == NULL)
    return;
  g_array_unref (replication->recoveries);
  g_ptr_array_unref (replication->metrics);
  g_string_chunk_free (replication->strings);
  g_free (replication);
}

const CliMetric *
cli_replication_get_metric (const CliReplication *replication, const char *name)
{
  for (guint i = 0; i < replication->metrics->len; i++) {
    const CliMetric *metric = g_ptr_array_index (replication->metrics, i);
    if (strcmp (metric->name, name) == 0)
      return metric;
  }
  return NULL;
}

static void
stat_row_free (gpointer data)
{
  CliStatRow *row = data;
  g_free (row->metric);
  g_free (row->unit);
  g_free (row);
}

/* Sorts @values in place (percentiles need order statistics). */
static void
add_stat_row (GPtrArray *rows, const char *metric, const char *unit, GArray *values)
{
  CliStatRow *row = g_new0 (CliStatRow, 1);
  row->metric = g_strdup (metric);
  row->unit = g_strdup (unit);
  row->n = values->len;
  row->mean = row->ci95_low = row->ci95_high = row->p50 = row->p95 = row->p99 = NAN;
  g_ptr_array_add (rows, row);
  if (values->len == 0)
    return;

  SimStat stat;
  sim_stat_init (&stat);
  for (guint i = 0; i < values->len; i++)
    sim_stat_add (&stat, g_array_index (values, double, i));
  double *v = (double *)(void *)values->data;
  row->mean = stat.mean;
  row->p50 = sim_stats_percentile (v, values->len, 50.0);
  row->p95 = sim_stats_percentile (v, values->len, 95.0);
  row->p99 = sim_stats_percentile (v, values->len, 99.0);
  double half = sim_stats_t_half_width (&stat, 0.95);
  if (isfinite (half)) {
    row->ci95_low = stat.mean - half;
    row->ci95_high = stat.mean + half;
  }
}

/* One value per replication of a metric, skipping replications where it does not exist. */
static GArray *
collect_metric (const GPtrArray *replications, const char *name)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint r = 0; r < replications->len; r++) {
    const CliMetric *metric =
        cli_replication_get_metric (g_ptr_array_index (replications, r), name);
    if (metric != NULL && isfinite (metric->value))
      g_array_append_val (values, metric->value);
  }
  return values;
}

/* The per-replication metrics statistics.csv summarises. */
static gboolean
is_stat_metric (const char *name)
{
  static const char *const names[] = {
    "cost_usd",
    "capacity_cores_mean",
    "cpu_reserved_share_mean",
    "cpu_reserved_share_peak",
    "pending_tasks_peak",
    "pending_time_s",
    "pending_task_seconds",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return g_str_has_prefix (name, "availability.");
}

GPtrArray *
cli_replications_compute_stats (const GPtrArray *replications)
{
  g_return_val_if_fail (replications != NULL && replications->len > 0, NULL);

  GPtrArray *rows = g_ptr_array_new_with_free_func (stat_row_free);
  g_autoptr (GArray) recovery = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) detection = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint r = 0; r < replications->len; r++) {
    const CliReplication *rep = g_ptr_array_index (replications, r);
    for (guint i = 0; i < rep->recoveries->len; i++) {
      const SwarmRecoveryRow *row = &g_array_index (rep->recoveries, SwarmRecoveryRow, i);
      double s;
      if (row->recovery_us != SIM_TIME_NEVER) {
        s = sim_time_to_seconds (row->recovery_us);
        g_array_append_val (recovery, s);
      }
      if (row->t_detected_us != SIM_TIME_NEVER) {
        s = sim_time_to_seconds (row->t_detected_us - row->t_failure_us);
        g_array_append_val (detection, s);
      }
    }
  }
  add_stat_row (rows, "recovery_s", "s", recovery);
  add_stat_row (rows, "detection_s", "s", detection);

  /* Per-replication metrics, in the first replication's order (every replication has the same
   * services, hence the same availability metrics). */
  const CliReplication *first = g_ptr_array_index (replications, 0);
  for (guint m = 0; m < first->metrics->len; m++) {
    const CliMetric *metric = g_ptr_array_index (first->metrics, m);
    if (!is_stat_metric (metric->name))
      continue;
    g_autoptr (GArray) values = collect_metric (replications, metric->name);
    add_stat_row (rows, metric->name, metric->unit, values);
  }
  return rows;
}
