/* SPDX-License-Identifier: MIT
 * The metrics of one replication, each defined once (docs/results-format.md), and what is kept of
 * a replication once its world is freed: its metrics, its failure rows and its control-plane
 * outages. `run`, `compare` and every later command report these and nothing else. */
#pragma once

#include <glib.h>

#include "models/run/run.h"
#include "models/swarm/record.h"

/* One metric of one replication (a row of summary.csv). */
typedef struct {
  char *name;   /* owned, e.g. "recovery_mean_s", "availability.web" */
  double value; /* NAN when it does not exist (no failure recovered) */
  char *unit;   /* owned: "count", "s", "ratio", "usd", "usd_per_hour", "replica_s", ... */
} RunMetric;

/* What one replication leaves behind. */
typedef struct {
  guint index; /* 1 … N */
  guint64 seed;
  SimTime end_us;        /* the run's duration: where outages still going ended */
  GArray *recoveries;    /* (element-type SwarmRecoveryRow) owned; strings in @strings */
  GArray *control_plane; /* (element-type SwarmControlPlaneRow) owned; strings in @strings */
  GPtrArray *metrics;    /* (element-type RunMetric) owned, in the order of run_replication_new() */
  GStringChunk *strings; /* owned */
} RunReplication;

/**
 * run_replication_new:
 * @run: the finished replication
 * @index: 1 … N
 *
 * Copies the failure and control-plane rows and computes the metrics, in this order:
 * failures, failures_recovered, failures_unrecovered, resizes (count), detection_mean_s,
 * recovery_mean_s, recovery_max_s (s), replicas_lost (count), replica_seconds_lost (replica_s),
 * control_plane_outages (count), control_plane_unavailable_s (s), quorum_losses (count),
 * quorum_lost_s (s), cost_usd (usd), usd_per_hour, availability.SERVICE (ratio, each of the
 * scenario's own services that was ever wanted, in scenario order), capacity_cores_mean (cores),
 * cpu_reserved_share_mean, cpu_reserved_share_peak (ratio), pending_tasks_peak (tasks),
 * pending_time_s (s), pending_task_seconds (task*s), pool_steps (count), and with batch families
 * jobs_submitted, jobs_completed, jobs_failed (count), job_wait_mean_s, job_turnaround_mean_s (s).
 * Their definitions are in docs/results-format.md.
 *
 * Returns: (transfer full): the replication's metrics.
 */
RunReplication *run_replication_new (const SwarmRun *run, guint index);
void run_replication_free (RunReplication *replication);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunReplication, run_replication_free)

/* Returns: (transfer none) (nullable): the metric named @name, or NULL. */
const RunMetric *run_replication_get_metric (const RunReplication *replication, const char *name);
