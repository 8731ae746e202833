/* SPDX-License-Identifier: MIT
 * The side-by-side table `swarmsim compare` prints from each variant's statistics. Not
 * compare.csv, which cli/metrics_out.c writes from the same rows. */
#pragma once

#include <glib.h>

#include "models/run/stats.h"

/**
 * cli_compare_table_format:
 * @names: (array length=n_variants): the variants' names, in column order
 * @rows: (array length=n_variants): each variant's rows (element-type RunStatRow), all in the
 *   first variant's metric order
 * @n_variants: at least 1
 *
 * The table compare prints: one line per metric of the first variant with "mean [low, high]" per
 * variant ("-" without values), and after recovery_s its p95 and p99 lines. Columns are as wide as
 * their widest cell. When every name starts with the same text up to a '-', '_' or '.', the column
 * headers leave it out and a first line maps each header to the full name.
 *
 * Returns: (transfer full): the table, every line ending in "\n".
 */
char *cli_compare_table_format (const char *const *names, GPtrArray *const *rows, guint n_variants);

/**
 * cli_compare_table_format_paired:
 * @names: (array length=n_variants): the variants' names, the baseline first
 * @paired: (array length=n_variants - 1): each later variant's run_stats_compute_paired() rows
 *   against the baseline
 * @n_variants: at least 2
 *
 * The short section compare prints under the table: a title line, then for each variant after
 * the first the paired differences of failures, replicas_lost, every availability.*, cost_usd,
 * control_plane_unavailable_s and recovery_mean_s that it has, one line each:
 * "METRIC  B − A: mean [low, high]" (no interval with fewer than two pairs, "-" without one), the
 * names shortened as the table's headers are.
 *
 * Returns: (transfer full): the section, every line ending in "\n".
 */
char *cli_compare_table_format_paired (const char *const *names, GPtrArray *const *paired,
                                       guint n_variants);
