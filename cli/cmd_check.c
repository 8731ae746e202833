/* SPDX-License-Identifier: MIT
 * `swarmsim check [--set ...] [--resolved] SCENARIO.ini`: validates a scenario exactly as a run
 * would, then prints the cluster, services and timeline it describes, without simulating. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/report.h"
#include "cli/scenario.h"
#include "cli/scenario_ext.h"
#include "sim/units.h"

typedef struct {
  char **sets;       /* owned */
  gboolean resolved; /* print scenario.resolved.ini instead of the description */
  char **args;       /* owned */
} CheckOptions;

static void
check_options_clear (CheckOptions *options)
{
  g_clear_pointer (&options->sets, g_strfreev);
  g_clear_pointer (&options->args, g_strfreev);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CheckOptions, check_options_clear)

static gboolean
parse_options (CheckOptions *options, int argc, char **argv, GError **error)
{
  const GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->sets,
      "Override a scenario key (repeatable)", "SECTION.KEY=VALUE" },
    { "resolved", 0, 0, G_OPTION_ARG_NONE, &options->resolved,
      "Print the scenario with every default filled in (scenario.resolved.ini)", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->args, NULL, "SCENARIO.ini" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Validates a scenario and prints the cluster, services "
                                         "and timeline it describes, without running it.");
  g_option_context_set_description (context,
                                    "Example:\n  swarmsim check scenarios/4node-failover.ini");
  g_option_context_add_main_entries (context, entries, NULL);

  GError *local = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &local)) {
    g_set_error (error, CLI_OPTIONS_ERROR, CLI_OPTIONS_ERROR_INVALID,
                 "swarmsim check: %s; expected the options listed by swarmsim check --help",
                 local->message);
    g_error_free (local);
    return FALSE;
  }
  /* No argument at all leaves the array NULL. */
  if (options->args == NULL || g_strv_length (options->args) != 1) {
    g_set_error_literal (error, CLI_OPTIONS_ERROR, CLI_OPTIONS_ERROR_INVALID,
                         "swarmsim check: expected exactly one scenario file, e.g. swarmsim "
                         "check scenarios/4node-failover.ini");
    return FALSE;
  }
  return TRUE;
}

int
cli_cmd_check (int argc, char **argv)
{
  g_auto (CheckOptions) options = { NULL, FALSE, NULL };
  g_autoptr (GError) error = NULL;

  if (!parse_options (&options, argc, argv, &error)) {
    cli_print_error (error->message);
    return CLI_EXIT_BAD_INPUT;
  }
  g_autoptr (CliScenario) scenario =
      cli_scenario_load (options.args[0], (const char *const *)options.sets, &error);
  if (scenario == NULL) {
    cli_print_error (error->message);
    return CLI_EXIT_BAD_INPUT;
  }

  /* Warnings go to standard error, as a run prints them, so --resolved output stays an INI file. */
  g_auto (GStrv) warnings = cli_scenario_dup_warnings (scenario);
  for (gsize i = 0; warnings[i] != NULL; i++)
    cli_print_error (warnings[i]);

  if (options.resolved) {
    g_autofree char *ini = cli_scenario_to_resolved_ini (scenario, cli_get_version ());
    fputs (ini, stdout);
    return CLI_EXIT_OK;
  }

  const SwarmConfig *config = scenario->config;
  g_autofree char *duration = sim_duration_to_string (config->duration_us);
  g_autofree char *cluster = cli_report_dup_cluster (config);
  g_autofree char *services = cli_report_dup_services (config);
  g_autofree char *timeline = cli_report_dup_timeline (config);
  g_autofree char *ext = cli_scenario_ext_dup_description (scenario->model);
  printf ("%s: valid scenario \"%s\": %s simulated, seed %" G_GUINT64_FORMAT
          ", %u replication%s\n\n"
          "%s\n%s\n%s%s%s",
          scenario->path, scenario->name, duration, config->seed, scenario->model->replications,
          scenario->model->replications == 1 ? "" : "s", cluster, services, timeline,
          ext[0] != '\0' ? "\n" : "", ext);
  return CLI_EXIT_OK;
}
