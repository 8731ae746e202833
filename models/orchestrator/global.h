/* SPDX-License-Identifier: MIT
 * The global orchestrator (SwarmKit's global.Orchestrator): one task per eligible node for each
 * global service; DOWN and drained nodes lose their tasks without replacement elsewhere; a dead
 * task restarts on its own node. It reacts to each store write as it comes, as SwarmKit's does.
 * Internal to the orchestrator library. */
#pragma once

#include <glib.h>
#include "models/orchestrator/restart.h"
#include "models/orchestrator/store.h"
#include "models/orchestrator/tx_private.h"
#include "models/orchestrator/update.h"

typedef struct _OrchGlobal OrchGlobal;

/* Returns: (transfer full): an orchestrator using @restart and @update (unowned; they outlive it).
 */
OrchGlobal *orch_global_new (OrchRestart *restart, OrchUpdate *update);
void orch_global_free (OrchGlobal *global);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchGlobal, orch_global_free)

/* taskinit's FixTask: shuts down a live task without a valid node, queues a dead one for restart.
 */
void orch_global_fix_task (OrchGlobal *global, OrchTx *tx, OrchTask *task);
/* Leader start-up after taskinit: runs the queued restarts, then reconciles every global service.
 */
void orch_global_start (OrchGlobal *global, OrchTx *tx);
/* Reacts to one store write (may write), then runs queued restarts, as global.go's Run loop. */
void orch_global_handle_event (OrchGlobal *global, OrchTx *tx, const OrchEvent *event);
/* Reconciles one service on every node: adds a task where one is missing, shuts down tasks on nodes
 * that no longer qualify, hands the rest to the update supervisor. */
void orch_global_reconcile_service (OrchGlobal *global, OrchTx *tx, const OrchService *service);
/* Reconciles every global service on one node, without the rolling updater. */
void orch_global_reconcile_node (OrchGlobal *global, OrchTx *tx, const OrchNode *node);
