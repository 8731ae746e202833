/* SPDX-License-Identifier: MIT
 * The empirical distribution's file: reading a CSV of durations with libcsv, with PATH:LINE errors,
 * for sim_dist_parse(). The kernel reads no files (style guide §1); parsing the text is its job. */

#include "cli/dist_file.h"

#include <csv.h>
#include <string.h>

#include "models/io/file.h"
#include "sim/units.h"

typedef struct {
  const char *path;
  gsize line;        /* the physical line being fed to libcsv, from 1 */
  gsize record_line; /* the line where the current record began */
  gboolean in_record;
  gboolean at_line_start; /* the next byte fed starts a new physical line */
  gsize field_index;      /* within the current record */
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

/* Feeds one piece of a physical line (up to and including its newline, if the chunk holds it) to
 * libcsv, so that every callback knows its line number: libcsv reports none, and a quoted field
 * may span lines. Outside a record, a line's leading white space is dropped, and a blank line
 * with it; neither changes a value, since fields are stripped. */
static void
feed_piece (CsvReader *reader, struct csv_parser *parser, const char *p, gsize n)
{
  if (reader->at_line_start) {
    reader->line++;
    reader->at_line_start = FALSE;
  }
  if (!reader->in_record) {
    gsize i = 0;

    while (i < n && g_ascii_isspace (p[i]))
      i++;
    if (i == n)
      return;
    reader->record_line = reader->line;
    reader->in_record = TRUE;
    p += i;
    n -= i;
  }
  if (csv_parse (parser, p, n, csv_on_field, csv_on_record, reader) != n && reader->error == NULL)
    g_set_error (&reader->error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s:%" G_GSIZE_FORMAT ": malformed CSV (%s); expected RFC 4180 quoting",
                 reader->path, reader->line, csv_strerror (csv_error (parser)));
}

/* Splits one chunk at its newlines; a line may continue from the previous chunk. */
static void
feed_chunk (CsvReader *reader, struct csv_parser *parser, const char *chunk, gsize len)
{
  const char *p = chunk, *end = chunk + len;

  while (p < end && reader->error == NULL) {
    const char *newline = memchr (p, '\n', (gsize)(end - p));
    gsize n = (gsize)((newline != NULL ? newline + 1 : end) - p);

    feed_piece (reader, parser, p, n);
    reader->at_line_start = newline != NULL;
    p += n;
  }
}

/* Streams the file through libcsv in bounded chunks: only the values stay in memory. The file is
 * opened through the bounded-file helper, which refuses devices, FIFOs, folders and files over
 * the limit with one line, and whose messages follow ours (g_file_get_contents()' do not). */
static void
feed_file (CsvReader *reader, struct csv_parser *parser)
{
  IoFileOptions options = { CLI_DIST_FILE_MAX_BYTES, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                            "a readable CSV file" };
  g_autoptr (IoFile) file = io_file_open (reader->path, &options, &reader->error);
  g_autofree char *chunk = g_malloc (65536);
  gsize n = 0;

  if (file == NULL)
    return;
  while (reader->error == NULL && io_file_read (file, chunk, 65536, &n, &reader->error) && n > 0)
    feed_chunk (reader, parser, chunk, n);
  if (reader->error == NULL && csv_fini (parser, csv_on_field, csv_on_record, reader) != 0 &&
      reader->error == NULL)
    g_set_error (&reader->error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s:%" G_GSIZE_FORMAT ": unterminated quoted field; expected a closing quote",
                 reader->path, reader->record_line);
}

/* A SimDistReadFunc: @user_data is the base folder (nullable). */
static gboolean
read_csv (const char *file, GArray *values_us_out, gpointer user_data, GError **error)
{
  const char *base_dir = user_data;
  g_autofree char *path = base_dir != NULL && !g_path_is_absolute (file)
                              ? g_build_filename (base_dir, file, NULL)
                              : g_strdup (file);
  struct csv_parser parser;
  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    g_error ("csv_init failed: out of memory");
  CsvReader reader = { .path = path, .values = values_us_out, .at_line_start = TRUE };
  feed_file (&reader, &parser);
  csv_free (&parser);
  if (reader.error != NULL) {
    /* The message may quote a field holding a line break or a terminal escape. */
    char *printable = io_dup_printable (reader.error->message);
    g_free (reader.error->message);
    reader.error->message = printable;
    g_propagate_error (error, reader.error);
    return FALSE;
  }

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
