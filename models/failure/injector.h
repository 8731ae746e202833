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
 * @config: (transfer none): the configuration the world was built from; its groups name the zones
 *   that have random outages
 * @spec: (transfer none): must outlive the injector
 * @seed: the replication seed
 *
 * Tracks every node the world has now (swarm_world_foreach_node: at time 0, the groups' nodes),
 * and, through the world's NODE_ADDED and NODE_REMOVED signals (signals.h), every node created
 * later, however it joined (a timeline join, a pool's scale-out), from its creation until its
 * instance is terminated. A node's failures count from when it is tracked; a node of a group
 * labelled "spot=true" is a spot node, and its zone is its group's. Schedules the first failure
 * of every tracked node, every zone's random and fixed outages.
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
 * Matches PoolNodeFunc, so a pool can report its changes directly. Not needed any more: the
 * injector learns of the same nodes from the world's signals. Idempotent: a node already tracked
 * (or already removed) is left as it is, so a node reported both ways is tracked once, with its
 * group's spot rule.
 */
void fail_injector_node_changed (const char *node, const char *zone, SimTime now_us, gboolean added,
                                 gpointer user_data);

/* Returns: how many failures of @kind the injector has carried out so far. */
guint fail_injector_get_count (const FailInjector *injector, FailKind kind);
