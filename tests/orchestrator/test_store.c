/* SPDX-License-Identifier: MIT
 * Tests of the orchestrator's store: id order of its indexes, the write log and its old values,
 * and the monotonic observed state. */
#include "models/orchestrator/store.h"

/* Test that a lower observed state is refused and logs no event. */
static void
test_store_state_never_lowers (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchTask *task = orch_store_create_task (store, 0, 0, 0, spec, 0);
  g_array_unref (orch_store_steal_events (store));

  g_assert_true (orch_store_set_task_state (store, task, ORCH_TASK_RUNNING, 10));
  g_assert_false (orch_store_set_task_state (store, task, ORCH_TASK_PENDING, 20));
  g_assert_cmpint (task->state, ==, ORCH_TASK_RUNNING);
  g_assert_cmpint (task->status_at, ==, 10);
  g_autoptr (GArray) events = orch_store_steal_events (store);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (g_array_index (events, OrchEvent, 0).old_state, ==, ORCH_TASK_NEW);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/store/state-never-lowers", test_store_state_never_lowers);
  return g_test_run ();
}
