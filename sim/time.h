/* SPDX-License-Identifier: MIT
 * Simulated time: a signed 64-bit count of microseconds, and conversions used at I/O boundaries.
 * Nothing here reads a clock; simulated time only moves when the engine dispatches an event. */
#pragma once

#include <glib.h>

/* A point in, or a span of, simulated time in microseconds. Never a double. */
typedef gint64 SimTime;

#define SIM_TIME_NEVER G_MAXINT64
#define SIM_USEC(x)    ((SimTime)(x))
#define SIM_MSEC(x)    ((SimTime)(x)*G_GINT64_CONSTANT (1000))
#define SIM_SEC(x)     ((SimTime)(x)*G_GINT64_CONSTANT (1000000))
#define SIM_MIN(x)     (SIM_SEC (x) * 60)
#define SIM_HOUR(x)    (SIM_MIN (x) * 60)

/**
 * sim_time_to_seconds:
 * @t: a time in microseconds
 *
 * Returns: @t in seconds, as a double, for reports only.
 */
double sim_time_to_seconds (SimTime t);

/**
 * sim_time_format_clock:
 * @t: a non-negative time in microseconds
 *
 * Formats @t as "HH:MM:SS.mmm" (hours grow past 99 if needed).
 *
 * Returns: (transfer full): the text.
 */
char *sim_time_format_clock (SimTime t);
