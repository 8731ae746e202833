/* SPDX-License-Identifier: MIT
 * The simulated world: EC2 instances running Docker Swarm, with raft among the managers, the
 * dispatcher's heartbeats, agents that pull and start containers, and the real orchestrator
 * (models/orchestrator/manager.h) deciding. Other models (pools, workloads, failure processes)
 * act on it through the functions below, at the engine's current time. */
#pragma once

#include <glib.h>
#include "models/orchestrator/types.h"
#include "models/swarm/config.h"
#include "models/swarm/record.h"
#include "sim/engine.h"

#define SWARM_WORLD_ERROR (swarm_world_error_quark ())
GQuark swarm_world_error_quark (void);

typedef enum {
  SWARM_WORLD_ERROR_INVALID,      /* the request makes no sense in the current state */
  SWARM_WORLD_ERROR_UNKNOWN_NAME, /* no node or service of that name */
  SWARM_WORLD_ERROR_NO_QUORUM,    /* a control-plane request while there is no leader */
  SWARM_WORLD_ERROR_INVARIANT, /* the run broke an invariant (swarm_world_set_check_invariants) */
} SwarmWorldError;

typedef struct _SwarmWorld SwarmWorld;

/**
 * swarm_world_new:
 * @config: (transfer none): the configuration; kept by reference, so it must outlive the world
 * @seed: the run's seed (config->seed, or one per replication); every random stream is named
 *   ("heartbeat/worker-2", "agent/worker-2", "raft/manager-1", ...) and derived from it
 * @error: SWARM_CONFIG_ERROR or EC2_ERROR when the configuration is invalid
 *
 * Builds the world at time 0: the node groups' nodes READY (the first manager leader, raft
 * formed), the services created, the actions on the timeline. Nothing has run yet.
 *
 * Returns: (transfer full) (nullable): the world, or NULL with @error set.
 */
SwarmWorld *swarm_world_new (const SwarmConfig *config, guint64 seed, GError **error);
void swarm_world_free (SwarmWorld *world);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwarmWorld, swarm_world_free)

/* Returns: (transfer none): the engine, for other models to schedule their own events on. */
SimEngine *swarm_world_get_engine (SwarmWorld *world);

/* Returns: the current simulated time. */
SimTime swarm_world_get_now (const SwarmWorld *world);

/**
 * swarm_world_set_check_invariants:
 * @world: the world, before it runs
 * @check: TRUE to check the invariants as the world runs
 *
 * After the events of each instant, and at each decision of the manager, verifies that: the tasks
 * holding resources on a READY node reserve no more CPU and memory than its capacity; new tasks are
 * assigned only to READY and ACTIVE nodes, and only while there is a leader and a raft quorum;
 * observed (and desired) task states never go backwards; at most one task per slot (per node, for
 * a global service) wants to run, except during a start-first update; the clock never goes back;
 * the running counters agree with the store (swarm_world_check()). The first broken invariant
 * stops the run: swarm_world_run_until() fails with SWARM_WORLD_ERROR_INVARIANT, whose message
 * names the invariant, the time and the node, task or service. Costs O(nodes + tasks) per
 * instant: for tests and small runs.
 */
void swarm_world_set_check_invariants (SwarmWorld *world, gboolean check);

/**
 * swarm_world_run_until:
 * @world: the world
 * @limit_us: run every event up to and including this time (capped at the configured duration)
 * @error: SWARM_WORLD_ERROR_INVARIANT when invariants are checked and one broke; the world then
 *   stays at the instant it broke and must not be run further
 *
 * Returns: TRUE on success.
 */
gboolean swarm_world_run_until (SwarmWorld *world, SimTime limit_us, GError **error);

/* Runs to the configured duration and closes the record (open intervals and recoveries end at the
 * duration). Returns: TRUE on success. */
gboolean swarm_world_run (SwarmWorld *world, GError **error);

/* Returns: (transfer none): the record; complete after swarm_world_run(). */
const SwarmRecord *swarm_world_get_record (const SwarmWorld *world);

/* --- acting on the world, at the current time ------------------------------------------------ */

/**
 * swarm_world_apply_action:
 * @action: (transfer none): an action; its at_us is ignored (it applies now)
 * @error: SWARM_WORLD_ERROR_UNKNOWN_NAME, _INVALID, or _NO_QUORUM for a control-plane request
 *   (service or node update, promote, demote) without a leader, as the Docker CLI would fail
 *
 * Returns: TRUE when the action was carried out (or started, for a join).
 */
gboolean swarm_world_apply_action (SwarmWorld *world, const SwarmAction *action, GError **error);

/* Crashes the node (instance and containers gone; billing goes on). Returns: FALSE with
 * SWARM_WORLD_ERROR_UNKNOWN_NAME or _INVALID (already down). */
gboolean swarm_world_crash_node (SwarmWorld *world, const char *node, GError **error);

/* Reboots a crashed node: launch time, docker start, swarm join. */
gboolean swarm_world_recover_node (SwarmWorld *world, const char *node, GError **error);

/**
 * swarm_world_add_node:
 * @group: an existing node group, the template
 * @instance_type: (nullable): overrides the group's type
 * @error: SWARM_WORLD_ERROR_UNKNOWN_NAME (group or type)
 *
 * Launches one instance (billed from now), which joins after launch + docker start + join.
 *
 * Returns: (transfer none) (nullable): the new node's name, valid for the world's life.
 */
const char *swarm_world_add_node (SwarmWorld *world, const char *group, const char *instance_type,
                                  GError **error);

/* Terminates the instance (containers gone, billing ends) and, with a leader, removes the node
 * object ("docker node rm --force"): its tasks become ORPHANED and are replaced. Drain it first
 * (swarm_world_apply_action) for a graceful scale-in. Returns: FALSE with
 * SWARM_WORLD_ERROR_UNKNOWN_NAME or _INVALID (already stopped). */
gboolean swarm_world_remove_node (SwarmWorld *world, const char *node, GError **error);

/* Vertical resize: stop (tasks lost), change type, start (launch time), rejoin with the new
 * capacity (docs/calibration.md "EC2 nodes"). */
gboolean swarm_world_resize_node (SwarmWorld *world, const char *node, const char *instance_type,
                                  GError **error);

/**
 * swarm_world_mark_event:
 * @world: the world
 * @kind: the row's kind, e.g. SWARM_EVENT_ZONE_OUTAGE
 * @target: what it is about (a node, a zone)
 * @text: the events.csv text
 * @narration: (nullable): the line the narrated timeline tells, or NULL for none
 *
 * Marks, at the current time, a moment that another model knows of and the world does not (a
 * zone outage is many node failures to the world): one events.csv row and, with @narration, one
 * narrated line. Copies the strings.
 */
void swarm_world_mark_event (SwarmWorld *world, SwarmEventKind kind, const char *target,
                             const char *text, const char *narration);

/**
 * swarm_world_create_service:
 * @service: (transfer full): a service that is not in the configuration, such as one batch job;
 *   kept for the world's life (remove it with a service-remove action, as "docker service rm")
 * @error: SWARM_WORLD_ERROR_INVALID (the name exists) or _NO_QUORUM (no leader)
 *
 * "docker service create" at run time. The service gets an availability row of its own.
 *
 * Returns: TRUE when the service was created; @service is freed either way.
 */
gboolean swarm_world_create_service (SwarmWorld *world, SwarmServiceConfig *service,
                                     GError **error);

/* "docker service scale NAME=N". */
gboolean swarm_world_scale_service (SwarmWorld *world, const char *service, guint64 replicas,
                                    GError **error);

/* --- reading the world ------------------------------------------------------------------------ */

/* Returns: the number of nodes whose instance exists (launching, running or crashed). */
guint swarm_world_get_node_count (const SwarmWorld *world);

/* Returns: the number of nodes the store holds READY. */
guint swarm_world_get_ready_node_count (const SwarmWorld *world);

/* Returns: the number of tasks PENDING in the store, for @service or (NULL) for all services. */
guint64 swarm_world_get_pending_tasks (const SwarmWorld *world, const char *service);

/* Returns: containers really running for @service (or all, NULL). */
guint64 swarm_world_get_running_tasks (const SwarmWorld *world, const char *service);

/**
 * swarm_world_check:
 * @world: the world
 *
 * Verifies the running counters behind the samples and the getters below (capacity of READY
 * nodes, reservations, pending tasks per service) against a full scan of the store. O(nodes +
 * tasks): for tests.
 *
 * Returns: TRUE when they agree.
 */
gboolean swarm_world_check (const SwarmWorld *world);

/* Capacity of READY nodes, and what the tasks of live services reserve on any node (the store's
 * view: a stopped node's tasks count until the managers mark them, so reserved may exceed
 * capacity); CPU in nanocpus, memory in bytes; outputs may be NULL. For reservations on the
 * counted capacity only, as cluster.csv reports them, see swarm_world_get_ready_reserved(). */
void swarm_world_get_resources (const SwarmWorld *world, gint64 *cpu_capacity_out,
                                gint64 *cpu_reserved_out, gint64 *mem_capacity_out,
                                gint64 *mem_reserved_out);

/* Returns: TRUE while raft has a quorum and a leader (the control plane works). */
/* What tasks reserve on READY nodes only, the nodes whose capacity swarm_world_get_resources()
 * counts (as SwarmClusterRow): never more than that capacity. Outputs may be NULL. */
void swarm_world_get_ready_reserved (const SwarmWorld *world, gint64 *cpu_reserved_out,
                                     gint64 *mem_reserved_out);

gboolean swarm_world_has_leader (const SwarmWorld *world);

/* Returns: (transfer none) (nullable): the leader's node name. */
const char *swarm_world_get_leader (const SwarmWorld *world);

/* Returns: the EC2 cost so far in USD (per-second billing, 60 s minimum). */
double swarm_world_get_cost_usd (const SwarmWorld *world);

/* Returns: TRUE and sets @status_out to the store's status of @node; FALSE if the store has no such
 * node. */
gboolean swarm_world_get_node_status (const SwarmWorld *world, const char *node,
                                      OrchNodeStatus *status_out);
