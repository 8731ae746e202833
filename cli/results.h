/* SPDX-License-Identifier: MIT
 * The results folder: written whole into a temporary folder beside the target, then renamed into
 * place, so a failed run never leaves half a result and never destroys the previous one, nor a
 * folder or a file that is not swarmsim's. Knows nothing of what goes inside (report.c writes the
 * files); the marker lists them (docs/results-format.md, "The results folder"). */
#pragma once

#include <glib.h>

#define CLI_RESULTS_ERROR (cli_results_error_quark ())
GQuark cli_results_error_quark (void);

typedef enum {
  CLI_RESULTS_ERROR_NOT_OURS, /* the target, or a file in it, is not swarmsim's */
  CLI_RESULTS_ERROR_IO,       /* a folder or file cannot be created, renamed or removed */
} CliResultsError;

/* The marker file in every folder swarmsim creates, with the list of what it wrote there; only
 * folders holding it (or empty ones) are ever replaced. */
#define CLI_RESULTS_MARKER ".swarmsim-results"

typedef struct _CliResultsDir CliResultsDir;

/**
 * cli_results_dir_begin:
 * @target: the results folder to produce, e.g. "results/4node-failover"
 * @force: keep the files a user added to the results folder @target by moving them into the new
 *   one, instead of refusing it; never lets a folder without the marker be replaced
 * @error: CLI_RESULTS_ERROR_NOT_OURS when @target exists and is not an empty folder nor one with
 *   the marker, or (without @force) holds a path its manifest does not list, the message naming
 *   it; CLI_RESULTS_ERROR_IO when the staging folder cannot be made
 *
 * Removes what crashed runs into @target left beside it (their process is gone), checks that
 * @target may be replaced, creates its parent folders, and makes an empty staging folder beside
 * it, ".NAME.tmp-PID-XXXXXX" with the umask's permissions, for the caller to fill. Until commit or
 * free, SIGINT, SIGTERM and SIGHUP delete the staging folder before the program dies of them.
 *
 * Returns: (transfer full) (nullable): the staging handle, or NULL with @error set.
 */
CliResultsDir *cli_results_dir_begin (const char *target, gboolean force, GError **error);

/* Returns: (transfer none): the staging folder to write into; valid until commit or free. */
const char *cli_results_dir_get_staging_path (const CliResultsDir *dir);

/* Returns: (transfer none): the final folder. */
const char *cli_results_dir_get_target (const CliResultsDir *dir);

/* Returns: (transfer full): the path of @file_name inside the staging folder. */
char *cli_results_dir_build_path (const CliResultsDir *dir, const char *file_name);

/**
 * cli_results_dir_commit:
 * @dir: the handle
 * @error: CLI_RESULTS_ERROR_NOT_OURS if the target changed owner or got a user's file meanwhile
 *   (as in begin), or a user's file to keep has the name of a new file; _IO, naming the path
 *
 * Writes the marker with the list of every path in the staging folder, then moves the staging
 * folder to the target, replacing what was there (the previous folder is moved aside first and
 * deleted only once the new one is in place; with force, the user's files are moved from it into
 * the new one first).
 *
 * Returns: TRUE when the target now holds the new results.
 */
gboolean cli_results_dir_commit (CliResultsDir *dir, GError **error);

/* Frees the handle; a staging folder that was not committed is deleted with its contents. */
void cli_results_dir_free (CliResultsDir *dir);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResultsDir, cli_results_dir_free)

/**
 * cli_remove_tree:
 * @path: a file or folder
 * @error: CLI_RESULTS_ERROR_IO
 *
 * Deletes @path and, for a folder, everything below it (symbolic links are removed, not followed).
 *
 * Returns: TRUE on success, also when @path did not exist.
 */
gboolean cli_remove_tree (const char *path, GError **error);
