/* SPDX-License-Identifier: MIT
 * The scheduler's state, shared by scheduler.c (view upkeep, batching, passes) and
 * scheduler_place.c (placing one task group). Not part of the orchestrator's API. */
#pragma once

#include <glib.h>
#include "models/orchestrator/nodeinfo.h"
#include "models/orchestrator/pipeline.h"
#include "models/orchestrator/scheduler.h"

struct _OrchScheduler {
  OrchStore *store; /* unowned */
  OrchShuffleFunc shuffle;
  gpointer shuffle_data;
  GHashTable *tasks;      /* (element-type guint64 OrchSchedTask) owned values; key is &task->id */
  GArray *queue;          /* (element-type OrchTaskId) unassigned tasks; stale ids are skipped */
  guint queue_len;        /* how many tasks have ->queued set */
  GArray *preassigned;    /* (element-type OrchTaskId) tasks with ->pending_preassigned */
  GHashTable *nodes;      /* (element-type guint OrchNodeInfo) owned values */
  GPtrArray *node_list;   /* (element-type OrchNodeInfo) unowned, by increasing id */
  OrchPipeline *pipeline; /* owned */
  GArray *perm;           /* (element-type guint) owned scratch for shuffles */
  gboolean tick_required;
  gboolean requeue_stale_pending; /* see orch_scheduler_set_requeue_stale_pending() */
  OrchTime debounce_started;
  OrchTime deadline; /* ORCH_TIME_NEVER when no pass is armed */
};

/* Permutes @array in place with the caller's shuffle (identity without one). */
void orch_scheduler__shuffle (OrchScheduler *s, GPtrArray *array);

/* Queues @task for the next pass unless it is queued already. */
void orch_scheduler__enqueue (OrchScheduler *s, OrchSchedTask *task);

/* processPreassignedTasks: checks each preassigned task against its node. */
void orch_scheduler__confirm_preassigned (OrchScheduler *s, OrchTime now, GArray *actions_out);

/* tick(): places every queued task, group by group. */
void orch_scheduler__tick (OrchScheduler *s, OrchTime now, GArray *actions_out);

/**
 * orch_scheduler__place_group:
 * @group: (element-type OrchSchedTask): tasks of one (service, spec version), or one one-off task;
 *   reordered in place
 *
 * SwarmKit's scheduleTaskGroup: builds the decision tree, places what it can, and hands the rest
 * to the "no suitable node" handling. Writes the store and appends actions.
 */
void orch_scheduler__place_group (OrchScheduler *s, GPtrArray *group, OrchTime now,
                                  GArray *actions_out);
