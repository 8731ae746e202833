/* SPDX-License-Identifier: MIT
 * What the orchestrator decides, as a list of actions for the caller to carry out (tell an agent,
 * log, measure), and the one source of randomness it accepts: a caller-supplied shuffle. */
#pragma once

#include <glib.h>
#include "models/orchestrator/types.h"

typedef enum {
  ORCH_ACTION_TASK_CREATED,  /* a new task (slot, service, desired state in .state) */
  ORCH_ACTION_TASK_DESIRED,  /* a task's desired state changed to .state */
  ORCH_ACTION_TASK_ASSIGNED, /* the scheduler assigned the task to .node_id (observed ASSIGNED) */
  ORCH_ACTION_TASK_PENDING,  /* the task stays pending; .text is "no suitable node (...)" */
  ORCH_ACTION_TASK_STATE,    /* the manager itself set the observed state to .state (SHUTDOWN of
                                a never-assigned task, ORPHANED, REJECTED by the enforcer) */
  ORCH_ACTION_TASK_DELETED,  /* the task left the store (history clean-up, service removal) */
  ORCH_ACTION_UPDATE_STATUS, /* a rolling update of .service_id changed state; .text says which:
                                "updating", "paused", "completed", "rollback_started",
                                "rollback_paused", "rollback_completed" */
} OrchActionKind;

typedef struct {
  OrchActionKind kind;
  OrchTime at;        /* the "now" the decision was made at */
  OrchTaskId task_id; /* 0 for service-level actions */
  OrchServiceId service_id;
  OrchNodeId node_id; /* 0 when none */
  guint32 slot;
  OrchTaskState state;
  char *text; /* (nullable) owned */
} OrchAction;

const char *orch_action_kind_to_string (OrchActionKind kind);

/* Returns: (transfer full): an empty action list (GArray of OrchAction that frees .text). */
GArray *orch_action_list_new (void);

/* Appends an action; @text is copied. */
void orch_action_list_add (GArray *list, OrchActionKind kind, OrchTime at, OrchTaskId task_id,
                           OrchServiceId service_id, OrchNodeId node_id, guint32 slot,
                           OrchTaskState state, const char *text);

/**
 * OrchShuffleFunc:
 * @perm: (array length=n): on entry 0 … n−1; to be permuted in place
 * @n: its length
 * @user_data: the caller's data
 *
 * Where SwarmKit's order is arbitrary (Go map iteration), the library asks the caller for a
 * permutation. A simulator passes a seeded random stream; a test may pass the identity.
 */
typedef void (*OrchShuffleFunc) (guint *perm, gsize n, gpointer user_data);
