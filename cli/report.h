/* SPDX-License-Identifier: MIT
 * The contents of a results folder (docs/results-format.md): CSV files from the world's record,
 * statistics over replications, summary.txt, events.log, scenario.resolved.ini and run.ini. Also
 * the human-readable descriptions of a scenario that `check` prints. Where they go is results.c's
 * job. */
#pragma once

#include <glib.h>

#include "cli/replications.h"
#include "models/run/metrics.h"
#include "cli/results.h"
#include "cli/scenario.h"
#include "models/swarm/record.h"

/* Everything a results folder is made from. */
typedef struct {
  const CliScenario *scenario;   /* unowned */
  const SwarmRecord *record;     /* unowned: replication 1, for the per-time-step files */
  const GPtrArray *replications; /* (element-type RunReplication) unowned: all of them, in order */
  guint64 seed;                  /* the run's seed (replication 1's) */
  guint shown; /* the replication @record belongs to, 1 … N (0: 1), whose per-time-step files,
                  failures and plots are written (--plot-replication) */
  const char *version; /* unowned */
} CliReport;

/**
 * cli_report_write:
 * @report: what to write
 * @dir: the staging folder
 * @error: CLI_CSV_ERROR or G_FILE_ERROR when a file cannot be written
 *
 * Writes every file of the results format into the staging folder.
 *
 * Returns: TRUE when every file was written whole.
 */
gboolean cli_report_write (const CliReport *report, const CliResultsDir *dir, GError **error);

/* Returns: (transfer full): the text of summary.txt. */
char *cli_report_dup_summary (const CliReport *report);

/* Returns: (transfer full): the narrated timeline, one line per event (events.log). */
char *cli_report_dup_narration (const SwarmRecord *record);

/**
 * cli_report_dup_cluster:
 * @config: a validated configuration
 *
 * The node groups with their instance types, roles and prices, and the cluster's total: the
 * "Cluster" part of summary.txt and of `swarmsim check`.
 *
 * Returns: (transfer full): the text, one line per group after a heading line.
 */
char *cli_report_dup_cluster (const SwarmConfig *config);

/* Returns: (transfer full): one line per service: mode, replicas, image, reservations, restart. */
char *cli_report_dup_services (const SwarmConfig *config);

/* Returns: (transfer full): one line per timeline action in time order, "HH:MM:SS.mmm action
 * target", or a line saying there is none. */
char *cli_report_dup_timeline (const SwarmConfig *config);
