/* SPDX-License-Identifier: MIT
 * One replication of a scenario: the world and everything attached to it (pools and their
 * autoscaler, the failure injector, the workload driver, batch jobs, the trace's replay), created
 * in order, run to the end, and torn down in reverse order. Every command that simulates goes
 * through it; none assembles a world itself. */
#pragma once

#include <glib.h>

#include "models/run/scenario.h"
#include "models/swarm/world.h"
#include "models/workload/jobs.h"

typedef struct _SwarmRun SwarmRun;

/**
 * swarm_run_new:
 * @scenario: (transfer none): the scenario; must outlive the run
 * @config: (transfer none): run_scenario_build_config() of @scenario, validated; must outlive the
 *   run
 * @seed: the replication's seed (swarm_run_replication_seed())
 * @error: SWARM_CONFIG_ERROR, EC2_ERROR or POOL_ERROR when something cannot be built
 *
 * Builds the world at time 0 and attaches the scenario's pools, failure processes, workloads,
 * batch families and trace. Nothing has run yet.
 *
 * Returns: (transfer full) (nullable): the run, or NULL with @error set.
 */
SwarmRun *swarm_run_new (const RunScenario *scenario, const SwarmConfig *config, guint64 seed,
                         GError **error);

/* Frees the attachments (they cancel their events on the world's engine), then the world. */
void swarm_run_free (SwarmRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwarmRun, swarm_run_free)

/* Checks the world's invariants as the run goes (swarm_world_set_check_invariants()); call before
 * swarm_run_execute(). */
void swarm_run_set_check_invariants (SwarmRun *run, gboolean check);

/* Runs to the configured duration and closes the record. Returns: TRUE on success; FALSE with
 * SWARM_WORLD_ERROR_INVARIANT when invariants are checked and one broke. */
gboolean swarm_run_execute (SwarmRun *run, GError **error);

/**
 * SwarmRunProgressFunc:
 * @now_us: the simulated time reached
 * @end_us: the run's duration
 * @user_data: the caller's data
 *
 * Told how far a run has got, in simulated time, between events: it must not touch the run.
 */
typedef void (*SwarmRunProgressFunc) (SimTime now_us, SimTime end_us, gpointer user_data);

/**
 * swarm_run_execute_with_progress:
 * @run: the run
 * @func: (nullable): called about every thousandth of the duration and once at the end
 * @user_data: handed to @func
 * @error: as swarm_run_execute()
 *
 * swarm_run_execute() in steps of simulated time. The steps change nothing: the world runs
 * every event up to and including each step's end, in the same order as in one go.
 *
 * Returns: TRUE on success.
 */
gboolean swarm_run_execute_with_progress (SwarmRun *run, SwarmRunProgressFunc func,
                                          gpointer user_data, GError **error);

/* Returns: (transfer none): the world (for tests and for stepping it by hand). */
SwarmWorld *swarm_run_get_world (SwarmRun *run);

/* Returns: (transfer none): the world's record; complete after swarm_run_execute(). */
const SwarmRecord *swarm_run_get_record (const SwarmRun *run);

/* Returns: (transfer none): the configuration the run was built from. */
const SwarmConfig *swarm_run_get_config (const SwarmRun *run);

/* Returns: the seed the run was built with. */
guint64 swarm_run_get_seed (const SwarmRun *run);

/* Returns: the pools' steps so far (grow + shrink, every pool). */
guint swarm_run_get_pool_steps (const SwarmRun *run);

/* Returns: the failures the failure processes injected so far (every kind). */
guint swarm_run_get_failures_injected (const SwarmRun *run);

/* Returns: TRUE and fills @stats_out when the scenario has batch families; FALSE otherwise. */
gboolean swarm_run_get_job_stats (const SwarmRun *run, WlJobStats *stats_out);

/**
 * swarm_run_replication_seed:
 * @seed: the run's seed ([simulation] seed or --seed)
 * @index: the replication, 1 … N
 *
 * Replication 1 uses @seed itself, so one replication reproduces a single run; the others use
 * sim_rng_derive_seed (@seed, "replication/INDEX").
 *
 * Returns: the replication's seed.
 */
guint64 swarm_run_replication_seed (guint64 seed, guint index);
