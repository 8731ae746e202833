/* SPDX-License-Identifier: MIT
 * Conversions of simulated time for reports. Nothing here reads a clock, and nothing here is used
 * to order events: the engine compares SimTime integers only. */

#include "sim/time.h"

double
sim_time_to_seconds (SimTime t)
{
  return (double)t / 1e6;
}

char *
sim_time_format_clock (SimTime t)
{
  g_return_val_if_fail (t >= 0, NULL);

  /* Integer arithmetic throughout, so a report never shows 00:00:59.999 for a full minute. */
  gint64 ms = t / 1000;
  gint64 hours = ms / (3600 * 1000);
  int minutes = (int)(ms / (60 * 1000) % 60);
  int seconds = (int)(ms / 1000 % 60);
  int millis = (int)(ms % 1000);

  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02d:%02d.%03d", hours, minutes, seconds, millis);
}
