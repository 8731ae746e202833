/* SPDX-License-Identifier: MIT
 * Helpers for the tests of the simulated world: the small "web" cluster most of them start from,
 * timeline actions, and running a world to its end. Test code only. */
#pragma once

#include <glib.h>

#include "models/swarm/world.h"

/* Returns: (transfer full): a configuration of @managers managers and @workers workers, and a
 *   service "web" of @replicas replicas of "web:1", an image every node has cached; the run
 *   lasts @duration_us. */
SwarmConfig *swarm_test_web_cluster_new (guint managers, guint workers, guint64 replicas,
                                         SimTime duration_us);

/**
 * swarm_test_quiet_cluster_new:
 *
 * swarm_test_web_cluster_new() where every duration is a constant, so that tests can work their
 * expected times out by hand: heartbeats every 5 s exactly (ε = 0), from 0, so a node that falls
 * silent at t is DOWN at ⌊t / 5⌋ · 5 + 15; no dispatcher batching, no restart delay, no reconnect
 * delay, no split vote; raft ticks every 5 s and an election timeout is one tick, counted from the
 * last tick before the leader was lost; a launched or rebooted node is in the swarm 20 + 1 + 1 =
 * 22 s later; a container starts 1 s after it is delivered (images are cached, no pull); "web"
 * runs on workers only.
 *
 * Returns: (transfer full): the configuration.
 */
SwarmConfig *swarm_test_quiet_cluster_new (guint managers, guint workers, guint64 replicas,
                                           SimTime duration_us);

/* Returns: (transfer none): recovery row @index of @w's record; aborts the test if there is none.
 */
const SwarmRecoveryRow *swarm_test_recovery (const SwarmWorld *w, guint index);

/* Returns: (transfer full): swarm_test_run (@c, 1), with its narration logged. */
SwarmWorld *swarm_test_run_logged (const SwarmConfig *c);

/* Adds the action @kind on @target at @at_s seconds to @c's timeline. */
void swarm_test_add_action (SwarmConfig *c, SwarmActionKind kind, double at_s, const char *target);

/* Returns: (transfer full): a world of @c and @seed run to its end; aborts the test if it cannot be
 *   made or run. */
SwarmWorld *swarm_test_run (const SwarmConfig *c, guint64 seed);

/* Returns: (transfer full): as swarm_test_run(), without the invariant checker: for loops over
 *   thousands of seeds of one scenario (the calibration means), where the checker's O(nodes +
 *   tasks) per instant, times the sanitizers' slowdown, would exceed the suite's time; the
 *   property test and every single-run test keep it on. */
SwarmWorld *swarm_test_run_unchecked (const SwarmConfig *c, guint64 seed);

/* Logs each line of @w's narrated timeline with g_test_message. */
void swarm_test_log_narration (const SwarmWorld *w);
