/* SPDX-License-Identifier: MIT
 * Scale benchmark (not a CTest test): a large cluster simulated for a day, printing the engine
 * events dispatched and the wall time. Healthy nodes cost no heartbeat events (heartbeats are
 * reconstructed lazily when a node fails), so events grow with tasks and failures, not with
 * nodes × beats. Usage: bench_world [NODES [HOURS [CRASHES]]], defaults 10000 24 20. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "models/swarm/world.h"

int
main (int argc, char *argv[])
{
  guint nodes = argc > 1 ? (guint)strtoul (argv[1], NULL, 10) : 10000;
  guint hours = argc > 2 ? (guint)strtoul (argv[2], NULL, 10) : 24;
  guint crashes = argc > 3 ? (guint)strtoul (argv[3], NULL, 10) : 20;
  if (nodes < 4 || hours < 1) {
    fprintf (stderr, "usage: bench_world [NODES≥4 [HOURS≥1 [CRASHES]]]\n");
    return 2;
  }

  g_autoptr (SwarmConfig) c = swarm_config_new ();
  c->duration_us = SIM_HOUR (hours);
  c->step_us = SIM_MIN (1); /* the recorder scans the store each step: coarse at this size */
  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  m->count = 3;
  m->role = ORCH_ROLE_MANAGER;
  m->availability = ORCH_AVAILABILITY_DRAIN;
  g_ptr_array_add (c->node_groups, m);
  SwarmNodeGroup *w = swarm_node_group_new ("worker");
  w->count = nodes - 3;
  g_ptr_array_add (w->cached_images, g_strdup ("app:latest"));
  g_ptr_array_add (c->node_groups, w);
  SwarmServiceConfig *s = swarm_service_config_new ("app");
  s->spec->replicas = 2 * (guint64)w->count;
  s->spec->reservations.nanocpus = 250000000;
  s->spec->reservations.memory_bytes = G_GINT64_CONSTANT (256) << 20;
  g_ptr_array_add (c->services, s);
  /* Crashes spread over the day, on distinct workers. */
  for (guint i = 0; i < crashes && i < w->count; i++) {
    g_autofree char *name = g_strdup_printf ("worker-%u", 1 + i * (w->count / crashes));
    SimTime at = SIM_MIN (30) + (SimTime)i * (c->duration_us - SIM_HOUR (1)) / crashes;
    g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_CRASH, at, name));
  }

  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SwarmWorld) world = swarm_world_new (c, 1, &error);
  if (world == NULL) {
    fprintf (stderr, "bench_world: %s\n", error->message);
    return 1;
  }
  gint64 t1 = g_get_monotonic_time ();
  if (!swarm_world_run (world, &error)) {
    fprintf (stderr, "bench_world: %s\n", error->message);
    return 1;
  }
  gint64 t2 = g_get_monotonic_time ();

  const SwarmRecord *rec = swarm_world_get_record (world);
  const GArray *rows = swarm_record_get_recoveries (rec);
  double sum = 0;
  guint recovered = 0;
  for (guint i = 0; i < rows->len; i++) {
    const SwarmRecoveryRow *r = &g_array_index (rows, SwarmRecoveryRow, i);
    if (r->recovery_us != SIM_TIME_NEVER) {
      sum += (double)r->recovery_us / 1e6;
      recovered++;
    }
  }
  guint64 events = swarm_record_get_events_dispatched (rec);
  /* One event per beat per node would be nodes × duration / 5 s. */
  double naive = (double)nodes * (double)c->duration_us / 5e6;
  printf ("nodes %u, tasks %" G_GUINT64_FORMAT ", simulated %u h, crashes %u\n", nodes,
          s->spec->replicas, hours, crashes);
  printf ("events dispatched %" G_GUINT64_FORMAT " (per-beat heartbeats alone would be %.0f)\n",
          events, naive);
  printf ("task rows %u, running at end %" G_GUINT64_FORMAT "\n", swarm_record_get_tasks (rec)->len,
          swarm_world_get_running_tasks (world, NULL));
  printf ("recovered %u of %u failures, mean %.2f s\n", recovered, rows->len,
          recovered > 0 ? sum / recovered : 0.0);
  printf ("wall time: build %.2f s, run %.2f s\n", (double)(t1 - t0) / 1e6,
          (double)(t2 - t1) / 1e6);
  return 0;
}
