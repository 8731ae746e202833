/* SPDX-License-Identifier: MIT
 * Parity tests of placement preferences: the decision tree's branch counts, equal split by branch,
 * nested spreads with resource limits, the stale-count "+1 remainder" overshoot, a full branch
 * leaving the total (scheduler_test.go and nodeset_test.go, vectors S3–S5 and S15). Where
 * SwarmKit's outcome depends on Go map order, every allowed layout is accepted and each must be
 * seen. */
#include "tests/orchestrator/sched_harness.h"

#include "models/orchestrator/nodeset.h"

static OrchNode *
labelled_node (Harness *h, const char *id, const char *az, const char *rack)
{
  OrchNode *node = harness_node (h, id, ORCH_NODE_READY);
  if (az != NULL)
    g_hash_table_insert (node->labels, g_strdup ("az"), g_strdup (az));
  if (rack != NULL)
    g_hash_table_insert (node->labels, g_strdup ("rack"), g_strdup (rack));
  return node;
}

static OrchServiceSpec *
spread_spec (const char *outer, const char *inner)
{
  OrchServiceSpec *spec = orch_service_spec_new ();
  g_ptr_array_add (spec->spread, g_strdup (outer));
  if (inner != NULL)
    g_ptr_array_add (spec->spread, g_strdup (inner));
  return spec;
}

/* Test that 8 tasks spread over az split 4/4 by branch, not by node: the lone az1 node takes 4
 * (TestPreferences, S3). */
static void
test_scheduler_spread_splits_by_branch (void)
{
  for (guint32 seed = 1; seed <= 200; seed++) {
    for (gboolean one_off = FALSE; one_off <= TRUE; one_off++) {
      Harness h;
      harness_init (&h, seed);
      OrchNode *nodes[5];
      for (guint i = 0; i < 5; i++) {
        g_autofree char *id = g_strdup_printf ("id%u", i + 1);
        nodes[i] = labelled_node (&h, id, i == 0 ? "az1" : "az2", NULL);
      }
      g_autoptr (OrchServiceSpec) spec = spread_spec ("node.labels.az", NULL);
      OrchServiceId svc = harness_service (&h, spec)->id;
      for (guint i = 0; i < 8; i++)
        harness_task (&h, svc, NULL, one_off);
      harness_start (&h);
      for (guint i = 0; i < 5; i++)
        g_assert_cmpuint (harness_count_on (&h, nodes[i]->id, svc), ==, i == 0 ? 4 : 1);
      harness_clear (&h);
    }
  }
}

/* Returns: 1 for the rack1-gets-4 layout, 2 for the rack2-gets-4 layout; fails otherwise. */
static guint
check_multiple_preferences_layout (Harness *h, OrchNode **n, OrchServiceId svc)
{
  guint c[7];
  for (guint i = 0; i < 7; i++)
    c[i] = harness_count_on (h, n[i]->id, svc);
  g_assert_cmpuint (c[0], ==, 0);
  g_assert_cmpuint (c[1], ==, 5);
  guint rack1 = c[2] + c[3] + c[4];
  if (rack1 == 4) {
    g_assert_true ((c[2] == 2 && c[3] == 1 && c[4] == 1) || (c[2] == 1 && c[3] == 2 && c[4] == 1) ||
                   (c[2] == 1 && c[3] == 1 && c[4] == 2));
    g_assert_true ((c[5] == 2 && c[6] == 1) || (c[5] == 1 && c[6] == 2));
    return 1;
  }
  g_assert_cmpuint (rack1, ==, 3);
  g_assert_true (c[2] == 1 && c[3] == 1 && c[4] == 1 && c[5] == 2 && c[6] == 2);
  return 2;
}

static guint
run_multiple_preferences (guint32 seed, gboolean one_off)
{
  static const struct {
    const char *az, *rack;
    gint64 mem, apples;
  } layout[7] = {
    { "az1", "rack1", 100000000, 1 },  { "az1", "rack1", 1000000000, 10 },
    { "az2", "rack1", 1000000000, 6 }, { "az2", "rack1", 1000000000, 6 },
    { "az2", "rack1", 1000000000, 6 }, { "az2", "rack2", 1000000000, 6 },
    { "az2", "rack2", 1000000000, 6 },
  };
  Harness h;
  harness_init (&h, seed);
  OrchNode *n[7];
  for (guint i = 0; i < 7; i++) {
    g_autofree char *id = g_strdup_printf ("id%u", i);
    n[i] = labelled_node (&h, id, layout[i].az, layout[i].rack);
    n[i]->capacity.nanocpus = 1000000000;
    n[i]->capacity.memory_bytes = layout[i].mem;
    orch_resources_add_generic (&n[i]->capacity, "apple", layout[i].apples);
  }
  g_autoptr (OrchServiceSpec) spec = spread_spec ("node.labels.az", "node.labels.rack");
  spec->reservations.memory_bytes = 200000000;
  orch_resources_add_generic (&spec->reservations, "apple", 2);
  OrchServiceId svc = harness_service (&h, spec)->id;
  OrchTask *tasks[12];
  for (guint i = 0; i < 12; i++)
    tasks[i] = harness_task (&h, svc, NULL, one_off);
  harness_start (&h);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpuint (tasks[i]->node_id, !=, 0);
  guint which = check_multiple_preferences_layout (&h, n, svc);
  harness_clear (&h);
  return which;
}

/* Test the nested az/rack spread with resource limits: id0 gets nothing, id1 five, and az2 splits
 * 4/3 either way round, both layouts occurring (TestMultiplePreferences, S4, 200 seeds). */
static void
test_scheduler_spread_nested_with_resources (void)
{
  for (gboolean one_off = FALSE; one_off <= TRUE; one_off++) {
    guint seen[3] = { 0, 0, 0 };
    for (guint32 seed = 1; seed <= 200; seed++)
      seen[run_multiple_preferences (seed, one_off)]++;
    g_test_message ("one_off=%d: rack1=4 in %u runs, rack2=4 in %u runs", one_off, seen[1],
                    seen[2]);
    g_assert_cmpuint (seen[1], >, 0);
    g_assert_cmpuint (seen[2], >, 0);
  }
}

/* Test that scaling up by 2 over az/rack with stale branch counts puts both tasks on id12 or
 * both on id21, never on id11, and terminates (TestMultiplePreferencesScaleUp, S5). */
static void
test_scheduler_spread_scale_up_overshoot (void)
{
  guint both_on_12 = 0, both_on_21 = 0;
  for (guint32 seed = 1; seed <= 200; seed++) {
    Harness h;
    harness_init (&h, seed);
    OrchNode *id11 = labelled_node (&h, "id11", "dc1", "r1");
    OrchNode *id12 = labelled_node (&h, "id12", "dc1", "r2");
    OrchNode *id21 = labelled_node (&h, "id21", "dc2", "r1");
    g_autoptr (OrchServiceSpec) spec = spread_spec ("node.labels.az", "node.labels.rack");
    OrchServiceId svc = harness_service (&h, spec)->id;
    const struct {
      OrchNode *node;
      guint running;
    } initial[] = { { id11, 3 }, { id12, 1 }, { id21, 3 } };
    for (guint i = 0; i < G_N_ELEMENTS (initial); i++) {
      for (guint k = 0; k < initial[i].running; k++) {
        OrchTask *t = harness_task_on (&h, svc, NULL, initial[i].node->id, ORCH_TASK_RUNNING);
        t->spec_version = 1;
      }
    }
    harness_task (&h, svc, NULL, FALSE);
    harness_task (&h, svc, NULL, FALSE);
    harness_start (&h);
    guint on11 = harness_count_on (&h, id11->id, svc) - 3;
    guint on12 = harness_count_on (&h, id12->id, svc) - 1;
    guint on21 = harness_count_on (&h, id21->id, svc) - 3;
    g_assert_cmpuint (on11, ==, 0);
    g_assert_cmpuint (on12 + on21, ==, 2);
    g_assert_true (on12 == 2 || on21 == 2);
    both_on_12 += on12 == 2;
    both_on_21 += on21 == 2;
    harness_clear (&h);
  }
  g_test_message ("both on id12: %u, both on id21: %u", both_on_12, both_on_21);
  g_assert_cmpuint (both_on_12, >, 0);
  g_assert_cmpuint (both_on_21, >, 0);
}

static gboolean
always (const OrchNodeInfo *info, gpointer user_data)
{
  (void)info;
  (void)user_data;
  return TRUE;
}

static gboolean
fewer_tasks (const OrchNodeInfo *a, const OrchNodeInfo *b, gpointer user_data)
{
  (void)user_data;
  return a->active_tasks < b->active_tasks;
}

/* Test the branch task counts of a two-level tree, including nodes without the labels, which
 * fall in the "" branch at both levels (TestTreeTaskCountConsistency, S15). */
static void
test_scheduler_tree_task_counts (void)
{
  static const struct {
    const char *dc, *rack;
    guint tasks;
  } rows[] = {
    { "dc1", "r1", 3 }, { "dc1", "r2", 2 }, { "dc2", "r2", 4 }, { NULL, NULL, 2 }, { NULL, NULL, 1 }
  };
  g_autoptr (OrchStore) store = orch_store_new ();
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  /* Declared first so it is freed last: node infos point at the task copies. */
  g_autoptr (GPtrArray) copies =
      g_ptr_array_new_with_free_func ((GDestroyNotify)orch_sched_task_free);
  g_autoptr (GPtrArray) infos =
      g_ptr_array_new_with_free_func ((GDestroyNotify)orch_node_info_free);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
    g_autofree char *id = g_strdup_printf ("n%u", i);
    OrchNode *node = orch_store_add_node (store, id, "");
    if (rows[i].dc != NULL) {
      g_hash_table_insert (node->labels, g_strdup ("datacenter"), g_strdup (rows[i].dc));
      g_hash_table_insert (node->labels, g_strdup ("rack"), g_strdup (rows[i].rack));
    }
    OrchNodeInfo *info = orch_node_info_new (node, 0);
    g_ptr_array_add (infos, info);
    for (guint k = 0; k < rows[i].tasks; k++) {
      OrchTask *t = orch_store_create_task (store, 0, 0, node->id, spec, 0);
      t->service_id = 1; /* counted for "service1"; the store's index is not used here */
      OrchSchedTask *copy = orch_sched_task_new (t);
      g_ptr_array_add (copies, copy);
      orch_node_info_add_task (info, copy);
    }
  }
  g_autoptr (GPtrArray) spread = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (spread, g_strdup ("node.labels.datacenter"));
  g_ptr_array_add (spread, g_strdup ("node.labels.rack"));
  OrchTreeOptions options = { 1, spread, 10, always, fewer_tasks, NULL };
  g_autoptr (OrchDecisionTree) root = orch_decision_tree_build (infos, &options);
  g_assert_cmpint (root->tasks, ==, 12);
  OrchDecisionTree *dc1 = orch_decision_tree_get_branch (root, "dc1");
  OrchDecisionTree *dc2 = orch_decision_tree_get_branch (root, "dc2");
  OrchDecisionTree *none = orch_decision_tree_get_branch (root, "");
  g_assert_cmpint (dc1->tasks, ==, 5);
  g_assert_cmpint (orch_decision_tree_get_branch (dc1, "r1")->tasks, ==, 3);
  g_assert_cmpint (orch_decision_tree_get_branch (dc1, "r2")->tasks, ==, 2);
  g_assert_cmpint (dc2->tasks, ==, 4);
  g_assert_cmpint (orch_decision_tree_get_branch (dc2, "r2")->tasks, ==, 4);
  g_assert_null (orch_decision_tree_get_branch (dc2, "r1"));
  g_assert_cmpint (none->tasks, ==, 3);
  g_assert_cmpint (orch_decision_tree_get_branch (none, "")->tasks, ==, 3);
  g_assert_cmpuint (root->branches->len, ==, 3);
}

/* Test that a branch found full leaves the total: az "a" holds 3 running tasks on a node with no
 * room left, so 12 new tasks make desired (3 + 12) / 3 = 5 per az; "a" is asked for 2 and places
 * none, "b" and "c" take 5 each, and the second pass shares the last 2 over "b" and "c" as
 * (3 − 3 + 2) / 2 = 1 each. Were "a"'s 3 tasks left in the total, the second pass would want
 * (3 + 2) / 2 = 2 per branch plus the remainder, and one branch would take both: 7 and 5
 * (scheduleNTasksOnSubtree, scheduler.go:772-825; in the spirit of TestMultiplePreferences). */
static void
test_scheduler_spread_full_branch_leaves_total (void)
{
  for (guint32 seed = 1; seed <= 200; seed++) {
    Harness h;
    harness_init (&h, seed);
    g_autoptr (OrchServiceSpec) spec = spread_spec ("node.labels.az", NULL);
    spec->reservations.memory_bytes = 100000000;
    OrchServiceId svc = harness_service (&h, spec)->id;
    OrchNode *full = labelled_node (&h, "a1", "a", NULL);
    full->capacity.memory_bytes = 300000000;
    OrchNode *b = labelled_node (&h, "b1", "b", NULL);
    OrchNode *c = labelled_node (&h, "c1", "c", NULL);
    b->capacity.memory_bytes = c->capacity.memory_bytes = 10000000000;
    for (guint i = 0; i < 3; i++)
      harness_task_on (&h, svc, NULL, full->id, ORCH_TASK_RUNNING);
    for (guint i = 0; i < 12; i++)
      harness_task (&h, svc, NULL, FALSE);
    harness_start (&h);
    g_assert_cmpuint (harness_count_on (&h, full->id, svc), ==, 3);
    g_assert_cmpuint (harness_count_on (&h, b->id, svc), ==, 6);
    g_assert_cmpuint (harness_count_on (&h, c->id, svc), ==, 6);
    harness_clear (&h);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/scheduler/spread-splits-by-branch-not-node",
                   test_scheduler_spread_splits_by_branch);
  g_test_add_func ("/orchestrator/scheduler/spread-nested-with-resources-gives-one-of-two-layouts",
                   test_scheduler_spread_nested_with_resources);
  g_test_add_func ("/orchestrator/scheduler/spread-scale-up-overshoots-one-branch",
                   test_scheduler_spread_scale_up_overshoot);
  g_test_add_func ("/orchestrator/scheduler/tree-task-counts-are-consistent",
                   test_scheduler_tree_task_counts);
  g_test_add_func ("/orchestrator/scheduler/spread-full-branch-leaves-total",
                   test_scheduler_spread_full_branch_leaves_total);
  return g_test_run ();
}
