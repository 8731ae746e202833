/* SPDX-License-Identifier: MIT
 * The node actions the managers carry out ("docker node update", promote, demote) and
 * force-new-cluster: store writes that need a leader, with SwarmKit's refusals (the last manager,
 * a removal that would lose quorum). The node's own lifecycle is in world_nodes.c. */
#include "models/swarm/world_private.h"

static gboolean
need_control (SwarmWorld *w, const SwarmAction *a, GError **error)
{
  if (swarm_world__has_control (w))
    return TRUE;
  g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_NO_QUORUM,
               "%s %s failed: the swarm has no leader (context deadline exceeded)",
               swarm_action_kind_to_string (a->kind), a->target);
  return FALSE;
}

static guint
reachable_members (const SwarmWorld *w, guint *members_out)
{
  guint members = 0, reachable = 0;
  for (guint i = 0; i < w->nodes->len; i++) {
    const WorldNode *n = g_ptr_array_index (w->nodes, i);
    if (n->raft_member)
      members++;
    if (n->raft_member && swarm_world__node_is_reachable (n))
      reachable++;
  }
  *members_out = members;
  return reachable;
}

static gboolean
change_role (SwarmWorld *w, WorldNode *node, OrchRole role, GError **error)
{
  guint members = 0;
  guint reachable = reachable_members (w, &members);
  /* controlapi/node.go: refuse to demote the last manager, or to remove a raft member when the
   * members left could not form a quorum (raft.go CanRemoveMember). */
  if (role == ORCH_ROLE_WORKER && node->raft_member &&
      (members <= 1 || reachable - 1 < (members - 1) / 2 + 1)) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID,
                 members <= 1 ? "attempting to demote the last manager of the swarm"
                              : "can't remove member from the raft: this would result in a "
                                "loss of quorum");
    return FALSE;
  }
  orch_manager_set_node_role (w->manager, node->orch_id, role);
  swarm_record__narrate (w->record, swarm_world__now (w), "%s %s", node->name,
                         role == ORCH_ROLE_MANAGER ? "promoted to manager" : "demoted to worker");
  node->join_role = role;
  node->raft_member = role == ORCH_ROLE_MANAGER && node->phase == NODE_PHASE_UP;
  swarm_world__commit (w);
  swarm_world__note_node (w, node);
  swarm_world__raft_changed (w);
  return TRUE;
}

gboolean
swarm_world__force_new_cluster (SwarmWorld *w, WorldNode *node, GError **error)
{
  if (!swarm_world__node_is_reachable (node) || !node->raft_member) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID,
                 "node \"%s\" is not a running manager", node->name);
    return FALSE;
  }
  /* storage.go: every other member is removed; the survivor is a one-member cluster that keeps
   * the store and campaigns at once. */
  for (guint i = 0; i < w->nodes->len; i++) {
    WorldNode *n = g_ptr_array_index (w->nodes, i);
    if (n != node)
      n->raft_member = FALSE;
  }
  swarm_record__narrate (w->record, swarm_world__now (w),
                         "%s forces a new cluster (docker swarm init --force-new-cluster): the "
                         "only manager left, it elects itself",
                         node->name);
  swarm_world__raft_changed (w);
  return TRUE;
}

/* One line per availability or label change, saying what it means for the node's tasks. */
static void
narrate_control (SwarmWorld *w, const WorldNode *node, const SwarmAction *a)
{
  SimTime now = swarm_world__now (w);
  if (a->kind == SWARM_ACTION_NODE_DRAIN)
    swarm_record__narrate (w->record, now,
                           "%s drained (%u container%s there; its tasks move to other nodes)",
                           node->name, node->tasks->len, node->tasks->len == 1 ? "" : "s");
  else if (a->kind == SWARM_ACTION_NODE_PAUSE)
    swarm_record__narrate (w->record, now, "%s paused (keeps its tasks, gets no new ones)",
                           node->name);
  else if (a->kind == SWARM_ACTION_NODE_ACTIVATE)
    swarm_record__narrate (w->record, now, "%s active again (can be given tasks)", node->name);
  else if (a->kind == SWARM_ACTION_NODE_LABEL_ADD)
    swarm_record__narrate (w->record, now, "%s labelled %s=%s", node->name, a->key,
                           a->value != NULL ? a->value : "");
  else
    swarm_record__narrate (w->record, now, "%s label %s removed", node->name, a->key);
}

gboolean
swarm_world__node_control_action (SwarmWorld *w, WorldNode *node, const SwarmAction *a,
                                  GError **error)
{
  if (!need_control (w, a, error))
    return FALSE;
  if (node->orch_id == 0) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID,
                 "node \"%s\" has not joined the swarm yet", node->name);
    return FALSE;
  }
  OrchNodeId id = node->orch_id;
  if (a->kind == SWARM_ACTION_NODE_PROMOTE || a->kind == SWARM_ACTION_NODE_DEMOTE)
    return change_role (w, node,
                        a->kind == SWARM_ACTION_NODE_PROMOTE ? ORCH_ROLE_MANAGER : ORCH_ROLE_WORKER,
                        error);
  if (a->kind == SWARM_ACTION_NODE_DRAIN)
    orch_manager_set_node_availability (w->manager, id, ORCH_AVAILABILITY_DRAIN);
  else if (a->kind == SWARM_ACTION_NODE_PAUSE)
    orch_manager_set_node_availability (w->manager, id, ORCH_AVAILABILITY_PAUSE);
  else if (a->kind == SWARM_ACTION_NODE_ACTIVATE)
    orch_manager_set_node_availability (w->manager, id, ORCH_AVAILABILITY_ACTIVE);
  else if (a->kind == SWARM_ACTION_NODE_LABEL_ADD)
    orch_manager_set_node_label (w->manager, id, a->key, a->value != NULL ? a->value : "");
  else if (a->kind == SWARM_ACTION_NODE_LABEL_REMOVE)
    orch_manager_set_node_label (w->manager, id, a->key, NULL);
  else
    g_return_val_if_reached (FALSE);
  narrate_control (w, node, a);
  swarm_world__commit (w);
  swarm_world__note_node (w, node);
  return TRUE;
}
