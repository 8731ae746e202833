/* SPDX-License-Identifier: MIT
 * The leader's control loop in one object: the store plus SwarmKit's replicated and global
 * orchestrators, restart supervisor, update supervisor, task reaper and scheduler. Inputs are the
 * writes a real manager would receive (agent status reports, dispatcher node status, API calls);
 * decisions come back as actions. Timers are exposed, never run: the caller asks for the next
 * deadline and calls orch_manager_advance() when its clock reaches it. */
#pragma once

/*
 * How a caller (the simulated world) drives it:
 *   1. orch_manager_new(); add nodes; create services (while follower, nothing is decided yet).
 *   2. orch_manager_become_leader (now, actions): start-up fix, reconcile, scheduler snapshot.
 *   3. On every input (node status, availability, agent report, service change), call the matching
 *      orch_manager_* function, then orch_manager_commit (now, actions).
 *   4. Ask orch_manager_next_deadline() after every call; when the clock reaches it, call
 *      orch_manager_advance (now, actions). A deadline may equal "now" (a start due at once).
 *   5. Carry out the actions appended to the list, in order:
 *      TASK_CREATED  a new task (.state is its desired state: RUNNING, or READY for a replacement);
 *      TASK_ASSIGNED tell the agent of .node_id to run the task up to its desired state;
 *      TASK_DESIRED  tell the task's agent the new desired state (RUNNING, SHUTDOWN, REMOVE);
 *      TASK_PENDING  the scheduler found no node (.text); TASK_STATE the manager set .state itself;
 *      TASK_DELETED  the task left the store; UPDATE_STATUS a rolling update changed state.
 *   The allocator's NEW → PENDING step is a store write with no action.
 * Example, a worker going DOWN with restart delay 5 s at time T: the commit at T reports
 * TASK_DESIRED SHUTDOWN for its tasks and TASK_CREATED (desired READY) for each replacement in the
 * same slot; advance at T + 50 ms reports TASK_ASSIGNED; advance at T + 5 s reports TASK_DESIRED
 * RUNNING. The caller's agents report states back through orch_manager_report_task().
 * Ownership: the manager owns the store and every object in it; actions own their text.
 */

#include <glib.h>
#include "models/orchestrator/action.h"
#include "models/orchestrator/store.h"
#include "models/orchestrator/types.h"

typedef struct _OrchManager OrchManager;

typedef struct {
  gint64 task_history_limit; /* per slot (replicated) or node (global); default 5; < 0: keep all */
  OrchShuffleFunc shuffle;   /* (nullable): NULL keeps the natural order (identity) */
  gpointer shuffle_data;
  /* FALSE (SwarmKit as written): a pending task of an older service revision that finds no node
   * leaves the scheduler's queue (scheduler.go noSuitableNode), so after a service update, even a
   * scale, it can stay pending after nodes return (moby/moby#53722). TRUE: it is queued again, as
   * the fix proposed in moby/swarmkit#3297 does. */
  gboolean requeue_stale_pending;
} OrchManagerOptions;
#define ORCH_MANAGER_OPTIONS_INIT                                                                  \
  {                                                                                                \
    5, NULL, NULL, FALSE                                                                           \
  }

/* Returns: (transfer full): a manager with an empty store, not yet leader. */
OrchManager *orch_manager_new (const OrchManagerOptions *options);
void orch_manager_free (OrchManager *manager);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchManager, orch_manager_free)

/* Returns: (transfer none): the store. Callers may read it freely; write through the functions
 * below (or through the store API followed by orch_manager_commit()). */
OrchStore *orch_manager_get_store (OrchManager *manager);

/* Leadership. Components run only while the manager leads (raft quorum and a leader). Becoming
 * leader runs SwarmKit's start-up fix (taskinit), re-arms restart delays for the time left, and
 * snapshots the scheduler; becoming follower stops every component and drops every timer. */
void orch_manager_become_leader (OrchManager *manager, OrchTime now, GArray *actions_out);
void orch_manager_become_follower (OrchManager *manager);
gboolean orch_manager_is_leader (const OrchManager *manager);

/* --- inputs: each is a store write; decisions follow at the next commit ------------------------
 */

/* Returns: (transfer none): the node added (READY, ACTIVE); fill its fields before committing. */
OrchNode *orch_manager_add_node (OrchManager *manager, const char *id_str, const char *hostname,
                                 OrchRole role, const OrchResources *capacity);
void orch_manager_set_node_status (OrchManager *manager, OrchNodeId node, OrchNodeStatus status);
void orch_manager_set_node_availability (OrchManager *manager, OrchNodeId node,
                                         OrchAvailability availability);
void orch_manager_set_node_role (OrchManager *manager, OrchNodeId node, OrchRole role);
/* @value NULL removes the label. */
void orch_manager_set_node_label (OrchManager *manager, OrchNodeId node, const char *key,
                                  const char *value);
/* Deletes the node object; its tasks below COMPLETE become ORPHANED (controlapi node removal). */
void orch_manager_remove_node (OrchManager *manager, OrchNodeId node, OrchTime now);
/* The dispatcher's 24 h rule: tasks on a node still DOWN with ASSIGNED ≤ state ≤ RUNNING become
 * ORPHANED. The caller owns the 24 h timer (it knows when the node went DOWN). */
void orch_manager_orphan_node_tasks (OrchManager *manager, OrchNodeId node, OrchTime now);

/* Returns: the new service's id; takes a reference on @spec. */
OrchServiceId orch_manager_create_service (OrchManager *manager, OrchServiceSpec *spec,
                                           OrchTime now);
/* A spec change: a scale if only replicas differ, otherwise a rolling update. */
void orch_manager_update_service (OrchManager *manager, OrchServiceId service,
                                  OrchServiceSpec *spec, OrchTime now);
/* "docker service rollback": back to previous_spec with the rollback config. */
gboolean orch_manager_rollback_service (OrchManager *manager, OrchServiceId service, OrchTime now);
void orch_manager_remove_service (OrchManager *manager, OrchServiceId service, OrchTime now);

/* An agent's status report, as the dispatcher writes it; a report that would lower the observed
 * state is dropped (returns FALSE). */
gboolean orch_manager_report_task (OrchManager *manager, OrchTaskId task, OrchTaskState state,
                                   OrchTime now);

/* Returns: (transfer none) (nullable): the service's rolling-update status as in
 * ORCH_ACTION_UPDATE_STATUS ("updating", "paused", ...), or NULL when none. The status is store
 * data, so it survives a change of leader. */
const char *orch_manager_get_update_status (const OrchManager *manager, OrchServiceId service);

/* --- decisions -----------------------------------------------------------------------------------
 */

/**
 * orch_manager_commit:
 * @now: the time of the commit
 * @actions_out: (element-type OrchAction): decisions are appended here
 *
 * Delivers the writes since the last commit to every component, as SwarmKit's EventCommit does:
 * the replicated orchestrator restarts tasks first (tickTasks), then reconciles the services queued
 * (tickServices); the global orchestrator, update supervisor and reaper react; the scheduler's 50
 * ms debounce starts or is pushed back. Writes made by the components are committed in turn until
 * none is left. Does nothing while not leader.
 */
void orch_manager_commit (OrchManager *manager, OrchTime now, GArray *actions_out);

/* Returns: the earliest time a component wants to run (scheduler debounce, restart delay, old-task
 * timeout, update delay or monitor, reaper batch), or ORCH_TIME_NEVER. */
OrchTime orch_manager_next_deadline (const OrchManager *manager);

/* Runs every timer due at or before @now, in time order, committing after each. */
void orch_manager_advance (OrchManager *manager, OrchTime now, GArray *actions_out);
