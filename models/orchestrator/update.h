/* SPDX-License-Identifier: MIT
 * The update supervisor (SwarmKit's update.Supervisor and Updater): rolling updates and rollbacks
 * of the dirty slots of a service, with parallelism, delay, monitor, failure action and ratio, and
 * stop-first / start-first order. Each update is a state machine advanced at commits and timers,
 * where SwarmKit runs goroutines. Internal to the orchestrator library. */
#pragma once

#include <glib.h>
#include "models/orchestrator/restart.h"
#include "models/orchestrator/store.h"
#include "models/orchestrator/tx_private.h"

typedef struct _OrchUpdate OrchUpdate;

/* A service's UpdateStatus.State (api/objects.proto); NONE is SwarmKit's nil status. */
typedef enum {
  ORCH_UPDATE_STATE_NONE,
  ORCH_UPDATE_STATE_UPDATING,
  ORCH_UPDATE_STATE_PAUSED,
  ORCH_UPDATE_STATE_COMPLETED,
  ORCH_UPDATE_STATE_ROLLBACK_STARTED,
  ORCH_UPDATE_STATE_ROLLBACK_PAUSED,
  ORCH_UPDATE_STATE_ROLLBACK_COMPLETED,
} OrchUpdateState;

/* Returns: the text used in ORCH_ACTION_UPDATE_STATUS ("updating", "paused", "completed",
 * "rollback_started", "rollback_paused", "rollback_completed"), or NULL for NONE. */
const char *orch_update_state_to_string (OrchUpdateState state);

/* Returns: (transfer full): a supervisor with no update running and every status NONE. */
OrchUpdate *orch_update_new (void);
void orch_update_free (OrchUpdate *update);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchUpdate, orch_update_free)

/**
 * orch_update_update:
 * @restart: (transfer none): the restart supervisor of the calling orchestrator (delayed starts)
 * @slots: (element-type OrchSlot): the service's running slots
 *
 * SwarmKit's Supervisor.Update: starts an update of the dirty slots among @slots, cancelling one
 * running for an older spec of the service; does nothing if one for the same spec runs.
 */
void orch_update_update (OrchUpdate *update, OrchTx *tx, OrchRestart *restart,
                         const OrchService *service, const GPtrArray *slots);
/* Returns: the service's update status. */
OrchUpdateState orch_update_get_state (const OrchUpdate *update, OrchServiceId service_id);
/* Sets the status as the control API does: NONE on a user spec change, ROLLBACK_STARTED on a
 * requested rollback. Reports the change unless it is NONE. */
void orch_update_set_state (OrchUpdate *update, OrchTx *tx, OrchServiceId service_id,
                            OrchUpdateState state);
/* Stops the service's update (service deleted) and forgets its status. */
void orch_update_forget (OrchUpdate *update, OrchServiceId service_id);

/* Notes task writes that running updates wait on or count as failures. */
void orch_update_handle_event (OrchUpdate *update, const OrchStore *store, const OrchEvent *event);
/* Runs every update as far as it can go at tx->now (after a commit or a timer). */
void orch_update_tick (OrchUpdate *update, OrchTx *tx);
/* Returns: the earliest update delay or monitor deadline, or ORCH_TIME_NEVER. */
OrchTime orch_update_next_deadline (const OrchUpdate *update);

/**
 * orch_update_task_is_dirty:
 * @node: (nullable): the task's node
 *
 * SwarmKit's IsTaskDirty: FALSE when the task has the service's spec version, or differs only in
 * placement constraints that @node still satisfies, or its spec is interchangeable.
 */
gboolean orch_update_task_is_dirty (const OrchService *service, const OrchTask *task,
                                    const OrchNode *node);
