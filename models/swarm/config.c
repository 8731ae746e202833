/* SPDX-License-Identifier: MIT
 * The world configuration: defaults (each with its source), constructors and destructors, and the
 * validation that needs knowledge of the whole world (names, instance types, the action timeline).
 */
#include "models/swarm/config.h"

#include <string.h>

G_DEFINE_QUARK (swarm - config - error - quark, swarm_config_error)

static const char *const action_names[] = {
  [SWARM_ACTION_NODE_CRASH] = "crash",
  [SWARM_ACTION_NODE_RECOVER] = "recover",
  [SWARM_ACTION_NODE_JOIN] = "join",
  [SWARM_ACTION_NODE_LEAVE] = "leave",
  [SWARM_ACTION_NODE_RESIZE] = "resize",
  [SWARM_ACTION_NODE_REMOVE] = "terminate",
  [SWARM_ACTION_NODE_DRAIN] = "drain",
  [SWARM_ACTION_NODE_PAUSE] = "pause",
  [SWARM_ACTION_NODE_ACTIVATE] = "activate",
  [SWARM_ACTION_NODE_PROMOTE] = "promote",
  [SWARM_ACTION_NODE_DEMOTE] = "demote",
  [SWARM_ACTION_NODE_LABEL_ADD] = "label-add",
  [SWARM_ACTION_NODE_LABEL_REMOVE] = "label-remove",
  [SWARM_ACTION_SERVICE_CREATE] = "service-create",
  [SWARM_ACTION_SERVICE_SCALE] = "service-scale",
  [SWARM_ACTION_SERVICE_UPDATE] = "service-update",
  [SWARM_ACTION_SERVICE_REMOVE] = "service-remove",
  [SWARM_ACTION_SERVICE_ROLLBACK] = "service-rollback",
  [SWARM_ACTION_FORCE_NEW_CLUSTER] = "force-new-cluster",
  [SWARM_ACTION_PARTITION] = "partition",
  [SWARM_ACTION_HEAL] = "heal",
};

SwarmActionTarget
swarm_action_kind_get_target (SwarmActionKind kind)
{
  switch (kind) {
    case SWARM_ACTION_NODE_JOIN:
      return SWARM_TARGET_GROUP;
    case SWARM_ACTION_SERVICE_CREATE:
    case SWARM_ACTION_SERVICE_SCALE:
    case SWARM_ACTION_SERVICE_UPDATE:
    case SWARM_ACTION_SERVICE_REMOVE:
    case SWARM_ACTION_SERVICE_ROLLBACK:
      return SWARM_TARGET_SERVICE;
    case SWARM_ACTION_NODE_CRASH:
    case SWARM_ACTION_NODE_RECOVER:
    case SWARM_ACTION_NODE_LEAVE:
    case SWARM_ACTION_NODE_RESIZE:
    case SWARM_ACTION_NODE_REMOVE:
    case SWARM_ACTION_NODE_DRAIN:
    case SWARM_ACTION_NODE_PAUSE:
    case SWARM_ACTION_NODE_ACTIVATE:
    case SWARM_ACTION_NODE_PROMOTE:
    case SWARM_ACTION_NODE_DEMOTE:
    case SWARM_ACTION_NODE_LABEL_ADD:
    case SWARM_ACTION_NODE_LABEL_REMOVE:
    case SWARM_ACTION_FORCE_NEW_CLUSTER:
    case SWARM_ACTION_PARTITION:
    case SWARM_ACTION_HEAL:
    default:
      return SWARM_TARGET_NODE;
  }
}

const char *
swarm_action_kind_to_string (SwarmActionKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (action_names), NULL);
  return action_names[kind];
}

gboolean
swarm_action_kind_from_string (const char *text, SwarmActionKind *out)
{
  g_return_val_if_fail (text != NULL && out != NULL, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    if (strcmp (text, action_names[i]) == 0) {
      *out = (SwarmActionKind)i;
      return TRUE;
    }
  return FALSE;
}

SwarmConfig *
swarm_config_new (void)
{
  SwarmConfig *c = g_new0 (SwarmConfig, 1);
  c->duration_us = SIM_MIN (10);
  c->step_us = SIM_SEC (1);
  c->seed = 1;
  /* moby/swarmkit dispatcher.go: DefaultHeartBeatPeriod 5 s, defaultHeartBeatEpsilon 500 ms,
   * defaultGracePeriodMultiplier 3, gracePeriodMultiplierUnknown 2 × 3, maxBatchInterval 100 ms,
   * defaultNodeDownPeriod 24 h (docs/calibration.md, control plane table). */
  c->heartbeat_period_us = SIM_SEC (5);
  c->heartbeat_epsilon_us = SIM_MSEC (500);
  c->grace_multiplier = 3;
  c->unknown_multiplier = 2;
  c->dispatcher_batch_us = SIM_MSEC (100);
  /* raft.go: TickInterval 1 s, ElectionTick 10; manager.go: task history limit 5. */
  c->raft_tick_us = SIM_SEC (1);
  c->election_ticks = 10;
  c->raft_rtt_us = SIM_MSEC (1);
  c->task_history_limit = 5;
  c->orphan_period_us = SIM_HOUR (24);
  /* agent/agent.go: session backoff min(100 ms + 2·backoff, 8 s), a retry waits U[0, backoff). */
  c->agent_reconnect_max_us = SIM_SEC (8);
  /* docs/calibration.md, EC2 nodes: 21.2 s from a stopped instance (brevdev/ec2-coldboot-research)
   * to ≈ 29 s for c5.xlarge (Percival 2021), RunInstances to SSH. */
  c->launch_time = sim_dist_new_uniform (SIM_MSEC (21200), SIM_SEC (29));
  /* Docker start and swarm join are not measured by the sources (docs/calibration.md says: make
   * them parameters); these defaults are assumptions, of the order of a daemon start and one RPC.
   */
  c->docker_start = sim_dist_new_uniform (SIM_SEC (1), SIM_SEC (3));
  c->swarm_join = sim_dist_new_uniform (SIM_MSEC (500), SIM_SEC (2));
  c->extra_instance_types = g_ptr_array_new_with_free_func ((GDestroyNotify)ec2_instance_type_free);
  /* docs/calibration.md, derived pull model: manifest 0.5–2 s, then ≈ 200 MB/s near the registry
   * (2 GB in 9.2 s, vertexcover.io 2025). */
  c->manifest_time = sim_dist_new_uniform (SIM_MSEC (500), SIM_SEC (2));
  c->registry_bytes_per_second = 200 * 1000 * 1000;
  c->node_groups = g_ptr_array_new_with_free_func ((GDestroyNotify)swarm_node_group_free);
  c->services = g_ptr_array_new_with_free_func ((GDestroyNotify)swarm_service_config_free);
  c->actions = g_ptr_array_new_with_free_func ((GDestroyNotify)swarm_action_free);
  return c;
}

void
swarm_config_free (SwarmConfig *config)
{
  if (config == NULL)
    return;
  sim_dist_free (config->launch_time);
  sim_dist_free (config->docker_start);
  sim_dist_free (config->swarm_join);
  sim_dist_free (config->manifest_time);
  g_ptr_array_unref (config->extra_instance_types);
  g_free (config->instance_catalog_path);
  g_ptr_array_unref (config->node_groups);
  g_ptr_array_unref (config->services);
  g_ptr_array_unref (config->actions);
  g_free (config);
}

SwarmNodeGroup *
swarm_node_group_new (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  SwarmNodeGroup *g = g_new0 (SwarmNodeGroup, 1);
  g->name = g_strdup (name);
  g->count = 1;
  g->instance_type = g_strdup ("m5.large");
  g->role = ORCH_ROLE_WORKER;
  g->availability = ORCH_AVAILABILITY_ACTIVE;
  g->labels = g_ptr_array_new_with_free_func (g_free);
  g->availability_zone = g_strdup ("us-east-1a");
  g->cached_images = g_ptr_array_new_with_free_func (g_free);
  /* EC2 runs Linux for every type in the catalog; the architecture follows the type. */
  g->platform.os = g_strdup ("linux");
  g->engine_labels = g_ptr_array_new_with_free_func (g_free);
  return g;
}

const char *
swarm_node_group_get_arch (const SwarmNodeGroup *group, const Ec2InstanceType *type)
{
  g_return_val_if_fail (group != NULL && type != NULL, NULL);
  return group->platform.arch != NULL ? group->platform.arch : ec2_instance_type_get_arch (type);
}

void
swarm_node_group_free (SwarmNodeGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_free (group->instance_type);
  g_ptr_array_unref (group->labels);
  g_free (group->availability_zone);
  g_ptr_array_unref (group->cached_images);
  g_free (group->platform.os);
  g_free (group->platform.arch);
  g_ptr_array_unref (group->engine_labels);
  g_free (group);
}

SwarmServiceConfig *
swarm_service_config_new (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  SwarmServiceConfig *s = g_new0 (SwarmServiceConfig, 1);
  s->spec = orch_service_spec_new ();
  g_free (s->spec->name);
  s->spec->name = g_strdup (name);
  g_free (s->spec->image);
  s->spec->image = g_strdup ("app:latest");
  s->image_size_bytes = G_GINT64_CONSTANT (200) << 20;
  /* Khan, arXiv 2602.15214 (2026): container start with the image present, 568 ms on SSD and
   * 1157 ms on HDD (docs/calibration.md, Containers). */
  s->start_time = sim_dist_new_uniform (SIM_MSEC (568), SIM_MSEC (1157));
  s->exit_fails = TRUE;
  s->stop_time = sim_dist_new_constant (0);
  s->stop_grace_us = SIM_SEC (10); /* api/defaults/service.go StopGracePeriod */
  s->create_at_start = TRUE;
  return s;
}

void
swarm_service_config_free (SwarmServiceConfig *service)
{
  if (service == NULL)
    return;
  g_clear_pointer (&service->spec, orch_service_spec_unref);
  sim_dist_free (service->start_time);
  sim_dist_free (service->exit_after);
  sim_dist_free (service->stop_time);
  g_free (service);
}

SwarmAction *
swarm_action_new (SwarmActionKind kind, SimTime at_us, const char *target)
{
  g_return_val_if_fail (target != NULL, NULL);
  SwarmAction *a = g_new0 (SwarmAction, 1);
  a->kind = kind;
  a->at_us = at_us;
  a->target = g_strdup (target);
  a->change.image_size_bytes = -1;
  a->change.reserve_nanocpus = -1;
  a->change.reserve_memory_bytes = -1;
  a->change.replicas = -1;
  return a;
}

void
swarm_action_free (SwarmAction *action)
{
  if (action == NULL)
    return;
  g_free (action->target);
  g_free (action->key);
  g_free (action->value);
  g_free (action->instance_type);
  g_free (action->change.image);
  g_free (action);
}

char *
swarm_config_get_node_name (const SwarmNodeGroup *group, guint index)
{
  g_return_val_if_fail (group != NULL, NULL);
  return g_strdup_printf ("%s-%u", group->name, index);
}

Ec2Catalog *
swarm_config_dup_catalog (const SwarmConfig *config, GError **error)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_autoptr (Ec2Catalog) catalog = NULL;
  if (config->instance_catalog_path != NULL) {
    catalog = ec2_catalog_new ();
    if (!ec2_catalog_load (catalog, config->instance_catalog_path, error))
      return NULL;
  } else
    catalog = ec2_catalog_new_builtin ();
  for (guint i = 0; i < config->extra_instance_types->len; i++)
    if (!ec2_catalog_add (catalog, g_ptr_array_index (config->extra_instance_types, i), error))
      return NULL;
  return g_steal_pointer (&catalog);
}
