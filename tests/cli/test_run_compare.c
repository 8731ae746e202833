/* SPDX-License-Identifier: MIT
 * `swarmsim compare` writes each variant's files exactly as `swarmsim run` writes them: every
 * shipped scenario (scenarios/NAME.ini, listed when the test runs, so a new one is covered) is a
 * variant of one comparison and is also run alone, with the same seed and replications, and the
 * files both write must be byte-identical. */
#include <string.h>

#include <glib.h>

#include "cli_test_util.h"

/* The files a variant's sub-folder holds, which run writes too. */
static const char *const shared_files[] = { "summary.csv", "recovery.csv", "control_plane.csv",
                                            "statistics.csv" };

typedef struct {
  char *root; /* owned: a fresh folder for the results */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  (void)data;
  f->root = cli_test_make_folder ("swarmsim-run-compare-XXXXXX");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  g_clear_pointer (&f->root, cli_test_remove_folder);
}

/* Returns: (transfer full): the shipped scenarios' paths from the source folder,
 *   "scenarios/NAME.ini", sorted. */
static GPtrArray *
find_shipped_scenarios (const char *source)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folder = g_build_filename (source, "scenarios", NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *file;
  while (dir != NULL && (file = g_dir_read_name (dir)) != NULL) {
    if (g_str_has_suffix (file, ".ini"))
      g_ptr_array_add (paths, g_build_filename ("scenarios", file, NULL));
  }
  g_ptr_array_sort (paths, (GCompareFunc)g_strcmp0);
  return paths;
}

/* Runs the program in @source with @args (a NULL-terminated GPtrArray) and asserts that it
 * succeeded silently. */
static void
run_quietly (const char *source, GPtrArray *args)
{
  g_auto (CliTestRun) run;
  cli_test_run (source, (const char *const *)args->pdata, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
}

static void
add_args (GPtrArray *args, const char *const *more)
{
  for (guint i = 0; more[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer)(gsize)more[i]);
}

/* Test that for every shipped scenario, compare's variant sub-folder holds the same summary.csv,
 * recovery.csv, control_plane.csv and statistics.csv as run writes for it with the same seed and
 * replications. */
static void
test_run_compare_variant_files_equal_run_files (Fixture *f, gconstpointer data)
{
  const char *source = g_getenv ("SWARMSIM_SOURCE_DIR");
  g_autofree char *program = cli_test_program ();
  const char *const common[] = { "--seed", "7", "--replications", "2", "--quiet", NULL };

  (void)data;
  if (source == NULL || program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE)) {
    g_test_skip ("SWARMSIM_BUILD_DIR or SWARMSIM_SOURCE_DIR is not set");
    return;
  }
  g_autoptr (GPtrArray) scenarios = find_shipped_scenarios (source);
  g_assert_cmpuint (scenarios->len, >, 0); /* no scenario found is a broken tree, not a pass */

  g_autofree char *compare_dir = g_build_filename (f->root, "compare", NULL);
  g_autoptr (GPtrArray) compare = g_ptr_array_new ();
  add_args (compare, (const char *const[]){ "compare", "--out", compare_dir, NULL });
  add_args (compare, common);
  for (guint i = 0; i < scenarios->len; i++)
    g_ptr_array_add (compare, g_ptr_array_index (scenarios, i));
  g_ptr_array_add (compare, NULL);
  run_quietly (source, compare);

  for (guint i = 0; i < scenarios->len; i++) {
    const char *scenario = g_ptr_array_index (scenarios, i);
    g_autofree char *base = g_path_get_basename (scenario);
    g_autofree char *name = g_strndup (base, strlen (base) - strlen (".ini"));
    g_autofree char *run_dir = g_build_filename (f->root, "run", name, NULL);
    g_autoptr (GPtrArray) run = g_ptr_array_new ();
    add_args (run, (const char *const[]){ "run", scenario, "--out", run_dir, NULL });
    add_args (run, common);
    g_ptr_array_add (run, NULL);
    run_quietly (source, run);

    for (guint k = 0; k < G_N_ELEMENTS (shared_files); k++) {
      g_autofree char *from_run = cli_test_read_file (run_dir, shared_files[k], NULL);
      g_autofree char *from_compare = cli_test_read_file (compare_dir, name, shared_files[k], NULL);
      g_autofree char *label = g_strdup_printf ("%s/%s (run, then compare)", name, shared_files[k]);
      cli_test_assert_same_text (label, from_run, from_compare);
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/cli/run-compare/variant-files-equal-run-files", Fixture, NULL, setup,
              test_run_compare_variant_files_equal_run_files, teardown);
  return g_test_run ();
}
