/* SPDX-License-Identifier: MIT
 * Validation of a world configuration against the instance catalog and against itself: the action
 * timeline is replayed on names only (nodes joined, services created or removed, roles changed),
 * so that an action naming something that will not exist at its time is refused before the run. */
#include "models/swarm/config.h"

#include <string.h>

#include "sim/units.h"

/* Names appear in node names, CSV cells and the narration: keep them to a safe alphabet. */
static gboolean
name_is_valid (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
label_is_valid (const char *label)
{
  const char *eq = strchr (label, '=');
  return eq != NULL && eq != label;
}

static gboolean
check_settings (const SwarmConfig *c, GError **error)
{
  const char *bad = NULL;
  if (c->duration_us <= 0)
    bad = "duration must be positive";
  else if (c->step_us <= 0)
    bad = "timeline step must be positive";
  else if (c->heartbeat_period_us <= 0 || c->heartbeat_epsilon_us < 0 ||
           c->heartbeat_epsilon_us >= c->heartbeat_period_us)
    bad = "heartbeat period must be positive and its epsilon in [0, period)";
  else if (c->grace_multiplier < 1 || c->unknown_multiplier < 1)
    bad = "grace and unknown multipliers must be at least 1";
  else if (c->dispatcher_batch_us < 0 || c->agent_reconnect_max_us < 0)
    bad = "dispatcher batch and agent reconnect must not be negative";
  else if (c->raft_tick_us <= 0 || c->election_ticks < 1)
    bad = "raft tick must be positive and election ticks at least 1";
  else if (c->raft_rtt_us < 0 || c->raft_rtt_us >= c->raft_tick_us)
    bad = "raft round trip must be in [0, raft tick)";
  else if (c->orphan_period_us <= 0)
    bad = "orphan period must be positive";
  else if (c->registry_bytes_per_second <= 0)
    bad = "registry throughput must be positive";
  else if (c->launch_time == NULL || c->docker_start == NULL || c->swarm_join == NULL ||
           c->manifest_time == NULL)
    bad = "launch, docker start, swarm join and manifest distributions must be set";
  if (bad != NULL) {
    g_set_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID, "%s", bad);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_group (const SwarmNodeGroup *g, const Ec2Catalog *catalog, GHashTable *groups, GError **error)
{
  if (!name_is_valid (g->name)) {
    g_set_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID,
                 "node group \"%s\": bad name; expected letters, digits, '-', '_' or '.'", g->name);
    return FALSE;
  }
  if (g_hash_table_contains (groups, g->name)) {
    g_set_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID,
                 "node group \"%s\": defined twice; expected unique group names", g->name);
    return FALSE;
  }
  if (ec2_catalog_lookup (catalog, g->instance_type) == NULL) {
    g_set_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_UNKNOWN_NAME,
                 "node group \"%s\": unknown instance type \"%s\"; expected a catalog type "
                 "(e.g. m5.large) or an extra type",
                 g->name, g->instance_type);
    return FALSE;
  }
  const Ec2InstanceType *type = ec2_catalog_lookup (catalog, g->instance_type);
  if (g->overhead_nanocpus < 0 || g->overhead_nanocpus >= (gint64)type->vcpus * 1000000000 ||
      g->overhead_memory_bytes < 0 || g->overhead_memory_bytes >= type->memory_bytes) {
    char cpus[G_ASCII_DTOSTR_BUF_SIZE]; /* locale-independent */
    g_ascii_formatd (cpus, sizeof cpus, "%g", (double)g->overhead_nanocpus / 1e9);
    g_set_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID,
                 "node group \"%s\": overhead of %s vCPUs and %" G_GINT64_FORMAT
                 " bytes; expected ≥ 0 and less than %s's %u vCPUs and %" G_GINT64_FORMAT " bytes",
                 g->name, cpus, g->overhead_memory_bytes, type->name, type->vcpus,
                 type->memory_bytes);
    return FALSE;
  }
  const GPtrArray *lists[] = { g->labels, g->engine_labels };
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      if (!label_is_valid (g_ptr_array_index (lists[l], i))) {
        g_set_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID,
                     "node group \"%s\": bad %s \"%s\"; expected key=value", g->name,
                     l == 0 ? "label" : "engine label",
                     (const char *)g_ptr_array_index (lists[l], i));
        return FALSE;
      }
  if (g->platform.os == NULL || *g->platform.os == '\0' ||
      (g->platform.arch != NULL && *g->platform.arch == '\0')) {
    g_set_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID,
                 "node group \"%s\": empty platform OS or architecture; expected e.g. "
                 "linux/x86_64",
                 g->name);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_service (const SwarmServiceConfig *s, GHashTable *names, GError **error)
{
  const char *name = s->spec != NULL ? s->spec->name : NULL;
  const char *bad = NULL;
  if (!name_is_valid (name))
    bad = "bad name; expected letters, digits, '-', '_' or '.'";
  else if (g_hash_table_contains (names, name))
    bad = "defined twice; expected unique service names";
  else if (s->spec->image == NULL || *s->spec->image == '\0')
    bad = "no image; expected an image name";
  else if (s->image_size_bytes < 0)
    bad = "negative image size; expected a size ≥ 0";
  else if (s->start_time == NULL || s->stop_time == NULL)
    bad = "start and stop time distributions must be set";
  else if (s->stop_grace_us < 0)
    bad = "negative stop grace period; expected a duration ≥ 0";
  else if (!(s->exit_fail_probability >= 0.0 && s->exit_fail_probability <= 1.0))
    bad = "bad exit failure probability; expected a number in [0, 1]";
  if (bad != NULL) {
    g_set_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID, "service \"%s\": %s",
                 name != NULL ? name : "", bad);
    return FALSE;
  }
  return TRUE;
}

/* The names that exist while the timeline is replayed. Keys are borrowed or owned by @owned. */
typedef struct {
  GHashTable *nodes;         /* name → GINT_TO_POINTER (role + 1) */
  GHashTable *groups;        /* name → SwarmNodeGroup (unowned) */
  GHashTable *services;      /* name → GINT_TO_POINTER (1 while it exists, 2 not created yet) */
  GHashTable *joined;        /* group name → GUINT_TO_POINTER (nodes of the group so far) */
  GPtrArray *owned;          /* (element-type utf8) owned names */
  const Ec2Catalog *catalog; /* unowned; the types a resize may name */
} Names;

/* A join names its node "<group>-<k>", k counting every node of the group so far. */
static const char *
replay_join (Names *n, const SwarmAction *a)
{
  SwarmNodeGroup *g = g_hash_table_lookup (n->groups, a->target);
  if (g == NULL)
    return "unknown node group; expected the name of a [group]";
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (n->joined, a->target)) + 1;
  g_hash_table_insert (n->joined, g->name, GUINT_TO_POINTER (count));
  char *name = swarm_config_get_node_name (g, count);
  g_ptr_array_add (n->owned, name);
  OrchRole r = a->role_set ? a->role : g->role;
  g_hash_table_insert (n->nodes, name, GINT_TO_POINTER (r + 1));
  return NULL;
}

static const char *
check_action_names (Names *n, const SwarmAction *a)
{
  gpointer role = g_hash_table_lookup (n->nodes, a->target);
  gpointer svc = g_hash_table_lookup (n->services, a->target);
  switch (a->kind) {
    case SWARM_ACTION_NODE_JOIN:
      return replay_join (n, a);
    case SWARM_ACTION_SERVICE_CREATE:
      if (GPOINTER_TO_INT (svc) != 2)
        return "no service waiting to be created; expected a service with create_at_start off";
      g_hash_table_insert (n->services, a->target, GINT_TO_POINTER (1));
      return NULL;
    case SWARM_ACTION_SERVICE_SCALE:
    case SWARM_ACTION_SERVICE_UPDATE:
    case SWARM_ACTION_SERVICE_ROLLBACK:
    case SWARM_ACTION_SERVICE_REMOVE:
      if (GPOINTER_TO_INT (svc) != 1)
        return "unknown service; expected a service that exists at that time";
      if (a->kind == SWARM_ACTION_SERVICE_REMOVE)
        g_hash_table_insert (n->services, a->target, GINT_TO_POINTER (3));
      return NULL;
    case SWARM_ACTION_NODE_LABEL_ADD:
    case SWARM_ACTION_NODE_LABEL_REMOVE:
      if (a->key == NULL || *a->key == '\0' ||
          (a->kind == SWARM_ACTION_NODE_LABEL_ADD && a->value == NULL))
        return "missing label; expected key (and value for label-add)";
      break;
    case SWARM_ACTION_FORCE_NEW_CLUSTER:
      if (role != NULL && GPOINTER_TO_INT (role) - 1 != ORCH_ROLE_MANAGER)
        return "not a manager; expected a manager node";
      break;
    case SWARM_ACTION_NODE_RESIZE:
      if (a->instance_type == NULL || ec2_catalog_lookup (n->catalog, a->instance_type) == NULL)
        return "unknown instance type; expected a catalog type (e.g. m5.xlarge) or an extra type";
      break;
    case SWARM_ACTION_NODE_REMOVE:
      /* The instance is terminated: later actions cannot name the node. */
      if (role != NULL)
        g_hash_table_remove (n->nodes, a->target);
      break;
    case SWARM_ACTION_NODE_PROMOTE:
    case SWARM_ACTION_NODE_DEMOTE:
      if (role != NULL)
        g_hash_table_insert (
            n->nodes, a->target,
            GINT_TO_POINTER (
                (a->kind == SWARM_ACTION_NODE_PROMOTE ? ORCH_ROLE_MANAGER : ORCH_ROLE_WORKER) + 1));
      break;
    case SWARM_ACTION_NODE_CRASH:
    case SWARM_ACTION_NODE_RECOVER:
    case SWARM_ACTION_NODE_LEAVE:
    case SWARM_ACTION_NODE_DRAIN:
    case SWARM_ACTION_NODE_PAUSE:
    case SWARM_ACTION_NODE_ACTIVATE:
    case SWARM_ACTION_PARTITION:
    case SWARM_ACTION_HEAL:
      break;
  }
  if (role == NULL)
    return "unknown node; expected a node of a group (\"<group>-<n>\") or a joined node";
  return NULL;
}

static gint
action_order (gconstpointer a, gconstpointer b)
{
  const SwarmAction *x = *(SwarmAction *const *)a, *y = *(SwarmAction *const *)b;
  return x->at_us < y->at_us ? -1 : x->at_us > y->at_us;
}

static gboolean
check_actions (const SwarmConfig *c, Names *n, GError **error)
{
  /* g_ptr_array_sort is a stable merge sort: equal times keep their scenario order. */
  g_autoptr (GPtrArray) sorted = g_ptr_array_copy (c->actions, NULL, NULL);
  g_ptr_array_set_free_func (sorted, NULL); /* the copy must not free the actions */
  g_ptr_array_sort (sorted, action_order);
  for (guint i = 0; i < sorted->len; i++) {
    const SwarmAction *a = g_ptr_array_index (sorted, i);
    guint index = 0;
    g_ptr_array_find (c->actions, a, &index);
    const char *bad =
        a->at_us < 0 ? "negative time; expected a time ≥ 0" : check_action_names (n, a);
    if (bad == NULL)
      continue;
    g_autofree char *at = sim_duration_to_string (a->at_us < 0 ? 0 : a->at_us);
    /* A resize's type is part of what the action names, so the message shows it. */
    gboolean typed = a->kind == SWARM_ACTION_NODE_RESIZE && a->instance_type != NULL;
    g_set_error (error, SWARM_CONFIG_ERROR,
                 a->at_us < 0 ? SWARM_CONFIG_ERROR_INVALID : SWARM_CONFIG_ERROR_UNKNOWN_NAME,
                 "action %u (%s %s%s%s at %s): %s", index + 1,
                 swarm_action_kind_to_string (a->kind), a->target, typed ? " " : "",
                 typed ? a->instance_type : "", at, bad);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_all (const SwarmConfig *config, const Ec2Catalog *catalog, Names *n, GError **error)
{
  if (!check_settings (config, error))
    return FALSE;
  guint managers = 0;
  for (guint i = 0; i < config->node_groups->len; i++) {
    SwarmNodeGroup *g = g_ptr_array_index (config->node_groups, i);
    if (!check_group (g, catalog, n->groups, error))
      return FALSE;
    g_hash_table_insert (n->groups, g->name, g);
    g_hash_table_insert (n->joined, g->name, GUINT_TO_POINTER (g->count));
    for (guint k = 1; k <= g->count; k++) {
      char *name = swarm_config_get_node_name (g, k);
      g_ptr_array_add (n->owned, name);
      g_hash_table_insert (n->nodes, name, GINT_TO_POINTER (g->role + 1));
    }
    if (g->role == ORCH_ROLE_MANAGER)
      managers += g->count;
  }
  if (managers == 0) {
    g_set_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID,
                 "no manager; expected at least one node group with role manager and count ≥ 1");
    return FALSE;
  }
  for (guint i = 0; i < config->services->len; i++) {
    SwarmServiceConfig *s = g_ptr_array_index (config->services, i);
    if (!check_service (s, n->services, error))
      return FALSE;
    g_hash_table_insert (n->services, s->spec->name, GINT_TO_POINTER (s->create_at_start ? 1 : 2));
  }
  return check_actions (config, n, error);
}

gboolean
swarm_config_validate (const SwarmConfig *config, const Ec2Catalog *catalog, GError **error)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autoptr (Ec2Catalog) own = NULL;
  if (catalog == NULL) {
    own = swarm_config_dup_catalog (config, error);
    if (own == NULL)
      return FALSE;
    catalog = own;
  }
  /* The tables are only looked up, never iterated, so their order cannot reach the message. */
  Names n = { .nodes = g_hash_table_new (g_str_hash, g_str_equal),
              .groups = g_hash_table_new (g_str_hash, g_str_equal),
              .services = g_hash_table_new (g_str_hash, g_str_equal),
              .joined = g_hash_table_new (g_str_hash, g_str_equal),
              .owned = g_ptr_array_new_with_free_func (g_free),
              .catalog = catalog };
  gboolean ok = check_all (config, catalog, &n, error);
  g_hash_table_unref (n.nodes);
  g_hash_table_unref (n.groups);
  g_hash_table_unref (n.services);
  g_hash_table_unref (n.joined);
  g_ptr_array_unref (n.owned);
  return ok;
}
