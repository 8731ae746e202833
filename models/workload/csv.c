/* SPDX-License-Identifier: MIT
 * A thin layer over libcsv for the workload readers: it feeds the parser one physical line at a
 * time so it knows on which line each row starts (libcsv itself counts nothing), and it turns
 * libcsv's callbacks into one call per row with the fields as strings. */
#include "models/workload/csv_private.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <string.h>

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
line_is_skippable (const char *p, gsize len)
{
  gsize i = 0;

  while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
    i++;
  return i == len || p[i] == '#';
}

static gboolean
fail_parse (CsvContext *ctx, struct csv_parser *parser, GError **error)
{
  g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
               "%s:%u: %s; expected a field quoted as in RFC 4180", ctx->path, ctx->line,
               csv_strerror (csv_error (parser)));
  return FALSE;
}

gboolean
wl_csv__read (const char *path, char delim, WlCsvRowFunc func, gpointer user_data, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr (GError) local_error = NULL;
  struct csv_parser parser;
  CsvContext ctx = { path, func, user_data, NULL, 0, 0, FALSE, NULL };
  gsize pos = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (path != NULL && func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (path, &text, &len, &local_error)) {
    g_set_error (error, WL_ERROR, WL_ERROR_FILE,
                 "%s: cannot read: %s; expected a readable CSV file", path, local_error->message);
    return FALSE;
  }
  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    g_error ("csv_init failed"); /* only on out of memory, which GLib treats as fatal too */
  csv_set_delim (&parser, (unsigned char)delim);
  ctx.fields = g_ptr_array_new_with_free_func (g_free);

  while (pos < len && ok && !ctx.stopped) {
    const char *start = text + pos;
    const char *nl = memchr (start, '\n', len - pos);
    gsize line_len = nl != NULL ? (gsize)(nl - start) + 1 : len - pos;

    ctx.line++;
    pos += line_len;
    /* Blank and comment lines are skipped only between rows: inside a quoted field they are
     * data, and libcsv must see them. */
    if (ctx.row_line == 0 && line_is_skippable (start, line_len))
      continue;
    if (ctx.row_line == 0)
      ctx.row_line = ctx.line;
    if (csv_parse (&parser, start, line_len, on_field, on_row, &ctx) != line_len)
      ok = fail_parse (&ctx, &parser, error);
  }
  if (ok && !ctx.stopped && csv_fini (&parser, on_field, on_row, &ctx) != 0)
    ok = fail_parse (&ctx, &parser, error);
  csv_free (&parser);
  g_ptr_array_unref (ctx.fields);
  if (ctx.stopped) {
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
