/* SPDX-License-Identifier: MIT
 * Tests of the swarmsim program as a user meets it: --help and --version, option errors, one test
 * per kind of bad scenario input (exact one-line message, exit status 2, nothing written), the
 * marker rule on the output folder, and `swarmsim check`. Runs the built binary. */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli/results.h"
#include "cli_test_util.h"

/* GOOD with more keys in its [nodes.worker] or [service.web] section: a section may not be given
 * twice. */
#define GOOD_WITH(worker_keys, web_keys)                                                           \
  "[nodes.manager]\nrole = manager\n"                                                              \
  "[nodes.worker]\ncount = 3\n" worker_keys                                                        \
  "[service.web]\nimage = nginx:1.25\nreplicas = 6\n" web_keys "[at.1m]\ncrash = worker-2\n"
#define GOOD              GOOD_WITH ("", "")
#define GOOD_WORKER(keys) GOOD_WITH (keys, "")
#define GOOD_WEB(keys)    GOOD_WITH ("", keys)

typedef struct {
  char *root; /* a fresh folder, the program's working folder */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  (void)data;
  f->root = cli_test_make_folder ("swarmsim-program-XXXXXX");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  g_clear_pointer (&f->root, cli_test_remove_folder);
}

static gboolean
have_program (void)
{
  g_autofree char *program = cli_test_program ();
  if (program != NULL && g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    return TRUE;
  g_test_skip ("SWARMSIM_BUILD_DIR does not hold the swarmsim program");
  return FALSE;
}

static void
write_scenario (Fixture *f, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (f->root, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* Runs the program with @args in the fixture's folder and asserts that it succeeded: exit status
 * 0 and nothing on standard error. */
static void
run_ok (Fixture *f, const char *const *args, CliTestRun *run_out)
{
  cli_test_run (f->root, args, run_out);
  g_assert_cmpstr (run_out->err, ==, "");
  g_assert_cmpint (run_out->status, ==, 0);
}

/* Runs the program with @args in the fixture's folder and asserts that it refused bad input:
 * exit status 2 and exactly @message on standard error. */
static void
run_bad (Fixture *f, const char *const *args, const char *message, CliTestRun *run_out)
{
  cli_test_run (f->root, args, run_out);
  g_assert_cmpint (run_out->status, ==, 2);
  g_assert_cmpstr (run_out->err, ==, message);
}

/* Returns: (transfer full): the contents of @name in the results folder "out". */
static char *
read_result (Fixture *f, const char *name)
{
  return cli_test_read_file (f->root, "out", name, NULL);
}

/* Asserts that @text contains @part, showing both when it does not. */
static void
assert_contains (const char *text, const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("expected to find \"%s\" in:\n%s", part, text);
}

/* Asserts that @text does not contain @part, showing both when it does. */
static void
assert_lacks (const char *text, const char *part)
{
  if (strstr (text, part) != NULL)
    g_error ("expected no \"%s\" in:\n%s", part, text);
}

/* Asserts that the sorted names in @dir, joined by " ", are @names. */
static void
assert_folder_holds (const char *dir, const char *names)
{
  g_autofree char *left = cli_test_list_dir (dir);
  g_assert_cmpstr (left, ==, names);
}

/* Test that --help exits 0 and shows the commands and examples. */
static void
test_program_help_shows_examples (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_auto (CliTestRun) run;
  cli_test_run (f->root, (const char *[]){ "--help", NULL }, &run);
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "swarmsim check");
  assert_contains (run.out, "Examples:");
  assert_contains (run.out, "--replications");
}

/* Test that --version prints the name and version on one line. */
static void
test_program_version_prints_version (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_auto (CliTestRun) run;
  cli_test_run (f->root, (const char *[]){ "--version", NULL }, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "swarmsim "));
  g_assert_true (g_str_has_suffix (run.out, "\n"));
  g_assert_true (strchr (run.out, '\n') == run.out + strlen (run.out) - 1);
}

/* Test that an unknown option exits 2 with one line naming it. */
static void
test_program_unknown_option_exits_2 (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_auto (CliTestRun) run;
  cli_test_run (f->root, (const char *[]){ "--bogus", "x.ini", NULL }, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "swarmsim: "));
  assert_contains (run.err, "--bogus");
  g_assert_cmpuint (strlen (strchr (run.err, '\n')), ==, 1);
}

/* Test that a bad --seed value exits 2 with the valid range. */
static void
test_program_bad_seed_exits_2 (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini", GOOD);
  g_auto (CliTestRun) run;
  run_bad (f, (const char *[]){ "--seed", "-3", "good.ini", NULL },
           "--seed: \"-3\" is not valid; expected a whole number from 0 to "
           "18446744073709551615\n",
           &run);
  assert_folder_holds (f->root, "good.ini");
}

/* One kind of bad input: the scenario text, extra arguments, and the exact message. */
typedef struct {
  const char *path;
  const char *scenario;
  const char *set; /* (nullable) a --set argument */
  const char *message;
} BadInput;

static const BadInput bad_inputs[] = {
  { "/cli/program/unknown-section-exits-2", GOOD "[servce.db]\nreplicas = 1\n", NULL,
    "bad.ini: [servce.db]: unknown section; expected simulation, swarm, ec2, registry, "
    "instance_type.NAME, nodes.NAME, service.NAME, at.TIME, event.NAME, pool.NAME, autoscaler, "
    "workload.NAME, batch.NAME, trace or failures" },
  { "/cli/program/unknown-key-exits-2", GOOD "[simulation]\nseeds = 1\n", NULL,
    "bad.ini: [simulation] seeds: unknown key; expected one of duration, step, seed, "
    "replications" },
  { "/cli/program/wrong-type-exits-2", GOOD "[nodes.db]\ncount = two\n", NULL,
    "bad.ini: [nodes.db] count: \"two\" is not a whole number; expected a whole number from 0 to "
    "100000" },
  { "/cli/program/out-of-range-exits-2", GOOD "[swarm]\ngrace_multiplier = 0\n", NULL,
    "bad.ini: [swarm] grace_multiplier: \"0\" is out of range; expected a whole number from 1 to "
    "100" },
  { "/cli/program/unknown-instance-type-exits-2", GOOD "[nodes.big]\ninstance_type = m9.huge\n",
    NULL,
    "bad.ini: [nodes.big] instance_type: unknown instance type \"m9.huge\"; expected one of "
    "c5.12xlarge, c5.18xlarge, c5.24xlarge, c5.2xlarge, c5.4xlarge, c5.9xlarge, c5.large, "
    "c5.xlarge, m5.12xlarge, m5.16xlarge, m5.24xlarge, m5.2xlarge, m5.4xlarge, m5.8xlarge, "
    "m5.large, m5.xlarge, r5.2xlarge, r5.4xlarge, r5.large, r5.xlarge, t3.2xlarge, t3.large, "
    "t3.medium, t3.micro, t3.small, t3.xlarge" },
  { "/cli/program/unparsable-constraint-exits-2",
    GOOD "[service.db]\nconstraints = node.role=manager\n", NULL,
    "bad.ini: [service.db] constraints: constraint \"node.role=manager\" has no operator; "
    "expected \"key==value\" or \"key!=value\"" },
  { "/cli/program/action-on-missing-node-exits-2", GOOD "[at.2m]\nrecover = worker-7\n", NULL,
    "bad.ini: [at.2m] recover: node \"worker-7\" does not exist; expected one of manager-1, "
    "worker-1, worker-2, worker-3" },
  { "/cli/program/resize-unknown-type-exits-2", GOOD "[at.2m]\nresize = worker-1 m9.huge\n", NULL,
    "bad.ini: [at.2m] resize: unknown instance type \"m9.huge\"; expected one of c5.12xlarge, "
    "c5.18xlarge, c5.24xlarge, c5.2xlarge, c5.4xlarge, c5.9xlarge, c5.large, c5.xlarge, "
    "m5.12xlarge, m5.16xlarge, m5.24xlarge, m5.2xlarge, m5.4xlarge, m5.8xlarge, m5.large, "
    "m5.xlarge, r5.2xlarge, r5.4xlarge, r5.large, r5.xlarge, t3.2xlarge, t3.large, t3.medium, "
    "t3.micro, t3.small, t3.xlarge" },
  { "/cli/program/resize-of-pool-node-exits-2",
    GOOD "[pool.worker]\nmax_nodes = 6\n[at.2m]\nresize = worker-1 m5.xlarge\n", NULL,
    "bad.ini: pool \"worker\": action 2 (resize worker-1 m5.xlarge at 2m) changes a node the "
    "pool manages; expected no timeline resize or terminate of the pool's nodes" },
  { "/cli/program/resize-missing-node-exits-2", GOOD "[at.2m]\nresize = worker-7 m5.xlarge\n", NULL,
    "bad.ini: [at.2m] resize: node \"worker-7\" does not exist; expected one of manager-1, "
    "worker-1, worker-2, worker-3" },
  { "/cli/program/resize-without-type-exits-2", GOOD "[at.2m]\nresize = worker-1\n", NULL,
    "bad.ini: [at.2m] resize: \"worker-1\" cannot be parsed; expected NODE TYPE, e.g. worker-1 "
    "m5.xlarge" },
  { "/cli/program/action-on-terminated-node-exits-2",
    GOOD "[at.2m]\nterminate = worker-3\n[at.3m]\ndrain = worker-3\n", NULL,
    "bad.ini: [at.3m] drain: node \"worker-3\" does not exist; expected one of manager-1, "
    "worker-1, worker-2" },
  { "/cli/program/pool-unknown-key-exits-2", GOOD "[pool.worker]\nmax_node = 8\n", NULL,
    "bad.ini: [pool.worker] max_node: unknown key; expected one of kind, group, min_nodes, "
    "max_nodes, max_type, overhead_cpus, overhead_memory" },
  { "/cli/program/pool-bad-kind-exits-2", GOOD "[pool.worker]\nkind = sideways\n", NULL,
    "bad.ini: [pool.worker] kind: \"sideways\" is not a pool kind; expected scale-up or "
    "scale-out" },
  { "/cli/program/pool-missing-group-exits-2", GOOD "[pool.db]\nkind = scale-out\n", NULL,
    "bad.ini: [pool.db] group: pool \"db\": node group \"db\" does not exist; expected a "
    "[nodes.db] section" },
  { "/cli/program/autoscaler-out-of-range-exits-2", GOOD "[autoscaler]\ngrow_reserved = 1.5\n",
    NULL,
    "bad.ini: [autoscaler] grow_reserved: \"1.5\" is out of range; expected a number in [0, 1]" },
  { "/cli/program/workload-missing-replicas-exits-2", GOOD "[workload.web]\nresolution = 1m\n",
    NULL,
    "bad.ini: [workload.web] replicas: missing; expected a replica curve such as "
    "ramp(4,24,30m,4h)" },
  { "/cli/program/batch-bad-restart-exits-2", GOOD "[batch.jobs]\nrestart = always\n", NULL,
    "bad.ini: [batch.jobs] restart: \"always\" is not a condition; expected none or on-failure" },
  { "/cli/program/failures-unknown-key-exits-2", GOOD "[failures]\nnode_mttf = exp(1h)\n", NULL,
    "bad.ini: [failures] node_mttf: unknown key; expected one of node_ttf, node_ttr, node_kind, "
    "zone_ttf, zone_duration, outages, spot_ttf, spot_warning" },
  { "/cli/program/failures-missing-ttr-exits-2", GOOD "[failures]\nnode_ttf = exp(1h)\n", NULL,
    "bad.ini: [failures] node_ttr: missing; expected a distribution when node_ttf is set" },
  { "/cli/program/bad-overhead-cpus-exits-2", GOOD_WORKER ("overhead_cpus = lots\n"), NULL,
    "bad.ini: [nodes.worker] overhead_cpus: invalid cpus \"lots\": expected a decimal number of "
    "CPUs, e.g. 0.5 or 2" },
  { "/cli/program/overhead-above-instance-exits-2", GOOD_WORKER ("overhead_memory = 8GiB\n"), NULL,
    "bad.ini: node group \"worker\": overhead of 0 vCPUs and 8589934592 bytes; expected ≥ 0 and "
    "less than m5.large's 2 vCPUs and 8589934592 bytes" },
  { "/cli/program/pool-overhead-above-instance-exits-2", GOOD "[pool.worker]\noverhead_cpus = 2\n",
    NULL,
    "bad.ini: node group \"worker\": overhead of 2 vCPUs and 0 bytes; expected ≥ 0 and less than "
    "m5.large's 2 vCPUs and 8589934592 bytes" },
  { "/cli/program/pool-overhead-conflict-exits-2",
    GOOD_WORKER ("overhead_cpus = 0.5\n") "[pool.worker]\noverhead_cpus = 0.25\n", NULL,
    "bad.ini: [pool.worker] overhead_cpus: \"0.25\" differs from the node group's overhead_cpus; "
    "expected it in one place only" },
  { "/cli/program/instance-type-unknown-key-exits-2", GOOD "[instance_type.x9.big]\nvcpus = 4\n",
    NULL,
    "bad.ini: [instance_type.x9.big] vcpus: unknown key; expected one of vcpu, memory, "
    "usd_per_hour, family, burstable" },
  { "/cli/program/instance-type-zero-vcpu-exits-2",
    GOOD "[instance_type.x9.big]\nvcpu = 0\nmemory = 4GiB\nusd_per_hour = 1\n", NULL,
    "bad.ini: [instance_type.x9.big] vcpu: \"0\" is out of range; expected a whole number from 1 "
    "to 4096" },
  { "/cli/program/instance-type-zero-memory-exits-2",
    GOOD "[instance_type.x9.big]\nvcpu = 4\nmemory = 0\nusd_per_hour = 1\n", NULL,
    "bad.ini: [instance_type.x9.big] memory: \"0\" is out of range; expected at least 1 byte" },
  { "/cli/program/instance-type-bad-price-exits-2",
    GOOD "[instance_type.x9.big]\nvcpu = 4\nmemory = 4GiB\nusd_per_hour = -1\n", NULL,
    "bad.ini: [instance_type.x9.big] usd_per_hour: \"-1\" is not a price; expected a number of "
    "US dollars from 0, e.g. 0.096" },
  { "/cli/program/instance-type-bad-burstable-exits-2",
    GOOD "[instance_type.t3.small]\nburstable = yes\n", NULL,
    "bad.ini: [instance_type.t3.small] burstable: \"yes\" is not a boolean; expected true or "
    "false" },
  { "/cli/program/instance-type-missing-price-exits-2",
    GOOD "[instance_type.x9.big]\nvcpu = 4\nmemory = 4GiB\n", NULL,
    "bad.ini: [instance_type.x9.big] usd_per_hour: missing for a type that is not in the "
    "instance catalog; expected a price in US dollars per hour, e.g. 0.0816" },
  { "/cli/program/instance-type-bad-name-exits-2",
    GOOD "[instance_type.x9/big]\nvcpu = 4\nmemory = 4GiB\nusd_per_hour = 1\n", NULL,
    "bad.ini: [instance_type.x9/big]: invalid name \"x9/big\"; expected letters, digits, '-', '_' "
    "and '.'" },
  { "/cli/program/publish-bad-protocol-exits-2", GOOD_WEB ("publish = 8080:80/sctp\n"), NULL,
    "bad.ini: [service.web] publish: port \"8080:80/sctp\" cannot be parsed; expected "
    "PUBLISHED:TARGET with an optional /tcp or /udp, ports from 1 to 65535, e.g. 8080:80/tcp" },
  { "/cli/program/publish-port-0-exits-2", GOOD_WEB ("publish = 0:80\n"), NULL,
    "bad.ini: [service.web] publish: port \"0:80\" cannot be parsed; expected PUBLISHED:TARGET "
    "with an optional /tcp or /udp, ports from 1 to 65535, e.g. 8080:80/tcp" },
  { "/cli/program/publish-range-exits-2", GOOD_WEB ("publish = 8000-8010:80\n"), NULL,
    "bad.ini: [service.web] publish: port \"8000-8010:80\" cannot be parsed; expected "
    "PUBLISHED:TARGET with an optional /tcp or /udp, ports from 1 to 65535, e.g. 8080:80/tcp" },
  { "/cli/program/publish-twice-exits-2", GOOD_WEB ("publish = 8080:80, 8080:81/tcp\n"), NULL,
    "bad.ini: [service.web] publish: port 8080/tcp is published twice; expected each published "
    "port and protocol once" },
  { "/cli/program/bad-platform-exits-2", GOOD_WORKER ("platform = linux\n"), NULL,
    "bad.ini: [nodes.worker] platform: platform \"linux\" cannot be parsed; expected OS/ARCH in "
    "lower case, e.g. linux/x86_64, linux/amd64 or linux/arm64" },
  { "/cli/program/bad-service-platforms-exits-2",
    GOOD_WEB ("platforms = linux/arm64, LINUX/AMD64\n"), NULL,
    "bad.ini: [service.web] platforms: platform \"LINUX/AMD64\" cannot be parsed; expected "
    "OS/ARCH in lower case, e.g. linux/x86_64, linux/amd64 or linux/arm64" },
  { "/cli/program/bad-engine-label-exits-2", GOOD_WORKER ("engine_labels = =ssd\n"), NULL,
    "bad.ini: [nodes.worker] engine_labels: label \"=ssd\" cannot be parsed; expected KEY=VALUE, "
    "e.g. az=a" },
  { "/cli/program/key-twice-exits-2", GOOD_WEB ("# again\n\n  replicas=7\n"), NULL,
    "bad.ini: [service.web] replicas: the key is given twice; expected each key once per "
    "section" },
  { "/cli/program/section-twice-exits-2", GOOD "[service.web]\nimage = nginx:1.26\n", NULL,
    "bad.ini: [service.web]: the section is given twice; expected each section once" },
  { "/cli/program/action-after-the-end-exits-2",
    GOOD "[simulation]\nduration = 10m\n[at.50m]\ncrash = worker-1\n", NULL,
    "bad.ini: [at.50m]: the action is after the end of the run (duration 10m); expected a time "
    "within the run" },
  { "/cli/program/bad-set-exits-2", GOOD, "web.replicas",
    "--set: \"web.replicas\" cannot be parsed; expected SECTION.KEY=VALUE, e.g. "
    "service.web.replicas=6" },
  { "/cli/program/set-of-missing-service-exits-2", GOOD, "service.wbe.replicas=3",
    "--set: [service.wbe] is not in the scenario; expected a section the scenario has (--set "
    "changes items, it does not add them)" },
};

/* Test that each kind of bad input gives its exact one-line message, exit status 2, and leaves no
 * results and no staging folder behind. */
static void
test_program_bad_input (Fixture *f, gconstpointer data)
{
  const BadInput *bad = data;
  if (!have_program ())
    return;
  write_scenario (f, "bad.ini", bad->scenario);
  const char *with_set[] = { "--set", bad->set, "--out", "out", "bad.ini", NULL };
  const char *without_set[] = { "--out", "out", "bad.ini", NULL };
  g_autofree char *expected = g_strdup_printf ("%s\n", bad->message);
  g_auto (CliTestRun) run;
  run_bad (f, bad->set != NULL ? with_set : without_set, expected, &run);
  g_assert_cmpstr (run.out, ==, "");
  assert_folder_holds (f->root, "bad.ini");
}

/* Test that the program refuses an output folder it did not create, and leaves it untouched. */
static void
test_program_refuses_foreign_folder (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini", GOOD);
  g_autofree char *out = g_build_filename (f->root, "out", NULL);
  g_assert_cmpint (g_mkdir (out, 0777), ==, 0);
  g_autofree char *mine = g_build_filename (out, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (mine, "mine", -1, NULL));

  g_auto (CliTestRun) run;
  run_bad (f, (const char *[]){ "--out", "out", "good.ini", NULL },
           "out: exists and was not created by swarmsim (no .swarmsim-results in it); expected "
           "a swarmsim results folder, an empty folder or a new path (--force replaces only "
           "swarmsim's folders: choose another --out, or empty it yourself)\n",
           &run);
  assert_folder_holds (out, "notes.txt");
  assert_folder_holds (f->root, "good.ini out");
}

/* Test that --seed and --replications reach run.ini, with one seed per replication. */
static void
test_program_seed_and_replications_reach_run_ini (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini", GOOD);
  g_auto (CliTestRun) run;
  run_ok (f,
          (const char *[]){ "--quiet", "--seed", "5", "--replications", "2", "--out", "out",
                            "good.ini", NULL },
          &run);
  g_autofree char *ini = read_result (f, "run.ini");
  assert_contains (ini, "\nseed=5\nreplications=2\n");
  assert_contains (ini, "\n[seeds]\n1=5\n2=");
}

/* Test that running twice replaces the program's own results and leaves nothing beside them. */
static void
test_program_rerun_replaces_own_results (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini", GOOD);
  for (int i = 0; i < 2; i++) {
    g_auto (CliTestRun) run;
    run_ok (f, (const char *[]){ "--out", "out", "good.ini", NULL }, &run);
    assert_contains (run.out, "Results: out/\n");
  }
  assert_folder_holds (f->root, "good.ini out");
  g_autofree char *out = g_build_filename (f->root, "out", NULL);
  g_autofree char *files = cli_test_list_dir (out);
  g_assert_cmpstr (
      files, ==,
      ".swarmsim-results cluster.csv control_plane.csv events.csv events.log node_intervals.csv "
      "nodes.csv recovery.csv run.ini scenario.resolved.ini statistics.csv "
      "summary.csv summary.txt tasks.csv timeline.csv");
}

/* Test that `check` prints the resolved cluster and timeline and writes nothing. */
static void
test_program_check_prints_cluster_and_timeline (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini", GOOD);
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "check", "good.ini", NULL }, &run);
  assert_contains (run.out, "valid scenario \"good\"");
  assert_contains (run.out, "Cluster: 4 nodes, 8 vCPU, 32 GiB, $0.3840/hour");
  assert_contains (run.out, "web        6 replicas of nginx:1.25");
  assert_contains (run.out, "00:01:00.000 crash worker-2");
  assert_folder_holds (f->root, "good.ini");
}

/* Test that a timeline resize and terminate parse, show in `check`, run, and are written back to
 * scenario.resolved.ini; the resize may name a scenario's own type. */
static void
test_program_resize_and_terminate_run (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini",
                  GOOD "[simulation]\nduration = 4m\n"
                       "[instance_type.x9.big]\nvcpu = 8\nmemory = 32GiB\nusd_per_hour = 1\n"
                       "[at.2m]\nresize = worker-1 m5.xlarge, worker-3 x9.big\n"
                       "[event.shrink]\nat = 3m\nterminate = worker-3\n");
  g_auto (CliTestRun) check;
  run_ok (f, (const char *[]){ "check", "good.ini", NULL }, &check);
  assert_contains (check.out, "  00:02:00.000 resize worker-1 m5.xlarge\n"
                              "  00:02:00.000 resize worker-3 x9.big\n"
                              "  00:03:00.000 terminate worker-3\n");

  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "--timeline", "--out", "out", "good.ini", NULL }, &run);
  assert_contains (run.out, " worker-1 resized from m5.large to m5.xlarge (stop, start)\n");
  assert_contains (run.out, " worker-3 removed and terminated\n");
  g_autofree char *recovery = read_result (f, "recovery.csv");
  assert_contains (recovery, ",resize,worker-1,120.000,");
  assert_contains (recovery, ",resize,worker-3,120.000,");
  assert_contains (recovery, ",remove,worker-3,180.000,");
  g_autofree char *ini = read_result (f, "scenario.resolved.ini");
  assert_contains (ini, "\n[at.2m]\nresize=worker-1 m5.xlarge, worker-3 x9.big\n");
  assert_contains (ini, "\n[event.shrink]\nat=3m\nterminate=worker-3\n");
}

/* Test that `check` rejects bad input like a run does. */
static void
test_program_check_rejects_bad_input (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "bad.ini", GOOD_WEB ("replica = 2\n"));
  g_auto (CliTestRun) run;
  cli_test_run (f->root, (const char *[]){ "check", "bad.ini", NULL }, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "bad.ini: [service.web] replica: unknown key; "));
}

/* Test that `check` rejects a bad key in a pool section with the one-line message and exit 2. */
static void
test_program_check_rejects_bad_pool_key (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "bad.ini", GOOD "[pool.worker]\nkind = scale-out\nmax = 9\n");
  g_auto (CliTestRun) run;
  run_bad (f, (const char *[]){ "check", "bad.ini", NULL },
           "bad.ini: [pool.worker] max: unknown key; expected one of kind, group, min_nodes, "
           "max_nodes, max_type, overhead_cpus, overhead_memory\n",
           &run);
  g_assert_cmpstr (run.out, ==, "");
  assert_folder_holds (f->root, "bad.ini");
}

/* Test that `check` describes the pools, workloads and failures of a scenario. */
static void
test_program_check_describes_pools (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini",
                  GOOD "[pool.worker]\nmax_nodes = 6\n[workload.web]\nreplicas = step(6,12,1h)\n"
                       "[failures]\nnode_ttf = exp(12h)\nnode_ttr = 10m\n");
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "check", "good.ini", NULL }, &run);
  assert_contains (run.out, "  pool worker: scale-out of group worker, the group's count "
                            "to 6 nodes, autoscaler on\n");
  assert_contains (run.out, "  workload web: replicas step(6,12,1h), every 1m\n");
  assert_contains (run.out, "  every node: crash after exp(12h) up, repaired after");
}

/* Test that a run with pool, workload and failure sections succeeds and writes its results. */
static void
test_program_run_with_pools_writes_results (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini",
                  GOOD "[simulation]\nduration = 1h\n[pool.worker]\nmax_nodes = 6\n"
                       "[service.app]\nreplicas = 2\nreserve_cpus = 1\n"
                       "[workload.app]\nreplicas = step(2,10,10m)\n");
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "--quiet", "--out", "out", "good.ini", NULL }, &run);
  g_autofree char *ini = read_result (f, "scenario.resolved.ini");
  assert_contains (ini,
                   "\n[pool.worker]\nkind=scale-out\ngroup=worker\nmin_nodes=0\nmax_nodes=6\n");
  /* The pool joined nodes: the scale-out group has a fifth node in nodes.csv. */
  g_autofree char *nodes = read_result (f, "nodes.csv");
  assert_contains (nodes, "worker-4");
}

/* Test that --replications in parallel gives byte-identical results folders with 1 and 2 threads.
 */
static void
test_program_replications_same_for_1_and_2_threads (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini",
                  GOOD "[simulation]\nduration = 30m\n"
                       "[failures]\nnode_ttf = exp(10m)\nnode_ttr = 2m\n");
  const char *threads[] = { "1", "2" };
  for (gsize i = 0; i < G_N_ELEMENTS (threads); i++) {
    g_auto (CliTestRun) run;
    g_autofree char *out = g_strdup_printf ("out-%s", threads[i]);
    run_ok (f,
            (const char *[]){ "--quiet", "--replications", "5", "--threads", threads[i], "--out",
                              out, "good.ini", NULL },
            &run);
  }
  g_autofree char *one = g_build_filename (f->root, "out-1", NULL);
  g_autofree char *two = g_build_filename (f->root, "out-2", NULL);
  g_autofree char *names_one = cli_test_list_dir (one);
  g_autofree char *names_two = cli_test_list_dir (two);
  g_assert_cmpstr (names_one, ==, names_two);
  g_auto (GStrv) names = g_strsplit (names_one, " ", -1);
  for (guint i = 0; names[i] != NULL; i++) {
    g_autofree char *a = cli_test_read_file (one, names[i], NULL);
    g_autofree char *b = cli_test_read_file (two, names[i], NULL);
    g_assert_cmpstr (a, ==, b);
  }
  /* Five replications with failures: the statistics really pool several runs. */
  g_autofree char *stats = cli_test_read_file (one, "statistics.csv", NULL);
  assert_contains (stats, "\ncost_usd,5,");
}

/* Test that a node group of a scenario's own instance type is billed at that type's price: one
 * manager at $6 an hour for 10 minutes costs $1. */
static void
test_program_own_instance_type_is_billed_at_its_price (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini",
                  "[simulation]\nduration = 10m\n"
                  "[instance_type.x9.custom]\nvcpu = 4\nmemory = 16GiB\nusd_per_hour = 6\n"
                  "[nodes.manager]\nrole = manager\ninstance_type = x9.custom\n"
                  "[service.web]\nreplicas = 2\n");
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "--quiet", "--out", "out", "good.ini", NULL }, &run);
  g_autofree char *summary = read_result (f, "summary.csv");
  assert_contains (summary, "\n1,cost_usd,1.0000,usd\n1,usd_per_hour,6.0000,usd_per_hour\n");
}

/* Test that a service publishing a host-mode port never has two tasks on one node: with one node
 * and two replicas, the second stays pending for the whole run (SwarmKit's HostPortFilter). */
static void
test_program_published_port_keeps_one_task_per_node (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini",
                  "[simulation]\nduration = 1m\n[nodes.manager]\nrole = manager\n"
                  "[service.web]\nreplicas = 2\npublish = 8080:80/tcp\n");
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "--quiet", "--out", "out", "good.ini", NULL }, &run);
  g_autofree char *timeline = read_result (f, "timeline.csv");
  g_assert_true (g_str_has_suffix (timeline, "\n60.000,web,2,1,1\n"));
  g_autofree char *tasks = read_result (f, "tasks.csv");
  assert_contains (tasks, ",1,web,1,manager-1,running,running,,us-east-1a,m5.large\n");
  assert_lacks (tasks, ",2,web,2,manager-1,");
}

/* Test that a user sees why a task is pending: SwarmKit's reason in the timeline (--timeline and
 * events.log), in tasks.csv's err column, and in summary.txt's count of tasks still pending. */
static void
test_program_pending_reason_is_shown (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini",
                  "[simulation]\nduration = 1m\n[nodes.manager]\nrole = manager\n"
                  "[service.web]\nreplicas = 2\npublish = 8080:80/tcp\n");
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "--timeline", "--out", "out", "good.ini", NULL }, &run);
  const char *line = "\n00:00:00.050 web.2 pending: no suitable node (host-mode port already in "
                     "use on 1 node)\n";
  assert_contains (run.out, line);
  g_autofree char *log = read_result (f, "events.log");
  assert_contains (log, line);
  g_autofree char *tasks = read_result (f, "tasks.csv");
  g_assert_true (g_str_has_prefix (
      tasks, "t_s,task,service,slot,node,state,desired,err,zone,instance_type\n"));
  /* Unassigned: no node, so no zone or instance type. */
  assert_contains (tasks, "\n0.050,2,web,2,,pending,running,no suitable node (host-mode "
                          "port already in use on 1 node),,\n");
  g_autofree char *summary = read_result (f, "summary.txt");
  assert_contains (summary, "\n\nStill pending at the end (replication 1):\n  web        "
                            "1 task: no suitable node (host-mode port already in use on "
                            "1 node)\n");
}

/* Test that a constraint on a key SwarmKit does not know is kept (the service stays pending, as in
 * SwarmKit) but warned about on standard error, by `check` and by a run, --quiet or not. */
static void
test_program_unknown_constraint_key_is_warned (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini",
                  "[simulation]\nduration = 1m\n[nodes.manager]\nrole = manager\n"
                  "[service.db]\nreplicas = 1\nconstraints = node.rolez==worker, "
                  "node.role==manager\n");
  const char *warning =
      "good.ini: [service.db] constraints: warning: node.rolez is not a key SwarmKit matches "
      "(node.id, node.hostname, node.ip, node.role, node.platform.os, node.platform.arch, "
      "node.labels.*, engine.labels.*); no node will ever match\n";
  g_auto (CliTestRun) check;
  cli_test_run (f->root, (const char *[]){ "check", "good.ini", NULL }, &check);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_cmpstr (check.err, ==, warning);
  assert_contains (check.out, "valid scenario");
  g_auto (CliTestRun) run;
  cli_test_run (f->root, (const char *[]){ "--quiet", "--out", "out", "good.ini", NULL }, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, warning);
  g_assert_cmpstr (run.out, ==, "");
  g_autofree char *tasks = read_result (f, "tasks.csv");
  assert_contains (tasks, ",1,db,1,,pending,running,");
}

/* Test that `check` lists a service's published host ports under the service. */
static void
test_program_check_lists_published_ports (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini", GOOD_WEB ("publish = 8080:80, 53:53/udp\n"));
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "check", "good.ini", NULL }, &run);
  assert_contains (run.out, "\n             publishes 8080/tcp in host mode: one task per "
                            "node\n             publishes 53/udp in host mode: one task "
                            "per node\n");
}

#define ARM_CLUSTER                                                                                \
  "[simulation]\nduration = 1m\n[nodes.manager]\nrole = manager\n"                                 \
  "[instance_type.m7g.large]\nvcpu = 2\nmemory = 8GiB\nusd_per_hour = 0.0816\n"                    \
  "[nodes.arm]\ncount = 2\ninstance_type = m7g.large\nengine_labels = storage=ssd\n"

/* Test that a service whose image is linux/arm64 runs only on the Graviton group: its nodes report
 * aarch64, which the platform filter takes for arm64, and the x86 manager is left out. */
static void
test_program_arm64_service_runs_only_on_graviton_nodes (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini",
                  ARM_CLUSTER "[service.web]\nreplicas = 4\nplatforms = linux/arm64\n");
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "--quiet", "--out", "out", "good.ini", NULL }, &run);
  g_autofree char *timeline = read_result (f, "timeline.csv");
  g_assert_true (g_str_has_suffix (timeline, "\n60.000,web,4,4,0\n"));
  g_autofree char *tasks = read_result (f, "tasks.csv");
  assert_contains (tasks, ",arm-1,running,running");
  assert_contains (tasks, ",arm-2,running,running");
  assert_lacks (tasks, ",manager-1,");
}

/* Test that an engine.labels constraint places the service on the group with that engine label. */
static void
test_program_engine_label_constraint_selects_the_group (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini",
                  ARM_CLUSTER
                  "[service.db]\nreplicas = 2\nconstraints = engine.labels.storage==ssd\n");
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "--quiet", "--out", "out", "good.ini", NULL }, &run);
  g_autofree char *tasks = read_result (f, "tasks.csv");
  assert_contains (tasks, ",arm-1,running,running");
  assert_lacks (tasks, ",manager-1,");
}

/* Test that `check` shows a group's platform when it is not x86 Linux, its engine labels, and a
 * service's platforms. */
static void
test_program_check_lists_platforms (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini", ARM_CLUSTER "[service.web]\nplatforms = linux/arm64\n");
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "check", "good.ini", NULL }, &run);
  assert_contains (run.out, "\n             platform linux/aarch64, engine labels "
                            "storage=ssd\n");
  assert_contains (run.out, "\n             runs on linux/arm64\n");
  /* The manager is x86 Linux: no second line. */
  assert_lacks (run.out, "platform linux/x86_64");
}

/* Test that a bad --threads value exits 2 with the valid range. */
static void
test_program_bad_threads_exits_2 (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini", GOOD);
  g_auto (CliTestRun) run;
  run_bad (f, (const char *[]){ "--threads", "0", "good.ini", NULL },
           "--threads: \"0\" is not valid; expected a whole number from 1 to 1024\n", &run);
  assert_folder_holds (f->root, "good.ini");
}

/* Test that an empty --out is bad options (exit 2, one line), not a crash. */
static void
test_program_empty_out_exits_2 (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "good.ini", GOOD);
  g_auto (CliTestRun) run;
  run_bad (f, (const char *[]){ "--out", "", "good.ini", NULL },
           "--out: the folder name is empty; expected a folder path\n", &run);
  assert_folder_holds (f->root, "good.ini");
}

/* Test that a malformed trace row is reported with the trace file and line, exit 2, nothing
 * written. */
static void
test_program_trace_malformed_row_names_file_and_line (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "pods.csv",
                  "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,"
                  "creation_time,deletion_time,scheduled_time\n"
                  "p1,1000,2048,0,0,,BE,Running,100,200,101\n"
                  "p2,1000,2048,0,0,,BE,Running,150\n");
  write_scenario (f, "bad.ini", GOOD "[trace]\nformat = alibaba-gpu-2023\npods = pods.csv\n");
  g_auto (CliTestRun) run;
  run_bad (f, (const char *[]){ "--out", "out", "bad.ini", NULL },
           "bad.ini: [trace] pods: pods.csv:3: row has 9 fields; expected 11 (name,cpu_milli,"
           "memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,"
           "scheduled_time)\n",
           &run);
  g_assert_cmpstr (run.out, ==, "");
  assert_folder_holds (f->root, "bad.ini pods.csv");
}

/* Test that an unknown trace format is rejected with the formats swarmsim reads. */
static void
test_program_trace_unknown_format_exits_2 (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "bad.ini", GOOD "[trace]\nformat = borg-2019\ntasks = t.csv\n");
  g_auto (CliTestRun) run;
  run_bad (f, (const char *[]){ "check", "bad.ini", NULL },
           "bad.ini: [trace] format: \"borg-2019\" is not a trace format; expected "
           "alibaba-gpu-2023 or google-2011\n",
           &run);
}

/* Test that the shipped trace-replay scenario runs: the trace's machines and pods reach the
 * results. */
static void
test_program_trace_replay_scenario_runs (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  const char *source = g_getenv ("SWARMSIM_SOURCE_DIR");
  g_assert_nonnull (source);
  g_autofree char *scenario = g_build_filename (source, "scenarios", "trace-replay.ini", NULL);
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "--quiet", "--out", "out", scenario, NULL }, &run);
  g_autofree char *timeline = read_result (f, "timeline.csv");
  assert_contains (timeline, ",trace-task-5,");
  g_autofree char *nodes = read_result (f, "nodes.csv");
  assert_contains (nodes, "trace-3-1");
}

/* Test that a Google 2011 task_events trace is accepted and described by `check`. */
static void
test_program_trace_google_is_described (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "events.csv",
                  "0,,7,0,,0,u,3,9,0.125,0.0625,0,0\n"
                  "1000000,,7,0,,4,u,3,9,0.125,0.0625,0,0\n");
  write_scenario (f, "good.ini", GOOD "[trace]\nformat = google-2011\ntasks = events.csv\n");
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "check", "good.ini", NULL }, &run);
  assert_contains (run.out, "  trace events.csv: 1 task in 1 service (trace-task-1)\n");
  assert_contains (run.out, "trace-task-1 0 replicas of app:latest (200MiB), reserve "
                            "4.000 CPU and 8GiB");
}

/* Test that a first argument that is no command, no option and no scenario file is refused as an
 * unknown command (exit 2, one line naming the commands) instead of being run as a scenario; x.ini
 * does not exist in the fixture's folder, so only the command can be at fault. */
static void
test_program_unknown_command_exits_2 (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_auto (CliTestRun) run;
  run_bad (f, (const char *[]){ "chek", "x.ini", NULL },
           "swarmsim: unknown command \"chek\"; expected run, check or compare (or a "
           "SCENARIO.ini)\n",
           &run);
  g_assert_cmpstr (run.out, ==, "");
}

/* Test that --help lists every command, one usage line each. */
static void
test_program_help_lists_commands (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_auto (CliTestRun) run;
  run_ok (f, (const char *[]){ "--help", NULL }, &run);
  assert_contains (run.out, "Commands:\n");
  assert_contains (run.out, "\n  swarmsim [run] ");
  assert_contains (run.out, "\n  swarmsim check ");
  assert_contains (run.out, "\n  swarmsim compare ");
}

/* The scenario of the --plot-replication tests: a worker crash whose detection differs between
 * replications (each draws its own heartbeat phase). */
#define PLOT_REPLICATION_SCENARIO                                                                  \
  "[simulation]\nduration = 2m\nreplications = 3\n[nodes.manager]\nrole = manager\n"               \
  "[nodes.worker]\ncount = 2\n[service.web]\nreplicas = 2\n[at.30s]\ncrash = worker-1\n"

/* Test that --plot-replication K writes replication K's per-time-step files and summary lines:
 * run.ini names it, summary.txt's failure line is replication 2's row of recovery.csv, and
 * events.csv holds replication 2's detection time. */
static void
test_program_plot_replication_shows_that_replication (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "k.ini", PLOT_REPLICATION_SCENARIO);
  g_auto (CliTestRun) run;
  run_ok (f,
          (const char *[]){ "--quiet", "--plot-replication", "2", "--out", "out", "k.ini", NULL },
          &run);
  g_autofree char *ini = read_result (f, "run.ini");
  assert_contains (ini, "\ntimeline_replication=2\n");
  g_autofree char *summary = read_result (f, "summary.txt");
  assert_contains (summary, "\nFailures (replication 2):\n");
  /* Replication 2's row: "2,1,crash,worker-1,30.000,DETECTED,...". */
  g_autofree char *recovery = read_result (f, "recovery.csv");
  const char *row = strstr (recovery, "\n2,1,crash,worker-1,30.000,");
  g_assert_nonnull (row);
  g_autofree char *detected = g_strndup (row + strlen ("\n2,1,crash,worker-1,30.000,"), 6);
  g_autofree char *events = read_result (f, "events.csv");
  g_autofree char *line = g_strdup_printf ("\n%s,detected,worker-1,", detected);
  assert_contains (events, line);
}

/* Test that a --plot-replication beyond the run's replications is bad options, nothing written. */
static void
test_program_plot_replication_out_of_range_exits_2 (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  write_scenario (f, "k.ini", PLOT_REPLICATION_SCENARIO);
  g_auto (CliTestRun) run;
  run_bad (f, (const char *[]){ "--plot-replication", "4", "--out", "out", "k.ini", NULL },
           "swarmsim: --plot-replication 4: the run has 3 replications; expected 1 to 3\n", &run);
  g_autofree char *out = g_build_filename (f->root, "out", NULL);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/program/help-shows-examples", Fixture, NULL, setup,
              test_program_help_shows_examples, teardown);
  g_test_add ("/cli/program/version-prints-version", Fixture, NULL, setup,
              test_program_version_prints_version, teardown);
  g_test_add ("/cli/program/unknown-option-exits-2", Fixture, NULL, setup,
              test_program_unknown_option_exits_2, teardown);
  g_test_add ("/cli/program/bad-seed-exits-2", Fixture, NULL, setup, test_program_bad_seed_exits_2,
              teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    g_test_add (bad_inputs[i].path, Fixture, &bad_inputs[i], setup, test_program_bad_input,
                teardown);
  g_test_add ("/cli/program/refuses-foreign-folder", Fixture, NULL, setup,
              test_program_refuses_foreign_folder, teardown);
  g_test_add ("/cli/program/seed-and-replications-reach-run-ini", Fixture, NULL, setup,
              test_program_seed_and_replications_reach_run_ini, teardown);
  g_test_add ("/cli/program/rerun-replaces-own-results", Fixture, NULL, setup,
              test_program_rerun_replaces_own_results, teardown);
  g_test_add ("/cli/check/prints-cluster-and-timeline", Fixture, NULL, setup,
              test_program_check_prints_cluster_and_timeline, teardown);
  g_test_add ("/cli/program/resize-and-terminate-run", Fixture, NULL, setup,
              test_program_resize_and_terminate_run, teardown);
  g_test_add ("/cli/check/rejects-bad-input", Fixture, NULL, setup,
              test_program_check_rejects_bad_input, teardown);
  g_test_add ("/cli/check/rejects-bad-pool-key", Fixture, NULL, setup,
              test_program_check_rejects_bad_pool_key, teardown);
  g_test_add ("/cli/check/describes-pools", Fixture, NULL, setup,
              test_program_check_describes_pools, teardown);
  g_test_add ("/cli/program/run-with-pools-writes-results", Fixture, NULL, setup,
              test_program_run_with_pools_writes_results, teardown);
  g_test_add ("/cli/program/replications-same-for-1-and-2-threads", Fixture, NULL, setup,
              test_program_replications_same_for_1_and_2_threads, teardown);
  g_test_add ("/cli/program/own-instance-type-is-billed-at-its-price", Fixture, NULL, setup,
              test_program_own_instance_type_is_billed_at_its_price, teardown);
  g_test_add ("/cli/program/published-port-keeps-one-task-per-node", Fixture, NULL, setup,
              test_program_published_port_keeps_one_task_per_node, teardown);
  g_test_add ("/cli/program/pending-reason-is-shown", Fixture, NULL, setup,
              test_program_pending_reason_is_shown, teardown);
  g_test_add ("/cli/check/lists-published-ports", Fixture, NULL, setup,
              test_program_check_lists_published_ports, teardown);
  g_test_add ("/cli/program/arm64-service-runs-only-on-graviton-nodes", Fixture, NULL, setup,
              test_program_arm64_service_runs_only_on_graviton_nodes, teardown);
  g_test_add ("/cli/program/engine-label-constraint-selects-the-group", Fixture, NULL, setup,
              test_program_engine_label_constraint_selects_the_group, teardown);
  g_test_add ("/cli/check/lists-platforms", Fixture, NULL, setup,
              test_program_check_lists_platforms, teardown);
  g_test_add ("/cli/program/bad-threads-exits-2", Fixture, NULL, setup,
              test_program_bad_threads_exits_2, teardown);
  g_test_add ("/cli/program/empty-out-exits-2", Fixture, NULL, setup,
              test_program_empty_out_exits_2, teardown);
  g_test_add ("/cli/program/trace-malformed-row-names-file-and-line", Fixture, NULL, setup,
              test_program_trace_malformed_row_names_file_and_line, teardown);
  g_test_add ("/cli/program/trace-unknown-format-exits-2", Fixture, NULL, setup,
              test_program_trace_unknown_format_exits_2, teardown);
  g_test_add ("/cli/program/trace-replay-scenario-runs", Fixture, NULL, setup,
              test_program_trace_replay_scenario_runs, teardown);
  g_test_add ("/cli/check/trace-google-is-described", Fixture, NULL, setup,
              test_program_trace_google_is_described, teardown);
  g_test_add ("/cli/program/unknown-constraint-key-is-warned", Fixture, NULL, setup,
              test_program_unknown_constraint_key_is_warned, teardown);
  g_test_add ("/cli/program/unknown-command-exits-2", Fixture, NULL, setup,
              test_program_unknown_command_exits_2, teardown);
  g_test_add ("/cli/program/help-lists-commands", Fixture, NULL, setup,
              test_program_help_lists_commands, teardown);
  g_test_add ("/cli/program/plot-replication-shows-that-replication", Fixture, NULL, setup,
              test_program_plot_replication_shows_that_replication, teardown);
  g_test_add ("/cli/program/plot-replication-out-of-range-exits-2", Fixture, NULL, setup,
              test_program_plot_replication_out_of_range_exits_2, teardown);
  return g_test_run ();
}
