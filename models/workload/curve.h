/* SPDX-License-Identifier: MIT
 * Replica schedules: how many replicas a service should have at each simulated time (constant,
 * step, ramp, daily sine, or a CSV of time,replicas). A curve only answers "how many at t"; turning
 * its changes into "set replicas" actions on the engine is the driver's job (driver.h). */
#pragma once

#include <glib.h>
#include "sim/time.h"

typedef struct _WlCurve WlCurve;

typedef enum {
  WL_CURVE_CONSTANT, /* "N" */
  WL_CURVE_STEP,     /* "step(FROM,TO,AT)": FROM before AT, TO from AT on */
  WL_CURVE_RAMP,     /* "ramp(FROM,TO,START,END)": linear from START to END, rounded to nearest */
  WL_CURVE_SINE, /* "sine(MEAN,AMPLITUDE,PERIOD[,PHASE])": MEAN + AMPLITUDE·sin(2π(t+PHASE)/PERIOD),
                    rounded to nearest and never below 0 */
  WL_CURVE_CSV, /* "csv(FILE)": rows "time,replicas", a header allowed; the value holds from its
                   time to the next row's; time is a duration ("30m") or bare seconds */
} WlCurveKind;

/* One "set replicas" moment. */
typedef struct {
  SimTime t_us;
  guint replicas;
} WlReplicaChange;

/**
 * wl_curve_parse:
 * @text: the curve (replica counts are non-negative integers; times and periods are durations)
 * @base_dir: (nullable): the folder a relative csv() file is resolved against
 * @error: WL_ERROR_INVALID for text that does not follow the grammar, WL_ERROR_RANGE for a value
 *   out of range (END before START, a zero period), WL_ERROR_FILE; CSV errors start "PATH:LINE: "
 *
 * Returns: (transfer full) (nullable): the curve.
 */
WlCurve *wl_curve_parse (const char *text, const char *base_dir, GError **error);

void wl_curve_free (WlCurve *curve);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlCurve, wl_curve_free)

WlCurveKind wl_curve_get_kind (const WlCurve *curve);

/* Returns: the replica count the curve asks for at @t_us (≥ 0). */
guint wl_curve_eval (const WlCurve *curve, SimTime t_us);

/**
 * wl_curve_get_changes:
 * @curve: the curve
 * @end_us: the end of the run; no change at or after it is listed
 * @resolution_us: how often a continuous curve (ramp, sine) is sampled, > 0; step, constant and csv
 *   curves are exact
 *
 * Returns: (transfer full) (element-type WlReplicaChange): the value at 0, then each time the value
 *   changes, in increasing time.
 */
GArray *wl_curve_get_changes (const WlCurve *curve, SimTime end_us, SimTime resolution_us);

/* Returns: (transfer full): canonical text that wl_curve_parse() reads back to the same curve. */
char *wl_curve_to_string (const WlCurve *curve);
