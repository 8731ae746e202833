/* SPDX-License-Identifier: MIT
 * Tests that what a node group says about its engine (platform, engine labels) reaches the real
 * scheduler: the platform filter, node.platform.* and engine.labels.* constraints. The decisions
 * themselves are the orchestrator's and tested there; these check the world's side of it. */
#include <glib.h>
#include <string.h>

#include "models/swarm/world.h"

#define SEC(x) ((SimTime)((x)*1e6))

/* A manager (m5.large), two Graviton workers "arm" (m7g.large, an extra type) and two x86 workers
 * "ssd" with the engine label storage=ssd; one service "app" of 4 replicas, image cached. */
static SwarmConfig *
cluster_new (void)
{
  SwarmConfig *c = swarm_config_new ();
  c->duration_us = SEC (60);
  Ec2InstanceType *m7g = g_new0 (Ec2InstanceType, 1);
  m7g->name = g_strdup ("m7g.large");
  m7g->vcpus = 2;
  m7g->memory_bytes = G_GINT64_CONSTANT (8) << 30;
  m7g->usd_per_hour = 0.0816;
  m7g->family = g_strdup ("m7g");
  g_ptr_array_add (c->extra_instance_types, m7g);

  SwarmNodeGroup *m = swarm_node_group_new ("manager");
  m->role = ORCH_ROLE_MANAGER;
  SwarmNodeGroup *arm = swarm_node_group_new ("arm");
  arm->count = 2;
  g_free (arm->instance_type);
  arm->instance_type = g_strdup ("m7g.large");
  SwarmNodeGroup *ssd = swarm_node_group_new ("ssd");
  ssd->count = 2;
  g_ptr_array_add (ssd->engine_labels, g_strdup ("storage=ssd"));
  SwarmNodeGroup *groups[] = { m, arm, ssd };
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++) {
    g_ptr_array_add (groups[i]->cached_images, g_strdup ("app:1"));
    g_ptr_array_add (c->node_groups, groups[i]);
  }

  SwarmServiceConfig *s = swarm_service_config_new ("app");
  s->spec->replicas = 4;
  g_free (s->spec->image);
  s->spec->image = g_strdup ("app:1");
  g_ptr_array_add (c->services, s);
  return c;
}

static OrchServiceSpec *
app_spec (SwarmConfig *c)
{
  return ((SwarmServiceConfig *)g_ptr_array_index (c->services, 0))->spec;
}

static SwarmWorld *
run_world (const SwarmConfig *c)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (swarm_config_validate (c, NULL, &error));
  g_assert_no_error (error);
  SwarmWorld *w = swarm_world_new (c, 3, &error);
  g_assert_no_error (error);
  g_assert_true (swarm_world_run (w, &error));
  g_assert_no_error (error);
  const GPtrArray *lines = swarm_record_get_narration (swarm_world_get_record (w));
  for (guint i = 0; i < lines->len; i++)
    g_test_message ("%s", (const char *)g_ptr_array_index (lines, i));
  return w;
}

/* Asserts that all 4 replicas run, each on a node whose name starts with @prefix. */
static void
assert_all_running_on (const SwarmWorld *w, const char *prefix)
{
  g_assert_cmpuint (swarm_world_get_running_tasks (w, "app"), ==, 4);
  const GArray *rows = swarm_record_get_tasks (swarm_world_get_record (w));
  guint running = 0;
  for (guint i = 0; i < rows->len; i++) {
    const SwarmTaskRow *r = &g_array_index (rows, SwarmTaskRow, i);
    if (r->state != ORCH_TASK_RUNNING)
      continue;
    running++;
    if (!g_str_has_prefix (r->node, prefix))
      g_error ("app.%u runs on %s; expected a node %s*", r->slot, r->node, prefix);
  }
  g_assert_cmpuint (running, ==, 4);
}

static void
add_platform (OrchServiceSpec *spec, const char *os, const char *arch)
{
  OrchPlatform *p = g_new0 (OrchPlatform, 1);
  p->os = g_strdup (os);
  p->arch = g_strdup (arch);
  g_ptr_array_add (spec->platforms, p);
}

/* Test that the default architecture follows the instance family: aarch64 for Graviton families,
 * x86_64 for the rest, and a group's own value wins. */
static void
test_placement_default_arch_follows_the_family (void)
{
  static const struct {
    const char *family;
    const char *arch;
  } cases[] = {
    { "m5", "x86_64" },     { "t3", "x86_64" },     { "m7i", "x86_64" },    { "m7a", "x86_64" },
    { "g4dn", "x86_64" },   { "u-6tb1", "x86_64" }, { "m7g", "aarch64" },   { "c7gn", "aarch64" },
    { "t4g", "aarch64" },   { "x2gd", "aarch64" },  { "im4gn", "aarch64" }, { "g5g", "aarch64" },
    { "hpc7g", "aarch64" }, { "a1", "aarch64" },
  };
  g_autoptr (SwarmNodeGroup) group = swarm_node_group_new ("g");
  g_assert_cmpstr (group->platform.os, ==, "linux");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *family = g_strdup (cases[i].family);
    char name[] = "x.large";
    Ec2InstanceType type = { name, 2, G_GINT64_CONSTANT (1) << 30, 0.1, family, FALSE };
    g_test_message ("family %s", cases[i].family);
    g_assert_cmpstr (swarm_node_group_get_arch (group, &type), ==, cases[i].arch);
  }
  group->platform.arch = g_strdup ("arm64");
  char m5_name[] = "m5.large", m5_family[] = "m5";
  Ec2InstanceType m5 = { m5_name, 2, G_GINT64_CONSTANT (8) << 30, 0.096, m5_family, FALSE };
  g_assert_cmpstr (swarm_node_group_get_arch (group, &m5), ==, "arm64");
}

/* Test that a service whose image is linux/arm64 only runs on the Graviton nodes, which report
 * aarch64 (the platform filter's alias). */
static void
test_placement_arm64_platform_runs_only_on_graviton_nodes (void)
{
  g_autoptr (SwarmConfig) c = cluster_new ();
  add_platform (app_spec (c), "linux", "arm64");
  g_autoptr (SwarmWorld) w = run_world (c);
  assert_all_running_on (w, "arm-");
}

/* Test that an amd64 image runs on every x86 node (manager included) and never on Graviton. */
static void
test_placement_amd64_platform_avoids_graviton_nodes (void)
{
  g_autoptr (SwarmConfig) c = cluster_new ();
  add_platform (app_spec (c), "linux", "amd64");
  g_autoptr (SwarmWorld) w = run_world (c);
  g_assert_cmpuint (swarm_world_get_running_tasks (w, "app"), ==, 4);
  const GArray *rows = swarm_record_get_tasks (swarm_world_get_record (w));
  for (guint i = 0; i < rows->len; i++) {
    const SwarmTaskRow *r = &g_array_index (rows, SwarmTaskRow, i);
    if (r->state == ORCH_TASK_RUNNING)
      g_assert_false (g_str_has_prefix (r->node, "arm-"));
  }
}

/* Test that node.platform.arch==aarch64 (what the node reports) selects the Graviton nodes. */
static void
test_placement_arch_constraint_selects_graviton_nodes (void)
{
  g_autoptr (SwarmConfig) c = cluster_new ();
  g_ptr_array_add (app_spec (c)->constraints, g_strdup ("node.platform.arch==aarch64"));
  g_autoptr (SwarmWorld) w = run_world (c);
  assert_all_running_on (w, "arm-");
}

/* Test that a constraint compares the reported text: node.platform.arch==arm64 matches no default
 * node (they report aarch64), as in SwarmKit, and leaves the replicas pending. */
static void
test_placement_arch_constraint_compares_the_text (void)
{
  g_autoptr (SwarmConfig) c = cluster_new ();
  g_ptr_array_add (app_spec (c)->constraints, g_strdup ("node.platform.arch==arm64"));
  g_autoptr (SwarmWorld) w = run_world (c);
  g_assert_cmpuint (swarm_world_get_running_tasks (w, "app"), ==, 0);
  g_assert_cmpuint (swarm_world_get_pending_tasks (w, "app"), ==, 4);
}

/* Test that a group's own platform is what its nodes report: arm64 set on the group matches
 * node.platform.arch==arm64. */
static void
test_placement_group_platform_is_reported (void)
{
  g_autoptr (SwarmConfig) c = cluster_new ();
  SwarmNodeGroup *arm = g_ptr_array_index (c->node_groups, 1);
  arm->platform.arch = g_strdup ("arm64");
  g_ptr_array_add (app_spec (c)->constraints, g_strdup ("node.platform.arch==arm64"));
  g_autoptr (SwarmWorld) w = run_world (c);
  assert_all_running_on (w, "arm-");
}

/* Test that engine.labels.storage==ssd selects the group with that engine label. */
static void
test_placement_engine_label_constraint_selects_the_group (void)
{
  g_autoptr (SwarmConfig) c = cluster_new ();
  g_ptr_array_add (app_spec (c)->constraints, g_strdup ("engine.labels.storage==ssd"));
  g_autoptr (SwarmWorld) w = run_world (c);
  assert_all_running_on (w, "ssd-");
}

/* Test that a node label of the same name is not an engine label. */
static void
test_placement_node_label_is_not_an_engine_label (void)
{
  g_autoptr (SwarmConfig) c = cluster_new ();
  SwarmNodeGroup *arm = g_ptr_array_index (c->node_groups, 1);
  g_ptr_array_add (arm->labels, g_strdup ("storage=ssd"));
  g_ptr_array_add (app_spec (c)->constraints, g_strdup ("engine.labels.storage==ssd"));
  g_autoptr (SwarmWorld) w = run_world (c);
  assert_all_running_on (w, "ssd-");
}

/* Test that validation refuses an engine label without '=' and names the group. */
static void
test_placement_bad_engine_label_is_refused (void)
{
  g_autoptr (SwarmConfig) c = cluster_new ();
  SwarmNodeGroup *ssd = g_ptr_array_index (c->node_groups, 2);
  g_ptr_array_add (ssd->engine_labels, g_strdup ("fast"));
  g_autoptr (GError) error = NULL;
  g_assert_false (swarm_config_validate (c, NULL, &error));
  g_assert_error (error, SWARM_CONFIG_ERROR, SWARM_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "node group \"ssd\": bad engine label \"fast\"; expected key=value");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/swarm/placement/default-arch-follows-the-family",
                   test_placement_default_arch_follows_the_family);
  g_test_add_func ("/models/swarm/placement/arm64-platform-runs-only-on-graviton-nodes",
                   test_placement_arm64_platform_runs_only_on_graviton_nodes);
  g_test_add_func ("/models/swarm/placement/amd64-platform-avoids-graviton-nodes",
                   test_placement_amd64_platform_avoids_graviton_nodes);
  g_test_add_func ("/models/swarm/placement/arch-constraint-selects-graviton-nodes",
                   test_placement_arch_constraint_selects_graviton_nodes);
  g_test_add_func ("/models/swarm/placement/arch-constraint-compares-the-text",
                   test_placement_arch_constraint_compares_the_text);
  g_test_add_func ("/models/swarm/placement/group-platform-is-reported",
                   test_placement_group_platform_is_reported);
  g_test_add_func ("/models/swarm/placement/engine-label-constraint-selects-the-group",
                   test_placement_engine_label_constraint_selects_the_group);
  g_test_add_func ("/models/swarm/placement/node-label-is-not-an-engine-label",
                   test_placement_node_label_is_not_an_engine_label);
  g_test_add_func ("/models/swarm/placement/bad-engine-label-is-refused",
                   test_placement_bad_engine_label_is_refused);
  return g_test_run ();
}
