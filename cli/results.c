/* SPDX-License-Identifier: MIT
 * Atomic replacement of a results folder. The staging folder sits in the target's parent so the
 * final rename(2) never crosses a file system. */
#include "cli/results.h"

#include <errno.h>
#include <stdio.h>

#include <glib/gstdio.h>

G_DEFINE_QUARK (cli - results - error - quark, cli_results_error)

struct _CliResultsDir {
  char *target;  /* owned */
  char *staging; /* owned; NULL once committed */
  gboolean force;
};

static gboolean
set_io_error (GError **error, const char *path, int saved_errno)
{
  g_set_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_IO, "%s: %s", path,
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
dir_is_empty (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  return dir != NULL && g_dir_read_name (dir) == NULL;
}

/* A target may be replaced when it does not exist, is an empty folder, carries the marker, or the
 * user said --force. Anything else might be someone's data. */
static gboolean
check_replaceable (const char *target, gboolean force, GError **error)
{
  if (force || !g_file_test (target, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return TRUE;

  g_autofree char *marker = g_build_filename (target, CLI_RESULTS_MARKER, NULL);
  if (g_file_test (target, G_FILE_TEST_IS_DIR) && !g_file_test (target, G_FILE_TEST_IS_SYMLINK) &&
      (g_file_test (marker, G_FILE_TEST_IS_REGULAR) || dir_is_empty (target)))
    return TRUE;

  g_set_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_NOT_OURS,
               "%s: exists and was not created by swarmsim; expected a swarmsim results folder "
               "or a new path (use --force to replace it)",
               target);
  return FALSE;
}

CliResultsDir *
cli_results_dir_begin (const char *target, gboolean force, GError **error)
{
  g_return_val_if_fail (target != NULL && *target != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_replaceable (target, force, error))
    return NULL;

  g_autofree char *parent = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  if (g_mkdir_with_parents (parent, 0777) != 0) {
    set_io_error (error, parent, errno);
    return NULL;
  }

  /* A hidden name beside the target: a crash leaves at most this folder behind, never a
   * half-written target. */
  g_autofree char *template = g_strdup_printf ("%s/.%s.tmp-XXXXXX", parent, base);
  if (g_mkdtemp (template) == NULL) {
    set_io_error (error, parent, errno);
    return NULL;
  }

  CliResultsDir *dir = g_new0 (CliResultsDir, 1);
  dir->target = g_strdup (target);
  dir->staging = g_steal_pointer (&template);
  dir->force = force;

  g_autofree char *marker = g_build_filename (dir->staging, CLI_RESULTS_MARKER, NULL);
  if (!g_file_set_contents (marker, "swarmsim results folder: swarmsim may replace it\n", -1,
                            error)) {
    cli_results_dir_free (dir);
    return NULL;
  }
  return dir;
}

const char *
cli_results_dir_get_staging_path (const CliResultsDir *dir)
{
  g_return_val_if_fail (dir != NULL && dir->staging != NULL, NULL);
  return dir->staging;
}

const char *
cli_results_dir_get_target (const CliResultsDir *dir)
{
  g_return_val_if_fail (dir != NULL, NULL);
  return dir->target;
}

char *
cli_results_dir_build_path (const CliResultsDir *dir, const char *file_name)
{
  g_return_val_if_fail (dir != NULL && dir->staging != NULL, NULL);
  return g_build_filename (dir->staging, file_name, NULL);
}

gboolean
cli_results_dir_commit (CliResultsDir *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL && dir->staging != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Checked again: the run took time and someone may have put a folder there meanwhile. */
  if (!check_replaceable (dir->target, dir->force, error))
    return FALSE;

  g_autofree char *old = NULL;
  if (g_file_test (dir->target, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
    /* Move the previous results aside rather than deleting them first: if the second rename fails,
     * they are moved back and nothing is lost. */
    g_autofree char *parent = g_path_get_dirname (dir->target);
    g_autofree char *base = g_path_get_basename (dir->target);
    old = g_strdup_printf ("%s/.%s.old-XXXXXX", parent, base);
    if (g_mkdtemp (old) == NULL)
      return set_io_error (error, parent, errno);
    /* rename() replaces the empty folder just made, reserving a unique name. */
    if (g_rename (dir->target, old) != 0) {
      int saved = errno;
      g_rmdir (old);
      return set_io_error (error, dir->target, saved);
    }
  }

  if (g_rename (dir->staging, dir->target) != 0) {
    int saved = errno;
    if (old != NULL)
      g_rename (old, dir->target);
    return set_io_error (error, dir->target, saved);
  }
  g_clear_pointer (&dir->staging, g_free);

  /* The new results are in place; failing to clean up the old ones is not a failed run. */
  if (old != NULL)
    cli_remove_tree (old, NULL);
  return TRUE;
}

void
cli_results_dir_free (CliResultsDir *dir)
{
  if (dir == NULL)
    return;
  if (dir->staging != NULL)
    cli_remove_tree (dir->staging, NULL);
  g_free (dir->staging);
  g_free (dir->target);
  g_free (dir);
}

gboolean
cli_remove_tree (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK)) {
    g_autoptr (GDir) dir = g_dir_open (path, 0, error);
    if (dir == NULL)
      return FALSE;
    const char *name;
    while ((name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (!cli_remove_tree (child, error))
        return FALSE;
    }
    if (g_rmdir (path) != 0)
      return set_io_error (error, path, errno);
    return TRUE;
  }
  if (g_remove (path) != 0 && errno != ENOENT)
    return set_io_error (error, path, errno);
  return TRUE;
}
