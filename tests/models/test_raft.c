/* SPDX-License-Identifier: MIT
 * Tests of the raft rules: quorum sizes from the Docker docs' table and etcd raft's election
 * timeout range. */
#include <glib.h>

#include "models/swarm/raft.h"

/* Test that quorum and tolerated failures follow the Docker admin guide table for 1–9 managers. */
static void
test_raft_quorum_matches_docker_table (void)
{
  const guint tolerated[] = { 0, 0, 0, 1, 1, 2, 2, 3, 3, 4 };
  for (guint n = 1; n <= 9; n++) {
    g_assert_cmpuint (n - swarm_raft_quorum (n), ==, tolerated[n]);
    g_assert_true (swarm_raft_has_quorum (n, n - tolerated[n]));
    g_assert_false (swarm_raft_has_quorum (n, n - tolerated[n] - 1));
  }
  g_assert_false (swarm_raft_has_quorum (0, 0));
}

/* Test that election timeouts are whole ticks in [10, 19] s and that every value occurs. */
static void
test_raft_election_timeout_in_ticks_range (void)
{
  g_autoptr (SimRng) rng = sim_rng_new (5, "raft/manager-1");
  gboolean seen[20] = { FALSE };
  for (guint i = 0; i < 2000; i++) {
    SimTime t = swarm_raft_election_timeout (rng, 10, 1000000);
    g_assert_cmpint (t % 1000000, ==, 0);
    g_assert_cmpint (t, >=, 10000000);
    g_assert_cmpint (t, <=, 19000000);
    seen[t / 1000000] = TRUE;
  }
  for (guint s = 10; s <= 19; s++)
    g_assert_true (seen[s]);
}

/* Test that the last tick rounds down to a multiple of the tick, negative times included. */
static void
test_raft_last_tick_rounds_down (void)
{
  g_assert_cmpint (swarm_raft_last_tick (60000000, 1000000), ==, 60000000);
  g_assert_cmpint (swarm_raft_last_tick (60999999, 1000000), ==, 60000000);
  g_assert_cmpint (swarm_raft_last_tick (-1, 1000000), ==, -1000000);
}

/* Test that the split probability of a same-tick tie is P(|U1 − U2| < rtt) for uniform tick
 * phases: 0 without a round trip, about 2 × rtt / tick when it is small, 1 at a whole tick. */
static void
test_raft_split_probability_of_a_tie (void)
{
  g_assert_cmpfloat (swarm_raft_split_probability (0, 1000000), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (swarm_raft_split_probability (1000, 1000000), 0.001999, 1e-9);
  g_assert_cmpfloat_with_epsilon (swarm_raft_split_probability (500000, 1000000), 0.75, 1e-12);
  g_assert_cmpfloat (swarm_raft_split_probability (1000000, 1000000), ==, 1.0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/raft/quorum-matches-docker-table",
                   test_raft_quorum_matches_docker_table);
  g_test_add_func ("/models/raft/election-timeout-in-ticks-range",
                   test_raft_election_timeout_in_ticks_range);
  g_test_add_func ("/models/raft/last-tick-rounds-down", test_raft_last_tick_rounds_down);
  g_test_add_func ("/models/raft/split-probability-of-a-tie", test_raft_split_probability_of_a_tie);
  return g_test_run ();
}
