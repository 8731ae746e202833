/* SPDX-License-Identifier: MIT
 * Lazy dispatcher heartbeats. A node's beats form a sequence b(k+1) = b(k) + p(k), where each
 * period p(k) is drawn from [p − ε, p + ε) (swarmkit period.go) by a counter-based hash of (key,
 * epoch, k), so any beat can be computed without simulating the ones before as events: a healthy
 * node costs no event at all, and a crash at t is detected at exactly the time per-beat simulation
 * gives. */
#pragma once

#include <glib.h>
#include "sim/time.h"

typedef struct {
  guint64 key;        /* the node's stream key (sim_rng_derive_seed (seed, "heartbeat/<node>")) */
  guint32 epoch;      /* the session: each registration starts a new sequence */
  SimTime period_us;  /* nominal period */
  SimTime epsilon_us; /* jitter half-width */
  /* The cursor: the latest beat computed so far. */
  guint64 k;
  SimTime beat_us;  /* time of beat k */
  SimTime drawn_us; /* p(k), the period drawn at beat k (returned to the agent) */
} SwarmHeartbeat;

/**
 * swarm_heartbeat_period:
 * @key: the node's stream key
 * @epoch: the session number
 * @k: the beat number
 * @period_us: nominal period
 * @epsilon_us: jitter, 0 ≤ ε < period
 *
 * Returns: p(k) in [period − ε, period + ε), a pure function of its arguments.
 */
SimTime swarm_heartbeat_period (guint64 key, guint32 epoch, guint64 k, SimTime period_us,
                                SimTime epsilon_us);

/**
 * swarm_heartbeat_start:
 * @hb: the state to initialise
 * @start_us: the time of beat 0 (the agent sends its first heartbeat at once on registering);
 *   may be negative to give nodes present at time 0 a random phase
 *
 * Starts session @epoch.
 */
void swarm_heartbeat_start (SwarmHeartbeat *hb, guint64 key, guint32 epoch, SimTime start_us,
                            SimTime period_us, SimTime epsilon_us);

/* Moves the cursor forward to the last beat at or before @t_us (O(beats skipped); never back). */
void swarm_heartbeat_advance (SwarmHeartbeat *hb, SimTime t_us);

/* Returns: when the dispatcher declares the node DOWN if no beat follows the cursor's:
 *   beat + @multiplier × p(k). */
SimTime swarm_heartbeat_deadline (const SwarmHeartbeat *hb, guint multiplier);
