/* SPDX-License-Identifier: MIT
 * The restart supervisor's insides, shared by restart.c (policy, history, Restart) and
 * restart_delay.c (delayed starts). Not part of the library's API. */
#pragma once

#include <glib.h>
#include "models/orchestrator/restart.h"

struct _OrchRestart {
  GHashTable *history; /* (element-type SlotKey RestartInfo) owned keys and values */
  GHashTable *delays;  /* (element-type guint64 Delay) owned values; key is the delay's task id */
  GHashTable *by_old;  /* (element-type guint64 GPtrArray) owned keys and arrays of unowned
                          delays still waiting for that old task; ordered by creation */
  GTree *by_due;       /* (element-type Delay) unowned; ordered by (due, task id) */
};

/* Creates and frees the delayed-start tables (restart_delay.c). */
void orch_restart__delays_init (OrchRestart *restart);
void orch_restart__delays_clear (OrchRestart *restart);
/* Returns: TRUE when @task_id waits for a delayed start; then notes that a Restart of it waits for
 * that start (SwarmKit's waiter flag) and runs once the start happened. */
gboolean orch_restart__mark_waiter (OrchRestart *restart, OrchTaskId task_id);
