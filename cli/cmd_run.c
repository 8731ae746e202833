/* SPDX-License-Identifier: MIT
 * `swarmsim [run] [OPTIONS] SCENARIO.ini`: load the scenario, run its replications, write the
 * results folder atomically, print the summary, and optionally the timeline and the plots. The
 * runs and their metrics are models/run's; this file only sequences them and maps errors to exit
 * codes.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/plot.h"
#include "cli/replications.h"
#include "cli/report.h"
#include "cli/results.h"
#include "cli/scenario.h"
#include "models/run/run.h"

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
    cli_scenario_set_seed (scenario, options->seed);
  if (options->replications > 0)
    scenario->model->replications = options->replications;

  guint shown = options->plot_replication > 0 ? options->plot_replication : 1;
  if (shown > scenario->model->replications) {
    g_autofree char *message = g_strdup_printf (
        "swarmsim: --plot-replication %u: the run has %u replication%s; expected 1 to %u", shown,
        scenario->model->replications, scenario->model->replications == 1 ? "" : "s",
        scenario->model->replications);
    cli_print_error (message);
    return CLI_EXIT_BAD_INPUT;
  }

  g_autofree char *target = options->out_dir != NULL
                                ? g_strdup (options->out_dir)
                                : g_build_filename ("results", scenario->name, NULL);
  /* Checked before running: a refused folder should not cost a whole simulation. */
  g_autoptr (CliResultsDir) dir = cli_results_dir_begin (target, options->force, &error);
  if (dir == NULL) {
    cli_print_error (error->message);
    return exit_status_for (error);
  }

  CliReplicationsOptions loop = CLI_REPLICATIONS_OPTIONS_INIT;
  g_autoptr (SwarmRun) first = NULL;
  loop.threads = options->threads;
  loop.progress = !options->quiet;
  loop.label = scenario->name;
  loop.keep = shown;
  loop.check_invariants = options->check_invariants;
  g_autoptr (GPtrArray) replications = cli_replications_run (
      &scenario, 1, scenario->config->seed, scenario->model->replications, &loop, &first, &error);
  if (replications == NULL) {
    g_prefix_error (&error, "swarmsim: run failed: ");
    cli_print_error (error->message);
    return CLI_EXIT_RUN_FAILED;
  }

  CliReport report = {
    .scenario = scenario,
    .record = swarm_run_get_record (first),
    .replications = replications,
    .seed = scenario->config->seed,
    .shown = shown,
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
