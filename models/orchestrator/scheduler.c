/* SPDX-License-Identifier: MIT
 * The scheduler's view of the store and its batching, after SwarmKit's manager/scheduler/
 * scheduler.go: the start-up snapshot, the event handlers (createTask, updateTask, deleteTask,
 * createOrUpdateNode), the commit debounce, preassigned tasks and tick(). Placement of a group is
 * in scheduler_place.c. */
#include "models/orchestrator/scheduler.h"

#include "models/orchestrator/scheduler_private.h"

OrchScheduler *
orch_scheduler_new (OrchStore *store, OrchShuffleFunc shuffle, gpointer shuffle_data)
{
  g_return_val_if_fail (store != NULL, NULL);

  OrchScheduler *s = g_new0 (OrchScheduler, 1);
  s->store = store;
  s->shuffle = shuffle;
  s->shuffle_data = shuffle_data;
  s->tasks = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                    (GDestroyNotify)orch_sched_task_free);
  s->queue = g_array_new (FALSE, FALSE, sizeof (OrchTaskId));
  s->preassigned = g_array_new (FALSE, FALSE, sizeof (OrchTaskId));
  s->nodes = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                    (GDestroyNotify)orch_node_info_free);
  s->node_list = g_ptr_array_new ();
  s->pipeline = orch_pipeline_new ();
  s->perm = g_array_new (FALSE, FALSE, sizeof (guint));
  s->deadline = ORCH_TIME_NEVER;
  return s;
}

void
orch_scheduler_set_requeue_stale_pending (OrchScheduler *s, gboolean requeue)
{
  g_return_if_fail (s != NULL);
  s->requeue_stale_pending = requeue;
}

void
orch_scheduler_free (OrchScheduler *s)
{
  if (s == NULL)
    return;
  /* Node infos point at tasks, so they go first. */
  g_ptr_array_unref (s->node_list);
  g_hash_table_unref (s->nodes);
  g_hash_table_unref (s->tasks);
  g_array_unref (s->queue);
  g_array_unref (s->preassigned);
  orch_pipeline_free (s->pipeline);
  g_array_unref (s->perm);
  g_free (s);
}

void
orch_scheduler__shuffle (OrchScheduler *s, GPtrArray *array)
{
  if (s->shuffle == NULL || array->len < 2)
    return;
  g_array_set_size (s->perm, array->len);
  guint *perm = (guint *)(void *)s->perm->data;
  for (guint i = 0; i < array->len; i++)
    perm[i] = i;
  s->shuffle (perm, array->len, s->shuffle_data);
  g_autofree gpointer *copy = g_memdup2 (array->pdata, array->len * sizeof (gpointer));
  for (guint i = 0; i < array->len; i++) {
    g_assert (perm[i] < array->len);
    array->pdata[i] = copy[perm[i]];
  }
}

void
orch_scheduler__enqueue (OrchScheduler *s, OrchSchedTask *task)
{
  if (task->queued)
    return;
  task->queued = TRUE;
  s->queue_len++;
  g_array_append_val (s->queue, task->id);
}

static void
dequeue (OrchScheduler *s, OrchSchedTask *task)
{
  if (!task->queued)
    return;
  task->queued = FALSE;
  s->queue_len--;
}

static void
mark_preassigned (OrchScheduler *s, OrchSchedTask *task)
{
  task->preassigned = TRUE;
  if (task->pending_preassigned)
    return;
  task->pending_preassigned = TRUE;
  g_array_append_val (s->preassigned, task->id);
}

/* Releases what the task holds on its node; returns TRUE if that freed anything. */
static gboolean
unhold (OrchScheduler *s, OrchSchedTask *task)
{
  OrchNodeInfo *info =
      task->held_on != 0 ? g_hash_table_lookup (s->nodes, GUINT_TO_POINTER (task->held_on)) : NULL;
  return info != NULL && orch_node_info_remove_task (info, task);
}

/* deleteTask: forget the task; TRUE if it freed node resources (a pass may now place more). */
static gboolean
forget_task (OrchScheduler *s, OrchSchedTask *task)
{
  gboolean freed = unhold (s, task);
  dequeue (s, task);
  g_hash_table_remove (s->tasks, &task->id);
  return freed;
}

static OrchSchedTask *
track (OrchScheduler *s, const OrchTask *t)
{
  OrchSchedTask *task = g_hash_table_lookup (s->tasks, &t->id);
  if (task == NULL) {
    task = orch_sched_task_new (t);
    g_hash_table_insert (s->tasks, &task->id, task);
  }
  orch_sched_task_refresh (task, t);
  return task;
}

/* A finished task: forget it, recording a failure against its node when the scheduler chose
 * that node (not for preassigned tasks). */
static gboolean
task_finished (OrchScheduler *s, OrchSchedTask *task, const OrchTask *t, gboolean is_update,
               OrchTime now)
{
  gboolean failed = t->state == ORCH_TASK_FAILED || t->state == ORCH_TASK_REJECTED;
  if (is_update && failed && t->state != task->state && !task->preassigned) {
    OrchNodeInfo *info = g_hash_table_lookup (s->nodes, GUINT_TO_POINTER (t->node_id));
    if (info != NULL)
      orch_node_info_task_failed (info, t->service_id, task->spec_version, now);
  }
  forget_task (s, task);
  return is_update;
}

/* createTask and updateTask in one, reading the task as it is now in the store, so a replayed or
 * late event converges to the same view. Returns: TRUE if a pass is required. */
static gboolean
observe_task (OrchScheduler *s, const OrchTask *t, gboolean is_update, OrchTime now)
{
  if (t->state < ORCH_TASK_PENDING)
    return FALSE;
  OrchSchedTask *task = g_hash_table_lookup (s->tasks, &t->id);
  if (t->state > ORCH_TASK_RUNNING)
    return task != NULL && task_finished (s, task, t, is_update, now);
  if (task != NULL && task->held_on != 0 && (t->node_id == 0 || t->state == ORCH_TASK_PENDING))
    unhold (s, task);
  task = track (s, t);
  if (t->node_id == 0) {
    task->preassigned = FALSE;
    task->pending_preassigned = FALSE;
    orch_scheduler__enqueue (s, task);
    return TRUE;
  }
  dequeue (s, task);
  if (t->state == ORCH_TASK_PENDING) {
    mark_preassigned (s, task); /* not counted on its node until confirmed */
    return FALSE;
  }
  task->pending_preassigned = FALSE;
  if (task->held_on != 0 && task->held_on != t->node_id)
    unhold (s, task);
  OrchNodeInfo *info = g_hash_table_lookup (s->nodes, GUINT_TO_POINTER (t->node_id));
  if (info != NULL)
    orch_node_info_add_task (info, task);
  return FALSE;
}

static gint
node_info_cmp (gconstpointer a, gconstpointer b)
{
  OrchNodeId ia = (*(OrchNodeInfo *const *)a)->id, ib = (*(OrchNodeInfo *const *)b)->id;
  return ia < ib ? -1 : ia > ib;
}

/* createOrUpdateNode. Ids grow, so a new node normally goes at the end of node_list. */
static void
observe_node (OrchScheduler *s, const OrchNode *node, OrchTime now)
{
  OrchNodeInfo *info = g_hash_table_lookup (s->nodes, GUINT_TO_POINTER (node->id));
  if (info != NULL) {
    orch_node_info_set_node (info, node);
    return;
  }
  info = orch_node_info_new (node, now);
  g_hash_table_insert (s->nodes, GUINT_TO_POINTER (node->id), info);
  g_ptr_array_add (s->node_list, info);
  guint n = s->node_list->len;
  if (n > 1 && ((OrchNodeInfo *)g_ptr_array_index (s->node_list, n - 2))->id > node->id)
    g_ptr_array_sort (s->node_list, node_info_cmp);
}

static void
forget_node (OrchScheduler *s, OrchNodeId id)
{
  OrchNodeInfo *info = g_hash_table_lookup (s->nodes, GUINT_TO_POINTER (id));
  if (info == NULL)
    return;
  g_ptr_array_remove (s->node_list, info);
  g_hash_table_remove (s->nodes, GUINT_TO_POINTER (id));
}

void
orch_scheduler_handle_event (OrchScheduler *s, const OrchEvent *ev, OrchTime now)
{
  g_return_if_fail (s != NULL && ev != NULL);

  switch (ev->kind) {
    case ORCH_EVENT_TASK_CREATE:
    case ORCH_EVENT_TASK_UPDATE: {
      /* A task already gone is handled by its delete event, which follows in the log. */
      const OrchTask *t = orch_store_get_task (s->store, ev->id);
      if (t != NULL && observe_task (s, t, ev->kind == ORCH_EVENT_TASK_UPDATE, now))
        s->tick_required = TRUE;
      break;
    }
    case ORCH_EVENT_TASK_DELETE: {
      OrchSchedTask *task = g_hash_table_lookup (s->tasks, &ev->id);
      if (task != NULL && forget_task (s, task))
        s->tick_required = TRUE;
      break;
    }
    case ORCH_EVENT_NODE_CREATE:
    case ORCH_EVENT_NODE_UPDATE: {
      const OrchNode *node = orch_store_get_node (s->store, (OrchNodeId)ev->id);
      if (node != NULL)
        observe_node (s, node, now);
      s->tick_required = TRUE;
      break;
    }
    case ORCH_EVENT_NODE_DELETE:
      forget_node (s, (OrchNodeId)ev->id); /* SwarmKit sets no tickRequired here */
      break;
    case ORCH_EVENT_SERVICE_CREATE:
    case ORCH_EVENT_SERVICE_UPDATE:
    case ORCH_EVENT_SERVICE_DELETE:
    default:
      break;
  }
}

/* setupTasksList: the same rules as an event, plus one: a PENDING task that is already desired
 * past COMPLETE is left out (the service was updated or scaled down before it was placed). */
static void
snapshot_tasks (OrchScheduler *s, OrchTime now)
{
  g_autoptr (GPtrArray) tasks = orch_store_dup_tasks (s->store);
  for (guint i = 0; i < tasks->len; i++) {
    const OrchTask *t = g_ptr_array_index (tasks, i);
    if (t->state == ORCH_TASK_PENDING && t->desired > ORCH_TASK_COMPLETE)
      continue;
    observe_task (s, t, FALSE, now);
  }
}

void
orch_scheduler_start (OrchScheduler *s, OrchTime now, GArray *actions_out)
{
  g_return_if_fail (s != NULL && actions_out != NULL);

  g_ptr_array_set_size (s->node_list, 0);
  g_hash_table_remove_all (s->nodes);
  g_hash_table_remove_all (s->tasks);
  g_array_set_size (s->queue, 0);
  g_array_set_size (s->preassigned, 0);
  s->queue_len = 0;
  s->tick_required = FALSE;
  s->deadline = ORCH_TIME_NEVER;

  const GPtrArray *nodes = orch_store_get_nodes (s->store);
  for (guint i = 0; i < nodes->len; i++)
    observe_node (s, g_ptr_array_index (nodes, i), now);
  snapshot_tasks (s, now);

  orch_scheduler__confirm_preassigned (s, now, actions_out);
  orch_scheduler__tick (s, now, actions_out);
}
