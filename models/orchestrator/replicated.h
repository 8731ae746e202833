/* SPDX-License-Identifier: MIT
 * The replicated orchestrator (SwarmKit's replicated.Orchestrator): restarts dead tasks and tasks
 * on invalid nodes, and reconciles each replicated service's slots with its replica count (scale up
 * into the lowest free slots, scale down by SwarmKit's victim order, updates through the update
 * supervisor). Internal to the orchestrator library. */
#pragma once

#include <glib.h>
#include "models/orchestrator/restart.h"
#include "models/orchestrator/store.h"
#include "models/orchestrator/tx_private.h"
#include "models/orchestrator/update.h"

typedef struct _OrchReplicated OrchReplicated;

/* Returns: (transfer full): an orchestrator using @restart and @update (both unowned, and both
 * outliving it). */
OrchReplicated *orch_replicated_new (OrchRestart *restart, OrchUpdate *update);
void orch_replicated_free (OrchReplicated *repl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchReplicated, orch_replicated_free)

/* Leader start-up after taskinit: queues every replicated service for reconcile. */
void orch_replicated_start (OrchReplicated *repl, const OrchStore *store);
/* taskinit's FixTask: queues @task for a restart if it died or sits on an invalid node. */
void orch_replicated_fix_task (OrchReplicated *repl, const OrchStore *store, const OrchTask *task);
/* Queues restarts and reconciles for one store write (handleTaskEvent + handleServiceEvent). */
void orch_replicated_handle_event (OrchReplicated *repl, const OrchStore *store,
                                   const OrchEvent *event);
/* The EventCommit tick: restarts first (in task id order), then reconciles the queued services (in
 * service id order). */
void orch_replicated_tick (OrchReplicated *repl, OrchTx *tx);

/**
 * orch_replicated_reconcile:
 *
 * Reconciles one service now: counts running slots (by desired state), scales up into the lowest
 * free slot numbers, or scales down by (nth copy on its node, not running, slot) with unassigned
 * and multi-task slots removed first; deletes the tasks of dead slots; hands the kept slots to the
 * update supervisor.
 */
void orch_replicated_reconcile (OrchReplicated *repl, OrchTx *tx, const OrchService *service);
