/* SPDX-License-Identifier: MIT
 * The world's signals (signals.h): subscribers, the queue of emitted signals and its delivery,
 * and the last state signalled per node and per task, so that only changes go out. Where each
 * signal is emitted is up to the other world files; this file decides nothing about the world. */
#include "models/swarm/signals.h"

#include <string.h>

#include "models/swarm/signals_private.h"

typedef struct {
  guint id;
  guint kinds;
  SwarmSignalFunc func; /* NULL once disconnected; removed after the delivery in progress */
  gpointer user_data;   /* unowned */
  guint64 since;        /* the sequence number of the first signal it receives */
} Handler;

typedef struct {
  SwarmSignal signal;
  guint64 seq;
} Queued;

/* The last observed state signalled for a task; the key points at .id. */
typedef struct {
  OrchTaskId id;
  OrchTaskState state;
} TaskLast;

/* A node's phase and partition, packed; NODE_NEVER before its first signal. */
#define NODE_NEVER            ((guint8)0xff)
#define NODE_PACK(phase, cut) ((guint8)((guint)(phase) | ((cut) ? 0x80u : 0u)))

struct _SwarmSignalBus {
  GArray *handlers; /* (element-type Handler) owned, in connect order */
  guint next_id;
  guint kinds;   /* union of the live handlers' kinds: what is worth queueing */
  GArray *queue; /* (element-type Queued) owned, in emission order */
  guint64 next_seq;
  SimEventId deliver_ev;
  gboolean delivering;
  gboolean dead_handlers; /* a handler was disconnected during delivery */
  GArray *node_last;      /* (element-type guint8) owned, indexed by WorldNode.index */
  GHashTable *task_last;  /* (element-type TaskLast) owned set; looked up only */
};

SwarmSignalBus *
swarm_world__signals_new (void)
{
  SwarmSignalBus *bus = g_new0 (SwarmSignalBus, 1);
  bus->handlers = g_array_new (FALSE, FALSE, sizeof (Handler));
  bus->next_id = 1;
  bus->queue = g_array_new (FALSE, FALSE, sizeof (Queued));
  bus->node_last = g_array_new (FALSE, FALSE, sizeof (guint8));
  bus->task_last = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return bus;
}

void
swarm_world__signals_free (SwarmSignalBus *bus)
{
  if (bus == NULL)
    return;
  g_array_unref (bus->handlers);
  g_array_unref (bus->queue);
  g_array_unref (bus->node_last);
  g_hash_table_unref (bus->task_last);
  g_free (bus);
}

static void
refresh_kinds (SwarmSignalBus *bus)
{
  bus->kinds = 0;
  for (guint i = 0; i < bus->handlers->len; i++) {
    const Handler *h = &g_array_index (bus->handlers, Handler, i);
    if (h->func != NULL)
      bus->kinds |= h->kinds;
  }
}

static void
drop_dead_handlers (SwarmSignalBus *bus)
{
  for (guint i = bus->handlers->len; i > 0; i--)
    if (g_array_index (bus->handlers, Handler, i - 1).func == NULL)
      g_array_remove_index (bus->handlers, i - 1);
  bus->dead_handlers = FALSE;
}

/* Signals emitted by a handler are appended to the queue this loop is reading, so they go out in
 * the same event, after the ones before them. Both arrays may grow (and move) during a call:
 * entries are copied or re-read by index, never held by pointer across a handler. */
static void
on_deliver (SimEngine *engine, gpointer user_data)
{
  SwarmWorld *w = user_data;
  SwarmSignalBus *bus = w->signals;

  (void)engine;
  bus->deliver_ev = SIM_EVENT_ID_INVALID;
  bus->delivering = TRUE;
  for (guint i = 0; i < bus->queue->len; i++) {
    Queued q = g_array_index (bus->queue, Queued, i);
    for (guint k = 0; k < bus->handlers->len; k++) {
      Handler h = g_array_index (bus->handlers, Handler, k);
      if (h.func != NULL && (h.kinds & q.signal.kind) != 0 && q.seq >= h.since)
        h.func (w, &q.signal, h.user_data);
    }
  }
  g_array_set_size (bus->queue, 0);
  bus->delivering = FALSE;
  if (bus->dead_handlers)
    drop_dead_handlers (bus);
}

static void
emit (SwarmWorld *w, const SwarmSignal *signal)
{
  SwarmSignalBus *bus = w->signals;

  if ((bus->kinds & signal->kind) == 0)
    return;
  Queued q = { *signal, bus->next_seq++ };
  g_array_append_val (bus->queue, q);
  /* Deferred to an event of its own, so that no handler runs in the middle of a commit, a
   * dispatcher batch or an election, where acting on the world would break what the caller is
   * iterating. It runs after the events already due now. */
  if (!bus->delivering && bus->deliver_ev == SIM_EVENT_ID_INVALID)
    bus->deliver_ev = sim_engine_schedule_at (w->engine, swarm_world__now (w), on_deliver, w, NULL);
}

guint
swarm_world_connect (SwarmWorld *world, guint kinds, SwarmSignalFunc func, gpointer user_data)
{
  g_return_val_if_fail (world != NULL && func != NULL, 0);
  g_return_val_if_fail (kinds != 0 && (kinds & ~SWARM_SIGNAL_ALL) == 0, 0);
  SwarmSignalBus *bus = world->signals;
  Handler h = { bus->next_id++, kinds, func, user_data, bus->next_seq };
  g_array_append_val (bus->handlers, h);
  bus->kinds |= kinds;
  return h.id;
}

void
swarm_world_disconnect (SwarmWorld *world, guint handler_id)
{
  g_return_if_fail (world != NULL);
  SwarmSignalBus *bus = world->signals;
  guint i = 0;
  while (i < bus->handlers->len && (g_array_index (bus->handlers, Handler, i).id != handler_id ||
                                    g_array_index (bus->handlers, Handler, i).func == NULL))
    i++;
  g_return_if_fail (i < bus->handlers->len);
  /* During a delivery the loop holds indices into the array: mark now, remove afterwards. */
  if (bus->delivering) {
    g_array_index (bus->handlers, Handler, i).func = NULL;
    bus->dead_handlers = TRUE;
  } else
    g_array_remove_index (bus->handlers, i);
  refresh_kinds (bus);
}

/* --- emitters -------------------------------------------------------------------------------- */

static SwarmNodePhase
public_phase (NodePhase phase)
{
  switch (phase) {
    case NODE_PHASE_LAUNCHING:
      return SWARM_NODE_PHASE_LAUNCHING;
    case NODE_PHASE_DOCKER:
      return SWARM_NODE_PHASE_DOCKER;
    case NODE_PHASE_JOINING:
      return SWARM_NODE_PHASE_JOINING;
    case NODE_PHASE_UP:
      return SWARM_NODE_PHASE_UP;
    case NODE_PHASE_CRASHED:
      return SWARM_NODE_PHASE_CRASHED;
    case NODE_PHASE_LEFT:
      return SWARM_NODE_PHASE_LEFT;
    case NODE_PHASE_STOPPED:
    default:
      return SWARM_NODE_PHASE_STOPPED;
  }
}

static void
node_signal (SwarmWorld *w, WorldNode *node, SwarmSignalKind kind)
{
  SwarmSignal s = { 0 };
  s.kind = kind;
  s.t_us = swarm_world__now (w);
  s.node = node->name;
  s.group = node->group;
  s.zone = node->group->availability_zone;
  s.phase = public_phase (node->phase);
  s.flag = node->partitioned;
  emit (w, &s);
}

/* Returns: the node's entry in node_last, grown on first use. */
static guint8 *
node_last (SwarmSignalBus *bus, const WorldNode *node)
{
  if (node->index >= bus->node_last->len) {
    guint old = bus->node_last->len;
    g_array_set_size (bus->node_last, node->index + 1);
    memset (&g_array_index (bus->node_last, guint8, old), NODE_NEVER, node->index + 1 - old);
  }
  return &g_array_index (bus->node_last, guint8, node->index);
}

void
swarm_world__signal_node_added (SwarmWorld *w, WorldNode *node)
{
  *node_last (w->signals, node) = NODE_PACK (node->phase, node->partitioned);
  node_signal (w, node, SWARM_SIGNAL_NODE_ADDED);
}

void
swarm_world__signal_node_removed (SwarmWorld *w, WorldNode *node)
{
  swarm_world__signal_node_state (w, node);
  node_signal (w, node, SWARM_SIGNAL_NODE_REMOVED);
}

void
swarm_world__signal_node_state (SwarmWorld *w, WorldNode *node)
{
  guint8 *last = node_last (w->signals, node);
  guint8 now = NODE_PACK (node->phase, node->partitioned);

  /* Kept up to date with no subscriber too, so that one connecting later sees changes only. */
  if (*last == now)
    return;
  *last = now;
  node_signal (w, node, SWARM_SIGNAL_NODE_STATE);
}

void
swarm_world__signal_task (SwarmWorld *w, OrchTaskId task)
{
  SwarmSignalBus *bus = w->signals;
  const OrchTask *t = orch_store_get_task (orch_manager_get_store (w->manager), task);
  if (t == NULL)
    return;
  /* O(1) per task row. A task still NEW has no entry: most rows of a run are of tasks that have
   * changed state, so the table holds about the store's tasks, bounded by the history limit. */
  TaskLast *last = g_hash_table_lookup (bus->task_last, &task);
  OrchTaskState old = last != NULL ? last->state : ORCH_TASK_NEW;
  if (t->state == old)
    return;
  if (last == NULL) {
    last = g_new (TaskLast, 1);
    last->id = task;
    g_hash_table_add (bus->task_last, last);
  }
  last->state = t->state;
  if ((bus->kinds & SWARM_SIGNAL_TASK_STATE) == 0)
    return;
  WorldService *svc = g_hash_table_lookup (w->service_by_id, GUINT_TO_POINTER (t->service_id));
  WorldNode *node = g_hash_table_lookup (w->node_by_orch, GUINT_TO_POINTER (t->node_id));
  SwarmSignal s = { 0 };
  s.kind = SWARM_SIGNAL_TASK_STATE;
  s.t_us = swarm_world__now (w);
  s.node = node != NULL ? node->name : NULL;
  s.service = svc != NULL ? svc->name : "";
  s.task = t->id;
  s.slot = t->slot;
  s.old_state = old;
  s.state = t->state;
  emit (w, &s);
}

void
swarm_world__signal_task_deleted (SwarmWorld *w, OrchTaskId task)
{
  g_hash_table_remove (w->signals->task_last, &task);
}

void
swarm_world__signal_leader (SwarmWorld *w, WorldNode *node, gboolean elected)
{
  SwarmSignal s = { 0 };
  s.kind = SWARM_SIGNAL_LEADER;
  s.t_us = swarm_world__now (w);
  s.node = node != NULL ? node->name : NULL;
  s.flag = elected;
  emit (w, &s);
}

void
swarm_world__signal_quorum (SwarmWorld *w, gboolean restored)
{
  SwarmSignal s = { 0 };
  s.kind = SWARM_SIGNAL_QUORUM;
  s.t_us = swarm_world__now (w);
  s.flag = restored;
  emit (w, &s);
}

/* --- reading nodes --------------------------------------------------------------------------- */

static void
fill_info (const WorldNode *node, SwarmNodeInfo *info)
{
  info->name = node->name;
  info->group = node->group;
  info->zone = node->group->availability_zone;
  info->phase = public_phase (node->phase);
  info->partitioned = node->partitioned;
}

void
swarm_world_foreach_node (const SwarmWorld *world, SwarmNodeInfoFunc func, gpointer user_data)
{
  g_return_if_fail (world != NULL && func != NULL);
  guint n = world->nodes->len;
  for (guint i = 0; i < n && i < world->nodes->len; i++) {
    const WorldNode *node = g_ptr_array_index (world->nodes, i);
    SwarmNodeInfo info;
    /* At rest, STOPPED means terminated: a resize starts the instance again in the same call. */
    if (node->phase == NODE_PHASE_STOPPED)
      continue;
    fill_info (node, &info);
    func (&info, user_data);
  }
}

gboolean
swarm_world_get_node_info (const SwarmWorld *world, const char *node, SwarmNodeInfo *info_out)
{
  g_return_val_if_fail (world != NULL && node != NULL && info_out != NULL, FALSE);
  const WorldNode *n = g_hash_table_lookup (world->node_by_name, node);
  if (n == NULL)
    return FALSE;
  fill_info (n, info_out);
  return TRUE;
}

/* --- names ----------------------------------------------------------------------------------- */

static const char *const kind_names[] = { "node-added", "node-removed", "node-state",
                                          "task-state", "leader",       "quorum" };
static const char *const phase_names[] = { "launching", "docker", "joining", "up",
                                           "crashed",   "left",   "stopped" };

const char *
swarm_signal_kind_to_string (SwarmSignalKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if ((guint)kind == 1u << i)
      return kind_names[i];
  g_return_val_if_reached ("unknown");
}

gboolean
swarm_signal_kind_from_string (const char *text, SwarmSignalKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (text, kind_names[i]) == 0) {
      *out = (SwarmSignalKind)(1u << i);
      return TRUE;
    }
  return FALSE;
}

const char *
swarm_node_phase_to_string (SwarmNodePhase phase)
{
  g_return_val_if_fail ((guint)phase < G_N_ELEMENTS (phase_names), "unknown");
  return phase_names[phase];
}

gboolean
swarm_node_phase_from_string (const char *text, SwarmNodePhase *out)
{
  g_return_val_if_fail (out != NULL, FALSE);
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (phase_names); i++)
    if (strcmp (text, phase_names[i]) == 0) {
      *out = (SwarmNodePhase)i;
      return TRUE;
    }
  return FALSE;
}
