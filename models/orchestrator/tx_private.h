/* SPDX-License-Identifier: MIT
 * The write path of the orchestrator's own components: each helper writes to the store (so the
 * write reaches the commit log) and appends the matching action, so no decision goes unreported.
 * Agent reports and the scheduler's writes do not go through here. */
#pragma once

#include <glib.h>
#include "models/orchestrator/action.h"
#include "models/orchestrator/store.h"

/* One batch of writes at one instant; lives on the caller's stack. */
typedef struct {
  OrchStore *store; /* unowned */
  GArray *actions;  /* (element-type OrchAction) unowned; may be NULL to drop actions */
  OrchTime now;
} OrchTx;

/**
 * orch_tx__create_task:
 * @spec: (nullable): NULL for the service's current spec
 * @desired: RUNNING for reconcile and global adds, READY for restart and update replacements
 *
 * Creates a task (observed NEW) and reports ORCH_ACTION_TASK_CREATED with @desired in .state.
 * The desired state is part of the creation, as in SwarmKit's single CreateTask write.
 *
 * Returns: (transfer none): the task, owned by the store.
 */
OrchTask *orch_tx__create_task (OrchTx *tx, OrchServiceId service_id, guint32 slot,
                                OrchNodeId node_id, OrchServiceSpec *spec, OrchTaskState desired);
/* Sets the desired state if it changes; reports ORCH_ACTION_TASK_DESIRED. */
void orch_tx__set_desired (OrchTx *tx, OrchTask *task, OrchTaskState desired);
/* Raises the observed state on the manager's own authority; reports ORCH_ACTION_TASK_STATE. */
void orch_tx__set_state (OrchTx *tx, OrchTask *task, OrchTaskState state);
/* Deletes the task; reports ORCH_ACTION_TASK_DELETED. */
void orch_tx__remove_task (OrchTx *tx, OrchTask *task);
/* Reports ORCH_ACTION_UPDATE_STATUS for @service_id with @text. */
void orch_tx__update_status (OrchTx *tx, OrchServiceId service_id, const char *text);
