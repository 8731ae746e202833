/* SPDX-License-Identifier: MIT
 * Tests of the scenario's messages (issue 17): every bad value is located and named, nothing odd
 * passes `check`, messages quote input with its control bytes escaped and do not depend on the
 * locale, and neither does events.log. In process, except the tests that run the built program. */
#include <locale.h>
#include <string.h>

#include <glib.h>

#include "cli/scenario.h"
#include "cli_test_util.h"

#define BASE                                                                                       \
  "[nodes.manager]\nrole = manager\n"                                                              \
  "[nodes.worker]\ncount = 3\n"                                                                    \
  "[service.web]\nimage = nginx:1.25\nreplicas = 6\n"

/* A scale-up pool of one m5.large node, and a workload of the service web. */
#define POOLED                                                                                     \
  "[nodes.manager]\nrole = manager\n"                                                              \
  "[nodes.pool]\ncount = 1\ninstance_type = m5.large\n"                                            \
  "[service.web]\nreplicas = 2\n"                                                                  \
  "[workload.web]\nreplicas = ramp(2,4,1m,5m)\n"

static CliScenario *
parse (const char *text, const char *const *overrides, GError **error)
{
  return cli_scenario_parse (text, "t.ini", overrides, error);
}

/* Checks that @text fails with exactly @message and @code, on one line. */
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

#define TRAILING_BACKSLASH                                                                         \
  "invalid escape (a value may not end in a backslash); expected \\\\ for a backslash, or \\s, "   \
  "\\t, \\n or \\r"

/* Test that a value ending in a backslash is reported against its own key, and that loading stops
 * there (GKeyFile's reader leaves its error set and still returns the value: the next key's
 * parser used to meet it, a CRITICAL that the tests' fatal-warnings turn into an abort). */
static void
test_messages_trailing_backslash_names_its_key (void)
{
  g_test_bug ("17");
  assert_rejected (BASE "image_size = 70MiB\n[service.db]\nimage = a\\\nimage_size = 1MiB\n", NULL,
                   CLI_SCENARIO_ERROR_INVALID, "t.ini: [service.db] image: " TRAILING_BACKSLASH);
}

/* Test that labels ending in a backslash are reported against [nodes.NAME] labels, not against a
 * section the file does not have. */
static void
test_messages_trailing_backslash_in_labels_is_located (void)
{
  g_test_bug ("17");
  assert_rejected ("[nodes.manager]\nrole = manager\nlabels = \\\n[nodes.worker]\ncount = 1\n",
                   NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [nodes.manager] labels: " TRAILING_BACKSLASH);
}

/* Test that a timeline action ending in a backslash is refused, not read as a node name. */
static void
test_messages_trailing_backslash_in_action_is_refused (void)
{
  g_test_bug ("17");
  assert_rejected (BASE "[at.1m]\ncrash = worker-2\\\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [at.1m] crash: " TRAILING_BACKSLASH);
}

/* Test that an event's time ending in a backslash is refused against its at key. */
static void
test_messages_trailing_backslash_in_event_time_is_refused (void)
{
  g_test_bug ("17");
  assert_rejected (BASE "[event.x]\nat = 1m\\\ncrash = worker-2\n", NULL,
                   CLI_SCENARIO_ERROR_INVALID, "t.ini: [event.x] at: " TRAILING_BACKSLASH);
}

/* Test that a value of an extension section ending in a backslash is reported against its key. */
static void
test_messages_trailing_backslash_in_workload_is_located (void)
{
  g_test_bug ("17");
  assert_rejected (POOLED "service = web\\\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [workload.web] service: " TRAILING_BACKSLASH);
}

/* Test that a backslash before a letter GKeyFile has no escape for is named. */
static void
test_messages_unknown_escape_is_named (void)
{
  g_test_bug ("17");
  assert_rejected (BASE "[simulation]\nduration = 1m\\q\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [simulation] duration: invalid escape \"\\q\"; expected \\\\, \\s, \\t, "
                   "\\n or \\r after a backslash");
}

/* Test that a value that is not UTF-8 is refused against its key, without quoting its bytes. */
static void
test_messages_value_not_utf8_is_located (void)
{
  g_test_bug ("17");
  assert_rejected (BASE "[simulation]\nduration = 1\xff\n", NULL, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [simulation] duration: the value is not valid UTF-8; expected UTF-8 "
                   "text");
}

/* Test that a workload naming no service is refused at load, listing the services. */
static void
test_messages_workload_of_missing_service_is_refused (void)
{
  g_test_bug ("17");
  const char *const sets[] = { "workload.web.service=nosuch", NULL };
  assert_rejected (POOLED, sets, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [workload.web] service: no service \"nosuch\"; expected one of web");
}

/* Test that a pool's max_type that is no instance type is refused at load, with the family's
 * types from the group's up. */
static void
test_messages_pool_unknown_max_type_is_refused (void)
{
  g_test_bug ("17");
  assert_rejected (POOLED "[pool.pool]\nkind = scale-up\nmax_type = m5.nosuch\n", NULL,
                   CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [pool.pool] max_type: unknown instance type \"m5.nosuch\"; expected a "
                   "type of the group's m5 family from its m5.large up: m5.large, m5.xlarge, "
                   "m5.2xlarge, m5.4xlarge, m5.8xlarge, m5.12xlarge, m5.16xlarge, m5.24xlarge");
}

/* Test that a pool's max_type of another family is refused at load. */
static void
test_messages_pool_max_type_of_other_family_is_refused (void)
{
  g_test_bug ("17");
  assert_rejected (POOLED "[pool.pool]\nkind = scale-up\nmax_type = c5.xlarge\n", NULL,
                   CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [pool.pool] max_type: \"c5.xlarge\" is not in the group's m5 family; "
                   "expected a type from its m5.large up: m5.large, m5.xlarge, m5.2xlarge, "
                   "m5.4xlarge, m5.8xlarge, m5.12xlarge, m5.16xlarge, m5.24xlarge");
}

/* Test that a pool's max_type below the group's own type is refused at load. */
static void
test_messages_pool_max_type_below_group_type_is_refused (void)
{
  g_test_bug ("17");
  const char *const sets[] = { "nodes.pool.instance_type=m5.8xlarge", NULL };
  assert_rejected (POOLED "[pool.pool]\nkind = scale-up\nmax_type = m5.xlarge\n", sets,
                   CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [pool.pool] max_type: \"m5.xlarge\" is smaller than the group's type "
                   "m5.8xlarge; expected a type from m5.8xlarge up: m5.8xlarge, m5.12xlarge, "
                   "m5.16xlarge, m5.24xlarge");
}

/* Test that a pool of a group with no nodes is refused at load, not by the run. */
static void
test_messages_pool_of_empty_group_is_refused (void)
{
  g_test_bug ("17");
  const char *const sets[] = { "nodes.pool.count=0", NULL };
  assert_rejected (POOLED "[pool.pool]\nkind = scale-out\n", sets, CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [pool.pool] group: pool \"pool\": node group \"pool\" has no nodes "
                   "(count = 0); expected a group with count ≥ 1");
}

/* Test that a scale-out pool whose max_nodes is below its minimum is refused at load. */
static void
test_messages_pool_max_below_min_is_refused (void)
{
  g_test_bug ("17");
  assert_rejected (POOLED "[pool.pool]\nmin_nodes = 4\nmax_nodes = 3\n", NULL,
                   CLI_SCENARIO_ERROR_INVALID,
                   "t.ini: [pool.pool] max_nodes: 3 is below the pool's minimum of 4 nodes; "
                   "expected at least 4");
}

/* Test that values of the extension sections are trimmed as the core sections' are: a trailing
 * tab or space (or \s) is no part of the value. */
static void
test_messages_extension_values_are_trimmed (void)
{
  g_test_bug ("17");
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario =
      parse (POOLED "service = web \n[pool.pool]\nkind = scale-up\t\nmax_type = m5.2xlarge\\s\n"
                    "[autoscaler]\ninterval = 30s \n",
             NULL, &error);
  g_assert_no_error (error);
  const RunScenario *model = scenario->model;
  g_assert_cmpuint (model->pools->len, ==, 1);
  const PoolSpec *pool = g_ptr_array_index (model->pools, 0);
  g_assert_cmpint (pool->kind, ==, POOL_KIND_SCALE_UP);
  g_assert_cmpstr (pool->max_type, ==, "m5.2xlarge");
  g_assert_cmpint (model->policy.interval_us, ==, G_GINT64_CONSTANT (30000000));
  g_assert_cmpstr (((RunWorkload *)g_ptr_array_index (model->workloads, 0))->service, ==, "web");
}

/* Test that a key before any section is reported on its line. */
static void
test_messages_key_before_section_names_line (void)
{
  g_test_bug ("17");
  assert_rejected ("# a comment\n\nduration = 1m\n" BASE, NULL, CLI_SCENARIO_ERROR_FILE,
                   "t.ini:3: \"duration = 1m\" comes before any section; expected a [section] "
                   "header first");
}

/* Test that a line that is no header, key or comment is reported on its line. */
static void
test_messages_stray_line_names_line (void)
{
  g_test_bug ("17");
  assert_rejected (BASE "replicas 6\n", NULL, CLI_SCENARIO_ERROR_FILE,
                   "t.ini:8: \"replicas 6\" is not a section header, a KEY = VALUE line or a "
                   "comment; expected one of them (a comment starts with #)");
}

/* Test that a header without its ']' is reported on its line, CRLF line ends counted as one. */
static void
test_messages_broken_header_names_line (void)
{
  g_test_bug ("17");
  assert_rejected ("[nodes.manager]\r\nrole = manager\r\n[service.web\r\n", NULL,
                   CLI_SCENARIO_ERROR_FILE,
                   "t.ini:3: \"[service.web\" is not a section header; expected [NAME] alone on "
                   "its line, with no '[', ']' or control character in NAME");
}

/* Test that a key with a '[' is reported on its line. */
static void
test_messages_bad_key_names_line (void)
{
  g_test_bug ("17");
  assert_rejected (BASE "replicas[ = 6\n", NULL, CLI_SCENARIO_ERROR_FILE,
                   "t.ini:8: \"replicas[\" is not a valid key; expected KEY = VALUE with no '[' or "
                   "']' in KEY");
}

/* Test that a UTF-8 byte order mark before the first section is skipped. */
static void
test_messages_byte_order_mark_is_skipped (void)
{
  g_test_bug ("17");
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = parse ("\xEF\xBB\xBF" BASE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scenario->config->node_groups->len, ==, 2);
}

/* Test that control bytes of a section name are shown escaped in the message. */
static void
test_messages_control_bytes_in_section_are_escaped (void)
{
  g_test_bug ("17");
  assert_rejected (BASE "[nodes.a\x1b[31mb]\ncount = 1\n", NULL, CLI_SCENARIO_ERROR_FILE,
                   "t.ini:8: \"[nodes.a\\x1b[31mb]\" is not a section header; expected [NAME] "
                   "alone on its line, with no '[', ']' or control character in NAME");
}

/* Test that control bytes of a key and of a value are shown escaped in the message. */
static void
test_messages_control_bytes_in_key_and_value_are_escaped (void)
{
  g_test_bug ("17");
  assert_rejected (BASE "[simulation]\ndur\x01"
                        "ation = 1m\n",
                   NULL, CLI_SCENARIO_ERROR_UNKNOWN,
                   "t.ini: [simulation] dur\\x01ation: unknown key; expected one of duration, "
                   "step, seed, replications");
  /* The duration parser's own domain: only the message matters here. */
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario =
      parse (BASE "[simulation]\nduration = 1\x1b[2Jm\n", NULL, &error);
  g_assert_null (scenario);
  g_assert_cmpstr (error->message, ==,
                   "t.ini: [simulation] duration: invalid duration \"1\\x1b[2Jm\": expected a "
                   "number followed by a unit (us, ms, s, m, h, d), e.g. 1m30s");
}

/* Test that a scenario whose file name holds a newline is refused: its name would break run.ini
 * and the texts of the results. */
static void
test_messages_newline_in_file_name_is_refused (void)
{
  g_test_bug ("17");
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = cli_scenario_parse (BASE, "dir/a\nb.ini", NULL, &error);
  g_assert_null (scenario);
  g_assert_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_FILE);
  g_assert_cmpstr (error->message, ==,
                   "dir/a\\nb.ini: the file name holds a control character or is not UTF-8; "
                   "expected a name of printable UTF-8 characters");
}

/* Locales that write numbers with a decimal comma, tried in order. */
static const char *const comma_locales[] = { "de_DE.UTF-8", "de_DE.utf8",  "fr_FR.UTF-8",
                                             "fr_FR.utf8",  "nl_NL.UTF-8", "es_ES.UTF-8" };

/* Returns: (transfer full) (nullable): the first installed locale of comma_locales, NULL if none
 * is. Leaves LC_NUMERIC as it was. */
static char *
find_comma_locale (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  char *found = NULL;
  for (gsize i = 0; found == NULL && i < G_N_ELEMENTS (comma_locales); i++) {
    if (setlocale (LC_NUMERIC, comma_locales[i]) != NULL &&
        strcmp (localeconv ()->decimal_point, ",") == 0)
      found = g_strdup (comma_locales[i]);
  }
  setlocale (LC_NUMERIC, saved);
  return found;
}

/* Test that a number in a message keeps its decimal point under a decimal-comma locale. */
static void
test_messages_numbers_ignore_the_locale (void)
{
  g_test_bug ("17");
  g_autofree char *comma = find_comma_locale ();
  if (comma == NULL) {
    g_test_skip ("no decimal-comma locale is installed (de_DE, fr_FR, nl_NL, es_ES)");
    return;
  }
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  setlocale (LC_NUMERIC, comma);
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) scenario = parse (POOLED "[pool.pool]\nmin_nodes = 1.5\n", NULL, &error);
  setlocale (LC_NUMERIC, saved);
  g_assert_null (scenario);
  g_assert_cmpstr (error->message, ==,
                   "t.ini: [pool.pool] min_nodes: 1.5 is not a whole number; expected 0 to 100000");
}

/* Test that events.log keeps its decimal points when the program runs under a decimal-comma
 * locale: "no heartbeat for 15.3 s", not "15,3 s". */
static void
test_messages_events_log_ignores_the_locale (void)
{
  g_test_bug ("17");
  g_autofree char *program = cli_test_program ();
  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE)) {
    g_test_skip ("SWARMSIM_BUILD_DIR does not hold the swarmsim program");
    return;
  }
  g_autofree char *comma = find_comma_locale ();
  if (comma == NULL) {
    g_test_skip ("no decimal-comma locale is installed (de_DE, fr_FR, nl_NL, es_ES)");
    return;
  }
  g_autofree char *root = cli_test_make_folder ("swarmsim-messages-XXXXXX");
  g_autofree char *path = g_build_filename (root, "s.ini", NULL);
  g_assert_true (g_file_set_contents (path, BASE "[at.1m]\ncrash = worker-2\n", -1, NULL));
  g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));
  g_setenv ("LC_ALL", comma, TRUE);
  const char *args[] = { "-q", "--out", "out", "s.ini", NULL };
  g_auto (CliTestRun) run;
  cli_test_run (root, args, &run);
  if (saved != NULL)
    g_setenv ("LC_ALL", saved, TRUE);
  else
    g_unsetenv ("LC_ALL");
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_autofree char *log = cli_test_read_file (root, "out", "events.log", NULL);
  g_assert_nonnull (strstr (log, "DOWN (no heartbeat for "));
  g_assert_false (g_regex_match_simple ("[0-9],[0-9]+ s", log, 0, 0));
  g_clear_pointer (&root, cli_test_remove_folder);
}

/* Runs the program with @args in a fresh folder holding @files (name, text, ..., NULL). */
static void
run_in_folder (const char *const *files, const char *const *args, CliTestRun *run_out,
               char **root_out)
{
  *root_out = cli_test_make_folder ("swarmsim-messages-XXXXXX");
  for (gsize i = 0; files[i] != NULL; i += 2) {
    g_autofree char *path = g_build_filename (*root_out, files[i], NULL);
    g_autofree char *dir = g_path_get_dirname (path);
    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    g_assert_true (g_file_set_contents (path, files[i + 1], -1, NULL));
  }
  cli_test_run (*root_out, args, run_out);
}

/* Test that `swarmsim check` with no scenario is the usual one-line usage error, exit 2, with no
 * GLib-CRITICAL. */
static void
test_messages_check_without_scenario_exits_2 (void)
{
  g_test_bug ("17");
  g_autofree char *program = cli_test_program ();
  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE)) {
    g_test_skip ("SWARMSIM_BUILD_DIR does not hold the swarmsim program");
    return;
  }
  const char *const files[] = { NULL };
  const char *const args[] = { "check", NULL };
  g_autofree char *root = NULL;
  g_auto (CliTestRun) run;
  run_in_folder (files, args, &run, &root);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==,
                   "swarmsim check: expected exactly one scenario file, e.g. swarmsim check "
                   "scenarios/4node-failover.ini\n");
  g_clear_pointer (&root, cli_test_remove_folder);
}

/* Test that compare refuses two variants of one name (a/variant.ini and b/variant.ini), which
 * would write one folder, and writes nothing. */
static void
test_messages_compare_of_one_name_twice_exits_2 (void)
{
  g_test_bug ("17");
  g_autofree char *program = cli_test_program ();
  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE)) {
    g_test_skip ("SWARMSIM_BUILD_DIR does not hold the swarmsim program");
    return;
  }
  const char *const files[] = { "a/variant.ini", BASE, "b/variant.ini", BASE, NULL };
  const char *const args[] = { "compare",       "-q", "-n", "1", "--out", "out", "a/variant.ini",
                               "b/variant.ini", NULL };
  g_autofree char *root = NULL;
  g_auto (CliTestRun) run;
  run_in_folder (files, args, &run, &root);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==,
                   "swarmsim compare: a/variant.ini and b/variant.ini are both variant "
                   "\"variant\" and would write one folder variant/; expected variants whose "
                   "file names differ\n");
  g_autofree char *left = cli_test_list_dir (root);
  g_assert_cmpstr (left, ==, "a b");
  g_clear_pointer (&root, cli_test_remove_folder);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/scenario/trailing-backslash-names-its-key",
                   test_messages_trailing_backslash_names_its_key);
  g_test_add_func ("/cli/scenario/trailing-backslash-in-labels-is-located",
                   test_messages_trailing_backslash_in_labels_is_located);
  g_test_add_func ("/cli/scenario/trailing-backslash-in-action-is-refused",
                   test_messages_trailing_backslash_in_action_is_refused);
  g_test_add_func ("/cli/scenario/trailing-backslash-in-event-time-is-refused",
                   test_messages_trailing_backslash_in_event_time_is_refused);
  g_test_add_func ("/cli/scenario/trailing-backslash-in-workload-is-located",
                   test_messages_trailing_backslash_in_workload_is_located);
  g_test_add_func ("/cli/scenario/unknown-escape-is-named", test_messages_unknown_escape_is_named);
  g_test_add_func ("/cli/scenario/value-not-utf8-is-located",
                   test_messages_value_not_utf8_is_located);
  g_test_add_func ("/cli/scenario/workload-of-missing-service-is-refused",
                   test_messages_workload_of_missing_service_is_refused);
  g_test_add_func ("/cli/scenario/pool-unknown-max-type-is-refused",
                   test_messages_pool_unknown_max_type_is_refused);
  g_test_add_func ("/cli/scenario/pool-max-type-of-other-family-is-refused",
                   test_messages_pool_max_type_of_other_family_is_refused);
  g_test_add_func ("/cli/scenario/pool-max-type-below-group-type-is-refused",
                   test_messages_pool_max_type_below_group_type_is_refused);
  g_test_add_func ("/cli/scenario/pool-of-empty-group-is-refused",
                   test_messages_pool_of_empty_group_is_refused);
  g_test_add_func ("/cli/scenario/pool-max-below-min-is-refused",
                   test_messages_pool_max_below_min_is_refused);
  g_test_add_func ("/cli/scenario/extension-values-are-trimmed",
                   test_messages_extension_values_are_trimmed);
  g_test_add_func ("/cli/scenario/key-before-section-names-line",
                   test_messages_key_before_section_names_line);
  g_test_add_func ("/cli/scenario/stray-line-names-line", test_messages_stray_line_names_line);
  g_test_add_func ("/cli/scenario/broken-header-names-line",
                   test_messages_broken_header_names_line);
  g_test_add_func ("/cli/scenario/bad-key-names-line", test_messages_bad_key_names_line);
  g_test_add_func ("/cli/scenario/byte-order-mark-is-skipped",
                   test_messages_byte_order_mark_is_skipped);
  g_test_add_func ("/cli/scenario/control-bytes-in-section-are-escaped",
                   test_messages_control_bytes_in_section_are_escaped);
  g_test_add_func ("/cli/scenario/control-bytes-in-key-and-value-are-escaped",
                   test_messages_control_bytes_in_key_and_value_are_escaped);
  g_test_add_func ("/cli/scenario/newline-in-file-name-is-refused",
                   test_messages_newline_in_file_name_is_refused);
  g_test_add_func ("/cli/scenario/numbers-in-messages-ignore-the-locale",
                   test_messages_numbers_ignore_the_locale);
  g_test_add_func ("/cli/program/events-log-ignores-the-locale",
                   test_messages_events_log_ignores_the_locale);
  g_test_add_func ("/cli/program/check-without-scenario-exits-2",
                   test_messages_check_without_scenario_exits_2);
  g_test_add_func ("/cli/program/compare-of-one-name-twice-exits-2",
                   test_messages_compare_of_one_name_twice_exits_2);
  return g_test_run ();
}
