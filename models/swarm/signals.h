/* SPDX-License-Identifier: MIT
 * Signals on the simulated world: what other models (failure injectors, job runners, pools)
 * subscribe to instead of being wired by hand or polling the record. Nodes added and removed,
 * node phases, observed task states, leadership and quorum. Signals are delivered and forgotten;
 * the record (record.h) is what keeps the history. */
#pragma once

#include <glib.h>
#include "models/orchestrator/types.h"
#include "models/swarm/config.h"
#include "models/swarm/world.h"
#include "sim/time.h"

/* Kinds of signal; each is one bit, so a subscriber names the kinds it wants as a mask. */
typedef enum {
  SWARM_SIGNAL_NODE_ADDED = 1 << 0,   /* a node created after the world was built (a timeline
                                         join, swarm_world_add_node): its instance launches */
  SWARM_SIGNAL_NODE_REMOVED = 1 << 1, /* the instance was terminated for good
                                         (swarm_world_remove_node, a timeline terminate) */
  SWARM_SIGNAL_NODE_STATE = 1 << 2,   /* the node's phase or its partition changed */
  SWARM_SIGNAL_TASK_STATE = 1 << 3,   /* a task's observed state, as the store holds it, changed */
  SWARM_SIGNAL_LEADER = 1 << 4,       /* a manager was elected leader, or the leader was lost */
  SWARM_SIGNAL_QUORUM = 1 << 5,       /* raft lost its quorum, or regained it with a leader */
} SwarmSignalKind;

/* Every kind. */
#define SWARM_SIGNAL_ALL ((guint)0x3f)

/* "node-added", "node-removed", "node-state", "task-state", "leader", "quorum". */
const char *swarm_signal_kind_to_string (SwarmSignalKind kind);
gboolean swarm_signal_kind_from_string (const char *text, SwarmSignalKind *out);

/* Where a node's instance is in its life (world_nodes.c). */
typedef enum {
  SWARM_NODE_PHASE_LAUNCHING, /* the instance boots (also after a reboot or a resize) */
  SWARM_NODE_PHASE_DOCKER,    /* dockerd starts */
  SWARM_NODE_PHASE_JOINING,   /* docker swarm join (waits while there is no leader) */
  SWARM_NODE_PHASE_UP,        /* in the swarm, containers can run */
  SWARM_NODE_PHASE_CRASHED,   /* the instance failed; billing goes on */
  SWARM_NODE_PHASE_LEFT,      /* left the swarm; the instance still runs */
  SWARM_NODE_PHASE_STOPPED,   /* the instance is stopped (within a resize) or terminated */
} SwarmNodePhase;

/* "launching", "docker", "joining", "up", "crashed", "left", "stopped". */
const char *swarm_node_phase_to_string (SwarmNodePhase phase);
gboolean swarm_node_phase_from_string (const char *text, SwarmNodePhase *out);

/**
 * SwarmSignal:
 *
 * One signal. Fields a kind does not use are 0 or NULL. Every string and the group live as long
 * as the world (node names, the record's interned service names, the configuration).
 */
typedef struct {
  SwarmSignalKind kind;
  SimTime t_us;                /* when it happened; delivery is at the same simulated time */
  const char *node;            /* NODE_*: the node; TASK_STATE: the task's node (NULL when
                                  unassigned); LEADER: the node elected, or the leader lost */
  const SwarmNodeGroup *group; /* NODE_*: the node's group (the configuration's) */
  const char *zone;            /* NODE_*: the group's availability zone */
  SwarmNodePhase phase;        /* NODE_*: the node's phase when the signal was emitted */
  const char *service;         /* TASK_STATE: the task's service ("" for a task without one) */
  guint64 task;                /* TASK_STATE: the orchestrator's task id */
  guint32 slot;                /* TASK_STATE: replicated slot, 0 for a global task */
  OrchTaskState old_state;     /* TASK_STATE: the observed state before this change (NEW for a
                                  task's first), tracked whether or not anyone subscribed */
  OrchTaskState state;         /* TASK_STATE: the observed state now */
  gboolean flag;               /* NODE_STATE: partitioned; LEADER: TRUE elected, FALSE lost;
                                  QUORUM: TRUE restored, FALSE lost */
} SwarmSignal;

/**
 * SwarmSignalFunc:
 * @world: the world
 * @signal: (transfer none): the signal, valid during the call only (its strings live longer)
 * @user_data: what swarm_world_connect() was given
 *
 * A handler runs from an engine event at the signal's time, after the world's step that emitted
 * it has finished, so it may act on the world: crash, add or remove nodes, create or remove
 * services, connect or disconnect handlers (itself included). Signals its actions emit are
 * delivered after those already queued, in the same event. It must not free the world or run its
 * engine (swarm_world_run_until).
 */
typedef void (*SwarmSignalFunc) (SwarmWorld *world, const SwarmSignal *signal, gpointer user_data);

/**
 * swarm_world_connect:
 * @world: the world
 * @kinds: a mask of SwarmSignalKind bits, not 0
 * @func: the handler
 * @user_data: (transfer none): passed to @func; must stay valid until disconnected or the world
 *   is freed
 *
 * Subscribes @func to the signals of @kinds emitted from now on. Signals are queued when emitted
 * and delivered by one engine event at the current simulated time (scheduled when the first one
 * is queued; outside a run, delivery waits for the next swarm_world_run_until). Signals go out in
 * the order they were emitted, and each to its handlers in the order they were connected.
 * Nothing is queued for a kind nobody subscribes to, so a world without subscribers runs exactly
 * as before signals existed.
 *
 * Returns: the handler's id, never 0, not reused within the world.
 */
guint swarm_world_connect (SwarmWorld *world, guint kinds, SwarmSignalFunc func,
                           gpointer user_data);

/**
 * swarm_world_disconnect:
 * @world: the world
 * @handler_id: an id from swarm_world_connect(), not yet disconnected
 *
 * Unsubscribes at once: the handler receives nothing more, not even the rest of a delivery in
 * progress. Safe from inside any handler, its own included.
 */
void swarm_world_disconnect (SwarmWorld *world, guint handler_id);

/* A node as the signals describe it. Strings and group live as long as the world. */
typedef struct {
  const char *name;
  const SwarmNodeGroup *group; /* the configuration's */
  const char *zone;            /* group->availability_zone */
  SwarmNodePhase phase;
  gboolean partitioned;
} SwarmNodeInfo;

typedef void (*SwarmNodeInfoFunc) (const SwarmNodeInfo *info, gpointer user_data);

/**
 * swarm_world_foreach_node:
 * @world: the world
 * @func: called once per node whose instance exists (every phase but a terminated node's), in
 *   creation order: the node groups' nodes first, as the configuration lists them
 * @user_data: passed to @func
 *
 * For a subscriber that connects after the world was built and wants the nodes that already
 * exist. Synchronous; @func must not add or remove nodes (nodes created meanwhile are skipped).
 */
void swarm_world_foreach_node (const SwarmWorld *world, SwarmNodeInfoFunc func, gpointer user_data);

/* Fills @info_out for @node. Returns: FALSE when the world has no node of that name (a terminated
 * node is still known, in phase STOPPED). */
gboolean swarm_world_get_node_info (const SwarmWorld *world, const char *node,
                                    SwarmNodeInfo *info_out);
