/* SPDX-License-Identifier: MIT
 * Distributions of durations: the text syntax of sim/dist.h and sampling from a SimRng. Draws are
 * whole microseconds. An empirical law's values come from the caller's reader: no files here. */

#include "sim/dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
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

/* ---- Empirical laws ------------------------------------------------------------------------ */

SimDist *
sim_dist_new_empirical (const SimTime *values_us, gsize n, const char *source)
{
  g_return_val_if_fail (values_us != NULL, NULL);
  g_return_val_if_fail (n > 0 && n < G_MAXUINT32, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  /* O(n), once per law: a negative draw would move the clock backwards much later, far from
   * the reader that produced it. */
  for (gsize i = 0; i < n; i++)
    g_return_val_if_fail (values_us[i] >= 0, NULL);

  SimDist *dist = dist_new (SIM_DIST_EMPIRICAL);
  dist->file = g_strdup (source);
  dist->values = g_memdup2 (values_us, n * sizeof *values_us);
  dist->n_values = n;
  return dist;
}

/* Asks @read for the values of @file. The reader's error is the user's message (it names the path
 * and line it knows); only what the reader could leave unsaid, no values at all or more than a
 * draw can index, is checked here. */
static SimDist *
read_empirical (const char *text, const char *file, SimDistReadFunc read, gpointer user_data,
                GError **error)
{
  if (read == NULL) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "invalid distribution \"%s\": files cannot be read here; expected a "
                 "distribution without a file",
                 text);
    return NULL;
  }

  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (SimTime));
  GError *local = NULL;
  if (!read (file, values, user_data, &local)) {
    g_return_val_if_fail (local != NULL, NULL); /* a reader that fails says why */
    g_propagate_error (error, local);
    return NULL;
  }
  if (values->len == 0) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s: no values; expected one duration per row", file);
    return NULL;
  }
  if (values->len >= G_MAXUINT32) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_FILE,
                 "%s: %u rows or more; expected fewer", file, G_MAXUINT32);
    return NULL;
  }
  return sim_dist_new_empirical ((const SimTime *)(const void *)values->data, values->len, file);
}

static SimDist *
parse_call (const char *text, const char *open, SimDistReadFunc read, gpointer user_data,
            GError **error)
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

  if (form->kind != SIM_DIST_EMPIRICAL) {
    g_autoptr (SimDist) dist = dist_new (form->kind);
    if (!parse_params (dist, text, params, error))
      return NULL;
    return g_steal_pointer (&dist);
  }

  /* A file name may contain commas, so empirical takes everything between the parentheses. */
  const char *file = g_strstrip (inner);
  if (file[0] == '\0') {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                 "invalid distribution \"%s\": missing file name; expected %s", text, form->usage);
    return NULL;
  }
  return read_empirical (text, file, read, user_data, error);
}

SimDist *
sim_dist_parse (const char *text, SimDistReadFunc read, gpointer user_data, GError **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  const char *open = strchr (trimmed, '(');
  if (open != NULL)
    return parse_call (trimmed, open, read, user_data, error);

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
