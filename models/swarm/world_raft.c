/* SPDX-License-Identifier: MIT
 * Leadership among the simulated managers: who leads, when a lost leader is replaced (etcd raft's
 * randomized election timeout after the last heartbeat tick), when quorum is lost and comes back,
 * and what a new leader does first (markNodesUnknown, SwarmKit manager/dispatcher/dispatcher.go and
 * manager/state/raft/raft.go). */
#include "models/swarm/world_private.h"

#include "models/swarm/raft.h"
#include "models/swarm/signals_private.h"

void
swarm_world__raft_count (const SwarmWorld *w, guint *members_out, guint *reachable_out)
{
  guint members = 0, reachable = 0;
  for (guint i = 0; i < w->nodes->len; i++) {
    const WorldNode *n = g_ptr_array_index (w->nodes, i);
    if (n->raft_member)
      members++;
    if (n->raft_member && swarm_world__node_is_reachable (n))
      reachable++;
  }
  *members_out = members;
  *reachable_out = reachable;
}

/* becomeFollower: every component stops, the dispatcher with them; writes in flight are lost. */
static void
lose_leader (SwarmWorld *w, const char *why)
{
  WorldNode *old = w->leader;
  SimTime now = swarm_world__now (w);
  w->leader = NULL;
  swarm_world__signal_leader (w, old, FALSE);
  orch_manager_become_follower (w->manager);
  sim_engine_cancel (w->engine, w->manager_ev);
  sim_engine_cancel (w->engine, w->batch_ev);
  w->manager_ev = w->batch_ev = 0;
  g_array_set_size (w->batch, 0);
  for (guint i = 0; i < w->nodes->len; i++) {
    WorldNode *n = g_ptr_array_index (w->nodes, i);
    sim_engine_cancel (w->engine, n->expiry_ev);
    sim_engine_cancel (w->engine, n->reconnect_ev);
    sim_engine_cancel (w->engine, n->orphan_ev);
    n->expiry_ev = n->reconnect_ev = n->orphan_ev = 0;
    /* Every session ends with the dispatcher, and SwarmKit's Session handler then writes the node
     * DISCONNECTED ("node is currently trying to find new manager", dispatcher.go). That write is
     * not modelled, so no node is ever DISCONNECTED: it is a store write by a manager that has just
     * stopped leading, which raft refuses (ErrLostLeadership; with quorum lost the store takes no
     * write at all), and if one did commit, the next leader's markNodesUnknown would overwrite it
     * with UNKNOWN before any component could act on it (DISCONNECTED moves no task, §6.2). */
    n->connected = FALSE;
  }
  swarm_world__control_leader_lost (w, old, why);
  swarm_record__narrate (w->record, now, "%s is no longer leader (%s)", old->name, why);
  swarm_world__note_node (w, old);
}

static void on_election (SimEngine *engine, gpointer user_data);

/* Whether two candidates that timed out within one round trip split the vote: each votes for
 * itself, and every other reachable member votes for whichever RequestVote reaches it first (a fair
 * coin). The vote splits when neither gets a quorum, e.g. always with 2 of 3 managers left. */
static gboolean
vote_splits (SwarmWorld *w, guint members, guint reachable)
{
  const SwarmConfig *c = w->config;
  double p = swarm_raft_split_probability (c->raft_rtt_us, c->raft_tick_us);
  if (p <= 0.0)
    return FALSE;
  if (w->split_rng == NULL)
    w->split_rng = sim_rng_new (w->seed, "raft/split");
  if (sim_rng_uniform (w->split_rng) >= p)
    return FALSE;
  guint votes_a = 1, votes_b = 1;
  for (guint i = 2; i < reachable; i++) {
    if (sim_rng_uniform (w->split_rng) < 0.5)
      votes_a++;
    else
      votes_b++;
  }
  guint q = swarm_raft_quorum (members);
  return votes_a < q && votes_b < q;
}

/* Each reachable member draws its timeout from its own stream; the first to time out campaigns.
 * Counted from the last heartbeat tick when a leader was just lost, else from now. Timeouts are
 * whole ticks, so two members may draw the same one: then they time out within one tick of each
 * other and may split the vote (vote_splits). Only such ties draw from "raft/split", so a run
 * without one is the same as without split votes. */
static void
schedule_election (SwarmWorld *w, SimTime base, guint members)
{
  const SwarmConfig *c = w->config;
  WorldNode *first = NULL, *tied = NULL;
  SimTime best = SIM_TIME_NEVER;
  guint reachable = 0;
  for (guint i = 0; i < w->nodes->len; i++) {
    WorldNode *n = g_ptr_array_index (w->nodes, i);
    if (!n->raft_member || !swarm_world__node_is_reachable (n))
      continue;
    reachable++;
    if (n->raft_rng == NULL) {
      g_autofree char *name = g_strdup_printf ("raft/%s", n->name);
      n->raft_rng = sim_rng_new (w->seed, name);
    }
    SimTime t = swarm_raft_election_timeout (n->raft_rng, c->election_ticks, c->raft_tick_us);
    if (t < best) {
      best = t;
      first = n;
      tied = NULL;
    } else if (t == best && tied == NULL)
      tied = n;
  }
  g_assert (first != NULL);
  /* raft.go: a single member (force-new-cluster) campaigns at once. */
  SimTime at = members == 1 ? swarm_world__now (w) : MAX (base + best, swarm_world__now (w));
  w->candidate = first;
  w->split_with = tied != NULL && members > 1 && vote_splits (w, members, reachable) ? tied : NULL;
  w->election_ev = sim_engine_schedule_at (w->engine, at, on_election, w, NULL);
}

void
swarm_world__raft_changed (SwarmWorld *w)
{
  guint members = 0, reachable = 0;
  SimTime now = swarm_world__now (w);
  SimTime base = now;
  swarm_world__raft_count (w, &members, &reachable);
  gboolean quorum = swarm_raft_has_quorum (members, reachable);
  if (quorum && w->quorum_lost)
    swarm_world__signal_quorum (w, TRUE);
  if (quorum && w->quorum_lost)
    swarm_world__control_quorum_back (w, members, reachable);
  if (w->leader != NULL &&
      (!swarm_world__node_is_reachable (w->leader) || !w->leader->raft_member || !quorum)) {
    /* The followers last heard the leader at its last heartbeat tick (HeartbeatTick = 1). A
     * leader that loses quorum stops committing at once; CheckQuorum's later step-down changes
     * nothing the simulation can observe. */
    base = swarm_raft_last_tick (now, w->config->raft_tick_us);
    lose_leader (w, !quorum ? "quorum lost" : "leader unreachable");
  }
  if (w->leader != NULL)
    return;
  if (!quorum) {
    sim_engine_cancel (w->engine, w->election_ev);
    w->election_ev = 0;
    if (!w->quorum_lost) {
      g_autofree char *text = g_strdup_printf ("%u of %u managers reachable, quorum %u", reachable,
                                               members, swarm_raft_quorum (members));
      w->quorum_lost = TRUE;
      swarm_world__signal_quorum (w, FALSE);
      swarm_record__narrate (
          w->record, now, "quorum lost: %s; the swarm has no leader, nothing is rescheduled", text);
      swarm_record__event (w->record, now, SWARM_EVENT_QUORUM_LOST, "raft", text);
      swarm_world__control_quorum_lost (w, members, reachable);
    }
    return;
  }
  if (w->election_ev != 0 && w->candidate != NULL &&
      swarm_world__node_is_reachable (w->candidate) && w->candidate->raft_member && members > 1)
    return;
  sim_engine_cancel (w->engine, w->election_ev);
  schedule_election (w, base, members);
}

static void
on_election (SimEngine *engine, gpointer user_data)
{
  SwarmWorld *w = user_data;
  w->election_ev = 0;
  guint members = 0, reachable = 0;
  swarm_world__raft_count (w, &members, &reachable);
  WorldNode *c = w->candidate;
  WorldNode *other = w->split_with;
  w->candidate = w->split_with = NULL;
  gboolean can_win = w->leader == NULL && c != NULL && c->raft_member &&
                     swarm_world__node_is_reachable (c) &&
                     swarm_raft_has_quorum (members, reachable);
  if (can_win && other != NULL && other->raft_member && swarm_world__node_is_reachable (other)) {
    /* etcd raft: a candidate without a majority times out again after a fresh randomized
     * timeout, counted from its campaign; the voters reset theirs when they voted. The next round
     * starts once the votes are back, one round trip later. */
    SimTime now = sim_engine_get_now (engine);
    swarm_record__narrate (w->record, now, "split vote between %s and %s: no leader, new election",
                           c->name, other->name);
    schedule_election (w, now + w->config->raft_rtt_us, members);
    return;
  }
  if (can_win)
    swarm_world__become_leader (w, c);
  else
    swarm_world__raft_changed (w);
}

/* markNodesUnknown (dispatcher.go): every node not DOWN goes UNKNOWN with 2 × 3 × Choose() to
 * reconnect; nodes already DOWN get a fresh 24 h orphan timer. Live agents reconnect after their
 * session backoff; dead or cut-off ones reach the deadline and go DOWN. */
static void
mark_nodes_unknown (SwarmWorld *w)
{
  const SwarmConfig *c = w->config;
  SimTime now = swarm_world__now (w);
  OrchStore *store = orch_manager_get_store (w->manager);
  for (guint i = 0; i < w->nodes->len; i++) {
    WorldNode *node = g_ptr_array_index (w->nodes, i);
    OrchNode *n = node->orch_id != 0 ? orch_store_get_node (store, node->orch_id) : NULL;
    if (n == NULL)
      continue;
    if (n->status == ORCH_NODE_DOWN) {
      /* Its orphan timer is re-armed after the commit. A node that came back while there was no
       * leader (a rebooted manager that restored the quorum) has a live agent that keeps retrying
       * its session (agent/agent.go): it registers with the new leader and is READY again. */
      if (swarm_world__node_is_reachable (node) && !node->connected)
        swarm_world__schedule_reconnect (w, node);
      continue;
    }
    orch_manager_set_node_status (w->manager, node->orch_id, ORCH_NODE_UNKNOWN);
    swarm_world__count_node (w, node);
    SimTime p = (SimTime)sim_rng_uniform_range (
        w->dispatcher_rng, (double)(c->heartbeat_period_us - c->heartbeat_epsilon_us),
        (double)(c->heartbeat_period_us + c->heartbeat_epsilon_us));
    node->hb.beat_us = now; /* for the narration: silent since the leader change */
    node->unknown_grace = TRUE;
    node->connected = FALSE;
    swarm_world__arm_expiry (w, node,
                             now + p * (SimTime)(c->grace_multiplier * c->unknown_multiplier));
    if (swarm_world__node_is_reachable (node))
      swarm_world__schedule_reconnect (w, node);
  }
}

void
swarm_world__become_leader (SwarmWorld *w, WorldNode *node)
{
  SimTime now = swarm_world__now (w);
  w->leader = node;
  swarm_world__signal_leader (w, node, TRUE);
  w->leader_since = now;
  /* The quorum came back before any election (swarm_world__raft_changed). */
  g_assert (!w->quorum_lost);
  swarm_record__narrate (w->record, now, "%s elected leader", node->name);
  swarm_record__event (w->record, now, SWARM_EVENT_LEADER, node->name, "elected leader");
  orch_manager_become_leader (w->manager, now, w->actions);
  mark_nodes_unknown (w);
  swarm_world__commit (w);
  swarm_world__count_all (w);
  for (guint i = 0; i < w->nodes->len; i++) {
    WorldNode *n = g_ptr_array_index (w->nodes, i);
    OrchNode *on = n->orch_id != 0
                       ? orch_store_get_node (orch_manager_get_store (w->manager), n->orch_id)
                       : NULL;
    if (on != NULL && on->status == ORCH_NODE_DOWN)
      swarm_world__arm_orphan (w, n);
    if (n->phase == NODE_PHASE_JOINING && n->lifecycle_ev == 0)
      swarm_world__node_join_now (w, n);
    swarm_world__note_node (w, n);
  }
  swarm_world__failure_leader_elected (w);
}
