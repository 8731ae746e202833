/* SPDX-License-Identifier: MIT
 * Helpers for the tests of the simulated world. Test code only. */
#include "swarm_test_util.h"

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

void
swarm_test_add_action (SwarmConfig *c, SwarmActionKind kind, double at_s, const char *target)
{
  g_ptr_array_add (c->actions, swarm_action_new (kind, (SimTime)(at_s * 1e6), target));
}

SwarmWorld *
swarm_test_run (const SwarmConfig *c, guint64 seed)
{
  g_autoptr (GError) error = NULL;
  SwarmWorld *w = swarm_world_new (c, seed, &error);
  g_assert_no_error (error);
  g_assert_true (swarm_world_run (w, &error));
  g_assert_no_error (error);
  return w;
}

void
swarm_test_log_narration (const SwarmWorld *w)
{
  const GPtrArray *lines = swarm_record_get_narration (swarm_world_get_record (w));
  for (guint i = 0; i < lines->len; i++)
    g_test_message ("%s", (const char *)g_ptr_array_index (lines, i));
}
