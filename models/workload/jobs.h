/* SPDX-License-Identifier: MIT
 * Batch jobs as real tasks: each job is submitted as its own service ("docker service create
 * --replicas 1 --restart-condition ..."), its container runs for the job's drawn run time once
 * RUNNING and then exits, the real orchestrator's restart supervisor decides what follows, and the
 * service is removed ("docker service rm") once its task has completed or failed for good. This
 * file submits, watches and measures; it draws nothing (batch.h does). */
#pragma once

#include <glib.h>
#include "models/swarm/world.h"
#include "models/workload/batch.h"

typedef struct _WlJobRunner WlJobRunner;

/* What happened to the jobs so far; a job still pending or running at the end is in neither
 * completed nor failed. */
typedef struct {
  guint submitted;         /* jobs whose arrival time has come */
  guint started;           /* jobs whose task reached RUNNING at least once */
  guint completed;         /* a run exited 0 (COMPLETE) */
  guint failed;            /* failed for good: restart none, or max_attempts used up */
  double wait_s_sum;       /* submit → first RUNNING, over started jobs */
  double turnaround_s_sum; /* submit → COMPLETE, over completed jobs */
  guint create_refused;    /* "docker service create" refused (no leader): made again when a
                              leader is elected (each refusal counts, the arrival's included) */
} WlJobStats;

/* Returns: (transfer full): a runner for @world (transfer none), which must outlive it. It
 * watches its jobs' tasks through the world's TASK_STATE signals and retries refused requests on
 * its LEADER signal (signals.h), subscribing when the first jobs are added. */
WlJobRunner *wl_job_runner_new (SwarmWorld *world);

/* Cancels the runner's pending events; call before freeing the world. */
void wl_job_runner_free (WlJobRunner *runner);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlJobRunner, wl_job_runner_free)

/**
 * wl_job_runner_add:
 * @runner: the runner
 * @spec: (transfer none): the family (reservations, restart condition, max_attempts); copied
 * @jobs: (element-type WlJob): the family's jobs, from wl_batch_generate()
 *
 * Each job becomes the service "FAMILY-N" (N = index + 1) at its arrival time: replicas 1, the
 * family's reservations and restart policy, and a container that exits after exactly the job's
 * run time, non-zero with the family's fail_probability, drawn anew for each run: with on-failure
 * a failed run is restarted until one succeeds or max_attempts is used up.
 */
void wl_job_runner_add (WlJobRunner *runner, const WlBatchSpec *spec, const GArray *jobs);

/* Fills @stats_out with the jobs so far. */
void wl_job_runner_get_stats (const WlJobRunner *runner, WlJobStats *stats_out);
