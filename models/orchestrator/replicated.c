/* SPDX-License-Identifier: MIT
 * The replicated orchestrator: event handling (replicated/tasks.go), reconcile with slots
 * (replicated/services.go, slot.go). Work queues are id arrays sorted at each tick, so Go's random
 * map order becomes id order and no hash-table order reaches a decision. */
#include "models/orchestrator/replicated.h"

#include "models/orchestrator/types_private.h"

struct _OrchReplicated {
  OrchRestart *restart;    /* unowned */
  OrchUpdate *update;      /* unowned */
  GArray *restart_tasks;   /* (element-type OrchTaskId) queued restarts, may repeat */
  GArray *reconcile_queue; /* (element-type guint64) queued service ids, may repeat */
};

OrchReplicated *
orch_replicated_new (OrchRestart *restart, OrchUpdate *update)
{
  g_return_val_if_fail (restart != NULL && update != NULL, NULL);
  OrchReplicated *repl = g_new0 (OrchReplicated, 1);
  repl->restart = restart;
  repl->update = update;
  repl->restart_tasks = g_array_new (FALSE, FALSE, sizeof (guint64));
  repl->reconcile_queue = g_array_new (FALSE, FALSE, sizeof (guint64));
  return repl;
}

void
orch_replicated_free (OrchReplicated *repl)
{
  if (repl == NULL)
    return;
  g_array_unref (repl->restart_tasks);
  g_array_unref (repl->reconcile_queue);
  g_free (repl);
}

static gboolean
is_replicated (const OrchService *service)
{
  return service != NULL && service->spec->mode == ORCH_MODE_REPLICATED;
}

static void
queue_service (OrchReplicated *repl, guint64 service_id)
{
  g_array_append_val (repl->reconcile_queue, service_id);
}

static void
queue_restart (OrchReplicated *repl, OrchTaskId task_id)
{
  g_array_append_val (repl->restart_tasks, task_id);
}

void
orch_replicated_start (OrchReplicated *repl, const OrchStore *store)
{
  g_return_if_fail (repl != NULL && store != NULL);
  const GPtrArray *services = orch_store_get_services (store);
  for (guint i = 0; i < services->len; i++) {
    const OrchService *s = g_ptr_array_index (services, i);
    if (is_replicated (s))
      queue_service (repl, s->id);
  }
}

/* handleTaskChange / FixTask: a live task that died, or sits on a DOWN, drained or deleted node. */
void
orch_replicated_fix_task (OrchReplicated *repl, const OrchStore *store, const OrchTask *task)
{
  g_return_if_fail (repl != NULL && store != NULL && task != NULL);
  if (task->desired > ORCH_TASK_RUNNING)
    return;
  if (!is_replicated (orch_store_get_service (store, task->service_id)))
    return;
  if (task->state > ORCH_TASK_RUNNING ||
      (task->node_id != 0 && orch__node_is_invalid (orch_store_get_node (store, task->node_id))))
    queue_restart (repl, task->id);
}

static void
restart_tasks_on_node (OrchReplicated *repl, const OrchStore *store, OrchNodeId node_id)
{
  const GPtrArray *tasks = orch_store_get_node_tasks (store, node_id);
  for (guint i = 0; i < tasks->len; i++) {
    const OrchTask *t = g_ptr_array_index (tasks, i);
    if (t->desired <= ORCH_TASK_RUNNING &&
        is_replicated (orch_store_get_service (store, t->service_id)))
      queue_restart (repl, t->id);
  }
}

void
orch_replicated_handle_event (OrchReplicated *repl, const OrchStore *store, const OrchEvent *event)
{
  g_return_if_fail (repl != NULL && store != NULL && event != NULL);
  switch (event->kind) {
    case ORCH_EVENT_NODE_DELETE:
      restart_tasks_on_node (repl, store, (OrchNodeId)event->id);
      break;
    case ORCH_EVENT_NODE_CREATE:
    case ORCH_EVENT_NODE_UPDATE:
      if (orch__node_is_invalid (orch_store_get_node (store, (OrchNodeId)event->id)))
        restart_tasks_on_node (repl, store, (OrchNodeId)event->id);
      break;
    case ORCH_EVENT_TASK_DELETE:
      /* A running slot lost its task: reconcile refills it. The restart supervisor itself
       * cancels the deleted task's pending start. */
      if (event->old_desired <= ORCH_TASK_RUNNING &&
          is_replicated (orch_store_get_service (store, event->old_service_id)))
        queue_service (repl, event->old_service_id);
      break;
    case ORCH_EVENT_TASK_CREATE:
    case ORCH_EVENT_TASK_UPDATE: {
      const OrchTask *task = orch_store_get_task (store, event->id);
      if (task != NULL)
        orch_replicated_fix_task (repl, store, task);
      break;
    }
    case ORCH_EVENT_SERVICE_CREATE:
    case ORCH_EVENT_SERVICE_UPDATE:
      if (is_replicated (orch_store_get_service (store, (OrchServiceId)event->id)))
        queue_service (repl, event->id);
      break;
    case ORCH_EVENT_SERVICE_DELETE:
      /* The manager marks the tasks REMOVE once for both orchestrators; here only the history
       * goes. A queued reconcile of the deleted service finds no service and is skipped. */
      orch_restart_clear_service_history (repl->restart, (OrchServiceId)event->id);
      break;
    default:
      break;
  }
}

static void
tick_tasks (OrchReplicated *repl, OrchTx *tx)
{
  g_autoptr (GArray) ids = g_steal_pointer (&repl->restart_tasks);
  repl->restart_tasks = g_array_new (FALSE, FALSE, sizeof (guint64));
  orch__ids_sort_unique (ids);
  for (guint i = 0; i < ids->len; i++) {
    OrchTask *t = orch_store_get_task (tx->store, g_array_index (ids, OrchTaskId, i));
    if (t == NULL || t->desired > ORCH_TASK_RUNNING)
      continue;
    const OrchService *service = orch_store_get_service (tx->store, t->service_id);
    if (is_replicated (service))
      orch_restart_restart (repl->restart, tx, service, t);
  }
}

void
orch_replicated_tick (OrchReplicated *repl, OrchTx *tx)
{
  g_return_if_fail (repl != NULL && tx != NULL);
  /* Restarts first, so reconcile sees the replacements (replicated.go tick). */
  tick_tasks (repl, tx);
  g_autoptr (GArray) ids = g_steal_pointer (&repl->reconcile_queue);
  repl->reconcile_queue = g_array_new (FALSE, FALSE, sizeof (guint64));
  orch__ids_sort_unique (ids);
  for (guint i = 0; i < ids->len; i++) {
    const OrchService *s =
        orch_store_get_service (tx->store, (OrchServiceId)g_array_index (ids, guint64, i));
    if (is_replicated (s))
      orch_replicated_reconcile (repl, tx, s);
  }
}

/* --- reconcile ------------------------------------------------------------------------------- */

static gint
task_by_slot_then_id (gconstpointer a, gconstpointer b)
{
  const OrchTask *x = *(OrchTask *const *)a, *y = *(OrchTask *const *)b;
  if (x->slot != y->slot)
    return x->slot < y->slot ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id ? 1 : 0);
}

/* updatableAndDeadSlots: splits the service's tasks by slot number, in slot order. */
static void
split_slots (OrchReplicated *repl, const OrchStore *store, const OrchService *service,
             GPtrArray *running, GPtrArray *dead)
{
  g_autoptr (GPtrArray) tasks =
      orch__ptr_array_dup (orch_store_get_service_tasks (store, service->id));
  g_ptr_array_sort (tasks, task_by_slot_then_id);
  gboolean rollback = service->update_state == ORCH_UPDATE_STATE_ROLLBACK_STARTED;
  for (guint i = 0; i < tasks->len;) {
    guint32 slot = ((OrchTask *)g_ptr_array_index (tasks, i))->slot;
    OrchSlot *all = orch__slot_new (slot, 0);
    for (; i < tasks->len && ((OrchTask *)g_ptr_array_index (tasks, i))->slot == slot; i++)
      g_ptr_array_add (all->tasks, g_ptr_array_index (tasks, i));
    OrchSlot *live = orch__slot_new (slot, 0);
    orch_restart_updatable_in_slot (repl->restart, all->tasks, service, rollback, live->tasks);
    if (live->tasks->len > 0) {
      g_ptr_array_add (running, live);
      orch__slot_free (all);
    } else {
      g_ptr_array_add (dead, all);
      orch__slot_free (live);
    }
  }
}

static gint
slot_number_cmp (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

static void
delete_slots (OrchTx *tx, const GPtrArray *slots)
{
  for (guint i = 0; i < slots->len; i++) {
    const OrchSlot *s = g_ptr_array_index (slots, i);
    for (guint j = 0; j < s->tasks->len; j++)
      orch_tx__remove_task (tx, g_ptr_array_index (s->tasks, j));
  }
}

/* addTasks: new tasks take the lowest slot numbers (from 1) that hold no running slot; a reused
 * number is no longer dead, so its old tasks stay as history. The running numbers are sorted once
 * and walked with the candidate, O(running log running + count): testing each candidate against
 * every running slot cost O(highest slot × running), some 2·10^10 comparisons to add one replica to
 * 200 000. */
static void
add_tasks (OrchTx *tx, const OrchService *service, const GPtrArray *running, GPtrArray *dead,
           guint64 count)
{
  g_autoptr (GArray) taken = g_array_sized_new (FALSE, FALSE, sizeof (guint32), running->len);
  for (guint i = 0; i < running->len; i++)
    g_array_append_val (taken, ((const OrchSlot *)g_ptr_array_index (running, i))->slot);
  g_array_sort (taken, slot_number_cmp);
  guint next = 0;
  guint32 slot = 0;
  for (guint64 n = 0; n < count; n++) {
    do {
      slot++;
      while (next < taken->len && g_array_index (taken, guint32, next) < slot)
        next++;
    } while (next < taken->len && g_array_index (taken, guint32, next) == slot);
    for (guint i = 0; i < dead->len; i++)
      if (((OrchSlot *)g_ptr_array_index (dead, i))->slot == slot) {
        g_ptr_array_remove_index (dead, i);
        break;
      }
    orch_tx__create_task (tx, service->id, slot, 0, NULL, ORCH_TASK_RUNNING);
  }
}

typedef struct {
  OrchSlot *slot; /* unowned */
  gint index;     /* nth copy on its node (1, 2, ...), or -1 */
  gboolean running;
} RankedSlot;

static gboolean
slot_has_running (const OrchSlot *s)
{
  for (guint i = 0; i < s->tasks->len; i++)
    if (((const OrchTask *)g_ptr_array_index (s->tasks, i))->state == ORCH_TASK_RUNNING)
      return TRUE;
  return FALSE;
}

/* Kept first: low index (fewest copies on the node), running, low slot; -1 (unassigned or several
 * tasks) last. This total order equals SwarmKit's two sorts, as Go's insertion sort (n ≤ 12) is
 * stable and the tests depend on it. */
static gint
ranked_cmp (gconstpointer a, gconstpointer b)
{
  const RankedSlot *x = a, *y = b;
  if ((x->index < 0) != (y->index < 0))
    return x->index < 0 ? 1 : -1;
  if (x->index != y->index)
    return x->index < y->index ? -1 : 1;
  if (x->running != y->running)
    return x->running ? -1 : 1;
  return x->slot->slot < y->slot->slot ? -1 : (x->slot->slot > y->slot->slot ? 1 : 0);
}

static gint
running_then_slot (gconstpointer a, gconstpointer b)
{
  RankedSlot x = { *(OrchSlot *const *)a, 0, FALSE }, y = { *(OrchSlot *const *)b, 0, FALSE };
  x.running = slot_has_running (x.slot);
  y.running = slot_has_running (y.slot);
  return ranked_cmp (&x, &y);
}

static void
scale_down (OrchReplicated *repl, OrchTx *tx, const OrchService *service, GPtrArray *running,
            GPtrArray *dead, guint64 keep)
{
  /* Indexes are handed out walking the slots running-first, then by slot number. */
  g_ptr_array_sort (running, running_then_slot);
  g_autoptr (GArray) ranked = g_array_sized_new (FALSE, FALSE, sizeof (RankedSlot), running->len);
  g_autoptr (GHashTable) per_node = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < running->len; i++) {
    OrchSlot *s = g_ptr_array_index (running, i);
    const OrchTask *t = g_ptr_array_index (s->tasks, 0);
    RankedSlot r = { s, -1, slot_has_running (s) };
    if (s->tasks->len == 1 && t->node_id != 0) {
      gpointer key = GUINT_TO_POINTER (t->node_id);
      r.index = GPOINTER_TO_INT (g_hash_table_lookup (per_node, key)) + 1;
      g_hash_table_insert (per_node, key, GINT_TO_POINTER (r.index));
    }
    g_array_append_val (ranked, r);
  }
  g_array_sort (ranked, ranked_cmp);

  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  for (guint i = 0; i < ranked->len && i < keep; i++)
    g_ptr_array_add (kept, g_array_index (ranked, RankedSlot, i).slot);
  orch_update_update (repl->update, tx, repl->restart, service, kept);
  delete_slots (tx, dead);
  for (guint i = (guint)keep; i < ranked->len; i++) {
    const OrchSlot *s = g_array_index (ranked, RankedSlot, i).slot;
    for (guint j = 0; j < s->tasks->len; j++) {
      OrchTask *t = g_ptr_array_index (s->tasks, j);
      /* Desired state never moves backwards. */
      if (t->desired <= ORCH_TASK_REMOVE)
        orch_tx__set_desired (tx, t, ORCH_TASK_REMOVE);
    }
  }
}

void
orch_replicated_reconcile (OrchReplicated *repl, OrchTx *tx, const OrchService *service)
{
  g_return_if_fail (repl != NULL && tx != NULL && is_replicated (service));
  g_autoptr (GPtrArray) running = orch__slot_list_new ();
  g_autoptr (GPtrArray) dead = orch__slot_list_new ();
  split_slots (repl, tx->store, service, running, dead);

  guint64 specified = service->spec->replicas, have = running->len;
  if (specified > have) {
    orch_update_update (repl->update, tx, repl->restart, service, running);
    add_tasks (tx, service, running, dead, specified - have);
    delete_slots (tx, dead);
  } else if (specified < have) {
    scale_down (repl, tx, service, running, dead, specified);
  } else {
    delete_slots (tx, dead);
    orch_update_update (repl->update, tx, repl->restart, service, running);
  }
}
