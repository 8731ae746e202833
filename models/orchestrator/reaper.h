/* SPDX-License-Identifier: MIT
 * The task reaper (SwarmKit's taskreaper.TaskReaper): bounds task history per slot (replicated) or
 * node (global), deletes desired-REMOVE tasks once they stopped or never started, and serviceless
 * orphaned tasks. Works in batches: at once above 1000 candidates, otherwise 250 ms after the first
 * write since the last clean-up. Internal to the orchestrator library. */
#pragma once

#include <glib.h>
#include "models/orchestrator/store.h"
#include "models/orchestrator/tx_private.h"

typedef struct _OrchReaper OrchReaper;

/* task_reaper.go: maxDirty and reaperBatchingInterval. */
#define ORCH_REAPER_MAX_DIRTY      1000
#define ORCH_REAPER_BATCH_INTERVAL ORCH_MSEC (250)

/* Returns: (transfer full): a reaper keeping @history_limit tasks per slot (< 0: keep all). */
OrchReaper *orch_reaper_new (gint64 history_limit);
void orch_reaper_free (OrchReaper *reaper);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchReaper, orch_reaper_free)

/* Leader start-up: deletes serviceless ORPHANED tasks and desired-REMOVE tasks that stopped or
 * never started. */
void orch_reaper_start (OrchReaper *reaper, OrchTx *tx);
/* Notes a task creation (its slot becomes dirty) or update (a clean-up candidate); arms the batch
 * timer, or cleans up at once when more than ORCH_REAPER_MAX_DIRTY wait. */
void orch_reaper_handle_event (OrchReaper *reaper, OrchTx *tx, const OrchEvent *event);
/* Returns: when the batch timer fires, or ORCH_TIME_NEVER. */
OrchTime orch_reaper_next_deadline (const OrchReaper *reaper);
/* Cleans up if the timer is due at tx->now. */
void orch_reaper_advance (OrchReaper *reaper, OrchTx *tx);
/* Cleans up now (SwarmKit's tick): deletions go out in task id order. */
void orch_reaper_tick (OrchReaper *reaper, OrchTx *tx);

/* Marks the history of (@service_id, @slot, @node_id) dirty, as a task creation there would; for
 * tests that drive tick() directly (SwarmKit's task_reaper_test.go fills tr.dirty the same way). */
void orch_reaper__mark_dirty (OrchReaper *reaper, OrchServiceId service_id, guint32 slot,
                              OrchNodeId node_id);
/* Returns: how many slots are dirty, waiting for the next clean-up. */
guint orch_reaper__get_dirty_count (const OrchReaper *reaper);
