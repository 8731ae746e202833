/* SPDX-License-Identifier: MIT
 * Nodes of the simulated world: EC2 instances that launch, start Docker, join the swarm, crash,
 * reboot, leave, get partitioned, resized or terminated, and the dispatch of node-level timeline
 * actions (the manager-side ones are in world_node_admin.c), and the events other models mark on
 * them (a zone outage). Timings come from the configuration. */
#include "models/swarm/world_private.h"

#include <string.h>

#include "models/swarm/signals_private.h"

#include "sim/dist.h"

WorldNode *
swarm_world__node_new (SwarmWorld *w, const SwarmNodeGroup *group, const Ec2InstanceType *type,
                       OrchRole role)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (w->joined_per_group, group->name)) + 1;
  g_hash_table_insert (w->joined_per_group, group->name, GUINT_TO_POINTER (count));
  WorldNode *node = g_new0 (WorldNode, 1);
  node->index = w->nodes->len;
  node->name = swarm_config_get_node_name (group, count);
  node->group = group;
  node->type = type;
  node->join_role = role;
  node->phase = NODE_PHASE_LAUNCHING;
  g_autofree char *stream = g_strdup_printf ("heartbeat/%s", node->name);
  node->hb_key = sim_rng_derive_seed (w->seed, stream);
  node->assign_queue = g_array_new (FALSE, FALSE, sizeof (OrchTaskId));
  node->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < group->cached_images->len; i++)
    g_hash_table_add (node->images, g_strdup (g_ptr_array_index (group->cached_images, i)));
  node->tasks = g_ptr_array_new ();
  node->display = SWARM_DISPLAY_LAUNCHING;
  node->display_since = swarm_world__now (w);
  g_ptr_array_add (w->nodes, node);
  g_hash_table_insert (w->node_by_name, node->name, node);
  return node;
}

void
swarm_world__node_free (WorldNode *node)
{
  if (node == NULL)
    return;
  g_free (node->name);
  g_array_unref (node->assign_queue);
  g_hash_table_unref (node->images);
  g_ptr_array_unref (node->tasks);
  g_clear_pointer (&node->rng, sim_rng_free);
  g_clear_pointer (&node->raft_rng, sim_rng_free);
  g_free (node);
}

gboolean
swarm_world__node_is_reachable (const WorldNode *node)
{
  return node->phase == NODE_PHASE_UP && !node->partitioned;
}

static SwarmDisplayState
display_of (const SwarmWorld *w, const WorldNode *node)
{
  OrchNode *n = node->orch_id != 0
                    ? orch_store_get_node (orch_manager_get_store (w->manager), node->orch_id)
                    : NULL;
  if (node->phase == NODE_PHASE_STOPPED)
    return SWARM_DISPLAY_STOPPED;
  if (n == NULL)
    return SWARM_DISPLAY_LAUNCHING;
  switch (n->status) {
    case ORCH_NODE_DOWN:
      return SWARM_DISPLAY_DOWN;
    case ORCH_NODE_UNKNOWN:
      return SWARM_DISPLAY_UNKNOWN;
    case ORCH_NODE_DISCONNECTED:
      return SWARM_DISPLAY_DISCONNECTED;
    case ORCH_NODE_READY:
    default:
      break;
  }
  if (n->availability == ORCH_AVAILABILITY_DRAIN)
    return SWARM_DISPLAY_DRAINED;
  return n->availability == ORCH_AVAILABILITY_PAUSE ? SWARM_DISPLAY_PAUSED : SWARM_DISPLAY_READY;
}

void
swarm_world__note_node (SwarmWorld *w, WorldNode *node)
{
  SimTime now = swarm_world__now (w);
  SwarmDisplayState display = display_of (w, node);
  OrchNode *n = node->orch_id != 0
                    ? orch_store_get_node (orch_manager_get_store (w->manager), node->orch_id)
                    : NULL;
  const char *name = swarm_record__intern (w->record, node->name);
  /* Before it first joins, a node's role is the one it joins with, so a manager's row is marked
   * as one from its launch. */
  OrchRole role = n != NULL ? n->role : node->join_role;
  SwarmOpenInterval *open =
      swarm_record__open_interval (w->record, name, node->group->availability_zone, role);
  if (display != node->display || role != open->role) {
    SwarmNodeInterval iv = { name,          0,          node->display_since, now,
                             node->display, open->zone, open->role };
    if (now > node->display_since)
      g_array_append_val (w->record->intervals, iv);
    node->display = display;
    node->display_since = now;
    open->role = role;
  }
  if (n == NULL)
    return;
  SwarmNodeRow row = { now,
                       name,
                       n->role,
                       n->status,
                       n->availability,
                       w->leader == node,
                       open->zone,
                       swarm_record__intern (w->record, node->type->name) };
  SwarmNodeRow *last = &node->last_row;
  /* Interned strings: equal types are the same pointer. */
  if (last->node != NULL && last->role == row.role && last->status == row.status &&
      last->availability == row.availability && last->leader == row.leader &&
      last->instance_type == row.instance_type)
    return;
  *last = row;
  g_array_append_val (w->record->nodes, row);
}

/* What the orchestrator may schedule on: the instance less the group's OS and Docker overhead. */
static OrchResources
node_capacity (const WorldNode *node)
{
  OrchResources cap = { (gint64)node->type->vcpus * 1000000000 - node->group->overhead_nanocpus,
                        node->type->memory_bytes - node->group->overhead_memory_bytes, NULL };
  /* Validation checks the overhead against the group's type; a resize may go below it. */
  cap.nanocpus = MAX (cap.nanocpus, 0);
  cap.memory_bytes = MAX (cap.memory_bytes, 0);
  return cap;
}

void
swarm_world__node_add_to_store (SwarmWorld *w, WorldNode *node)
{
  OrchResources cap = node_capacity (node);
  OrchNode *n = orch_manager_add_node (w->manager, node->name, node->name, node->join_role, &cap);
  node->orch_id = n->id;
  /* The engine's description is part of the node object the join creates, not a later update.
   * A resize keeps it: an instance's AMI is built for one architecture, so EC2 only changes its
   * type to another of the same architecture. */
  n->platform.os = g_strdup (node->group->platform.os);
  n->platform.arch = g_strdup (swarm_node_group_get_arch (node->group, node->type));
  for (guint i = 0; i < node->group->engine_labels->len; i++) {
    g_auto (GStrv) kv = g_strsplit (g_ptr_array_index (node->group->engine_labels, i), "=", 2);
    g_hash_table_replace (n->engine_labels, g_strdup (kv[0]), g_strdup (kv[1]));
  }
  g_hash_table_insert (w->node_by_orch, GUINT_TO_POINTER (n->id), node);
  if (node->group->availability != ORCH_AVAILABILITY_ACTIVE)
    orch_manager_set_node_availability (w->manager, n->id, node->group->availability);
  for (guint i = 0; i < node->group->labels->len; i++) {
    g_auto (GStrv) kv = g_strsplit (g_ptr_array_index (node->group->labels, i), "=", 2);
    orch_manager_set_node_label (w->manager, n->id, kv[0], kv[1]);
  }
  swarm_world__count_node (w, node);
}

/* After a resize the node rejoins with its new capacity: a store write the manager commits. */
static void
update_capacity (SwarmWorld *w, WorldNode *node)
{
  OrchStore *store = orch_manager_get_store (w->manager);
  OrchNode *n = orch_store_get_node (store, node->orch_id);
  if (n == NULL)
    return;
  OrchResources cap = node_capacity (node);
  n->capacity.nanocpus = cap.nanocpus;
  n->capacity.memory_bytes = cap.memory_bytes;
  orch_store_touch_node (store, n, n->status, n->availability);
  swarm_world__count_node (w, node);
}

void
swarm_world__node_sync_capacity (SwarmWorld *w, WorldNode *node)
{
  OrchNode *n = orch_store_get_node (orch_manager_get_store (w->manager), node->orch_id);
  OrchResources cap = node_capacity (node);
  if (n != NULL &&
      (n->capacity.nanocpus != cap.nanocpus || n->capacity.memory_bytes != cap.memory_bytes))
    update_capacity (w, node);
}

void
swarm_world__node_join_now (SwarmWorld *w, WorldNode *node)
{
  node->lifecycle_ev = 0;
  if (node->orch_id == 0) {
    /* Joining is a raft write: without a leader the node waits; become_leader retries it. */
    if (!swarm_world__has_control (w)) {
      node->phase = NODE_PHASE_JOINING;
      swarm_world__signal_node_state (w, node);
      return;
    }
    swarm_world__node_add_to_store (w, node);
    swarm_record__narrate (w->record, swarm_world__now (w), "%s joins the swarm as %s (%s)",
                           node->name, orch_role_to_string (node->join_role), node->type->name);
  } else if (swarm_world__has_control (w))
    update_capacity (w, node);
  node->phase = NODE_PHASE_UP;
  swarm_world__signal_node_state (w, node);
  if (node->join_role == ORCH_ROLE_MANAGER && !node->raft_member)
    node->raft_member = TRUE;
  if (swarm_world__has_control (w))
    swarm_world__node_register (w, node);
  swarm_world__note_node (w, node);
  if (node->raft_member)
    swarm_world__raft_changed (w);
  /* Adding the node (or its new capacity) is a store transaction of its own in SwarmKit: commit
   * it now, so that the scheduler retries pending tasks on the new node without waiting for some
   * unrelated write. */
  swarm_world__commit (w);
}

static void
on_lifecycle (SimEngine *engine, gpointer user_data)
{
  WorldNode *node = ((gpointer *)user_data)[0];
  SwarmWorld *w = ((gpointer *)user_data)[1];
  const SwarmConfig *c = w->config;
  SimRng *rng = swarm_world__node_rng (w, node);
  node->lifecycle_ev = 0;
  switch (node->phase) {
    case NODE_PHASE_LAUNCHING:
      node->phase = NODE_PHASE_DOCKER;
      /* The launch time of a resize counts from the stop. A container still within its stop grace
       * when the instance has booted again (a grace longer than the boot) did not survive the
       * power cycle. */
      if (node->tasks->len > 0) {
        swarm_world__agent_kill_all (w, node);
        swarm_world__running_changed (w);
      }
      break;
    case NODE_PHASE_DOCKER:
      node->phase = NODE_PHASE_JOINING;
      break;
    case NODE_PHASE_JOINING:
      swarm_world__node_join_now (w, node);
      return;
    case NODE_PHASE_UP:
    case NODE_PHASE_CRASHED:
    case NODE_PHASE_LEFT:
    case NODE_PHASE_STOPPED:
    default:
      return;
  }
  swarm_world__signal_node_state (w, node);
  const SimDist *next = node->phase == NODE_PHASE_DOCKER ? c->docker_start : c->swarm_join;
  gpointer *pair = g_new (gpointer, 2);
  pair[0] = node;
  pair[1] = w;
  node->lifecycle_ev =
      sim_engine_schedule_in (engine, sim_dist_sample (next, rng), on_lifecycle, pair, g_free);
}

void
swarm_world__node_launch (SwarmWorld *w, WorldNode *node, gboolean new_run)
{
  SimTime now = swarm_world__now (w);
  if (node->resize_to != NULL) {
    node->type = node->resize_to;
    node->resize_to = NULL;
  }
  if (new_run)
    node->ledger_run = ec2_ledger_start (w->ledger, node->type->usd_per_hour, now);
  node->phase = NODE_PHASE_LAUNCHING;
  swarm_world__signal_node_state (w, node);
  swarm_world__note_node (w, node);
  gpointer *pair = g_new (gpointer, 2);
  pair[0] = node;
  pair[1] = w;
  SimTime boot = sim_dist_sample (w->config->launch_time, swarm_world__node_rng (w, node));
  node->lifecycle_ev = sim_engine_schedule_in (w->engine, boot, on_lifecycle, pair, g_free);
}

/* The node stops: no more heartbeats, containers gone (crash) or stopped (leave, stop). */
static void
node_goes_away (SwarmWorld *w, WorldNode *node, NodePhase phase, gboolean graceful)
{
  if (graceful)
    swarm_world__agent_stop_all (w, node);
  else
    swarm_world__agent_kill_all (w, node);
  sim_engine_cancel (w->engine, node->lifecycle_ev);
  sim_engine_cancel (w->engine, node->reconnect_ev);
  sim_engine_cancel (w->engine, node->assign_ev);
  node->lifecycle_ev = node->reconnect_ev = node->assign_ev = 0;
  g_array_set_size (node->assign_queue, 0);
  gboolean was_up = node->phase == NODE_PHASE_UP;
  node->phase = phase;
  node->partitioned = FALSE;
  swarm_world__signal_node_state (w, node);
  if (was_up)
    swarm_world__node_silent (w, node);
  node->connected = FALSE;
  swarm_world__note_node (w, node);
  if (node->raft_member)
    swarm_world__raft_changed (w);
}

static gboolean
crash (SwarmWorld *w, WorldNode *node, GError **error)
{
  if (node->phase == NODE_PHASE_CRASHED || node->phase == NODE_PHASE_STOPPED) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID, "node \"%s\" is not running",
                 node->name);
    return FALSE;
  }
  if (node->phase == NODE_PHASE_UP)
    swarm_world__failure_begin (w, node, "crash");
  else
    swarm_record__narrate (w->record, swarm_world__now (w), "%s crashes", node->name);
  node_goes_away (w, node, NODE_PHASE_CRASHED, FALSE);
  swarm_world__running_changed (w);
  return TRUE;
}

static gboolean
recover (SwarmWorld *w, WorldNode *node, GError **error)
{
  if (node->phase != NODE_PHASE_CRASHED) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID, "node \"%s\" has not crashed",
                 node->name);
    return FALSE;
  }
  swarm_record__narrate (w->record, swarm_world__now (w), "%s reboots", node->name);
  /* A reboot continues the same billed run: the instance never stopped. */
  swarm_world__node_launch (w, node, FALSE);
  return TRUE;
}

static gboolean
partition (SwarmWorld *w, WorldNode *node, gboolean cut, GError **error)
{
  if (node->phase != NODE_PHASE_UP || node->partitioned == cut) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID,
                 cut ? "node \"%s\" is not up or already partitioned"
                     : "node \"%s\" is not partitioned",
                 node->name);
    return FALSE;
  }
  if (cut) {
    swarm_world__failure_begin (w, node, "partition"); /* narrates the cut */
    node->partitioned = TRUE;
    swarm_world__agent_set_partitioned (w, node, TRUE);
    swarm_world__node_silent (w, node);
    node->connected = FALSE;
  } else {
    node->partitioned = FALSE;
    swarm_world__agent_set_partitioned (w, node, FALSE);
    swarm_record__narrate (w->record, swarm_world__now (w),
                           "partition of %s heals (%u container%s still running there, "
                           "reconnecting to the managers)",
                           node->name, node->tasks->len, node->tasks->len == 1 ? "" : "s");
    if (swarm_world__has_control (w))
      swarm_world__schedule_reconnect (w, node);
  }
  swarm_world__signal_node_state (w, node);
  if (node->raft_member)
    swarm_world__raft_changed (w);
  swarm_world__running_changed (w);
  return TRUE;
}

static gboolean
leave (SwarmWorld *w, WorldNode *node, GError **error)
{
  if (node->phase != NODE_PHASE_UP) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID,
                 "node \"%s\" is not in the swarm", node->name);
    return FALSE;
  }
  swarm_record__narrate (w->record, swarm_world__now (w), "%s leaves the swarm", node->name);
  gboolean was_connected = node->connected;
  node->raft_member = FALSE;
  node_goes_away (w, node, NODE_PHASE_LEFT, TRUE);
  /* The node tells the manager it leaves: it shows DOWN at the next batch, not after 3 periods. */
  if (was_connected && swarm_world__has_control (w))
    swarm_world__dispatch (w, WRITE_NODE_STATUS, node->orch_id, 0, ORCH_NODE_DOWN);
  swarm_world__running_changed (w);
  return TRUE;
}

gboolean
swarm_world__node_action (SwarmWorld *w, const SwarmAction *a, GError **error)
{
  if (a->kind == SWARM_ACTION_NODE_JOIN) {
    g_autoptr (GError) local = NULL;
    const char *name = swarm_world_add_node (w, a->target, NULL, &local);
    if (name == NULL) {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
    if (a->role_set)
      ((WorldNode *)g_hash_table_lookup (w->node_by_name, name))->join_role = a->role;
    return TRUE;
  }
  /* Stopping an instance is the same whether a pool, a spot reclaim or the timeline asks. */
  if (a->kind == SWARM_ACTION_NODE_RESIZE)
    return swarm_world_resize_node (w, a->target, a->instance_type, error);
  if (a->kind == SWARM_ACTION_NODE_REMOVE)
    return swarm_world_remove_node (w, a->target, error);
  WorldNode *node = swarm_world__find_node (w, a->target, error);
  if (node == NULL)
    return FALSE;
  if (a->kind == SWARM_ACTION_NODE_CRASH)
    return crash (w, node, error);
  if (a->kind == SWARM_ACTION_NODE_RECOVER)
    return recover (w, node, error);
  if (a->kind == SWARM_ACTION_PARTITION || a->kind == SWARM_ACTION_HEAL)
    return partition (w, node, a->kind == SWARM_ACTION_PARTITION, error);
  if (a->kind == SWARM_ACTION_NODE_LEAVE)
    return leave (w, node, error);
  if (a->kind == SWARM_ACTION_FORCE_NEW_CLUSTER)
    return swarm_world__force_new_cluster (w, node, error);
  return swarm_world__node_control_action (w, node, a, error);
}

const char *
swarm_world_add_node (SwarmWorld *world, const char *group, const char *instance_type,
                      GError **error)
{
  g_return_val_if_fail (world != NULL && group != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  const SwarmNodeGroup *g = NULL;
  for (guint i = 0; i < world->config->node_groups->len && g == NULL; i++)
    if (strcmp (((SwarmNodeGroup *)g_ptr_array_index (world->config->node_groups, i))->name,
                group) == 0)
      g = g_ptr_array_index (world->config->node_groups, i);
  if (g == NULL) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_UNKNOWN_NAME,
                 "unknown node group \"%s\"", group);
    return NULL;
  }
  const Ec2InstanceType *type =
      ec2_catalog_lookup (world->catalog, instance_type != NULL ? instance_type : g->instance_type);
  if (type == NULL) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_UNKNOWN_NAME,
                 "unknown instance type \"%s\"", instance_type);
    return NULL;
  }
  WorldNode *node = swarm_world__node_new (world, g, type, g->role);
  swarm_record__narrate (world->record, swarm_world__now (world), "%s launching (%s)", node->name,
                         type->name);
  swarm_world__signal_node_added (world, node);
  swarm_world__node_launch (world, node, TRUE);
  return node->name;
}

void
swarm_world_mark_event (SwarmWorld *world, SwarmEventKind kind, const char *target,
                        const char *text, const char *narration)
{
  g_return_if_fail (world != NULL && target != NULL && text != NULL);
  g_return_if_fail (swarm_event_kind_to_string (kind) != NULL);
  SimTime now = swarm_world__now (world);
  swarm_record__event (world->record, now, kind, target, text);
  if (narration != NULL)
    swarm_record__narrate (world->record, now, "%s", narration);
}
