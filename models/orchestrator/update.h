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

/* Returns: (transfer full): a supervisor with no update running. Update statuses live on the
 * services (OrchService.update_state), so they outlive the supervisor, as in SwarmKit's store. */
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
/* Sets @service's update status as the control API or an updater does, and reports the change
 * (unless it is NONE, which a user's spec change sets). Needs no supervisor: the status is store
 * data. */
void orch_update_set_state (OrchTx *tx, OrchService *service, OrchUpdateState state);
/* Stops the service's running update, if any (service deleted). */
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
 * SwarmKit's IsTaskDirty (task.go:74-114): FALSE when the task has the service's spec version, or
 * differs only in Placement (constraints, spread, platforms, max replicas; host ports then go
 * unchecked, as in SwarmKit) while @node satisfies the new constraints, or its spec is
 * interchangeable with the service's.
 */
gboolean orch_update_task_is_dirty (const OrchService *service, const OrchTask *task,
                                    const OrchNode *node);
