/* SPDX-License-Identifier: MIT
 * Tests of scenario loading (cli/scenario.c): values reach the configuration, --set overrides,
 * the resolved scenario reads back to itself, every kind of bad input gives its one-line message,
 * and scenarios/README.md documents every key. In process; no simulation runs. */
#include <string.h>

#include <glib.h>

#include "cli/scenario.h"

#define BASE                                                                                       \
  "[nodes.manager]\nrole = manager\n"                                                              \
  "[nodes.worker]\ncount = 3\n"                                                                    \
  "[service.web]\nimage = nginx:1.25\nreplicas = 6\n"

static CliScenario *
parse (const char *text, const char *const *overrides, GError **error)
{
  return cli_scenario_parse (text, "t.ini", overrides, error);
}

/* Checks that @text fails with exactly @message and @code. */
static void
assert_rejected (const char *text, const char *const *overrides, int code, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = parse (text, overrides, &error);
  g_assert_null (scenario);
  g_assert_error (error, CLI_SCENARIO_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_null (strchr (error->message, '\n'));
}

/* Test that keys of every kind of section reach the configuration, defaults left alone. */
static void
test_scenario_values_reach_the_configuration (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario =
      parse ("[simulation]\nduration = 2m\nseed = 42\nreplications = 3\n"
             "[swarm]\nheartbeat_period = 2s\n" BASE
             "reserve_cpus = 0.25\nreserve_memory = 256M\nconstraints = node.role==worker, "
             "node.labels.az!=b\nplacement_preferences = spread=node.labels.az\n"
             "[at.1m30s]\ncrash = worker-2\n",
             NULL, &error);
  g_assert_no_error (error);
  const SwarmConfig *c = scenario->config;
  g_assert_cmpint (c->duration_us, ==, G_GINT64_CONSTANT (120000000));
  g_assert_cmpuint (c->seed, ==, 42);
  g_assert_cmpuint (scenario->model->replications, ==, 3);
  g_assert_cmpint (c->heartbeat_period_us, ==, G_GINT64_CONSTANT (2000000));
  g_assert_cmpint (c->grace_multiplier, ==, 3);
  g_assert_cmpuint (c->node_groups->len, ==, 2);
  const SwarmNodeGroup *workers = g_ptr_array_index (c->node_groups, 1);
  g_assert_cmpuint (workers->count, ==, 3);
  const SwarmServiceConfig *web = g_ptr_array_index (c->services, 0);
  g_assert_cmpuint (web->spec->replicas, ==, 6);
  g_assert_cmpint (web->spec->reservations.nanocpus, ==, 250000000);
  g_assert_cmpint (web->spec->reservations.memory_bytes, ==, 268435456);
  g_assert_cmpuint (web->spec->constraints->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (web->spec->spread, 0), ==, "node.labels.az");
  g_assert_cmpuint (c->actions->len, ==, 1);
  const SwarmAction *crash = g_ptr_array_index (c->actions, 0);
  g_assert_cmpint (crash->kind, ==, SWARM_ACTION_NODE_CRASH);
  g_assert_cmpint (crash->at_us, ==, G_GINT64_CONSTANT (90000000));
  g_assert_cmpstr (crash->target, ==, "worker-2");
}

/* Test that --set overrides a file value and can create a key the file lacks. */
static void
test_scenario_set_overrides_file_values (void)
{
  const char *sets[] = { "service.web.replicas=9", "simulation.seed=7", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = parse (BASE, sets, &error);
  g_assert_no_error (error);
  const SwarmServiceConfig *web = g_ptr_array_index (scenario->config->services, 0);
  g_assert_cmpuint (web->spec->replicas, ==, 9);
  g_assert_cmpuint (scenario->config->seed, ==, 7);
}

/* Test that timeline actions parse their arguments, in at and event sections. */
static void
test_scenario_timeline_actions_parse (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = parse (
      BASE "[at.2m]\nservice-scale = web=8\nlabel-add = worker-1 az=b\njoin = worker role=manager\n"
           "[event.later]\nat = 3m\ncrash = worker-4\n"
           "service-update = web image=nginx:1.26 reserve_cpus=0.5 force\n",
      NULL, &error);
  g_assert_no_error (error);
  const GPtrArray *actions = scenario->config->actions;
  g_assert_cmpuint (actions->len, ==, 5);
  const SwarmAction *scale = g_ptr_array_index (actions, 0);
  g_assert_cmpuint (scale->replicas, ==, 8);
  const SwarmAction *label = g_ptr_array_index (actions, 1);
  g_assert_cmpstr (label->key, ==, "az");
  g_assert_cmpstr (label->value, ==, "b");
  const SwarmAction *join = g_ptr_array_index (actions, 2);
  g_assert_true (join->role_set);
  g_assert_cmpint (join->role, ==, ORCH_ROLE_MANAGER);
  const SwarmAction *update = g_ptr_array_index (actions, 4);
  g_assert_cmpstr (update->change.image, ==, "nginx:1.26");
  g_assert_cmpint (update->change.reserve_nanocpus, ==, 500000000);
  g_assert_true (update->change.force);
  g_assert_cmpstr (g_ptr_array_index (scenario->action_sections, 3), ==, "event.later");
}

/* Test that the resolved scenario loads back to a configuration that resolves to the same text. */
static void
test_scenario_resolved_reads_back_identically (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) first =
      parse (BASE "publish = 8080:80, 53:53/udp\n"
                  "[nodes.edge]\ncount = 0\nlabels = az=a, disk=ssd\ninstance_type = m7g.large\n"
                  "[instance_type.m7g.large]\nvcpu = 2\nmemory = 8G\nusd_per_hour = 0.0816\n"
                  "[at.1m]\ncrash = worker-1, worker-2\n[event.e]\nat = 2m\n"
                  "service-update = web replicas=3 reserve_memory=1G\n",
             NULL, &error);
  g_assert_no_error (error);
  g_autofree char *text1 = cli_scenario_to_resolved_ini (first, "test");
  g_autoptr (CliScenario) second = parse (text1, NULL, &error);
  g_assert_no_error (error);
  g_autofree char *text2 = cli_scenario_to_resolved_ini (second, "test");
  g_assert_cmpstr (text1, ==, text2);
  g_assert_nonnull (strstr (text1, "\n[service.web]\nimage=nginx:1.25\n"));
  g_assert_nonnull (strstr (text1, "\nrestart_delay=5s\n"));
  g_assert_nonnull (strstr (text1, "\n[at.1m]\ncrash=worker-1, worker-2\n"));
  g_assert_nonnull (strstr (text1, "\npublish=8080/tcp, 53/udp\n"));
  g_assert_nonnull (strstr (text1, "\n[instance_type.m7g.large]\nvcpu=2\nmemory=8GiB\n"
                                   "usd_per_hour=0.0816\nfamily=m7g\nburstable=false\n"));
}

/* Returns: (transfer full): the instance type @name of @scenario's catalog, built in plus its own
 * types; aborts the test if there is none. */
static Ec2InstanceType *
dup_instance_type (const CliScenario *scenario, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Ec2Catalog) catalog = swarm_config_dup_catalog (scenario->config, &error);
  g_assert_no_error (error);
  const Ec2InstanceType *type = ec2_catalog_lookup (catalog, name);
  g_assert_nonnull (type);
  return ec2_instance_type_copy (type);
}

/* Test that an [instance_type.NAME] section adds a type to the built-in catalog, with its family
 * taken from the name, and that a node group can use it. */
static void
test_scenario_instance_type_section_adds_a_type (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario =
      parse (BASE "[instance_type.m7g.large]\nvcpu = 2\n"
                  "memory = 8GiB\nusd_per_hour = 0.0816\n[nodes.arm]\ninstance_type = m7g.large\n",
             NULL, &error);
  g_assert_no_error (error);
  g_autoptr (Ec2InstanceType) type = dup_instance_type (scenario, "m7g.large");
  g_assert_cmpuint (type->vcpus, ==, 2);
  g_assert_cmpint (type->memory_bytes, ==, G_GINT64_CONSTANT (8589934592));
  g_assert_cmpfloat (type->usd_per_hour, ==, 0.0816);
  g_assert_cmpstr (type->family, ==, "m7g");
  g_assert_false (type->burstable);
  g_autoptr (Ec2InstanceType) builtin = dup_instance_type (scenario, "m5.large");
  g_assert_cmpuint (builtin->vcpus, ==, 2);
}

/* Test that a section named after a catalog type keeps the values it does not give. */
static void
test_scenario_instance_type_section_overrides_a_price (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario =
      parse (BASE "[instance_type.t3.small]\nusd_per_hour = 0.01\n", NULL, &error);
  g_assert_no_error (error);
  g_autoptr (Ec2InstanceType) type = dup_instance_type (scenario, "t3.small");
  g_assert_cmpfloat (type->usd_per_hour, ==, 0.01);
  g_assert_cmpuint (type->vcpus, ==, 2);
  g_assert_cmpint (type->memory_bytes, ==, G_GINT64_CONSTANT (2147483648));
  g_assert_cmpstr (type->family, ==, "t3");
  g_assert_true (type->burstable);
}

/* Test that published ports reach the spec's host ports: the published port and the protocol,
 * tcp unless /udp, the target port dropped. */
static void
test_scenario_publish_sets_host_ports (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario =
      parse (BASE "publish = 8080:80/tcp, 53:53/udp, 9000\n", NULL, &error);
  g_assert_no_error (error);
  const SwarmServiceConfig *web = g_ptr_array_index (scenario->config->services, 0);
  const GArray *ports = web->spec->host_ports;
  g_assert_cmpuint (ports->len, ==, 3);
  const guint32 expected_port[] = { 8080, 53, 9000 };
  const gboolean expected_udp[] = { FALSE, TRUE, FALSE };
  for (guint i = 0; i < ports->len; i++) {
    g_assert_cmpuint (g_array_index (ports, OrchHostPort, i).port, ==, expected_port[i]);
    g_assert_cmpint (g_array_index (ports, OrchHostPort, i).is_udp, ==, expected_udp[i]);
  }
}

/* Test that a group's platform and engine labels and a service's platforms reach the
 * configuration, and that a group without a platform gets its instance type's: aarch64 for a
 * Graviton family, x86_64 otherwise. */
static void
test_scenario_platforms_and_engine_labels_parse (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario =
      parse (BASE "platforms = linux/amd64, linux/arm64\n"
                  "[nodes.arm]\ninstance_type = m7g.large\nengine_labels = storage=ssd, gen=7\n"
                  "[nodes.own]\nplatform = windows/amd64\n"
                  "[instance_type.m7g.large]\nvcpu = 2\nmemory = 8G\nusd_per_hour = 0.0816\n",
             NULL, &error);
  g_assert_no_error (error);
  const GPtrArray *groups = scenario->config->node_groups;
  const char *const expected[][2] = {
    { "linux", "x86_64" }, { "linux", "x86_64" }, { "linux", "aarch64" }, { "windows", "amd64" }
  };
  g_assert_cmpuint (groups->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < groups->len; i++) {
    const SwarmNodeGroup *group = g_ptr_array_index (groups, i);
    g_assert_cmpstr (group->platform.os, ==, expected[i][0]);
    g_assert_cmpstr (group->platform.arch, ==, expected[i][1]);
  }
  const SwarmNodeGroup *arm = g_ptr_array_index (groups, 2);
  g_assert_cmpuint (arm->engine_labels->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (arm->engine_labels, 0), ==, "storage=ssd");
  const SwarmServiceConfig *web = g_ptr_array_index (scenario->config->services, 0);
  g_assert_cmpuint (web->spec->platforms->len, ==, 2);
  const OrchPlatform *second = g_ptr_array_index (web->spec->platforms, 1);
  g_assert_cmpstr (second->os, ==, "linux");
  g_assert_cmpstr (second->arch, ==, "arm64");

  g_autofree char *text = cli_scenario_to_resolved_ini (scenario, "test");
  g_assert_nonnull (strstr (text, "\n[nodes.arm]\n"));
  g_assert_nonnull (strstr (text, "\nengine_labels=storage=ssd, gen=7\nplatform=linux/aarch64\n"));
  g_assert_nonnull (strstr (text, "\nplatform=windows/amd64\n"));
  g_assert_nonnull (strstr (text, "\nplatforms=linux/amd64, linux/arm64\n"));
}

/* Test that a platform that is not OS/ARCH in lower case is rejected, naming the key. */
static void
test_scenario_bad_platform_is_rejected (void)
{
  assert_rejected (BASE "[nodes.arm]\nplatform = arm64\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [nodes.arm] platform: platform \"arm64\" cannot be parsed; expected "
                   "OS/ARCH in lower case, e.g. linux/x86_64, linux/amd64 or linux/arm64");
  assert_rejected (BASE "platforms = linux/amd64, Linux/ARM64\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [service.web] platforms: platform \"Linux/ARM64\" cannot be parsed; "
                   "expected OS/ARCH in lower case, e.g. linux/x86_64, linux/amd64 or linux/arm64");
  assert_rejected (BASE "platforms = linux/arm64/v8\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [service.web] platforms: platform \"linux/arm64/v8\" cannot be "
                   "parsed; expected OS/ARCH in lower case, e.g. linux/x86_64, linux/amd64 or "
                   "linux/arm64");
}

/* Test that an engine label without '=' is rejected like a node label. */
static void
test_scenario_bad_engine_label_is_rejected (void)
{
  assert_rejected (BASE "[nodes.arm]\nengine_labels = ssd\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [nodes.arm] engine_labels: label \"ssd\" cannot be parsed; expected "
                   "KEY=VALUE, e.g. az=a");
}

/* Test that a new type without its vCPUs is rejected, naming the missing key. */
static void
test_scenario_instance_type_without_vcpu_is_rejected (void)
{
  assert_rejected (BASE "[instance_type.x9.big]\nmemory = 1TiB\nusd_per_hour = 9\n", NULL,
                   CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [instance_type.x9.big] vcpu: missing for a type that is not in the "
                   "instance catalog; expected a whole number of vCPUs, e.g. 2");
}

/* Test that an unknown section is rejected with the list of section kinds. */
static void
test_scenario_unknown_section_is_rejected (void)
{
  assert_rejected (BASE "[servce.db]\nreplicas = 1\n", NULL, CLI_SCENARIO_ERROR_UNKNOWN,
                   "t.ini: [servce.db]: unknown section; expected simulation, swarm, ec2, "
                   "registry, instance_type.NAME, nodes.NAME, service.NAME, at.TIME, "
                   "event.NAME, pool.NAME, autoscaler, workload.NAME, batch.NAME, trace or "
                   "failures");
}

/* Test that an unknown key is rejected with the section's keys. */
static void
test_scenario_unknown_key_is_rejected (void)
{
  assert_rejected ("[simulation]\nseeds = 3\n" BASE, NULL, CLI_SCENARIO_ERROR_UNKNOWN,
                   "t.ini: [simulation] seeds: unknown key; expected one of duration, step, seed, "
                   "replications");
}

/* Test that a value of the wrong type is rejected with the expected type and range. */
static void
test_scenario_wrong_type_is_rejected (void)
{
  assert_rejected (BASE "[nodes.db]\ncount = two\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [nodes.db] count: \"two\" is not a whole number; expected a whole "
                   "number from 0 to 100000");
}

/* Test that a value out of range is rejected with the range. */
static void
test_scenario_out_of_range_is_rejected (void)
{
  assert_rejected ("[swarm]\ngrace_multiplier = 0\n" BASE, NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [swarm] grace_multiplier: \"0\" is out of range; expected a whole "
                   "number from 1 to 100");
}

/* Test that a malformed duration keeps the kernel parser's message behind the location. */
static void
test_scenario_bad_duration_names_the_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = parse ("[simulation]\nduration = 5x\n" BASE, NULL, &error);
  g_assert_null (scenario);
  g_assert_true (g_str_has_prefix (error->message, "t.ini: [simulation] duration: "));
  g_assert_nonnull (strstr (error->message, "5x"));
}

/* Test that an instance type missing from the catalog is rejected. */
static void
test_scenario_unknown_instance_type_is_rejected (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario =
      parse (BASE "[nodes.big]\ninstance_type = m9.huge\n", NULL, &error);
  g_assert_null (scenario);
  g_assert_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "t.ini: [nodes.big] instance_type: unknown "
                                                   "instance type \"m9.huge\"; expected one of "));
  g_assert_nonnull (strstr (error->message, "m5.large"));
}

/* Test that a constraint without an operator is rejected. */
static void
test_scenario_unparsable_constraint_is_rejected (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = parse (BASE "constraints = node.role=manager\n", NULL, &error);
  g_assert_null (scenario);
  g_assert_true (g_str_has_prefix (error->message, "t.ini: [service.web] constraints: "));
  g_assert_nonnull (strstr (error->message, "node.role=manager"));
  g_assert_nonnull (strstr (error->message, "; expected"));
}

/* Test that an action naming a node that does not exist is rejected with the known nodes. */
static void
test_scenario_action_on_missing_node_is_rejected (void)
{
  assert_rejected (BASE "[at.1m]\ncrash = worker-9\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [at.1m] crash: node \"worker-9\" does not exist; expected one of "
                   "manager-1, worker-1, worker-2, worker-3");
}

/* Test that a node added by an earlier join may be named, and not before it joins. */
static void
test_scenario_joined_node_exists_after_join (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) ok =
      parse (BASE "[at.1m]\njoin = worker\n[at.2m]\ncrash = worker-4\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);
  assert_rejected (BASE "[at.3m]\njoin = worker\n[at.2m]\ncrash = worker-4\n", NULL,
                   CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [at.2m] crash: node \"worker-4\" does not exist; expected one of "
                   "manager-1, worker-1, worker-2, worker-3");
}

/* Test that a --set without SECTION.KEY=VALUE is rejected before anything is read. */
static void
test_scenario_bad_set_is_rejected (void)
{
  const char *sets[] = { "replicas=3", NULL };
  assert_rejected (BASE, sets, CLI_SCENARIO_ERROR_OVERRIDE,
                   "--set: \"replicas=3\" cannot be parsed; expected SECTION.KEY=VALUE, e.g. "
                   "service.web.replicas=6");
}

/* Test that a bad value given with --set is reported against --set, not the file. */
static void
test_scenario_bad_set_value_names_set (void)
{
  const char *sets[] = { "service.web.replicas=-1", NULL };
  assert_rejected (BASE, sets, CLI_SCENARIO_ERROR_INVALID,
                   "--set: [service.web] replicas: \"-1\" is not a whole number; expected a whole "
                   "number from 0 to 1000000");
}

/* Test that a key given twice in one section is rejected, whatever the spacing and with comments
 * and blank lines between, while the same key in two sections is fine. */
static void
test_scenario_key_twice_is_rejected (void)
{
  assert_rejected (BASE "# more\n\n\t replicas=7 \n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [service.web] replicas: the key is given twice; expected each key once "
                   "per section");
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = parse (BASE "[service.db]\nreplicas = 6\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scenario);
}

/* Test that a section given twice is rejected (GKeyFile would merge the two). */
static void
test_scenario_section_twice_is_rejected (void)
{
  assert_rejected (BASE "[nodes.worker]\nrole = manager\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [nodes.worker]: the section is given twice; expected each section once");
}

/* Test that an action after the end of the run is rejected, one at the end is kept, and --set can
 * lengthen the run to make it valid. */
static void
test_scenario_action_after_the_end_is_rejected (void)
{
  const char *late = "[simulation]\nduration = 10m\n" BASE "[at.50m]\ncrash = worker-1\n";
  assert_rejected (late, NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [at.50m]: the action is after the end of the run (duration 10m); "
                   "expected a time within the run");
  assert_rejected ("[simulation]\nduration = 1m\n" BASE "[event.late]\nat = 61s\ncrash = "
                   "worker-1\n",
                   NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [event.late] at: the action is after the end of the run (duration 1m); "
                   "expected a time within the run");

  const char *sets[] = { "simulation.duration=1h", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) longer = parse (late, sets, &error);
  g_assert_no_error (error);
  g_assert_nonnull (longer);
  g_autoptr (CliScenario) at_end =
      parse ("[simulation]\nduration = 10m\n" BASE "[at.10m]\ncrash = worker-1\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (at_end);
}

/* Test that only a constraint on a key SwarmKit does not know gives a warning, which names the
 * file, the service and the key. */
static void
test_scenario_unknown_constraint_key_warns (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario =
      parse (BASE "constraints = node.labels.az==a, engine.labels.disk==ssd, node.ip!=10.0.0.1\n"
                  "[service.db]\nconstraints = node.role==worker, NODE.ROLEZ==worker\n",
             NULL, &error);
  g_assert_no_error (error);
  g_auto (GStrv) warnings = cli_scenario_dup_warnings (scenario);
  g_assert_cmpuint (g_strv_length (warnings), ==, 1);
  g_assert_cmpstr (warnings[0], ==,
                   "t.ini: [service.db] constraints: warning: NODE.ROLEZ is not a key SwarmKit "
                   "matches (node.id, node.hostname, node.ip, node.role, node.platform.os, "
                   "node.platform.arch, node.labels.*, engine.labels.*); no node will ever match");

  g_autoptr (CliScenario) clean = parse (BASE, NULL, &error);
  g_assert_no_error (error);
  g_auto (GStrv) none = cli_scenario_dup_warnings (clean);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

/* Test that an unreadable file is reported with its path. */
static void
test_scenario_missing_file_is_reported (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = cli_scenario_load ("no/such.ini", NULL, &error);
  g_assert_null (scenario);
  g_assert_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_FILE);
  g_assert_cmpstr (error->message, ==,
                   "no/such.ini: cannot open: No such file or directory; expected a readable "
                   "INI scenario file");
}

/* Test that scenarios/README.md documents every key of every section (the pools' sections and
 * [trace] included), as `KEY` in a table. */
static void
test_scenario_readme_documents_every_key (void)
{
  const char *source = g_getenv ("SWARMSIM_SOURCE_DIR");
  if (source == NULL) {
    g_test_skip ("SWARMSIM_SOURCE_DIR is not set");
    return;
  }
  g_autofree char *path = g_build_filename (source, "scenarios", "README.md", NULL);
  g_autofree char *readme = NULL;
  g_assert_true (g_file_get_contents (path, &readme, NULL, NULL));

  const char *sections[] = { "simulation", "swarm",   "ec2",      "registry", "instance_type",
                             "nodes",      "service", "at",       "pool",     "autoscaler",
                             "workload",   "batch",   "failures", "trace" };
  for (gsize s = 0; s < G_N_ELEMENTS (sections); s++) {
    g_auto (GStrv) keys = cli_scenario_get_known_keys (sections[s]);
    if (keys == NULL)
      g_error ("no key list for [%s]", sections[s]);
    for (guint k = 0; keys[k] != NULL; k++) {
      g_autofree char *quoted = g_strdup_printf ("`%s`", keys[k]);
      if (strstr (readme, quoted) == NULL)
        g_error ("scenarios/README.md does not document [%s] %s", sections[s], keys[k]);
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/scenario/values-reach-the-configuration",
                   test_scenario_values_reach_the_configuration);
  g_test_add_func ("/cli/scenario/set-overrides-file-values",
                   test_scenario_set_overrides_file_values);
  g_test_add_func ("/cli/scenario/timeline-actions-parse", test_scenario_timeline_actions_parse);
  g_test_add_func ("/cli/scenario/resolved-reads-back-identically",
                   test_scenario_resolved_reads_back_identically);
  g_test_add_func ("/cli/scenario/instance-type-section-adds-a-type",
                   test_scenario_instance_type_section_adds_a_type);
  g_test_add_func ("/cli/scenario/instance-type-section-overrides-a-price",
                   test_scenario_instance_type_section_overrides_a_price);
  g_test_add_func ("/cli/scenario/instance-type-without-vcpu-is-rejected",
                   test_scenario_instance_type_without_vcpu_is_rejected);
  g_test_add_func ("/cli/scenario/publish-sets-host-ports", test_scenario_publish_sets_host_ports);
  g_test_add_func ("/cli/scenario/platforms-and-engine-labels-parse",
                   test_scenario_platforms_and_engine_labels_parse);
  g_test_add_func ("/cli/scenario/bad-platform-is-rejected",
                   test_scenario_bad_platform_is_rejected);
  g_test_add_func ("/cli/scenario/bad-engine-label-is-rejected",
                   test_scenario_bad_engine_label_is_rejected);
  g_test_add_func ("/cli/scenario/unknown-section-is-rejected",
                   test_scenario_unknown_section_is_rejected);
  g_test_add_func ("/cli/scenario/unknown-key-is-rejected", test_scenario_unknown_key_is_rejected);
  g_test_add_func ("/cli/scenario/wrong-type-is-rejected", test_scenario_wrong_type_is_rejected);
  g_test_add_func ("/cli/scenario/out-of-range-is-rejected",
                   test_scenario_out_of_range_is_rejected);
  g_test_add_func ("/cli/scenario/bad-duration-names-the-key",
                   test_scenario_bad_duration_names_the_key);
  g_test_add_func ("/cli/scenario/unknown-instance-type-is-rejected",
                   test_scenario_unknown_instance_type_is_rejected);
  g_test_add_func ("/cli/scenario/unparsable-constraint-is-rejected",
                   test_scenario_unparsable_constraint_is_rejected);
  g_test_add_func ("/cli/scenario/action-on-missing-node-is-rejected",
                   test_scenario_action_on_missing_node_is_rejected);
  g_test_add_func ("/cli/scenario/joined-node-exists-after-join",
                   test_scenario_joined_node_exists_after_join);
  g_test_add_func ("/cli/scenario/bad-set-is-rejected", test_scenario_bad_set_is_rejected);
  g_test_add_func ("/cli/scenario/bad-set-value-names-set", test_scenario_bad_set_value_names_set);
  g_test_add_func ("/cli/scenario/key-twice-is-rejected", test_scenario_key_twice_is_rejected);
  g_test_add_func ("/cli/scenario/section-twice-is-rejected",
                   test_scenario_section_twice_is_rejected);
  g_test_add_func ("/cli/scenario/action-after-the-end-is-rejected",
                   test_scenario_action_after_the_end_is_rejected);
  g_test_add_func ("/cli/scenario/unknown-constraint-key-warns",
                   test_scenario_unknown_constraint_key_warns);
  g_test_add_func ("/cli/scenario/missing-file-is-reported",
                   test_scenario_missing_file_is_reported);
  g_test_add_func ("/cli/scenario/readme-documents-every-key",
                   test_scenario_readme_documents_every_key);
  return g_test_run ();
}
