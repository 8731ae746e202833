/* SPDX-License-Identifier: MIT
 * The running counters the recorder samples every step: capacity of READY nodes, resources the
 * orchestrator reserves, pending tasks per service. They are updated where the store changes, so
 * a sample costs O(services) instead of a scan of every node and task; swarm_world_check()
 * recomputes them by a full scan to prove it. Not for deciding anything: the scheduler keeps its
 * own node view (models/orchestrator/nodeinfo.c). */
#include "models/swarm/world_private.h"

#include <string.h>

struct _TaskCount {
  OrchTaskId id;            /* the key points here */
  WorldNode *node;          /* (nullable) unowned: where it holds resources */
  WorldService *svc;        /* (nullable) unowned: the service it counts for */
  OrchServiceId service_id; /* svc->id when counted; a re-created service has another id */
  gint64 cpu_nanocpus;      /* its reservation, while it holds resources; else 0 */
  gint64 mem_bytes;
  gboolean pending; /* PENDING with desired ≤ RUNNING (waiting for a node) */
};

/* swarmkit nodeinfo.go: a task holds its reservation on its node while PENDING < state ≤
 * RUNNING. */
static gboolean
task_holds (const OrchTask *t)
{
  return t->node_id != 0 && t->state > ORCH_TASK_PENDING && t->state <= ORCH_TASK_RUNNING;
}

static gboolean
task_waits (const OrchTask *t)
{
  return t->state == ORCH_TASK_PENDING && t->desired <= ORCH_TASK_RUNNING;
}

static void
apply (SwarmWorld *w, const TaskCount *c, gint64 sign)
{
  SwarmCounters *k = &w->counters;
  if (c->node != NULL) {
    c->node->reserved_nanocpus += sign * c->cpu_nanocpus;
    c->node->reserved_mem_bytes += sign * c->mem_bytes;
    if (c->node->counted_ready) {
      k->reserved_nanocpus += sign * c->cpu_nanocpus;
      k->reserved_mem_bytes += sign * c->mem_bytes;
    }
  }
  /* A removed service's counts were reset when it went; its tasks no longer count there. */
  if (c->svc != NULL && c->svc->id == c->service_id && c->service_id != 0) {
    c->svc->reserved_nanocpus += sign * c->cpu_nanocpus;
    c->svc->reserved_mem_bytes += sign * c->mem_bytes;
    c->svc->pending_tasks = (guint64)((gint64)c->svc->pending_tasks + sign * c->pending);
  }
}

/* Nothing of @svc pending any more: the next pending task is news, whatever its reason. Checked
 * once a task's count is final, not inside apply(), whose remove-then-add of a still-pending task
 * passes through 0. */
static void
forget_pending_said (WorldService *svc)
{
  if (svc != NULL && svc->pending_tasks == 0)
    svc->pending_said = NULL;
}

void
swarm_world__count_task (SwarmWorld *w, OrchTaskId id)
{
  const OrchTask *t = orch_store_get_task (orch_manager_get_store (w->manager), id);
  TaskCount *old = g_hash_table_lookup (w->task_counts, &id);
  WorldService *old_svc = old != NULL ? old->svc : NULL;
  if (old != NULL)
    apply (w, old, -1);
  gboolean holds = t != NULL && task_holds (t);
  gboolean waits = t != NULL && task_waits (t);
  if (!holds && !waits) {
    if (old != NULL)
      g_hash_table_remove (w->task_counts, &id);
    forget_pending_said (old_svc);
    return;
  }
  TaskCount *c = old;
  if (c == NULL) {
    c = g_new0 (TaskCount, 1);
    c->id = id;
    g_hash_table_insert (w->task_counts, &c->id, c);
  }
  c->node = holds ? g_hash_table_lookup (w->node_by_orch, GUINT_TO_POINTER (t->node_id)) : NULL;
  c->svc = g_hash_table_lookup (w->service_by_id, GUINT_TO_POINTER (t->service_id));
  c->service_id = c->svc != NULL ? t->service_id : 0;
  c->cpu_nanocpus = holds ? t->spec->reservations.nanocpus : 0;
  c->mem_bytes = holds ? t->spec->reservations.memory_bytes : 0;
  c->pending = waits;
  apply (w, c, +1);
  forget_pending_said (old_svc);
  forget_pending_said (c->svc);
}

void
swarm_world__count_node (SwarmWorld *w, WorldNode *node)
{
  SwarmCounters *k = &w->counters;
  const OrchNode *n = node->orch_id != 0
                          ? orch_store_get_node (orch_manager_get_store (w->manager), node->orch_id)
                          : NULL;
  gboolean ready = n != NULL && n->status == ORCH_NODE_READY;
  if (node->counted_ready) {
    k->ready_nodes--;
    k->capacity_nanocpus -= node->counted_nanocpus;
    k->capacity_mem_bytes -= node->counted_mem_bytes;
    k->reserved_nanocpus -= node->reserved_nanocpus;
    k->reserved_mem_bytes -= node->reserved_mem_bytes;
  }
  node->counted_ready = ready;
  node->counted_nanocpus = ready ? n->capacity.nanocpus : 0;
  node->counted_mem_bytes = ready ? n->capacity.memory_bytes : 0;
  if (ready) {
    k->ready_nodes++;
    k->capacity_nanocpus += node->counted_nanocpus;
    k->capacity_mem_bytes += node->counted_mem_bytes;
    k->reserved_nanocpus += node->reserved_nanocpus;
    k->reserved_mem_bytes += node->reserved_mem_bytes;
  }
}

void
swarm_world__count_service_removed (SwarmWorld *w, WorldService *svc)
{
  (void)w;
  svc->reserved_nanocpus = 0;
  svc->reserved_mem_bytes = 0;
  svc->pending_tasks = 0;
  svc->pending_said = NULL;
}

void
swarm_world__count_all (SwarmWorld *w)
{
  /* O(nodes + tasks): only after a leader's start-up, whose allocator pass writes without
   * reporting actions (models/orchestrator/manager.c allocate_existing). */
  for (guint i = 0; i < w->nodes->len; i++)
    swarm_world__count_node (w, g_ptr_array_index (w->nodes, i));
  g_autoptr (GPtrArray) tasks = orch_store_dup_tasks (orch_manager_get_store (w->manager));
  for (guint i = 0; i < tasks->len; i++)
    swarm_world__count_task (w, ((const OrchTask *)g_ptr_array_index (tasks, i))->id);
}

void
swarm_world__counters_init (SwarmWorld *w)
{
  w->task_counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
}

void
swarm_world__counters_clear (SwarmWorld *w)
{
  g_clear_pointer (&w->task_counts, g_hash_table_unref);
}

void
swarm_world__counters_get (const SwarmWorld *w, SwarmCounters *out)
{
  *out = w->counters;
  out->service_reserved_nanocpus = 0;
  out->service_reserved_mem_bytes = 0;
  for (guint i = 0; i < w->services->len; i++) {
    const WorldService *s = g_ptr_array_index (w->services, i);
    if (s->id == 0)
      continue;
    out->service_reserved_nanocpus += s->reserved_nanocpus;
    out->service_reserved_mem_bytes += s->reserved_mem_bytes;
  }
}

/* The same numbers by a full scan of the store. */
static void
scan (const SwarmWorld *w, SwarmCounters *out, GHashTable *pending_out)
{
  OrchStore *store = orch_manager_get_store (w->manager);
  const GPtrArray *nodes = orch_store_get_nodes (store);
  memset (out, 0, sizeof *out);
  for (guint i = 0; i < nodes->len; i++) {
    const OrchNode *n = g_ptr_array_index (nodes, i);
    if (n->status != ORCH_NODE_READY)
      continue;
    out->ready_nodes++;
    out->capacity_nanocpus += n->capacity.nanocpus;
    out->capacity_mem_bytes += n->capacity.memory_bytes;
  }
  for (guint i = 0; i < w->services->len; i++) {
    const WorldService *s = g_ptr_array_index (w->services, i);
    const GPtrArray *tasks = s->id != 0 ? orch_store_get_service_tasks (store, s->id) : NULL;
    guint64 pending = 0;
    for (guint k = 0; tasks != NULL && k < tasks->len; k++) {
      const OrchTask *t = g_ptr_array_index (tasks, k);
      pending += task_waits (t) ? 1u : 0u;
      if (!task_holds (t))
        continue;
      out->service_reserved_nanocpus += t->spec->reservations.nanocpus;
      out->service_reserved_mem_bytes += t->spec->reservations.memory_bytes;
    }
    g_hash_table_insert (pending_out, GUINT_TO_POINTER (s->index),
                         GSIZE_TO_POINTER ((gsize)pending));
  }
  g_autoptr (GPtrArray) all = orch_store_dup_tasks (store);
  for (guint i = 0; i < all->len; i++) {
    const OrchTask *t = g_ptr_array_index (all, i);
    const OrchNode *n = task_holds (t) ? orch_store_get_node (store, t->node_id) : NULL;
    if (n == NULL || n->status != ORCH_NODE_READY)
      continue;
    out->reserved_nanocpus += t->spec->reservations.nanocpus;
    out->reserved_mem_bytes += t->spec->reservations.memory_bytes;
  }
}

gboolean
swarm_world_check (const SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, FALSE);
  SwarmCounters have, want;
  g_autoptr (GHashTable) pending = g_hash_table_new (g_direct_hash, g_direct_equal);
  swarm_world__counters_get (world, &have);
  scan (world, &want, pending);
  gboolean ok = have.ready_nodes == want.ready_nodes &&
                have.capacity_nanocpus == want.capacity_nanocpus &&
                have.capacity_mem_bytes == want.capacity_mem_bytes &&
                have.reserved_nanocpus == want.reserved_nanocpus &&
                have.reserved_mem_bytes == want.reserved_mem_bytes &&
                have.service_reserved_nanocpus == want.service_reserved_nanocpus &&
                have.service_reserved_mem_bytes == want.service_reserved_mem_bytes;
  for (guint i = 0; i < world->services->len; i++) {
    const WorldService *s = g_ptr_array_index (world->services, i);
    if (s->id != 0)
      ok = ok && s->pending_tasks ==
                     GPOINTER_TO_SIZE (g_hash_table_lookup (pending, GUINT_TO_POINTER (s->index)));
  }
  return ok;
}
