/* SPDX-License-Identifier: MIT
 * When and what the scheduler runs: the EventCommit debounce (50 ms, at most 1 s), the check of
 * preassigned tasks, and tick(), which groups the queue by (service, spec version) and places
 * each group (scheduler.go Run, processPreassignedTasks, tick). */
#include "models/orchestrator/scheduler_private.h"

typedef struct {
  OrchServiceId service_id;
  guint64 spec_version;
  GPtrArray *tasks; /* (element-type OrchSchedTask) owned array of unowned tasks */
} Group;

static guint
group_hash (gconstpointer key)
{
  const Group *g = key;
  return g->service_id * 2654435761u ^ (guint)(g->spec_version ^ (g->spec_version >> 32));
}

static gboolean
group_equal (gconstpointer a, gconstpointer b)
{
  const Group *ga = a, *gb = b;
  return ga->service_id == gb->service_id && ga->spec_version == gb->spec_version;
}

static void
group_free (gpointer data)
{
  Group *g = data;
  g_ptr_array_unref (g->tasks);
  g_free (g);
}

/* Node pointers come from the store; re-read them so a node deleted since the last event cannot
 * be used (its delete event will find nothing left to do). */
static void
refresh_nodes (OrchScheduler *s)
{
  for (guint i = 0; i < s->node_list->len;) {
    OrchNodeInfo *info = g_ptr_array_index (s->node_list, i);
    const OrchNode *node = orch_store_get_node (s->store, info->id);
    if (node != NULL) {
      info->node = node;
      i++;
      continue;
    }
    g_ptr_array_remove_index (s->node_list, i);
    g_hash_table_remove (s->nodes, GUINT_TO_POINTER (info->id));
  }
}

static void
confirm_one (OrchScheduler *s, OrchSchedTask *task, OrchTime now, GArray *actions_out)
{
  OrchTask *stored = orch_store_get_task (s->store, task->id);
  OrchNodeInfo *info = g_hash_table_lookup (s->nodes, GUINT_TO_POINTER (task->node_id));
  if (stored == NULL || info == NULL)
    return; /* the node may still appear: stay pending */
  orch_pipeline_set_task (s->pipeline, task->spec, task->service_id);
  if (!orch_pipeline_process (s->pipeline, info)) {
    /* SwarmKit stores the bare explanation here, without "no suitable node". */
    g_autofree char *why = orch_pipeline_explain (s->pipeline);
    if (g_strcmp0 (stored->err, why) == 0)
      return;
    orch_store_set_task_err (s->store, stored, why);
    orch_action_list_add (actions_out, ORCH_ACTION_TASK_PENDING, now, task->id, task->service_id,
                          task->node_id, task->slot, ORCH_TASK_PENDING, why);
    return;
  }
  task->pending_preassigned = FALSE;
  task->state = ORCH_TASK_ASSIGNED;
  orch_node_info_add_task (info, task);
  orch_store_set_task_state (s->store, stored, ORCH_TASK_ASSIGNED, now);
  orch_store_set_task_err (s->store, stored, NULL);
  orch_action_list_add (actions_out, ORCH_ACTION_TASK_ASSIGNED, now, task->id, task->service_id,
                        task->node_id, task->slot, ORCH_TASK_ASSIGNED,
                        "scheduler confirmed task can run on preassigned node");
}

void
orch_scheduler__confirm_preassigned (OrchScheduler *s, OrchTime now, GArray *actions_out)
{
  refresh_nodes (s);
  g_autoptr (GPtrArray) pending = g_ptr_array_new ();
  for (guint i = 0; i < s->preassigned->len; i++) {
    OrchTaskId id = g_array_index (s->preassigned, OrchTaskId, i);
    OrchSchedTask *task = g_hash_table_lookup (s->tasks, &id);
    /* Skip stale and duplicate ids: the flag is cleared as each task is taken. */
    if (task == NULL || !task->pending_preassigned)
      continue;
    task->pending_preassigned = FALSE;
    g_ptr_array_add (pending, task);
  }
  g_array_set_size (s->preassigned, 0);
  for (guint i = 0; i < pending->len; i++) {
    OrchSchedTask *task = g_ptr_array_index (pending, i);
    task->pending_preassigned = TRUE;
    g_array_append_val (s->preassigned, task->id);
  }
  /* SwarmKit walks a map: the order decides who gets a contended node's last resources. */
  orch_scheduler__shuffle (s, pending);
  for (guint i = 0; i < pending->len; i++)
    confirm_one (s, g_ptr_array_index (pending, i), now, actions_out);
}

/* Takes every queued task off the queue, grouped by (service, spec version) in order of first
 * appearance; one-off tasks (spec version 0) each make their own group. */
static GPtrArray *
drain_queue (OrchScheduler *s, GPtrArray *one_offs)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (group_free);
  g_autoptr (GHashTable) index = g_hash_table_new (group_hash, group_equal);
  for (guint i = 0; i < s->queue->len; i++) {
    OrchTaskId id = g_array_index (s->queue, OrchTaskId, i);
    OrchSchedTask *task = g_hash_table_lookup (s->tasks, &id);
    if (task == NULL || !task->queued)
      continue;
    task->queued = FALSE;
    s->queue_len--;
    const OrchTask *stored = orch_store_get_task (s->store, id);
    if (task->node_id != 0 || stored == NULL || stored->node_id != 0)
      continue; /* assigned or deleted since it was queued */
    if (task->spec_version == 0) {
      g_ptr_array_add (one_offs, task);
      continue;
    }
    Group key = { task->service_id, task->spec_version, NULL };
    Group *group = g_hash_table_lookup (index, &key);
    if (group == NULL) {
      group = g_new0 (Group, 1);
      *group = key;
      group->tasks = g_ptr_array_new ();
      g_ptr_array_add (groups, group);
      g_hash_table_add (index, group);
    }
    g_ptr_array_add (group->tasks, task);
  }
  g_array_set_size (s->queue, 0);
  return groups;
}

void
orch_scheduler__tick (OrchScheduler *s, OrchTime now, GArray *actions_out)
{
  refresh_nodes (s);
  g_autoptr (GPtrArray) one_offs = g_ptr_array_new ();
  g_autoptr (GPtrArray) groups = drain_queue (s, one_offs);
  /* Groups and one-off tasks come out of Go maps: shuffle both orders. Groups go first. */
  orch_scheduler__shuffle (s, groups);
  orch_scheduler__shuffle (s, one_offs);
  for (guint i = 0; i < groups->len; i++) {
    Group *group = g_ptr_array_index (groups, i);
    orch_scheduler__place_group (s, group->tasks, now, actions_out);
  }
  g_autoptr (GPtrArray) single = g_ptr_array_sized_new (1);
  for (guint i = 0; i < one_offs->len; i++) {
    g_ptr_array_set_size (single, 0);
    g_ptr_array_add (single, g_ptr_array_index (one_offs, i));
    orch_scheduler__place_group (s, single, now, actions_out);
  }
}

void
orch_scheduler_commit (OrchScheduler *s, OrchTime now)
{
  g_return_if_fail (s != NULL);

  if (s->deadline == ORCH_TIME_NEVER) {
    s->debounce_started = now;
    s->deadline = now + ORCH_SCHEDULER_DEBOUNCE_GAP_US;
  } else if (now - s->debounce_started > ORCH_SCHEDULER_MAX_LATENCY_US) {
    s->deadline = now; /* SwarmKit schedules right away here; the caller's advance does */
  } else {
    s->deadline = now + ORCH_SCHEDULER_DEBOUNCE_GAP_US;
  }
}

OrchTime
orch_scheduler_next_deadline (const OrchScheduler *s)
{
  g_return_val_if_fail (s != NULL, ORCH_TIME_NEVER);
  return s->deadline;
}

void
orch_scheduler_advance (OrchScheduler *s, OrchTime now, GArray *actions_out)
{
  g_return_if_fail (s != NULL && actions_out != NULL);

  if (s->deadline == ORCH_TIME_NEVER || now < s->deadline)
    return;
  s->deadline = ORCH_TIME_NEVER;
  if (s->preassigned->len > 0)
    orch_scheduler__confirm_preassigned (s, now, actions_out);
  if (s->tick_required) {
    s->tick_required = FALSE;
    orch_scheduler__tick (s, now, actions_out);
  }
}

void
orch_scheduler_run_pass (OrchScheduler *s, OrchTime now, GArray *actions_out)
{
  g_return_if_fail (s != NULL && actions_out != NULL);

  if (s->preassigned->len > 0)
    orch_scheduler__confirm_preassigned (s, now, actions_out);
  s->tick_required = FALSE;
  orch_scheduler__tick (s, now, actions_out);
}

guint
orch_scheduler_get_queue_length (const OrchScheduler *s)
{
  g_return_val_if_fail (s != NULL, 0);
  return s->queue_len;
}

guint
orch_scheduler_count_recent_failures (const OrchScheduler *s, OrchNodeId node,
                                      OrchServiceId service, guint64 spec_version, OrchTime now)
{
  g_return_val_if_fail (s != NULL, 0);
  const OrchNodeInfo *info = g_hash_table_lookup (s->nodes, GUINT_TO_POINTER (node));
  return info != NULL ? orch_node_info_count_recent_failures (info, service, spec_version, now) : 0;
}
