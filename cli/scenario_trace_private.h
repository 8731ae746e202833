/* SPDX-License-Identifier: MIT
 * The [trace] section: a cluster trace (Alibaba cluster-trace-gpu-v2023 or Google 2011
 * task_events) replayed as the world's workload. Only cli/scenario_ext.c includes this. */
#pragma once

#include <glib.h>

#include "models/swarm/config.h"
#include "models/workload/driver.h"
#include "models/workload/trace.h"
#include "sim/time.h"

typedef struct _CliTrace CliTrace;

/* The [trace] keys as loaded, every default filled in. File names are kept as written (relative to
 * the scenario's folder), as distributions and curves keep theirs. Trace times are scaled at the
 * boundary: t_sim = (t_trace − start) / speedup. */
typedef struct {
  char *format;             /* owned; "alibaba-gpu-2023" or "google-2011" */
  char *nodes;              /* (nullable) owned; the machine list, Alibaba only */
  char *tasks;              /* owned; the task file, from tasks = or its alias pods = */
  SimTime start_us;         /* default 0 */
  double speedup;           /* default 1 */
  guint max_tasks;          /* 0 (the default): every task */
  double node_usd_per_hour; /* the machines' price; default 0 */
  WlGoogleScale scale;      /* Google's largest machine; default 32 CPUs and 128 GiB */
} CliTraceOptions;

/* The keys [trace] accepts, NULL-terminated. */
extern const char *const cli_trace__keys[];

/**
 * cli_trace__load:
 * @key_file: the scenario; the caller has checked that [trace] holds only cli_trace__keys
 * @path: the scenario's path, for messages
 * @base_dir: the folder relative trace files are resolved against
 * @config: (inout): the trace's machines become worker node groups, one per machine shape, and its
 *   tasks services, one per reservation shape (replicas 0: the driver scales them)
 * @error: CLI_SCENARIO_ERROR_INVALID ("PATH: [trace] key: what; expected what"), or the reader's
 *   WL_ERROR prefixed with "PATH: [trace] KEY: " (the reader's message starts "FILE:LINE: ")
 *
 * Returns: (transfer full) (nullable): the replay, or NULL with @error set.
 */
CliTrace *cli_trace__load (GKeyFile *key_file, const char *path, const char *base_dir,
                           SwarmConfig *config, GError **error);
void cli_trace__free (CliTrace *trace);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliTrace, cli_trace__free)

/* Puts every task family's presence intervals on @driver. */
void cli_trace__attach (const CliTrace *trace, WlDriver *driver);

/* Returns: (transfer none): the options @trace was loaded with. */
const CliTraceOptions *cli_trace__get_options (const CliTrace *trace);

/* Appends one line about the trace ("  trace FILE: N tasks in K shapes, ...") to @out. */
void cli_trace__describe (const CliTrace *trace, GString *out);
