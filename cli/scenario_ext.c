/* SPDX-License-Identifier: MIT
 * Parsing the pools, autoscaler, workload, batch, trace and failure sections into the scenario
 * model (scenario_ext_write.c writes them back resolved; models/run attaches them to each
 * replication's world). This file maps keys to their specs. */
#include "cli/scenario_ext.h"

#include <math.h>
#include <string.h>

#include "cli/dist_file.h"
#include "cli/scenario.h"
#include "cli/scenario_private.h"
#include "cli/scenario_trace_private.h"
#include "models/failure/injector.h"
#include "models/pool/pool.h"
#include "models/workload/batch.h"
#include "models/workload/curve.h"
#include "sim/units.h"

static const char *const pool_keys[] = {
  "kind", "group", "min_nodes", "max_nodes", "max_type", "overhead_cpus", "overhead_memory", NULL
};
static const char *const autoscaler_keys[] = { "enabled",       "interval", "pending_for",
                                               "grow_reserved", "grow_for", "shrink_reserved",
                                               "shrink_for",    "cooldown", NULL };
static const char *const workload_keys[] = { "service", "replicas", "resolution", NULL };
static const char *const batch_keys[] = { "arrivals", "runtime",          "cpus",         "memory",
                                          "restart",  "fail_probability", "max_attempts", NULL };
static const char *const failure_keys[] = { "node_ttf", "node_ttr",      "node_kind",
                                            "zone_ttf", "zone_duration", "outages",
                                            "spot_ttf", "spot_warning",  NULL };

gboolean
cli_scenario_ext_is_section (const char *group)
{
  return g_str_has_prefix (group, "pool.") || g_str_has_prefix (group, "workload.") ||
         g_str_has_prefix (group, "batch.") || strcmp (group, "autoscaler") == 0 ||
         strcmp (group, "failures") == 0 || strcmp (group, "trace") == 0;
}

char **
cli_scenario_ext_dup_known_keys (const char *section)
{
  static const struct {
    const char *name;
    const char *const *keys;
  } sections[] = {
    { "pool", pool_keys },   { "autoscaler", autoscaler_keys }, { "workload", workload_keys },
    { "batch", batch_keys }, { "failures", failure_keys },      { "trace", cli_trace__keys },
  };

  g_return_val_if_fail (section != NULL, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (sections); i++)
    if (strcmp (sections[i].name, section) == 0) {
      GPtrArray *names = g_ptr_array_new ();
      for (const char *const *k = sections[i].keys; *k != NULL; k++)
        g_ptr_array_add (names, g_strdup (*k));
      g_ptr_array_add (names, NULL);
      return (char **)g_ptr_array_free (names, FALSE);
    }
  return NULL;
}

/* Every error names the file, the section and the key, as the main loader's do. */
static gboolean fail (GError **error, const char *path, const char *group, const char *key,
                      const char *fmt, ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail (GError **error, const char *path, const char *group, const char *key, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *what = NULL;

  va_start (ap, fmt);
  what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID, "%s: [%s] %s: %s", path,
               group, key, what);
  return FALSE;
}

/* Every key must be known, and every value readable: a bad escape is reported here, against its
 * key, so that get() below never meets one. */
static gboolean
check_keys (GKeyFile *kf, const char *path, const char *group, const char *const *known,
            GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  g_assert (keys != NULL); /* the group is one of the file's */
  for (guint i = 0; keys[i] != NULL; i++) {
    g_autofree char *value = NULL;
    g_autoptr (GError) local = NULL;

    if (g_strv_contains (known, keys[i]) &&
        !cli_scenario__get_string (kf, group, keys[i], &value, &local))
      return fail (error, path, group, keys[i], "%s", local->message);
    if (!g_strv_contains (known, keys[i])) {
      g_autoptr (GString) list = g_string_new (NULL);

      for (guint k = 0; known[k] != NULL; k++)
        g_string_append_printf (list, "%s%s", k > 0 ? ", " : "", known[k]);
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_UNKNOWN,
                   "%s: [%s] %s: unknown key; expected one of %s", path, group, keys[i], list->str);
      return FALSE;
    }
  }
  return TRUE;
}

/* Reads an optional value, trimmed as the core sections' values are; returns NULL when the key
 * is absent. check_keys() has read every value of the section, so none has a bad escape. */
static char *
get (GKeyFile *kf, const char *group, const char *key)
{
  char *value = NULL;

  if (g_key_file_has_key (kf, group, key, NULL) &&
      !cli_scenario__get_string (kf, group, key, &value, NULL))
    g_assert_not_reached ();
  return value;
}

/* A number of a message, without the locale's decimal comma. */
static const char *
number_text (char buf[G_ASCII_DTOSTR_BUF_SIZE], double x)
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%g", x);
}

static gboolean
get_duration (GKeyFile *kf, const char *path, const char *group, const char *key, SimTime *out,
              GError **error)
{
  g_autofree char *v = get (kf, group, key);
  g_autoptr (GError) local = NULL;

  if (v == NULL || sim_parse_duration (v, out, &local))
    return TRUE;
  return fail (error, path, group, key, "%s", local->message);
}

static gboolean
get_dist (GKeyFile *kf, const char *path, const char *group, const char *key, const char *base_dir,
          SimDist **out, GError **error)
{
  g_autofree char *v = get (kf, group, key);
  g_autoptr (GError) local = NULL;

  if (v == NULL)
    return TRUE;
  g_clear_pointer (out, sim_dist_free);
  *out = cli_dist_parse (v, base_dir, &local);
  return *out != NULL || fail (error, path, group, key, "%s", local->message);
}

static gboolean
get_number (GKeyFile *kf, const char *path, const char *group, const char *key, double lo,
            double hi, double *out, GError **error)
{
  g_autofree char *v = get (kf, group, key);
  char *end = NULL;
  double x;

  if (v == NULL)
    return TRUE;
  x = g_ascii_strtod (v, &end);
  if (end == v || *end != '\0' || !(x >= lo && x <= hi)) {
    char lo_text[G_ASCII_DTOSTR_BUF_SIZE], hi_text[G_ASCII_DTOSTR_BUF_SIZE];

    return fail (error, path, group, key, "\"%s\" is out of range; expected a number in [%s, %s]",
                 v, number_text (lo_text, lo), number_text (hi_text, hi));
  }
  *out = x;
  return TRUE;
}

static gboolean
get_uint (GKeyFile *kf, const char *path, const char *group, const char *key, guint *out,
          GError **error)
{
  double x = *out;

  if (!get_number (kf, path, group, key, 0, 100000, &x, error))
    return FALSE;
  if (x != (double)(guint)x) {
    char text[G_ASCII_DTOSTR_BUF_SIZE];

    return fail (error, path, group, key, "%s is not a whole number; expected 0 to 100000",
                 number_text (text, x));
  }
  *out = (guint)x;
  return TRUE;
}

/* A pool's overhead_cpus and overhead_memory are the same as its group's [nodes.GROUP] keys: they
 * set the node group's overhead, which the world takes off every node of the group, also after a
 * resize. Given in both places, they must agree. */
static gboolean
set_one_overhead (GKeyFile *kf, const char *path, const char *section, const char *key,
                  gboolean cpus, gint64 *field, GError **error)
{
  g_autofree char *v = get (kf, section, key);
  g_autoptr (GError) local = NULL;
  gint64 x = 0;

  if (v == NULL)
    return TRUE;
  if (!(cpus ? sim_parse_cpus (v, &x, &local) : sim_parse_bytes (v, &x, &local)))
    return fail (error, path, section, key, "%s", local->message);
  if (*field != 0 && *field != x)
    return fail (error, path, section, key,
                 "\"%s\" differs from the node group's %s; expected it in one place only", v, key);
  *field = x;
  return TRUE;
}

static gboolean
set_pool_overhead (SwarmConfig *config, const char *group_name, GKeyFile *kf, const char *path,
                   const char *section, GError **error)
{
  for (guint i = 0; i < config->node_groups->len; i++) {
    SwarmNodeGroup *g = g_ptr_array_index (config->node_groups, i);

    if (strcmp (g->name, group_name) != 0)
      continue;
    return set_one_overhead (kf, path, section, "overhead_cpus", TRUE, &g->overhead_nanocpus,
                             error) &&
           set_one_overhead (kf, path, section, "overhead_memory", FALSE, &g->overhead_memory_bytes,
                             error);
  }
  return TRUE; /* pool_spec_apply() has already said that the group does not exist */
}

static const SwarmNodeGroup *
find_group (const SwarmConfig *config, const char *name)
{
  for (guint i = 0; i < config->node_groups->len; i++)
    if (strcmp (((SwarmNodeGroup *)config->node_groups->pdata[i])->name, name) == 0)
      return config->node_groups->pdata[i];
  return NULL;
}

/* The order in which a scale-up pool climbs a family (pool.c's ladder): vCPUs, then name. */
static gint
compare_size (const Ec2InstanceType *x, const Ec2InstanceType *y)
{
  if (x->vcpus != y->vcpus)
    return x->vcpus < y->vcpus ? -1 : 1;
  return strcmp (x->name, y->name);
}

static gint
compare_size_ptr (gconstpointer a, gconstpointer b)
{
  return compare_size (*(Ec2InstanceType *const *)a, *(Ec2InstanceType *const *)b);
}

/* Returns: (transfer full): the names of @base's family in @catalog from @base up, smallest first,
 * comma-separated. */
static char *
dup_ladder_names (const Ec2Catalog *catalog, const Ec2InstanceType *base)
{
  g_autoptr (GPtrArray) ladder = g_ptr_array_new ();
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < ec2_catalog_get_size (catalog); i++) {
    const Ec2InstanceType *t = ec2_catalog_get_nth (catalog, i);

    if (strcmp (t->family, base->family) == 0 && compare_size (t, base) >= 0)
      g_ptr_array_add (ladder, (gpointer)(guintptr)t); /* kept as const */
  }
  g_ptr_array_sort (ladder, compare_size_ptr);
  for (guint i = 0; i < ladder->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                            ((const Ec2InstanceType *)ladder->pdata[i])->name);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* A scale-up pool climbs its group's family in order of vCPUs, then name (pool.c's ladder), up to
 * max_type: the type must be in the catalog, in that family, and no smaller than where the group
 * starts. Checked here so that pool_new() never refuses a loaded scenario at run time. A group
 * whose own type is unknown is left to the instance type check, which names [nodes.GROUP]. */
static gboolean
check_max_type (const PoolSpec *spec, const SwarmNodeGroup *group, const SwarmConfig *config,
                const char *path, const char *section, GError **error)
{
  g_autoptr (Ec2Catalog) catalog = NULL;
  const Ec2InstanceType *base, *max;

  if (spec->max_type == NULL)
    return TRUE;
  catalog = swarm_config_dup_catalog (config, NULL);
  base = catalog != NULL ? ec2_catalog_lookup (catalog, group->instance_type) : NULL;
  if (base == NULL)
    return TRUE;
  g_autofree char *ladder = dup_ladder_names (catalog, base);
  max = ec2_catalog_lookup (catalog, spec->max_type);
  if (max == NULL)
    return fail (error, path, section, "max_type",
                 "unknown instance type \"%s\"; expected a type of the group's %s family from "
                 "its %s up: %s",
                 spec->max_type, base->family, base->name, ladder);
  if (strcmp (max->family, base->family) != 0)
    return fail (error, path, section, "max_type",
                 "\"%s\" is not in the group's %s family; expected a type from its %s up: %s",
                 spec->max_type, base->family, base->name, ladder);
  if (compare_size (max, base) < 0)
    return fail (error, path, section, "max_type",
                 "\"%s\" is smaller than the group's type %s; expected a type from %s up: %s",
                 spec->max_type, base->name, base->name, ladder);
  return TRUE;
}

/* A pool needs nodes to start from (pool_new() refuses an empty group), and a scale-out pool
 * room between its bounds: min_nodes (0: the group's count) at most max_nodes. */
static gboolean
check_pool (const PoolSpec *spec, const SwarmConfig *config, const char *path, const char *section,
            GError **error)
{
  const SwarmNodeGroup *group = find_group (config, spec->group);
  guint min_nodes;

  if (group == NULL)
    return fail (error, path, section, "group",
                 "pool \"%s\": node group \"%s\" does not exist; expected a [nodes.%s] section",
                 spec->name, spec->group, spec->group);
  if (group->count == 0)
    return fail (error, path, section, "group",
                 "pool \"%s\": node group \"%s\" has no nodes (count = 0); expected a group with "
                 "count ≥ 1",
                 spec->name, spec->group);
  min_nodes = spec->min_nodes != 0 ? spec->min_nodes : group->count;
  if (spec->kind == POOL_KIND_SCALE_OUT && min_nodes > spec->max_nodes)
    return fail (error, path, section, "max_nodes",
                 "%u is below the pool's minimum of %u nodes%s; expected at least %u",
                 spec->max_nodes, min_nodes, spec->min_nodes != 0 ? "" : " (the group's count)",
                 min_nodes);
  return check_max_type (spec, group, config, path, section, error);
}

static gboolean
load_pool (RunScenario *ext, GKeyFile *kf, const char *path, const char *group, SwarmConfig *config,
           GError **error)
{
  PoolSpec *spec = g_new0 (PoolSpec, 1);
  g_autofree char *kind = get (kf, group, "kind");
  g_autofree char *grp = get (kf, group, "group");

  pool_spec_init (spec, group + strlen ("pool."));
  g_ptr_array_add (ext->pools, spec);
  if (kind != NULL && !pool_kind_from_string (kind, &spec->kind))
    return fail (error, path, group, "kind",
                 "\"%s\" is not a pool kind; expected scale-up or scale-out", kind);
  if (grp != NULL)
    g_free (spec->group), spec->group = g_steal_pointer (&grp);
  spec->max_type = get (kf, group, "max_type");
  if (!get_uint (kf, path, group, "min_nodes", &spec->min_nodes, error) ||
      !get_uint (kf, path, group, "max_nodes", &spec->max_nodes, error))
    return FALSE;
  if (!check_pool (spec, config, path, group, error))
    return FALSE;
  return set_pool_overhead (config, spec->group, kf, path, group, error);
}

static gboolean
load_autoscaler (RunScenario *ext, GKeyFile *kf, const char *path, GError **error)
{
  const char *g = "autoscaler";
  PoolPolicy *p = &ext->policy;
  double enabled = p->enabled ? 1 : 0;

  if (!g_key_file_has_group (kf, g))
    return TRUE;
  if (!check_keys (kf, path, g, autoscaler_keys, error) ||
      !get_number (kf, path, g, "enabled", 0, 1, &enabled, error) ||
      !get_duration (kf, path, g, "interval", &p->interval_us, error) ||
      !get_duration (kf, path, g, "pending_for", &p->pending_for_us, error) ||
      !get_number (kf, path, g, "grow_reserved", 0, 1, &p->grow_reserved, error) ||
      !get_duration (kf, path, g, "grow_for", &p->grow_for_us, error) ||
      !get_number (kf, path, g, "shrink_reserved", 0, 1, &p->shrink_reserved, error) ||
      !get_duration (kf, path, g, "shrink_for", &p->shrink_for_us, error) ||
      !get_duration (kf, path, g, "cooldown", &p->cooldown_us, error))
    return FALSE;
  if (enabled != 0 && enabled != 1) {
    char text[G_ASCII_DTOSTR_BUF_SIZE];

    return fail (error, path, g, "enabled", "%s is not a switch; expected 0 or 1",
                 number_text (text, enabled));
  }
  p->enabled = enabled != 0;
  if (p->interval_us <= 0)
    return fail (error, path, g, "interval", "0 is too short; expected a positive duration");
  return TRUE;
}

/* More services than this are counted, not listed, in "expected one of ...". */
#define NAMES_MAX 12

static void
append_service_names (GString *names, guint *n, const GPtrArray *services)
{
  for (guint i = 0; services != NULL && i < services->len; i++, (*n)++) {
    if (*n < NAMES_MAX)
      g_string_append_printf (names, "%s%s", *n > 0 ? ", " : "",
                              ((SwarmServiceConfig *)services->pdata[i])->spec->name);
  }
}

static gboolean
has_service (const GPtrArray *services, const char *name)
{
  for (guint i = 0; services != NULL && i < services->len; i++)
    if (strcmp (((SwarmServiceConfig *)services->pdata[i])->spec->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* A workload scales a service of the scenario's own or of its trace (read before the workloads);
 * one naming no service would change nothing all run long. */
static gboolean
check_workload_service (const RunScenario *ext, const RunWorkload *e, const char *path,
                        const char *group, GError **error)
{
  const GPtrArray *traced = ext->trace != NULL ? ext->trace->services : NULL;
  g_autoptr (GString) names = g_string_new (NULL);
  guint n = 0;

  if (has_service (ext->config->services, e->service) || has_service (traced, e->service))
    return TRUE;
  append_service_names (names, &n, ext->config->services);
  append_service_names (names, &n, traced);
  if (n == 0)
    return fail (error, path, group, "service",
                 "no service \"%s\"; expected the name of a [service.NAME] section", e->service);
  if (n > NAMES_MAX)
    g_string_append_printf (names, " (and %u more)", n - NAMES_MAX);
  return fail (error, path, group, "service", "no service \"%s\"; expected one of %s", e->service,
               names->str);
}

static gboolean
load_workload (RunScenario *ext, GKeyFile *kf, const char *path, const char *group,
               const char *base_dir, GError **error)
{
  RunWorkload *e = g_new0 (RunWorkload, 1);
  g_autofree char *replicas = get (kf, group, "replicas");
  g_autoptr (GError) local = NULL;

  g_ptr_array_add (ext->workloads, e);
  e->name = g_strdup (group + strlen ("workload."));
  e->service = get (kf, group, "service");
  if (e->service == NULL)
    e->service = g_strdup (group + strlen ("workload."));
  e->resolution_us = SIM_MIN (1);
  if (!check_workload_service (ext, e, path, group, error))
    return FALSE;
  if (replicas == NULL)
    return fail (error, path, group, "replicas",
                 "missing; expected a replica curve such as "
                 "ramp(4,24,30m,4h)");
  e->curve = wl_curve_parse (replicas, base_dir, &local);
  if (e->curve == NULL)
    return fail (error, path, group, "replicas", "%s", local->message);
  if (!get_duration (kf, path, group, "resolution", &e->resolution_us, error))
    return FALSE;
  return e->resolution_us > 0 ||
         fail (error, path, group, "resolution", "0 is too short; expected a positive duration");
}

static gboolean
load_batch (RunScenario *ext, GKeyFile *kf, const char *path, const char *group,
            const char *base_dir, SwarmConfig *config, GError **error)
{
  WlBatchSpec *b = g_new0 (WlBatchSpec, 1);
  g_autofree char *arrivals = get (kf, group, "arrivals");
  g_autofree char *cpus = get (kf, group, "cpus");
  g_autofree char *mem = get (kf, group, "memory");
  g_autofree char *restart = get (kf, group, "restart");
  g_autoptr (GError) local = NULL;
  double max_attempts = 0;

  g_ptr_array_add (ext->batches, b);
  b->name = g_strdup (group + strlen ("batch."));
  b->arrivals = wl_arrivals_parse (arrivals != NULL ? arrivals : "poisson(10m)", base_dir, &local);
  if (b->arrivals == NULL)
    return fail (error, path, group, "arrivals", "%s", local->message);
  b->runtime = cli_dist_parse ("exp(10m)", NULL, NULL);
  if (!get_dist (kf, path, group, "runtime", base_dir, &b->runtime, error) ||
      !get_number (kf, path, group, "fail_probability", 0, 1, &b->fail_probability, error))
    return FALSE;
  if (cpus != NULL && !sim_parse_cpus (cpus, &b->nanocpus, &local))
    return fail (error, path, group, "cpus", "%s", local->message);
  if (mem != NULL && !sim_parse_bytes (mem, &b->memory_bytes, &local))
    return fail (error, path, group, "memory", "%s", local->message);
  if (restart != NULL && !wl_restart_from_string (restart, &b->restart))
    return fail (error, path, group, "restart",
                 "\"%s\" is not a condition; expected none or on-failure", restart);
  if (!get_number (kf, path, group, "max_attempts", 0, 1e6, &max_attempts, error))
    return FALSE;
  if (max_attempts != (double)(guint64)max_attempts) {
    char text[G_ASCII_DTOSTR_BUF_SIZE];

    return fail (error, path, group, "max_attempts",
                 "%s is not a whole number; expected 0 (unlimited) to 1000000",
                 number_text (text, max_attempts));
  }
  b->max_attempts = (guint64)max_attempts;
  /* Each job runs as its own service "NAME-N" (models/workload/jobs.h), created when it arrives;
   * a configured service of that form would take the job's name. */
  for (guint i = 0; i < config->services->len; i++) {
    const char *s = ((SwarmServiceConfig *)config->services->pdata[i])->spec->name;
    gsize n = strlen (b->name);

    if (strncmp (s, b->name, n) == 0 && s[n] == '-' && g_ascii_isdigit (s[n + 1]))
      return fail (error, path, group, "arrivals",
                   "service \"%s\" has the name of one of this family's jobs (%s-N); expected "
                   "another batch or service name",
                   s, b->name);
  }
  return TRUE;
}

static gboolean
load_failures (RunScenario *ext, GKeyFile *kf, const char *path, const char *base_dir,
               GError **error)
{
  const char *g = "failures";
  FailSpec *f = &ext->failures;
  g_autofree char *kind = get (kf, g, "node_kind");
  g_auto (GStrv) outages = NULL;

  if (!g_key_file_has_group (kf, g))
    return TRUE;
  if (!check_keys (kf, path, g, failure_keys, error) ||
      !get_dist (kf, path, g, "node_ttf", base_dir, &f->node_ttf, error) ||
      !get_dist (kf, path, g, "node_ttr", base_dir, &f->node_ttr, error) ||
      !get_dist (kf, path, g, "zone_ttf", base_dir, &f->zone_ttf, error) ||
      !get_dist (kf, path, g, "zone_duration", base_dir, &f->zone_duration, error) ||
      !get_dist (kf, path, g, "spot_ttf", base_dir, &f->spot_ttf, error) ||
      !get_duration (kf, path, g, "spot_warning", &f->spot_warning_us, error))
    return FALSE;
  if (kind != NULL && (!fail_kind_from_string (kind, &f->node_kind) ||
                       (f->node_kind != FAIL_KIND_CRASH && f->node_kind != FAIL_KIND_REBOOT)))
    return fail (error, path, g, "node_kind",
                 "\"%s\" is not a node failure; expected crash or reboot", kind);
  if (f->node_ttf != NULL && f->node_ttr == NULL)
    return fail (error, path, g, "node_ttr",
                 "missing; expected a distribution when node_ttf is set");
  if (f->zone_ttf != NULL && f->zone_duration == NULL)
    return fail (error, path, g, "zone_duration",
                 "missing; expected a distribution when zone_ttf is set");
  /* check_keys() has read the value as one string: a list of it has no bad escape either. */
  outages = g_key_file_get_string_list (kf, g, "outages", NULL, NULL);
  for (guint i = 0; outages != NULL && outages[i] != NULL; i++) {
    g_autoptr (GError) local = NULL;

    if (!fail_spec_add_outage (f, g_strstrip (outages[i]), &local))
      return fail (error, path, g, "outages", "%s", local->message);
  }
  return TRUE;
}

gboolean
cli_scenario_ext_check_actions (const RunScenario *ext, const SwarmConfig *config, GError **error)
{
  g_return_val_if_fail (ext != NULL && config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < ext->pools->len; i++)
    if (!pool_spec_check_actions (g_ptr_array_index (ext->pools, i), config, error))
      return FALSE;
  return TRUE;
}

gboolean
cli_scenario_ext_load (GKeyFile *kf, const char *path, const char *base_dir, RunScenario *ext,
                       GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);
  SwarmConfig *config;
  gboolean ok = TRUE;

  g_return_val_if_fail (kf != NULL && path != NULL && ext != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  config = ext->config;
  if (!load_autoscaler (ext, kf, path, error) || !load_failures (ext, kf, path, base_dir, error))
    return FALSE;
  if (g_key_file_has_group (kf, "trace")) {
    if (!check_keys (kf, path, "trace", cli_trace__keys, error))
      return FALSE;
    ext->trace = cli_trace__load (kf, path, base_dir, error);
    if (ext->trace == NULL)
      return FALSE;
  }
  /* Groups in file order: pools, workloads and batches keep the order the author wrote. */
  for (guint i = 0; ok && groups[i] != NULL; i++) {
    const char *g = groups[i];

    if (g_str_has_prefix (g, "pool."))
      ok =
          check_keys (kf, path, g, pool_keys, error) && load_pool (ext, kf, path, g, config, error);
    else if (g_str_has_prefix (g, "workload."))
      ok = check_keys (kf, path, g, workload_keys, error) &&
           load_workload (ext, kf, path, g, base_dir, error);
    else if (g_str_has_prefix (g, "batch."))
      ok = check_keys (kf, path, g, batch_keys, error) &&
           load_batch (ext, kf, path, g, base_dir, config, error);
  }
  if (!ok)
    return FALSE;
  for (guint i = 0; i < ext->pools->len; i++)
    ((PoolSpec *)ext->pools->pdata[i])->policy = ext->policy;
  return TRUE;
}

static void
describe_failures (GString *out, const FailSpec *f)
{
  g_autofree char *ttf = f->node_ttf != NULL ? sim_dist_to_string (f->node_ttf) : NULL;
  g_autofree char *ttr = f->node_ttr != NULL ? sim_dist_to_string (f->node_ttr) : NULL;
  g_autofree char *zttf = f->zone_ttf != NULL ? sim_dist_to_string (f->zone_ttf) : NULL;
  g_autofree char *zdur = f->zone_duration != NULL ? sim_dist_to_string (f->zone_duration) : NULL;
  g_autofree char *spot = f->spot_ttf != NULL ? sim_dist_to_string (f->spot_ttf) : NULL;

  if (ttf == NULL && zttf == NULL && spot == NULL && f->outages->len == 0)
    return;
  g_string_append (out, "Failures:\n");
  if (ttf != NULL)
    g_string_append_printf (out, "  every node: %s after %s up, repaired after %s\n",
                            fail_kind_to_string (f->node_kind), ttf, ttr);
  if (zttf != NULL)
    g_string_append_printf (out, "  every zone: an outage after %s, lasting %s\n", zttf, zdur);
  for (guint i = 0; i < f->outages->len; i++) {
    const FailOutage *o = &g_array_index (f->outages, FailOutage, i);
    g_autofree char *at = sim_duration_to_string (o->at_us);
    g_autofree char *len = o->duration_us == SIM_TIME_NEVER
                               ? g_strdup ("ever")
                               : sim_duration_to_string (o->duration_us);

    g_string_append_printf (out, "  zone %s down at %s for %s\n", o->zone, at, len);
  }
  if (spot != NULL) {
    g_autofree char *warn = sim_duration_to_string (f->spot_warning_us);

    g_string_append_printf (out, "  spot nodes: interrupted after %s up, %s warning\n", spot, warn);
  }
}

char *
cli_scenario_ext_dup_description (const RunScenario *ext)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (ext != NULL, NULL);
  if (ext->pools->len > 0 || ext->workloads->len > 0 || ext->batches->len > 0 || ext->trace != NULL)
    g_string_append (out, "Pools and workloads:\n");
  for (guint i = 0; i < ext->pools->len; i++) {
    const PoolSpec *p = ext->pools->pdata[i];
    g_autofree char *size = NULL;

    if (p->kind == POOL_KIND_SCALE_UP)
      size = g_strdup_printf ("resized up to %s",
                              p->max_type != NULL ? p->max_type : "the family's largest type");
    else if (p->min_nodes == 0)
      size = g_strdup_printf ("the group's count to %u nodes", p->max_nodes);
    else
      size = g_strdup_printf ("%u to %u nodes", p->min_nodes, p->max_nodes);
    g_string_append_printf (out, "  pool %s: %s of group %s, %s, autoscaler %s\n", p->name,
                            pool_kind_to_string (p->kind), p->group, size,
                            p->policy.enabled ? "on" : "off");
  }
  for (guint i = 0; i < ext->workloads->len; i++) {
    const RunWorkload *e = ext->workloads->pdata[i];
    g_autofree char *curve = wl_curve_to_string (e->curve);
    g_autofree char *res = sim_duration_to_string (e->resolution_us);

    g_string_append_printf (out, "  workload %s: replicas %s, every %s\n", e->service, curve, res);
  }
  for (guint i = 0; i < ext->batches->len; i++) {
    const WlBatchSpec *b = ext->batches->pdata[i];
    g_autofree char *arrivals = wl_arrivals_to_string (b->arrivals);
    g_autofree char *runtime = sim_dist_to_string (b->runtime);

    g_string_append_printf (out, "  batch %s: arrivals %s, runtime %s, restart %s\n", b->name,
                            arrivals, runtime, wl_restart_to_string (b->restart));
  }
  if (ext->trace != NULL)
    cli_trace__describe (ext->trace, out);
  describe_failures (out, &ext->failures);
  return g_string_free (out, FALSE);
}
