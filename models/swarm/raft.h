/* SPDX-License-Identifier: MIT
 * Raft arithmetic for the simulated managers: quorum size and election timeouts as etcd raft draws
 * them. The world keeps membership and leadership; this file only holds the rules. */
#pragma once

#include <glib.h>
#include "sim/rng.h"
#include "sim/time.h"

/* Returns: ⌊@members / 2⌋ + 1, the managers needed to commit (0 for 0 members). */
guint swarm_raft_quorum (guint members);

/* Returns: TRUE when @reachable of @members managers (the reachable ones counted, the local node
 *   included) can elect a leader and commit. */
gboolean swarm_raft_has_quorum (guint members, guint reachable);

/**
 * swarm_raft_election_timeout:
 * @rng: the manager's own stream
 * @election_ticks: ElectionTick (default 10)
 * @tick_us: TickInterval (default 1 s)
 *
 * etcd raft's randomized election timeout: a whole number of ticks uniform in
 * [election_ticks, 2 × election_ticks − 1] (10–19 s by default).
 *
 * Returns: the timeout in microseconds.
 */
SimTime swarm_raft_election_timeout (SimRng *rng, guint election_ticks, SimTime tick_us);

/* Returns: the last raft tick at or before @t_us (ticks fall on multiples of @tick_us), when the
 *   followers last heard the leader's heartbeat (HeartbeatTick = 1). */
SimTime swarm_raft_last_tick (SimTime t_us, SimTime tick_us);

/**
 * swarm_raft_split_probability:
 * @rtt_us: the round trip of a raft message between two managers
 * @tick_us: TickInterval
 *
 * Two followers that drew the same number of ticks time out at their own tick boundaries, whose
 * phases are independent and uniform in [0, tick): the gap between them is |U1 − U2|. When it is
 * less than a round trip, the second becomes a candidate before the first one's RequestVote
 * reaches it, each votes for itself, and the vote can split. Draws a whole tick apart are treated
 * as never splitting (they would need phases within @rtt_us of a whole tick: (rtt/tick)² / 2).
 *
 * Returns: P(|U1 − U2| < rtt) = 1 − (1 − rtt/tick)², 0 for @rtt_us ≤ 0, 1 for @rtt_us ≥ @tick_us.
 */
double swarm_raft_split_probability (SimTime rtt_us, SimTime tick_us);
