/* SPDX-License-Identifier: MIT
 * The autoscaler's decision rule: sustained signals, a cooldown, hard limits. */
#include "models/pool/policy.h"

const char *
pool_decision_to_string (PoolDecision decision)
{
  switch (decision) {
    case POOL_DECISION_NONE:
      return "none";
    case POOL_DECISION_GROW:
      return "grow";
    case POOL_DECISION_SHRINK:
      return "shrink";
    default:
      g_return_val_if_reached (NULL);
  }
}

void
pool_policy_state_init (PoolPolicyState *state)
{
  state->pending_since_us = SIM_TIME_NEVER;
  state->high_since_us = SIM_TIME_NEVER;
  state->low_since_us = SIM_TIME_NEVER;
  state->last_action_us = SIM_TIME_NEVER;
}

/* Starts or stops the clock of a signal; returns how long it has been on (−1 when off). */
static SimTime
track (SimTime *since_us, gboolean on, SimTime now_us)
{
  if (!on) {
    *since_us = SIM_TIME_NEVER;
    return -1;
  }
  if (*since_us == SIM_TIME_NEVER)
    *since_us = now_us;
  return now_us - *since_us;
}

PoolDecision
pool_policy_decide (const PoolPolicy *policy, PoolPolicyState *state, const PoolObservation *obs,
                    SimTime now_us)
{
  SimTime pending, high, low;

  g_return_val_if_fail (policy != NULL && state != NULL && obs != NULL, POOL_DECISION_NONE);

  /* The signals are tracked even while cooling down, so that a load that outlasts the cooldown
   * acts at its end rather than one more full period later. */
  pending = track (&state->pending_since_us, obs->pending_tasks > 0, now_us);
  high = track (&state->high_since_us, obs->reserved_share > policy->grow_reserved, now_us);
  low = track (&state->low_since_us,
               obs->pending_tasks == 0 && obs->reserved_share < policy->shrink_reserved, now_us);
  if (!policy->enabled)
    return POOL_DECISION_NONE;
  if (state->last_action_us != SIM_TIME_NEVER &&
      now_us - state->last_action_us < policy->cooldown_us)
    return POOL_DECISION_NONE;

  if (obs->can_grow && (pending >= policy->pending_for_us || high >= policy->grow_for_us)) {
    state->last_action_us = now_us;
    /* The signals restart: the new capacity needs its own sustained evidence. */
    state->pending_since_us = state->high_since_us = SIM_TIME_NEVER;
    return POOL_DECISION_GROW;
  }
  /* A shrink that would land above the grow threshold would only be undone later (flapping). */
  if (obs->can_shrink && low >= policy->shrink_for_us &&
      obs->reserved_share_shrunk <= policy->grow_reserved) {
    state->last_action_us = now_us;
    state->low_since_us = SIM_TIME_NEVER;
    return POOL_DECISION_SHRINK;
  }
  return POOL_DECISION_NONE;
}
