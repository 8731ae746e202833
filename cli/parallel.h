/* SPDX-License-Identifier: MIT
 * Replications in parallel: N independent runs on a GThreadPool, each writing its own result slot,
 * so the results never depend on the number of threads or the order the runs finish in. */
#pragma once

#include <glib.h>

/**
 * CliReplicationFunc:
 * @index: the replication, 0 … n−1
 * @user_data: the caller's data; the function writes only the slot of @index
 * @error: set when the replication fails
 *
 * Runs one replication, on some worker thread. It must share no mutable state with the others.
 *
 * Returns: TRUE on success.
 */
typedef gboolean (*CliReplicationFunc) (guint index, gpointer user_data, GError **error);

typedef struct {
  guint threads;     /* 0: every core (g_get_num_processors()) */
  gboolean progress; /* allow a progress bar (shown only on a terminal, after one second) */
  const char *label; /* (nullable) the bar's label, e.g. the scenario's name */
} CliParallelOptions;

#define CLI_PARALLEL_OPTIONS_INIT                                                                  \
  {                                                                                                \
    0, TRUE, NULL                                                                                  \
  }

/**
 * cli_parallel_run:
 * @n: how many replications
 * @options: (nullable): NULL for the defaults
 * @func: the replication
 * @user_data: handed to every call
 * @error: the error of the lowest-numbered replication that failed
 *
 * Runs every replication, even after one failed, and returns when all are done. The progress bar
 * goes to stderr, only when stderr is a terminal and the run has taken more than a second
 * (SWARMSIM_PROGRESS_DELAY=N in the environment: N seconds, 0 to 3600): one
 * line, redrawn, counting the finished replications plus the fraction the running ones reported
 * (cli_parallel_report_progress()), e.g. "4node-failover [###.....] replication 1/1: 37 %
 * (simulated 3h 42m of 10h)".
 *
 * Returns: TRUE when every replication succeeded.
 */
gboolean cli_parallel_run (guint n, const CliParallelOptions *options, CliReplicationFunc func,
                           gpointer user_data, GError **error);

/**
 * cli_parallel_report_progress:
 * @now_us: the simulated time the replication running on this thread has reached
 * @end_us: its duration
 * @user_data: unused; the signature is SwarmRunProgressFunc's, so that this can be handed to
 *   swarm_run_execute_with_progress() as it is
 *
 * Tells the progress bar how far the calling replication has got, so that one long replication
 * shows its progress too. Call it only from a CliReplicationFunc's thread; elsewhere it does
 * nothing.
 */
void cli_parallel_report_progress (gint64 now_us, gint64 end_us, gpointer user_data);

/* Returns: the thread count cli_parallel_run() uses for @threads (0: the number of cores). */
guint cli_parallel_get_threads (guint threads);
