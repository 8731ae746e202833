/* SPDX-License-Identifier: MIT
 * Tests of models/swarm/signals.h: which signals the world emits and when, their order, and what a
 * handler may do while they are delivered. Small worlds built in code. */
#include "models/swarm/signals.h"

#include <string.h>

#include "sim/units.h"
#include "swarm_test_util.h"

/* What a logging handler saw: one line per signal. */
typedef struct {
  GString *log;    /* owned, unless shared */
  gboolean shared; /* log belongs to the test */
  const char *tag; /* (nullable) prefixed to each line, to tell handlers apart */
  guint calls;
  guint id;           /* its own handler id, for the one that disconnects itself */
  gboolean crash_w1;  /* crash worker-1 as soon as it is up */
  SwarmWorld *world;  /* unowned */
  GPtrArray *signals; /* (element-type SwarmSignal) owned copies */
} Seen;

static void
seen_init (Seen *s, const char *tag)
{
  s->log = g_string_new (NULL);
  s->shared = FALSE;
  s->tag = tag;
  s->calls = 0;
  s->id = 0;
  s->crash_w1 = FALSE;
  s->world = NULL;
  s->signals = g_ptr_array_new_with_free_func (g_free);
}

static void
seen_clear (Seen *s)
{
  if (!s->shared)
    g_string_free (s->log, TRUE);
  g_ptr_array_unref (s->signals);
}

static void
describe (GString *out, const SwarmSignal *s)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT " %s", s->t_us,
                          swarm_signal_kind_to_string (s->kind));
  switch (s->kind) {
    case SWARM_SIGNAL_NODE_ADDED:
    case SWARM_SIGNAL_NODE_REMOVED:
    case SWARM_SIGNAL_NODE_STATE:
      g_string_append_printf (out, " %s %s %s%s", s->node, s->zone,
                              swarm_node_phase_to_string (s->phase), s->flag ? " cut" : "");
      break;
    case SWARM_SIGNAL_TASK_STATE:
      g_string_append_printf (out, " %s.%u #%" G_GUINT64_FORMAT " %s %s->%s", s->service, s->slot,
                              s->task, s->node != NULL ? s->node : "-",
                              orch_task_state_to_string (s->old_state),
                              orch_task_state_to_string (s->state));
      break;
    case SWARM_SIGNAL_LEADER:
      g_string_append_printf (out, " %s %s", s->node, s->flag ? "elected" : "lost");
      break;
    case SWARM_SIGNAL_QUORUM:
    default:
      g_string_append_printf (out, " %s", s->flag ? "restored" : "lost");
      break;
  }
  g_string_append_c (out, '\n');
}

static void
on_signal (SwarmWorld *world, const SwarmSignal *signal, gpointer user_data)
{
  Seen *s = user_data;

  s->calls++;
  if (s->tag != NULL)
    g_string_append_printf (s->log, "%s ", s->tag);
  describe (s->log, signal);
  g_ptr_array_add (s->signals, g_memdup2 (signal, sizeof *signal));
  if (s->crash_w1 && signal->kind == SWARM_SIGNAL_NODE_STATE &&
      g_strcmp0 (signal->node, "worker-1") == 0 && signal->phase == SWARM_NODE_PHASE_UP)
    g_assert_true (swarm_world_crash_node (world, "worker-1", NULL));
}

static void
on_signal_once (SwarmWorld *world, const SwarmSignal *signal, gpointer user_data)
{
  Seen *s = user_data;

  on_signal (world, signal, user_data);
  swarm_world_disconnect (world, s->id);
}

/* A world of @c with seed 7, @s connected to @kinds before it runs to its end. */
static SwarmWorld *
run_seen (const SwarmConfig *c, guint kinds, Seen *s)
{
  g_autoptr (GError) error = NULL;
  SwarmWorld *w = swarm_world_new (c, 7, &error);

  g_assert_no_error (error);
  s->world = w;
  s->id = swarm_world_connect (w, kinds, on_signal, s);
  g_assert_cmpuint (s->id, >, 0);
  g_assert_true (swarm_world_run (w, &error));
  return w;
}

/* Test that a node joined by a timeline action is announced once, in its group's zone, and then
 * goes through its phases in order, each at or after the one before. */
static void
test_swarm_signals_join_announces_node_then_phases (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 0, 0, SIM_MIN (2));
  Seen s;

  seen_init (&s, NULL);
  g_free (((SwarmNodeGroup *)c->node_groups->pdata[1])->availability_zone);
  ((SwarmNodeGroup *)c->node_groups->pdata[1])->availability_zone = g_strdup ("us-east-1c");
  swarm_test_add_action (c, SWARM_ACTION_NODE_JOIN, 10, "worker");
  g_autoptr (SwarmWorld) w = run_seen (c, SWARM_SIGNAL_NODE_ADDED | SWARM_SIGNAL_NODE_STATE, &s);
  g_assert_nonnull (w);
  g_test_message ("%s", s.log->str);
  /* Added at 10 s, then dockerd, join and up: four signals, nothing for manager-1. */
  g_assert_cmpuint (s.signals->len, ==, 4);
  const SwarmSignal *added = s.signals->pdata[0];
  g_assert_cmpint (added->kind, ==, SWARM_SIGNAL_NODE_ADDED);
  g_assert_cmpint (added->t_us, ==, SIM_SEC (10));
  g_assert_cmpstr (added->node, ==, "worker-1");
  g_assert_cmpstr (added->zone, ==, "us-east-1c");
  g_assert_true (added->group == c->node_groups->pdata[1]);
  g_assert_cmpint (added->phase, ==, SWARM_NODE_PHASE_LAUNCHING);
  const SwarmNodePhase expected[] = { SWARM_NODE_PHASE_DOCKER, SWARM_NODE_PHASE_JOINING,
                                      SWARM_NODE_PHASE_UP };
  for (guint i = 1; i < 4; i++) {
    const SwarmSignal *st = s.signals->pdata[i];
    g_assert_cmpint (st->kind, ==, SWARM_SIGNAL_NODE_STATE);
    g_assert_cmpint (st->phase, ==, expected[i - 1]);
    g_assert_cmpint (st->t_us, >=, ((const SwarmSignal *)s.signals->pdata[i - 1])->t_us);
  }
  seen_clear (&s);
}

/* Test that two handlers get every signal in emission order, the first connected first, and that
 * a second run with the same seed sees the same signals. */
static void
test_swarm_signals_order_is_connect_order_and_repeatable (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 2, 2, SIM_MIN (3));
  g_autofree char *first_run = NULL;

  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60, "worker-1");
  for (guint run = 0; run < 2; run++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (SwarmWorld) w = swarm_world_new (c, 7, &error);
    g_autoptr (GString) both = g_string_new (NULL);
    Seen a, b;

    seen_init (&a, "A");
    seen_init (&b, "B");
    /* One log for both. */
    g_string_free (a.log, TRUE);
    g_string_free (b.log, TRUE);
    a.log = b.log = both;
    a.shared = b.shared = TRUE;
    swarm_world_connect (w, SWARM_SIGNAL_ALL, on_signal, &a);
    swarm_world_connect (w, SWARM_SIGNAL_ALL, on_signal, &b);
    g_assert_true (swarm_world_run (w, &error));
    g_assert_cmpuint (a.calls, ==, b.calls);
    g_assert_cmpuint (a.calls, >, 0);
    /* Lines alternate A, B, and each B line repeats the A line before it. */
    g_auto (GStrv) lines = g_strsplit (both->str, "\n", -1);
    for (guint i = 0; i + 1 < 2 * a.calls; i += 2) {
      g_assert_true (g_str_has_prefix (lines[i], "A "));
      g_assert_true (g_str_has_prefix (lines[i + 1], "B "));
      g_assert_cmpstr (lines[i] + 2, ==, lines[i + 1] + 2);
      if (i >= 2) /* emission order: times never go back */
        g_assert_cmpint (g_ascii_strtoll (lines[i] + 2, NULL, 10), >=,
                         g_ascii_strtoll (lines[i - 2] + 2, NULL, 10));
    }
    if (run == 0)
      first_run = g_strdup (both->str);
    else
      g_assert_cmpstr (both->str, ==, first_run);
    seen_clear (&a);
    seen_clear (&b);
  }
}

/* Test that a handler that disconnects itself during a delivery gets nothing more, while the
 * handler connected after it still gets every signal, the one being delivered included. */
static void
test_swarm_signals_handler_disconnects_itself (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 1, 1, SIM_MIN (2));
  g_autoptr (GError) error = NULL;
  Seen once, all;

  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 30, "worker-1");
  g_autoptr (SwarmWorld) w = swarm_world_new (c, 7, &error);
  seen_init (&once, NULL);
  seen_init (&all, NULL);
  once.id = swarm_world_connect (w, SWARM_SIGNAL_ALL, on_signal_once, &once);
  all.id = swarm_world_connect (w, SWARM_SIGNAL_ALL, on_signal, &all);
  g_assert_cmpuint (all.id, !=, once.id);
  g_assert_true (swarm_world_run (w, &error));
  g_assert_cmpuint (once.calls, ==, 1);
  g_assert_cmpuint (all.calls, >, 1);
  /* The signal the first handler saw is the first the second saw. */
  g_assert_true (g_str_has_prefix (all.log->str, once.log->str));
  seen_clear (&once);
  seen_clear (&all);
}

/* Test that a handler may act on the world: crashing worker-1 when it comes up is carried out at
 * that time, and its own NODE_STATE (crashed) is delivered after, in the same instant. */
static void
test_swarm_signals_handler_may_crash_a_node (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 0, 1, SIM_MIN (2));
  g_autoptr (GError) error = NULL;
  Seen s;

  swarm_test_add_action (c, SWARM_ACTION_NODE_JOIN, 10, "worker");
  g_autoptr (SwarmWorld) w = swarm_world_new (c, 7, &error);
  seen_init (&s, NULL);
  s.crash_w1 = TRUE;
  swarm_world_connect (w, SWARM_SIGNAL_NODE_STATE, on_signal, &s);
  g_assert_true (swarm_world_run (w, &error));
  g_test_message ("%s", s.log->str);
  /* docker, joining, up, crashed. */
  g_assert_cmpuint (s.signals->len, ==, 4);
  const SwarmSignal *up = s.signals->pdata[2];
  const SwarmSignal *crashed = s.signals->pdata[3];
  g_assert_cmpint (up->phase, ==, SWARM_NODE_PHASE_UP);
  g_assert_cmpint (crashed->phase, ==, SWARM_NODE_PHASE_CRASHED);
  g_assert_cmpint (crashed->t_us, ==, up->t_us);
  SwarmNodeInfo info;
  g_assert_true (swarm_world_get_node_info (w, "worker-1", &info));
  g_assert_cmpint (info.phase, ==, SWARM_NODE_PHASE_CRASHED);
  g_assert_true (swarm_world_check (w));
  seen_clear (&s);
}

/* Test that losing two of three managers loses the leader and then the quorum, and that a reboot
 * of one restores the quorum and elects a leader, in that order. */
static void
test_swarm_signals_leader_and_quorum (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (3, 1, 1, SIM_MIN (5));
  Seen s;

  seen_init (&s, NULL);
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60, "manager-1");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60, "manager-2");
  swarm_test_add_action (c, SWARM_ACTION_NODE_RECOVER, 120, "manager-2");
  g_autoptr (SwarmWorld) w = run_seen (c, SWARM_SIGNAL_LEADER | SWARM_SIGNAL_QUORUM, &s);
  g_test_message ("%s", s.log->str);
  /* manager-1 led from the build: its crash loses the leader (2 of 3 left, an election is due),
   * the crash of manager-2 in the same instant the quorum (1 of 3). manager-2 is back after its
   * launch, Docker start and join, some 20 to 40 s after 120 s: the quorum is reachable again, and
   * an election follows. */
  g_assert_cmpuint (s.signals->len, ==, 4);
  g_assert_true (g_str_has_prefix (s.log->str, "60000000 leader manager-1 lost\n"
                                               "60000000 quorum lost\n"));
  const SwarmSignal *restored = s.signals->pdata[2];
  const SwarmSignal *elected = s.signals->pdata[3];
  g_assert_cmpint (restored->kind, ==, SWARM_SIGNAL_QUORUM);
  g_assert_true (restored->flag);
  g_assert_cmpint (restored->t_us, >, SIM_SEC (120));
  g_assert_cmpint (elected->kind, ==, SWARM_SIGNAL_LEADER);
  g_assert_true (elected->flag);
  g_assert_cmpint (elected->t_us, >=, restored->t_us);
  g_assert_cmpstr (elected->node, ==, swarm_world_get_leader (w));
  seen_clear (&s);
}

/* Test that the TASK_STATE signals are exactly the changes of observed state in the task rows
 * written after the handler connected: same time, task and state, in the same order, each with
 * the task's state of its row before as old state (NEW for a task without one), and that the
 * replica reaches RUNNING. */
static void
test_swarm_signals_task_states_follow_the_rows (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 1, 1, SIM_MIN (2));
  g_autoptr (GHashTable) last = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GError) error = NULL;
  g_autoptr (SwarmWorld) w = swarm_world_new (c, 7, &error);
  const GArray *rows = swarm_record_get_tasks (swarm_world_get_record (w));
  guint built = rows->len; /* rows of the build, before anyone could connect */
  guint changes = 0;
  gboolean running = FALSE;
  Seen s;

  seen_init (&s, NULL);
  swarm_world_connect (w, SWARM_SIGNAL_TASK_STATE, on_signal, &s);
  g_assert_true (swarm_world_run (w, &error));
  g_test_message ("%s", s.log->str);
  for (guint i = 0; i < rows->len; i++) {
    SwarmTaskRow *r = &g_array_index (rows, SwarmTaskRow, i);
    OrchTaskState *prev = g_hash_table_lookup (last, &r->task);
    OrchTaskState old = prev != NULL ? *prev : ORCH_TASK_NEW;

    g_hash_table_replace (last, &r->task, &r->state);
    if (i < built || r->state == old)
      continue;
    g_assert_cmpuint (changes, <, s.signals->len);
    const SwarmSignal *sig = s.signals->pdata[changes++];
    g_assert_cmpint (sig->t_us, ==, r->t_us);
    g_assert_cmpuint (sig->task, ==, r->task);
    g_assert_cmpint (sig->state, ==, r->state);
    g_assert_cmpint (sig->old_state, ==, old);
    g_assert_cmpstr (sig->service, ==, "web");
    g_assert_cmpuint (sig->slot, ==, r->slot);
    g_assert_cmpstr (sig->node, ==, r->node[0] != '\0' ? r->node : NULL);
    running = running || sig->state == ORCH_TASK_RUNNING;
  }
  g_assert_cmpuint (changes, ==, s.signals->len);
  g_assert_true (running);
  seen_clear (&s);
}

/* Test that a handler that subscribes to every kind and does nothing leaves the run unchanged:
 * the same task rows and node rows as a world without it. */
static void
test_swarm_signals_subscriber_changes_nothing (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (3, 2, 4, SIM_MIN (4));
  Seen s;

  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60, "manager-1");
  swarm_test_add_action (c, SWARM_ACTION_NODE_JOIN, 70, "worker");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 90, "worker-2");
  seen_init (&s, NULL);
  g_autoptr (SwarmWorld) plain = swarm_test_run (c, 7);
  g_autoptr (SwarmWorld) watched = run_seen (c, SWARM_SIGNAL_ALL, &s);
  const SwarmRecord *a = swarm_world_get_record (plain);
  const SwarmRecord *b = swarm_world_get_record (watched);
  const GArray *ta = swarm_record_get_tasks (a), *tb = swarm_record_get_tasks (b);
  const GArray *na = swarm_record_get_nodes (a), *nb = swarm_record_get_nodes (b);

  g_assert_cmpuint (s.calls, >, 0);
  g_assert_cmpuint (ta->len, ==, tb->len);
  for (guint i = 0; i < ta->len; i++) {
    const SwarmTaskRow *x = &g_array_index (ta, SwarmTaskRow, i);
    const SwarmTaskRow *y = &g_array_index (tb, SwarmTaskRow, i);
    g_assert_cmpint (x->t_us, ==, y->t_us);
    g_assert_cmpuint (x->task, ==, y->task);
    g_assert_cmpint (x->state, ==, y->state);
  }
  g_assert_cmpuint (na->len, ==, nb->len);
  for (guint i = 0; i < na->len; i++)
    g_assert_cmpint (g_array_index (na, SwarmNodeRow, i).t_us, ==,
                     g_array_index (nb, SwarmNodeRow, i).t_us);
  seen_clear (&s);
}

/* Test that a handler connected after a signal was queued, before its delivery, does not get it,
 * and gets the ones emitted after. */
static void
test_swarm_signals_late_handler_misses_earlier_signals (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 0, 0, SIM_MIN (2));
  g_autoptr (GError) error = NULL;
  g_autoptr (SwarmWorld) w = swarm_world_new (c, 7, &error);
  Seen early, late;

  seen_init (&early, NULL);
  seen_init (&late, NULL);
  swarm_world_connect (w, SWARM_SIGNAL_NODE_ADDED | SWARM_SIGNAL_NODE_STATE, on_signal, &early);
  g_assert_cmpstr (swarm_world_add_node (w, "worker", NULL, &error), ==, "worker-1");
  swarm_world_connect (w, SWARM_SIGNAL_NODE_ADDED | SWARM_SIGNAL_NODE_STATE, on_signal, &late);
  g_assert_true (swarm_world_run (w, &error));
  /* early: added, docker, joining, up; late: the three phases only. */
  g_assert_cmpuint (early.calls, ==, 4);
  g_assert_cmpuint (late.calls, ==, 3);
  g_assert_cmpint (((const SwarmSignal *)early.signals->pdata[0])->kind, ==,
                   SWARM_SIGNAL_NODE_ADDED);
  g_assert_cmpint (((const SwarmSignal *)late.signals->pdata[0])->kind, ==,
                   SWARM_SIGNAL_NODE_STATE);
  seen_clear (&early);
  seen_clear (&late);
}

static void
collect_name (const SwarmNodeInfo *info, gpointer user_data)
{
  g_string_append_printf (user_data, "%s@%s ", info->name, info->zone);
}

/* Test that foreach lists the nodes whose instance exists, in creation order, with their zone,
 * and that a terminated node is left out, and its NODE_REMOVED sent. */
static void
test_swarm_signals_foreach_skips_terminated_nodes (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 2, 0, SIM_MIN (2));
  g_autoptr (GString) names = g_string_new (NULL);
  Seen s;

  seen_init (&s, NULL);
  swarm_test_add_action (c, SWARM_ACTION_NODE_REMOVE, 30, "worker-1");
  g_autoptr (SwarmWorld) w = run_seen (c, SWARM_SIGNAL_NODE_REMOVED, &s);
  swarm_world_foreach_node (w, collect_name, names);
  g_assert_cmpstr (names->str, ==, "manager-1@us-east-1a worker-2@us-east-1a ");
  g_assert_cmpstr (s.log->str, ==, "30000000 node-removed worker-1 us-east-1a stopped\n");
  seen_clear (&s);
}

/* Test that every kind and phase has a name that reads back. */
static void
test_swarm_signals_names_round_trip (void)
{
  for (guint bit = 1; bit <= SWARM_SIGNAL_ALL; bit <<= 1) {
    SwarmSignalKind k;
    g_assert_true (swarm_signal_kind_from_string (swarm_signal_kind_to_string (bit), &k));
    g_assert_cmpuint (k, ==, bit);
  }
  for (guint p = SWARM_NODE_PHASE_LAUNCHING; p <= SWARM_NODE_PHASE_STOPPED; p++) {
    SwarmNodePhase q;
    g_assert_true (swarm_node_phase_from_string (swarm_node_phase_to_string (p), &q));
    g_assert_cmpuint (q, ==, p);
  }
  SwarmSignalKind k;
  g_assert_false (swarm_signal_kind_from_string ("node", &k));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm-signals/join-announces-node-then-phases",
                   test_swarm_signals_join_announces_node_then_phases);
  g_test_add_func ("/models/swarm-signals/order-is-connect-order-and-repeatable",
                   test_swarm_signals_order_is_connect_order_and_repeatable);
  g_test_add_func ("/models/swarm-signals/handler-disconnects-itself",
                   test_swarm_signals_handler_disconnects_itself);
  g_test_add_func ("/models/swarm-signals/handler-may-crash-a-node",
                   test_swarm_signals_handler_may_crash_a_node);
  g_test_add_func ("/models/swarm-signals/leader-and-quorum", test_swarm_signals_leader_and_quorum);
  g_test_add_func ("/models/swarm-signals/task-states-follow-the-rows",
                   test_swarm_signals_task_states_follow_the_rows);
  g_test_add_func ("/models/swarm-signals/subscriber-changes-nothing",
                   test_swarm_signals_subscriber_changes_nothing);
  g_test_add_func ("/models/swarm-signals/late-handler-misses-earlier-signals",
                   test_swarm_signals_late_handler_misses_earlier_signals);
  g_test_add_func ("/models/swarm-signals/foreach-skips-terminated-nodes",
                   test_swarm_signals_foreach_skips_terminated_nodes);
  g_test_add_func ("/models/swarm-signals/names-round-trip", test_swarm_signals_names_round_trip);
  return g_test_run ();
}
