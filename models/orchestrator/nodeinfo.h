/* SPDX-License-Identifier: MIT
 * The scheduler's per-node bookkeeping (SwarmKit's NodeInfo) and its copy of each task it tracks:
 * available resources, active task counts in total and by service, host ports in use, and recent
 * failures by (service, spec version). It makes no placement decision. */
#pragma once

#include <glib.h>
#include "models/orchestrator/types.h"

/* A generic resource a task took from its node. @kind points into the task's spec. */
typedef struct {
  const char *kind; /* unowned */
  gint64 count;
} OrchGenericClaim;

/* The scheduler's copy of a task: the store's object changes in place, so the values the scheduler
 * last acted on are kept here, which is what makes replayed writes harmless. */
typedef struct {
  OrchTaskId id;
  OrchServiceId service_id;
  guint64 spec_version; /* 0: none (a one-off) */
  guint32 slot;
  OrchNodeId node_id;           /* 0: unassigned */
  OrchTaskState state;          /* observed, as last seen */
  OrchTaskState desired;        /* as last seen */
  OrchServiceSpec *spec;        /* owned ref */
  gboolean preassigned;         /* once PENDING with a node: its failures are not recorded */
  gboolean pending_preassigned; /* waiting for the node check */
  gboolean queued;              /* in the unassigned queue */
  OrchNodeId held_on;      /* the node whose info holds it (resources, ports, counts); 0: none */
  gboolean counted_active; /* counted in the active counters (desired ≤ COMPLETE when counted) */
  GArray *claimed;         /* (element-type OrchGenericClaim) (nullable) owned */
} OrchSchedTask;

/* Returns: (transfer full): a copy of @task's scheduling fields. */
OrchSchedTask *orch_sched_task_new (const OrchTask *task);
/* Refreshes the copy from the store's task (node, states); the spec stays (tasks never change
 * spec). */
void orch_sched_task_refresh (OrchSchedTask *copy, const OrchTask *task);
void orch_sched_task_free (OrchSchedTask *copy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchSchedTask, orch_sched_task_free)

/* Recent failure times of one (service, spec version) on one node, oldest first. */
typedef struct {
  OrchServiceId service_id;
  guint64 spec_version;
  GArray *times; /* (element-type OrchTime) owned */
} OrchFailureEntry;

typedef struct {
  OrchNodeId id;
  const OrchNode *node;          /* unowned: the store's node, refreshed before every pass */
  OrchResources available;       /* capacity minus what the held tasks reserve */
  GHashTable *tasks;             /* (element-type guint64 OrchSchedTask) unowned values */
  gint64 active_tasks;           /* held tasks with desired ≤ COMPLETE */
  GHashTable *active_by_service; /* (element-type guint gsize) counts stored in the pointer */
  GHashTable *used_ports;        /* (element-type guint) (nullable) owned set of port keys */
  GArray *failures;              /* (element-type OrchFailureEntry) (nullable) owned */
  OrchTime last_cleanup;
  gboolean has_focus; /* a one-entry cache of active_by_service, see set_focus */
  OrchServiceId focus_service;
  gint64 focus_count;
} OrchNodeInfo;

/* Returns: (transfer full): info for @node with all of its capacity available and no task. */
OrchNodeInfo *orch_node_info_new (const OrchNode *node, OrchTime now);
void orch_node_info_free (OrchNodeInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchNodeInfo, orch_node_info_free)

/* After a node write: points at @node and recomputes the available resources as its capacity
 * minus every held task's reservation (SwarmKit's createOrUpdateNode). */
void orch_node_info_set_node (OrchNodeInfo *info, const OrchNode *node);

/**
 * orch_node_info_add_task:
 *
 * Holds @task on the node: takes its reservations and host ports and counts it as active if its
 * desired state is ≤ COMPLETE. For a task already held, only a change of desired state across
 * COMPLETE moves the active counters (SwarmKit's addTask).
 *
 * Returns: TRUE if anything changed.
 */
gboolean orch_node_info_add_task (OrchNodeInfo *info, OrchSchedTask *task);
/* Releases what orch_node_info_add_task() took. Returns: FALSE if @task was not held. */
gboolean orch_node_info_remove_task (OrchNodeInfo *info, OrchSchedTask *task);

/* Caches the active count of @service, the one a task group asks for on every comparison;
 * later changes to that count keep the cache up to date. */
void orch_node_info_set_focus (OrchNodeInfo *info, OrchServiceId service);

/* Returns: the number of active tasks of @service on the node. */
gint64 orch_node_info_get_service_count (const OrchNodeInfo *info, OrchServiceId service);

/* Records a failure of a task of (@service, @version) placed by the scheduler, at @now. */
void orch_node_info_task_failed (OrchNodeInfo *info, OrchServiceId service, guint64 version,
                                 OrchTime now);
/* Returns: failures of (@service, @version) no older than the 5 min window at @now. */
guint orch_node_info_count_recent_failures (const OrchNodeInfo *info, OrchServiceId service,
                                            guint64 version, OrchTime now);

/* Returns: TRUE when the available resources cover @req (CPU, memory, every generic kind). */
gboolean orch_node_info_has_resources (const OrchNodeInfo *info, const OrchResources *req);
/* Returns: TRUE when a held task publishes @port in host mode. */
gboolean orch_node_info_port_in_use (const OrchNodeInfo *info, const OrchHostPort *port);
