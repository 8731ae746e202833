/* SPDX-License-Identifier: MIT
 * Statistics over replications: the one place where means, intervals and percentiles of a run's
 * metrics are computed. */
#include "models/run/stats.h"

#include <math.h>
#include <string.h>

#include "sim/stats.h"

void
run_stat_row_free (RunStatRow *row)
{
  if (row == NULL)
    return;
  g_free (row->metric);
  g_free (row->unit);
  g_free (row);
}

RunStatRow *
run_stat_row_new (const char *metric, const char *unit, GArray *values, guint replications)
{
  g_return_val_if_fail (metric != NULL && unit != NULL && values != NULL, NULL);

  RunStatRow *row = g_new0 (RunStatRow, 1);

  row->metric = g_strdup (metric);
  row->unit = g_strdup (unit);
  row->n = values->len;
  row->mean = row->ci95_low = row->ci95_high = row->p50 = row->p95 = row->p99 = NAN;
  if (values->len == 0)
    return row;

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
  if (replications >= 2 && isfinite (half)) {
    row->ci95_low = stat.mean - half;
    row->ci95_high = stat.mean + half;
  }
  return row;
}

static void
add_row (GPtrArray *rows, const char *metric, const char *unit, GArray *values, guint replications)
{
  g_ptr_array_add (rows, run_stat_row_new (metric, unit, values, replications));
}

static void
push (GArray *values, double x)
{
  g_array_append_val (values, x);
}

/* The pooled values: one per failure row or outage of every replication. */
static void
add_pooled (GPtrArray *rows, RunReplication *const *reps, guint n)
{
  g_autoptr (GArray) recovery = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) detection = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) lost = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) resize_recovery = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) resize_lost = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) outage = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < n; r++) {
    const RunReplication *rep = reps[r];

    for (guint i = 0; i < rep->recoveries->len; i++) {
      const SwarmRecoveryRow *row = &g_array_index (rep->recoveries, SwarmRecoveryRow, i);
      gboolean recovered = row->recovery_us != SIM_TIME_NEVER;

      if (swarm_recovery_row_is_resize (row)) {
        push (resize_lost, (double)row->replicas_lost);
        if (recovered)
          push (resize_recovery, sim_time_to_seconds (row->recovery_us));
        continue;
      }
      push (lost, (double)row->replicas_lost);
      if (row->t_detected_us != SIM_TIME_NEVER)
        push (detection, sim_time_to_seconds (row->t_detected_us - row->t_failure_us));
      if (recovered && swarm_recovery_row_is_counted (row))
        push (recovery, sim_time_to_seconds (row->recovery_us));
    }
    for (guint i = 0; i < rep->control_plane->len; i++) {
      const SwarmControlPlaneRow *row =
          &g_array_index (rep->control_plane, SwarmControlPlaneRow, i);
      SimTime end = row->end_us;

      if (row->kind != SWARM_OUTAGE_NO_LEADER)
        continue;
      if (end == SIM_TIME_NEVER)
        end = rep->end_us;
      push (outage, sim_time_to_seconds (end - row->start_us));
    }
  }
  add_row (rows, "recovery_s", "s", recovery, n);
  add_row (rows, "detection_s", "s", detection, n);
  add_row (rows, "replicas_lost_per_failure", "count", lost, n);
  add_row (rows, "resize_recovery_s", "s", resize_recovery, n);
  add_row (rows, "replicas_lost_per_resize", "count", resize_lost, n);
  add_row (rows, "control_plane_outage_s", "s", outage, n);
}

GPtrArray *
run_stats_compute (RunReplication *const *replications, guint n)
{
  g_return_val_if_fail (replications != NULL && n > 0, NULL);

  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)run_stat_row_free);
  const RunReplication *first = replications[0];

  add_pooled (rows, replications, n);
  /* Every replication of a scenario has the same metrics, so the first one's order is theirs. */
  for (guint m = 0; m < first->metrics->len; m++) {
    const RunMetric *metric = g_ptr_array_index (first->metrics, m);
    g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint r = 0; r < n; r++) {
      const RunMetric *x = run_replication_get_metric (replications[r], metric->name);
      if (x != NULL && isfinite (x->value))
        push (values, x->value);
    }
    add_row (rows, metric->name, metric->unit, values, n);
  }
  return rows;
}

GPtrArray *
run_stats_compute_paired (RunReplication *const *a, RunReplication *const *b, guint n)
{
  g_return_val_if_fail (a != NULL && b != NULL && n > 0, NULL);

  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)run_stat_row_free);

  for (guint m = 0; m < a[0]->metrics->len; m++) {
    const RunMetric *metric = g_ptr_array_index (a[0]->metrics, m);
    g_autoptr (GArray) diffs = g_array_new (FALSE, FALSE, sizeof (double));

    if (run_replication_get_metric (b[0], metric->name) == NULL)
      continue;
    for (guint k = 0; k < n; k++) {
      const RunMetric *x = run_replication_get_metric (a[k], metric->name);
      const RunMetric *y = run_replication_get_metric (b[k], metric->name);
      if (x != NULL && y != NULL && isfinite (x->value) && isfinite (y->value))
        push (diffs, y->value - x->value);
    }
    /* The pairs are independent of one another (one seed each), so the interval needs two pairs,
     * not two replications. */
    add_row (rows, metric->name, metric->unit, diffs, diffs->len);
  }
  return rows;
}

const RunStatRow *
run_stats_find (const GPtrArray *rows, const char *metric)
{
  g_return_val_if_fail (rows != NULL && metric != NULL, NULL);

  for (guint i = 0; i < rows->len; i++) {
    const RunStatRow *row = g_ptr_array_index (rows, i);
    if (strcmp (row->metric, metric) == 0)
      return row;
  }
  return NULL;
}
