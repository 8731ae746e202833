/* SPDX-License-Identifier: MIT
 * Probability distributions of durations, parsed from text and sampled from a named stream. */
#pragma once

#include <glib.h>
#include "sim/rng.h"
#include "sim/time.h"

typedef struct _SimDist SimDist;

typedef enum {
  SIM_DIST_CONSTANT,    /* "5s" */
  SIM_DIST_UNIFORM,     /* "uniform(a,b)", a ≤ b durations */
  SIM_DIST_EXPONENTIAL, /* "exp(mean)" */
  SIM_DIST_NORMAL,      /* "normal(mean,sd)", truncated at zero (redrawn while negative) */
  SIM_DIST_LOGNORMAL,   /* "lognormal(median,sigma)", sigma a plain number ≥ 0 */
  SIM_DIST_WEIBULL,     /* "weibull(shape,scale)", shape a plain number > 0, scale a duration */
  SIM_DIST_EMPIRICAL,   /* "empirical(FILE.csv)": one duration per row in the first column; a
                           header row is allowed; bare numbers are seconds; sampled uniformly */
} SimDistKind;

/**
 * sim_dist_parse:
 * @text: the distribution's text (surrounding white space is ignored)
 * @base_dir: (nullable): the folder a relative empirical file name is resolved against
 * @error: SIM_PARSE_ERROR_INVALID, _RANGE or _FILE; for a CSV the message starts "PATH:LINE: "
 *
 * Returns: (transfer full) (nullable): the distribution, or NULL with @error set.
 */
SimDist *sim_dist_parse (const char *text, const char *base_dir, GError **error);

/* Returns: (transfer full): a constant distribution of @value_us. */
SimDist *sim_dist_new_constant (SimTime value_us);

/* Returns: (transfer full): a uniform distribution on [@a_us, @b_us]. */
SimDist *sim_dist_new_uniform (SimTime a_us, SimTime b_us);

SimDist *sim_dist_copy (const SimDist *dist);
void sim_dist_free (SimDist *dist);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimDist, sim_dist_free)

SimDistKind sim_dist_get_kind (const SimDist *dist);

/* Returns: one draw, a non-negative duration in microseconds. */
SimTime sim_dist_sample (const SimDist *dist, SimRng *rng);

/* Returns: the distribution's mean in microseconds (of the truncated law for normal). */
double sim_dist_get_mean (const SimDist *dist);

/* Returns: (transfer full): canonical text that sim_dist_parse() reads back to the same law. */
char *sim_dist_to_string (const SimDist *dist);
