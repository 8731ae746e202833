/* SPDX-License-Identifier: MIT
 * Helpers for the tests of the simulated world. Test code only. */
#include "swarm_test_util.h"

#include "sim/dist.h"

SwarmConfig *
swarm_test_web_cluster_new (guint managers, guint workers, guint64 replicas, SimTime duration_us)
{
  SwarmConfig *c = swarm_config_new ();
  c->duration_us = duration_us;
  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  m->count = managers;
  m->role = ORCH_ROLE_MANAGER;
  g_ptr_array_add (m->cached_images, g_strdup ("web:1"));
  g_ptr_array_add (c->node_groups, m);
  SwarmNodeGroup *w = swarm_node_group_new ("worker");
  w->count = workers;
  g_ptr_array_add (w->cached_images, g_strdup ("web:1"));
  g_ptr_array_add (c->node_groups, w);
  SwarmServiceConfig *s = swarm_service_config_new ("web");
  s->spec->replicas = replicas;
  g_free (s->spec->image);
  s->spec->image = g_strdup ("web:1");
  g_ptr_array_add (c->services, s);
  return c;
}

static void
set_constant (SimDist **dist, SimTime value_us)
{
  sim_dist_free (*dist);
  *dist = sim_dist_new_constant (value_us);
}

SwarmConfig *
swarm_test_quiet_cluster_new (guint managers, guint workers, guint64 replicas, SimTime duration_us)
{
  SwarmConfig *c = swarm_test_web_cluster_new (managers, workers, replicas, duration_us);
  c->heartbeat_epsilon_us = 0;
  c->dispatcher_batch_us = 0;
  c->agent_reconnect_max_us = 0;
  c->raft_rtt_us = 0;
  c->election_ticks = 1;
  c->raft_tick_us = SIM_SEC (5);
  set_constant (&c->launch_time, SIM_SEC (20));
  set_constant (&c->docker_start, SIM_SEC (1));
  set_constant (&c->swarm_join, SIM_SEC (1));
  SwarmServiceConfig *web = g_ptr_array_index (c->services, 0);
  set_constant (&web->start_time, SIM_SEC (1));
  web->spec->restart.delay_us = 0;
  g_ptr_array_add (web->spec->constraints, g_strdup ("node.role==worker"));
  return c;
}

const SwarmRecoveryRow *
swarm_test_recovery (const SwarmWorld *w, guint index)
{
  const GArray *rows = swarm_record_get_recoveries (swarm_world_get_record (w));
  g_assert_cmpuint (rows->len, >, index);
  return &g_array_index (rows, SwarmRecoveryRow, index);
}

SwarmWorld *
swarm_test_run_logged (const SwarmConfig *c)
{
  SwarmWorld *w = swarm_test_run (c, 1);
  swarm_test_log_narration (w);
  return w;
}

void
swarm_test_add_action (SwarmConfig *c, SwarmActionKind kind, double at_s, const char *target)
{
  g_ptr_array_add (c->actions, swarm_action_new (kind, (SimTime)(at_s * 1e6), target));
}

static SwarmWorld *
run_world (const SwarmConfig *c, guint64 seed, gboolean check_invariants)
{
  g_autoptr (GError) error = NULL;
  SwarmWorld *w = swarm_world_new (c, seed, &error);
  g_assert_no_error (error);
  swarm_world_set_check_invariants (w, check_invariants);
  g_assert_true (swarm_world_run (w, &error));
  g_assert_no_error (error);
  return w;
}

SwarmWorld *
swarm_test_run (const SwarmConfig *c, guint64 seed)
{
  return run_world (c, seed, TRUE);
}

SwarmWorld *
swarm_test_run_unchecked (const SwarmConfig *c, guint64 seed)
{
  return run_world (c, seed, FALSE);
}

void
swarm_test_log_narration (const SwarmWorld *w)
{
  const GPtrArray *lines = swarm_record_get_narration (swarm_world_get_record (w));
  for (guint i = 0; i < lines->len; i++)
    g_test_message ("%s", (const char *)g_ptr_array_index (lines, i));
}
