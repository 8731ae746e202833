/* SPDX-License-Identifier: MIT
 * The restart supervisor (SwarmKit's restart.Supervisor): decides whether a dead task is replaced,
 * creates the replacement with desired READY, and holds its delayed start (restart delay, then the
 * old task's stop or a 60 s timeout) as a timer the manager exposes. It keeps per-slot restart
 * history for MaxAttempts and Window. Internal to the orchestrator library. */
#pragma once

#include <glib.h>
#include "models/orchestrator/store.h"
#include "models/orchestrator/tx_private.h"
#include "models/orchestrator/types.h"

typedef struct _OrchRestart OrchRestart;

/* How long a delayed start waits for the old task to stop (restart.go defaultOldTaskTimeout). */
#define ORCH_RESTART_OLD_TASK_TIMEOUT ORCH_SEC (60)

/* Returns: (transfer full): a supervisor with no history and no pending start. */
OrchRestart *orch_restart_new (void);
void orch_restart_free (OrchRestart *restart);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchRestart, orch_restart_free)

/**
 * orch_restart_restart:
 * @service: the task's service (its mode picks slot or node for the replacement)
 * @task: a task with desired ≤ COMPLETE that died or sits on an invalid node
 *
 * SwarmKit's Restart: if @task itself still waits for a delayed start, only remembers to call
 * Restart again when that delay ends. Otherwise sets @task to desired SHUTDOWN and, if the policy
 * allows, creates a replacement (same slot, or same node for a global service) with desired READY
 * and arms its delayed start: the task's restart delay (none on a DRAIN node), then, unless the
 * node is DOWN or @task already stopped, the old task's stop or the 60 s timeout.
 */
void orch_restart_restart (OrchRestart *restart, OrchTx *tx, const OrchService *service,
                           OrchTask *task);

/* Returns: TRUE when @task's restart policy allows a replacement now (condition, MaxAttempts,
 * Window). May forget history entries that fell out of the window. */
gboolean orch_restart_should_restart (OrchRestart *restart, const OrchTask *task,
                                      const OrchService *service);

/**
 * orch_restart_updatable_in_slot:
 * @slot_tasks: (element-type OrchTask): every task of one slot (replicated) or node (global)
 * @rollback_started: TRUE while the service's rollback runs
 * @out: (element-type OrchTask): receives the tasks that keep the slot alive (unowned)
 *
 * SwarmKit's UpdatableTasksInSlot: the tasks with desired ≤ RUNNING; if there are none, the newest
 * task when its policy says not to restart it (and no rollback runs); otherwise nothing (a dead
 * slot).
 */
void orch_restart_updatable_in_slot (OrchRestart *restart, const GPtrArray *slot_tasks,
                                     const OrchService *service, gboolean rollback_started,
                                     GPtrArray *out);

/* Counts @replacement as a restart of its slot (only when its spec has MaxAttempts > 0); history
 * is reset when the replacement's spec version differs from the recorded one. */
void orch_restart_record_history (OrchRestart *restart, const OrchService *service,
                                  const OrchTask *replacement);
/* Forgets the restart history of every slot of @service_id. */
void orch_restart_clear_service_history (OrchRestart *restart, OrchServiceId service_id);

/**
 * orch_restart_delay_start:
 * @old_task: (nullable): the task being replaced; NULL waits for the delay only
 * @delay_us: the restart delay (0: none)
 * @wait_stop: also wait (at most 60 s from now) for @old_task to stop
 *
 * Arms the move of @new_task_id from desired READY to RUNNING, replacing any start pending for it.
 */
void orch_restart_delay_start (OrchRestart *restart, const OrchTask *old_task,
                               OrchTaskId new_task_id, OrchTime delay_us, gboolean wait_stop,
                               OrchTime now);
/* Sets the task's desired state to RUNNING if it is below (SwarmKit's StartNow). */
void orch_restart_start_now (OrchTx *tx, OrchTaskId task_id);
/* Returns: TRUE while @task_id waits for a delayed start. */
gboolean orch_restart_has_pending_start (const OrchRestart *restart, OrchTaskId task_id);
/* Drops a pending start without starting the task. */
void orch_restart_cancel (OrchRestart *restart, OrchTaskId task_id);

/* Watches the store for what a delayed start waits on: the old task stopping (observed > RUNNING),
 * its node going DOWN or being deleted; a deleted task's own pending start is cancelled. */
void orch_restart_handle_event (OrchRestart *restart, const OrchStore *store,
                                const OrchEvent *event);
/* Returns: the earliest pending start, or ORCH_TIME_NEVER. */
OrchTime orch_restart_next_deadline (const OrchRestart *restart);
/* Starts every task due at or before tx->now, in (due time, task id) order, then re-runs Restart
 * for tasks that failed while waiting. */
void orch_restart_advance (OrchRestart *restart, OrchTx *tx);
