/* SPDX-License-Identifier: MIT
 * Reading the world (capacity, reservations, counts, cost), sampling it into the record at every
 * timeline step, and the capacity operations an autoscaler uses (remove, resize). */
#include "models/swarm/world_private.h"

#include <stdlib.h>
#include <string.h>

#include "models/swarm/raft.h"
#include "models/swarm/signals_private.h"

void
swarm_world__sample (SwarmWorld *w)
{
  SimTime now = swarm_world__now (w);
  for (guint i = 0; i < w->services->len; i++) {
    const WorldService *s = g_ptr_array_index (w->services, i);
    if (s->id == 0)
      continue;
    SwarmTimelineRow row = { now, s->name, swarm_world__service_desired (w, s), s->running_total,
                             s->pending_tasks };
    g_array_append_val (w->record->timeline, row);
  }
  /* O(services): the counters are kept up to date where the store changes (world_counters.c). */
  SwarmCounters k;
  swarm_world__counters_get (w, &k);
  SwarmClusterRow c = { 0 };
  c.t_us = now;
  c.nodes_ready = k.ready_nodes;
  c.cpu_capacity_nanocpus = k.capacity_nanocpus;
  c.cpu_reserved_nanocpus = k.reserved_nanocpus;
  c.mem_capacity_bytes = k.capacity_mem_bytes;
  c.mem_reserved_bytes = k.reserved_mem_bytes;
  c.usd_per_hour = ec2_ledger_get_usd_per_hour (w->ledger);
  c.usd_total = ec2_ledger_get_total_usd (w->ledger, now);
  /* O(nodes) per sample, as raft counts the members at every change: 10^4 nodes sampled every
   * second (the default step) for a day are 8.6 × 10^8 flag tests, about a second. Keep the
   * count up to date in world_raft.c if that starts to matter (issue 19). */
  guint members = 0;
  swarm_world__raft_count (w, &members, &c.managers_reachable);
  c.quorum_needed = swarm_raft_quorum (members);
  g_array_append_val (w->record->cluster, c);
}

/* Orders one service's pending rows: the most tasks first, then the reason's text. */
static gint
compare_pending_rows (gconstpointer a, gconstpointer b)
{
  const SwarmPendingRow *x = a, *y = b;
  if (x->tasks != y->tasks)
    return x->tasks > y->tasks ? -1 : 1;
  return strcmp (x->reason, y->reason);
}

/* One scan of each live service's tasks, once per run; a service has few distinct reasons, so a
 * linear search among its rows is enough. */
void
swarm_world__pending_close (SwarmWorld *w)
{
  OrchStore *store = orch_manager_get_store (w->manager);
  GArray *out = w->record->pending;
  g_return_if_fail (out->len == 0);
  for (guint i = 0; i < w->services->len; i++) {
    const WorldService *s = g_ptr_array_index (w->services, i);
    if (s->id == 0 || s->pending_tasks == 0)
      continue;
    guint first = out->len;
    const GPtrArray *tasks = orch_store_get_service_tasks (store, s->id);
    for (guint t = 0; tasks != NULL && t < tasks->len; t++) {
      const OrchTask *task = g_ptr_array_index (tasks, t);
      if (task->state != ORCH_TASK_PENDING || task->desired > ORCH_TASK_RUNNING)
        continue;
      const char *reason = swarm_record__intern (w->record, task->err);
      guint r = first;
      while (r < out->len && g_array_index (out, SwarmPendingRow, r).reason != reason)
        r++;
      if (r == out->len) {
        SwarmPendingRow row = { s->name, 0, reason };
        g_array_append_val (out, row);
      }
      g_array_index (out, SwarmPendingRow, r).tasks++;
    }
    qsort (&g_array_index (out, SwarmPendingRow, first), out->len - first, sizeof (SwarmPendingRow),
           compare_pending_rows);
  }
}

guint
swarm_world_get_node_count (const SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, 0);
  guint n = 0;
  for (guint i = 0; i < world->nodes->len; i++)
    n += ((const WorldNode *)g_ptr_array_index (world->nodes, i))->phase != NODE_PHASE_STOPPED;
  return n;
}

guint
swarm_world_get_ready_node_count (const SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, 0);
  return world->counters.ready_nodes;
}

guint64
swarm_world_get_pending_tasks (const SwarmWorld *world, const char *service)
{
  g_return_val_if_fail (world != NULL, 0);
  guint64 n = 0;
  for (guint i = 0; i < world->services->len; i++) {
    const WorldService *s = g_ptr_array_index (world->services, i);
    if (s->id != 0 && (service == NULL || g_strcmp0 (service, s->name) == 0))
      n += s->pending_tasks;
  }
  return n;
}

guint64
swarm_world_get_running_tasks (const SwarmWorld *world, const char *service)
{
  g_return_val_if_fail (world != NULL, 0);
  guint64 n = 0;
  for (guint i = 0; i < world->services->len; i++) {
    const WorldService *s = g_ptr_array_index (world->services, i);
    if (service == NULL || g_strcmp0 (service, s->name) == 0)
      n += s->running_total;
  }
  return n;
}

void
swarm_world_get_resources (const SwarmWorld *world, gint64 *cpu_capacity_out,
                           gint64 *cpu_reserved_out, gint64 *mem_capacity_out,
                           gint64 *mem_reserved_out)
{
  g_return_if_fail (world != NULL);
  SwarmCounters k;
  swarm_world__counters_get (world, &k);
  if (cpu_capacity_out != NULL)
    *cpu_capacity_out = k.capacity_nanocpus;
  if (cpu_reserved_out != NULL)
    *cpu_reserved_out = k.service_reserved_nanocpus;
  if (mem_capacity_out != NULL)
    *mem_capacity_out = k.capacity_mem_bytes;
  if (mem_reserved_out != NULL)
    *mem_reserved_out = k.service_reserved_mem_bytes;
}

void
swarm_world_get_ready_reserved (const SwarmWorld *world, gint64 *cpu_reserved_out,
                                gint64 *mem_reserved_out)
{
  g_return_if_fail (world != NULL);
  if (cpu_reserved_out != NULL)
    *cpu_reserved_out = world->counters.reserved_nanocpus;
  if (mem_reserved_out != NULL)
    *mem_reserved_out = world->counters.reserved_mem_bytes;
}

gboolean
swarm_world_has_leader (const SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, FALSE);
  return world->leader != NULL;
}

const char *
swarm_world_get_leader (const SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, NULL);
  return world->leader != NULL ? world->leader->name : NULL;
}

double
swarm_world_get_cost_usd (const SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, 0.0);
  return ec2_ledger_get_total_usd (world->ledger, swarm_world__now (world));
}

gboolean
swarm_world_get_node_status (const SwarmWorld *world, const char *node, OrchNodeStatus *status_out)
{
  g_return_val_if_fail (world != NULL && node != NULL && status_out != NULL, FALSE);
  WorldNode *n = g_hash_table_lookup (world->node_by_name, node);
  const OrchNode *on =
      n != NULL && n->orch_id != 0
          ? orch_store_get_node (orch_manager_get_store (world->manager), n->orch_id)
          : NULL;
  if (on == NULL)
    return FALSE;
  *status_out = on->status;
  return TRUE;
}

/* The instance stops (resize) or terminates (remove): the OS shutdown stops the containers within
 * their stop grace period, billing ends now. */
static void
stop_instance (SwarmWorld *w, WorldNode *node)
{
  SimTime now = swarm_world__now (w);
  if (node->phase == NODE_PHASE_UP)
    swarm_world__failure_begin (w, node, node->resize_to != NULL ? "resize" : "remove");
  swarm_world__agent_stop_all (w, node);
  sim_engine_cancel (w->engine, node->lifecycle_ev);
  sim_engine_cancel (w->engine, node->reconnect_ev);
  node->lifecycle_ev = node->reconnect_ev = 0;
  if (node->phase == NODE_PHASE_UP)
    swarm_world__node_silent (w, node);
  node->phase = NODE_PHASE_STOPPED;
  node->partitioned = FALSE;
  swarm_world__signal_node_state (w, node);
  node->connected = FALSE;
  if (node->ledger_run != 0)
    ec2_ledger_stop (w->ledger, node->ledger_run, now);
  node->ledger_run = 0;
  swarm_world__note_node (w, node);
  if (node->raft_member)
    swarm_world__raft_changed (w);
  swarm_world__running_changed (w);
}

gboolean
swarm_world_remove_node (SwarmWorld *world, const char *node, GError **error)
{
  g_return_val_if_fail (world != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  WorldNode *n = swarm_world__find_node (world, node, error);
  if (n == NULL)
    return FALSE;
  if (n->phase == NODE_PHASE_STOPPED) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID,
                 "node \"%s\" is already stopped", node);
    return FALSE;
  }
  swarm_record__narrate (world->record, swarm_world__now (world), "%s removed and terminated",
                         n->name);
  n->raft_member = FALSE;
  stop_instance (world, n);
  /* "docker node rm --force": the node object goes; its tasks become ORPHANED and get replaced. */
  if (n->orch_id != 0 && swarm_world__has_control (world)) {
    orch_manager_remove_node (world->manager, n->orch_id, swarm_world__now (world));
    swarm_world__count_node (world, n);
    swarm_world__commit (world);
  }
  swarm_world__raft_changed (world);
  swarm_world__signal_node_removed (world, n);
  return TRUE;
}

gboolean
swarm_world_resize_node (SwarmWorld *world, const char *node, const char *instance_type,
                         GError **error)
{
  g_return_val_if_fail (world != NULL && instance_type != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  WorldNode *n = swarm_world__find_node (world, node, error);
  if (n == NULL)
    return FALSE;
  const Ec2InstanceType *type = ec2_catalog_get (world->catalog, instance_type, NULL);
  if (type == NULL || n->phase != NODE_PHASE_UP) {
    g_set_error (error, SWARM_WORLD_ERROR,
                 type == NULL ? SWARM_WORLD_ERROR_UNKNOWN_NAME : SWARM_WORLD_ERROR_INVALID,
                 type == NULL ? "unknown instance type \"%s\"" : "node \"%s\" is not up",
                 type == NULL ? instance_type : node);
    return FALSE;
  }
  swarm_record__narrate (world->record, swarm_world__now (world),
                         "%s resized from %s to %s (stop, start)", n->name, n->type->name,
                         type->name);
  n->resize_to = type;
  stop_instance (world, n);
  /* docs/calibration.md: a resize is stop → change type → start; the start takes a launch time. */
  swarm_world__node_launch (world, n, TRUE);
  return TRUE;
}
