/* SPDX-License-Identifier: MIT
 * `swarmsim [run] [OPTIONS] SCENARIO.ini`: load the scenario, run its replications, write the
 * results folder atomically, print the summary, and optionally the timeline and the plots. The
 * simulation itself is models/swarm's; this file only sequences it and maps errors to exit codes.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/parallel.h"
#include "cli/plot.h"
#include "cli/replications.h"
#include "cli/report.h"
#include "cli/results.h"
#include "cli/scenario.h"
#include "cli/scenario_ext.h"
#include "models/swarm/world.h"

/* The replications of one run. Each worker writes only its own slot; replication 1's world is kept
 * whole (the per-time-step files come from it), the others are reduced to their metrics and freed
 * at once, so memory stays flat however many replications run. */
typedef struct {
  const CliScenario *scenario; /* unowned */
  guint64 seed;
  CliReplication **slots; /* owned by the caller; one per replication */
  SwarmWorld *first;      /* owned; written by replication 1 only */
} RunJob;

static gboolean
run_one (guint index, gpointer user_data, GError **error)
{
  RunJob *job = user_data;
  const CliScenario *scenario = job->scenario;
  guint r = index + 1;
  guint64 rep_seed = cli_replication_seed (job->seed, r);
  g_autoptr (SwarmWorld) world = swarm_world_new (scenario->config, rep_seed, error);
  g_autoptr (CliRunExt) ext = NULL;
  if (world != NULL)
    ext = cli_run_ext_attach (scenario->ext, world, scenario->config, rep_seed, error);
  if (ext == NULL || !swarm_world_run (world, error)) {
    g_prefix_error (error, "seed %" G_GUINT64_FORMAT ": ", rep_seed);
    return FALSE;
  }
  job->slots[index] =
      cli_replication_new (scenario->config, swarm_world_get_record (world), r, rep_seed);
  cli_run_ext_add_job_metrics (ext, job->slots[index]->metrics);
  /* Before the world: the pools and the driver cancel their events on its engine. */
  g_clear_pointer (&ext, cli_run_ext_free);
  if (index == 0)
    job->first = g_steal_pointer (&world);
  return TRUE;
}

/* Runs every replication on @threads workers (0: every core); the results are collected by
 * replication index, so they do not depend on the number of threads. */
static gboolean
run_replications (const CliScenario *scenario, guint64 seed, guint n, guint threads,
                  gboolean progress, SwarmWorld **first_out, GPtrArray *replications,
                  GError **error)
{
  CliParallelOptions options = CLI_PARALLEL_OPTIONS_INIT;
  g_autofree CliReplication **slots = g_new0 (CliReplication *, n);
  RunJob job = { scenario, seed, slots, NULL };

  options.threads = threads;
  options.progress = progress;
  options.label = scenario->name;
  if (!cli_parallel_run (n, &options, run_one, &job, error)) {
    g_prefix_error (error, "swarmsim: run failed: ");
    for (guint i = 0; i < n; i++)
      cli_replication_free (slots[i]);
    g_clear_pointer (&job.first, swarm_world_free);
    return FALSE;
  }
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (replications, slots[i]);
  *first_out = job.first;
  return TRUE;
}

static int
exit_status_for (const GError *error)
{
  /* Bad input, a refused output folder, bad options: 2. Anything that went wrong while running or
   * writing: 1. */
  if (error->domain == CLI_RESULTS_ERROR)
    return error->code == CLI_RESULTS_ERROR_NOT_OURS ? CLI_EXIT_BAD_INPUT : CLI_EXIT_RUN_FAILED;
  return CLI_EXIT_RUN_FAILED;
}

static int
run (const CliRunOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario =
      cli_scenario_load (options->args[0], (const char *const *)options->sets, &error);
  if (scenario == NULL) {
    cli_print_error (error->message);
    return CLI_EXIT_BAD_INPUT;
  }
  /* Warnings go to standard error, even with --quiet: they explain a service that never starts,
   * which a quiet batch of runs most needs to hear about. */
  g_auto (GStrv) warnings = cli_scenario_dup_warnings (scenario);
  for (gsize i = 0; warnings[i] != NULL; i++)
    cli_print_error (warnings[i]);

  if (options->seed_set)
    scenario->config->seed = options->seed;
  if (options->replications > 0)
    scenario->replications = options->replications;

  g_autofree char *target = options->out_dir != NULL
                                ? g_strdup (options->out_dir)
                                : g_build_filename ("results", scenario->name, NULL);
  /* Checked before running: a refused folder should not cost a whole simulation. */
  g_autoptr (CliResultsDir) dir = cli_results_dir_begin (target, options->force, &error);
  if (dir == NULL) {
    cli_print_error (error->message);
    return exit_status_for (error);
  }

  g_autoptr (GPtrArray) replications =
      g_ptr_array_new_with_free_func ((GDestroyNotify)cli_replication_free);
  g_autoptr (SwarmWorld) first = NULL;
  if (!run_replications (scenario, scenario->config->seed, scenario->replications, options->threads,
                         !options->quiet, &first, replications, &error)) {
    cli_print_error (error->message);
    return CLI_EXIT_RUN_FAILED;
  }

  CliReport report = {
    .scenario = scenario,
    .record = swarm_world_get_record (first),
    .replications = replications,
    .seed = scenario->config->seed,
    .version = cli_get_version (),
  };
  if (!cli_report_write (&report, dir, &error) || !cli_results_dir_commit (dir, &error)) {
    cli_print_error (error->message);
    return exit_status_for (error);
  }

  if (options->timeline && !options->quiet) {
    g_autofree char *narration = cli_report_dup_narration (report.record);
    fputs (narration, stdout);
    fputc ('\n', stdout);
  }
  if (!options->quiet) {
    g_autofree char *summary = cli_report_dup_summary (&report);
    printf ("%s\nResults: %s/\n", summary, target);
  }
  fflush (stdout);
  if (options->plot && !cli_plot_draw (target, options->quiet))
    return CLI_EXIT_RUN_FAILED;
  return CLI_EXIT_OK;
}

int
cli_cmd_run (int argc, char **argv)
{
  g_auto (CliRunOptions) options = { 0 };
  g_autoptr (GError) error = NULL;

  if (!cli_run_options_parse (&options, argc, argv, &error)) {
    cli_print_error (error->message);
    return CLI_EXIT_BAD_INPUT;
  }
  if (options.version) {
    printf ("swarmsim %s\n", cli_get_version ());
    return CLI_EXIT_OK;
  }
  return run (&options);
}
