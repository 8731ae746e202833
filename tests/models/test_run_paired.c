/* SPDX-License-Identifier: MIT
 * Tests of run_stats_compute_paired() (models/run/stats.h) on replications built by hand: the
 * differences replication by replication, the pairs it skips and the interval it gives. No world
 * runs here; the values are chosen so that every expected number is worked out in a comment. */
#include "models/run/stats.h"

#include <math.h>

/* Returns: (transfer full): replication @index with the metrics @names (NULL-terminated) of
 * values @values and unit "count". */
static RunReplication *
rep_new (guint index, const char *const *names, const double *values)
{
  RunReplication *rep = g_new0 (RunReplication, 1);

  rep->index = index;
  rep->strings = g_string_chunk_new (64);
  rep->recoveries = g_array_new (FALSE, FALSE, sizeof (SwarmRecoveryRow));
  rep->control_plane = g_array_new (FALSE, FALSE, sizeof (SwarmControlPlaneRow));
  rep->metrics = g_ptr_array_new_with_free_func (NULL);
  for (guint i = 0; names[i] != NULL; i++) {
    RunMetric *m = g_new0 (RunMetric, 1);

    m->name = g_strdup (names[i]);
    m->value = values[i];
    m->unit = g_strdup ("count");
    g_ptr_array_add (rep->metrics, m);
  }
  return rep;
}

/* Frees what rep_new() made: run_replication_free() does not know the metrics' free function of
 * a hand-built replication, so the metrics go first. */
static void
rep_free (gpointer data)
{
  RunReplication *rep = data;

  for (guint i = 0; i < rep->metrics->len; i++) {
    RunMetric *m = rep->metrics->pdata[i];

    g_free (m->name);
    g_free (m->unit);
    g_free (m);
  }
  g_ptr_array_set_size (rep->metrics, 0);
  run_replication_free (rep);
}

/* The replications of two variants, @n each, with one metric "x": @a and @b its values. */
typedef struct {
  GPtrArray *a, *b; /* (element-type RunReplication) owned */
} Pairs;

static void
pairs_init (Pairs *p, const double *a, const double *b, guint n)
{
  const char *const names[] = { "x", NULL };

  p->a = g_ptr_array_new_with_free_func (rep_free);
  p->b = g_ptr_array_new_with_free_func (rep_free);
  for (guint k = 0; k < n; k++) {
    g_ptr_array_add (p->a, rep_new (k + 1, names, &a[k]));
    g_ptr_array_add (p->b, rep_new (k + 1, names, &b[k]));
  }
}

static void
pairs_clear (Pairs *p)
{
  g_clear_pointer (&p->a, g_ptr_array_unref);
  g_clear_pointer (&p->b, g_ptr_array_unref);
}

static GPtrArray *
paired (const Pairs *p)
{
  return run_stats_compute_paired ((RunReplication *const *)p->a->pdata,
                                   (RunReplication *const *)p->b->pdata, p->a->len);
}

/* Test that the differences are b − a replication by replication, with a Student-t interval. a =
 * 1, 2, 3, 4 and b = 2, 4, 5, 8 give d = 1, 2, 2, 4: mean 2.25, s² = (1.5625 + 0.0625 + 0.0625 +
 * 3.0625) / 3 = 1.583333, s = 1.258306, t(0.975, 3) = 3.182446, half width 3.182446 · 1.258306 / 2
 * = 4.004490 / 2 = 2.002245, so [0.247755, 4.252245]. */
static void
test_run_paired_differences_by_replication (void)
{
  const double a[] = { 1, 2, 3, 4 }, b[] = { 2, 4, 5, 8 };
  Pairs p;

  pairs_init (&p, a, b, 4);
  g_autoptr (GPtrArray) rows = paired (&p);
  g_assert_cmpuint (rows->len, ==, 1);
  const RunStatRow *row = rows->pdata[0];
  g_assert_cmpstr (row->metric, ==, "x");
  g_assert_cmpstr (row->unit, ==, "count");
  g_assert_cmpuint (row->n, ==, 4);
  g_assert_cmpfloat_with_epsilon (row->mean, 2.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (row->ci95_low, 0.247755, 1e-6);
  g_assert_cmpfloat_with_epsilon (row->ci95_high, 4.252245, 1e-6);
  pairs_clear (&p);
}

/* Test that a pair where either value is NAN is left out: a = 1, NAN, 3 and b = 2, 5, NAN leave
 * one pair, d = 1: n 1, mean 1, and no interval from a single pair. */
static void
test_run_paired_skips_pairs_with_a_missing_value (void)
{
  const double a[] = { 1, NAN, 3 }, b[] = { 2, 5, NAN };
  Pairs p;

  pairs_init (&p, a, b, 3);
  g_autoptr (GPtrArray) rows = paired (&p);
  const RunStatRow *row = rows->pdata[0];
  g_assert_cmpuint (row->n, ==, 1);
  g_assert_cmpfloat (row->mean, ==, 1.0);
  g_assert_true (isnan (row->ci95_low) && isnan (row->ci95_high));
  pairs_clear (&p);
}

/* Test that identical variants differ by exactly 0 with the interval [0, 0]: the common random
 * numbers cancel, whatever the spread of each variant (here 1 to 100). */
static void
test_run_paired_identical_variants_differ_by_zero (void)
{
  const double a[] = { 1, 50, 100 };
  Pairs p;

  pairs_init (&p, a, a, 3);
  g_autoptr (GPtrArray) rows = paired (&p);
  const RunStatRow *row = rows->pdata[0];
  g_assert_cmpuint (row->n, ==, 3);
  g_assert_cmpfloat (row->mean, ==, 0.0);
  g_assert_cmpfloat (row->ci95_low, ==, 0.0);
  g_assert_cmpfloat (row->ci95_high, ==, 0.0);
  pairs_clear (&p);
}

/* Test that only the metrics both variants have get a row, in the baseline's order: a has x, y,
 * z and b has z, x, so the rows are x (2 − 1 = 1) then z (30 − 3 = 27); y is b's to lack. */
static void
test_run_paired_keeps_metrics_of_both_in_baseline_order (void)
{
  const char *const names_a[] = { "x", "y", "z", NULL }, *const names_b[] = { "z", "x", NULL };
  const double va[] = { 1, 2, 3 }, vb[] = { 30, 2 };
  g_autoptr (GPtrArray) a = g_ptr_array_new_with_free_func (rep_free);
  g_autoptr (GPtrArray) b = g_ptr_array_new_with_free_func (rep_free);

  g_ptr_array_add (a, rep_new (1, names_a, va));
  g_ptr_array_add (b, rep_new (1, names_b, vb));
  g_autoptr (GPtrArray) rows = run_stats_compute_paired ((RunReplication *const *)a->pdata,
                                                         (RunReplication *const *)b->pdata, 1);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((RunStatRow *)rows->pdata[0])->metric, ==, "x");
  g_assert_cmpfloat (((RunStatRow *)rows->pdata[0])->mean, ==, 1.0);
  g_assert_cmpstr (((RunStatRow *)rows->pdata[1])->metric, ==, "z");
  g_assert_cmpfloat (((RunStatRow *)rows->pdata[1])->mean, ==, 27.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/run-paired/differences-by-replication",
                   test_run_paired_differences_by_replication);
  g_test_add_func ("/models/run-paired/skips-pairs-with-a-missing-value",
                   test_run_paired_skips_pairs_with_a_missing_value);
  g_test_add_func ("/models/run-paired/identical-variants-differ-by-zero",
                   test_run_paired_identical_variants_differ_by_zero);
  g_test_add_func ("/models/run-paired/keeps-metrics-of-both-in-baseline-order",
                   test_run_paired_keeps_metrics_of_both_in_baseline_order);
  return g_test_run ();
}
