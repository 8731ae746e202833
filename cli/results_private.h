/* SPDX-License-Identifier: MIT
 * Internals of the results folder shared by cli/results.c, cli/results_manifest.c (what swarmsim
 * wrote, recorded in the marker) and cli/results_cleanup.c (staging folders removed on a signal
 * and after a crash). Only cli/results*.c include it. */
#pragma once

#include <glib.h>

/* The second line of a marker that carries a manifest; a marker without it (written before
 * manifests existed) lets swarmsim replace the whole folder. */
#define CLI_RESULTS__MANIFEST_LINE                                                                 \
  "# manifest: what swarmsim wrote here, one path a line (folders end with /); anything else is "  \
  "the user's"

/* Name parts of the hidden folders beside a target NAME: ".NAME.tmp-PID-XXXXXX" (staging) and
 * ".NAME.old-PID-XXXXXX" (the previous results during a commit). */
#define CLI_RESULTS__STAGING_TAG "tmp"
#define CLI_RESULTS__OLD_TAG     "old"

/**
 * cli_results__manifest_write:
 * @staging: a filled staging folder
 * @error: CLI_RESULTS_ERROR_IO, naming the marker
 *
 * Writes the marker of @staging, listing every file and folder below it (sorted, the marker
 * itself left out).
 *
 * Returns: TRUE on success.
 */
gboolean cli_results__manifest_write (const char *staging, GError **error);

/**
 * cli_results__find_foreign:
 * @folder: a folder holding the marker
 * @foreign_out: (out) (transfer full): the paths below @folder, relative to it, that the manifest
 *   does not list, sorted; a folder not listed is one entry (its contents are not listed). Empty
 *   when the marker has no manifest
 * @error: CLI_RESULTS_ERROR_IO when the marker or a folder cannot be read
 *
 * Returns: TRUE on success.
 */
gboolean cli_results__find_foreign (const char *folder, GPtrArray **foreign_out, GError **error);

/* Returns: a slot number for the signal cleanup of @staging (its path must stay the same until it
 *   is dropped), or -1 when every slot is taken or a path is too long (no cleanup on a signal). The
 *   first call installs the handlers of SIGINT, SIGTERM and SIGHUP. */
int cli_results__cleanup_watch (const char *staging, const char *target);

/* Tells slot @slot (>= 0) that the previous results are being moved aside to @old. */
void cli_results__cleanup_watch_old (int slot, const char *old);

/* Frees slot @slot; -1 is a no-op. */
void cli_results__cleanup_drop (int slot);

/* Removes the hidden folders beside @target that a crashed swarmsim left (their pid is no longer
 * running); best effort, never fails. The previous results of a crashed commit are removed only
 * when they hold nothing but swarmsim's files. */
void cli_results__cleanup_stale (const char *target);
