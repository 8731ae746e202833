/* SPDX-License-Identifier: MIT
 * Tests of the scheduler's batching and of its view upkeep: the 50 ms commit debounce capped at
 * 1 s, which events require a pass, replayed writes, writes made only on a changed error, and the
 * grouping of a pass by (service, spec version) with one-off tasks alone. */
#include "tests/orchestrator/sched_harness.h"

/* Delivers the pending writes as one commit at h->now, without running anything. */
static void
deliver (Harness *h)
{
  g_autoptr (GArray) events = orch_store_steal_events (h->store);
  for (guint i = 0; i < events->len; i++)
    orch_scheduler_handle_event (h->sched, &g_array_index (events, OrchEvent, i), h->now);
  orch_scheduler_commit (h->sched, h->now);
}

/* Test that a commit arms a 50 ms debounce that each later commit pushes back. */
static void
test_scheduler_debounce_pushed_back_by_commits (void)
{
  Harness h;
  harness_init (&h, 1);
  OrchNode *node = harness_node (&h, "n1", ORCH_NODE_READY);
  harness_start (&h);
  g_assert_cmpint (orch_scheduler_next_deadline (h.sched), ==, ORCH_TIME_NEVER);
  OrchTime t0 = h.now;
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchTask *t = harness_task (&h, 0, spec, TRUE);
  deliver (&h);
  g_assert_cmpint (orch_scheduler_next_deadline (h.sched), ==, t0 + ORCH_MSEC (50));
  h.now = t0 + ORCH_MSEC (30);
  orch_scheduler_commit (h.sched, h.now);
  g_assert_cmpint (orch_scheduler_next_deadline (h.sched), ==, t0 + ORCH_MSEC (80));
  orch_scheduler_advance (h.sched, t0 + ORCH_MSEC (79), h.actions);
  g_assert_cmpuint (t->node_id, ==, 0);
  orch_scheduler_advance (h.sched, t0 + ORCH_MSEC (80), h.actions);
  g_assert_cmpuint (t->node_id, ==, node->id);
  g_assert_cmpint (orch_scheduler_next_deadline (h.sched), ==, ORCH_TIME_NEVER);
  harness_clear (&h);
}

/* Test that commits arriving every 40 ms cannot hold the pass back for more than 1 s. */
static void
test_scheduler_debounce_capped_at_one_second (void)
{
  Harness h;
  harness_init (&h, 1);
  harness_node (&h, "n1", ORCH_NODE_READY);
  harness_start (&h);
  OrchTime t0 = h.now;
  orch_scheduler_commit (h.sched, t0);
  for (OrchTime dt = ORCH_MSEC (40); dt <= ORCH_MSEC (1000); dt += ORCH_MSEC (40)) {
    orch_scheduler_commit (h.sched, t0 + dt);
    g_assert_cmpint (orch_scheduler_next_deadline (h.sched), ==, t0 + dt + ORCH_MSEC (50));
  }
  orch_scheduler_commit (h.sched, t0 + ORCH_MSEC (1040));
  g_assert_cmpint (orch_scheduler_next_deadline (h.sched), ==, t0 + ORCH_MSEC (1040));
  orch_scheduler_advance (h.sched, t0 + ORCH_MSEC (1040), h.actions);
  g_assert_cmpint (orch_scheduler_next_deadline (h.sched), ==, ORCH_TIME_NEVER);
  harness_clear (&h);
}

/* Test that a due pass with nothing required writes nothing, and that a node update requires one
 * (a pending task is retried when a node changes). */
static void
test_scheduler_node_update_retries_pending (void)
{
  Harness h;
  harness_init (&h, 2);
  OrchNode *node = harness_node (&h, "n1", ORCH_NODE_DOWN);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchTask *t = harness_task (&h, harness_service (&h, spec)->id, NULL, FALSE);
  harness_start (&h);
  g_assert_cmpstr (t->err, ==, "no suitable node (1 node not available for new tasks)");
  guint before = h.actions->len;
  orch_scheduler_commit (h.sched, h.now);
  harness_settle (&h);
  g_assert_cmpuint (h.actions->len, ==, before);
  node->status = ORCH_NODE_READY;
  orch_store_touch_node (h.store, node, ORCH_NODE_DOWN, ORCH_AVAILABILITY_ACTIVE);
  harness_settle (&h);
  g_assert_cmpuint (t->node_id, ==, node->id);
  harness_clear (&h);
}

/* Test that a stuck task's error is written and reported once, not on every retry. */
static void
test_scheduler_pending_error_reported_once (void)
{
  Harness h;
  harness_init (&h, 3);
  OrchNode *node = harness_node (&h, "n1", ORCH_NODE_READY);
  node->availability = ORCH_AVAILABILITY_DRAIN;
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  harness_task (&h, harness_service (&h, spec)->id, NULL, FALSE);
  harness_start (&h);
  for (guint i = 0; i < 5; i++) {
    orch_store_touch_node (h.store, node, ORCH_NODE_READY, ORCH_AVAILABILITY_DRAIN);
    harness_settle (&h);
  }
  g_assert_cmpuint (h.actions->len, ==, 1);
  const OrchAction *a = &g_array_index (h.actions, OrchAction, 0);
  g_assert_cmpint (a->kind, ==, ORCH_ACTION_TASK_PENDING);
  g_assert_cmpstr (a->text, ==, "no suitable node (1 node not available for new tasks)");
  harness_clear (&h);
}

/* Test that replaying the scheduler's own writes does not count a task twice: a second task that
 * fits only if the first is counted once still fits. */
static void
test_scheduler_replayed_writes_change_nothing (void)
{
  Harness h;
  harness_init (&h, 4);
  OrchNode *node = harness_node (&h, "n1", ORCH_NODE_READY);
  node->capacity.memory_bytes = 1000000000;
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  spec->reservations.memory_bytes = 400000000;
  OrchServiceId svc = harness_service (&h, spec)->id;
  OrchTask *a = harness_task (&h, svc, NULL, FALSE);
  g_array_unref (orch_store_steal_events (h.store));
  orch_scheduler_start (h.sched, h.now, h.actions);
  g_assert_cmpuint (a->node_id, ==, node->id);
  g_autoptr (GArray) events = orch_store_steal_events (h.store);
  g_assert_cmpuint (events->len, >, 0);
  for (guint round = 0; round < 3; round++) {
    for (guint i = 0; i < events->len; i++)
      orch_scheduler_handle_event (h.sched, &g_array_index (events, OrchEvent, i), h.now);
  }
  orch_store_set_task_state (h.store, a, ORCH_TASK_RUNNING, h.now);
  orch_store_touch_node (h.store, node, ORCH_NODE_READY, ORCH_AVAILABILITY_ACTIVE);
  OrchTask *b = harness_task (&h, svc, NULL, FALSE);
  harness_settle (&h);
  g_assert_cmpuint (b->node_id, ==, node->id);
  OrchTask *c = harness_task (&h, svc, NULL, FALSE);
  harness_settle (&h);
  g_assert_cmpstr (c->err, ==, "no suitable node (insufficient resources on 1 node)");
  harness_clear (&h);
}

/* Test that a task asked to shut down stops counting for spreading at once (desired above
 * COMPLETE), before it reports that it stopped. */
static void
test_scheduler_shutdown_desired_stops_counting (void)
{
  for (guint32 seed = 1; seed <= 20; seed++) {
    Harness h;
    harness_init (&h, seed);
    OrchNode *n1 = harness_node (&h, "n1", ORCH_NODE_READY);
    OrchNode *n2 = harness_node (&h, "n2", ORCH_NODE_READY);
    g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
    OrchServiceId svc = harness_service (&h, spec)->id;
    OrchTask *old = harness_task_on (&h, svc, NULL, n1->id, ORCH_TASK_RUNNING);
    harness_task_on (&h, svc, NULL, n2->id, ORCH_TASK_RUNNING);
    harness_start (&h);
    orch_store_set_task_desired (h.store, old, ORCH_TASK_SHUTDOWN);
    OrchTask *t = harness_task (&h, svc, NULL, TRUE);
    harness_settle (&h);
    g_assert_cmpuint (t->node_id, ==, n1->id);
    harness_clear (&h);
  }
}

/* Returns: (transfer full): a spec whose tasks may only run on the node named @id. */
static OrchServiceSpec *
pinned_spec (const char *id)
{
  OrchServiceSpec *spec = orch_service_spec_new ();
  g_ptr_array_add (spec->constraints, g_strdup_printf ("node.id==%s", id));
  return spec;
}

/* Test that a pass groups the queue by (service, spec version) and schedules each task without a
 * spec version on its own: tasks of one service at versions 1 and 2, and two one-off tasks, each
 * pinned to its own node by its spec, all land where their own spec says, which they would not if
 * a group's filters were set up from another version's task (tick and scheduleTaskGroup,
 * scheduler.go:429-470 and 694-700). */
static void
test_scheduler_groups_by_spec_version (void)
{
  for (guint32 seed = 1; seed <= 50; seed++) {
    Harness h;
    harness_init (&h, seed);
    g_autoptr (OrchServiceSpec) base = orch_service_spec_new ();
    OrchServiceId svc = harness_service (&h, base)->id;
    static const char *const names[] = { "n1", "n2", "n3", "n4" };
    OrchNodeId nodes[4];
    OrchServiceSpec *specs[4];
    for (guint i = 0; i < 4; i++) {
      nodes[i] = harness_node (&h, names[i], ORCH_NODE_READY)->id;
      specs[i] = pinned_spec (names[i]);
    }
    /* Two tasks at version 1 (node n1), two at version 2 (n2), one-offs for n3 and n4. */
    static const struct {
      guint spec;
      guint64 version; /* 0: one-off */
    } rows[] = { { 0, 1 }, { 1, 2 }, { 2, 0 }, { 0, 1 }, { 1, 2 }, { 3, 0 } };
    OrchTask *tasks[G_N_ELEMENTS (rows)];
    for (gsize i = 0; i < G_N_ELEMENTS (rows); i++) {
      tasks[i] = harness_task (&h, svc, specs[rows[i].spec], FALSE);
      tasks[i]->spec_version = rows[i].version;
    }
    harness_start (&h);
    for (gsize i = 0; i < G_N_ELEMENTS (rows); i++) {
      g_assert_cmpuint (tasks[i]->node_id, ==, nodes[rows[i].spec]);
      g_assert_null (tasks[i]->err);
    }
    for (guint i = 0; i < 4; i++)
      orch_service_spec_unref (specs[i]);
    harness_clear (&h);
  }
}

/* Runs the stale-revision story: a pending task finds no node, its service is updated (as a scale
 * does), a pass runs while the node is still down, then the node comes back. Returns the node the
 * task ends on (0: still pending). */
static OrchNodeId
stale_revision_story (gboolean requeue)
{
  Harness h;
  harness_init (&h, 7);
  orch_scheduler_set_requeue_stale_pending (h.sched, requeue);
  OrchNode *node = harness_node (&h, "n1", ORCH_NODE_DOWN);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchService *service = harness_service (&h, spec);
  OrchTask *t = harness_task (&h, service->id, NULL, FALSE);
  harness_start (&h);
  g_autoptr (OrchServiceSpec) scaled = orch_service_spec_copy (spec);
  scaled->replicas = 2;
  orch_store_update_service (h.store, service, scaled);
  orch_store_touch_node (h.store, node, ORCH_NODE_DOWN, ORCH_AVAILABILITY_ACTIVE);
  harness_settle (&h);
  node->status = ORCH_NODE_READY;
  orch_store_touch_node (h.store, node, ORCH_NODE_DOWN, ORCH_AVAILABILITY_ACTIVE);
  harness_settle (&h);
  OrchNodeId placed = t->node_id;
  harness_clear (&h);
  return placed;
}

/* Test that, as SwarmKit's noSuitableNode is written (scheduler.go:943-955), a pending task of an
 * older service revision leaves the queue and stays pending after its node returns
 * (moby/moby#53722), and that requeue_stale_pending (the fix proposed in moby/swarmkit#3297)
 * places it. */
static void
test_scheduler_stale_revision_task_left_pending (void)
{
  g_test_bug ("53722");
  g_assert_cmpuint (stale_revision_story (FALSE), ==, 0);
  g_assert_cmpuint (stale_revision_story (TRUE), !=, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_bug_base ("https://github.com/moby/moby/issues/");
  g_test_add_func ("/orchestrator/scheduler/debounce-pushed-back-by-commits",
                   test_scheduler_debounce_pushed_back_by_commits);
  g_test_add_func ("/orchestrator/scheduler/debounce-capped-at-one-second",
                   test_scheduler_debounce_capped_at_one_second);
  g_test_add_func ("/orchestrator/scheduler/node-update-retries-pending-tasks",
                   test_scheduler_node_update_retries_pending);
  g_test_add_func ("/orchestrator/scheduler/pending-error-reported-once",
                   test_scheduler_pending_error_reported_once);
  g_test_add_func ("/orchestrator/scheduler/replayed-writes-change-nothing",
                   test_scheduler_replayed_writes_change_nothing);
  g_test_add_func ("/orchestrator/scheduler/shutdown-desired-stops-counting-for-spread",
                   test_scheduler_shutdown_desired_stops_counting);
  g_test_add_func ("/orchestrator/scheduler/stale-revision-task-left-pending",
                   test_scheduler_stale_revision_task_left_pending);
  g_test_add_func ("/orchestrator/scheduler/groups-by-spec-version-one-offs-alone",
                   test_scheduler_groups_by_spec_version);
  return g_test_run ();
}
