/* SPDX-License-Identifier: MIT
 * The manager facade: owns the store and, while leader, every component. A commit hands each write
 * of the log to every component in a fixed order, then runs their EventCommit work, and repeats
 * until the components stop writing. Timers are only exposed (next_deadline) and run (advance). */
#include "models/orchestrator/manager.h"

#include "models/orchestrator/manager_private.h"
#include "models/orchestrator/types_private.h"
#include "models/orchestrator/global.h"
#include "models/orchestrator/reaper.h"
#include "models/orchestrator/replicated.h"
#include "models/orchestrator/restart.h"
#include "models/orchestrator/scheduler.h"
#include "models/orchestrator/taskinit.h"
#include "models/orchestrator/tx_private.h"
#include "models/orchestrator/update.h"

static void flush_pending (OrchManager *m, GArray *actions_out);

OrchManager *
orch_manager_new (const OrchManagerOptions *options)
{
  const OrchManagerOptions defaults = ORCH_MANAGER_OPTIONS_INIT;
  OrchManager *m = g_new0 (OrchManager, 1);
  m->store = orch_store_new ();
  m->options = options != NULL ? *options : defaults;
  m->pending = g_array_new (FALSE, TRUE, sizeof (OrchAction));
  m->allocate = g_array_new (FALSE, FALSE, sizeof (OrchTaskId));
  return m;
}

static void
stop_components (OrchManager *m)
{
  g_clear_pointer (&m->sched, orch_scheduler_free);
  g_clear_pointer (&m->reaper, orch_reaper_free);
  g_clear_pointer (&m->global, orch_global_free);
  g_clear_pointer (&m->repl, orch_replicated_free);
  g_clear_pointer (&m->update, orch_update_free);
  g_clear_pointer (&m->restart_global, orch_restart_free);
  g_clear_pointer (&m->restart_repl, orch_restart_free);
  g_array_set_size (m->allocate, 0);
}

void
orch_manager_free (OrchManager *manager)
{
  if (manager == NULL)
    return;
  stop_components (manager);
  flush_pending (manager, NULL);
  g_array_unref (manager->pending);
  g_array_unref (manager->allocate);
  orch_store_free (manager->store);
  g_free (manager);
}

OrchStore *
orch_manager_get_store (OrchManager *manager)
{
  g_return_val_if_fail (manager != NULL, NULL);
  return manager->store;
}

gboolean
orch_manager_is_leader (const OrchManager *manager)
{
  g_return_val_if_fail (manager != NULL, FALSE);
  return manager->leader;
}

static OrchTx
make_tx (OrchManager *m, GArray *actions, OrchTime now)
{
  OrchTx tx = { m->store, actions, now };
  return tx;
}

/* Moves the inputs' decisions to @actions_out (or drops them when there is none). The pending
 * list has no clear function, so moving a record moves the ownership of its text. */
static void
flush_pending (OrchManager *m, GArray *actions_out)
{
  if (actions_out != NULL)
    g_array_append_vals (actions_out, m->pending->data, m->pending->len);
  else
    for (guint i = 0; i < m->pending->len; i++)
      g_free (g_array_index (m->pending, OrchAction, i).text);
  g_array_set_size (m->pending, 0);
}

/* --- the allocator --------------------------------------------------------------------------- */

/* SwarmKit's allocator moves a new task to PENDING once its networks are allocated. This model
 * has no networks, so it does so at the commit after creation. The write is not reported as an
 * action: it is bookkeeping, not a decision the caller must carry out. */
static void
run_allocator (OrchManager *m, OrchTime now)
{
  if (m->allocate->len == 0)
    return;
  for (guint i = 0; i < m->allocate->len; i++) {
    OrchTask *t = orch_store_get_task (m->store, g_array_index (m->allocate, OrchTaskId, i));
    if (t != NULL && t->state == ORCH_TASK_NEW && t->desired <= ORCH_TASK_RUNNING)
      orch_store_set_task_state (m->store, t, ORCH_TASK_PENDING, now);
  }
  g_array_set_size (m->allocate, 0);
}

/* --- the commit loop ------------------------------------------------------------------------ */

/* SetServiceTasksRemove, done once for both orchestrators when a service is deleted. */
static void
remove_service_tasks (OrchManager *m, OrchTx *tx, OrchServiceId service_id)
{
  g_autoptr (GPtrArray) tasks =
      orch__ptr_array_dup (orch_store_get_service_tasks (m->store, service_id));
  for (guint i = 0; i < tasks->len; i++) {
    OrchTask *t = g_ptr_array_index (tasks, i);
    if (t->desired <= ORCH_TASK_REMOVE)
      orch_tx__set_desired (tx, t, ORCH_TASK_REMOVE);
  }
  orch_update_forget (m->update, service_id);
}

/* One write to every component, in a fixed order: restart watches, orchestrators, update
 * supervisor, reaper, allocator queue, scheduler. */
static void
deliver (OrchManager *m, OrchTx *tx, const OrchEvent *ev)
{
  orch_restart_handle_event (m->restart_repl, m->store, ev);
  orch_restart_handle_event (m->restart_global, m->store, ev);
  orch_replicated_handle_event (m->repl, m->store, ev);
  orch_global_handle_event (m->global, tx, ev);
  if (ev->kind == ORCH_EVENT_SERVICE_DELETE)
    remove_service_tasks (m, tx, (OrchServiceId)ev->id);
  orch_update_handle_event (m->update, m->store, ev);
  orch_reaper_handle_event (m->reaper, tx, ev);
  if (ev->kind == ORCH_EVENT_TASK_CREATE)
    g_array_append_val (m->allocate, ev->id);
  orch_scheduler_handle_event (m->sched, ev, tx->now);
}

void
orch_manager_commit (OrchManager *manager, OrchTime now, GArray *actions_out)
{
  g_return_if_fail (manager != NULL);
  OrchManager *m = manager;
  flush_pending (m, actions_out);
  if (!m->leader) {
    /* No component runs on a follower; a new leader starts from a snapshot instead. */
    g_array_unref (orch_store_steal_events (m->store));
    return;
  }
  OrchTx tx = make_tx (m, actions_out, now);
  for (guint round = 0;; round++) {
    g_autoptr (GArray) events = orch_store_steal_events (m->store);
    if (events->len == 0) {
      /* An update started outside a commit round (a new leader's first reconcile) runs at once,
       * as SwarmKit's Updater goroutine does, even when nothing else was written. */
      orch_update_tick (m->update, &tx);
      g_array_unref (events);
      events = orch_store_steal_events (m->store);
      if (events->len == 0)
        break;
    }
    if (round == ORCH_MANAGER_MAX_ROUNDS) {
      g_critical ("orchestrator commit did not settle after %u rounds", round);
      break;
    }
    for (guint i = 0; i < events->len; i++)
      deliver (m, &tx, &g_array_index (events, OrchEvent, i));
    /* EventCommit: restarts then reconcile, running updates, allocation, scheduler debounce. */
    orch_replicated_tick (m->repl, &tx);
    orch_update_tick (m->update, &tx);
    run_allocator (m, now);
    orch_scheduler_commit (m->sched, now);
  }
}

/* --- leadership ---------------------------------------------------------------------------- */

/* The allocator's start-up pass: every task still NEW goes to PENDING. */
static void
allocate_existing (OrchManager *m)
{
  g_autoptr (GPtrArray) all = orch_store_dup_tasks (m->store);
  for (guint i = 0; i < all->len; i++)
    g_array_append_val (m->allocate, ((OrchTask *)g_ptr_array_index (all, i))->id);
}

void
orch_manager_become_leader (OrchManager *manager, OrchTime now, GArray *actions_out)
{
  g_return_if_fail (manager != NULL);
  OrchManager *m = manager;
  if (m->leader)
    return;
  m->leader = TRUE;
  /* Writes made while following were seen by no component; the start-up scans cover them. */
  g_array_unref (orch_store_steal_events (m->store));
  m->restart_repl = orch_restart_new ();
  m->restart_global = orch_restart_new ();
  m->update = orch_update_new ();
  m->repl = orch_replicated_new (m->restart_repl, m->update);
  m->global = orch_global_new (m->restart_global, m->update);
  m->reaper = orch_reaper_new (m->options.task_history_limit);
  m->sched = orch_scheduler_new (m->store, m->options.shuffle, m->options.shuffle_data);
  orch_scheduler_set_requeue_stale_pending (m->sched, m->options.requeue_stale_pending);

  /* The scheduler's snapshot comes first, so every later write reaches it exactly once. */
  flush_pending (m, actions_out);
  orch_scheduler_start (m->sched, now, actions_out);
  g_array_unref (orch_store_steal_events (m->store));
  OrchTx tx = make_tx (m, actions_out, now);
  orch_taskinit_check_tasks (&tx, m->repl, m->restart_repl, m->global, m->restart_global);
  orch_replicated_start (m->repl, m->store);
  orch_replicated_tick (m->repl, &tx);
  orch_global_start (m->global, &tx);
  orch_reaper_start (m->reaper, &tx);
  allocate_existing (m);
  run_allocator (m, now);
  orch_manager_commit (m, now, actions_out);
}

void
orch_manager_become_follower (OrchManager *manager)
{
  g_return_if_fail (manager != NULL);
  manager->leader = FALSE;
  stop_components (manager);
}

/* --- timers -------------------------------------------------------------------------------- */

OrchTime
orch_manager_next_deadline (const OrchManager *manager)
{
  g_return_val_if_fail (manager != NULL, ORCH_TIME_NEVER);
  const OrchManager *m = manager;
  if (!m->leader)
    return ORCH_TIME_NEVER;
  OrchTime t = orch_restart_next_deadline (m->restart_repl);
  t = MIN (t, orch_restart_next_deadline (m->restart_global));
  t = MIN (t, orch_update_next_deadline (m->update));
  t = MIN (t, orch_reaper_next_deadline (m->reaper));
  t = MIN (t, orch_scheduler_next_deadline (m->sched));
  return t;
}

/* Runs the component owning the earliest due timer; ties go in the order restart (replicated,
 * global), update, reaper, scheduler, so a start and a scheduling pass at one instant happen in
 * that order. Returns FALSE when nothing is due. */
static gboolean
run_earliest (OrchManager *m, OrchTime now, GArray *actions_out)
{
  OrchTime due = orch_manager_next_deadline (m);
  if (due > now)
    return FALSE;
  OrchTx tx = make_tx (m, actions_out, now);
  if (orch_restart_next_deadline (m->restart_repl) == due)
    orch_restart_advance (m->restart_repl, &tx);
  else if (orch_restart_next_deadline (m->restart_global) == due)
    orch_restart_advance (m->restart_global, &tx);
  else if (orch_update_next_deadline (m->update) == due)
    orch_update_tick (m->update, &tx);
  else if (orch_reaper_next_deadline (m->reaper) == due)
    orch_reaper_advance (m->reaper, &tx);
  else
    orch_scheduler_advance (m->sched, now, actions_out);
  return TRUE;
}

void
orch_manager_advance (OrchManager *manager, OrchTime now, GArray *actions_out)
{
  g_return_if_fail (manager != NULL);
  flush_pending (manager, actions_out);
  for (guint round = 0; manager->leader; round++) {
    if (round == ORCH_MANAGER_MAX_ROUNDS) {
      g_critical ("orchestrator timers did not settle at %" G_GINT64_FORMAT, now);
      break;
    }
    if (!run_earliest (manager, now, actions_out))
      break;
    orch_manager_commit (manager, now, actions_out);
  }
}
