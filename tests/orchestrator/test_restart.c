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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/restart/delay-applies-on-down-node",
                   test_restart_delay_applies_on_down_node);
  return g_test_run ();
}
