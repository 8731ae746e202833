/* SPDX-License-Identifier: MIT
 * The store's insides, shared by store.c (nodes, services, the write log) and store_tasks.c
 * (tasks and their indexes). Not part of the library's API. */
#pragma once

#include <glib.h>
#include "models/orchestrator/store.h"

struct _OrchStore {
  GHashTable *nodes;            /* (element-type guint OrchNode) owned values */
  GHashTable *nodes_by_str;     /* (element-type utf8 OrchNode) unowned */
  GPtrArray *node_list;         /* (element-type OrchNode) unowned, by id */
  GHashTable *services;         /* (element-type guint OrchService) owned values */
  GHashTable *services_by_name; /* (element-type utf8 OrchService) unowned */
  GPtrArray *service_list;      /* (element-type OrchService) unowned, by id */
  GHashTable *tasks;            /* (element-type guint64 OrchTask) owned values; key is &task->id */
  GHashTable *service_tasks;    /* (element-type guint GPtrArray) owned arrays of unowned tasks */
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
