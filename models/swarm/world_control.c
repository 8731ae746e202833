/* SPDX-License-Identifier: MIT
 * The control plane around the real orchestrator: raft leadership and quorum among the simulated
 * managers (SwarmKit manager/state/raft/raft.go, manager/manager.go), the leader's dispatcher with
 * its heartbeat deadlines, 100 ms write batches and leader-change UNKNOWN grace (§6), and the glue
 * that feeds the orchestrator's writes and timers and hands its decisions to the agents. No
 * decision is made here that models/orchestrator makes: this file only decides what the simulated
 * machines do. */
#include "models/swarm/world_private.h"

#include "models/swarm/raft.h"
#include "models/swarm/signals_private.h"

gboolean
swarm_world__has_control (const SwarmWorld *w)
{
  return w->leader != NULL;
}

/* --- the orchestrator's decisions ------------------------------------------------------------- */

/* A task row, and the TASK_STATE signal when its observed state changed. */
static void
record_task (SwarmWorld *w, OrchTaskId task)
{
  swarm_world__record_task (w, task);
  swarm_world__signal_task (w, task);
}

static void
on_assign (SimEngine *engine, gpointer user_data)
{
  WorldNode *node = ((gpointer *)user_data)[0];
  SwarmWorld *w = ((gpointer *)user_data)[1];
  (void)engine;
  node->assign_ev = 0;
  g_autoptr (GArray) ids = node->assign_queue;
  node->assign_queue = g_array_new (FALSE, FALSE, sizeof (OrchTaskId));
  for (guint i = 0; i < ids->len && node->connected; i++)
    swarm_world__agent_deliver (w, node, g_array_index (ids, OrchTaskId, i));
}

/* The dispatcher's assignment stream gathers changes for up to one batch interval (§6.3). */
static void
queue_assignment (SwarmWorld *w, WorldNode *node, OrchTaskId task)
{
  if (!node->connected)
    return; /* no session: the agent gets the full set when it registers */
  g_array_append_val (node->assign_queue, task);
  if (node->assign_ev != 0)
    return;
  gpointer *pair = g_new (gpointer, 2);
  pair[0] = node;
  pair[1] = w;
  node->assign_ev =
      sim_engine_schedule_in (w->engine, w->config->dispatcher_batch_us, on_assign, pair, g_free);
}

static void
deliver (SwarmWorld *w, const OrchAction *a)
{
  OrchTask *t = orch_store_get_task (orch_manager_get_store (w->manager), a->task_id);
  if (t == NULL || t->node_id == 0)
    return;
  WorldNode *node = g_hash_table_lookup (w->node_by_orch, GUINT_TO_POINTER (t->node_id));
  if (node != NULL)
    queue_assignment (w, node, t->id);
}

static void
process_actions (SwarmWorld *w)
{
  for (guint i = 0; i < w->actions->len; i++) {
    const OrchAction *a = &g_array_index (w->actions, OrchAction, i);
    if (a->task_id != 0)
      swarm_world__count_task (w, a->task_id);
    WorldService *svc = g_hash_table_lookup (w->service_by_id, GUINT_TO_POINTER (a->service_id));
    if (svc != NULL && (a->kind == ORCH_ACTION_TASK_CREATED ||
                        a->kind == ORCH_ACTION_TASK_DESIRED || a->kind == ORCH_ACTION_TASK_DELETED))
      svc->desired_dirty = TRUE;
    switch (a->kind) {
      case ORCH_ACTION_TASK_ASSIGNED:
        if (svc != NULL) {
          const OrchTask *t = orch_store_get_task (orch_manager_get_store (w->manager), a->task_id);
          if (t != NULL) {
            swarm_world__failure_scheduled (w, svc, t);
            swarm_world__narrate_assigned (w, svc, t);
          }
        }
        record_task (w, a->task_id);
        deliver (w, a);
        break;
      case ORCH_ACTION_TASK_DESIRED:
        record_task (w, a->task_id);
        deliver (w, a);
        break;
      case ORCH_ACTION_TASK_CREATED:
      case ORCH_ACTION_TASK_STATE:
        record_task (w, a->task_id);
        break;
      case ORCH_ACTION_UPDATE_STATUS:
        swarm_record__narrate (w->record, a->at, "service %s update %s",
                               svc != NULL ? svc->name : "?", a->text != NULL ? a->text : "");
        break;
      case ORCH_ACTION_TASK_PENDING:
        /* The reason changed (the scheduler reports nothing while it stays the same). */
        record_task (w, a->task_id);
        if (svc != NULL && a->text != NULL)
          swarm_world__narrate_pending (w, svc, a);
        break;
      case ORCH_ACTION_TASK_DELETED:
        swarm_world__signal_task_deleted (w, a->task_id);
        break;
      default:
        break;
    }
  }
  g_array_set_size (w->actions, 0);
  swarm_world__availability_refresh_dirty (w);
  swarm_world__narrate_flush (w);
}

static void on_manager_timer (SimEngine *engine, gpointer user_data);

static void
rearm_manager_timer (SwarmWorld *w)
{
  SimTime t = w->leader != NULL ? orch_manager_next_deadline (w->manager) : SIM_TIME_NEVER;
  if (t == SIM_TIME_NEVER) {
    sim_engine_cancel (w->engine, w->manager_ev);
    w->manager_ev = 0;
    return;
  }
  t = MAX (t, swarm_world__now (w));
  if (w->manager_ev != 0 && sim_engine_reschedule (w->engine, w->manager_ev, t))
    return;
  w->manager_ev = sim_engine_schedule_at (w->engine, t, on_manager_timer, w, NULL);
}

static void
on_manager_timer (SimEngine *engine, gpointer user_data)
{
  SwarmWorld *w = user_data;
  w->manager_ev = 0;
  if (w->leader == NULL)
    return;
  orch_manager_advance (w->manager, sim_engine_get_now (engine), w->actions);
  process_actions (w);
  rearm_manager_timer (w);
  swarm_world__running_changed (w);
}

void
swarm_world__commit (SwarmWorld *w)
{
  if (w->leader == NULL)
    return;
  orch_manager_commit (w->manager, swarm_world__now (w), w->actions);
  swarm_world__invariants_commit (w);
  process_actions (w);
  rearm_manager_timer (w);
}

/* --- the dispatcher ----------------------------------------------------------------------------
 */

static void on_flush (SimEngine *engine, gpointer user_data);

void
swarm_world__dispatch (SwarmWorld *w, WriteKind kind, OrchNodeId node, OrchTaskId task,
                       guint32 value)
{
  if (w->leader == NULL)
    return; /* no dispatcher runs: the report is lost, the agent re-sends when it registers */
  DispatchWrite write = { kind, node, task, value };
  g_array_append_val (w->batch, write);
  if (w->batch_ev != 0)
    return;
  /* processUpdates runs on a 100 ms ticker started with the dispatcher: the write waits for the
   * next tick, i.e. U[0, 100 ms) after it arrives, as maxBatchInterval says (dispatcher.go). */
  SimTime b = w->config->dispatcher_batch_us;
  SimTime now = swarm_world__now (w);
  SimTime at = now;
  if (b > 0)
    at = w->leader_since + ((now - w->leader_since) / b + 1) * b;
  w->batch_ev = sim_engine_schedule_at (w->engine, at, on_flush, w, NULL);
}

static void
on_orphan (SimEngine *engine, gpointer user_data)
{
  WorldNode *node = ((gpointer *)user_data)[0];
  SwarmWorld *w = ((gpointer *)user_data)[1];
  node->orphan_ev = 0;
  if (w->leader == NULL)
    return;
  orch_manager_orphan_node_tasks (w->manager, node->orch_id, sim_engine_get_now (engine));
  swarm_record__narrate (w->record, sim_engine_get_now (engine),
                         "tasks on %s orphaned (DOWN for 24 h)", node->name);
  swarm_world__commit (w);
}

void
swarm_world__arm_orphan (SwarmWorld *w, WorldNode *node)
{
  sim_engine_cancel (w->engine, node->orphan_ev);
  gpointer *pair = g_new (gpointer, 2);
  pair[0] = node;
  pair[1] = w;
  node->orphan_ev =
      sim_engine_schedule_in (w->engine, w->config->orphan_period_us, on_orphan, pair, g_free);
}

static void
apply_node_status (SwarmWorld *w, WorldNode *node, OrchNodeStatus status)
{
  OrchNode *n = orch_store_get_node (orch_manager_get_store (w->manager), node->orch_id);
  if (n == NULL || n->status == status)
    return;
  SimTime now = swarm_world__now (w);
  OrchNodeStatus old = n->status;
  orch_manager_set_node_status (w->manager, node->orch_id, status);
  swarm_world__count_node (w, node);
  if (status == ORCH_NODE_DOWN) {
    /* Not "%.1f": the narration must not depend on the locale's decimal point. */
    char silent_s[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd (silent_s, sizeof silent_s, "%.1f",
                     sim_time_to_seconds (now - MAX (node->hb.beat_us, w->leader_since)));
    if (node->unknown_grace)
      swarm_record__narrate (w->record, now,
                             "manager marks %s DOWN (unknown for %s s after the leader change)",
                             node->name, silent_s);
    else
      swarm_record__narrate (w->record, now, "manager marks %s DOWN (no heartbeat for %s s)",
                             node->name, silent_s);
    swarm_world__arm_orphan (w, node);
    swarm_world__failure_detected (w, node);
  } else if (status == ORCH_NODE_READY) {
    sim_engine_cancel (w->engine, node->orphan_ev);
    node->orphan_ev = 0;
    /* A node back from DOWN is news; the routine UNKNOWN → READY of a leader change is not. */
    if (old == ORCH_NODE_DOWN)
      swarm_record__narrate (w->record, now, "%s is READY again (%u container%s running there)",
                             node->name, node->tasks->len, node->tasks->len == 1 ? "" : "s");
  }
}

static void
on_flush (SimEngine *engine, gpointer user_data)
{
  SwarmWorld *w = user_data;
  SimTime now = sim_engine_get_now (engine);
  w->batch_ev = 0;
  g_autoptr (GArray) batch = w->batch;
  w->batch = g_array_new (FALSE, FALSE, sizeof (DispatchWrite));
  if (w->leader == NULL)
    return;
  for (guint i = 0; i < batch->len; i++) {
    const DispatchWrite *wr = &g_array_index (batch, DispatchWrite, i);
    WorldNode *node = g_hash_table_lookup (w->node_by_orch, GUINT_TO_POINTER (wr->node));
    if (wr->kind == WRITE_NODE_STATUS && node != NULL)
      apply_node_status (w, node, (OrchNodeStatus)wr->value);
    else if (wr->kind == WRITE_TASK_STATE &&
             orch_manager_report_task (w->manager, wr->task, (OrchTaskState)wr->value, now)) {
      swarm_world__count_task (w, wr->task);
      record_task (w, wr->task);
    }
  }
  swarm_world__commit (w);
  for (guint i = 0; i < batch->len; i++) {
    const DispatchWrite *wr = &g_array_index (batch, DispatchWrite, i);
    WorldNode *node = g_hash_table_lookup (w->node_by_orch, GUINT_TO_POINTER (wr->node));
    if (wr->kind == WRITE_NODE_STATUS && node != NULL)
      swarm_world__note_node (w, node);
  }
  swarm_world__running_changed (w);
}

static void
on_expiry (SimEngine *engine, gpointer user_data)
{
  WorldNode *node = ((gpointer *)user_data)[0];
  SwarmWorld *w = ((gpointer *)user_data)[1];
  (void)engine;
  node->expiry_ev = 0;
  node->connected = FALSE;
  swarm_world__dispatch (w, WRITE_NODE_STATUS, node->orch_id, 0, ORCH_NODE_DOWN);
}

void
swarm_world__arm_expiry (SwarmWorld *w, WorldNode *node, SimTime at)
{
  sim_engine_cancel (w->engine, node->expiry_ev);
  gpointer *pair = g_new (gpointer, 2);
  pair[0] = node;
  pair[1] = w;
  node->expiry_ev =
      sim_engine_schedule_at (w->engine, MAX (at, swarm_world__now (w)), on_expiry, pair, g_free);
}

void
swarm_world__node_silent (SwarmWorld *w, WorldNode *node)
{
  sim_engine_cancel (w->engine, node->reconnect_ev);
  node->reconnect_ev = 0;
  if (w->leader == NULL || !node->connected)
    return; /* no session: an UNKNOWN deadline, if any, is already armed */
  /* The only per-node heartbeat work, done once when the node falls silent: reconstruct the last
   * beat before now and the period drawn at it; DOWN comes 3 × that period later (§6.2). */
  swarm_heartbeat_advance (&node->hb, swarm_world__now (w));
  swarm_world__arm_expiry (w, node,
                           swarm_heartbeat_deadline (&node->hb, w->config->grace_multiplier));
}

void
swarm_world__node_register (SwarmWorld *w, WorldNode *node)
{
  const SwarmConfig *c = w->config;
  SimTime now = swarm_world__now (w);
  if (w->leader == NULL || !swarm_world__node_is_reachable (node) || node->orch_id == 0)
    return;
  sim_engine_cancel (w->engine, node->expiry_ev);
  sim_engine_cancel (w->engine, node->reconnect_ev);
  node->expiry_ev = node->reconnect_ev = 0;
  SimTime start = now;
  /* Nodes present at time 0 get a random heartbeat phase, so that a crash falls at a uniformly
   * random point of a period (the premise of docs/calibration.md's 14.5–23 s band). */
  if (now == 0)
    start = -(SimTime)(swarm_heartbeat_period (node->hb_key, G_MAXUINT32, 0, c->heartbeat_period_us,
                                               c->heartbeat_epsilon_us) %
                       c->heartbeat_period_us);
  swarm_heartbeat_start (&node->hb, node->hb_key, ++node->epoch, start, c->heartbeat_period_us,
                         c->heartbeat_epsilon_us);
  node->connected = TRUE;
  node->unknown_grace = FALSE;
  swarm_world__node_sync_capacity (w, node);
  OrchNode *n = orch_store_get_node (orch_manager_get_store (w->manager), node->orch_id);
  if (n != NULL && n->status != ORCH_NODE_READY)
    swarm_world__dispatch (w, WRITE_NODE_STATUS, node->orch_id, 0, ORCH_NODE_READY);
  swarm_world__agent_sync_node (w, node);
}

static void
on_reconnect (SimEngine *engine, gpointer user_data)
{
  WorldNode *node = ((gpointer *)user_data)[0];
  SwarmWorld *w = ((gpointer *)user_data)[1];
  (void)engine;
  node->reconnect_ev = 0;
  swarm_world__node_register (w, node);
}

void
swarm_world__schedule_reconnect (SwarmWorld *w, WorldNode *node)
{
  /* agent.go: session retries wait U[0, backoff), the backoff capped at 8 s (§7.3). */
  SimTime max = w->config->agent_reconnect_max_us;
  SimTime delay =
      max > 0 ? (SimTime)sim_rng_uniform_range (swarm_world__node_rng (w, node), 0, (double)max)
              : 0;
  sim_engine_cancel (w->engine, node->reconnect_ev);
  gpointer *pair = g_new (gpointer, 2);
  pair[0] = node;
  pair[1] = w;
  node->reconnect_ev = sim_engine_schedule_in (w->engine, delay, on_reconnect, pair, g_free);
}
