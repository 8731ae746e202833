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

/* Adds the action @kind on @target at @at_s seconds to @c's timeline. */
void swarm_test_add_action (SwarmConfig *c, SwarmActionKind kind, double at_s, const char *target);

/* Returns: (transfer full): a world of @c and @seed run to its end; aborts the test if it cannot be
 *   made or run. */
SwarmWorld *swarm_test_run (const SwarmConfig *c, guint64 seed);

/* Logs each line of @w's narrated timeline with g_test_message. */
void swarm_test_log_narration (const SwarmWorld *w);
