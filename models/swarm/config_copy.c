/* SPDX-License-Identifier: MIT
 * Deep copies of configurations. Each copy function names every owned field of its struct, so a
 * field added to config.h without a line here shows up as a shared pointer in review and as a
 * double free under the sanitizers' tests. */
#include "models/swarm/config_copy.h"

static GPtrArray *
copy_strings (const GPtrArray *strings)
{
  GPtrArray *out = g_ptr_array_new_full (strings != NULL ? strings->len : 0, g_free);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    g_ptr_array_add (out, g_strdup (g_ptr_array_index (strings, i)));
  return out;
}

static SimDist *
copy_dist (const SimDist *dist)
{
  return dist != NULL ? sim_dist_copy (dist) : NULL;
}

SwarmNodeGroup *
swarm_node_group_copy (const SwarmNodeGroup *group)
{
  g_return_val_if_fail (group != NULL, NULL);

  SwarmNodeGroup *g = g_new0 (SwarmNodeGroup, 1);
  *g = *group;
  g->name = g_strdup (group->name);
  g->instance_type = g_strdup (group->instance_type);
  g->labels = copy_strings (group->labels);
  g->availability_zone = g_strdup (group->availability_zone);
  g->cached_images = copy_strings (group->cached_images);
  g->platform.os = g_strdup (group->platform.os);
  g->platform.arch = g_strdup (group->platform.arch);
  g->engine_labels = copy_strings (group->engine_labels);
  return g;
}

SwarmServiceConfig *
swarm_service_config_copy (const SwarmServiceConfig *service)
{
  g_return_val_if_fail (service != NULL, NULL);

  SwarmServiceConfig *s = g_new0 (SwarmServiceConfig, 1);
  *s = *service;
  s->spec = orch_service_spec_copy (service->spec);
  s->start_time = copy_dist (service->start_time);
  s->exit_after = copy_dist (service->exit_after);
  s->stop_time = copy_dist (service->stop_time);
  return s;
}

SwarmAction *
swarm_action_copy (const SwarmAction *action)
{
  g_return_val_if_fail (action != NULL, NULL);

  SwarmAction *a = g_new0 (SwarmAction, 1);
  *a = *action;
  a->target = g_strdup (action->target);
  a->key = g_strdup (action->key);
  a->value = g_strdup (action->value);
  a->instance_type = g_strdup (action->instance_type);
  a->change.image = g_strdup (action->change.image);
  return a;
}

SwarmConfig *
swarm_config_copy (const SwarmConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  SwarmConfig *c = g_new0 (SwarmConfig, 1);
  *c = *config;
  c->launch_time = copy_dist (config->launch_time);
  c->docker_start = copy_dist (config->docker_start);
  c->swarm_join = copy_dist (config->swarm_join);
  c->manifest_time = copy_dist (config->manifest_time);
  c->instance_catalog_path = g_strdup (config->instance_catalog_path);
  c->extra_instance_types = g_ptr_array_new_with_free_func ((GDestroyNotify)ec2_instance_type_free);
  for (guint i = 0; i < config->extra_instance_types->len; i++)
    g_ptr_array_add (c->extra_instance_types,
                     ec2_instance_type_copy (g_ptr_array_index (config->extra_instance_types, i)));
  c->node_groups = g_ptr_array_new_with_free_func ((GDestroyNotify)swarm_node_group_free);
  for (guint i = 0; i < config->node_groups->len; i++)
    g_ptr_array_add (c->node_groups,
                     swarm_node_group_copy (g_ptr_array_index (config->node_groups, i)));
  c->services = g_ptr_array_new_with_free_func ((GDestroyNotify)swarm_service_config_free);
  for (guint i = 0; i < config->services->len; i++)
    g_ptr_array_add (c->services,
                     swarm_service_config_copy (g_ptr_array_index (config->services, i)));
  c->actions = g_ptr_array_new_with_free_func ((GDestroyNotify)swarm_action_free);
  for (guint i = 0; i < config->actions->len; i++)
    g_ptr_array_add (c->actions, swarm_action_copy (g_ptr_array_index (config->actions, i)));
  return c;
}
