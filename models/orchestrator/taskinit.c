/* SPDX-License-Identifier: MIT
 * Leader start-up fix (manager/orchestrator/taskinit/init.go), run once for both orchestrators in
 * task id order. */
#include "models/orchestrator/taskinit.h"

#include "models/orchestrator/types_private.h"

/* Re-arms the start of a task a previous leader left at desired READY (init.go:83-130). */
static void
rearm_ready (OrchTx *tx, OrchRestart *restart, OrchTaskId id)
{
  OrchTask *t = orch_store_get_task (tx->store, id);
  if (t == NULL || t->desired != ORCH_TASK_READY || t->state > ORCH_TASK_COMPLETE)
    return;
  OrchTime delay = t->spec->restart.delay_us;
  if (delay != 0) {
    OrchTime left = orch__task_timestamp (t) + delay - tx->now;
    if (left < delay)
      delay = left;
    if (delay > 0) {
      orch_restart_delay_start (restart, NULL, t->id, delay, TRUE, tx->now);
      return;
    }
  }
  orch_restart_start_now (tx, t->id);
}

/* Instances of one slot tuple sort together, newest spec version first, then by creation. */
static gint
instance_order (gconstpointer a, gconstpointer b)
{
  const OrchTask *x = *(OrchTask *const *)a, *y = *(OrchTask *const *)b;
  gboolean gx = x->spec->mode == ORCH_MODE_GLOBAL, gy = y->spec->mode == ORCH_MODE_GLOBAL;
  guint64 kx[3] = { x->service_id, gx ? 1u : 0u, gx ? x->node_id : x->slot };
  guint64 ky[3] = { y->service_id, gy ? 1u : 0u, gy ? y->node_id : y->slot };
  for (guint i = 0; i < 3; i++)
    if (kx[i] != ky[i])
      return kx[i] < ky[i] ? -1 : 1;
  if (x->spec_version != y->spec_version)
    return x->spec_version > y->spec_version ? -1 : 1;
  if (x->created_at != y->created_at)
    return x->created_at < y->created_at ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id ? 1 : 0);
}

static gboolean
same_instance (const OrchTask *x, const OrchTask *y)
{
  if (x->service_id != y->service_id || x->spec->mode != y->spec->mode)
    return FALSE;
  return x->spec->mode == ORCH_MODE_GLOBAL ? x->node_id == y->node_id : x->slot == y->slot;
}

/* All up-to-date tasks of an instance except the oldest were restarts (init.go:136-150). */
static void
rebuild_history (const OrchStore *store, GPtrArray *instances, OrchRestart *restart_repl,
                 OrchRestart *restart_global)
{
  g_ptr_array_sort (instances, instance_order);
  for (guint i = 0; i < instances->len;) {
    const OrchTask *first = g_ptr_array_index (instances, i);
    const OrchService *service = orch_store_get_service (store, first->service_id);
    OrchRestart *restart = service->spec->mode == ORCH_MODE_GLOBAL ? restart_global : restart_repl;
    guint j = i + 1;
    for (; j < instances->len && same_instance (first, g_ptr_array_index (instances, j)); j++) {
      const OrchTask *t = g_ptr_array_index (instances, j);
      if (t->spec_version == first->spec_version && first->spec_version != 0)
        orch_restart_record_history (restart, service, t);
    }
    i = j;
  }
}

void
orch_taskinit_check_tasks (OrchTx *tx, OrchReplicated *repl, OrchRestart *restart_repl,
                           OrchGlobal *global, OrchRestart *restart_global)
{
  g_return_if_fail (tx != NULL && repl != NULL && global != NULL);
  g_autoptr (GPtrArray) all = orch_store_dup_tasks (tx->store);
  g_autoptr (GPtrArray) instances = g_ptr_array_new ();
  for (guint i = 0; i < all->len; i++) {
    OrchTask *t = g_ptr_array_index (all, i);
    if (t->service_id == 0)
      continue;
    const OrchService *service = orch_store_get_service (tx->store, t->service_id);
    if (service == NULL) {
      orch_tx__remove_task (tx, t);
      continue;
    }
    OrchTaskId id = t->id;
    gboolean is_global = service->spec->mode == ORCH_MODE_GLOBAL;
    g_ptr_array_add (instances, t);
    if (is_global)
      orch_global_fix_task (global, tx, t);
    else
      orch_replicated_fix_task (repl, tx->store, t);
    rearm_ready (tx, is_global ? restart_global : restart_repl, id);
  }
  rebuild_history (tx->store, instances, restart_repl, restart_global);
}
