/* SPDX-License-Identifier: MIT
 * Tests of the task reaper through the manager: SwarmKit's TestTaskHistory (O3), the clean-up of
 * scaled-down and removed services' tasks, a negative limit keeping everything, and the 250 ms
 * batching with its maxDirty threshold; TestTaskReaperInit and TestTick drive the reaper alone. */
#include "tests/orchestrator/manager_harness.h"

#include "models/orchestrator/reaper.h"

/* Lets the manager (and the agents, if on) act for one simulated second. */
static void
settle (MH *h)
{
  mh_run_until (h, h->now + ORCH_SEC (1));
}

static OrchServiceId
two_replicas (MH *h)
{
  mh_node (h, "node1");
  g_autoptr (OrchServiceSpec) spec =
      mh_spec ("name1", ORCH_MODE_REPLICATED, 2, ORCH_RESTART_ANY, 0);
  OrchServiceId svc = orch_manager_create_service (h->m, spec, h->now);
  orch_manager_become_leader (h->m, h->now, h->actions);
  settle (h);
  return svc;
}

/* Starts two_replicas() under @history_limit, then turns the agents off so that no task changes
 * state unless the test reports it. */
static OrchServiceId
two_replicas_without_agents (MH *h, gint64 history_limit)
{
  mh_init (h, history_limit);
  OrchServiceId svc = two_replicas (h);
  h->agents = FALSE;
  return svc;
}

/* Sets @svc's replica count to @replicas and lets the manager act on it. */
static void
scale (MH *h, OrchServiceId svc, guint64 replicas)
{
  g_autoptr (OrchServiceSpec) spec =
      orch_service_spec_copy (orch_store_get_service (mh_store (h), svc)->spec);
  spec->replicas = replicas;
  orch_manager_update_service (h->m, svc, spec, h->now);
  settle (h);
}

/* Reports @task in @state, as its agent would, and lets the manager act on it. */
static void
report_and_settle (MH *h, OrchTaskId task, OrchTaskState state)
{
  mh_report (h, task, state);
  settle (h);
}

/* The number of tasks deleted since action @mark. */
static guint
deleted_since (const MH *h, guint mark)
{
  return mh_count (h, mark, ORCH_ACTION_TASK_DELETED, 0);
}

static void
fail_both (MH *h, OrchServiceId svc)
{
  for (guint32 slot = 1; slot <= 2; slot++)
    g_assert_true (orch_manager_report_task (h->m, mh_slot_task_get (h, svc, slot)->id,
                                             ORCH_TASK_FAILED, h->now));
  settle (h);
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
  OrchServiceId svc = two_replicas_without_agents (&h, 5);
  OrchTaskId victim = mh_slot_task_get (&h, svc, 2)->id;
  scale (&h, svc, 1);
  g_assert_cmpint (orch_store_get_task (mh_store (&h), victim)->desired, ==, ORCH_TASK_REMOVE);
  report_and_settle (&h, victim, ORCH_TASK_SHUTDOWN);
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
  OrchServiceId svc = two_replicas_without_agents (&h, 5);
  OrchTaskId placed = mh_slot_task_get (&h, svc, 1)->id;
  /* A third task that no node can take: the service's only node is paused. */
  orch_manager_set_node_availability (h.m, 1, ORCH_AVAILABILITY_PAUSE);
  scale (&h, svc, 3);
  OrchTaskId pending = mh_slot_task_get (&h, svc, 3)->id;
  g_assert_cmpint (orch_store_get_task (mh_store (&h), pending)->state, ==, ORCH_TASK_PENDING);

  orch_manager_remove_service (h.m, svc, h.now);
  settle (&h);
  g_assert_null (orch_store_get_task (mh_store (&h), pending));
  g_assert_nonnull (orch_store_get_task (mh_store (&h), placed));
  report_and_settle (&h, placed, ORCH_TASK_SHUTDOWN);
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
  OrchServiceId svc = two_replicas_without_agents (&h, 2);
  h.now += ORCH_SEC (10);
  guint mark = h.actions->len;
  OrchTime first = h.now;
  stopped_tasks (&h, svc, 3);
  g_assert_cmpuint (deleted_since (&h, mark), ==, 0);
  mh_run_until (&h, first + ORCH_MSEC (249));
  g_assert_cmpuint (deleted_since (&h, mark), ==, 0);
  mh_run_until (&h, first + ORCH_MSEC (250));
  /* Slot 1 holds 4 tasks, 3 of them stopped; the limit 2 keeps the running one and the newest. */
  g_assert_cmpuint (deleted_since (&h, mark), ==, 2);
  g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DELETED, 0)->at, ==, first + ORCH_MSEC (250));
  mh_clear (&h);
}

/* Test that the maxDirty threshold counts distinct dirty slots plus clean-up candidates, so a
 * burst of 1001 creations in one slot still waits for the timer (task_reaper.go:188, a map). */
static void
test_reaper_max_dirty_counts_distinct_slots (void)
{
  MH h;
  OrchServiceId svc = two_replicas_without_agents (&h, 2);
  h.now += ORCH_SEC (10);
  guint mark = h.actions->len;
  stopped_tasks (&h, svc, ORCH_REAPER_MAX_DIRTY + 1);
  g_assert_cmpuint (deleted_since (&h, mark), ==, 0);
  mh_run_until (&h, h.now + ORCH_MSEC (250));
  g_assert_cmpuint (deleted_since (&h, mark), ==, ORCH_REAPER_MAX_DIRTY);
  mh_clear (&h);
}

/* A task put straight into the store, as the Go tests build their fixtures. */
static OrchTask *
stored_task (OrchStore *store, OrchServiceId svc, guint32 slot, OrchTaskState state,
             OrchTaskState desired)
{
  OrchTask *t = orch_store_create_task (store, svc, slot, 0, NULL, ORCH_SEC (1));
  orch_store_set_task_state (store, t, state, ORCH_SEC (1));
  t->desired = desired;
  return t;
}

/* One task of TestTaskReaperInit's fixture and whether the reaper's start keeps it. */
typedef struct {
  const char *what;
  gboolean gone_service; /* the task's service was deleted */
  guint32 slot;
  OrchTaskState state;
  OrchTaskState desired;
  gboolean kept;
} InitCase;

static const InitCase init_cases[] = {
  { "cleantask1", FALSE, 1, ORCH_TASK_RUNNING, ORCH_TASK_RUNNING, TRUE },
  { "cleantask2", FALSE, 2, ORCH_TASK_RUNNING, ORCH_TASK_RUNNING, TRUE },
  { "retainedtask: history", FALSE, 1, ORCH_TASK_FAILED, ORCH_TASK_SHUTDOWN, TRUE },
  { "removedtask: scaled down and stopped", FALSE, 3, ORCH_TASK_SHUTDOWN, ORCH_TASK_REMOVE, FALSE },
  { "terminaltask1: still running", TRUE, 1, ORCH_TASK_RUNNING, ORCH_TASK_REMOVE, TRUE },
  { "terminaltask2: completed", TRUE, 2, ORCH_TASK_COMPLETE, ORCH_TASK_REMOVE, FALSE },
  { "earlytask1: pending", TRUE, 3, ORCH_TASK_PENDING, ORCH_TASK_REMOVE, FALSE },
  { "earlytask2: new", TRUE, 4, ORCH_TASK_NEW, ORCH_TASK_REMOVE, FALSE },
};

/* Test that the reaper's start deletes desired-REMOVE tasks that stopped or never got a node,
 * keeps a running one and the history within the limit (TestTaskReaperInit,
 * task_reaper_test.go:26). */
static void
test_reaper_start_deletes_stopped_and_unstarted_removed_tasks (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  g_autoptr (OrchServiceSpec) clean =
      mh_spec ("cleanservice", ORCH_MODE_REPLICATED, 2, ORCH_RESTART_ANY, 0);
  g_autoptr (OrchServiceSpec) gone =
      mh_spec ("goneservice", ORCH_MODE_REPLICATED, 4, ORCH_RESTART_ANY, 0);
  OrchServiceId clean_id = orch_store_add_service (store, clean)->id;
  OrchServiceId gone_id = orch_store_add_service (store, gone)->id;
  OrchTaskId ids[G_N_ELEMENTS (init_cases)];
  for (gsize i = 0; i < G_N_ELEMENTS (init_cases); i++) {
    const InitCase *c = &init_cases[i];
    ids[i] =
        stored_task (store, c->gone_service ? gone_id : clean_id, c->slot, c->state, c->desired)
            ->id;
  }
  orch_store_remove_service (store, gone_id);
  g_array_unref (orch_store_steal_events (store));

  g_autoptr (OrchReaper) reaper = orch_reaper_new (2);
  g_autoptr (GArray) actions = orch_action_list_new ();
  OrchTx tx = { store, actions, ORCH_SEC (2) };
  orch_reaper_start (reaper, &tx);
  for (gsize i = 0; i < G_N_ELEMENTS (init_cases); i++) {
    g_test_message ("%s", init_cases[i].what);
    g_assert_true ((orch_store_get_task (store, ids[i]) != NULL) == init_cases[i].kept);
  }
  g_assert_cmpuint (actions->len, ==, 4);
}

/* Test that tick() empties the dirty set when the service is gone, when the slot is within the
 * limit, and when it trims a slot, and that it then deletes the stopped task of each slot that
 * holds more than the limit (TestTick, task_reaper_test.go:1089). */
/* Marks slot 1 of each of the @n services @svc dirty on @node, ticks, and asserts that the tick
 * emptied the dirty set. */
static void
tick_slot_one (OrchReaper *reaper, OrchTx *tx, const OrchServiceId *svc, guint n, OrchNodeId node)
{
  for (guint i = 0; i < n; i++)
    orch_reaper__mark_dirty (reaper, svc[i], 1, node);
  orch_reaper_tick (reaper, tx);
  g_assert_cmpuint (orch_reaper__get_dirty_count (reaper), ==, 0);
}

static void
test_reaper_tick_clears_dirty_set_and_trims_history (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  g_autoptr (GArray) actions = orch_action_list_new ();
  OrchTx tx = { store, actions, ORCH_SEC (2) };
  OrchNodeId node1 = orch_store_add_node (store, "node1", "node1")->id;

  /* 1: no such services. */
  g_autoptr (OrchReaper) reaper = orch_reaper_new (5);
  tick_slot_one (reaper, &tx, (const OrchServiceId[]){ 1, 2 }, 2, node1);

  /* 2: the services exist, with no tasks; history limit 0. */
  g_autoptr (OrchServiceSpec) spec1 =
      mh_spec ("name1", ORCH_MODE_REPLICATED, 1, ORCH_RESTART_NONE, 0);
  g_autoptr (OrchServiceSpec) spec2 =
      mh_spec ("name2", ORCH_MODE_REPLICATED, 1, ORCH_RESTART_NONE, 0);
  OrchServiceId svc[2] = { orch_store_add_service (store, spec1)->id,
                           orch_store_add_service (store, spec2)->id };
  g_clear_pointer (&reaper, orch_reaper_free);
  reaper = orch_reaper_new (0);
  tick_slot_one (reaper, &tx, svc, 2, node1);

  /* 3: one stopped task per slot, history limit 1: nothing to trim. */
  OrchTaskId stopped[2];
  for (guint i = 0; i < 2; i++)
    stopped[i] = stored_task (store, svc[i], 1, ORCH_TASK_SHUTDOWN, ORCH_TASK_SHUTDOWN)->id;
  g_clear_pointer (&reaper, orch_reaper_free);
  reaper = orch_reaper_new (1);
  tick_slot_one (reaper, &tx, svc, 2, node1);
  g_assert_cmpuint (actions->len, ==, 0);

  /* A new task in each slot, as an update would make: the stopped ones go. */
  for (guint i = 0; i < 2; i++)
    stored_task (store, svc[i], 1, ORCH_TASK_NEW, ORCH_TASK_RUNNING);
  tick_slot_one (reaper, &tx, svc, 2, node1);
  g_assert_cmpuint (actions->len, ==, 2);
  for (guint i = 0; i < 2; i++) {
    const OrchAction *a = &g_array_index (actions, OrchAction, i);
    g_assert_cmpint (a->kind, ==, ORCH_ACTION_TASK_DELETED);
    g_assert_cmpuint (a->task_id, ==, stopped[i]);
    g_assert_null (orch_store_get_task (store, stopped[i]));
  }
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
  g_test_add_func ("/orchestrator/reaper/start-deletes-stopped-and-unstarted-removed-tasks",
                   test_reaper_start_deletes_stopped_and_unstarted_removed_tasks);
  g_test_add_func ("/orchestrator/reaper/tick-clears-dirty-set-and-trims-history",
                   test_reaper_tick_clears_dirty_set_and_trims_history);
  return g_test_run ();
}
