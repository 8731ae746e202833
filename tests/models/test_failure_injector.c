/* SPDX-License-Identifier: MIT
 * Tests of models/failure/injector.h against the real world: the injector strikes every node that
 * exists, however it joined (the groups at time 0, a timeline join, a pool's scale-out), with its
 * group's spot rule and zone. Constant laws, so that every failure time is computed by hand. */
#include "models/failure/injector.h"

#include <string.h>

#include "models/pool/pool.h"
#include "models/swarm/signals.h"
#include "sim/units.h"

/* Every "NODE crashed at T s" the world signalled, in order, and the NODE_REMOVED ones. */
typedef struct {
  GString *crashes;
  GString *removals;
} Watch;

static void
on_signal (SwarmWorld *world, const SwarmSignal *signal, gpointer user_data)
{
  Watch *w = user_data;

  (void)world;
  if (signal->kind == SWARM_SIGNAL_NODE_STATE && signal->phase == SWARM_NODE_PHASE_CRASHED)
    g_string_append_printf (w->crashes, "%s@%" G_GINT64_FORMAT " ", signal->node,
                            signal->t_us / G_USEC_PER_SEC);
  else if (signal->kind == SWARM_SIGNAL_NODE_REMOVED)
    g_string_append_printf (w->removals, "%s@%" G_GINT64_FORMAT " ", signal->node,
                            signal->t_us / G_USEC_PER_SEC);
}

/* Up for exactly @ttf_us from a start or a repair, down for exactly @ttr_us. */
static void
spec_init_constant (FailSpec *spec, SimTime ttf_us, SimTime ttr_us)
{
  fail_spec_init (spec);
  spec->node_ttf = sim_dist_new_constant (ttf_us);
  spec->node_ttr = sim_dist_new_constant (ttr_us);
}

/* One manager, and an empty group "worker" (in us-east-1c) that a join at 60 s takes from. */
static SwarmConfig *
joined_config_new (SimTime duration_us)
{
  SwarmConfig *c = swarm_config_new ();
  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  SwarmNodeGroup *w = swarm_node_group_new ("worker");

  c->duration_us = duration_us;
  m->role = ORCH_ROLE_MANAGER;
  w->count = 0;
  g_free (w->availability_zone);
  w->availability_zone = g_strdup ("us-east-1c");
  g_ptr_array_add (c->node_groups, m);
  g_ptr_array_add (c->node_groups, w);
  g_ptr_array_add (c->actions, swarm_action_new (SWARM_ACTION_NODE_JOIN, SIM_SEC (60), "worker"));
  return c;
}

/* Runs @c (seed 3) with an injector of @spec and a watch connected after the injector. */
static void
run_injected (const SwarmConfig *c, const FailSpec *spec, Watch *watch, guint *crashes_out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SwarmWorld) w = swarm_world_new (c, 3, &error);

  g_assert_no_error (error);
  FailInjector *injector = fail_injector_new (w, c, spec, 3);
  swarm_world_connect (w, SWARM_SIGNAL_NODE_STATE | SWARM_SIGNAL_NODE_REMOVED, on_signal, watch);
  g_assert_true (swarm_world_run (w, &error));
  *crashes_out = fail_injector_get_count (injector, FAIL_KIND_CRASH);
  fail_injector_free (injector);
}

/* Test that node_ttf strikes a node joined by a timeline action, counted from its join. With up
 * 10 min and down 1 min: manager-1 fails at 600 s, is repaired at 660 s and fails again at
 * 660 + 600 = 1260 s; worker-1, joined at 60 s, fails at 60 + 600 = 660 s and 660 + 60 + 600 =
 * 1320 s; the next ones (1920 s, 1980 s) fall after the 30 min run. */
static void
test_failure_injector_strikes_a_joined_node (void)
{
  g_autoptr (SwarmConfig) c = joined_config_new (SIM_MIN (30));
  g_auto (FailSpec) spec;
  Watch watch = { g_string_new (NULL), g_string_new (NULL) };
  guint crashes = 0;

  spec_init_constant (&spec, SIM_MIN (10), SIM_MIN (1));
  run_injected (c, &spec, &watch, &crashes);
  g_assert_cmpstr (watch.crashes->str, ==,
                   "manager-1@600 worker-1@660 manager-1@1260 worker-1@1320 ");
  g_assert_cmpuint (crashes, ==, 4);
  g_string_free (watch.crashes, TRUE);
  g_string_free (watch.removals, TRUE);
}

/* Test that a joined node takes its group's zone: an outage of us-east-1c from 300 s to 360 s
 * crashes worker-1 (joined at 60 s) and nothing else. */
static void
test_failure_injector_joined_node_is_in_its_group_zone (void)
{
  g_autoptr (SwarmConfig) c = joined_config_new (SIM_MIN (10));
  g_autoptr (GError) error = NULL;
  g_auto (FailSpec) spec;
  Watch watch = { g_string_new (NULL), g_string_new (NULL) };
  guint crashes = 0;

  fail_spec_init (&spec);
  g_assert_true (fail_spec_add_outage (&spec, "us-east-1c@5m+1m", &error));
  run_injected (c, &spec, &watch, &crashes);
  g_assert_cmpstr (watch.crashes->str, ==, "worker-1@300 ");
  g_string_free (watch.crashes, TRUE);
  g_string_free (watch.removals, TRUE);
}

/* Test that a joined node of a group labelled spot=true is a spot node: with spot_ttf 10 min and
 * the 2 min warning, worker-1 (joined at 60 s) gets its notice at 660 s and is reclaimed, crashed
 * and terminated, at 660 + 120 = 780 s. */
static void
test_failure_injector_joined_spot_node_is_reclaimed (void)
{
  g_autoptr (SwarmConfig) c = joined_config_new (SIM_MIN (20));
  g_auto (FailSpec) spec;
  Watch watch = { g_string_new (NULL), g_string_new (NULL) };
  guint crashes = 0;

  g_ptr_array_add (((SwarmNodeGroup *)c->node_groups->pdata[1])->labels, g_strdup ("spot=true"));
  fail_spec_init (&spec);
  spec.spot_ttf = sim_dist_new_constant (SIM_MIN (10));
  run_injected (c, &spec, &watch, &crashes);
  g_assert_cmpstr (watch.crashes->str, ==, "worker-1@780 ");
  g_assert_cmpstr (watch.removals->str, ==, "worker-1@780 ");
  g_string_free (watch.crashes, TRUE);
  g_string_free (watch.removals, TRUE);
}

/* A drained manager and a scale-out pool "pool" of one m5.large (2 vCPU); "web" has 2 replicas of
 * 1.5 CPU, so the second waits and the pool launches pool-2 (test_pool_world.c). */
static SwarmConfig *
pool_config_new (void)
{
  SwarmConfig *c = swarm_config_new ();
  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  SwarmNodeGroup *p = swarm_node_group_new ("pool");
  SwarmServiceConfig *web = swarm_service_config_new ("web");

  c->duration_us = SIM_MIN (20);
  m->role = ORCH_ROLE_MANAGER;
  m->availability = ORCH_AVAILABILITY_DRAIN;
  g_ptr_array_add (p->cached_images, g_strdup ("app:latest"));
  web->spec->replicas = 2;
  web->spec->reservations.nanocpus = G_GINT64_CONSTANT (1500000000);
  g_ptr_array_add (c->node_groups, m);
  g_ptr_array_add (c->node_groups, p);
  g_ptr_array_add (c->services, web);
  return c;
}

static void
on_added (SwarmWorld *world, const SwarmSignal *signal, gpointer user_data)
{
  (void)world;
  if (g_strcmp0 (signal->node, "pool-2") == 0)
    *(SimTime *)user_data = signal->t_us;
}

/* Runs the pool scenario with up 10 min, down 1 min; @wired also reports the pool's nodes to the
 * injector by hand, as callers did before the signals. Returns: (transfer full) the crashes. */
static char *
run_pool (gboolean wired, SimTime *added_out)
{
  g_autoptr (SwarmConfig) c = pool_config_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SwarmWorld) w = swarm_world_new (c, 42, &error);
  g_auto (FailSpec) spec;
  g_auto (PoolSpec) pspec;
  Watch watch = { g_string_new (NULL), g_string_new (NULL) };

  g_assert_no_error (error);
  spec_init_constant (&spec, SIM_MIN (10), SIM_MIN (1));
  FailInjector *injector = fail_injector_new (w, c, &spec, 42);
  pool_spec_init (&pspec, "pool");
  pspec.max_nodes = 2;
  Pool *pool = pool_new (w, c, &pspec, &error);
  g_assert_no_error (error);
  if (wired)
    pool_set_node_func (pool, fail_injector_node_changed, injector);
  swarm_world_connect (w, SWARM_SIGNAL_NODE_STATE, on_signal, &watch);
  swarm_world_connect (w, SWARM_SIGNAL_NODE_ADDED, on_added, added_out);
  g_assert_true (swarm_world_run (w, &error));
  g_assert_cmpuint (pool_get_grow_count (pool), ==, 1);
  pool_free (pool);
  fail_injector_free (injector);
  g_string_free (watch.removals, TRUE);
  return g_string_free (watch.crashes, FALSE);
}

/* Test that node_ttf strikes a node a scale-out pool launched, with nobody wiring the pool to the
 * injector: manager-1 and pool-1 fail at 600 s, pool-2 (launched at A) at A + 600 s. Reporting the
 * pool's nodes by hand as well changes nothing: each node is tracked once. */
static void
test_failure_injector_strikes_a_pool_node (void)
{
  SimTime added = SIM_TIME_NEVER, added_wired = SIM_TIME_NEVER;
  g_autofree char *plain = run_pool (FALSE, &added);
  g_autofree char *wired = run_pool (TRUE, &added_wired);
  g_autofree char *expected = NULL;

  g_test_message ("pool-2 added at %" G_GINT64_FORMAT " us; crashes %s", added, plain);
  g_assert_cmpint (added, >=, SIM_SEC (60));
  g_assert_cmpint (added % G_USEC_PER_SEC, ==, 0); /* the pool looks on whole seconds */
  expected = g_strdup_printf ("manager-1@600 pool-1@600 pool-2@%" G_GINT64_FORMAT " ",
                              added / G_USEC_PER_SEC + 600);
  g_assert_true (g_str_has_prefix (plain, expected));
  g_assert_cmpint (added_wired, ==, added);
  g_assert_cmpstr (wired, ==, plain);
}

/* Three managers, one per zone a, b, c, and ten workers in zone b (worker-1 … worker-10); zone b
 * is out from 300 s to 360 s of a 10 min run, sampled every second. */
static SwarmConfig *
zone_config_new (void)
{
  SwarmConfig *c = swarm_config_new ();
  const char *zones[] = { "a", "b", "c" };

  c->duration_us = SIM_MIN (10);
  for (guint i = 0; i < G_N_ELEMENTS (zones); i++) {
    g_autofree char *name = g_strdup_printf ("manager-%s", zones[i]);
    SwarmNodeGroup *m = swarm_node_group_new (name);

    m->role = ORCH_ROLE_MANAGER;
    g_free (m->availability_zone);
    m->availability_zone = g_strdup_printf ("us-east-1%s", zones[i]);
    g_ptr_array_add (c->node_groups, m);
  }
  SwarmNodeGroup *w = swarm_node_group_new ("worker");
  w->count = 10;
  g_free (w->availability_zone);
  w->availability_zone = g_strdup ("us-east-1b");
  g_ptr_array_add (c->node_groups, w);
  return c;
}

/* Runs zone_config_new() (seed 3) with the outage us-east-1b@5m+1m and returns the world, run. */
static SwarmWorld *
run_zone_outage (SwarmConfig *c)
{
  g_autoptr (GError) error = NULL;
  g_auto (FailSpec) spec;
  SwarmWorld *w = swarm_world_new (c, 3, &error);

  g_assert_no_error (error);
  fail_spec_init (&spec);
  g_assert_true (fail_spec_add_outage (&spec, "us-east-1b@5m+1m", &error));
  FailInjector *injector = fail_injector_new (w, c, &spec, 3);
  g_assert_true (swarm_world_run (w, &error));
  fail_injector_free (injector);
  return w;
}

/* Test that a zone outage is one zone_outage event at 300 s naming its eleven nodes in natural
 * order (worker-2 before worker-10), before the nodes' own failure rows, and one zone_restored
 * event at 360 s; the narrated timeline tells it in one line before the first crash. */
static void
test_failure_injector_zone_outage_is_one_event (void)
{
  g_autoptr (SwarmConfig) c = zone_config_new ();
  g_autoptr (SwarmWorld) w = run_zone_outage (c);
  const SwarmRecord *record = swarm_world_get_record (w);
  const GArray *events = swarm_record_get_events (record);
  const GPtrArray *lines = swarm_record_get_narration (record);
  const char *nodes = "manager-b-1, worker-1, worker-2, worker-3, worker-4, worker-5, worker-6, "
                      "worker-7, worker-8, worker-9, worker-10";
  g_autofree char *down = g_strdup_printf ("zone us-east-1b down: %s", nodes);
  g_autofree char *restored = g_strdup_printf ("zone us-east-1b restored: %s", nodes);
  g_autofree char *told =
      g_strdup_printf ("00:05:00.000 zone us-east-1b goes down (11 nodes: %s)", nodes);
  guint outages = 0, restores = 0, failures = 0;
  guint told_at = G_MAXUINT, first_crash = G_MAXUINT;

  for (guint i = 0; i < events->len; i++) {
    const SwarmEventRow *e = &g_array_index (events, SwarmEventRow, i);

    if (e->kind == SWARM_EVENT_ZONE_OUTAGE) {
      outages++;
      g_assert_cmpint (e->t_us, ==, SIM_SEC (300));
      g_assert_cmpstr (e->target, ==, "us-east-1b");
      g_assert_cmpstr (e->text, ==, down);
      g_assert_cmpuint (failures, ==, 0); /* before every failure row */
    } else if (e->kind == SWARM_EVENT_ZONE_RESTORED) {
      restores++;
      g_assert_cmpint (e->t_us, ==, SIM_SEC (360));
      g_assert_cmpstr (e->text, ==, restored);
    } else if (e->kind == SWARM_EVENT_FAILURE)
      failures++;
  }
  g_assert_cmpuint (outages, ==, 1);
  g_assert_cmpuint (restores, ==, 1);
  g_assert_cmpuint (failures, ==, 11); /* each node keeps its own failure row */
  for (guint i = 0; i < lines->len; i++) {
    const char *line = lines->pdata[i];

    if (strcmp (line, told) == 0)
      told_at = MIN (told_at, i);
    if (strstr (line, " crashes") != NULL)
      first_crash = MIN (first_crash, i);
  }
  g_assert_cmpuint (told_at, <, first_crash);
  g_assert_cmpuint (first_crash, <, lines->len);
}

/* Returns: the cluster row sampled at @t_s (every second from 0, so row @t_s). */
static const SwarmClusterRow *
cluster_at (const SwarmRecord *record, guint t_s)
{
  const GArray *rows = swarm_record_get_cluster (record);
  const SwarmClusterRow *row = &g_array_index (rows, SwarmClusterRow, t_s);

  g_assert_cmpint (row->t_us, ==, SIM_SEC (t_s));
  return row;
}

/* Test that cluster rows count the managers reachable against the quorum of the membership: 3 of
 * 3 (quorum ⌊3/2⌋ + 1 = 2) before the outage, 2 while manager-b-1 is down (still 3 members, so
 * still quorum 2), and 3 again once it has rebooted and rejoined, well before the end at 600 s. */
static void
test_failure_injector_zone_outage_leaves_two_managers_reachable (void)
{
  g_autoptr (SwarmConfig) c = zone_config_new ();
  g_autoptr (SwarmWorld) w = run_zone_outage (c);
  const SwarmRecord *record = swarm_world_get_record (w);

  g_assert_cmpuint (cluster_at (record, 299)->managers_reachable, ==, 3);
  g_assert_cmpuint (cluster_at (record, 299)->quorum_needed, ==, 2);
  g_assert_cmpuint (cluster_at (record, 301)->managers_reachable, ==, 2);
  g_assert_cmpuint (cluster_at (record, 301)->quorum_needed, ==, 2);
  g_assert_cmpuint (cluster_at (record, 600)->managers_reachable, ==, 3);
}

/* Test that node rows and intervals carry the node's zone, its instance type (m5.large, the
 * default) and, for intervals, its role: every row of manager-b-1 is in us-east-1b as a manager,
 * every row of worker-10 in us-east-1b as a worker, and manager-a-1 in us-east-1a. */
static void
test_failure_injector_node_rows_carry_zone_and_role (void)
{
  g_autoptr (SwarmConfig) c = zone_config_new ();
  g_autoptr (SwarmWorld) w = run_zone_outage (c);
  const SwarmRecord *record = swarm_world_get_record (w);
  const GArray *intervals = swarm_record_get_intervals (record);
  const GArray *nodes = swarm_record_get_nodes (record);
  guint seen = 0;

  for (guint i = 0; i < intervals->len; i++) {
    const SwarmNodeInterval *iv = &g_array_index (intervals, SwarmNodeInterval, i);

    g_assert_nonnull (iv->zone);
    if (strcmp (iv->node, "manager-b-1") == 0) {
      g_assert_cmpstr (iv->zone, ==, "us-east-1b");
      g_assert_cmpint (iv->role, ==, ORCH_ROLE_MANAGER);
      seen++;
    } else if (strcmp (iv->node, "worker-10") == 0) {
      g_assert_cmpstr (iv->zone, ==, "us-east-1b");
      g_assert_cmpint (iv->role, ==, ORCH_ROLE_WORKER);
    } else if (strcmp (iv->node, "manager-a-1") == 0)
      g_assert_cmpstr (iv->zone, ==, "us-east-1a");
  }
  g_assert_cmpuint (seen, >=, 3); /* ready, stopped or down, ready again */
  for (guint i = 0; i < nodes->len; i++) {
    const SwarmNodeRow *row = &g_array_index (nodes, SwarmNodeRow, i);

    g_assert_cmpstr (row->instance_type, ==, "m5.large");
    g_assert_cmpstr (row->zone, ==,
                     strncmp (row->node, "manager-a", 9) == 0   ? "us-east-1a"
                     : strncmp (row->node, "manager-c", 9) == 0 ? "us-east-1c"
                                                                : "us-east-1b");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/failure-injector/strikes-a-joined-node",
                   test_failure_injector_strikes_a_joined_node);
  g_test_add_func ("/models/failure-injector/joined-node-is-in-its-group-zone",
                   test_failure_injector_joined_node_is_in_its_group_zone);
  g_test_add_func ("/models/failure-injector/joined-spot-node-is-reclaimed",
                   test_failure_injector_joined_spot_node_is_reclaimed);
  g_test_add_func ("/models/failure-injector/strikes-a-pool-node",
                   test_failure_injector_strikes_a_pool_node);
  g_test_add_func ("/models/failure-injector/zone-outage-is-one-event",
                   test_failure_injector_zone_outage_is_one_event);
  g_test_add_func ("/models/failure-injector/zone-outage-leaves-two-managers-reachable",
                   test_failure_injector_zone_outage_leaves_two_managers_reachable);
  g_test_add_func ("/models/failure-injector/node-rows-carry-zone-and-role",
                   test_failure_injector_node_rows_carry_zone_and_role);
  return g_test_run ();
}
