/* SPDX-License-Identifier: MIT
 * Running batch jobs as one service each, watching their tasks through the world's TASK_STATE
 * signals, and removing each service once its job is over. Requests the swarm refuses for want of
 * a leader are made again when one is elected (the LEADER signal). */
#include "models/workload/jobs.h"

#include "models/swarm/signals.h"
#include "sim/time.h"

typedef enum {
  JOB_WAITING, /* before its arrival */
  JOB_SUBMIT,  /* arrived; "docker service create" refused so far (no leader) */
  JOB_LIVE,    /* its service exists */
  JOB_REMOVE,  /* over; "docker service rm" still to do */
  JOB_GONE,    /* over and removed */
} JobPhase;

typedef struct {
  WlJobRunner *runner; /* unowned */
  char *service;       /* owned */
  SimTime submit_us;
  SimTime runtime_us;
  double fail_probability; /* of each run */
  gint64 nanocpus;
  gint64 memory_bytes;
  WlRestart restart;
  guint64 max_attempts;
  JobPhase phase;
  SimEventId arrival_ev;
  gboolean started;
  guint failed_runs; /* a task signals FAILED once: each is one run */
} Job;

struct _WlJobRunner {
  SwarmWorld *world; /* unowned */
  GPtrArray *jobs;   /* (element-type Job) owned */
  GHashTable *live;  /* (element-type utf8 Job) unowned keys and values: the jobs' services */
  guint waiting;     /* jobs in JOB_SUBMIT or JOB_REMOVE: a request to make again */
  guint handler;     /* TASK_STATE and LEADER; 0 until the first job is added */
  WlJobStats stats;
};

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->service);
  g_free (job);
}

WlJobRunner *
wl_job_runner_new (SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, NULL);

  WlJobRunner *runner = g_new0 (WlJobRunner, 1);
  runner->world = world;
  runner->jobs = g_ptr_array_new_with_free_func (job_free);
  runner->live = g_hash_table_new (g_str_hash, g_str_equal);
  return runner;
}

void
wl_job_runner_free (WlJobRunner *runner)
{
  SimEngine *engine;

  if (runner == NULL)
    return;
  engine = swarm_world_get_engine (runner->world);
  for (guint i = 0; i < runner->jobs->len; i++)
    sim_engine_cancel (engine, ((Job *)runner->jobs->pdata[i])->arrival_ev);
  if (runner->handler != 0)
    swarm_world_disconnect (runner->world, runner->handler);
  g_hash_table_unref (runner->live);
  g_ptr_array_unref (runner->jobs);
  g_free (runner);
}

static gboolean
try_create (Job *job)
{
  SwarmServiceConfig *cfg = swarm_service_config_new (job->service);

  cfg->spec->replicas = 1;
  cfg->spec->reservations.nanocpus = job->nanocpus;
  cfg->spec->reservations.memory_bytes = job->memory_bytes;
  cfg->spec->restart.condition =
      job->restart == WL_RESTART_NONE ? ORCH_RESTART_NONE : ORCH_RESTART_ON_FAILURE;
  cfg->spec->restart.max_attempts = job->max_attempts;
  cfg->exit_after = sim_dist_new_constant (job->runtime_us);
  cfg->exit_fails = FALSE;
  cfg->exit_fail_probability = job->fail_probability;
  if (!swarm_world_create_service (job->runner->world, cfg, NULL)) {
    job->runner->stats.create_refused++;
    return FALSE;
  }
  if (job->phase == JOB_SUBMIT)
    job->runner->waiting--;
  job->phase = JOB_LIVE;
  g_hash_table_insert (job->runner->live, job->service, job);
  return TRUE;
}

static gboolean
try_remove (Job *job)
{
  g_autoptr (SwarmAction) rm = swarm_action_new (SWARM_ACTION_SERVICE_REMOVE, 0, job->service);

  if (!swarm_world_apply_action (job->runner->world, rm, NULL))
    return FALSE; /* no leader: tried again at the next election */
  job->phase = JOB_GONE;
  job->runner->waiting--;
  return TRUE;
}

static void
finish (Job *job)
{
  g_hash_table_remove (job->runner->live, job->service);
  job->phase = JOB_REMOVE;
  job->runner->waiting++;
  try_remove (job);
}

/* A change of a job's task: the first RUNNING ends the wait, COMPLETE ends the job, and a FAILED
 * run ends it when the restart policy will not run it again (as SwarmKit's supervisor decides:
 * condition none, or 1 + max_attempts runs used up). The times are the task rows' own (the signal
 * is emitted with the row), as when the runner read the rows. */
static void
on_task (Job *job, const SwarmSignal *signal)
{
  WlJobStats *st = &job->runner->stats;

  if (signal->state == ORCH_TASK_RUNNING && !job->started) {
    job->started = TRUE;
    st->started++;
    st->wait_s_sum += sim_time_to_seconds (signal->t_us - job->submit_us);
  } else if (signal->state == ORCH_TASK_COMPLETE) {
    st->completed++;
    st->turnaround_s_sum += sim_time_to_seconds (signal->t_us - job->submit_us);
    finish (job);
  } else if (signal->state == ORCH_TASK_FAILED) {
    job->failed_runs++;
    if (job->restart == WL_RESTART_NONE ||
        (job->max_attempts > 0 && job->failed_runs >= 1 + job->max_attempts)) {
      st->failed++;
      finish (job);
    }
  }
}

/* A leader again: the requests it refused, in job order. */
static void
retry_refused (WlJobRunner *runner)
{
  for (guint i = 0; i < runner->jobs->len && runner->waiting > 0; i++) {
    Job *job = runner->jobs->pdata[i];

    if (job->phase == JOB_SUBMIT)
      try_create (job);
    else if (job->phase == JOB_REMOVE)
      try_remove (job);
  }
}

static void
on_signal (SwarmWorld *world, const SwarmSignal *signal, gpointer user_data)
{
  WlJobRunner *runner = user_data;

  (void)world;
  if (signal->kind == SWARM_SIGNAL_LEADER) {
    if (signal->flag)
      retry_refused (runner);
    return;
  }
  Job *job = g_hash_table_lookup (runner->live, signal->service);
  if (job != NULL)
    on_task (job, signal);
}

static void
on_arrival (SimEngine *engine, gpointer user_data)
{
  Job *job = user_data;

  (void)engine;
  job->arrival_ev = SIM_EVENT_ID_INVALID;
  job->runner->stats.submitted++;
  job->runner->waiting++;
  job->phase = JOB_SUBMIT;
  try_create (job);
}

void
wl_job_runner_add (WlJobRunner *runner, const WlBatchSpec *spec, const GArray *jobs)
{
  SimEngine *engine;

  g_return_if_fail (runner != NULL && spec != NULL && jobs != NULL);
  engine = swarm_world_get_engine (runner->world);
  /* Subscribed with the first jobs only: a run without batch jobs queues no task signal. */
  if (runner->handler == 0 && jobs->len > 0)
    runner->handler = swarm_world_connect (
        runner->world, SWARM_SIGNAL_TASK_STATE | SWARM_SIGNAL_LEADER, on_signal, runner);
  for (guint i = 0; i < jobs->len; i++) {
    const WlJob *j = &g_array_index (jobs, WlJob, i);
    Job *job = g_new0 (Job, 1);

    job->runner = runner;
    job->service = g_strdup_printf ("%s-%u", spec->name, j->index + 1);
    job->submit_us = j->arrival_us;
    job->runtime_us = j->runtime_us;
    job->fail_probability = spec->fail_probability;
    job->nanocpus = spec->nanocpus;
    job->memory_bytes = spec->memory_bytes;
    job->restart = spec->restart;
    job->max_attempts = spec->max_attempts;
    job->arrival_ev = sim_engine_schedule_at (
        engine, MAX (j->arrival_us, sim_engine_get_now (engine)), on_arrival, job, NULL);
    g_ptr_array_add (runner->jobs, job);
  }
}

void
wl_job_runner_get_stats (const WlJobRunner *runner, WlJobStats *stats_out)
{
  g_return_if_fail (runner != NULL && stats_out != NULL);
  *stats_out = runner->stats;
}
