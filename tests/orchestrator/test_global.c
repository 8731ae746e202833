/* SPDX-License-Identifier: MIT
 * Tests of the global orchestrator through the manager: SwarmKit's TestNodeAvailability and
 * TestNodeState (O5), TestTaskFailure, one task per eligible node, added and deleted nodes, and the
 * start-up fixes of a task on a drained node and of the restart history (global_test.go). */
#include "tests/orchestrator/manager_harness.h"

/* Returns: the service's live task on @node, or NULL. */
static OrchTask *
live_on (MH *h, OrchServiceId svc, OrchNodeId node)
{
  const GPtrArray *tasks = orch_store_get_node_tasks (mh_store (h), node);
  OrchTask *live = NULL;
  for (guint i = 0; i < tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (tasks, i);
    if (t->service_id == svc && t->desired <= ORCH_TASK_RUNNING) {
      g_assert_null (live);
      live = t;
    }
  }
  return live;
}

/* A global service "agent" (restart any) started on two nodes. */
typedef struct {
  MH h;
  OrchNodeId n1, n2;
  OrchServiceId svc;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  (void)data;
  mh_init (&f->h, 5);
  f->n1 = mh_node (&f->h, "node1");
  f->n2 = mh_node (&f->h, "node2");
  g_autoptr (OrchServiceSpec) spec = mh_spec ("agent", ORCH_MODE_GLOBAL, 0, ORCH_RESTART_ANY, 0);
  f->svc = mh_start_service (&f->h, spec);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  mh_clear (&f->h);
}

/* Test that a global service runs one task on every READY, ACTIVE node. */
static void
test_global_one_task_per_node (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  g_assert_nonnull (live_on (h, f->svc, f->n1));
  g_assert_nonnull (live_on (h, f->svc, f->n2));
  g_assert_cmpint (live_on (h, f->svc, f->n1)->state, ==, ORCH_TASK_RUNNING);
  g_assert_cmpuint (mh_live_tasks (h, f->svc), ==, 2);
}

/* Test that draining a node shuts its task down without a replacement, activating it again adds
 * a task, and a task failing on a paused node is shut down, not restarted (TestNodeAvailability).
 */
static void
test_global_node_availability (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  OrchTaskId first = live_on (h, f->svc, f->n1)->id;
  orch_manager_set_node_availability (h->m, f->n1, ORCH_AVAILABILITY_DRAIN);
  mh_run_until (h, h->now + ORCH_SEC (1));
  g_assert_cmpint (orch_store_get_task (mh_store (h), first)->desired, ==, ORCH_TASK_SHUTDOWN);
  g_assert_null (live_on (h, f->svc, f->n1));
  g_assert_cmpuint (mh_live_tasks (h, f->svc), ==, 1);

  orch_manager_set_node_availability (h->m, f->n1, ORCH_AVAILABILITY_ACTIVE);
  mh_run_until (h, h->now + ORCH_SEC (1));
  OrchTask *second = live_on (h, f->svc, f->n1);
  g_assert_nonnull (second);
  g_assert_cmpuint (second->id, !=, first);

  OrchTaskId second_id = second->id;
  orch_manager_set_node_availability (h->m, f->n1, ORCH_AVAILABILITY_PAUSE);
  mh_commit (h);
  guint mark = h->actions->len;
  mh_report (h, second_id, ORCH_TASK_FAILED);
  mh_run_until (h, h->now + ORCH_SEC (10));
  g_assert_cmpint (orch_store_get_task (mh_store (h), second_id)->desired, ==, ORCH_TASK_SHUTDOWN);
  g_assert_cmpuint (mh_count (h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 0);
}

/* Test that a node going DOWN shuts its task down and its return READY adds a new one
 * (TestNodeState). */
static void
test_global_node_state (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  OrchTaskId first = live_on (h, f->svc, f->n1)->id;
  guint mark = h->actions->len;
  orch_manager_set_node_status (h->m, f->n1, ORCH_NODE_DOWN);
  mh_run_until (h, h->now + ORCH_SEC (10));
  g_assert_cmpint (orch_store_get_task (mh_store (h), first)->desired, ==, ORCH_TASK_SHUTDOWN);
  g_assert_cmpuint (mh_count (h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 0);

  orch_manager_set_node_status (h->m, f->n1, ORCH_NODE_READY);
  mh_run_until (h, h->now + ORCH_SEC (1));
  const OrchTask *fresh = live_on (h, f->svc, f->n1);
  g_assert_nonnull (fresh);
  g_assert_cmpuint (fresh->id, !=, first);
  g_assert_cmpint (fresh->state, ==, ORCH_TASK_RUNNING);
}

/* Test that a failed global task is restarted on the same node. */
static void
test_global_failed_task_restarts_on_same_node (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  OrchTaskId first = live_on (h, f->svc, f->n2)->id;
  guint mark = h->actions->len;
  mh_report (h, first, ORCH_TASK_FAILED);
  const OrchAction *created = mh_get (h, mark, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpuint (created->node_id, ==, f->n2);
  g_assert_cmpint (created->state, ==, ORCH_TASK_READY);
}

/* Test that a node joining later gets one task, created with the node already set
 * (TestAddNode, global_test.go:151). */
static void
test_global_add_node_gets_task (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  guint mark = h->actions->len;
  OrchNodeId n3 = mh_node (h, "node3");
  mh_run_until (h, h->now + ORCH_SEC (1));
  const OrchAction *created = mh_get (h, mark, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpuint (created->node_id, ==, n3);
  g_assert_cmpuint (created->slot, ==, 0);
  g_assert_cmpuint (mh_count (h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 1);
  g_assert_cmpint (live_on (h, f->svc, n3)->state, ==, ORCH_TASK_RUNNING);
}

/* Test that deleting a node deletes the global tasks on it and creates none elsewhere
 * (TestDeleteNode, global_test.go:171). */
static void
test_global_delete_node_deletes_tasks (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  OrchTaskId gone = live_on (h, f->svc, f->n1)->id;
  guint mark = h->actions->len;
  orch_manager_remove_node (h->m, f->n1, h->now);
  mh_run_until (h, h->now + ORCH_SEC (1));
  g_assert_nonnull (mh_find (h, mark, ORCH_ACTION_TASK_DELETED, gone));
  g_assert_null (orch_store_get_task (mh_store (h), gone));
  g_assert_null (mh_find (h, mark, ORCH_ACTION_TASK_CREATED, 0));
  g_assert_cmpuint (mh_live_tasks (h, f->svc), ==, 1);
}

/* Test that a new leader shuts down a global task a previous leader left running on a node that
 * has since been drained, and adds no task there (TestInitializationTaskOnDrainedNode,
 * global_test.go:968; global FixTask). */
static void
test_global_initialization_task_on_drained_node (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1 = mh_node (&h, "node1");
  orch_store_get_node (mh_store (&h), n1)->availability = ORCH_AVAILABILITY_DRAIN;
  g_autoptr (OrchServiceSpec) spec = mh_spec ("agent", ORCH_MODE_GLOBAL, 0, ORCH_RESTART_ANY, 0);
  OrchServiceId svc = orch_manager_create_service (h.m, spec, h.now);
  OrchTaskId left = mh_task (&h, svc, 0, n1, ORCH_TASK_RUNNING)->id;
  guint mark = h.actions->len;
  orch_manager_become_leader (h.m, h.now, h.actions);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, left)->state, ==,
                   ORCH_TASK_SHUTDOWN);
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_CREATED, 0));
  mh_clear (&h);
}

/* Test that a failed task of a restart-any service is shut down and re-created on its node and
 * started after the delay, that one of a restart-none service is only shut down, that an update
 * changing nothing leaves it so, and that a forced update re-creates it
 * (TestTaskFailure, global_test.go:370). */
static void
test_global_task_failure (void)
{
  MH h;
  mh_init (&h, 5);
  h.agents = FALSE; /* the Go test has no agents: the tasks stay NEW until failed by hand */
  OrchNodeId n1 = mh_node (&h, "nodeid1");
  g_autoptr (OrchServiceSpec) spec1 =
      mh_spec ("name1", ORCH_MODE_GLOBAL, 0, ORCH_RESTART_ANY, ORCH_MSEC (50));
  OrchServiceId svc1 = orch_manager_create_service (h.m, spec1, h.now);
  orch_manager_become_leader (h.m, h.now, h.actions);
  const OrchAction *created = mh_get (&h, 0, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpuint (created->node_id, ==, n1);
  OrchTaskId task1 = created->task_id;
  g_assert_cmpint (orch_store_get_task (mh_store (&h), task1)->state, <, ORCH_TASK_ASSIGNED);

  guint mark = h.actions->len;
  mh_report (&h, task1, ORCH_TASK_FAILED);
  g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, task1)->state, ==,
                   ORCH_TASK_SHUTDOWN);
  created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpuint (created->node_id, ==, n1);
  g_assert_cmpint (created->state, ==, ORCH_TASK_READY);
  OrchTaskId task2 = created->task_id;
  mh_run_until (&h, h.now + ORCH_MSEC (50));
  g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, task2)->state, ==,
                   ORCH_TASK_RUNNING);

  /* The same with a service that does not restart. */
  mark = h.actions->len;
  g_autoptr (OrchServiceSpec) spec3 =
      mh_spec ("norestart", ORCH_MODE_GLOBAL, 0, ORCH_RESTART_NONE, ORCH_SEC (5));
  OrchServiceId svc3 = orch_manager_create_service (h.m, spec3, h.now);
  mh_commit (&h);
  created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpuint (created->service_id, ==, svc3);
  g_assert_cmpuint (created->node_id, ==, n1);
  OrchTaskId task3 = created->task_id;
  mark = h.actions->len;
  mh_report (&h, task3, ORCH_TASK_FAILED);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, task3)->state, ==,
                   ORCH_TASK_SHUTDOWN);
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_CREATED, 0));

  /* An update with no change to the task spec reconciles, and still creates nothing. */
  mark = h.actions->len;
  g_autoptr (OrchServiceSpec) same = orch_service_spec_copy (spec3);
  orch_manager_update_service (h.m, svc3, same, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_CREATED, 0));
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_DESIRED, 0));

  /* A forced update makes the slot dirty: the task is re-created on its node. */
  mark = h.actions->len;
  g_autoptr (OrchServiceSpec) forced = orch_service_spec_copy (spec3);
  forced->force_update++;
  orch_manager_update_service (h.m, svc3, forced, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpuint (created->service_id, ==, svc3);
  g_assert_cmpuint (created->node_id, ==, n1);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 1);
  g_assert_nonnull (live_on (&h, svc1, n1));
  mh_clear (&h);
}

/* One task a previous leader left on the node (TestInitializationRestartHistory's table). */
typedef struct {
  const char *what;
  guint64 version; /* 1: the old spec version, 2: the current one */
  gint64 age_min;  /* created and last changed this many minutes before the leader starts */
  OrchTaskState state;
  OrchTaskState desired;
} HistoryTask;

static const HistoryTask history_tasks[] = {
  { "old spec version: not counted", 1, 5, ORCH_TASK_SHUTDOWN, ORCH_TASK_SHUTDOWN },
  { "first of the current version: not a restart", 2, 12, ORCH_TASK_FAILED, ORCH_TASK_SHUTDOWN },
  { "a restart outside the window", 2, 11, ORCH_TASK_FAILED, ORCH_TASK_SHUTDOWN },
  { "a restart inside the window", 2, 9, ORCH_TASK_FAILED, ORCH_TASK_SHUTDOWN },
  { "a restart inside the window, running", 2, 8, ORCH_TASK_RUNNING, ORCH_TASK_RUNNING },
};

/* Test that a new leader rebuilds a global slot's restart history from the current spec
 * version's tasks, so with MaxAttempts 3 in a 10 min window one more failure restarts and the
 * next does not (TestInitializationRestartHistory, global_test.go:1115). */
static void
test_global_initialization_restart_history (void)
{
  MH h;
  mh_init (&h, 5);
  h.agents = FALSE;
  h.now = ORCH_SEC (3600);
  OrchNodeId n1 = mh_node (&h, "nodeid1");
  g_autoptr (OrchServiceSpec) spec =
      mh_spec ("name1", ORCH_MODE_GLOBAL, 0, ORCH_RESTART_ANY, ORCH_MSEC (50));
  spec->restart.max_attempts = 3;
  spec->restart.window_us = ORCH_SEC (600);
  OrchServiceId svc = orch_manager_create_service (h.m, spec, h.now);
  /* A second version of the same spec: the service is at version 2, as in the Go test. */
  g_autoptr (OrchServiceSpec) again = orch_service_spec_copy (spec);
  orch_manager_update_service (h.m, svc, again, h.now);
  OrchService *service = orch_store_get_service (mh_store (&h), svc);
  OrchTaskId running = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (history_tasks); i++) {
    const HistoryTask *row = &history_tasks[i];
    OrchTask *t = mh_task (&h, svc, 0, n1, row->state);
    t->desired = row->desired;
    t->spec_version = row->version == 2 ? service->spec_version : service->previous_spec_version;
    t->created_at = t->status_at = h.now - ORCH_SEC (60) * row->age_min;
    if (row->state == ORCH_TASK_RUNNING)
      running = t->id;
  }
  g_assert_cmpuint (service->previous_spec_version, !=, service->spec_version);
  orch_manager_become_leader (h.m, h.now, h.actions);
  g_assert_null (mh_find (&h, 0, ORCH_ACTION_TASK_CREATED, 0));

  /* The third restart inside the window is allowed. */
  guint mark = h.actions->len;
  mh_report (&h, running, ORCH_TASK_FAILED);
  const OrchAction *created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpuint (created->node_id, ==, n1);
  g_assert_cmpint (created->state, ==, ORCH_TASK_READY);
  OrchTaskId fresh = created->task_id;
  mh_run_until (&h, h.now + ORCH_MSEC (50));
  g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, fresh)->state, ==,
                   ORCH_TASK_RUNNING);

  /* A fourth would exceed MaxAttempts: the rejected task is only shut down. */
  mark = h.actions->len;
  mh_report (&h, fresh, ORCH_TASK_REJECTED);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, fresh)->state, ==,
                   ORCH_TASK_SHUTDOWN);
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_CREATED, 0));
  mh_clear (&h);
}

static void
add_world (const char *path, void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, setup, test, teardown);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  add_world ("/orchestrator/global/one-task-per-node", test_global_one_task_per_node);
  add_world ("/orchestrator/global/node-availability", test_global_node_availability);
  add_world ("/orchestrator/global/node-state", test_global_node_state);
  add_world ("/orchestrator/global/failed-task-restarts-on-same-node",
             test_global_failed_task_restarts_on_same_node);
  add_world ("/orchestrator/global/add-node-gets-task", test_global_add_node_gets_task);
  add_world ("/orchestrator/global/delete-node-deletes-tasks",
             test_global_delete_node_deletes_tasks);
  g_test_add_func ("/orchestrator/global/initialization-task-on-drained-node",
                   test_global_initialization_task_on_drained_node);
  g_test_add_func ("/orchestrator/global/task-failure", test_global_task_failure);
  g_test_add_func ("/orchestrator/global/initialization-restart-history",
                   test_global_initialization_restart_history);
  return g_test_run ();
}
