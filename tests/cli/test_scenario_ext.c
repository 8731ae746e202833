/* SPDX-License-Identifier: MIT
 * Tests of the resolved pool, autoscaler, workload, batch, trace and failure sections
 * (cli_scenario_ext_write_resolved): canonical values with every default, and text that loads back
 * to the same specs and the same comparison. Loading and checking those sections is
 * test_scenario.c's. */
#include <glib/gstdio.h>

#include "cli/commands.h"
#include "cli/scenario.h"
#include "cli/scenario_ext.h"
#include "cli_test_util.h"

/* Every section, with values given in non-canonical text where the syntax allows it. The trace's
 * files are relative to the scenario's folder, tests/data. */
static const char every_section[] = "[simulation]\n"
                                    "duration = 2h\n"
                                    "[nodes.manager]\n"
                                    "role = manager\n"
                                    "availability = drain\n"
                                    "[nodes.big]\n"
                                    "instance_type = m5.xlarge\n"
                                    "[nodes.small]\n"
                                    "count = 2\n"
                                    "instance_type = m5.large\n"
                                    "[service.web]\n"
                                    "replicas = 2\n"
                                    "reserve_cpus = 0.5\n"
                                    "[pool.up]\n"
                                    "kind = scale-up\n"
                                    "group = big\n"
                                    "max_type = m5.4xlarge\n"
                                    "[pool.out]\n"
                                    "group = small\n"
                                    "min_nodes = 2\n"
                                    "max_nodes = 016\n"
                                    "overhead_memory = 256M\n"
                                    "[autoscaler]\n"
                                    "pending_for = 90s\n"
                                    "grow_reserved = 0.80\n"
                                    "cooldown = 120s\n"
                                    "[workload.ramp]\n"
                                    "service = web\n"
                                    "replicas = ramp(2,10,30m,1h)\n"
                                    "resolution = 300s\n"
                                    "[batch.etl]\n"
                                    "arrivals = poisson(600s)\n"
                                    "runtime = lognormal(5m,0.5)\n"
                                    "cpus = 0.250\n"
                                    "memory = 512M\n"
                                    "restart = on-failure\n"
                                    "fail_probability = 0.10\n"
                                    "max_attempts = 3\n"
                                    "[trace]\n"
                                    "format = alibaba-gpu-2023\n"
                                    "nodes = trace-alibaba-nodes.csv\n"
                                    "pods = trace-alibaba-pods.csv\n"
                                    "speedup = 10.0\n"
                                    "[failures]\n"
                                    "node_ttf = exp(12h)\n"
                                    "node_ttr = lognormal(15m,0.5)\n"
                                    "node_kind = reboot\n"
                                    "zone_ttf = exp(30d)\n"
                                    "zone_duration = uniform(10m,1h)\n"
                                    "outages = us-east-1b@30m+20m;us-east-1c@90m\n"
                                    "spot_ttf = exp(6h)\n"
                                    "spot_warning = 120s\n";

/* Returns: (transfer full): a path in tests/data named @name, which need not exist: a scenario
 * parsed from memory under it resolves its files there. */
static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("SWARMSIM_SOURCE_DIR"), "tests", "data", name, NULL);
}

static CliScenario *
parse (const char *text, const char *path)
{
  g_autoptr (GError) error = NULL;
  CliScenario *scenario = cli_scenario_parse (text, path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  return scenario;
}

/* Returns: (transfer full): the sections cli_scenario_ext_write_resolved() writes, as INI text. */
static char *
ext_text (const CliScenario *scenario)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();

  cli_scenario_ext_write_resolved (scenario->model, kf);
  return g_key_file_to_data (kf, NULL, NULL);
}

/* Returns: (transfer full): scenario.resolved.ini with these sections written from the specs
 * instead of the file's text, as cli_scenario_to_resolved_ini() does once it calls
 * cli_scenario_ext_write_resolved(). */
static char *
resolved_text (const CliScenario *scenario)
{
  g_autofree char *ini = cli_scenario_to_resolved_ini (scenario, "test");
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_auto (GStrv) groups = NULL;

  g_assert_true (g_key_file_load_from_data (kf, ini, (gsize)-1, G_KEY_FILE_KEEP_COMMENTS, NULL));
  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (cli_scenario_ext_is_section (groups[i]))
      g_assert_true (g_key_file_remove_group (kf, groups[i], NULL));
  cli_scenario_ext_write_resolved (scenario->model, kf);
  return g_key_file_to_data (kf, NULL, NULL);
}

/* Returns: (transfer full): @key of @group in @ini, asserted present. */
static char *
value_of (const char *ini, const char *group, const char *key)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  char *value;

  g_assert_true (g_key_file_load_from_data (kf, ini, (gsize)-1, G_KEY_FILE_NONE, NULL));
  value = g_key_file_get_value (kf, group, key, &error);
  g_assert_no_error (error);
  return value;
}

static void
assert_value (const char *ini, const char *group, const char *key, const char *expected)
{
  g_autofree char *value = value_of (ini, group, key);

  g_assert_cmpstr (value, ==, expected);
}

/* Test that the written sections load back to the same specs: written again they give the same
 * text (which holds every field of every spec), the same description, and the same whole resolved
 * scenario. */
static void
test_scenario_ext_resolved_reads_back_to_same_specs (void)
{
  g_autofree char *path = data_path ("ext-every-section.ini");
  g_autoptr (CliScenario) first = parse (every_section, path);
  g_autofree char *resolved = resolved_text (first);
  g_autoptr (CliScenario) again = parse (resolved, path);
  g_autofree char *first_ext = ext_text (first);
  g_autofree char *again_ext = ext_text (again);
  g_autofree char *first_desc = cli_scenario_ext_dup_description (first->model);
  g_autofree char *again_desc = cli_scenario_ext_dup_description (again->model);
  g_autofree char *resolved_again = resolved_text (again);

  g_test_message ("%s", first_ext);
  g_assert_cmpstr (again_ext, ==, first_ext);
  g_assert_cmpstr (again_desc, ==, first_desc);
  g_assert_cmpstr (resolved_again, ==, resolved);
  g_assert_cmpuint (again->config->services->len, ==, first->config->services->len);
  g_assert_cmpuint (again->config->node_groups->len, ==, first->config->node_groups->len);
}

/* Test that values are written in canonical text from the specs, not as the file spelled them. */
static void
test_scenario_ext_resolved_is_canonical (void)
{
  g_autofree char *path = data_path ("ext-every-section.ini");
  g_autoptr (CliScenario) scenario = parse (every_section, path);
  g_autofree char *ini = ext_text (scenario);

  assert_value (ini, "pool.out", "max_nodes", "16");
  assert_value (ini, "pool.up", "max_type", "m5.4xlarge");
  assert_value (ini, "autoscaler", "pending_for", "1m30s");
  assert_value (ini, "autoscaler", "grow_reserved", "0.8");
  assert_value (ini, "workload.ramp", "resolution", "5m");
  assert_value (ini, "batch.etl", "arrivals", "poisson(10m)");
  assert_value (ini, "batch.etl", "cpus", "0.25");
  assert_value (ini, "batch.etl", "memory", "512MiB");
  assert_value (ini, "batch.etl", "fail_probability", "0.1");
  assert_value (ini, "trace", "tasks", "trace-alibaba-pods.csv");
  assert_value (ini, "trace", "speedup", "10");
  assert_value (ini, "failures", "outages", "us-east-1b@30m+20m;us-east-1c@1h30m;");
  assert_value (ini, "failures", "spot_warning", "2m");
  /* The pool's overhead is its group's: [nodes.small] carries it, [pool.out] does not. */
  g_assert_null (strstr (ini, "overhead"));
}

/* Test that every default is written for sections that give none of their keys. */
static void
test_scenario_ext_resolved_fills_defaults (void)
{
  static const char text[] = "[nodes.manager]\n"
                             "role = manager\n"
                             "[nodes.pool]\n"
                             "[service.web]\n"
                             "[pool.pool]\n"
                             "[workload.web]\n"
                             "replicas = 3\n"
                             "[batch.jobs]\n"
                             "[trace]\n"
                             "format = google-2011\n"
                             "tasks = trace-google-task-events.csv\n"
                             "[failures]\n"
                             "spot_ttf = exp(1h)\n";
  static const struct {
    const char *group, *key, *value;
  } expected[] = {
    { "pool.pool", "kind", "scale-out" },
    { "pool.pool", "group", "pool" },
    { "pool.pool", "min_nodes", "0" },
    { "pool.pool", "max_nodes", "64" },
    { "autoscaler", "enabled", "1" },
    { "autoscaler", "interval", "15s" },
    { "autoscaler", "pending_for", "1m" },
    { "autoscaler", "grow_reserved", "0.85" },
    { "autoscaler", "grow_for", "2m" },
    { "autoscaler", "shrink_reserved", "0.3" },
    { "autoscaler", "shrink_for", "10m" },
    { "autoscaler", "cooldown", "5m" },
    { "workload.web", "service", "web" },
    { "workload.web", "resolution", "1m" },
    { "batch.jobs", "arrivals", "poisson(10m)" },
    { "batch.jobs", "runtime", "exp(10m)" },
    { "batch.jobs", "cpus", "0" },
    { "batch.jobs", "memory", "0" },
    { "batch.jobs", "restart", "none" },
    { "batch.jobs", "fail_probability", "0" },
    { "batch.jobs", "max_attempts", "0" },
    { "trace", "start", "0s" },
    { "trace", "speedup", "1" },
    { "trace", "max_tasks", "0" },
    { "trace", "machine_cpus", "32" },
    { "trace", "machine_memory", "128GiB" },
    { "trace", "node_usd_per_hour", "0" },
    { "failures", "node_kind", "crash" },
    { "failures", "spot_warning", "2m" },
  };
  g_autofree char *path = data_path ("ext-defaults.ini");
  g_autoptr (CliScenario) scenario = parse (text, path);
  g_autofree char *ini = ext_text (scenario);

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    assert_value (ini, expected[i].group, expected[i].key, expected[i].value);
}

/* Test that a scenario without these sections gets none written, not even defaults. */
static void
test_scenario_ext_resolved_writes_nothing_without_sections (void)
{
  g_autoptr (CliScenario) scenario =
      parse ("[nodes.manager]\nrole = manager\n[service.web]\n", "plain.ini");
  g_autofree char *ini = ext_text (scenario);

  g_assert_cmpstr (ini, ==, "");
}

/* Returns: (transfer full): compare.csv of `compare -n 4 -q` on @up and @out, written in @dir. */
static char *
compare_csv (char *up, char *out, const char *dir)
{
  g_autofree char *results = g_build_filename (dir, "results", NULL);
  char cmd[] = "compare", n[] = "-n", four[] = "4", q[] = "-q", o[] = "-o";
  char *argv[] = { cmd, up, out, n, four, q, o, results, NULL };

  g_assert_cmpint (cli_cmd_compare ((int)G_N_ELEMENTS (argv) - 1, argv), ==, CLI_EXIT_OK);
  return cli_test_read_file (results, "compare.csv", NULL);
}

/* Writes the resolved form of the scenario at @path into @dir under the same file name (the name
 * is the variant's name in compare.csv). Returns: (transfer full): the new file's path. */
static char *
write_resolved (const char *path, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = cli_scenario_load (path, NULL, &error);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = NULL;
  char *copy = g_build_filename (dir, base, NULL);

  g_assert_no_error (error);
  text = resolved_text (scenario);
  g_assert_true (g_file_set_contents (copy, text, -1, &error));
  g_assert_no_error (error);
  return copy;
}

/* Test that the scale-up versus scale-out pair, written resolved and read again, gives the same
 * compare.csv as the files themselves (pools, autoscaler, workload and failures included). */
static void
test_scenario_ext_resolved_pools_compare_identically (void)
{
  const char *root = g_getenv ("SWARMSIM_SOURCE_DIR");
  g_autofree char *up = g_build_filename (root, "scenarios", "scale-up-vs-scale-out-up.ini", NULL);
  g_autofree char *out =
      g_build_filename (root, "scenarios", "scale-up-vs-scale-out-out.ini", NULL);
  g_autofree char *dir = cli_test_make_folder ("scenario-ext-XXXXXX");
  g_autofree char *original_dir = g_build_filename (dir, "original", NULL);
  g_autofree char *resolved_dir = g_build_filename (dir, "resolved", NULL);
  g_autofree char *up_resolved = NULL;
  g_autofree char *out_resolved = NULL;
  g_autofree char *original = NULL;
  g_autofree char *resolved = NULL;

  g_assert_cmpint (g_mkdir (resolved_dir, 0755), ==, 0);
  up_resolved = write_resolved (up, resolved_dir);
  out_resolved = write_resolved (out, resolved_dir);
  original = compare_csv (up, out, original_dir);
  resolved = compare_csv (up_resolved, out_resolved, resolved_dir);
  g_assert_true (g_str_has_prefix (original, "variant,metric,"));
  g_assert_nonnull (strstr (original, "scale-up-vs-scale-out-out,"));
  g_assert_cmpstr (resolved, ==, original);
  cli_test_remove_folder (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (g_getenv ("SWARMSIM_SOURCE_DIR") == NULL) {
    g_printerr ("SWARMSIM_SOURCE_DIR is not set; run through ctest\n");
    return 77;
  }
  g_test_add_func ("/cli/scenario-ext/resolved-reads-back-to-same-specs",
                   test_scenario_ext_resolved_reads_back_to_same_specs);
  g_test_add_func ("/cli/scenario-ext/resolved-is-canonical",
                   test_scenario_ext_resolved_is_canonical);
  g_test_add_func ("/cli/scenario-ext/resolved-fills-defaults",
                   test_scenario_ext_resolved_fills_defaults);
  g_test_add_func ("/cli/scenario-ext/resolved-writes-nothing-without-sections",
                   test_scenario_ext_resolved_writes_nothing_without_sections);
  g_test_add_func ("/cli/scenario-ext/resolved-pools-compare-identically",
                   test_scenario_ext_resolved_pools_compare_identically);
  return g_test_run ();
}
