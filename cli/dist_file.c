/* SPDX-License-Identifier: MIT
 * The empirical distribution's file: reading a CSV of durations with libcsv, with PATH:LINE errors,
 * for sim_dist_parse(). The kernel reads no files (style guide §1); parsing the text is its job. */

#include "cli/dist_file.h"

#include <csv.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "sim/units.h"

typedef struct {
  const char *path;
  gsize line;        /* the physical line being fed to libcsv, from 1 */
  gsize record_line; /* the line where the current record began */
  gboolean in_record;
  gsize field_index; /* within the current record */
  gsize n_records;
  GArray *values; /* unowned; (element-type SimTime) */
  GError *error;  /* owned; the first error, after which callbacks do nothing */
} CsvReader;

/* A first-column value: a duration, or a bare number of seconds ("1.5" or "-1.5"). */
static gboolean
parse_value (const char *field, SimTime *out_us, GError **error)
{
  const char *digits = field[0] == '-' ? field + 1 : field;
  gsize n_dots = 0;
  const char *p = digits;

  for (; g_ascii_isdigit (*p) || *p == '.'; p++)
    n_dots += *p == '.';
  if (*p == '\0' && p > digits && n_dots <= 1) {
    g_autofree char *seconds = g_strconcat (field, "s", NULL);
    return sim_parse_duration (seconds, out_us, error);
  }
  return sim_parse_duration (field, out_us, error);
}

static void
csv_on_field (void *field, size_t len, void *data)
{
  CsvReader *reader = data;

  if (reader->error != NULL || reader->field_index++ > 0)
    return;

  g_autofree char *text = field != NULL ? g_strstrip (g_strndup (field, len)) : g_strdup ("");
  /* Only the first record may be a header, and a header starts with a letter: a value that
   * merely fails to parse ("5x") must be reported, not skipped. */
  if (reader->n_records == 0 && g_ascii_isalpha (text[0]))
    return;

  g_autoptr (GError) local = NULL;
  SimTime value_us;
  if (text[0] == '\0') {
    g_set_error (&reader->error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s:%" G_GSIZE_FORMAT ": empty value; expected a duration in the first column",
                 reader->path, reader->record_line);
  } else if (!parse_value (text, &value_us, &local)) {
    g_set_error (&reader->error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s:%" G_GSIZE_FORMAT ": %s", reader->path, reader->record_line, local->message);
  } else {
    g_array_append_val (reader->values, value_us);
  }
}

static void
csv_on_record (int terminator, void *data)
{
  CsvReader *reader = data;

  (void)terminator;
  reader->field_index = 0;
  reader->in_record = FALSE;
  reader->n_records++;
}

static gboolean
line_is_blank (const char *line, gsize len)
{
  for (gsize i = 0; i < len; i++) {
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  }
  return TRUE;
}

/* Feeds @contents to libcsv one physical line at a time, so that every callback knows its line
 * number: libcsv reports none, and a quoted field may span lines. */
static void
csv_feed_lines (CsvReader *reader, struct csv_parser *parser, const char *contents, gsize len)
{
  const char *p = contents, *end = contents + len;

  while (p < end && reader->error == NULL) {
    const char *newline = memchr (p, '\n', (gsize)(end - p));
    gsize n = (gsize)((newline != NULL ? newline + 1 : end) - p);
    reader->line++;
    if (!reader->in_record) {
      if (line_is_blank (p, n)) {
        p += n;
        continue;
      }
      reader->record_line = reader->line;
      reader->in_record = TRUE;
    }
    if (csv_parse (parser, p, n, csv_on_field, csv_on_record, reader) != n && reader->error == NULL)
      g_set_error (&reader->error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                   "%s:%" G_GSIZE_FORMAT ": malformed CSV (%s); expected RFC 4180 quoting",
                   reader->path, reader->line, csv_strerror (csv_error (parser)));
    p += n;
  }
  if (reader->error == NULL && csv_fini (parser, csv_on_field, csv_on_record, reader) != 0 &&
      reader->error == NULL)
    g_set_error (&reader->error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s:%" G_GSIZE_FORMAT ": unterminated quoted field; expected a closing quote",
                 reader->path, reader->record_line);
}

static gboolean
set_too_large_error (GError **error, const char *path)
{
  g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
               "%s: larger than %" G_GSIZE_FORMAT " MiB; expected a smaller CSV file", path,
               CLI_DIST_FILE_MAX_BYTES / (1024 * 1024));
  return FALSE;
}

/* stdio rather than g_file_get_contents (), whose GError wording ("Failed to open file …") does
 * not follow our message format, and which reads a device like /dev/zero until memory runs out;
 * errno gives the reason in the system's own words. The size is checked twice: up front from
 * its status for a regular file, and while reading for anything that reports no size. */
static char *
read_contents (const char *path, gsize *len_out, GError **error)
{
  FILE *file = g_fopen (path, "rb");
  if (file == NULL) {
    int saved_errno = errno;
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s: cannot open: %s; expected a readable CSV file", path,
                 g_strerror (saved_errno));
    return NULL;
  }

  GStatBuf st;
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
      (guint64)st.st_size > CLI_DIST_FILE_MAX_BYTES) {
    fclose (file);
    set_too_large_error (error, path);
    return NULL;
  }

  GString *contents = g_string_new (NULL);
  char buf[65536];
  gsize n;
  while (contents->len <= CLI_DIST_FILE_MAX_BYTES && (n = fread (buf, 1, sizeof buf, file)) > 0)
    g_string_append_len (contents, buf, (gssize)n);
  int failed = ferror (file);
  fclose (file);
  if (failed || contents->len > CLI_DIST_FILE_MAX_BYTES) {
    if (failed)
      g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE, "%s: read error", path);
    else
      set_too_large_error (error, path);
    g_string_free (contents, TRUE);
    return NULL;
  }
  *len_out = contents->len;
  return g_string_free (contents, FALSE);
}

/* A SimDistReadFunc: @user_data is the base folder (nullable). */
static gboolean
read_csv (const char *file, GArray *values_us_out, gpointer user_data, GError **error)
{
  const char *base_dir = user_data;
  g_autofree char *path = base_dir != NULL && !g_path_is_absolute (file)
                              ? g_build_filename (base_dir, file, NULL)
                              : g_strdup (file);
  gsize len = 0;
  g_autofree char *contents = read_contents (path, &len, error);
  if (contents == NULL)
    return FALSE;

  struct csv_parser parser;
  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    g_error ("csv_init failed: out of memory");
  CsvReader reader = { .path = path, .values = values_us_out };
  csv_feed_lines (&reader, &parser, contents, len);
  csv_free (&parser);

  /* sim_dist_parse() checks these too, but only this reader knows the path and the line. */
  if (reader.error == NULL && values_us_out->len == 0)
    g_set_error (&reader.error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s:%" G_GSIZE_FORMAT ": no values; expected one duration per row", path,
                 MAX (reader.line, 1));
  if (reader.error == NULL && values_us_out->len >= G_MAXUINT32)
    g_set_error (&reader.error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s: %u rows or more; expected fewer", path, G_MAXUINT32);
  if (reader.error != NULL) {
    g_propagate_error (error, reader.error);
    return FALSE;
  }
  return TRUE;
}

SimDist *
cli_dist_parse (const char *text, const char *base_dir, GError **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The cast drops const for the gpointer only; read_csv() reads the folder name, never writes. */
  return sim_dist_parse (text, read_csv, (gpointer)(guintptr)base_dir, error);
}
