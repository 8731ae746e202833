/* SPDX-License-Identifier: MIT
 * The scheduler's filter pipeline (SwarmKit's manager/scheduler/pipeline.go and filter.go): which
 * nodes can take a task, and the "why not" text of an unschedulable task. It does not rank. */
#pragma once

#include <glib.h>
#include "models/orchestrator/nodeinfo.h"
#include "models/orchestrator/types.h"

/* The filters in SwarmKit's order; the volumes filter is added last, as Run does. */
typedef enum {
  ORCH_FILTER_READY,        /* node READY and ACTIVE; always on */
  ORCH_FILTER_RESOURCES,    /* on when the task reserves CPU, memory or a generic resource */
  ORCH_FILTER_PLUGIN,       /* network, log and volume plugins: never on (no such fields here) */
  ORCH_FILTER_CONSTRAINTS,  /* on when the task has constraints and they all parse */
  ORCH_FILTER_PLATFORM,     /* on when the task lists platforms */
  ORCH_FILTER_HOST_PORT,    /* on when the task publishes host-mode ports */
  ORCH_FILTER_MAX_REPLICAS, /* on when max_replicas_per_node > 0 */
  ORCH_FILTER_VOLUMES,      /* cluster (CSI) volumes: never on (no such fields here) */
  ORCH_FILTER_COUNT,
} OrchFilterKind;

typedef struct _OrchPipeline OrchPipeline;

/* Returns: (transfer full): a pipeline with every filter off until orch_pipeline_set_task(). */
OrchPipeline *orch_pipeline_new (void);
void orch_pipeline_free (OrchPipeline *pipeline);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchPipeline, orch_pipeline_free)

/**
 * orch_pipeline_set_task:
 * @spec: (transfer none): the task's spec; must stay alive while the pipeline is used
 * @service_id: the task's service (the max-replicas filter counts its tasks)
 *
 * Switches on the filters that apply to the task and zeroes every failure count.
 */
void orch_pipeline_set_task (OrchPipeline *pipeline, const OrchServiceSpec *spec,
                             OrchServiceId service_id);

/**
 * orch_pipeline_process:
 *
 * Runs the active filters on @info in order and stops at the first that fails, adding one to its
 * failure count. A node that passes every filter zeroes all the counts, as SwarmKit does, so the
 * explanation only ever describes nodes checked since the last success.
 *
 * Returns: TRUE if the node can take the task.
 */
gboolean orch_pipeline_process (OrchPipeline *pipeline, const OrchNodeInfo *info);

/* Returns: how many nodes @kind rejected since the last success or set_task. */
guint orch_pipeline_get_failure_count (const OrchPipeline *pipeline, OrchFilterKind kind);

/**
 * orch_pipeline_explain:
 *
 * SwarmKit's Explain(): the messages of the filters with a non-zero count, largest count first,
 * ties in pipeline order, joined with "; ", e.g. "2 nodes not available for new tasks;
 * insufficient resources on 1 node".
 *
 * Returns: (transfer full): the text, "" when no filter failed.
 */
char *orch_pipeline_explain (const OrchPipeline *pipeline);
