/* SPDX-License-Identifier: MIT
 * Distributions of durations: the text syntax of sim/dist.h, sampling from a SimRng, and the
 * empirical law read from a CSV file with libcsv. Draws are whole microseconds. */

#include "sim/dist.h"

#include <csv.h>
#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/units.h"

#define DIST_EXPECTED                                                                              \
  "expected a duration (e.g. 5s) or uniform(a,b), exp(mean), normal(mean,sd), "                    \
  "lognormal(median,sigma), weibull(shape,scale) or empirical(FILE.csv)"

/* Draws are capped at 2^62 us (about 146 000 years) so that now + a draw cannot overflow the
 * clock; only a heavy tail with an absurd parameter (lognormal with sigma 30) gets near it. */
#define SAMPLE_MAX_US ((SimTime)1 << 62)

/* One struct for every law, the parameters named by their role in each: a_us is the constant's
 * value, uniform's a, the mean of exp and normal, lognormal's median and weibull's scale; b_us is
 * uniform's b and normal's sd; shape is lognormal's sigma and weibull's shape. */
struct _SimDist {
  SimDistKind kind;
  SimTime a_us;
  SimTime b_us;
  double shape;
  char *file;      /* owned; empirical: the file name as written */
  SimTime *values; /* owned; empirical: one per data row, in file order */
  gsize n_values;
};

typedef struct {
  const char *name;
  SimDistKind kind;
  guint n_params;
  const char *usage;
} DistForm;

static const DistForm dist_forms[] = {
  { "uniform", SIM_DIST_UNIFORM, 2, "uniform(a,b)" },
  { "exp", SIM_DIST_EXPONENTIAL, 1, "exp(mean)" },
  { "normal", SIM_DIST_NORMAL, 2, "normal(mean,sd)" },
  { "lognormal", SIM_DIST_LOGNORMAL, 2, "lognormal(median,sigma)" },
  { "weibull", SIM_DIST_WEIBULL, 2, "weibull(shape,scale)" },
  { "empirical", SIM_DIST_EMPIRICAL, 1, "empirical(FILE.csv)" },
};

static SimDist *
dist_new (SimDistKind kind)
{
  SimDist *dist = g_new0 (SimDist, 1);

  dist->kind = kind;
  return dist;
}

SimDist *
sim_dist_new_constant (SimTime value_us)
{
  g_return_val_if_fail (value_us >= 0, NULL);

  SimDist *dist = dist_new (SIM_DIST_CONSTANT);
  dist->a_us = value_us;
  return dist;
}

SimDist *
sim_dist_new_uniform (SimTime a_us, SimTime b_us)
{
  g_return_val_if_fail (a_us >= 0 && a_us <= b_us, NULL);

  SimDist *dist = dist_new (SIM_DIST_UNIFORM);
  dist->a_us = a_us;
  dist->b_us = b_us;
  return dist;
}

SimDist *
sim_dist_copy (const SimDist *dist)
{
  g_return_val_if_fail (dist != NULL, NULL);

  SimDist *copy = g_memdup2 (dist, sizeof *dist);
  copy->file = g_strdup (dist->file);
  copy->values = g_memdup2 (dist->values, dist->n_values * sizeof *dist->values);
  return copy;
}

void
sim_dist_free (SimDist *dist)
{
  if (dist == NULL)
    return;
  g_free (dist->file);
  g_free (dist->values);
  g_free (dist);
}

SimDistKind
sim_dist_get_kind (const SimDist *dist)
{
  g_return_val_if_fail (dist != NULL, SIM_DIST_CONSTANT);
  return dist->kind;
}

/* ---- Parsing -------------------------------------------------------------------------------- */

/* The duration parser's message already names the bad parameter and the grammar; the prefix adds
 * the one thing this layer knows, which distribution it sits in. */
static gboolean
parse_duration_param (const char *text, const char *param, SimTime *out_us, GError **error)
{
  if (sim_parse_duration (param, out_us, error))
    return TRUE;
  g_prefix_error (error, "invalid distribution \"%s\": ", text);
  return FALSE;
}

static gboolean
parse_number_param (const char *text, const char *what, const char *param, double *out,
                    GError **error)
{
  /* g_ascii_strtod: a scenario means the same in every locale ("0.5", never "0,5"). */
  char *end = NULL;
  double value = g_ascii_strtod (param, &end);

  if (*param == '\0' || *end != '\0' || !isfinite (value)) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                 "invalid distribution \"%s\": invalid %s \"%s\"; expected a number, e.g. 0.5",
                 text, what, param);
    return FALSE;
  }
  *out = value;
  return TRUE;
}

static gboolean
set_range_error (GError **error, const char *text, const char *what_is_wrong)
{
  g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE, "invalid distribution \"%s\": %s",
               text, what_is_wrong);
  return FALSE;
}

/* Reads and checks the parameters of every form but empirical into @dist. */
static gboolean
parse_params (SimDist *dist, const char *text, char **params, GError **error)
{
  switch (dist->kind) {
    case SIM_DIST_UNIFORM:
      if (!parse_duration_param (text, params[0], &dist->a_us, error) ||
          !parse_duration_param (text, params[1], &dist->b_us, error))
        return FALSE;
      if (dist->a_us > dist->b_us)
        return set_range_error (error, text, "a is greater than b; expected a <= b");
      return TRUE;
    case SIM_DIST_EXPONENTIAL:
      if (!parse_duration_param (text, params[0], &dist->a_us, error))
        return FALSE;
      if (dist->a_us == 0)
        return set_range_error (error, text, "mean is 0; expected a mean above 0");
      return TRUE;
    case SIM_DIST_NORMAL:
      return parse_duration_param (text, params[0], &dist->a_us, error) &&
             parse_duration_param (text, params[1], &dist->b_us, error);
    case SIM_DIST_LOGNORMAL:
      if (!parse_duration_param (text, params[0], &dist->a_us, error) ||
          !parse_number_param (text, "sigma", params[1], &dist->shape, error))
        return FALSE;
      if (dist->a_us == 0)
        return set_range_error (error, text, "median is 0; expected a median above 0");
      if (dist->shape < 0.0)
        return set_range_error (error, text, "sigma is negative; expected a sigma of 0 or more");
      return TRUE;
    case SIM_DIST_WEIBULL:
      if (!parse_number_param (text, "shape", params[0], &dist->shape, error) ||
          !parse_duration_param (text, params[1], &dist->a_us, error))
        return FALSE;
      if (dist->shape <= 0.0)
        return set_range_error (error, text, "shape is not positive; expected a shape above 0");
      if (dist->a_us == 0)
        return set_range_error (error, text, "scale is 0; expected a scale above 0");
      return TRUE;
    case SIM_DIST_CONSTANT:
    case SIM_DIST_EMPIRICAL:
    default:
      g_assert_not_reached ();
  }
}

/* ---- Empirical files ----------------------------------------------------------------------- */

typedef struct {
  const char *path;
  gsize line;        /* the physical line being fed to libcsv, from 1 */
  gsize record_line; /* the line where the current record began */
  gboolean in_record;
  gsize field_index; /* within the current record */
  gsize n_records;
  GArray *values; /* owned; (element-type SimTime) */
  GError *error;  /* owned; the first error, after which callbacks do nothing */
} CsvReader;

/* A first-column value: a duration, or a bare number of seconds ("1.5" or "-1.5"). */
static gboolean
parse_empirical_value (const char *field, SimTime *out_us, GError **error)
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
  } else if (!parse_empirical_value (text, &value_us, &local)) {
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

/* stdio rather than g_file_get_contents (), whose GError wording ("Failed to open file …") does
 * not follow our message format; errno gives the reason in the system's own words. */
static char *
read_file (const char *path, gsize *len_out, GError **error)
{
  FILE *file = fopen (path, "rb");
  if (file == NULL) {
    int saved_errno = errno;
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s: cannot open: %s; expected a readable CSV file", path,
                 g_strerror (saved_errno));
    return NULL;
  }

  GString *contents = g_string_new (NULL);
  char buf[65536];
  gsize n;
  while ((n = fread (buf, 1, sizeof buf, file)) > 0)
    g_string_append_len (contents, buf, (gssize)n);
  int failed = ferror (file);
  fclose (file);
  if (failed) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE, "%s: read error", path);
    g_string_free (contents, TRUE);
    return NULL;
  }
  *len_out = contents->len;
  return g_string_free (contents, FALSE);
}

static gboolean
load_empirical (SimDist *dist, const char *path, GError **error)
{
  gsize len = 0;
  g_autofree char *contents = read_file (path, &len, error);
  if (contents == NULL)
    return FALSE;

  struct csv_parser parser;
  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    g_error ("csv_init failed: out of memory");
  CsvReader reader = { .path = path, .values = g_array_new (FALSE, FALSE, sizeof (SimTime)) };
  csv_feed_lines (&reader, &parser, contents, len);
  csv_free (&parser);

  if (reader.error == NULL && reader.values->len == 0)
    g_set_error (&reader.error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s:%" G_GSIZE_FORMAT ": no values; expected one duration per row", path,
                 MAX (reader.line, 1));
  if (reader.error == NULL && reader.values->len > G_MAXUINT32)
    g_set_error (&reader.error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s: %u rows or more; expected fewer", path, G_MAXUINT32);
  if (reader.error != NULL) {
    g_array_unref (reader.values);
    g_propagate_error (error, reader.error);
    return FALSE;
  }
  dist->n_values = reader.values->len;
  dist->values = (SimTime *)(void *)g_array_free (reader.values, FALSE);
  return TRUE;
}

static SimDist *
parse_call (const char *text, const char *open, const char *base_dir, GError **error)
{
  g_autofree char *name = g_strstrip (g_strndup (text, (gsize)(open - text)));
  const DistForm *form = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (dist_forms); i++) {
    if (strcmp (dist_forms[i].name, name) == 0)
      form = &dist_forms[i];
  }
  if (form == NULL) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                 "invalid distribution \"%s\": " DIST_EXPECTED, text);
    return NULL;
  }

  /* @text is trimmed and @open points into it, so a closing parenthesis at its end lies after
   * @open, and the parameters are what lies between the two. */
  const char *close = text + strlen (text) - 1;
  g_autofree char *inner = g_strndup (open + 1, *close == ')' ? (gsize)(close - open - 1) : 0);
  g_auto (GStrv) params = g_strsplit (inner, ",", -1);
  if (*close != ')' || close == open || strchr (inner, '(') != NULL ||
      (form->kind != SIM_DIST_EMPIRICAL && g_strv_length (params) != form->n_params)) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                 "invalid distribution \"%s\": expected %u parameter%s, as in %s", text,
                 form->n_params, form->n_params == 1 ? "" : "s", form->usage);
    return NULL;
  }
  for (char **p = params; *p != NULL; p++)
    g_strstrip (*p);

  g_autoptr (SimDist) dist = dist_new (form->kind);
  if (form->kind != SIM_DIST_EMPIRICAL) {
    if (!parse_params (dist, text, params, error))
      return NULL;
    return g_steal_pointer (&dist);
  }

  /* A file name may contain commas, so empirical takes everything between the parentheses. */
  dist->file = g_strdup (g_strstrip (inner));
  if (dist->file[0] == '\0') {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                 "invalid distribution \"%s\": missing file name; expected %s", text, form->usage);
    return NULL;
  }
  g_autofree char *path = base_dir != NULL && !g_path_is_absolute (dist->file)
                              ? g_build_filename (base_dir, dist->file, NULL)
                              : g_strdup (dist->file);
  if (!load_empirical (dist, path, error))
    return NULL;
  return g_steal_pointer (&dist);
}

SimDist *
sim_dist_parse (const char *text, const char *base_dir, GError **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  const char *open = strchr (trimmed, '(');
  if (open != NULL)
    return parse_call (trimmed, open, base_dir, error);

  /* A word without parentheses was meant as a distribution, not as a duration: say which forms
   * exist rather than what a duration looks like. */
  if (g_ascii_isalpha (trimmed[0]) || trimmed[0] == '\0') {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                 "invalid distribution \"%s\": " DIST_EXPECTED, trimmed);
    return NULL;
  }
  SimTime value_us;
  if (!sim_parse_duration (trimmed, &value_us, error))
    return NULL;
  return sim_dist_new_constant (value_us);
}

/* ---- Sampling and moments ------------------------------------------------------------------- */

/* Rounds a continuous draw to whole microseconds (rounding, not truncating, keeps the mean). */
static SimTime
to_duration (double us)
{
  if (!(us > 0.0))
    return 0;
  if (us >= (double)SAMPLE_MAX_US)
    return SAMPLE_MAX_US;
  return (SimTime)floor (us + 0.5);
}

SimTime
sim_dist_sample (const SimDist *dist, SimRng *rng)
{
  g_return_val_if_fail (dist != NULL, 0);
  g_return_val_if_fail (rng != NULL, 0);

  switch (dist->kind) {
    case SIM_DIST_CONSTANT:
      return dist->a_us;
    case SIM_DIST_UNIFORM: {
      /* Every whole microsecond in [a, b] equally likely; the product can round up to the
       * excluded b + 1 when the range is huge, hence the clamp. */
      double span = (double)(dist->b_us - dist->a_us) + 1.0;
      SimTime offset = (SimTime)floor (sim_rng_uniform (rng) * span);
      return MIN (dist->a_us + offset, dist->b_us);
    }
    case SIM_DIST_EXPONENTIAL:
      return to_duration (sim_rng_exponential (rng, (double)dist->a_us));
    case SIM_DIST_NORMAL: {
      /* Truncation by redrawing: the mean is ≥ 0, so at least half of all draws are kept. */
      double x;
      do
        x = (double)dist->a_us + (double)dist->b_us * sim_rng_normal (rng);
      while (x < 0.0);
      return to_duration (x);
    }
    case SIM_DIST_LOGNORMAL:
      return to_duration ((double)dist->a_us * exp (dist->shape * sim_rng_normal (rng)));
    case SIM_DIST_WEIBULL: {
      double e = -log1p (-sim_rng_uniform (rng));
      return to_duration ((double)dist->a_us * pow (e, 1.0 / dist->shape));
    }
    case SIM_DIST_EMPIRICAL:
      /* A row chosen uniformly, without interpolation: every draw is a value that was observed,
       * so a replayed trace never shows a duration it did not contain. */
      return dist->values[sim_rng_int_range (rng, 0, (guint32)dist->n_values)];
    default:
      g_assert_not_reached ();
  }
}

double
sim_dist_get_mean (const SimDist *dist)
{
  g_return_val_if_fail (dist != NULL, 0.0);

  double a = (double)dist->a_us, b = (double)dist->b_us;
  switch (dist->kind) {
    case SIM_DIST_CONSTANT:
    case SIM_DIST_EXPONENTIAL:
      return a;
    case SIM_DIST_UNIFORM:
      return (a + b) / 2.0;
    case SIM_DIST_NORMAL: {
      /* Mean of N(mu, sd) truncated to [0, inf): mu + sd * phi(alpha) / (1 - Phi(alpha)), with
       * alpha = -mu / sd. */
      if (dist->b_us == 0)
        return a;
      double alpha = -a / b;
      return a + b * gsl_ran_ugaussian_pdf (alpha) / gsl_cdf_ugaussian_Q (alpha);
    }
    case SIM_DIST_LOGNORMAL:
      return a * exp (dist->shape * dist->shape / 2.0);
    case SIM_DIST_WEIBULL:
      return a * tgamma (1.0 + 1.0 / dist->shape);
    case SIM_DIST_EMPIRICAL: {
      double sum = 0.0;
      for (gsize i = 0; i < dist->n_values; i++)
        sum += (double)dist->values[i];
      return sum / (double)dist->n_values;
    }
    default:
      g_assert_not_reached ();
  }
}

/* ---- Text ----------------------------------------------------------------------------------- */

/* The shortest decimal text that g_ascii_strtod() reads back to exactly @x. */
static char *
number_to_string (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int precision = 1; precision < 17; precision++) {
    char format[8];
    g_snprintf (format, sizeof format, "%%.%dg", precision);
    g_ascii_formatd (buf, sizeof buf, format, x);
    if (g_ascii_strtod (buf, NULL) == x)
      return g_strdup (buf);
  }
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, x));
}

char *
sim_dist_to_string (const SimDist *dist)
{
  g_return_val_if_fail (dist != NULL, NULL);

  g_autofree char *a = sim_duration_to_string (dist->a_us);
  g_autofree char *b = sim_duration_to_string (dist->b_us);
  g_autofree char *shape = number_to_string (dist->shape);
  switch (dist->kind) {
    case SIM_DIST_CONSTANT:
      return g_steal_pointer (&a);
    case SIM_DIST_UNIFORM:
      return g_strdup_printf ("uniform(%s,%s)", a, b);
    case SIM_DIST_EXPONENTIAL:
      return g_strdup_printf ("exp(%s)", a);
    case SIM_DIST_NORMAL:
      return g_strdup_printf ("normal(%s,%s)", a, b);
    case SIM_DIST_LOGNORMAL:
      return g_strdup_printf ("lognormal(%s,%s)", a, shape);
    case SIM_DIST_WEIBULL:
      return g_strdup_printf ("weibull(%s,%s)", shape, a);
    case SIM_DIST_EMPIRICAL:
      return g_strdup_printf ("empirical(%s)", dist->file);
    default:
      g_assert_not_reached ();
  }
}
