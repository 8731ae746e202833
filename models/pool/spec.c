/* SPDX-License-Identifier: MIT
 * What a pool changes in the world's configuration before the world is built (a label on its
 * group), and which timeline actions it cannot live with. The per-node overhead is not the pool's:
 * it is the node group's (SwarmNodeGroup's overhead_nanocpus and overhead_memory_bytes), which the
 * world takes off every node. */
#include "models/pool/pool.h"

#include <string.h>
#include "sim/units.h"

static SwarmNodeGroup *
find_group (SwarmConfig *config, const char *name)
{
  for (guint i = 0; i < config->node_groups->len; i++) {
    SwarmNodeGroup *g = config->node_groups->pdata[i];

    if (strcmp (g->name, name) == 0)
      return g;
  }
  return NULL;
}

gboolean
pool_spec_apply (const PoolSpec *spec, SwarmConfig *config, GError **error)
{
  SwarmNodeGroup *group;

  g_return_val_if_fail (spec != NULL && config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  group = find_group (config, spec->group);
  if (group == NULL) {
    g_set_error (error, POOL_ERROR, POOL_ERROR_UNKNOWN_NAME,
                 "pool \"%s\": node group \"%s\" does not exist; expected a [nodes.%s] section",
                 spec->name, spec->group, spec->group);
    return FALSE;
  }
  g_ptr_array_add (group->labels, g_strdup_printf ("pool=%s", spec->name));
  return TRUE;
}

/* TRUE when @node is "GROUP-N": one of the group's nodes, initial, joined or added by the pool. A
 * node of another group never matches, since its suffix after "GROUP-" is not all digits. */
static gboolean
is_group_node (const char *node, const char *group)
{
  size_t len = strlen (group);

  if (strncmp (node, group, len) != 0 || node[len] != '-' || node[len + 1] == '\0')
    return FALSE;
  for (const char *p = node + len + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

gboolean
pool_spec_check_actions (const PoolSpec *spec, const SwarmConfig *config, GError **error)
{
  g_return_val_if_fail (spec != NULL && config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < config->actions->len; i++) {
    const SwarmAction *a = config->actions->pdata[i];
    g_autofree char *at = NULL;

    if (a->kind != SWARM_ACTION_NODE_RESIZE && a->kind != SWARM_ACTION_NODE_REMOVE)
      continue;
    if (!is_group_node (a->target, spec->group))
      continue;
    at = sim_duration_to_string (a->at_us);
    /* Worded like swarm_config_validate()'s action errors, a resize with its type. */
    gboolean typed = a->kind == SWARM_ACTION_NODE_RESIZE && a->instance_type != NULL;
    g_set_error (error, POOL_ERROR, POOL_ERROR_INVALID,
                 "pool \"%s\": action %u (%s %s%s%s at %s) changes a node the pool manages; "
                 "expected no timeline resize or terminate of the pool's nodes",
                 spec->name, i + 1, swarm_action_kind_to_string (a->kind), a->target,
                 typed ? " " : "", typed ? a->instance_type : "", at);
    return FALSE;
  }
  return TRUE;
}
