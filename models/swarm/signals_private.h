/* SPDX-License-Identifier: MIT
 * Internal to models/swarm: where the world files emit the signals of signals.h
 * (world_signals.c). Each emitter is cheap when nobody subscribes to its kind. */
#pragma once

#include "models/swarm/signals.h"
#include "models/swarm/world_private.h"

typedef struct _SwarmSignalBus SwarmSignalBus;

/* Created before the initial nodes, freed after the engine. */
SwarmSignalBus *swarm_world__signals_new (void);
void swarm_world__signals_free (SwarmSignalBus *bus);

/* NODE_ADDED for a node created after the build; its phase is the first one NODE_STATE compares
 * with. */
void swarm_world__signal_node_added (SwarmWorld *w, WorldNode *node);
/* NODE_REMOVED: the instance is terminated for good. */
void swarm_world__signal_node_removed (SwarmWorld *w, WorldNode *node);
/* NODE_STATE, when the node's phase or partition differs from its last signal; call after any
 * change of either. */
void swarm_world__signal_node_state (SwarmWorld *w, WorldNode *node);
/* TASK_STATE, when the store's observed state of @task differs from its last signal; call after
 * any row of the task was recorded. */
void swarm_world__signal_task (SwarmWorld *w, OrchTaskId task);
/* Forgets @task's last state: it left the store. */
void swarm_world__signal_task_deleted (SwarmWorld *w, OrchTaskId task);
/* LEADER: @node was elected (@elected) or stopped leading. */
void swarm_world__signal_leader (SwarmWorld *w, WorldNode *node, gboolean elected);
/* QUORUM: lost (@restored FALSE) or restored with a new leader. */
void swarm_world__signal_quorum (SwarmWorld *w, gboolean restored);
