/* SPDX-License-Identifier: MIT
 * Tests of the restart supervisor through the manager: delays (also on DOWN nodes, none on DRAIN),
 * the wait for the old task, max attempts and window (SwarmKit's restart_test.go), and the
 * start-up fix for tasks on DOWN nodes. */
#include "tests/orchestrator/manager_harness.h"

static OrchServiceId
one_service (MH *h, guint64 replicas, OrchRestartCondition condition, OrchTime delay_us)
{
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  g_free (spec->name);
  spec->name = g_strdup ("web");
  spec->replicas = replicas;
  spec->restart.condition = condition;
  spec->restart.delay_us = delay_us;
  return orch_manager_create_service (h->m, spec, h->now);
}

static OrchTask *
only_live_task (MH *h, OrchServiceId service)
{
  const GPtrArray *tasks = orch_store_get_service_tasks (mh_store (h), service);
  OrchTask *live = NULL;
  for (guint i = 0; i < tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (tasks, i);
    if (t->desired <= ORCH_TASK_RUNNING) {
      g_assert_null (live);
      live = t;
    }
  }
  g_assert_nonnull (live);
  return live;
}

/* Test that a task on a node that goes DOWN is shut down, replaced in its slot at once with desired
 * READY, scheduled on another node, and set to RUNNING only 5 s after the DOWN commit. */
static void
test_restart_delay_applies_on_down_node (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1 = mh_node (&h, "node1");
  mh_node (&h, "node2");
  OrchServiceId svc = one_service (&h, 1, ORCH_RESTART_ANY, ORCH_SEC (5));
  orch_manager_become_leader (h.m, h.now, h.actions);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  OrchTask *old = only_live_task (&h, svc);
  g_assert_cmpint (old->state, ==, ORCH_TASK_RUNNING);
  /* Make sure the task sits on node1 so that node1 going down matters. */
  OrchNodeId victim = old->node_id;
  (void)n1;
  OrchTaskId old_id = old->id;
  guint32 slot = old->slot;

  guint mark = h.actions->len;
  OrchTime down_at = h.now;
  orch_manager_set_node_status (h.m, victim, ORCH_NODE_DOWN);
  orch_manager_commit (h.m, h.now, h.actions);
  const OrchAction *a = mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, old_id);
  g_assert_cmpint (a->state, ==, ORCH_TASK_SHUTDOWN);
  const OrchAction *created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpint (created->state, ==, ORCH_TASK_READY);
  g_assert_cmpuint (created->slot, ==, slot);
  OrchTaskId fresh = created->task_id;

  mh_run_until (&h, down_at + ORCH_SEC (5) - 1);
  const OrchAction *assigned = mh_get (&h, mark, ORCH_ACTION_TASK_ASSIGNED, fresh);
  g_assert_cmpuint (assigned->node_id, !=, victim);
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_DESIRED, fresh));
  g_assert_cmpint (orch_store_get_task (mh_store (&h), fresh)->state, ==, ORCH_TASK_READY);

  mh_run_until (&h, down_at + ORCH_SEC (5));
  a = mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, fresh);
  g_assert_cmpint (a->state, ==, ORCH_TASK_RUNNING);
  g_assert_cmpint (a->at, ==, down_at + ORCH_SEC (5));
  mh_clear (&h);
}

/* Fails the live task of slot 1 now; returns the replacement's id (0 when none was made). */
static OrchTaskId
fail_slot1 (MH *h, OrchServiceId svc)
{
  OrchTaskId old = mh_slot_task_get (h, svc, 1)->id;
  guint mark = h->actions->len;
  mh_report (h, old, ORCH_TASK_FAILED);
  const OrchAction *a = mh_find (h, mark, ORCH_ACTION_TASK_CREATED, 0);
  return a != NULL ? a->task_id : 0;
}

/* Test that a replacement is created with desired READY and set to RUNNING no sooner than the
 * restart delay after the failure (TestOrchestratorRestartDelay). */
static void
test_restart_delay_before_running (void)
{
  MH h;
  mh_init (&h, 5);
  mh_node (&h, "node1");
  g_autoptr (OrchServiceSpec) spec =
      mh_spec ("web", ORCH_MODE_REPLICATED, 1, ORCH_RESTART_ANY, ORCH_MSEC (100));
  OrchServiceId svc = mh_start_service (&h, spec);
  guint mark = h.actions->len;
  OrchTime failed_at = h.now;
  OrchTaskId fresh = fail_slot1 (&h, svc);
  g_assert_cmpuint (fresh, !=, 0);
  g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, fresh)->state, ==, ORCH_TASK_READY);
  mh_run_until (&h, failed_at + ORCH_MSEC (100) - 1);
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_DESIRED, fresh));
  mh_run_until (&h, failed_at + ORCH_SEC (1));
  const OrchAction *a = mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, fresh);
  g_assert_cmpint (a->state, ==, ORCH_TASK_RUNNING);
  g_assert_cmpint (a->at, ==, failed_at + ORCH_MSEC (100));
  mh_clear (&h);
}

/* Test that with MaxAttempts 1 a slot is restarted once and its second failure is not
 * (TestOrchestratorRestartMaxAttempts). */
static void
test_restart_max_attempts_stops_restarts (void)
{
  MH h;
  mh_init (&h, 5);
  mh_node (&h, "node1");
  g_autoptr (OrchServiceSpec) spec = mh_spec ("web", ORCH_MODE_REPLICATED, 1, ORCH_RESTART_ANY, 0);
  spec->restart.max_attempts = 1;
  OrchServiceId svc = mh_start_service (&h, spec);
  g_assert_cmpuint (fail_slot1 (&h, svc), !=, 0);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_cmpint (mh_slot_task_get (&h, svc, 1)->state, ==, ORCH_TASK_RUNNING);
  g_assert_cmpuint (fail_slot1 (&h, svc), ==, 0);
  mh_run_until (&h, h.now + ORCH_SEC (10));
  g_assert_cmpuint (mh_live_tasks (&h, svc), ==, 0);
  mh_clear (&h);
}

/* Test that with MaxAttempts 1 and a 500 ms window a failure is restarted once the previous
 * restart left the window, and not while it is inside (TestOrchestratorRestartWindow). */
static void
test_restart_window_counts_recent_restarts (void)
{
  MH h;
  mh_init (&h, 5);
  mh_node (&h, "node1");
  g_autoptr (OrchServiceSpec) spec = mh_spec ("web", ORCH_MODE_REPLICATED, 1, ORCH_RESTART_ANY, 0);
  spec->restart.max_attempts = 1;
  spec->restart.window_us = ORCH_MSEC (500);
  OrchServiceId svc = mh_start_service (&h, spec);
  g_assert_cmpuint (fail_slot1 (&h, svc), !=, 0); /* first restart */
  mh_run_until (&h, h.now + ORCH_SEC (1));
  g_assert_cmpuint (fail_slot1 (&h, svc), !=, 0); /* 1 s later: the first left the window */
  mh_run_until (&h, h.now + ORCH_MSEC (200));
  g_assert_cmpuint (fail_slot1 (&h, svc), ==, 0); /* 200 ms later: one restart in the window */
  mh_clear (&h);
}

/* Test that a RUNNING task on a node found DOWN at leader start is shut down and replaced by a new
 * task with desired READY (TestInitializationNodeDown). */
static void
test_restart_initialization_node_down (void)
{
  MH h;
  mh_init (&h, 5);
  h.agents = FALSE;
  OrchNodeId n1 = mh_node (&h, "node1");
  orch_store_get_node (mh_store (&h), n1)->status = ORCH_NODE_DOWN;
  g_autoptr (OrchServiceSpec) spec =
      mh_spec ("web", ORCH_MODE_REPLICATED, 1, ORCH_RESTART_ANY, ORCH_SEC (5));
  OrchServiceId svc = orch_manager_create_service (h.m, spec, h.now);
  OrchTaskId old = mh_task (&h, svc, 1, n1, ORCH_TASK_RUNNING)->id;
  orch_manager_become_leader (h.m, h.now, h.actions);
  g_assert_cmpint (orch_store_get_task (mh_store (&h), old)->desired, ==, ORCH_TASK_SHUTDOWN);
  const OrchAction *created = mh_get (&h, 0, ORCH_ACTION_TASK_CREATED, 0);
  g_assert_cmpint (created->state, ==, ORCH_TASK_READY);
  g_assert_cmpuint (created->slot, ==, 1);
  mh_clear (&h);
}

/* Test that a task on a drained node is replaced without the restart delay. */
static void
test_restart_drain_skips_delay (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1 = mh_node (&h, "node1");
  mh_node (&h, "node2");
  g_autoptr (OrchServiceSpec) spec =
      mh_spec ("web", ORCH_MODE_REPLICATED, 1, ORCH_RESTART_ANY, ORCH_SEC (5));
  OrchServiceId svc = mh_start_service (&h, spec);
  OrchNodeId victim = mh_slot_task_get (&h, svc, 1)->node_id;
  (void)n1;
  guint mark = h.actions->len;
  OrchTime drained_at = h.now;
  orch_manager_set_node_availability (h.m, victim, ORCH_AVAILABILITY_DRAIN);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  OrchTaskId fresh = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0)->task_id;
  const OrchAction *a = mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, fresh);
  g_assert_cmpint (a->state, ==, ORCH_TASK_RUNNING);
  /* No delay; the start waited only for the old task to stop, which the agent did at once. */
  g_assert_cmpint (a->at, ==, drained_at);
  mh_clear (&h);
}

/* One restart-condition case: the policy, how the task ended, whether it is replaced. */
typedef struct {
  OrchRestartCondition condition;
  OrchTaskState end;
  gboolean replaced;
} ConditionCase;

static const ConditionCase condition_cases[] = {
  /* TestOrchestratorRestartOnAny (restart_test.go:18) */
  { ORCH_RESTART_ANY, ORCH_TASK_COMPLETE, TRUE },
  { ORCH_RESTART_ANY, ORCH_TASK_FAILED, TRUE },
  /* TestOrchestratorRestartOnFailure (restart_test.go:121) */
  { ORCH_RESTART_ON_FAILURE, ORCH_TASK_COMPLETE, FALSE },
  { ORCH_RESTART_ON_FAILURE, ORCH_TASK_FAILED, TRUE },
  { ORCH_RESTART_ON_FAILURE, ORCH_TASK_REJECTED, TRUE },
  /* TestOrchestratorRestartOnNone (restart_test.go:245) */
  { ORCH_RESTART_NONE, ORCH_TASK_COMPLETE, FALSE },
  { ORCH_RESTART_NONE, ORCH_TASK_FAILED, FALSE },
};

/* Test that a task that ended is always shut down and replaced in its slot only as its restart
 * condition says: any restarts on success and failure, on-failure only on failure, none never;
 * a slot left without a replacement still counts, so reconcile adds nothing (ports
 * TestOrchestratorRestartOnAny, OnFailure and OnNone). */
static void
test_restart_condition_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (condition_cases); i++) {
    const ConditionCase *c = &condition_cases[i];
    g_test_message ("case %" G_GSIZE_FORMAT ": %s, task %s", i,
                    orch_restart_condition_to_string (c->condition),
                    orch_task_state_to_string (c->end));
    MH h;
    mh_init (&h, 5);
    mh_node (&h, "node1");
    OrchServiceId svc = one_service (&h, 2, c->condition, 0);
    orch_manager_become_leader (h.m, h.now, h.actions);
    mh_run_until (&h, h.now + ORCH_SEC (1));
    OrchTaskId old = mh_slot_task_get (&h, svc, 1)->id;
    guint mark = h.actions->len;
    mh_report (&h, old, c->end);
    mh_run_until (&h, h.now + ORCH_SEC (1));
    g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, old)->state, ==,
                     ORCH_TASK_SHUTDOWN);
    const OrchAction *created = mh_find (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
    g_assert_cmpint (created != NULL, ==, c->replaced);
    if (created != NULL)
      g_assert_cmpuint (created->slot, ==, 1);
    g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, c->replaced ? 1 : 0);
    mh_clear (&h);
  }
}

/* Test that a new leader starts a task a previous leader left at desired READY once what is left
 * of its restart delay has passed, counted from its last status change
 * (TestInitializationDelayStart, replicated_test.go:825; taskinit/init.go:70-107). */
static void
test_restart_initialization_delay_start (void)
{
  MH h;
  mh_init (&h, 5);
  OrchNodeId n1 = mh_node (&h, "node1");
  OrchServiceId svc = one_service (&h, 1, ORCH_RESTART_ANY, ORCH_MSEC (100));
  OrchTime before = h.now;
  OrchTask *t = mh_task (&h, svc, 1, n1, ORCH_TASK_READY);
  orch_store_set_task_desired (mh_store (&h), t, ORCH_TASK_READY);
  OrchTaskId id = t->id;
  h.now += ORCH_MSEC (30);
  guint mark = h.actions->len;
  orch_manager_become_leader (h.m, h.now, h.actions);
  mh_run_until (&h, h.now + ORCH_SEC (1));
  const OrchAction *a = mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, id);
  g_assert_cmpint (a->state, ==, ORCH_TASK_RUNNING);
  g_assert_cmpint (a->at, ==, before + ORCH_MSEC (100));
  g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_CREATED, 0));
  mh_clear (&h);
}

/* Test that a new leader restarts tasks a previous leader left dead with desired RUNNING, failed
 * or rejected, in their slots (TestInitializationFailedTasks and TestInitializationRejectedTasks,
 * replicated_test.go:474-724; taskinit FixTask). */
static void
test_restart_initialization_dead_tasks (void)
{
  static const OrchTaskState dead[] = { ORCH_TASK_FAILED, ORCH_TASK_REJECTED };
  for (gsize i = 0; i < G_N_ELEMENTS (dead); i++) {
    MH h;
    mh_init (&h, 5);
    OrchNodeId n1 = mh_node (&h, "node1");
    OrchServiceId svc = one_service (&h, 2, ORCH_RESTART_ANY, ORCH_MSEC (50));
    OrchTaskId bad = mh_task (&h, svc, 1, n1, dead[i])->id;
    OrchTaskId good = mh_task (&h, svc, 2, n1, ORCH_TASK_RUNNING)->id;
    guint mark = h.actions->len;
    orch_manager_become_leader (h.m, h.now, h.actions);
    mh_run_until (&h, h.now + ORCH_SEC (1));
    g_assert_cmpint (mh_get (&h, mark, ORCH_ACTION_TASK_DESIRED, bad)->state, ==,
                     ORCH_TASK_SHUTDOWN);
    const OrchAction *created = mh_get (&h, mark, ORCH_ACTION_TASK_CREATED, 0);
    g_assert_cmpuint (created->slot, ==, 1);
    g_assert_cmpint (created->state, ==, ORCH_TASK_READY);
    g_assert_cmpuint (mh_count (&h, mark, ORCH_ACTION_TASK_CREATED, 0), ==, 1);
    g_assert_null (mh_find (&h, mark, ORCH_ACTION_TASK_DESIRED, good));
    mh_clear (&h);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/restart/delay-applies-on-down-node",
                   test_restart_delay_applies_on_down_node);
  g_test_add_func ("/orchestrator/restart/delay-before-running", test_restart_delay_before_running);
  g_test_add_func ("/orchestrator/restart/max-attempts-stops-restarts",
                   test_restart_max_attempts_stops_restarts);
  g_test_add_func ("/orchestrator/restart/window-counts-recent-restarts",
                   test_restart_window_counts_recent_restarts);
  g_test_add_func ("/orchestrator/restart/initialization-node-down",
                   test_restart_initialization_node_down);
  g_test_add_func ("/orchestrator/restart/drain-skips-delay", test_restart_drain_skips_delay);
  g_test_add_func ("/orchestrator/restart/condition-table", test_restart_condition_table);
  g_test_add_func ("/orchestrator/restart/initialization-delay-start",
                   test_restart_initialization_delay_start);
  g_test_add_func ("/orchestrator/restart/initialization-dead-tasks",
                   test_restart_initialization_dead_tasks);
  return g_test_run ();
}
