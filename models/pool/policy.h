/* SPDX-License-Identifier: MIT
 * The autoscaler policy: a pure decision (observation and "now" in, grow / shrink / nothing out)
 * that both pool kinds share, so a scale-up and a scale-out variant react to the same signals.
 * Docker Swarm itself never adds servers; this is the operator's (or a cloud autoscaler's) rule. No
 * world, no I/O. */
#pragma once

#include <glib.h>
#include "sim/time.h"

typedef struct {
  gboolean enabled;       /* FALSE: the pool only changes through scenario actions */
  SimTime interval_us;    /* how often the policy looks; default 15 s */
  SimTime pending_for_us; /* grow when some task has been pending this long; default 60 s */
  double grow_reserved;   /* grow when reserved CPU or memory stays above this share; 0.85 */
  SimTime grow_for_us;    /* … for this long; default 2 min */
  double shrink_reserved; /* shrink when reserved CPU and memory stay below this share; 0.30 */
  SimTime shrink_for_us;  /* … for this long; default 10 min */
  SimTime cooldown_us;    /* no decision this soon after the last one; default 5 min, longer than
                             an EC2 launch plus join (docs/calibration.md: 21–29 s + docker + join) */
} PoolPolicy;

#define POOL_POLICY_INIT                                                                           \
  {                                                                                                \
    TRUE, SIM_SEC (15), SIM_SEC (60), 0.85, SIM_MIN (2), 0.30, SIM_MIN (10), SIM_MIN (5)           \
  }

/* What the policy sees at one look. */
typedef struct {
  guint64 pending_tasks;
  double reserved_share; /* max(reserved CPU / capacity, reserved memory / capacity), 0–1+ */
  double reserved_share_shrunk; /* the same after one shrink step (≥ 1 when it would not fit) */
  gboolean can_grow;            /* below the maximum size or the largest type */
  gboolean can_shrink;          /* above the minimum */
} PoolObservation;

/* The memory of the policy between looks. Initialise with pool_policy_state_init(). */
typedef struct {
  SimTime pending_since_us; /* SIM_TIME_NEVER when nothing is pending */
  SimTime high_since_us;
  SimTime low_since_us;
  SimTime last_action_us; /* SIM_TIME_NEVER before the first */
} PoolPolicyState;

typedef enum {
  POOL_DECISION_NONE,
  POOL_DECISION_GROW,
  POOL_DECISION_SHRINK,
} PoolDecision;

/* "none", "grow", "shrink". */
const char *pool_decision_to_string (PoolDecision decision);

void pool_policy_state_init (PoolPolicyState *state);

/**
 * pool_policy_decide:
 * @policy: the policy
 * @state: updated with this look
 * @obs: what the pool sees now
 * @now_us: the current time, not earlier than the previous call's
 *
 * Grows when tasks have been pending for pending_for, or the reserved share has stayed above
 * grow_reserved for grow_for; shrinks when nothing is pending, the share has stayed below
 * shrink_reserved for shrink_for and would stay below grow_reserved after the shrink; never within
 * cooldown of the last decision, never past the limits.
 *
 * Returns: the decision.
 */
PoolDecision pool_policy_decide (const PoolPolicy *policy, PoolPolicyState *state,
                                 const PoolObservation *obs, SimTime now_us);
