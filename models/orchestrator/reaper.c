/* SPDX-License-Identifier: MIT
 * The task reaper (manager/orchestrator/taskreaper/task_reaper.go): history retention per slot,
 * clean-up of removed and orphaned tasks, and its batching timer exposed as a deadline. */
#include "models/orchestrator/reaper.h"

#include "models/orchestrator/store_private.h"
#include "models/orchestrator/types_private.h"

/* A dirty slot: (service, slot) for replicated services, (service, node) for global ones. */
typedef struct {
  OrchServiceId service_id;
  guint32 slot;
  OrchNodeId node_id;
} DirtyKey;

struct _OrchReaper {
  gint64 history_limit;
  GHashTable *dirty; /* (element-type DirtyKey) owned keys: a set, as SwarmKit's dirty map */
  GArray *cleanup;   /* (element-type OrchTaskId) may repeat, as SwarmKit's cleanup slice */
  OrchTime timer_at;
};

static guint
dirty_key_hash (gconstpointer p)
{
  const DirtyKey *k = p;
  return (k->service_id * 2654435761u) ^ (k->slot * 40503u) ^ k->node_id;
}

static gboolean
dirty_key_equal (gconstpointer a, gconstpointer b)
{
  const DirtyKey *x = a, *y = b;
  return x->service_id == y->service_id && x->slot == y->slot && x->node_id == y->node_id;
}

static GHashTable *
dirty_set_new (void)
{
  return g_hash_table_new_full (dirty_key_hash, dirty_key_equal, g_free, NULL);
}

static void
mark_dirty (GHashTable *set, const DirtyKey *key)
{
  if (!g_hash_table_contains (set, key))
    g_hash_table_add (set, g_memdup2 (key, sizeof *key));
}

OrchReaper *
orch_reaper_new (gint64 history_limit)
{
  OrchReaper *r = g_new0 (OrchReaper, 1);
  r->history_limit = history_limit;
  r->dirty = dirty_set_new ();
  r->cleanup = g_array_new (FALSE, FALSE, sizeof (guint64));
  r->timer_at = ORCH_TIME_NEVER;
  return r;
}

void
orch_reaper_free (OrchReaper *reaper)
{
  if (reaper == NULL)
    return;
  g_hash_table_unref (reaper->dirty);
  g_array_unref (reaper->cleanup);
  g_free (reaper);
}

void
orch_reaper__mark_dirty (OrchReaper *reaper, OrchServiceId service_id, guint32 slot,
                         OrchNodeId node_id)
{
  g_return_if_fail (reaper != NULL);
  DirtyKey key = { service_id, slot, node_id };
  mark_dirty (reaper->dirty, &key);
}

guint
orch_reaper__get_dirty_count (const OrchReaper *reaper)
{
  g_return_val_if_fail (reaper != NULL, 0);
  return g_hash_table_size (reaper->dirty);
}

static gboolean
is_remove_candidate (const OrchTask *t)
{
  return t->desired == ORCH_TASK_REMOVE &&
         (t->state < ORCH_TASK_ASSIGNED || t->state >= ORCH_TASK_COMPLETE);
}

void
orch_reaper_start (OrchReaper *reaper, OrchTx *tx)
{
  g_return_if_fail (reaper != NULL && tx != NULL);
  g_autoptr (GPtrArray) all = orch_store_dup_tasks (tx->store);
  for (guint i = 0; i < all->len; i++) {
    const OrchTask *t = g_ptr_array_index (all, i);
    /* Orphaned service tasks go through normal history clean-up instead. */
    if ((t->service_id == 0 && t->state == ORCH_TASK_ORPHANED) || is_remove_candidate (t))
      g_array_append_val (reaper->cleanup, t->id);
  }
  if (reaper->cleanup->len > 0)
    orch_reaper_tick (reaper, tx);
}

void
orch_reaper_handle_event (OrchReaper *reaper, OrchTx *tx, const OrchEvent *event)
{
  g_return_if_fail (reaper != NULL && tx != NULL && event != NULL);
  const OrchTask *t = NULL;
  switch (event->kind) {
    case ORCH_EVENT_TASK_CREATE:
      t = orch_store_get_task (tx->store, event->id);
      if (t != NULL) {
        DirtyKey key = { t->service_id, t->slot, t->node_id };
        mark_dirty (reaper->dirty, &key);
      }
      break;
    case ORCH_EVENT_TASK_UPDATE:
      t = orch_store_get_task (tx->store, event->id);
      if (t != NULL &&
          ((t->state >= ORCH_TASK_ORPHANED && t->service_id == 0) || is_remove_candidate (t)))
        g_array_append_val (reaper->cleanup, t->id);
      break;
    case ORCH_EVENT_NODE_CREATE:
    case ORCH_EVENT_NODE_UPDATE:
    case ORCH_EVENT_NODE_DELETE:
    case ORCH_EVENT_SERVICE_CREATE:
    case ORCH_EVENT_SERVICE_UPDATE:
    case ORCH_EVENT_SERVICE_DELETE:
    case ORCH_EVENT_TASK_DELETE:
    default:
      return; /* not watched: no timer either */
  }
  /* Distinct dirty slots plus clean-up candidates, as len(tr.dirty)+len(tr.cleanup) counts
   * (task_reaper.go:188). */
  if (g_hash_table_size (reaper->dirty) + reaper->cleanup->len > ORCH_REAPER_MAX_DIRTY) {
    reaper->timer_at = ORCH_TIME_NEVER;
    orch_reaper_tick (reaper, tx);
  } else if (reaper->timer_at == ORCH_TIME_NEVER) {
    reaper->timer_at = tx->now + ORCH_REAPER_BATCH_INTERVAL;
  }
}

OrchTime
orch_reaper_next_deadline (const OrchReaper *reaper)
{
  g_return_val_if_fail (reaper != NULL, ORCH_TIME_NEVER);
  return reaper->timer_at;
}

void
orch_reaper_advance (OrchReaper *reaper, OrchTx *tx)
{
  g_return_if_fail (reaper != NULL && tx != NULL);
  if (reaper->timer_at > tx->now)
    return;
  reaper->timer_at = ORCH_TIME_NEVER;
  orch_reaper_tick (reaper, tx);
}

static gint
dirty_key_cmp (gconstpointer a, gconstpointer b)
{
  const DirtyKey *x = a, *y = b;
  if (x->service_id != y->service_id)
    return x->service_id < y->service_id ? -1 : 1;
  if (x->slot != y->slot)
    return x->slot < y->slot ? -1 : 1;
  return x->node_id < y->node_id ? -1 : (x->node_id > y->node_id ? 1 : 0);
}

/* Oldest first by (timestamp, id). */
static gint
task_by_age (gconstpointer a, gconstpointer b)
{
  const OrchTask *x = *(OrchTask *const *)a, *y = *(OrchTask *const *)b;
  OrchTime tx_ = orch__task_timestamp (x), ty = orch__task_timestamp (y);
  if (tx_ != ty)
    return tx_ < ty ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id ? 1 : 0);
}

/* The tasks sharing the dirty slot's history: same slot (replicated) or node (global). The
 * store's per-slot and per-node indexes make this O(history), not O(tasks of the service): a
 * scan per dirty slot made a tick cost slots × tasks, and building bench_world's 100 000-node
 * cluster (200 000 replicas) took 171 s instead of 0.6 s. */
static const GPtrArray *
slot_history (const OrchStore *store, const OrchService *service, const DirtyKey *key)
{
  if (service->spec->mode == ORCH_MODE_GLOBAL)
    return orch_store__get_service_node_tasks (store, service->id, key->node_id);
  return orch_store__get_slot_tasks (store, service->id, key->slot);
}

/* Returns: TRUE when the slot must stay dirty (more than one task still live). */
static gboolean
clean_slot (const OrchReaper *r, const OrchStore *store, const DirtyKey *key, GArray *doomed)
{
  const OrchService *service = orch_store_get_service (store, key->service_id);
  if (service == NULL)
    return FALSE;
  gint64 limit = r->history_limit;
  /* MaxAttempts + 1 tasks are kept so a new leader can rebuild the restart history. */
  if (service->spec->restart.max_attempts > 0)
    limit = (gint64)service->spec->restart.max_attempts + 1;
  if (limit < 0)
    return FALSE;
  const GPtrArray *indexed = slot_history (store, service, key);
  if ((gint64)indexed->len <= limit)
    return FALSE;
  /* A copy: the sort below must not reorder the store's index. */
  g_autoptr (GPtrArray) history = orch__ptr_array_dup (indexed);
  g_ptr_array_sort (history, task_by_age);
  guint live = 0;
  for (guint i = 0; i < history->len; i++) {
    const OrchTask *t = g_ptr_array_index (history, i);
    gboolean never_runs = t->state < ORCH_TASK_ASSIGNED && t->desired > ORCH_TASK_RUNNING;
    if (t->state > ORCH_TASK_RUNNING || never_runs) {
      g_array_append_val (doomed, t->id);
      if ((gint64)history->len <= ++limit)
        break;
    } else {
      live++;
    }
  }
  return live > 1;
}

/* Returns: (transfer full) (element-type DirtyKey): the set's keys in (service, slot, node)
 * order, so no hash-table order reaches the deletions. */
static GArray *
sorted_keys (GHashTable *set)
{
  GArray *keys = g_array_sized_new (FALSE, FALSE, sizeof (DirtyKey), g_hash_table_size (set));
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_vals (keys, key, 1);
  g_array_sort (keys, dirty_key_cmp);
  return keys;
}

void
orch_reaper_tick (OrchReaper *reaper, OrchTx *tx)
{
  g_return_if_fail (reaper != NULL && tx != NULL);
  g_autoptr (GArray) doomed = g_steal_pointer (&reaper->cleanup);
  reaper->cleanup = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr (GHashTable) dirty = g_steal_pointer (&reaper->dirty);
  reaper->dirty = dirty_set_new ();

  /* A slot stays dirty only while it holds more than one task that is still live
   * (task_reaper.go:357-365); the others are marked again by their next task creation. */
  g_autoptr (GArray) keys = sorted_keys (dirty);
  for (guint i = 0; i < keys->len; i++) {
    const DirtyKey *key = &g_array_index (keys, DirtyKey, i);
    if (clean_slot (reaper, tx->store, key, doomed))
      mark_dirty (reaper->dirty, key);
  }
  orch__ids_sort_unique (doomed);
  for (guint i = 0; i < doomed->len; i++) {
    OrchTask *t = orch_store_get_task (tx->store, g_array_index (doomed, OrchTaskId, i));
    if (t != NULL)
      orch_tx__remove_task (tx, t);
  }
}
