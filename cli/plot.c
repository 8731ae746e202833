/* SPDX-License-Identifier: MIT
 * --plot for run and compare: finds gnuplot and scripts/plot, and runs the script on the results
 * folder. Never draws anything itself (STYLE.md §11). */
#include "cli/plot.h"

#include <stdio.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "cli/options.h"

/* Returns: (transfer full) (nullable): the first image in @plots_dir that is empty, the mark of
 *   a write that failed without gnuplot saying so (a full disk), or NULL. A second line of defence:
 *   scripts/plot checks every image it draws. */
static char *
dup_empty_image (const char *plots_dir)
{
  g_autoptr (GDir) dir = g_dir_open (plots_dir, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
    /* Only images: the side lists scripts/plot writes (labels.txt, intervals.txt) may be empty,
     * a run without a control-plane outage has no interval to list. */
    if (!g_str_has_suffix (name, ".png") && !g_str_has_suffix (name, ".svg"))
      continue;
    g_autofree char *path = g_build_filename (plots_dir, name, NULL);
    GStatBuf st;
    if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size == 0)
      return g_steal_pointer (&path);
  }
  return NULL;
}

gboolean
cli_plot_draw (const char *results_dir, gboolean quiet)
{
  g_return_val_if_fail (results_dir != NULL, FALSE);

  g_autofree char *gnuplot = g_find_program_in_path ("gnuplot");
  g_autofree char *script = g_build_filename (SWARMSIM_SCRIPTS_DIR, "plot", NULL);
  if (gnuplot == NULL || !g_file_test (script, G_FILE_TEST_IS_EXECUTABLE)) {
    if (!quiet)
      fprintf (stderr, "swarmsim: %s; skipping the plots (results are in %s)\n",
               gnuplot == NULL ? "gnuplot is not installed" : "scripts/plot is missing",
               results_dir);
    return TRUE;
  }

  /* The script's standard error is read rather than shared, so that a failure is reported once,
   * in the script's words (they name the file), instead of twice. */
  g_autofree char *dir_arg = g_strdup (results_dir);
  char quiet_arg[] = "--quiet";
  char *argv[] = { script, dir_arg, quiet ? quiet_arg : NULL, NULL };
  g_autofree char *err = NULL;
  int status = 0;
  g_autoptr (GError) error = NULL;
  gboolean ok = g_spawn_sync (NULL, argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL,
                              &err, &status, &error) &&
                g_spawn_check_wait_status (status, &error);
  if (err != NULL)
    fputs (err, stderr);
  if (!ok) {
    if (err == NULL || *err == '\0') {
      g_autofree char *message =
          g_strdup_printf ("%s: plotting failed: %s", script, error->message);
      cli_print_error (message);
    }
    return FALSE;
  }

  g_autofree char *plots = g_build_filename (results_dir, "plots", NULL);
  g_autofree char *empty = dup_empty_image (plots);
  if (empty != NULL) {
    g_autofree char *message = g_strdup_printf (
        "%s: the image is empty; expected gnuplot to write it (is the disk full?)", empty);
    cli_print_error (message);
    return FALSE;
  }
  return TRUE;
}
