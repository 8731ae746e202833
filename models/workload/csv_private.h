/* SPDX-License-Identifier: MIT
 * Internal to models/workload: a libcsv reader that hands out rows with the physical line each row
 * starts on, so that every CSV error can say "PATH:LINE: ...". Not a public API. */
#pragma once

#include <glib.h>

/**
 * WlCsvRowFunc:
 * @path: the file, for messages
 * @line: the physical line (1-based) the row starts on
 * @fields: (element-type utf8): the row's fields, unquoted; borrowed for the call
 * @user_data: the caller's data
 * @error: set with a "PATH:LINE: ..." message to stop reading
 *
 * Returns: FALSE to stop with @error set.
 */
typedef gboolean (*WlCsvRowFunc) (const char *path, guint line, GPtrArray *fields,
                                  gpointer user_data, GError **error);

/**
 * wl_csv__read:
 * @path: the CSV file
 * @delim: the field separator, usually ','
 * @func: called once per non-empty row, header rows included, in file order
 * @user_data: handed to @func
 * @error: WL_ERROR_FILE when the file cannot be read, is not a regular file or is larger than
 *   IO_FILE_MAX_CSV_BYTES (1 GiB), WL_ERROR_INVALID for broken quoting, or whatever @func sets
 *
 * The file is read in bounded chunks, so memory does not grow with its size. Rows consisting
 * only of white space are skipped, as are lines starting with '#'.
 *
 * Returns: TRUE when every row was read and accepted.
 */
gboolean wl_csv__read (const char *path, char delim, WlCsvRowFunc func, gpointer user_data,
                       GError **error);

/* The largest bare number of seconds a workload CSV may hold: its microseconds, rounded, stay
 * below SIM_TIME_NEVER (G_MAXINT64). Whole seconds, so that messages print it exactly. */
#define WL_CSV_MAX_SECONDS 9223372036853.0

/* Parsers for one field, each setting "PATH:LINE: COLUMN: ...; expected ..." on failure. */
gboolean wl_csv__field_int64 (const char *path, guint line, const char *column, const char *text,
                              gboolean allow_empty, gint64 *out, GError **error);
gboolean wl_csv__field_double (const char *path, guint line, const char *column, const char *text,
                               gboolean allow_empty, double *out, GError **error);
