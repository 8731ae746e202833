/* SPDX-License-Identifier: MIT
 * Tests of cli/dist_file.h: empirical distribution files (fixtures in tests/data/dist-*.csv) read
 * with libcsv, their PATH:LINE errors and the size limit. The text syntax is tested in
 * tests/sim/test_dist.c. */

#include "cli/dist_file.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "sim/units.h"

#define N_DRAWS 100000

static char *
data_path (const char *name)
{
  const char *source_dir = g_getenv ("SWARMSIM_SOURCE_DIR");
  if (source_dir != NULL)
    return g_build_filename (source_dir, "tests", "data", name, NULL);
  return g_build_filename (SWARMSIM_TEST_DATA_DIR, name, NULL);
}

/* Parses @text against the data folder, asserting success. */
static SimDist *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = data_path (".");
  SimDist *dist = cli_dist_parse (text, data_dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dist);
  return dist;
}

/* Asserts that @text, read against @base_dir, is the one-line parse error @code; returns its
 * message. */
static char *
parse_error_dup (const char *text, const char *base_dir, SimParseError code)
{
  g_autoptr (GError) error = NULL;

  g_test_message ("%s", text);
  g_assert_null (cli_dist_parse (text, base_dir, &error));
  g_assert_error (error, SIM_PARSE_ERROR, (gint)code);
  g_assert_null (strchr (error->message, '\n'));
  return g_strdup (error->message);
}

/* Asserts that empirical(@path) is a file error whose message begins with @path; returns the rest
 * of the message (":LINE: ..." or ": ..."). */
static char *
file_error_dup_at (const char *path)
{
  g_autofree char *text = g_strdup_printf ("empirical(%s)", path);
  g_autofree char *message = parse_error_dup (text, NULL, SIM_PARSE_ERROR_FILE);

  g_assert_true (g_str_has_prefix (message, path));
  return g_strdup (message + strlen (path));
}

/* As file_error_dup_at(), for the absolute path of @fixture in tests/data. */
static char *
file_error_dup (const char *fixture)
{
  g_autofree char *path = data_path (fixture);

  return file_error_dup_at (path);
}

/* Test that a file is read from the first column, skipping the header and blank lines, reading
 * bare numbers as seconds and a quoted note over two lines as one row: dist-ok.csv holds 1s, 2s,
 * 3 (seconds) and 4s, so the mean is (1 + 2 + 3 + 4) s / 4 = 2.5 s and each row is drawn about
 * N_DRAWS / 4 times. */
static void
test_dist_file_reads_first_column_of_each_row (void)
{
  g_autoptr (SimDist) dist = parse_ok ("empirical(dist-ok.csv)");
  g_autoptr (SimRng) rng = sim_rng_new (99, "test/empirical");
  guint counts[5] = { 0 };

  g_assert_cmpint (sim_dist_get_kind (dist), ==, SIM_DIST_EMPIRICAL);
  g_assert_cmpfloat (sim_dist_get_mean (dist), ==, 2.5e6);
  for (int i = 0; i < N_DRAWS; i++) {
    SimTime x = sim_dist_sample (dist, rng);
    g_assert_cmpint (x % SIM_SEC (1), ==, 0);
    g_assert_cmpint (x, >=, SIM_SEC (1));
    g_assert_cmpint (x, <=, SIM_SEC (4));
    counts[x / SIM_SEC (1)]++;
  }
  for (int k = 1; k <= 4; k++)
    g_assert_cmpuint (counts[k], >, N_DRAWS / 4 * 95 / 100);
}

/* Test that the law prints the file name as the scenario wrote it, not the resolved path. */
static void
test_dist_file_prints_name_as_written (void)
{
  g_autoptr (SimDist) dist = parse_ok ("empirical( dist-ok.csv )");
  g_autofree char *text = sim_dist_to_string (dist);

  g_assert_cmpstr (text, ==, "empirical(dist-ok.csv)");
}

/* Test that an absolute path ignores the base folder. */
static void
test_dist_file_absolute_path_ignores_base_dir (void)
{
  g_autofree char *path = data_path ("dist-ok.csv");
  g_autofree char *text = g_strdup_printf ("empirical(%s)", path);
  g_autoptr (GError) error = NULL;
  g_autoptr (SimDist) dist = cli_dist_parse (text, "/nonexistent", &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (sim_dist_get_mean (dist), ==, 2.5e6);
}

/* Test that the forms without a file parse as sim_dist_parse() does, errors included. */
static void
test_dist_file_text_errors_are_the_kernels (void)
{
  g_autoptr (SimDist) dist = parse_ok ("uniform(1s,3s)");
  g_autoptr (GError) expected = NULL;
  g_assert_null (sim_dist_parse ("uniform(2s,1s)", NULL, NULL, &expected));
  g_autofree char *message = parse_error_dup ("uniform(2s,1s)", NULL, SIM_PARSE_ERROR_RANGE);

  g_assert_cmpfloat (sim_dist_get_mean (dist), ==, 2e6);
  g_assert_cmpstr (message, ==, expected->message);
}

/* Test that a missing file is a file error that names the resolved path. */
static void
test_dist_file_missing_file_is_file_error (void)
{
  g_autofree char *message =
      parse_error_dup ("empirical(dist-absent.csv)", "/nonexistent", SIM_PARSE_ERROR_FILE);

  g_assert_true (g_str_has_prefix (message, "/nonexistent/dist-absent.csv: cannot open: "));
  g_assert_true (g_str_has_suffix (message, "; expected a readable CSV file"));
}

/* Test that a bad value is reported as PATH:LINE with the physical line, counting the lines of a
 * quoted field that spans two: 5x is on line 5 of dist-bad-value.csv. */
static void
test_dist_file_bad_value_reports_path_and_line (void)
{
  g_autofree char *after_path = file_error_dup ("dist-bad-value.csv");

  g_assert_cmpstr (after_path, ==,
                   ":5: invalid duration \"5x\": expected a number followed by a unit "
                   "(us, ms, s, m, h, d), e.g. 1m30s");
}

/* Test that malformed CSV quoting is a file error at its line (line 3: 2s"oops). */
static void
test_dist_file_malformed_csv_reports_line (void)
{
  g_autofree char *after_path = file_error_dup ("dist-malformed.csv");

  g_assert_true (g_str_has_prefix (after_path, ":3: malformed CSV ("));
  g_assert_true (g_str_has_suffix (after_path, "); expected RFC 4180 quoting"));
}

/* Test that a quoted field left open at the end of the file is a file error at the line where its
 * record began (line 3: "2s). */
static void
test_dist_file_unterminated_quote_reports_line (void)
{
  g_autofree char *after_path = file_error_dup ("dist-unterminated.csv");

  g_assert_cmpstr (after_path, ==, ":3: unterminated quoted field; expected a closing quote");
}

/* Test that a file with a header and no values is a file error at its last line (line 2, blank). */
static void
test_dist_file_without_values_is_file_error (void)
{
  g_autofree char *after_path = file_error_dup ("dist-no-values.csv");

  g_assert_cmpstr (after_path, ==, ":2: no values; expected one duration per row");
}

/* Test that an empty first column is a file error, not a silent zero (line 3: ",3"). */
static void
test_dist_file_empty_value_is_file_error (void)
{
  g_autofree char *after_path = file_error_dup ("dist-empty-value.csv");

  g_assert_cmpstr (after_path, ==, ":3: empty value; expected a duration in the first column");
}

/* Test that a regular file one byte over the limit is refused with one line naming the file and
 * the limit. The file is sparse (a seek past the end, then one byte), so it costs no disk space. */
static void
test_dist_file_refuses_file_over_size_limit (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dist-file-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "huge.csv", NULL);
  FILE *file = g_fopen (path, "wb");

  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long)CLI_DIST_FILE_MAX_BYTES, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc ('\n', file), ==, '\n');
  g_assert_cmpint (fclose (file), ==, 0);

  g_autofree char *after_path = file_error_dup_at (path);
  g_assert_cmpstr (after_path, ==,
                   ": 67108865 bytes, larger than the limit of 64 MiB; expected a smaller file");
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Test that a device with no end (/dev/zero reports no size) is refused before it is read,
 * rather than filling memory. */
static void
test_dist_file_refuses_endless_device (void)
{
  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS)) {
    g_test_skip ("no /dev/zero on this system");
    return;
  }
  g_test_bug ("17");
  g_autofree char *after_path = file_error_dup_at ("/dev/zero");

  g_assert_cmpstr (after_path, ==,
                   ": not a regular file (a device, FIFO or folder); expected a file");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add_func ("/cli/dist-file/" path, fn)
  ADD ("reads-first-column-of-each-row", test_dist_file_reads_first_column_of_each_row);
  ADD ("prints-name-as-written", test_dist_file_prints_name_as_written);
  ADD ("absolute-path-ignores-base-dir", test_dist_file_absolute_path_ignores_base_dir);
  ADD ("text-errors-are-the-kernels", test_dist_file_text_errors_are_the_kernels);
  ADD ("missing-file-is-file-error", test_dist_file_missing_file_is_file_error);
  ADD ("bad-value-reports-path-and-line", test_dist_file_bad_value_reports_path_and_line);
  ADD ("malformed-csv-reports-line", test_dist_file_malformed_csv_reports_line);
  ADD ("unterminated-quote-reports-line", test_dist_file_unterminated_quote_reports_line);
  ADD ("without-values-is-file-error", test_dist_file_without_values_is_file_error);
  ADD ("empty-value-is-file-error", test_dist_file_empty_value_is_file_error);
  ADD ("refuses-file-over-size-limit", test_dist_file_refuses_file_over_size_limit);
  ADD ("refuses-endless-device", test_dist_file_refuses_endless_device);
#undef ADD

  return g_test_run ();
}
