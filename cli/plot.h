/* SPDX-License-Identifier: MIT
 * --plot: runs scripts/plot on a results folder that run or compare has written. Calling the
 * script is all it does; the pictures are the script's and gnuplot's business. */
#pragma once

#include <glib.h>

/**
 * cli_plot_draw:
 * @results_dir: a committed results folder (a run's, or a comparison's with compare.csv)
 * @quiet: pass --quiet to the script, and say nothing when gnuplot or the script is missing
 *
 * Runs scripts/plot on @results_dir. Without gnuplot or the script, it says so on stderr (unless
 * @quiet) and draws nothing, which is not a failure. When the script fails (an image it could not
 * write, e.g. on a full disk, included), its own message goes to stderr, naming the file; a script
 * that fails without a word gets one line naming it. An empty image left in plots/ is a failure
 * too, with one line naming it.
 *
 * Returns: FALSE if the script ran and failed, or left an empty image.
 */
gboolean cli_plot_draw (const char *results_dir, gboolean quiet);
