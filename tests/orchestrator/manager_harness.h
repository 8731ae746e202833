/* SPDX-License-Identifier: MIT
 * A small world for the orchestrator tests: a manager, a clock the test moves, an action log, and
 * optional instant agents (a task on a READY node jumps to its desired state when asked). No
 * engine: the loop asks for the next deadline and advances to it. Header-only, one binary per test
 * file. */
#pragma once

#include <glib.h>
#include "models/orchestrator/manager.h"

typedef struct {
  OrchManager *m;  /* owned */
  GArray *actions; /* (element-type OrchAction) owned: every decision so far */
  OrchTime now;
  gboolean agents;            /* run instant agents after every commit */
  gboolean agents_never_stop; /* the agents ignore desired SHUTDOWN (an old task that hangs) */
  const char *fail_image;     /* (nullable) unowned: tasks of this image fail once RUNNING */
} MH;

static inline void
mh_init (MH *h, gint64 history_limit)
{
  OrchManagerOptions opts = ORCH_MANAGER_OPTIONS_INIT;
  opts.task_history_limit = history_limit;
  h->m = orch_manager_new (&opts);
  h->actions = orch_action_list_new ();
  h->now = ORCH_SEC (100);
  h->agents = TRUE;
  h->agents_never_stop = FALSE;
  h->fail_image = NULL;
}

static inline void
mh_clear (MH *h)
{
  g_clear_pointer (&h->m, orch_manager_free);
  g_clear_pointer (&h->actions, g_array_unref);
}

static inline OrchStore *
mh_store (MH *h)
{
  return orch_manager_get_store (h->m);
}

static inline OrchNodeId
mh_node (MH *h, const char *id)
{
  return orch_manager_add_node (h->m, id, id, ORCH_ROLE_WORKER, NULL)->id;
}

/* Instant agents: one report per task that can move; returns TRUE if any report was made. */
static inline gboolean
mh_agents_step (MH *h)
{
  OrchStore *store = mh_store (h);
  g_autoptr (GPtrArray) all = orch_store_dup_tasks (store);
  gboolean moved = FALSE;
  for (guint i = 0; i < all->len; i++) {
    const OrchTask *t = g_ptr_array_index (all, i);
    const OrchNode *n = orch_store_get_node (store, t->node_id);
    if (n == NULL || n->status != ORCH_NODE_READY || t->state < ORCH_TASK_ASSIGNED)
      continue;
    if (t->state == ORCH_TASK_RUNNING && h->fail_image != NULL &&
        g_strcmp0 (t->spec->image, h->fail_image) == 0)
      moved |= orch_manager_report_task (h->m, t->id, ORCH_TASK_FAILED, h->now);
    else if (t->desired >= ORCH_TASK_SHUTDOWN && t->state <= ORCH_TASK_RUNNING) {
      if (!h->agents_never_stop)
        moved |= orch_manager_report_task (h->m, t->id, ORCH_TASK_SHUTDOWN, h->now);
    } else if (t->desired <= ORCH_TASK_RUNNING && t->state < t->desired)
      moved |= orch_manager_report_task (h->m, t->id, t->desired, h->now);
  }
  return moved;
}

static inline void
mh_commit (MH *h)
{
  orch_manager_commit (h->m, h->now, h->actions);
  while (h->agents && mh_agents_step (h))
    orch_manager_commit (h->m, h->now, h->actions);
}

/* Runs every timer due up to @until (agents acting after each), then sets the clock to @until. */
static inline void
mh_run_until (MH *h, OrchTime until)
{
  mh_commit (h);
  for (OrchTime d; (d = orch_manager_next_deadline (h->m)) <= until;) {
    g_assert_cmpint (d, >=, h->now);
    h->now = d;
    orch_manager_advance (h->m, h->now, h->actions);
    mh_commit (h);
  }
  h->now = until;
}

/* Returns: the number of actions from index @from on with this kind (and state, unless 0 is
 * given for a kind whose state is not NEW). */
static inline guint
mh_count (const MH *h, guint from, OrchActionKind kind, OrchTaskState state)
{
  guint n = 0;
  for (guint i = from; i < h->actions->len; i++) {
    const OrchAction *a = &g_array_index (h->actions, OrchAction, i);
    if (a->kind == kind && (state == 0 || a->state == state))
      n++;
  }
  return n;
}

/* Returns: (nullable): the first action from @from on about @task of @kind. */
static inline const OrchAction *
mh_find (const MH *h, guint from, OrchActionKind kind, OrchTaskId task)
{
  for (guint i = from; i < h->actions->len; i++) {
    const OrchAction *a = &g_array_index (h->actions, OrchAction, i);
    if (a->kind == kind && (task == 0 || a->task_id == task))
      return a;
  }
  return NULL;
}

/* Returns: the number of the service's tasks with desired ≤ RUNNING (the live ones). */
static inline guint
mh_live_tasks (MH *h, OrchServiceId service)
{
  const GPtrArray *tasks = orch_store_get_service_tasks (mh_store (h), service);
  guint n = 0;
  for (guint i = 0; i < tasks->len; i++)
    if (((const OrchTask *)g_ptr_array_index (tasks, i))->desired <= ORCH_TASK_RUNNING)
      n++;
  return n;
}

/* Returns: the first action from @from on about @task of @kind; fails the test if there is none. */
static inline const OrchAction *
mh_get (const MH *h, guint from, OrchActionKind kind, OrchTaskId task)
{
  const OrchAction *a = mh_find (h, from, kind, task);
  if (a == NULL)
    g_error ("no %s action for task %" G_GUINT64_FORMAT, orch_action_kind_to_string (kind), task);
  return a;
}

/* Returns: (transfer full): a spec named @name with @replicas, restart condition and delay. */
static inline OrchServiceSpec *
mh_spec (const char *name, OrchServiceMode mode, guint64 replicas, OrchRestartCondition condition,
         OrchTime delay_us)
{
  OrchServiceSpec *spec = orch_service_spec_new ();
  g_free (spec->name);
  spec->name = g_strdup (name);
  spec->mode = mode;
  spec->replicas = replicas;
  spec->restart.condition = condition;
  spec->restart.delay_us = delay_us;
  return spec;
}

/* Replaces @spec's image with @image. */
static inline void
mh_spec_set_image (OrchServiceSpec *spec, const char *image)
{
  g_free (spec->image);
  spec->image = g_strdup (image);
}

/* Returns: (transfer full): a copy of @spec with @image and the update config @update. */
static inline OrchServiceSpec *
mh_spec_next (const OrchServiceSpec *spec, const char *image, const OrchUpdateConfig *update)
{
  OrchServiceSpec *next = orch_service_spec_copy (spec);
  mh_spec_set_image (next, image);
  next->update = *update;
  return next;
}

/* Creates a service from @spec (the store takes a reference), makes the manager leader and runs
 * one second, so the service's tasks are created, placed and, with agents, running.
 * Returns: the service. */
static inline OrchServiceId
mh_start_service (MH *h, OrchServiceSpec *spec)
{
  OrchServiceId svc = orch_manager_create_service (h->m, spec, h->now);
  orch_manager_become_leader (h->m, h->now, h->actions);
  mh_run_until (h, h->now + ORCH_SEC (1));
  return svc;
}

/* The update tests' world: nodes node1 to node3 and a service "web" of three replicas of image
 * "web:1" with restart @condition and update config @update, started (mh_start_service()).
 * @spec_out: (transfer full): the service's spec. Returns: the service. */
static inline OrchServiceId
mh_start_three_web (MH *h, OrchRestartCondition condition, const OrchUpdateConfig *update,
                    OrchServiceSpec **spec_out)
{
  mh_node (h, "node1");
  mh_node (h, "node2");
  mh_node (h, "node3");
  OrchServiceSpec *spec = mh_spec ("web", ORCH_MODE_REPLICATED, 3, condition, 0);
  mh_spec_set_image (spec, "web:1");
  spec->update = *update;
  *spec_out = spec;
  return mh_start_service (h, spec);
}

/* Creates a task directly in the store, as SwarmKit's tests do before starting the orchestrator. */
static inline OrchTask *
mh_task (MH *h, OrchServiceId service, guint32 slot, OrchNodeId node, OrchTaskState state)
{
  OrchStore *store = mh_store (h);
  OrchTask *t = orch_store_create_task (store, service, slot, node, NULL, h->now);
  orch_store_set_task_state (store, t, state, h->now);
  return t;
}

/* Reports @state for @task at the current time and commits. */
static inline void
mh_report (MH *h, OrchTaskId task, OrchTaskState state)
{
  g_assert_true (orch_manager_report_task (h->m, task, state, h->now));
  mh_commit (h);
}

/* Returns: the live task (desired ≤ RUNNING) of @slot, or NULL. */
static inline OrchTask *
mh_slot_task (MH *h, OrchServiceId service, guint32 slot)
{
  const GPtrArray *tasks = orch_store_get_service_tasks (mh_store (h), service);
  OrchTask *live = NULL;
  for (guint i = 0; i < tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (tasks, i);
    if (t->slot == slot && t->desired <= ORCH_TASK_RUNNING)
      live = t;
  }
  return live;
}

/* Returns: the live task of @slot; fails the test if there is none. */
static inline OrchTask *
mh_slot_task_get (MH *h, OrchServiceId service, guint32 slot)
{
  OrchTask *t = mh_slot_task (h, service, slot);
  if (t == NULL)
    g_error ("no live task in slot %u", slot);
  return t;
}
