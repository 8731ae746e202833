/* SPDX-License-Identifier: MIT
 * The workers of a rolling update (update/updater.go worker, updateTask, useExistingTask,
 * removeOldTasks): each replaces one dirty slot at a time, waits for its delayed start and for the
 * new task to run, then sleeps the update delay. Failure accounting and the run loop live in
 * update.c. */
#include "models/orchestrator/update_private.h"

#include "models/orchestrator/types_private.h"

/* removeOldTasks: shuts down the live tasks among @ids but @except; returns the last one shut
 * down (updater.go:492-526). */
static OrchTask *
remove_old_tasks (OrchTx *tx, const GArray *ids, OrchTaskId except)
{
  OrchTask *removed = NULL;
  for (guint i = 0; i < ids->len; i++) {
    OrchTaskId id = g_array_index (ids, OrchTaskId, i);
    OrchTask *t = id != except ? orch_store_get_task (tx->store, id) : NULL;
    if (t == NULL || t->desired > ORCH_TASK_RUNNING)
      continue;
    orch_tx__set_desired (tx, t, ORCH_TASK_SHUTDOWN);
    removed = t;
  }
  return removed;
}

/* The worker is done with its slot: it sleeps the update delay before taking the next one, after
 * every slot, whichever way the slot went (updater.go:355-361). */
static void
slot_done (OrchUpdater *u, OrchUpdateWorker *w, OrchTx *tx)
{
  if (u->config.delay_us != 0) {
    w->state = WORKER_SLEEP;
    w->sleep_until = tx->now + u->config.delay_us;
  } else {
    w->state = WORKER_IDLE;
  }
}

/* useExistingTask: keep @existing, shut down the rest, start @existing once they stopped
 * (updater.go:450-488). A clean task already desired RUNNING needs nothing but the delay. */
static void
use_existing (OrchUpdater *u, OrchUpdateWorker *w, OrchTx *tx, OrchTask *existing)
{
  OrchTask *old = remove_old_tasks (tx, w->slot->ids, existing->id);
  w->created = FALSE;
  w->task_id = existing->id;
  if (existing->desired == ORCH_TASK_RUNNING) {
    slot_done (u, w, tx);
    return;
  }
  orch_restart_delay_start (u->restart, old, existing->id, 0, TRUE, tx->now);
  w->state = WORKER_WAIT_START;
}

/* updateTask (updater.go:365-448): a new task with desired READY in the slot (global: on the
 * node), started after the old one stopped (stop-first) or at once (start-first, the old one
 * stops once the new one runs). */
static void
create_replacement (OrchUpdater *u, OrchUpdateWorker *w, OrchTx *tx)
{
  /* SwarmKit's transaction fails when the service is gone; the worker then only sleeps. */
  if (orch_store_get_service (tx->store, u->service_id) == NULL) {
    slot_done (u, w, tx);
    return;
  }
  gboolean global = u->spec->mode == ORCH_MODE_GLOBAL;
  OrchTask *fresh = orch_tx__create_task (tx, u->service_id, w->slot->slot,
                                          global ? w->slot->node_id : 0, u->spec, ORCH_TASK_READY);
  /* NewTask takes the version of the updater's service snapshot, not the store's current one. */
  fresh->spec_version = u->spec_version;
  OrchTaskId id = fresh->id;
  OrchTime never = ORCH_TIME_NEVER;
  g_hash_table_insert (u->updated, g_memdup2 (&id, sizeof id), g_memdup2 (&never, sizeof never));
  w->created = TRUE;
  w->task_id = id;
  w->start_then_stop = u->config.order == ORCH_ORDER_START_FIRST;
  if (w->start_then_stop) {
    orch_restart_delay_start (u->restart, NULL, id, 0, FALSE, tx->now);
  } else {
    OrchTask *old = remove_old_tasks (tx, w->slot->ids, 0);
    orch_restart_delay_start (u->restart, old, id, 0, TRUE, tx->now);
  }
  w->state = WORKER_WAIT_START;
}

void
orch_update__worker_take_slot (OrchUpdater *u, OrchUpdateWorker *w, OrchTx *tx,
                               const OrchUpdateSlot *slot)
{
  w->slot = slot;
  w->state = WORKER_IDLE;
  w->start_then_stop = FALSE;
  OrchTask *running = NULL, *clean = NULL;
  /* Dirtiness is judged against the spec this update started with (SwarmKit's newService). The
   * tasks are re-read from the store, where SwarmKit uses the slot's snapshot. */
  const OrchService target = { .id = u->service_id,
                               .spec = u->spec,
                               .spec_version = u->spec_version };
  for (guint i = 0; i < slot->ids->len; i++) {
    OrchTask *t = orch_store_get_task (tx->store, g_array_index (slot->ids, OrchTaskId, i));
    if (t == NULL ||
        orch_update_task_is_dirty (&target, t, orch_store_get_node (tx->store, t->node_id)))
      continue;
    if (t->desired == ORCH_TASK_RUNNING) {
      running = t;
      break;
    }
    if (t->desired < ORCH_TASK_RUNNING)
      clean = t;
  }
  if (running != NULL || clean != NULL)
    use_existing (u, w, tx, running != NULL ? running : clean);
  else
    create_replacement (u, w, tx);
}

gboolean
orch_update__worker_step (OrchUpdater *u, OrchUpdateWorker *w, OrchTx *tx)
{
  switch (w->state) {
    case WORKER_WAIT_START:
      /* The start ran, or was cancelled because the task went away: both end the wait (the
       * channel DelayStart returns is closed either way). */
      if (orch_restart_has_pending_start (u->restart, w->task_id))
        return FALSE;
      if (w->created)
        w->state = WORKER_WAIT_RUNNING;
      else
        slot_done (u, w, tx);
      return TRUE;
    case WORKER_WAIT_RUNNING: {
      /* No timeout, as in SwarmKit (updater.go:421-422): a task that never runs holds its
       * worker. A task that stops before running ends the wait too (state ≥ RUNNING). */
      const OrchTask *t = orch_store_get_task (tx->store, w->task_id);
      if (t == NULL || t->state < ORCH_TASK_RUNNING)
        return FALSE;
      OrchTime *started = g_hash_table_lookup (u->updated, &w->task_id);
      if (started != NULL)
        *started = tx->now;
      if (w->start_then_stop && t->state == ORCH_TASK_RUNNING)
        remove_old_tasks (tx, w->slot->ids, w->task_id);
      slot_done (u, w, tx);
      return TRUE;
    }
    case WORKER_SLEEP:
      if (tx->now < w->sleep_until)
        return FALSE;
      w->state = WORKER_IDLE;
      return TRUE;
    case WORKER_IDLE:
    default:
      return FALSE;
  }
}

gboolean
orch_update__workers_idle (const OrchUpdater *u)
{
  for (guint i = 0; i < u->n_workers; i++)
    if (u->workers[i].state != WORKER_IDLE)
      return FALSE;
  return TRUE;
}
