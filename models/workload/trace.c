/* SPDX-License-Identifier: MIT
 * The Alibaba cluster-trace-gpu-v2023 readers (node list and pod list) and what every trace reader
 * shares: record destructors, header checks, ordering. The Google reader is in trace_google.c. */
#include "models/workload/trace.h"

#include <string.h>

#include "models/workload/csv_private.h"
#include "models/workload/error.h"
#include "models/workload/trace_private.h"

#define ALIBABA_NODE_HEADER "sn,cpu_milli,memory_mib,gpu,model"
#define ALIBABA_POD_HEADER                                                                         \
  "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_"     \
  "time,"                                                                                          \
  "scheduled_time"
#define MIB G_GINT64_CONSTANT (1048576)

/* The bounds of every number the Alibaba readers multiply or narrow, checked before the
 * arithmetic so that it cannot overflow (a huge cpu_milli once became "reserve -0.001 CPU").
 * Resources: a million CPUs and 2^40 MiB (1 EiB) are far beyond any machine, and keep nanocpus,
 * bytes and the trace's whole-vCPU instance types well inside their types. Times: the largest
 * second count whose microseconds stay below SIM_TIME_NEVER. */
#define MAX_MILLICORES G_GINT64_CONSTANT (1000000000)
#define MAX_MIB        (G_GINT64_CONSTANT (1) << 40)
#define MAX_GPUS       G_GINT64_CONSTANT (1000000)
#define MAX_SECONDS    (G_MAXINT64 / G_USEC_PER_SEC - 1)

void
wl_trace_node_free (WlTraceNode *node)
{
  if (node == NULL)
    return;
  g_free (node->name);
  g_free (node->gpu_model);
  g_free (node);
}

void
wl_trace_task_free (WlTraceTask *task)
{
  if (task == NULL)
    return;
  g_free (task->name);
  g_free (task);
}

static gint
compare_arrival (gconstpointer a, gconstpointer b)
{
  const WlTraceTask *x = *(WlTraceTask *const *)a;
  const WlTraceTask *y = *(WlTraceTask *const *)b;

  return (x->arrival_us > y->arrival_us) - (x->arrival_us < y->arrival_us);
}

void
wl_trace__sort_tasks (GPtrArray *tasks)
{
  g_ptr_array_sort (tasks, compare_arrival);
}

void
wl_trace_tasks_rebase (GPtrArray *tasks)
{
  SimTime origin;

  g_return_if_fail (tasks != NULL);
  if (tasks->len == 0)
    return;
  origin = ((WlTraceTask *)tasks->pdata[0])->arrival_us;
  for (guint i = 0; i < tasks->len; i++) {
    WlTraceTask *task = tasks->pdata[i];

    task->arrival_us -= origin;
    if (task->departure_us != SIM_TIME_NEVER)
      task->departure_us -= origin;
  }
}

gboolean
wl_trace__check_header (const char *path, guint line, GPtrArray *fields, const char *expected,
                        GError **error)
{
  g_auto (GStrv) names = g_strsplit (expected, ",", -1);
  gboolean same = g_strv_length (names) == fields->len;

  for (guint i = 0; same && i < fields->len; i++)
    same = strcmp (names[i], fields->pdata[i]) == 0;
  if (!same) {
    g_autofree char *got = NULL;

    g_ptr_array_add (fields, NULL);
    got = g_strjoinv (",", (char **)fields->pdata);
    g_ptr_array_set_size (fields, (gint)fields->len - 1);
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID, "%s:%u: header is \"%s\"; expected \"%s\"",
                 path, line, got, expected);
  }
  return same;
}

/* A row must have exactly the header's number of fields: the trace files are machine-written, so a
 * short row means a truncated or hand-edited file, which we would rather reject than guess at. */
static gboolean
check_width (const char *path, guint line, GPtrArray *fields, guint width, const char *header,
             GError **error)
{
  if (fields->len == width)
    return TRUE;
  g_set_error (error, WL_ERROR, WL_ERROR_INVALID, "%s:%u: row has %u fields; expected %u (%s)",
               path, line, fields->len, width, header);
  return FALSE;
}

/* Parses an integer field and checks it against [0, @max]. */
static gboolean
field_in_range (const char *path, guint line, const char *column, const char *text,
                gboolean allow_empty, gint64 max, gint64 *out, GError **error)
{
  if (!wl_csv__field_int64 (path, line, column, text, allow_empty, out, error))
    return FALSE;
  if (*out >= 0 && *out <= max)
    return TRUE;
  g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
               "%s:%u: %s: %" G_GINT64_FORMAT " out of range; expected 0 to %" G_GINT64_FORMAT,
               path, line, column, *out, max);
  return FALSE;
}

typedef struct {
  GPtrArray *out;
  gboolean seen_header;
} ReadState;

static gboolean
on_node_row (const char *path, guint line, GPtrArray *f, gpointer user_data, GError **error)
{
  ReadState *state = user_data;
  g_autoptr (WlTraceNode) node = g_new0 (WlTraceNode, 1);
  gint64 gpus = 0;

  if (!state->seen_header) {
    state->seen_header = TRUE;
    return wl_trace__check_header (path, line, f, ALIBABA_NODE_HEADER, error);
  }
  if (!check_width (path, line, f, 5, ALIBABA_NODE_HEADER, error))
    return FALSE;
  if (((char *)f->pdata[0])[0] == '\0') {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID, "%s:%u: sn is empty; expected a node name",
                 path, line);
    return FALSE;
  }
  if (!field_in_range (path, line, "cpu_milli", f->pdata[1], FALSE, MAX_MILLICORES,
                       &node->cpu_millicores, error) ||
      !field_in_range (path, line, "memory_mib", f->pdata[2], FALSE, MAX_MIB, &node->memory_mib,
                       error) ||
      !field_in_range (path, line, "gpu", f->pdata[3], TRUE, MAX_GPUS, &gpus, error))
    return FALSE;
  node->name = g_strdup (f->pdata[0]);
  node->gpus = (guint)gpus;
  node->gpu_model = g_strdup (f->pdata[4]);
  g_ptr_array_add (state->out, g_steal_pointer (&node));
  return TRUE;
}

GPtrArray *
wl_trace_load_alibaba_nodes (const char *path, GError **error)
{
  g_autoptr (GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)wl_trace_node_free);
  ReadState state = { nodes, FALSE };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!wl_csv__read (path, ',', on_node_row, &state, error))
    return NULL;
  if (!state.seen_header) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
                 "%s:1: file is empty; expected the header \"%s\"", path, ALIBABA_NODE_HEADER);
    return NULL;
  }
  return g_steal_pointer (&nodes);
}

static gboolean
parse_pod_times (const char *path, guint line, GPtrArray *f, WlTraceTask *pod, GError **error)
{
  gint64 created = 0, deleted = 0;

  /* A negative deletion_time is out of range rather than "before the creation": the message
   * then names the bound, which is what is wrong. */
  if (!field_in_range (path, line, "creation_time", f->pdata[8], FALSE, MAX_SECONDS, &created,
                       error) ||
      !field_in_range (path, line, "deletion_time", f->pdata[9], TRUE, MAX_SECONDS, &deleted,
                       error))
    return FALSE;
  pod->arrival_us = SIM_SEC (created);
  pod->departure_us = ((char *)f->pdata[9])[0] == '\0' ? SIM_TIME_NEVER : SIM_SEC (deleted);
  if (pod->departure_us < pod->arrival_us) {
    g_set_error (error, WL_ERROR, WL_ERROR_RANGE,
                 "%s:%u: deletion_time %" G_GINT64_FORMAT
                 " is before creation_time %" G_GINT64_FORMAT "; expected deletion ≥ creation",
                 path, line, deleted, created);
    return FALSE;
  }
  return TRUE;
}

static gboolean
on_pod_row (const char *path, guint line, GPtrArray *f, gpointer user_data, GError **error)
{
  ReadState *state = user_data;
  g_autoptr (WlTraceTask) pod = g_new0 (WlTraceTask, 1);
  gint64 millicores = 0, mib = 0;

  if (!state->seen_header) {
    state->seen_header = TRUE;
    return wl_trace__check_header (path, line, f, ALIBABA_POD_HEADER, error);
  }
  if (!check_width (path, line, f, 11, ALIBABA_POD_HEADER, error))
    return FALSE;
  if (!field_in_range (path, line, "cpu_milli", f->pdata[1], FALSE, MAX_MILLICORES, &millicores,
                       error) ||
      !field_in_range (path, line, "memory_mib", f->pdata[2], FALSE, MAX_MIB, &mib, error) ||
      !parse_pod_times (path, line, f, pod, error))
    return FALSE;
  /* scheduled_time is the real scheduler's decision; the simulator makes its own. */
  pod->name = g_strdup (f->pdata[0]);
  pod->nanocpus = millicores * G_GINT64_CONSTANT (1000000);
  pod->memory_bytes = mib * MIB;
  pod->failed = strcmp (f->pdata[7], "Failed") == 0;
  g_ptr_array_add (state->out, g_steal_pointer (&pod));
  return TRUE;
}

GPtrArray *
wl_trace_load_alibaba_pods (const char *path, GError **error)
{
  g_autoptr (GPtrArray) pods = g_ptr_array_new_with_free_func ((GDestroyNotify)wl_trace_task_free);
  ReadState state = { pods, FALSE };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!wl_csv__read (path, ',', on_pod_row, &state, error))
    return NULL;
  if (!state.seen_header) {
    g_set_error (error, WL_ERROR, WL_ERROR_INVALID,
                 "%s:1: file is empty; expected the header \"%s\"", path, ALIBABA_POD_HEADER);
    return NULL;
  }
  wl_trace__sort_tasks (pods);
  return g_steal_pointer (&pods);
}
