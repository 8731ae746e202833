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
