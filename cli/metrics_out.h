/* SPDX-License-Identifier: MIT
 * The one writer of the metric files: summary.csv, recovery.csv, control_plane.csv,
 * statistics.csv, compare.csv and compare_paired.csv (docs/results-format.md), for `run` and
 * `compare` alike, with one number format per unit. */
#pragma once

#include <glib.h>

#include "models/run/metrics.h"
#include "models/run/stats.h"

/* Returns: the digits after the point a value of @unit is written with, in every file and text:
 *   6 for ratios, 4 for dollars, 0 for counts and tasks, 3 otherwise (seconds and the rest). */
guint cli_metric_decimals (const char *unit);

/* Returns: (transfer full): @value in its unit's format (cli_metric_decimals(); seconds truncated
 *   to the millisecond like every time of the results); "" for NAN. */
char *cli_metric_format (double value, const char *unit);

/* Returns: (transfer full): a mean, interval bound or percentile of @unit: as cli_metric_format(),
 *   but with at least three decimals (a mean of counts is not a count). */
char *cli_metric_format_statistic (double value, const char *unit);

/* summary.csv: "replication,metric,value,unit", a row per metric of every replication. */
gboolean cli_metrics_write_summary (const char *path, RunReplication *const *reps, guint n,
                                    GError **error);

/* recovery.csv: a row per failure of every replication, "replication" first. */
gboolean cli_metrics_write_recovery (const char *path, RunReplication *const *reps, guint n,
                                     GError **error);

/* control_plane.csv: a row per control-plane outage of every replication, "replication" first. */
gboolean cli_metrics_write_control_plane (const char *path, RunReplication *const *reps, guint n,
                                          GError **error);

/**
 * cli_metrics_write_statistics:
 * @path: the file
 * @variants: (array length=n_variants) (nullable): the variants' names, for compare.csv, which has
 *   a first column "variant"; NULL for statistics.csv (then @n_variants is 1)
 * @rows: (array length=n_variants): each variant's run_stats_compute() rows
 * @n_variants: at least 1
 * @error: CLI_CSV_ERROR
 *
 * "[variant,]metric,n,mean,ci95_low,ci95_high,p50,p95,p99,unit".
 *
 * Returns: TRUE when the file was written whole.
 */
gboolean cli_metrics_write_statistics (const char *path, const char *const *variants,
                                       GPtrArray *const *rows, guint n_variants, GError **error);

/**
 * cli_metrics_write_paired:
 * @path: the file
 * @variants: (array length=n_variants): the variants' names; the first is the baseline
 * @paired: (array length=n_variants - 1): for each variant after the first, its
 *   run_stats_compute_paired() rows against the baseline
 * @n_variants: at least 2
 * @error: CLI_CSV_ERROR
 *
 * compare_paired.csv: "variant,baseline,metric,n,mean_diff,ci95_low,ci95_high,unit", one block
 * of rows per variant after the first, in the order of @paired's rows.
 *
 * Returns: TRUE when the file was written whole.
 */
gboolean cli_metrics_write_paired (const char *path, const char *const *variants,
                                   GPtrArray *const *paired, guint n_variants, GError **error);
