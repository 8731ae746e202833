/* SPDX-License-Identifier: MIT
 * Delayed starts (restart.go DelayStart, StartNow, waitRestart): a replacement waits at desired
 * READY for the restart delay and, unless told not to, for the old task to stop (or its node to go
 * DOWN or away, or 60 s). SwarmKit's goroutines become timers ordered by (due time, task id) that
 * the manager advances. */
#include "models/orchestrator/restart.h"

#include "models/orchestrator/restart_private.h"
#include "models/orchestrator/types_private.h"

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

static gint
delay_cmp (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Delay *x = a, *y = b;
  (void)user_data;
  if (x->due != y->due)
    return x->due < y->due ? -1 : 1;
  return x->task_id < y->task_id ? -1 : (x->task_id > y->task_id ? 1 : 0);
}

void
orch_restart__delays_init (OrchRestart *r)
{
  r->delays = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  r->by_old = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                     (GDestroyNotify)g_ptr_array_unref);
  r->by_due = g_tree_new_full (delay_cmp, NULL, NULL, NULL);
}

void
orch_restart__delays_clear (OrchRestart *r)
{
  g_clear_pointer (&r->by_due, g_tree_unref);
  g_clear_pointer (&r->by_old, g_hash_table_unref);
  g_clear_pointer (&r->delays, g_hash_table_unref);
}

gboolean
orch_restart__mark_waiter (OrchRestart *r, OrchTaskId task_id)
{
  Delay *pending = g_hash_table_lookup (r->delays, &task_id);
  if (pending == NULL)
    return FALSE;
  pending->waiter = TRUE;
  return TRUE;
}

static OrchTime
delay_due (const Delay *d)
{
  return d->wait_old ? MAX (d->delay_until, d->timeout_at) : d->delay_until;
}

/* Several starts may wait on one old task (a restart and an update can both name it). */
static void
by_old_add (OrchRestart *r, Delay *d)
{
  GPtrArray *list = g_hash_table_lookup (r->by_old, &d->old_task_id);
  if (list == NULL) {
    list = g_ptr_array_new ();
    g_hash_table_insert (r->by_old, g_memdup2 (&d->old_task_id, sizeof d->old_task_id), list);
  }
  g_ptr_array_add (list, d);
}

static void
by_old_remove (OrchRestart *r, Delay *d)
{
  GPtrArray *list = g_hash_table_lookup (r->by_old, &d->old_task_id);
  g_assert (list != NULL);
  g_ptr_array_remove (list, d);
  if (list->len == 0)
    g_hash_table_remove (r->by_old, &d->old_task_id);
}

static void
delay_drop (OrchRestart *r, Delay *d)
{
  g_tree_remove (r->by_due, d);
  if (d->wait_old)
    by_old_remove (r, d);
  g_hash_table_remove (r->delays, &d->task_id); /* frees d */
}

/* The old task stopped (or can no longer be waited for): the start is due after the delay. */
static void
delay_release (OrchRestart *r, Delay *d)
{
  if (!d->wait_old)
    return;
  g_tree_remove (r->by_due, d);
  by_old_remove (r, d);
  d->wait_old = FALSE;
  d->due = delay_due (d);
  g_tree_insert (r->by_due, d, d);
}

/* Releases every start waiting on @old_task_id, oldest first. */
static void
release_old (OrchRestart *r, OrchTaskId old_task_id)
{
  GPtrArray *list = g_hash_table_lookup (r->by_old, &old_task_id);
  if (list == NULL)
    return;
  g_autoptr (GPtrArray) copy = orch__ptr_array_dup (list);
  for (guint i = 0; i < copy->len; i++)
    delay_release (r, g_ptr_array_index (copy, i));
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
  /* Only an old task that may still run is worth waiting for (restart.go:457). */
  if (wait_stop && old_task != NULL && old_task->state <= ORCH_TASK_RUNNING) {
    d->old_task_id = old_task->id;
    d->old_node_id = old_task->node_id;
    d->wait_old = TRUE;
  }
  d->due = delay_due (d);
  g_hash_table_insert (restart->delays, &d->task_id, d);
  if (d->wait_old)
    by_old_add (restart, d);
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
  /* Collect first, then release in old-task-id order: by_old's own order must not matter. */
  g_autoptr (GArray) old_ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  GHashTableIter iter;
  gpointer key, value;
  g_hash_table_iter_init (&iter, r->by_old);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((Delay *)g_ptr_array_index ((GPtrArray *)value, 0))->old_node_id == node_id)
      g_array_append_vals (old_ids, key, 1);
  orch__ids_sort_unique (old_ids);
  for (guint i = 0; i < old_ids->len; i++)
    release_old (r, g_array_index (old_ids, guint64, i));
}

void
orch_restart_handle_event (OrchRestart *restart, const OrchStore *store, const OrchEvent *event)
{
  g_return_if_fail (restart != NULL && store != NULL && event != NULL);
  switch (event->kind) {
    case ORCH_EVENT_TASK_UPDATE: {
      /* Only an update is watched: a deleted old task is waited for until the timeout. */
      const OrchTask *old = orch_store_get_task (store, event->id);
      if (old != NULL && old->state > ORCH_TASK_RUNNING)
        release_old (restart, event->id);
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
