/* SPDX-License-Identifier: MIT
 * The table `swarmsim compare` prints from each variant's statistics (models/run/stats.h). It is
 * built as text so that its layout is tested without running a comparison. */
#include "cli/compare_table.h"

#include <math.h>
#include <string.h>

#include "cli/csv_out.h"
#include "cli/metrics_out.h"

/* The metric whose percentiles get lines of their own (issue 6 asks for recovery mean, p95, p99);
 * the other metrics' percentiles are in compare.csv. */
#define PERCENTILE_METRIC "recovery_s"

static const RunStatRow *
find_row (const GPtrArray *rows, const char *metric)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (((RunStatRow *)rows->pdata[i])->metric, metric) == 0)
      return rows->pdata[i];
  return NULL;
}

static char *
format_mean (const RunStatRow *r)
{
  g_autofree char *mean = NULL, *lo = NULL, *hi = NULL;

  if (r == NULL || r->n == 0)
    return g_strdup ("-");
  /* As statistics.csv prints it. */
  mean = cli_metric_format_statistic (r->mean, r->unit);
  if (!isfinite (r->ci95_low))
    return g_steal_pointer (&mean);
  lo = cli_metric_format_statistic (r->ci95_low, r->unit);
  hi = cli_metric_format_statistic (r->ci95_high, r->unit);
  return g_strdup_printf ("%s [%s, %s]", mean, lo, hi);
}

static char *
format_percentile (const RunStatRow *r, int percent)
{
  if (r == NULL || r->n == 0)
    return g_strdup ("-");
  return cli_metric_format_statistic (percent == 95 ? r->p95 : r->p99, r->unit);
}

/* The length of the text every name starts with, cut back to just after a '-', '_' or '.' and
 * shorter than every name, so that "scale-up-vs-scale-out-up" and "scale-up-vs-scale-out-out"
 * become "up" and "out", while "alpha" and "alps" or "base" and "base-fast" stay whole. */
static gsize
common_prefix_length (const char *const *names, guint n)
{
  gsize len = strlen (names[0]);

  if (n < 2)
    return 0;
  for (guint v = 1; v < n; v++) {
    gsize k = 0;

    while (k < len && names[v][k] == names[0][k])
      k++;
    len = k;
  }
  /* Leave at least one character of every name. */
  for (guint v = 0; v < n; v++) {
    if (names[v][0] == '\0')
      return 0;
    len = MIN (len, strlen (names[v]) - 1);
  }
  while (len > 0 && strchr ("-_.", names[0][len - 1]) == NULL)
    len--;
  return len;
}

/* Adds a line: @label, then one cell per variant (stolen). */
static void
add_line (GPtrArray *lines, const char *label, char **cells, guint n)
{
  GPtrArray *line = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (line, g_strdup (label));
  for (guint v = 0; v < n; v++)
    g_ptr_array_add (line, cells[v]);
  g_ptr_array_add (lines, line);
}

/* Appends @text padded with spaces to @width characters (not bytes: names may be UTF-8). */
static void
append_padded (GString *out, const char *text, gsize width)
{
  gsize len = (gsize)g_utf8_strlen (text, -1);

  g_string_append (out, text);
  for (; len < width; len++)
    g_string_append_c (out, ' ');
}

static void
append_lines (GString *out, const GPtrArray *lines, guint columns)
{
  g_autofree gsize *width = g_new0 (gsize, columns);

  for (guint i = 0; i < lines->len; i++)
    for (guint c = 0; c < columns; c++) {
      const GPtrArray *line = lines->pdata[i];

      width[c] = MAX (width[c], (gsize)g_utf8_strlen (line->pdata[c], -1));
    }
  for (guint i = 0; i < lines->len; i++) {
    const GPtrArray *line = lines->pdata[i];

    for (guint c = 0; c < columns; c++) {
      if (c > 0)
        g_string_append (out, "  ");
      /* The last column is not padded: no trailing spaces. */
      append_padded (out, line->pdata[c], c + 1 < columns ? width[c] : 0);
    }
    g_string_append_c (out, '\n');
  }
}

char *
cli_compare_table_format (const char *const *names, GPtrArray *const *rows, guint n_variants)
{
  g_return_val_if_fail (names != NULL && rows != NULL && n_variants > 0, NULL);

  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autofree char **cells = g_new0 (char *, n_variants);
  gsize prefix = common_prefix_length (names, n_variants);

  if (prefix > 0) {
    g_string_append (out, "columns:");
    for (guint v = 0; v < n_variants; v++)
      g_string_append_printf (out, "%s %s = %s", v > 0 ? "," : "", names[v] + prefix, names[v]);
    g_string_append_c (out, '\n');
  }
  for (guint v = 0; v < n_variants; v++)
    cells[v] = g_strdup (names[v] + prefix);
  add_line (lines, "metric (mean [95% CI])", cells, n_variants);
  for (guint i = 0; i < rows[0]->len; i++) {
    const char *metric = ((RunStatRow *)rows[0]->pdata[i])->metric;

    for (guint v = 0; v < n_variants; v++)
      cells[v] = format_mean (find_row (rows[v], metric));
    add_line (lines, metric, cells, n_variants);
    if (g_strcmp0 (metric, PERCENTILE_METRIC) != 0)
      continue;
    for (guint v = 0; v < n_variants; v++)
      cells[v] = format_percentile (find_row (rows[v], metric), 95);
    add_line (lines, PERCENTILE_METRIC " p95", cells, n_variants);
    for (guint v = 0; v < n_variants; v++)
      cells[v] = format_percentile (find_row (rows[v], metric), 99);
    add_line (lines, PERCENTILE_METRIC " p99", cells, n_variants);
  }
  append_lines (out, lines, n_variants + 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The metrics of the paired section, in the order it prints them; a name ending in '.' stands
 * for every metric it starts (one per service). */
static const char *const paired_metrics[] = {
  "failures",        "replicas_lost", "availability.", "cost_usd", "control_plane_unavailable_s",
  "recovery_mean_s",
};

char *
cli_compare_table_format_paired (const char *const *names, GPtrArray *const *paired,
                                 guint n_variants)
{
  g_return_val_if_fail (names != NULL && paired != NULL && n_variants >= 2, NULL);

  g_autoptr (GString) out = g_string_new ("paired differences, same seeds (mean [95% CI]):\n");
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  gsize prefix = common_prefix_length (names, n_variants);

  for (guint v = 1; v < n_variants; v++) {
    g_autofree char *pair = g_strdup_printf ("%s − %s:", names[v] + prefix, names[0] + prefix);

    for (guint k = 0; k < G_N_ELEMENTS (paired_metrics); k++)
      for (guint i = 0; i < paired[v - 1]->len; i++) {
        const RunStatRow *row = paired[v - 1]->pdata[i];
        const char *want = paired_metrics[k];
        gboolean family = g_str_has_suffix (want, ".");

        if (family ? !g_str_has_prefix (row->metric, want) : strcmp (row->metric, want) != 0)
          continue;
        g_autofree char *mean = format_mean (row);
        char *cell = g_strdup_printf ("%s %s", pair, mean);

        add_line (lines, row->metric, &cell, 1);
      }
  }
  append_lines (out, lines, 2);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
