/* SPDX-License-Identifier: MIT
 * Tests of rolling updates through the manager (§8): one slot at a time with the delay, failure
 * action pause and rollback, start-first order, a scale that is not an update, IsTaskDirty, the
 * delay after a reused slot, the update status across rollbacks and leader changes, and SwarmKit's
 * TestUpdaterPlacement and TestUpdaterOrder. Failure accounting and timeouts are in
 * test_update_failures.c. */
#include "tests/orchestrator/manager_harness.h"

#include "models/orchestrator/update.h"

/* Three running replicas of "web:1" (restart any, default update config) on three nodes. */
typedef struct {
  MH h;
  OrchServiceSpec *spec; /* owned: the service's first spec */
  OrchServiceId svc;
} Fixture;

static void
start (MH *h, OrchServiceSpec **spec_out, OrchServiceId *svc_out)
{
  const OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;

  mh_init (h, 5);
  *svc_out = mh_start_three_web (h, ORCH_RESTART_ANY, &config, spec_out);
}

static void
setup (Fixture *f, gconstpointer data)
{
  (void)data;
  start (&f->h, &f->spec, &f->svc);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  mh_clear (&f->h);
  g_clear_pointer (&f->spec, orch_service_spec_unref);
}

/* Returns: (transfer full): @spec with image "web:2" and the given update config. */
static OrchServiceSpec *
v2 (const OrchServiceSpec *spec, const OrchUpdateConfig *config)
{
  return mh_spec_next (spec, "web:2", config);
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
test_update_rolling_one_slot_at_a_time (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;
  config.delay_us = ORCH_SEC (10);
  g_autoptr (OrchServiceSpec) next = v2 (f->spec, &config);
  guint mark = h->actions->len;
  orch_manager_update_service (h->m, f->svc, next, h->now);
  mh_run_until (h, h->now + ORCH_SEC (60));

  OrchTime created[3];
  guint n = 0;
  for (guint i = mark; i < h->actions->len; i++) {
    const OrchAction *a = &g_array_index (h->actions, OrchAction, i);
    if (a->kind == ORCH_ACTION_TASK_CREATED) {
      g_assert_cmpuint (n, <, 3);
      created[n++] = a->at;
    }
  }
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (created[1] - created[0], >=, ORCH_SEC (10));
  g_assert_cmpint (created[2] - created[1], >=, ORCH_SEC (10));
  g_assert_cmpuint (status_count (h, mark, "updating"), ==, 1);
  g_assert_cmpuint (status_count (h, mark, "completed"), ==, 1);
  for (guint32 slot = 1; slot <= 3; slot++)
    g_assert_cmpstr (mh_slot_task_get (h, f->svc, slot)->spec->image, ==, "web:2");
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
test_update_failure_pauses (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  guint mark = fail_first_new_task (h, f->svc, f->spec, ORCH_FAILURE_ACTION_PAUSE);
  g_assert_cmpuint (status_count (h, mark, "paused"), ==, 1);
  g_assert_cmpstr (orch_manager_get_update_status (h->m, f->svc), ==, "paused");
  h->agents = TRUE;
  mh_run_until (h, h->now + ORCH_SEC (60));
  g_assert_cmpuint (status_count (h, mark, "completed"), ==, 0);
  guint old_left = 0;
  for (guint32 slot = 1; slot <= 3; slot++)
    old_left += g_strcmp0 (mh_slot_task_get (h, f->svc, slot)->spec->image, "web:1") == 0;
  g_assert_cmpuint (old_left, ==, 2);
}

/* Test that with failure action rollback a failing update puts the previous spec back, and the
 * rollback runs to completion. */
static void
test_update_failure_rolls_back (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  guint mark = fail_first_new_task (h, f->svc, f->spec, ORCH_FAILURE_ACTION_ROLLBACK);
  g_assert_cmpuint (status_count (h, mark, "rollback_started"), ==, 1);
  g_assert_true (orch_store_get_service (mh_store (h), f->svc)->spec == f->spec);
  /* The restart supervisor's replacement of the failed task never got a node; the rollback's
   * stop-first start waits for it to stop, so only the 60 s old-task timeout releases it. */
  h->agents = TRUE;
  mh_run_until (h, h->now + ORCH_SEC (120));
  g_assert_cmpuint (status_count (h, mark, "rollback_completed"), ==, 1);
  for (guint32 slot = 1; slot <= 3; slot++)
    g_assert_cmpstr (mh_slot_task_get (h, f->svc, slot)->spec->image, ==, "web:1");
}

/* Test that start-first keeps the old task until the new one reports RUNNING. */
static void
test_update_start_first_stops_old_after_new_runs (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;
  config.order = ORCH_ORDER_START_FIRST;
  g_autoptr (OrchServiceSpec) next = v2 (f->spec, &config);
  h->agents = FALSE;
  guint mark = h->actions->len;
  orch_manager_update_service (h->m, f->svc, next, h->now);
  mh_run_until (h, h->now + ORCH_SEC (1));
  const OrchAction *created = mh_get (h, mark, ORCH_ACTION_TASK_CREATED, 0);
  OrchTaskId fresh = created->task_id;
  OrchTask *old = NULL;
  const GPtrArray *tasks = orch_store_get_service_tasks (mh_store (h), f->svc);
  for (guint i = 0; i < tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (tasks, i);
    if (t->slot == created->slot && t->id != fresh)
      old = t;
  }
  g_assert_nonnull (old);
  OrchTaskId old_id = old->id;
  g_assert_cmpint (old->desired, ==, ORCH_TASK_RUNNING);
  g_assert_cmpint (orch_store_get_task (mh_store (h), fresh)->desired, ==, ORCH_TASK_RUNNING);
  mh_report (h, fresh, ORCH_TASK_RUNNING);
  mh_run_until (h, h->now + ORCH_MSEC (10));
  g_assert_cmpint (orch_store_get_task (mh_store (h), old_id)->desired, ==, ORCH_TASK_SHUTDOWN);
}

/* Test that changing only the replica count is a scale, with no update status. */
static void
test_update_scale_only_is_not_an_update (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  g_autoptr (OrchServiceSpec) more = orch_service_spec_copy (f->spec);
  more->replicas = 5;
  guint mark = h->actions->len;
  orch_manager_update_service (h->m, f->svc, more, h->now);
  mh_run_until (h, h->now + ORCH_SEC (30));
  g_assert_cmpuint (mh_count (h, mark, ORCH_ACTION_UPDATE_STATUS, 0), ==, 0);
  g_assert_cmpuint (mh_count (h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 2);
  g_assert_cmpuint (mh_live_tasks (h, f->svc), ==, 5);
}

/* One IsTaskDirty case: how the service's spec differs from the task's (image "v:1"). */
typedef struct {
  const char *what;
  const char *image;      /* NULL: "v:1" */
  const char *constraint; /* NULL: none */
  const char *spread;     /* NULL: none */
  guint64 max_replicas;
  guint32 host_port; /* 0: none */
  gboolean same_version;
  gboolean no_node;
  gboolean dirty;
} DirtyCase;

static const DirtyCase dirty_cases[] = {
  /* TestIsTaskDirty (task_test.go:15-67) */
  { "same task spec", NULL, NULL, NULL, 0, 0, FALSE, FALSE, FALSE },
  { "constraint that does not parse matches", NULL, "node=node1", NULL, 0, 0, FALSE, FALSE, FALSE },
  { "constraint the node fails", NULL, "node!=node1", NULL, 0, 0, FALSE, FALSE, TRUE },
  { "new image", "v:2", NULL, NULL, 0, 0, FALSE, FALSE, TRUE },
  /* TestIsTaskDirtyPlacementConstraintsOnly (task_test.go:69-113) */
  { "constraint change, node matches", NULL, "node.id==node1", NULL, 0, 0, FALSE, FALSE, FALSE },
  { "constraint and image change", "v:2", "node.id==node1", NULL, 0, 0, FALSE, FALSE, TRUE },
  /* The rest of IsTaskDirty's rules */
  { "constraint change, no node", NULL, "node.id==node1", NULL, 0, 0, FALSE, TRUE, TRUE },
  { "spread only is a placement change", NULL, NULL, "node.labels.az", 0, 0, FALSE, FALSE, FALSE },
  { "max replicas only is a placement change", NULL, NULL, NULL, 2, 0, FALSE, FALSE, FALSE },
  { "host port only", NULL, NULL, NULL, 0, 8080, FALSE, FALSE, TRUE },
  { "host port unchecked beside placement", NULL, "node.id==node1", NULL, 0, 8080, FALSE, FALSE,
    FALSE },
  { "same spec version", "v:2", NULL, NULL, 0, 0, TRUE, FALSE, FALSE },
};

/* Test that IsTaskDirty follows SwarmKit's rules: spec version first, then a Placement-only change
 * the node still satisfies is clean (host ports unchecked there), then the full comparison
 * (ports TestIsTaskDirty and TestIsTaskDirtyPlacementConstraintsOnly, task_test.go). */
static void
test_update_task_dirty_table (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  const OrchNode *node = orch_store_add_node (store, "node1", "node1");
  g_autoptr (OrchServiceSpec) task_spec = orch_service_spec_new ();
  g_free (task_spec->image);
  task_spec->image = g_strdup ("v:1");
  OrchTask task = { .id = 1, .service_id = 1, .spec_version = 1, .spec = task_spec };
  for (gsize i = 0; i < G_N_ELEMENTS (dirty_cases); i++) {
    const DirtyCase *c = &dirty_cases[i];
    g_autoptr (OrchServiceSpec) spec = orch_service_spec_copy (task_spec);
    if (c->image != NULL) {
      g_free (spec->image);
      spec->image = g_strdup (c->image);
    }
    if (c->constraint != NULL)
      g_ptr_array_add (spec->constraints, g_strdup (c->constraint));
    if (c->spread != NULL)
      g_ptr_array_add (spec->spread, g_strdup (c->spread));
    spec->max_replicas_per_node = c->max_replicas;
    if (c->host_port != 0) {
      OrchHostPort port = { c->host_port, FALSE };
      g_array_append_val (spec->host_ports, port);
    }
    OrchService service = { .id = 1, .spec = spec, .spec_version = c->same_version ? 1 : 2 };
    g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, c->what);
    g_assert_cmpint (orch_update_task_is_dirty (&service, &task, c->no_node ? NULL : node), ==,
                     c->dirty);
  }
}

/* Test that an automatic rollback restores the previous spec with its own version number and
 * forgets the failed spec, and that the next update gets a version never used before
 * (updater.go:605-614, controlapi/service.go:915). */
static void
test_update_rollback_restores_spec_version (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  const OrchService *service = orch_store_get_service (mh_store (h), f->svc);
  guint64 v1 = service->spec_version;
  fail_first_new_task (h, f->svc, f->spec, ORCH_FAILURE_ACTION_ROLLBACK);
  guint64 failed = v1 + 1;
  g_assert_cmpuint (service->spec_version, ==, v1);
  g_assert_true (service->spec == f->spec);
  g_assert_null (service->previous_spec);
  g_assert_cmpuint (service->previous_spec_version, ==, 0);

  OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;
  g_autoptr (OrchServiceSpec) next = v2 (f->spec, &config);
  orch_manager_update_service (h->m, f->svc, next, h->now);
  g_assert_cmpuint (service->spec_version, >, failed);
  g_assert_cmpuint (service->previous_spec_version, ==, v1);
}

/* Test that a paused update stays paused across a change of leader: the status is store data,
 * so the new leader's updater does nothing (updater.go:129-134). */
static void
test_update_status_survives_leader_change (Fixture *f, gconstpointer data)
{
  MH *h = &f->h;

  (void)data;
  fail_first_new_task (h, f->svc, f->spec, ORCH_FAILURE_ACTION_PAUSE);
  g_assert_cmpstr (orch_manager_get_update_status (h->m, f->svc), ==, "paused");
  orch_manager_become_follower (h->m);
  g_assert_cmpstr (orch_manager_get_update_status (h->m, f->svc), ==, "paused");
  h->agents = TRUE;
  guint mark = h->actions->len;
  orch_manager_become_leader (h->m, h->now, h->actions);
  mh_run_until (h, h->now + ORCH_SEC (60));
  g_assert_cmpstr (orch_manager_get_update_status (h->m, f->svc), ==, "paused");
  g_assert_cmpuint (mh_count (h, mark, ORCH_ACTION_UPDATE_STATUS, 0), ==, 0);
  for (guint i = mark; i < h->actions->len; i++) {
    const OrchAction *a = &g_array_index (h->actions, OrchAction, i);
    if (a->kind == ORCH_ACTION_TASK_CREATED)
      g_assert_cmpstr (orch_store_get_task (mh_store (h), a->task_id)->spec->image, !=, "web:2");
  }
}

/* Test that a worker sleeps the update delay after a slot it settled by keeping a clean task
 * already desired RUNNING, before it takes the next slot (updater.go:355-361 runs after
 * useExistingTask too). */
static void
test_update_delay_applies_after_reused_slot (void)
{
  MH h;
  mh_init (&h, 5);
  mh_node (&h, "node1");
  g_autoptr (OrchServiceSpec) one = mh_spec ("web", ORCH_MODE_REPLICATED, 2, ORCH_RESTART_ANY, 0);
  OrchServiceId svc = orch_manager_create_service (h.m, one, h.now);
  OrchTask *stale1 = mh_task (&h, svc, 1, 1, ORCH_TASK_RUNNING);
  OrchTask *stale2 = mh_task (&h, svc, 2, 1, ORCH_TASK_RUNNING);
  g_autoptr (OrchServiceSpec) two = orch_service_spec_copy (one);
  mh_spec_set_image (two, "web:2");
  two->update.delay_us = ORCH_SEC (10);
  OrchService *service = orch_store_get_service (mh_store (&h), svc);
  orch_store_update_service (mh_store (&h), service, two);
  /* Slot 1 also holds a clean task already running: the worker keeps it. The leader's first
   * reconcile starts the update with no other write pending. */
  mh_task (&h, svc, 1, 1, ORCH_TASK_RUNNING);
  guint mark = h.actions->len;
  OrchTime t0 = h.now;
  orch_manager_become_leader (h.m, h.now, h.actions);
  mh_run_until (&h, h.now + ORCH_SEC (30));
  g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, stale1->id)->at, ==, t0);
  const OrchAction *created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpuint (created->slot, ==, 2);
  g_assert_cmpint (created->at, >=, t0 + ORCH_SEC (10));
  g_assert_cmpint (orch_store_get_task (mh_store (&h), stale2->id)->desired, ==,
                   ORCH_TASK_SHUTDOWN);
  mh_clear (&h);
}

/* Test that changing only the placement constraints, to one that does not parse and so matches
 * every node, replaces no task (TestUpdaterPlacement, updater_test.go:255). */
static void
test_update_placement_only_change_keeps_tasks (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1 = mh_node (&h, "node1");
  g_autoptr (OrchServiceSpec) spec =
      mh_spec ("name1", ORCH_MODE_REPLICATED, 3, ORCH_RESTART_ANY, 0);
  mh_spec_set_image (spec, "v:1");
  spec->update.monitor_us = ORCH_MSEC (50);
  OrchServiceId svc = mh_start_service (&h, spec);
  OrchTaskId before[3];
  for (guint32 slot = 1; slot <= 3; slot++) {
    const OrchTask *t = mh_slot_task_get (&h, svc, slot);
    g_assert_cmpuint (t->node_id, ==, n1);
    g_assert_cmpuint (t->spec->constraints->len, ==, 0);
    before[slot - 1] = t->id;
  }
  g_autoptr (OrchServiceSpec) placed = orch_service_spec_copy (spec);
  g_ptr_array_add (placed->constraints, g_strdup ("node.name=*"));
  guint mark = h.actions->len;
  orch_manager_update_service (h.m, svc, placed, h.now);
  mh_run_until (&h, h.now + ORCH_SEC (10));
  for (guint32 slot = 1; slot <= 3; slot++)
    g_assert_cmpuint (mh_slot_task_get (&h, svc, slot)->id, ==, before[slot - 1]);
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_CREATED, 0));
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_DESIRED, 0));
  g_assert_cmpuint (mh_live_tasks (&h, svc), ==, 3);
  mh_clear (&h);
}

/* Returns: the index of the first action from @from on about @task of @kind with @state. */
static guint
action_index (const MH *h, guint from, OrchActionKind kind, OrchTaskId task, OrchTaskState state)
{
  for (guint i = from; i < h->actions->len; i++) {
    const OrchAction *a = &g_array_index (h->actions, OrchAction, i);
    if (a->kind == kind && a->task_id == task && a->state == state)
      return i;
  }
  g_error ("no %s %s action for task %" G_GUINT64_FORMAT, orch_action_kind_to_string (kind),
           orch_task_state_to_string (state), task);
}

/* One update order and what its agents do with an old task asked to stop. */
typedef struct {
  OrchUpdateOrder order;
  gboolean old_stops;      /* FALSE: the old tasks hang in RUNNING, as TestUpdaterOrder's do */
  gboolean new_runs_first; /* the new task is told RUNNING before the old one SHUTDOWN */
} OrderCase;

static const OrderCase order_cases[] = {
  { ORCH_ORDER_START_FIRST, FALSE, TRUE },
  { ORCH_ORDER_START_FIRST, TRUE, TRUE },
  { ORCH_ORDER_STOP_FIRST, TRUE, FALSE },
};

/* Test that start-first tells each new task RUNNING before its old task SHUTDOWN, even when the
 * old tasks never stop, and stop-first the other way round; either way each slot ends with its
 * old task desired SHUTDOWN and its new one RUNNING (TestUpdaterOrder, updater_test.go:614). */
static void
test_update_order_start_first_and_stop_first (void)
{
  for (gsize c = 0; c < G_N_ELEMENTS (order_cases); c++) {
    const OrderCase *oc = &order_cases[c];
    g_test_message ("order %s, old tasks %s", orch_update_order_to_string (oc->order),
                    oc->old_stops ? "stop" : "hang");
    MH h;
    g_autoptr (OrchServiceSpec) spec = NULL;
    OrchServiceId svc;
    start (&h, &spec, &svc);
    OrchTaskId old[3];
    for (guint32 slot = 1; slot <= 3; slot++)
      old[slot - 1] = mh_slot_task_get (&h, svc, slot)->id;
    OrchUpdateConfig config = ORCH_UPDATE_CONFIG_INIT;
    config.parallelism = 1;
    config.order = oc->order;
    config.delay_us = ORCH_MSEC (10);
    config.monitor_us = ORCH_MSEC (50);
    g_autoptr (OrchServiceSpec) next = v2 (spec, &config);
    h.agents_never_stop = !oc->old_stops;
    guint mark = h.actions->len;
    orch_manager_update_service (h.m, svc, next, h.now);
    mh_run_until (&h, h.now + ORCH_SEC (10));
    g_assert_cmpuint (status_count (&h, mark, "completed"), ==, 1);
    g_assert_cmpuint (orch_store_get_service_tasks (mh_store (&h), svc)->len, ==, 6);
    for (guint32 slot = 1; slot <= 3; slot++) {
      const OrchTask *fresh = mh_slot_task_get (&h, svc, slot);
      g_assert_cmpstr (fresh->spec->image, ==, "web:2");
      g_assert_cmpint (fresh->state, ==, ORCH_TASK_RUNNING);
      const OrchTask *prev = orch_store_get_task (mh_store (&h), old[slot - 1]);
      g_assert_cmpint (prev->desired, ==, ORCH_TASK_SHUTDOWN);
      g_assert_cmpint (prev->state, ==, oc->old_stops ? ORCH_TASK_SHUTDOWN : ORCH_TASK_RUNNING);
      guint run = action_index (&h, mark, ORCH_ACTION_TASK_DESIRED, fresh->id, ORCH_TASK_RUNNING);
      guint stop = action_index (&h, mark, ORCH_ACTION_TASK_DESIRED, prev->id, ORCH_TASK_SHUTDOWN);
      g_assert_true ((run < stop) == oc->new_runs_first);
    }
    mh_clear (&h);
  }
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
  add_world ("/orchestrator/update/rolling-one-slot-at-a-time",
             test_update_rolling_one_slot_at_a_time);
  add_world ("/orchestrator/update/failure-pauses", test_update_failure_pauses);
  add_world ("/orchestrator/update/failure-rolls-back", test_update_failure_rolls_back);
  add_world ("/orchestrator/update/start-first-stops-old-after-new-runs",
             test_update_start_first_stops_old_after_new_runs);
  add_world ("/orchestrator/update/scale-only-is-not-an-update",
             test_update_scale_only_is_not_an_update);
  g_test_add_func ("/orchestrator/update/task-dirty-table", test_update_task_dirty_table);
  add_world ("/orchestrator/update/rollback-restores-spec-version",
             test_update_rollback_restores_spec_version);
  add_world ("/orchestrator/update/status-survives-leader-change",
             test_update_status_survives_leader_change);
  g_test_add_func ("/orchestrator/update/delay-applies-after-reused-slot",
                   test_update_delay_applies_after_reused_slot);
  g_test_add_func ("/orchestrator/update/placement-only-change-keeps-tasks",
                   test_update_placement_only_change_keeps_tasks);
  g_test_add_func ("/orchestrator/update/order-start-first-and-stop-first",
                   test_update_order_start_first_and_stop_first);
  return g_test_run ();
}
