/* SPDX-License-Identifier: MIT
 * The failure injector: turns the failure streams of process.h into crashes, repairs, zone outages
 * and spot reclaims on the simulated world, at their simulated times. */
#pragma once

#include <glib.h>
#include "models/failure/process.h"
#include "models/swarm/config.h"
#include "models/swarm/world.h"

typedef struct _FailInjector FailInjector;

/**
 * fail_injector_new:
 * @world: (transfer none): must outlive the injector
 * @config: (transfer none): the configuration the world was built from: every node of every group
 *   is tracked from time 0 (a group labelled "spot=true" has spot nodes)
 * @spec: (transfer none): must outlive the injector
 * @seed: the replication seed
 *
 * Schedules the first failure of every tracked node, every zone's random and fixed outages.
 *
 * Returns: (transfer full): the injector.
 */
FailInjector *fail_injector_new (SwarmWorld *world, const SwarmConfig *config, const FailSpec *spec,
                                 guint64 seed);

/* Cancels the injector's pending events; call before freeing the world. */
void fail_injector_free (FailInjector *injector);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FailInjector, fail_injector_free)

/**
 * fail_injector_node_changed:
 * @node: a node the pool added or removed
 * @zone: its zone
 * @now_us: the current time
 * @added: TRUE when added (its failures count from now), FALSE when removed (no more failures)
 * @user_data: the FailInjector
 *
 * Matches PoolNodeFunc, so a pool can report its changes directly.
 */
void fail_injector_node_changed (const char *node, const char *zone, SimTime now_us, gboolean added,
                                 gpointer user_data);

/* Returns: how many failures of @kind the injector has carried out so far. */
guint fail_injector_get_count (const FailInjector *injector, FailKind kind);
