/* SPDX-License-Identifier: MIT
 * The restart supervisor: policy checks with per-slot history, replacement creation, and delayed
 * starts kept as timers ordered by (due time, task id). Behaviour follows SwarmKit's
 * manager/orchestrator/restart/restart.go; goroutines become entries the manager advances. */
#include "models/orchestrator/restart.h"

#include "models/orchestrator/types_private.h"

/* A slot's identity for restart history: (service, slot) for replicated services and
 * (service, node) for global ones (SwarmKit's SlotTuple). */
typedef struct {
  OrchServiceId service_id;
  guint32 slot;
  OrchNodeId node_id;
} SlotKey;

typedef struct {
  guint64 total_restarts;
  guint64 spec_version;
  GArray *timestamps; /* (element-type OrchTime) (nullable) owned; oldest first; windowed only */
} RestartInfo;

/* One delayed start: SwarmKit's DelayStart goroutine as data. */
typedef struct {
  OrchTaskId task_id;     /* the replacement to start */
  OrchTaskId old_task_id; /* 0: nothing to wait for */
  OrchNodeId old_node_id;
  OrchTime delay_until;
  OrchTime timeout_at; /* the old-task timer, armed when the start was created */
  gboolean wait_old;   /* still waiting for the old task to stop */
  gboolean waiter;     /* a Restart of task_id itself is waiting for this start */
  OrchTime due;        /* the key in by_due; recomputed when wait_old changes */
} Delay;

struct _OrchRestart {
  GHashTable *history; /* (element-type SlotKey RestartInfo) owned keys and values */
  GHashTable *delays;  /* (element-type guint64 Delay) owned values; key is &delay->task_id */
  GHashTable *by_old;  /* (element-type guint64 Delay) unowned; entries still waiting */
  GTree *by_due;       /* (element-type Delay Delay) unowned; ordered by (due, task id) */
};

static guint
slot_key_hash (gconstpointer p)
{
  const SlotKey *k = p;
  return (k->service_id * 2654435761u) ^ (k->slot * 40503u) ^ k->node_id;
}

static gboolean
slot_key_equal (gconstpointer a, gconstpointer b)
{
  const SlotKey *x = a, *y = b;
  return x->service_id == y->service_id && x->slot == y->slot && x->node_id == y->node_id;
}

static void
restart_info_free (gpointer data)
{
  RestartInfo *info = data;
  g_clear_pointer (&info->timestamps, g_array_unref);
  g_free (info);
}

static gint
delay_cmp (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Delay *x = a, *y = b;
  (void)user_data;
  if (x->due != y->due)
    return x->due < y->due ? -1 : 1;
  return x->task_id < y->task_id ? -1 : (x->task_id > y->task_id ? 1 : 0);
}

OrchRestart *
orch_restart_new (void)
{
  OrchRestart *r = g_new0 (OrchRestart, 1);
  r->history = g_hash_table_new_full (slot_key_hash, slot_key_equal, g_free, restart_info_free);
  r->delays = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  r->by_old = g_hash_table_new (g_int64_hash, g_int64_equal);
  r->by_due = g_tree_new_full (delay_cmp, NULL, NULL, NULL);
  return r;
}

void
orch_restart_free (OrchRestart *restart)
{
  if (restart == NULL)
    return;
  g_tree_unref (restart->by_due);
  g_hash_table_unref (restart->by_old);
  g_hash_table_unref (restart->delays);
  g_hash_table_unref (restart->history);
  g_free (restart);
}

static SlotKey
slot_key_for (const OrchService *service, const OrchTask *task)
{
  SlotKey key = { task->service_id, task->slot, 0 };
  /* Slot numbers mean nothing for global tasks, so their history is per node. */
  if (service->spec->mode == ORCH_MODE_GLOBAL) {
    key.slot = 0;
    key.node_id = task->node_id;
  }
  return key;
}

/* --- policy ---------------------------------------------------------------------------------- */

/* Counts the restarts inside (ts − window, ts), forgetting those at or before ts − window as
 * restart.go does, so the list stays bounded by MaxAttempts plus the restarts of one window. */
static guint64
restarts_in_window (RestartInfo *info, OrchTime ts, OrchTime window_us)
{
  OrchTime lookback = ts - window_us;
  guint drop = 0;
  while (drop < info->timestamps->len &&
         g_array_index (info->timestamps, OrchTime, drop) <= lookback)
    drop++;
  g_array_remove_range (info->timestamps, 0, drop);
  guint64 n = info->timestamps->len;
  /* Restarts recorded at or after the failed task's own timestamp happened after it failed. */
  for (guint i = info->timestamps->len; i > 0; i--) {
    if (g_array_index (info->timestamps, OrchTime, i - 1) < ts)
      break;
    n--;
  }
  if (info->timestamps->len == 0)
    g_clear_pointer (&info->timestamps, g_array_unref);
  return n;
}

gboolean
orch_restart_should_restart (OrchRestart *restart, const OrchTask *task, const OrchService *service)
{
  g_return_val_if_fail (restart != NULL && task != NULL && service != NULL, FALSE);
  const OrchRestartPolicy *policy = &task->spec->restart;

  switch (policy->condition) {
    case ORCH_RESTART_NONE:
      return FALSE;
    case ORCH_RESTART_ON_FAILURE:
      /* COMPLETE means exit code 0: not a failure. */
      if (task->state == ORCH_TASK_COMPLETE)
        return FALSE;
      break;
    case ORCH_RESTART_ANY:
      break;
    default:
      g_return_val_if_reached (FALSE);
  }
  if (policy->max_attempts == 0)
    return TRUE;

  SlotKey key = slot_key_for (service, task);
  RestartInfo *info = g_hash_table_lookup (restart->history, &key);
  if (info == NULL || (task->spec_version != 0 && task->spec_version != info->spec_version))
    return TRUE;
  if (policy->window_us == 0)
    return info->total_restarts < policy->max_attempts;
  if (info->timestamps == NULL)
    return TRUE;
  return restarts_in_window (info, orch__task_timestamp (task), policy->window_us) <
         policy->max_attempts;
}

void
orch_restart_record_history (OrchRestart *restart, const OrchService *service,
                             const OrchTask *replacement)
{
  g_return_if_fail (restart != NULL && service != NULL && replacement != NULL);
  const OrchRestartPolicy *policy = &replacement->spec->restart;
  if (policy->max_attempts == 0)
    return;

  SlotKey key = slot_key_for (service, replacement);
  RestartInfo *info = g_hash_table_lookup (restart->history, &key);
  if (info == NULL) {
    info = g_new0 (RestartInfo, 1);
    g_hash_table_insert (restart->history, g_memdup2 (&key, sizeof key), info);
  }
  /* Failures under an older spec must not count against the new one. */
  if (replacement->spec_version != 0 && replacement->spec_version != info->spec_version) {
    g_clear_pointer (&info->timestamps, g_array_unref);
    info->total_restarts = 0;
    info->spec_version = replacement->spec_version;
  }
  info->total_restarts++;
  if (policy->window_us != 0) {
    if (info->timestamps == NULL)
      info->timestamps = g_array_new (FALSE, FALSE, sizeof (OrchTime));
    g_array_append_val (info->timestamps, replacement->created_at);
  }
}

static gboolean
key_has_service (gpointer key, gpointer value, gpointer user_data)
{
  const SlotKey *k = key;
  (void)value;
  return k->service_id == GPOINTER_TO_UINT (user_data);
}

void
orch_restart_clear_service_history (OrchRestart *restart, OrchServiceId service_id)
{
  g_return_if_fail (restart != NULL);
  /* Removal only: the table's iteration order cannot reach any decision. */
  g_hash_table_foreach_remove (restart->history, key_has_service, GUINT_TO_POINTER (service_id));
}

/* Newest by (timestamp, id): the id breaks ties so equal timestamps give one answer. */
static gboolean
task_newer (const OrchTask *a, const OrchTask *b)
{
  OrchTime ta = orch__task_timestamp (a), tb = orch__task_timestamp (b);
  return ta != tb ? ta > tb : a->id > b->id;
}

void
orch_restart_updatable_in_slot (OrchRestart *restart, const GPtrArray *slot_tasks,
                                const OrchService *service, gboolean rollback_started,
                                GPtrArray *out)
{
  g_return_if_fail (restart != NULL && slot_tasks != NULL && service != NULL && out != NULL);
  if (slot_tasks->len == 0)
    return;
  guint before = out->len;
  for (guint i = 0; i < slot_tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (slot_tasks, i);
    if (t->desired <= ORCH_TASK_RUNNING)
      g_ptr_array_add (out, t);
  }
  /* A rollback must converge, so it ignores stopped tasks that would not be restarted. */
  if (out->len > before || rollback_started)
    return;
  OrchTask *newest = g_ptr_array_index (slot_tasks, 0);
  for (guint i = 1; i < slot_tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (slot_tasks, i);
    if (task_newer (t, newest))
      newest = t;
  }
  if (!orch_restart_should_restart (restart, newest, service))
    g_ptr_array_add (out, newest);
}

/* --- restart --------------------------------------------------------------------------------- */

void
orch_restart_restart (OrchRestart *restart, OrchTx *tx, const OrchService *service, OrchTask *task)
{
  g_return_if_fail (restart != NULL && tx != NULL && service != NULL && task != NULL);

  /* A replacement still waiting for its own start is not replaced again now: Restart runs once
   * that start happens. This is what stops crash loops from piling up tasks. */
  Delay *pending = g_hash_table_lookup (restart->delays, &task->id);
  if (pending != NULL) {
    pending->waiter = TRUE;
    return;
  }
  /* Callers filter on desired ≤ RUNNING; a second Restart of one task would add a task. */
  g_return_if_fail (task->desired <= ORCH_TASK_COMPLETE);

  orch_tx__set_desired (tx, task, ORCH_TASK_SHUTDOWN);
  if (!orch_restart_should_restart (restart, task, service))
    return;

  gboolean global = service->spec->mode == ORCH_MODE_GLOBAL;
  OrchTask *replacement = orch_tx__create_task (tx, service->id, global ? 0 : task->slot,
                                                global ? task->node_id : 0, NULL, ORCH_TASK_READY);
  const OrchNode *node = orch_store_get_node (tx->store, task->node_id);

  /* The delay applies on DOWN nodes too; only a drained node skips it (restart.go:174-187). */
  OrchTime delay_us = 0;
  if (node == NULL || node->availability != ORCH_AVAILABILITY_DRAIN)
    delay_us = task->spec->restart.delay_us;
  gboolean wait_stop =
      !((node != NULL && node->status == ORCH_NODE_DOWN) || task->state > ORCH_TASK_RUNNING);

  orch_restart_record_history (restart, service, replacement);
  orch_restart_delay_start (restart, task, replacement->id, delay_us, wait_stop, tx->now);
}

/* --- delayed starts -------------------------------------------------------------------------- */

static OrchTime
delay_due (const Delay *d)
{
  return d->wait_old ? MAX (d->delay_until, d->timeout_at) : d->delay_until;
}

static void
delay_drop (OrchRestart *r, Delay *d)
{
  g_tree_remove (r->by_due, d);
  if (d->wait_old)
    g_hash_table_remove (r->by_old, &d->old_task_id);
  g_hash_table_remove (r->delays, &d->task_id); /* frees d */
}

/* The old task stopped (or can no longer be waited for): the start is due after the delay. */
static void
delay_release (OrchRestart *r, Delay *d)
{
  if (!d->wait_old)
    return;
  g_tree_remove (r->by_due, d);
  g_hash_table_remove (r->by_old, &d->old_task_id);
  d->wait_old = FALSE;
  d->due = delay_due (d);
  g_tree_insert (r->by_due, d, d);
}

void
orch_restart_delay_start (OrchRestart *restart, const OrchTask *old_task, OrchTaskId new_task_id,
                          OrchTime delay_us, gboolean wait_stop, OrchTime now)
{
  g_return_if_fail (restart != NULL);
  g_return_if_fail (delay_us >= 0);

  /* A new start replaces a pending one; a Restart waiting on the old one now waits on this. */
  gboolean waiter = FALSE;
  Delay *old = g_hash_table_lookup (restart->delays, &new_task_id);
  if (old != NULL) {
    waiter = old->waiter;
    delay_drop (restart, old);
  }
  Delay *d = g_new0 (Delay, 1);
  d->task_id = new_task_id;
  d->delay_until = now + delay_us;
  d->timeout_at = now + ORCH_RESTART_OLD_TASK_TIMEOUT;
  d->waiter = waiter;
  /* Only an old task that may still run is worth waiting for. Two starts waiting on one old task
   * cannot happen: each old task is replaced once. */
  if (wait_stop && old_task != NULL && old_task->state <= ORCH_TASK_RUNNING &&
      g_hash_table_lookup (restart->by_old, &old_task->id) == NULL) {
    d->old_task_id = old_task->id;
    d->old_node_id = old_task->node_id;
    d->wait_old = TRUE;
  }
  d->due = delay_due (d);
  g_hash_table_insert (restart->delays, &d->task_id, d);
  if (d->wait_old)
    g_hash_table_insert (restart->by_old, &d->old_task_id, d);
  g_tree_insert (restart->by_due, d, d);
}

void
orch_restart_start_now (OrchTx *tx, OrchTaskId task_id)
{
  g_return_if_fail (tx != NULL);
  OrchTask *task = orch_store_get_task (tx->store, task_id);
  if (task == NULL || task->desired >= ORCH_TASK_RUNNING)
    return;
  orch_tx__set_desired (tx, task, ORCH_TASK_RUNNING);
}

gboolean
orch_restart_has_pending_start (const OrchRestart *restart, OrchTaskId task_id)
{
  g_return_val_if_fail (restart != NULL, FALSE);
  return g_hash_table_contains (restart->delays, &task_id);
}

void
orch_restart_cancel (OrchRestart *restart, OrchTaskId task_id)
{
  g_return_if_fail (restart != NULL);
  Delay *d = g_hash_table_lookup (restart->delays, &task_id);
  if (d != NULL)
    delay_drop (restart, d);
}

static void
release_node (OrchRestart *r, OrchNodeId node_id)
{
  /* Collect first, then release in task-id order: by_old's own order must not matter. */
  g_autoptr (GPtrArray) hits = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, r->by_old);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Delay *)value)->old_node_id == node_id)
      g_ptr_array_add (hits, value);
  for (guint i = 0; i < hits->len; i++)
    delay_release (r, g_ptr_array_index (hits, i));
}

void
orch_restart_handle_event (OrchRestart *restart, const OrchStore *store, const OrchEvent *event)
{
  g_return_if_fail (restart != NULL && store != NULL && event != NULL);
  switch (event->kind) {
    case ORCH_EVENT_TASK_UPDATE: {
      Delay *d = g_hash_table_lookup (restart->by_old, &event->id);
      const OrchTask *old = orch_store_get_task (store, event->id);
      if (d != NULL && old != NULL && old->state > ORCH_TASK_RUNNING)
        delay_release (restart, d);
      break;
    }
    case ORCH_EVENT_TASK_DELETE:
      orch_restart_cancel (restart, event->id);
      break;
    case ORCH_EVENT_NODE_UPDATE: {
      const OrchNode *node = orch_store_get_node (store, (OrchNodeId)event->id);
      if (node != NULL && node->status == ORCH_NODE_DOWN)
        release_node (restart, (OrchNodeId)event->id);
      break;
    }
    case ORCH_EVENT_NODE_DELETE:
      release_node (restart, (OrchNodeId)event->id);
      break;
    case ORCH_EVENT_NODE_CREATE:
    case ORCH_EVENT_SERVICE_CREATE:
    case ORCH_EVENT_SERVICE_UPDATE:
    case ORCH_EVENT_SERVICE_DELETE:
    case ORCH_EVENT_TASK_CREATE:
    default:
      break;
  }
}

static gboolean
first_delay (gpointer key, gpointer value, gpointer user_data)
{
  (void)value;
  *(Delay **)user_data = key;
  return TRUE; /* stop at the first */
}

static Delay *
earliest (const OrchRestart *r)
{
  Delay *d = NULL;
  g_tree_foreach (r->by_due, first_delay, &d);
  return d;
}

OrchTime
orch_restart_next_deadline (const OrchRestart *restart)
{
  g_return_val_if_fail (restart != NULL, ORCH_TIME_NEVER);
  const Delay *d = earliest (restart);
  return d != NULL ? d->due : ORCH_TIME_NEVER;
}

void
orch_restart_advance (OrchRestart *restart, OrchTx *tx)
{
  g_return_if_fail (restart != NULL && tx != NULL);
  Delay *d;
  while ((d = earliest (restart)) != NULL && d->due <= tx->now) {
    OrchTaskId id = d->task_id;
    gboolean waiter = d->waiter;
    delay_drop (restart, d);
    orch_restart_start_now (tx, id);
    if (!waiter)
      continue;
    /* SwarmKit's waitRestart: the task failed while it waited; restart it now if it still
     * should run and its service still exists. */
    OrchTask *task = orch_store_get_task (tx->store, id);
    if (task == NULL || task->desired > ORCH_TASK_RUNNING)
      continue;
    const OrchService *service = orch_store_get_service (tx->store, task->service_id);
    if (service != NULL)
      orch_restart_restart (restart, tx, service, task);
  }
}
