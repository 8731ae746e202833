/* SPDX-License-Identifier: MIT
 * CSV output through libcsv's quoting (csv_fwrite). Rows are assembled in memory and written whole,
 * so the column count can be checked against the header before anything reaches the file. */
#include "cli/csv_out.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <csv.h>
#include <glib/gstdio.h>

G_DEFINE_QUARK (cli - csv - error - quark, cli_csv_error)

struct _CliCsv {
  char *path;      /* owned */
  FILE *file;      /* owned; NULL once closed */
  guint n_columns; /* from the header */
  GPtrArray *row;  /* (element-type utf8) owned: the fields of the row being built */
  gboolean failed; /* a write failed; reported by cli_csv_close() */
  int saved_errno;
};

static void
write_field (CliCsv *csv, const char *text)
{
  size_t len = strlen (text);

  /* Plain fields stay unquoted so the files read well in a terminal; libcsv quotes the rest and
   * doubles embedded quotes. */
  if (strpbrk (text, ",\"\r\n") == NULL) {
    if (len > 0 && fwrite (text, 1, len, csv->file) != len)
      csv->failed = TRUE;
    return;
  }
  if (csv_fwrite (csv->file, text, len) != 0)
    csv->failed = TRUE;
}

static void
write_row (CliCsv *csv)
{
  g_assert (csv->row->len == csv->n_columns);

  for (guint i = 0; i < csv->row->len; i++) {
    if (i > 0 && fputc (',', csv->file) == EOF)
      csv->failed = TRUE;
    write_field (csv, g_ptr_array_index (csv->row, i));
  }
  if (fputc ('\n', csv->file) == EOF)
    csv->failed = TRUE;
  if (csv->failed && csv->saved_errno == 0)
    csv->saved_errno = errno;
  g_ptr_array_set_size (csv->row, 0);
}

CliCsv *
cli_csv_new (const char *path, const char *const *header, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (header != NULL && header[0] != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Binary mode keeps "\n" line ends on every platform, part of byte-identical output. */
  FILE *file = g_fopen (path, "wb");
  if (file == NULL) {
    int saved = errno;
    g_set_error (error, CLI_CSV_ERROR, CLI_CSV_ERROR_IO, "%s: %s", path, g_strerror (saved));
    return NULL;
  }

  CliCsv *csv = g_new0 (CliCsv, 1);
  csv->path = g_strdup (path);
  csv->file = file;
  while (header[csv->n_columns] != NULL)
    csv->n_columns++;
  csv->row = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; header[i] != NULL; i++)
    cli_csv_add_string (csv, header[i]);
  write_row (csv);
  return csv;
}

void
cli_csv_free (CliCsv *csv)
{
  if (csv == NULL)
    return;
  if (csv->file != NULL)
    fclose (csv->file);
  g_ptr_array_unref (csv->row);
  g_free (csv->path);
  g_free (csv);
}

void
cli_csv_add_string (CliCsv *csv, const char *text)
{
  g_return_if_fail (csv != NULL && text != NULL);
  g_ptr_array_add (csv->row, g_strdup (text));
}

void
cli_csv_add_empty (CliCsv *csv)
{
  cli_csv_add_string (csv, "");
}

void
cli_csv_add_int (CliCsv *csv, gint64 value)
{
  g_return_if_fail (csv != NULL);
  g_ptr_array_add (csv->row, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

void
cli_csv_add_double (CliCsv *csv, double value, guint decimals)
{
  g_return_if_fail (csv != NULL);
  g_ptr_array_add (csv->row, cli_format_double (value, decimals));
}

void
cli_csv_add_seconds (CliCsv *csv, SimTime t_us)
{
  g_return_if_fail (csv != NULL);
  g_ptr_array_add (csv->row, cli_format_seconds (t_us));
}

void
cli_csv_end_row (CliCsv *csv)
{
  g_return_if_fail (csv != NULL && csv->file != NULL);
  write_row (csv);
}

gboolean
cli_csv_close (CliCsv *csv, GError **error)
{
  g_return_val_if_fail (csv != NULL && csv->file != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (fclose (csv->file) != 0 && !csv->failed) {
    csv->failed = TRUE;
    csv->saved_errno = errno;
  }
  csv->file = NULL;
  if (csv->failed) {
    g_set_error (error, CLI_CSV_ERROR, CLI_CSV_ERROR_IO, "%s: %s", csv->path,
                 g_strerror (csv->saved_errno != 0 ? csv->saved_errno : EIO));
    return FALSE;
  }
  return TRUE;
}

char *
cli_format_seconds (SimTime t_us)
{
  if (t_us == SIM_TIME_NEVER)
    return g_strdup ("");

  /* Integer arithmetic, not a double: the printed value is exact and the same everywhere. */
  gboolean negative = t_us < 0;
  guint64 abs_us = negative ? (guint64)(-(t_us + 1)) + 1 : (guint64)t_us;
  /* Truncated, as sim_time_format_clock() does, so the CSV and the narrated timeline agree. */
  guint64 ms = abs_us / 1000;
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%03u", negative ? "-" : "", ms / 1000,
                          (guint)(ms % 1000));
}

char *
cli_format_double (double value, guint decimals)
{
  if (!isfinite (value))
    return g_strdup ("");

  char format[16];
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_snprintf (format, sizeof format, "%%.%uf", MIN (decimals, 9u));
  g_ascii_formatd (buf, sizeof buf, format, value);
  /* "-0.000" would make equal results print differently depending on rounding direction. */
  if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
    return g_strdup (buf + 1);
  return g_strdup (buf);
}
