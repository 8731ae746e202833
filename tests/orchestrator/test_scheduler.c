/* SPDX-License-Identifier: MIT
 * Parity tests of the scheduler's basic placement, resources and start-up rules, ported from
 * SwarmKit's manager/scheduler/scheduler_test.go (vectors S1, S2, S6–S8 and S14). Filters that
 * depend on failures, ports, replicas and platforms are in test_scheduler_filters.c. */
#include "tests/orchestrator/sched_harness.h"

/* The start of TestScheduler (S1): three nodes, one holding an ASSIGNED task, and two one-off
 * tasks that must go to the other two. */
static void
basic_setup (Harness *h, guint32 seed, OrchNode **nodes_out)
{
  harness_init (h, seed);
  for (guint i = 0; i < 3; i++) {
    g_autofree char *id = g_strdup_printf ("id%u", i + 1);
    nodes_out[i] = harness_node (h, id, ORCH_NODE_READY);
  }
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  harness_task_on (h, 0, spec, nodes_out[0]->id, ORCH_TASK_ASSIGNED);
  OrchTask *t2 = harness_task (h, 0, spec, TRUE);
  OrchTask *t3 = harness_task (h, 0, spec, TRUE);
  harness_start (h);
  g_assert_true ((t2->node_id == nodes_out[1]->id && t3->node_id == nodes_out[2]->id) ||
                 (t2->node_id == nodes_out[2]->id && t3->node_id == nodes_out[1]->id));
}

/* Test that one-off tasks go to the least loaded node, again after a delete and after being
 * unassigned, and that node updates change nothing (TestScheduler, S1). */
static void
test_scheduler_basic_one_offs (void)
{
  for (guint32 seed = 1; seed <= 50; seed++) {
    Harness h;
    OrchNode *n[3];
    basic_setup (&h, seed, n);
    for (guint i = 0; i < 3; i++)
      orch_store_touch_node (h.store, n[i], ORCH_NODE_READY, ORCH_AVAILABILITY_ACTIVE);
    harness_settle (&h);
    const GPtrArray *on1 = orch_store_get_node_tasks (h.store, n[0]->id);
    orch_store_remove_task (h.store, ((OrchTask *)g_ptr_array_index (on1, 0))->id);
    g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
    OrchTask *t4 = harness_task (&h, 0, spec, TRUE);
    harness_settle (&h);
    g_assert_cmpuint (t4->node_id, ==, n[0]->id);

    /* Unassign t4 (a test-only rewind of the observed state): it goes back to id1. */
    t4->state = ORCH_TASK_PENDING;
    orch_store_set_task_node (h.store, t4, 0);
    harness_settle (&h);
    g_assert_cmpuint (t4->node_id, ==, n[0]->id);
    harness_clear (&h);
  }
}

/* Test that one-off tasks never land on a deleted or non-ready node and do land on a new or newly
 * ready one (TestScheduler, S1). */
static void
test_scheduler_basic_node_changes (void)
{
  for (guint32 seed = 1; seed <= 50; seed++) {
    Harness h;
    OrchNode *n[3];
    basic_setup (&h, seed, n);
    g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
    OrchNodeId removed = harness_node (&h, "removednode", ORCH_NODE_DOWN)->id;
    orch_store_remove_node (h.store, removed);
    OrchTask *t5 = harness_task (&h, 0, spec, TRUE);
    harness_settle (&h);
    g_assert_cmpuint (t5->node_id, !=, 0);
    g_assert_cmpuint (t5->node_id, !=, removed);

    OrchNode *n4 = harness_node (&h, "id4", ORCH_NODE_READY);
    OrchTask *t6 = harness_task (&h, 0, spec, TRUE);
    harness_settle (&h);
    g_assert_cmpuint (t6->node_id, ==, n4->id);

    OrchNode *n5 = harness_node (&h, "id5", ORCH_NODE_DOWN);
    OrchTask *t7 = harness_task (&h, 0, spec, TRUE);
    harness_settle (&h);
    g_assert_cmpuint (t7->node_id, !=, 0);
    g_assert_cmpuint (t7->node_id, !=, n5->id);
    n5->status = ORCH_NODE_READY;
    orch_store_touch_node (h.store, n5, ORCH_NODE_DOWN, ORCH_AVAILABILITY_ACTIVE);
    OrchTask *t8 = harness_task (&h, 0, spec, TRUE);
    harness_settle (&h);
    g_assert_cmpuint (t8->node_id, ==, n5->id);

    OrchNode *n6 = harness_node (&h, "id6", ORCH_NODE_READY);
    n6->status = ORCH_NODE_DOWN;
    orch_store_touch_node (h.store, n6, ORCH_NODE_READY, ORCH_AVAILABILITY_ACTIVE);
    OrchTask *t9 = harness_task (&h, 0, spec, TRUE);
    harness_settle (&h);
    g_assert_cmpuint (t9->node_id, !=, 0);
    g_assert_cmpuint (t9->node_id, !=, n6->id);
    harness_clear (&h);
  }
}

static guint
count_nodes_with (Harness *h, OrchNode **nodes, OrchServiceId service, guint count)
{
  guint n = 0;
  for (guint i = 0; i < 5; i++)
    n += harness_count_on (h, nodes[i]->id, service) == count;
  return n;
}

static void
run_ha (guint32 seed, gboolean one_off)
{
  Harness h;
  harness_init (&h, seed);
  OrchNode *nodes[5];
  for (guint i = 0; i < 5; i++) {
    g_autofree char *id = g_strdup_printf ("id%u", i + 1);
    nodes[i] = harness_node (&h, id, ORCH_NODE_READY);
  }
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchServiceId s1 = harness_service (&h, spec)->id, s2 = harness_service (&h, spec)->id;
  for (guint i = 0; i < 18; i++)
    harness_task (&h, s1, NULL, one_off);
  harness_start (&h);
  g_assert_cmpuint (count_nodes_with (&h, nodes, s1, 4), ==, 3);
  g_assert_cmpuint (count_nodes_with (&h, nodes, s1, 3), ==, 2);

  /* Service 2 fills the two nodes with 3 service-1 tasks. */
  OrchTask *a = harness_task (&h, s2, NULL, one_off), *b = harness_task (&h, s2, NULL, one_off);
  harness_settle (&h);
  g_assert_cmpuint (a->node_id, !=, b->node_id);
  g_assert_cmpuint (harness_count_on (&h, a->node_id, s1), ==, 3);
  g_assert_cmpuint (harness_count_on (&h, b->node_id, s1), ==, 3);

  /* Three more service-1 tasks: one each on the service-2 nodes and one elsewhere. */
  for (guint i = 0; i < 3; i++)
    harness_task (&h, s1, NULL, one_off);
  harness_settle (&h);
  g_assert_cmpuint (harness_count_on (&h, a->node_id, s1), ==, 4);
  g_assert_cmpuint (harness_count_on (&h, b->node_id, s1), ==, 4);
  g_assert_cmpuint (count_nodes_with (&h, nodes, s1, 4), ==, 4);
  g_assert_cmpuint (count_nodes_with (&h, nodes, s1, 5), ==, 1);

  OrchTask *c = harness_task (&h, s2, NULL, one_off);
  harness_settle (&h);
  g_assert_cmpuint (c->node_id, !=, a->node_id);
  g_assert_cmpuint (c->node_id, !=, b->node_id);
  g_assert_cmpuint (harness_count_on (&h, c->node_id, s1), ==, 4);

  /* Empty id1, then add 4 + 2 tasks in one commit. */
  const GPtrArray *on1 = orch_store_get_node_tasks (h.store, nodes[0]->id);
  while (on1->len > 0)
    orch_store_remove_task (h.store, ((OrchTask *)g_ptr_array_index (on1, 0))->id);
  for (guint i = 0; i < 6; i++)
    harness_task (&h, i < 4 ? s1 : s2, NULL, one_off);
  harness_settle (&h);
  g_assert_cmpuint (harness_count_on (&h, nodes[0]->id, s1), ==, 4);
  g_assert_cmpuint (harness_count_on (&h, nodes[0]->id, s2), ==, 1);
  harness_clear (&h);
}

/* Test that 18 + 2 + 3 + 1 + 6 tasks of two services spread as TestHA requires, grouped and
 * one-off, over 200 seeds (S2). */
static void
test_scheduler_ha_spreads_over_five_nodes (void)
{
  for (guint32 seed = 1; seed <= 200; seed++) {
    run_ha (seed, FALSE);
    run_ha (seed, TRUE);
  }
}

static OrchNode *
resource_node (Harness *h, const char *id, OrchNodeStatus status, gint64 cpus, gint64 mem,
               gint64 oranges, gint64 apples)
{
  OrchNode *node = harness_node (h, id, status);
  node->capacity.nanocpus = cpus;
  node->capacity.memory_bytes = mem;
  if (oranges > 0)
    orch_resources_add_generic (&node->capacity, "orange", oranges);
  orch_resources_add_generic (&node->capacity, "apple", apples);
  return node;
}

/* Test that a task that fits no node reports both reasons, largest count first, and lands on a
 * big enough node once one appears (TestSchedulerResourceConstraint, S6). */
static void
test_scheduler_resource_constraint_message (void)
{
  Harness h;
  harness_init (&h, 7);
  resource_node (&h, "underprovisioned", ORCH_NODE_READY, 1000000000, 1000000000, 1, 1);
  resource_node (&h, "nonready1", ORCH_NODE_UNKNOWN, 2000000000, 2000000000, 2, 2);
  resource_node (&h, "nonready2", ORCH_NODE_UNKNOWN, 2000000000, 2000000000, 2, 2);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  spec->reservations.memory_bytes = 2000000000;
  orch_resources_add_generic (&spec->reservations, "orange", 2);
  orch_resources_add_generic (&spec->reservations, "apple", 2);
  OrchTask *t = harness_task (&h, harness_service (&h, spec)->id, NULL, FALSE);
  harness_start (&h);
  g_assert_cmpuint (t->node_id, ==, 0);
  g_assert_cmpstr (t->err, ==,
                   "no suitable node (2 nodes not available for new tasks; insufficient "
                   "resources on 1 node)");
  OrchNode *big = resource_node (&h, "bignode", ORCH_NODE_READY, 4000000000, 8000000000, 3, 4);
  harness_settle (&h);
  g_assert_cmpuint (t->node_id, ==, big->id);
  g_assert_cmpint (t->state, ==, ORCH_TASK_ASSIGNED);
  g_assert_null (t->err);
  harness_clear (&h);
}

/* Test that the emptier node is used first and then the other, once the first is full
 * (TestSchedulerResourceConstraintHA, S7). */
static void
test_scheduler_resource_constraint_ha (void)
{
  for (guint32 seed = 1; seed <= 50; seed++) {
    Harness h;
    harness_init (&h, seed);
    OrchNode *n1 = resource_node (&h, "id1", ORCH_NODE_READY, 0, 1000000000, 0, 2);
    OrchNode *n2 = resource_node (&h, "id2", ORCH_NODE_READY, 0, 100000000000, 0, 5);
    g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
    spec->reservations.memory_bytes = 500000000;
    orch_resources_add_generic (&spec->reservations, "apple", 1);
    harness_task_on (&h, 0, spec, n1->id, ORCH_TASK_RUNNING);
    for (guint i = 0; i < 3; i++)
      harness_task_on (&h, 0, spec, n2->id, ORCH_TASK_RUNNING);
    OrchTask *a = harness_task (&h, 0, spec, TRUE), *b = harness_task (&h, 0, spec, TRUE);
    harness_start (&h);
    g_assert_true ((a->node_id == n1->id && b->node_id == n2->id) ||
                   (a->node_id == n2->id && b->node_id == n1->id));
    harness_clear (&h);
  }
}

/* Test that a task waits for resources and gets them once the holder shuts down
 * (TestSchedulerResourceConstraintDeadTask, S8). */
static void
test_scheduler_dead_task_frees_resources (void)
{
  Harness h;
  harness_init (&h, 3);
  OrchNode *n1 = resource_node (&h, "id1", ORCH_NODE_READY, 1000000000, 1000000000, 0, 4);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  spec->reservations.memory_bytes = 800000000;
  orch_resources_add_generic (&spec->reservations, "apple", 3);
  OrchServiceId svc = harness_service (&h, spec)->id;
  OrchTask *first = harness_task (&h, svc, NULL, FALSE);
  harness_start (&h);
  g_assert_cmpuint (first->node_id, ==, n1->id);
  OrchTask *second = harness_task (&h, svc, NULL, FALSE);
  harness_settle (&h);
  g_assert_cmpuint (second->node_id, ==, 0);
  g_assert_cmpstr (second->err, ==, "no suitable node (insufficient resources on 1 node)");
  orch_store_set_task_state (h.store, first, ORCH_TASK_SHUTDOWN, h.now);
  harness_settle (&h);
  g_assert_cmpuint (second->node_id, ==, n1->id);
  harness_clear (&h);
}

/* Test that a task found SHUTDOWN at start uses no resources (TestSchedulerPreexistingDeadTask). */
static void
test_scheduler_preexisting_dead_task (void)
{
  Harness h;
  harness_init (&h, 3);
  OrchNode *n1 = resource_node (&h, "id1", ORCH_NODE_READY, 1000000000, 1000000000, 0, 1);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  spec->reservations.memory_bytes = 800000000;
  orch_resources_add_generic (&spec->reservations, "apple", 1);
  harness_task_on (&h, 0, spec, n1->id, ORCH_TASK_SHUTDOWN);
  OrchTask *t = harness_task (&h, 0, spec, TRUE);
  harness_start (&h);
  g_assert_cmpuint (t->node_id, ==, n1->id);
  harness_clear (&h);
}

/* Test that with no node at all the error is the bare "no suitable node", and that a new node
 * then takes the task (TestSchedulerNoReadyNodes, S14). */
static void
test_scheduler_no_ready_nodes_message (void)
{
  Harness h;
  harness_init (&h, 1);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchTask *t = harness_task (&h, harness_service (&h, spec)->id, NULL, FALSE);
  harness_start (&h);
  g_assert_cmpstr (t->err, ==, "no suitable node");
  OrchNode *node = harness_node (&h, "newnode", ORCH_NODE_READY);
  harness_settle (&h);
  g_assert_cmpuint (t->node_id, ==, node->id);
  harness_clear (&h);
}

/* Test that preassigned tasks are confirmed before the pass, which then avoids their node
 * (TestPreassignedTasks, S14). */
static void
test_scheduler_preassigned_confirmed_first (void)
{
  for (guint32 seed = 1; seed <= 20; seed++) {
    Harness h;
    harness_init (&h, seed);
    OrchNode *n1 = harness_node (&h, "node1", ORCH_NODE_READY);
    OrchNode *n2 = harness_node (&h, "node2", ORCH_NODE_READY);
    g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
    OrchTask *free_task = harness_task (&h, 0, spec, TRUE);
    OrchTask *p2 = harness_task_on (&h, 0, spec, n1->id, ORCH_TASK_PENDING);
    OrchTask *p3 = harness_task_on (&h, 0, spec, n1->id, ORCH_TASK_PENDING);
    harness_start (&h);
    g_assert_cmpuint (h.actions->len, ==, 3);
    for (guint i = 0; i < 3; i++) {
      const OrchAction *a = &g_array_index (h.actions, OrchAction, i);
      g_assert_cmpint (a->kind, ==, ORCH_ACTION_TASK_ASSIGNED);
      g_assert_true (i == 2 ? a->task_id == free_task->id
                            : (a->task_id == p2->id || a->task_id == p3->id));
      g_assert_cmpstr (a->text, ==,
                       i == 2 ? "scheduler assigned task to node"
                              : "scheduler confirmed task can run on preassigned node");
    }
    g_assert_cmpuint (free_task->node_id, ==, n2->id);
    harness_clear (&h);
  }
}

/* Test that PENDING tasks already desired SHUTDOWN or REMOVE are ignored at start
 * (TestIgnoreTasks, S14). */
static void
test_scheduler_ignores_tasks_desired_shutdown (void)
{
  Harness h;
  harness_init (&h, 1);
  OrchNode *n1 = harness_node (&h, "node1", ORCH_NODE_READY);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchTask *t1 = harness_task (&h, 0, spec, TRUE);
  OrchTask *t2 = harness_task_on (&h, 0, spec, n1->id, ORCH_TASK_PENDING);
  OrchTask *t3 = harness_task_on (&h, 0, spec, n1->id, ORCH_TASK_PENDING);
  orch_store_set_task_desired (h.store, t2, ORCH_TASK_SHUTDOWN);
  orch_store_set_task_desired (h.store, t3, ORCH_TASK_REMOVE);
  harness_start (&h);
  g_assert_cmpuint (h.actions->len, ==, 1);
  g_assert_cmpuint (g_array_index (h.actions, OrchAction, 0).task_id, ==, t1->id);
  g_assert_cmpuint (t1->node_id, ==, n1->id);
  g_assert_cmpint (t2->state, ==, ORCH_TASK_PENDING);
  g_assert_cmpint (t3->state, ==, ORCH_TASK_PENDING);
  harness_clear (&h);
}

/* Test that a task stuck on max replicas is shut down once its service moved to a new spec
 * version and it is desired SHUTDOWN (TestUnscheduleableTask, S14). */
static void
test_scheduler_unschedulable_old_version_shut_down (void)
{
  Harness h;
  harness_init (&h, 5);
  harness_node (&h, "nodeid1", ORCH_NODE_READY);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  spec->max_replicas_per_node = 1;
  OrchService *svc = harness_service (&h, spec);
  OrchTask *a = harness_task (&h, svc->id, NULL, FALSE);
  OrchTask *b = harness_task (&h, svc->id, NULL, FALSE);
  harness_start (&h);
  OrchTask *stuck = a->node_id == 0 ? a : b;
  g_assert_cmpuint ((guint)(a->node_id == 0) + (guint)(b->node_id == 0), ==, 1);
  g_assert_cmpstr (stuck->err, ==, "no suitable node (max replicas per node limit exceed)");
  orch_store_update_service (h.store, svc, spec);
  orch_store_set_task_desired (h.store, stuck, ORCH_TASK_SHUTDOWN);
  harness_settle (&h);
  g_assert_cmpint (stuck->state, ==, ORCH_TASK_SHUTDOWN);
  g_assert_null (stuck->err);
  const OrchAction *last = &g_array_index (h.actions, OrchAction, h.actions->len - 1);
  g_assert_cmpint (last->kind, ==, ORCH_ACTION_TASK_STATE);
  g_assert_cmpuint (last->task_id, ==, stuck->id);
  harness_clear (&h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/scheduler/basic-one-offs-go-to-least-loaded-node",
                   test_scheduler_basic_one_offs);
  g_test_add_func ("/orchestrator/scheduler/basic-one-offs-follow-node-changes",
                   test_scheduler_basic_node_changes);
  g_test_add_func ("/orchestrator/scheduler/ha-spreads-over-five-nodes",
                   test_scheduler_ha_spreads_over_five_nodes);
  g_test_add_func ("/orchestrator/scheduler/resource-shortage-explains-both-reasons",
                   test_scheduler_resource_constraint_message);
  g_test_add_func ("/orchestrator/scheduler/resource-ha-fills-emptier-node-first",
                   test_scheduler_resource_constraint_ha);
  g_test_add_func ("/orchestrator/scheduler/dead-task-frees-resources",
                   test_scheduler_dead_task_frees_resources);
  g_test_add_func ("/orchestrator/scheduler/preexisting-dead-task-uses-nothing",
                   test_scheduler_preexisting_dead_task);
  g_test_add_func ("/orchestrator/scheduler/no-nodes-gives-bare-message",
                   test_scheduler_no_ready_nodes_message);
  g_test_add_func ("/orchestrator/scheduler/preassigned-confirmed-first",
                   test_scheduler_preassigned_confirmed_first);
  g_test_add_func ("/orchestrator/scheduler/ignores-pending-tasks-desired-shutdown",
                   test_scheduler_ignores_tasks_desired_shutdown);
  g_test_add_func ("/orchestrator/scheduler/old-version-stuck-task-is-shut-down",
                   test_scheduler_unschedulable_old_version_shut_down);
  return g_test_run ();
}
