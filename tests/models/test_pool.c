/* SPDX-License-Identifier: MIT
 * Tests of models/pool's autoscaler policy, table-driven: a sequence of looks in, decisions out. */
#include "models/pool/policy.h"

typedef struct {
  SimTime t_us;
  guint64 pending;
  double share;
  double share_shrunk;
  PoolDecision expected;
} Look;

static void
run_looks (const PoolPolicy *policy, const Look *looks, gsize n)
{
  PoolPolicyState state;

  pool_policy_state_init (&state);
  for (gsize i = 0; i < n; i++) {
    PoolObservation obs = { looks[i].pending, looks[i].share, looks[i].share_shrunk, TRUE, TRUE };
    PoolDecision d = pool_policy_decide (policy, &state, &obs, looks[i].t_us);

    g_test_message ("look %" G_GSIZE_FORMAT " at %" G_GINT64_FORMAT " µs: %s", i, looks[i].t_us,
                    pool_decision_to_string (d));
    g_assert_cmpint (d, ==, looks[i].expected);
  }
}

/* Test that tasks pending for the configured time make the pool grow, not sooner. */
static void
test_pool_pending_for_t_grows (void)
{
  const PoolPolicy policy = POOL_POLICY_INIT;
  const Look looks[] = {
    { SIM_SEC (0), 2, 0.5, 0.6, POOL_DECISION_NONE },
    { SIM_SEC (45), 2, 0.5, 0.6, POOL_DECISION_NONE },
    { SIM_SEC (60), 2, 0.5, 0.6, POOL_DECISION_GROW },
  };

  run_looks (&policy, looks, G_N_ELEMENTS (looks));
}

/* Test that pending tasks that clear before T never grow the pool. */
static void
test_pool_pending_cleared_does_not_grow (void)
{
  const PoolPolicy policy = POOL_POLICY_INIT;
  const Look looks[] = {
    { SIM_SEC (0), 1, 0.5, 0.6, POOL_DECISION_NONE },
    { SIM_SEC (30), 0, 0.5, 0.6, POOL_DECISION_NONE },
    { SIM_SEC (45), 1, 0.5, 0.6, POOL_DECISION_NONE },
    { SIM_SEC (90), 1, 0.5, 0.6, POOL_DECISION_NONE },
    { SIM_SEC (105), 1, 0.5, 0.6, POOL_DECISION_GROW },
  };

  run_looks (&policy, looks, G_N_ELEMENTS (looks));
}

/* Test that a reserved share above the threshold for grow_for grows the pool. */
static void
test_pool_high_reservation_grows (void)
{
  const PoolPolicy policy = POOL_POLICY_INIT;
  const Look looks[] = {
    { SIM_SEC (0), 0, 0.9, 1.2, POOL_DECISION_NONE },
    { SIM_SEC (60), 0, 0.9, 1.2, POOL_DECISION_NONE },
    { SIM_SEC (120), 0, 0.9, 1.2, POOL_DECISION_GROW },
  };

  run_looks (&policy, looks, G_N_ELEMENTS (looks));
}

/* Test that no decision is taken within the cooldown, and the signal acts at its end. */
static void
test_pool_cooldown_holds_decisions (void)
{
  const PoolPolicy policy = POOL_POLICY_INIT;
  const Look looks[] = {
    { SIM_SEC (0), 3, 0.9, 1.2, POOL_DECISION_NONE },
    { SIM_SEC (60), 3, 0.9, 1.2, POOL_DECISION_GROW },
    { SIM_SEC (180), 3, 0.9, 1.2, POOL_DECISION_NONE },
    { SIM_SEC (359), 3, 0.9, 1.2, POOL_DECISION_NONE },
    { SIM_SEC (360), 3, 0.9, 1.2, POOL_DECISION_GROW },
  };

  run_looks (&policy, looks, G_N_ELEMENTS (looks));
}

/* Test that low use for shrink_for shrinks, unless the shrink would land above the grow line. */
static void
test_pool_low_use_shrinks_without_flapping (void)
{
  const PoolPolicy policy = POOL_POLICY_INIT;
  const Look fits[] = {
    { SIM_SEC (0), 0, 0.2, 0.4, POOL_DECISION_NONE },
    { SIM_MIN (10), 0, 0.2, 0.4, POOL_DECISION_SHRINK },
  };
  const Look too_tight[] = {
    { SIM_SEC (0), 0, 0.2, 0.9, POOL_DECISION_NONE },
    { SIM_MIN (10), 0, 0.2, 0.9, POOL_DECISION_NONE },
  };

  run_looks (&policy, fits, G_N_ELEMENTS (fits));
  run_looks (&policy, too_tight, G_N_ELEMENTS (too_tight));
}

/* Test that a pool at its limit does not grow, and a disabled policy never decides. */
static void
test_pool_limits_and_disabled (void)
{
  PoolPolicy policy = POOL_POLICY_INIT;
  PoolPolicyState state;
  PoolObservation obs = { 5, 1.0, 2.0, FALSE, FALSE };

  pool_policy_state_init (&state);
  g_assert_cmpint (pool_policy_decide (&policy, &state, &obs, 0), ==, POOL_DECISION_NONE);
  g_assert_cmpint (pool_policy_decide (&policy, &state, &obs, SIM_HOUR (1)), ==,
                   POOL_DECISION_NONE);
  policy.enabled = FALSE;
  obs.can_grow = TRUE;
  g_assert_cmpint (pool_policy_decide (&policy, &state, &obs, SIM_HOUR (2)), ==,
                   POOL_DECISION_NONE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/pool/pending-for-t-grows", test_pool_pending_for_t_grows);
  g_test_add_func ("/models/pool/pending-cleared-does-not-grow",
                   test_pool_pending_cleared_does_not_grow);
  g_test_add_func ("/models/pool/high-reservation-grows", test_pool_high_reservation_grows);
  g_test_add_func ("/models/pool/cooldown-holds-decisions", test_pool_cooldown_holds_decisions);
  g_test_add_func ("/models/pool/low-use-shrinks-without-flapping",
                   test_pool_low_use_shrinks_without_flapping);
  g_test_add_func ("/models/pool/limits-and-disabled", test_pool_limits_and_disabled);
  return g_test_run ();
}
