/* SPDX-License-Identifier: MIT
 * The components' write helpers: one store write plus one action each. Keeping the pairing in one
 * place is what guarantees that the action list tells the caller every decision. */
#include "models/orchestrator/tx_private.h"

static void
report (OrchTx *tx, OrchActionKind kind, const OrchTask *task, OrchTaskState state)
{
  if (tx->actions == NULL)
    return;
  orch_action_list_add (tx->actions, kind, tx->now, task->id, task->service_id, task->node_id,
                        task->slot, state, NULL);
}

OrchTask *
orch_tx__create_task (OrchTx *tx, OrchServiceId service_id, guint32 slot, OrchNodeId node_id,
                      OrchServiceSpec *spec, OrchTaskState desired)
{
  g_return_val_if_fail (tx != NULL, NULL);
  g_return_val_if_fail (desired <= ORCH_TASK_RUNNING, NULL);
  OrchTask *task = orch_store_create_task (tx->store, service_id, slot, node_id, spec, tx->now);
  g_return_val_if_fail (task != NULL, NULL);
  /* Written on the fresh object rather than through set_task_desired: SwarmKit creates the
   * replacement with desired READY in one write, so no component may see it as RUNNING first. */
  task->desired = desired;
  report (tx, ORCH_ACTION_TASK_CREATED, task, desired);
  return task;
}

void
orch_tx__set_desired (OrchTx *tx, OrchTask *task, OrchTaskState desired)
{
  g_return_if_fail (tx != NULL && task != NULL);
  if (task->desired == desired)
    return;
  orch_store_set_task_desired (tx->store, task, desired);
  report (tx, ORCH_ACTION_TASK_DESIRED, task, desired);
}

void
orch_tx__set_state (OrchTx *tx, OrchTask *task, OrchTaskState state)
{
  g_return_if_fail (tx != NULL && task != NULL);
  if (state <= task->state)
    return;
  orch_store_set_task_state (tx->store, task, state, tx->now);
  report (tx, ORCH_ACTION_TASK_STATE, task, state);
}

void
orch_tx__remove_task (OrchTx *tx, OrchTask *task)
{
  g_return_if_fail (tx != NULL && task != NULL);
  report (tx, ORCH_ACTION_TASK_DELETED, task, task->state);
  orch_store_remove_task (tx->store, task->id);
}

void
orch_tx__update_status (OrchTx *tx, OrchServiceId service_id, const char *text)
{
  g_return_if_fail (tx != NULL && text != NULL);
  if (tx->actions == NULL)
    return;
  orch_action_list_add (tx->actions, ORCH_ACTION_UPDATE_STATUS, tx->now, 0, service_id, 0, 0,
                        ORCH_TASK_NEW, text);
}
