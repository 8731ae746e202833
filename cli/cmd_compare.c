/* SPDX-License-Identifier: MIT
 * `swarmsim compare A.ini B.ini ...`: every variant runs the same replications with the same seeds
 * (common random numbers), in parallel; the table shows each metric's mean and 95 % interval side
 * by side, and compare.csv holds mean, interval, p50, p95, p99 and n per variant and metric. */
#include "cli/commands.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/csv_out.h"
#include "cli/parallel.h"
#include "cli/replications.h"
#include "cli/results.h"
#include "cli/scenario.h"
#include "cli/scenario_ext.h"
#include "sim/stats.h"

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

/* The pools' metrics, from the record's per-step rows: capacity, utilisation, pending work.
 *
 * cpu_reserved_share_mean and _peak are the share of the ready nodes' CPU capacity that is
 * reserved, min(reserved, capacity) / capacity, time-weighted (mean) or largest (peak) over the
 * steps where capacity > 0, so both lie in [0, 1]. Steps without capacity are left out, and
 * reserved is capped at capacity, because the record counts the tasks of a stopped node (during a
 * scale-up resize) as reserved until they are rescheduled while its capacity is already gone: the
 * raw ratio then exceeds 1 (7.5 for the scale-up variant) and measures the resize, not the load.
 * NAN when no step had capacity. */
static void
add_pool_metrics (GPtrArray *metrics, const SwarmRecord *record, const CliRunExt *run)
{
  const GArray *cluster = swarm_record_get_cluster (record);
  const GArray *timeline = swarm_record_get_timeline (record);
  double cap = 0, util = 0, peak = NAN, span = 0, util_span = 0, pending_ts = 0, pending_time = 0;
  guint64 pending_peak = 0;
  SimTime last_pending_t = -1;
  guint64 pending_now = 0;

  for (guint i = 0; i + 1 < cluster->len; i++) {
    const SwarmClusterRow *r = &g_array_index (cluster, SwarmClusterRow, i);
    double dt =
        sim_time_to_seconds (g_array_index (cluster, SwarmClusterRow, i + 1).t_us - r->t_us);

    cap += dt * (double)r->cpu_capacity_nanocpus / 1e9;
    span += dt;
    if (r->cpu_capacity_nanocpus > 0) {
      double reserved = (double)MIN (r->cpu_reserved_nanocpus, r->cpu_capacity_nanocpus);
      double u = reserved / (double)r->cpu_capacity_nanocpus;

      util += dt * u;
      util_span += dt;
      peak = isnan (peak) ? u : MAX (peak, u);
    }
  }
  /* Pending tasks summed over services at each step; the rows come in time order. */
  for (guint i = 0; i <= timeline->len; i++) {
    const SwarmTimelineRow *r =
        i < timeline->len ? &g_array_index (timeline, SwarmTimelineRow, i) : NULL;

    if (r == NULL || r->t_us != last_pending_t) {
      if (last_pending_t >= 0 && r != NULL) {
        double dt = sim_time_to_seconds (r->t_us - last_pending_t);

        pending_ts += dt * (double)pending_now;
        pending_time += pending_now > 0 ? dt : 0;
      }
      pending_peak = MAX (pending_peak, pending_now);
      pending_now = 0;
      if (r == NULL)
        break;
      last_pending_t = r->t_us;
    }
    pending_now += r->pending;
  }
  add_metric (metrics, "capacity_cores_mean", span > 0 ? cap / span : NAN, "cores");
  add_metric (metrics, "cpu_reserved_share_mean", util_span > 0 ? util / util_span : NAN, "ratio");
  add_metric (metrics, "cpu_reserved_share_peak", peak, "ratio");
  add_metric (metrics, "pending_tasks_peak", (double)pending_peak, "tasks");
  add_metric (metrics, "pending_time_s", pending_time, "s");
  add_metric (metrics, "pending_task_seconds", pending_ts, "task*s");
  add_metric (metrics, "pool_steps", (double)cli_run_ext_get_pool_steps (run), "count");
  add_metric (metrics, "failures_injected", (double)cli_run_ext_get_failures (run), "count");
}

/* A pool's own step (a scale-up resize, or a scale-in that terminates a node) rather than a
 * failure. */
static gboolean
is_resize (const SwarmRecoveryRow *row)
{
  return g_strcmp0 (row->kind, "resize") == 0 || g_strcmp0 (row->kind, "remove") == 0;
}

/* The record's "failures" counts every recovery row; compare splits it into injected failures and
 * pool resizes, and adds the batch jobs' metrics. Availability rows of batch jobs' own services
 * (one per job) are left out: the jobs' metrics say how they fared. */
static void
split_metrics (CliReplication *rep, const SwarmConfig *config, const CliRunExt *run)
{
  guint failures = 0, resizes = 0;

  for (guint i = 0; i < rep->recoveries->len; i++)
    if (is_resize (&g_array_index (rep->recoveries, SwarmRecoveryRow, i)))
      resizes++;
    else
      failures++;
  for (guint i = rep->metrics->len; i-- > 0;) {
    CliMetric *m = rep->metrics->pdata[i];
    gboolean configured = FALSE;

    if (g_strcmp0 (m->name, "failures") == 0) {
      m->value = (double)failures;
      continue;
    }
    if (!g_str_has_prefix (m->name, "availability."))
      continue;
    for (guint k = 0; k < config->services->len && !configured; k++)
      configured = g_strcmp0 (((SwarmServiceConfig *)config->services->pdata[k])->spec->name,
                              m->name + strlen ("availability.")) == 0;
    if (!configured)
      g_ptr_array_remove_index (rep->metrics, i);
  }
  add_metric (rep->metrics, "resizes", (double)resizes, "count");
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
  add_pool_metrics (rep->metrics, swarm_world_get_record (world), run);
  split_metrics (rep, v->scenario->config, run);
  cli_run_ext_free (run); /* before the world: it cancels its events on the world's engine */
  c->slots[slot] = rep;
  return TRUE;
}

typedef struct {
  char *metric; /* owned */
  double mean, low, high, p50, p95, p99;
  guint n;
} Row;

static void
row_free (gpointer data)
{
  Row *r = data;

  g_free (r->metric);
  g_free (r);
}

/* Mean with a Student-t 95 % interval (GSL quantile, through the kernel) and exact type-7
 * percentiles over @values (sorted in place). */
static void
add_row (GPtrArray *rows, const char *metric, GArray *values)
{
  Row *r = g_new0 (Row, 1);
  SimStat stat;
  double half;

  sim_stat_init (&stat);
  for (guint i = 0; i < values->len; i++)
    sim_stat_add (&stat, g_array_index (values, double, i));
  r->metric = g_strdup (metric);
  r->n = values->len;
  r->mean = values->len > 0 ? stat.mean : NAN;
  half = sim_stats_t_half_width (&stat, 0.95);
  r->low = r->mean - half;
  r->high = r->mean + half;
  r->p50 = r->p95 = r->p99 = NAN;
  if (values->len > 0) {
    double *v = (double *)(void *)values->data;

    r->p50 = sim_stats_percentile (v, values->len, 50);
    r->p95 = sim_stats_percentile (v, values->len, 95);
    r->p99 = sim_stats_percentile (v, values->len, 99);
  }
  g_ptr_array_add (rows, r);
}

/* recovery_s pools every recovery row of every replication; replicas_lost_per_failure pools the
 * injected failures' rows (kind crash or partition: crashes, reboots, zone outages, spot
 * interruptions) and replicas_lost_per_resize the pools' own rows (kind resize or remove), so a
 * scale-up pool's resizes do not pass for failures. The other metrics take one value per
 * replication (NAN values, e.g. no failure, are left out). */
static GPtrArray *
variant_rows (CliReplication **reps, guint n)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr (GArray) recovery = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) lost = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) lost_resize = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < n; r++)
    for (guint i = 0; i < reps[r]->recoveries->len; i++) {
      const SwarmRecoveryRow *row = &g_array_index (reps[r]->recoveries, SwarmRecoveryRow, i);
      double x = row->replicas_lost;

      g_array_append_val (is_resize (row) ? lost_resize : lost, x);
      if (row->recovery_us == SIM_TIME_NEVER)
        continue;
      x = sim_time_to_seconds (row->recovery_us);
      g_array_append_val (recovery, x);
    }
  add_row (rows, "recovery_s", recovery);
  add_row (rows, "replicas_lost_per_failure", lost);
  add_row (rows, "replicas_lost_per_resize", lost_resize);
  for (guint m = 0; m < reps[0]->metrics->len; m++) {
    const char *name = ((CliMetric *)reps[0]->metrics->pdata[m])->name;
    g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint r = 0; r < n; r++) {
      const CliMetric *metric = cli_replication_get_metric (reps[r], name);

      if (metric != NULL && isfinite (metric->value))
        g_array_append_val (values, metric->value);
    }
    add_row (rows, name, values);
  }
  return rows;
}

static const Row *
find_row (const GPtrArray *rows, const char *metric)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (((Row *)rows->pdata[i])->metric, metric) == 0)
      return rows->pdata[i];
  return NULL;
}

static char *
format_cell (const Row *r)
{
  g_autofree char *mean = NULL, *lo = NULL, *hi = NULL;

  if (r == NULL || r->n == 0)
    return g_strdup ("-");
  mean = cli_format_double (r->mean, 3);
  if (r->n < 2 || !isfinite (r->low))
    return g_steal_pointer (&mean);
  lo = cli_format_double (r->low, 3);
  hi = cli_format_double (r->high, 3);
  return g_strdup_printf ("%s [%s, %s]", mean, lo, hi);
}

static void
print_table (const Compare *c, GPtrArray **rows)
{
  const GPtrArray *first = rows[0];

  printf ("%-28s", "metric (mean [95% CI])");
  for (guint v = 0; v < c->variants->len; v++)
    printf ("  %-34s", ((Variant *)c->variants->pdata[v])->scenario->name);
  printf ("\n");
  for (guint i = 0; i < first->len; i++) {
    const char *metric = ((Row *)first->pdata[i])->metric;

    printf ("%-28s", metric);
    for (guint v = 0; v < c->variants->len; v++) {
      g_autofree char *cell = format_cell (find_row (rows[v], metric));

      printf ("  %-34s", cell);
    }
    printf ("\n");
  }
}

static gboolean
write_compare_csv (const Compare *c, GPtrArray **rows, const char *path, GError **error)
{
  static const char *const header[] = { "variant", "metric", "mean", "ci95_low", "ci95_high",
                                        "p50",     "p95",    "p99",  "n",        NULL };
  g_autoptr (CliCsv) csv = cli_csv_new (path, header, error);

  if (csv == NULL)
    return FALSE;
  for (guint v = 0; v < c->variants->len; v++)
    for (guint i = 0; i < rows[v]->len; i++) {
      const Row *r = rows[v]->pdata[i];

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

static Variant *
load_variant (const char *path, GError **error)
{
  CliScenario *scenario = cli_scenario_load (path, NULL, error);
  Variant *v;

  if (scenario == NULL)
    return NULL;
  v = g_new0 (Variant, 1);
  v->scenario = scenario;
  v->ext = scenario->ext;
  return v;
}

static int
run_compare (Compare *c, const char *out, gboolean force, gboolean quiet, guint threads)
{
  CliParallelOptions popts = CLI_PARALLEL_OPTIONS_INIT;
  guint total = c->variants->len * c->replications;
  g_autoptr (GError) error = NULL;
  g_autoptr (CliResultsDir) dir = NULL;
  g_autofree GPtrArray **rows = g_new0 (GPtrArray *, c->variants->len);
  g_autofree char *csv = NULL;
  int status = CLI_EXIT_OK;

  popts.threads = threads;
  popts.progress = !quiet;
  popts.label = "compare";
  c->slots = g_new0 (CliReplication *, total);
  if (!cli_parallel_run (total, &popts, run_slot, c, &error)) {
    g_printerr ("swarmsim compare: %s\n", error->message);
    status = CLI_EXIT_RUN_FAILED;
    goto out;
  }
  for (guint v = 0; v < c->variants->len; v++)
    rows[v] = variant_rows (c->slots + v * c->replications, c->replications);
  if (!quiet)
    print_table (c, rows);
  dir = cli_results_dir_begin (out, force, &error);
  if (dir == NULL) {
    g_printerr ("swarmsim compare: %s\n", error->message);
    status = CLI_EXIT_BAD_INPUT;
    goto out;
  }
  csv = cli_results_dir_build_path (dir, "compare.csv");
  if (!write_compare_csv (c, rows, csv, &error))
    status = CLI_EXIT_RUN_FAILED;
  for (guint v = 0; status == CLI_EXIT_OK && v < c->variants->len; v++) {
    g_autofree char *sub =
        cli_results_dir_build_path (dir, ((Variant *)c->variants->pdata[v])->scenario->name);

    if (!write_variant (c->slots + v * c->replications, c->replications, sub, &error))
      status = CLI_EXIT_RUN_FAILED;
  }
  if (status == CLI_EXIT_OK && !cli_results_dir_commit (dir, &error))
    status = CLI_EXIT_RUN_FAILED;
  if (status != CLI_EXIT_OK)
    g_printerr ("swarmsim compare: %s\n", error->message);
  else if (!quiet)
    printf ("results in %s/\n", out);

out:
  for (guint v = 0; v < c->variants->len; v++)
    if (rows[v] != NULL)
      g_ptr_array_unref (rows[v]);
  for (guint i = 0; i < total; i++)
    cli_replication_free (c->slots[i]);
  g_free (c->slots);
  return status;
}

int
cli_cmd_compare (int argc, char **argv)
{
  gint replications = 0, threads = 0;
  gint64 seed = -1;
  gboolean force = FALSE, quiet = FALSE;
  g_autofree char *out = NULL;
  g_auto (GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "replications", 'n', 0, G_OPTION_ARG_INT, &replications,
      "Replications per variant (default: the first scenario's)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Base seed (default: the first scenario's)", "N" },
    { "threads", 'j', 0, G_OPTION_ARG_INT, &threads, "Worker threads (default: every core)", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Output folder (default results/compare-A-vs-B)",
      "DIR" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace an output folder swarmsim did not make",
      NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing but errors", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "A.ini B.ini ..." },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("A.ini B.ini [...]");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) variants = g_ptr_array_new_with_free_func (variant_free);
  g_autoptr (GString) name = g_string_new ("compare");
  Compare c = { NULL, 0, 0, NULL };

  g_option_context_set_summary (
      context, "Runs each scenario with the same seeds (common random numbers) and "
               "prints them side by side.\n\nExample:\n  swarmsim compare "
               "scenarios/scale-up-vs-scale-out-up.ini "
               "scenarios/scale-up-vs-scale-out-out.ini -n 1000");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || files == NULL ||
      g_strv_length (files) < 2 || replications < 0 || threads < 0) {
    g_printerr ("swarmsim compare: %s\n",
                error != NULL ? error->message
                              : "expected two or more scenario files and non-negative counts");
    return CLI_EXIT_BAD_INPUT;
  }
  for (guint i = 0; files[i] != NULL; i++) {
    Variant *v = load_variant (files[i], &error);

    if (v == NULL) {
      g_printerr ("swarmsim compare: %s\n", error->message);
      return CLI_EXIT_BAD_INPUT;
    }
    g_ptr_array_add (variants, v);
    g_string_append_printf (name, "%s%s", i == 0 ? "-" : "-vs-", v->scenario->name);
  }
  c.variants = variants;
  c.replications = replications > 0 ? (guint)replications
                                    : ((Variant *)variants->pdata[0])->scenario->replications;
  c.seed = seed >= 0 ? (guint64)seed : ((Variant *)variants->pdata[0])->scenario->config->seed;
  if (out == NULL)
    out = g_build_filename ("results", name->str, NULL);
  return run_compare (&c, out, force, quiet, (guint)threads);
}
