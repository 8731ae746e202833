/* SPDX-License-Identifier: MIT
 * The insides of a rolling update, shared by update.c (the supervisor, failure accounting and the
 * run loop) and update_worker.c (the workers that replace one slot each). Not part of the API. */
#pragma once

#include <glib.h>
#include "models/orchestrator/update.h"

typedef enum {
  WORKER_IDLE,
  WORKER_WAIT_START,   /* the task's delayed start has not run yet */
  WORKER_WAIT_RUNNING, /* a task this update created has not reached RUNNING */
  WORKER_SLEEP,        /* the update delay after a slot */
} OrchUpdateWorkerState;

/* One dirty slot as the orchestrator handed it over (SwarmKit's Slot snapshot): its number, its
 * node (global services) and the ids of its tasks at that time. */
typedef struct {
  guint32 slot;
  OrchNodeId node_id;
  GArray *ids; /* (element-type OrchTaskId) owned */
} OrchUpdateSlot;

typedef struct {
  OrchUpdateWorkerState state;
  const OrchUpdateSlot *slot; /* (nullable) unowned: the slot being replaced */
  OrchTaskId task_id;         /* the task started or watched */
  gboolean created;           /* task_id was created by this update (then wait for RUNNING) */
  gboolean start_then_stop;
  OrchTime sleep_until;
} OrchUpdateWorker;

typedef enum {
  PHASE_SLOTS,   /* handing dirty slots to workers (updater.go slotsLoop) */
  PHASE_DRAIN,   /* no more slots to hand out; waiting for workers to finish (wg.Wait) */
  PHASE_MONITOR, /* all slots done; watching for failures one more monitor period */
} OrchUpdatePhase;

/* One update (SwarmKit's Updater): its goroutines and channels as explicit state. */
typedef struct {
  OrchServiceId service_id;
  OrchServiceSpec *spec; /* owned ref: the spec this update works towards (newService) */
  guint64 spec_version;  /* the service's spec_version when the update started */
  OrchRestart *restart;  /* unowned */
  gboolean rollback;     /* started under ROLLBACK_STARTED: rollback config, never re-rolled */
  OrchUpdateConfig config;
  OrchTime monitor_us; /* read by the failure check; raised to delay + 1 s when monitoring starts */
  GPtrArray *dirty;    /* (element-type OrchUpdateSlot) owned */
  guint next;          /* next dirty slot to hand out */
  OrchUpdateWorker *workers; /* owned, n_workers long */
  guint n_workers;
  GHashTable *updated; /* (element-type guint64 OrchTime) created task → time it reached RUNNING */
  GHashTable *failed;  /* (element-type guint64) failures already counted */
  guint failures;
  GArray *seen_failed; /* (element-type OrchTaskId) stopped created tasks not yet looked at */
  gboolean stopped;    /* paused or rolled back: no completion */
  OrchUpdatePhase phase;
  OrchTime monitor_until;
} OrchUpdater;

/* Gives @w the slot @slot: reuses a clean task or creates a replacement (update_worker.c). */
void orch_update__worker_take_slot (OrchUpdater *u, OrchUpdateWorker *w, OrchTx *tx,
                                    const OrchUpdateSlot *slot);
/* Moves one worker as far as the store allows. Returns: TRUE if it changed state. */
gboolean orch_update__worker_step (OrchUpdater *u, OrchUpdateWorker *w, OrchTx *tx);
/* Returns: TRUE when no worker has a slot or a delay left. */
gboolean orch_update__workers_idle (const OrchUpdater *u);
