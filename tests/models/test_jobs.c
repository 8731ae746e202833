/* SPDX-License-Identifier: MIT
 * Tests of models/workload/jobs.h against the real world: each batch job is a one-replica service
 * whose container exits after the job's run time, and the restart policy decides what follows. */
#include "models/workload/jobs.h"

#include "sim/units.h"

typedef struct {
  SwarmConfig *config;
  SwarmWorld *world;
  WlJobRunner *runner;
  WlBatchSpec spec;
} Fixture;

/* One m5.large manager (2 vCPU) that also runs tasks, the image cached so start times are short. */
static void
setup (Fixture *f, gconstpointer data)
{
  SwarmNodeGroup *g = swarm_node_group_new ("m");

  (void)data;
  f->config = swarm_config_new ();
  f->config->duration_us = SIM_HOUR (1);
  g->role = ORCH_ROLE_MANAGER;
  g_ptr_array_add (g->cached_images, g_strdup ("app:latest"));
  g_ptr_array_add (f->config->node_groups, g);
  f->world = swarm_world_new (f->config, 42, NULL);
  g_assert_nonnull (f->world);
  f->runner = wl_job_runner_new (f->world);
  f->spec.name = g_strdup ("etl");
  f->spec.nanocpus = G_GINT64_CONSTANT (2000000000);
  f->spec.restart = WL_RESTART_NONE;
}

static void
teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  wl_job_runner_free (f->runner);
  swarm_world_free (f->world);
  swarm_config_free (f->config);
  wl_batch_spec_clear (&f->spec);
}

static void
add_jobs (Fixture *f, const WlJob *jobs, guint n)
{
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (WlJob));

  g_array_append_vals (a, jobs, n);
  wl_job_runner_add (f->runner, &f->spec, a);
  g_assert_true (swarm_world_run (f->world, NULL));
}

/* Test that a job runs for its run time once RUNNING and then completes. */
static void
test_jobs_job_completes_after_its_run_time (Fixture *f, gconstpointer data)
{
  const WlJob job = { 0, SIM_SEC (10), SIM_MIN (5) };
  WlJobStats st;

  (void)data;
  add_jobs (f, &job, 1);
  wl_job_runner_get_stats (f->runner, &st);
  g_assert_cmpuint (st.submitted, ==, 1);
  g_assert_cmpuint (st.completed, ==, 1);
  g_assert_cmpuint (st.failed, ==, 0);
  g_assert_cmpfloat (st.wait_s_sum, >, 0.0);
  g_assert_cmpfloat (st.wait_s_sum, <, 10.0);
  /* Turnaround = wait + run time, give or take the agent's report (one dispatcher batch). */
  g_assert_cmpfloat (st.turnaround_s_sum, >=, st.wait_s_sum + 300.0);
  g_assert_cmpfloat (st.turnaround_s_sum, <=, st.wait_s_sum + 301.0);
  g_assert_cmpuint (swarm_world_get_running_tasks (f->world, "etl-1"), ==, 0);
}

/* Test that a job that does not fit waits, pending, until the one before it has finished. */
static void
test_jobs_job_waits_while_no_node_has_room (Fixture *f, gconstpointer data)
{
  const WlJob jobs[] = { { 0, SIM_SEC (10), SIM_MIN (5) }, { 1, SIM_SEC (20), SIM_MIN (5) } };
  WlJobStats st;

  (void)data;
  add_jobs (f, jobs, 2);
  wl_job_runner_get_stats (f->runner, &st);
  g_assert_cmpuint (st.completed, ==, 2);
  /* The second waits about 5 min minus its 10 s later arrival. */
  g_assert_cmpfloat (st.wait_s_sum, >, 290.0);
}

/* Adds @n small jobs (0.05 vCPU, so all fit at once), one every 10 s, each running 1 min. */
static void
add_small_jobs (Fixture *f, guint n)
{
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (WlJob));

  f->spec.nanocpus = G_GINT64_CONSTANT (50000000);
  for (guint i = 0; i < n; i++) {
    const WlJob job = { i, SIM_SEC (10) * (i + 1), SIM_MIN (1) };
    g_array_append_val (a, job);
  }
  wl_job_runner_add (f->runner, &f->spec, a);
  g_assert_true (swarm_world_run (f->world, NULL));
}

/* Returns: how many runs of any job ended FAILED, each task counted once. */
static guint
count_failed_runs (Fixture *f)
{
  const GArray *rows = swarm_record_get_tasks (swarm_world_get_record (f->world));
  g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < rows->len; i++) {
    const SwarmTaskRow *r = &g_array_index (rows, SwarmTaskRow, i);
    if (r->state == ORCH_TASK_FAILED)
      g_hash_table_add (seen, (gpointer)(guintptr)r->task);
  }
  return g_hash_table_size (seen);
}

/* Test that with a per-run failure probability and on-failure without a limit, every job
 * completes in the end, some of them after failed runs, and none fails for good. */
static void
test_jobs_on_failure_retries_failed_runs_until_success (Fixture *f, gconstpointer data)
{
  WlJobStats st;
  guint failed_runs;

  (void)data;
  f->spec.restart = WL_RESTART_ON_FAILURE;
  f->spec.fail_probability = 0.5;
  add_small_jobs (f, 40);
  wl_job_runner_get_stats (f->runner, &st);
  failed_runs = count_failed_runs (f);
  g_test_message ("completed %u, failed runs %u", st.completed, failed_runs);
  g_assert_cmpuint (st.completed, ==, 40);
  g_assert_cmpuint (st.failed, ==, 0);
  /* About 40 failed runs expected (a geometric number per job, mean 1); none has odds 2^-40. */
  g_assert_cmpuint (failed_runs, >, 0);
}

/* Test that with a per-run failure probability of 0.5 and restart none, about half the jobs fail
 * (the bounds are loose: 40 jobs, 8 to 32 failures, which a binomial(40, 0.5) leaves with odds
 * below 10^-4). */
static void
test_jobs_without_restart_about_half_fail (Fixture *f, gconstpointer data)
{
  WlJobStats st;

  (void)data;
  f->spec.fail_probability = 0.5;
  add_small_jobs (f, 40);
  wl_job_runner_get_stats (f->runner, &st);
  g_test_message ("completed %u, failed %u", st.completed, st.failed);
  g_assert_cmpuint (st.completed + st.failed, ==, 40);
  g_assert_cmpuint (st.failed, >=, 8);
  g_assert_cmpuint (st.failed, <=, 32);
  g_assert_cmpuint (count_failed_runs (f), ==, st.failed);
}

/* Test that a failing job with restart condition none fails once and is not run again. */
static void
test_jobs_failing_job_without_restart_fails_for_good (Fixture *f, gconstpointer data)
{
  const WlJob job = { 0, SIM_SEC (10), SIM_MIN (1) };
  WlJobStats st;

  (void)data;
  f->spec.fail_probability = 1.0;
  add_jobs (f, &job, 1);
  wl_job_runner_get_stats (f->runner, &st);
  g_assert_cmpuint (st.failed, ==, 1);
  g_assert_cmpuint (st.completed, ==, 0);
  g_assert_cmpuint (st.started, ==, 1);
}

/* Test that on-failure restarts a failing job through the orchestrator until max_attempts runs
 * after the first are used up. */
static void
test_jobs_on_failure_restarts_until_max_attempts (Fixture *f, gconstpointer data)
{
  const WlJob job = { 0, SIM_SEC (10), SIM_MIN (1) };
  const GArray *rows;
  guint failed_rows = 0;
  guint64 last = 0;
  WlJobStats st;

  (void)data;
  f->spec.restart = WL_RESTART_ON_FAILURE;
  f->spec.fail_probability = 1.0;
  f->spec.max_attempts = 2;
  add_jobs (f, &job, 1);
  wl_job_runner_get_stats (f->runner, &st);
  g_assert_cmpuint (st.failed, ==, 1);
  rows = swarm_record_get_tasks (swarm_world_get_record (f->world));
  for (guint i = 0; i < rows->len; i++) {
    const SwarmTaskRow *r = &g_array_index (rows, SwarmTaskRow, i);
    if (r->state == ORCH_TASK_FAILED && r->task != last && g_strcmp0 (r->service, "etl-1") == 0) {
      failed_rows++;
      last = r->task;
    }
  }
  g_assert_cmpuint (failed_rows, ==, 3);
}

/* Test that a job arriving while the swarm has no leader is refused once and created when a
 * leader is elected, not retried in the meantime: the only manager crashes at 5 s and reboots at
 * 6 s (back some 20-40 s later), the job arrives at 10 s, runs 1 min and completes. */
static void
test_jobs_refused_create_waits_for_a_leader (void)
{
  g_autoptr (SwarmConfig) c = swarm_config_new ();
  SwarmNodeGroup *g = swarm_node_group_new ("m");
  g_auto (WlBatchSpec) spec = { 0 };
  g_autoptr (GArray) jobs = g_array_new (FALSE, FALSE, sizeof (WlJob));
  const WlJob job = { 0, SIM_SEC (10), SIM_MIN (1) };
  WlJobStats st;

  c->duration_us = SIM_MIN (10);
  g->role = ORCH_ROLE_MANAGER;
  g_ptr_array_add (g->cached_images, g_strdup ("app:latest"));
  g_ptr_array_add (c->node_groups, g);
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_CRASH, SIM_SEC (5), "m-1"));
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_RECOVER, SIM_SEC (6), "m-1"));
  g_autoptr (SwarmWorld) w = swarm_world_new (c, 42, NULL);
  g_assert_nonnull (w);
  g_autoptr (WlJobRunner) runner = wl_job_runner_new (w);
  spec.name = g_strdup ("etl");
  spec.nanocpus = G_GINT64_CONSTANT (500000000);
  spec.restart = WL_RESTART_NONE;
  g_array_append_val (jobs, job);
  wl_job_runner_add (runner, &spec, jobs);
  g_assert_true (swarm_world_run (w, NULL));
  wl_job_runner_get_stats (runner, &st);
  g_assert_cmpuint (st.create_refused, ==, 1);
  g_assert_cmpuint (st.completed, ==, 1);
  /* It waited for the leader, more than the 10 s from the crash to the arrival took. */
  g_assert_cmpfloat (st.wait_s_sum, >, 10.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/models/jobs/job-completes-after-its-run-time", Fixture, NULL, setup,
              test_jobs_job_completes_after_its_run_time, teardown);
  g_test_add ("/models/jobs/job-waits-while-no-node-has-room", Fixture, NULL, setup,
              test_jobs_job_waits_while_no_node_has_room, teardown);
  g_test_add ("/models/jobs/failing-job-without-restart-fails-for-good", Fixture, NULL, setup,
              test_jobs_failing_job_without_restart_fails_for_good, teardown);
  g_test_add ("/models/jobs/on-failure-restarts-until-max-attempts", Fixture, NULL, setup,
              test_jobs_on_failure_restarts_until_max_attempts, teardown);
  g_test_add ("/models/jobs/on-failure-retries-failed-runs-until-success", Fixture, NULL, setup,
              test_jobs_on_failure_retries_failed_runs_until_success, teardown);
  g_test_add ("/models/jobs/without-restart-about-half-fail", Fixture, NULL, setup,
              test_jobs_without_restart_about_half_fail, teardown);
  g_test_add_func ("/models/jobs/refused-create-waits-for-a-leader",
                   test_jobs_refused_create_waits_for_a_leader);
  return g_test_run ();
}
