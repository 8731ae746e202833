/* SPDX-License-Identifier: MIT
 * Tests of the run budget (models/run/budget.h): every estimate on a case computed by hand, and
 * the one-line refusal of each input of issue 17 that grew until the process died. */
#include <glib.h>

#include "models/run/budget.h"
#include "models/run/scenario.h"
#include "models/workload/batch.h"
#include "models/workload/curve.h"
#include "sim/units.h"

#define DAY_US ((SimTime)86400 * G_USEC_PER_SEC)

/* A scenario of @managers managers, @workers workers and @services one-replica services s0 … sN,
 * @duration_us long at the default 1 s step and 5 s heartbeat period. */
static RunScenario *
scenario_new (guint managers, guint workers, guint services, SimTime duration_us)
{
  RunScenario *s = run_scenario_new ("budget");
  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  SwarmNodeGroup *w = swarm_node_group_new ("worker");

  m->count = managers;
  m->role = ORCH_ROLE_MANAGER;
  w->count = workers;
  g_ptr_array_add (s->config->node_groups, m);
  g_ptr_array_add (s->config->node_groups, w);
  for (guint i = 0; i < services; i++) {
    g_autofree char *name = g_strdup_printf ("s%u", i);
    g_ptr_array_add (s->config->services, swarm_service_config_new (name));
  }
  s->config->duration_us = duration_us;
  return s;
}

static void
add_workload (RunScenario *s, const char *service, const char *curve, SimTime resolution_us)
{
  RunWorkload *w = g_new0 (RunWorkload, 1);
  g_autoptr (GError) error = NULL;

  w->name = g_strdup (service);
  w->service = g_strdup (service);
  w->curve = wl_curve_parse (curve, NULL, &error);
  g_assert_no_error (error);
  w->resolution_us = resolution_us;
  g_ptr_array_add (s->workloads, w);
}

static void
add_batch (RunScenario *s, const char *name, const char *arrivals)
{
  WlBatchSpec *b = g_new0 (WlBatchSpec, 1);
  g_autoptr (GError) error = NULL;

  b->name = g_strdup (name);
  b->arrivals = wl_arrivals_parse (arrivals, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (s->batches, b);
}

/* Checks @s and returns the message of its refusal. */
static char *
refusal (const RunScenario *s)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (run_budget_check (s, s->config, &error));
  g_assert_error (error, RUN_BUDGET_ERROR, RUN_BUDGET_ERROR_EXCEEDED);
  g_test_message ("%s", error->message);
  return g_strdup (error->message);
}

/* Test that a small scenario passes and its estimate is what the keys multiply to: 10 min at 1 s
 * are 601 samples (0 s … 600 s), each one cluster row and one row per service. */
static void
test_run_budget_small_scenario_passes (void)
{
  g_autoptr (RunScenario) s = scenario_new (1, 3, 2, (SimTime)600 * G_USEC_PER_SEC);
  g_autoptr (GError) error = NULL;
  RunBudgetEstimate e;

  run_budget_estimate (s, s->config, &e);
  g_assert_cmpfloat (e.samples, ==, 601.0);
  g_assert_cmpfloat (e.sample_rows, ==, 601.0 * 3);
  /* 4 nodes × 600 s / 5 s. */
  g_assert_cmpfloat (e.heartbeats, ==, 480.0);
  g_assert_cmpuint (e.managers, ==, 1);
  g_assert_cmpuint (e.services, ==, 2);
  g_assert_true (run_budget_check (s, s->config, &error));
  g_assert_no_error (error);
}

/* Test that 3650 days at a 1 s step with 3 services are refused for their timeline rows:
 * 315 360 000 + 1 samples × (3 + 1) rows = 1.26e9 rows, each sample 55 + 3 × 20 bytes = 36 GB. */
static void
test_run_budget_long_run_refused_for_rows (void)
{
  g_test_bug ("17");
  g_autoptr (RunScenario) s = scenario_new (1, 3, 3, 3650 * DAY_US);
  RunBudgetEstimate e;

  run_budget_estimate (s, s->config, &e);
  g_assert_cmpfloat (e.sample_rows, ==, 315360001.0 * 4);
  g_autofree char *message = refusal (s);
  g_assert_cmpstr (message, ==,
                   "[simulation] step: 3650d / 1s × (3 services + 1) = 1.3e9 timeline and cluster "
                   "rows (about 36 GB); expected at most 2e7: raise step or shorten duration");
}

/* Test that the same run passes once the step is raised: 3650 d / 1 h × 4 = 350 404 rows, but then
 * the heartbeats of 4 nodes (4 × 315 360 000 s / 5 s = 2.5e8) are refused. */
static void
test_run_budget_long_run_refused_for_heartbeats (void)
{
  g_test_bug ("17");
  g_autoptr (RunScenario) s = scenario_new (1, 3, 3, 3650 * DAY_US);
  RunBudgetEstimate e;

  s->config->step_us = (SimTime)3600 * G_USEC_PER_SEC;
  run_budget_estimate (s, s->config, &e);
  g_assert_cmpfloat (e.sample_rows, ==, 87601.0 * 4);
  g_assert_cmpfloat (e.heartbeats, ==, 4.0 * 315360000 / 5);
  g_autofree char *message = refusal (s);
  g_assert_cmpstr (message, ==,
                   "[simulation] duration: 4 nodes × 3650d / 5s heartbeat period = 2.5e8 "
                   "heartbeats; expected at most 2e8: shorten duration, use fewer nodes or raise "
                   "[swarm] heartbeat_period");
}

/* Test that a replica curve is held to [service] replicas' bound: 1 000 000 000 is refused,
 * 1 000 000 passes. */
static void
test_run_budget_curve_replicas_bounded (void)
{
  g_test_bug ("17");
  g_autoptr (RunScenario) big = scenario_new (1, 3, 1, (SimTime)600 * G_USEC_PER_SEC);
  g_autoptr (RunScenario) ok = scenario_new (1, 3, 1, (SimTime)600 * G_USEC_PER_SEC);
  RunBudgetEstimate e;

  add_workload (big, "s0", "1000000000", (SimTime)60 * G_USEC_PER_SEC);
  add_workload (ok, "s0", "ramp(0,1000000,1m,5m)", (SimTime)60 * G_USEC_PER_SEC);
  run_budget_estimate (big, big->config, &e);
  g_assert_cmpuint (e.curve_peak, ==, 1000000000);
  g_autofree char *message = refusal (big);
  g_assert_cmpstr (message, ==,
                   "[workload.s0] replicas: the curve asks for 1000000000 replicas; expected at "
                   "most 1000000, as [service] replicas");
  run_budget_estimate (ok, ok->config, &e);
  g_assert_cmpuint (e.curve_peak, ==, 1000000);
  /* A ramp is sampled at 0, 1m, … 10m. */
  g_assert_cmpfloat (e.curve_points, ==, 11.0);
  g_assert_true (run_budget_check (ok, ok->config, NULL));
}

/* Test that a sampled curve's points are duration / resolution + 1, refused beyond 1e6 before its
 * changes are listed: 10 min at 1 µs are 6e8 points. */
static void
test_run_budget_curve_points_bounded (void)
{
  g_test_bug ("17");
  g_autoptr (RunScenario) s = scenario_new (1, 3, 1, (SimTime)600 * G_USEC_PER_SEC);
  RunBudgetEstimate e;

  add_workload (s, "s0", "sine(10,5,1d)", 1);
  run_budget_estimate (s, s->config, &e);
  g_assert_cmpfloat (e.curve_points, ==, 600000001.0);
  g_assert_cmpuint (e.curve_peak, ==, 0); /* not listed */
  g_autofree char *message = refusal (s);
  g_assert_cmpstr (message, ==,
                   "[workload.s0] resolution: 10m / 1us = 6e8 curve points (6e8 in all "
                   "workloads); expected at most 1e6: raise resolution or shorten duration");
}

/* Test that batch jobs are duration / mean gap, summed over the families: 1 h at poisson(1us)
 * brings 3.6e9 jobs, refused; poisson(1m) brings 60. */
static void
test_run_budget_batch_jobs_bounded (void)
{
  g_test_bug ("17");
  g_autoptr (RunScenario) s = scenario_new (1, 3, 1, (SimTime)3600 * G_USEC_PER_SEC);
  RunBudgetEstimate e;

  add_batch (s, "slow", "poisson(1m)");
  run_budget_estimate (s, s->config, &e);
  g_assert_cmpfloat (e.jobs, ==, 60.0);
  g_assert_true (run_budget_check (s, s->config, NULL));
  add_batch (s, "b", "poisson(1us)");
  run_budget_estimate (s, s->config, &e);
  g_assert_cmpfloat (e.jobs, ==, 3.6e9 + 60);
  g_autofree char *message = refusal (s);
  g_assert_cmpstr (message, ==,
                   "[batch.b] arrivals: poisson(1us) over 1h brings about 3.6e9 jobs (3.6e9 in all "
                   "batch families); expected at most 1e5 in a run: raise the mean gap or shorten "
                   "duration");
}

/* Test that 100 000 managers are refused (raft counts every node when a manager joins: 16 000
 * took 6.7 s and 32 000 36 s), and 1 000 pass. */
static void
test_run_budget_managers_bounded (void)
{
  g_test_bug ("17");
  g_autoptr (RunScenario) many = scenario_new (100000, 0, 1, (SimTime)600 * G_USEC_PER_SEC);
  g_autoptr (RunScenario) ok = scenario_new (1000, 0, 1, (SimTime)600 * G_USEC_PER_SEC);

  g_autofree char *message = refusal (many);
  g_assert_cmpstr (message, ==,
                   "[nodes.manager] count: 100000 managers in all; expected at most 1000 (raft "
                   "counts every node at each manager change; Docker recommends 3, 5 or 7): use "
                   "fewer managers");
  g_assert_true (run_budget_check (ok, ok->config, NULL));
}

/* Test that 100 000 services are refused, naming the first service beyond the 5 000th. */
static void
test_run_budget_services_bounded (void)
{
  g_test_bug ("17");
  g_autoptr (RunScenario) many = scenario_new (1, 3, 100000, 10 * G_USEC_PER_SEC);
  g_autoptr (RunScenario) ok = scenario_new (1, 3, 5000, 10 * G_USEC_PER_SEC);

  g_autofree char *message = refusal (many);
  g_assert_cmpstr (message, ==,
                   "[service.s5000]: 100000 services in all; expected at most 5000 (the metrics "
                   "look services up by name): use fewer services");
  g_assert_true (run_budget_check (ok, ok->config, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/models/run-budget/small-scenario-passes",
                   test_run_budget_small_scenario_passes);
  g_test_add_func ("/models/run-budget/long-run-refused-for-rows",
                   test_run_budget_long_run_refused_for_rows);
  g_test_add_func ("/models/run-budget/long-run-refused-for-heartbeats",
                   test_run_budget_long_run_refused_for_heartbeats);
  g_test_add_func ("/models/run-budget/curve-replicas-bounded",
                   test_run_budget_curve_replicas_bounded);
  g_test_add_func ("/models/run-budget/curve-points-bounded", test_run_budget_curve_points_bounded);
  g_test_add_func ("/models/run-budget/batch-jobs-bounded", test_run_budget_batch_jobs_bounded);
  g_test_add_func ("/models/run-budget/managers-bounded", test_run_budget_managers_bounded);
  g_test_add_func ("/models/run-budget/services-bounded", test_run_budget_services_bounded);
  return g_test_run ();
}
