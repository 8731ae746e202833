/* SPDX-License-Identifier: MIT
 * The scheduler: SwarmKit's manager/scheduler in C. It keeps its own view of nodes and tasks, fed
 * by the store's write log, and assigns PENDING tasks to nodes in batches. It decides placement
 * only; the replicated and global orchestrators decide which tasks exist. */
#pragma once

#include <glib.h>
#include "models/orchestrator/action.h"
#include "models/orchestrator/store.h"
#include "models/orchestrator/types.h"

typedef struct _OrchScheduler OrchScheduler;

/* SwarmKit's batching constants (manager/scheduler/scheduler.go, Run). */
#define ORCH_SCHEDULER_DEBOUNCE_GAP_US ORCH_MSEC (50)
#define ORCH_SCHEDULER_MAX_LATENCY_US  ORCH_SEC (1)
/* A node with this many failures of one (service, spec version) within the window ranks last. */
#define ORCH_SCHEDULER_MAX_FAILURES      5
#define ORCH_SCHEDULER_FAILURE_WINDOW_US ORCH_SEC (5 * 60)

/**
 * orch_scheduler_new:
 * @store: (transfer none): the store to read and write; must outlive the scheduler
 * @shuffle: (nullable): asked for a permutation wherever SwarmKit iterates a Go map (nodes while
 *   building the decision tree, branches of a spread level, tasks of a group, groups of a tick,
 *   preassigned tasks); NULL keeps the natural order (increasing ids, creation order)
 * @shuffle_data: passed to @shuffle
 *
 * Creates an idle scheduler. It reads nothing from the store until orch_scheduler_start().
 *
 * Returns: (transfer full): the scheduler; free with orch_scheduler_free().
 */
OrchScheduler *orch_scheduler_new (OrchStore *store, OrchShuffleFunc shuffle,
                                   gpointer shuffle_data);

/* Whether a pending task of an older service revision that finds no node is queued again (TRUE)
 * or leaves the queue until something updates it (FALSE, SwarmKit's noSuitableNode as written;
 * see OrchManagerOptions.requeue_stale_pending). Default FALSE. */
void orch_scheduler_set_requeue_stale_pending (OrchScheduler *s, gboolean requeue);

/* Frees the scheduler and its view; the store is untouched. NULL is a no-op. */
void orch_scheduler_free (OrchScheduler *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchScheduler, orch_scheduler_free)

/**
 * orch_scheduler_start:
 * @now: the time of the leader start, in microseconds
 * @actions_out: (element-type OrchAction): decisions are appended here
 *
 * Takes a snapshot of the store as a new leader's scheduler does (§5.1): tasks observed below
 * PENDING or above RUNNING are ignored, and so are PENDING tasks whose desired state is above
 * COMPLETE. Unassigned tasks are queued, PENDING tasks with a node are "preassigned", the
 * others are counted on their node. Then it confirms the preassigned tasks and runs one pass.
 * Calling it again rebuilds the view from scratch (a new leadership term).
 */
void orch_scheduler_start (OrchScheduler *s, OrchTime now, GArray *actions_out);

/**
 * orch_scheduler_handle_event:
 * @ev: one write from the store's log, delivered in log order
 * @now: when it is delivered; failures of tasks the scheduler placed are stamped with it
 *
 * Updates the scheduler's view: node resources and counters, the queue of unassigned tasks, the
 * failure history, and whether the next pass must run (tickRequired). The current values are read
 * from the store; deleted objects are known from the scheduler's own copy. Writes the scheduler
 * made itself come back through here and change nothing a second time.
 */
void orch_scheduler_handle_event (OrchScheduler *s, const OrchEvent *ev, OrchTime now);

/**
 * orch_scheduler_commit:
 * @now: the time of the commit
 *
 * SwarmKit's EventCommit. The first commit arms the 50 ms debounce; each later one pushes it back
 * to @now + 50 ms, unless more than 1 s has passed since the first, in which case the deadline
 * becomes @now (the caller's next orch_scheduler_advance() runs the pass at once).
 */
void orch_scheduler_commit (OrchScheduler *s, OrchTime now);

/* Returns: when orch_scheduler_advance() has work to do, or ORCH_TIME_NEVER if nothing is armed. */
OrchTime orch_scheduler_next_deadline (const OrchScheduler *s);

/**
 * orch_scheduler_advance:
 * @now: the caller's clock; nothing happens before the deadline
 * @actions_out: (element-type OrchAction): decisions are appended here
 *
 * When the debounce is due: disarms it, confirms preassigned tasks if any are waiting, then runs a
 * pass if one is required. See orch_scheduler_run_pass() for the actions.
 */
void orch_scheduler_advance (OrchScheduler *s, OrchTime now, GArray *actions_out);

/**
 * orch_scheduler_run_pass:
 * @now: the time of the pass (failure windows are measured from it)
 * @actions_out: (element-type OrchAction): decisions are appended here
 *
 * Runs a pass now, whatever the debounce says: preassigned tasks first, then every queued task,
 * grouped by (service, spec version); tasks with spec version 0 are one group each. The debounce
 * deadline is left as it is. Every decision is written to the store at once and reported:
 * - ORCH_ACTION_TASK_ASSIGNED: observed ASSIGNED on .node_id; .text is SwarmKit's status message.
 * - ORCH_ACTION_TASK_PENDING: the task stays PENDING; .text is its new error, "no suitable node
 *   (...)" (or, for a preassigned task, the bare filter explanation). Reported only when the
 *   error changes, as the store is written only then.
 * - ORCH_ACTION_TASK_STATE: an unplaceable task of an old spec version whose desired state is
 *   SHUTDOWN or later was moved to observed SHUTDOWN.
 * A task without a service (service_id 0, or its service deleted) that cannot be placed is dropped
 * from the queue without a write, as in SwarmKit; its next update queues it again.
 */
void orch_scheduler_run_pass (OrchScheduler *s, OrchTime now, GArray *actions_out);

/* Returns: how many tasks are queued for the next pass (unassigned), for tests and metrics. */
guint orch_scheduler_get_queue_length (const OrchScheduler *s);

/**
 * orch_scheduler_count_recent_failures:
 * @node: the node; @service and @spec_version: the task group (version 0 for one-off tasks)
 * @now: the end of the 5 min window
 *
 * Returns: failures of tasks the scheduler placed on @node for (@service, @spec_version) within
 * the window; 0 for an unknown node. For tests and metrics.
 */
guint orch_scheduler_count_recent_failures (const OrchScheduler *s, OrchNodeId node,
                                            OrchServiceId service, guint64 spec_version,
                                            OrchTime now);
