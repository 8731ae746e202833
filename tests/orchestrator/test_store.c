/* SPDX-License-Identifier: MIT
 * Tests of the orchestrator's store: id order of its indexes, the per-slot and per-node service
 * indexes against a full scan, the write log and its old values, and the monotonic observed
 * state. */
#include "models/orchestrator/store.h"

#include "models/orchestrator/store_private.h"

/* Test that a lower observed state is refused and logs no event. */
static void
test_store_state_never_lowers (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchTask *task = orch_store_create_task (store, 0, 0, 0, spec, 0);
  g_array_unref (orch_store_steal_events (store));

  g_assert_true (orch_store_set_task_state (store, task, ORCH_TASK_RUNNING, 10));
  g_assert_false (orch_store_set_task_state (store, task, ORCH_TASK_PENDING, 20));
  g_assert_cmpint (task->state, ==, ORCH_TASK_RUNNING);
  g_assert_cmpint (task->status_at, ==, 10);
  g_autoptr (GArray) events = orch_store_steal_events (store);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (g_array_index (events, OrchEvent, 0).old_state, ==, ORCH_TASK_NEW);
}

/* Test that moving tasks between nodes keeps every node's task list in increasing id order. */
static void
test_store_node_index_sorted_by_id (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchNodeId a = orch_store_add_node (store, "a", "a")->id;
  OrchNodeId b = orch_store_add_node (store, "b", "b")->id;
  OrchTask *t[4];
  for (guint i = 0; i < 4; i++)
    t[i] = orch_store_create_task (store, 0, 0, i % 2 == 0 ? a : b, spec, 0);
  /* t3 and t1 move from b to a, out of id order; a must still list all four by id. */
  orch_store_set_task_node (store, t[3], a);
  orch_store_set_task_node (store, t[1], a);
  const GPtrArray *on_a = orch_store_get_node_tasks (store, a);
  g_assert_cmpuint (on_a->len, ==, 4);
  for (guint i = 1; i < on_a->len; i++)
    g_assert_cmpuint (((OrchTask *)g_ptr_array_index (on_a, i - 1))->id, <,
                      ((OrchTask *)g_ptr_array_index (on_a, i))->id);
  g_assert_cmpuint (orch_store_get_node_tasks (store, b)->len, ==, 0);
}

/* Test that a delete event carries the task's last service, node and states. */
static void
test_store_delete_event_has_old_values (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  OrchService *service = orch_store_add_service (store, spec);
  OrchNodeId n = orch_store_add_node (store, "n", "n")->id;
  OrchTask *task = orch_store_create_task (store, service->id, 3, n, NULL, 5);
  orch_store_set_task_state (store, task, ORCH_TASK_RUNNING, 6);
  orch_store_set_task_desired (store, task, ORCH_TASK_SHUTDOWN);
  OrchTaskId id = task->id;
  g_array_unref (orch_store_steal_events (store));
  orch_store_remove_task (store, id);
  g_autoptr (GArray) events = orch_store_steal_events (store);
  g_assert_cmpuint (events->len, ==, 1);
  const OrchEvent *ev = &g_array_index (events, OrchEvent, 0);
  g_assert_cmpint (ev->kind, ==, ORCH_EVENT_TASK_DELETE);
  g_assert_cmpuint (ev->id, ==, id);
  g_assert_cmpuint (ev->old_service_id, ==, service->id);
  g_assert_cmpuint (ev->old_node_id, ==, n);
  g_assert_cmpint (ev->old_state, ==, ORCH_TASK_RUNNING);
  g_assert_cmpint (ev->old_desired, ==, ORCH_TASK_SHUTDOWN);
  g_assert_null (orch_store_get_task (store, id));
  g_assert_cmpuint (orch_store_get_service_tasks (store, service->id)->len, ==, 0);
}

/* Test that a service update keeps the old spec as previous and raises the spec version. */
static void
test_store_update_service_keeps_previous_spec (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  g_autoptr (OrchServiceSpec) v1 = orch_service_spec_new ();
  g_autoptr (OrchServiceSpec) v2 = orch_service_spec_copy (v1);
  OrchService *service = orch_store_add_service (store, v1);
  guint64 version = service->spec_version;
  orch_store_update_service (store, service, v2);
  g_assert_true (service->spec == v2);
  g_assert_true (service->previous_spec == v1);
  g_assert_cmpuint (service->spec_version, ==, version + 1);
}

/* Checks that @indexed holds exactly the tasks of @all on @node_id (@by_node) or in @slot, in
 * the same order. */
static void
assert_index_is_filter (const GPtrArray *indexed, const GPtrArray *all, guint32 slot,
                        OrchNodeId node_id, gboolean by_node)
{
  guint j = 0;
  for (guint i = 0; i < all->len; i++) {
    const OrchTask *t = g_ptr_array_index (all, i);
    if (by_node ? t->node_id != node_id : t->slot != slot)
      continue;
    g_assert_cmpuint (j, <, indexed->len);
    g_assert_true (g_ptr_array_index (indexed, j) == t);
    j++;
  }
  g_assert_cmpuint (j, ==, indexed->len);
}

/* Test that the (service, slot) and (service, node) indexes hold what a scan of the service's
 * tasks would find, in id order, through random creations, node moves and deletions. */
static void
test_store_slot_and_node_indexes_match_scan (void)
{
  g_test_bug ("4");
  g_autoptr (OrchStore) store = orch_store_new ();
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  OrchServiceId services[2] = { orch_store_add_service (store, spec)->id,
                                orch_store_add_service (store, spec)->id };
  for (guint i = 0; i < 4; i++) {
    g_autofree char *name = g_strdup_printf ("n%u", i);
    orch_store_add_node (store, name, name);
  }
  g_autoptr (GArray) live = g_array_new (FALSE, FALSE, sizeof (OrchTaskId));
  for (guint step = 0; step < 2000; step++) {
    guint op = (guint)g_rand_int_range (rand, 0, 3);
    if (op == 0 || live->len == 0) {
      OrchServiceId sid = services[g_rand_int_range (rand, 0, 2)];
      guint32 slot = (guint32)g_rand_int_range (rand, 0, 5);
      OrchNodeId node = (OrchNodeId)g_rand_int_range (rand, 0, 5); /* 0: unassigned */
      OrchTask *t = orch_store_create_task (store, sid, slot, node, NULL, step);
      g_array_append_val (live, t->id);
      continue;
    }
    guint k = (guint)g_rand_int_range (rand, 0, (gint32)live->len);
    OrchTask *t = orch_store_get_task (store, g_array_index (live, OrchTaskId, k));
    if (op == 1) {
      orch_store_set_task_node (store, t, (OrchNodeId)g_rand_int_range (rand, 0, 5));
    } else {
      orch_store_remove_task (store, t->id);
      g_array_remove_index_fast (live, k);
    }
  }
  for (guint s = 0; s < G_N_ELEMENTS (services); s++) {
    const GPtrArray *all = orch_store_get_service_tasks (store, services[s]);
    for (guint32 slot = 0; slot < 6; slot++)
      assert_index_is_filter (orch_store__get_slot_tasks (store, services[s], slot), all, slot, 0,
                              FALSE);
    for (OrchNodeId node = 1; node < 6; node++)
      assert_index_is_filter (orch_store__get_service_node_tasks (store, services[s], node), all, 0,
                              node, TRUE);
    g_assert_cmpuint (orch_store__get_service_node_tasks (store, services[s], 0)->len, ==, 0);
  }
  g_assert_cmpuint (orch_store__get_slot_tasks (store, 99, 1)->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/store/state-never-lowers", test_store_state_never_lowers);
  g_test_add_func ("/orchestrator/store/node-index-sorted-by-id",
                   test_store_node_index_sorted_by_id);
  g_test_add_func ("/orchestrator/store/delete-event-has-old-values",
                   test_store_delete_event_has_old_values);
  g_test_add_func ("/orchestrator/store/update-service-keeps-previous-spec",
                   test_store_update_service_keeps_previous_spec);
  g_test_add_func ("/orchestrator/store/slot-and-node-indexes-match-scan",
                   test_store_slot_and_node_indexes_match_scan);
  return g_test_run ();
}
