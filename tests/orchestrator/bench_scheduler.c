/* SPDX-License-Identifier: MIT
 * Scheduler benchmark (not a CTest test): times one pass placing grouped tasks (100 services ×
 * 1000 tasks on 10 000 nodes), a few of SwarmKit's own benchmark shapes (one-off tasks, each its
 * own group), and a scaling table for one group of N tasks over M nodes. It reads the monotonic
 * clock, which is why it lives in tests/ and not in the library. */
#include "models/orchestrator/action.h"
#include "models/orchestrator/scheduler.h"
#include "models/orchestrator/store.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
  const char *name;
  guint nodes;
  guint services;       /* 0: one-off tasks without a service or spec version */
  guint tasks;          /* in total */
  gboolean constrained; /* tasks only fit every third node (a label constraint) */
} Shape;

static void
shuffle (guint *perm, gsize n, gpointer user_data)
{
  GRand *rand = user_data;
  for (gsize i = n; i > 1; i--) {
    gsize j = (gsize)g_rand_int_range (rand, 0, (gint32)i);
    guint t = perm[i - 1];
    perm[i - 1] = perm[j];
    perm[j] = t;
  }
}

static void
add_nodes (OrchStore *store, guint n)
{
  for (guint i = 0; i < n; i++) {
    char id[32];
    g_snprintf (id, sizeof id, "node%u", i);
    OrchNode *node = orch_store_add_node (store, id, id);
    node->capacity.nanocpus = G_GINT64_CONSTANT (64000000000);
    node->capacity.memory_bytes = G_GINT64_CONSTANT (256) << 30;
    if (i % 3 == 0)
      g_hash_table_insert (node->labels, g_strdup ("network"), g_strdup ("yes"));
  }
}

static void
add_tasks (OrchStore *store, const Shape *shape, OrchTime now)
{
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_new ();
  spec->reservations.nanocpus = 1000000;
  spec->reservations.memory_bytes = 1 << 20;
  if (shape->constrained)
    g_ptr_array_add (spec->constraints, g_strdup ("node.labels.network==yes"));
  guint groups = shape->services > 0 ? shape->services : 1;
  for (guint g = 0; g < groups; g++) {
    OrchServiceId svc = shape->services > 0 ? orch_store_add_service (store, spec)->id : 0;
    for (guint i = 0; i < shape->tasks / groups; i++) {
      OrchTask *t = orch_store_create_task (store, svc, i + 1, 0, spec, now);
      orch_store_set_task_state (store, t, ORCH_TASK_PENDING, now);
    }
  }
}

/* Returns: the number of assigned tasks after the pass; prints the timings. */
static guint
run_shape (const Shape *shape)
{
  const OrchTime now = ORCH_SEC (1);
  g_autoptr (OrchStore) store = orch_store_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  g_autoptr (OrchScheduler) sched = orch_scheduler_new (store, shuffle, rand);
  g_autoptr (GArray) actions = orch_action_list_new ();
  add_nodes (store, shape->nodes);
  g_array_unref (orch_store_steal_events (store));
  orch_scheduler_start (sched, now, actions);
  add_tasks (store, shape, now);

  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (GArray) events = orch_store_steal_events (store);
  for (guint i = 0; i < events->len; i++)
    orch_scheduler_handle_event (sched, &g_array_index (events, OrchEvent, i), now);
  gint64 t1 = g_get_monotonic_time ();
  orch_scheduler_run_pass (sched, now, actions);
  gint64 t2 = g_get_monotonic_time ();

  guint assigned = 0;
  for (guint i = 0; i < actions->len; i++)
    assigned += g_array_index (actions, OrchAction, i).kind == ORCH_ACTION_TASK_ASSIGNED;
  printf ("%-44s %7u %8u %7u %9.3f %9.3f %10.2f\n", shape->name, shape->nodes, shape->tasks,
          shape->services, (double)(t1 - t0) / 1e6, (double)(t2 - t1) / 1e6,
          (double)(t2 - t1) * 1e3 / (assigned > 0 ? assigned : 1));
  return assigned;
}

static const Shape shapes[] = {
  { "issue #3: 100 services x 1000 tasks, grouped", 10000, 100, 100000, FALSE },
  { "SwarmKit 1kNodes1kTasks (one-off)", 1000, 0, 1000, FALSE },
  { "SwarmKit 1kNodes10kTasks (one-off)", 1000, 0, 10000, FALSE },
  { "SwarmKit Constraints1kNodes10kTasks (one-off)", 1000, 0, 10000, TRUE },
  { "SwarmKit 1kNodes100kTasks (one-off)", 1000, 0, 100000, FALSE },
};

/* One group of N over M nodes, for the O(M log N + N) claim: at fixed M the cost should grow
 * about linearly in N beyond the tree build, and at fixed N about linearly in M. */
static const Shape scaling[] = {
  { "one group N=100, M=10000", 10000, 1, 100, FALSE },
  { "one group N=1000, M=10000", 10000, 1, 1000, FALSE },
  { "one group N=10000, M=10000", 10000, 1, 10000, FALSE },
  { "one group N=100000, M=10000", 10000, 1, 100000, FALSE },
  { "one group N=10000, M=1000", 1000, 1, 10000, FALSE },
  { "one group N=10000, M=100000", 100000, 1, 10000, FALSE },
};

int
main (int argc, char **argv)
{
  gboolean quick = argc > 1 && g_strcmp0 (argv[1], "--quick") == 0;
  printf ("%-44s %7s %8s %7s %9s %9s %10s\n", "shape", "nodes", "tasks", "groups", "events_s",
          "pass_s", "ns/task");
  int status = EXIT_SUCCESS;
  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++) {
    if (quick && shapes[i].tasks > 10000)
      continue;
    if (run_shape (&shapes[i]) != shapes[i].tasks)
      status = EXIT_FAILURE;
  }
  for (gsize i = 0; i < G_N_ELEMENTS (scaling); i++) {
    if (quick && scaling[i].tasks * 10 > scaling[i].nodes)
      continue;
    if (run_shape (&scaling[i]) != scaling[i].tasks)
      status = EXIT_FAILURE;
  }
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "bench_scheduler: some tasks were not placed\n");
  return status;
}
