/* SPDX-License-Identifier: MIT
 * Writing the metric files. Column orders follow docs/results-format.md exactly; a column added
 * there must be added here in the same commit. Every file has the same columns whatever the number
 * of replications, so a script written for one run reads many. */
#include "cli/metrics_out.h"

#include <math.h>
#include <string.h>

#include "cli/csv_out.h"

guint
cli_metric_decimals (const char *unit)
{
  g_return_val_if_fail (unit != NULL, 3);

  /* Ratios need more digits than seconds to show a few seconds lost over hours, and dollars more
   * than seconds for short runs of small instances; counts need none. */
  if (strcmp (unit, "ratio") == 0)
    return 6;
  if (strcmp (unit, "count") == 0 || strcmp (unit, "tasks") == 0)
    return 0;
  if (strcmp (unit, "usd") == 0 || strcmp (unit, "usd_per_hour") == 0)
    return 4;
  return 3;
}

/* Seconds are truncated to the millisecond, as every time in the results is
 * (cli_format_seconds()), so that a total and the rows it adds up print alike: the value is
 * rounded to the microsecond first, which undoes the double's representation error. */
static char *
format_with (double value, const char *unit, guint decimals)
{
  if (!isfinite (value))
    return g_strdup ("");
  if (strcmp (unit, "s") == 0 && fabs (value) < 9e12)
    return cli_format_seconds ((SimTime)llround (value * 1e6));
  return cli_format_double (value, decimals);
}

char *
cli_metric_format (double value, const char *unit)
{
  g_return_val_if_fail (unit != NULL, NULL);
  return format_with (value, unit, cli_metric_decimals (unit));
}

char *
cli_metric_format_statistic (double value, const char *unit)
{
  g_return_val_if_fail (unit != NULL, NULL);
  /* A mean of counts is not a count: it keeps three decimals. */
  return format_with (value, unit, MAX (cli_metric_decimals (unit), 3));
}

static void
add_value (CliCsv *csv, double value, const char *unit, gboolean statistic)
{
  g_autofree char *text =
      statistic ? cli_metric_format_statistic (value, unit) : cli_metric_format (value, unit);

  cli_csv_add_string (csv, text);
}

gboolean
cli_metrics_write_summary (const char *path, RunReplication *const *reps, guint n, GError **error)
{
  static const char *const header[] = { "replication", "metric", "value", "unit", NULL };
  g_autoptr (CliCsv) csv = cli_csv_new (path, header, error);

  if (csv == NULL)
    return FALSE;
  for (guint r = 0; r < n; r++)
    for (guint m = 0; m < reps[r]->metrics->len; m++) {
      const RunMetric *metric = g_ptr_array_index (reps[r]->metrics, m);

      cli_csv_add_int (csv, reps[r]->index);
      cli_csv_add_string (csv, metric->name);
      add_value (csv, metric->value, metric->unit, FALSE);
      cli_csv_add_string (csv, metric->unit);
      cli_csv_end_row (csv);
    }
  return cli_csv_close (csv, error);
}

gboolean
cli_metrics_write_recovery (const char *path, RunReplication *const *reps, guint n, GError **error)
{
  static const char *const header[] = {
    "replication",
    "failure",
    "kind",
    "target",
    "t_failure_s",
    "t_detected_s",
    "t_first_scheduled_s",
    "t_all_running_s",
    "recovery_s",
    "replicas_lost",
    "leader_lost",
    "replica_seconds_lost",
    NULL,
  };
  g_autoptr (CliCsv) csv = cli_csv_new (path, header, error);

  if (csv == NULL)
    return FALSE;
  for (guint r = 0; r < n; r++)
    for (guint i = 0; i < reps[r]->recoveries->len; i++) {
      const SwarmRecoveryRow *row = &g_array_index (reps[r]->recoveries, SwarmRecoveryRow, i);

      cli_csv_add_int (csv, reps[r]->index);
      cli_csv_add_int (csv, row->failure);
      cli_csv_add_string (csv, row->kind);
      cli_csv_add_string (csv, row->target);
      cli_csv_add_seconds (csv, row->t_failure_us);
      cli_csv_add_seconds (csv, row->t_detected_us);
      cli_csv_add_seconds (csv, row->t_first_scheduled_us);
      cli_csv_add_seconds (csv, row->t_all_running_us);
      cli_csv_add_seconds (csv, row->recovery_us);
      cli_csv_add_int (csv, row->replicas_lost);
      cli_csv_add_int (csv, row->leader_lost ? 1 : 0);
      cli_csv_add_double (csv, row->replica_seconds_lost, 3);
      cli_csv_end_row (csv);
    }
  return cli_csv_close (csv, error);
}

gboolean
cli_metrics_write_control_plane (const char *path, RunReplication *const *reps, guint n,
                                 GError **error)
{
  static const char *const header[] = { "replication", "outage",  "kind",       "cause",
                                        "t_start_s",   "t_end_s", "duration_s", NULL };
  g_autoptr (CliCsv) csv = cli_csv_new (path, header, error);

  if (csv == NULL)
    return FALSE;
  for (guint r = 0; r < n; r++)
    for (guint i = 0; i < reps[r]->control_plane->len; i++) {
      const SwarmControlPlaneRow *row =
          &g_array_index (reps[r]->control_plane, SwarmControlPlaneRow, i);
      SimTime end = row->end_us != SIM_TIME_NEVER ? row->end_us : reps[r]->end_us;

      cli_csv_add_int (csv, reps[r]->index);
      cli_csv_add_int (csv, row->outage);
      cli_csv_add_string (csv, swarm_outage_kind_to_string (row->kind));
      cli_csv_add_string (csv, row->cause);
      cli_csv_add_seconds (csv, row->start_us);
      cli_csv_add_seconds (csv, row->end_us);
      cli_csv_add_seconds (csv, end - row->start_us);
      cli_csv_end_row (csv);
    }
  return cli_csv_close (csv, error);
}

gboolean
cli_metrics_write_statistics (const char *path, const char *const *variants, GPtrArray *const *rows,
                              guint n_variants, GError **error)
{
  static const char *const stats_header[] = { "metric", "n",   "mean", "ci95_low", "ci95_high",
                                              "p50",    "p95", "p99",  "unit",     NULL };
  static const char *const compare_header[] = { "variant",  "metric",    "n",   "mean",
                                                "ci95_low", "ci95_high", "p50", "p95",
                                                "p99",      "unit",      NULL };
  g_return_val_if_fail (rows != NULL && n_variants > 0, FALSE);
  g_return_val_if_fail (variants != NULL || n_variants == 1, FALSE);

  g_autoptr (CliCsv) csv =
      cli_csv_new (path, variants != NULL ? compare_header : stats_header, error);
  if (csv == NULL)
    return FALSE;
  for (guint v = 0; v < n_variants; v++)
    for (guint i = 0; i < rows[v]->len; i++) {
      const RunStatRow *row = g_ptr_array_index (rows[v], i);

      if (variants != NULL)
        cli_csv_add_string (csv, variants[v]);
      cli_csv_add_string (csv, row->metric);
      cli_csv_add_int (csv, row->n);
      add_value (csv, row->mean, row->unit, TRUE);
      add_value (csv, row->ci95_low, row->unit, TRUE);
      add_value (csv, row->ci95_high, row->unit, TRUE);
      add_value (csv, row->p50, row->unit, TRUE);
      add_value (csv, row->p95, row->unit, TRUE);
      add_value (csv, row->p99, row->unit, TRUE);
      cli_csv_add_string (csv, row->unit);
      cli_csv_end_row (csv);
    }
  return cli_csv_close (csv, error);
}

gboolean
cli_metrics_write_paired (const char *path, const char *const *variants, GPtrArray *const *paired,
                          guint n_variants, GError **error)
{
  static const char *const header[] = { "variant",  "baseline",  "metric", "n", "mean_diff",
                                        "ci95_low", "ci95_high", "unit",   NULL };
  g_return_val_if_fail (variants != NULL && paired != NULL && n_variants >= 2, FALSE);

  g_autoptr (CliCsv) csv = cli_csv_new (path, header, error);
  if (csv == NULL)
    return FALSE;
  for (guint v = 1; v < n_variants; v++)
    for (guint i = 0; i < paired[v - 1]->len; i++) {
      const RunStatRow *row = g_ptr_array_index (paired[v - 1], i);

      cli_csv_add_string (csv, variants[v]);
      cli_csv_add_string (csv, variants[0]);
      cli_csv_add_string (csv, row->metric);
      cli_csv_add_int (csv, row->n);
      /* A difference is written as its metric's statistics are (a mean of counts keeps three
       * decimals). */
      add_value (csv, row->mean, row->unit, TRUE);
      add_value (csv, row->ci95_low, row->unit, TRUE);
      add_value (csv, row->ci95_high, row->unit, TRUE);
      cli_csv_add_string (csv, row->unit);
      cli_csv_end_row (csv);
    }
  return cli_csv_close (csv, error);
}
