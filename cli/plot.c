/* SPDX-License-Identifier: MIT
 * --plot for run and compare: finds gnuplot and scripts/plot, and runs the script on the results
 * folder. Never draws anything itself (STYLE.md §11). */
#include "cli/plot.h"

#include <stdio.h>

#include "cli/options.h"

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

  g_autofree char *dir_arg = g_strdup (results_dir);
  char quiet_arg[] = "--quiet";
  char *argv[] = { script, dir_arg, quiet ? quiet_arg : NULL, NULL };
  int status = 0;
  g_autoptr (GError) error = NULL;
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error)) {
    g_autofree char *message = g_strdup_printf ("%s: plotting failed: %s", script, error->message);
    cli_print_error (message);
    return FALSE;
  }
  return TRUE;
}
