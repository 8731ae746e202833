/* SPDX-License-Identifier: MIT
 * Tests of the metric files' writer (cli/metrics_out.c): one number format per unit, and the same
 * columns whatever the number of replications. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "cli/metrics_out.h"
#include "cli_test_util.h"

static void
assert_format (double value, const char *unit, const char *expected)
{
  g_autofree char *text = cli_metric_format (value, unit);

  g_assert_cmpstr (text, ==, expected);
}

/* Test that seconds are truncated to the millisecond as every time of the results is, from the
 * value rounded to the microsecond: 16.417 (a double just under it) stays 16.417, 329.2295 gives
 * 329.229 as control_plane.csv's row of 329 229 500 µs does. */
static void
test_metrics_out_seconds_truncate_like_times (void)
{
  assert_format (16.417, "s", "16.417");
  assert_format (329.2295, "s", "329.229");
  assert_format (0.0009, "s", "0.000");
  assert_format (NAN, "s", "");
}

/* Test the other units: ratios 6 decimals, dollars 4, counts and tasks none (rounded). */
static void
test_metrics_out_units_have_one_format (void)
{
  assert_format (0.8292705, "ratio", "0.829271");
  assert_format (0.08317, "usd_per_hour", "0.0832");
  assert_format (1.00004, "usd", "1.0000");
  assert_format (3.0, "count", "3");
  assert_format (7.0, "tasks", "7");
  assert_format (46.0704, "replica_s", "46.070");
}

/* Test that a mean of counts keeps three decimals and a mean in seconds is truncated. */
static void
test_metrics_out_statistics_keep_decimals (void)
{
  g_autofree char *count = cli_metric_format_statistic (2.35, "count");
  g_autofree char *seconds = cli_metric_format_statistic (18.4539, "s");

  g_assert_cmpstr (count, ==, "2.350");
  g_assert_cmpstr (seconds, ==, "18.453");
}

static RunReplication *
replication_new (guint index)
{
  RunReplication *rep = g_new0 (RunReplication, 1);
  RunMetric *m = g_new0 (RunMetric, 1);

  rep->index = index;
  rep->strings = g_string_chunk_new (64);
  rep->recoveries = g_array_new (FALSE, FALSE, sizeof (SwarmRecoveryRow));
  rep->control_plane = g_array_new (FALSE, FALSE, sizeof (SwarmControlPlaneRow));
  rep->metrics = g_ptr_array_new ();
  m->name = g_strdup ("control_plane_unavailable_s");
  m->value = 15.0;
  m->unit = g_strdup ("s");
  g_ptr_array_add (rep->metrics, m);
  SwarmControlPlaneRow row = { 1, SWARM_OUTAGE_NO_LEADER, 60000000, SIM_TIME_NEVER,
                               "manager-1 crash" };
  g_array_append_val (rep->control_plane, row);
  rep->end_us = 75000000;
  return rep;
}

static void
replication_free (RunReplication *rep)
{
  RunMetric *m = rep->metrics->pdata[0];

  g_free (m->name);
  g_free (m->unit);
  g_free (m);
  g_ptr_array_unref (rep->metrics);
  g_array_unref (rep->recoveries);
  g_array_unref (rep->control_plane);
  g_string_chunk_free (rep->strings);
  g_free (rep);
}

/* Test that one replication's files start with the replication column too, and that an outage
 * still going at the end has no end time and lasts to the end (75 − 60 = 15 s). */
static void
test_metrics_out_one_replication_has_replication_column (void)
{
  g_autofree char *dir = cli_test_make_folder ("swarmsim-metrics-XXXXXX");
  g_autofree char *summary = g_build_filename (dir, "summary.csv", NULL);
  g_autofree char *control = g_build_filename (dir, "control_plane.csv", NULL);
  RunReplication *rep = replication_new (1);
  g_autoptr (GError) error = NULL;

  g_assert_true (cli_metrics_write_summary (summary, &rep, 1, &error));
  g_assert_no_error (error);
  g_assert_true (cli_metrics_write_control_plane (control, &rep, 1, &error));
  g_assert_no_error (error);
  g_autofree char *s = cli_test_read_file (summary, NULL);
  g_autofree char *c = cli_test_read_file (control, NULL);
  g_assert_cmpstr (s, ==,
                   "replication,metric,value,unit\n1,control_plane_unavailable_s,15.000,s\n");
  g_assert_cmpstr (c, ==,
                   "replication,outage,kind,cause,t_start_s,t_end_s,duration_s\n"
                   "1,1,no_leader,manager-1 crash,60.000,,15.000\n");
  replication_free (rep);
  cli_test_remove_folder (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/cli/metrics-out/seconds-truncate-like-times",
                   test_metrics_out_seconds_truncate_like_times);
  g_test_add_func ("/cli/metrics-out/units-have-one-format",
                   test_metrics_out_units_have_one_format);
  g_test_add_func ("/cli/metrics-out/statistics-keep-decimals",
                   test_metrics_out_statistics_keep_decimals);
  g_test_add_func ("/cli/metrics-out/one-replication-has-replication-column",
                   test_metrics_out_one_replication_has_replication_column);
  return g_test_run ();
}
