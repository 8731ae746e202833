/* SPDX-License-Identifier: MIT
 * `swarmsim compare A.ini B.ini ...`: every variant runs the same replications with the same seeds
 * (common random numbers), in parallel, with the options of `run` (--set applies to every
 * variant); the table (compare_table.c) shows each metric's mean and 95 % interval side by side,
 * and compare.csv holds mean, interval, p50, p95, p99 and n per variant and metric. */
#include "cli/commands.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/compare_table.h"
#include "cli/csv_out.h"
#include "cli/options.h"
#include "cli/parallel.h"
#include "cli/plot.h"
#include "cli/replications.h"
#include "cli/results.h"
#include "cli/scenario.h"
#include "cli/scenario_ext.h"

typedef struct {
  CliScenario *scenario;     /* owned */
  const CliScenarioExt *ext; /* unowned: the scenario's pools, workloads and failures */
} Variant;

typedef struct {
  GPtrArray *variants; /* (element-type Variant) */
  guint replications;
  guint64 seed;
  CliReplication **slots; /* variants × replications, owned */
} Compare;

static void
variant_free (gpointer data)
{
  Variant *v = data;

  cli_scenario_free (v->scenario);
  g_free (v);
}

static void
add_metric (GPtrArray *metrics, const char *name, double value, const char *unit)
{
  CliMetric *m = g_new0 (CliMetric, 1);

  m->name = g_strdup (name);
  m->value = value;
  m->unit = g_strdup (unit);
  g_ptr_array_add (metrics, m);
}

/* The metrics only compare reports: the pools' steps and the injected failures the scenario
 * schedules (the capacity, reservation and pending metrics come with every replication, see
 * cli_replication_new()). */
static void
add_scenario_metrics (GPtrArray *metrics, const CliRunExt *run)
{
  add_metric (metrics, "pool_steps", (double)cli_run_ext_get_pool_steps (run), "count");
  add_metric (metrics, "failures_injected", (double)cli_run_ext_get_failures (run), "count");
}

/* The record's "failures" counts every recovery row; compare reports the record's split into
 * injected failures and pool resizes (SwarmRecordMetrics: detection and recovery cover injected
 * failures only, resizes are counted apart, their recovery still pools into recovery_s), and adds
 * the batch jobs' metrics. Availability rows of batch jobs' own services (one per job) are left
 * out: the jobs' metrics say how they fared. */
static void
split_metrics (CliReplication *rep, const SwarmRecord *record, const CliRunExt *run)
{
  SwarmRecordMetrics split;

  swarm_record_get_metrics (record, &split);
  const struct {
    const char *name;
    double value;
  } failure_metrics[] = {
    { "failures", (double)split.failures },
    { "failures_recovered", (double)split.failures_recovered },
    { "detection_mean_s", split.detection_mean_s },
    { "recovery_mean_s", split.recovery_mean_s },
    { "recovery_max_s", split.recovery_max_s },
  };
  for (guint i = 0; i < rep->metrics->len; i++) {
    CliMetric *m = rep->metrics->pdata[i];
    for (gsize k = 0; k < G_N_ELEMENTS (failure_metrics); k++)
      if (g_strcmp0 (m->name, failure_metrics[k].name) == 0)
        m->value = failure_metrics[k].value;
  }
  add_metric (rep->metrics, "resizes", (double)split.resizes, "count");
  cli_run_ext_add_job_metrics (run, rep->metrics);
}

static gboolean
run_slot (guint slot, gpointer user_data, GError **error)
{
  Compare *c = user_data;
  const Variant *v = c->variants->pdata[slot / c->replications];
  guint index = slot % c->replications + 1;
  guint64 seed = cli_replication_seed (c->seed, index); /* the same for every variant */
  g_autoptr (SwarmWorld) world = swarm_world_new (v->scenario->config, seed, error);
  CliRunExt *run;
  CliReplication *rep;

  if (world == NULL)
    return FALSE;
  run = cli_run_ext_attach (v->ext, world, v->scenario->config, seed, error);
  if (run == NULL || !swarm_world_run (world, error)) {
    cli_run_ext_free (run);
    return FALSE;
  }
  rep = cli_replication_new (v->scenario->config, swarm_world_get_record (world), index, seed);
  add_scenario_metrics (rep->metrics, run);
  split_metrics (rep, swarm_world_get_record (world), run);
  cli_run_ext_free (run); /* before the world: it cancels its events on the world's engine */
  c->slots[slot] = rep;
  return TRUE;
}

/* recovery_s pools every recovery row of every replication; replicas_lost_per_failure pools the
 * injected failures' rows (kind crash or partition: crashes, reboots, zone outages, spot
 * interruptions) and replicas_lost_per_resize the pools' own rows (kind resize or remove), so a
 * scale-up pool's resizes do not pass for failures. The other metrics take one value per
 * replication (NAN values, e.g. no failure, are left out). */
static GPtrArray *
variant_rows (CliReplication **reps, guint n)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)cli_compare_table_row_free);
  g_autoptr (GArray) recovery = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) lost = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) lost_resize = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < n; r++)
    for (guint i = 0; i < reps[r]->recoveries->len; i++) {
      const SwarmRecoveryRow *row = &g_array_index (reps[r]->recoveries, SwarmRecoveryRow, i);
      double x = row->replicas_lost;

      g_array_append_val (swarm_recovery_row_is_resize (row) ? lost_resize : lost, x);
      if (row->recovery_us == SIM_TIME_NEVER)
        continue;
      x = sim_time_to_seconds (row->recovery_us);
      g_array_append_val (recovery, x);
    }
  g_ptr_array_add (rows, cli_compare_table_row_new ("recovery_s", recovery));
  g_ptr_array_add (rows, cli_compare_table_row_new ("replicas_lost_per_failure", lost));
  g_ptr_array_add (rows, cli_compare_table_row_new ("replicas_lost_per_resize", lost_resize));
  for (guint m = 0; m < reps[0]->metrics->len; m++) {
    const char *name = ((CliMetric *)reps[0]->metrics->pdata[m])->name;
    g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint r = 0; r < n; r++) {
      const CliMetric *metric = cli_replication_get_metric (reps[r], name);

      if (metric != NULL && isfinite (metric->value))
        g_array_append_val (values, metric->value);
    }
    g_ptr_array_add (rows, cli_compare_table_row_new (name, values));
  }
  return rows;
}

static gboolean
write_compare_csv (const Compare *c, const GPtrArray *rows, const char *path, GError **error)
{
  static const char *const header[] = { "variant", "metric", "mean", "ci95_low", "ci95_high",
                                        "p50",     "p95",    "p99",  "n",        NULL };
  g_autoptr (CliCsv) csv = cli_csv_new (path, header, error);

  if (csv == NULL)
    return FALSE;
  for (guint v = 0; v < c->variants->len; v++)
    for (guint i = 0; i < ((GPtrArray *)rows->pdata[v])->len; i++) {
      const CliCompareRow *r = ((GPtrArray *)rows->pdata[v])->pdata[i];

      cli_csv_add_string (csv, ((Variant *)c->variants->pdata[v])->scenario->name);
      cli_csv_add_string (csv, r->metric);
      cli_csv_add_double (csv, r->mean, 6);
      cli_csv_add_double (csv, r->low, 6);
      cli_csv_add_double (csv, r->high, 6);
      cli_csv_add_double (csv, r->p50, 6);
      cli_csv_add_double (csv, r->p95, 6);
      cli_csv_add_double (csv, r->p99, 6);
      cli_csv_add_int (csv, r->n);
      cli_csv_end_row (csv);
    }
  return cli_csv_close (csv, error);
}

/* A variant's sub-folder: its recovery.csv and summary.csv, with a replication column. */
static gboolean
write_variant (CliReplication **reps, guint n, const char *dir, GError **error)
{
  static const char *const sh[] = { "replication", "metric", "value", "unit", NULL };
  static const char *const rh[] = { "replication",
                                    "failure",
                                    "kind",
                                    "target",
                                    "t_failure_s",
                                    "t_detected_s",
                                    "t_first_scheduled_s",
                                    "t_all_running_s",
                                    "recovery_s",
                                    "replicas_lost",
                                    "replica_seconds_lost",
                                    NULL };
  g_autofree char *sp = g_build_filename (dir, "summary.csv", NULL);
  g_autofree char *rp = g_build_filename (dir, "recovery.csv", NULL);
  g_autoptr (CliCsv) s = NULL;
  g_autoptr (CliCsv) r = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0) {
    g_set_error (error, CLI_CSV_ERROR, CLI_CSV_ERROR_IO, "%s: cannot create the folder", dir);
    return FALSE;
  }
  s = cli_csv_new (sp, sh, error);
  r = s != NULL ? cli_csv_new (rp, rh, error) : NULL;
  if (r == NULL)
    return FALSE;
  for (guint k = 0; k < n; k++) {
    for (guint m = 0; m < reps[k]->metrics->len; m++) {
      const CliMetric *metric = reps[k]->metrics->pdata[m];

      cli_csv_add_int (s, reps[k]->index);
      cli_csv_add_string (s, metric->name);
      cli_csv_add_double (s, metric->value, 6);
      cli_csv_add_string (s, metric->unit);
      cli_csv_end_row (s);
    }
    for (guint i = 0; i < reps[k]->recoveries->len; i++) {
      const SwarmRecoveryRow *row = &g_array_index (reps[k]->recoveries, SwarmRecoveryRow, i);

      cli_csv_add_int (r, reps[k]->index);
      cli_csv_add_int (r, row->failure);
      cli_csv_add_string (r, row->kind);
      cli_csv_add_string (r, row->target);
      cli_csv_add_seconds (r, row->t_failure_us);
      cli_csv_add_seconds (r, row->t_detected_us);
      cli_csv_add_seconds (r, row->t_first_scheduled_us);
      cli_csv_add_seconds (r, row->t_all_running_us);
      cli_csv_add_seconds (r, row->recovery_us);
      cli_csv_add_int (r, row->replicas_lost);
      cli_csv_add_double (r, row->replica_seconds_lost, 3);
      cli_csv_end_row (r);
    }
  }
  return cli_csv_close (s, error) && cli_csv_close (r, error);
}

/* Loads one variant with the --set overrides. A message that does not start with the file's path
 * (an override's, "--set: …") gets it, since the same override may suit one variant and not
 * another. */
static Variant *
load_variant (const char *path, const char *const *sets, GError **error)
{
  CliScenario *scenario = cli_scenario_load (path, sets, error);
  Variant *v;

  if (scenario == NULL) {
    if (!g_str_has_prefix ((*error)->message, path))
      g_prefix_error (error, "%s: ", path);
    return NULL;
  }
  v = g_new0 (Variant, 1);
  v->scenario = scenario;
  v->ext = scenario->ext;
  return v;
}

static const char *
variant_name (const Compare *c, guint v)
{
  return ((Variant *)c->variants->pdata[v])->scenario->name;
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
print_table (const Compare *c, const GPtrArray *rows)
{
  g_autofree const char **names = g_new0 (const char *, c->variants->len + 1);
  g_autofree char *table = NULL;

  for (guint v = 0; v < c->variants->len; v++)
    names[v] = variant_name (c, v);
  table = cli_compare_table_format (names, (GPtrArray *const *)rows->pdata, c->variants->len);
  fputs (table, stdout);
}

/* compare.csv, then a sub-folder per variant with its summary.csv and recovery.csv. */
static gboolean
write_results (const Compare *c, const GPtrArray *rows, const CliResultsDir *dir, GError **error)
{
  g_autofree char *csv = cli_results_dir_build_path (dir, "compare.csv");

  if (!write_compare_csv (c, rows, csv, error))
    return FALSE;
  for (guint v = 0; v < c->variants->len; v++) {
    g_autofree char *sub = cli_results_dir_build_path (dir, variant_name (c, v));

    if (!write_variant (c->slots + v * c->replications, c->replications, sub, error))
      return FALSE;
  }
  return TRUE;
}

/* Runs every variant's replications (the caller frees c->slots), prints the table, writes and
 * commits the results folder @out, and plots it if asked. */
static int
run_compare (Compare *c, const CliRunOptions *options, const char *out)
{
  CliParallelOptions popts = CLI_PARALLEL_OPTIONS_INIT;
  guint total = c->variants->len * c->replications;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  /* Checked before running: a refused folder should not cost a whole comparison. */
  g_autoptr (CliResultsDir) dir = cli_results_dir_begin (out, options->force, &error);

  if (dir == NULL) {
    cli_print_error (error->message);
    return exit_status_for (error);
  }
  popts.threads = options->threads;
  popts.progress = !options->quiet;
  popts.label = "compare";
  c->slots = g_new0 (CliReplication *, total);
  if (!cli_parallel_run (total, &popts, run_slot, c, &error)) {
    g_prefix_error (&error, "swarmsim compare: run failed: ");
    cli_print_error (error->message);
    return CLI_EXIT_RUN_FAILED;
  }
  for (guint v = 0; v < c->variants->len; v++)
    g_ptr_array_add (rows, variant_rows (c->slots + v * c->replications, c->replications));
  if (!options->quiet)
    print_table (c, rows);
  if (!write_results (c, rows, dir, &error) || !cli_results_dir_commit (dir, &error)) {
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
  g_autoptr (GPtrArray) variants = g_ptr_array_new_with_free_func (variant_free);
  g_autoptr (GString) name = g_string_new ("compare");
  g_autofree char *out = NULL;
  Compare c = { NULL, 0, 0, NULL };
  int status;

  if (!cli_compare_options_parse (&options, argc, argv, &error)) {
    cli_print_error (error->message);
    return CLI_EXIT_BAD_INPUT;
  }
  for (guint i = 0; options.args[i] != NULL; i++) {
    Variant *v = load_variant (options.args[i], (const char *const *)options.sets, &error);

    if (v == NULL) {
      cli_print_error (error->message);
      return CLI_EXIT_BAD_INPUT;
    }
    g_ptr_array_add (variants, v);
    g_string_append_printf (name, "%s%s", i == 0 ? "-" : "-vs-", v->scenario->name);
  }
  c.variants = variants;
  c.replications = options.replications > 0
                       ? options.replications
                       : ((Variant *)variants->pdata[0])->scenario->replications;
  c.seed =
      options.seed_set ? options.seed : ((Variant *)variants->pdata[0])->scenario->config->seed;
  out = options.out_dir != NULL ? g_strdup (options.out_dir)
                                : g_build_filename ("results", name->str, NULL);
  status = run_compare (&c, &options, out);
  for (guint i = 0; c.slots != NULL && i < variants->len * c.replications; i++)
    cli_replication_free (c.slots[i]);
  g_free (c.slots);
  return status;
}
