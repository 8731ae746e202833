/* SPDX-License-Identifier: MIT
 * The restart supervisor: policy checks with per-slot history (MaxAttempts, Window) and replacement
 * creation, following SwarmKit's manager/orchestrator/restart/restart.go. The delayed starts it
 * arms live in restart_delay.c. */
#include "models/orchestrator/restart.h"

#include "models/orchestrator/restart_private.h"
#include "models/orchestrator/types_private.h"

/* A slot's identity for restart history: (service, slot) for replicated services and
 * (service, node) for global ones (SwarmKit's SlotTuple). */
typedef struct {
  OrchServiceId service_id;
  guint32 slot;
  OrchNodeId node_id;
} SlotKey;

typedef struct {
  guint64 total_restarts;
  guint64 spec_version;
  GArray *timestamps; /* (element-type OrchTime) (nullable) owned; oldest first; windowed only */
} RestartInfo;

static guint
slot_key_hash (gconstpointer p)
{
  const SlotKey *k = p;
  return (k->service_id * 2654435761u) ^ (k->slot * 40503u) ^ k->node_id;
}

static gboolean
slot_key_equal (gconstpointer a, gconstpointer b)
{
  const SlotKey *x = a, *y = b;
  return x->service_id == y->service_id && x->slot == y->slot && x->node_id == y->node_id;
}

static void
restart_info_free (gpointer data)
{
  RestartInfo *info = data;
  g_clear_pointer (&info->timestamps, g_array_unref);
  g_free (info);
}

OrchRestart *
orch_restart_new (void)
{
  OrchRestart *r = g_new0 (OrchRestart, 1);
  r->history = g_hash_table_new_full (slot_key_hash, slot_key_equal, g_free, restart_info_free);
  orch_restart__delays_init (r);
  return r;
}

void
orch_restart_free (OrchRestart *restart)
{
  if (restart == NULL)
    return;
  orch_restart__delays_clear (restart);
  g_hash_table_unref (restart->history);
  g_free (restart);
}

static SlotKey
slot_key_for (const OrchService *service, const OrchTask *task)
{
  SlotKey key = { task->service_id, task->slot, 0 };
  /* Slot numbers mean nothing for global tasks, so their history is per node. */
  if (service->spec->mode == ORCH_MODE_GLOBAL) {
    key.slot = 0;
    key.node_id = task->node_id;
  }
  return key;
}

/* --- policy ---------------------------------------------------------------------------------- */

/* Counts the restarts inside (ts − window, ts), forgetting those at or before ts − window as
 * restart.go does, so the list stays bounded by MaxAttempts plus the restarts of one window. */
static guint64
restarts_in_window (RestartInfo *info, OrchTime ts, OrchTime window_us)
{
  OrchTime lookback = ts - window_us;
  guint drop = 0;
  while (drop < info->timestamps->len &&
         g_array_index (info->timestamps, OrchTime, drop) <= lookback)
    drop++;
  g_array_remove_range (info->timestamps, 0, drop);
  guint64 n = info->timestamps->len;
  /* Restarts recorded at or after the failed task's own timestamp happened after it failed. */
  for (guint i = info->timestamps->len; i > 0; i--) {
    if (g_array_index (info->timestamps, OrchTime, i - 1) < ts)
      break;
    n--;
  }
  if (info->timestamps->len == 0)
    g_clear_pointer (&info->timestamps, g_array_unref);
  return n;
}

gboolean
orch_restart_should_restart (OrchRestart *restart, const OrchTask *task, const OrchService *service)
{
  g_return_val_if_fail (restart != NULL && task != NULL && service != NULL, FALSE);
  const OrchRestartPolicy *policy = &task->spec->restart;

  switch (policy->condition) {
    case ORCH_RESTART_NONE:
      return FALSE;
    case ORCH_RESTART_ON_FAILURE:
      /* COMPLETE means exit code 0: not a failure. */
      if (task->state == ORCH_TASK_COMPLETE)
        return FALSE;
      break;
    case ORCH_RESTART_ANY:
      break;
    default:
      g_return_val_if_reached (FALSE);
  }
  if (policy->max_attempts == 0)
    return TRUE;

  SlotKey key = slot_key_for (service, task);
  RestartInfo *info = g_hash_table_lookup (restart->history, &key);
  if (info == NULL || (task->spec_version != 0 && task->spec_version != info->spec_version))
    return TRUE;
  if (policy->window_us == 0)
    return info->total_restarts < policy->max_attempts;
  if (info->timestamps == NULL)
    return TRUE;
  return restarts_in_window (info, orch__task_timestamp (task), policy->window_us) <
         policy->max_attempts;
}

void
orch_restart_record_history (OrchRestart *restart, const OrchService *service,
                             const OrchTask *replacement)
{
  g_return_if_fail (restart != NULL && service != NULL && replacement != NULL);
  const OrchRestartPolicy *policy = &replacement->spec->restart;
  if (policy->max_attempts == 0)
    return;

  SlotKey key = slot_key_for (service, replacement);
  RestartInfo *info = g_hash_table_lookup (restart->history, &key);
  if (info == NULL) {
    info = g_new0 (RestartInfo, 1);
    g_hash_table_insert (restart->history, g_memdup2 (&key, sizeof key), info);
  }
  /* Failures under an older spec must not count against the new one. */
  if (replacement->spec_version != 0 && replacement->spec_version != info->spec_version) {
    g_clear_pointer (&info->timestamps, g_array_unref);
    info->total_restarts = 0;
    info->spec_version = replacement->spec_version;
  }
  info->total_restarts++;
  if (policy->window_us != 0) {
    if (info->timestamps == NULL)
      info->timestamps = g_array_new (FALSE, FALSE, sizeof (OrchTime));
    g_array_append_val (info->timestamps, replacement->created_at);
  }
}

static gboolean
key_has_service (gpointer key, gpointer value, gpointer user_data)
{
  const SlotKey *k = key;
  (void)value;
  return k->service_id == GPOINTER_TO_UINT (user_data);
}

void
orch_restart_clear_service_history (OrchRestart *restart, OrchServiceId service_id)
{
  g_return_if_fail (restart != NULL);
  /* Removal only: the table's iteration order cannot reach any decision. */
  g_hash_table_foreach_remove (restart->history, key_has_service, GUINT_TO_POINTER (service_id));
}

/* Newest by (timestamp, id): the id breaks ties so equal timestamps give one answer. */
static gboolean
task_newer (const OrchTask *a, const OrchTask *b)
{
  OrchTime ta = orch__task_timestamp (a), tb = orch__task_timestamp (b);
  return ta != tb ? ta > tb : a->id > b->id;
}

void
orch_restart_updatable_in_slot (OrchRestart *restart, const GPtrArray *slot_tasks,
                                const OrchService *service, gboolean rollback_started,
                                GPtrArray *out)
{
  g_return_if_fail (restart != NULL && slot_tasks != NULL && service != NULL && out != NULL);
  if (slot_tasks->len == 0)
    return;
  guint before = out->len;
  for (guint i = 0; i < slot_tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (slot_tasks, i);
    if (t->desired <= ORCH_TASK_RUNNING)
      g_ptr_array_add (out, t);
  }
  /* A rollback must converge, so it ignores stopped tasks that would not be restarted. */
  if (out->len > before || rollback_started)
    return;
  OrchTask *newest = g_ptr_array_index (slot_tasks, 0);
  for (guint i = 1; i < slot_tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (slot_tasks, i);
    if (task_newer (t, newest))
      newest = t;
  }
  if (!orch_restart_should_restart (restart, newest, service))
    g_ptr_array_add (out, newest);
}

/* --- restart --------------------------------------------------------------------------------- */

void
orch_restart_restart (OrchRestart *restart, OrchTx *tx, const OrchService *service, OrchTask *task)
{
  g_return_if_fail (restart != NULL && tx != NULL && service != NULL && task != NULL);

  /* A replacement still waiting for its own start is not replaced again now: Restart runs once
   * that start happens (restart.go:120-133). This stops crash loops from piling up tasks. */
  if (orch_restart__mark_waiter (restart, task->id))
    return;
  /* Callers filter on desired ≤ RUNNING; a second Restart of one task would add a task. */
  g_return_if_fail (task->desired <= ORCH_TASK_COMPLETE);

  orch_tx__set_desired (tx, task, ORCH_TASK_SHUTDOWN);
  if (!orch_restart_should_restart (restart, task, service))
    return;

  gboolean global = service->spec->mode == ORCH_MODE_GLOBAL;
  OrchTask *replacement = orch_tx__create_task (tx, service->id, global ? 0 : task->slot,
                                                global ? task->node_id : 0, NULL, ORCH_TASK_READY);
  const OrchNode *node = orch_store_get_node (tx->store, task->node_id);

  /* The delay applies on DOWN nodes too; only a drained node skips it (restart.go:174-187). */
  OrchTime delay_us = 0;
  if (node == NULL || node->availability != ORCH_AVAILABILITY_DRAIN)
    delay_us = task->spec->restart.delay_us;
  gboolean wait_stop =
      !((node != NULL && node->status == ORCH_NODE_DOWN) || task->state > ORCH_TASK_RUNNING);

  orch_restart_record_history (restart, service, replacement);
  orch_restart_delay_start (restart, task, replacement->id, delay_us, wait_stop, tx->now);
}
