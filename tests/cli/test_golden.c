/* SPDX-License-Identifier: MIT
 * Golden runs: every tests/data/cli-*.ini scenario, every shipped scenario (scenarios/NAME.ini)
 * and one comparison are run end to end, and each results folder must equal its folder under
 * tests/golden/ byte for byte (simulated times included); for the tests/data scenarios a second
 * run with the same seed must also give identical files. scripts/update-golden.sh regenerates the
 * golden folders with the same commands as golden_cases() below. */
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "cli_test_util.h"

/* One golden run: the program's arguments and the folder its results must equal. */
typedef struct {
  char *name; /* owned: the test path's middle part and the folder under tests/golden/ */
  GStrv args; /* owned: the arguments, relative to the source folder, without --quiet and --out */
} GoldenCase;

static void
golden_case_free (GoldenCase *c)
{
  g_free (c->name);
  g_strfreev (c->args);
  g_free (c);
}

typedef struct {
  char *root; /* owned: a fresh folder for the runs' output */
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

/* Runs @c from the source folder into ROOT/OUT. */
static void
run_case (Fixture *f, const GoldenCase *c, const char *out)
{
  const char *source = g_getenv ("SWARMSIM_SOURCE_DIR");
  g_autofree char *out_dir = g_build_filename (f->root, out, NULL);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  for (guint i = 0; c->args[i] != NULL; i++)
    g_ptr_array_add (args, c->args[i]);
  g_ptr_array_add (args, (gpointer)(gsize) "--quiet");
  g_ptr_array_add (args, (gpointer)(gsize) "--out");
  g_ptr_array_add (args, out_dir);
  g_ptr_array_add (args, NULL);

  g_auto (CliTestRun) run;
  cli_test_run (source, (const char *const *)args->pdata, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
}

/* Asserts that two folders hold the same names, the same bytes in each file and, recursively, the
 * same sub-folders (a comparison's variants). @label names @actual_dir in messages. */
static void
assert_same_folder (const char *expected_dir, const char *actual_dir, const char *label)
{
  g_autofree char *expected_list = cli_test_list_dir (expected_dir);
  g_autofree char *actual_list = cli_test_list_dir (actual_dir);
  g_autofree char *list_label = g_strdup_printf ("the file names in %s/", label);
  cli_test_assert_same_text (list_label, expected_list, actual_list);

  g_auto (GStrv) names = g_strsplit (expected_list, " ", -1);
  for (guint i = 0; names[i] != NULL; i++) {
    g_autofree char *ep = g_build_filename (expected_dir, names[i], NULL);
    g_autofree char *ap = g_build_filename (actual_dir, names[i], NULL);
    g_autofree char *name = g_strdup_printf ("%s/%s", label, names[i]);
    if (g_file_test (ep, G_FILE_TEST_IS_DIR)) {
      assert_same_folder (ep, ap, name);
      continue;
    }
    g_autofree char *et = NULL;
    g_autofree char *at = NULL;
    gsize elen = 0, alen = 0;
    g_assert_true (g_file_get_contents (ep, &et, &elen, NULL));
    g_assert_true (g_file_get_contents (ap, &at, &alen, NULL));
    g_assert_cmpuint (strlen (et), ==, elen); /* text files only */
    cli_test_assert_same_text (name, et, at);
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

/* Test that a golden run's results equal tests/golden/<name>/ byte for byte. */
static void
test_golden_matches (Fixture *f, gconstpointer data)
{
  const GoldenCase *c = data;
  if (!have_program ())
    return;
  g_autofree char *golden =
      g_build_filename (g_getenv ("SWARMSIM_SOURCE_DIR"), "tests", "golden", c->name, NULL);
  if (!g_file_test (golden, G_FILE_TEST_IS_DIR)) {
    g_test_fail_printf ("tests/golden/%s/ is missing; make it with scripts/update-golden.sh",
                        c->name);
    return;
  }
  run_case (f, c, "out");
  g_autofree char *out = g_build_filename (f->root, "out", NULL);
  assert_same_folder (golden, out, c->name);
}

/* Test that running a golden run twice with its seed gives identical files. */
static void
test_golden_same_seed_gives_identical_files (Fixture *f, gconstpointer data)
{
  const GoldenCase *c = data;
  if (!have_program ())
    return;
  run_case (f, c, "first");
  run_case (f, c, "second");
  g_autofree char *first = g_build_filename (f->root, "first", NULL);
  g_autofree char *second = g_build_filename (f->root, "second", NULL);
  assert_same_folder (first, second, c->name);
}

/* Asserts that every folder in tests/golden/@under is the golden folder of one of @cases, so a
 * folder left behind by a removed or renamed scenario is noticed. */
static void
assert_no_stray_folder (GPtrArray *cases, const char *under)
{
  g_autofree char *dir =
      g_build_filename (g_getenv ("SWARMSIM_SOURCE_DIR"), "tests", "golden", under, NULL);
  g_autofree char *list = cli_test_list_dir (dir);
  g_auto (GStrv) names = g_strsplit (list, " ", -1);
  for (guint i = 0; names[i] != NULL && names[i][0] != '\0'; i++) {
    g_autofree char *name =
        under[0] != '\0' ? g_strdup_printf ("%s/%s", under, names[i]) : g_strdup (names[i]);
    gboolean known = g_strcmp0 (name, "scenarios") == 0;
    for (guint k = 0; k < cases->len && !known; k++)
      known = g_strcmp0 (((const GoldenCase *)g_ptr_array_index (cases, k))->name, name) == 0;
    if (!known)
      g_test_fail_printf ("tests/golden/%s/ belongs to no golden run; remove it", name);
  }
}

/* Test that tests/golden/ holds no folder that no golden run writes. */
static void
test_golden_no_stray_folder (gconstpointer data)
{
  GPtrArray *cases = (GPtrArray *)(gsize)data;
  if (!have_program ())
    return;
  assert_no_stray_folder (cases, "");
  assert_no_stray_folder (cases, "scenarios");
}

/* Returns: (transfer full): the names NAME of the files PREFIXNAME.ini in SOURCE/@folder, sorted
 *   (every .ini file when @prefix is ""). */
static GPtrArray *
find_scenarios (const char *folder, const char *prefix)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *source = g_getenv ("SWARMSIM_SOURCE_DIR");
  g_autofree char *path = source != NULL ? g_build_filename (source, folder, NULL) : NULL;
  g_autoptr (GDir) dir = path != NULL ? g_dir_open (path, 0, NULL) : NULL;
  const char *file;
  while (dir != NULL && (file = g_dir_read_name (dir)) != NULL) {
    if (g_str_has_prefix (file, prefix) && g_str_has_suffix (file, ".ini"))
      g_ptr_array_add (names, g_strndup (file, strlen (file) - strlen (".ini")));
  }
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  /* No scenario found means a broken environment, not a pass. */
  if (names->len == 0)
    g_error ("no golden scenario (%s/%s*.ini) under SWARMSIM_SOURCE_DIR", folder, prefix);
  return names;
}

/* Appends a case named @name (taken) running @first_arg and the following arguments, up to a
 * NULL. */
static void
add_case (GPtrArray *cases, char *name, const char *first_arg, ...)
{
  GoldenCase *c = g_new0 (GoldenCase, 1);
  g_autoptr (GStrvBuilder) args = g_strv_builder_new ();
  va_list ap;
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_strv_builder_add (args, arg);
  va_end (ap);
  c->name = name;
  c->args = g_strv_builder_end (args);
  g_ptr_array_add (cases, c);
}

/* Returns: (transfer full) (element-type GoldenCase): every golden run. scripts/update-golden.sh
 *   must run the same commands. */
static GPtrArray *
golden_cases (void)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify)golden_case_free);
  g_autoptr (GPtrArray) data = find_scenarios ("tests/data", "cli-");
  g_autoptr (GPtrArray) shipped = find_scenarios ("scenarios", "");

  for (guint i = 0; i < data->len; i++) {
    const char *name = g_ptr_array_index (data, i);
    g_autofree char *ini = g_strdup_printf ("tests/data/%s.ini", name);
    add_case (cases, g_strdup (name), ini, NULL);
  }
  for (guint i = 0; i < shipped->len; i++) {
    const char *name = g_ptr_array_index (shipped, i);
    g_autofree char *ini = g_strdup_printf ("scenarios/%s.ini", name);
    add_case (cases, g_strdup_printf ("scenarios/%s", name), ini, NULL);
  }
  /* One comparison: compare.csv and the variants' sub-folders, with the first variant's seed. */
  add_case (cases, g_strdup ("compare-scale-up-vs-scale-out"), "compare", "--replications", "20",
            "scenarios/scale-up-vs-scale-out-up.ini", "scenarios/scale-up-vs-scale-out-out.ini",
            NULL);
  return cases;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_autoptr (GPtrArray) cases = golden_cases ();
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < cases->len; i++) {
    const GoldenCase *c = g_ptr_array_index (cases, i);
    char *path = g_strdup_printf ("/cli/golden/%s/matches-golden-files", c->name);
    g_ptr_array_add (paths, path);
    g_test_add (path, Fixture, c, setup, test_golden_matches, teardown);
    /* Matching its golden folder already shows that a run repeats itself across builds and days;
     * running twice in a row is kept for the small test scenarios, where it is cheap, so that the
     * sanitizer build stays well inside its time. */
    if (!g_str_has_prefix (c->name, "cli-"))
      continue;
    path = g_strdup_printf ("/cli/golden/%s/same-seed-gives-identical-files", c->name);
    g_ptr_array_add (paths, path);
    g_test_add (path, Fixture, c, setup, test_golden_same_seed_gives_identical_files, teardown);
  }
  g_test_add_data_func ("/cli/golden/no-stray-golden-folder", cases, test_golden_no_stray_folder);
  return g_test_run ();
}
