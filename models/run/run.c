/* SPDX-License-Identifier: MIT
 * Building, running and tearing down one replication. The order matters: the world first, then
 * the pools and the injector (which subscribe to the world's node signals), then the workloads;
 * on the way out, every attachment before the world, because each cancels its own events on the
 * world's engine. */
#include "models/run/run.h"

#include "models/failure/injector.h"
#include "models/pool/pool.h"
#include "models/workload/batch.h"
#include "models/workload/curve.h"
#include "models/workload/driver.h"
#include "sim/rng.h"

struct _SwarmRun {
  const SwarmConfig *config; /* unowned */
  guint64 seed;
  SwarmWorld *world;      /* owned; freed last */
  GPtrArray *pools;       /* (element-type Pool) owned */
  FailInjector *injector; /* owned */
  WlDriver *driver;       /* owned */
  WlJobRunner *jobs;      /* (nullable) owned; only with batch families */
};

guint64
swarm_run_replication_seed (guint64 seed, guint index)
{
  if (index <= 1)
    return seed;
  g_autofree char *name = g_strdup_printf ("replication/%u", index);
  return sim_rng_derive_seed (seed, name);
}

/* The scenario's replica curves and trace families, on one driver. */
static void
attach_workloads (SwarmRun *run, const RunScenario *scenario, const SwarmConfig *config)
{
  run->driver = wl_driver_new (run->world);
  for (guint i = 0; i < scenario->workloads->len; i++) {
    const RunWorkload *w = g_ptr_array_index (scenario->workloads, i);
    g_autoptr (GArray) changes =
        wl_curve_get_changes (w->curve, config->duration_us, w->resolution_us);

    wl_driver_add_changes (run->driver, w->service, changes);
  }
  for (guint i = 0; scenario->trace != NULL && i < scenario->trace->families->len; i++) {
    const RunTraceFamily *f = g_ptr_array_index (scenario->trace->families, i);

    wl_driver_add_intervals (run->driver, f->service, f->intervals);
  }
}

static void
attach_batches (SwarmRun *run, const RunScenario *scenario, const SwarmConfig *config)
{
  if (scenario->batches->len == 0)
    return;
  run->jobs = wl_job_runner_new (run->world);
  for (guint i = 0; i < scenario->batches->len; i++) {
    const WlBatchSpec *b = g_ptr_array_index (scenario->batches, i);
    g_autoptr (GArray) jobs = wl_batch_generate (b, run->seed, config->duration_us);

    wl_job_runner_add (run->jobs, b, jobs);
  }
}

SwarmRun *
swarm_run_new (const RunScenario *scenario, const SwarmConfig *config, guint64 seed, GError **error)
{
  g_return_val_if_fail (scenario != NULL && config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (SwarmRun) run = g_new0 (SwarmRun, 1);
  run->config = config;
  run->seed = seed;
  run->pools = g_ptr_array_new_with_free_func ((GDestroyNotify)pool_free);
  run->world = swarm_world_new (config, seed, error);
  if (run->world == NULL)
    return NULL;
  run->injector = fail_injector_new (run->world, config, &scenario->failures, seed);
  for (guint i = 0; i < scenario->pools->len; i++) {
    PoolSpec spec = *(PoolSpec *)g_ptr_array_index (scenario->pools, i);
    Pool *pool;

    /* One [autoscaler] governs every pool; pool_new() copies the spec. */
    spec.policy = scenario->policy;
    pool = pool_new (run->world, config, &spec, error);
    if (pool == NULL)
      return NULL;
    g_ptr_array_add (run->pools, pool);
  }
  attach_workloads (run, scenario, config);
  attach_batches (run, scenario, config);
  return g_steal_pointer (&run);
}

void
swarm_run_free (SwarmRun *run)
{
  if (run == NULL)
    return;
  g_clear_pointer (&run->jobs, wl_job_runner_free);
  g_clear_pointer (&run->driver, wl_driver_free);
  g_clear_pointer (&run->pools, g_ptr_array_unref);
  g_clear_pointer (&run->injector, fail_injector_free);
  g_clear_pointer (&run->world, swarm_world_free);
  g_free (run);
}

void
swarm_run_set_check_invariants (SwarmRun *run, gboolean check)
{
  g_return_if_fail (run != NULL);
  swarm_world_set_check_invariants (run->world, check);
}

gboolean
swarm_run_execute (SwarmRun *run, GError **error)
{
  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return swarm_world_run (run->world, error);
}

/* A thousand steps: a line on a terminal moves by a tenth of a percent, and the run pays one call
 * per step, nothing against its events. */
#define PROGRESS_STEPS 1000

gboolean
swarm_run_execute_with_progress (SwarmRun *run, SwarmRunProgressFunc func, gpointer user_data,
                                 GError **error)
{
  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  SimTime end_us = run->config->duration_us;
  SimTime step_us = MAX (end_us / PROGRESS_STEPS, 1);
  for (SimTime t = step_us; func != NULL && t < end_us; t += step_us) {
    if (!swarm_world_run_until (run->world, t, error))
      return FALSE;
    func (t, end_us, user_data);
  }
  if (!swarm_run_execute (run, error))
    return FALSE;
  if (func != NULL)
    func (end_us, end_us, user_data);
  return TRUE;
}

SwarmWorld *
swarm_run_get_world (SwarmRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);
  return run->world;
}

const SwarmRecord *
swarm_run_get_record (const SwarmRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);
  return swarm_world_get_record (run->world);
}

const SwarmConfig *
swarm_run_get_config (const SwarmRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);
  return run->config;
}

guint64
swarm_run_get_seed (const SwarmRun *run)
{
  g_return_val_if_fail (run != NULL, 0);
  return run->seed;
}

guint
swarm_run_get_pool_steps (const SwarmRun *run)
{
  g_return_val_if_fail (run != NULL, 0);

  guint steps = 0;
  for (guint i = 0; i < run->pools->len; i++)
    steps +=
        pool_get_grow_count (run->pools->pdata[i]) + pool_get_shrink_count (run->pools->pdata[i]);
  return steps;
}

guint
swarm_run_get_failures_injected (const SwarmRun *run)
{
  g_return_val_if_fail (run != NULL, 0);

  guint n = 0;
  for (guint k = FAIL_KIND_CRASH; k <= FAIL_KIND_SPOT; k++)
    n += fail_injector_get_count (run->injector, (FailKind)k);
  return n;
}

gboolean
swarm_run_get_job_stats (const SwarmRun *run, WlJobStats *stats_out)
{
  g_return_val_if_fail (run != NULL && stats_out != NULL, FALSE);

  if (run->jobs == NULL)
    return FALSE;
  wl_job_runner_get_stats (run->jobs, stats_out);
  return TRUE;
}
