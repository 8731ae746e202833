/* SPDX-License-Identifier: MIT
 * The Google clusterdata-2011 task_events reader: 13 columns, no header, times in microseconds,
 * requests normalised to the largest machine. It pairs submissions with the events that end them.
 */
#include "models/workload/trace.h"

#include <errno.h>

#include "models/workload/csv_private.h"
#include "models/workload/error.h"
#include "models/workload/trace_private.h"

#define GOOGLE_COLUMNS 13

typedef struct {
  const WlGoogleScale *scale;
  GPtrArray *out;   /* (element-type WlTraceTask) */
  GHashTable *open; /* "JOB.INDEX" → WlTraceTask (unowned); looked up only, never iterated */
  SimTime last_us;  /* the time of the previous row, which no row may precede */
  guint last_line;  /* its line; 0 before the first row */
} GoogleState;

static gboolean
parse_time (const char *path, guint line, const char *text, SimTime *out, GError **error)
{
  char *end = NULL;
  guint64 value;

  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (text[0] == '\0' || text[0] == '-' || *end != '\0' || errno != 0) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
                 "%s:%u: time is \"%s\"; expected microseconds as a non-negative integer", path,
                 line, text);
    return FALSE;
  }
  /* The trace writes 2^63−1 for "after the end of the trace window". */
  *out = value >= (guint64)G_MAXINT64 ? SIM_TIME_NEVER : (SimTime)value;
  return TRUE;
}

static gboolean
parse_request (const char *path, guint line, const char *column, const char *text, gint64 full,
               gint64 *out, GError **error)
{
  double fraction = 0.0;

  if (!wl_csv__field_double (path, line, column, text, TRUE, &fraction, error))
    return FALSE;
  if (fraction < 0.0 || fraction > 1.0) {
    g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
                 "%s:%u: %s is %s; expected a fraction of the largest machine in [0, 1]", path,
                 line, column, text);
    return FALSE;
  }
  /* fraction ≤ 1, but fraction × full in double may round up to 2^63 when full is near
   * G_MAXINT64, and converting that to gint64 is undefined: clamp to @full first. */
  double scaled = fraction * (double)full;
  *out = scaled >= (double)full ? full : (gint64)scaled;
  return TRUE;
}

static gboolean
is_end_event (gint64 type)
{
  return type >= WL_GOOGLE_EVICT && type <= WL_GOOGLE_LOST;
}

static gboolean
open_task (GoogleState *state, const char *path, guint line, GPtrArray *f, const char *key,
           SimTime t_us, GError **error)
{
  g_autoptr (WlTraceTask) task = g_new0 (WlTraceTask, 1);

  /* A second SUBMIT without an end in between changes nothing: the task is already waiting. */
  if (g_hash_table_contains (state->open, key))
    return TRUE;
  if (!parse_request (path, line, "CPU request", f->pdata[9], state->scale->machine_nanocpus,
                      &task->nanocpus, error) ||
      !parse_request (path, line, "memory request", f->pdata[10],
                      state->scale->machine_memory_bytes, &task->memory_bytes, error))
    return FALSE;
  task->name = g_strdup (key);
  task->arrival_us = t_us;
  task->departure_us = SIM_TIME_NEVER;
  g_hash_table_insert (state->open, g_strdup (key), task);
  g_ptr_array_add (state->out, g_steal_pointer (&task));
  return TRUE;
}

static gboolean
on_row (const char *path, guint line, GPtrArray *f, gpointer user_data, GError **error)
{
  GoogleState *state = user_data;
  SimTime t_us = 0;
  gint64 job = 0, index = 0, type = 0;
  g_autofree char *key = NULL;
  WlTraceTask *task;

  if (f->len != GOOGLE_COLUMNS) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
                 "%s:%u: row has %u fields; expected %u (task_events layout, no header)", path,
                 line, f->len, GOOGLE_COLUMNS);
    return FALSE;
  }
  if (!parse_time (path, line, f->pdata[0], &t_us, error) ||
      !wl_csv__field_int64 (path, line, "job ID", f->pdata[2], FALSE, &job, error) ||
      !wl_csv__field_int64 (path, line, "task index", f->pdata[3], FALSE, &index, error) ||
      !wl_csv__field_int64 (path, line, "event type", f->pdata[5], FALSE, &type, error))
    return FALSE;
  if (type < WL_GOOGLE_SUBMIT || type > WL_GOOGLE_UPDATE_RUNNING) {
    g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
                 "%s:%u: event type is %" G_GINT64_FORMAT
                 "; expected 0 (SUBMIT) to 8 (UPDATE_RUNNING)",
                 path, line, type);
    return FALSE;
  }
  /* Task_events files are sorted by time, and pairing depends on it: an end read before its
   * SUBMIT would find no task and be dropped, leaving the task running forever. A row that
   * goes back in time is an error rather than a silent loss. */
  if (state->last_line != 0 && t_us < state->last_us) {
    g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
                 "%s:%u: time %" G_GINT64_FORMAT " is before %" G_GINT64_FORMAT
                 " on line %u; expected rows sorted by time, as task_events files are",
                 path, line, t_us, state->last_us, state->last_line);
    return FALSE;
  }
  state->last_us = t_us;
  state->last_line = line;
  key = g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, job, index);
  if (type == WL_GOOGLE_SUBMIT)
    return open_task (state, path, line, f, key, t_us, error);
  if (!is_end_event (type))
    return TRUE; /* SCHEDULE and UPDATE_*: the simulator schedules by itself */
  task = g_hash_table_lookup (state->open, key);
  if (task == NULL)
    return TRUE; /* submitted before this part of the trace began */
  task->departure_us = t_us;
  task->failed = type != WL_GOOGLE_FINISH;
  g_hash_table_remove (state->open, key);
  return TRUE;
}

GPtrArray *
wl_trace_load_google_task_events (const char *path, const WlGoogleScale *scale, GError **error)
{
  g_autoptr (GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)wl_trace_task_free);
  g_autoptr (GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GoogleState state = { scale, tasks, open, 0, 0 };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (scale != NULL && scale->machine_nanocpus > 0, NULL);
  g_return_val_if_fail (scale->machine_memory_bytes > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!wl_csv__read (path, ',', on_row, &state, error))
    return NULL;
  wl_trace__sort_tasks (tasks);
  return g_steal_pointer (&tasks);
}
