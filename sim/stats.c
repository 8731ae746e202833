/* SPDX-License-Identifier: MIT
 * Summary statistics for simulation outputs. Pure arithmetic on numbers handed in; it reads no
 * events and keeps no global state. */

#include "sim/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

void
sim_stat_init (SimStat *stat)
{
  g_return_if_fail (stat != NULL);
  *stat = (SimStat){ 0 };
}

void
sim_stat_add (SimStat *stat, double x)
{
  g_return_if_fail (stat != NULL);

  /* Welford's update: numerically stable where the naive sum of squares cancels catastrophically
   * (Welford 1962; Knuth TAOCP vol. 2, 4.2.2). min and max come from the first sample, so a
   * zero-initialised struct works as well as sim_stat_init(). */
  stat->n++;
  if (stat->n == 1) {
    stat->min = x;
    stat->max = x;
  } else {
    stat->min = MIN (stat->min, x);
    stat->max = MAX (stat->max, x);
  }
  double delta = x - stat->mean;
  stat->mean += delta / (double)stat->n;
  stat->m2 += delta * (x - stat->mean);
}

double
sim_stat_variance (const SimStat *stat)
{
  g_return_val_if_fail (stat != NULL, 0.0);
  return stat->n < 2 ? 0.0 : stat->m2 / (double)(stat->n - 1);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double
sim_stats_percentile (double *values, gsize n, double p)
{
  g_return_val_if_fail (values != NULL, NAN);
  g_return_val_if_fail (n > 0, NAN);
  g_return_val_if_fail (p >= 0.0 && p <= 100.0, NAN);

  /* Hyndman & Fan (1996) type 7: h = (n - 1) p, interpolate between the order statistics around
   * h. O(n log n) for the sort; outputs are summarised once per run, so a selection algorithm would
   * not pay for itself. */
  qsort (values, n, sizeof *values, compare_doubles);
  double h = (double)(n - 1) * p / 100.0;
  gsize lo = (gsize)floor (h);
  if (lo + 1 >= n)
    return values[n - 1];
  return values[lo] + (h - (double)lo) * (values[lo + 1] - values[lo]);
}

double
sim_stats_t_half_width (const SimStat *stat, double confidence)
{
  g_return_val_if_fail (stat != NULL, NAN);
  g_return_val_if_fail (confidence > 0.0 && confidence < 1.0, NAN);

  if (stat->n < 2)
    return NAN;
  double df = (double)(stat->n - 1);
  double t = gsl_cdf_tdist_Pinv (1.0 - (1.0 - confidence) / 2.0, df);
  return t * sqrt (sim_stat_variance (stat) / (double)stat->n);
}

void
sim_time_avg_init (SimTimeAvg *avg, SimTime t0, double value)
{
  g_return_if_fail (avg != NULL);
  *avg = (SimTimeAvg){ .last_t = t0, .value = value, .integral = 0.0 };
}

void
sim_time_avg_set (SimTimeAvg *avg, SimTime t, double value)
{
  g_return_if_fail (avg != NULL);
  g_return_if_fail (t >= avg->last_t);

  avg->integral += avg->value * sim_time_to_seconds (t - avg->last_t);
  avg->last_t = t;
  avg->value = value;
}

double
sim_time_avg_integral (const SimTimeAvg *avg, SimTime t)
{
  g_return_val_if_fail (avg != NULL, NAN);
  g_return_val_if_fail (t >= avg->last_t, NAN);

  return avg->integral + avg->value * sim_time_to_seconds (t - avg->last_t);
}
