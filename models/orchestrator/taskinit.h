/* SPDX-License-Identifier: MIT
 * The start-up fix a new leader runs before its orchestrators (SwarmKit's taskinit.CheckTasks):
 * deletes tasks of deleted services, lets each orchestrator fix its tasks, re-arms or runs the
 * delayed starts of tasks left at desired READY, and rebuilds restart history. Internal. */
#pragma once

#include "models/orchestrator/global.h"
#include "models/orchestrator/replicated.h"
#include "models/orchestrator/restart.h"
#include "models/orchestrator/tx_private.h"

/**
 * orch_taskinit_check_tasks:
 * @repl, @restart_repl: the replicated orchestrator and its restart supervisor
 * @global, @restart_global: the global orchestrator and its restart supervisor
 *
 * A READY task gets what is left of its restart delay, measured from its last status change; when
 * nothing is left it is started at once. Within each slot (replicated) or node (global), every task
 * of the newest spec version but the oldest counts as a restart.
 */
void orch_taskinit_check_tasks (OrchTx *tx, OrchReplicated *repl, OrchRestart *restart_repl,
                                OrchGlobal *global, OrchRestart *restart_global);
