/* SPDX-License-Identifier: MIT
 * Tests of the replicated orchestrator through the manager: SwarmKit's TestReplicatedScaleDown
 * (O1), TestDrain (O2) and TestReplicatedOrchestrator, scale-up into the lowest free slot, and
 * service removal. */
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
  OrchServiceId svc = mh_start_service (&h, spec);
  guint mark = h.actions->len;
  orch_manager_remove_service (h.m, svc, h.now);
  mh_commit (&h);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_DESIRED, ORCH_TASK_REMOVE), ==, 3);
  /* The agents stop them, and the reaper deletes them. */
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_cmpuint (orch_store_get_service_tasks (mh_store (&h), svc)->len, ==, 0);
  mh_clear (&h);
}

/* Returns: the number of TASK_CREATED actions from @from on for @svc, each desired RUNNING. */
static guint
created_for (const MH *h, guint from, OrchServiceId svc)
{
  guint n = 0;
  for (guint i = from; i < h->actions->len; i++) {
    const OrchAction *a = &g_array_index (h->actions, OrchAction, i);
    if (a->kind != ORCH_ACTION_TASK_CREATED)
      continue;
    g_assert_cmpuint (a->service_id, ==, svc);
    g_assert_cmpint (a->state, ==, ORCH_TASK_RUNNING);
    n++;
  }
  return n;
}

/* Test that a service created before the leader starts gets its tasks, a second service its own,
 * a scale up and down creates and removes the difference, a deleted live task is re-created and a
 * removed service's last task is deleted (TestReplicatedOrchestrator, replicated_test.go:18). */
static void
test_replicated_orchestrator_lifecycle (void)
{
  MH h;
  mh_init (&h, 5);
  h.agents = FALSE; /* no nodes and no agents: tasks stay unassigned, as in the Go test */
  g_autoptr (OrchServiceSpec) spec1 =
      mh_spec ("name1", ORCH_MODE_REPLICATED, 2, ORCH_RESTART_ANY, ORCH_SEC (5));
  OrchServiceId svc1 = orch_manager_create_service (h.m, spec1, h.now);
  orch_manager_become_leader (h.m, h.now, h.actions);
  g_assert_cmpuint (created_for (&h, 0, svc1), ==, 2);

  guint mark = h.actions->len;
  g_autoptr (OrchServiceSpec) spec2 =
      mh_spec ("name2", ORCH_MODE_REPLICATED, 1, ORCH_RESTART_ANY, ORCH_SEC (5));
  OrchServiceId svc2 = orch_manager_create_service (h.m, spec2, h.now);
  mh_commit (&h);
  g_assert_cmpuint (created_for (&h, mark, svc2), ==, 1);

  mark = h.actions->len;
  g_autoptr (OrchServiceSpec) three = orch_service_spec_copy (spec2);
  three->replicas = 3;
  orch_manager_update_service (h.m, svc2, three, h.now);
  mh_commit (&h);
  g_assert_cmpuint (created_for (&h, mark, svc2), ==, 2);

  mark = h.actions->len;
  g_autoptr (OrchServiceSpec) one = orch_service_spec_copy (spec2);
  orch_manager_update_service (h.m, svc2, one, h.now);
  mh_commit (&h);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_DESIRED, ORCH_TASK_REMOVE), ==, 2);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_DESIRED, 0), ==, 2);
  g_assert_cmpuint (mh_live_tasks (&h, svc2), ==, 1);

  /* Delete the live task directly: the orchestrator re-creates it. */
  OrchTask *live = NULL;
  for (guint32 slot = 1; slot <= 3 && live == NULL; slot++)
    live = mh_slot_task (&h, svc2, slot);
  g_assert_nonnull (live);
  mark = h.actions->len;
  orch_store_remove_task (mh_store (&h), live->id);
  mh_commit (&h);
  g_assert_cmpuint (created_for (&h, mark, svc2), ==, 1);
  OrchTaskId recreated = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0)->task_id;

  /* Remove the service: its remaining task, never assigned, is deleted. */
  mark = h.actions->len;
  orch_manager_remove_service (h.m, svc2, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_nonnull (mh_find (&h, mark, ORCH_ACTION_TASK_DELETED, recreated));
  g_assert_null (orch_store_get_task (mh_store (&h), recreated));
  g_assert_cmpuint (mh_live_tasks (&h, svc1), ==, 2);
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
  g_test_add_func ("/orchestrator/replicated/orchestrator-lifecycle",
                   test_replicated_orchestrator_lifecycle);
  return g_test_run ();
}
