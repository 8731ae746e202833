/* SPDX-License-Identifier: MIT
 * Tests of sim/units.h: durations in Go's grammar plus d, byte sizes and CPU amounts with the test
 * vectors of docker/go-units size.go and docker/cli opts.ParseCPUs, and every parse error. */

#include "sim/units.h"

typedef struct {
  const char *text;
  gint64 value;
} Vector;

static void
assert_duration_error (const char *text, SimParseError code)
{
  g_autoptr (GError) error = NULL;
  SimTime us = -1;

  g_assert_false (sim_parse_duration (text, &us, &error));
  g_assert_error (error, SIM_PARSE_ERROR, (gint)code);
  g_assert_cmpint (us, ==, -1);
}

/* Test that durations in Go's grammar plus d parse to the right number of microseconds. */
static void
test_units_duration_parses_go_grammar (void)
{
  static const Vector vectors[] = {
    { "5s", SIM_SEC (5) },
    { "1m30s", SIM_SEC (90) },
    { "250ms", SIM_MSEC (250) },
    { "2h", SIM_HOUR (2) },
    { "1d", SIM_HOUR (24) },
    { "1.5h", SIM_MIN (90) },
    { "0", 0 },
    { "0s", 0 },
    { "10us", 10 },
    { "10\xc2\xb5s", 10 },
    { "10\xce\xbcs", 10 },
    { "1h5m30s20ms", SIM_HOUR (1) + SIM_MIN (5) + SIM_SEC (30) + SIM_MSEC (20) },
    { ".5s", SIM_MSEC (500) },
    { "5.s", SIM_SEC (5) },
    { "1.000001s", SIM_SEC (1) + 1 },
    { "2d12h", SIM_HOUR (60) },
    { "1.23456789h", G_GINT64_CONSTANT (4444444404) },
    { "9223372036854775807us", G_MAXINT64 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++) {
    g_autoptr (GError) error = NULL;
    SimTime us = -1;
    g_test_message ("%s", vectors[i].text);
    g_assert_true (sim_parse_duration (vectors[i].text, &us, &error));
    g_assert_no_error (error);
    g_assert_cmpint (us, ==, vectors[i].value);
  }
}

/* Test that fractions of a microsecond are truncated, exactly, even with many digits. */
static void
test_units_duration_truncates_below_a_microsecond (void)
{
  SimTime us = -1;

  g_assert_true (sim_parse_duration ("0.0000019s", &us, NULL));
  g_assert_cmpint (us, ==, 1);
  g_assert_true (sim_parse_duration ("1.9us", &us, NULL));
  g_assert_cmpint (us, ==, 1);
  g_assert_true (sim_parse_duration ("0.99999999999999999999999ms", &us, NULL));
  g_assert_cmpint (us, ==, 999);
}

/* Test that a bare number other than 0 is rejected as missing its unit. */
static void
test_units_duration_rejects_bare_number (void)
{
  assert_duration_error ("5", SIM_PARSE_ERROR_INVALID);
  assert_duration_error ("1m30", SIM_PARSE_ERROR_INVALID);
  assert_duration_error ("00", SIM_PARSE_ERROR_INVALID);
}

/* Test that unknown units, including Go's ns, are rejected. */
static void
test_units_duration_rejects_unknown_unit (void)
{
  assert_duration_error ("5x", SIM_PARSE_ERROR_INVALID);
  assert_duration_error ("5ns", SIM_PARSE_ERROR_INVALID);
  assert_duration_error ("5 s", SIM_PARSE_ERROR_INVALID);
  assert_duration_error ("5S", SIM_PARSE_ERROR_INVALID);
}

/* Test that text without a number is rejected: empty, a lone unit, a lone dot, a plus sign. */
static void
test_units_duration_rejects_missing_number (void)
{
  assert_duration_error ("", SIM_PARSE_ERROR_INVALID);
  assert_duration_error ("s", SIM_PARSE_ERROR_INVALID);
  assert_duration_error (".s", SIM_PARSE_ERROR_INVALID);
  assert_duration_error ("+5s", SIM_PARSE_ERROR_INVALID);
  assert_duration_error ("5s ", SIM_PARSE_ERROR_INVALID);
}

/* Test that a negative duration is a range error. */
static void
test_units_duration_rejects_negative (void)
{
  assert_duration_error ("-5s", SIM_PARSE_ERROR_RANGE);
}

/* Test that a duration beyond the 64-bit clock is a range error. */
static void
test_units_duration_rejects_overflow (void)
{
  assert_duration_error ("9223372036854775808us", SIM_PARSE_ERROR_RANGE);
  assert_duration_error ("106751992d", SIM_PARSE_ERROR_RANGE);
  assert_duration_error ("106751991d106751991d", SIM_PARSE_ERROR_RANGE);
  assert_duration_error ("99999999999999999999999s", SIM_PARSE_ERROR_RANGE);
}

/* Test that the error message names the bad value and what was expected, on one line. */
static void
test_units_duration_error_message_names_value (void)
{
  g_autoptr (GError) error = NULL;
  SimTime us;

  g_assert_false (sim_parse_duration ("5x", &us, &error));
  g_assert_cmpstr (error->message, ==,
                   "invalid duration \"5x\": expected a number followed by a unit "
                   "(us, ms, s, m, h, d), e.g. 1m30s");
}

/* Test that durations format to the shortest text in our grammar. */
static void
test_units_duration_to_string_is_shortest (void)
{
  static const struct {
    SimTime us;
    const char *text;
  } vectors[] = {
    { 0, "0s" },
    { SIM_SEC (90), "1m30s" },
    { SIM_MSEC (250), "250ms" },
    { SIM_MSEC (1500), "1.5s" },
    { SIM_HOUR (2), "2h" },
    { SIM_HOUR (24), "1d" },
    { SIM_HOUR (25) + SIM_SEC (1), "1d1h1s" },
    { 1001, "1ms1us" },
    { 7, "7us" },
    { SIM_MIN (1) + SIM_MSEC (1), "1m1ms" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++) {
    g_autofree char *text = sim_duration_to_string (vectors[i].us);
    g_assert_cmpstr (text, ==, vectors[i].text);
  }
}

/* Test that formatting then parsing gives back the same duration, for random durations. */
static void
test_units_duration_to_string_round_trips (void)
{
  for (int i = 0; i < 10000; i++) {
    /* Mix magnitudes so that every unit appears: up to about 50 days. */
    SimTime us =
        (SimTime)g_test_rand_int_range (0, G_MAXINT32) * (SimTime)g_test_rand_int_range (1, 2000);
    if (i % 3 == 0)
      us /= 1000000;
    g_autofree char *text = sim_duration_to_string (us);
    SimTime back = -1;
    g_assert_true (sim_parse_duration (text, &back, NULL));
    g_assert_cmpint (back, ==, us);
  }
}

/* Test the byte-size vectors of the compose reference, §1.4. */
static void
test_units_bytes_compose_vectors (void)
{
  static const Vector vectors[] = {
    { "512M", 536870912 },  { "1.5G", 1610612736 }, { "1.5g", 1610612736 },
    { "50M", 52428800 },    { "2048k", 2097152 },   { "1gb", 1073741824 },
    { "1GiB", 1073741824 }, { "300m", 314572800 },  { "2b", 2 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++) {
    g_autoptr (GError) error = NULL;
    gint64 bytes = -1;
    g_test_message ("%s", vectors[i].text);
    g_assert_true (sim_parse_bytes (vectors[i].text, &bytes, &error));
    g_assert_no_error (error);
    g_assert_cmpint (bytes, ==, vectors[i].value);
  }
}

/* Test that a plain number is bytes, truncated, and that one space may precede the suffix. */
static void
test_units_bytes_plain_number_is_bytes (void)
{
  gint64 bytes = -1;

  g_assert_true (sim_parse_bytes ("2048", &bytes, NULL));
  g_assert_cmpint (bytes, ==, 2048);
  g_assert_true (sim_parse_bytes ("10.9", &bytes, NULL));
  g_assert_cmpint (bytes, ==, 10);
  g_assert_true (sim_parse_bytes ("1 KiB", &bytes, NULL));
  g_assert_cmpint (bytes, ==, 1024);
  g_assert_true (sim_parse_bytes ("1t", &bytes, NULL));
  g_assert_cmpint (bytes, ==, G_GINT64_CONSTANT (1) << 40);
}

/* Test that an unknown suffix is an "invalid suffix" error (compose reference: 1x). */
static void
test_units_bytes_rejects_invalid_suffix (void)
{
  static const char *const bad[] = { "1x", "1bb", "1kx", "1kia", "1mbb", "1kbit" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    gint64 bytes = -1;
    g_assert_false (sim_parse_bytes (bad[i], &bytes, &error));
    g_assert_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "invalid suffix"));
    g_assert_cmpint (bytes, ==, -1);
  }
}

/* Test that text without a number is rejected as invalid. */
static void
test_units_bytes_rejects_missing_number (void)
{
  static const char *const bad[] = { "", "M", "abc", ".M", "1  M", "1 ", "1.5.5M", "0x10" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    gint64 bytes;
    g_test_message ("\"%s\"", bad[i]);
    g_assert_false (sim_parse_bytes (bad[i], &bytes, &error));
    g_assert_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID);
  }
}

/* Test that a negative size is a range error. */
static void
test_units_bytes_rejects_negative (void)
{
  g_autoptr (GError) error = NULL;
  gint64 bytes;

  g_assert_false (sim_parse_bytes ("-1G", &bytes, &error));
  g_assert_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE);
}

/* Test that a size of 8 EiB or more is a range error. */
static void
test_units_bytes_rejects_overflow (void)
{
  g_autoptr (GError) error = NULL;
  gint64 bytes;

  g_assert_false (sim_parse_bytes ("8192p", &bytes, &error));
  g_assert_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE);
}

/* Test the CPU vectors of the compose reference, §1.4, and a few more. */
static void
test_units_cpus_reference_vectors (void)
{
  static const Vector vectors[] = {
    { "0.5", 500000000 },
    { "0.001", 1000000 },
    { "2.0", 2000000000 },
    { "2", 2000000000 },
    { ".25", 250000000 },
    { "0.000000001", 1 },
    { "0", 0 },
    { "1.5000000000000", 1500000000 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++) {
    g_autoptr (GError) error = NULL;
    gint64 nanos = -1;
    g_test_message ("%s", vectors[i].text);
    g_assert_true (sim_parse_cpus (vectors[i].text, &nanos, &error));
    g_assert_no_error (error);
    g_assert_cmpint (nanos, ==, vectors[i].value);
  }
}

/* Test that more than nine significant decimals is the range error "value is too precise". */
static void
test_units_cpus_rejects_too_precise (void)
{
  g_autoptr (GError) error = NULL;
  gint64 nanos = -1;

  g_assert_false (sim_parse_cpus ("0.0000000001", &nanos, &error));
  g_assert_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "value is too precise"));
  g_assert_cmpint (nanos, ==, -1);
}

/* Test that text that is not a decimal number is rejected as invalid. */
static void
test_units_cpus_rejects_non_decimal (void)
{
  static const char *const bad[] = { "", ".", "abc", "1/2", "1e3", "0.5 ", "1.2.3", "2 cpus" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    gint64 nanos;
    g_test_message ("\"%s\"", bad[i]);
    g_assert_false (sim_parse_cpus (bad[i], &nanos, &error));
    g_assert_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID);
  }
}

/* Test that a negative CPU amount is a range error. */
static void
test_units_cpus_rejects_negative (void)
{
  g_autoptr (GError) error = NULL;
  gint64 nanos;

  g_assert_false (sim_parse_cpus ("-0.5", &nanos, &error));
  g_assert_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE);
}

/* Test that a CPU amount whose nanoCPUs overflow 64 bits is a range error. */
static void
test_units_cpus_rejects_overflow (void)
{
  g_autoptr (GError) error = NULL;
  gint64 nanos;

  g_assert_true (sim_parse_cpus ("9223372035.999999999", &nanos, NULL));
  g_assert_false (sim_parse_cpus ("9223372036", &nanos, &error));
  g_assert_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add_func ("/sim/units/" path, fn)
  ADD ("duration-parses-go-grammar", test_units_duration_parses_go_grammar);
  ADD ("duration-truncates-below-a-microsecond", test_units_duration_truncates_below_a_microsecond);
  ADD ("duration-rejects-bare-number", test_units_duration_rejects_bare_number);
  ADD ("duration-rejects-unknown-unit", test_units_duration_rejects_unknown_unit);
  ADD ("duration-rejects-missing-number", test_units_duration_rejects_missing_number);
  ADD ("duration-rejects-negative", test_units_duration_rejects_negative);
  ADD ("duration-rejects-overflow", test_units_duration_rejects_overflow);
  ADD ("duration-error-message-names-value", test_units_duration_error_message_names_value);
  ADD ("duration-to-string-is-shortest", test_units_duration_to_string_is_shortest);
  ADD ("duration-to-string-round-trips", test_units_duration_to_string_round_trips);
  ADD ("bytes-compose-vectors", test_units_bytes_compose_vectors);
  ADD ("bytes-plain-number-is-bytes", test_units_bytes_plain_number_is_bytes);
  ADD ("bytes-rejects-invalid-suffix", test_units_bytes_rejects_invalid_suffix);
  ADD ("bytes-rejects-missing-number", test_units_bytes_rejects_missing_number);
  ADD ("bytes-rejects-negative", test_units_bytes_rejects_negative);
  ADD ("bytes-rejects-overflow", test_units_bytes_rejects_overflow);
  ADD ("cpus-reference-vectors", test_units_cpus_reference_vectors);
  ADD ("cpus-rejects-too-precise", test_units_cpus_rejects_too_precise);
  ADD ("cpus-rejects-non-decimal", test_units_cpus_rejects_non_decimal);
  ADD ("cpus-rejects-negative", test_units_cpus_rejects_negative);
  ADD ("cpus-rejects-overflow", test_units_cpus_rejects_overflow);
#undef ADD

  return g_test_run ();
}
