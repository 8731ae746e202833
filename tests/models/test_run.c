/* SPDX-License-Identifier: MIT
 * Tests of the run layer (models/run/): the scenario model stays as written while the
 * configuration that runs is built on a copy; one replication's metrics on cases worked out by
 * hand; statistics over replications. Durations are constants, so every expected number is
 * derived in the comments. */
#include <glib.h>
#include <math.h>

#include "models/run/metrics.h"
#include "models/run/run.h"
#include "models/run/scenario.h"
#include "models/run/stats.h"
#include "models/swarm/config_copy.h"
#include "swarm_test_util.h"

#define SEC(x) ((SimTime)((x)*1e6))

/* A scenario of 3 managers and 3 workers, "web" running 3 replicas on the workers only, every
 * duration constant (swarm_test_quiet_cluster_new(): raft ticks every 5 s and an election timeout
 * is one tick from the last tick before the leader was lost; a node silent from t is DOWN at
 * ⌊t / 5⌋ · 5 + 15; a rebooted node is back in the swarm 22 s after its reboot). */
static RunScenario *
managers_scenario_new (SimTime duration_us)
{
  RunScenario *s = run_scenario_new ("managers");

  swarm_config_free (s->config);
  s->config = swarm_test_quiet_cluster_new (3, 3, 3, duration_us);
  return s;
}

/* The quorum case of the tests below: manager-2 crashes at 60.5, manager-3 at 80.5, manager-2
 * reboots at 100. */
static RunScenario *
quorum_scenario_new (void)
{
  RunScenario *s = managers_scenario_new (SEC (300));

  swarm_test_add_action (s->config, SWARM_ACTION_NODE_CRASH, 60.5, "manager-2");
  swarm_test_add_action (s->config, SWARM_ACTION_NODE_CRASH, 80.5, "manager-3");
  swarm_test_add_action (s->config, SWARM_ACTION_NODE_RECOVER, 100, "manager-2");
  return s;
}

/* Runs replication @index of @scenario and keeps its metrics. */
static RunReplication *
run_one (const RunScenario *scenario, const SwarmConfig *config, guint index)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SwarmRun) run =
      swarm_run_new (scenario, config, swarm_run_replication_seed (1, index), &error);

  g_assert_no_error (error);
  g_assert_true (swarm_run_execute (run, &error));
  g_assert_no_error (error);
  return run_replication_new (run, index);
}

static double
metric (const RunReplication *rep, const char *name)
{
  const RunMetric *m = run_replication_get_metric (rep, name);

  g_assert_nonnull (m);
  return m->value;
}

/* Test that building the configuration leaves the scenario as written: the pool's label and the
 * trace's group, type and service are in the built configuration only. */
static void
test_run_scenario_build_leaves_model_as_written (void)
{
  g_autoptr (RunScenario) s = managers_scenario_new (SEC (60));
  PoolSpec *pool = g_new0 (PoolSpec, 1);
  g_autoptr (GError) error = NULL;

  pool_spec_init (pool, "p");
  g_free (pool->group);
  pool->group = g_strdup ("worker");
  g_ptr_array_add (s->pools, pool);
  s->trace = run_trace_new ();
  g_ptr_array_add (s->trace->groups, swarm_node_group_new ("trace-1"));
  g_ptr_array_add (s->trace->services, swarm_service_config_new ("trace-task-1"));

  g_autoptr (SwarmConfig) built = run_scenario_build_config (s, &error);
  g_assert_no_error (error);
  const SwarmNodeGroup *model_worker = g_ptr_array_index (s->config->node_groups, 1);
  const SwarmNodeGroup *built_worker = g_ptr_array_index (built->node_groups, 1);
  g_assert_cmpstr (built_worker->name, ==, "worker");
  g_assert_cmpuint (model_worker->labels->len, ==, 0);
  g_assert_cmpuint (built_worker->labels->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (built_worker->labels, 0), ==, "pool=p");
  g_assert_cmpuint (s->config->node_groups->len, ==, 2);
  g_assert_cmpuint (built->node_groups->len, ==, 3);
  g_assert_cmpuint (s->config->services->len, ==, 1);
  g_assert_cmpuint (built->services->len, ==, 2);
  g_assert_true (run_scenario_has_service (s, "web"));
  g_assert_false (run_scenario_has_service (s, "trace-task-1"));
}

/* Test that a pool naming no group fails to build, with the pool's error. */
static void
test_run_scenario_build_fails_for_unknown_pool_group (void)
{
  g_autoptr (RunScenario) s = managers_scenario_new (SEC (60));
  PoolSpec *pool = g_new0 (PoolSpec, 1);
  g_autoptr (GError) error = NULL;

  pool_spec_init (pool, "p");
  g_free (pool->group);
  pool->group = g_strdup ("nope");
  g_ptr_array_add (s->pools, pool);
  g_autoptr (SwarmConfig) built = run_scenario_build_config (s, &error);
  g_assert_null (built);
  g_assert_error (error, POOL_ERROR, POOL_ERROR_UNKNOWN_NAME);
}

/* Test the control-plane metrics of losing the quorum of 3 managers and getting it back: manager-2
 * crashes at 60.5, manager-3 at 80.5 (1 of 3 reachable: quorum and leader lost at 80.5),
 * manager-2 reboots at 100 and is back at 122 (quorum restored), and the next tick after 122 elects
 * a leader at 127. So one no_leader outage of 127 − 80.5 = 46.5 s and one quorum loss of
 * 122 − 80.5 = 41.5 s. manager-2's crash (a follower, the quorum kept) is detected when marked
 * DOWN at 60 + 15 = 75 (14.5 s) and costs nothing; manager-3's breaks the quorum, is detected at
 * once (0 s) and recovers with the leader at 127 (46.5 s). */
static void
test_run_metrics_quorum_loss_and_back (void)
{
  g_autoptr (RunScenario) s = quorum_scenario_new ();
  g_autoptr (SwarmConfig) config = run_scenario_build_config (s, NULL);
  g_autoptr (RunReplication) rep = run_one (s, config, 1);

  g_assert_cmpfloat (metric (rep, "failures"), ==, 2);
  g_assert_cmpfloat (metric (rep, "failures_recovered"), ==, 1);
  g_assert_cmpfloat_with_epsilon (metric (rep, "detection_mean_s"), (14.5 + 0) / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (rep, "recovery_mean_s"), 46.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (rep, "recovery_max_s"), 46.5, 1e-9);
  g_assert_cmpfloat (metric (rep, "replicas_lost"), ==, 0);
  g_assert_cmpfloat (metric (rep, "control_plane_outages"), ==, 1);
  g_assert_cmpfloat_with_epsilon (metric (rep, "control_plane_unavailable_s"), 46.5, 1e-9);
  g_assert_cmpfloat (metric (rep, "quorum_losses"), ==, 1);
  g_assert_cmpfloat_with_epsilon (metric (rep, "quorum_lost_s"), 41.5, 1e-9);
  g_assert_cmpuint (rep->control_plane->len, ==, 2);
  g_assert_cmpuint (rep->recoveries->len, ==, 2);
}

/* Test that one replication's statistics have no interval however many failures it pools, that
 * two replications do, and the pooled recovery_s leaves out a failure that cost nothing. The
 * quorum case above, run twice with different seeds, gives the same constant numbers: recovery_s
 * pools 46.5 twice (manager-2's crash costs nothing), so mean 46.5, s = 0, interval [46.5, 46.5];
 * detection_s pools 14.5, 0, 14.5, 0: mean 7.25, p50 7.25, p95 = 14.5 (type 7: h = 3 · 0.95 =
 * 2.85 between the 3rd and 4th sorted values, both 14.5). */
static void
test_run_stats_interval_needs_two_replications (void)
{
  g_autoptr (RunScenario) s = quorum_scenario_new ();
  g_autoptr (SwarmConfig) config = run_scenario_build_config (s, NULL);
  RunReplication *reps[2] = { run_one (s, config, 1), run_one (s, config, 2) };

  g_autoptr (GPtrArray) one = run_stats_compute (reps, 1);
  const RunStatRow *detection = run_stats_find (one, "detection_s");
  g_assert_cmpuint (detection->n, ==, 2);
  g_assert_cmpfloat_with_epsilon (detection->mean, 7.25, 1e-9);
  g_assert_true (isnan (detection->ci95_low) && isnan (detection->ci95_high));

  g_autoptr (GPtrArray) two = run_stats_compute (reps, 2);
  const RunStatRow *recovery = run_stats_find (two, "recovery_s");
  g_assert_cmpuint (recovery->n, ==, 2);
  g_assert_cmpfloat_with_epsilon (recovery->mean, 46.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (recovery->ci95_low, 46.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (recovery->ci95_high, 46.5, 1e-9);
  detection = run_stats_find (two, "detection_s");
  g_assert_cmpuint (detection->n, ==, 4);
  g_assert_cmpfloat_with_epsilon (detection->p50, 7.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (detection->p95, 14.5, 1e-9);
  const RunStatRow *outages = run_stats_find (two, "control_plane_unavailable_s");
  g_assert_cmpuint (outages->n, ==, 2);
  g_assert_cmpfloat_with_epsilon (outages->mean, 46.5, 1e-9);
  for (guint i = 0; i < G_N_ELEMENTS (reps); i++)
    run_replication_free (reps[i]);
}

/* Test that replication 1 runs with the run's own seed and the others with derived ones. */
static void
test_run_replication_seeds (void)
{
  g_assert_cmpuint (swarm_run_replication_seed (42, 1), ==, 42);
  g_assert_cmpuint (swarm_run_replication_seed (42, 2), !=, 42);
  g_assert_cmpuint (swarm_run_replication_seed (42, 2), !=, swarm_run_replication_seed (42, 3));
  g_assert_cmpuint (swarm_run_replication_seed (42, 2), ==, swarm_run_replication_seed (42, 2));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/run/scenario/build-leaves-model-as-written",
                   test_run_scenario_build_leaves_model_as_written);
  g_test_add_func ("/run/scenario/build-fails-for-unknown-pool-group",
                   test_run_scenario_build_fails_for_unknown_pool_group);
  g_test_add_func ("/run/metrics/quorum-loss-and-back", test_run_metrics_quorum_loss_and_back);
  g_test_add_func ("/run/stats/interval-needs-two-replications",
                   test_run_stats_interval_needs_two_replications);
  g_test_add_func ("/run/seeds/replication-seeds", test_run_replication_seeds);
  return g_test_run ();
}
