/* SPDX-License-Identifier: MIT
 * Tests of a rolling update's failure accounting and waits (§8): failure action continue, a
 * paused update that stays paused, the monitor period after the last slot, and the stop-first
 * wait for an old task that never stops (SwarmKit's updater_test.go). */
#include "tests/orchestrator/manager_harness.h"

#include "models/orchestrator/restart.h"

/* Three replicas of "web:1" over three nodes with @update as update config, running. */
static OrchServiceId
three_replicas (MH *h, const OrchUpdateConfig *update, OrchServiceSpec **spec_out)
{
  return mh_start_three_web (h, ORCH_RESTART_NONE, update, spec_out);
}

/* Updates the service to @image with @update; returns the action mark before the update. */
static guint
update_to (MH *h, OrchServiceId svc, const OrchServiceSpec *spec, const char *image,
           const OrchUpdateConfig *update)
{
  g_autoptr (OrchServiceSpec) next = mh_spec_next (spec, image, update);
  guint mark = h->actions->len;
  orch_manager_update_service (h->m, svc, next, h->now);
  return mark;
}

/* Returns: how many tasks of @image the update created since @mark. */
static guint
created_with_image (MH *h, guint mark, const char *image)
{
  guint n = 0;
  for (guint i = mark; i < h->actions->len; i++) {
    const OrchAction *a = &g_array_index (h->actions, OrchAction, i);
    const OrchTask *t = orch_store_get_task (mh_store (h), a->task_id);
    if (a->kind == ORCH_ACTION_TASK_CREATED && t != NULL && g_strcmp0 (t->spec->image, image) == 0)
      n++;
  }
  return n;
}

/* Test that failing new tasks pause an update after its first slot, that reconciling again while
 * paused does nothing, and that with failure action continue every slot is updated anyway
 * (TestUpdaterFailureAction, updater_test.go:365). */
static void
test_update_failures_continue_updates_every_slot (void)
{
  MH h;
  mh_init (&h, 5);
  OrchUpdateConfig pause = ORCH_UPDATE_CONFIG_INIT;
  pause.delay_us = ORCH_MSEC (500);
  pause.monitor_us = ORCH_MSEC (500);
  g_autoptr (OrchServiceSpec) spec = NULL;
  OrchServiceId svc = three_replicas (&h, &pause, &spec);
  h.fail_image = "web:2";
  guint mark = update_to (&h, svc, spec, "web:2", &pause);
  mh_run_until (&h, h.now + ORCH_SEC (30));
  g_assert_cmpuint (created_with_image (&h, mark, "web:2"), ==, 1);
  g_assert_cmpstr (orch_manager_get_update_status (h.m, svc), ==, "paused");

  /* A node write makes the orchestrator reconcile nothing new; the paused update stays put. */
  orch_manager_set_node_label (h.m, 1, "x", "y");
  mh_run_until (&h, h.now + ORCH_SEC (30));
  g_assert_cmpuint (created_with_image (&h, mark, "web:2"), ==, 1);

  OrchUpdateConfig cont = pause;
  cont.failure_action = ORCH_FAILURE_ACTION_CONTINUE;
  h.fail_image = "web:3";
  const OrchService *service = orch_store_get_service (mh_store (&h), svc);
  mark = update_to (&h, svc, service->spec, "web:3", &cont);
  mh_run_until (&h, h.now + ORCH_SEC (30));
  g_assert_cmpuint (created_with_image (&h, mark, "web:3"), ==, 3);
  g_assert_cmpstr (orch_manager_get_update_status (h.m, svc), ==, "completed");
  mh_clear (&h);
}

/* Test that with stop-first order and an old task that never reports its stop, each new task is
 * started once the 60 s old-task timeout runs out, and the update still completes
 * (TestUpdaterTaskTimeout, updater_test.go:521; restart.go:20 defaultOldTaskTimeout). */
static void
test_update_failures_stop_first_waits_old_task_timeout (void)
{
  MH h;
  mh_init (&h, 5);
  OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;
  config.monitor_us = ORCH_MSEC (50);
  g_autoptr (OrchServiceSpec) spec = NULL;
  OrchServiceId svc = three_replicas (&h, &config, &spec);
  h.agents_never_stop = TRUE;
  guint mark = update_to (&h, svc, spec, "web:2", &config);
  OrchTime t0 = h.now;
  mh_run_until (&h, h.now + ORCH_SEC (300));
  guint started = 0;
  for (guint i = mark; i < h.actions->len; i++) {
    const OrchAction *a = &g_array_index (h.actions, OrchAction, i);
    if (a->kind != ORCH_ACTION_TASK_DESIRED || a->state != ORCH_TASK_RUNNING)
      continue;
    const OrchAction *created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, a->task_id);
    g_assert_cmpint (a->at - created->at, ==, ORCH_RESTART_OLD_TASK_TIMEOUT);
    started++;
  }
  g_assert_cmpuint (started, ==, 3);
  g_assert_cmpuint (created_with_image (&h, mark, "web:2"), ==, 3);
  g_assert_cmpint (h.now - t0, >=, 3 * ORCH_RESTART_OLD_TASK_TIMEOUT);
  g_assert_cmpstr (orch_manager_get_update_status (h.m, svc), ==, "completed");
  mh_clear (&h);
}

/* Test that when the update delay is at least the monitor period, the monitor after the last slot
 * lasts delay + 1 s and the failure check uses that longer period too, and that a failure seen
 * while the workers finish is judged when monitoring starts (updater.go:277-303). */
static void
test_update_failures_monitor_raised_by_long_delay (void)
{
  MH h;
  mh_init (&h, 5);
  OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;
  config.delay_us = ORCH_SEC (10);
  config.monitor_us = ORCH_SEC (5);
  g_autoptr (OrchServiceSpec) spec = mh_spec ("web", ORCH_MODE_REPLICATED, 1, ORCH_RESTART_NONE, 0);
  spec->update = config;
  mh_node (&h, "node1");
  OrchServiceId svc = mh_start_service (&h, spec);
  guint mark = update_to (&h, svc, spec, "web:2", &config);
  mh_run_until (&h, h.now + ORCH_MSEC (200));
  OrchTaskId fresh = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0)->task_id;
  g_assert_cmpint (orch_store_get_task (mh_store (&h), fresh)->state, ==, ORCH_TASK_RUNNING);
  /* 8 s after it ran: past the 5 s monitor, within delay + 1 s = 11 s. */
  mh_run_until (&h, h.now + ORCH_SEC (8));
  mh_report (&h, fresh, ORCH_TASK_FAILED);
  mh_run_until (&h, h.now + ORCH_SEC (30));
  g_assert_cmpstr (orch_manager_get_update_status (h.m, svc), ==, "paused");
  mh_clear (&h);
}

/* Test that after the last slot the update completes once the monitor period has passed, and a
 * failure after that does not pause it (updater.go:280-310). */
static void
test_update_failures_late_failure_does_not_count (void)
{
  MH h;
  mh_init (&h, 5);
  OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;
  g_autoptr (OrchServiceSpec) spec = mh_spec ("web", ORCH_MODE_REPLICATED, 1, ORCH_RESTART_NONE, 0);
  spec->update = config;
  mh_node (&h, "node1");
  OrchServiceId svc = mh_start_service (&h, spec);
  guint mark = update_to (&h, svc, spec, "web:2", &config);
  mh_run_until (&h, h.now + ORCH_SEC (20));
  OrchTaskId fresh = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0)->task_id;
  const OrchAction *completed = NULL;
  for (guint i = mark; i < h.actions->len; i++) {
    const OrchAction *a = &g_array_index (h.actions, OrchAction, i);
    if (a->kind == ORCH_ACTION_UPDATE_STATUS && g_strcmp0 (a->text, "completed") == 0)
      completed = a;
  }
  g_assert_nonnull (completed);
  g_assert_cmpint (completed->at, >=,
                   mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0)->at + ORCH_SEC (5));
  g_assert_cmpstr (orch_manager_get_update_status (h.m, svc), ==, "completed");
  mh_report (&h, fresh, ORCH_TASK_FAILED);
  mh_run_until (&h, h.now + ORCH_SEC (20));
  g_assert_cmpstr (orch_manager_get_update_status (h.m, svc), ==, "completed");
  mh_clear (&h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/update/failures/continue-updates-every-slot",
                   test_update_failures_continue_updates_every_slot);
  g_test_add_func ("/orchestrator/update/failures/stop-first-waits-old-task-timeout",
                   test_update_failures_stop_first_waits_old_task_timeout);
  g_test_add_func ("/orchestrator/update/failures/monitor-raised-by-long-delay",
                   test_update_failures_monitor_raised_by_long_delay);
  g_test_add_func ("/orchestrator/update/failures/late-failure-does-not-count",
                   test_update_failures_late_failure_does_not_count);
  return g_test_run ();
}
