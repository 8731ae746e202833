/* SPDX-License-Identifier: MIT
 * Each service's availability integrals (∫ min(running, desired) dt and ∫ desired dt, advanced
 * exactly at every change of either count) and the task rows of the record. The failure rows
 * that share the same deficit are world_recovery.c's. */
#include "models/swarm/world_private.h"

static void
advance_to (SwarmWorld *w, WorldService *svc, SimTime t)
{
  SwarmAvailabilityRow *row =
      &g_array_index (w->record->availability, SwarmAvailabilityRow, svc->index);
  if (t <= svc->avail_since)
    return;
  gint64 dt = t - svc->avail_since;
  swarm_world__failure_shares_advance (w, svc, dt);
  /* gint64 replica-µs: 10^5 replicas for 10^9 s (31 years) stay below 2^63. */
  row->up_replica_us += (gint64)MIN (svc->running_total, svc->desired_now) * dt;
  row->desired_replica_us += (gint64)svc->desired_now * dt;
  svc->avail_since = t;
}

void
swarm_world__availability_advance (SwarmWorld *w, WorldService *svc)
{
  advance_to (w, svc, swarm_world__now (w));
}

void
swarm_world__availability_refresh (SwarmWorld *w, WorldService *svc)
{
  advance_to (w, svc, swarm_world__now (w));
  svc->desired_now = swarm_world__service_desired (w, svc);
  svc->desired_dirty = FALSE;
}

/* O(services) per commit, plus O(tasks) for each global service touched: the desired count of a
 * global service is a count over its tasks, so it is read only when the orchestrator changed them.
 */
void
swarm_world__availability_refresh_dirty (SwarmWorld *w)
{
  for (guint i = 0; i < w->services->len; i++) {
    WorldService *s = g_ptr_array_index (w->services, i);
    if (s->desired_dirty)
      swarm_world__availability_refresh (w, s);
  }
}

void
swarm_world__availability_close (SwarmWorld *w, SimTime end_us)
{
  for (guint i = 0; i < w->services->len; i++)
    advance_to (w, g_ptr_array_index (w->services, i), end_us);
}

void
swarm_world__record_task (SwarmWorld *w, OrchTaskId task)
{
  const OrchTask *t = orch_store_get_task (orch_manager_get_store (w->manager), task);
  if (t == NULL)
    return;
  WorldService *svc = g_hash_table_lookup (w->service_by_id, GUINT_TO_POINTER (t->service_id));
  WorldNode *node = g_hash_table_lookup (w->node_by_orch, GUINT_TO_POINTER (t->node_id));
  SwarmTaskRow row = { swarm_world__now (w),
                       t->id,
                       svc != NULL ? svc->name : "",
                       t->slot,
                       node != NULL ? swarm_record__intern (w->record, node->name) : "",
                       t->state,
                       t->desired,
                       swarm_record__intern (w->record, t->err),
                       swarm_record__intern (w->record,
                                             node != NULL ? node->group->availability_zone : ""),
                       swarm_record__intern (w->record, node != NULL ? node->type->name : "") };
  if (svc == NULL)
    row.service = swarm_record__intern (w->record, "");
  if (node == NULL)
    row.node = swarm_record__intern (w->record, "");
  g_array_append_val (w->record->tasks, row);
}
