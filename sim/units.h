/* SPDX-License-Identifier: MIT
 * Parsers for the value syntax of scenarios: durations, byte sizes and CPU amounts, following the
 * grammar Docker's tools accept (see scenarios/README.md for the exact rules and sources). */
#pragma once

#include <glib.h>
#include "sim/time.h"

#define SIM_PARSE_ERROR (sim_parse_error_quark ())
GQuark sim_parse_error_quark (void);

typedef enum {
  SIM_PARSE_ERROR_INVALID, /* the text does not follow the grammar */
  SIM_PARSE_ERROR_RANGE,   /* a well-formed value out of range (negative, overflow, too precise) */
  SIM_PARSE_ERROR_FILE,    /* a file named by the text cannot be read or is malformed */
} SimParseError;

/**
 * sim_parse_duration:
 * @text: Go duration grammar plus d (24 h): "5s", "1m30s", "250ms", "1.5h", "2d", "0"; sequences of
 *   number+unit with units us (or µs), ms, s, m, h, d; no sign; a bare number other than 0 is an
 * error
 * @out_us: (out): the duration in microseconds (fractions of a microsecond truncated)
 * @error: SIM_PARSE_ERROR_INVALID or _RANGE
 *
 * Returns: TRUE on success.
 */
gboolean sim_parse_duration (const char *text, SimTime *out_us, GError **error);

/**
 * sim_duration_to_string:
 * @us: a non-negative duration
 *
 * Returns: (transfer full): the shortest text sim_parse_duration() reads back to @us, e.g. "1m30s",
 *   "250ms", "0s".
 */
char *sim_duration_to_string (SimTime us);

/**
 * sim_parse_bytes:
 * @text: a plain integer (bytes), or a decimal number, optional space, and a case-insensitive
 * suffix b, k, m, g, t, p (binary, 1024-based) optionally followed by b or ib: "512M", "1.5G",
 * "1gb", "2b"
 * @out_bytes: (out): the size in bytes, truncated to an integer
 * @error: SIM_PARSE_ERROR_INVALID ("invalid suffix") or _RANGE (negative, overflow)
 *
 * Returns: TRUE on success.
 */
gboolean sim_parse_bytes (const char *text, gint64 *out_bytes, GError **error);

/**
 * sim_parse_cpus:
 * @text: a non-negative decimal number of CPUs: "0.5", "2", "0.001"
 * @out_nanocpus: (out): CPUs × 1e9, exactly
 * @error: SIM_PARSE_ERROR_INVALID, or _RANGE when the value is negative or has more than 9 decimals
 *   ("value is too precise")
 *
 * Returns: TRUE on success.
 */
gboolean sim_parse_cpus (const char *text, gint64 *out_nanocpus, GError **error);
