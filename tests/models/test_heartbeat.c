/* SPDX-License-Identifier: MIT
 * Tests of the lazy heartbeat model: its periods stay in the dispatcher's band, and the DOWN
 * deadline it reconstructs for a crash equals what a beat-by-beat event simulation gives. */
#include <glib.h>

#include "models/swarm/heartbeat.h"
#include "sim/engine.h"
#include "sim/rng.h"

#define PERIOD_US  G_GINT64_CONSTANT (5000000)
#define EPSILON_US G_GINT64_CONSTANT (500000)

/* Test that every drawn period lies in [p − ε, p + ε) and that the draws are spread over it. */
static void
test_heartbeat_periods_stay_in_band (void)
{
  guint64 key = sim_rng_derive_seed (42, "heartbeat/worker-1");
  SimTime lo = G_MAXINT64, hi = 0;
  double sum = 0;
  for (guint64 k = 0; k < 20000; k++) {
    SimTime p = swarm_heartbeat_period (key, 1, k, PERIOD_US, EPSILON_US);
    g_assert_cmpint (p, >=, PERIOD_US - EPSILON_US);
    g_assert_cmpint (p, <, PERIOD_US + EPSILON_US);
    lo = MIN (lo, p);
    hi = MAX (hi, p);
    sum += (double)p;
  }
  g_assert_cmpint (lo, <, PERIOD_US - EPSILON_US + 10000);
  g_assert_cmpint (hi, >, PERIOD_US + EPSILON_US - 10000);
  g_assert_cmpfloat_with_epsilon (sum / 20000, (double)PERIOD_US, 10000.0);
}

/* The reference: one engine event per beat, as a naive model would do. */
typedef struct {
  SimEngine *engine;
  guint64 key;
  guint32 epoch;
  guint64 k;
  SimTime deadline; /* 3 × the period drawn at the last beat, after it */
  SimEventId next;
} PerBeat;

static void
on_beat (SimEngine *engine, gpointer user_data)
{
  PerBeat *pb = user_data;
  SimTime p = swarm_heartbeat_period (pb->key, pb->epoch, pb->k++, PERIOD_US, EPSILON_US);
  pb->deadline = sim_engine_get_now (engine) + 3 * p;
  pb->next = sim_engine_schedule_in (engine, p, on_beat, pb, NULL);
}

static void
on_crash (SimEngine *engine, gpointer user_data)
{
  PerBeat *pb = user_data;
  sim_engine_cancel (engine, pb->next);
  sim_engine_stop (engine);
}

/* Test that the lazy method gives exactly the per-beat simulation's DOWN deadline for crashes at
 * many times, on several nodes' streams, including a negative start phase. */
static void
test_heartbeat_lazy_deadline_matches_per_beat_simulation (void)
{
  g_autoptr (SimRng) times = sim_rng_new (7, "test/crash-times");
  for (guint trial = 0; trial < 200; trial++) {
    g_autofree char *name = g_strdup_printf ("heartbeat/node-%u", trial % 17);
    guint64 key = sim_rng_derive_seed (2024, name);
    guint32 epoch = 1 + trial % 3;
    SimTime start = -(SimTime)sim_rng_int_range (times, 0, 5000000);
    SimTime crash = (SimTime)sim_rng_uniform_range (times, 0, 86400e6);

    g_autoptr (SimEngine) engine = sim_engine_new ();
    PerBeat pb = { engine, key, epoch, 0, 0, 0 };
    /* The engine cannot start before 0: beats before 0 are replayed by hand. */
    SimTime t = start;
    while (t < 0) {
      SimTime p = swarm_heartbeat_period (key, epoch, pb.k++, PERIOD_US, EPSILON_US);
      pb.deadline = t + 3 * p;
      t += p;
    }
    pb.next = sim_engine_schedule_at (engine, t, on_beat, &pb, NULL);
    sim_engine_schedule_at (engine, crash, on_crash, &pb, NULL);
    sim_engine_run_until (engine, SIM_TIME_NEVER);

    SwarmHeartbeat hb;
    swarm_heartbeat_start (&hb, key, epoch, start, PERIOD_US, EPSILON_US);
    swarm_heartbeat_advance (&hb, crash);
    g_assert_cmpint (swarm_heartbeat_deadline (&hb, 3), ==, pb.deadline);
    g_assert_cmpuint (hb.k + 1, ==, pb.k);
  }
}

/* Test that DOWN comes 13.5–16.5 s after the last beat and 9–16.5 s after the crash. */
static void
test_heartbeat_down_band_after_crash (void)
{
  g_autoptr (SimRng) times = sim_rng_new (11, "test/crash-times");
  for (guint trial = 0; trial < 1000; trial++) {
    SwarmHeartbeat hb;
    swarm_heartbeat_start (&hb, sim_rng_derive_seed (trial, "heartbeat/w"), 1, 0, PERIOD_US,
                           EPSILON_US);
    SimTime crash = (SimTime)sim_rng_uniform_range (times, 1e6, 3600e6);
    swarm_heartbeat_advance (&hb, crash);
    g_assert_cmpint (hb.beat_us, <=, crash);
    g_assert_cmpint (hb.beat_us + hb.drawn_us, >, crash);
    SimTime down = swarm_heartbeat_deadline (&hb, 3);
    g_assert_cmpint (down - hb.beat_us, >=, 13500000);
    g_assert_cmpint (down - hb.beat_us, <, 16500000);
    g_assert_cmpint (down - crash, >=, 9000000);
    g_assert_cmpint (down - crash, <, 16500000);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/heartbeat/periods-stay-in-band", test_heartbeat_periods_stay_in_band);
  g_test_add_func ("/models/heartbeat/lazy-deadline-matches-per-beat-simulation",
                   test_heartbeat_lazy_deadline_matches_per_beat_simulation);
  g_test_add_func ("/models/heartbeat/down-band-after-crash", test_heartbeat_down_band_after_crash);
  return g_test_run ();
}
