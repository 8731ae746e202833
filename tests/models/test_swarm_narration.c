/* SPDX-License-Identifier: MIT
 * Tests of the narrated timeline (the teaching story of a run): the replacement of lost replicas
 * told task by task, collapsed lines for large clusters, the control-plane lines, and why tasks
 * stay pending (also in the task rows and the end-of-run pending rows). */
#include <glib.h>
#include <string.h>

#include "models/swarm/world.h"
#include "swarm_test_util.h"

#define SEC(x) ((SimTime)((x)*1e6))

static SwarmWorld *
run_world (const SwarmConfig *c, guint64 seed)
{
  SwarmWorld *w = swarm_test_run (c, seed);
  swarm_test_log_narration (w);
  return w;
}

/* Returns: the index of the first line at or after @from containing @text, or -1. */
static gint
find_line (const SwarmWorld *w, guint from, const char *text)
{
  const GPtrArray *lines = swarm_record_get_narration (swarm_world_get_record (w));
  for (guint i = from; i < lines->len; i++)
    if (strstr (g_ptr_array_index (lines, i), text) != NULL)
      return (gint)i;
  return -1;
}

static guint
count_lines (const SwarmWorld *w, const char *text)
{
  guint n = 0;
  for (gint i = find_line (w, 0, text); i >= 0; i = find_line (w, (guint)i + 1, text))
    n++;
  return n;
}

static const char *
line_at (const SwarmWorld *w, gint index)
{
  g_assert_cmpint (index, >=, 0);
  return g_ptr_array_index (swarm_record_get_narration (swarm_world_get_record (w)), (guint)index);
}

/* Test that a worker crash is told in order: the crash naming the lost tasks, each one's
 * re-creation on another node naming the node it replaces, each replacement running on that node,
 * then the recovery. */
static void
test_swarm_narration_tells_each_replacement (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 3, 6, SEC (120));
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60, "worker-2");
  g_autoptr (SwarmWorld) w = run_world (c, 1);
  const SwarmRecoveryRow *r = &g_array_index (
      swarm_record_get_recoveries (swarm_world_get_record (w)), SwarmRecoveryRow, 0);
  gint crash = find_line (w, 0, "worker-2 crashes (tasks web.");
  gint recovered = find_line (w, 0, "web back to 6/6 replicas: recovered in");
  g_assert_cmpint (crash, >=, 0);
  g_assert_cmpint (recovered, >, crash);
  g_assert_cmpuint (r->replicas_lost, >, 0);
  /* One re-created line and one running line per lost task, between crash and recovery. */
  g_assert_cmpuint (count_lines (w, "re-created"), ==, r->replicas_lost);
  g_assert_cmpuint (count_lines (w, " running on "), ==, r->replicas_lost);
  for (gint i = find_line (w, 0, "re-created"); i >= 0;
       i = find_line (w, (guint)i + 1, "re-created")) {
    const char *text = line_at (w, i) + strlen ("00:00:00.000 ");
    g_assert_cmpint (i, >, crash);
    g_assert_nonnull (strstr (text, "(replaces the task on worker-2)"));
    g_autofree char *task = g_strndup (text, strcspn (text, " "));
    const char *on = strstr (text, "scheduled on ") + strlen ("scheduled on ");
    g_autofree char *node = g_strndup (on, strcspn (on, " "));
    g_assert_cmpstr (node, !=, "worker-2");
    g_autofree char *expected = g_strdup_printf ("%s running on %s", task, node);
    gint running = find_line (w, (guint)i, expected);
    g_assert_cmpint (running, >, i);
    g_assert_cmpint (running, <, recovered);
  }
}

/* Test that when one crash loses many tasks of a service, their re-creation is one line and no
 * line per task follows, so a large cluster's timeline stays readable. */
static void
test_swarm_narration_collapses_many_tasks (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 2, 30, SEC (120));
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60, "worker-1");
  g_autoptr (SwarmWorld) w = run_world (c, 2);
  gint crash = find_line (w, 0, "worker-1 crashes (tasks web.");
  g_assert_cmpint (crash, >=, 0);
  g_assert_nonnull (strstr (line_at (w, crash), " more lost)"));
  gint created = find_line (w, 0, "more re-created and scheduled on ");
  g_assert_cmpint (created, >, crash);
  g_assert_nonnull (strstr (line_at (w, created), "(replace the tasks on worker-1)"));
  g_assert_cmpuint (count_lines (w, "re-created"), ==, 1);
  g_assert_cmpuint (count_lines (w, " running on "), ==, 0);
  g_assert_cmpint (find_line (w, 0, "web back to 30/30 replicas: recovered in"), >, created);
}

/* Test that a one-replica service is "1 replica", not "1 replicas". */
static void
test_swarm_narration_singular_replica (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 1, 1, SEC (10));
  g_autoptr (SwarmWorld) w = run_world (c, 3);
  g_assert_cmpint (find_line (w, 0, "service web created (1 replica)"), >=, 0);
  g_assert_cmpint (find_line (w, 0, "replicas)"), <, 0);
}

/* Test that quorum loss, force-new-cluster, the quorum it restores, the leader it brings back and
 * the end of the outage each have a line, in that order. */
static void
test_swarm_narration_tells_quorum_loss_and_force_new_cluster (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (3, 3, 6, SEC (300));
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60, "manager-2");
  swarm_test_add_action (c, SWARM_ACTION_NODE_CRASH, 60, "manager-3");
  swarm_test_add_action (c, SWARM_ACTION_FORCE_NEW_CLUSTER, 200, "manager-1");
  g_autoptr (SwarmWorld) w = run_world (c, 4);
  gint lost = find_line (w, 0, "quorum lost: 1 of 3 managers reachable, quorum 2");
  gint forced = find_line (w, 0, "manager-1 forces a new cluster");
  gint restored = find_line (w, 0, "quorum restored (raft membership reduced: 1 of 1 managers");
  gint elected = find_line (w, 0, "manager-1 elected leader");
  /* No leader from the quorum loss at 60 s to the election at 200 s. */
  gint back = find_line (w, 0, "control plane back after 140.0 s without a leader");
  g_assert_cmpint (lost, >=, 0);
  g_assert_cmpint (forced, >, lost);
  g_assert_cmpint (restored, >, forced);
  g_assert_cmpint (elected, >, restored);
  g_assert_cmpint (back, >, elected);
}

/* Test that partition, heal and drain each have a line saying what happens to the tasks. */
static void
test_swarm_narration_tells_partition_heal_and_drain (void)
{
  g_autoptr (SwarmConfig) c = swarm_test_web_cluster_new (1, 3, 6, SEC (200));
  swarm_test_add_action (c, SWARM_ACTION_PARTITION, 30, "worker-1");
  swarm_test_add_action (c, SWARM_ACTION_HEAL, 90, "worker-1");
  swarm_test_add_action (c, SWARM_ACTION_NODE_DRAIN, 150, "worker-3");
  g_autoptr (SwarmWorld) w = run_world (c, 5);
  gint cut = find_line (w, 0, "worker-1 is partitioned from the managers (tasks web.");
  gint heal = find_line (w, 0, "partition of worker-1 heals");
  gint drain = find_line (w, 0, "worker-3 drained (");
  g_assert_cmpint (cut, >=, 0);
  g_assert_cmpint (heal, >, cut);
  g_assert_cmpint (drain, >, heal);
  g_assert_cmpint (find_line (w, (guint)drain, "(replaces the task on worker-3)"), >, drain);
}

#define NO_ROOM_ON_2 "pending: no suitable node (insufficient resources on 2 nodes)"

/* A manager and a worker (m5.large, 2 vCPUs each) and @replicas replicas reserving 1 CPU each:
 * four run, the rest wait for room. A group "spare" of no node can join. */
static SwarmConfig *
crowded_new (guint64 replicas)
{
  SwarmConfig *c = swarm_test_web_cluster_new (1, 1, replicas, SEC (180));
  SwarmServiceConfig *web = g_ptr_array_index (c->services, 0);
  web->spec->reservations.nanocpus = 1000000000;
  SwarmNodeGroup *spare = swarm_node_group_new ("spare");
  spare->count = 0;
  g_ptr_array_add (spare->cached_images, g_strdup ("web:1"));
  g_ptr_array_add (c->node_groups, spare);
  return c;
}

static void
add_scale (SwarmConfig *c, double at_s, guint64 replicas)
{
  SwarmAction *a = swarm_action_new (SWARM_ACTION_SERVICE_SCALE, SEC (at_s), "web");
  a->replicas = replicas;
  g_ptr_array_add (c->actions, a);
}

/* Test that tasks the scheduler leaves pending get one line naming them and SwarmKit's reason. */
static void
test_swarm_narration_tells_why_tasks_pend (void)
{
  g_autoptr (SwarmConfig) c = crowded_new (6);
  g_autoptr (SwarmWorld) w = run_world (c, 6);
  g_assert_cmpuint (count_lines (w, " pending: "), ==, 1);
  const char *line = line_at (w, find_line (w, 0, " pending: "));
  g_assert_true (
      g_regex_match_simple ("^00:00:00\\.\\d{3} web\\.\\d, web\\.\\d pending: ", line, 0, 0));
  g_assert_true (g_str_has_suffix (line, NO_ROOM_ON_2));
}

/* Test that many pending tasks of one service are one collapsed line. */
static void
test_swarm_narration_collapses_pending_tasks (void)
{
  g_autoptr (SwarmConfig) c = crowded_new (30);
  g_autoptr (SwarmWorld) w = run_world (c, 7);
  g_assert_cmpuint (count_lines (w, " pending: "), ==, 1);
  g_assert_nonnull (
      strstr (line_at (w, find_line (w, 0, " pending: ")), " and 24 more " NO_ROOM_ON_2));
}

/* Test that a changed reason is told again: after a node joins and takes two tasks, the others
 * wait with "insufficient resources on 1 node" (SwarmKit's pipeline resets its failure counts at
 * every node that passes, so only the nodes tried after the last fit are counted). */
static void
test_swarm_narration_tells_a_changed_reason (void)
{
  g_autoptr (SwarmConfig) c = crowded_new (10);
  swarm_test_add_action (c, SWARM_ACTION_NODE_JOIN, 60, "spare");
  g_autoptr (SwarmWorld) w = run_world (c, 8);
  gint first = find_line (w, 0, NO_ROOM_ON_2);
  gint joined = find_line (w, 0, "spare-1 joins the swarm");
  gint second = find_line (w, 0, "pending: no suitable node (insufficient resources on 1 node)");
  g_assert_cmpint (first, >=, 0);
  g_assert_cmpint (joined, >, first);
  g_assert_cmpint (second, >, joined);
  g_assert_cmpuint (count_lines (w, " pending: "), ==, 2);
  g_assert_cmpuint (swarm_world_get_pending_tasks (w, "web"), ==, 4);
}

/* Test that more tasks pending for the reason already told add no line while some still wait. */
static void
test_swarm_narration_tells_a_reason_once (void)
{
  g_autoptr (SwarmConfig) c = crowded_new (6);
  add_scale (c, 60, 8);
  g_autoptr (SwarmWorld) w = run_world (c, 9);
  g_assert_cmpuint (count_lines (w, " pending: "), ==, 1);
  g_assert_cmpuint (swarm_world_get_pending_tasks (w, "web"), ==, 4);
}

/* Test that once nothing is pending, the same reason is news again. */
static void
test_swarm_narration_tells_a_reason_again_after_none_pending (void)
{
  g_autoptr (SwarmConfig) c = crowded_new (6);
  add_scale (c, 60, 4);
  add_scale (c, 90, 6);
  g_autoptr (SwarmWorld) w = run_world (c, 10);
  gint first = find_line (w, 0, NO_ROOM_ON_2);
  gint second = find_line (w, (guint)first + 1, NO_ROOM_ON_2);
  g_assert_cmpint (first, >=, 0);
  g_assert_cmpint (second, >, first);
  g_assert_true (g_str_has_prefix (line_at (w, second), "00:01:30."));
}

/* Test that the reason reaches the task rows (a row when it is set, none on other rows) and the
 * end-of-run rows, which count the tasks still waiting per service and reason. */
static void
test_swarm_narration_pending_reason_is_recorded (void)
{
  g_autoptr (SwarmConfig) c = crowded_new (6);
  g_autoptr (SwarmWorld) w = run_world (c, 11);
  const SwarmRecord *record = swarm_world_get_record (w);
  const GArray *tasks = swarm_record_get_tasks (record);
  guint with_err = 0;
  for (guint i = 0; i < tasks->len; i++) {
    const SwarmTaskRow *r = &g_array_index (tasks, SwarmTaskRow, i);
    if (r->err[0] == '\0')
      continue;
    with_err++;
    g_assert_cmpint (r->state, ==, ORCH_TASK_PENDING);
    g_assert_cmpstr (r->err, ==, "no suitable node (insufficient resources on 2 nodes)");
  }
  g_assert_cmpuint (with_err, ==, 2);
  const GArray *pending = swarm_record_get_pending (record);
  g_assert_cmpuint (pending->len, ==, 1);
  const SwarmPendingRow *row = &g_array_index (pending, SwarmPendingRow, 0);
  g_assert_cmpstr (row->service, ==, "web");
  g_assert_cmpuint (row->tasks, ==, 2);
  g_assert_cmpstr (row->reason, ==, "no suitable node (insufficient resources on 2 nodes)");
}

/* Test that a run where everything fits has no pending rows at the end. */
static void
test_swarm_narration_nothing_pending_no_rows (void)
{
  g_autoptr (SwarmConfig) c = crowded_new (4);
  g_autoptr (SwarmWorld) w = run_world (c, 12);
  g_assert_cmpuint (swarm_record_get_pending (swarm_world_get_record (w))->len, ==, 0);
  g_assert_cmpuint (count_lines (w, " pending: "), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm/narration/tells-each-replacement",
                   test_swarm_narration_tells_each_replacement);
  g_test_add_func ("/models/swarm/narration/collapses-many-tasks",
                   test_swarm_narration_collapses_many_tasks);
  g_test_add_func ("/models/swarm/narration/singular-replica",
                   test_swarm_narration_singular_replica);
  g_test_add_func ("/models/swarm/narration/tells-quorum-loss-and-force-new-cluster",
                   test_swarm_narration_tells_quorum_loss_and_force_new_cluster);
  g_test_add_func ("/models/swarm/narration/tells-partition-heal-and-drain",
                   test_swarm_narration_tells_partition_heal_and_drain);
  g_test_add_func ("/models/swarm/narration/tells-why-tasks-pend",
                   test_swarm_narration_tells_why_tasks_pend);
  g_test_add_func ("/models/swarm/narration/collapses-pending-tasks",
                   test_swarm_narration_collapses_pending_tasks);
  g_test_add_func ("/models/swarm/narration/tells-a-changed-reason",
                   test_swarm_narration_tells_a_changed_reason);
  g_test_add_func ("/models/swarm/narration/tells-a-reason-once",
                   test_swarm_narration_tells_a_reason_once);
  g_test_add_func ("/models/swarm/narration/tells-a-reason-again-after-none-pending",
                   test_swarm_narration_tells_a_reason_again_after_none_pending);
  g_test_add_func ("/models/swarm/narration/pending-reason-is-recorded",
                   test_swarm_narration_pending_reason_is_recorded);
  g_test_add_func ("/models/swarm/narration/nothing-pending-no-rows",
                   test_swarm_narration_nothing_pending_no_rows);
  return g_test_run ();
}
