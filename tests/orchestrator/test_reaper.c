/* SPDX-License-Identifier: MIT
 * Tests of the task reaper through the manager: SwarmKit's TestTaskHistory (O3), the clean-up of
 * scaled-down tasks, and a negative limit keeping everything. */
#include "tests/orchestrator/manager_harness.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/reaper/task-history-limit", test_reaper_task_history_limit);
  g_test_add_func ("/orchestrator/reaper/negative-limit-keeps-all",
                   test_reaper_negative_limit_keeps_all);
  g_test_add_func ("/orchestrator/reaper/removes-scaled-down-after-shutdown",
                   test_reaper_removes_scaled_down_after_shutdown);
  return g_test_run ();
}
