/* SPDX-License-Identifier: MIT
 * Tests of the results folder (cli/results.c) and the CSV writer (cli/csv_out.c): atomic
 * replacement, the marker rule, --force, cleanup of unfinished output, quoting and number format.
 * What the program does on signals, full disks and users' files is in test_outputs.c.
 */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli/csv_out.h"
#include "cli/results.h"

typedef struct {
  char *root;   /* a fresh temporary folder */
  char *target; /* root/out */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  (void)data;
  f->root = g_dir_make_tmp ("swarmsim-results-XXXXXX", NULL);
  g_assert_nonnull (f->root);
  f->target = g_build_filename (f->root, "out", NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  g_assert_true (cli_remove_tree (f->root, NULL));
  g_free (f->target);
  g_free (f->root);
}

static char *
read_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

static guint
count_entries (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;
  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Writes one file "a.txt" with @text through a staging folder and commits it. */
static gboolean
write_results (const char *target, gboolean force, const char *text, GError **error)
{
  g_autoptr (CliResultsDir) dir = cli_results_dir_begin (target, force, error);
  if (dir == NULL)
    return FALSE;
  g_autofree char *path = cli_results_dir_build_path (dir, "a.txt");
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return cli_results_dir_commit (dir, error);
}

/* Test that a committed folder holds the files and the marker, and nothing is left beside it. */
static void
test_results_commit_creates_marked_folder (Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr (GError) error = NULL;
  g_assert_true (write_results (f->target, FALSE, "one", &error));
  g_assert_no_error (error);
  g_autofree char *a = read_file (f->target, "a.txt");
  g_assert_cmpstr (a, ==, "one");
  g_autofree char *marker = read_file (f->target, CLI_RESULTS_MARKER);
  g_assert_nonnull (marker);
  g_assert_cmpuint (count_entries (f->root), ==, 1);
}

/* Test that a second run replaces a folder swarmsim made, leaving no old copy behind. */
static void
test_results_rerun_replaces_own_folder (Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr (GError) error = NULL;
  g_assert_true (write_results (f->target, FALSE, "one", &error));
  g_assert_true (write_results (f->target, FALSE, "two", &error));
  g_assert_no_error (error);
  g_autofree char *a = read_file (f->target, "a.txt");
  g_assert_cmpstr (a, ==, "two");
  g_assert_cmpuint (count_entries (f->root), ==, 1);
}

/* Test that a folder without the marker is refused and left exactly as it was. */
static void
test_results_unmarked_folder_is_refused (Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr (GError) error = NULL;
  g_assert_cmpint (g_mkdir (f->target, 0777), ==, 0);
  g_autofree char *mine = g_build_filename (f->target, "thesis.tex", NULL);
  g_assert_true (g_file_set_contents (mine, "precious", -1, NULL));

  g_assert_false (write_results (f->target, FALSE, "one", &error));
  g_assert_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_NOT_OURS);
  g_autofree char *expected = g_strdup_printf (
      "%s: exists and was not created by swarmsim (no .swarmsim-results in it); expected a "
      "swarmsim results folder, an empty folder or a new path (--force replaces only swarmsim's "
      "folders: choose another --out, or empty it yourself)",
      f->target);
  g_assert_cmpstr (error->message, ==, expected);
  g_autofree char *kept = read_file (f->target, "thesis.tex");
  g_assert_cmpstr (kept, ==, "precious");
  g_assert_cmpuint (count_entries (f->target), ==, 1);
  g_assert_cmpuint (count_entries (f->root), ==, 1);
}

/* Test that --force does not replace a folder without the marker: it may be someone's work. */
static void
test_results_force_refuses_unmarked_folder (Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr (GError) error = NULL;
  g_test_bug ("17");
  g_assert_cmpint (g_mkdir (f->target, 0777), ==, 0);
  g_autofree char *mine = g_build_filename (f->target, "old.txt", NULL);
  g_assert_true (g_file_set_contents (mine, "old", -1, NULL));
  g_assert_false (write_results (f->target, TRUE, "new", &error));
  g_assert_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_NOT_OURS);
  g_autofree char *old = read_file (f->target, "old.txt");
  g_assert_cmpstr (old, ==, "old");
  g_assert_cmpuint (count_entries (f->target), ==, 1);
  g_assert_cmpuint (count_entries (f->root), ==, 1);
}

/* Test that a staging folder never committed is deleted and the previous results are kept. */
static void
test_results_uncommitted_staging_is_removed (Fixture *f, gconstpointer data)
{
  (void)data;
  g_autoptr (GError) error = NULL;
  g_assert_true (write_results (f->target, FALSE, "one", &error));
  CliResultsDir *dir = cli_results_dir_begin (f->target, FALSE, &error);
  g_assert_no_error (error);
  g_autofree char *half = cli_results_dir_build_path (dir, "a.txt");
  g_assert_true (g_file_set_contents (half, "half", -1, NULL));
  cli_results_dir_free (dir);
  g_autofree char *a = read_file (f->target, "a.txt");
  g_assert_cmpstr (a, ==, "one");
  g_assert_cmpuint (count_entries (f->root), ==, 1);
}

/* Test that CSV fields are quoted by libcsv only when they hold a comma, a quote or a newline. */
static void
test_csv_fields_are_quoted_only_when_needed (Fixture *f, gconstpointer data)
{
  (void)data;
  static const char *const header[] = { "t_s", "text", "n", NULL };
  g_autoptr (GError) error = NULL;
  g_assert_cmpint (g_mkdir (f->target, 0777), ==, 0);
  g_autofree char *path = g_build_filename (f->target, "x.csv", NULL);
  g_autoptr (CliCsv) csv = cli_csv_new (path, header, &error);
  g_assert_no_error (error);
  cli_csv_add_seconds (csv, G_GINT64_CONSTANT (61234567));
  cli_csv_add_string (csv, "web.2, web.5 \"lost\"");
  cli_csv_add_double (csv, 0.5, 3);
  cli_csv_end_row (csv);
  cli_csv_add_seconds (csv, G_MAXINT64);
  cli_csv_add_string (csv, "plain");
  cli_csv_add_double (csv, -0.0001, 2);
  cli_csv_end_row (csv);
  g_assert_true (cli_csv_close (csv, &error));
  g_autofree char *text = read_file (f->target, "x.csv");
  g_assert_cmpstr (text, ==,
                   "t_s,text,n\n61.234,\"web.2, web.5 \"\"lost\"\"\",0.500\n,plain,0.00\n");
}

/* Test that seconds are printed exactly with three decimals, truncated to the millisecond. */
static void
test_csv_seconds_have_millisecond_precision (Fixture *f, gconstpointer data)
{
  (void)f;
  (void)data;
  const struct {
    gint64 us;
    const char *text;
  } cases[] = {
    { 0, "0.000" },         { 999, "0.000" },           { 1499, "0.001" },
    { 14700000, "14.700" }, { 3600000000, "3600.000" }, { -2500, "-0.002" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *text = cli_format_seconds (cases[i].us);
    g_assert_cmpstr (text, ==, cases[i].text);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/results/commit-creates-marked-folder", Fixture, NULL, setup,
              test_results_commit_creates_marked_folder, teardown);
  g_test_add ("/cli/results/rerun-replaces-own-folder", Fixture, NULL, setup,
              test_results_rerun_replaces_own_folder, teardown);
  g_test_add ("/cli/results/unmarked-folder-is-refused", Fixture, NULL, setup,
              test_results_unmarked_folder_is_refused, teardown);
  g_test_add ("/cli/results/force-refuses-unmarked-folder", Fixture, NULL, setup,
              test_results_force_refuses_unmarked_folder, teardown);
  g_test_add ("/cli/results/uncommitted-staging-is-removed", Fixture, NULL, setup,
              test_results_uncommitted_staging_is_removed, teardown);
  g_test_add ("/cli/csv/fields-are-quoted-only-when-needed", Fixture, NULL, setup,
              test_csv_fields_are_quoted_only_when_needed, teardown);
  g_test_add ("/cli/csv/seconds-have-millisecond-precision", Fixture, NULL, setup,
              test_csv_seconds_have_millisecond_precision, teardown);
  return g_test_run ();
}
