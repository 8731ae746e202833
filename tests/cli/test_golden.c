/* SPDX-License-Identifier: MIT
 * Golden runs: every tests/data/cli-*.ini scenario is run end to end and its results folder must
 * equal tests/golden/<name>/ byte for byte (simulated times included), and a second run with the
 * same seed must give identical files. scripts/update-golden.sh regenerates the golden folders. */
#include <string.h>

#include <glib.h>

#include "cli/results.h"
#include "cli_test_util.h"

typedef struct {
  char *root; /* a fresh folder for the runs' output */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  (void)data;
  f->root = cli_test_make_folder ("swarmsim-golden-XXXXXX");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  g_clear_pointer (&f->root, cli_test_remove_folder);
}

/* Runs tests/data/NAME.ini from the source folder into ROOT/OUT. */
static void
run_scenario (Fixture *f, const char *name, const char *out)
{
  const char *source = g_getenv ("SWARMSIM_SOURCE_DIR");
  g_autofree char *scenario = g_strdup_printf ("tests/data/%s.ini", name);
  g_autofree char *out_dir = g_build_filename (f->root, out, NULL);
  g_auto (CliTestRun) run;
  cli_test_run (source, (const char *[]){ "--quiet", "--out", out_dir, scenario, NULL }, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
}

/* Reports the first differing line, so a failure says what changed. */
static void
assert_same_text (const char *file, const char *expected, const char *actual)
{
  if (strcmp (expected, actual) == 0)
    return;
  g_auto (GStrv) e = g_strsplit (expected, "\n", -1);
  g_auto (GStrv) a = g_strsplit (actual, "\n", -1);
  guint i = 0;
  while (e[i] != NULL && a[i] != NULL && strcmp (e[i], a[i]) == 0)
    i++;
  g_test_message ("%s line %u: expected \"%s\", got \"%s\"", file, i + 1,
                  e[i] != NULL ? e[i] : "(end)", a[i] != NULL ? a[i] : "(end)");
  g_assert_cmpstr (expected, ==, actual);
}

/* Asserts that two folders hold the same file names with the same bytes. */
static void
assert_same_folder (const char *expected_dir, const char *actual_dir)
{
  g_autofree char *expected_list = cli_test_list_dir (expected_dir);
  g_autofree char *actual_list = cli_test_list_dir (actual_dir);
  g_assert_cmpstr (expected_list, ==, actual_list);

  g_auto (GStrv) names = g_strsplit (expected_list, " ", -1);
  for (guint i = 0; names[i] != NULL; i++) {
    g_autofree char *ep = g_build_filename (expected_dir, names[i], NULL);
    g_autofree char *ap = g_build_filename (actual_dir, names[i], NULL);
    g_autofree char *et = NULL;
    g_autofree char *at = NULL;
    gsize elen = 0, alen = 0;
    g_assert_true (g_file_get_contents (ep, &et, &elen, NULL));
    g_assert_true (g_file_get_contents (ap, &at, &alen, NULL));
    g_assert_cmpuint (strlen (et), ==, elen); /* text files only */
    assert_same_text (names[i], et, at);
  }
}

static gboolean
have_program (void)
{
  g_autofree char *program = cli_test_program ();
  if (program != NULL && g_file_test (program, G_FILE_TEST_IS_EXECUTABLE) &&
      g_getenv ("SWARMSIM_SOURCE_DIR") != NULL)
    return TRUE;
  g_test_skip ("SWARMSIM_BUILD_DIR or SWARMSIM_SOURCE_DIR is not set");
  return FALSE;
}

/* Test that a golden scenario's results equal tests/golden/<name>/ byte for byte. */
static void
test_golden_matches (Fixture *f, gconstpointer data)
{
  const char *name = data;
  if (!have_program ())
    return;
  run_scenario (f, name, "out");
  g_autofree char *golden =
      g_build_filename (g_getenv ("SWARMSIM_SOURCE_DIR"), "tests", "golden", name, NULL);
  g_autofree char *out = g_build_filename (f->root, "out", NULL);
  g_assert_true (g_file_test (golden, G_FILE_TEST_IS_DIR));
  assert_same_folder (golden, out);
}

/* Test that running a golden scenario twice with its seed gives identical files. */
static void
test_golden_same_seed_gives_identical_files (Fixture *f, gconstpointer data)
{
  const char *name = data;
  if (!have_program ())
    return;
  run_scenario (f, name, "first");
  run_scenario (f, name, "second");
  g_autofree char *first = g_build_filename (f->root, "first", NULL);
  g_autofree char *second = g_build_filename (f->root, "second", NULL);
  assert_same_folder (first, second);
}

/* Returns: (transfer full): the golden scenarios' names, tests/data/cli-*.ini, sorted. */
static GPtrArray *
find_golden_scenarios (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *source = g_getenv ("SWARMSIM_SOURCE_DIR");
  g_autofree char *data = source != NULL ? g_build_filename (source, "tests", "data", NULL) : NULL;
  g_autoptr (GDir) dir = data != NULL ? g_dir_open (data, 0, NULL) : NULL;
  const char *file;
  while (dir != NULL && (file = g_dir_read_name (dir)) != NULL) {
    if (g_str_has_prefix (file, "cli-") && g_str_has_suffix (file, ".ini"))
      g_ptr_array_add (names, g_strndup (file, strlen (file) - strlen (".ini")));
  }
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  return names;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_autoptr (GPtrArray) names = find_golden_scenarios ();
  /* No scenario found means a broken environment, not a pass. */
  if (names->len == 0)
    g_error ("no golden scenario (tests/data/cli-*.ini) under SWARMSIM_SOURCE_DIR");
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index (names, i);
    char *path = g_strdup_printf ("/cli/golden/%s/matches-golden-files", name);
    g_ptr_array_add (paths, path);
    g_test_add (path, Fixture, name, setup, test_golden_matches, teardown);
    path = g_strdup_printf ("/cli/golden/%s/same-seed-gives-identical-files", name);
    g_ptr_array_add (paths, path);
    g_test_add (path, Fixture, name, setup, test_golden_same_seed_gives_identical_files, teardown);
  }
  return g_test_run ();
}
