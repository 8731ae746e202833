/* SPDX-License-Identifier: MIT
 * A small CSV writer over libcsv: one header row, then rows built field by field. Numbers are
 * formatted without the locale, so the files are the same on every machine. Not a reader. */
#pragma once

#include <glib.h>

#include "sim/time.h"

#define CLI_CSV_ERROR (cli_csv_error_quark ())
GQuark cli_csv_error_quark (void);

typedef enum {
  CLI_CSV_ERROR_IO, /* the file cannot be created or written */
} CliCsvError;

typedef struct _CliCsv CliCsv;

/**
 * cli_csv_new:
 * @path: the file to create (replaced if it exists)
 * @header: (array zero-terminated=1): the column names, written as the first row
 * @error: CLI_CSV_ERROR_IO, message "PATH: reason"
 *
 * Returns: (transfer full) (nullable): the writer, or NULL with @error set.
 */
CliCsv *cli_csv_new (const char *path, const char *const *header, GError **error);

/* Frees the writer and closes its file if cli_csv_close() was not called (output then may be cut).
 */
void cli_csv_free (CliCsv *csv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliCsv, cli_csv_free)

/* Appends a text field to the current row; quoted by libcsv only when it holds , " or a line break.
 */
void cli_csv_add_string (CliCsv *csv, const char *text);

/* Appends an empty field (a value that does not exist, e.g. a failure never recovered). */
void cli_csv_add_empty (CliCsv *csv);

/* Appends a signed integer. */
void cli_csv_add_int (CliCsv *csv, gint64 value);

/* Appends @value with @decimals digits after the point ("%.Nf" in the C locale); NAN and infinities
 * are written as an empty field. */
void cli_csv_add_double (CliCsv *csv, double value, guint decimals);

/* Appends a simulated time or duration in seconds with millisecond precision ("12.345"), truncated
 * to the millisecond like sim_time_format_clock(); SIM_TIME_NEVER is written as an empty field. */
void cli_csv_add_seconds (CliCsv *csv, SimTime t_us);

/**
 * cli_csv_end_row:
 * @csv: the writer
 *
 * Writes the current row. The number of fields must equal the header's (a programmer error if not).
 */
void cli_csv_end_row (CliCsv *csv);

/**
 * cli_csv_close:
 * @csv: the writer
 * @error: CLI_CSV_ERROR_IO when any write since cli_csv_new() failed, or closing failed
 *
 * Flushes and closes the file. The writer must still be freed.
 *
 * Returns: TRUE when the whole file was written.
 */
gboolean cli_csv_close (CliCsv *csv, GError **error);

/* Returns: (transfer full): @t_us as seconds with millisecond precision, as cli_csv_add_seconds()
 * writes it ("" for SIM_TIME_NEVER). */
char *cli_format_seconds (SimTime t_us);

/* Returns: (transfer full): @value with @decimals digits after the point, independent of the
 * locale. */
char *cli_format_double (double value, guint decimals);
