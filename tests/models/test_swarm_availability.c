/* SPDX-License-Identifier: MIT
 * Tests of the exact availability integrals of the record: ∫ min(running, desired) dt and
 * ∫ desired dt per service, advanced at every change rather than sampled. */
#include <glib.h>
#include <math.h>

#include "models/swarm/world.h"
#include "swarm_test_util.h"

#define SEC(x) ((SimTime)((x)*1e6))

static const SwarmAvailabilityRow *
row_of (const SwarmWorld *w, guint index)
{
  const GArray *rows = swarm_record_get_availability (swarm_world_get_record (w));
  g_assert_cmpuint (rows->len, >, index);
  return &g_array_index (rows, SwarmAvailabilityRow, index);
}

/* Test that the replica-time a crash adds to the down time is exactly the recovery row's
 * replica-seconds lost: the same seed without the crash gives the same start-up. */
static void
test_swarm_availability_crash_costs_the_replica_seconds_lost (void)
{
  g_autoptr (SwarmConfig) quiet = swarm_test_web_cluster_new (1, 3, 6, SEC (120));
  g_autoptr (SwarmConfig) crash = swarm_test_web_cluster_new (1, 3, 6, SEC (120));
  swarm_test_add_action (crash, SWARM_ACTION_NODE_CRASH, 60, "worker-2");
  g_autoptr (SwarmWorld) a = swarm_test_run (quiet, 7);
  g_autoptr (SwarmWorld) b = swarm_test_run (crash, 7);
  const SwarmAvailabilityRow *ra = row_of (a, 0), *rb = row_of (b, 0);
  g_assert_cmpstr (rb->service, ==, "web");
  g_assert_cmpint (ra->desired_replica_us, ==, 6 * SEC (120));
  g_assert_cmpint (rb->desired_replica_us, ==, 6 * SEC (120));
  const SwarmRecoveryRow *rec = &g_array_index (
      swarm_record_get_recoveries (swarm_world_get_record (b)), SwarmRecoveryRow, 0);
  g_assert_cmpfloat (rec->replica_seconds_lost, >, 10.0);
  double extra_down_s = (double)(ra->up_replica_us - rb->up_replica_us) / 1e6;
  g_assert_cmpfloat_with_epsilon (extra_down_s, rec->replica_seconds_lost, 1e-6);
  double av = 0.0;
  g_assert_true (swarm_record_get_service_availability (swarm_world_get_record (b), "web", &av));
  g_assert_cmpfloat_with_epsilon (av, (double)rb->up_replica_us / (double)(6 * SEC (120)), 1e-12);
  g_assert_cmpfloat (av, <, 1.0);
}

/* Test that desired replica-time changes at the instant of a scale, not at the next sample. */
static void
test_swarm_availability_desired_changes_at_the_scale (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 3, 6, SEC (120));
  c->step_us = SEC (7); /* samples that miss the scale instant */
  SwarmAction *scale = swarm_action_new (SWARM_ACTION_SERVICE_SCALE, SEC (60.5), "web");
  scale->replicas = 3;
  g_ptr_array_add (c->actions, scale);
  g_autoptr (SwarmWorld) w = swarm_test_run (c, 8);
  const SwarmAvailabilityRow *r = row_of (w, 0);
  g_assert_cmpint (r->desired_replica_us, ==, 6 * SEC (60.5) + 3 * SEC (59.5));
  /* Everything ran from the start-up (≤ 2 s) to the end. */
  g_assert_cmpint (r->up_replica_us, >, r->desired_replica_us - 6 * SEC (2));
  g_assert_cmpint (r->up_replica_us, <, r->desired_replica_us);
}

/* Test that a service never created has no desired replica-time and availability 1, and that an
 * unknown service is reported as such. */
static void
test_swarm_availability_no_desired_reads_one (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 3, 6, SEC (30));
  SwarmServiceConfig *later = swarm_service_config_new ("later");
  later->create_at_start = FALSE;
  g_ptr_array_add (c->services, later);
  g_autoptr (SwarmWorld) w = swarm_test_run (c, 9);
  const SwarmAvailabilityRow *r = row_of (w, 1);
  g_assert_cmpstr (r->service, ==, "later");
  g_assert_cmpint (r->desired_replica_us, ==, 0);
  g_assert_cmpint (r->up_replica_us, ==, 0);
  double av = -1.0;
  g_assert_true (swarm_record_get_service_availability (swarm_world_get_record (w), "later", &av));
  g_assert_cmpfloat (av, ==, 1.0);
  av = -1.0;
  g_assert_false (swarm_record_get_service_availability (swarm_world_get_record (w), "nope", &av));
  g_assert_cmpfloat (av, ==, -1.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm/availability/crash-costs-the-replica-seconds-lost",
                   test_swarm_availability_crash_costs_the_replica_seconds_lost);
  g_test_add_func ("/models/swarm/availability/desired-changes-at-the-scale",
                   test_swarm_availability_desired_changes_at_the_scale);
  g_test_add_func ("/models/swarm/availability/no-desired-reads-one",
                   test_swarm_availability_no_desired_reads_one);
  return g_test_run ();
}
