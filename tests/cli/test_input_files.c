/* SPDX-License-Identifier: MIT
 * Tests of the program's input files (issue 17): the scenario, the instance catalog, traces and
 * empirical distributions are opened only when they are regular files under their size limit,
 * with one line naming the file otherwise, and the program exits 2. */
#define _POSIX_C_SOURCE 200809L /* mkfifo(), truncate() */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/dist_file.h"
#include "cli/scenario.h"
#include "cli_test_util.h"
#include "models/io/file.h"
#include "sim/units.h"

#define NOT_REGULAR "not a regular file (a device, FIFO or folder); expected a file"
#define SMALL_SCENARIO                                                                             \
  "[simulation]\nduration = 1m\n\n[nodes.manager]\nrole = manager\ninstance_type = t3.small\n"

typedef struct {
  char *dir;  /* owned: a fresh folder */
  char *fifo; /* owned: a FIFO in it, with no writer */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  (void)data;
  f->dir = cli_test_make_folder ("swarmsim-inputs-XXXXXX");
  f->fifo = g_build_filename (f->dir, "input.fifo", NULL);
  g_assert_cmpint (mkfifo (f->fifo, 0600), ==, 0);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  g_free (f->fifo);
  g_clear_pointer (&f->dir, cli_test_remove_folder);
}

/* Returns: (transfer full): the message of loading the scenario at @path, which must fail with
 * CLI_SCENARIO_ERROR_@code. */
static char *
scenario_error (const char *path, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = cli_scenario_load (path, NULL, &error);

  g_assert_null (scenario);
  g_assert_error (error, CLI_SCENARIO_ERROR, code);
  return g_strdup (error->message);
}

/* Test that a FIFO as the scenario is refused at once, not waited on. */
static void
test_input_files_scenario_fifo_is_refused (Fixture *f, gconstpointer data)
{
  (void)data;
  g_test_bug ("17");
  g_autofree char *message = scenario_error (f->fifo, CLI_SCENARIO_ERROR_FILE);
  g_autofree char *expected = g_strdup_printf ("%s: " NOT_REGULAR, f->fifo);
  g_assert_cmpstr (message, ==, expected);
}

/* Test that /dev/zero as the scenario is refused, not read until memory runs out. */
static void
test_input_files_scenario_device_is_refused (Fixture *f, gconstpointer data)
{
  (void)f;
  (void)data;
  g_test_bug ("17");
  g_autofree char *message = scenario_error ("/dev/zero", CLI_SCENARIO_ERROR_FILE);
  g_assert_cmpstr (message, ==, "/dev/zero: " NOT_REGULAR);
}

/* Test that a scenario one byte over its 8 MiB limit is refused, naming the limit. The file is
 * sparse, so it costs no disk space. */
static void
test_input_files_scenario_over_limit_is_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "huge.ini", NULL);

  (void)data;
  g_test_bug ("17");
  g_assert_true (g_file_set_contents (path, SMALL_SCENARIO, -1, NULL));
  g_assert_cmpint (truncate (path, (off_t)(IO_FILE_MAX_SCENARIO_BYTES + 1)), ==, 0);
  g_autofree char *message = scenario_error (path, CLI_SCENARIO_ERROR_FILE);
  g_autofree char *expected = g_strdup_printf (
      "%s: 8388609 bytes, larger than the limit of 8 MiB; expected a smaller file", path);
  g_assert_cmpstr (message, ==, expected);
  g_assert_cmpint (g_remove (path), ==, 0);
}

/* Writes a scenario with @extra appended and returns the message of loading it, which must fail,
 * with the fixture's folder written "DIR". */
static char *
scenario_with_error (Fixture *f, const char *extra)
{
  g_autofree char *path = g_build_filename (f->dir, "scenario.ini", NULL);
  g_autofree char *text = g_strconcat (SMALL_SCENARIO, extra, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_autoptr (CliScenario) scenario = cli_scenario_load (path, NULL, &error);
  g_assert_null (scenario);
  g_assert_nonnull (error);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_true (g_str_has_prefix (error->message, f->dir));
  g_auto (GStrv) parts = g_strsplit (error->message, f->dir, -1);
  return g_strjoinv ("DIR", parts);
}

/* Test that a device or FIFO as the instance catalog is refused with its path. */
static void
test_input_files_catalog_device_and_fifo_are_refused (Fixture *f, gconstpointer data)
{
  (void)data;
  g_test_bug ("17");
  g_autofree char *dev = scenario_with_error (f, "\n[ec2]\ninstance_catalog = /dev/zero\n");
  g_assert_cmpstr (dev, ==, "DIR/scenario.ini: [ec2] instance_catalog: /dev/zero: " NOT_REGULAR);
  g_autofree char *key = g_strdup_printf ("\n[ec2]\ninstance_catalog = %s\n", f->fifo);
  g_autofree char *fifo = scenario_with_error (f, key);
  g_assert_cmpstr (fifo, ==,
                   "DIR/scenario.ini: [ec2] instance_catalog: DIR/input.fifo: " NOT_REGULAR);
}

/* Test that a device or FIFO as a trace is refused with its path. */
static void
test_input_files_trace_device_and_fifo_are_refused (Fixture *f, gconstpointer data)
{
  (void)data;
  g_test_bug ("17");
  g_autofree char *dev =
      scenario_with_error (f, "\n[trace]\nformat = alibaba-gpu-2023\npods = /dev/zero\n");
  g_assert_cmpstr (dev, ==, "DIR/scenario.ini: [trace] pods: /dev/zero: " NOT_REGULAR);
  g_autofree char *fifo =
      scenario_with_error (f, "\n[trace]\nformat = google-2011\ntasks = input.fifo\n");
  g_assert_cmpstr (fifo, ==, "DIR/scenario.ini: [trace] tasks: DIR/input.fifo: " NOT_REGULAR);
}

/* Test that a FIFO as an empirical distribution's file is refused at once. */
static void
test_input_files_dist_fifo_is_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SimDist) dist = cli_dist_parse ("empirical(input.fifo)", f->dir, &error);
  g_autofree char *expected = g_strdup_printf ("%s: " NOT_REGULAR, f->fifo);

  (void)data;
  g_test_bug ("17");
  g_assert_null (dist);
  g_assert_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE);
  g_assert_cmpstr (error->message, ==, expected);
}

/* Test that `swarmsim check /dev/zero` exits 2 with one line on standard error. */
static void
test_input_files_program_device_scenario_exits_2 (Fixture *f, gconstpointer data)
{
  const char *const args[] = { "check", "/dev/zero", NULL };
  g_auto (CliTestRun) run = { 0 };

  (void)data;
  g_test_bug ("17");
  cli_test_run (f->dir, args, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==, "/dev/zero: " NOT_REGULAR "\n");
  g_assert_cmpstr (run.out, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/cli/scenario/fifo-is-refused", test_input_files_scenario_fifo_is_refused);
  ADD ("/cli/scenario/device-is-refused", test_input_files_scenario_device_is_refused);
  ADD ("/cli/scenario/over-limit-is-refused", test_input_files_scenario_over_limit_is_refused);
  ADD ("/cli/scenario/catalog-device-and-fifo-are-refused",
       test_input_files_catalog_device_and_fifo_are_refused);
  ADD ("/cli/scenario/trace-device-and-fifo-are-refused",
       test_input_files_trace_device_and_fifo_are_refused);
  ADD ("/cli/dist-file/fifo-is-refused", test_input_files_dist_fifo_is_refused);
  ADD ("/cli/program/device-scenario-exits-2", test_input_files_program_device_scenario_exits_2);
#undef ADD

  return g_test_run ();
}
