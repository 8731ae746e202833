/* SPDX-License-Identifier: MIT
 * Batch job arrivals and the draw of each job's run time and outcome. */
#include "models/workload/batch.h"

#include <math.h>
#include <string.h>

#include "models/workload/csv_private.h"
#include "models/workload/error.h"
#include "sim/units.h"

struct _WlArrivals {
  SimTime mean_gap_us; /* poisson */
  char *file;          /* csv: owned, as written; NULL for poisson */
  GArray *times;       /* csv: (element-type SimTime) owned */
};

void
wl_arrivals_free (WlArrivals *arrivals)
{
  if (arrivals == NULL)
    return;
  g_free (arrivals->file);
  g_clear_pointer (&arrivals->times, g_array_unref);
  g_free (arrivals);
}

static gboolean
on_row (const char *path, guint line, GPtrArray *f, gpointer user_data, GError **error)
{
  GArray *times = user_data;
  const char *t = f->pdata[0];
  char *end = NULL;
  double seconds = g_ascii_strtod (t, &end);
  SimTime t_us = 0;

  if (times->len == 0 && line == 1 && !g_ascii_isdigit (t[0]))
    return TRUE; /* a header row */
  if (end != t && *end == '\0' && isfinite (seconds) && seconds >= 0.0) {
    /* Checked before the conversion: llround() of a value beyond gint64 has no defined result. */
    if (seconds > WL_CSV_MAX_SECONDS) {
      g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
                   "%s:%u: arrival time: %s out of range; expected 0 to %.0f seconds", path, line,
                   t, WL_CSV_MAX_SECONDS);
      return FALSE;
    }
    t_us = (SimTime)llround (seconds * 1e6);
  } else if (!sim_parse_duration (t, &t_us, NULL)) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
                 "%s:%u: arrival time is \"%s\"; expected seconds or a duration such as 90s", path,
                 line, t);
    return FALSE;
  }
  if (times->len > 0 && t_us < g_array_index (times, SimTime, times->len - 1)) {
    g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
                 "%s:%u: arrival time %s is earlier than the row before; expected increasing times",
                 path, line, t);
    return FALSE;
  }
  g_array_append_val (times, t_us);
  return TRUE;
}

WlArrivals *
wl_arrivals_parse (const char *text, const char *base_dir, GError **error)
{
  g_autoptr (WlArrivals) arrivals = g_new0 (WlArrivals, 1);
  g_autofree char *s = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  s = g_strstrip (g_strdup (text));
  len = strlen (s);
  if (g_str_has_prefix (s, "poisson(") && len > 9 && s[len - 1] == ')') {
    s[len - 1] = '\0';
    if (!sim_parse_duration (g_strstrip (s + 8), &arrivals->mean_gap_us, NULL) ||
        arrivals->mean_gap_us <= 0) {
      g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
                   "arrivals \"%s)\": the mean gap is not a positive duration; expected e.g. "
                   "poisson(2m)",
                   s);
      return NULL;
    }
    return g_steal_pointer (&arrivals);
  }
  if (g_str_has_prefix (s, "csv(") && len > 5 && s[len - 1] == ')') {
    g_autofree char *path = NULL;

    s[len - 1] = '\0';
    arrivals->file = g_strdup (g_strstrip (s + 4));
    path = g_path_is_absolute (arrivals->file) || base_dir == NULL
               ? g_strdup (arrivals->file)
               : g_build_filename (base_dir, arrivals->file, NULL);
    arrivals->times = g_array_new (FALSE, FALSE, sizeof (SimTime));
    if (!wl_csv__read (path, ',', on_row, arrivals->times, error))
      return NULL;
    return g_steal_pointer (&arrivals);
  }
  g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
               "arrivals \"%s\" are not understood; expected poisson(MEAN_GAP) or csv(FILE)", s);
  return NULL;
}

char *
wl_arrivals_to_string (const WlArrivals *arrivals)
{
  g_autofree char *gap = NULL;

  if (arrivals->file != NULL)
    return g_strdup_printf ("csv(%s)", arrivals->file);
  gap = sim_duration_to_string (arrivals->mean_gap_us);
  return g_strdup_printf ("poisson(%s)", gap);
}

GArray *
wl_arrivals_generate (const WlArrivals *arrivals, SimRng *rng, SimTime end_us)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (SimTime));
  SimTime t = 0;

  g_return_val_if_fail (arrivals != NULL, out);
  if (arrivals->file != NULL) {
    for (guint i = 0; i < arrivals->times->len; i++)
      if (g_array_index (arrivals->times, SimTime, i) < end_us)
        g_array_append_val (out, g_array_index (arrivals->times, SimTime, i));
    return out;
  }
  g_return_val_if_fail (rng != NULL, out);
  /* Exponential gaps make a Poisson process; the first arrival is one gap after 0. The gap is
   * rounded to whole microseconds, and at least 1 µs, so arrivals stay strictly increasing. */
  for (;;) {
    double gap = sim_rng_exponential (rng, (double)arrivals->mean_gap_us);

    t += MAX ((SimTime)1, (SimTime)llround (gap));
    if (t >= end_us)
      return out;
    g_array_append_val (out, t);
  }
}

double
wl_arrivals_get_expected_count (const WlArrivals *arrivals, SimTime end_us)
{
  guint n = 0;

  g_return_val_if_fail (arrivals != NULL, 0.0);
  if (arrivals->file == NULL)
    return end_us > 0 ? (double)end_us / (double)arrivals->mean_gap_us : 0.0;
  for (guint i = 0; i < arrivals->times->len; i++)
    if (g_array_index (arrivals->times, SimTime, i) < end_us)
      n++;
  return (double)n;
}

const char *
wl_restart_to_string (WlRestart restart)
{
  return restart == WL_RESTART_NONE ? "none" : "on-failure";
}

gboolean
wl_restart_from_string (const char *text, WlRestart *out)
{
  if (g_strcmp0 (text, "none") == 0)
    *out = WL_RESTART_NONE;
  else if (g_strcmp0 (text, "on-failure") == 0)
    *out = WL_RESTART_ON_FAILURE;
  else
    return FALSE;
  return TRUE;
}

void
wl_batch_spec_clear (WlBatchSpec *spec)
{
  g_clear_pointer (&spec->name, g_free);
  g_clear_pointer (&spec->arrivals, wl_arrivals_free);
  g_clear_pointer (&spec->runtime, sim_dist_free);
  memset (spec, 0, sizeof *spec);
}

GArray *
wl_batch_generate (const WlBatchSpec *spec, guint64 seed, SimTime end_us)
{
  g_autofree char *arrival_name = NULL, *runtime_name = NULL;
  g_autoptr (SimRng) arrival_rng = NULL;
  g_autoptr (SimRng) runtime_rng = NULL;
  g_autoptr (GArray) times = NULL;
  GArray *jobs = g_array_new (FALSE, FALSE, sizeof (WlJob));

  g_return_val_if_fail (spec != NULL && spec->name != NULL, jobs);
  g_return_val_if_fail (spec->arrivals != NULL && spec->runtime != NULL, jobs);

  arrival_name = g_strdup_printf ("workload/%s/arrivals", spec->name);
  runtime_name = g_strdup_printf ("workload/%s/runtime", spec->name);
  arrival_rng = sim_rng_new (seed, arrival_name);
  runtime_rng = sim_rng_new (seed, runtime_name);
  times = wl_arrivals_generate (spec->arrivals, arrival_rng, end_us);
  for (guint i = 0; i < times->len; i++) {
    WlJob job = { i, g_array_index (times, SimTime, i), 0 };

    /* One draw per job: the failure probability draws nothing here, so changing it does not
     * shift the run times (the agents draw each run's outcome). */
    job.runtime_us = sim_dist_sample (spec->runtime, runtime_rng);
    g_array_append_val (jobs, job);
  }
  return jobs;
}
