/* SPDX-License-Identifier: MIT
 * Tests of the natural order of names (models/swarm/names.h): a table of pairs whose order is
 * written out by hand, the properties a sort needs (antisymmetry, transitivity, totality), and
 * the world numbering node_intervals rows in that order. */
#include <stdlib.h>

#include <glib.h>

#include "models/swarm/names.h"
#include "models/swarm/record.h"
#include "swarm_test_util.h"

typedef struct {
  const char *a;
  const char *b; /* comes after a */
} NamePair;

/* Each pair is in natural order; the reason is on the right. */
static const NamePair ordered_pairs[] = {
  { "pool-2", "pool-10" },     /* 2 < 10 by value, though '1' < '2' by byte */
  { "pool-1", "pool-2" },      /* 1 < 2 */
  { "pool-9", "pool-10" },     /* 9 < 10 */
  { "pool-10", "pool-11" },    /* 10 < 11 */
  { "a", "a1" },               /* a ends first */
  { "", "a" },                 /* the empty name ends first */
  { "x01", "x1" },             /* equal value 1, so strcmp: '0' < '1' */
  { "x001", "x01" },           /* equal value 1, so strcmp: '0' < '1' at the second digit */
  { "x1", "x02" },             /* 1 < 2: the leading zero does not count */
  { "w9x", "w10a" },           /* 9 < 10 decides before the letters are reached */
  { "a10b", "a10c" },          /* equal runs, then 'b' < 'c' */
  { "manager-1", "worker-1" }, /* 'm' < 'w' */
  { "worker-9", "worker-10" }, /* 9 < 10 */
  { "a-1", "a1" },             /* '-' (0x2d) is below every digit */
  { "a1", "a:1" },             /* ':' (0x3a) is above every digit */
  { "B", "a" },                /* bytes: 'B' (0x42) < 'a' (0x61) */
  { "z", "\xc3\xa9" },         /* bytes as unsigned: 'z' (0x7a) < 0xc3, the first byte of "é" */
  { "n18446744073709551615", "n18446744073709551616" },  /* 2^64 - 1 < 2^64: no overflow */
  { "n99999999999999999999", "n100000000000000000000" }, /* 20 nines < 10^20 */
};

/* Test that every pair of the table compares in its order both ways round. */
static void
test_names_pairs_compare_in_natural_order (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ordered_pairs); i++) {
    const NamePair *p = &ordered_pairs[i];
    g_test_message ("\"%s\" < \"%s\"", p->a, p->b);
    g_assert_cmpint (swarm_name_compare (p->a, p->b), <, 0);
    g_assert_cmpint (swarm_name_compare (p->b, p->a), >, 0);
  }
}

/* Test that a name equals only itself: names equal in value but not in spelling ("x01", "x1")
 * still differ, so the order is total. */
static void
test_names_only_identical_names_are_equal (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ordered_pairs); i++) {
    const NamePair *p = &ordered_pairs[i];
    g_autofree char *a = g_strdup (p->a); /* another pointer, the same text */
    g_assert_cmpint (swarm_name_compare (p->a, a), ==, 0);
    g_assert_cmpint (swarm_name_compare (p->a, p->b), !=, 0);
  }
  g_assert_cmpint (swarm_name_compare ("x01", "x1"), !=, 0);
  g_assert_cmpint (swarm_name_compare ("x0", "x00"), !=, 0);
}

/* Test that the order is transitive over every name of the table, so sorting by it is well
 * defined: for all a, b, c, a < b and b < c give a < c. */
static void
test_names_order_is_transitive (void)
{
  const char *names[2 * G_N_ELEMENTS (ordered_pairs)];
  gsize n = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (ordered_pairs); i++) {
    names[n++] = ordered_pairs[i].a;
    names[n++] = ordered_pairs[i].b;
  }
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < n; j++)
      for (gsize k = 0; k < n; k++) {
        const char *a = names[i], *b = names[j], *c = names[k];
        if (swarm_name_compare (a, b) < 0 && swarm_name_compare (b, c) < 0)
          g_assert_cmpint (swarm_name_compare (a, c), <, 0);
      }
}

static gint
compare_name_ptrs (gconstpointer a, gconstpointer b)
{
  return swarm_name_compare (*(const char *const *)a, *(const char *const *)b);
}

/* Test that a shuffled list of names sorts into the order written out by hand. */
static void
test_names_sort_a_list (void)
{
  const char *shuffled[] = {
    "pool-10", "x1", "pool-2", "x01", "pool-1", "pool-12", "x001", "pool-9"
  };
  const char *expected[] = {
    "pool-1", "pool-2", "pool-9", "pool-10", "pool-12", "x001", "x01", "x1"
  };
  qsort (shuffled, G_N_ELEMENTS (shuffled), sizeof (const char *), compare_name_ptrs);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (shuffled[i], ==, expected[i]);
}

/* Test that node_intervals rows number the nodes in natural order: with one manager and 12
 * workers, manager-1 is row 0 and worker-N is row N, so worker-10 is row 10 where strcmp order
 * would give it row 2 (manager-1, worker-1, worker-10, ...). Every node has at least one
 * interval, and rows never go down along the table. */
static void
test_names_node_rows_follow_natural_order (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 12, 6, G_USEC_PER_SEC * 60);
  g_autoptr (SwarmWorld) w = swarm_test_run (c, 1);
  const GArray *iv = swarm_record_get_intervals (swarm_world_get_record (w));
  gboolean seen[13] = { FALSE };
  guint last_row = 0;

  g_assert_cmpuint (iv->len, >, 0);
  for (guint i = 0; i < iv->len; i++) {
    const SwarmNodeInterval *x = &g_array_index (iv, SwarmNodeInterval, i);
    g_autofree char *expected =
        x->row == 0 ? g_strdup ("manager-1") : g_strdup_printf ("worker-%u", x->row);
    g_assert_cmpuint (x->row, <, G_N_ELEMENTS (seen));
    g_assert_cmpuint (x->row, >=, last_row);
    g_assert_cmpstr (x->node, ==, expected);
    seen[x->row] = TRUE;
    last_row = x->row;
  }
  for (gsize r = 0; r < G_N_ELEMENTS (seen); r++)
    g_assert_true (seen[r]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm/names/pairs-compare-in-natural-order",
                   test_names_pairs_compare_in_natural_order);
  g_test_add_func ("/models/swarm/names/only-identical-names-are-equal",
                   test_names_only_identical_names_are_equal);
  g_test_add_func ("/models/swarm/names/order-is-transitive", test_names_order_is_transitive);
  g_test_add_func ("/models/swarm/names/sort-a-list", test_names_sort_a_list);
  g_test_add_func ("/models/swarm/names/node-rows-follow-natural-order",
                   test_names_node_rows_follow_natural_order);
  return g_test_run ();
}
