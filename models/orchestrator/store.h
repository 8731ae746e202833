/* SPDX-License-Identifier: MIT
 * The managers' store: every node, service and task, indexed by id, by service and by node, and the
 * log of writes since the last commit that the orchestrator's components react to (SwarmKit's store
 * events, delivered at EventCommit). It decides nothing. */
#pragma once

#include <glib.h>
#include "models/orchestrator/types.h"

typedef struct _OrchStore OrchStore;

typedef enum {
  ORCH_EVENT_NODE_CREATE,
  ORCH_EVENT_NODE_UPDATE,
  ORCH_EVENT_NODE_DELETE,
  ORCH_EVENT_SERVICE_CREATE,
  ORCH_EVENT_SERVICE_UPDATE,
  ORCH_EVENT_SERVICE_DELETE,
  ORCH_EVENT_TASK_CREATE,
  ORCH_EVENT_TASK_UPDATE,
  ORCH_EVENT_TASK_DELETE,
} OrchEventKind;

/* One write. For updates and deletes, the old_* fields hold the values before the write, which is
 * what SwarmKit's components compare against (e.g. the scheduler frees resources when a task passes
 * RUNNING). For deletes the object is already gone from the store: use the old_* fields. */
typedef struct {
  OrchEventKind kind;
  guint64 id; /* node, service or task id */
  OrchServiceId old_service_id;
  OrchNodeId old_node_id;
  OrchTaskState old_state;
  OrchTaskState old_desired;
  OrchNodeStatus old_node_status;
  OrchAvailability old_availability;
} OrchEvent;

OrchStore *orch_store_new (void);
void orch_store_free (OrchStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchStore, orch_store_free)

/* --- nodes ---------------------------------------------------------------------------------- */

/**
 * orch_store_add_node:
 * @id_str: the node's ID text; @hostname: its hostname ("" for none)
 *
 * Adds a READY, ACTIVE worker with no labels and no capacity; the caller sets the other fields and
 * then calls orch_store_touch_node() if it changed any (one event either way is fine).
 *
 * Returns: (transfer none): the node, owned by the store.
 */
OrchNode *orch_store_add_node (OrchStore *store, const char *id_str, const char *hostname);
/* Returns: (transfer none) (nullable): the node, or NULL if unknown or deleted. */
OrchNode *orch_store_get_node (const OrchStore *store, OrchNodeId id);
/* Returns: (transfer none) (nullable): the node with that id_str. */
OrchNode *orch_store_find_node (const OrchStore *store, const char *id_str);
/* Records an update of @node (after the caller changed fields) and bumps its version. The old_*
 * fields of the event are the values passed in (what the node was before the change). */
void orch_store_touch_node (OrchStore *store, OrchNode *node, OrchNodeStatus old_status,
                            OrchAvailability old_availability);
/* Deletes the node (its tasks stay, with their node_id). */
void orch_store_remove_node (OrchStore *store, OrchNodeId id);
/* Returns: (transfer none) (element-type OrchNode): the live nodes in increasing id order. */
const GPtrArray *orch_store_get_nodes (const OrchStore *store);

/* --- services -------------------------------------------------------------------------------- */

/* Returns: (transfer none): the new service; takes a reference on @spec. */
OrchService *orch_store_add_service (OrchStore *store, OrchServiceSpec *spec);
OrchService *orch_store_get_service (const OrchStore *store, OrchServiceId id);
OrchService *orch_store_find_service (const OrchStore *store, const char *name);
/* Replaces the spec (the old one becomes previous_spec), gives it a spec_version never used
 * before by the service, records an update. */
void orch_store_update_service (OrchStore *store, OrchService *service, OrchServiceSpec *spec);
/**
 * orch_store_rollback_service:
 * @keep_current: TRUE for a requested rollback (the current spec becomes the previous one);
 *   FALSE for the update supervisor's automatic rollback (no previous spec afterwards)
 *
 * Restores previous_spec with its own spec_version and records an update.
 *
 * Returns: FALSE (and changes nothing) when the service has no previous spec.
 */
gboolean orch_store_rollback_service (OrchStore *store, OrchService *service,
                                      gboolean keep_current);
void orch_store_remove_service (OrchStore *store, OrchServiceId id);
/* Returns: (transfer none) (element-type OrchService): live services in increasing id order. */
const GPtrArray *orch_store_get_services (const OrchStore *store);

/* --- tasks ----------------------------------------------------------------------------------- */

/**
 * orch_store_create_task:
 * @service_id: 0 for a task without a service (then @spec must be given)
 * @spec: (nullable): the spec to reference; NULL: the service's current spec
 *
 * Creates a task, observed NEW, desired RUNNING, unassigned unless @node_id is not 0.
 *
 * Returns: (transfer none): the task.
 */
OrchTask *orch_store_create_task (OrchStore *store, OrchServiceId service_id, guint32 slot,
                                  OrchNodeId node_id, OrchServiceSpec *spec, OrchTime now);
OrchTask *orch_store_get_task (const OrchStore *store, OrchTaskId id);
/* Sets the observed state; a lower state is ignored (returns FALSE). Records an update. */
gboolean orch_store_set_task_state (OrchStore *store, OrchTask *task, OrchTaskState state,
                                    OrchTime now);
/* Sets the desired state. Records an update. */
void orch_store_set_task_desired (OrchStore *store, OrchTask *task, OrchTaskState desired);
/* Assigns (or with 0 unassigns) the task's node, keeping the per-node index. Records an update. */
void orch_store_set_task_node (OrchStore *store, OrchTask *task, OrchNodeId node_id);
/* Sets (or with NULL clears) the pending reason. Records no event. */
void orch_store_set_task_err (OrchStore *store, OrchTask *task, const char *err);
void orch_store_remove_task (OrchStore *store, OrchTaskId id);
/* Returns: (transfer none) (element-type OrchTask): the service's tasks in increasing id order. */
const GPtrArray *orch_store_get_service_tasks (const OrchStore *store, OrchServiceId service_id);
/* Returns: (transfer none) (element-type OrchTask): tasks whose node_id is @node_id, by id. */
const GPtrArray *orch_store_get_node_tasks (const OrchStore *store, OrchNodeId node_id);
/* Returns: (transfer none) (element-type OrchTask): tasks without a service, by id. */
const GPtrArray *orch_store_get_serviceless_tasks (const OrchStore *store);
gsize orch_store_get_task_count (const OrchStore *store);
/* Returns: (transfer container) (element-type OrchTask): every task, service or not, live service
 * or deleted, in increasing id order (a leader's start-up scan). */
GPtrArray *orch_store_dup_tasks (const OrchStore *store);

/* --- the write log --------------------------------------------------------------------------- */

/* Returns: (transfer full) (element-type OrchEvent): the writes since the last call, oldest first,
 * and empties the log. */
GArray *orch_store_steal_events (OrchStore *store);
