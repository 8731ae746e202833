/* SPDX-License-Identifier: MIT
 * Statistics over simulation outputs: running moments, exact percentiles, Student-t confidence
 * intervals, and time-weighted averages. */
#pragma once

#include <glib.h>
#include "sim/time.h"

/* Running mean and variance (Welford), plus min and max. Zero-initialise, or use sim_stat_init().
 */
typedef struct {
  guint64 n;
  double mean;
  double m2;
  double min;
  double max;
} SimStat;

void sim_stat_init (SimStat *stat);
void sim_stat_add (SimStat *stat, double x);
/* Returns: the sample variance (n − 1 denominator), 0 when n < 2. */
double sim_stat_variance (const SimStat *stat);

/**
 * sim_stats_percentile:
 * @values: (array length=n): values, in any order; sorted in place
 * @n: how many (> 0)
 * @p: the percentile in [0, 100]
 *
 * Exact percentile by linear interpolation between order statistics (Hyndman & Fan type 7, the
 * default of R and NumPy).
 *
 * Returns: the percentile.
 */
double sim_stats_percentile (double *values, gsize n, double p);

/**
 * sim_stats_t_half_width:
 * @stat: the sample
 * @confidence: e.g. 0.95
 *
 * Half-width of the two-sided Student-t confidence interval of the mean, t(1−α/2, n−1)·s/√n, with
 * the quantile from GSL.
 *
 * Returns: the half-width, or NAN when n < 2.
 */
double sim_stats_t_half_width (const SimStat *stat, double confidence);

/* A piecewise-constant signal integrated over simulated time (e.g. running replicas). */
typedef struct {
  SimTime last_t;
  double value;
  double integral; /* value × seconds */
} SimTimeAvg;

void sim_time_avg_init (SimTimeAvg *avg, SimTime t0, double value);
/* Sets the signal to @value from @t on (t ≥ the last update). */
void sim_time_avg_set (SimTimeAvg *avg, SimTime t, double value);
/* Returns: the integral of the signal up to @t, in value × seconds. */
double sim_time_avg_integral (const SimTimeAvg *avg, SimTime t);
