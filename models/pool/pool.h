/* SPDX-License-Identifier: MIT
 * Resource pools on the simulated world: a scale-up pool (its nodes resized within their instance
 * family: stop, change type, start) and a scale-out pool (nodes of one type added with an EC2
 * launch and a swarm join, removed after a drain), both driven by the same autoscaler policy
 * (policy.h). */
#pragma once

#include <glib.h>
#include "models/pool/policy.h"
#include "models/swarm/config.h"
#include "models/swarm/world.h"

#define POOL_ERROR (pool_error_quark ())
GQuark pool_error_quark (void);

typedef enum {
  POOL_ERROR_INVALID,      /* a pool that cannot work (empty group, no larger type, ...) */
  POOL_ERROR_UNKNOWN_NAME, /* a node group or instance type that does not exist */
} PoolErrorCode;

typedef enum {
  POOL_KIND_SCALE_UP,  /* "scale-up" */
  POOL_KIND_SCALE_OUT, /* "scale-out" */
} PoolKind;

const char *pool_kind_to_string (PoolKind kind);
gboolean pool_kind_from_string (const char *text, PoolKind *out);

/* A pool as a scenario describes it. */
typedef struct {
  char *name; /* owned */
  PoolKind kind;
  char *group;     /* owned; the node group whose nodes form the pool (its type, zone, role) */
  guint min_nodes; /* scale-out: never fewer; 0 means the group's count */
  guint max_nodes; /* scale-out: never more; default 64 */
  char *max_type;  /* (nullable) owned; scale-up: never larger; NULL: the family's largest */
  PoolPolicy policy;
} PoolSpec;

/* Sets @name and the defaults (scale-out, group = @name, policy POOL_POLICY_INIT). */
void pool_spec_init (PoolSpec *spec, const char *name);
void pool_spec_clear (PoolSpec *spec);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PoolSpec, pool_spec_clear)

/**
 * PoolNodeFunc:
 * @node: the node's name
 * @zone: its availability zone
 * @now_us: when it was added or removed
 * @added: TRUE for a new node, FALSE for one removed
 * @user_data: the caller's data
 *
 * Tells other models (the failure injector) that the pool's membership changed.
 */
typedef void (*PoolNodeFunc) (const char *node, const char *zone, SimTime now_us, gboolean added,
                              gpointer user_data);

typedef struct _Pool Pool;

/**
 * pool_new:
 * @world: (transfer none): the world, which must outlive the pool
 * @config: (transfer none): the configuration the world was built from
 * @spec: (transfer none): copied
 * @error: POOL_ERROR_UNKNOWN_NAME (group, type), POOL_ERROR_INVALID (also a timeline action that
 *   pool_spec_check_actions() refuses), or EC2_ERROR (catalog)
 *
 * Starts the policy's periodic look on the world's engine (when the policy is enabled).
 *
 * Returns: (transfer full) (nullable): the pool.
 */
Pool *pool_new (SwarmWorld *world, const SwarmConfig *config, const PoolSpec *spec, GError **error);

/* Cancels the pool's pending events; call before freeing the world. */
void pool_free (Pool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pool, pool_free)

void pool_set_node_func (Pool *pool, PoolNodeFunc func, gpointer user_data);

/* Grows by one step now (a node, or the next type up). Returns: FALSE when at the limit or the
 * world refused, with @error set. */
gboolean pool_grow (Pool *pool, GError **error);
/* Shrinks by one step now: scale-out drains the newest node and removes it 30 s later (its tasks
 * move first); scale-up resizes the largest node one type down. */
gboolean pool_shrink (Pool *pool, GError **error);

/* Counters for reports: steps taken each way. */
guint pool_get_grow_count (const Pool *pool);
guint pool_get_shrink_count (const Pool *pool);
/* Returns: the pool's vCPUs now (every member at its current type). */
guint pool_get_vcpus (const Pool *pool);

/**
 * pool_spec_apply:
 * @spec: the pool
 * @config: the configuration before the world is built; changed in place
 * @error: POOL_ERROR_UNKNOWN_NAME when the group does not exist
 *
 * Prepares @config for the pool: the group gets the label "pool=NAME". The per-node overhead is
 * the group's own (SwarmNodeGroup's overhead_nanocpus and overhead_memory_bytes), which the world
 * takes off every node of the group, also after a resize; the pool changes nothing of it.
 *
 * Returns: TRUE on success.
 */
gboolean pool_spec_apply (const PoolSpec *spec, SwarmConfig *config, GError **error);

/**
 * pool_spec_check_actions:
 * @spec: the pool
 * @config: the configuration with its timeline actions
 * @error: POOL_ERROR_INVALID
 *
 * Refuses a timeline resize or terminate of a node of the pool's group ("GROUP-N", the group's
 * own nodes and those the pool adds): the pool keeps its own view of its members' types and
 * count, which such an action would leave stale. The one-line message names the pool and the
 * action ("pool \"p\": action 2 (resize p-1 at 5m): ...").
 *
 * Returns: TRUE when no action touches the pool's nodes that way.
 */
gboolean pool_spec_check_actions (const PoolSpec *spec, const SwarmConfig *config, GError **error);
