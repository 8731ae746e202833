/* SPDX-License-Identifier: MIT
 * Tests of sim/dist.h: each law's mean and range over many draws, the text round trip, empirical
 * laws through a test reader (the CSV reader is tested in tests/cli/test_dist_file.c), and every
 * parse error. */

#include "sim/dist.h"

#include <math.h>
#include <string.h>

#include "sim/stats.h"
#include "sim/units.h"

#define N_DRAWS 100000

/* What the test reader was asked: the file names, in order. */
typedef struct {
  GPtrArray *files; /* owned; (element-type utf8) */
} ReaderLog;

/* A SimDistReadFunc over no files: "four.csv" (or any other name) is 1s, 2s, 3s and 4s;
 * "empty.csv" succeeds with no values; "broken.csv" fails as a CSV reader would, at line 7.
 * @user_data is a ReaderLog, or NULL. */
static gboolean
test_read (const char *file, GArray *values_us_out, gpointer user_data, GError **error)
{
  ReaderLog *log = user_data;

  if (log != NULL)
    g_ptr_array_add (log->files, g_strdup (file));
  if (strcmp (file, "broken.csv") == 0) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "broken.csv:7: invalid duration \"5x\"");
    return FALSE;
  }
  if (strcmp (file, "empty.csv") == 0)
    return TRUE;
  for (SimTime s = 1; s <= 4; s++) {
    SimTime value_us = SIM_SEC (s);
    g_array_append_val (values_us_out, value_us);
  }
  return TRUE;
}

static SimDist *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  SimDist *dist = sim_dist_parse (text, test_read, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dist);
  return dist;
}

/* Draws N_DRAWS values from a stream with a literal seed into @stat. */
static void
sample_many (const SimDist *dist, SimStat *stat)
{
  g_autoptr (SimRng) rng = sim_rng_new (20240601, "test/dist");

  sim_stat_init (stat);
  for (int i = 0; i < N_DRAWS; i++)
    sim_stat_add (stat, (double)sim_dist_sample (dist, rng));
}

/* Asserts that the sample mean is within @rel of both the law's stated mean and @expected_us. */
static void
assert_mean (const SimDist *dist, const SimStat *stat, double expected_us, double rel)
{
  g_assert_cmpfloat_with_epsilon (sim_dist_get_mean (dist), expected_us, expected_us * 1e-9);
  g_assert_cmpfloat_with_epsilon (stat->mean, expected_us, MAX (expected_us * rel, 1e-6));
}

/* Asserts that @text, read with @read, is the parse error @code; returns its message. */
static char *
parse_error_dup (const char *text, SimDistReadFunc read, SimParseError code)
{
  g_autoptr (GError) error = NULL;

  g_test_message ("%s", text);
  g_assert_null (sim_dist_parse (text, read, NULL, &error));
  g_assert_error (error, SIM_PARSE_ERROR, (gint)code);
  return g_strdup (error->message);
}

/* Asserts that @text, read with the test reader, is the one-line parse error @code. */
static void
assert_parse_error (const char *text, SimParseError code)
{
  g_autofree char *message = parse_error_dup (text, test_read, code);

  g_assert_null (strchr (message, '\n'));
}

/* Test that a plain duration is a constant law that always returns it. */
static void
test_dist_constant_returns_its_value (void)
{
  g_autoptr (SimDist) dist = parse_ok ("1m30s");
  SimStat stat;

  g_assert_cmpint (sim_dist_get_kind (dist), ==, SIM_DIST_CONSTANT);
  sample_many (dist, &stat);
  g_assert_cmpfloat (stat.min, ==, (double)SIM_SEC (90));
  g_assert_cmpfloat (stat.max, ==, (double)SIM_SEC (90));
  assert_mean (dist, &stat, (double)SIM_SEC (90), 0.0);
}

/* Test that uniform(a,b) stays in [a, b], reaches both ends, and has mean (a + b) / 2. */
static void
test_dist_uniform_mean_and_range (void)
{
  g_autoptr (SimDist) dist = parse_ok ("uniform(10us,20us)");
  SimStat stat;

  g_assert_cmpint (sim_dist_get_kind (dist), ==, SIM_DIST_UNIFORM);
  sample_many (dist, &stat);
  g_assert_cmpfloat (stat.min, ==, 10.0);
  g_assert_cmpfloat (stat.max, ==, 20.0);
  assert_mean (dist, &stat, 15.0, 0.01);
}

/* Test that uniform over a wide range has the right mean and spread (variance (b - a)^2 / 12). */
static void
test_dist_uniform_wide_range (void)
{
  g_autoptr (SimDist) dist = parse_ok ("uniform(1m,2h)");
  SimStat stat;
  double width = (double)(SIM_HOUR (2) - SIM_MIN (1));

  sample_many (dist, &stat);
  g_assert_cmpfloat (stat.min, >=, (double)SIM_MIN (1));
  g_assert_cmpfloat (stat.max, <=, (double)SIM_HOUR (2));
  assert_mean (dist, &stat, (double)(SIM_MIN (1) + SIM_HOUR (2)) / 2.0, 0.01);
  g_assert_cmpfloat_with_epsilon (sqrt (sim_stat_variance (&stat)), width / sqrt (12.0),
                                  width * 0.01);
}

/* Test that exp(mean) is non-negative with the given mean and a standard deviation equal to it. */
static void
test_dist_exp_mean (void)
{
  g_autoptr (SimDist) dist = parse_ok ("exp(30s)");
  SimStat stat;

  g_assert_cmpint (sim_dist_get_kind (dist), ==, SIM_DIST_EXPONENTIAL);
  sample_many (dist, &stat);
  g_assert_cmpfloat (stat.min, >=, 0.0);
  assert_mean (dist, &stat, 30e6, 0.02);
  g_assert_cmpfloat_with_epsilon (sqrt (sim_stat_variance (&stat)), 30e6, 30e6 * 0.03);
}

/* Test that normal(mean,sd) is truncated at zero and has the truncated law's mean. */
static void
test_dist_normal_truncated_at_zero (void)
{
  g_autoptr (SimDist) dist = parse_ok ("normal(1s,1s)");
  SimStat stat;
  /* E[X | X >= 0] for N(1, 1): 1 + phi(1) / Phi(1) = 1 + 0.2419707245 / 0.8413447461. */
  double expected = 1e6 * (1.0 + 0.2419707245 / 0.8413447461);

  g_assert_cmpint (sim_dist_get_kind (dist), ==, SIM_DIST_NORMAL);
  sample_many (dist, &stat);
  g_assert_cmpfloat (stat.min, >=, 0.0);
  g_assert_cmpfloat (stat.min, <, 1e4); /* the truncation point is reached */
  g_assert_cmpfloat_with_epsilon (sim_dist_get_mean (dist), expected, expected * 1e-8);
  g_assert_cmpfloat_with_epsilon (stat.mean, expected, expected * 0.01);
}

/* Test that normal with sd 0 is the constant mean. */
static void
test_dist_normal_zero_sd_is_constant (void)
{
  g_autoptr (SimDist) dist = parse_ok ("normal(2s,0s)");
  SimStat stat;

  sample_many (dist, &stat);
  g_assert_cmpfloat (stat.min, ==, 2e6);
  g_assert_cmpfloat (stat.max, ==, 2e6);
  assert_mean (dist, &stat, 2e6, 0.0);
}

/* Test that lognormal(median,sigma) has the given median and mean median * exp(sigma^2 / 2). */
static void
test_dist_lognormal_median_and_mean (void)
{
  g_autoptr (SimDist) dist = parse_ok ("lognormal(10s,0.5)");
  g_autoptr (SimRng) rng = sim_rng_new (7, "test/lognormal");
  double *draws = g_new (double, N_DRAWS);
  SimStat stat = { 0 };

  g_assert_cmpint (sim_dist_get_kind (dist), ==, SIM_DIST_LOGNORMAL);
  for (int i = 0; i < N_DRAWS; i++) {
    draws[i] = (double)sim_dist_sample (dist, rng);
    sim_stat_add (&stat, draws[i]);
  }
  g_assert_cmpfloat (stat.min, >, 0.0);
  assert_mean (dist, &stat, 10e6 * exp (0.125), 0.02);
  g_assert_cmpfloat_with_epsilon (sim_stats_percentile (draws, N_DRAWS, 50), 10e6, 10e6 * 0.02);
  g_free (draws);
}

/* Test that weibull(shape,scale) has mean scale * Gamma(1 + 1/shape). */
static void
test_dist_weibull_mean (void)
{
  g_autoptr (SimDist) dist = parse_ok ("weibull(1.5,10s)");
  SimStat stat;

  g_assert_cmpint (sim_dist_get_kind (dist), ==, SIM_DIST_WEIBULL);
  sample_many (dist, &stat);
  g_assert_cmpfloat (stat.min, >=, 0.0);
  /* Gamma(5/3) = 0.9027452929509336. */
  assert_mean (dist, &stat, 10e6 * 0.9027452929509336, 0.02);
}

/* Test that weibull with shape 1 is the exponential law with mean = scale. */
static void
test_dist_weibull_shape_one_is_exponential (void)
{
  g_autoptr (SimDist) dist = parse_ok ("weibull(1,4s)");
  SimStat stat;

  sample_many (dist, &stat);
  assert_mean (dist, &stat, 4e6, 0.02);
  g_assert_cmpfloat_with_epsilon (sqrt (sim_stat_variance (&stat)), 4e6, 4e6 * 0.03);
}

/* Test that an empirical law samples each of the reader's values about equally often: four
 * values, so each is drawn about N_DRAWS / 4 times; the mean is (1 + 2 + 3 + 4) s / 4 = 2.5 s. */
static void
test_dist_empirical_samples_values_uniformly (void)
{
  g_autoptr (SimDist) dist = parse_ok ("empirical(four.csv)");
  g_autoptr (SimRng) rng = sim_rng_new (99, "test/empirical");
  guint counts[5] = { 0 };

  g_assert_cmpint (sim_dist_get_kind (dist), ==, SIM_DIST_EMPIRICAL);
  for (int i = 0; i < N_DRAWS; i++) {
    SimTime x = sim_dist_sample (dist, rng);
    g_assert_cmpint (x % SIM_SEC (1), ==, 0);
    g_assert_cmpint (x, >=, SIM_SEC (1));
    g_assert_cmpint (x, <=, SIM_SEC (4));
    counts[x / SIM_SEC (1)]++;
  }
  for (int k = 1; k <= 4; k++)
    g_assert_cmpuint (counts[k], >, N_DRAWS / 4 * 95 / 100);
  g_assert_cmpfloat (sim_dist_get_mean (dist), ==, 2.5e6);
}

/* Test that the reader gets the file name trimmed, commas included, once, with its user data, and
 * that the law prints that name back. */
static void
test_dist_empirical_reader_gets_file_name_as_written (void)
{
  ReaderLog log = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr (GError) error = NULL;
  g_autoptr (SimDist) dist =
      sim_dist_parse ("empirical( runs, 2024.csv )", test_read, &log, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (log.files->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (log.files, 0), ==, "runs, 2024.csv");
  g_autofree char *text = sim_dist_to_string (dist);
  g_assert_cmpstr (text, ==, "empirical(runs, 2024.csv)");
  g_ptr_array_unref (log.files);
}

/* Test that a reader's error reaches the caller unchanged: same domain, code and message. */
static void
test_dist_empirical_reader_error_propagates_unchanged (void)
{
  g_autofree char *message =
      parse_error_dup ("empirical(broken.csv)", test_read, SIM_PARSE_ERROR_FILE);

  g_assert_cmpstr (message, ==, "broken.csv:7: invalid duration \"5x\"");
}

/* Test that a reader that succeeds with no values is a file error naming the file. */
static void
test_dist_empirical_reader_without_values_is_file_error (void)
{
  g_autofree char *message =
      parse_error_dup ("empirical(empty.csv)", test_read, SIM_PARSE_ERROR_FILE);

  g_assert_cmpstr (message, ==, "empty.csv: no values; expected one duration per row");
}

/* Test that without a reader an empirical law is a file error saying files cannot be read, while
 * the other forms still parse. */
static void
test_dist_empirical_without_reader_is_file_error (void)
{
  g_autofree char *message = parse_error_dup ("empirical(four.csv)", NULL, SIM_PARSE_ERROR_FILE);
  g_autoptr (GError) error = NULL;
  g_autoptr (SimDist) dist = sim_dist_parse ("exp(1s)", NULL, NULL, &error);

  g_assert_cmpstr (message, ==,
                   "invalid distribution \"empirical(four.csv)\": files cannot be read here; "
                   "expected a distribution without a file");
  g_assert_no_error (error);
  g_assert_nonnull (dist);
}

/* Test that sim_dist_new_empirical copies its values and source and builds the law the parser
 * would: mean (10 + 20 + 60) us / 3 = 30 us, printed back as empirical(SOURCE). */
static void
test_dist_new_empirical_copies_its_values (void)
{
  SimTime values_us[] = { 10, 20, 60 };
  char source[] = "trace.csv";
  g_autoptr (SimDist) dist = sim_dist_new_empirical (values_us, G_N_ELEMENTS (values_us), source);
  g_autoptr (SimRng) rng = sim_rng_new (3, "test/new-empirical");

  values_us[0] = 1000;
  source[0] = 'X';
  g_assert_cmpint (sim_dist_get_kind (dist), ==, SIM_DIST_EMPIRICAL);
  g_assert_cmpfloat (sim_dist_get_mean (dist), ==, 30.0);
  for (int i = 0; i < 1000; i++) {
    SimTime x = sim_dist_sample (dist, rng);
    g_assert_true (x == 10 || x == 20 || x == 60);
  }
  g_autofree char *text = sim_dist_to_string (dist);
  g_assert_cmpstr (text, ==, "empirical(trace.csv)");
}

/* Test that sim_dist_new_empirical refuses a negative value as a programmer error. */
static void
test_dist_new_empirical_rejects_bad_values (void)
{
  if (g_test_subprocess ()) {
    SimTime values_us[] = { 10, -1 };
    g_assert_null (sim_dist_new_empirical (values_us, G_N_ELEMENTS (values_us), "x.csv"));
    return;
  }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*values_us[i] >= 0*");
}

/* Test that surrounding white space, and space around parameters, is ignored. */
static void
test_dist_parse_ignores_white_space (void)
{
  g_autoptr (SimDist) dist = parse_ok ("  uniform( 1s , 2s )\n");
  g_autofree char *text = sim_dist_to_string (dist);

  g_assert_cmpstr (text, ==, "uniform(1s,2s)");
}

/* Test that every form prints as canonical text that parses back to the same text and law. */
static void
test_dist_to_string_round_trips (void)
{
  static const struct {
    const char *in;
    const char *canonical;
  } vectors[] = {
    { "90s", "1m30s" },
    { "0", "0s" },
    { "uniform(250ms,1.5s)", "uniform(250ms,1.5s)" },
    { "exp(60s)", "exp(1m)" },
    { "normal(1h,10m)", "normal(1h,10m)" },
    { "lognormal(10s,0.1)", "lognormal(10s,0.1)" },
    { "weibull(1.5,2d)", "weibull(1.5,2d)" },
    { "empirical( four.csv )", "empirical(four.csv)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++) {
    g_autoptr (SimDist) dist = parse_ok (vectors[i].in);
    g_autofree char *text = sim_dist_to_string (dist);
    g_assert_cmpstr (text, ==, vectors[i].canonical);
    g_autoptr (SimDist) again = parse_ok (text);
    g_autofree char *text_again = sim_dist_to_string (again);
    g_assert_cmpstr (text_again, ==, text);
    g_assert_cmpint (sim_dist_get_kind (again), ==, sim_dist_get_kind (dist));
    g_assert_cmpfloat (sim_dist_get_mean (again), ==, sim_dist_get_mean (dist));
  }
}

/* Test that a copy draws the same series as its original and outlives it. */
static void
test_dist_copy_is_independent (void)
{
  SimDist *dist = parse_ok ("empirical(four.csv)");
  g_autoptr (SimDist) copy = sim_dist_copy (dist);
  g_autoptr (SimRng) a = sim_rng_new (5, "x");
  g_autoptr (SimRng) b = sim_rng_new (5, "x");
  SimTime first[100];

  for (int i = 0; i < 100; i++)
    first[i] = sim_dist_sample (dist, a);
  sim_dist_free (dist);
  for (int i = 0; i < 100; i++)
    g_assert_cmpint (sim_dist_sample (copy, b), ==, first[i]);
}

/* Test that the constructors build the laws the parser would. */
static void
test_dist_constructors_match_parser (void)
{
  g_autoptr (SimDist) constant = sim_dist_new_constant (SIM_SEC (5));
  g_autoptr (SimDist) uniform = sim_dist_new_uniform (SIM_SEC (1), SIM_SEC (2));
  g_autofree char *constant_text = sim_dist_to_string (constant);
  g_autofree char *uniform_text = sim_dist_to_string (uniform);

  g_assert_cmpstr (constant_text, ==, "5s");
  g_assert_cmpstr (uniform_text, ==, "uniform(1s,2s)");
}

/* Test that an unknown name, a bare word and empty text are invalid. */
static void
test_dist_rejects_unknown_form (void)
{
  assert_parse_error ("gamma(1,2s)", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("uniform", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("   ", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("(1s)", SIM_PARSE_ERROR_INVALID);
}

/* Test that the wrong number of parameters, or broken parentheses, is invalid. */
static void
test_dist_rejects_wrong_parameter_count (void)
{
  assert_parse_error ("uniform(1s)", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("uniform(1s,2s,3s)", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("exp(1s,2s)", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("exp()", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("normal(1s,1s", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("exp(exp(1s))", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("exp(1s)x", SIM_PARSE_ERROR_INVALID);
}

/* Test that a bad duration parameter is invalid, with the distribution named before the lower
 * error. */
static void
test_dist_rejects_bad_duration_parameter (void)
{
  g_autofree char *message = parse_error_dup ("uniform(1s,5x)", test_read, SIM_PARSE_ERROR_INVALID);

  g_assert_true (g_str_has_prefix (
      message, "invalid distribution \"uniform(1s,5x)\": invalid duration \"5x\""));
  assert_parse_error ("exp(5)", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("normal(1s,)", SIM_PARSE_ERROR_INVALID);
}

/* Test that a bad plain-number parameter (sigma, shape) is invalid. */
static void
test_dist_rejects_bad_number_parameter (void)
{
  assert_parse_error ("lognormal(1s,abc)", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("lognormal(1s,)", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("weibull(1s,1s)", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("weibull(nan,1s)", SIM_PARSE_ERROR_INVALID);
  assert_parse_error ("weibull(inf,1s)", SIM_PARSE_ERROR_INVALID);
}

/* Test that well-formed parameters outside their domain are range errors. */
static void
test_dist_rejects_out_of_range_parameters (void)
{
  assert_parse_error ("uniform(2s,1s)", SIM_PARSE_ERROR_RANGE);
  assert_parse_error ("uniform(-1s,1s)", SIM_PARSE_ERROR_RANGE);
  assert_parse_error ("exp(0s)", SIM_PARSE_ERROR_RANGE);
  assert_parse_error ("normal(1s,-1s)", SIM_PARSE_ERROR_RANGE);
  assert_parse_error ("lognormal(0s,1)", SIM_PARSE_ERROR_RANGE);
  assert_parse_error ("lognormal(1s,-0.5)", SIM_PARSE_ERROR_RANGE);
  assert_parse_error ("weibull(0,1s)", SIM_PARSE_ERROR_RANGE);
  assert_parse_error ("weibull(-1,1s)", SIM_PARSE_ERROR_RANGE);
  assert_parse_error ("weibull(1,0s)", SIM_PARSE_ERROR_RANGE);
}

/* Test that a bad constant reports the duration error unchanged. */
static void
test_dist_rejects_bad_constant (void)
{
  g_autofree char *message = parse_error_dup ("5x", test_read, SIM_PARSE_ERROR_INVALID);

  g_assert_true (g_str_has_prefix (message, "invalid duration \"5x\": "));
  assert_parse_error ("-5s", SIM_PARSE_ERROR_RANGE);
  assert_parse_error ("5", SIM_PARSE_ERROR_INVALID);
}

/* Test that empirical() without a file name is invalid, and the reader is not asked. */
static void
test_dist_rejects_empirical_without_file (void)
{
  ReaderLog log = { g_ptr_array_new_with_free_func (g_free) };

  for (gsize i = 0; i < 2; i++) {
    g_autoptr (GError) error = NULL;
    const char *text = i == 0 ? "empirical()" : "empirical(  )";
    g_assert_null (sim_dist_parse (text, test_read, &log, &error));
    g_assert_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID);
    g_assert_true (
        g_str_has_suffix (error->message, "missing file name; expected empirical(FILE.csv)"));
  }
  g_assert_cmpuint (log.files->len, ==, 0);
  g_ptr_array_unref (log.files);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add_func ("/sim/dist/" path, fn)
  ADD ("constant-returns-its-value", test_dist_constant_returns_its_value);
  ADD ("uniform-mean-and-range", test_dist_uniform_mean_and_range);
  ADD ("uniform-wide-range-mean-and-spread", test_dist_uniform_wide_range);
  ADD ("exp-has-its-mean", test_dist_exp_mean);
  ADD ("normal-is-truncated-at-zero", test_dist_normal_truncated_at_zero);
  ADD ("normal-with-zero-sd-is-constant", test_dist_normal_zero_sd_is_constant);
  ADD ("lognormal-has-its-median-and-mean", test_dist_lognormal_median_and_mean);
  ADD ("weibull-has-its-mean", test_dist_weibull_mean);
  ADD ("weibull-shape-one-is-exponential", test_dist_weibull_shape_one_is_exponential);
  ADD ("empirical-samples-values-uniformly", test_dist_empirical_samples_values_uniformly);
  ADD ("empirical-reader-gets-file-name-as-written",
       test_dist_empirical_reader_gets_file_name_as_written);
  ADD ("empirical-reader-error-propagates-unchanged",
       test_dist_empirical_reader_error_propagates_unchanged);
  ADD ("empirical-reader-without-values-is-file-error",
       test_dist_empirical_reader_without_values_is_file_error);
  ADD ("empirical-without-reader-is-file-error", test_dist_empirical_without_reader_is_file_error);
  ADD ("new-empirical-copies-its-values", test_dist_new_empirical_copies_its_values);
  ADD ("new-empirical-rejects-bad-values", test_dist_new_empirical_rejects_bad_values);
  ADD ("parse-ignores-white-space", test_dist_parse_ignores_white_space);
  ADD ("to-string-round-trips", test_dist_to_string_round_trips);
  ADD ("copy-is-independent", test_dist_copy_is_independent);
  ADD ("constructors-match-parser", test_dist_constructors_match_parser);
  ADD ("rejects-unknown-form", test_dist_rejects_unknown_form);
  ADD ("rejects-wrong-parameter-count", test_dist_rejects_wrong_parameter_count);
  ADD ("rejects-bad-duration-parameter", test_dist_rejects_bad_duration_parameter);
  ADD ("rejects-bad-number-parameter", test_dist_rejects_bad_number_parameter);
  ADD ("rejects-out-of-range-parameters", test_dist_rejects_out_of_range_parameters);
  ADD ("rejects-bad-constant", test_dist_rejects_bad_constant);
  ADD ("rejects-empirical-without-file", test_dist_rejects_empirical_without_file);
#undef ADD

  return g_test_run ();
}
