/* SPDX-License-Identifier: MIT
 * Running the replications of one or more scenarios on a thread pool, through the run layer
 * (models/run/run.h): the one loop behind `run` and `compare`. Each replication leaves its
 * metrics (models/run/metrics.h); replication 1 of the first scenario may be kept whole for the
 * per-time-step files. */
#pragma once

#include <glib.h>

#include "cli/scenario.h"
#include "models/run/metrics.h"
#include "models/run/run.h"

typedef struct {
  guint threads;             /* 0: every core */
  gboolean progress;         /* a progress bar on a terminal */
  const char *label;         /* (nullable) the bar's label */
  guint keep;                /* keep replication @keep (1 … n) of the first scenario whole
                                (first_out); 0: keep none */
  gboolean check_invariants; /* swarm_run_set_check_invariants() on every replication */
} CliReplicationsOptions;

#define CLI_REPLICATIONS_OPTIONS_INIT                                                              \
  {                                                                                                \
    0, TRUE, NULL, 0, FALSE                                                                        \
  }

/**
 * cli_replications_run:
 * @scenarios: (array length=n_scenarios): the scenarios; every one runs replications 1 … @n with
 *   the same seeds (common random numbers)
 * @seed: the run's seed; replication k runs with swarm_run_replication_seed (@seed, k)
 * @n: replications per scenario, at least 1
 * @options: threads, progress bar, which replication to keep whole
 * @first_out: (out) (transfer full) (optional): replication @options->keep of the first scenario,
 *   when it is not 0
 * @error: the first replication that failed, prefixed with "SCENARIO: seed N: "
 *
 * The results depend on neither the number of threads nor their timing: each replication writes
 * its own slot.
 *
 * Returns: (transfer full) (element-type RunReplication) (nullable): the replications, scenario
 *   by scenario, each in replication order (@n_scenarios × @n), or NULL with @error set.
 */
GPtrArray *cli_replications_run (CliScenario *const *scenarios, guint n_scenarios, guint64 seed,
                                 guint n, const CliReplicationsOptions *options,
                                 SwarmRun **first_out, GError **error);
