/* SPDX-License-Identifier: MIT
 * Replica curves: parsing the small function syntax of scenarios, evaluating a curve at a time, and
 * listing the moments its value changes. */
#include "models/workload/curve.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "models/workload/csv_private.h"
#include "models/workload/error.h"
#include "sim/units.h"

struct _WlCurve {
  WlCurveKind kind;
  guint from, to;   /* constant: from; step, ramp: from → to */
  SimTime start_us; /* step: AT; ramp: START */
  SimTime end_us;   /* ramp: END */
  double mean, amplitude;
  SimTime period_us, phase_us; /* sine */
  char *file;                  /* csv: owned; the name as written, for to_string */
  GArray *points;              /* csv: (element-type WlReplicaChange) owned, increasing t_us */
};

void
wl_curve_free (WlCurve *curve)
{
  if (curve == NULL)
    return;
  g_free (curve->file);
  g_clear_pointer (&curve->points, g_array_unref);
  g_free (curve);
}

WlCurveKind
wl_curve_get_kind (const WlCurve *curve)
{
  return curve->kind;
}

static gboolean
parse_count (const char *text, const char *whole, guint *out, GError **error)
{
  char *end = NULL;
  guint64 value;

  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (text[0] == '\0' || text[0] == '-' || *end != '\0' || errno != 0 || value > G_MAXINT32) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
                 "replica curve \"%s\": \"%s\" is not a replica count; expected an integer 0 to %d",
                 whole, text, G_MAXINT32);
    return FALSE;
  }
  *out = (guint)value;
  return TRUE;
}

static gboolean
parse_number (const char *text, const char *whole, double *out, GError **error)
{
  char *end = NULL;

  *out = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || *end != '\0' || !isfinite (*out)) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
                 "replica curve \"%s\": \"%s\" is not a number; expected a decimal number", whole,
                 text);
    return FALSE;
  }
  return TRUE;
}

static gboolean
parse_time (const char *text, const char *whole, SimTime *out, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (sim_parse_duration (text, out, &local))
    return TRUE;
  g_set_error (error, WL_ERROR, WL_ERROR_INVALID, "replica curve \"%s\": %s", whole,
               local->message);
  return FALSE;
}

typedef struct {
  GArray *points;
  gboolean first;
} CsvState;

static gboolean
on_csv_row (const char *path, guint line, GPtrArray *f, gpointer user_data, GError **error)
{
  CsvState *state = user_data;
  WlReplicaChange point = { 0, 0 };
  const char *t = f->len > 0 ? f->pdata[0] : "";
  char *end = NULL;
  gint64 replicas = 0;
  double seconds;

  /* The first row is a header when its time field is not a time. */
  if (state->first && !g_ascii_isdigit (t[0])) {
    state->first = FALSE;
    return TRUE;
  }
  state->first = FALSE;
  if (f->len != 2) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
                 "%s:%u: row has %u fields; expected 2 (time,replicas)", path, line, f->len);
    return FALSE;
  }
  seconds = g_ascii_strtod (t, &end);
  if (end != t && *end == '\0' && isfinite (seconds) && seconds >= 0.0) {
    /* Checked before the conversion: llround() of a value beyond gint64 has no defined result. */
    if (seconds > WL_CSV_MAX_SECONDS) {
      g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
                   "%s:%u: time: %s out of range; expected 0 to %.0f seconds", path, line, t,
                   WL_CSV_MAX_SECONDS);
      return FALSE;
    }
    point.t_us = (SimTime)llround (seconds * 1e6);
  } else if (!sim_parse_duration (t, &point.t_us, NULL)) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
                 "%s:%u: time is \"%s\"; expected seconds or a duration such as 30m", path, line,
                 t);
    return FALSE;
  }
  if (!wl_csv__field_int64 (path, line, "replicas", f->pdata[1], FALSE, &replicas, error))
    return FALSE;
  if (replicas < 0 || replicas > G_MAXINT32 ||
      (state->points->len > 0 &&
       point.t_us <= g_array_index (state->points, WlReplicaChange, state->points->len - 1).t_us)) {
    g_set_error (
        error, WL_ERROR, WL_ERROR_RANGE,
        "%s:%u: row (%s,%s) is out of order or range; expected increasing times and 0 to %d "
        "replicas",
        path, line, t, (char *)f->pdata[1], G_MAXINT32);
    return FALSE;
  }
  point.replicas = (guint)replicas;
  g_array_append_val (state->points, point);
  return TRUE;
}

static gboolean
load_csv (WlCurve *curve, const char *file, const char *base_dir, GError **error)
{
  g_autofree char *path = NULL;
  CsvState state;

  path = g_path_is_absolute (file) || base_dir == NULL ? g_strdup (file)
                                                       : g_build_filename (base_dir, file, NULL);
  curve->file = g_strdup (file);
  curve->points = g_array_new (FALSE, FALSE, sizeof (WlReplicaChange));
  state.points = curve->points;
  state.first = TRUE;
  if (!wl_csv__read (path, ',', on_csv_row, &state, error))
    return FALSE;
  if (curve->points->len == 0) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID, "%s:1: no rows; expected time,replicas rows",
                 path);
    return FALSE;
  }
  return TRUE;
}

static gboolean
parse_args (WlCurve *c, const char *name, char **a, guint n, const char *base_dir,
            const char *whole, GError **error)
{
  if (strcmp (name, "step") == 0 && n == 3) {
    c->kind = WL_CURVE_STEP;
    return parse_count (a[0], whole, &c->from, error) && parse_count (a[1], whole, &c->to, error) &&
           parse_time (a[2], whole, &c->start_us, error);
  }
  if (strcmp (name, "ramp") == 0 && n == 4) {
    c->kind = WL_CURVE_RAMP;
    if (!parse_count (a[0], whole, &c->from, error) || !parse_count (a[1], whole, &c->to, error) ||
        !parse_time (a[2], whole, &c->start_us, error) ||
        !parse_time (a[3], whole, &c->end_us, error))
      return FALSE;
    if (c->end_us > c->start_us)
      return TRUE;
    g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
                 "replica curve \"%s\": END is not after START; expected START < END", whole);
    return FALSE;
  }
  if (strcmp (name, "sine") == 0 && (n == 3 || n == 4)) {
    c->kind = WL_CURVE_SINE;
    if (!parse_number (a[0], whole, &c->mean, error) ||
        !parse_number (a[1], whole, &c->amplitude, error) ||
        !parse_time (a[2], whole, &c->period_us, error) ||
        (n == 4 && !parse_time (a[3], whole, &c->phase_us, error)))
      return FALSE;
    if (c->period_us > 0)
      return TRUE;
    g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
                 "replica curve \"%s\": PERIOD is 0; expected a positive duration such as 24h",
                 whole);
    return FALSE;
  }
  if (strcmp (name, "csv") == 0 && n == 1) {
    c->kind = WL_CURVE_CSV;
    return load_csv (c, a[0], base_dir, error);
  }
  g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
               "replica curve \"%s\" is not understood; expected N, step(FROM,TO,AT), "
               "ramp(FROM,TO,START,END), sine(MEAN,AMPLITUDE,PERIOD[,PHASE]) or csv(FILE)",
               whole);
  return FALSE;
}

WlCurve *
wl_curve_parse (const char *text, const char *base_dir, GError **error)
{
  g_autoptr (WlCurve) curve = g_new0 (WlCurve, 1);
  g_autofree char *whole = NULL;
  g_autofree char *name = NULL;
  g_auto (GStrv) args = NULL;
  const char *open, *close;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  whole = g_strstrip (g_strdup (text));
  open = strchr (whole, '(');
  close = strrchr (whole, ')');
  if (open == NULL) {
    curve->kind = WL_CURVE_CONSTANT;
    if (!parse_count (whole, whole, &curve->from, error))
      return NULL;
    return g_steal_pointer (&curve);
  }
  if (close == NULL || close < open || close[1] != '\0')
    return parse_args (curve, "", NULL, 0, base_dir, whole, error), NULL;
  name = g_strstrip (g_strndup (whole, (gsize)(open - whole)));
  {
    g_autofree char *inner = g_strndup (open + 1, (gsize)(close - open - 1));

    args = g_strsplit (inner, ",", -1);
  }
  for (guint i = 0; args[i] != NULL; i++)
    g_strstrip (args[i]);
  if (!parse_args (curve, name, args, g_strv_length (args), base_dir, whole, error))
    return NULL;
  return g_steal_pointer (&curve);
}

guint
wl_curve_eval (const WlCurve *c, SimTime t)
{
  double v;
  guint i;

  g_return_val_if_fail (c != NULL, 0);
  switch (c->kind) {
    case WL_CURVE_CONSTANT:
      return c->from;
    case WL_CURVE_STEP:
      return t < c->start_us ? c->from : c->to;
    case WL_CURVE_RAMP:
      if (t <= c->start_us)
        return c->from;
      if (t >= c->end_us)
        return c->to;
      v = c->from +
          ((double)c->to - c->from) * (double)(t - c->start_us) / (double)(c->end_us - c->start_us);
      return (guint)llround (v);
    case WL_CURVE_SINE:
      /* The phase is taken modulo the period in integers first, so that the double argument of
       * sin() stays small and the result does not drift over long runs. */
      v = (double)((t + c->phase_us) % c->period_us) / (double)c->period_us;
      v = c->mean + c->amplitude * sin (2.0 * G_PI * v);
      return v <= 0.0 ? 0 : (guint)llround (v);
    case WL_CURVE_CSV:
      /* O(n) per call; curves have at most a few thousand rows and are walked once per run. */
      for (i = 0; i < c->points->len && g_array_index (c->points, WlReplicaChange, i).t_us <= t;
           i++)
        ;
      return i == 0 ? g_array_index (c->points, WlReplicaChange, 0).replicas
                    : g_array_index (c->points, WlReplicaChange, i - 1).replicas;
    default:
      g_assert_not_reached ();
  }
}

static void
append_change (GArray *out, SimTime t, guint replicas)
{
  WlReplicaChange change = { t, replicas };

  if (out->len > 0 && g_array_index (out, WlReplicaChange, out->len - 1).replicas == replicas)
    return;
  g_array_append_val (out, change);
}

GArray *
wl_curve_get_changes (const WlCurve *c, SimTime end_us, SimTime resolution_us)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (WlReplicaChange));

  g_return_val_if_fail (c != NULL && resolution_us > 0, out);
  append_change (out, 0, wl_curve_eval (c, 0));
  if (c->kind == WL_CURVE_STEP && c->start_us < end_us)
    append_change (out, c->start_us, c->to);
  else if (c->kind == WL_CURVE_CSV)
    for (guint i = 0; i < c->points->len; i++) {
      const WlReplicaChange *p = &g_array_index (c->points, WlReplicaChange, i);

      if (p->t_us < end_us)
        append_change (out, p->t_us, p->replicas);
    }
  else if (c->kind == WL_CURVE_RAMP || c->kind == WL_CURVE_SINE)
    for (SimTime t = resolution_us; t < end_us; t += resolution_us)
      append_change (out, t, wl_curve_eval (c, t));
  return out;
}

char *
wl_curve_to_string (const WlCurve *c)
{
  g_autofree char *a = NULL, *b = NULL;
  char mean[G_ASCII_DTOSTR_BUF_SIZE], amp[G_ASCII_DTOSTR_BUF_SIZE];

  switch (c->kind) {
    case WL_CURVE_CONSTANT:
      return g_strdup_printf ("%u", c->from);
    case WL_CURVE_STEP:
      a = sim_duration_to_string (c->start_us);
      return g_strdup_printf ("step(%u,%u,%s)", c->from, c->to, a);
    case WL_CURVE_RAMP:
      a = sim_duration_to_string (c->start_us);
      b = sim_duration_to_string (c->end_us);
      return g_strdup_printf ("ramp(%u,%u,%s,%s)", c->from, c->to, a, b);
    case WL_CURVE_SINE:
      a = sim_duration_to_string (c->period_us);
      b = sim_duration_to_string (c->phase_us);
      return g_strdup_printf ("sine(%s,%s,%s,%s)", g_ascii_dtostr (mean, sizeof mean, c->mean),
                              g_ascii_dtostr (amp, sizeof amp, c->amplitude), a, b);
    case WL_CURVE_CSV:
      return g_strdup_printf ("csv(%s)", c->file);
    default:
      g_assert_not_reached ();
  }
}
