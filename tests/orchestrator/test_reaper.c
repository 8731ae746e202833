/* SPDX-License-Identifier: MIT
 * Tests of the task reaper through the manager: SwarmKit's TestTaskHistory (O3), the clean-up of
 * scaled-down and removed services' tasks, a negative limit keeping everything, and the 250 ms
 * batching with its maxDirty threshold. */
#include "tests/orchestrator/manager_harness.h"

#include "models/orchestrator/reaper.h"

static OrchServiceId
two_replicas (MH *h)
{
  mh_node (h, "node1");
  g_autoptr (OrchServiceSpec) spec =
      mh_spec ("name1", ORCH_MODE_REPLICATED, 2, ORCH_RESTART_ANY, 0);
  OrchServiceId svc = orch_manager_create_service (h->m, spec, h->now);
  orch_manager_become_leader (h->m, h->now, h->actions);
  mh_run_until (h, h->now + ORCH_SEC (1));
  return svc;
}

static void
fail_both (MH *h, OrchServiceId svc)
{
  for (guint32 slot = 1; slot <= 2; slot++)
    g_assert_true (orch_manager_report_task (h->m, mh_slot_task_get (h, svc, slot)->id,
                                             ORCH_TASK_FAILED, h->now));
  mh_run_until (h, h->now + ORCH_SEC (1));
}

/* Test that with a history limit of 2, failing both tasks twice deletes the two original tasks
 * and leaves 4 (TestTaskHistory). */
static void
test_reaper_task_history_limit (void)
{
  MH h;
  mh_init (&h, 2);
  OrchServiceId svc = two_replicas (&h);
  OrchTaskId original1 = mh_slot_task_get (&h, svc, 1)->id;
  OrchTaskId original2 = mh_slot_task_get (&h, svc, 2)->id;
  fail_both (&h, svc);
  g_assert_cmpuint (orch_store_get_task_count (mh_store (&h)), ==, 4);
  fail_both (&h, svc);
  g_assert_null (orch_store_get_task (mh_store (&h), original1));
  g_assert_null (orch_store_get_task (mh_store (&h), original2));
  g_assert_cmpuint (orch_store_get_task_count (mh_store (&h)), ==, 4);
  mh_clear (&h);
}

/* Test that a negative history limit never deletes a task. */
static void
test_reaper_negative_limit_keeps_all (void)
{
  MH h;
  mh_init (&h, -1);
  OrchServiceId svc = two_replicas (&h);
  fail_both (&h, svc);
  fail_both (&h, svc);
  fail_both (&h, svc);
  g_assert_cmpuint (orch_store_get_task_count (mh_store (&h)), ==, 8);
  mh_clear (&h);
}

/* Test that a scaled-down task is deleted once its agent reports it shut down, and only then
 * (TestTaskStateRemoveOnScaledown). */
static void
test_reaper_removes_scaled_down_after_shutdown (void)
{
  MH h;
  mh_init (&h, 5);
  OrchServiceId svc = two_replicas (&h);
  h.agents = FALSE;
  OrchTaskId victim = mh_slot_task_get (&h, svc, 2)->id;
  g_autoptr (OrchServiceSpec) one =
      orch_service_spec_copy (orch_store_get_service (mh_store (&h), svc)->spec);
  one->replicas = 1;
  orch_manager_update_service (h.m, svc, one, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_cmpint (orch_store_get_task (mh_store (&h), victim)->desired, ==, ORCH_TASK_REMOVE);
  mh_report (&h, victim, ORCH_TASK_SHUTDOWN);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_null (orch_store_get_task (mh_store (&h), victim));
  g_assert_cmpuint (orch_store_get_task_count (mh_store (&h)), ==, 1);
  mh_clear (&h);
}

/* Test that removing a service deletes its tasks that never got a node at once, and its
 * assigned tasks only after their agents report them shut down
 * (TestServiceRemoveUnassignedTasks, task_reaper_test.go:949; task_reaper.go:181-183). */
static void
test_reaper_service_removal_deletes_unassigned (void)
{
  MH h;
  mh_init (&h, 5);
  OrchServiceId svc = two_replicas (&h);
  h.agents = FALSE;
  OrchTaskId placed = mh_slot_task_get (&h, svc, 1)->id;
  /* A third task that no node can take: the service's only node is paused. */
  orch_manager_set_node_availability (h.m, 1, ORCH_AVAILABILITY_PAUSE);
  g_autoptr (OrchServiceSpec) three =
      orch_service_spec_copy (orch_store_get_service (mh_store (&h), svc)->spec);
  three->replicas = 3;
  orch_manager_update_service (h.m, svc, three, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  OrchTaskId pending = mh_slot_task_get (&h, svc, 3)->id;
  g_assert_cmpint (orch_store_get_task (mh_store (&h), pending)->state, ==, ORCH_TASK_PENDING);

  orch_manager_remove_service (h.m, svc, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_null (orch_store_get_task (mh_store (&h), pending));
  g_assert_nonnull (orch_store_get_task (mh_store (&h), placed));
  mh_report (&h, placed, ORCH_TASK_SHUTDOWN);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_null (orch_store_get_task (mh_store (&h), placed));
  mh_clear (&h);
}

/* Creates @n stopped tasks in slot 1 of @svc directly in the store (desired SHUTDOWN, so no
 * component but the reaper reacts), one write per task, and commits them. */
static void
stopped_tasks (MH *h, OrchServiceId svc, guint n)
{
  for (guint i = 0; i < n; i++) {
    OrchTask *t = orch_store_create_task (mh_store (h), svc, 1, 1, NULL, h->now);
    orch_store_set_task_desired (mh_store (h), t, ORCH_TASK_SHUTDOWN);
    orch_store_set_task_state (mh_store (h), t, ORCH_TASK_SHUTDOWN, h->now);
  }
  orch_manager_commit (h->m, h->now, h->actions);
}

/* Test that history clean-up waits for the 250 ms batching timer started by the first write
 * after the last clean-up (TestTaskReaperBatching, task_reaper_test.go:757). */
static void
test_reaper_batching_timer (void)
{
  MH h;
  mh_init (&h, 2);
  OrchServiceId svc = two_replicas (&h);
  h.agents = FALSE;
  h.now += ORCH_SEC (10);
  guint mark = h.actions->len;
  OrchTime first = h.now;
  stopped_tasks (&h, svc, 3);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_DELETED, 0), ==, 0);
  mh_run_until (&h, first + ORCH_MSEC (249));
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_DELETED, 0), ==, 0);
  mh_run_until (&h, first + ORCH_MSEC (250));
  /* Slot 1 holds 4 tasks, 3 of them stopped; the limit 2 keeps the running one and the newest. */
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_DELETED, 0), ==, 2);
  g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DELETED, 0)->at, ==, first + ORCH_MSEC (250));
  mh_clear (&h);
}

/* Test that the maxDirty threshold counts distinct dirty slots plus clean-up candidates, so a
 * burst of 1001 creations in one slot still waits for the timer (task_reaper.go:188, a map). */
static void
test_reaper_max_dirty_counts_distinct_slots (void)
{
  MH h;
  mh_init (&h, 2);
  OrchServiceId svc = two_replicas (&h);
  h.agents = FALSE;
  h.now += ORCH_SEC (10);
  guint mark = h.actions->len;
  stopped_tasks (&h, svc, ORCH_REAPER_MAX_DIRTY + 1);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_DELETED, 0), ==, 0);
  mh_run_until (&h, h.now + ORCH_MSEC (250));
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_DELETED, 0), ==, ORCH_REAPER_MAX_DIRTY);
  mh_clear (&h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/reaper/task-history-limit", test_reaper_task_history_limit);
  g_test_add_func ("/orchestrator/reaper/negative-limit-keeps-all",
                   test_reaper_negative_limit_keeps_all);
  g_test_add_func ("/orchestrator/reaper/removes-scaled-down-after-shutdown",
                   test_reaper_removes_scaled_down_after_shutdown);
  g_test_add_func ("/orchestrator/reaper/service-removal-deletes-unassigned",
                   test_reaper_service_removal_deletes_unassigned);
  g_test_add_func ("/orchestrator/reaper/batching-timer", test_reaper_batching_timer);
  g_test_add_func ("/orchestrator/reaper/max-dirty-counts-distinct-slots",
                   test_reaper_max_dirty_counts_distinct_slots);
  return g_test_run ();
}
