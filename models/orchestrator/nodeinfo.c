/* SPDX-License-Identifier: MIT
 * Per-node bookkeeping for the scheduler, after SwarmKit's manager/scheduler/nodeinfo.go. Held
 * tasks are the ones that consume the node (§1.3): they reserve resources and host ports whatever
 * their desired state, and count as active only while their desired state is ≤ COMPLETE. */
#include "models/orchestrator/nodeinfo.h"

#include "models/orchestrator/scheduler.h"

#include <string.h>

OrchSchedTask *
orch_sched_task_new (const OrchTask *task)
{
  g_return_val_if_fail (task != NULL, NULL);

  OrchSchedTask *copy = g_new0 (OrchSchedTask, 1);
  copy->id = task->id;
  copy->service_id = task->service_id;
  copy->spec_version = task->spec_version;
  copy->slot = task->slot;
  copy->spec = orch_service_spec_ref (task->spec);
  orch_sched_task_refresh (copy, task);
  return copy;
}

void
orch_sched_task_refresh (OrchSchedTask *copy, const OrchTask *task)
{
  g_return_if_fail (copy != NULL && task != NULL && copy->id == task->id);
  copy->node_id = task->node_id;
  copy->state = task->state;
  copy->desired = task->desired;
}

void
orch_sched_task_free (OrchSchedTask *copy)
{
  if (copy == NULL)
    return;
  g_clear_pointer (&copy->spec, orch_service_spec_unref);
  g_clear_pointer (&copy->claimed, g_array_unref);
  g_free (copy);
}

static void
failure_entry_clear (gpointer data)
{
  OrchFailureEntry *entry = data;
  g_clear_pointer (&entry->times, g_array_unref);
}

OrchNodeInfo *
orch_node_info_new (const OrchNode *node, OrchTime now)
{
  g_return_val_if_fail (node != NULL, NULL);

  OrchNodeInfo *info = g_new0 (OrchNodeInfo, 1);
  info->id = node->id;
  info->node = node;
  orch_resources_copy (&info->available, &node->capacity);
  info->tasks = g_hash_table_new (g_int64_hash, g_int64_equal);
  info->active_by_service = g_hash_table_new (g_direct_hash, g_direct_equal);
  info->last_cleanup = now;
  return info;
}

void
orch_node_info_free (OrchNodeInfo *info)
{
  if (info == NULL)
    return;
  /* Held tasks outlive their node's info (a node delete leaves them in the scheduler). */
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, info->tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((OrchSchedTask *)value)->held_on = 0;
  orch_resources_clear (&info->available);
  g_hash_table_unref (info->tasks);
  g_hash_table_unref (info->active_by_service);
  g_clear_pointer (&info->used_ports, g_hash_table_unref);
  g_clear_pointer (&info->failures, g_array_unref);
  g_free (info);
}

static OrchGenericResource *
find_generic (const OrchResources *res, const char *kind)
{
  for (guint i = 0; res->generic != NULL && i < res->generic->len; i++) {
    OrchGenericResource *g = g_ptr_array_index (res->generic, i);
    if (strcmp (g->kind, kind) == 0)
      return g;
  }
  return NULL;
}

/* Decides what the task takes (consume() then subtracts it). SwarmKit claims named resources
 * one by one and a discrete one only when it is large enough.
 * With named sets modelled as counts, both become "take what is asked, up to what is there",
 * which differs only on an over-committed node (a snapshot or a preassigned task). */
static void
claim_generic (OrchNodeInfo *info, OrchSchedTask *task)
{
  const OrchResources *req = &task->spec->reservations;
  g_clear_pointer (&task->claimed, g_array_unref);
  for (guint i = 0; req->generic != NULL && i < req->generic->len; i++) {
    const OrchGenericResource *want = g_ptr_array_index (req->generic, i);
    OrchGenericResource *have = find_generic (&info->available, want->kind);
    gint64 take = have != NULL ? MIN (have->count, want->count) : 0;
    if (take <= 0)
      continue;
    if (task->claimed == NULL)
      task->claimed = g_array_new (FALSE, FALSE, sizeof (OrchGenericClaim));
    OrchGenericClaim claim = { want->kind, take };
    g_array_append_val (task->claimed, claim);
  }
}

static void
consume (OrchResources *available, const OrchSchedTask *task, gint64 sign)
{
  available->nanocpus -= sign * task->spec->reservations.nanocpus;
  available->memory_bytes -= sign * task->spec->reservations.memory_bytes;
  for (guint i = 0; task->claimed != NULL && i < task->claimed->len; i++) {
    const OrchGenericClaim *claim = &g_array_index (task->claimed, OrchGenericClaim, i);
    OrchGenericResource *have = find_generic (available, claim->kind);
    if (have != NULL)
      have->count -= sign * claim->count;
    else if (sign < 0)
      orch_resources_add_generic (available, claim->kind, claim->count);
  }
}

void
orch_node_info_set_node (OrchNodeInfo *info, const OrchNode *node)
{
  g_return_if_fail (info != NULL && node != NULL && node->id == info->id);

  info->node = node;
  orch_resources_clear (&info->available);
  orch_resources_copy (&info->available, &node->capacity);
  /* Subtraction commutes, so the hash table's order cannot show in the result. */
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, info->tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    consume (&info->available, value, 1);
}

static guint
port_key (const OrchHostPort *port)
{
  return port->port * 2u + (port->is_udp ? 1u : 0u) + 1u;
}

static void
count_active (OrchNodeInfo *info, OrchSchedTask *task, gboolean active)
{
  gpointer key = GUINT_TO_POINTER (task->service_id);
  gsize n = GPOINTER_TO_SIZE (g_hash_table_lookup (info->active_by_service, key));
  if (active) {
    info->active_tasks++;
    n++;
  } else {
    g_assert (n > 0 && info->active_tasks > 0);
    info->active_tasks--;
    n--;
  }
  if (n == 0)
    g_hash_table_remove (info->active_by_service, key);
  else
    g_hash_table_insert (info->active_by_service, key, GSIZE_TO_POINTER (n));
  if (info->has_focus && info->focus_service == task->service_id)
    info->focus_count = (gint64)n;
  task->counted_active = active;
}

gboolean
orch_node_info_add_task (OrchNodeInfo *info, OrchSchedTask *task)
{
  g_return_val_if_fail (info != NULL && task != NULL, FALSE);

  gboolean active = task->desired <= ORCH_TASK_COMPLETE;
  if (g_hash_table_contains (info->tasks, &task->id)) {
    if (active == task->counted_active)
      return FALSE;
    count_active (info, task, active);
    return TRUE;
  }
  g_hash_table_insert (info->tasks, &task->id, task);
  task->held_on = info->id;
  claim_generic (info, task);
  consume (&info->available, task, 1);
  const GArray *ports = task->spec->host_ports;
  for (guint i = 0; ports != NULL && i < ports->len; i++) {
    if (info->used_ports == NULL)
      info->used_ports = g_hash_table_new (g_direct_hash, g_direct_equal);
    guint key = port_key (&g_array_index (ports, OrchHostPort, i));
    g_hash_table_add (info->used_ports, GUINT_TO_POINTER (key));
  }
  task->counted_active = FALSE;
  if (active)
    count_active (info, task, TRUE);
  return TRUE;
}

gboolean
orch_node_info_remove_task (OrchNodeInfo *info, OrchSchedTask *task)
{
  g_return_val_if_fail (info != NULL && task != NULL, FALSE);

  if (!g_hash_table_remove (info->tasks, &task->id))
    return FALSE;
  task->held_on = 0;
  if (task->counted_active)
    count_active (info, task, FALSE);
  /* Ports are a set, as in SwarmKit: two held tasks on one port free it together. */
  const GArray *ports = task->spec->host_ports;
  for (guint i = 0; info->used_ports != NULL && ports != NULL && i < ports->len; i++) {
    guint key = port_key (&g_array_index (ports, OrchHostPort, i));
    g_hash_table_remove (info->used_ports, GUINT_TO_POINTER (key));
  }
  consume (&info->available, task, -1);
  g_clear_pointer (&task->claimed, g_array_unref);
  return TRUE;
}

void
orch_node_info_set_focus (OrchNodeInfo *info, OrchServiceId service)
{
  g_return_if_fail (info != NULL);
  info->has_focus = FALSE;
  info->focus_count = orch_node_info_get_service_count (info, service);
  info->focus_service = service;
  info->has_focus = TRUE;
}

gint64
orch_node_info_get_service_count (const OrchNodeInfo *info, OrchServiceId service)
{
  g_return_val_if_fail (info != NULL, 0);
  /* nodeLess asks for one service several times per node and group: profiling the benchmark
   * showed these lookups at 45% of a pass before the cache. */
  if (info->has_focus && info->focus_service == service)
    return info->focus_count;
  gpointer v = g_hash_table_lookup (info->active_by_service, GUINT_TO_POINTER (service));
  return (gint64)GPOINTER_TO_SIZE (v);
}

static OrchFailureEntry *
find_failures (const OrchNodeInfo *info, OrchServiceId service, guint64 version)
{
  for (guint i = 0; info->failures != NULL && i < info->failures->len; i++) {
    OrchFailureEntry *e = &g_array_index (info->failures, OrchFailureEntry, i);
    if (e->service_id == service && e->spec_version == version)
      return e;
  }
  return NULL;
}

/* The periodic sweep of nodeinfo.go cleanupFailures: drop keys whose failures are all old. */
static void
cleanup_failures (OrchNodeInfo *info, OrchTime now)
{
  for (guint i = 0; info->failures != NULL && i < info->failures->len;) {
    OrchFailureEntry *e = &g_array_index (info->failures, OrchFailureEntry, i);
    OrchTime newest = g_array_index (e->times, OrchTime, e->times->len - 1);
    if (now - newest < ORCH_SCHEDULER_FAILURE_WINDOW_US)
      i++;
    else
      g_array_remove_index (info->failures, i);
  }
  info->last_cleanup = now;
}

void
orch_node_info_task_failed (OrchNodeInfo *info, OrchServiceId service, guint64 version,
                            OrchTime now)
{
  g_return_if_fail (info != NULL);

  if (now - info->last_cleanup >= ORCH_SCHEDULER_FAILURE_WINDOW_US)
    cleanup_failures (info, now);
  OrchFailureEntry *e = find_failures (info, service, version);
  if (e == NULL) {
    if (info->failures == NULL) {
      info->failures = g_array_new (FALSE, FALSE, sizeof (OrchFailureEntry));
      g_array_set_clear_func (info->failures, failure_entry_clear);
    }
    OrchFailureEntry fresh = { service, version, g_array_new (FALSE, FALSE, sizeof (OrchTime)) };
    g_array_append_val (info->failures, fresh);
    e = &g_array_index (info->failures, OrchFailureEntry, info->failures->len - 1);
  }
  guint expired = 0;
  while (expired < e->times->len &&
         now - g_array_index (e->times, OrchTime, expired) >= ORCH_SCHEDULER_FAILURE_WINDOW_US)
    expired++;
  g_array_remove_range (e->times, 0, expired);
  g_array_append_val (e->times, now);
}

guint
orch_node_info_count_recent_failures (const OrchNodeInfo *info, OrchServiceId service,
                                      guint64 version, OrchTime now)
{
  g_return_val_if_fail (info != NULL, 0);

  const OrchFailureEntry *e = find_failures (info, service, version);
  if (e == NULL)
    return 0;
  /* Newest last: walk back to the first failure outside the window (countRecentFailures). */
  for (guint i = e->times->len; i > 0; i--) {
    if (now - g_array_index (e->times, OrchTime, i - 1) > ORCH_SCHEDULER_FAILURE_WINDOW_US)
      return e->times->len - i;
  }
  return e->times->len;
}

gboolean
orch_node_info_has_resources (const OrchNodeInfo *info, const OrchResources *req)
{
  g_return_val_if_fail (info != NULL && req != NULL, FALSE);

  if (req->nanocpus > info->available.nanocpus || req->memory_bytes > info->available.memory_bytes)
    return FALSE;
  for (guint i = 0; req->generic != NULL && i < req->generic->len; i++) {
    const OrchGenericResource *want = g_ptr_array_index (req->generic, i);
    const OrchGenericResource *have = find_generic (&info->available, want->kind);
    if (have == NULL || want->count > have->count)
      return FALSE;
  }
  return TRUE;
}

gboolean
orch_node_info_port_in_use (const OrchNodeInfo *info, const OrchHostPort *port)
{
  g_return_val_if_fail (info != NULL && port != NULL, FALSE);
  return info->used_ports != NULL &&
         g_hash_table_contains (info->used_ports, GUINT_TO_POINTER (port_key (port)));
}
