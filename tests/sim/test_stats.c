/* SPDX-License-Identifier: MIT
 * Tests of sim/stats.h against values computed by hand or taken from R (quantile type 7, qt). */

#include "sim/stats.h"

#include <math.h>

/* Test that the running mean, variance, min and max match the textbook values. */
static void
test_stats_welford_matches_textbook (void)
{
  static const double xs[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
  SimStat stat;

  sim_stat_init (&stat);
  for (gsize i = 0; i < G_N_ELEMENTS (xs); i++)
    sim_stat_add (&stat, xs[i]);
  g_assert_cmpuint (stat.n, ==, 8);
  g_assert_cmpfloat_with_epsilon (stat.mean, 5.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (sim_stat_variance (&stat), 32.0 / 7.0, 1e-12);
  g_assert_cmpfloat (stat.min, ==, 2.0);
  g_assert_cmpfloat (stat.max, ==, 9.0);
}

/* Test that a zero-initialised SimStat takes min and max from its first sample. */
static void
test_stats_zero_initialised_takes_first_sample (void)
{
  SimStat stat = { 0 };

  sim_stat_add (&stat, 7.0);
  sim_stat_add (&stat, 9.0);
  g_assert_cmpfloat (stat.min, ==, 7.0);
  g_assert_cmpfloat (stat.max, ==, 9.0);
  g_assert_cmpfloat (sim_stat_variance (&(SimStat){ 0 }), ==, 0.0);
}

/* Test that Welford's update stays accurate with a huge offset, where a sum of squares fails. */
static void
test_stats_welford_is_stable_with_offset (void)
{
  SimStat stat = { 0 };

  for (int i = 0; i < 1000; i++)
    sim_stat_add (&stat, 1e9 + (i % 2 == 0 ? 1.0 : -1.0));
  g_assert_cmpfloat_with_epsilon (sim_stat_variance (&stat), 1000.0 / 999.0, 1e-6);
}

/* Test that percentiles interpolate between order statistics as R's quantile type 7 does. */
static void
test_stats_percentile_is_type_7 (void)
{
  /* R: quantile(c(1, 2, 3, 4, 10), c(0, .25, .5, .9, 1)) gives 1, 2, 3, 7.6, 10. */
  static const double probs[] = { 0, 25, 50, 90, 100 };
  static const double expected[] = { 1, 2, 3, 7.6, 10 };

  for (gsize i = 0; i < G_N_ELEMENTS (probs); i++) {
    double values[] = { 10, 3, 1, 4, 2 };
    g_assert_cmpfloat_with_epsilon (sim_stats_percentile (values, 5, probs[i]), expected[i], 1e-12);
  }
}

/* Test that the percentile of a single value is that value. */
static void
test_stats_percentile_of_one_value (void)
{
  double value = 42.0;

  g_assert_cmpfloat (sim_stats_percentile (&value, 1, 95), ==, 42.0);
}

/* Test that the t half-width matches R's qt(0.975, 4) * sd / sqrt(n). */
static void
test_stats_t_half_width_matches_r (void)
{
  static const double xs[] = { 10, 12, 9, 11, 13 };
  SimStat stat = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (xs); i++)
    sim_stat_add (&stat, xs[i]);
  /* sd = sqrt(2.5); qt(0.975, 4) = 2.776445105. */
  g_assert_cmpfloat_with_epsilon (sim_stats_t_half_width (&stat, 0.95),
                                  2.776445105 * sqrt (2.5) / sqrt (5.0), 1e-8);
}

/* Test that the t half-width is NAN below two samples. */
static void
test_stats_t_half_width_needs_two_samples (void)
{
  SimStat stat = { 0 };

  sim_stat_add (&stat, 1.0);
  g_assert_true (isnan (sim_stats_t_half_width (&stat, 0.95)));
}

/* Test that a time-weighted average integrates a step signal in value-seconds. */
static void
test_stats_time_avg_integrates_steps (void)
{
  SimTimeAvg avg;

  sim_time_avg_init (&avg, SIM_SEC (10), 2.0);
  sim_time_avg_set (&avg, SIM_SEC (13), 5.0); /* 2 for 3 s */
  sim_time_avg_set (&avg, SIM_SEC (13), 1.0); /* a zero-length step adds nothing */
  sim_time_avg_set (&avg, SIM_SEC (15), 0.0); /* 1 for 2 s */
  g_assert_cmpfloat_with_epsilon (sim_time_avg_integral (&avg, SIM_SEC (20)), 8.0, 1e-12);
  sim_time_avg_set (&avg, SIM_SEC (20), 4.0);
  g_assert_cmpfloat_with_epsilon (sim_time_avg_integral (&avg, SIM_MSEC (20500)), 10.0, 1e-12);
}

/* Test that moving a time average backwards is a programmer error. */
static void
test_stats_time_avg_backwards_is_programmer_error (void)
{
  if (g_test_subprocess ()) {
    SimTimeAvg avg;
    sim_time_avg_init (&avg, SIM_SEC (10), 1.0);
    sim_time_avg_set (&avg, SIM_SEC (9), 1.0);
    return;
  }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*t >= avg->last_t*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn) g_test_add_func ("/sim/stats/" path, fn)
  ADD ("welford-matches-textbook", test_stats_welford_matches_textbook);
  ADD ("zero-initialised-takes-first-sample", test_stats_zero_initialised_takes_first_sample);
  ADD ("welford-is-stable-with-offset", test_stats_welford_is_stable_with_offset);
  ADD ("percentile-is-type-7", test_stats_percentile_is_type_7);
  ADD ("percentile-of-one-value", test_stats_percentile_of_one_value);
  ADD ("t-half-width-matches-r", test_stats_t_half_width_matches_r);
  ADD ("t-half-width-needs-two-samples", test_stats_t_half_width_needs_two_samples);
  ADD ("time-avg-integrates-steps", test_stats_time_avg_integrates_steps);
  ADD ("time-avg-backwards-is-programmer-error", test_stats_time_avg_backwards_is_programmer_error);
#undef ADD

  return g_test_run ();
}
