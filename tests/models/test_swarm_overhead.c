/* SPDX-License-Identifier: MIT
 * Tests of the per-node overhead (issue 6): the CPU and memory the OS and Docker take are
 * subtracted from every node's capacity, so that scaling out pays them once per node. */
#include <glib.h>

#include "models/swarm/world.h"

#define SEC(x)            ((SimTime)((x)*1e6))
#define GIB               ((gint64)1 << 30)
#define OVERHEAD_NANOCPUS ((gint64)250000000) /* 0.25 vCPU */
#define OVERHEAD_MEMORY   (GIB / 2)

/* A drained m5.large manager (no overhead) and @count workers of @type with the overhead (or
 * none), and a service "app" of 8 replicas reserving 1 vCPU each. */
static SwarmConfig *
cluster_new (guint count, const char *type, gboolean overhead)
{
  SwarmConfig *c = swarm_config_new ();
  c->duration_us = SEC (30);
  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  m->role = ORCH_ROLE_MANAGER;
  m->availability = ORCH_AVAILABILITY_DRAIN;
  g_ptr_array_add (c->node_groups, m);
  SwarmNodeGroup *w = swarm_node_group_new ("worker");
  w->count = count;
  g_free (w->instance_type);
  w->instance_type = g_strdup (type);
  if (overhead) {
    w->overhead_nanocpus = OVERHEAD_NANOCPUS;
    w->overhead_memory_bytes = OVERHEAD_MEMORY;
  }
  g_ptr_array_add (w->cached_images, g_strdup ("app:latest"));
  g_ptr_array_add (c->node_groups, w);
  SwarmServiceConfig *s = swarm_service_config_new ("app");
  s->spec->replicas = 8;
  s->spec->reservations.nanocpus = 1000000000;
  g_ptr_array_add (c->services, s);
  return c;
}

static SwarmWorld *
world_at (const SwarmConfig *c, SimTime t)
{
  g_autoptr (GError) error = NULL;
  SwarmWorld *w = swarm_world_new (c, 1, &error);
  g_assert_no_error (error);
  g_assert_true (swarm_world_run_until (w, t, &error));
  return w;
}

/* Returns: the CPU and memory the overhead takes from the READY nodes of @count × @type. */
static void
overhead_lost (guint count, const char *type, gint64 *cpu_out, gint64 *mem_out)
{
  g_autoptr (SwarmConfig) bare = cluster_new (count, type, FALSE);
  g_autoptr (SwarmConfig) paid = cluster_new (count, type, TRUE);
  g_autoptr (SwarmWorld) a = world_at (bare, SEC (5));
  g_autoptr (SwarmWorld) b = world_at (paid, SEC (5));
  gint64 cpu_a = 0, cpu_b = 0, mem_a = 0, mem_b = 0;
  swarm_world_get_resources (a, &cpu_a, NULL, &mem_a, NULL);
  swarm_world_get_resources (b, &cpu_b, NULL, &mem_b, NULL);
  *cpu_out = cpu_a - cpu_b;
  *mem_out = mem_a - mem_b;
}

/* Test that four m5.large nodes lose four times the overhead one m5.2xlarge (the same 8 vCPUs)
 * loses. */
static void
test_swarm_overhead_four_small_nodes_pay_four_times (void)
{
  gint64 cpu_small = 0, mem_small = 0, cpu_big = 0, mem_big = 0;
  overhead_lost (4, "m5.large", &cpu_small, &mem_small);
  overhead_lost (1, "m5.2xlarge", &cpu_big, &mem_big);
  g_assert_cmpint (cpu_big, ==, OVERHEAD_NANOCPUS);
  g_assert_cmpint (mem_big, ==, OVERHEAD_MEMORY);
  g_assert_cmpint (cpu_small, ==, 4 * cpu_big);
  g_assert_cmpint (mem_small, ==, 4 * mem_big);
}

/* Test that the orchestrator schedules against the reduced capacity: 1.75 vCPUs left on each
 * m5.large fit one 1-vCPU task, so 4 of 8 stay pending; 7.75 on the m5.2xlarge fit 7. */
static void
test_swarm_overhead_limits_placement (void)
{
  g_autoptr (SwarmConfig) small = cluster_new (4, "m5.large", TRUE);
  g_autoptr (SwarmConfig) big = cluster_new (1, "m5.2xlarge", TRUE);
  g_autoptr (SwarmWorld) a = world_at (small, SEC (20));
  g_autoptr (SwarmWorld) b = world_at (big, SEC (20));
  g_assert_cmpuint (swarm_world_get_running_tasks (a, "app"), ==, 4);
  g_assert_cmpuint (swarm_world_get_pending_tasks (a, "app"), ==, 4);
  g_assert_cmpuint (swarm_world_get_running_tasks (b, "app"), ==, 7);
  g_assert_cmpuint (swarm_world_get_pending_tasks (b, "app"), ==, 1);
}

/* Test that a node resized to a larger type rejoins with the new type's capacity less the
 * overhead. */
static void
test_swarm_overhead_applies_after_resize (void)
{
  g_autoptr (SwarmConfig) c = cluster_new (1, "m5.large", TRUE);
  c->duration_us = SEC (120);
  g_autoptr (SwarmWorld) w = world_at (c, SEC (10));
  g_autoptr (GError) error = NULL;
  g_assert_true (swarm_world_resize_node (w, "worker-1", "m5.xlarge", &error));
  g_assert_no_error (error);
  g_assert_true (swarm_world_run_until (w, SEC (110), &error));
  gint64 cpu = 0, mem = 0;
  swarm_world_get_resources (w, &cpu, NULL, &mem, NULL);
  /* The drained m5.large manager counts whole; the worker is an m5.xlarge (4 vCPUs, 16 GiB). */
  g_assert_cmpint (cpu, ==, 2000000000 + 4000000000 - OVERHEAD_NANOCPUS);
  g_assert_cmpint (mem, ==, 8 * GIB + 16 * GIB - OVERHEAD_MEMORY);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm/overhead/four-small-nodes-pay-four-times",
                   test_swarm_overhead_four_small_nodes_pay_four_times);
  g_test_add_func ("/models/swarm/overhead/limits-placement", test_swarm_overhead_limits_placement);
  g_test_add_func ("/models/swarm/overhead/applies-after-resize",
                   test_swarm_overhead_applies_after_resize);
  return g_test_run ();
}
