/* SPDX-License-Identifier: MIT
 * Helpers shared by the orchestrator's own files and not part of its API: the spec comparison with
 * the "only constraints changed" switch, and the small predicates every component uses. */
#pragma once

#include <glib.h>
#include "models/orchestrator/types.h"

/**
 * orch_service_spec__task_equal_full:
 * @ignore_constraints: TRUE to leave placement constraints out of the comparison (the updater uses
 *   it when the task's node still satisfies the new constraints, as SwarmKit's IsTaskDirty does)
 *
 * Returns: TRUE when tasks of @a and @b are interchangeable.
 */
gboolean orch_service_spec__task_equal_full (const OrchServiceSpec *a, const OrchServiceSpec *b,
                                             gboolean ignore_constraints);

/* SwarmKit's InvalidNode: nil, DOWN or DRAIN nodes lose their tasks; PAUSE, UNKNOWN and
 * DISCONNECTED nodes keep them. */
static inline gboolean
orch__node_is_invalid (const OrchNode *node)
{
  return node == NULL || node->status == ORCH_NODE_DOWN ||
         node->availability == ORCH_AVAILABILITY_DRAIN;
}

/* The time the task's observed state last changed, or its creation time when it never changed:
 * SwarmKit's AppliedAt-or-Timestamp ordering key. */
static inline OrchTime
orch__task_timestamp (const OrchTask *task)
{
  return task->status_at != 0 ? task->status_at : task->created_at;
}
