/* SPDX-License-Identifier: MIT
 * Tests of `swarmsim compare` (its options, its table, compare.csv, the paired differences) and
 * of the parallel replication runner. The comparisons run in process on the scale-up-vs-scale-out
 * pair with a few replications; the exit-status test runs the built program. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cli/commands.h"
#include "cli/compare_table.h"
#include "cli/options.h"
#include "cli/parallel.h"
#include "cli_test_util.h"

typedef struct {
  char *root;     /* owned: a fresh folder for the results */
  char *up, *out; /* owned: the scale-up and scale-out scenarios */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  const char *source = g_getenv ("SWARMSIM_SOURCE_DIR");

  (void)data;
  g_assert_nonnull (source);
  f->root = cli_test_make_folder ("swarmsim-compare-XXXXXX");
  f->up = g_build_filename (source, "scenarios", "scale-up-vs-scale-out-up.ini", NULL);
  f->out = g_build_filename (source, "scenarios", "scale-up-vs-scale-out-out.ini", NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  g_clear_pointer (&f->root, cli_test_remove_folder);
  g_clear_pointer (&f->up, g_free);
  g_clear_pointer (&f->out, g_free);
}

/* Runs `swarmsim compare -q -n 6 UP OUT -o ROOT/@folder` with @options (NULL-terminated) added,
 * asserts that it succeeded, and returns its compare.csv. */
static char *
compare_csv (const Fixture *f, const char *folder, const char *const *options)
{
  g_autofree char *dir = g_build_filename (f->root, folder, NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *const fixed[] = { "compare", "-q", "-n", "6", f->up, f->out, "-o", dir, NULL };

  for (guint i = 0; fixed[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)(gsize)fixed[i]);
  for (guint i = 0; options[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)(gsize)options[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_cmpint (cli_cmd_compare ((int)argv->len - 1, (char **)argv->pdata), ==, CLI_EXIT_OK);
  return cli_test_read_file (dir, "compare.csv", NULL);
}

/* Returns: the mean of @metric for the variant named @variant in compare.csv text @csv; aborts the
 * test if the row is missing. */
static double
csv_mean (const char *csv, const char *variant, const char *metric)
{
  g_autofree char *key = g_strdup_printf ("\n%s,%s,", variant, metric);
  const char *row = strstr (csv, key);

  g_assert_nonnull (row);
  /* variant,metric,n,mean,...: the mean is the field after n. */
  row = strchr (row + strlen (key), ',');
  g_assert_nonnull (row);
  return g_ascii_strtod (row + 1, NULL);
}

/* Test that compare.csv is byte-identical with 1 and 2 threads. */
static void
test_compare_same_results_for_1_and_2_threads (Fixture *f, gconstpointer data)
{
  g_autofree char *one = compare_csv (f, "one", (const char *[]){ "-j", "1", NULL });
  g_autofree char *two = compare_csv (f, "two", (const char *[]){ "-j", "2", NULL });

  (void)data;
  g_assert_true (
      g_str_has_prefix (one, "variant,metric,n,mean,ci95_low,ci95_high,p50,p95,p99,unit\n"));
  g_assert_cmpstr (one, ==, two);
}

/* Test that --set swarm.requeue_stale_pending=true raises the scale-up variant's availability
 * (its resize leaves tasks pending on a node that is gone, which the fix requeues). */
static void
test_compare_set_changes_a_result (Fixture *f, gconstpointer data)
{
  g_autofree char *plain = compare_csv (f, "plain", (const char *[]){ NULL });
  g_autofree char *fixed = compare_csv (
      f, "fixed", (const char *[]){ "--set", "swarm.requeue_stale_pending=true", NULL });

  (void)data;
  g_assert_cmpfloat (csv_mean (fixed, "scale-up-vs-scale-out-up", "availability.web"), >,
                     csv_mean (plain, "scale-up-vs-scale-out-up", "availability.web") + 0.05);
}

/* Test that --set applies to every variant: a shorter duration lowers both variants' cost. */
static void
test_compare_set_applies_to_every_variant (Fixture *f, gconstpointer data)
{
  g_autofree char *full = compare_csv (f, "full", (const char *[]){ NULL });
  g_autofree char *hour =
      compare_csv (f, "hour", (const char *[]){ "--set", "simulation.duration=1h", NULL });
  const char *variants[] = { "scale-up-vs-scale-out-up", "scale-up-vs-scale-out-out" };

  (void)data;
  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    g_assert_cmpfloat (csv_mean (hour, variants[v], "cost_usd"), <,
                       csv_mean (full, variants[v], "cost_usd") / 2);
}

/* Test that --seed replaces the first scenario's seed: its own seed (1) gives the same results,
 * another seed other results. */
static void
test_compare_seed_option_sets_the_seed (Fixture *f, gconstpointer data)
{
  g_autofree char *plain = compare_csv (f, "plain", (const char *[]){ NULL });
  g_autofree char *one = compare_csv (f, "one", (const char *[]){ "--seed", "1", NULL });
  g_autofree char *two = compare_csv (f, "two", (const char *[]){ "--seed", "2", NULL });

  (void)data;
  g_assert_cmpstr (plain, ==, one);
  g_assert_true (strcmp (plain, two) != 0); /* not cmpstr: it would print both files */
}

/* Test that a bad --set exits 2 with one line naming the variant and the key, and writes nothing.
 */
static void
test_compare_bad_set_exits_2_writing_nothing (Fixture *f, gconstpointer data)
{
  g_auto (CliTestRun) run;
  g_autofree char *program = cli_test_program ();
  g_autofree char *expected = NULL;
  g_autofree char *left = NULL;

  (void)data;
  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE)) {
    g_test_skip ("SWARMSIM_BUILD_DIR does not hold the swarmsim program");
    return;
  }
  cli_test_run (
      f->root,
      (const char *[]){ "compare", "-n", "2", "--set", "swarm.bogus=1", f->up, f->out, NULL },
      &run);
  g_assert_cmpint (run.status, ==, 2);
  expected = g_strdup_printf ("%s: --set: [swarm] bogus: unknown key; expected one of ", f->up);
  g_assert_true (g_str_has_prefix (run.err, expected));
  g_assert_cmpuint (strlen (strchr (run.err, '\n')), ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  left = cli_test_list_dir (f->root);
  g_assert_cmpstr (left, ==, "");
}

/* Test that compare prints the scenario warnings run prints (a constraint on a key SwarmKit does
 * not match), once per variant, on standard error, and still runs. */
static void
test_compare_prints_the_warnings_run_prints (Fixture *f, gconstpointer data)
{
  g_auto (CliTestRun) run;
  g_autofree char *program = cli_test_program ();
  g_autofree char *a = g_build_filename (f->root, "a.ini", NULL);
  g_autofree char *b = g_build_filename (f->root, "b.ini", NULL);
  const char *text = "[simulation]\nduration = 1m\n[nodes.manager]\nrole = manager\n"
                     "[service.web]\nconstraints = node.rolez==worker\n";

  (void)data;
  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE)) {
    g_test_skip ("SWARMSIM_BUILD_DIR does not hold the swarmsim program");
    return;
  }
  g_assert_true (g_file_set_contents (a, text, -1, NULL));
  g_assert_true (g_file_set_contents (b, text, -1, NULL));
  cli_test_run (f->root, (const char *[]){ "compare", "-q", "--out", "out", a, b, NULL }, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_autofree char *warn_a = g_strdup_printf (
      "%s: [service.web] constraints: warning: node.rolez is not a key SwarmKit matches", a);
  g_autofree char *warn_b = g_strdup_printf (
      "%s: [service.web] constraints: warning: node.rolez is not a key SwarmKit matches", b);
  g_assert_true (g_str_has_prefix (run.err, warn_a));
  g_assert_nonnull (strstr (run.err, warn_b));
}

/* Test that compare --help lists run's options that make sense for a comparison, and not the
 * narrated timeline of a single run. */
static void
test_compare_help_lists_run_options (void)
{
  g_autofree char *help = cli_compare_options_dup_help ();
  const char *listed[] = { "--set=SECTION.KEY=VALUE",
                           "--seed=N",
                           "--replications=N",
                           "--threads=N",
                           "--out=DIR",
                           "--force",
                           "--quiet",
                           "--plot" };

  for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
    g_assert_nonnull (strstr (help, listed[i]));
  g_assert_null (strstr (help, "--timeline"));
}

/* Test that compare refuses fewer than two scenarios with the bad-input status. */
static void
test_compare_needs_two_scenarios (void)
{
  char cmd[] = "compare", only[] = "only.ini";
  char *argv[] = { cmd, only, NULL };

  if (g_test_subprocess ())
    exit (cli_cmd_compare (2, argv));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*expected two or more scenario files*");
}

/* Returns: (transfer full): rows (element-type RunStatRow) with recovery_s over @recovery
 * (@n values) and, when @availability is not NAN, availability.web over that one value. */
static GPtrArray *
table_rows (const double *recovery, guint n, double availability)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)run_stat_row_free);
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_append_vals (values, recovery, n);
  g_ptr_array_add (rows, run_stat_row_new ("recovery_s", "s", values, n));
  if (!isnan (availability)) {
    g_array_set_size (values, 0);
    g_array_append_val (values, availability);
    g_ptr_array_add (rows, run_stat_row_new ("availability.web", "ratio", values, 1));
  }
  return rows;
}

/* Test that the table shows recovery_s's exact p95 and p99 under its mean, and "-" for a metric a
 * variant lacks. Over 1, 2, 3, 4: mean 2.5, s = √(5/3) = 1.29099, t(0.975, 3) = 3.18245, half
 * width 3.18245 · 1.29099 / 2 = 2.05426, so [0.44574, 4.55426], printed truncated to the
 * millisecond as seconds are: [0.445, 4.554]; p95 = 3 + 0.85 = 3.85, p99 = 3.97 (type 7). */
static void
test_compare_table_shows_recovery_percentiles (void)
{
  const double four[] = { 4, 1, 3, 2 }, ten[] = { 10 };
  g_autoptr (GPtrArray) a = table_rows (four, G_N_ELEMENTS (four), 0.5);
  g_autoptr (GPtrArray) b = table_rows (ten, G_N_ELEMENTS (ten), NAN);
  GPtrArray *const rows[] = { a, b };
  const char *const names[] = { "alpha", "beta" };
  g_autofree char *table = cli_compare_table_format (names, rows, 2);

  /* Type-7 percentiles of 1, 2, 3, 4: 3.85 and 3.97; t(0.975, 3) = 3.182 gives ±2.054. */
  g_assert_cmpstr (table, ==,
                   "metric (mean [95% CI])  alpha                 beta\n"
                   "recovery_s              2.500 [0.445, 4.554]  10.000\n"
                   "recovery_s p95          3.850                 10.000\n"
                   "recovery_s p99          3.970                 10.000\n"
                   "availability.web        0.500000              -\n");
}

/* Test that column headers leave out the variants' common prefix up to a '-' and a first line
 * gives the full names. */
static void
test_compare_table_headers_drop_common_prefix (void)
{
  const double one[] = { 1 };
  g_autoptr (GPtrArray) a = table_rows (one, 1, NAN);
  g_autoptr (GPtrArray) b = table_rows (one, 1, NAN);
  GPtrArray *const rows[] = { a, b };
  const char *const names[] = { "scale-up-vs-scale-out-up", "scale-up-vs-scale-out-out" };
  g_autofree char *table = cli_compare_table_format (names, rows, 2);

  g_assert_true (g_str_has_prefix (table, "columns: up = scale-up-vs-scale-out-up, "
                                          "out = scale-up-vs-scale-out-out\n"
                                          "metric (mean [95% CI])  up     out\n"));
}

/* Test that names sharing only part of a word, or all of a name, stay whole. */
static void
test_compare_table_keeps_names_sharing_no_whole_word (void)
{
  const double one[] = { 1 };
  g_autoptr (GPtrArray) a = table_rows (one, 1, NAN);
  g_autoptr (GPtrArray) b = table_rows (one, 1, NAN);
  GPtrArray *const rows[] = { a, b };
  const char *const partial[] = { "alpha", "alps" };
  const char *const prefix[] = { "base", "base-fast" };
  const char *const whole[] = { "v-", "v-2" };
  g_autofree char *t1 = cli_compare_table_format (partial, rows, 2);
  g_autofree char *t2 = cli_compare_table_format (prefix, rows, 2);
  g_autofree char *t3 = cli_compare_table_format (whole, rows, 2);

  g_assert_true (g_str_has_prefix (t1, "metric (mean [95% CI])  alpha  alps\n"));
  g_assert_true (g_str_has_prefix (t2, "metric (mean [95% CI])  base   base-fast\n"));
  g_assert_true (g_str_has_prefix (t3, "metric (mean [95% CI])  v-     v-2\n"));
}

/* Test that compare_paired.csv holds out − up for every metric, baseline the first variant: the
 * scale-up variant resizes twice in every run and the scale-out one never, so resizes differ by
 * exactly −2 in each of the 6 pairs (interval [−2, −2]); and since both variants have cost_usd in
 * every replication, its mean difference is the difference of the means in compare.csv (each
 * printed to 4 decimals, so they agree within 1.5e-4). */
static void
test_compare_paired_csv_is_variant_minus_baseline (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = compare_csv (f, "paired", (const char *[]){ NULL });
  g_autofree char *dir = g_build_filename (f->root, "paired", NULL);
  g_autofree char *text = cli_test_read_file (dir, "compare_paired.csv", NULL);
  const char *pair = "\nscale-up-vs-scale-out-out,scale-up-vs-scale-out-up,";
  g_autofree char *resizes = g_strdup_printf ("%sresizes,6,-2.000,-2.000,-2.000,count\n", pair);
  g_autofree char *cost_key = g_strdup_printf ("%scost_usd,6,", pair);
  const char *cost = strstr (text, cost_key);

  (void)data;
  g_assert_true (
      g_str_has_prefix (text, "variant,baseline,metric,n,mean_diff,ci95_low,ci95_high,unit\n"
                              "scale-up-vs-scale-out-out,scale-up-vs-scale-out-up,failures,6,"));
  g_assert_nonnull (strstr (text, resizes));
  g_assert_nonnull (cost);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cost + strlen (cost_key), NULL),
                                  csv_mean (csv, "scale-up-vs-scale-out-out", "cost_usd") -
                                      csv_mean (csv, "scale-up-vs-scale-out-up", "cost_usd"),
                                  1.5e-4);
}

/* Returns: (transfer full): a row @metric of @unit over @values (@n of them, as many pairs). */
static RunStatRow *
paired_row (const char *metric, const char *unit, const double *values, guint n)
{
  g_autoptr (GArray) v = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_append_vals (v, values, n);
  return run_stat_row_new (metric, unit, v, n);
}

/* Test that the paired section prints the chosen metrics in its own order (failures before
 * availability.*; pool_steps is not one of them) as "out − up: mean [CI]". failures over d = 1, 2,
 * 2, 4: mean 2.25, half width t(0.975, 3) · s / 2 = 3.182446 · 1.258306 / 2 = 2.002245, so
 * [0.247755, 4.252245], printed with three decimals as a mean of counts: [0.248, 4.252];
 * availability.web over one pair 0.5 has no interval and six decimals. */
static void
test_compare_table_shows_paired_differences (void)
{
  const double d[] = { 1, 2, 2, 4 }, one[] = { 0.5 }, steps[] = { 3 };
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)run_stat_row_free);
  const char *const names[] = { "scale-up-vs-scale-out-up", "scale-up-vs-scale-out-out" };

  g_ptr_array_add (rows, paired_row ("pool_steps", "count", steps, 1));
  g_ptr_array_add (rows, paired_row ("availability.web", "ratio", one, 1));
  g_ptr_array_add (rows, paired_row ("failures", "count", d, G_N_ELEMENTS (d)));
  g_autofree char *text = cli_compare_table_format_paired (names, &rows, 2);
  g_assert_cmpstr (text, ==,
                   "paired differences, same seeds (mean [95% CI]):\n"
                   "failures          out − up: 2.250 [0.248, 4.252]\n"
                   "availability.web  out − up: 0.500000\n");
}

static gboolean
fail_odd (guint index, gpointer user_data, GError **error)
{
  guint *slots = user_data;

  slots[index] = index * index;
  if (index % 2 == 1) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "odd %u", index);
    return FALSE;
  }
  return TRUE;
}

/* Test that every replication runs and the lowest-numbered failure is the one reported. */
static void
test_compare_parallel_reports_lowest_failure (void)
{
  CliParallelOptions options = CLI_PARALLEL_OPTIONS_INIT;
  guint slots[9] = { 0 };
  g_autoptr (GError) error = NULL;

  options.threads = 3;
  options.progress = FALSE;
  g_assert_false (cli_parallel_run (G_N_ELEMENTS (slots), &options, fail_odd, slots, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "replication 2: odd 1");
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    g_assert_cmpuint (slots[i], ==, i * i);
}

static void
add_run (const char *path, void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, setup, test, teardown);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  add_run ("/cli/compare/same-results-for-1-and-2-threads",
           test_compare_same_results_for_1_and_2_threads);
  add_run ("/cli/compare/set-changes-a-result", test_compare_set_changes_a_result);
  add_run ("/cli/compare/set-applies-to-every-variant", test_compare_set_applies_to_every_variant);
  add_run ("/cli/compare/seed-option-sets-the-seed", test_compare_seed_option_sets_the_seed);
  add_run ("/cli/compare/bad-set-exits-2-writing-nothing",
           test_compare_bad_set_exits_2_writing_nothing);
  add_run ("/cli/compare/prints-the-warnings-run-prints",
           test_compare_prints_the_warnings_run_prints);
  add_run ("/cli/compare/paired-csv-is-variant-minus-baseline",
           test_compare_paired_csv_is_variant_minus_baseline);
  g_test_add_func ("/cli/compare/help-lists-run-options", test_compare_help_lists_run_options);
  g_test_add_func ("/cli/compare/needs-two-scenarios", test_compare_needs_two_scenarios);
  g_test_add_func ("/cli/compare/table-shows-recovery-percentiles",
                   test_compare_table_shows_recovery_percentiles);
  g_test_add_func ("/cli/compare/table-headers-drop-common-prefix",
                   test_compare_table_headers_drop_common_prefix);
  g_test_add_func ("/cli/compare/table-keeps-names-sharing-no-whole-word",
                   test_compare_table_keeps_names_sharing_no_whole_word);
  g_test_add_func ("/cli/compare/table-shows-paired-differences",
                   test_compare_table_shows_paired_differences);
  g_test_add_func ("/cli/compare/parallel-reports-lowest-failure",
                   test_compare_parallel_reports_lowest_failure);
  return g_test_run ();
}
