/* SPDX-License-Identifier: MIT
 * Raft rules: quorum (Docker docs, ⌊N/2⌋+1) and etcd raft's election timeout draw. */
#include "models/swarm/raft.h"

guint
swarm_raft_quorum (guint members)
{
  return members == 0 ? 0 : members / 2 + 1;
}

gboolean
swarm_raft_has_quorum (guint members, guint reachable)
{
  g_return_val_if_fail (reachable <= members, FALSE);
  return members > 0 && reachable >= swarm_raft_quorum (members);
}

SimTime
swarm_raft_election_timeout (SimRng *rng, guint election_ticks, SimTime tick_us)
{
  g_return_val_if_fail (rng != NULL && election_ticks >= 1 && tick_us > 0, SIM_TIME_NEVER);
  /* etcd raft resetRandomizedElectionTimeout: electionTimeout plus a uniform draw in [0,
   * electionTimeout). */
  guint ticks = election_ticks + sim_rng_int_range (rng, 0, election_ticks);
  return (SimTime)ticks * tick_us;
}

SimTime
swarm_raft_last_tick (SimTime t_us, SimTime tick_us)
{
  g_return_val_if_fail (tick_us > 0, t_us);
  SimTime r = t_us % tick_us;
  if (r < 0)
    r += tick_us;
  return t_us - r;
}

double
swarm_raft_split_probability (SimTime rtt_us, SimTime tick_us)
{
  g_return_val_if_fail (tick_us > 0, 0.0);
  if (rtt_us <= 0)
    return 0.0;
  if (rtt_us >= tick_us)
    return 1.0;
  double free_share = 1.0 - (double)rtt_us / (double)tick_us;
  return 1.0 - free_share * free_share;
}
