/* SPDX-License-Identifier: MIT
 * Tests of the replicated orchestrator through the manager: SwarmKit's TestReplicatedScaleDown
 * (O1) and TestDrain (O2), scale-up into the lowest free slot, and service removal. */
#include "tests/orchestrator/manager_harness.h"

static void
assert_desired (MH *h, const OrchTask *t, OrchTaskState desired)
{
  const OrchTask *now = orch_store_get_task (mh_store (h), t->id);
  g_assert_nonnull (now);
  g_assert_cmpstr (orch_task_state_to_string (now->desired), ==,
                   orch_task_state_to_string (desired));
}

/* Test that scale-down removes the unassigned task first, then copies on the busiest node, then
 * one per node keeping running tasks and low slots (O1, replicated_test.go:203). */
static void
test_replicated_scale_down_victim_order (void)
{
  MH h;
  mh_init (&h, 5);
  h.agents = FALSE;
  OrchNodeId n1 = mh_node (&h, "node1"), n2 = mh_node (&h, "node2"), n3 = mh_node (&h, "node3");
  g_autoptr (OrchServiceSpec) spec = mh_spec ("web", ORCH_MODE_REPLICATED, 6, ORCH_RESTART_ANY, 0);
  OrchServiceId svc = orch_manager_create_service (h.m, spec, h.now);
  static const struct {
    guint32 slot;
    guint node; /* 0: unassigned, else nodeN */
    OrchTaskState state;
  } table[] = {
    { 1, 1, ORCH_TASK_STARTING }, { 2, 2, ORCH_TASK_RUNNING }, { 3, 2, ORCH_TASK_RUNNING },
    { 4, 3, ORCH_TASK_RUNNING },  { 5, 3, ORCH_TASK_RUNNING }, { 6, 3, ORCH_TASK_RUNNING },
    { 7, 0, ORCH_TASK_NEW },
  };
  OrchNodeId nodes[] = { 0, n1, n2, n3 };
  const OrchTask *task[G_N_ELEMENTS (table)];
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    task[i] = mh_task (&h, svc, table[i].slot, nodes[table[i].node], table[i].state);
  OrchTaskId task7 = task[6]->id;

  orch_manager_become_leader (h.m, h.now, h.actions);
  /* task7 never started, so the reaper may delete it at once: check the decision itself. */
  g_assert_cmpint (mh_get (&h, 0, ORCH_ACTION_TASK_DESIRED, task7)->state, ==, ORCH_TASK_REMOVE);
  for (guint i = 0; i < 6; i++)
    assert_desired (&h, task[i], ORCH_TASK_RUNNING);

  g_autoptr (OrchServiceSpec) four = orch_service_spec_copy (spec);
  four->replicas = 4;
  orch_manager_update_service (h.m, svc, four, h.now);
  mh_commit (&h);
  assert_desired (&h, task[3], ORCH_TASK_RUNNING); /* task4 stays on node3 */
  assert_desired (&h, task[4], ORCH_TASK_REMOVE);
  assert_desired (&h, task[5], ORCH_TASK_REMOVE);

  g_autoptr (OrchServiceSpec) two = orch_service_spec_copy (spec);
  two->replicas = 2;
  orch_manager_update_service (h.m, svc, two, h.now);
  mh_commit (&h);
  assert_desired (&h, task[0], ORCH_TASK_REMOVE); /* node1: not running */
  assert_desired (&h, task[1], ORCH_TASK_RUNNING);
  assert_desired (&h, task[2], ORCH_TASK_REMOVE); /* node2: the higher slot */
  assert_desired (&h, task[3], ORCH_TASK_RUNNING);
  mh_clear (&h);
}

/* Test that with restart NONE the tasks on DOWN and drained nodes are shut down, those on UNKNOWN
 * and paused nodes kept, and later a new task on a DOWN node, a drain and a node deletion shut
 * down their tasks, with no replacement (O2, drain_test.go:14). */
static void
test_replicated_drain_shuts_down_without_replacement (void)
{
  MH h;
  mh_init (&h, 5);
  h.agents = FALSE;
  OrchNodeId id[6] = { 0 };
  const char *names[] = { NULL, "id1", "id2", "id3", "id4", "id5" };
  for (guint i = 1; i <= 5; i++)
    id[i] = mh_node (&h, names[i]);
  OrchStore *store = mh_store (&h);
  orch_store_get_node (store, id[2])->status = ORCH_NODE_DOWN;
  orch_store_get_node (store, id[3])->status = ORCH_NODE_UNKNOWN;
  orch_store_get_node (store, id[4])->availability = ORCH_AVAILABILITY_PAUSE;
  orch_store_get_node (store, id[5])->availability = ORCH_AVAILABILITY_DRAIN;
  g_autoptr (OrchServiceSpec) spec =
      mh_spec ("name1", ORCH_MODE_REPLICATED, 6, ORCH_RESTART_NONE, ORCH_SEC (5));
  OrchServiceId svc = orch_manager_create_service (h.m, spec, h.now);
  OrchTask *t[6];
  t[0] = mh_task (&h, svc, 1, 0, ORCH_TASK_NEW);
  for (guint i = 1; i <= 5; i++)
    t[i] = mh_task (&h, svc, i + 1, id[i], ORCH_TASK_NEW);

  orch_manager_become_leader (h.m, h.now, h.actions);
  guint mark = h.actions->len;
  assert_desired (&h, t[2], ORCH_TASK_SHUTDOWN);
  assert_desired (&h, t[5], ORCH_TASK_SHUTDOWN);
  assert_desired (&h, t[1], ORCH_TASK_RUNNING);
  assert_desired (&h, t[3], ORCH_TASK_RUNNING);
  assert_desired (&h, t[4], ORCH_TASK_RUNNING);

  OrchTask *fresh = orch_store_create_task (store, svc, 3, id[2], NULL, h.now);
  mh_commit (&h);
  assert_desired (&h, fresh, ORCH_TASK_SHUTDOWN);
  orch_manager_set_node_availability (h.m, id[4], ORCH_AVAILABILITY_DRAIN);
  mh_commit (&h);
  assert_desired (&h, t[4], ORCH_TASK_SHUTDOWN);
  orch_manager_remove_node (h.m, id[1], h.now);
  mh_commit (&h);
  assert_desired (&h, t[1], ORCH_TASK_SHUTDOWN);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 0);
  mh_clear (&h);
}

/* Test that scaling up fills the lowest slot number that holds no running task. */
static void
test_replicated_scale_up_fills_lowest_free_slot (void)
{
  MH h;
  mh_init (&h, 5);
  h.agents = FALSE;
  OrchNodeId n1 = mh_node (&h, "node1");
  g_autoptr (OrchServiceSpec) spec = mh_spec ("web", ORCH_MODE_REPLICATED, 4, ORCH_RESTART_ANY, 0);
  OrchServiceId svc = orch_manager_create_service (h.m, spec, h.now);
  mh_task (&h, svc, 1, n1, ORCH_TASK_RUNNING);
  mh_task (&h, svc, 3, n1, ORCH_TASK_RUNNING);
  orch_manager_become_leader (h.m, h.now, h.actions);
  g_assert_nonnull (mh_slot_task (&h, svc, 2));
  g_assert_nonnull (mh_slot_task (&h, svc, 4));
  g_assert_null (mh_slot_task (&h, svc, 5));
  g_assert_cmpuint (mh_live_tasks (&h, svc), ==, 4);
  mh_clear (&h);
}

/* Test that removing a service sets every one of its tasks to desired REMOVE. */
static void
test_replicated_remove_service_marks_tasks_remove (void)
{
  MH h;
  mh_init (&h, 5);
  mh_node (&h, "node1");
  g_autoptr (OrchServiceSpec) spec = mh_spec ("web", ORCH_MODE_REPLICATED, 3, ORCH_RESTART_ANY, 0);
  OrchServiceId svc = orch_manager_create_service (h.m, spec, h.now);
  orch_manager_become_leader (h.m, h.now, h.actions);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  guint mark = h.actions->len;
  orch_manager_remove_service (h.m, svc, h.now);
  mh_commit (&h);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_DESIRED, ORCH_TASK_REMOVE), ==, 3);
  /* The agents stop them, and the reaper deletes them. */
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_cmpuint (orch_store_get_service_tasks (mh_store (&h), svc)->len, ==, 0);
  mh_clear (&h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/replicated/scale-down-victim-order",
                   test_replicated_scale_down_victim_order);
  g_test_add_func ("/orchestrator/replicated/drain-shuts-down-without-replacement",
                   test_replicated_drain_shuts_down_without_replacement);
  g_test_add_func ("/orchestrator/replicated/scale-up-fills-lowest-free-slot",
                   test_replicated_scale_up_fills_lowest_free_slot);
  g_test_add_func ("/orchestrator/replicated/remove-service-marks-tasks-remove",
                   test_replicated_remove_service_marks_tasks_remove);
  return g_test_run ();
}
