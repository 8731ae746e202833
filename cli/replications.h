/* SPDX-License-Identifier: MIT
 * What is kept of each replication once its world is freed (its recovery rows and summary metrics),
 * and the statistics over replications: mean, p50, p95, p99 and the 95 % confidence interval. */
#pragma once

#include <glib.h>

#include "models/swarm/config.h"
#include "models/swarm/record.h"

/* One summary metric of one replication (a row of summary.csv). */
typedef struct {
  char *name;   /* owned, e.g. "recovery_mean_s", "availability.web" */
  double value; /* NAN when it does not exist (no failure recovered) */
  char *unit;   /* owned, e.g. "s", "ratio", "usd" */
} CliMetric;

/* What one replication leaves behind. */
typedef struct {
  guint index; /* 1 … N */
  guint64 seed;
  GArray *recoveries;    /* (element-type SwarmRecoveryRow) owned, strings owned by @strings */
  GPtrArray *metrics;    /* (element-type CliMetric) owned, in a fixed order */
  GStringChunk *strings; /* owned: the recovery rows' kind and target */
} CliReplication;

/**
 * cli_replication_new:
 * @config: the configuration that ran
 * @record: the replication's complete record
 * @index: 1 … N
 * @seed: the seed it ran with
 *
 * Copies the recovery rows and computes the metrics: failures, failures_recovered,
 * detection_mean_s, recovery_mean_s, recovery_max_s, replicas_lost, replica_seconds_lost, cost_usd,
 * usd_per_hour, and availability.SERVICE (∫ min(running, desired) dt / ∫ desired dt over the
 * whole run, integrated exactly by the record) for every service that ever had desired replicas,
 * then the record's capacity_cores_mean, cpu_reserved_share_mean, cpu_reserved_share_peak,
 * pending_tasks_peak, pending_time_s and pending_task_seconds (SwarmRecordMetrics).
 *
 * Returns: (transfer full): the replication's summary.
 */
CliReplication *cli_replication_new (const SwarmConfig *config, const SwarmRecord *record,
                                     guint index, guint64 seed);
void cli_replication_free (CliReplication *replication);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliReplication, cli_replication_free)

/* Returns: (transfer none) (nullable): the metric named @name, or NULL. */
const CliMetric *cli_replication_get_metric (const CliReplication *replication, const char *name);

/* One row of statistics.csv. Fields are NAN when n is too small (the interval needs n ≥ 2). */
typedef struct {
  char *metric; /* owned: "recovery_s", "detection_s", "cost_usd", "availability.web" */
  guint n;
  double mean, ci95_low, ci95_high, p50, p95, p99;
  char *unit; /* owned */
} CliStatRow;

/**
 * cli_replications_compute_stats:
 * @replications: (element-type CliReplication): every replication, in order
 *
 * recovery_s and detection_s pool every failure of every replication (unrecovered failures are left
 * out, and counted by the failures_recovered metric); the other rows (cost_usd, availability.*,
 * then the capacity, CPU reservation share and pending metrics) take one value per replication.
 *
 * Returns: (transfer full) (element-type CliStatRow): the rows, in a fixed order.
 */
GPtrArray *cli_replications_compute_stats (const GPtrArray *replications);

/**
 * cli_replication_seed:
 * @seed: the run's seed (--seed or [simulation] seed)
 * @index: the replication, 1 … N
 *
 * Replication 1 uses @seed itself, so one replication reproduces a single run; the others use
 * sim_rng_derive_seed (@seed, "replication/INDEX").
 *
 * Returns: the replication's seed.
 */
guint64 cli_replication_seed (guint64 seed, guint index);
