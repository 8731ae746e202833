/* SPDX-License-Identifier: MIT
 * The [trace] section: a cluster trace (Alibaba cluster-trace-gpu-v2023 or Google 2011
 * task_events) read into the scenario model's RunTrace (models/run/scenario.h), which models/run
 * replays as the world's workload. Only cli/scenario_ext.c includes this. */
#pragma once

#include <glib.h>

#include "models/run/scenario.h"

/* The keys [trace] accepts, NULL-terminated. */
extern const char *const cli_trace__keys[];

/**
 * cli_trace__load:
 * @key_file: the scenario; the caller has checked that [trace] holds only cli_trace__keys
 * @path: the scenario's path, for messages
 * @base_dir: the folder relative trace files are resolved against
 * @error: CLI_SCENARIO_ERROR_INVALID ("PATH: [trace] key: what; expected what"), or the reader's
 *   WL_ERROR prefixed with "PATH: [trace] KEY: " (the reader's message starts "FILE:LINE: ")
 *
 * The trace's machines become worker node groups, one per machine shape, with an instance type
 * each, and its tasks services, one per reservation shape (replicas 0: the driver scales them);
 * run_scenario_build_config() adds them to the configuration that runs.
 *
 * Returns: (transfer full) (nullable): the trace, or NULL with @error set.
 */
RunTrace *cli_trace__load (GKeyFile *key_file, const char *path, const char *base_dir,
                           GError **error);

/* Appends one line about the trace ("  trace FILE: N tasks in K shapes, ...") to @out. */
void cli_trace__describe (const RunTrace *trace, GString *out);
