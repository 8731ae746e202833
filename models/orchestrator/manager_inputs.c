/* SPDX-License-Identifier: MIT
 * The manager's inputs: the store writes a real manager receives (dispatcher node status, agent
 * reports, control API calls). Each is a plain write; the decisions follow at the next commit.
 * Part of the orch_manager module, split from manager.c to keep both files short. */
#include "models/orchestrator/manager.h"

#include "models/orchestrator/manager_private.h"
#include "models/orchestrator/types_private.h"
#include "models/orchestrator/tx_private.h"

/* Inputs have no action list of their own; what they decide goes out at the next commit. */
static OrchTx
pending_tx (OrchManager *m, OrchTime now)
{
  OrchTx tx = { m->store, m->pending, now };
  return tx;
}

OrchNode *
orch_manager_add_node (OrchManager *manager, const char *id_str, const char *hostname,
                       OrchRole role, const OrchResources *capacity)
{
  g_return_val_if_fail (manager != NULL && id_str != NULL, NULL);
  OrchNode *node = orch_store_add_node (manager->store, id_str, hostname);
  g_return_val_if_fail (node != NULL, NULL);
  /* Part of the creation: no second event. */
  node->role = role;
  if (capacity != NULL)
    orch_resources_copy (&node->capacity, capacity);
  return node;
}

static OrchNode *
get_node (OrchManager *m, OrchNodeId id)
{
  OrchNode *node = orch_store_get_node (m->store, id);
  if (node == NULL)
    g_critical ("orchestrator: unknown node %u", id);
  return node;
}

void
orch_manager_set_node_status (OrchManager *manager, OrchNodeId node, OrchNodeStatus status)
{
  g_return_if_fail (manager != NULL);
  OrchNode *n = get_node (manager, node);
  /* The dispatcher writes only real changes; an unchanged status is no event. */
  if (n == NULL || n->status == status)
    return;
  OrchNodeStatus old = n->status;
  n->status = status;
  orch_store_touch_node (manager->store, n, old, n->availability);
}

void
orch_manager_set_node_availability (OrchManager *manager, OrchNodeId node,
                                    OrchAvailability availability)
{
  g_return_if_fail (manager != NULL);
  OrchNode *n = get_node (manager, node);
  if (n == NULL || n->availability == availability)
    return;
  OrchAvailability old = n->availability;
  n->availability = availability;
  orch_store_touch_node (manager->store, n, n->status, old);
}

void
orch_manager_set_node_role (OrchManager *manager, OrchNodeId node, OrchRole role)
{
  g_return_if_fail (manager != NULL);
  OrchNode *n = get_node (manager, node);
  if (n == NULL || n->role == role)
    return;
  n->role = role;
  orch_store_touch_node (manager->store, n, n->status, n->availability);
}

void
orch_manager_set_node_label (OrchManager *manager, OrchNodeId node, const char *key,
                             const char *value)
{
  g_return_if_fail (manager != NULL && key != NULL);
  OrchNode *n = get_node (manager, node);
  if (n == NULL)
    return;
  if (value != NULL)
    g_hash_table_insert (n->labels, g_strdup (key), g_strdup (value));
  else
    g_hash_table_remove (n->labels, key);
  orch_store_touch_node (manager->store, n, n->status, n->availability);
}

/* Moves the node's tasks with @lo ≤ observed ≤ @hi to ORPHANED. */
static void
orphan_tasks (OrchManager *m, OrchNodeId node, OrchTaskState lo, OrchTaskState hi, OrchTime now)
{
  OrchTx tx = pending_tx (m, now);
  g_autoptr (GPtrArray) tasks = orch__ptr_array_dup (orch_store_get_node_tasks (m->store, node));
  for (guint i = 0; i < tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (tasks, i);
    if (t->state >= lo && t->state <= hi)
      orch_tx__set_state (&tx, t, ORCH_TASK_ORPHANED);
  }
}

void
orch_manager_remove_node (OrchManager *manager, OrchNodeId node, OrchTime now)
{
  g_return_if_fail (manager != NULL);
  if (get_node (manager, node) == NULL)
    return;
  /* controlapi RemoveNode: every task below COMPLETE is orphaned in the same transaction. */
  orphan_tasks (manager, node, ORCH_TASK_NEW, ORCH_TASK_COMPLETE - 1, now);
  orch_store_remove_node (manager->store, node);
}

void
orch_manager_orphan_node_tasks (OrchManager *manager, OrchNodeId node, OrchTime now)
{
  g_return_if_fail (manager != NULL);
  orphan_tasks (manager, node, ORCH_TASK_ASSIGNED, ORCH_TASK_RUNNING, now);
}

OrchServiceId
orch_manager_create_service (OrchManager *manager, OrchServiceSpec *spec, OrchTime now)
{
  g_return_val_if_fail (manager != NULL && spec != NULL, 0);
  (void)now; /* the creation itself decides nothing; reconcile runs at the commit */
  return orch_store_add_service (manager->store, spec)->id;
}

void
orch_manager_update_service (OrchManager *manager, OrchServiceId service, OrchServiceSpec *spec,
                             OrchTime now)
{
  g_return_if_fail (manager != NULL && spec != NULL);
  OrchService *s = orch_store_get_service (manager->store, service);
  g_return_if_fail (s != NULL);
  orch_store_update_service (manager->store, s, spec);
  /* The control API clears UpdateStatus on every spec change (controlapi/service.go:918). */
  OrchTx tx = pending_tx (manager, now);
  orch_update_set_state (&tx, s, ORCH_UPDATE_STATE_NONE);
}

gboolean
orch_manager_rollback_service (OrchManager *manager, OrchServiceId service, OrchTime now)
{
  g_return_val_if_fail (manager != NULL, FALSE);
  OrchService *s = orch_store_get_service (manager->store, service);
  /* A requested rollback swaps the current and previous specs (controlapi/service.go:890-906). */
  if (s == NULL || !orch_store_rollback_service (manager->store, s, TRUE))
    return FALSE;
  OrchTx tx = pending_tx (manager, now);
  orch_update_set_state (&tx, s, ORCH_UPDATE_STATE_ROLLBACK_STARTED);
  return TRUE;
}

void
orch_manager_remove_service (OrchManager *manager, OrchServiceId service, OrchTime now)
{
  g_return_if_fail (manager != NULL);
  (void)now; /* the tasks are marked REMOVE at the commit */
  if (orch_store_get_service (manager->store, service) != NULL)
    orch_store_remove_service (manager->store, service);
}

gboolean
orch_manager_report_task (OrchManager *manager, OrchTaskId task, OrchTaskState state, OrchTime now)
{
  g_return_val_if_fail (manager != NULL, FALSE);
  OrchTask *t = orch_store_get_task (manager->store, task);
  /* The reaper may have deleted the task already; a late report is dropped like a lowering one. */
  if (t == NULL)
    return FALSE;
  return orch_store_set_task_state (manager->store, t, state, now);
}

const char *
orch_manager_get_update_status (const OrchManager *manager, OrchServiceId service)
{
  g_return_val_if_fail (manager != NULL, NULL);
  const OrchService *s = orch_store_get_service (manager->store, service);
  if (s == NULL || s->update_state == ORCH_UPDATE_STATE_NONE)
    return NULL;
  return orch_update_state_to_string (s->update_state);
}
