/* SPDX-License-Identifier: MIT
 * A thin layer over libcsv for the workload readers: it streams the file in bounded chunks and
 * feeds the parser one physical line (or the part of it a chunk holds) at a time, so it knows on
 * which line each row starts (libcsv itself counts nothing), and it turns libcsv's callbacks into
 * one call per row with the fields as strings. */
#include "models/workload/csv_private.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "models/io/file.h"
#include "models/workload/error.h"

typedef struct {
  const char *path;
  WlCsvRowFunc func;
  gpointer user_data;
  GPtrArray *fields; /* (element-type utf8) owned; the row being assembled */
  guint line;        /* the physical line being fed */
  guint row_line;    /* the line the current row started on; 0 between rows */
  gboolean stopped;
  GError *error; /* owned; the first error, which stops reading */
} CsvContext;

static void
on_field (void *data, size_t len, void *user_data)
{
  CsvContext *ctx = user_data;

  if (ctx->stopped)
    return;
  /* A row that starts after a lone '\r' on the same physical line never saw a fresh line; it
   * starts where we are now. */
  if (ctx->row_line == 0)
    ctx->row_line = ctx->line;
  g_ptr_array_add (ctx->fields, g_strndup (data != NULL ? data : "", len));
}

static void
on_row (int terminator, void *user_data)
{
  CsvContext *ctx = user_data;
  guint line = ctx->row_line != 0 ? ctx->row_line : ctx->line;

  (void)terminator;
  if (!ctx->stopped && !ctx->func (ctx->path, line, ctx->fields, ctx->user_data, &ctx->error)) {
    g_assert (ctx->error != NULL);
    ctx->stopped = TRUE;
  }
  g_ptr_array_set_size (ctx->fields, 0);
  ctx->row_line = 0;
}

static gboolean
fail_parse (CsvContext *ctx, struct csv_parser *parser, GError **error)
{
  g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
               "%s:%u: %s; expected a field quoted as in RFC 4180", ctx->path, ctx->line,
               csv_strerror (csv_error (parser)));
  return FALSE;
}

/* What the reader does with the rest of the current physical line. */
typedef enum {
  LINE_FRESH,   /* only white space so far, outside a row: it may still be blank or a comment */
  LINE_COMMENT, /* a '#' line outside a row: dropped up to its newline */
  LINE_DATA,    /* fed to libcsv */
} LineState;

typedef struct {
  LineState state;
  gboolean at_line_start; /* the next byte starts a new physical line */
} LineCursor;

/* Feeds one piece of a physical line (ending at its newline, if the chunk holds it) to libcsv.
 * Blank and comment lines are skipped only between rows: inside a quoted field they are data,
 * and libcsv must see them. Leading blanks of a line outside a row are dropped, which changes
 * nothing: libcsv skips them, and an empty line's terminator, before a row begins. */
static gboolean
feed_piece (CsvContext *ctx, struct csv_parser *parser, LineCursor *cur, char delim, const char *p,
            gsize n, GError **error)
{
  if (cur->at_line_start) {
    ctx->line++;
    cur->at_line_start = FALSE;
    cur->state = ctx->row_line == 0 ? LINE_FRESH : LINE_DATA;
  }
  if (cur->state == LINE_FRESH) {
    gsize i = 0;

    while (i < n && p[i] != delim && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
      i++;
    if (i == n)
      return TRUE;
    cur->state = p[i] == '#' ? LINE_COMMENT : LINE_DATA;
    if (cur->state == LINE_DATA && ctx->row_line == 0)
      ctx->row_line = ctx->line;
    p += i;
    n -= i;
  }
  if (cur->state == LINE_COMMENT)
    return TRUE;
  if (csv_parse (parser, p, n, on_field, on_row, ctx) != n)
    return fail_parse (ctx, parser, error);
  return TRUE;
}

/* Splits one chunk of the file at its newlines; a line may continue from the previous chunk and
 * into the next, so the line count and the line's state live in @ctx and @cur. */
static gboolean
feed_chunk (CsvContext *ctx, struct csv_parser *parser, LineCursor *cur, char delim,
            const char *chunk, gsize len, GError **error)
{
  gsize pos = 0;

  while (pos < len && !ctx->stopped) {
    const char *start = chunk + pos;
    const char *nl = memchr (start, '\n', len - pos);
    gsize n = nl != NULL ? (gsize)(nl - start) + 1 : len - pos;

    if (!feed_piece (ctx, parser, cur, delim, start, n, error))
      return FALSE;
    pos += n;
    if (nl != NULL)
      cur->at_line_start = TRUE;
  }
  return TRUE;
}

/* A message quotes fields of the file, which may hold line breaks or terminal escapes (a quoted
 * field may span lines): it is shown escaped, so that it stays one line. */
static void
make_printable (GError *error)
{
  char *text = io_dup_printable (error->message);

  g_free (error->message);
  error->message = text;
}

/* The file is read in chunks of this size, so memory stays bounded by the records the callers
 * keep, whatever the file's size: a 10^7-row trace read whole took 1.6 GB. */
#define CHUNK_BYTES 65536

gboolean
wl_csv__read (const char *path, char delim, WlCsvRowFunc func, gpointer user_data, GError **error)
{
  IoFileOptions options = { IO_FILE_MAX_CSV_BYTES, WL_ERROR, WL_ERROR_FILE, "a readable CSV file" };
  g_autoptr (IoFile) file = NULL;
  g_autofree char *chunk = NULL;
  struct csv_parser parser;
  CsvContext ctx = { path, func, user_data, NULL, 0, 0, FALSE, NULL };
  LineCursor cur = { LINE_FRESH, TRUE };
  gsize n = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL && func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = io_file_open (path, &options, error);
  if (file == NULL)
    return FALSE;
  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    g_error ("csv_init failed"); /* only on out of memory, which GLib treats as fatal too */
  csv_set_delim (&parser, (unsigned char)delim);
  ctx.fields = g_ptr_array_new_with_free_func (g_free);
  chunk = g_malloc (CHUNK_BYTES);

  while (ok && !ctx.stopped && (ok = io_file_read (file, chunk, CHUNK_BYTES, &n, error)) && n > 0)
    ok = feed_chunk (&ctx, &parser, &cur, delim, chunk, n, error);
  if (ok && !ctx.stopped && csv_fini (&parser, on_field, on_row, &ctx) != 0)
    ok = fail_parse (&ctx, &parser, error);
  csv_free (&parser);
  g_ptr_array_unref (ctx.fields);
  if (ctx.stopped) {
    /* The row function's error is the one to report; libcsv may also have refused the rest of
     * the chunk it stopped in, which must not be set over it. */
    g_clear_error (error);
    make_printable (ctx.error);
    g_propagate_error (error, ctx.error);
    return FALSE;
  }
  return ok;
}

gboolean
wl_csv__field_int64 (const char *path, guint line, const char *column, const char *text,
                     gboolean allow_empty, gint64 *out, GError **error)
{
  char *end = NULL;
  gint64 value;

  if (text[0] == '\0' && allow_empty) {
    *out = 0;
    return TRUE;
  }
  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  if (text[0] == '\0' || end == text || *end != '\0' || errno != 0) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID, "%s:%u: %s is \"%s\"; expected an integer",
                 path, line, column, text);
    return FALSE;
  }
  *out = value;
  return TRUE;
}

gboolean
wl_csv__field_double (const char *path, guint line, const char *column, const char *text,
                      gboolean allow_empty, double *out, GError **error)
{
  char *end = NULL;
  double value;

  if (text[0] == '\0' && allow_empty) {
    *out = 0.0;
    return TRUE;
  }
  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || end == text || *end != '\0' || errno != 0 || !isfinite (value)) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID, "%s:%u: %s is \"%s\"; expected a number", path,
                 line, column, text);
    return FALSE;
  }
  *out = value;
  return TRUE;
}
