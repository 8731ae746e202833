/* SPDX-License-Identifier: MIT
 * The global orchestrator (manager/orchestrator/global/global.go): per-service and per-node
 * reconcile, restarts on the same node, shutdown on DOWN, DRAIN, deleted or non-matching nodes.
 * Nodes and services are walked in id order where SwarmKit walks Go maps. */
#include "models/orchestrator/global.h"

#include "models/orchestrator/constraint.h"
#include "models/orchestrator/store_private.h"
#include "models/orchestrator/types_private.h"

struct _OrchGlobal {
  OrchRestart *restart;  /* unowned */
  OrchUpdate *update;    /* unowned */
  GArray *restart_tasks; /* (element-type OrchTaskId) */
  GHashTable *parsed;    /* (element-type guint GPtrArray) constraints per service, owned */
  GHashTable *parsed_of; /* (element-type guint OrchServiceSpec) unowned: the spec parsed */
};

OrchGlobal *
orch_global_new (OrchRestart *restart, OrchUpdate *update)
{
  g_return_val_if_fail (restart != NULL && update != NULL, NULL);
  OrchGlobal *g = g_new0 (OrchGlobal, 1);
  g->restart = restart;
  g->update = update;
  g->restart_tasks = g_array_new (FALSE, FALSE, sizeof (guint64));
  g->parsed = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                     (GDestroyNotify)g_ptr_array_unref);
  g->parsed_of = g_hash_table_new (g_direct_hash, g_direct_equal);
  return g;
}

void
orch_global_free (OrchGlobal *global)
{
  if (global == NULL)
    return;
  g_array_unref (global->restart_tasks);
  g_hash_table_unref (global->parsed);
  g_hash_table_unref (global->parsed_of);
  g_free (global);
}

static gboolean
is_global (const OrchService *service)
{
  return service != NULL && service->spec->mode == ORCH_MODE_GLOBAL;
}

/* g.nodes in SwarmKit: every node that is neither drained nor DOWN. */
static const OrchNode *
eligible_node (const OrchStore *store, OrchNodeId id)
{
  const OrchNode *n = id != 0 ? orch_store_get_node (store, id) : NULL;
  return orch__node_is_invalid (n) ? NULL : n;
}

/* Constraints parsed once per spec. A list that fails to parse matches every node, as the global
 * orchestrator ignores constraint.Parse's error. */
static gboolean
node_matches (OrchGlobal *g, const OrchService *service, const OrchNode *node)
{
  gpointer key = GUINT_TO_POINTER (service->id);
  GPtrArray *list = g_hash_table_lookup (g->parsed, key);
  if (list == NULL || g_hash_table_lookup (g->parsed_of, key) != service->spec) {
    list = orch_constraint_parse_list (service->spec->constraints, NULL);
    if (list == NULL)
      list = g_ptr_array_new ();
    g_hash_table_insert (g->parsed, key, list);
    g_hash_table_insert (g->parsed_of, key, service->spec);
  }
  return orch_constraint_list_matches_node (list, node);
}

static void
shutdown_task (OrchTx *tx, OrchTask *t)
{
  if (t->desired < ORCH_TASK_SHUTDOWN)
    orch_tx__set_desired (tx, t, ORCH_TASK_SHUTDOWN);
}

static void
shutdown_all (OrchTx *tx, const GPtrArray *tasks)
{
  for (guint i = 0; i < tasks->len; i++)
    shutdown_task (tx, g_ptr_array_index (tasks, i));
}

static void
add_task (OrchTx *tx, const OrchService *service, OrchNodeId node_id)
{
  orch_tx__create_task (tx, service->id, 0, node_id, NULL, ORCH_TASK_RUNNING);
}

static void
queue_restart (OrchGlobal *g, const OrchStore *store, const OrchTask *t)
{
  if (t->desired > ORCH_TASK_RUNNING || t->state <= ORCH_TASK_RUNNING)
    return;
  if (is_global (orch_store_get_service (store, t->service_id)))
    g_array_append_val (g->restart_tasks, t->id);
}

void
orch_global_fix_task (OrchGlobal *global, OrchTx *tx, OrchTask *task)
{
  g_return_if_fail (global != NULL && tx != NULL && task != NULL);
  if (!is_global (orch_store_get_service (tx->store, task->service_id)) ||
      task->desired > ORCH_TASK_RUNNING)
    return;
  if (eligible_node (tx->store, task->node_id) == NULL) {
    shutdown_task (tx, task);
    return;
  }
  queue_restart (global, tx->store, task);
}

/* tickTasks: a dead task restarts on its node, unless the node is paused or no longer matches,
 * in which case it is only shut down. */
static void
tick_tasks (OrchGlobal *g, OrchTx *tx)
{
  if (g->restart_tasks->len == 0)
    return;
  g_autoptr (GArray) ids = g_steal_pointer (&g->restart_tasks);
  g->restart_tasks = g_array_new (FALSE, FALSE, sizeof (guint64));
  orch__ids_sort_unique (ids);
  for (guint i = 0; i < ids->len; i++) {
    OrchTask *t = orch_store_get_task (tx->store, g_array_index (ids, OrchTaskId, i));
    if (t == NULL || t->desired > ORCH_TASK_RUNNING)
      continue;
    const OrchService *service = orch_store_get_service (tx->store, t->service_id);
    const OrchNode *node = eligible_node (tx->store, t->node_id);
    if (!is_global (service) || node == NULL)
      continue;
    if (node->availability == ORCH_AVAILABILITY_PAUSE || !node_matches (g, service, node))
      orch_tx__set_desired (tx, t, ORCH_TASK_SHUTDOWN);
    else
      orch_restart_restart (g->restart, tx, service, t);
  }
}

void
orch_global_start (OrchGlobal *global, OrchTx *tx)
{
  g_return_if_fail (global != NULL && tx != NULL);
  tick_tasks (global, tx);
  const GPtrArray *services = orch_store_get_services (tx->store);
  g_autoptr (GPtrArray) copy = orch__ptr_array_dup (services);
  for (guint i = 0; i < copy->len; i++)
    if (is_global (g_ptr_array_index (copy, i)))
      orch_global_reconcile_service (global, tx, g_ptr_array_index (copy, i));
}

static gint
task_by_node_then_id (gconstpointer a, gconstpointer b)
{
  const OrchTask *x = *(OrchTask *const *)a, *y = *(OrchTask *const *)b;
  if (x->node_id != y->node_id)
    return x->node_id < y->node_id ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id ? 1 : 0);
}

/* The service's tasks on one node that keep it alive (UpdatableTasksInSlot). */
static OrchSlot *
live_slot_on_node (OrchGlobal *g, const OrchStore *store, const OrchService *service,
                   OrchNodeId node_id)
{
  /* The store's (service, node) index: O(tasks of the service there), not of the node. */
  const GPtrArray *mine = orch_store__get_service_node_tasks (store, service->id, node_id);
  OrchSlot *slot = orch__slot_new (0, node_id);
  gboolean rollback = service->update_state == ORCH_UPDATE_STATE_ROLLBACK_STARTED;
  orch_restart_updatable_in_slot (g->restart, mine, service, rollback, slot->tasks);
  return slot;
}

void
orch_global_reconcile_service (OrchGlobal *global, OrchTx *tx, const OrchService *service)
{
  g_return_if_fail (global != NULL && tx != NULL && is_global (service));
  g_autoptr (GPtrArray) updates = orch__slot_list_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GPtrArray) nodes = orch__ptr_array_dup (orch_store_get_nodes (tx->store));

  for (guint i = 0; i < nodes->len; i++) {
    const OrchNode *node = g_ptr_array_index (nodes, i);
    if (orch__node_is_invalid (node))
      continue;
    g_hash_table_add (seen, GUINT_TO_POINTER (node->id));
    OrchSlot *slot = live_slot_on_node (global, tx->store, service, node->id);
    if (!node_matches (global, service, node)) {
      shutdown_all (tx, slot->tasks);
      orch__slot_free (slot);
    } else if (node->availability == ORCH_AVAILABILITY_PAUSE) {
      orch__slot_free (slot); /* a paused node gets nothing added or updated */
    } else if (slot->tasks->len == 0) {
      add_task (tx, service, node->id);
      orch__slot_free (slot);
    } else {
      g_ptr_array_add (updates, slot);
    }
  }
  /* Live tasks on nodes outside the eligible set (drained, DOWN, deleted, none) are shut down,
   * node by node, each node's tasks filtered as one slot as SwarmKit does. */
  g_autoptr (GPtrArray) stray = g_ptr_array_new ();
  const GPtrArray *tasks = orch_store_get_service_tasks (tx->store, service->id);
  for (guint i = 0; i < tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (tasks, i);
    if (!g_hash_table_contains (seen, GUINT_TO_POINTER (t->node_id)))
      g_ptr_array_add (stray, t);
  }
  g_ptr_array_sort (stray, task_by_node_then_id);
  gboolean rollback = service->update_state == ORCH_UPDATE_STATE_ROLLBACK_STARTED;
  g_autoptr (GPtrArray) group = g_ptr_array_new ();
  g_autoptr (GPtrArray) live = g_ptr_array_new ();
  for (guint i = 0; i < stray->len;) {
    OrchNodeId node_id = ((OrchTask *)g_ptr_array_index (stray, i))->node_id;
    g_ptr_array_set_size (group, 0);
    g_ptr_array_set_size (live, 0);
    for (; i < stray->len && ((OrchTask *)g_ptr_array_index (stray, i))->node_id == node_id; i++)
      g_ptr_array_add (group, g_ptr_array_index (stray, i));
    orch_restart_updatable_in_slot (global->restart, group, service, rollback, live);
    shutdown_all (tx, live);
  }
  if (updates->len > 0)
    orch_update_update (global->update, tx, global->restart, service, updates);
}

/* Shuts down the tasks of global services on a node (drained or DOWN). */
static void
shutdown_node (OrchTx *tx, OrchNodeId node_id)
{
  g_autoptr (GPtrArray) tasks =
      orch__ptr_array_dup (orch_store_get_node_tasks (tx->store, node_id));
  for (guint i = 0; i < tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (tasks, i);
    if (is_global (orch_store_get_service (tx->store, t->service_id)))
      shutdown_task (tx, t);
  }
}

/* One service on one eligible, active node: keep one clean task, shut down the rest, add one if
 * none is clean. Not a rolling update: it ignores the update config (global.go:430-470). */
static void
reconcile_service_on_node (OrchGlobal *g, OrchTx *tx, const OrchService *service,
                           const OrchNode *node)
{
  OrchSlot *slot = live_slot_on_node (g, tx->store, service, node->id);
  if (!node_matches (g, service, node)) {
    orch__slot_free (slot);
    return;
  }
  g_autoptr (GPtrArray) dirty = g_ptr_array_new ();
  OrchTask *clean = NULL;
  for (guint i = 0; i < slot->tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (slot->tasks, i);
    if (clean == NULL && !orch_update_task_is_dirty (service, t, node))
      clean = t;
    else
      g_ptr_array_add (dirty, t);
  }
  if (clean == NULL)
    add_task (tx, service, node->id);
  shutdown_all (tx, dirty);
  orch__slot_free (slot);
}

void
orch_global_reconcile_node (OrchGlobal *global, OrchTx *tx, const OrchNode *node)
{
  g_return_if_fail (global != NULL && tx != NULL && node != NULL);
  if (orch__node_is_invalid (node)) {
    shutdown_node (tx, node->id);
    return;
  }
  if (node->availability == ORCH_AVAILABILITY_PAUSE)
    return;
  g_autoptr (GPtrArray) services = orch__ptr_array_dup (orch_store_get_services (tx->store));
  for (guint i = 0; i < services->len; i++) {
    const OrchService *s = g_ptr_array_index (services, i);
    if (is_global (s))
      reconcile_service_on_node (global, tx, s, node);
  }
}

static void
delete_node_tasks (OrchTx *tx, OrchNodeId node_id)
{
  g_autoptr (GPtrArray) tasks =
      orch__ptr_array_dup (orch_store_get_node_tasks (tx->store, node_id));
  for (guint i = 0; i < tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (tasks, i);
    if (is_global (orch_store_get_service (tx->store, t->service_id)))
      orch_tx__remove_task (tx, t);
  }
}

void
orch_global_handle_event (OrchGlobal *global, OrchTx *tx, const OrchEvent *event)
{
  g_return_if_fail (global != NULL && tx != NULL && event != NULL);
  switch (event->kind) {
    case ORCH_EVENT_SERVICE_CREATE:
    case ORCH_EVENT_SERVICE_UPDATE: {
      const OrchService *s = orch_store_get_service (tx->store, (OrchServiceId)event->id);
      if (is_global (s))
        orch_global_reconcile_service (global, tx, s);
      break;
    }
    case ORCH_EVENT_SERVICE_DELETE:
      g_hash_table_remove (global->parsed, GUINT_TO_POINTER (event->id));
      g_hash_table_remove (global->parsed_of, GUINT_TO_POINTER (event->id));
      orch_restart_clear_service_history (global->restart, (OrchServiceId)event->id);
      break;
    case ORCH_EVENT_NODE_CREATE:
    case ORCH_EVENT_NODE_UPDATE: {
      const OrchNode *node = orch_store_get_node (tx->store, (OrchNodeId)event->id);
      if (node != NULL)
        orch_global_reconcile_node (global, tx, node);
      break;
    }
    case ORCH_EVENT_NODE_DELETE:
      delete_node_tasks (tx, (OrchNodeId)event->id);
      break;
    case ORCH_EVENT_TASK_UPDATE: {
      /* Only updates: global.go does not watch task creation. */
      const OrchTask *t = orch_store_get_task (tx->store, event->id);
      if (t != NULL)
        queue_restart (global, tx->store, t);
      break;
    }
    case ORCH_EVENT_TASK_CREATE:
    case ORCH_EVENT_TASK_DELETE:
    default:
      break;
  }
  tick_tasks (global, tx);
}
