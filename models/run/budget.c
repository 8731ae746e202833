/* SPDX-License-Identifier: MIT
 * Estimating a run's size from its keys and refusing one beyond a budget. Every estimate is a
 * product computed in double, so that 3650d at 1 µs steps overflows nothing; nothing here
 * allocates more than a curve's changes, and those only once their count is known to be small. */
#include "models/run/budget.h"

#include <math.h>
#include <string.h>

#include "sim/units.h"

G_DEFINE_QUARK (run - budget - error - quark, run_budget_error)

/* On-disk size of a row, measured on a day of scenarios/4node-failover.ini at a 1 s step
 * (cluster.csv: 4.57 MB for 86 402 rows; timeline.csv: 3.35 MB for 172 803 rows); the rows in
 * memory are of the same order. Long runs and long names write a little more. */
#define CLUSTER_ROW_BYTES  55.0
#define TIMELINE_ROW_BYTES 20.0

static gboolean
curve_is_sampled (const WlCurve *curve)
{
  WlCurveKind kind = wl_curve_get_kind (curve);
  return kind == WL_CURVE_RAMP || kind == WL_CURVE_SINE;
}

/* A ramp or sine is evaluated at 0 and at every multiple of the resolution before the end. */
static double
curve_points (const RunWorkload *w, SimTime duration_us)
{
  if (!curve_is_sampled (w->curve))
    return 0.0;
  return floor ((double)duration_us / (double)MAX (w->resolution_us, 1)) + 1.0;
}

/* The largest value among the curve's changes: listing them is safe once the sampled points are
 * within budget (csv and step curves hold their changes already). */
static guint64
curve_peak (const RunWorkload *w, SimTime duration_us)
{
  g_autoptr (GArray) changes =
      wl_curve_get_changes (w->curve, duration_us, MAX (w->resolution_us, 1));
  guint64 peak = 0;
  for (guint i = 0; i < changes->len; i++)
    peak = MAX (peak, (guint64)g_array_index (changes, WlReplicaChange, i).replicas);
  return peak;
}

static const SwarmNodeGroup *
find_group (const SwarmConfig *config, const char *name)
{
  for (guint i = 0; i < config->node_groups->len; i++) {
    const SwarmNodeGroup *g = g_ptr_array_index (config->node_groups, i);
    if (strcmp (g->name, name) == 0)
      return g;
  }
  return NULL;
}

/* Nodes that may send heartbeats: those at start, one per join action, and the room each
 * scale-out pool has to grow. */
static double
count_nodes (const RunScenario *scenario, const SwarmConfig *config)
{
  double nodes = 0.0;
  for (guint i = 0; i < config->node_groups->len; i++)
    nodes += ((const SwarmNodeGroup *)g_ptr_array_index (config->node_groups, i))->count;
  for (guint i = 0; i < config->actions->len; i++)
    if (((const SwarmAction *)g_ptr_array_index (config->actions, i))->kind ==
        SWARM_ACTION_NODE_JOIN)
      nodes += 1.0;
  for (guint i = 0; i < scenario->pools->len; i++) {
    const PoolSpec *p = g_ptr_array_index (scenario->pools, i);
    const SwarmNodeGroup *g = find_group (config, p->group);
    if (p->kind == POOL_KIND_SCALE_OUT && g != NULL && p->max_nodes > g->count)
      nodes += p->max_nodes - g->count;
  }
  return nodes;
}

void
run_budget_estimate (const RunScenario *scenario, const SwarmConfig *config,
                     RunBudgetEstimate *estimate_out)
{
  g_return_if_fail (scenario != NULL && config != NULL && estimate_out != NULL);

  RunBudgetEstimate e = { 0 };
  double duration = (double)config->duration_us;

  e.services = config->services->len;
  e.samples = floor (duration / (double)MAX (config->step_us, 1)) + 1.0;
  e.sample_rows = e.samples * (e.services + 1.0);
  e.sample_bytes = e.samples * (CLUSTER_ROW_BYTES + TIMELINE_ROW_BYTES * e.services);
  e.nodes = count_nodes (scenario, config);
  e.heartbeats = e.nodes * duration / (double)MAX (config->heartbeat_period_us, 1);
  for (guint i = 0; i < config->node_groups->len; i++) {
    const SwarmNodeGroup *g = g_ptr_array_index (config->node_groups, i);
    if (g->role == ORCH_ROLE_MANAGER)
      e.managers += g->count;
  }
  for (guint i = 0; i < scenario->batches->len; i++) {
    const WlBatchSpec *b = g_ptr_array_index (scenario->batches, i);
    e.jobs += wl_arrivals_get_expected_count (b->arrivals, config->duration_us);
  }
  for (guint i = 0; i < scenario->workloads->len; i++)
    e.curve_points +=
        curve_points (g_ptr_array_index (scenario->workloads, i), config->duration_us);
  for (guint i = 0; i < scenario->workloads->len && e.curve_points <= RUN_BUDGET_MAX_CURVE_POINTS;
       i++)
    e.curve_peak = MAX (
        e.curve_peak, curve_peak (g_ptr_array_index (scenario->workloads, i), config->duration_us));
  *estimate_out = e;
}

/* "41", "6e8", "1.3e9": short, and the same in every locale. */
static char *
format_count (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (x < 1e5)
    return g_strdup_printf ("%.0f", x);
  int exp10 = (int)floor (log10 (x));
  double mantissa = x / pow (10.0, exp10);
  if (mantissa >= 9.95) {
    mantissa /= 10.0;
    exp10++;
  }
  g_ascii_formatd (buf, sizeof buf, "%.1f", mantissa);
  if (g_str_has_suffix (buf, ".0"))
    buf[strlen (buf) - 2] = '\0';
  return g_strdup_printf ("%se%d", buf, exp10);
}

/* "820 MB", "41 GB", decimal units as a file manager shows them. */
static char *
format_bytes (double bytes)
{
  static const char *const units[] = { "B", "kB", "MB", "GB", "TB", "PB", "EB" };
  guint u = 0;
  while (bytes >= 1000.0 && u + 1 < G_N_ELEMENTS (units)) {
    bytes /= 1000.0;
    u++;
  }
  return g_strdup_printf ("%.0f %s", bytes, units[u]);
}

static gboolean exceeded (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
exceeded (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, RUN_BUDGET_ERROR, RUN_BUDGET_ERROR_EXCEEDED, text);
  return FALSE;
}

/* The section that brought the service beyond the budget: its own, or the trace's. */
static gboolean
check_services (const RunScenario *scenario, const SwarmConfig *config, guint services,
                GError **error)
{
  if (services <= RUN_BUDGET_MAX_SERVICES)
    return TRUE;
  const SwarmServiceConfig *s = g_ptr_array_index (config->services, RUN_BUDGET_MAX_SERVICES);
  g_autofree char *where = run_scenario_has_service (scenario, s->spec->name)
                               ? g_strdup_printf ("[service.%s]", s->spec->name)
                               : g_strdup ("[trace] tasks");
  return exceeded (error,
                   "%s: %u services in all; expected at most %u (the metrics look services up by "
                   "name): use fewer services",
                   where, services, RUN_BUDGET_MAX_SERVICES);
}

static gboolean
check_managers (const SwarmConfig *config, guint managers, GError **error)
{
  const SwarmNodeGroup *largest = NULL;
  if (managers <= RUN_BUDGET_MAX_MANAGERS)
    return TRUE;
  for (guint i = 0; i < config->node_groups->len; i++) {
    const SwarmNodeGroup *g = g_ptr_array_index (config->node_groups, i);
    if (g->role == ORCH_ROLE_MANAGER && (largest == NULL || g->count > largest->count))
      largest = g;
  }
  g_assert (largest != NULL);
  return exceeded (error,
                   "[nodes.%s] count: %u managers in all; expected at most %u (raft counts every "
                   "node at each manager change; Docker recommends 3, 5 or 7): use fewer managers",
                   largest->name, managers, RUN_BUDGET_MAX_MANAGERS);
}

static gboolean
check_curves (const RunScenario *scenario, const SwarmConfig *config, const RunBudgetEstimate *e,
              GError **error)
{
  const RunWorkload *most = NULL;
  for (guint i = 0; i < scenario->workloads->len; i++) {
    const RunWorkload *w = g_ptr_array_index (scenario->workloads, i);
    if (most == NULL ||
        curve_points (w, config->duration_us) > curve_points (most, config->duration_us))
      most = w;
  }
  if (most != NULL && e->curve_points > RUN_BUDGET_MAX_CURVE_POINTS) {
    g_autofree char *duration = sim_duration_to_string (config->duration_us);
    g_autofree char *resolution = sim_duration_to_string (most->resolution_us);
    g_autofree char *points = format_count (curve_points (most, config->duration_us));
    g_autofree char *total = format_count (e->curve_points);
    g_autofree char *max = format_count (RUN_BUDGET_MAX_CURVE_POINTS);
    return exceeded (error,
                     "[workload.%s] resolution: %s / %s = %s curve points (%s in all workloads); "
                     "expected at most %s: raise resolution or shorten duration",
                     most->name, duration, resolution, points, total, max);
  }
  for (guint i = 0; i < scenario->workloads->len; i++) {
    const RunWorkload *w = g_ptr_array_index (scenario->workloads, i);
    guint64 peak = curve_peak (w, config->duration_us);
    if (peak > RUN_BUDGET_MAX_CURVE_REPLICAS)
      return exceeded (error,
                       "[workload.%s] replicas: the curve asks for %" G_GUINT64_FORMAT
                       " replicas; expected at most %u, as [service] replicas",
                       w->name, peak, RUN_BUDGET_MAX_CURVE_REPLICAS);
  }
  return TRUE;
}

static gboolean
check_jobs (const RunScenario *scenario, const SwarmConfig *config, double jobs, GError **error)
{
  const WlBatchSpec *most = NULL;
  double most_jobs = -1.0;
  if (jobs <= RUN_BUDGET_MAX_JOBS)
    return TRUE;
  for (guint i = 0; i < scenario->batches->len; i++) {
    const WlBatchSpec *b = g_ptr_array_index (scenario->batches, i);
    double n = wl_arrivals_get_expected_count (b->arrivals, config->duration_us);
    if (n > most_jobs) {
      most = b;
      most_jobs = n;
    }
  }
  g_assert (most != NULL);
  g_autofree char *arrivals = wl_arrivals_to_string (most->arrivals);
  g_autofree char *duration = sim_duration_to_string (config->duration_us);
  g_autofree char *n = format_count (most_jobs);
  g_autofree char *total = format_count (jobs);
  g_autofree char *max = format_count (RUN_BUDGET_MAX_JOBS);
  return exceeded (error,
                   "[batch.%s] arrivals: %s over %s brings about %s jobs (%s in all batch "
                   "families); expected at most %s in a run: raise the mean gap or shorten "
                   "duration",
                   most->name, arrivals, duration, n, total, max);
}

static gboolean
check_samples (const SwarmConfig *config, const RunBudgetEstimate *e, GError **error)
{
  if (e->sample_rows <= RUN_BUDGET_MAX_SAMPLE_ROWS)
    return TRUE;
  g_autofree char *duration = sim_duration_to_string (config->duration_us);
  g_autofree char *step = sim_duration_to_string (config->step_us);
  g_autofree char *rows = format_count (e->sample_rows);
  g_autofree char *bytes = format_bytes (e->sample_bytes);
  g_autofree char *max = format_count (RUN_BUDGET_MAX_SAMPLE_ROWS);
  return exceeded (error,
                   "[simulation] step: %s / %s × (%u service%s + 1) = %s timeline and cluster rows "
                   "(about %s); expected at most %s: raise step or shorten duration",
                   duration, step, e->services, e->services == 1 ? "" : "s", rows, bytes, max);
}

static gboolean
check_heartbeats (const SwarmConfig *config, const RunBudgetEstimate *e, GError **error)
{
  if (e->heartbeats <= RUN_BUDGET_MAX_HEARTBEATS)
    return TRUE;
  g_autofree char *nodes = format_count (e->nodes);
  g_autofree char *duration = sim_duration_to_string (config->duration_us);
  g_autofree char *period = sim_duration_to_string (config->heartbeat_period_us);
  g_autofree char *beats = format_count (e->heartbeats);
  g_autofree char *max = format_count (RUN_BUDGET_MAX_HEARTBEATS);
  return exceeded (error,
                   "[simulation] duration: %s nodes × %s / %s heartbeat period = %s heartbeats; "
                   "expected at most %s: shorten duration, use fewer nodes or raise [swarm] "
                   "heartbeat_period",
                   nodes, duration, period, beats, max);
}

gboolean
run_budget_check (const RunScenario *scenario, const SwarmConfig *config, GError **error)
{
  g_return_val_if_fail (scenario != NULL && config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  RunBudgetEstimate e;
  run_budget_estimate (scenario, config, &e);
  /* The counts first: they explain a large product better than the product does. */
  return check_services (scenario, config, e.services, error) &&
         check_managers (config, e.managers, error) && check_curves (scenario, config, &e, error) &&
         check_jobs (scenario, config, e.jobs, error) && check_samples (config, &e, error) &&
         check_heartbeats (config, &e, error);
}
