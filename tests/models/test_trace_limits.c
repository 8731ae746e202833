/* SPDX-License-Identifier: MIT
 * Tests of the workload readers' limits (issue 17): numbers that would overflow their unit
 * conversion, files that are not regular files or are too large, lines counted right when the file
 * is read in chunks, and Google traces that are not sorted by time. */
#define _POSIX_C_SOURCE 200809L /* mkfifo(), truncate() */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/io/file.h"
#include "models/workload/batch.h"
#include "models/workload/curve.h"
#include "models/workload/error.h"
#include "models/workload/trace.h"

#define POD_HEADER                                                                                 \
  "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_"     \
  "time,scheduled_time\n"
#define NODE_HEADER "sn,cpu_milli,memory_mib,gpu,model\n"

/* A temporary folder for one test's files, removed with everything in it. */
typedef struct {
  char *dir; /* owned */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  (void)data;
  f->dir = g_dir_make_tmp ("trace-limits-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  (void)data;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *path = g_build_filename (f->dir, name, NULL);
    g_assert_cmpint (g_remove (path), ==, 0);
  }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->dir);
}

/* Writes @text to @name in the fixture's folder. Returns: (transfer full): the path. */
static char *
write_file (Fixture *f, const char *name, const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Returns: (transfer full): the message of loading the pods file @text, which must fail in
 * WL_ERROR with @code, with its path replaced by "PATH". */
static char *
pods_error (Fixture *f, const char *text, gint code)
{
  g_autofree char *path = write_file (f, "pods.csv", text);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pods = wl_trace_load_alibaba_pods (path, &error);

  g_assert_null (pods);
  g_assert_error (error, WL_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, path));
  return g_strconcat ("PATH", error->message + strlen (path), NULL);
}

/* Test that a cpu_milli whose nanocpus overflow is out of range, not a negative reservation. */
static void
test_trace_limits_pod_cpu_overflow_is_range_error (Fixture *f, gconstpointer data)
{
  (void)data;
  g_test_bug ("17");
  g_autofree char *message =
      pods_error (f, POD_HEADER "p,9223372036854776,1,0,0,,BE,Running,0,10,0\n", WL_ERROR_RANGE);
  g_assert_cmpstr (message, ==,
                   "PATH:2: cpu_milli: 9223372036854776 out of range; expected 0 to 1000000000");
}

/* Test that a memory_mib whose bytes overflow is out of range. */
static void
test_trace_limits_pod_memory_overflow_is_range_error (Fixture *f, gconstpointer data)
{
  (void)data;
  g_test_bug ("17");
  g_autofree char *message =
      pods_error (f, POD_HEADER "p,1000,8796093022208,0,0,,BE,Running,0,10,0\n", WL_ERROR_RANGE);
  g_assert_cmpstr (message, ==,
                   "PATH:2: memory_mib: 8796093022208 out of range; expected 0 to 1099511627776");
}

/* Test that a creation_time whose microseconds overflow is out of range, not a silently empty
 * trace. */
static void
test_trace_limits_pod_time_overflow_is_range_error (Fixture *f, gconstpointer data)
{
  (void)data;
  g_test_bug ("17");
  g_autofree char *message = pods_error (
      f, POD_HEADER "p,1000,1,0,0,,BE,Running,9223372036855,9223372036856,0\n", WL_ERROR_RANGE);
  g_assert_cmpstr (message, ==,
                   "PATH:2: creation_time: 9223372036855 out of range; expected 0 to "
                   "9223372036853");
}

/* Test that a deletion_time at the edge of gint64 is out of range. */
static void
test_trace_limits_pod_deletion_overflow_is_range_error (Fixture *f, gconstpointer data)
{
  (void)data;
  g_test_bug ("17");
  g_autofree char *message = pods_error (
      f, POD_HEADER "p,1000,1,0,0,,BE,Running,5,9223372036854775807,0\n", WL_ERROR_RANGE);
  g_assert_cmpstr (message, ==,
                   "PATH:2: deletion_time: 9223372036854775807 out of range; expected 0 to "
                   "9223372036853");
}

/* Test that the largest values in range convert exactly. */
static void
test_trace_limits_pod_largest_values_convert (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (
      f, "pods.csv", POD_HEADER "p,1000000000,1099511627776,0,0,,BE,Running,9223372036853,,0\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pods = wl_trace_load_alibaba_pods (path, &error);
  const WlTraceTask *pod;

  (void)data;
  g_assert_no_error (error);
  pod = pods->pdata[0];
  g_assert_cmpint (pod->nanocpus, ==, G_GINT64_CONSTANT (1000000000000000));
  g_assert_cmpint (pod->memory_bytes, ==, G_GINT64_CONSTANT (1152921504606846976));
  g_assert_cmpint (pod->arrival_us, ==, G_GINT64_CONSTANT (9223372036853000000));
  g_assert_cmpint (pod->departure_us, ==, SIM_TIME_NEVER);
}

/* Test that a node's cpu_milli, memory_mib and gpu are checked against their ranges. */
static void
test_trace_limits_node_overflow_is_range_error (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *row, *message;
  } cases[] = {
    { "n,9223372036854775807,1,0,\n",
      "PATH:2: cpu_milli: 9223372036854775807 out of range; expected 0 to 1000000000" },
    { "n,1000,9223372036854775807,0,\n",
      "PATH:2: memory_mib: 9223372036854775807 out of range; expected 0 to 1099511627776" },
    { "n,1000,1,4294967296,\n", "PATH:2: gpu: 4294967296 out of range; expected 0 to 1000000" },
    { "n,-1,1,0,\n", "PATH:2: cpu_milli: -1 out of range; expected 0 to 1000000000" },
  };

  (void)data;
  g_test_bug ("17");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *text = g_strconcat (NODE_HEADER, cases[i].row, NULL);
    g_autofree char *path = write_file (f, "nodes.csv", text);
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) nodes = wl_trace_load_alibaba_nodes (path, &error);

    g_assert_null (nodes);
    g_assert_error (error, WL_ERROR, WL_ERROR_RANGE);
    g_autofree char *message = g_strconcat ("PATH", error->message + strlen (path), NULL);
    g_assert_cmpstr (message, ==, cases[i].message);
  }
}

#define GOOGLE_ROW(t, job, type) t ",," job ",0,1," type ",u,3,9,0.5,0.25,0,0\n"

/* Test that a Google row going back in time is an error naming both lines, not a dropped task. */
static void
test_trace_limits_google_unsorted_is_error (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "events.csv",
                                      GOOGLE_ROW ("0", "7", "0") GOOGLE_ROW ("5000000", "8", "0")
                                          GOOGLE_ROW ("3000000", "7", "4"));
  WlGoogleScale scale = { G_GINT64_CONSTANT (16000000000), G_GINT64_CONSTANT (1) << 36 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tasks = wl_trace_load_google_task_events (path, &scale, &error);

  (void)data;
  g_test_bug ("17");
  g_assert_null (tasks);
  g_assert_error (error, WL_ERROR, WL_ERROR_RANGE);
  g_autofree char *message = g_strconcat ("PATH", error->message + strlen (path), NULL);
  g_assert_cmpstr (message, ==,
                   "PATH:3: time 3000000 is before 5000000 on line 2; expected rows sorted by "
                   "time, as task_events files are");
}

/* Test that a full request of a machine as large as gint64 allows converts without overflow. */
static void
test_trace_limits_google_full_request_of_largest_scale (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "events.csv", "0,,7,0,1,0,u,3,9,1,1,0,0\n");
  WlGoogleScale scale = { G_MAXINT64, G_MAXINT64 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tasks = wl_trace_load_google_task_events (path, &scale, &error);

  (void)data;
  g_test_bug ("17");
  g_assert_no_error (error);
  g_assert_cmpint (((WlTraceTask *)tasks->pdata[0])->nanocpus, ==, G_MAXINT64);
  g_assert_cmpint (((WlTraceTask *)tasks->pdata[0])->memory_bytes, ==, G_MAXINT64);
}

/* Test that a curve CSV time whose microseconds overflow is out of range. */
static void
test_trace_limits_curve_time_overflow_is_range_error (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "curve.csv", "time,replicas\n0,1\n1e300,2\n");
  g_autofree char *text = g_strdup_printf ("csv(%s)", path);
  g_autoptr (GError) error = NULL;
  g_autoptr (WlCurve) curve = wl_curve_parse (text, NULL, &error);

  (void)data;
  g_test_bug ("17");
  g_assert_null (curve);
  g_assert_error (error, WL_ERROR, WL_ERROR_RANGE);
  g_autofree char *message = g_strconcat ("PATH", error->message + strlen (path), NULL);
  g_assert_cmpstr (message, ==,
                   "PATH:3: time: 1e300 out of range; expected 0 to 9223372036853 seconds");
}

/* Test that a batch arrival time whose microseconds overflow is out of range. */
static void
test_trace_limits_arrival_time_overflow_is_range_error (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "arrivals.csv", "10\n9223372036854\n");
  g_autofree char *text = g_strdup_printf ("csv(%s)", path);
  g_autoptr (GError) error = NULL;
  g_autoptr (WlArrivals) arrivals = wl_arrivals_parse (text, NULL, &error);

  (void)data;
  g_test_bug ("17");
  g_assert_null (arrivals);
  g_assert_error (error, WL_ERROR, WL_ERROR_RANGE);
  g_autofree char *message = g_strconcat ("PATH", error->message + strlen (path), NULL);
  g_assert_cmpstr (message, ==,
                   "PATH:2: arrival time: 9223372036854 out of range; expected 0 to "
                   "9223372036853 seconds");
}

/* Asserts that loading @path as a pods trace fails with WL_ERROR_FILE and "PATH@suffix". */
static void
assert_pods_file_error (const char *path, const char *suffix)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pods = wl_trace_load_alibaba_pods (path, &error);
  g_autofree char *expected = g_strconcat (path, suffix, NULL);

  g_assert_null (pods);
  g_assert_error (error, WL_ERROR, WL_ERROR_FILE);
  g_assert_cmpstr (error->message, ==, expected);
}

#define NOT_REGULAR ": not a regular file (a device, FIFO or folder); expected a file"

/* Test that a FIFO as a trace is refused at once rather than waited on. */
static void
test_trace_limits_fifo_is_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "pods.fifo", NULL);

  (void)data;
  g_test_bug ("17");
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  assert_pods_file_error (path, NOT_REGULAR);
}

/* Test that /dev/zero as a trace is refused rather than read until memory runs out. */
static void
test_trace_limits_device_is_refused (Fixture *f, gconstpointer data)
{
  (void)f;
  (void)data;
  g_test_bug ("17");
  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS)) {
    g_test_skip ("no /dev/zero on this system");
    return;
  }
  assert_pods_file_error ("/dev/zero", NOT_REGULAR);
}

/* Test that a folder as a trace is refused with the same message. */
static void
test_trace_limits_folder_is_refused (Fixture *f, gconstpointer data)
{
  (void)data;
  assert_pods_file_error (f->dir, NOT_REGULAR);
}

/* Test that a trace one byte over the limit is refused, naming the limit, before it is read. The
 * file is sparse, so it costs no disk space. */
static void
test_trace_limits_file_over_limit_is_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "pods.csv", POD_HEADER);
  g_autofree char *suffix = g_strdup_printf (
      ": %" G_GUINT64_FORMAT " bytes, larger than the limit of 1024 MiB; expected a smaller file",
      IO_FILE_MAX_CSV_BYTES + 1);

  (void)data;
  g_test_bug ("17");
  g_assert_cmpint (truncate (path, (off_t)(IO_FILE_MAX_CSV_BYTES + 1)), ==, 0);
  assert_pods_file_error (path, suffix);
}

/* Test that with the file read in 64 KiB chunks, a quoted field spanning lines across a chunk
 * boundary, and a comment line cut by one, keep every later line number right: for each of
 * several offsets of the boundary, a bad row after them is reported on its own line. */
static void
test_trace_limits_lines_counted_across_chunks (Fixture *f, gconstpointer data)
{
  (void)data;
  g_test_bug ("17");
  /* The boundary falls on every byte from a few comment lines before the quoted row to past its
   * last line break, so also right after a newline. */
  for (guint shift = 0; shift < 32; shift++) {
    GString *text = g_string_new (POD_HEADER);
    guint line = 2;

    /* Pad with good rows until the boundary at 65536 is a few bytes ahead. */
    while (text->len + 80 < 65536 - 40) {
      g_string_append_printf (text, "pod-%06u,1000,1,0,0,,BE,Running,0,10,0\n", line);
      line++;
    }
    while (text->len < 65536 - 24 + shift) {
      g_string_append (text, 65536 - 24 + shift - text->len >= 2 ? "#\n" : "\n");
      line++;
    }
    /* A pod whose quoted name holds two line breaks, straddling the boundary. */
    g_string_append (text, "\"long\nquoted\nname\",1000,1,0,0,,BE,Running,0,10,0\n");
    line += 3;
    /* A comment line longer than a chunk's remainder, and a blank line. */
    g_string_append (text, "# a comment\n\n");
    line += 2;
    g_string_append (text, "bad,x,1,0,0,,BE,Running,0,10,0\n");

    g_autofree char *path = write_file (f, "pods.csv", text->str);
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) pods = wl_trace_load_alibaba_pods (path, &error);
    g_autofree char *expected =
        g_strdup_printf ("%s:%u: cpu_milli is \"x\"; expected an integer", path, line);

    g_test_message ("shift %u: %" G_GSIZE_FORMAT " bytes, bad row on line %u", shift, text->len,
                    line);
    g_assert_null (pods);
    g_assert_error (error, WL_ERROR, WL_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, expected);
    g_string_free (text, TRUE);
  }
}

/* Test that a file larger than one chunk is read whole: every row of a 3-chunk trace arrives. */
static void
test_trace_limits_rows_across_chunks_all_read (Fixture *f, gconstpointer data)
{
  GString *text = g_string_new (POD_HEADER);
  guint n = 0;

  (void)data;
  while (text->len < 3 * 65536) {
    g_string_append_printf (text, "pod-%u,1000,1,0,0,,BE,Running,%u,,0\n", n, n);
    n++;
  }
  g_autofree char *path = write_file (f, "pods.csv", text->str);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pods = wl_trace_load_alibaba_pods (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (pods->len, ==, n);
  g_autofree char *last = g_strdup_printf ("pod-%u", n - 1);
  g_assert_cmpstr (((WlTraceTask *)pods->pdata[n - 1])->name, ==, last);
  g_string_free (text, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn)                                                                              \
  g_test_add ("/models/trace-limits/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("pod-cpu-overflow-is-range-error", test_trace_limits_pod_cpu_overflow_is_range_error);
  ADD ("pod-memory-overflow-is-range-error", test_trace_limits_pod_memory_overflow_is_range_error);
  ADD ("pod-time-overflow-is-range-error", test_trace_limits_pod_time_overflow_is_range_error);
  ADD ("pod-deletion-overflow-is-range-error",
       test_trace_limits_pod_deletion_overflow_is_range_error);
  ADD ("pod-largest-values-convert", test_trace_limits_pod_largest_values_convert);
  ADD ("node-overflow-is-range-error", test_trace_limits_node_overflow_is_range_error);
  ADD ("google-unsorted-is-error", test_trace_limits_google_unsorted_is_error);
  ADD ("google-full-request-of-largest-scale",
       test_trace_limits_google_full_request_of_largest_scale);
  ADD ("curve-time-overflow-is-range-error", test_trace_limits_curve_time_overflow_is_range_error);
  ADD ("arrival-time-overflow-is-range-error",
       test_trace_limits_arrival_time_overflow_is_range_error);
  ADD ("fifo-is-refused", test_trace_limits_fifo_is_refused);
  ADD ("device-is-refused", test_trace_limits_device_is_refused);
  ADD ("folder-is-refused", test_trace_limits_folder_is_refused);
  ADD ("file-over-limit-is-refused", test_trace_limits_file_over_limit_is_refused);
  ADD ("lines-counted-across-chunks", test_trace_limits_lines_counted_across_chunks);
  ADD ("rows-across-chunks-all-read", test_trace_limits_rows_across_chunks_all_read);
#undef ADD

  return g_test_run ();
}
