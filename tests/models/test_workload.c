/* SPDX-License-Identifier: MIT
 * Tests of models/workload: the trace readers on small fixtures in the real layouts, replica curves
 * and batch arrivals. */
#include <math.h>
#include <string.h>

#include "models/workload/batch.h"
#include "models/workload/curve.h"
#include "models/workload/error.h"
#include "models/workload/trace.h"

static char *
data_path (const char *name)
{
  const char *root = g_getenv ("SWARMSIM_SOURCE_DIR");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "data", name, NULL);
}

/* Test that the Alibaba node list is read with its units and an empty GPU model. */
static void
test_workload_alibaba_nodes_read_in_file_order (void)
{
  g_autofree char *path = data_path ("trace-alibaba-nodes.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) nodes = wl_trace_load_alibaba_nodes (path, &error);
  WlTraceNode *third;

  g_assert_no_error (error);
  g_assert_cmpuint (nodes->len, ==, 4);
  g_assert_cmpstr (((WlTraceNode *)nodes->pdata[0])->name, ==, "openb-node-0001");
  third = nodes->pdata[2];
  g_assert_cmpint (third->cpu_millicores, ==, 32000);
  g_assert_cmpint (third->memory_mib, ==, 262144);
  g_assert_cmpuint (third->gpus, ==, 0);
  g_assert_cmpstr (third->gpu_model, ==, "");
}

/* Test that a wrong header is reported on line 1 with the expected header. */
static void
test_workload_alibaba_nodes_bad_header_names_line_1 (void)
{
  g_autofree char *path = data_path ("trace-alibaba-nodes-bad-header.csv");
  g_autofree char *prefix = g_strdup_printf ("%s:1: header is ", path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) nodes = wl_trace_load_alibaba_nodes (path, &error);

  g_assert_null (nodes);
  g_assert_error (error, WL_ERROR, WL_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_nonnull (strstr (error->message, "expected \"sn,cpu_milli,memory_mib,gpu,model\""));
}

/* Test that pods come sorted by arrival with CPU in nanocpus, memory in bytes and times in µs. */
static void
test_workload_alibaba_pods_sorted_in_simulator_units (void)
{
  g_autofree char *path = data_path ("trace-alibaba-pods.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pods = wl_trace_load_alibaba_pods (path, &error);
  WlTraceTask *first;

  g_assert_no_error (error);
  g_assert_cmpuint (pods->len, ==, 4);
  first = pods->pdata[0];
  g_assert_cmpstr (first->name, ==, "openb-pod-0001");
  g_assert_cmpint (first->nanocpus, ==, G_GINT64_CONSTANT (12000000000));
  g_assert_cmpint (first->memory_bytes, ==, G_GINT64_CONSTANT (16384) * 1048576);
  g_assert_cmpint (first->arrival_us, ==, SIM_SEC (9437497));
  g_assert_cmpint (first->departure_us, ==, SIM_SEC (9447497));
  g_assert_cmpstr (((WlTraceTask *)pods->pdata[1])->name, ==, "openb-pod-0002");
  g_assert_true (((WlTraceTask *)pods->pdata[1])->failed);
  g_assert_cmpstr (((WlTraceTask *)pods->pdata[3])->name, ==, "openb-pod-0004");
}

/* Test that a pod without a deletion time never leaves, and rebasing starts the trace at 0. */
static void
test_workload_alibaba_pod_without_deletion_never_leaves (void)
{
  g_autofree char *path = data_path ("trace-alibaba-pods.csv");
  g_autoptr (GPtrArray) pods = wl_trace_load_alibaba_pods (path, NULL);
  WlTraceTask *last;

  g_assert_nonnull (pods);
  wl_trace_tasks_rebase (pods);
  last = pods->pdata[3];
  g_assert_cmpint (((WlTraceTask *)pods->pdata[0])->arrival_us, ==, 0);
  g_assert_cmpint (last->arrival_us, ==, SIM_SEC (9437650 - 9437497));
  g_assert_cmpint (last->departure_us, ==, SIM_TIME_NEVER);
}

/* Test that a pod row with a missing field is reported with its file and line. */
static void
test_workload_alibaba_pod_row_missing_field_names_line (void)
{
  g_autofree char *path = data_path ("trace-alibaba-pods-missing-field.csv");
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pods = wl_trace_load_alibaba_pods (path, &error);

  g_assert_null (pods);
  g_assert_error (error, WL_ERROR, WL_ERROR_INVALID);
  expected = g_strdup_printf ("%s:3: row has 10 fields; expected 11 (", path);
  g_assert_true (g_str_has_prefix (error->message, expected));
}

/* Test that lines are counted physically: a quoted line break and a blank line move the count. */
static void
test_workload_alibaba_pod_line_counts_quoted_line_breaks (void)
{
  g_autofree char *path = data_path ("trace-alibaba-pods-multiline-bad.csv");
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pods = wl_trace_load_alibaba_pods (path, &error);

  g_assert_null (pods);
  g_assert_error (error, WL_ERROR, WL_ERROR_INVALID);
  expected = g_strdup_printf ("%s:5: creation_time is \"soon\"; expected an integer", path);
  g_assert_cmpstr (error->message, ==, expected);
}

/* Test that a file that cannot be read is a file error naming the path. */
static void
test_workload_missing_trace_is_file_error (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) nodes = wl_trace_load_alibaba_nodes ("no-such-trace.csv", &error);

  g_assert_null (nodes);
  g_assert_error (error, WL_ERROR, WL_ERROR_FILE);
  g_assert_true (g_str_has_prefix (error->message, "no-such-trace.csv: cannot open: "));
}

static const WlGoogleScale google_scale = { G_GINT64_CONSTANT (16000000000), G_GINT64_CONSTANT (64)
                                                                                 << 30 };

/* Test that Google task events pair each SUBMIT with its end, in µs and scaled requests. */
static void
test_workload_google_pairs_submit_with_end (void)
{
  g_autofree char *path = data_path ("trace-google-task-events.csv");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tasks = wl_trace_load_google_task_events (path, &google_scale, &error);
  WlTraceTask *t;

  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 4);
  t = tasks->pdata[1];
  g_assert_cmpstr (t->name, ==, "3418314.0");
  g_assert_cmpint (t->arrival_us, ==, 0);
  g_assert_cmpint (t->departure_us, ==, SIM_SEC (60));
  g_assert_false (t->failed);
  g_assert_cmpint (t->nanocpus, ==, G_GINT64_CONSTANT (2000000000));
  t = tasks->pdata[0];
  g_assert_cmpstr (t->name, ==, "3418309.0");
  g_assert_cmpint (t->nanocpus, ==, 0);
  g_assert_cmpint (t->departure_us, ==, SIM_TIME_NEVER);
}

/* Test that a task evicted and submitted again becomes a second task. */
static void
test_workload_google_resubmission_is_new_task (void)
{
  g_autofree char *path = data_path ("trace-google-task-events.csv");
  g_autoptr (GPtrArray) tasks = wl_trace_load_google_task_events (path, &google_scale, NULL);
  WlTraceTask *evicted, *again;

  g_assert_nonnull (tasks);
  evicted = tasks->pdata[2];
  again = tasks->pdata[3];
  g_assert_cmpstr (evicted->name, ==, "3418314.1");
  g_assert_cmpint (evicted->arrival_us, ==, SIM_SEC (7));
  g_assert_cmpint (evicted->departure_us, ==, SIM_SEC (61));
  g_assert_true (evicted->failed);
  g_assert_cmpstr (again->name, ==, "3418314.1");
  g_assert_cmpint (again->arrival_us, ==, SIM_SEC (62));
  g_assert_cmpint (again->departure_us, ==, SIM_TIME_NEVER);
}

/* Test that an unknown Google event type is a range error on its line. */
static void
test_workload_google_bad_event_type_names_line (void)
{
  g_autofree char *path = data_path ("trace-google-bad-event-type.csv");
  g_autofree char *prefix = g_strdup_printf ("%s:2: event type is 9; expected 0", path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tasks = wl_trace_load_google_task_events (path, &google_scale, &error);

  g_assert_null (tasks);
  g_assert_error (error, WL_ERROR, WL_ERROR_RANGE);
  g_assert_true (g_str_has_prefix (error->message, prefix));
}

/* Test that a step curve changes exactly once, at its time. */
static void
test_workload_curve_step_changes_once (void)
{
  g_autoptr (WlCurve) curve = wl_curve_parse ("step(2, 6, 30m)", NULL, NULL);
  g_autoptr (GArray) changes = NULL;

  g_assert_nonnull (curve);
  g_assert_cmpuint (wl_curve_eval (curve, SIM_MIN (30) - 1), ==, 2);
  g_assert_cmpuint (wl_curve_eval (curve, SIM_MIN (30)), ==, 6);
  changes = wl_curve_get_changes (curve, SIM_HOUR (1), SIM_MIN (1));
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpint (g_array_index (changes, WlReplicaChange, 1).t_us, ==, SIM_MIN (30));
  g_assert_cmpuint (g_array_index (changes, WlReplicaChange, 1).replicas, ==, 6);
}

/* Test that a ramp climbs one replica at a time and holds its end value. */
static void
test_workload_curve_ramp_climbs_by_one (void)
{
  g_autoptr (WlCurve) curve = wl_curve_parse ("ramp(4,12,1h,5h)", NULL, NULL);
  g_autoptr (GArray) changes = wl_curve_get_changes (curve, SIM_HOUR (6), SIM_MIN (1));

  g_assert_cmpuint (wl_curve_eval (curve, SIM_HOUR (3)), ==, 8);
  g_assert_cmpuint (wl_curve_eval (curve, SIM_HOUR (6)), ==, 12);
  g_assert_cmpuint (changes->len, ==, 9); /* 4, then 5 … 12 */
  for (guint i = 1; i < changes->len; i++)
    g_assert_cmpuint (g_array_index (changes, WlReplicaChange, i).replicas, ==,
                      g_array_index (changes, WlReplicaChange, i - 1).replicas + 1);
}

/* Test that a daily sine peaks a quarter period in and never goes below zero. */
static void
test_workload_curve_sine_peaks_and_clamps (void)
{
  g_autoptr (WlCurve) curve = wl_curve_parse ("sine(2,5,24h)", NULL, NULL);
  g_autofree char *text = wl_curve_to_string (curve);

  g_assert_cmpuint (wl_curve_eval (curve, SIM_HOUR (6)), ==, 7);
  g_assert_cmpuint (wl_curve_eval (curve, SIM_HOUR (18)), ==, 0);
  g_assert_cmpstr (text, ==, "sine(2,5,1d,0s)");
}

/* Test that a CSV curve holds each row's value until the next row. */
static void
test_workload_curve_csv_holds_rows (void)
{
  g_autofree char *dir = data_path ("");
  g_autoptr (GError) error = NULL;
  g_autoptr (WlCurve) curve = wl_curve_parse ("csv(workload-replicas.csv)", dir, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (wl_curve_eval (curve, SIM_MIN (9)), ==, 2);
  g_assert_cmpuint (wl_curve_eval (curve, SIM_MIN (10)), ==, 4);
  g_assert_cmpuint (wl_curve_eval (curve, SIM_MIN (45)), ==, 8);
}

/* Test that an unknown curve is an invalid-text error listing the forms. */
static void
test_workload_curve_unknown_form_is_invalid (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WlCurve) curve = wl_curve_parse ("square(1,2)", NULL, &error);

  g_assert_null (curve);
  g_assert_error (error, WL_ERROR, WL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "expected N, step("));
}

static void
batch_spec_init (WlBatchSpec *spec, const char *runtime)
{
  memset (spec, 0, sizeof *spec);
  spec->name = g_strdup ("etl");
  spec->arrivals = wl_arrivals_parse ("poisson(1m)", NULL, NULL);
  spec->runtime = sim_dist_parse (runtime, NULL, NULL, NULL);
  g_assert_nonnull (spec->arrivals);
  g_assert_nonnull (spec->runtime);
}

/* Test that Poisson arrivals over ten hours average one a minute, within four standard errors. */
static void
test_workload_batch_poisson_rate_matches_mean (void)
{
  g_auto (WlBatchSpec) spec;
  g_autoptr (GArray) jobs = NULL;

  batch_spec_init (&spec, "exp(5m)");
  jobs = wl_batch_generate (&spec, 42, SIM_HOUR (10));
  g_test_message ("%u arrivals in 10 h", jobs->len);
  g_assert_cmpfloat (fabs ((double)jobs->len - 600.0), <, 4.0 * sqrt (600.0));
  for (guint i = 1; i < jobs->len; i++)
    g_assert_cmpint (g_array_index (jobs, WlJob, i).arrival_us, >,
                     g_array_index (jobs, WlJob, i - 1).arrival_us);
}

/* Test that changing the run-time law leaves the arrival times unchanged (separate streams). */
static void
test_workload_batch_runtime_law_keeps_arrivals (void)
{
  g_auto (WlBatchSpec) a;
  g_auto (WlBatchSpec) b;
  g_autoptr (GArray) ja = NULL;
  g_autoptr (GArray) jb = NULL;

  batch_spec_init (&a, "exp(5m)");
  batch_spec_init (&b, "uniform(1s,2s)");
  ja = wl_batch_generate (&a, 7, SIM_HOUR (2));
  jb = wl_batch_generate (&b, 7, SIM_HOUR (2));
  g_assert_cmpuint (ja->len, ==, jb->len);
  for (guint i = 0; i < ja->len; i++)
    g_assert_cmpint (g_array_index (ja, WlJob, i).arrival_us, ==,
                     g_array_index (jb, WlJob, i).arrival_us);
}

/* Test that CSV arrivals accept seconds and durations and skip the header. */
static void
test_workload_batch_csv_arrivals (void)
{
  g_autofree char *dir = data_path ("");
  g_autoptr (GError) error = NULL;
  g_autoptr (WlArrivals) arrivals = wl_arrivals_parse ("csv(workload-arrivals.csv)", dir, &error);
  g_autoptr (GArray) times = NULL;

  g_assert_no_error (error);
  times = wl_arrivals_generate (arrivals, NULL, SIM_HOUR (1));
  g_assert_cmpuint (times->len, ==, 4);
  g_assert_cmpint (g_array_index (times, SimTime, 0), ==, SIM_SEC (30));
  g_assert_cmpint (g_array_index (times, SimTime, 3), ==, SIM_MIN (3));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/workload/alibaba-nodes-read-in-file-order",
                   test_workload_alibaba_nodes_read_in_file_order);
  g_test_add_func ("/models/workload/alibaba-nodes-bad-header-names-line-1",
                   test_workload_alibaba_nodes_bad_header_names_line_1);
  g_test_add_func ("/models/workload/alibaba-pods-sorted-in-simulator-units",
                   test_workload_alibaba_pods_sorted_in_simulator_units);
  g_test_add_func ("/models/workload/alibaba-pod-without-deletion-never-leaves",
                   test_workload_alibaba_pod_without_deletion_never_leaves);
  g_test_add_func ("/models/workload/alibaba-pod-row-missing-field-names-line",
                   test_workload_alibaba_pod_row_missing_field_names_line);
  g_test_add_func ("/models/workload/alibaba-pod-line-counts-quoted-line-breaks",
                   test_workload_alibaba_pod_line_counts_quoted_line_breaks);
  g_test_add_func ("/models/workload/missing-trace-is-file-error",
                   test_workload_missing_trace_is_file_error);
  g_test_add_func ("/models/workload/google-pairs-submit-with-end",
                   test_workload_google_pairs_submit_with_end);
  g_test_add_func ("/models/workload/google-resubmission-is-new-task",
                   test_workload_google_resubmission_is_new_task);
  g_test_add_func ("/models/workload/google-bad-event-type-names-line",
                   test_workload_google_bad_event_type_names_line);
  g_test_add_func ("/models/workload/curve-step-changes-once",
                   test_workload_curve_step_changes_once);
  g_test_add_func ("/models/workload/curve-ramp-climbs-by-one",
                   test_workload_curve_ramp_climbs_by_one);
  g_test_add_func ("/models/workload/curve-sine-peaks-and-clamps",
                   test_workload_curve_sine_peaks_and_clamps);
  g_test_add_func ("/models/workload/curve-csv-holds-rows", test_workload_curve_csv_holds_rows);
  g_test_add_func ("/models/workload/curve-unknown-form-is-invalid",
                   test_workload_curve_unknown_form_is_invalid);
  g_test_add_func ("/models/workload/batch-poisson-rate-matches-mean",
                   test_workload_batch_poisson_rate_matches_mean);
  g_test_add_func ("/models/workload/batch-runtime-law-keeps-arrivals",
                   test_workload_batch_runtime_law_keeps_arrivals);
  g_test_add_func ("/models/workload/batch-csv-arrivals", test_workload_batch_csv_arrivals);
  return g_test_run ();
}
