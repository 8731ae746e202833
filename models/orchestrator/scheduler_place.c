/* SPDX-License-Identifier: MIT
 * Places one task group, as SwarmKit's scheduleTaskGroup, scheduleNTasksOnSubtree,
 * scheduleNTasksOnNodes and noSuitableNode do (manager/scheduler/scheduler.go). The quirks are
 * kept on purpose: branch counts stay as built, the "+1 remainder" may over-assign a branch, and a
 * first pass over a leaf fills a node until the next one ranks strictly better. */
#include "models/orchestrator/scheduler_private.h"

#include "models/orchestrator/nodeset.h"

/* One group being placed: its tasks in (shuffled) order, consumed from @next on. */
typedef struct {
  OrchScheduler *s;
  GPtrArray *tasks; /* (element-type OrchSchedTask) unowned */
  guint next;       /* tasks[0, next) are placed */
  OrchServiceId service_id;
  guint64 spec_version;
  OrchTime now;
  GArray *actions; /* unowned */
  OrchTreeOptions tree_options;
} Placement;

/* nodeLess (scheduler.go): recent failures decide only when either node reached the limit, then
 * fewer active tasks of the service, then fewer active tasks in total. */
static gboolean
node_less (const OrchNodeInfo *a, const OrchNodeInfo *b, gpointer user_data)
{
  const Placement *pl = user_data;
  if (a->failures != NULL || b->failures != NULL) {
    guint fa = orch_node_info_count_recent_failures (a, pl->service_id, pl->spec_version, pl->now);
    guint fb = orch_node_info_count_recent_failures (b, pl->service_id, pl->spec_version, pl->now);
    if ((fa >= ORCH_SCHEDULER_MAX_FAILURES || fb >= ORCH_SCHEDULER_MAX_FAILURES) && fa != fb)
      return fa < fb;
  }
  gint64 sa = orch_node_info_get_service_count (a, pl->service_id);
  gint64 sb = orch_node_info_get_service_count (b, pl->service_id);
  if (sa != sb)
    return sa < sb;
  return a->active_tasks < b->active_tasks;
}

static gboolean
node_meets (const OrchNodeInfo *info, gpointer user_data)
{
  const Placement *pl = user_data;
  return orch_pipeline_process (pl->s->pipeline, info);
}

static void
assign (Placement *pl, OrchSchedTask *task, OrchNodeInfo *info)
{
  OrchScheduler *s = pl->s;
  OrchTask *stored = orch_store_get_task (s->store, task->id);
  g_assert (stored != NULL); /* the pass only takes tasks that are in the store */

  task->node_id = info->id;
  task->state = ORCH_TASK_ASSIGNED;
  orch_node_info_add_task (info, task);
  orch_store_set_task_node (s->store, stored, info->id);
  orch_store_set_task_state (s->store, stored, ORCH_TASK_ASSIGNED, pl->now);
  orch_store_set_task_err (s->store, stored, NULL);
  orch_action_list_add (pl->actions, ORCH_ACTION_TASK_ASSIGNED, pl->now, task->id, task->service_id,
                        info->id, task->slot, ORCH_TASK_ASSIGNED,
                        "scheduler assigned task to node");
}

/* scheduleNTasksOnNodes: @nodes is best first. The first pass moves on only when the next node
 * ranks strictly better than the one just used, which levels the nodes out; after the end of the
 * list it is plain round robin. Nodes that stop passing are remembered and skipped. O(n + k). */
static gint64
place_on_nodes (Placement *pl, gint64 n, OrchNodeInfo **nodes, guint k)
{
  gint64 placed = 0;
  g_autofree gboolean *failed = g_new0 (gboolean, k);
  guint64 it = 0;
  while (pl->next < pl->tasks->len) {
    OrchNodeInfo *info = nodes[it % k];
    assign (pl, g_ptr_array_index (pl->tasks, pl->next++), info);
    if (++placed == n)
      return placed;
    if (it + 1 < k) {
      if (node_less (nodes[(it + 1) % k], info, pl))
        it++;
    } else {
      it++;
    }
    guint64 start = it;
    while (failed[it % k] || !orch_pipeline_process (pl->s->pipeline, nodes[it % k])) {
      failed[it % k] = TRUE;
      if (++it - start == k)
        return placed; /* no node passes any more */
    }
  }
  return placed;
}

static gint64 place_on_subtree (Placement *pl, gint64 n, OrchDecisionTree *tree);

/* One pass of scheduleNTasksOnSubtree's loop over the branches, in shuffled order. */
static gboolean
subtree_pass (Placement *pl, gint64 n, OrchDecisionTree *tree, gboolean *no_room, guint *n_no_room,
              gint64 *usable, gint64 *scheduled)
{
  guint nb = tree->branches->len;
  gint64 k = nb - *n_no_room;
  gint64 desired = (*usable + n - *scheduled) / k;
  gint64 remainder = (*usable + n - *scheduled) % k;
  gboolean converging = FALSE;
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  for (guint b = 0; b < nb; b++)
    g_ptr_array_add (order, GUINT_TO_POINTER (b));
  orch_scheduler__shuffle (pl->s, order);
  for (guint i = 0; i < nb; i++) {
    guint b = GPOINTER_TO_UINT (g_ptr_array_index (order, i));
    OrchDecisionTree *branch = g_ptr_array_index (tree->branches, b);
    if (no_room[b])
      continue;
    /* branch->tasks is the count at build time, never updated: later passes see stale counts. */
    if (branch->tasks > desired || (branch->tasks == desired && remainder <= 0))
      continue;
    converging = TRUE;
    gint64 to_assign = desired - branch->tasks + (remainder > 0 ? 1 : 0);
    gint64 res = place_on_subtree (pl, to_assign, branch);
    if (res < to_assign) {
      no_room[b] = TRUE;
      (*n_no_room)++;
      *usable -= branch->tasks;
    } else if (remainder > 0) {
      remainder--;
    }
    *scheduled += res;
  }
  return converging;
}

static gint64
place_on_subtree (Placement *pl, gint64 n, OrchDecisionTree *tree)
{
  if (tree->branches == NULL) {
    guint k;
    OrchNodeInfo **nodes = orch_decision_tree_ordered_nodes (tree, &pl->tree_options, &k);
    return k == 0 ? 0 : place_on_nodes (pl, n, nodes, k);
  }
  guint nb = tree->branches->len;
  g_autofree gboolean *no_room = g_new0 (gboolean, nb);
  guint n_no_room = 0;
  gint64 usable = tree->tasks, scheduled = 0;
  gboolean converging = TRUE;
  while (scheduled != n && n_no_room != nb && converging)
    converging = subtree_pass (pl, n, tree, no_room, &n_no_room, &usable, &scheduled);
  return scheduled;
}

/* noSuitableNode: a task of a deleted service (or of none) leaves the queue silently; a PENDING
 * task of an older spec version that is desired SHUTDOWN is shut down; any other task of an older
 * version leaves the queue (scheduler.go:943-955), unless requeue_stale_pending asks for the
 * proposed fix of moby/moby#53722; the rest stay PENDING with the explanation and are queued
 * again. */
static void
no_suitable_node (Placement *pl)
{
  OrchScheduler *s = pl->s;
  g_autofree char *why = orch_pipeline_explain (s->pipeline);
  g_autofree char *err = why[0] != '\0' ? g_strdup_printf ("no suitable node (%s)", why)
                                        : g_strdup ("no suitable node");
  for (; pl->next < pl->tasks->len; pl->next++) {
    OrchSchedTask *task = g_ptr_array_index (pl->tasks, pl->next);
    const OrchService *service =
        task->service_id != 0 ? orch_store_get_service (s->store, task->service_id) : NULL;
    OrchTask *stored = orch_store_get_task (s->store, task->id);
    if (service == NULL || stored == NULL)
      continue;
    if (task->spec_version != 0 && service->spec_version > task->spec_version) {
      gboolean stop = stored->state == ORCH_TASK_PENDING && stored->desired >= ORCH_TASK_SHUTDOWN;
      if (stop) {
        orch_store_set_task_state (s->store, stored, ORCH_TASK_SHUTDOWN, pl->now);
        orch_store_set_task_err (s->store, stored, NULL);
        orch_action_list_add (pl->actions, ORCH_ACTION_TASK_STATE, pl->now, task->id,
                              task->service_id, 0, task->slot, ORCH_TASK_SHUTDOWN, NULL);
      }
      if (stop || !s->requeue_stale_pending)
        continue;
    }
    orch_scheduler__enqueue (s, task);
    /* The store is written only when the error changes, so a stuck task causes no write loop. */
    if (g_strcmp0 (stored->err, err) == 0)
      continue;
    orch_store_set_task_err (s->store, stored, err);
    orch_action_list_add (pl->actions, ORCH_ACTION_TASK_PENDING, pl->now, task->id,
                          task->service_id, 0, task->slot, ORCH_TASK_PENDING, err);
  }
}

void
orch_scheduler__place_group (OrchScheduler *s, GPtrArray *group, OrchTime now, GArray *actions_out)
{
  g_return_if_fail (s != NULL && group != NULL && group->len > 0);

  orch_scheduler__shuffle (s, group);
  /* Every task of a group has the same spec, so any one sets up the filters. */
  const OrchSchedTask *first = g_ptr_array_index (group, 0);
  Placement pl = {
    .s = s,
    .tasks = group,
    .service_id = first->service_id,
    .spec_version = first->spec_version,
    .now = now,
    .actions = actions_out,
  };
  pl.tree_options = (OrchTreeOptions){
    .service_id = first->service_id,
    .spread = first->spec->spread,
    .max_assignments = group->len,
    .meets = node_meets,
    .less = node_less,
    .user_data = &pl,
  };
  orch_pipeline_set_task (s->pipeline, first->spec, first->service_id);

  /* The tree visits the nodes in Go map order: a fresh shuffle per group. O(M log N). */
  g_autoptr (GPtrArray) visit = g_ptr_array_copy (s->node_list, NULL, NULL);
  orch_scheduler__shuffle (s, visit);
  for (guint i = 0; i < visit->len; i++)
    orch_node_info_set_focus (g_ptr_array_index (visit, i), first->service_id);
  g_autoptr (OrchDecisionTree) tree = orch_decision_tree_build (visit, &pl.tree_options);

  place_on_subtree (&pl, group->len, tree);
  if (pl.next < group->len)
    no_suitable_node (&pl);
}
