/* SPDX-License-Identifier: MIT
 * Tests of the global orchestrator through the manager: SwarmKit's TestNodeAvailability and
 * TestNodeState (O5), one task per eligible node, added and deleted nodes, and the start-up fix
 * of a task on a drained node (global_test.go). */
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

static OrchServiceId
global_setup (MH *h, OrchNodeId *n1_out, OrchNodeId *n2_out)
{
  *n1_out = mh_node (h, "node1");
  *n2_out = mh_node (h, "node2");
  g_autoptr (OrchServiceSpec) spec = mh_spec ("agent", ORCH_MODE_GLOBAL, 0, ORCH_RESTART_ANY, 0);
  OrchServiceId svc = orch_manager_create_service (h->m, spec, h->now);
  orch_manager_become_leader (h->m, h->now, h->actions);
  mh_run_until (h, h->now + ORCH_SEC (1));
  return svc;
}

/* Test that a global service runs one task on every READY, ACTIVE node. */
static void
test_global_one_task_per_node (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1, n2;
  OrchServiceId svc = global_setup (&h, &n1, &n2);
  g_assert_nonnull (live_on (&h, svc, n1));
  g_assert_nonnull (live_on (&h, svc, n2));
  g_assert_cmpint (live_on (&h, svc, n1)->state, ==, ORCH_TASK_RUNNING);
  g_assert_cmpuint (mh_live_tasks (&h, svc), ==, 2);
  mh_clear (&h);
}

/* Test that draining a node shuts its task down without a replacement, activating it again adds
 * a task, and a task failing on a paused node is shut down, not restarted (TestNodeAvailability).
 */
static void
test_global_node_availability (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1, n2;
  OrchServiceId svc = global_setup (&h, &n1, &n2);
  OrchTaskId first = live_on (&h, svc, n1)->id;
  orch_manager_set_node_availability (h.m, n1, ORCH_AVAILABILITY_DRAIN);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_cmpint (orch_store_get_task (mh_store (&h), first)->desired, ==, ORCH_TASK_SHUTDOWN);
  g_assert_null (live_on (&h, svc, n1));
  g_assert_cmpuint (mh_live_tasks (&h, svc), ==, 1);

  orch_manager_set_node_availability (h.m, n1, ORCH_AVAILABILITY_ACTIVE);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  OrchTask *second = live_on (&h, svc, n1);
  g_assert_nonnull (second);
  g_assert_cmpuint (second->id, !=, first);

  OrchTaskId second_id = second->id;
  orch_manager_set_node_availability (h.m, n1, ORCH_AVAILABILITY_PAUSE);
  mh_commit (&h);
  guint mark = h.actions->len;
  mh_report (&h, second_id, ORCH_TASK_FAILED);
  mh_run_until (&h, h.now + ORCH_SEC (10));
  g_assert_cmpint (orch_store_get_task (mh_store (&h), second_id)->desired, ==, ORCH_TASK_SHUTDOWN);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 0);
  mh_clear (&h);
}

/* Test that a node going DOWN shuts its task down and its return READY adds a new one
 * (TestNodeState). */
static void
test_global_node_state (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1, n2;
  OrchServiceId svc = global_setup (&h, &n1, &n2);
  OrchTaskId first = live_on (&h, svc, n1)->id;
  guint mark = h.actions->len;
  orch_manager_set_node_status (h.m, n1, ORCH_NODE_DOWN);
  mh_run_until (&h, h.now + ORCH_SEC (10));
  g_assert_cmpint (orch_store_get_task (mh_store (&h), first)->desired, ==, ORCH_TASK_SHUTDOWN);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 0);

  orch_manager_set_node_status (h.m, n1, ORCH_NODE_READY);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  const OrchTask *fresh = live_on (&h, svc, n1);
  g_assert_nonnull (fresh);
  g_assert_cmpuint (fresh->id, !=, first);
  g_assert_cmpint (fresh->state, ==, ORCH_TASK_RUNNING);
  mh_clear (&h);
}

/* Test that a failed global task is restarted on the same node. */
static void
test_global_failed_task_restarts_on_same_node (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1, n2;
  OrchServiceId svc = global_setup (&h, &n1, &n2);
  OrchTaskId first = live_on (&h, svc, n2)->id;
  guint mark = h.actions->len;
  mh_report (&h, first, ORCH_TASK_FAILED);
  const OrchAction *created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpuint (created->node_id, ==, n2);
  g_assert_cmpint (created->state, ==, ORCH_TASK_READY);
  mh_clear (&h);
}

/* Test that a node joining later gets one task, created with the node already set
 * (TestAddNode, global_test.go:151). */
static void
test_global_add_node_gets_task (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1, n2;
  OrchServiceId svc = global_setup (&h, &n1, &n2);
  guint mark = h.actions->len;
  OrchNodeId n3 = mh_node (&h, "node3");
  mh_run_until (&h, h.now + ORCH_SEC (1));
  const OrchAction *created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpuint (created->node_id, ==, n3);
  g_assert_cmpuint (created->slot, ==, 0);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 1);
  g_assert_cmpint (live_on (&h, svc, n3)->state, ==, ORCH_TASK_RUNNING);
  mh_clear (&h);
}

/* Test that deleting a node deletes the global tasks on it and creates none elsewhere
 * (TestDeleteNode, global_test.go:171). */
static void
test_global_delete_node_deletes_tasks (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1, n2;
  OrchServiceId svc = global_setup (&h, &n1, &n2);
  OrchTaskId gone = live_on (&h, svc, n1)->id;
  guint mark = h.actions->len;
  orch_manager_remove_node (h.m, n1, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_nonnull (mh_find (&h, mark, ORCH_ACTION_TASK_DELETED, gone));
  g_assert_null (orch_store_get_task (mh_store (&h), gone));
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_CREATED, 0));
  g_assert_cmpuint (mh_live_tasks (&h, svc), ==, 1);
  mh_clear (&h);
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/global/one-task-per-node", test_global_one_task_per_node);
  g_test_add_func ("/orchestrator/global/node-availability", test_global_node_availability);
  g_test_add_func ("/orchestrator/global/node-state", test_global_node_state);
  g_test_add_func ("/orchestrator/global/failed-task-restarts-on-same-node",
                   test_global_failed_task_restarts_on_same_node);
  g_test_add_func ("/orchestrator/global/add-node-gets-task", test_global_add_node_gets_task);
  g_test_add_func ("/orchestrator/global/delete-node-deletes-tasks",
                   test_global_delete_node_deletes_tasks);
  g_test_add_func ("/orchestrator/global/initialization-task-on-drained-node",
                   test_global_initialization_task_on_drained_node);
  return g_test_run ();
}
