/* SPDX-License-Identifier: MIT
 * The store's tasks: creation, state and desired-state writes, node assignment, deletion, and the
 * by-service (whole, per slot, per node), by-node and serviceless indexes, kept sorted by id so no
 * hash-table order leaks out.
 * Part of the orch_store module; it decides nothing. */
#include "models/orchestrator/store.h"

#include "models/orchestrator/store_private.h"

void
orch_store__task_free (gpointer data)
{
  OrchTask *task = data;
  g_clear_pointer (&task->spec, orch_service_spec_unref);
  g_free (task->err);
  g_free (task);
}

/* --- sorted id arrays ------------------------------------------------------------------------ */

/* Ids only grow, so appending keeps an index sorted; only set_task_node needs a real insert.
 * Lookups are binary searches: O(log n) plus the memmove of a removal. */
static guint
task_lower_bound (const GPtrArray *array, OrchTaskId id)
{
  guint lo = 0, hi = array->len;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    const OrchTask *t = g_ptr_array_index (array, mid);
    if (t->id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static void
task_index_insert (GHashTable *index, guint key, OrchTask *task)
{
  GPtrArray *array = g_hash_table_lookup (index, GUINT_TO_POINTER (key));
  if (array == NULL) {
    array = g_ptr_array_new ();
    g_hash_table_insert (index, GUINT_TO_POINTER (key), array);
  }
  g_ptr_array_insert (array, (gint)task_lower_bound (array, task->id), task);
}

static void
task_array_remove (GPtrArray *array, const OrchTask *task)
{
  guint i = task_lower_bound (array, task->id);
  g_assert (i < array->len && g_ptr_array_index (array, i) == task);
  g_ptr_array_remove_index (array, i);
}

static void
task_index_remove (GHashTable *index, guint key, const OrchTask *task)
{
  GPtrArray *array = g_hash_table_lookup (index, GUINT_TO_POINTER (key));
  g_assert (array != NULL);
  /* An emptied array stays in the index: a caller may still hold it from get_*_tasks. */
  task_array_remove (array, task);
}

/* --- per-service indexes --------------------------------------------------------------------- */

static GHashTable *
array_index_new (void)
{
  return g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                (GDestroyNotify)g_ptr_array_unref);
}

void
orch_store__service_tasks_free (gpointer data)
{
  OrchStoreServiceTasks *st = data;
  g_ptr_array_unref (st->all);
  g_hash_table_unref (st->by_slot);
  g_hash_table_unref (st->by_node);
  g_free (st);
}

static OrchStoreServiceTasks *
service_tasks_get (const OrchStore *store, OrchServiceId service_id)
{
  return g_hash_table_lookup (store->service_tasks, GUINT_TO_POINTER (service_id));
}

static OrchStoreServiceTasks *
service_tasks_ensure (OrchStore *store, OrchServiceId service_id)
{
  OrchStoreServiceTasks *st = service_tasks_get (store, service_id);
  if (st == NULL) {
    st = g_new0 (OrchStoreServiceTasks, 1);
    st->all = g_ptr_array_new ();
    st->by_slot = array_index_new ();
    st->by_node = array_index_new ();
    g_hash_table_insert (store->service_tasks, GUINT_TO_POINTER (service_id), st);
  }
  return st;
}

/* Adds a service task to the service's three indexes; its node, if any, must be set. */
static void
service_tasks_add (OrchStore *store, OrchTask *task)
{
  OrchStoreServiceTasks *st = service_tasks_ensure (store, task->service_id);
  g_ptr_array_insert (st->all, (gint)task_lower_bound (st->all, task->id), task);
  task_index_insert (st->by_slot, task->slot, task);
  if (task->node_id != 0)
    task_index_insert (st->by_node, task->node_id, task);
}

static void
service_tasks_remove (OrchStore *store, const OrchTask *task)
{
  OrchStoreServiceTasks *st = service_tasks_get (store, task->service_id);
  g_assert (st != NULL);
  task_array_remove (st->all, task);
  task_index_remove (st->by_slot, task->slot, task);
  if (task->node_id != 0)
    task_index_remove (st->by_node, task->node_id, task);
}

static gint
task_by_id (gconstpointer a, gconstpointer b)
{
  const OrchTask *x = *(OrchTask *const *)a, *y = *(OrchTask *const *)b;
  return x->id < y->id ? -1 : (x->id > y->id ? 1 : 0);
}

/* --- tasks ----------------------------------------------------------------------------------- */

static OrchEvent
task_event (OrchEventKind kind, const OrchTask *task)
{
  OrchEvent ev = {
    .kind = kind,
    .id = task->id,
    .old_service_id = task->service_id,
    .old_node_id = task->node_id,
    .old_state = task->state,
    .old_desired = task->desired,
  };
  return ev;
}

OrchTask *
orch_store_create_task (OrchStore *store, OrchServiceId service_id, guint32 slot,
                        OrchNodeId node_id, OrchServiceSpec *spec, OrchTime now)
{
  g_return_val_if_fail (store != NULL, NULL);
  OrchService *service = service_id != 0 ? orch_store_get_service (store, service_id) : NULL;
  g_return_val_if_fail (service_id == 0 || service != NULL, NULL);
  g_return_val_if_fail (spec != NULL || service != NULL, NULL);

  OrchTask *task = g_new0 (OrchTask, 1);
  task->id = store->next_task_id++;
  task->service_id = service_id;
  task->slot = slot;
  task->state = ORCH_TASK_NEW;
  task->desired = ORCH_TASK_RUNNING;
  task->spec_version = service != NULL ? service->spec_version : 0;
  task->spec = orch_service_spec_ref (spec != NULL ? spec : service->spec);
  task->created_at = now;
  task->status_at = now;
  task->node_id = node_id;
  g_hash_table_insert (store->tasks, &task->id, task);
  if (service_id != 0)
    service_tasks_add (store, task);
  else
    g_ptr_array_add (store->serviceless, task);
  if (node_id != 0)
    task_index_insert (store->node_tasks, node_id, task);

  /* A create event has no "before": old_* are the new values, which no component compares. */
  OrchEvent ev = task_event (ORCH_EVENT_TASK_CREATE, task);
  orch_store__log_event (store, &ev);
  return task;
}

OrchTask *
orch_store_get_task (const OrchStore *store, OrchTaskId id)
{
  g_return_val_if_fail (store != NULL, NULL);
  return g_hash_table_lookup (store->tasks, &id);
}

gboolean
orch_store_set_task_state (OrchStore *store, OrchTask *task, OrchTaskState state, OrchTime now)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (task != NULL, FALSE);

  /* Observed state only ever increases (dispatcher.go drops lowering reports). An equal state
   * is accepted but changes nothing, so it logs nothing: components never loop on no-ops. */
  if (state < task->state)
    return FALSE;
  if (state == task->state)
    return TRUE;
  OrchEvent ev = task_event (ORCH_EVENT_TASK_UPDATE, task);
  task->state = state;
  task->status_at = now;
  orch_store__log_event (store, &ev);
  return TRUE;
}

void
orch_store_set_task_desired (OrchStore *store, OrchTask *task, OrchTaskState desired)
{
  g_return_if_fail (store != NULL);
  g_return_if_fail (task != NULL);
  /* An unchanged value is not a write: no event, as for set_task_state. */
  if (desired == task->desired)
    return;
  OrchEvent ev = task_event (ORCH_EVENT_TASK_UPDATE, task);
  task->desired = desired;
  orch_store__log_event (store, &ev);
}

void
orch_store_set_task_node (OrchStore *store, OrchTask *task, OrchNodeId node_id)
{
  g_return_if_fail (store != NULL);
  g_return_if_fail (task != NULL);
  if (node_id == task->node_id)
    return;
  OrchEvent ev = task_event (ORCH_EVENT_TASK_UPDATE, task);
  OrchStoreServiceTasks *st =
      task->service_id != 0 ? service_tasks_get (store, task->service_id) : NULL;
  if (task->node_id != 0) {
    task_index_remove (store->node_tasks, task->node_id, task);
    if (st != NULL)
      task_index_remove (st->by_node, task->node_id, task);
  }
  task->node_id = node_id;
  if (node_id != 0) {
    task_index_insert (store->node_tasks, node_id, task);
    if (st != NULL)
      task_index_insert (st->by_node, node_id, task);
  }
  orch_store__log_event (store, &ev);
}

void
orch_store_set_task_err (OrchStore *store, OrchTask *task, const char *err)
{
  g_return_if_fail (store != NULL);
  g_return_if_fail (task != NULL);
  if (g_strcmp0 (task->err, err) == 0)
    return;
  g_free (task->err);
  task->err = g_strdup (err);
}

void
orch_store_remove_task (OrchStore *store, OrchTaskId id)
{
  g_return_if_fail (store != NULL);
  OrchTask *task = orch_store_get_task (store, id);
  g_return_if_fail (task != NULL);

  OrchEvent ev = task_event (ORCH_EVENT_TASK_DELETE, task);
  if (task->service_id != 0)
    service_tasks_remove (store, task);
  else
    task_array_remove (store->serviceless, task);
  if (task->node_id != 0)
    task_index_remove (store->node_tasks, task->node_id, task);
  g_hash_table_remove (store->tasks, &id);
  orch_store__log_event (store, &ev);
}

const GPtrArray *
orch_store_get_service_tasks (const OrchStore *store, OrchServiceId service_id)
{
  g_return_val_if_fail (store != NULL, NULL);
  const OrchStoreServiceTasks *st = service_tasks_get (store, service_id);
  return st != NULL ? st->all : store->empty;
}

const GPtrArray *
orch_store__get_slot_tasks (const OrchStore *store, OrchServiceId service_id, guint32 slot)
{
  g_return_val_if_fail (store != NULL, NULL);
  const OrchStoreServiceTasks *st = service_tasks_get (store, service_id);
  GPtrArray *array = st != NULL ? g_hash_table_lookup (st->by_slot, GUINT_TO_POINTER (slot)) : NULL;
  return array != NULL ? array : store->empty;
}

const GPtrArray *
orch_store__get_service_node_tasks (const OrchStore *store, OrchServiceId service_id,
                                    OrchNodeId node_id)
{
  g_return_val_if_fail (store != NULL, NULL);
  const OrchStoreServiceTasks *st = service_tasks_get (store, service_id);
  GPtrArray *array = st != NULL && node_id != 0
                         ? g_hash_table_lookup (st->by_node, GUINT_TO_POINTER (node_id))
                         : NULL;
  return array != NULL ? array : store->empty;
}

const GPtrArray *
orch_store_get_node_tasks (const OrchStore *store, OrchNodeId node_id)
{
  g_return_val_if_fail (store != NULL, NULL);
  GPtrArray *array = g_hash_table_lookup (store->node_tasks, GUINT_TO_POINTER (node_id));
  return array != NULL ? array : store->empty;
}

const GPtrArray *
orch_store_get_serviceless_tasks (const OrchStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  return store->serviceless;
}

gsize
orch_store_get_task_count (const OrchStore *store)
{
  g_return_val_if_fail (store != NULL, 0);
  return g_hash_table_size (store->tasks);
}

GPtrArray *
orch_store_dup_tasks (const OrchStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  GPtrArray *all = g_ptr_array_sized_new (g_hash_table_size (store->tasks));
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, store->tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, value);
  /* Sorted, so the table's order never shows. */
  g_ptr_array_sort (all, task_by_id);
  return all;
}
