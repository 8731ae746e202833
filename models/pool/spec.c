/* SPDX-License-Identifier: MIT
 * What a pool changes in the world's configuration before the world is built: a label on its group
 * and, for the per-node overhead, instance types that advertise less than the machine has. */
#include "models/pool/pool.h"

#include <string.h>

#include "models/ec2/catalog.h"

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

/* Overhead comes off the whole family, not only the group's type, because a scale-up pool moves
 * through the family; managers of the same family pay it too, as real hosts do. */
static gboolean
apply_memory_overhead (const PoolSpec *spec, SwarmConfig *config, const char *type_name,
                       GError **error)
{
  g_autoptr (Ec2Catalog) catalog = swarm_config_dup_catalog (config, error);
  const Ec2InstanceType *base;

  if (catalog == NULL)
    return FALSE;
  base = ec2_catalog_get (catalog, type_name, error);
  if (base == NULL)
    return FALSE;
  for (guint i = 0; i < ec2_catalog_get_size (catalog); i++) {
    const Ec2InstanceType *t = ec2_catalog_get_nth (catalog, i);
    Ec2InstanceType *copy;

    if (strcmp (t->family, base->family) != 0)
      continue;
    if (t->memory_bytes <= spec->overhead_memory_bytes) {
      g_set_error (error, POOL_ERROR, POOL_ERROR_INVALID,
                   "pool \"%s\": overhead memory is not below %s's memory; expected less than "
                   "%" G_GINT64_FORMAT " bytes",
                   spec->name, t->name, t->memory_bytes);
      return FALSE;
    }
    copy = ec2_instance_type_copy (t);
    copy->memory_bytes -= spec->overhead_memory_bytes;
    g_ptr_array_add (config->extra_instance_types, copy);
  }
  return TRUE;
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
  if (spec->overhead_nanocpus != 0) {
    g_set_error (
        error, POOL_ERROR, POOL_ERROR_INVALID,
        "pool \"%s\": overhead_cpus is not supported yet (the world cannot reduce a node's "
        "CPU capacity); expected 0",
        spec->name);
    return FALSE;
  }
  g_ptr_array_add (group->labels, g_strdup_printf ("pool=%s", spec->name));
  if (spec->overhead_memory_bytes > 0)
    return apply_memory_overhead (spec, config, group->instance_type, error);
  return TRUE;
}
