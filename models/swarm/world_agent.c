/* SPDX-License-Identifier: MIT
 * The agents: each node's side of a task, one step at a time as swarmkit's exec.Do takes them
 * (SwarmKit agent/exec/controller.go): ASSIGNED → ACCEPTED → PREPARING → (image pull) READY →
 * STARTING → (container start) RUNNING, pausing wherever the state reaches the desired state, and
 * SHUTDOWN once desired ≥ SHUTDOWN. Reports go to the leader's dispatcher, which batches them. */
#include "models/swarm/world_private.h"

#include "sim/dist.h"

void
swarm_world__agent_task_free (AgentTask *task)
{
  g_free (task);
}

static void
running_delta (SwarmWorld *w, AgentTask *at, gint delta)
{
  swarm_world__availability_advance (w, at->svc);
  at->svc->running_total = (guint64)((gint64)at->svc->running_total + delta);
  if (!at->node->partitioned) {
    at->svc->running_visible = (guint64)((gint64)at->svc->running_visible + delta);
    swarm_world__failure_visible (w, at, delta);
  }
}

/* The agent reports every change; without a session the report waits for the next one. */
static void
report (SwarmWorld *w, AgentTask *at, OrchTaskState state)
{
  if (at->state != ORCH_TASK_RUNNING && state == ORCH_TASK_RUNNING)
    running_delta (w, at, +1);
  else if (at->state == ORCH_TASK_RUNNING && state != ORCH_TASK_RUNNING)
    running_delta (w, at, -1);
  at->state = state;
  if (state == ORCH_TASK_RUNNING)
    swarm_world__narrate_running (w, at);
  if (at->node->connected)
    swarm_world__dispatch (w, WRITE_TASK_STATE, at->node->orch_id, at->id, (guint32)state);
}

/* A task in a final state leaves the agent (its container is gone). */
static void
forget (SwarmWorld *w, AgentTask *at)
{
  sim_engine_cancel (w->engine, at->ev);
  g_ptr_array_remove_fast (at->node->tasks, at);
  g_hash_table_remove (w->agent_tasks, &at->id);
}

static void step (SwarmWorld *w, AgentTask *at);

/* How a container that exits by itself ends. The outcome is drawn per run, so a restarted task
 * may succeed where its predecessor crashed; the draw happens only for a probability strictly
 * between 0 and 1, so that services without one leave the node's stream as it was. */
static OrchTaskState
exit_state (SwarmWorld *w, AgentTask *at)
{
  const SwarmServiceConfig *cfg = at->svc->cfg;

  if (cfg->exit_fails || cfg->exit_fail_probability >= 1.0)
    return ORCH_TASK_FAILED;
  if (cfg->exit_fail_probability <= 0.0)
    return ORCH_TASK_COMPLETE;
  return sim_rng_uniform (swarm_world__node_rng (w, at->node)) < cfg->exit_fail_probability
             ? ORCH_TASK_FAILED
             : ORCH_TASK_COMPLETE;
}

static void
on_step_done (SimEngine *engine, gpointer user_data)
{
  AgentTask *at = ((gpointer *)user_data)[0];
  SwarmWorld *w = ((gpointer *)user_data)[1];
  (void)engine;
  at->ev = 0;
  if (at->state == ORCH_TASK_PREPARING) {
    /* The pull finished and the container is created. */
    g_hash_table_add (at->node->images, g_strdup (at->svc->cfg->spec->image));
    report (w, at, ORCH_TASK_READY);
  } else if (at->state == ORCH_TASK_STARTING)
    report (w, at, ORCH_TASK_RUNNING);
  else {
    /* RUNNING: either the container exited by itself or a stop finished. */
    g_assert (at->state == ORCH_TASK_RUNNING);
    report (w, at, at->stopping ? ORCH_TASK_SHUTDOWN : exit_state (w, at));
    swarm_world__running_changed (w);
    forget (w, at);
    return;
  }
  swarm_world__running_changed (w);
  step (w, at);
}

static void
start_step (SwarmWorld *w, AgentTask *at, SimTime duration)
{
  gpointer *pair = g_new (gpointer, 2);
  pair[0] = at;
  pair[1] = w;
  at->ev = sim_engine_schedule_in (w->engine, duration, on_step_done, pair, g_free);
}

/* docs/calibration.md, derived pull model: manifest (0.5–2 s) + size / registry throughput; skipped
 * when the node already has the image (the image present case of the 14.5–23 s band). */
static SimTime
pull_time (SwarmWorld *w, AgentTask *at)
{
  if (g_hash_table_contains (at->node->images, at->svc->cfg->spec->image))
    return 0;
  SimRng *rng = swarm_world__node_rng (w, at->node);
  double bytes_s = (double)at->svc->image_size_bytes / (double)w->config->registry_bytes_per_second;
  return sim_dist_sample (w->config->manifest_time, rng) + (SimTime)(bytes_s * 1e6);
}

static void
shut_down (SwarmWorld *w, AgentTask *at)
{
  if (at->state == ORCH_TASK_RUNNING) {
    sim_engine_cancel (w->engine, at->ev); /* a pending exit is superseded by the stop */
    SimTime stop = sim_dist_sample (at->svc->cfg->stop_time, swarm_world__node_rng (w, at->node));
    start_step (w, at, MIN (stop, at->svc->cfg->stop_grace_us));
    return;
  }
  report (w, at, ORCH_TASK_SHUTDOWN);
  forget (w, at);
}

static void
step (SwarmWorld *w, AgentTask *at)
{
  if (at->desired >= ORCH_TASK_SHUTDOWN) {
    if (!at->stopping) {
      at->stopping = TRUE;
      shut_down (w, at);
    }
    return;
  }
  if (at->ev != 0)
    return; /* a step is in progress; it calls step() again when done */
  SimRng *rng = swarm_world__node_rng (w, at->node);
  if (at->state == ORCH_TASK_ASSIGNED) {
    report (w, at, ORCH_TASK_ACCEPTED);
    report (w, at, ORCH_TASK_PREPARING);
    start_step (w, at, pull_time (w, at));
  } else if (at->state == ORCH_TASK_READY && at->desired >= ORCH_TASK_RUNNING) {
    /* Below RUNNING a replacement waits at READY for its restart delay (desired READY). */
    report (w, at, ORCH_TASK_STARTING);
    start_step (w, at, sim_dist_sample (at->svc->cfg->start_time, rng));
  } else if (at->state == ORCH_TASK_RUNNING && at->svc->cfg->exit_after != NULL)
    start_step (w, at, sim_dist_sample (at->svc->cfg->exit_after, rng));
}

void
swarm_world__agent_deliver (SwarmWorld *w, WorldNode *node, OrchTaskId task_id)
{
  OrchTask *t = orch_store_get_task (orch_manager_get_store (w->manager), task_id);
  if (t == NULL || t->node_id != node->orch_id)
    return;
  AgentTask *at = g_hash_table_lookup (w->agent_tasks, &task_id);
  if (at != NULL) {
    at->desired = t->desired;
    step (w, at);
    return;
  }
  if (t->state >= ORCH_TASK_COMPLETE)
    return;
  WorldService *svc = g_hash_table_lookup (w->service_by_id, GUINT_TO_POINTER (t->service_id));
  if (t->desired >= ORCH_TASK_SHUTDOWN || svc == NULL || t->state > ORCH_TASK_ASSIGNED) {
    /* The agent has no container for it: either it was asked to stop, or the container died
     * with the host (a reboot) and the task fails, for the restart policy to handle. */
    OrchTaskState final =
        t->desired >= ORCH_TASK_SHUTDOWN || svc == NULL ? ORCH_TASK_SHUTDOWN : ORCH_TASK_FAILED;
    swarm_world__dispatch (w, WRITE_TASK_STATE, node->orch_id, task_id, (guint32) final);
    return;
  }
  at = g_new0 (AgentTask, 1);
  at->id = task_id;
  at->node = node;
  at->svc = svc;
  at->slot = t->slot;
  at->state = ORCH_TASK_ASSIGNED;
  at->desired = t->desired;
  g_hash_table_insert (w->agent_tasks, &at->id, at);
  g_ptr_array_add (node->tasks, at);
  step (w, at);
}

static gint
compare_task_ids (gconstpointer a, gconstpointer b)
{
  OrchTaskId x = (*(AgentTask *const *)a)->id, y = (*(AgentTask *const *)b)->id;
  return x < y ? -1 : x > y;
}

void
swarm_world__agent_sync_node (SwarmWorld *w, WorldNode *node)
{
  /* Registration: the agent re-sends the status of every task it runs (in id order), then the
   * dispatcher sends the complete assignment set (§6.3). */
  g_ptr_array_sort (node->tasks, compare_task_ids);
  for (guint i = 0; i < node->tasks->len; i++) {
    AgentTask *at = g_ptr_array_index (node->tasks, i);
    swarm_world__dispatch (w, WRITE_TASK_STATE, node->orch_id, at->id, (guint32)at->state);
  }
  const GPtrArray *tasks =
      orch_store_get_node_tasks (orch_manager_get_store (w->manager), node->orch_id);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (OrchTaskId));
  for (guint i = 0; tasks != NULL && i < tasks->len; i++) {
    const OrchTask *t = g_ptr_array_index (tasks, i);
    if (t->state >= ORCH_TASK_ASSIGNED && t->state < ORCH_TASK_COMPLETE)
      g_array_append_val (ids, t->id);
  }
  for (guint i = 0; i < ids->len; i++)
    swarm_world__agent_deliver (w, node, g_array_index (ids, OrchTaskId, i));
}

/* Drops every container of the node without a report: the host is gone (crash, or a stop that
 * the managers only learn about from missing heartbeats). */
void
swarm_world__agent_kill_all (SwarmWorld *w, WorldNode *node)
{
  while (node->tasks->len > 0) {
    AgentTask *at = g_ptr_array_index (node->tasks, node->tasks->len - 1);
    if (at->state == ORCH_TASK_RUNNING)
      running_delta (w, at, -1);
    forget (w, at);
  }
}

void
swarm_world__agent_stop_all (SwarmWorld *w, WorldNode *node)
{
  /* "docker swarm leave", and the shutdown an EC2 stop or terminate sends the OS, stop every
   * container as "docker stop" does: SIGTERM, then SIGKILL after the task's stop grace period
   * (10 s by default, api/defaults/service.go). A container keeps running (and counting) until its
   * stop ends; tasks not yet running have no process to wait for and go at once. The agent has no
   * session any more, so the managers learn nothing of it: they see the node go DOWN. */
  if (node->partitioned)
    swarm_world__agent_set_partitioned (w, node, FALSE); /* the node's cut ends with its agent */
  node->partitioned = FALSE;
  for (guint i = node->tasks->len; i > 0; i--) {
    AgentTask *at = g_ptr_array_index (node->tasks, i - 1);
    if (at->state == ORCH_TASK_RUNNING && at->stopping)
      continue; /* already stopping: its stop step ends it */
    if (at->state != ORCH_TASK_RUNNING) {
      forget (w, at);
      continue;
    }
    at->desired = ORCH_TASK_SHUTDOWN;
    at->stopping = TRUE;
    shut_down (w, at);
  }
}

void
swarm_world__agent_set_partitioned (SwarmWorld *w, WorldNode *node, gboolean partitioned)
{
  for (guint i = 0; i < node->tasks->len; i++) {
    AgentTask *at = g_ptr_array_index (node->tasks, i);
    if (at->state != ORCH_TASK_RUNNING)
      continue;
    /* The failures' shares of the service depend on what the managers see running. */
    swarm_world__availability_advance (w, at->svc);
    if (partitioned)
      at->svc->running_visible--;
    else
      at->svc->running_visible++;
    swarm_world__failure_visible (w, at, partitioned ? -1 : +1);
  }
}
