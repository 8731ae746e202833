/* SPDX-License-Identifier: MIT
 * Parity tests of the scheduler's ranking by recent failures and of the port, max-replicas,
 * constraint and platform filters, with SwarmKit's exact pending messages (scheduler_test.go,
 * vectors S9–S13). */
#include "tests/orchestrator/sched_harness.h"

/* Test that after 5 failures of a service on a node the node ranks last for it, and that failures
 * of preassigned tasks are not counted (TestSchedulerFaultyNode, S9). */
static void
test_scheduler_faulty_node_ranks_last (void)
{
  Harness h;
  harness_init (&h, 11);
  OrchNode *id1 = harness_node (&h, "id1", ORCH_NODE_READY);
  OrchNode *id2 = harness_node (&h, "id2", ORCH_NODE_READY);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchServiceId s1 = harness_service (&h, spec)->id, s2 = harness_service (&h, spec)->id;
  harness_task_on (&h, s1, NULL, id1->id, ORCH_TASK_RUNNING);
  harness_task_on (&h, s2, NULL, id1->id, ORCH_TASK_RUNNING);
  harness_start (&h);
  for (guint i = 0; i < 8; i++) {
    OrchTask *t = harness_task (&h, s1, NULL, TRUE);
    harness_settle (&h);
    g_assert_cmpuint (t->node_id, ==, i < 5 ? id2->id : id1->id);
    g_assert_cmpuint (orch_scheduler_count_recent_failures (h.sched, id2->id, s1, 0, h.now), ==,
                      MIN (i, 5));
    g_assert_cmpuint (orch_scheduler_count_recent_failures (h.sched, id1->id, s1, 0, h.now), ==,
                      i < 5 ? 0 : i - 5);
    OrchTask *pre = harness_task_on (&h, s2, NULL, id1->id, ORCH_TASK_PENDING);
    harness_settle (&h);
    g_assert_cmpint (pre->state, ==, ORCH_TASK_ASSIGNED);
    harness_fail (&h, t);
    harness_fail (&h, pre);
    harness_settle (&h);
    g_assert_cmpuint (orch_scheduler_count_recent_failures (h.sched, id1->id, s2, 0, h.now), ==, 0);
  }
  harness_clear (&h);
}

/* Test that failures count per spec version: a new version starts from zero
 * (TestSchedulerFaultyNodeSpecVersion, S10). */
static void
test_scheduler_faulty_node_per_spec_version (void)
{
  Harness h;
  harness_init (&h, 12);
  OrchNode *id1 = harness_node (&h, "id1", ORCH_NODE_READY);
  OrchNode *id2 = harness_node (&h, "id2", ORCH_NODE_READY);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchServiceId s1 = harness_service (&h, spec)->id;
  harness_task_on (&h, s1, NULL, id1->id, ORCH_TASK_RUNNING);
  harness_start (&h);
  for (guint i = 0; i < 15; i++) {
    OrchTask *t = harness_task (&h, s1, NULL, FALSE);
    t->spec_version = i > 5 ? 2 : 1;
    harness_settle (&h);
    gboolean on_id2 = i < 5 || (i > 5 && i < 11);
    g_assert_cmpuint (t->node_id, ==, on_id2 ? id2->id : id1->id);
    guint n2v1 = i > 5 ? 5 : i, n2v2 = i > 11 ? 5 : (i > 5 ? i - 6 : 0);
    guint n1v1 = i > 5 ? 1 : 0, n1v2 = i > 11 ? i - 11 : 0;
    g_assert_cmpuint (orch_scheduler_count_recent_failures (h.sched, id2->id, s1, 1, h.now), ==,
                      n2v1);
    g_assert_cmpuint (orch_scheduler_count_recent_failures (h.sched, id2->id, s1, 2, h.now), ==,
                      n2v2);
    g_assert_cmpuint (orch_scheduler_count_recent_failures (h.sched, id1->id, s1, 1, h.now), ==,
                      n1v1);
    g_assert_cmpuint (orch_scheduler_count_recent_failures (h.sched, id1->id, s1, 2, h.now), ==,
                      n1v2);
    harness_fail (&h, t);
    harness_settle (&h);
  }
  harness_clear (&h);
}

/* Test that failures older than 5 minutes stop counting. */
static void
test_scheduler_failures_expire_after_five_minutes (void)
{
  Harness h;
  harness_init (&h, 13);
  OrchNode *id1 = harness_node (&h, "id1", ORCH_NODE_READY);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchServiceId s1 = harness_service (&h, spec)->id;
  harness_start (&h);
  OrchTask *t = harness_task (&h, s1, NULL, TRUE);
  harness_settle (&h);
  OrchTime failed_at = h.now; /* the failure is stamped when its write is delivered */
  harness_fail (&h, t);
  harness_settle (&h);
  g_assert_cmpuint (orch_scheduler_count_recent_failures (h.sched, id1->id, s1, 0, failed_at), ==,
                    1);
  g_assert_cmpuint (
      orch_scheduler_count_recent_failures (h.sched, id1->id, s1, 0, failed_at + ORCH_SEC (300)),
      ==, 1);
  g_assert_cmpuint (orch_scheduler_count_recent_failures (h.sched, id1->id, s1, 0,
                                                          failed_at + ORCH_SEC (300) + 1),
                    ==, 0);
  harness_clear (&h);
}

static OrchServiceSpec *
port_spec (guint n, const OrchHostPort *ports)
{
  OrchServiceSpec *spec = orch_service_spec_new ();
  g_array_append_vals (spec->host_ports, ports, n);
  return spec;
}

/* Test that tasks publishing the same host port never share a node, and that a task needing both
 * taken ports explains it (TestSchedulerHostPort, S11). */
static void
test_scheduler_host_port_conflict (void)
{
  for (guint32 seed = 1; seed <= 20; seed++) {
    Harness h;
    harness_init (&h, seed);
    const OrchHostPort tcp = { 58, FALSE }, udp = { 58, TRUE }, both[] = { udp, tcp };
    g_autoptr (OrchServiceSpec) base = orch_service_spec_new ();
    g_autoptr (OrchServiceSpec) s_tcp = port_spec (1, &tcp);
    g_autoptr (OrchServiceSpec) s_udp = port_spec (1, &udp);
    g_autoptr (OrchServiceSpec) s_both = port_spec (2, both);
    OrchServiceId svc = harness_service (&h, base)->id;
    OrchTask *t1 = harness_task (&h, svc, s_tcp, TRUE), *t2 = harness_task (&h, svc, s_udp, TRUE);
    harness_start (&h);
    g_assert_cmpstr (t1->err, ==, "no suitable node");
    g_assert_cmpstr (t2->err, ==, "no suitable node");
    harness_node (&h, "nodeid1", ORCH_NODE_READY);
    harness_node (&h, "nodeid2", ORCH_NODE_READY);
    harness_settle (&h);
    g_assert_cmpuint (t1->node_id, !=, 0);
    g_assert_cmpuint (t2->node_id, !=, 0);
    g_assert_cmpuint (t1->node_id, !=, t2->node_id);
    OrchTask *t3 = harness_task (&h, svc, s_both, TRUE);
    harness_settle (&h);
    g_assert_cmpuint (t3->node_id, ==, 0);
    g_assert_cmpstr (t3->err, ==, "no suitable node (host-mode port already in use on 2 nodes)");
    harness_clear (&h);
  }
}

/* Test the max-replicas limit, its message, and the constraint message on nodes without a
 * hostname (TestSchedulerMaxReplicas, S12). */
static void
test_scheduler_max_replicas (void)
{
  Harness h;
  harness_init (&h, 21);
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  spec->max_replicas_per_node = 1;
  OrchServiceId svc = harness_service (&h, spec)->id;
  OrchTask *t1 = harness_task (&h, svc, NULL, TRUE), *t2 = harness_task (&h, svc, NULL, TRUE);
  harness_start (&h);
  g_assert_cmpstr (t1->err, ==, "no suitable node");
  harness_node (&h, "nodeid1", ORCH_NODE_READY);
  harness_node (&h, "nodeid2", ORCH_NODE_READY);
  harness_settle (&h);
  g_assert_cmpuint (t1->node_id, !=, 0);
  g_assert_cmpuint (t2->node_id, !=, 0);
  g_assert_cmpuint (t1->node_id, !=, t2->node_id);
  OrchTask *t3 = harness_task (&h, svc, NULL, TRUE);
  harness_settle (&h);
  g_assert_cmpstr (t3->err, ==, "no suitable node (max replicas per node limit exceed)");
  OrchNode *n3 = harness_node (&h, "nodeid3", ORCH_NODE_READY);
  harness_settle (&h);
  g_assert_cmpuint (t3->node_id, ==, n3->id);

  g_autoptr (OrchServiceSpec) pinned = orch_service_spec_new ();
  pinned->max_replicas_per_node = 3;
  g_ptr_array_add (pinned->constraints, g_strdup ("node.hostname==node1"));
  OrchTask *t4 = harness_task (&h, svc, pinned, TRUE);
  harness_settle (&h);
  g_assert_cmpstr (t4->err, ==,
                   "no suitable node (scheduling constraints not satisfied on 3 nodes)");
  harness_clear (&h);
}

/* Test that 3 grouped tasks limited to 1 per node on 2 nodes place 2 and leave 1 pending. */
static void
test_scheduler_max_replicas_grouped (void)
{
  for (guint32 seed = 1; seed <= 20; seed++) {
    Harness h;
    harness_init (&h, seed);
    OrchNode *a = harness_node (&h, "a", ORCH_NODE_READY);
    OrchNode *b = harness_node (&h, "b", ORCH_NODE_READY);
    g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
    spec->max_replicas_per_node = 1;
    OrchServiceId svc = harness_service (&h, spec)->id;
    OrchTask *t[3];
    for (guint i = 0; i < 3; i++)
      t[i] = harness_task (&h, svc, NULL, FALSE);
    harness_start (&h);
    g_assert_cmpuint (harness_count_on (&h, a->id, svc), ==, 1);
    g_assert_cmpuint (harness_count_on (&h, b->id, svc), ==, 1);
    guint pending = 0;
    for (guint i = 0; i < 3; i++) {
      if (t[i]->node_id != 0)
        continue;
      pending++;
      g_assert_cmpstr (t[i]->err, ==, "no suitable node (max replicas per node limit exceed)");
    }
    g_assert_cmpuint (pending, ==, 1);
    harness_clear (&h);
  }
}

static OrchServiceSpec *
platform_spec (const char *const *pairs)
{
  OrchServiceSpec *spec = orch_service_spec_new ();
  for (; pairs != NULL && pairs[0] != NULL; pairs += 2) {
    OrchPlatform *p = g_new0 (OrchPlatform, 1);
    p->arch = g_strdup (pairs[0]);
    p->os = g_strdup (pairs[1]);
    g_ptr_array_add (spec->platforms, p);
  }
  return spec;
}

static OrchNode *
platform_node (Harness *h, const char *id, const char *arch, const char *os)
{
  OrchNode *node = harness_node (h, id, ORCH_NODE_READY);
  node->platform.arch = g_strdup (arch);
  node->platform.os = g_strdup (os);
  return node;
}

/* Test platform matching with wildcards and the x86_64/amd64 alias
 * (TestSchedulerCompatiblePlatform, S13). */
static void
test_scheduler_compatible_platform (void)
{
  for (guint32 seed = 1; seed <= 20; seed++) {
    Harness h;
    harness_init (&h, seed);
    g_autoptr (OrchServiceSpec) base = orch_service_spec_new ();
    OrchServiceId svc = harness_service (&h, base)->id;
    OrchNode *n1 = platform_node (&h, "node1", "x86_64", "linux");
    OrchNode *n2 = platform_node (&h, "node2", "amd64", "windows");
    OrchNode *n3 = platform_node (&h, "node3", NULL, NULL);
    g_autoptr (OrchServiceSpec) p1 = platform_spec ((const char *[]){ "amd64", "linux", NULL });
    g_autoptr (OrchServiceSpec) p2 = platform_spec ((const char *[]){ "arm", "linux", NULL });
    g_autoptr (OrchServiceSpec) p4 = platform_spec ((const char *[]){ "", "linux", NULL });
    g_autoptr (OrchServiceSpec) p5 =
        platform_spec ((const char *[]){ "amd64", "linux", "x86_64", "windows", NULL });
    OrchTask *t1 = harness_task (&h, svc, p1, TRUE);
    harness_start (&h);
    g_assert_cmpuint (t1->node_id, ==, n1->id);
    OrchTask *t2 = harness_task (&h, svc, p2, TRUE);
    harness_settle (&h);
    g_assert_cmpstr (t2->err, ==, "no suitable node (unsupported platform on 3 nodes)");
    OrchTask *t3 = harness_task (&h, svc, base, TRUE);
    harness_settle (&h);
    g_assert_true (t3->node_id == n2->id || t3->node_id == n3->id);
    OrchTask *t4 = harness_task (&h, svc, p4, TRUE);
    harness_settle (&h);
    g_assert_cmpuint (t4->node_id, ==, n1->id);
    OrchTask *t5 = harness_task (&h, svc, p5, TRUE);
    harness_settle (&h);
    g_assert_true (t5->node_id == n1->id || t5->node_id == n2->id);
    harness_clear (&h);
  }
}

/* Test that an unplaceable task stays queued while its service exists and leaves the queue,
 * unwritten, once the service is deleted (TestSchedulerUnassignedMap, scheduler_test.go:2342). */
static void
test_scheduler_deleted_service_drops_unassigned_task (void)
{
  Harness h;
  harness_init (&h, 1);
  g_autoptr (OrchServiceSpec) spec = platform_spec ((const char *[]){ "amd64", "windows", NULL });
  OrchServiceId svc = harness_service (&h, spec)->id;
  platform_node (&h, "node1", "x86_64", "linux");
  OrchTask *t1 = harness_task (&h, svc, NULL, FALSE);
  harness_start (&h);
  g_assert_cmpuint (t1->node_id, ==, 0);
  g_assert_cmpstr (t1->err, ==, "no suitable node (unsupported platform on 1 node)");
  g_assert_cmpuint (orch_scheduler_get_queue_length (h.sched), ==, 1);

  orch_store_remove_service (h.store, svc);
  harness_settle (&h);
  guint mark = h.actions->len;
  orch_scheduler_run_pass (h.sched, h.now, h.actions);
  g_assert_cmpuint (orch_scheduler_get_queue_length (h.sched), ==, 0);
  g_assert_cmpuint (h.actions->len, ==, mark);
  harness_clear (&h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/scheduler/faulty-node-ranks-last",
                   test_scheduler_faulty_node_ranks_last);
  g_test_add_func ("/orchestrator/scheduler/failures-count-per-spec-version",
                   test_scheduler_faulty_node_per_spec_version);
  g_test_add_func ("/orchestrator/scheduler/failures-expire-after-five-minutes",
                   test_scheduler_failures_expire_after_five_minutes);
  g_test_add_func ("/orchestrator/scheduler/host-port-never-shared",
                   test_scheduler_host_port_conflict);
  g_test_add_func ("/orchestrator/scheduler/max-replicas-per-node", test_scheduler_max_replicas);
  g_test_add_func ("/orchestrator/scheduler/max-replicas-grouped-leaves-one-pending",
                   test_scheduler_max_replicas_grouped);
  g_test_add_func ("/orchestrator/scheduler/compatible-platform",
                   test_scheduler_compatible_platform);
  g_test_add_func ("/orchestrator/scheduler/deleted-service-drops-unassigned-task",
                   test_scheduler_deleted_service_drops_unassigned_task);
  return g_test_run ();
}
