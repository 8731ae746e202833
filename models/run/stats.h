/* SPDX-License-Identifier: MIT
 * Statistics over replications, computed in one place for statistics.csv, compare.csv, the
 * comparison table and summary.txt: mean, Student-t 95 % interval and exact percentiles. */
#pragma once

#include <glib.h>

#include "models/run/metrics.h"

/* One statistic (a row of statistics.csv). Fields are NAN when they do not exist: no value for
 * the mean and percentiles; fewer than two replications or two values for the interval. */
typedef struct {
  char *metric; /* owned: "recovery_s", "detection_s", "availability.web", ... */
  char *unit;   /* owned */
  guint n;      /* how many values */
  double mean, ci95_low, ci95_high;
  double p50, p95, p99; /* type 7, over the values */
} RunStatRow;

/**
 * run_stat_row_new:
 * @metric: the statistic's name
 * @unit: its unit
 * @values: (element-type double): the values, finite; sorted in place
 * @replications: how many replications they come from (the interval needs two)
 *
 * Returns: (transfer full): the row.
 */
RunStatRow *run_stat_row_new (const char *metric, const char *unit, GArray *values,
                              guint replications);
void run_stat_row_free (RunStatRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunStatRow, run_stat_row_free)

/**
 * run_stats_compute:
 * @replications: (array length=n): every replication, in order
 * @n: at least 1
 *
 * First the values pooled over every row of every replication: recovery_s (the failures that
 * count for recovery, swarm_recovery_row_is_counted(), and recovered), detection_s (injected
 * failures that were detected), replicas_lost_per_failure (injected failures),
 * resize_recovery_s and replicas_lost_per_resize (the pools' own steps), control_plane_outage_s
 * (each time without a leader, to the end of the run if it lasted that long); then one row per
 * metric of run_replication_new(), one value per replication (NAN values left out), in the first
 * replication's order. The interval needs two replications: values pooled from a single one are
 * not independent, so one replication gives no interval whatever the number of failures.
 *
 * Returns: (transfer full) (element-type RunStatRow): the rows, in that order.
 */
GPtrArray *run_stats_compute (RunReplication *const *replications, guint n);

/**
 * run_stats_compute_paired:
 * @a: (array length=n): the baseline's replications, in order
 * @b: (array length=n): the other variant's, run with the same seeds (common random numbers)
 * @n: at least 1
 *
 * Paired differences: for every metric of run_replication_new() that the first replication of
 * both variants has, in @a's order, the differences b_k − a_k of replication k of each, skipping
 * a pair where either value is missing or NAN. Since the variants share their random numbers,
 * the differences vary less than either variant and their interval is tighter than the two
 * variants' intervals suggest. Each row is a #RunStatRow named as the metric, with @a's unit:
 * n pairs, their mean, and a Student-t 95 % interval only with two pairs or more; the
 * percentiles are those of the differences.
 *
 * Returns: (transfer full) (element-type RunStatRow): the rows.
 */
GPtrArray *run_stats_compute_paired (RunReplication *const *a, RunReplication *const *b, guint n);

/* Returns: (transfer none) (nullable): the row of @rows named @metric. */
const RunStatRow *run_stats_find (const GPtrArray *rows, const char *metric);
