/* SPDX-License-Identifier: MIT
 * A small world for the scheduler tests: a store, a scheduler with a GRand-backed shuffle seeded
 * by a literal, and a loop that delivers store writes and runs the debounce as the manager would.
 * Header-only (static inline) so each test binary stays one file plus this. */
#pragma once

#include <glib.h>
#include "models/orchestrator/action.h"
#include "models/orchestrator/scheduler.h"
#include "models/orchestrator/store.h"

typedef struct {
  OrchStore *store;     /* owned */
  OrchScheduler *sched; /* owned */
  GRand *rand;          /* owned */
  GArray *actions;      /* (element-type OrchAction) owned: every decision so far */
  OrchTime now;
} Harness;

/* Fisher–Yates with the test's GRand: stands in for Go's map order. */
static inline void
harness_shuffle (guint *perm, gsize n, gpointer user_data)
{
  GRand *rand = user_data;
  for (gsize i = n; i > 1; i--) {
    gsize j = (gsize)g_rand_int_range (rand, 0, (gint32)i);
    guint t = perm[i - 1];
    perm[i - 1] = perm[j];
    perm[j] = t;
  }
}

static inline void
harness_init (Harness *h, guint32 seed)
{
  h->store = orch_store_new ();
  h->rand = g_rand_new_with_seed (seed);
  h->sched = orch_scheduler_new (h->store, harness_shuffle, h->rand);
  h->actions = orch_action_list_new ();
  h->now = ORCH_SEC (1000);
}

static inline void
harness_clear (Harness *h)
{
  g_clear_pointer (&h->sched, orch_scheduler_free);
  g_clear_pointer (&h->store, orch_store_free);
  g_clear_pointer (&h->rand, g_rand_free);
  g_clear_pointer (&h->actions, g_array_unref);
}

/* A node as in SwarmKit's tests: no Description (no resources, hostname ""), READY, ACTIVE. */
static inline OrchNode *
harness_node (Harness *h, const char *id, OrchNodeStatus status)
{
  OrchNode *node = orch_store_add_node (h->store, id, "");
  node->status = status;
  return node;
}

static inline OrchService *
harness_service (Harness *h, OrchServiceSpec *spec)
{
  return orch_store_add_service (h->store, spec);
}

/* A PENDING task of @service (0: none, then @spec is used); @one_off clears its spec version. */
static inline OrchTask *
harness_task (Harness *h, OrchServiceId service, OrchServiceSpec *spec, gboolean one_off)
{
  OrchTask *t = orch_store_create_task (h->store, service, 0, 0, spec, h->now);
  orch_store_set_task_state (h->store, t, ORCH_TASK_PENDING, h->now);
  if (one_off)
    t->spec_version = 0;
  return t;
}

/* A task already on @node in @state (PENDING makes it preassigned). */
static inline OrchTask *
harness_task_on (Harness *h, OrchServiceId service, OrchServiceSpec *spec, OrchNodeId node,
                 OrchTaskState state)
{
  OrchTask *t = orch_store_create_task (h->store, service, 0, node, spec, h->now);
  orch_store_set_task_state (h->store, t, state, h->now);
  t->spec_version = 0;
  return t;
}

/* Delivers the pending writes (one commit), then runs every armed pass, delivering the
 * scheduler's own writes back to it, until nothing is left: the manager's loop in miniature. */
static inline void
harness_settle (Harness *h)
{
  for (guint round = 0; round < 1000; round++) {
    GArray *events = orch_store_steal_events (h->store);
    for (guint i = 0; i < events->len; i++)
      orch_scheduler_handle_event (h->sched, &g_array_index (events, OrchEvent, i), h->now);
    if (events->len > 0)
      orch_scheduler_commit (h->sched, h->now);
    g_array_unref (events);
    OrchTime deadline = orch_scheduler_next_deadline (h->sched);
    if (deadline == ORCH_TIME_NEVER)
      return;
    h->now = MAX (h->now, deadline);
    orch_scheduler_advance (h->sched, h->now, h->actions);
  }
  g_assert_not_reached ();
}

/* Leader start on whatever the store holds now; writes made before it are not replayed. */
static inline void
harness_start (Harness *h)
{
  g_array_unref (orch_store_steal_events (h->store));
  orch_scheduler_start (h->sched, h->now, h->actions);
  harness_settle (h);
}

/* Returns: how many tasks of @service (G_MAXUINT32: any) are ASSIGNED…RUNNING on @node. */
static inline guint
harness_count_on (Harness *h, OrchNodeId node, OrchServiceId service)
{
  const GPtrArray *tasks = orch_store_get_node_tasks (h->store, node);
  guint n = 0;
  for (guint i = 0; i < tasks->len; i++) {
    const OrchTask *t = g_ptr_array_index (tasks, i);
    if ((service == G_MAXUINT32 || t->service_id == service) && t->state >= ORCH_TASK_ASSIGNED &&
        t->state <= ORCH_TASK_RUNNING)
      n++;
  }
  return n;
}

/* Marks a task as failed by its agent, as a status report would. */
static inline void
harness_fail (Harness *h, OrchTask *t)
{
  orch_store_set_task_state (h->store, t, ORCH_TASK_FAILED, h->now);
}
