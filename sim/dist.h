/* SPDX-License-Identifier: MIT
 * Probability distributions of durations, parsed from text and sampled from a named stream. The
 * kernel reads no files: an empirical law's values come from a reader the caller supplies. */
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
  SIM_DIST_EMPIRICAL,   /* "empirical(FILE.csv)": durations the caller's reader got from FILE,
                           sampled uniformly; see SimDistReadFunc */
} SimDistKind;

/**
 * SimDistReadFunc:
 * @file: the file name between the parentheses of "empirical(...)", trimmed, as the user wrote it
 * @values_us_out: (element-type SimTime): an empty array to append the file's durations to, in
 *   microseconds, each 0 or more
 * @user_data: the pointer given to sim_dist_parse()
 * @error: set on failure; sim_dist_parse() passes it on unchanged, so its message is the user's
 *   (conventionally SIM_PARSE_ERROR_FILE, "PATH:LINE: what is wrong; expected what")
 *
 * Reads the values of an empirical law. The kernel reads no files itself: the caller knows where
 * files live and what they look like (cli/dist_file.h reads a CSV file relative to a folder).
 *
 * Returns: TRUE with the values appended, or FALSE with @error set.
 */
typedef gboolean (*SimDistReadFunc) (const char *file, GArray *values_us_out, gpointer user_data,
                                     GError **error);

/**
 * sim_dist_parse:
 * @text: the distribution's text (surrounding white space is ignored)
 * @read: (nullable): reads the values of "empirical(FILE)"; NULL if the caller has no files, and
 *   then an empirical law is a SIM_PARSE_ERROR_FILE error saying that files cannot be read here
 * @user_data: passed to @read
 * @error: SIM_PARSE_ERROR_INVALID or _RANGE for the text; for empirical, @read's error unchanged,
 *   or SIM_PARSE_ERROR_FILE ("FILE: no values; ...", "FILE: N rows or more; ...") when @read
 *   succeeds with no values or with G_MAXUINT32 of them or more
 *
 * Returns: (transfer full) (nullable): the distribution, or NULL with @error set.
 */
SimDist *sim_dist_parse (const char *text, SimDistReadFunc read, gpointer user_data,
                         GError **error);

/**
 * sim_dist_new_empirical:
 * @values_us: (array length=n): the observed durations, each 0 or more; copied
 * @n: how many, from 1 to G_MAXUINT32 - 1
 * @source: what sim_dist_to_string() writes between the parentheses of "empirical(...)": the file
 *   name as the user wrote it; copied
 *
 * Builds the law that draws one of @values_us, each index equally likely.
 *
 * Returns: (transfer full): the empirical distribution.
 */
SimDist *sim_dist_new_empirical (const SimTime *values_us, gsize n, const char *source);

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

/* Returns: (transfer full): canonical text that sim_dist_parse() reads back to the same law (for
 *   empirical, given a reader that returns the same values for the same source). */
char *sim_dist_to_string (const SimDist *dist);
