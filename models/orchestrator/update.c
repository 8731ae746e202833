/* SPDX-License-Identifier: MIT
 * Rolling updates (manager/orchestrator/update/updater.go) as state machines: the supervisor that
 * starts and cancels them, the failure accounting and the run loop that hands dirty slots to
 * workers (update_worker.c) and then monitors. SwarmKit's goroutines and channels become phases
 * checked at each tick against the store, plus two timers (worker delay and monitor). */
#include "models/orchestrator/update.h"

#include "models/orchestrator/constraint.h"
#include "models/orchestrator/types_private.h"
#include "models/orchestrator/update_private.h"

struct _OrchUpdate {
  GHashTable *updaters; /* (element-type guint OrchUpdater) owned */
};

static void
update_slot_free (gpointer data)
{
  OrchUpdateSlot *slot = data;
  g_array_unref (slot->ids);
  g_free (slot);
}

static void
updater_free (gpointer data)
{
  OrchUpdater *u = data;
  g_free (u->workers);
  g_ptr_array_unref (u->dirty);
  g_hash_table_unref (u->updated);
  g_hash_table_unref (u->failed);
  g_array_unref (u->seen_failed);
  orch_service_spec_unref (u->spec);
  g_free (u);
}

OrchUpdate *
orch_update_new (void)
{
  OrchUpdate *update = g_new0 (OrchUpdate, 1);
  update->updaters = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, updater_free);
  return update;
}

void
orch_update_free (OrchUpdate *update)
{
  if (update == NULL)
    return;
  g_hash_table_unref (update->updaters);
  g_free (update);
}

void
orch_update_set_state (OrchTx *tx, OrchService *service, OrchUpdateState state)
{
  g_return_if_fail (tx != NULL && service != NULL);
  service->update_state = state;
  if (state != ORCH_UPDATE_STATE_NONE)
    orch_tx__update_status (tx, service->id, orch_update_state_to_string (state));
}

void
orch_update_forget (OrchUpdate *update, OrchServiceId service_id)
{
  g_return_if_fail (update != NULL);
  g_hash_table_remove (update->updaters, GUINT_TO_POINTER (service_id));
}

/* --- dirtiness ----------------------------------------------------------------------------- */

/* nodeMatches (task.go:118-136): a node matches when it satisfies the service's constraints; a
 * list that fails to parse counts as no constraints, as constraint.Parse returns nil then. */
static gboolean
node_matches (const OrchService *service, const OrchNode *node)
{
  if (node == NULL)
    return FALSE;
  g_autoptr (GPtrArray) list = orch_constraint_parse_list (service->spec->constraints, NULL);
  return list == NULL || orch_constraint_list_matches_node (list, node);
}

gboolean
orch_update_task_is_dirty (const OrchService *service, const OrchTask *task, const OrchNode *node)
{
  g_return_val_if_fail (service != NULL && task != NULL, TRUE);
  if (task->spec_version != 0 && task->spec_version == service->spec_version)
    return FALSE;
  /* IsTaskDirtyPlacementConstraintsOnly: Placement differs and the rest of the TaskSpec does
   * not. Any Placement field counts (spread, platforms, max replicas too), but only the
   * constraints are checked against the node, and the endpoint is not compared on this path. */
  if (!orch_service_spec__placement_equal (service->spec, task->spec) &&
      orch_service_spec__task_equal_full (service->spec, task->spec, TRUE) &&
      node_matches (service, node))
    return FALSE;
  return !orch_service_spec_task_equal (service->spec, task->spec);
}

static gboolean
slot_is_dirty (const OrchStore *store, const OrchService *service, const OrchSlot *slot)
{
  if (slot->tasks->len > 1)
    return TRUE;
  if (slot->tasks->len == 0)
    return FALSE;
  const OrchTask *t = g_ptr_array_index (slot->tasks, 0);
  return orch_update_task_is_dirty (service, t, orch_store_get_node (store, t->node_id));
}

/* --- status changes (startUpdate, pauseUpdate, rollbackUpdate, completeUpdate) --------------- */

/* Each re-reads the service, and does nothing when it is gone or its status was cleared by a
 * spec change since this update started (updater.go:564-650). */
static void
pause_update (OrchTx *tx, OrchServiceId id)
{
  OrchService *service = orch_store_get_service (tx->store, id);
  if (service == NULL || service->update_state == ORCH_UPDATE_STATE_NONE)
    return;
  orch_update_set_state (tx, service,
                         service->update_state == ORCH_UPDATE_STATE_ROLLBACK_STARTED
                             ? ORCH_UPDATE_STATE_ROLLBACK_PAUSED
                             : ORCH_UPDATE_STATE_PAUSED);
}

/* Any status but ROLLBACK_STARTED becomes COMPLETED, a ROLLBACK_PAUSED one included: that is what
 * SwarmKit does after a failing rollback was paused but its run went on monitoring. */
static void
complete_update (OrchTx *tx, OrchServiceId id)
{
  OrchService *service = orch_store_get_service (tx->store, id);
  if (service == NULL || service->update_state == ORCH_UPDATE_STATE_NONE)
    return;
  orch_update_set_state (tx, service,
                         service->update_state == ORCH_UPDATE_STATE_ROLLBACK_STARTED
                             ? ORCH_UPDATE_STATE_ROLLBACK_COMPLETED
                             : ORCH_UPDATE_STATE_COMPLETED);
}

/* Puts the previous spec back with its own version and forgets the failed one; the store event
 * makes the orchestrator start the rollback run. */
static void
rollback_update (OrchTx *tx, OrchServiceId id)
{
  OrchService *service = orch_store_get_service (tx->store, id);
  if (service == NULL || service->update_state == ORCH_UPDATE_STATE_NONE)
    return;
  /* Without a previous spec SwarmKit's transaction fails and nothing changes. */
  if (service->previous_spec == NULL)
    return;
  orch_update_set_state (tx, service, ORCH_UPDATE_STATE_ROLLBACK_STARTED);
  orch_store_rollback_service (tx->store, service, FALSE);
}

/* --- starting an update ---------------------------------------------------------------------- */

static OrchUpdateSlot *
update_slot_new (const OrchSlot *slot)
{
  OrchUpdateSlot *s = g_new0 (OrchUpdateSlot, 1);
  const OrchTask *first = g_ptr_array_index (slot->tasks, 0);
  s->slot = first->slot;
  s->node_id = first->node_id;
  s->ids = g_array_sized_new (FALSE, FALSE, sizeof (OrchTaskId), slot->tasks->len);
  for (guint i = 0; i < slot->tasks->len; i++)
    g_array_append_val (s->ids, ((const OrchTask *)g_ptr_array_index (slot->tasks, i))->id);
  return s;
}

static OrchUpdater *
updater_new (const OrchService *service, OrchRestart *restart, gboolean rollback)
{
  OrchUpdater *u = g_new0 (OrchUpdater, 1);
  u->service_id = service->id;
  u->spec = orch_service_spec_ref (service->spec);
  u->spec_version = service->spec_version;
  u->restart = restart;
  u->rollback = rollback;
  /* A rollback runs with the rollback config of the spec it restores (updater.go:162-174). */
  u->config = rollback ? service->spec->rollback : service->spec->update;
  u->monitor_us = u->config.monitor_us;
  u->dirty = g_ptr_array_new_with_free_func (update_slot_free);
  u->updated = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  u->failed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  u->seen_failed = g_array_new (FALSE, FALSE, sizeof (OrchTaskId));
  u->phase = PHASE_SLOTS;
  return u;
}

void
orch_update_update (OrchUpdate *update, OrchTx *tx, OrchRestart *restart,
                    const OrchService *service, const GPtrArray *slots)
{
  g_return_if_fail (update != NULL && tx != NULL && restart != NULL && service != NULL);
  gpointer key = GUINT_TO_POINTER (service->id);
  OrchUpdater *running = g_hash_table_lookup (update->updaters, key);
  /* An update towards an equal spec is already under way (reflect.DeepEqual, updater.go:56). */
  if (running != NULL && orch_service_spec__equal (running->spec, service->spec))
    return;
  g_hash_table_remove (update->updaters, key); /* cancels the older update */

  OrchUpdateState state = service->update_state;
  if (state == ORCH_UPDATE_STATE_PAUSED || state == ORCH_UPDATE_STATE_ROLLBACK_PAUSED)
    return;
  OrchUpdater *u = updater_new (service, restart, state == ORCH_UPDATE_STATE_ROLLBACK_STARTED);
  for (guint i = 0; slots != NULL && i < slots->len; i++) {
    const OrchSlot *slot = g_ptr_array_index (slots, i);
    if (slot_is_dirty (tx->store, service, slot))
      g_ptr_array_add (u->dirty, update_slot_new (slot));
  }
  OrchService *stored = orch_store_get_service (tx->store, service->id);
  if (u->dirty->len == 0) {
    if (state == ORCH_UPDATE_STATE_UPDATING || state == ORCH_UPDATE_STATE_ROLLBACK_STARTED)
      complete_update (tx, service->id);
    updater_free (u);
    return;
  }
  if (state == ORCH_UPDATE_STATE_NONE && stored != NULL)
    orch_update_set_state (tx, stored, ORCH_UPDATE_STATE_UPDATING);
  /* Parallelism 0 means every dirty slot at once. */
  u->n_workers = u->config.parallelism == 0 ? u->dirty->len
                                            : (guint)MIN (u->config.parallelism, u->dirty->len);
  u->workers = g_new0 (OrchUpdateWorker, u->n_workers);
  g_hash_table_insert (update->updaters, key, u);
}

/* --- failures -------------------------------------------------------------------------------- */

/* failureTriggersAction (updater.go:217-256): a task this update created counts as a failure if
 * it stopped before it ran, or within the monitor period after it started; above the ratio the
 * failure action runs. Returns TRUE when the action ends the current loop. */
static gboolean
note_failure (OrchUpdater *u, OrchTx *tx, OrchTaskId id)
{
  if (g_hash_table_contains (u->failed, &id))
    return FALSE;
  const OrchTime *started = g_hash_table_lookup (u->updated, &id);
  if (started == NULL || (*started != ORCH_TIME_NEVER && tx->now - *started > u->monitor_us))
    return FALSE;
  g_hash_table_add (u->failed, g_memdup2 (&id, sizeof id));
  u->failures++;
  /* SwarmKit compares in float32. */
  if ((float)u->failures / (float)u->dirty->len <= (float)u->config.max_failure_ratio)
    return FALSE;
  switch (u->config.failure_action) {
    case ORCH_FAILURE_ACTION_PAUSE:
      u->stopped = TRUE;
      pause_update (tx, u->service_id);
      return TRUE;
    case ORCH_FAILURE_ACTION_ROLLBACK:
      /* A failing rollback is paused, never rolled back. SwarmKit leaves `stopped` unset here,
       * so the run goes on monitoring and then marks itself completed; kept as is. */
      if (u->rollback) {
        pause_update (tx, u->service_id);
        return TRUE;
      }
      u->stopped = TRUE;
      rollback_update (tx, u->service_id);
      return TRUE;
    case ORCH_FAILURE_ACTION_CONTINUE:
    default:
      return FALSE;
  }
}

/* Looks at the stopped tasks seen since the last call, oldest event first. SwarmKit reads its
 * failure watch only inside the slot-handing and monitor loops: while it waits for the workers
 * (PHASE_DRAIN) events queue up and are judged when monitoring starts, against that time; after
 * an action ended a loop, the events behind it wait for the next loop too. Returns TRUE when an
 * action ended the current loop. */
static gboolean
check_failures (OrchUpdater *u, OrchTx *tx)
{
  if (u->phase == PHASE_DRAIN)
    return FALSE;
  guint i = 0;
  gboolean acted = FALSE;
  while (i < u->seen_failed->len && !acted)
    acted = note_failure (u, tx, g_array_index (u->seen_failed, OrchTaskId, i++));
  g_array_remove_range (u->seen_failed, 0, i);
  return acted;
}

void
orch_update_handle_event (OrchUpdate *update, const OrchStore *store, const OrchEvent *event)
{
  g_return_if_fail (update != NULL && store != NULL && event != NULL);
  if (event->kind != ORCH_EVENT_TASK_UPDATE)
    return;
  OrchUpdater *u = g_hash_table_lookup (update->updaters, GUINT_TO_POINTER (event->old_service_id));
  /* With failure action CONTINUE SwarmKit does not even watch (updater.go:201-211). */
  if (u == NULL || u->config.failure_action == ORCH_FAILURE_ACTION_CONTINUE ||
      !g_hash_table_contains (u->updated, &event->id))
    return;
  const OrchTask *t = orch_store_get_task (store, event->id);
  if (t != NULL && t->state > ORCH_TASK_RUNNING && event->old_state <= ORCH_TASK_RUNNING)
    g_array_append_val (u->seen_failed, event->id);
}

/* --- the run loop ---------------------------------------------------------------------------- */

/* Steps every worker and hands out slots until nothing moves. */
static void
run_workers (OrchUpdater *u, OrchTx *tx)
{
  gboolean progress = TRUE;
  while (progress) {
    progress = FALSE;
    if (u->phase == PHASE_SLOTS && check_failures (u, tx))
      u->phase = PHASE_DRAIN; /* break slotsLoop */
    for (guint i = 0; i < u->n_workers; i++) {
      OrchUpdateWorker *w = &u->workers[i];
      progress |= orch_update__worker_step (u, w, tx);
      if (w->state == WORKER_IDLE && u->phase == PHASE_SLOTS && u->next < u->dirty->len) {
        orch_update__worker_take_slot (u, w, tx, g_ptr_array_index (u->dirty, u->next++));
        progress = TRUE;
      }
    }
    if (u->phase == PHASE_SLOTS && u->next >= u->dirty->len)
      u->phase = PHASE_DRAIN;
  }
}

/* Returns: TRUE when the update is over and can be dropped. */
static gboolean
updater_run (OrchUpdater *u, OrchTx *tx)
{
  run_workers (u, tx);
  if (u->phase == PHASE_DRAIN && orch_update__workers_idle (u)) {
    if (u->stopped)
      return TRUE;
    /* With a delay at least as long as the monitor period, watch longer than the delay. The
     * failure check reads the same variable, so it uses the longer period from now on
     * (updater.go:283-285, a closure over monitoringPeriod). */
    if (u->config.delay_us >= u->monitor_us)
      u->monitor_us = u->config.delay_us + ORCH_SEC (1);
    u->phase = PHASE_MONITOR;
    u->monitor_until = tx->now + u->monitor_us;
  }
  if (u->phase != PHASE_MONITOR)
    return FALSE;
  /* A failure that ends the monitor loop completes at once unless it stopped the update. */
  if (check_failures (u, tx) || tx->now >= u->monitor_until) {
    if (!u->stopped)
      complete_update (tx, u->service_id);
    return TRUE;
  }
  return FALSE;
}

void
orch_update_tick (OrchUpdate *update, OrchTx *tx)
{
  g_return_if_fail (update != NULL && tx != NULL);
  if (g_hash_table_size (update->updaters) == 0)
    return;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, update->updaters);
  while (g_hash_table_iter_next (&iter, &key, NULL)) {
    guint64 id = GPOINTER_TO_UINT (key);
    g_array_append_val (ids, id);
  }
  orch__ids_sort_unique (ids); /* service id order, not the table's */
  for (guint i = 0; i < ids->len; i++) {
    gpointer k = GUINT_TO_POINTER ((guint)g_array_index (ids, guint64, i));
    OrchUpdater *u = g_hash_table_lookup (update->updaters, k);
    if (u != NULL && updater_run (u, tx))
      g_hash_table_remove (update->updaters, k);
  }
}

OrchTime
orch_update_next_deadline (const OrchUpdate *update)
{
  g_return_val_if_fail (update != NULL, ORCH_TIME_NEVER);
  OrchTime best = ORCH_TIME_NEVER;
  GHashTableIter iter;
  gpointer value;
  /* A minimum does not depend on the visiting order. */
  g_hash_table_iter_init (&iter, update->updaters);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    const OrchUpdater *u = value;
    if (u->phase == PHASE_MONITOR)
      best = MIN (best, u->monitor_until);
    for (guint i = 0; i < u->n_workers; i++)
      if (u->workers[i].state == WORKER_SLEEP)
        best = MIN (best, u->workers[i].sleep_until);
  }
  return best;
}
