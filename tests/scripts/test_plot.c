/* SPDX-License-Identifier: MIT
 * Tests of scripts/plot over the hand-made results folders in tests/data/plot-*: every expected
 * image is written and is a well-formed PNG or SVG of a sensible size, bad input gives exit 2, and
 * what the pictures say is checked through the lists the script writes beside them: the texts
 * with their boxes (plots/labels.txt) against recovery.csv and against each other, and the
 * control-plane lane (plots/intervals.txt) against control_plane.csv. The tests that draw are
 * skipped when gnuplot is not installed; they do not judge the pictures' looks. */

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#define PNG_MIN_WIDTH  400
#define PNG_MIN_HEIGHT 300
#define PNG_MAX_SIDE   4000

typedef struct {
  char *work_dir; /* owned: a fresh temporary folder, removed at teardown */
} Fixture;

static const char *
source_dir (void)
{
  const char *dir = g_getenv ("SWARMSIM_SOURCE_DIR");

  return dir != NULL ? dir : SWARMSIM_TEST_SOURCE_DIR;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK)) {
    g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
    g_rmdir (path);
  } else {
    g_remove (path);
  }
}

static void
copy_tree (const char *from, const char *to)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (from, 0, &error);
  const char *name;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *src = g_build_filename (from, name, NULL);
    g_autofree char *dst = g_build_filename (to, name, NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    if (g_file_test (src, G_FILE_TEST_IS_DIR)) {
      copy_tree (src, dst);
      continue;
    }
    g_file_get_contents (src, &contents, &length, &error);
    g_assert_no_error (error);
    g_file_set_contents (dst, contents, (gssize)length, &error);
    g_assert_no_error (error);
  }
}

static void
fixture_setup (Fixture *fx, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  (void)user_data;
  fx->work_dir = g_dir_make_tmp ("swarmsim-test-plot-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fx, gconstpointer user_data)
{
  (void)user_data;
  remove_tree (fx->work_dir);
  g_clear_pointer (&fx->work_dir, g_free);
}

/* Copies tests/data/NAME into the work folder and returns (transfer full) the copy's path. */
static char *
copy_fixture (Fixture *fx, const char *name)
{
  g_autofree char *from = g_build_filename (source_dir (), "tests", "data", name, NULL);
  char *to = g_build_filename (fx->work_dir, name, NULL);

  copy_tree (from, to);
  return to;
}

/* Runs scripts/plot on RESULTS_DIR with the given format ("png", "svg", "both"), an extra option
 * (NULL: none) and environment (NULL: ours); returns its exit status and (transfer full) its
 * stderr in stderr_out. */
static int
run_plot_with (const char *results_dir, const char *format, const char *option, char **envp,
               char **stderr_out)
{
  g_auto (GStrv) argv = g_new0 (char *, 6);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int wait_status = 0;

  argv[0] = g_build_filename (source_dir (), "scripts", "plot", NULL);
  argv[1] = g_strdup (results_dir);
  argv[2] = g_strdup ("--format");
  argv[3] = g_strdup (format);
  argv[4] = g_strdup (option);
  g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, stderr_out, &wait_status,
                &error);
  g_assert_no_error (error);
  g_test_message ("scripts/plot %s: %s%s", results_dir, out, *stderr_out);
  if (g_spawn_check_wait_status (wait_status, &error))
    return 0;
  g_assert_true (g_error_matches (error, G_SPAWN_EXIT_ERROR, error->code));
  return error->code;
}

static int
run_plot (const char *results_dir, const char *format, char **envp, char **stderr_out)
{
  return run_plot_with (results_dir, format, NULL, envp, stderr_out);
}

static gboolean
skip_without_gnuplot (void)
{
  g_autofree char *gnuplot = g_find_program_in_path ("gnuplot");

  if (gnuplot != NULL)
    return FALSE;
  g_test_skip ("gnuplot is not installed");
  return TRUE;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | (guint32)p[3];
}

/* Asserts that DIR/plots/NAME.png is a PNG (signature, then IHDR first) of a readable size. */
static void
assert_png (const char *dir, const char *name)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, "plots", file, NULL);
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  guint32 width, height;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 33);
  g_assert_true (memcmp (data, signature, sizeof signature) == 0);
  g_assert_true (memcmp (data + 12, "IHDR", 4) == 0);
  width = read_be32 ((const guint8 *)data + 16);
  height = read_be32 ((const guint8 *)data + 20);
  g_test_message ("%s: %u x %u px, %" G_GSIZE_FORMAT " bytes", path, width, height, length);
  g_assert_cmpuint (width, >=, PNG_MIN_WIDTH);
  g_assert_cmpuint (height, >=, PNG_MIN_HEIGHT);
  g_assert_cmpuint (width, <=, PNG_MAX_SIDE);
  g_assert_cmpuint (height, <=, PNG_MAX_SIDE);
}

/* Asserts that DIR/plots/NAME.svg is a complete SVG document. */
static void
assert_svg (const char *dir, const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.svg", name);
  g_autofree char *path = g_build_filename (dir, "plots", file, NULL);
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (data, "<?xml") || g_str_has_prefix (data, "<svg"));
  g_assert_nonnull (strstr (data, "</svg>"));
}

static void
assert_images (const char *dir, const char *const *names)
{
  for (gsize i = 0; names[i] != NULL; i++) {
    assert_png (dir, names[i]);
    assert_svg (dir, names[i]);
  }
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += (*p == '\n');
  return n;
}

/* Plots DIR in FORMAT and asserts that the script succeeds. */
static void
plot_ok (const char *dir, const char *format)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run_plot (dir, format, NULL, &err), ==, 0);
}

/* Plots DIR in both formats and asserts that the script succeeds with nothing on stderr. */
static void
plot_both_quietly (const char *dir)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run_plot (dir, "both", NULL, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
}

/* Plots DIR in both formats with ENVP (NULL: ours), asserts exit STATUS and exactly one line on
 * stderr, and returns (transfer full) that line. */
static char *
plot_one_line_dup (const char *dir, char **envp, int status)
{
  char *err = NULL;

  g_assert_cmpint (run_plot (dir, "both", envp, &err), ==, status);
  g_assert_cmpuint (count_lines (err), ==, 1);
  return err;
}

/* Plots FIXTURE (a tests/data folder) in both formats and checks the expected images. */
static void
check_fixture (Fixture *fx, const char *fixture, const char *const *images)
{
  g_autofree char *dir = NULL;

  if (skip_without_gnuplot ())
    return;
  dir = copy_fixture (fx, fixture);
  plot_both_quietly (dir);
  assert_images (dir, images);
}

/* Test that a single run gets its replicas, node timeline and utilisation plots. */
static void
test_plot_single_run_draws_replicas_nodes_and_cluster (Fixture *fx, gconstpointer user_data)
{
  static const char *const images[] = { "replicas", "nodes", "cluster", NULL };

  (void)user_data;
  check_fixture (fx, "plot-run", images);
}

/* Test that a folder with replications gets the recovery histogram and CDF. */
static void
test_plot_replications_draw_recovery_distribution (Fixture *fx, gconstpointer user_data)
{
  static const char *const images[] = { "recovery", NULL };

  (void)user_data;
  check_fixture (fx, "plot-replications", images);
}

/* Test that a comparison gets its bars and its overlaid recovery CDFs. */
static void
test_plot_comparison_draws_bars_and_cdfs (Fixture *fx, gconstpointer user_data)
{
  static const char *const images[] = { "compare", "compare-cdf", NULL };

  (void)user_data;
  check_fixture (fx, "plot-compare", images);
}

/* Returns (transfer full) DIR/plots/NAME.svg. */
static char *
read_svg (const char *dir, const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.svg", name);
  g_autofree char *path = g_build_filename (dir, "plots", file, NULL);
  g_autoptr (GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

/* Asserts that the SVG image NAME in DIR has a logarithmic x axis if LOG, and a linear one if not.
 */
static void
assert_log_axis (const char *dir, const char *name, gboolean log)
{
  g_autofree char *svg = read_svg (dir, name);

  if (log)
    g_assert_nonnull (strstr (svg, "log scale"));
  else
    g_assert_null (strstr (svg, "log scale"));
}

/* Test that the comparison bars are named on the x axis by the variant names less their common
 * prefix ("scale-up", "scale-out": "up", "out"), and the legend keeps the full names. */
static void
test_plot_comparison_names_bars_by_what_differs (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *dir = NULL;
  g_autofree char *svg = NULL;

  (void)user_data;
  if (skip_without_gnuplot ())
    return;
  dir = copy_fixture (fx, "plot-compare");
  plot_ok (dir, "svg");
  svg = read_svg (dir, "compare");
  g_assert_nonnull (strstr (svg, "<text>up</text>"));
  g_assert_nonnull (strstr (svg, "<text>out</text>"));
  g_assert_nonnull (strstr (svg, "<text>scale-up</text>"));
  g_assert_nonnull (strstr (svg, "<text>scale-out</text>"));
}

/* Writes DIR/recovery.csv with replications whose recovery times run from 0 s and 12 s to hours. */
static void
write_wide_recovery (const char *dir)
{
  g_autoptr (GString) csv =
      g_string_new ("replication,failure,kind,target,t_failure_s,t_detected_s,t_first_scheduled_s,"
                    "t_all_running_s,recovery_s,replicas_lost,replica_seconds_lost\n");
  g_autofree char *path = g_build_filename (dir, "recovery.csv", NULL);
  g_autoptr (GError) error = NULL;

  for (int i = 1; i <= 60; i++) {
    double recovery = i <= 5 ? 0.0 : i <= 45 ? 12.0 + i * 0.25 : 300.0 * (i - 45) * (i - 45);

    g_string_append_printf (csv, "%d,1,crash,worker-1,100.000,112.000,113.000,%.3f,%.3f,2,%.3f\n",
                            i, 100.0 + recovery, recovery, 2 * recovery);
  }
  g_file_set_contents (path, csv->str, -1, &error);
  g_assert_no_error (error);
}

/* Test that recovery times spanning more than a factor 50 get a logarithmic x axis in the
 * replications plot and the comparison CDFs, and times within a factor 50 a linear one. */
static void
test_plot_wide_recovery_times_get_a_log_axis (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *reps = NULL;
  g_autofree char *narrow = NULL;
  g_autofree char *cmp = NULL;
  g_autofree char *variant = NULL;
  g_autofree char *svg = NULL;

  (void)user_data;
  if (skip_without_gnuplot ())
    return;
  narrow = copy_fixture (fx, "plot-replications");
  plot_ok (narrow, "svg");
  assert_log_axis (narrow, "recovery", FALSE);

  reps = g_build_filename (fx->work_dir, "wide", NULL);
  g_assert_cmpint (g_mkdir_with_parents (reps, 0755), ==, 0);
  write_wide_recovery (reps);
  plot_both_quietly (reps);
  assert_png (reps, "recovery");
  assert_log_axis (reps, "recovery", TRUE);
  svg = read_svg (reps, "recovery");
  g_assert_nonnull (strstr (svg, "<text>0</text>"));

  cmp = copy_fixture (fx, "plot-compare");
  plot_ok (cmp, "svg");
  assert_log_axis (cmp, "compare-cdf", FALSE);
  variant = g_build_filename (cmp, "scale-up", NULL);
  write_wide_recovery (variant);
  plot_both_quietly (cmp);
  assert_png (cmp, "compare-cdf");
  assert_log_axis (cmp, "compare-cdf", TRUE);
}

/* Test that a run without failures, leader rows or events still draws every run plot. */
static void
test_plot_run_without_failures_still_draws (Fixture *fx, gconstpointer user_data)
{
  static const char *const images[] = { "replicas", "nodes", "cluster", NULL };
  g_autofree char *dir = NULL;
  g_autofree char *events = NULL;
  g_autofree char *recovery = NULL;
  g_autofree char *nodes = NULL;
  g_autoptr (GError) error = NULL;

  (void)user_data;
  if (skip_without_gnuplot ())
    return;
  dir = copy_fixture (fx, "plot-run");
  events = g_build_filename (dir, "events.csv", NULL);
  recovery = g_build_filename (dir, "recovery.csv", NULL);
  nodes = g_build_filename (dir, "nodes.csv", NULL);
  g_file_set_contents (events, "t_s,kind,target,text\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_remove (recovery), ==, 0);
  g_assert_cmpint (g_remove (nodes), ==, 0);

  plot_ok (dir, "png");
  for (gsize i = 0; images[i] != NULL; i++)
    assert_png (dir, images[i]);
}

/* Test that --format png writes no SVG. */
static void
test_plot_format_png_writes_no_svg (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *dir = NULL;
  g_autofree char *svg = NULL;

  (void)user_data;
  if (skip_without_gnuplot ())
    return;
  dir = copy_fixture (fx, "plot-replications");
  plot_ok (dir, "png");
  assert_png (dir, "recovery");
  svg = g_build_filename (dir, "plots", "recovery.svg", NULL);
  g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
}

/* Test that a missing results folder gives exit 2 and one line on stderr. */
static void
test_plot_missing_folder_exits_2_with_one_line (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *dir = g_build_filename (fx->work_dir, "no-such-results", NULL);
  g_autofree char *err = plot_one_line_dup (dir, NULL, 2);

  (void)user_data;
  g_assert_nonnull (strstr (err, "no-such-results"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* Test that a folder holding no results gives exit 2, one line on stderr and no plots folder. */
static void
test_plot_empty_folder_exits_2_with_one_line (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *plots = g_build_filename (fx->work_dir, "plots", NULL);
  g_autofree char *err = plot_one_line_dup (fx->work_dir, NULL, 2);

  (void)user_data;
  g_assert_nonnull (strstr (err, "nothing to plot"));
  g_assert_false (g_file_test (plots, G_FILE_TEST_EXISTS));
}

/* Test that without gnuplot the script says so in one line and exits 0 without drawing. */
static void
test_plot_missing_gnuplot_is_a_note_not_an_error (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *dir = copy_fixture (fx, "plot-run");
  g_autofree char *plots = g_build_filename (dir, "plots", NULL);
  g_auto (GStrv) envp =
      g_environ_setenv (g_get_environ (), "GNUPLOT", "swarmsim-no-such-gnuplot", TRUE);
  g_autofree char *err = plot_one_line_dup (dir, envp, 0);

  (void)user_data;
  g_assert_nonnull (strstr (err, "gnuplot"));
  g_assert_false (g_file_test (plots, G_FILE_TEST_EXISTS));
}

/* One text a plot placed: the line `PLOT X Y WIDTH HEIGHT TEXT` of plots/labels.txt. */
typedef struct {
  char plot[32];
  int x, y, width, height;
  char *text; /* owned */
} Label;

static void
label_free (gpointer data)
{
  Label *label = data;

  g_free (label->text);
  g_free (label);
}

/* Returns (transfer full) (element-type Label) the lines of DIR/plots/labels.txt. */
static GPtrArray *
read_labels (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "plots", "labels.txt", NULL);
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *labels = g_ptr_array_new_with_free_func (label_free);

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (data, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++) {
    Label *label;
    int used = 0;

    if (lines[i][0] == '\0')
      continue;
    label = g_new0 (Label, 1);
    g_assert_cmpint (sscanf (lines[i], "%31s %d %d %d %d %n", label->plot, &label->x, &label->y,
                             &label->width, &label->height, &used),
                     ==, 5);
    label->text = g_strdup (lines[i] + used);
    g_ptr_array_add (labels, label);
  }
  return labels;
}

/* Returns (transfer full) the rows of DIR/FILE split at commas, header first; no field of the
 * fixtures' rows that the tests read holds a quoted comma before it. */
static GPtrArray *
read_rows (const char *dir, const char *file)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (data, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], ",", -1));
  return rows;
}

static int
column (GPtrArray *rows, const char *name)
{
  char **header = g_ptr_array_index (rows, 0);

  for (int i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return i;
  g_assert_not_reached ();
}

/* Copies FIXTURE and plots it as SVG (faster than PNG; the layout is the same); returns the copy.
 */
static char *
plot_fixture_dup (Fixture *fx, const char *fixture)
{
  char *dir = copy_fixture (fx, fixture);

  plot_ok (dir, "svg");
  return dir;
}

/* Test that with many replications the replicas plot labels the failures of the chosen
 * replication only, each with its recovery time as recovery.csv gives it, and says which one. */
static void
test_plot_labels_give_the_recoveries_of_one_replication (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *dir = NULL;
  g_autoptr (GPtrArray) labels = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *svg = NULL;
  guint expected = 0, seen = 0;
  int rep, rec, lost, leader;

  (void)user_data;
  if (skip_without_gnuplot ())
    return;
  dir = plot_fixture_dup (fx, "plot-zones");
  labels = read_labels (dir);
  rows = read_rows (dir, "recovery.csv");
  rep = column (rows, "replication");
  rec = column (rows, "recovery_s");
  lost = column (rows, "replicas_lost");
  leader = column (rows, "leader_lost");
  for (guint i = 1; i < rows->len; i++) {
    char **row = g_ptr_array_index (rows, i);

    if (!g_str_equal (row[rep], "1") || row[rec][0] == '\0')
      continue;
    if (g_str_equal (row[lost], "0") && g_str_equal (row[leader], "0"))
      continue;
    expected++;
  }
  for (guint i = 0; i < labels->len; i++) {
    Label *label = g_ptr_array_index (labels, i);
    const char *in = strstr (label->text, "recovered in ");
    gboolean found = FALSE;
    double value;

    if (!g_str_equal (label->plot, "replicas") || in == NULL)
      continue;
    value = g_ascii_strtod (in + strlen ("recovered in "), NULL);
    seen++;
    for (guint j = 1; j < rows->len && !found; j++) {
      char **row = g_ptr_array_index (rows, j);

      found = g_str_equal (row[rep], "1") && row[rec][0] != '\0' &&
              g_ascii_strtod (row[rec], NULL) == value && strstr (label->text, row[3]) != NULL;
    }
    g_test_message ("label '%s'", label->text);
    g_assert_true (found);
  }
  g_assert_cmpuint (expected, ==, 4);
  g_assert_cmpuint (seen, ==, expected);
  svg = read_svg (dir, "replicas");
  g_assert_nonnull (strstr (svg, "replication 1 of 3"));
}

/* Asserts that no two boxes of DIR's labels.txt in one plot overlap, and that each lies in the
 * image (a plot's boxes from its own size are not known here: at least right of 0 and below 0). */
static void
assert_no_overlap (const char *dir)
{
  g_autoptr (GPtrArray) labels = read_labels (dir);

  g_assert_cmpuint (labels->len, >, 0);
  for (guint i = 0; i < labels->len; i++) {
    Label *a = g_ptr_array_index (labels, i);

    g_assert_cmpint (a->x, >=, 0);
    g_assert_cmpint (a->y, >=, 0);
    g_assert_cmpint (a->x + a->width, <=, 1000);
    for (guint j = i + 1; j < labels->len; j++) {
      Label *b = g_ptr_array_index (labels, j);
      gboolean overlap = g_str_equal (a->plot, b->plot) && a->x < b->x + b->width &&
                         b->x < a->x + a->width && a->y < b->y + b->height &&
                         b->y < a->y + a->height;

      if (overlap)
        g_test_message ("'%s' and '%s' overlap", a->text, b->text);
      g_assert_false (overlap);
    }
  }
}

/* Test that no two texts the plots place overlap, for a run with one failure and for one with a
 * zone outage, a quorum loss and twelve marked moments, some at the same instant. */
static void
test_plot_labels_never_overlap (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *run = NULL;
  g_autofree char *zones = NULL;

  (void)user_data;
  if (skip_without_gnuplot ())
    return;
  run = plot_fixture_dup (fx, "plot-run");
  assert_no_overlap (run);
  zones = plot_fixture_dup (fx, "plot-zones");
  assert_no_overlap (zones);
}

/* Test that a zone outage is one marked moment: one legend entry, and none for the crashes of
 * its nodes at that instant. */
static void
test_plot_zone_outage_is_one_moment (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *dir = NULL;
  g_autoptr (GPtrArray) labels = NULL;
  guint outages = 0;

  (void)user_data;
  if (skip_without_gnuplot ())
    return;
  dir = plot_fixture_dup (fx, "plot-zones");
  labels = read_labels (dir);
  for (guint i = 0; i < labels->len; i++) {
    Label *label = g_ptr_array_index (labels, i);

    outages += strstr (label->text, "zone outage: ") != NULL;
    g_assert_null (strstr (label->text, "failure: manager-b-1"));
    g_assert_null (strstr (label->text, "failure: worker-b-1"));
  }
  g_assert_cmpuint (outages, ==, 1);
}

/* Test that the node plot's control-plane lane draws exactly the intervals of control_plane.csv
 * for the replication drawn. */
static void
test_plot_control_plane_lane_equals_control_plane_csv (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *lane = NULL;
  g_autoptr (GString) expected = g_string_new ("");
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;

  (void)user_data;
  if (skip_without_gnuplot ())
    return;
  dir = plot_fixture_dup (fx, "plot-zones");
  rows = read_rows (dir, "control_plane.csv");
  for (guint i = 1; i < rows->len; i++) {
    char **row = g_ptr_array_index (rows, i);
    guint n = g_strv_length (row);

    /* The cause holds a quoted comma: kind is the third field, the times the last three. */
    if (g_str_equal (row[0], "1"))
      g_string_append_printf (expected, "nodes %s %s %s\n", row[2], row[n - 3], row[n - 2]);
  }
  path = g_build_filename (dir, "plots", "intervals.txt", NULL);
  g_file_get_contents (path, &lane, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lane, ==, expected->str);
}

/* Test that a run of several replications draws its distributions (recovery, detection,
 * availability per service) and, spanning zones, the replicas per zone. */
static void
test_plot_replications_draw_distributions_and_zones (Fixture *fx, gconstpointer user_data)
{
  static const char *const images[] = { "replicas", "nodes",     "cluster",      "zones",
                                        "recovery", "detection", "availability", NULL };

  (void)user_data;
  check_fixture (fx, "plot-zones", images);
}

/* Test that --replication beyond the run's replications, or other than 1 when the per-time-step
 * files hold replication 1 only, is bad input: exit 2 and one line naming the reason. */
static void
test_plot_replication_option_is_checked (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *dir = copy_fixture (fx, "plot-zones");
  g_autofree char *beyond = NULL;
  g_autofree char *other = NULL;
  g_autofree char *bad = NULL;

  (void)user_data;
  g_assert_cmpint (run_plot_with (dir, "png", "--replication=4", NULL, &beyond), ==, 2);
  g_assert_cmpuint (count_lines (beyond), ==, 1);
  g_assert_nonnull (strstr (beyond, "3 replication"));
  g_assert_cmpint (run_plot_with (dir, "png", "--replication=2", NULL, &other), ==, 2);
  g_assert_nonnull (strstr (other, "timeline.csv"));
  g_assert_cmpint (run_plot_with (dir, "png", "--replication=x", NULL, &bad), ==, 2);
}

/* Test that the comparison draws its paired differences, and that its CDF tells the share of
 * failures never recovered instead of leaving them out. */
static void
test_plot_comparison_draws_paired_differences_and_unrecovered (Fixture *fx, gconstpointer user_data)
{
  g_autofree char *dir = NULL;
  g_autofree char *cdf = NULL;
  g_autofree char *bars = NULL;

  (void)user_data;
  if (skip_without_gnuplot ())
    return;
  dir = plot_fixture_dup (fx, "plot-compare");
  assert_svg (dir, "compare-paired");
  cdf = read_svg (dir, "compare-cdf");
  g_assert_nonnull (strstr (cdf, "never recovered"));
  bars = read_svg (dir, "compare");
  g_assert_nonnull (strstr (bars, "blast radius"));
  g_assert_nonnull (strstr (bars, "control plane down"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn)                                                                              \
  g_test_add ("/scripts/plot/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("single-run-draws-replicas-nodes-and-cluster",
       test_plot_single_run_draws_replicas_nodes_and_cluster);
  ADD ("replications-draw-recovery-distribution",
       test_plot_replications_draw_recovery_distribution);
  ADD ("comparison-draws-bars-and-cdfs", test_plot_comparison_draws_bars_and_cdfs);
  ADD ("comparison-names-bars-by-what-differs", test_plot_comparison_names_bars_by_what_differs);
  ADD ("wide-recovery-times-get-a-log-axis", test_plot_wide_recovery_times_get_a_log_axis);
  ADD ("run-without-failures-still-draws", test_plot_run_without_failures_still_draws);
  ADD ("format-png-writes-no-svg", test_plot_format_png_writes_no_svg);
  ADD ("missing-folder-exits-2-with-one-line", test_plot_missing_folder_exits_2_with_one_line);
  ADD ("empty-folder-exits-2-with-one-line", test_plot_empty_folder_exits_2_with_one_line);
  ADD ("missing-gnuplot-is-a-note-not-an-error", test_plot_missing_gnuplot_is_a_note_not_an_error);
  ADD ("labels-give-the-recoveries-of-one-replication",
       test_plot_labels_give_the_recoveries_of_one_replication);
  ADD ("labels-never-overlap", test_plot_labels_never_overlap);
  ADD ("zone-outage-is-one-moment", test_plot_zone_outage_is_one_moment);
  ADD ("control-plane-lane-equals-control-plane-csv",
       test_plot_control_plane_lane_equals_control_plane_csv);
  ADD ("replications-draw-distributions-and-zones",
       test_plot_replications_draw_distributions_and_zones);
  ADD ("replication-option-is-checked", test_plot_replication_option_is_checked);
  ADD ("comparison-draws-paired-differences-and-unrecovered",
       test_plot_comparison_draws_paired_differences_and_unrecovered);
#undef ADD

  return g_test_run ();
}
