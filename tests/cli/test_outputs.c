/* SPDX-License-Identifier: MIT
 * Tests of what the swarmsim program does to the places it writes (issue 17): which folders
 * --force may replace, a user's file in a results folder, staging folders removed on SIGTERM and
 * after a crash, permissions under the umask, and full disks. Runs the built binary. The full-disk
 * tests mount a small tmpfs and skip when that is not allowed (not root). */
#define _POSIX_C_SOURCE 200809L /* kill(), getpid(), umask() and waitpid() */

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli/results.h"
#include "cli_test_util.h"

/* Four nodes, a crash, two simulated minutes: a run of a few milliseconds. */
#define SMALL                                                                                      \
  "[simulation]\nduration = 2m\n"                                                                  \
  "[nodes.manager]\nrole = manager\n"                                                              \
  "[nodes.worker]\ncount = 3\n"                                                                    \
  "[service.web]\nimage = nginx:1.25\nreplicas = 6\n[at.1m]\ncrash = worker-2\n"
/* A thousand simulated days with hourly samples: the first replication writes its
 * hourly rows, the others take about 5 ms each: 2000 of them, ten seconds. */
#define LONG                                                                                       \
  "[simulation]\nduration = 1000d\nstep = 1h\n"                                                    \
  "[nodes.manager]\nrole = manager\n"                                                              \
  "[nodes.worker]\ncount = 3\n"                                                                    \
  "[service.web]\nimage = nginx:1.25\nreplicas = 6\n"

#define REFUSED_UNMARKED                                                                           \
  "out: exists and was not created by swarmsim (no .swarmsim-results in it); expected a swarmsim " \
  "results folder, an empty folder or a new path (--force replaces only swarmsim's folders: "      \
  "choose another --out, or empty it yourself)\n"
#define REFUSED_USERS_FILE                                                                         \
  "out: holds notes.txt, which swarmsim did not write; expected only swarmsim's files (move it "   \
  "out of the folder, or use --force to keep it in the new results)\n"

/* Returns: (transfer container): @args as the char ** that g_spawn wants, which it does not
 *   modify. */
static GPtrArray *
spawn_args (const char *const *args)
{
  GPtrArray *argv = g_ptr_array_new ();
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)(gsize)args[i]);
  g_ptr_array_add (argv, NULL);
  return argv;
}

typedef struct {
  char *root;  /* a fresh folder, the program's working folder */
  char *mount; /* (nullable) a tmpfs mounted by the test, unmounted in teardown */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  (void)data;
  f->root = cli_test_make_folder ("swarmsim-outputs-XXXXXX");
  g_autofree char *path = g_build_filename (f->root, "small.ini", NULL);
  g_assert_true (g_file_set_contents (path, SMALL, -1, NULL));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  if (f->mount != NULL) {
    g_autoptr (GPtrArray) argv = spawn_args ((const char *[]){ "umount", f->mount, NULL });
    int status = 0;
    g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    g_clear_pointer (&f->mount, g_free);
  }
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

/* Returns: (transfer full): the path of @name in the fixture's folder. */
static char *
path_of (Fixture *f, const char *name)
{
  return g_build_filename (f->root, name, NULL);
}

static void
write_file (Fixture *f, const char *name, const char *text)
{
  g_autofree char *path = path_of (f, name);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* Runs small.ini into "out" with @extra (nullable) before it, and returns the outcome. */
static void
run_small (Fixture *f, const char *extra, CliTestRun *run_out)
{
  const char *with[] = { "--quiet", extra, "--out", "out", "small.ini", NULL };
  const char *without[] = { "--quiet", "--out", "out", "small.ini", NULL };
  cli_test_run (f->root, extra != NULL ? with : without, run_out);
}

static void
run_small_ok (Fixture *f, const char *extra)
{
  g_auto (CliTestRun) run;
  run_small (f, extra, &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
}

static void
assert_folder_holds (Fixture *f, const char *dir, const char *names)
{
  g_autofree char *path = path_of (f, dir);
  g_autofree char *left = cli_test_list_dir (path);
  g_assert_cmpstr (left, ==, names);
}

/* Mounts a tmpfs of @size (e.g. "32k") at "disk" in the fixture's folder. Returns FALSE, having
 * skipped the test, when that is not allowed. */
static gboolean
mount_small_disk (Fixture *f, const char *size)
{
  g_autofree char *disk = path_of (f, "disk");
  g_autofree char *options = g_strdup_printf ("size=%s", size);
  g_autoptr (GPtrArray) argv =
      spawn_args ((const char *[]){ "mount", "-t", "tmpfs", "-o", options, "tmpfs", disk, NULL });
  int status = 0;
  g_assert_cmpint (g_mkdir (disk, 0777), ==, 0);
  if (!g_spawn_sync (NULL, (char **)argv->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL)) {
    g_test_skip ("cannot mount a small tmpfs (needs root) to fill a disk");
    return FALSE;
  }
  f->mount = g_steal_pointer (&disk);
  return TRUE;
}

/* Test that --force refuses a folder without the marker that is not empty, and leaves it as it
 * was. */
static void
test_outputs_force_refuses_unmarked_folder (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_test_bug ("17");
  g_autofree char *out = path_of (f, "out");
  g_assert_cmpint (g_mkdir (out, 0777), ==, 0);
  write_file (f, "out/thesis.tex", "precious");

  g_auto (CliTestRun) run;
  run_small (f, "--force", &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==, REFUSED_UNMARKED);
  assert_folder_holds (f, "out", "thesis.tex");
  assert_folder_holds (f, ".", "out small.ini");
  g_autofree char *kept = cli_test_read_file (f->root, "out", "thesis.tex", NULL);
  g_assert_cmpstr (kept, ==, "precious");
}

/* Test that --force writes into an empty folder. */
static void
test_outputs_force_fills_empty_folder (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_test_bug ("17");
  g_autofree char *out = path_of (f, "out");
  g_assert_cmpint (g_mkdir (out, 0777), ==, 0);
  run_small_ok (f, "--force");
  g_autofree char *summary = cli_test_read_file (f->root, "out", "summary.txt", NULL);
  g_assert_true (g_str_has_prefix (summary, "swarmsim "));
  assert_folder_holds (f, ".", "out small.ini");
}

/* Test that a file a user added to a results folder makes the next run refuse it, naming the
 * file, and leaves the folder as it was. */
static void
test_outputs_users_file_in_results_is_refused (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_test_bug ("17");
  run_small_ok (f, NULL);
  write_file (f, "out/notes.txt", "mine");
  g_autofree char *out = path_of (f, "out");
  g_autofree char *before = cli_test_list_dir (out);

  g_auto (CliTestRun) run;
  run_small (f, NULL, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==, REFUSED_USERS_FILE);
  assert_folder_holds (f, "out", before);
  assert_folder_holds (f, ".", "out small.ini");
}

/* Test that --force keeps a user's file of a results folder by moving it into the new results,
 * where it is still the user's: a run without --force refuses the folder again. */
static void
test_outputs_force_keeps_users_file (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_test_bug ("17");
  run_small_ok (f, NULL);
  write_file (f, "out/notes.txt", "mine");
  write_file (f, "out/summary.txt", "stale");

  run_small_ok (f, "--force");
  g_autofree char *notes = cli_test_read_file (f->root, "out", "notes.txt", NULL);
  g_assert_cmpstr (notes, ==, "mine");
  g_autofree char *summary = cli_test_read_file (f->root, "out", "summary.txt", NULL);
  g_assert_true (g_str_has_prefix (summary, "swarmsim "));
  assert_folder_holds (f, ".", "out small.ini");

  g_auto (CliTestRun) run;
  run_small (f, NULL, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==, REFUSED_USERS_FILE);
}

/* Test that the plots scripts/plot records in the marker count as swarmsim's files: the folder is
 * replaced without --force. */
static void
test_outputs_recorded_plots_are_swarmsims (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_test_bug ("17");
  run_small_ok (f, NULL);
  g_autofree char *plots = path_of (f, "out/plots");
  g_assert_cmpint (g_mkdir (plots, 0777), ==, 0);
  write_file (f, "out/plots/replicas.png", "png");
  g_autofree char *marker = cli_test_read_file (f->root, "out", CLI_RESULTS_MARKER, NULL);
  g_autofree char *recorded = g_strconcat (marker, "plots/\nplots/replicas.png\n", NULL);
  write_file (f, "out/" CLI_RESULTS_MARKER, recorded);

  run_small_ok (f, NULL);
  g_autofree char *out = path_of (f, "out");
  g_autofree char *names = cli_test_list_dir (out);
  g_assert_null (strstr (names, "plots"));
}

/* Runs the long scenario into "out" in the background. Returns: its pid. */
static GPid
start_long_run (Fixture *f)
{
  write_file (f, "long.ini", LONG);
  g_autofree char *program = cli_test_program ();
  g_autoptr (GPtrArray) argv = spawn_args ((const char *[]){
      program, "--quiet", "--replications", "2000", "--out", "out", "long.ini", NULL });
  GPid pid = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_async (f->root, (char **)argv->pdata, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                &pid, &error));
  g_assert_no_error (error);
  return pid;
}

/* Returns: (transfer full) (nullable): the first hidden name in @dir other than "." and "..". */
static char *
dup_hidden_name (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (name[0] == '.')
      return g_strdup (name);
  return NULL;
}

/* Test that SIGTERM while the replications run removes the staging folder, and the program dies
 * of the signal. */
static void
test_outputs_sigterm_removes_staging_folder (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_test_bug ("17");
  GPid pid = start_long_run (f);
  /* The staging folder is made before the simulation starts. A process gives no other sign of
   * that moment, so this polls, every 10 ms for at most 30 s; the run itself lasts about ten
   * seconds. */
  g_autofree char *staging = NULL;
  for (int i = 0; i < 3000 && staging == NULL; i++) {
    staging = dup_hidden_name (f->root);
    if (staging == NULL)
      g_usleep (10000);
  }
  g_assert_nonnull (staging);
  g_assert_true (g_str_has_prefix (staging, ".out.tmp-"));

  g_assert_cmpint (kill (pid, SIGTERM), ==, 0);
  int status = 0;
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGTERM);
  assert_folder_holds (f, ".", "long.ini small.ini");
}

/* Returns: the pid of a process that has ended and been reaped. */
static GPid
dead_pid (void)
{
  g_autoptr (GPtrArray) argv = spawn_args ((const char *[]){ "true", NULL });
  GPid pid = 0;
  int status = 0;
  g_assert_true (g_spawn_async (NULL, (char **)argv->pdata, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                NULL));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  return pid;
}

/* Test that the next run into the same place removes a crashed run's staging folder (its pid is
 * gone) and keeps one whose process still runs. */
static void
test_outputs_stale_staging_folder_is_removed (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_test_bug ("17");
  g_autofree char *stale = g_strdup_printf (".out.tmp-%d-AbC123", (int)dead_pid ());
  g_autofree char *live = g_strdup_printf (".out.tmp-%d-XyZ789", (int)getpid ());
  g_autofree char *stale_path = path_of (f, stale);
  g_autofree char *live_path = path_of (f, live);
  g_assert_cmpint (g_mkdir (stale_path, 0777), ==, 0);
  g_assert_cmpint (g_mkdir (live_path, 0777), ==, 0);
  g_autofree char *half = g_build_filename (stale, "timeline.csv", NULL);
  write_file (f, half, "t_s,service\n");

  run_small_ok (f, NULL);
  g_autofree char *expected = g_strdup_printf ("%s out small.ini", live);
  assert_folder_holds (f, ".", expected);
}

/* Asserts that @path and everything below it have the permissions a umask of 022 gives: 0755
 * for folders, 0644 for files. */
static void
assert_umask_022 (const char *path)
{
  GStatBuf st;
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  if (!S_ISDIR (st.st_mode)) {
    if ((st.st_mode & 07777) != 0644)
      g_error ("%s: mode %04o, expected 0644", path, (unsigned)(st.st_mode & 07777));
    return;
  }
  if ((st.st_mode & 07777) != 0755)
    g_error ("%s: mode %04o, expected 0755", path, (unsigned)(st.st_mode & 07777));
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *child = g_build_filename (path, name, NULL);
    assert_umask_022 (child);
  }
}

/* Test that the results folder, a comparison's variant folders and every file follow the umask
 * (0755 and 0644 under 022), not a mode of their own. */
static void
test_outputs_permissions_follow_umask (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_test_bug ("17");
  write_file (f, "other.ini", SMALL);
  mode_t saved = umask (022);
  run_small_ok (f, NULL);
  g_auto (CliTestRun) run;
  cli_test_run (
      f->root,
      (const char *[]){ "compare", "--quiet", "--out", "cmp", "small.ini", "other.ini", NULL },
      &run);
  umask (saved);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_autofree char *out = path_of (f, "out");
  g_autofree char *cmp = path_of (f, "cmp");
  assert_umask_022 (out);
  assert_umask_022 (cmp);
}

/* Test that results that do not fit on the disk are exit status 1 with one line naming the file,
 * and leave nothing behind. */
static void
test_outputs_full_disk_results_exit_1 (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program () || !mount_small_disk (f, "32k"))
    return;
  g_test_bug ("17");
  g_auto (CliTestRun) run;
  cli_test_run (f->root, (const char *[]){ "--quiet", "--out", "disk/out", "small.ini", NULL },
                &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "disk/.out.tmp-"));
  g_assert_true (g_str_has_suffix (run.err, ": No space left on device\n"));
  g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  assert_folder_holds (f, "disk", "");
}

/* Test that plots that do not fit on the disk are exit status 1 with one line naming the image,
 * and leave no empty image. */
static void
test_outputs_full_disk_plot_exit_1 (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_autofree char *gnuplot = g_find_program_in_path ("gnuplot");
  if (gnuplot == NULL) {
    g_test_skip ("gnuplot is not installed");
    return;
  }
  /* Room for the results (about 70 KiB), not for the plots (about 500 KiB). */
  if (!mount_small_disk (f, "160k"))
    return;
  g_test_bug ("17");
  g_auto (CliTestRun) run;
  cli_test_run (f->root,
                (const char *[]){ "--quiet", "--plot", "--out", "disk/out", "small.ini", NULL },
                &run);
  g_assert_cmpint (run.status, ==, 1);
  if (!g_str_has_prefix (run.err, "scripts/plot: disk/out/plots/") ||
      strstr (run.err, "(is the disk full?)\n") == NULL ||
      strchr (run.err, '\n') != run.err + strlen (run.err) - 1)
    g_error ("expected one line naming the image, got:\n%s", run.err);

  g_autofree char *plots = path_of (f, "disk/out/plots");
  g_autoptr (GDir) dir = g_dir_open (plots, 0, NULL);
  const char *name;
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *image = g_build_filename (plots, name, NULL);
    GStatBuf st;
    g_assert_cmpint (g_stat (image, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 0);
  }
}

/* Test that --plot of a run without a control-plane outage succeeds: its empty interval list
 * (plots/intervals.txt) is not an image that failed to be written. */
static void
test_outputs_plot_without_outage_exits_0 (Fixture *f, gconstpointer data)
{
  (void)data;
  if (!have_program ())
    return;
  g_autofree char *gnuplot = g_find_program_in_path ("gnuplot");
  if (gnuplot == NULL) {
    g_test_skip ("gnuplot is not installed");
    return;
  }
  g_auto (CliTestRun) run;
  cli_test_run (f->root, (const char *[]){ "--quiet", "--plot", "--out", "out", "small.ini", NULL },
                &run);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_autofree char *intervals = path_of (f, "out/plots/intervals.txt");
  g_assert_true (g_file_test (intervals, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/outputs/force-refuses-unmarked-folder", Fixture, NULL, setup,
              test_outputs_force_refuses_unmarked_folder, teardown);
  g_test_add ("/cli/outputs/force-fills-empty-folder", Fixture, NULL, setup,
              test_outputs_force_fills_empty_folder, teardown);
  g_test_add ("/cli/outputs/users-file-in-results-is-refused", Fixture, NULL, setup,
              test_outputs_users_file_in_results_is_refused, teardown);
  g_test_add ("/cli/outputs/force-keeps-users-file", Fixture, NULL, setup,
              test_outputs_force_keeps_users_file, teardown);
  g_test_add ("/cli/outputs/recorded-plots-are-swarmsims", Fixture, NULL, setup,
              test_outputs_recorded_plots_are_swarmsims, teardown);
  g_test_add ("/cli/outputs/sigterm-removes-staging-folder", Fixture, NULL, setup,
              test_outputs_sigterm_removes_staging_folder, teardown);
  g_test_add ("/cli/outputs/stale-staging-folder-is-removed", Fixture, NULL, setup,
              test_outputs_stale_staging_folder_is_removed, teardown);
  g_test_add ("/cli/outputs/permissions-follow-umask", Fixture, NULL, setup,
              test_outputs_permissions_follow_umask, teardown);
  g_test_add ("/cli/outputs/full-disk-results-exit-1", Fixture, NULL, setup,
              test_outputs_full_disk_results_exit_1, teardown);
  g_test_add ("/cli/outputs/full-disk-plot-exit-1", Fixture, NULL, setup,
              test_outputs_full_disk_plot_exit_1, teardown);
  g_test_add ("/cli/outputs/plot-without-outage-exits-0", Fixture, NULL, setup,
              test_outputs_plot_without_outage_exits_0, teardown);
  return g_test_run ();
}
