/* SPDX-License-Identifier: MIT
 * Trace replay from a scenario's [trace] section. The readers in models/workload turn the files
 * into machines and tasks; this file maps them onto the world: machines of one shape form a node
 * group, tasks of one reservation shape form a service whose replica count follows how many of
 * them are present. It does not parse CSV itself. */
#include "cli/scenario_trace_private.h"

#include <math.h>
#include <string.h>

#include "cli/scenario.h"
#include "cli/scenario_private.h"
#include "models/ec2/catalog.h"
#include "models/workload/trace.h"
#include "sim/units.h"

const char *const cli_trace__keys[] = {
  "format",  "nodes",     "tasks",        "pods",           "start",
  "speedup", "max_tasks", "machine_cpus", "machine_memory", "node_usd_per_hour",
  NULL
};

static gboolean fail (GError **error, const char *path, const char *key, const char *fmt, ...)
    G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError **error, const char *path, const char *key, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *what = NULL;

  va_start (ap, fmt);
  what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID, "%s: [trace] %s: %s", path,
               key, what);
  return FALSE;
}

/* Trimmed as every value is. The caller has read every value of [trace] once (check_keys() in
 * scenario_ext.c), so none has a bad escape. */
static char *
get (GKeyFile *kf, const char *key)
{
  char *value = NULL;

  if (g_key_file_has_key (kf, "trace", key, NULL) &&
      !cli_scenario__get_string (kf, "trace", key, &value, NULL))
    g_assert_not_reached ();
  return value;
}

/* Relative to the scenario's folder; a scenario in the working folder keeps the name as given, so
 * messages show what the author wrote. */
static char *
resolve (const char *base_dir, const char *file)
{
  if (g_path_is_absolute (file) || base_dir == NULL || strcmp (base_dir, ".") == 0)
    return g_strdup (file);
  return g_build_filename (base_dir, file, NULL);
}

static gboolean
read_number (GKeyFile *kf, const char *path, const char *key, double lo, double hi, double *out,
             GError **error)
{
  g_autofree char *v = get (kf, key);
  char *end = NULL;
  double x;

  if (v == NULL)
    return TRUE;
  x = g_ascii_strtod (v, &end);
  if (end == v || *end != '\0' || !(x >= lo && x <= hi)) {
    /* Not "%g": messages do not depend on the locale's decimal point either. */
    char lo_text[G_ASCII_DTOSTR_BUF_SIZE], hi_text[G_ASCII_DTOSTR_BUF_SIZE];

    return fail (error, path, key, "\"%s\" is out of range; expected a number in [%s, %s]", v,
                 g_ascii_formatd (lo_text, sizeof lo_text, "%g", lo),
                 g_ascii_formatd (hi_text, sizeof hi_text, "%g", hi));
  }
  *out = x;
  return TRUE;
}

static gboolean
read_options (GKeyFile *kf, const char *path, RunTraceOptions *o, GError **error)
{
  g_autofree char *start = get (kf, "start");
  g_autofree char *cpus = get (kf, "machine_cpus");
  g_autofree char *mem = get (kf, "machine_memory");
  g_autoptr (GError) local = NULL;
  double max_tasks = 0;

  if (start != NULL && !sim_parse_duration (start, &o->start_us, &local))
    return fail (error, path, "start", "%s", local->message);
  if (cpus != NULL && !sim_parse_cpus (cpus, &o->scale.machine_nanocpus, &local))
    return fail (error, path, "machine_cpus", "%s", local->message);
  if (mem != NULL && !sim_parse_bytes (mem, &o->scale.machine_memory_bytes, &local))
    return fail (error, path, "machine_memory", "%s", local->message);
  if (!read_number (kf, path, "speedup", 1e-3, 1e6, &o->speedup, error) ||
      !read_number (kf, path, "max_tasks", 0, 1e6, &max_tasks, error) ||
      !read_number (kf, path, "node_usd_per_hour", 0, 1e4, &o->node_usd_per_hour, error))
    return FALSE;
  if (max_tasks != floor (max_tasks)) {
    char text[G_ASCII_DTOSTR_BUF_SIZE];

    return fail (error, path, "max_tasks", "%s is not a whole number; expected 0 to 1000000",
                 g_ascii_formatd (text, sizeof text, "%g", max_tasks));
  }
  o->max_tasks = (guint)max_tasks;
  return TRUE;
}

static SimTime
scale_time (const RunTraceOptions *o, SimTime t_us)
{
  if (t_us == SIM_TIME_NEVER)
    return SIM_TIME_NEVER;
  return (SimTime)llround ((double)MAX (t_us - o->start_us, 0) / o->speedup);
}

/* Machines of one (CPU, memory) shape share a group "trace-N" and an instance type "trace.N" of the
 * family "trace": the catalog only knows whole vCPUs, so a machine's millicores are rounded up. */
typedef struct {
  guint vcpus;
  gint64 memory_bytes;
  SwarmNodeGroup *group; /* unowned: the trace holds it */
} Shape;

static void
add_machines (const GPtrArray *machines, const RunTraceOptions *o, RunTrace *trace)
{
  g_autoptr (GArray) shapes = g_array_new (FALSE, FALSE, sizeof (Shape));
  char family[] = "trace";

  for (guint i = 0; i < machines->len; i++) {
    const WlTraceNode *m = machines->pdata[i];
    Shape shape = { (guint)((m->cpu_millicores + 999) / 1000), m->memory_mib * 1024 * 1024, NULL };

    for (guint k = 0; k < shapes->len && shape.group == NULL; k++) {
      const Shape *known = &g_array_index (shapes, Shape, k);
      if (known->vcpus == shape.vcpus && known->memory_bytes == shape.memory_bytes)
        shape.group = known->group;
    }
    if (shape.group == NULL) {
      g_autofree char *type_name = g_strdup_printf ("trace.%u", shapes->len + 1);
      g_autofree char *group_name = g_strdup_printf ("trace-%u", shapes->len + 1);
      Ec2InstanceType type = { type_name, shape.vcpus, shape.memory_bytes, o->node_usd_per_hour,
                               family,    FALSE };

      g_ptr_array_add (trace->types, ec2_instance_type_copy (&type));
      shape.group = swarm_node_group_new (group_name);
      g_free (shape.group->instance_type);
      shape.group->instance_type = g_strdup (type_name);
      shape.group->count = 0;
      g_ptr_array_add (trace->groups, shape.group);
      g_array_append_val (shapes, shape);
    }
    shape.group->count++;
  }
}

/* Tasks of one reservation shape become one service, "trace-task-N", in order of first arrival. */
static void
add_tasks (RunTrace *trace, const GPtrArray *tasks, const RunTraceOptions *o)
{
  g_autoptr (GHashTable) by_shape = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = o->max_tasks > 0 ? MIN (o->max_tasks, tasks->len) : tasks->len;

  for (guint i = 0; i < n; i++) {
    const WlTraceTask *t = tasks->pdata[i];
    g_autofree char *shape =
        g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, t->nanocpus, t->memory_bytes);
    RunTraceFamily *f = g_hash_table_lookup (by_shape, shape);
    WlInterval iv = { scale_time (o, t->arrival_us), scale_time (o, t->departure_us) };

    if (iv.end_us != SIM_TIME_NEVER && iv.end_us <= iv.start_us)
      continue; /* gone before the replay starts */
    if (f == NULL) {
      SwarmServiceConfig *service;

      f = g_new0 (RunTraceFamily, 1);
      f->service = g_strdup_printf ("trace-task-%u", trace->families->len + 1);
      f->intervals = g_array_new (FALSE, FALSE, sizeof (WlInterval));
      g_ptr_array_add (trace->families, f);
      g_hash_table_insert (by_shape, g_steal_pointer (&shape), f);
      service = swarm_service_config_new (f->service);
      service->spec->replicas = 0;
      service->spec->reservations.nanocpus = t->nanocpus;
      service->spec->reservations.memory_bytes = t->memory_bytes;
      g_ptr_array_add (trace->services, service);
    }
    g_array_append_val (f->intervals, iv);
    trace->n_tasks++;
  }
}

static GPtrArray *
load_tasks (GKeyFile *kf, const char *path, const char *base_dir, gboolean google,
            RunTraceOptions *o, char **tasks_path_out, GError **error)
{
  g_autofree char *tasks = get (kf, "tasks");
  g_autofree char *pods = get (kf, "pods");
  const char *key = tasks != NULL ? "tasks" : "pods";
  GPtrArray *list;

  if (tasks != NULL && pods != NULL) {
    fail (error, path, "pods", "given together with tasks; expected one of them");
    return NULL;
  }
  if (tasks == NULL && pods == NULL) {
    fail (error, path, "tasks", "missing; expected the trace's task file (pods = for Alibaba)");
    return NULL;
  }
  o->tasks = g_strdup (tasks != NULL ? tasks : pods);
  *tasks_path_out = resolve (base_dir, o->tasks);
  list = google ? wl_trace_load_google_task_events (*tasks_path_out, &o->scale, error)
                : wl_trace_load_alibaba_pods (*tasks_path_out, error);
  if (list == NULL) {
    g_prefix_error (error, "%s: [trace] %s: ", path, key);
    return NULL;
  }
  wl_trace_tasks_rebase (list);
  return list;
}

RunTrace *
cli_trace__load (GKeyFile *kf, const char *path, const char *base_dir, GError **error)
{
  g_autoptr (RunTrace) trace = run_trace_new ();
  RunTraceOptions *o = &trace->options;
  const char *format;
  g_autoptr (GPtrArray) tasks = NULL;
  gboolean google;

  o->format = get (kf, "format");
  o->nodes = get (kf, "nodes");
  format = o->format;
  if (format == NULL ||
      (strcmp (format, "alibaba-gpu-2023") != 0 && strcmp (format, "google-2011") != 0)) {
    fail (error, path, "format",
          "\"%s\" is not a trace format; expected alibaba-gpu-2023 or "
          "google-2011",
          format != NULL ? format : "");
    return NULL;
  }
  google = strcmp (format, "google-2011") == 0;
  if (!read_options (kf, path, o, error))
    return NULL;
  if (o->nodes != NULL) {
    g_autofree char *nodes_path = resolve (base_dir, o->nodes);
    g_autoptr (GPtrArray) machines = NULL;

    if (google) {
      fail (error, path, "nodes",
            "the Google 2011 layout has no machine list here; expected it "
            "only with format = alibaba-gpu-2023");
      return NULL;
    }
    machines = wl_trace_load_alibaba_nodes (nodes_path, error);
    if (machines == NULL) {
      g_prefix_error (error, "%s: [trace] nodes: ", path);
      return NULL;
    }
    trace->n_machines = machines->len;
    add_machines (machines, o, trace);
  }
  tasks = load_tasks (kf, path, base_dir, google, o, &trace->tasks_path, error);
  if (tasks == NULL)
    return NULL;
  add_tasks (trace, tasks, o);
  return g_steal_pointer (&trace);
}

void
cli_trace__describe (const RunTrace *trace, GString *out)
{
  guint services = trace->families->len;

  g_string_append_printf (out, "  trace %s: %u task%s in %u service%s", trace->tasks_path,
                          trace->n_tasks, trace->n_tasks == 1 ? "" : "s", services,
                          services == 1 ? "" : "s");
  if (services > 0)
    g_string_append_printf (out, " (trace-task-1%s)", services > 1 ? " …" : "");
  if (trace->n_machines > 0)
    g_string_append_printf (out, ", %u machine%s in groups trace-1 …", trace->n_machines,
                            trace->n_machines == 1 ? "" : "s");
  g_string_append_c (out, '\n');
}
