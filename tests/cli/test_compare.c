/* SPDX-License-Identifier: MIT
 * Tests of `swarmsim compare` and the parallel replication runner. */
#include <glib/gstdio.h>

#include "cli/commands.h"
#include "cli/parallel.h"

static char *
run_compare (guint threads)
{
  const char *root = g_getenv ("SWARMSIM_SOURCE_DIR");
  g_autofree char *up = g_build_filename (root, "scenarios", "scale-up-vs-scale-out-up.ini", NULL);
  g_autofree char *out_ =
      g_build_filename (root, "scenarios", "scale-up-vs-scale-out-out.ini", NULL);
  g_autofree char *dir = g_strdup_printf ("%s/cmp-%u", g_get_tmp_dir (), threads);
  g_autofree char *j = g_strdup_printf ("%u", threads);
  g_autofree char *csv = g_build_filename (dir, "compare.csv", NULL);
  char cmd[] = "compare", n[] = "-n", six[] = "6", jopt[] = "-j", q[] = "-q", o[] = "-o";
  char *argv[] = { cmd, up, out_, n, six, jopt, j, q, o, dir, NULL };
  char *text = NULL;

  g_assert_cmpint (cli_cmd_compare ((int)G_N_ELEMENTS (argv) - 1, argv), ==, CLI_EXIT_OK);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  return text;
}

/* Test that compare.csv is byte-identical with 1 and 2 threads. */
static void
test_compare_same_results_for_1_and_2_threads (void)
{
  g_autofree char *one = run_compare (1);
  g_autofree char *two = run_compare (2);

  g_assert_true (g_str_has_prefix (one, "variant,metric,mean,ci95_low,ci95_high,p50,p95,p99,n\n"));
  g_assert_cmpstr (one, ==, two);
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/cli/compare/same-results-for-1-and-2-threads",
                   test_compare_same_results_for_1_and_2_threads);
  g_test_add_func ("/cli/compare/parallel-reports-lowest-failure",
                   test_compare_parallel_reports_lowest_failure);
  g_test_add_func ("/cli/compare/needs-two-scenarios", test_compare_needs_two_scenarios);
  return g_test_run ();
}
