/* SPDX-License-Identifier: MIT
 * The statistics of one metric of one `swarmsim compare` variant, and the side-by-side table
 * printed from them. Not compare.csv, which cmd_compare.c writes from the same rows. */
#pragma once

#include <glib.h>

/* One metric of one variant over its replications (a row of compare.csv). Fields are NAN when
 * there are too few values: no value for the mean and percentiles, fewer than two for the
 * interval. */
typedef struct {
  char *metric;           /* owned, e.g. "recovery_s", "availability.web" */
  double mean, low, high; /* mean and its Student-t 95 % interval */
  double p50, p95, p99;   /* exact (type 7) percentiles over the values */
  guint n;                /* how many values */
} CliCompareRow;

/**
 * cli_compare_table_row_new:
 * @metric: the metric's name
 * @values: (element-type double): the values; sorted in place
 *
 * Returns: (transfer full): the row's statistics over @values.
 */
CliCompareRow *cli_compare_table_row_new (const char *metric, GArray *values);
void cli_compare_table_row_free (CliCompareRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliCompareRow, cli_compare_table_row_free)

/**
 * cli_compare_table_format:
 * @names: (array length=n_variants): the variants' names, in column order
 * @rows: (array length=n_variants): each variant's rows (element-type CliCompareRow), all in the
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
