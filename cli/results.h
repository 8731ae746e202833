/* SPDX-License-Identifier: MIT
 * The results folder: written whole into a temporary folder beside the target, then renamed into
 * place, so a failed run never leaves half a result and never destroys the previous one. Knows
 * nothing of what goes inside (report.c writes the files). */
#pragma once

#include <glib.h>

#define CLI_RESULTS_ERROR (cli_results_error_quark ())
GQuark cli_results_error_quark (void);

typedef enum {
  CLI_RESULTS_ERROR_NOT_OURS, /* the target exists and swarmsim did not create it (no --force) */
  CLI_RESULTS_ERROR_IO,       /* a folder or file cannot be created, renamed or removed */
} CliResultsError;

/* The marker file in every folder swarmsim creates; only folders holding it are ever replaced. */
#define CLI_RESULTS_MARKER ".swarmsim-results"

typedef struct _CliResultsDir CliResultsDir;

/**
 * cli_results_dir_begin:
 * @target: the results folder to produce, e.g. "results/4node-failover"
 * @force: replace @target even if swarmsim did not create it
 * @error: CLI_RESULTS_ERROR_NOT_OURS when @target exists, is not empty and has no marker (or is not
 *   a folder) and @force is FALSE; CLI_RESULTS_ERROR_IO when the staging folder cannot be made
 *
 * Checks that @target may be replaced, creates its parent folders, and makes an empty staging
 * folder beside it (holding the marker) for the caller to fill.
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
 * @error: CLI_RESULTS_ERROR_NOT_OURS if the target changed owner meanwhile, or _IO
 *
 * Moves the staging folder to the target, replacing what was there (the previous folder is moved
 * aside first and deleted only once the new one is in place).
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
