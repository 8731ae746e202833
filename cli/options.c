/* SPDX-License-Identifier: MIT
 * Option parsing for `swarmsim [run]` and `swarmsim compare` with GOptionContext: one table of
 * entries, so both take the same options with the same checks. Numbers are taken as strings and
 * checked here, so that a bad value gets a message naming the option and the valid range. */
#include "cli/options.h"

#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

G_DEFINE_QUARK (cli - options - error - quark, cli_options_error)

#define HELP_SUMMARY                                                                               \
  "Simulates a Docker Swarm cluster on EC2 and writes what happened: failures, detection and\n"    \
  "recovery times, availability and cost.\n"                                                       \
  "\n"                                                                                             \
  "Commands:\n"                                                                                    \
  "  swarmsim [run] [OPTION…] SCENARIO.ini   run a scenario and write its results\n"             \
  "  swarmsim check [--set …] SCENARIO.ini   validate a scenario and print it resolved\n"        \
  "  swarmsim compare A.ini B.ini …          run scenarios side by side (same seeds)\n"          \
  "  swarmsim --version                      print the version"

#define HELP_EXAMPLES                                                                              \
  "Examples:\n"                                                                                    \
  "  swarmsim scenarios/4node-failover.ini\n"                                                      \
  "      run the teaching cluster; results in results/4node-failover/\n"                           \
  "  swarmsim --timeline scenarios/three-managers.ini\n"                                           \
  "      also print the story of the run, one line per event\n"                                    \
  "  swarmsim --replications 100 --seed 7 scenarios/4node-failover.ini\n"                          \
  "      100 runs with derived seeds: mean, p50, p95, p99 and 95 % CI of recovery time\n"          \
  "  swarmsim --set service.web.replicas=12 --set nodes.worker.count=5 "                           \
  "scenarios/4node-failover.ini\n"                                                                 \
  "      change scenario keys without editing the file\n"                                          \
  "  swarmsim check scenarios/drain-maintenance.ini\n"                                             \
  "      show the cluster, services and timeline without running\n"                                \
  "\n"                                                                                             \
  "Exit status: 0 ok, 1 the run failed, 2 bad options or bad scenario.\n"                          \
  "Scenario keys and their defaults: scenarios/README.md."

#define COMPARE_SUMMARY                                                                             \
  "swarmsim compare [OPTION…] A.ini B.ini …: runs every scenario with the same seeds (common\n" \
  "random numbers) and the same number of replications, prints them side by side and writes\n"      \
  "compare.csv and each variant's summary.csv and recovery.csv."

#define COMPARE_EXAMPLES                                                                           \
  "Examples:\n"                                                                                    \
  "  swarmsim compare -n 1000 scenarios/scale-up-vs-scale-out-up.ini "                             \
  "scenarios/scale-up-vs-scale-out-out.ini\n"                                                      \
  "      1000 replications of each variant, the same seeds for both\n"                             \
  "  swarmsim compare --set swarm.requeue_stale_pending=true A.ini B.ini\n"                        \
  "      the same key changed in every variant\n"                                                  \
  "\n"                                                                                             \
  "Exit status: 0 ok, 1 a run failed, 2 bad options or bad scenario."

/* Which subcommand's options: they share the entries, their texts and their checks. */
typedef enum {
  COMMAND_RUN,
  COMMAND_COMPARE,
} Command;

typedef struct {
  char *seed;
  char *replications;
  char *threads;
  char *plot_replication;
} RawNumbers;

static GOptionContext *
new_context (CliRunOptions *options, RawNumbers *raw, Command command)
{
  const gboolean run = command == COMMAND_RUN;
  const GOptionEntry entries[] = {
    { "seed", 's', 0, G_OPTION_ARG_STRING, &raw->seed,
      run ? "Seed of every random stream (default: [simulation] seed)"
          : "Seed of replication 1 of every variant (default: the first scenario's)",
      "N" },
    { "replications", 'n', 0, G_OPTION_ARG_STRING, &raw->replications,
      run ? "Independent runs with seeds derived from the seed"
          : "Replications per variant (default: the first scenario's)",
      "N" },
    { "threads", 'j', 0, G_OPTION_ARG_STRING, &raw->threads,
      "Run replications on N threads (default: every core); results do not depend on it", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &options->out_dir,
      run ? "Results folder (default: results/SCENARIO-NAME)"
          : "Results folder (default: results/compare-A-vs-B)",
      "DIR" },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->sets,
      run ? "Override a scenario key (repeatable)"
          : "Override a key in every scenario (repeatable)",
      "SECTION.KEY=VALUE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options->quiet, "Print nothing but errors", NULL },
    { "plot", 0, 0, G_OPTION_ARG_NONE, &options->plot,
      "Draw the plots with scripts/plot (needs gnuplot)", NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &options->force,
      "Keep the files you added to a results folder, moving them into the new results", NULL },
    { "check-invariants", 0, 0, G_OPTION_ARG_NONE, &options->check_invariants,
      "Check the world's invariants after every instant; a broken one fails the run (slower)",
      NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->args, NULL,
      run ? "SCENARIO.ini" : "A.ini B.ini …" },
    G_OPTION_ENTRY_NULL,
  };
  /* A comparison has no single run to narrate, and `swarmsim --version` is the program's. */
  const GOptionEntry run_only[] = {
    { "timeline", 't', 0, G_OPTION_ARG_NONE, &options->timeline,
      "Print the narrated timeline of the run", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version, "Print the version", NULL },
    { "plot-replication", 0, 0, G_OPTION_ARG_STRING, &raw->plot_replication,
      "The replication whose timeline, node and task files, summary and plots are written "
      "(default 1)",
      "K" },
    G_OPTION_ENTRY_NULL,
  };

  GOptionContext *context = g_option_context_new (NULL);
  g_option_context_set_summary (context, run ? HELP_SUMMARY : COMPARE_SUMMARY);
  g_option_context_set_description (context, run ? HELP_EXAMPLES : COMPARE_EXAMPLES);
  g_option_context_add_main_entries (context, entries, NULL);
  if (run)
    g_option_context_add_main_entries (context, run_only, NULL);
  return context;
}

static gboolean
parse_number (const char *option, const char *text, guint64 min, guint64 max, guint64 *out,
              GError **error)
{
  if (g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    return TRUE;
  g_set_error (error, CLI_OPTIONS_ERROR, CLI_OPTIONS_ERROR_INVALID,
               "%s: \"%s\" is not valid; expected a whole number from %" G_GUINT64_FORMAT
               " to %" G_GUINT64_FORMAT,
               option, text, min, max);
  return FALSE;
}

/* The number of scenario files each command takes: exactly one for run, two or more for compare. */
static gboolean
check_args (const CliRunOptions *options, Command command, GError **error)
{
  guint n = options->args == NULL ? 0 : g_strv_length (options->args);

  if (command == COMMAND_RUN && n != 1) {
    g_set_error (error, CLI_OPTIONS_ERROR, CLI_OPTIONS_ERROR_INVALID,
                 "swarmsim: %s; expected exactly one scenario file, e.g. swarmsim "
                 "scenarios/4node-failover.ini",
                 n == 0 ? "no scenario given" : "more than one scenario given");
    return FALSE;
  }
  if (command == COMMAND_COMPARE && n < 2) {
    g_set_error (error, CLI_OPTIONS_ERROR, CLI_OPTIONS_ERROR_INVALID,
                 "swarmsim compare: %s; expected two or more scenario files, e.g. swarmsim "
                 "compare A.ini B.ini",
                 n == 0 ? "no scenario given" : "only one scenario given");
    return FALSE;
  }
  return TRUE;
}

static gboolean
parse (CliRunOptions *options, int argc, char **argv, Command command, GError **error)
{
  RawNumbers raw = { NULL, NULL, NULL, NULL };
  g_autoptr (GOptionContext) context = new_context (options, &raw, command);
  const char *name = command == COMMAND_RUN ? "swarmsim" : "swarmsim compare";
  /* g_option_context_parse() rearranges the array it is given; parse a copy. */
  g_autofree char **copy = g_new0 (char *, (gsize)argc + 1);
  memcpy (copy, argv, sizeof (char *) * (gsize)argc);
  int copy_argc = argc;
  char **copy_argv = copy;

  GError *local = NULL;
  gboolean ok = g_option_context_parse (context, &copy_argc, &copy_argv, &local);
  if (!ok) {
    g_set_error (error, CLI_OPTIONS_ERROR, CLI_OPTIONS_ERROR_INVALID,
                 "%s: %s; expected the options listed by %s --help", name, local->message, name);
    g_error_free (local);
  }
  guint64 value = 0;
  if (ok && raw.seed != NULL) {
    ok = parse_number ("--seed", raw.seed, 0, G_MAXUINT64, &options->seed, error);
    options->seed_set = ok;
  }
  if (ok && raw.replications != NULL) {
    ok = parse_number ("--replications", raw.replications, 1, 100000, &value, error);
    options->replications = (guint)value;
  }
  if (ok && raw.plot_replication != NULL) {
    ok = parse_number ("--plot-replication", raw.plot_replication, 1, 100000, &value, error);
    options->plot_replication = (guint)value;
  }
  if (ok && raw.threads != NULL) {
    ok = parse_number ("--threads", raw.threads, 1, 1024, &value, error);
    options->threads = (guint)value;
  }
  if (ok && options->out_dir != NULL && options->out_dir[0] == '\0') {
    g_set_error_literal (error, CLI_OPTIONS_ERROR, CLI_OPTIONS_ERROR_INVALID,
                         "--out: the folder name is empty; expected a folder path");
    ok = FALSE;
  }
  if (ok && !options->version)
    ok = check_args (options, command, error);
  g_free (raw.seed);
  g_free (raw.replications);
  g_free (raw.threads);
  g_free (raw.plot_replication);
  return ok;
}

gboolean
cli_run_options_parse (CliRunOptions *options, int argc, char **argv, GError **error)
{
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return parse (options, argc, argv, COMMAND_RUN, error);
}

gboolean
cli_compare_options_parse (CliRunOptions *options, int argc, char **argv, GError **error)
{
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return parse (options, argc, argv, COMMAND_COMPARE, error);
}

void
cli_run_options_clear (CliRunOptions *options)
{
  g_clear_pointer (&options->out_dir, g_free);
  g_clear_pointer (&options->sets, g_strfreev);
  g_clear_pointer (&options->args, g_strfreev);
  memset (options, 0, sizeof *options);
}

static char *
dup_help (Command command)
{
  CliRunOptions options = { 0 };
  RawNumbers raw = { NULL, NULL, NULL, NULL };
  g_autoptr (GOptionContext) context = new_context (&options, &raw, command);
  return g_option_context_get_help (context, TRUE, NULL);
}

char *
cli_run_options_dup_help (void)
{
  return dup_help (COMMAND_RUN);
}

char *
cli_compare_options_dup_help (void)
{
  return dup_help (COMMAND_COMPARE);
}

void
cli_print_error (const char *message)
{
  /* Messages start with where the problem is (a path, an option, or "swarmsim"), like a compiler's.
   */
  fprintf (stderr, "%s\n", message);
}

const char *
cli_get_version (void)
{
  return SWARMSIM_VERSION;
}
