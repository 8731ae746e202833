/* SPDX-License-Identifier: MIT
 * Rolling updates (manager/orchestrator/update/updater.go) as state machines. Each update hands its
 * dirty slots to `parallelism` workers; a worker creates or reuses a task, waits for its delayed
 * start and for it to run, then sleeps the update delay. SwarmKit's goroutines and channels become
 * worker states, checked at each tick against the store, plus two timers (delay and monitor). */
#include "models/orchestrator/update.h"

#include "models/orchestrator/constraint.h"
#include "models/orchestrator/types_private.h"

typedef enum {
  WORKER_IDLE,
  WORKER_WAIT_START,   /* the task's delayed start has not run yet */
  WORKER_WAIT_RUNNING, /* a task this update created has not reached RUNNING */
  WORKER_SLEEP,        /* the update delay after a slot */
} WorkerState;

typedef struct {
  WorkerState state;
  OrchTaskId task_id; /* the task started or watched */
  gboolean created;   /* task_id was created by this update (then wait for RUNNING) */
  gboolean start_then_stop;
  GArray *slot_ids; /* (element-type OrchTaskId) owned; the slot's tasks before the update */
  OrchTime sleep_until;
} Worker;

typedef enum {
  PHASE_SLOTS,   /* handing dirty slots to workers */
  PHASE_DRAIN,   /* no more slots to hand out; waiting for workers to finish */
  PHASE_MONITOR, /* all slots done; watching for failures one more monitor period */
} Phase;

typedef struct {
  OrchServiceId service_id;
  OrchServiceSpec *spec; /* owned ref: the spec this update works towards */
  guint64 spec_version;  /* the service's spec_version when the update started */
  OrchRestart *restart;  /* unowned */
  gboolean rollback;     /* started under ROLLBACK_STARTED: rollback config, never re-rolled */
  OrchUpdateConfig config;
  OrchTime monitor_us;
  GPtrArray *dirty; /* (element-type GArray) owned arrays of task ids, one per slot */
  guint next;       /* next dirty slot to hand out */
  Worker *workers;  /* owned, n_workers long */
  guint n_workers;
  GHashTable *updated; /* (element-type guint64 OrchTime) created task → RUNNING time */
  GHashTable *failed;  /* (element-type guint64) failures already counted */
  guint failures;
  GArray *touched;  /* (element-type OrchTaskId) tasks written since the last tick */
  gboolean stopped; /* paused or rolled back: no completion */
  Phase phase;
  OrchTime monitor_until;
} Updater;

struct _OrchUpdate {
  GHashTable *updaters; /* (element-type guint Updater) owned */
  GHashTable *states;   /* (element-type guint OrchUpdateState) */
};

static const char *const state_names[] = {
  [ORCH_UPDATE_STATE_NONE] = NULL,
  [ORCH_UPDATE_STATE_UPDATING] = "updating",
  [ORCH_UPDATE_STATE_PAUSED] = "paused",
  [ORCH_UPDATE_STATE_COMPLETED] = "completed",
  [ORCH_UPDATE_STATE_ROLLBACK_STARTED] = "rollback_started",
  [ORCH_UPDATE_STATE_ROLLBACK_PAUSED] = "rollback_paused",
  [ORCH_UPDATE_STATE_ROLLBACK_COMPLETED] = "rollback_completed",
};

const char *
orch_update_state_to_string (OrchUpdateState state)
{
  if ((guint)state >= G_N_ELEMENTS (state_names))
    return NULL;
  return state_names[state];
}

static void
updater_free (gpointer data)
{
  Updater *u = data;
  for (guint i = 0; i < u->n_workers; i++)
    g_clear_pointer (&u->workers[i].slot_ids, g_array_unref);
  g_free (u->workers);
  g_ptr_array_unref (u->dirty);
  g_hash_table_unref (u->updated);
  g_hash_table_unref (u->failed);
  g_array_unref (u->touched);
  orch_service_spec_unref (u->spec);
  g_free (u);
}

OrchUpdate *
orch_update_new (void)
{
  OrchUpdate *update = g_new0 (OrchUpdate, 1);
  update->updaters = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, updater_free);
  update->states = g_hash_table_new (g_direct_hash, g_direct_equal);
  return update;
}

void
orch_update_free (OrchUpdate *update)
{
  if (update == NULL)
    return;
  g_hash_table_unref (update->updaters);
  g_hash_table_unref (update->states);
  g_free (update);
}

OrchUpdateState
orch_update_get_state (const OrchUpdate *update, OrchServiceId service_id)
{
  g_return_val_if_fail (update != NULL, ORCH_UPDATE_STATE_NONE);
  return (OrchUpdateState)GPOINTER_TO_UINT (
      g_hash_table_lookup (update->states, GUINT_TO_POINTER (service_id)));
}

void
orch_update_set_state (OrchUpdate *update, OrchTx *tx, OrchServiceId service_id,
                       OrchUpdateState state)
{
  g_return_if_fail (update != NULL && tx != NULL);
  g_hash_table_insert (update->states, GUINT_TO_POINTER (service_id), GUINT_TO_POINTER (state));
  if (state != ORCH_UPDATE_STATE_NONE)
    orch_tx__update_status (tx, service_id, orch_update_state_to_string (state));
}

void
orch_update_forget (OrchUpdate *update, OrchServiceId service_id)
{
  g_return_if_fail (update != NULL);
  g_hash_table_remove (update->updaters, GUINT_TO_POINTER (service_id));
  g_hash_table_remove (update->states, GUINT_TO_POINTER (service_id));
}

/* --- dirtiness ----------------------------------------------------------------------------- */

gboolean
orch_update_task_is_dirty (const OrchService *service, const OrchTask *task, const OrchNode *node)
{
  g_return_val_if_fail (service != NULL && task != NULL, TRUE);
  if (task->spec_version != 0 && task->spec_version == service->spec_version)
    return FALSE;
  if (orch_service_spec_task_equal (service->spec, task->spec))
    return FALSE;
  /* Only the constraints changed and the task's node still satisfies them: keep the task. */
  if (node == NULL || !orch_service_spec__task_equal_full (service->spec, task->spec, TRUE))
    return TRUE;
  g_autoptr (GPtrArray) list = orch_constraint_parse_list (service->spec->constraints, NULL);
  return list == NULL || !orch_constraint_list_matches_node (list, node);
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

static void
pause_update (OrchUpdate *update, OrchTx *tx, OrchServiceId id)
{
  OrchUpdateState s = orch_update_get_state (update, id);
  if (s == ORCH_UPDATE_STATE_NONE) /* the service changed since this update started */
    return;
  orch_update_set_state (update, tx, id,
                         s == ORCH_UPDATE_STATE_ROLLBACK_STARTED ? ORCH_UPDATE_STATE_ROLLBACK_PAUSED
                                                                 : ORCH_UPDATE_STATE_PAUSED);
}

static void
complete_update (OrchUpdate *update, OrchTx *tx, OrchServiceId id)
{
  OrchUpdateState s = orch_update_get_state (update, id);
  if (s == ORCH_UPDATE_STATE_NONE)
    return;
  orch_update_set_state (update, tx, id,
                         s == ORCH_UPDATE_STATE_ROLLBACK_STARTED
                             ? ORCH_UPDATE_STATE_ROLLBACK_COMPLETED
                             : ORCH_UPDATE_STATE_COMPLETED);
}

/* Puts the previous spec back; its store event makes the orchestrator start the rollback run. */
static void
rollback_update (OrchUpdate *update, OrchTx *tx, OrchServiceId id)
{
  OrchService *service = orch_store_get_service (tx->store, id);
  if (service == NULL || orch_update_get_state (update, id) == ORCH_UPDATE_STATE_NONE)
    return;
  /* Without a previous spec SwarmKit's transaction fails and nothing changes. */
  if (service->previous_spec == NULL)
    return;
  orch_update_set_state (update, tx, id, ORCH_UPDATE_STATE_ROLLBACK_STARTED);
  orch_store_update_service (tx->store, service, service->previous_spec);
}

/* --- starting an update ---------------------------------------------------------------------- */

static GArray *
slot_ids (const OrchSlot *slot)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (OrchTaskId), slot->tasks->len);
  for (guint i = 0; i < slot->tasks->len; i++)
    g_array_append_val (ids, ((const OrchTask *)g_ptr_array_index (slot->tasks, i))->id);
  return ids;
}

static Updater *
updater_new (const OrchService *service, OrchRestart *restart, gboolean rollback)
{
  Updater *u = g_new0 (Updater, 1);
  u->service_id = service->id;
  u->spec = orch_service_spec_ref (service->spec);
  u->spec_version = service->spec_version;
  u->restart = restart;
  u->rollback = rollback;
  u->config = rollback ? service->spec->rollback : service->spec->update;
  u->monitor_us = u->config.monitor_us;
  u->dirty = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  u->updated = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  u->failed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  u->touched = g_array_new (FALSE, FALSE, sizeof (OrchTaskId));
  u->phase = PHASE_SLOTS;
  return u;
}

void
orch_update_update (OrchUpdate *update, OrchTx *tx, OrchRestart *restart,
                    const OrchService *service, const GPtrArray *slots)
{
  g_return_if_fail (update != NULL && tx != NULL && restart != NULL && service != NULL);
  gpointer key = GUINT_TO_POINTER (service->id);
  Updater *running = g_hash_table_lookup (update->updaters, key);
  /* An update towards this very spec is already under way. Specs are immutable and shared, so
   * the same object means the same spec. */
  if (running != NULL && running->spec == service->spec)
    return;
  g_hash_table_remove (update->updaters, key); /* cancels the older update */

  OrchUpdateState state = orch_update_get_state (update, service->id);
  if (state == ORCH_UPDATE_STATE_PAUSED || state == ORCH_UPDATE_STATE_ROLLBACK_PAUSED)
    return;
  Updater *u = updater_new (service, restart, state == ORCH_UPDATE_STATE_ROLLBACK_STARTED);
  for (guint i = 0; slots != NULL && i < slots->len; i++) {
    const OrchSlot *slot = g_ptr_array_index (slots, i);
    if (slot_is_dirty (tx->store, service, slot))
      g_ptr_array_add (u->dirty, slot_ids (slot));
  }
  if (u->dirty->len == 0) {
    if (state == ORCH_UPDATE_STATE_UPDATING || state == ORCH_UPDATE_STATE_ROLLBACK_STARTED)
      complete_update (update, tx, service->id);
    updater_free (u);
    return;
  }
  if (state == ORCH_UPDATE_STATE_NONE)
    orch_update_set_state (update, tx, service->id, ORCH_UPDATE_STATE_UPDATING);
  /* Parallelism 0 means every dirty slot at once. */
  u->n_workers = u->config.parallelism == 0 ? u->dirty->len
                                            : (guint)MIN (u->config.parallelism, u->dirty->len);
  u->workers = g_new0 (Worker, u->n_workers);
  g_hash_table_insert (update->updaters, key, u);
}

/* --- failures -------------------------------------------------------------------------------- */

/* A task this update created counts as a failure if it stopped before running, or within the
 * monitor period after it started; above the ratio the failure action runs. Returns TRUE when
 * the action stops handing out slots. */
static gboolean
note_failure (OrchUpdate *update, Updater *u, OrchTx *tx, const OrchTask *t)
{
  if (g_hash_table_contains (u->failed, &t->id))
    return FALSE;
  const OrchTime *started = g_hash_table_lookup (u->updated, &t->id);
  if (started == NULL || (*started != ORCH_TIME_NEVER && tx->now - *started > u->monitor_us))
    return FALSE;
  g_hash_table_add (u->failed, g_memdup2 (&t->id, sizeof t->id));
  u->failures++;
  if ((float)u->failures / (float)u->dirty->len <= (float)u->config.max_failure_ratio)
    return FALSE;
  switch (u->config.failure_action) {
    case ORCH_FAILURE_ACTION_PAUSE:
      u->stopped = TRUE;
      pause_update (update, tx, u->service_id);
      return TRUE;
    case ORCH_FAILURE_ACTION_ROLLBACK:
      /* A failing rollback is paused, never rolled back. SwarmKit leaves `stopped` unset here,
       * so the run still monitors and then marks itself completed; kept as is. */
      if (u->rollback) {
        pause_update (update, tx, u->service_id);
        return TRUE;
      }
      u->stopped = TRUE;
      rollback_update (update, tx, u->service_id);
      return TRUE;
    case ORCH_FAILURE_ACTION_CONTINUE:
    default:
      return FALSE;
  }
}

static void
check_failures (OrchUpdate *update, Updater *u, OrchTx *tx)
{
  g_autoptr (GArray) touched = g_steal_pointer (&u->touched);
  u->touched = g_array_new (FALSE, FALSE, sizeof (OrchTaskId));
  if (u->config.failure_action == ORCH_FAILURE_ACTION_CONTINUE)
    return;
  orch__ids_sort_unique (touched);
  for (guint i = 0; i < touched->len; i++) {
    const OrchTask *t = orch_store_get_task (tx->store, g_array_index (touched, OrchTaskId, i));
    if (t == NULL || t->state <= ORCH_TASK_RUNNING)
      continue;
    if (note_failure (update, u, tx, t) && u->phase == PHASE_SLOTS)
      u->phase = PHASE_DRAIN;
  }
}

void
orch_update_handle_event (OrchUpdate *update, const OrchStore *store, const OrchEvent *event)
{
  g_return_if_fail (update != NULL && store != NULL && event != NULL);
  if (event->kind != ORCH_EVENT_TASK_UPDATE)
    return;
  Updater *u = g_hash_table_lookup (update->updaters, GUINT_TO_POINTER (event->old_service_id));
  if (u != NULL && g_hash_table_contains (u->updated, &event->id))
    g_array_append_val (u->touched, event->id);
}

/* --- workers --------------------------------------------------------------------------------- */

/* removeOldTasks: shuts down the live tasks among @ids and returns the last one shut down. */
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

/* useExistingTask: keep @existing, shut down the rest, start @existing once they stopped. */
static void
use_existing (Updater *u, Worker *w, OrchTx *tx, OrchTask *existing)
{
  OrchTask *old = remove_old_tasks (tx, w->slot_ids, existing->id);
  w->created = FALSE;
  w->task_id = existing->id;
  if (existing->desired != ORCH_TASK_RUNNING) {
    orch_restart_delay_start (u->restart, old, existing->id, 0, TRUE, tx->now);
    w->state = WORKER_WAIT_START;
  }
}

/* updateTask: a new task with desired READY in the slot (or on the node), started after the old
 * one stopped (stop-first) or at once (start-first, the old one stops once it runs). */
static void
create_replacement (Updater *u, Worker *w, OrchTx *tx, const OrchTask *first)
{
  OrchService *service = orch_store_get_service (tx->store, u->service_id);
  if (service == NULL)
    return;
  gboolean global = u->spec->mode == ORCH_MODE_GLOBAL;
  OrchTask *fresh = orch_tx__create_task (tx, u->service_id, first->slot,
                                          global ? first->node_id : 0, u->spec, ORCH_TASK_READY);
  OrchTaskId id = fresh->id;
  OrchTime never = ORCH_TIME_NEVER;
  g_hash_table_insert (u->updated, g_memdup2 (&id, sizeof id), g_memdup2 (&never, sizeof never));
  w->created = TRUE;
  w->task_id = id;
  w->start_then_stop = u->config.order == ORCH_ORDER_START_FIRST;
  if (w->start_then_stop) {
    orch_restart_delay_start (u->restart, NULL, id, 0, FALSE, tx->now);
  } else {
    OrchTask *old = remove_old_tasks (tx, w->slot_ids, 0);
    orch_restart_delay_start (u->restart, old, id, 0, TRUE, tx->now);
  }
  w->state = WORKER_WAIT_START;
}

static void
worker_take_slot (Updater *u, Worker *w, OrchTx *tx, GArray *ids)
{
  g_clear_pointer (&w->slot_ids, g_array_unref);
  w->slot_ids = g_array_ref (ids);
  w->state = WORKER_IDLE;
  w->start_then_stop = FALSE;
  OrchTask *running = NULL, *clean = NULL, *first = NULL;
  /* Dirtiness is judged against the spec this update started with, as SwarmKit's newService. */
  const OrchService target = { u->service_id, u->spec, NULL, u->spec_version };
  for (guint i = 0; i < ids->len; i++) {
    OrchTask *t = orch_store_get_task (tx->store, g_array_index (ids, OrchTaskId, i));
    if (t == NULL)
      continue;
    if (first == NULL)
      first = t;
    if (orch_update_task_is_dirty (&target, t, orch_store_get_node (tx->store, t->node_id)))
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
  else if (first != NULL)
    create_replacement (u, w, tx, first);
}

static void
worker_slot_done (Updater *u, Worker *w, OrchTx *tx)
{
  if (u->config.delay_us != 0) {
    w->state = WORKER_SLEEP;
    w->sleep_until = tx->now + u->config.delay_us;
  } else {
    w->state = WORKER_IDLE;
  }
}

/* Moves one worker as far as the store allows. Returns TRUE if it changed state. */
static gboolean
worker_step (Updater *u, Worker *w, OrchTx *tx)
{
  switch (w->state) {
    case WORKER_WAIT_START:
      /* The start ran, or was cancelled because the task went away: both end the wait. */
      if (orch_restart_has_pending_start (u->restart, w->task_id))
        return FALSE;
      if (w->created)
        w->state = WORKER_WAIT_RUNNING;
      else
        worker_slot_done (u, w, tx);
      return TRUE;
    case WORKER_WAIT_RUNNING: {
      /* No timeout, as in SwarmKit: a task that never runs holds its worker. */
      const OrchTask *t = orch_store_get_task (tx->store, w->task_id);
      if (t == NULL || t->state < ORCH_TASK_RUNNING)
        return FALSE;
      OrchTime *started = g_hash_table_lookup (u->updated, &w->task_id);
      if (started != NULL)
        *started = tx->now;
      if (w->start_then_stop && t->state == ORCH_TASK_RUNNING)
        remove_old_tasks (tx, w->slot_ids, w->task_id);
      worker_slot_done (u, w, tx);
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

static gboolean
workers_idle (const Updater *u)
{
  for (guint i = 0; i < u->n_workers; i++)
    if (u->workers[i].state != WORKER_IDLE)
      return FALSE;
  return TRUE;
}

/* Returns: TRUE when the update is over and can be dropped. */
static gboolean
updater_run (OrchUpdate *update, Updater *u, OrchTx *tx)
{
  check_failures (update, u, tx);
  gboolean progress = TRUE;
  while (progress) {
    progress = FALSE;
    for (guint i = 0; i < u->n_workers; i++) {
      Worker *w = &u->workers[i];
      progress |= worker_step (u, w, tx);
      if (w->state == WORKER_IDLE && u->phase == PHASE_SLOTS && u->next < u->dirty->len) {
        worker_take_slot (u, w, tx, g_ptr_array_index (u->dirty, u->next++));
        progress = TRUE;
      }
    }
  }
  if (u->phase == PHASE_SLOTS && u->next >= u->dirty->len)
    u->phase = PHASE_DRAIN;
  if (u->phase == PHASE_DRAIN && workers_idle (u)) {
    if (u->stopped)
      return TRUE;
    /* With a delay at least as long as the monitor period, watch longer than the delay. */
    OrchTime monitor = u->monitor_us;
    if (u->config.delay_us >= monitor)
      monitor = u->config.delay_us + ORCH_SEC (1);
    u->phase = PHASE_MONITOR;
    u->monitor_until = tx->now + monitor;
  }
  if (u->phase == PHASE_MONITOR && tx->now >= u->monitor_until) {
    complete_update (update, tx, u->service_id);
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
    Updater *u = g_hash_table_lookup (update->updaters, k);
    /* A rollback started by an earlier updater of this tick may have replaced this one. */
    if (u != NULL && updater_run (update, u, tx))
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
    const Updater *u = value;
    if (u->phase == PHASE_MONITOR)
      best = MIN (best, u->monitor_until);
    for (guint i = 0; i < u->n_workers; i++)
      if (u->workers[i].state == WORKER_SLEEP)
        best = MIN (best, u->workers[i].sleep_until);
  }
  return best;
}
