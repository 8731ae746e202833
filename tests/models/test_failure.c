/* SPDX-License-Identifier: MIT
 * Tests of models/failure's generators: named streams, renewal order, spot notices, outages. */
#include <math.h>

#include "models/failure/process.h"

static void
spec_init_exp (FailSpec *spec, const char *ttf, const char *ttr)
{
  fail_spec_init (spec);
  spec->node_ttf = sim_dist_parse (ttf, NULL, NULL, NULL);
  spec->node_ttr = sim_dist_parse (ttr, NULL, NULL, NULL);
  g_assert_nonnull (spec->node_ttf);
  g_assert_nonnull (spec->node_ttr);
}

/* Test that two streams for the same node name and seed give the same failures. */
static void
test_failure_same_node_name_same_failures (void)
{
  g_auto (FailSpec) spec;
  g_autoptr (FailStream) a = NULL;
  g_autoptr (FailStream) b = NULL;
  g_autoptr (FailStream) other = NULL;
  FailEvent ea, eb, eo;

  spec_init_exp (&spec, "exp(10h)", "exp(10m)");
  a = fail_stream_new_node (&spec, 42, "pool-1", 0);
  b = fail_stream_new_node (&spec, 42, "pool-1", 0);
  other = fail_stream_new_node (&spec, 42, "pool-2", 0);
  for (guint i = 0; i < 20; i++) {
    g_assert_true (fail_stream_next (a, &ea));
    g_assert_true (fail_stream_next (b, &eb));
    g_assert_cmpint (ea.t_fail_us, ==, eb.t_fail_us);
    g_assert_cmpint (ea.t_repair_us, ==, eb.t_repair_us);
  }
  g_assert_true (fail_stream_next (other, &eo));
  g_assert_cmpint (eo.t_fail_us, !=, ea.t_fail_us);
}

/* Test that a node added later fails at its start plus the same up time as a node started at 0. */
static void
test_failure_late_node_shifts_by_its_start (void)
{
  g_auto (FailSpec) spec;
  g_autoptr (FailStream) early = NULL;
  g_autoptr (FailStream) late = NULL;
  FailEvent e, l;

  spec_init_exp (&spec, "weibull(1.5,8h)", "lognormal(20m,0.5)");
  early = fail_stream_new_node (&spec, 3, "pool-7", 0);
  late = fail_stream_new_node (&spec, 3, "pool-7", SIM_HOUR (2));
  g_assert_true (fail_stream_next (early, &e));
  g_assert_true (fail_stream_next (late, &l));
  g_assert_cmpint (l.t_fail_us - SIM_HOUR (2), ==, e.t_fail_us);
  g_assert_cmpint (l.t_repair_us - l.t_fail_us, ==, e.t_repair_us - e.t_fail_us);
}

/* Test that failures and repairs alternate in increasing time. */
static void
test_failure_failures_and_repairs_alternate (void)
{
  g_auto (FailSpec) spec;
  g_autoptr (FailStream) s = NULL;
  SimTime last = 0;
  FailEvent e;

  spec_init_exp (&spec, "exp(1h)", "uniform(1m,5m)");
  s = fail_stream_new_node (&spec, 9, "worker-1", 0);
  for (guint i = 0; i < 100; i++) {
    g_assert_true (fail_stream_next (s, &e));
    g_assert_cmpint (e.kind, ==, FAIL_KIND_CRASH);
    g_assert_cmpint (e.t_fail_us, >=, last);
    g_assert_cmpint (e.t_repair_us, >=, e.t_fail_us + SIM_MIN (1));
    g_assert_cmpint (e.t_repair_us, <=, e.t_fail_us + SIM_MIN (5));
    last = e.t_repair_us;
  }
}

/* Test that the mean up time of exponential failures matches the law within four standard errors.
 */
static void
test_failure_exponential_mean_up_time (void)
{
  g_auto (FailSpec) spec;
  g_autoptr (FailStream) s = NULL;
  SimTime start = 0;
  double sum = 0.0;
  const guint n = 4000;
  FailEvent e;

  spec_init_exp (&spec, "exp(2h)", "0s");
  s = fail_stream_new_node (&spec, 1234, "node", 0);
  for (guint i = 0; i < n; i++) {
    g_assert_true (fail_stream_next (s, &e));
    sum += sim_time_to_seconds (e.t_fail_us - start);
    start = e.t_repair_us;
  }
  g_test_message ("mean up time %.1f s", sum / n);
  g_assert_cmpfloat (fabs (sum / n - 7200.0), <, 4.0 * 7200.0 / sqrt ((double)n));
}

/* Test that a spot node gets one notice and is reclaimed two minutes later, never repaired. */
static void
test_failure_spot_warns_then_reclaims_once (void)
{
  g_auto (FailSpec) spec;
  g_autoptr (FailStream) s = NULL;
  FailEvent e;

  fail_spec_init (&spec);
  spec.spot_ttf = sim_dist_parse ("exp(6h)", NULL, NULL, NULL);
  g_assert_null (fail_stream_new_node (&spec, 5, "spot-1", 0));
  s = fail_stream_new_spot (&spec, 5, "spot-1", SIM_MIN (10));
  g_assert_true (fail_stream_next (s, &e));
  g_assert_cmpint (e.kind, ==, FAIL_KIND_SPOT);
  g_assert_cmpint (e.t_warning_us, >=, SIM_MIN (10));
  g_assert_cmpint (e.t_fail_us - e.t_warning_us, ==, SIM_MIN (2));
  g_assert_cmpint (e.t_repair_us, ==, SIM_TIME_NEVER);
  g_assert_false (fail_stream_next (s, &e));
}

/* Test that a fixed zone outage is read as ZONE@AT+DURATION, and a bad one is rejected. */
static void
test_failure_outage_text (void)
{
  g_auto (FailSpec) spec;
  g_autoptr (GError) error = NULL;
  FailOutage *o;

  fail_spec_init (&spec);
  g_assert_true (fail_spec_add_outage (&spec, "us-east-1b@2h+30m", NULL));
  g_assert_true (fail_spec_add_outage (&spec, "us-east-1c@90m", NULL));
  o = &g_array_index (spec.outages, FailOutage, 0);
  g_assert_cmpstr (o->zone, ==, "us-east-1b");
  g_assert_cmpint (o->at_us, ==, SIM_HOUR (2));
  g_assert_cmpint (o->duration_us, ==, SIM_MIN (30));
  g_assert_cmpint (g_array_index (spec.outages, FailOutage, 1).duration_us, ==, SIM_TIME_NEVER);
  g_assert_false (fail_spec_add_outage (&spec, "us-east-1b at 2h", &error));
  g_assert_error (error, FAIL_ERROR, FAIL_ERROR_INVALID);
}

/* Test that zone streams are named per zone: two zones fail at different times. */
static void
test_failure_zone_streams_differ (void)
{
  g_auto (FailSpec) spec;
  g_autoptr (FailStream) a = NULL;
  g_autoptr (FailStream) b = NULL;
  FailEvent ea, eb;

  fail_spec_init (&spec);
  spec.zone_ttf = sim_dist_parse ("exp(30d)", NULL, NULL, NULL);
  spec.zone_duration = sim_dist_parse ("1h", NULL, NULL, NULL);
  a = fail_stream_new_zone (&spec, 11, "us-east-1a");
  b = fail_stream_new_zone (&spec, 11, "us-east-1b");
  g_assert_true (fail_stream_next (a, &ea));
  g_assert_true (fail_stream_next (b, &eb));
  g_assert_cmpint (ea.kind, ==, FAIL_KIND_AZ_OUTAGE);
  g_assert_cmpint (ea.t_repair_us - ea.t_fail_us, ==, SIM_HOUR (1));
  g_assert_cmpint (ea.t_fail_us, !=, eb.t_fail_us);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/failure/same-node-name-same-failures",
                   test_failure_same_node_name_same_failures);
  g_test_add_func ("/models/failure/late-node-shifts-by-its-start",
                   test_failure_late_node_shifts_by_its_start);
  g_test_add_func ("/models/failure/failures-and-repairs-alternate",
                   test_failure_failures_and_repairs_alternate);
  g_test_add_func ("/models/failure/exponential-mean-up-time",
                   test_failure_exponential_mean_up_time);
  g_test_add_func ("/models/failure/spot-warns-then-reclaims-once",
                   test_failure_spot_warns_then_reclaims_once);
  g_test_add_func ("/models/failure/outage-text", test_failure_outage_text);
  g_test_add_func ("/models/failure/zone-streams-differ", test_failure_zone_streams_differ);
  return g_test_run ();
}
