/* SPDX-License-Identifier: MIT
 * Writing the pool, autoscaler, workload, batch, trace and failure sections back as
 * scenario.resolved.ini shows them: from the parsed specs, every default filled in, in the syntax
 * the loader reads, in a fixed order. */
#include "cli/scenario_ext.h"

#include <math.h>
#include <string.h>

#include "models/run/scenario.h"
#include "cli/scenario_private.h"
#include "sim/units.h"

/* --- the resolved sections ----------------------------------------------------------------------
 */

/* CPUs as sim_parse_cpus() reads them: the whole part, then the nanocpus without trailing zeros. */
static char *
format_cpus (gint64 nanocpus)
{
  g_autofree char *frac = g_strdup_printf ("%09" G_GINT64_FORMAT, nanocpus % 1000000000);
  gsize n = strlen (frac);

  while (n > 0 && frac[n - 1] == '0')
    frac[--n] = '\0';
  return n == 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, nanocpus / 1000000000)
                : g_strdup_printf ("%" G_GINT64_FORMAT ".%s", nanocpus / 1000000000, frac);
}

/* The fewest significant digits that g_ascii_strtod() reads back to exactly @x: "0.85", not
 * "0.84999999999999998". Whole numbers are written whole ("10", where %g would give "1e+01").
 * Independent of the locale. */
static char *
format_number (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (x == floor (x) && fabs (x) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)x);
  for (int digits = 1; digits <= 17; digits++) {
    char format[8];

    g_snprintf (format, sizeof format, "%%.%dg", digits);
    g_ascii_formatd (buf, sizeof buf, format, x);
    if (g_ascii_strtod (buf, NULL) == x)
      break;
  }
  return g_strdup (buf);
}

/* Each setter takes the value's text over: set (kf, g, "key", format_...(...)). */
static void
set (GKeyFile *kf, const char *group, const char *key, char *text)
{
  g_key_file_set_value (kf, group, key, text);
  g_free (text);
}

static void
set_duration (GKeyFile *kf, const char *group, const char *key, SimTime us)
{
  set (kf, group, key, sim_duration_to_string (us));
}

static void
set_dist (GKeyFile *kf, const char *group, const char *key, const SimDist *dist)
{
  if (dist != NULL) /* absent means off: the loader has no text for "no distribution" */
    set (kf, group, key, sim_dist_to_string (dist));
}

static void
write_pool (GKeyFile *kf, const PoolSpec *p)
{
  g_autofree char *g = g_strdup_printf ("pool.%s", p->name);

  g_key_file_set_value (kf, g, "kind", pool_kind_to_string (p->kind));
  g_key_file_set_value (kf, g, "group", p->group);
  set (kf, g, "min_nodes", g_strdup_printf ("%u", p->min_nodes));
  set (kf, g, "max_nodes", g_strdup_printf ("%u", p->max_nodes));
  /* NULL is the family's largest type, which has no text of its own. overhead_cpus and
   * overhead_memory are the group's: [nodes.GROUP] has them. */
  if (p->max_type != NULL)
    g_key_file_set_value (kf, g, "max_type", p->max_type);
}

static void
write_autoscaler (GKeyFile *kf, const PoolPolicy *p)
{
  const char *g = "autoscaler";

  g_key_file_set_value (kf, g, "enabled", p->enabled ? "1" : "0");
  set_duration (kf, g, "interval", p->interval_us);
  set_duration (kf, g, "pending_for", p->pending_for_us);
  set (kf, g, "grow_reserved", format_number (p->grow_reserved));
  set_duration (kf, g, "grow_for", p->grow_for_us);
  set (kf, g, "shrink_reserved", format_number (p->shrink_reserved));
  set_duration (kf, g, "shrink_for", p->shrink_for_us);
  set_duration (kf, g, "cooldown", p->cooldown_us);
}

static void
write_workload (GKeyFile *kf, const RunWorkload *e)
{
  g_autofree char *g = g_strdup_printf ("workload.%s", e->name);

  g_key_file_set_value (kf, g, "service", e->service);
  set (kf, g, "replicas", wl_curve_to_string (e->curve));
  set_duration (kf, g, "resolution", e->resolution_us);
}

static void
write_batch (GKeyFile *kf, const WlBatchSpec *b)
{
  g_autofree char *g = g_strdup_printf ("batch.%s", b->name);

  set (kf, g, "arrivals", wl_arrivals_to_string (b->arrivals));
  set_dist (kf, g, "runtime", b->runtime);
  set (kf, g, "cpus", format_cpus (b->nanocpus));
  set (kf, g, "memory", cli_scenario__format_bytes (b->memory_bytes));
  g_key_file_set_value (kf, g, "restart", wl_restart_to_string (b->restart));
  set (kf, g, "fail_probability", format_number (b->fail_probability));
  set (kf, g, "max_attempts", g_strdup_printf ("%" G_GUINT64_FORMAT, b->max_attempts));
}

/* Both file keys are written as given; "tasks" also stands for its alias "pods". */
static void
write_trace (GKeyFile *kf, const RunTraceOptions *o)
{
  const char *g = "trace";

  g_key_file_set_value (kf, g, "format", o->format);
  if (o->nodes != NULL)
    g_key_file_set_value (kf, g, "nodes", o->nodes);
  g_key_file_set_value (kf, g, "tasks", o->tasks);
  set_duration (kf, g, "start", o->start_us);
  set (kf, g, "speedup", format_number (o->speedup));
  set (kf, g, "max_tasks", g_strdup_printf ("%u", o->max_tasks));
  set (kf, g, "machine_cpus", format_cpus (o->scale.machine_nanocpus));
  set (kf, g, "machine_memory", cli_scenario__format_bytes (o->scale.machine_memory_bytes));
  set (kf, g, "node_usd_per_hour", format_number (o->node_usd_per_hour));
}

static void
write_failures (GKeyFile *kf, const FailSpec *f)
{
  const char *g = "failures";
  g_autoptr (GPtrArray) outages = g_ptr_array_new_with_free_func (g_free);

  set_dist (kf, g, "node_ttf", f->node_ttf);
  set_dist (kf, g, "node_ttr", f->node_ttr);
  g_key_file_set_value (kf, g, "node_kind", fail_kind_to_string (f->node_kind));
  set_dist (kf, g, "zone_ttf", f->zone_ttf);
  set_dist (kf, g, "zone_duration", f->zone_duration);
  for (guint i = 0; i < f->outages->len; i++) {
    const FailOutage *o = &g_array_index (f->outages, FailOutage, i);
    g_autofree char *at = sim_duration_to_string (o->at_us);
    g_autofree char *len =
        o->duration_us == SIM_TIME_NEVER ? NULL : sim_duration_to_string (o->duration_us);

    g_ptr_array_add (outages, len == NULL ? g_strdup_printf ("%s@%s", o->zone, at)
                                          : g_strdup_printf ("%s@%s+%s", o->zone, at, len));
  }
  if (outages->len > 0)
    g_key_file_set_string_list (kf, g, "outages", (const char *const *)outages->pdata,
                                outages->len);
  set_dist (kf, g, "spot_ttf", f->spot_ttf);
  set_duration (kf, g, "spot_warning", f->spot_warning_us);
}

/* Whether @f differs from fail_spec_init()'s: a scenario without [failures] gets none written. */
static gboolean
failures_are_set (const FailSpec *f)
{
  return f->node_ttf != NULL || f->node_ttr != NULL || f->zone_ttf != NULL ||
         f->zone_duration != NULL || f->spot_ttf != NULL || f->outages->len > 0 ||
         f->node_kind != FAIL_KIND_CRASH || f->spot_warning_us != FAIL_SPOT_WARNING_DEFAULT;
}

static gboolean
policy_is_default (const PoolPolicy *p)
{
  PoolPolicy d = POOL_POLICY_INIT;

  return p->enabled == d.enabled && p->interval_us == d.interval_us &&
         p->pending_for_us == d.pending_for_us && p->grow_reserved == d.grow_reserved &&
         p->grow_for_us == d.grow_for_us && p->shrink_reserved == d.shrink_reserved &&
         p->shrink_for_us == d.shrink_for_us && p->cooldown_us == d.cooldown_us;
}

void
cli_scenario_ext_write_resolved (const RunScenario *ext, GKeyFile *key_file)
{
  g_return_if_fail (ext != NULL && key_file != NULL);

  for (guint i = 0; i < ext->pools->len; i++)
    write_pool (key_file, ext->pools->pdata[i]);
  if (ext->pools->len > 0 || !policy_is_default (&ext->policy))
    write_autoscaler (key_file, &ext->policy);
  for (guint i = 0; i < ext->workloads->len; i++)
    write_workload (key_file, ext->workloads->pdata[i]);
  for (guint i = 0; i < ext->batches->len; i++)
    write_batch (key_file, ext->batches->pdata[i]);
  if (ext->trace != NULL)
    write_trace (key_file, &ext->trace->options);
  if (failures_are_set (&ext->failures))
    write_failures (key_file, &ext->failures);
}
