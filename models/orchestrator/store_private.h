/* SPDX-License-Identifier: MIT
 * The store's insides, shared by store.c (nodes, services, the write log) and store_tasks.c
 * (tasks and their indexes), and the per-slot index getters the orchestrator's components use.
 * Not part of the library's API. */
#pragma once

#include <glib.h>
#include "models/orchestrator/store.h"

/* One service's tasks, indexed three ways so that no caller scans the whole service to find one
 * slot's history. Every array is sorted by id, and none is freed before the store, because a
 * caller may still hold one it got from a getter. */
typedef struct {
  GPtrArray *all;      /* (element-type OrchTask) unowned */
  GHashTable *by_slot; /* (element-type guint GPtrArray) owned arrays of unowned tasks */
  GHashTable *by_node; /* (element-type guint GPtrArray) owned arrays; node 0 is not indexed */
} OrchStoreServiceTasks;

struct _OrchStore {
  GHashTable *nodes;            /* (element-type guint OrchNode) owned values */
  GHashTable *nodes_by_str;     /* (element-type utf8 OrchNode) unowned */
  GPtrArray *node_list;         /* (element-type OrchNode) unowned, by id */
  GHashTable *services;         /* (element-type guint OrchService) owned values */
  GHashTable *services_by_name; /* (element-type utf8 OrchService) unowned */
  GPtrArray *service_list;      /* (element-type OrchService) unowned, by id */
  GHashTable *tasks;            /* (element-type guint64 OrchTask) owned values; key is &task->id */
  GHashTable *service_tasks;    /* (element-type guint OrchStoreServiceTasks) owned values */
  GHashTable *node_tasks;       /* (element-type guint GPtrArray) owned arrays of unowned tasks */
  GPtrArray *serviceless;       /* (element-type OrchTask) unowned, by id */
  GPtrArray *empty;             /* owned; returned for a service or node without tasks */
  GArray *events;               /* (element-type OrchEvent) owned */
  OrchNodeId next_node_id;
  OrchServiceId next_service_id;
  OrchTaskId next_task_id;
};

/* Appends one write to the log the next commit delivers. */
void orch_store__log_event (OrchStore *store, const OrchEvent *event);
/* Frees a task the store owns (its destroy function). */
void orch_store__task_free (gpointer data);
/* Frees a service's task indexes (the service_tasks table's destroy function). */
void orch_store__service_tasks_free (gpointer data);

/**
 * orch_store__get_slot_tasks:
 *
 * One replicated slot's history, from an index the writes keep (no scan of the service).
 *
 * Returns: (transfer none) (element-type OrchTask): the service's tasks whose slot is @slot, in
 *   increasing id order, owned by the store; the writes change its contents.
 */
const GPtrArray *orch_store__get_slot_tasks (const OrchStore *store, OrchServiceId service_id,
                                             guint32 slot);
/**
 * orch_store__get_service_node_tasks:
 *
 * A global service's history on one node, from an index the writes keep.
 *
 * Returns: (transfer none) (element-type OrchTask): the service's tasks whose node_id is
 *   @node_id (none for 0), in increasing id order, owned by the store; the writes change its
 *   contents.
 */
const GPtrArray *orch_store__get_service_node_tasks (const OrchStore *store,
                                                     OrchServiceId service_id, OrchNodeId node_id);
