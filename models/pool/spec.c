/* SPDX-License-Identifier: MIT
 * What a pool changes in the world's configuration before the world is built: a label on its group.
 * The per-node overhead is not the pool's: it is the node group's (SwarmNodeGroup's
 * overhead_nanocpus and overhead_memory_bytes), which the world takes off every node. */
#include "models/pool/pool.h"

#include <string.h>

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
