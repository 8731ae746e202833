/* SPDX-License-Identifier: MIT
 * `swarmsim compare A.ini B.ini ...`: every variant runs the same replications with the same seeds
 * (common random numbers), in parallel, with the options of `run` (--set applies to every
 * variant). The replications, their metrics and their statistics are the run layer's, the very
 * ones `run` reports; this file prints the side-by-side table and the paired differences
 * (compare_table.c) and writes compare.csv, compare_paired.csv and one sub-folder per variant. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "cli/compare_table.h"
#include "cli/csv_out.h"
#include "cli/metrics_out.h"
#include "cli/options.h"
#include "cli/plot.h"
#include "cli/replications.h"
#include "cli/results.h"
#include "cli/scenario.h"
#include "models/run/stats.h"

typedef struct {
  GPtrArray *variants; /* (element-type CliScenario) owned */
  guint replications;  /* per variant */
  guint64 seed;
  GPtrArray *reps;   /* (element-type RunReplication) owned: variants × replications */
  GPtrArray *stats;  /* (element-type GPtrArray of RunStatRow) owned: one per variant */
  GPtrArray *paired; /* (element-type GPtrArray of RunStatRow) owned: one per variant after the
                        first, its differences from the first (run_stats_compute_paired) */
} Compare;

static RunReplication *const *
variant_reps (const Compare *c, guint v)
{
  return (RunReplication *const *)c->reps->pdata + v * c->replications;
}

/* Loads one variant with the --set overrides. A message that does not start with the file's path
 * (an override's, "--set: …") gets it, since the same override may suit one variant and not
 * another. Warnings go to standard error, as `run` prints them. */
static CliScenario *
load_variant (const char *path, const char *const *sets, GError **error)
{
  CliScenario *scenario = cli_scenario_load (path, sets, error);

  if (scenario == NULL) {
    if (!g_str_has_prefix ((*error)->message, path))
      g_prefix_error (error, "%s: ", path);
    return NULL;
  }
  g_auto (GStrv) warnings = cli_scenario_dup_warnings (scenario);
  for (gsize i = 0; warnings[i] != NULL; i++)
    cli_print_error (warnings[i]);
  return scenario;
}

static const char *
variant_name (const Compare *c, guint v)
{
  return ((CliScenario *)c->variants->pdata[v])->name;
}

/* Each variant writes the sub-folder of its name, so two variants of one name (a/variant.ini and
 * b/variant.ini, or one file given twice) would write one folder, the second over the first, and
 * share one column of the table. Refused rather than renamed: the folders and columns keep the
 * names the files have. */
static gboolean
check_names_apart (const GPtrArray *variants, GError **error)
{
  for (guint v = 1; v < variants->len; v++) {
    const CliScenario *b = variants->pdata[v];

    for (guint u = 0; u < v; u++) {
      const CliScenario *a = variants->pdata[u];

      if (strcmp (a->name, b->name) != 0)
        continue;
      g_set_error (error, CLI_OPTIONS_ERROR, CLI_OPTIONS_ERROR_INVALID,
                   "swarmsim compare: %s and %s are both variant \"%s\" and would write one "
                   "folder %s/; expected variants whose file names differ",
                   a->path, b->path, a->name, a->name);
      return FALSE;
    }
  }
  return TRUE;
}

/* Bad input or a refused output folder: 2; anything that went wrong while running or writing: 1. */
static int
exit_status_for (const GError *error)
{
  if (error->domain == CLI_RESULTS_ERROR && error->code == CLI_RESULTS_ERROR_NOT_OURS)
    return CLI_EXIT_BAD_INPUT;
  return CLI_EXIT_RUN_FAILED;
}

static void
print_table (const Compare *c)
{
  g_autofree const char **names = g_new0 (const char *, c->variants->len + 1);
  g_autofree char *table = NULL, *paired = NULL;

  for (guint v = 0; v < c->variants->len; v++)
    names[v] = variant_name (c, v);
  table = cli_compare_table_format (names, (GPtrArray *const *)c->stats->pdata, c->variants->len);
  paired = cli_compare_table_format_paired (names, (GPtrArray *const *)c->paired->pdata,
                                            c->variants->len);
  /* The paired section under the table, a blank line between. */
  printf ("%s\n%s", table, paired);
}

/* A variant's sub-folder: its summary.csv, recovery.csv, control_plane.csv and statistics.csv,
 * written as `run` writes them. */
static gboolean
write_variant (const Compare *c, guint v, const char *dir, GError **error)
{
  RunReplication *const *reps = variant_reps (c, v);
  GPtrArray *stats = g_ptr_array_index (c->stats, v);
  g_autofree char *summary = g_build_filename (dir, "summary.csv", NULL);
  g_autofree char *recovery = g_build_filename (dir, "recovery.csv", NULL);
  g_autofree char *control = g_build_filename (dir, "control_plane.csv", NULL);
  g_autofree char *statistics = g_build_filename (dir, "statistics.csv", NULL);

  if (g_mkdir_with_parents (dir, 0777) != 0) { /* the umask decides */
    g_set_error (error, CLI_CSV_ERROR, CLI_CSV_ERROR_IO, "%s: cannot create the folder", dir);
    return FALSE;
  }
  return cli_metrics_write_summary (summary, reps, c->replications, error) &&
         cli_metrics_write_recovery (recovery, reps, c->replications, error) &&
         cli_metrics_write_control_plane (control, reps, c->replications, error) &&
         cli_metrics_write_statistics (statistics, NULL, &stats, 1, error);
}

/* compare.csv, compare_paired.csv, then a sub-folder per variant. */
static gboolean
write_results (const Compare *c, const CliResultsDir *dir, GError **error)
{
  g_autofree char *csv = cli_results_dir_build_path (dir, "compare.csv");
  g_autofree char *paired = cli_results_dir_build_path (dir, "compare_paired.csv");
  g_autofree const char **names = g_new0 (const char *, c->variants->len + 1);

  for (guint v = 0; v < c->variants->len; v++)
    names[v] = variant_name (c, v);
  if (!cli_metrics_write_statistics (csv, names, (GPtrArray *const *)c->stats->pdata,
                                     c->variants->len, error) ||
      !cli_metrics_write_paired (paired, names, (GPtrArray *const *)c->paired->pdata,
                                 c->variants->len, error))
    return FALSE;
  for (guint v = 0; v < c->variants->len; v++) {
    g_autofree char *sub = cli_results_dir_build_path (dir, variant_name (c, v));

    if (!write_variant (c, v, sub, error))
      return FALSE;
  }
  return TRUE;
}

/* Runs every variant's replications, prints the table, writes and commits the results folder
 * @out, and plots it if asked. */
static int
run_compare (Compare *c, const CliRunOptions *options, const char *out)
{
  CliReplicationsOptions loop = CLI_REPLICATIONS_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  /* Checked before running: a refused folder should not cost a whole comparison. */
  g_autoptr (CliResultsDir) dir = cli_results_dir_begin (out, options->force, &error);

  if (dir == NULL) {
    cli_print_error (error->message);
    return exit_status_for (error);
  }
  loop.threads = options->threads;
  loop.progress = !options->quiet;
  loop.label = "compare";
  loop.check_invariants = options->check_invariants;
  c->reps = cli_replications_run ((CliScenario *const *)c->variants->pdata, c->variants->len,
                                  c->seed, c->replications, &loop, NULL, &error);
  if (c->reps == NULL) {
    g_prefix_error (&error, "swarmsim compare: run failed: ");
    cli_print_error (error->message);
    return CLI_EXIT_RUN_FAILED;
  }
  for (guint v = 0; v < c->variants->len; v++)
    g_ptr_array_add (c->stats, run_stats_compute (variant_reps (c, v), c->replications));
  /* The same seeds in every variant: replication k of each is a pair. */
  for (guint v = 1; v < c->variants->len; v++)
    g_ptr_array_add (c->paired, run_stats_compute_paired (variant_reps (c, 0), variant_reps (c, v),
                                                          c->replications));
  if (!options->quiet)
    print_table (c);
  if (!write_results (c, dir, &error) || !cli_results_dir_commit (dir, &error)) {
    cli_print_error (error->message);
    return exit_status_for (error);
  }
  if (!options->quiet)
    printf ("results in %s/\n", out);
  fflush (stdout);
  if (options->plot && !cli_plot_draw (out, options->quiet))
    return CLI_EXIT_RUN_FAILED;
  return CLI_EXIT_OK;
}

int
cli_cmd_compare (int argc, char **argv)
{
  g_auto (CliRunOptions) options = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) variants =
      g_ptr_array_new_with_free_func ((GDestroyNotify)cli_scenario_free);
  g_autoptr (GPtrArray) stats = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autoptr (GPtrArray) paired = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autoptr (GString) name = g_string_new ("compare");
  g_autofree char *out = NULL;
  Compare c = { variants, 0, 0, NULL, stats, paired };
  int status;

  if (!cli_compare_options_parse (&options, argc, argv, &error)) {
    cli_print_error (error->message);
    return CLI_EXIT_BAD_INPUT;
  }
  for (guint i = 0; options.args[i] != NULL; i++) {
    CliScenario *v = load_variant (options.args[i], (const char *const *)options.sets, &error);

    if (v == NULL) {
      cli_print_error (error->message);
      return CLI_EXIT_BAD_INPUT;
    }
    g_ptr_array_add (variants, v);
    g_string_append_printf (name, "%s%s", i == 0 ? "-" : "-vs-", v->name);
  }
  if (!check_names_apart (variants, &error)) {
    cli_print_error (error->message);
    return CLI_EXIT_BAD_INPUT;
  }
  const CliScenario *first = variants->pdata[0];
  c.replications = options.replications > 0 ? options.replications : first->model->replications;
  c.seed = options.seed_set ? options.seed : first->config->seed;
  out = options.out_dir != NULL ? g_strdup (options.out_dir)
                                : g_build_filename ("results", name->str, NULL);
  status = run_compare (&c, &options, out);
  g_clear_pointer (&c.reps, g_ptr_array_unref);
  return status;
}
