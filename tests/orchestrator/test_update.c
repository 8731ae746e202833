/* SPDX-License-Identifier: MIT
 * Tests of rolling updates through the manager (§8): one slot at a time with the delay, failure
 * action pause and rollback, start-first order, and a scale that is not an update. */
#include "tests/orchestrator/manager_harness.h"

static OrchServiceId
three_replicas (MH *h, OrchServiceSpec **spec_out)
{
  mh_node (h, "node1");
  mh_node (h, "node2");
  mh_node (h, "node3");
  OrchServiceSpec *spec = mh_spec ("web", ORCH_MODE_REPLICATED, 3, ORCH_RESTART_ANY, 0);
  g_free (spec->image);
  spec->image = g_strdup ("web:1");
  OrchServiceId svc = orch_manager_create_service (h->m, spec, h->now);
  orch_manager_become_leader (h->m, h->now, h->actions);
  mh_run_until (h, h->now + ORCH_SEC (1));
  *spec_out = spec;
  return svc;
}

/* Returns: (transfer full): @spec with image "web:2" and the given update config. */
static OrchServiceSpec *
v2 (const OrchServiceSpec *spec, const OrchUpdateConfig *config)
{
  OrchServiceSpec *next = orch_service_spec_copy (spec);
  g_free (next->image);
  next->image = g_strdup ("web:2");
  next->update = *config;
  return next;
}

static guint
status_count (const MH *h, guint from, const char *text)
{
  guint n = 0;
  for (guint i = from; i < h->actions->len; i++) {
    const OrchAction *a = &g_array_index (h->actions, OrchAction, i);
    if (a->kind == ORCH_ACTION_UPDATE_STATUS && g_strcmp0 (a->text, text) == 0)
      n++;
  }
  return n;
}

/* Test that with parallelism 1 and a 10 s delay the slots are replaced one after the other, at
 * least 10 s apart, and the update completes after the last one plus the monitor period. */
static void
test_update_rolling_one_slot_at_a_time (void)
{
  MH h;
  mh_init (&h, 5);
  g_autoptr (OrchServiceSpec) spec = NULL;
  OrchServiceId svc = three_replicas (&h, &spec);
  OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;
  config.delay_us = ORCH_SEC (10);
  g_autoptr (OrchServiceSpec) next = v2 (spec, &config);
  guint mark = h.actions->len;
  orch_manager_update_service (h.m, svc, next, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (60));

  OrchTime created[3];
  guint n = 0;
  for (guint i = mark; i < h.actions->len; i++) {
    const OrchAction *a = &g_array_index (h.actions, OrchAction, i);
    if (a->kind == ORCH_ACTION_TASK_CREATED) {
      g_assert_cmpuint (n, <, 3);
      created[n++] = a->at;
    }
  }
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (created[1] - created[0], >=, ORCH_SEC (10));
  g_assert_cmpint (created[2] - created[1], >=, ORCH_SEC (10));
  g_assert_cmpuint (status_count (&h, mark, "updating"), ==, 1);
  g_assert_cmpuint (status_count (&h, mark, "completed"), ==, 1);
  for (guint32 slot = 1; slot <= 3; slot++)
    g_assert_cmpstr (mh_slot_task_get (&h, svc, slot)->spec->image, ==, "web:2");
  mh_clear (&h);
}

/* Starts a one-at-a-time update with @action and fails the first new task; returns the mark. */
static guint
fail_first_new_task (MH *h, OrchServiceId svc, const OrchServiceSpec *spec,
                     OrchFailureAction action)
{
  OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;
  config.failure_action = action;
  g_autoptr (OrchServiceSpec) next = v2 (spec, &config);
  guint mark = h->actions->len;
  orch_manager_update_service (h->m, svc, next, h->now);
  mh_run_until (h, h->now + ORCH_MSEC (10));
  OrchTaskId fresh = mh_get (h, mark, ORCH_ACTION_TASK_CREATED, 0)->task_id;
  h->agents = FALSE;
  mh_run_until (h, h->now + ORCH_SEC (1));
  mh_report (h, fresh, ORCH_TASK_FAILED);
  return mark;
}

/* Test that a new task failing during the update pauses it (failure action pause) and no other
 * slot is updated. */
static void
test_update_failure_pauses (void)
{
  MH h;
  mh_init (&h, 5);
  g_autoptr (OrchServiceSpec) spec = NULL;
  OrchServiceId svc = three_replicas (&h, &spec);
  guint mark = fail_first_new_task (&h, svc, spec, ORCH_FAILURE_ACTION_PAUSE);
  g_assert_cmpuint (status_count (&h, mark, "paused"), ==, 1);
  g_assert_cmpstr (orch_manager_get_update_status (h.m, svc), ==, "paused");
  h.agents = TRUE;
  mh_run_until (&h, h.now + ORCH_SEC (60));
  g_assert_cmpuint (status_count (&h, mark, "completed"), ==, 0);
  guint old_left = 0;
  for (guint32 slot = 1; slot <= 3; slot++)
    old_left += g_strcmp0 (mh_slot_task_get (&h, svc, slot)->spec->image, "web:1") == 0;
  g_assert_cmpuint (old_left, ==, 2);
  mh_clear (&h);
}

/* Test that with failure action rollback a failing update puts the previous spec back, and the
 * rollback runs to completion. */
static void
test_update_failure_rolls_back (void)
{
  MH h;
  mh_init (&h, 5);
  g_autoptr (OrchServiceSpec) spec = NULL;
  OrchServiceId svc = three_replicas (&h, &spec);
  guint mark = fail_first_new_task (&h, svc, spec, ORCH_FAILURE_ACTION_ROLLBACK);
  g_assert_cmpuint (status_count (&h, mark, "rollback_started"), ==, 1);
  g_assert_true (orch_store_get_service (mh_store (&h), svc)->spec == spec);
  /* The restart supervisor's replacement of the failed task never got a node; the rollback's
   * stop-first start waits for it to stop, so only the 60 s old-task timeout releases it. */
  h.agents = TRUE;
  mh_run_until (&h, h.now + ORCH_SEC (120));
  g_assert_cmpuint (status_count (&h, mark, "rollback_completed"), ==, 1);
  for (guint32 slot = 1; slot <= 3; slot++)
    g_assert_cmpstr (mh_slot_task_get (&h, svc, slot)->spec->image, ==, "web:1");
  mh_clear (&h);
}

/* Test that start-first keeps the old task until the new one reports RUNNING. */
static void
test_update_start_first_stops_old_after_new_runs (void)
{
  MH h;
  mh_init (&h, 5);
  g_autoptr (OrchServiceSpec) spec = NULL;
  OrchServiceId svc = three_replicas (&h, &spec);
  OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;
  config.order = ORCH_ORDER_START_FIRST;
  g_autoptr (OrchServiceSpec) next = v2 (spec, &config);
  h.agents = FALSE;
  guint mark = h.actions->len;
  orch_manager_update_service (h.m, svc, next, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  const OrchAction *created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
  OrchTaskId fresh = created->task_id;
  OrchTask *old = NULL;
  const GPtrArray *tasks = orch_store_get_service_tasks (mh_store (&h), svc);
  for (guint i = 0; i < tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (tasks, i);
    if (t->slot == created->slot && t->id != fresh)
      old = t;
  }
  g_assert_nonnull (old);
  OrchTaskId old_id = old->id;
  g_assert_cmpint (old->desired, ==, ORCH_TASK_RUNNING);
  g_assert_cmpint (orch_store_get_task (mh_store (&h), fresh)->desired, ==, ORCH_TASK_RUNNING);
  mh_report (&h, fresh, ORCH_TASK_RUNNING);
  mh_run_until (&h, h.now + ORCH_MSEC (10));
  g_assert_cmpint (orch_store_get_task (mh_store (&h), old_id)->desired, ==, ORCH_TASK_SHUTDOWN);
  mh_clear (&h);
}

/* Test that changing only the replica count is a scale, with no update status. */
static void
test_update_scale_only_is_not_an_update (void)
{
  MH h;
  mh_init (&h, 5);
  g_autoptr (OrchServiceSpec) spec = NULL;
  OrchServiceId svc = three_replicas (&h, &spec);
  g_autoptr (OrchServiceSpec) more = orch_service_spec_copy (spec);
  more->replicas = 5;
  guint mark = h.actions->len;
  orch_manager_update_service (h.m, svc, more, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (30));
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_UPDATE_STATUS, 0), ==, 0);
  g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 2);
  g_assert_cmpuint (mh_live_tasks (&h, svc), ==, 5);
  mh_clear (&h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/update/rolling-one-slot-at-a-time",
                   test_update_rolling_one_slot_at_a_time);
  g_test_add_func ("/orchestrator/update/failure-pauses", test_update_failure_pauses);
  g_test_add_func ("/orchestrator/update/failure-rolls-back", test_update_failure_rolls_back);
  g_test_add_func ("/orchestrator/update/start-first-stops-old-after-new-runs",
                   test_update_start_first_stops_old_after_new_runs);
  g_test_add_func ("/orchestrator/update/scale-only-is-not-an-update",
                   test_update_scale_only_is_not_an_update);
  return g_test_run ();
}
