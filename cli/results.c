/* SPDX-License-Identifier: MIT
 * Atomic replacement of a results folder. The staging folder sits in the target's parent so the
 * final rename(2) never crosses a file system. */
#include "cli/results.h"
#include "cli/results_private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

G_DEFINE_QUARK (cli - results - error - quark, cli_results_error)

struct _CliResultsDir {
  char *target;  /* owned */
  char *staging; /* owned; NULL once committed */
  gboolean force;
  int watch; /* the signal cleanup slot of the staging folder, or -1 */
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

/* A target may be replaced when it does not exist, is an empty folder, or carries the marker and
 * holds only what swarmsim wrote. --force does not widen that to other folders, which may be
 * someone's work; it only lets the files a user added to a results folder be carried over into
 * the new one (@foreign_out, the paths relative to @target). */
static gboolean
check_replaceable (const char *target, gboolean force, GPtrArray **foreign_out, GError **error)
{
  *foreign_out = g_ptr_array_new_with_free_func (g_free);
  if (!g_file_test (target, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return TRUE;

  g_autofree char *marker = g_build_filename (target, CLI_RESULTS_MARKER, NULL);
  gboolean is_dir =
      g_file_test (target, G_FILE_TEST_IS_DIR) && !g_file_test (target, G_FILE_TEST_IS_SYMLINK);
  if (is_dir && dir_is_empty (target))
    return TRUE;
  if (!is_dir || !g_file_test (marker, G_FILE_TEST_IS_REGULAR)) {
    g_set_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_NOT_OURS,
                 "%s: exists and was not created by swarmsim (no %s in it); expected a swarmsim "
                 "results folder, an empty folder or a new path (--force replaces only "
                 "swarmsim's folders: choose another --out, or empty it yourself)",
                 target, CLI_RESULTS_MARKER);
    return FALSE;
  }

  g_clear_pointer (foreign_out, g_ptr_array_unref);
  if (!cli_results__find_foreign (target, foreign_out, error))
    return FALSE;
  if (force || (*foreign_out)->len == 0)
    return TRUE;
  const char *first = (*foreign_out)->pdata[0];
  g_autofree char *more =
      (*foreign_out)->len > 1 ? g_strdup_printf (" and %u more", (*foreign_out)->len - 1) : NULL;
  g_set_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_NOT_OURS,
               "%s: holds %s%s, which swarmsim did not write; expected only swarmsim's files "
               "(move it out of the folder, or use --force to keep it in the new results)",
               target, first, more != NULL ? more : "");
  return FALSE;
}

/* Returns: (transfer full): the path ".NAME.TAG-PID-SUFFIX" beside @target, without a "./" for a
 *   target in the working folder, so that messages name the files as the user does. */
static char *
hidden_path (const char *target, const char *tag, const char *suffix)
{
  g_autofree char *parent = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *name = g_strdup_printf (".%s.%s-%ld-%s", base, tag, (long)getpid (), suffix);
  if (strcmp (parent, ".") == 0 && !g_str_has_prefix (target, "./"))
    return g_steal_pointer (&name);
  return g_build_filename (parent, name, NULL);
}

CliResultsDir *
cli_results_dir_begin (const char *target, gboolean force, GError **error)
{
  g_return_val_if_fail (target != NULL && *target != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* First, as it may put back the previous results of a commit that was killed half-way. */
  cli_results__cleanup_stale (target);
  g_autoptr (GPtrArray) foreign = NULL;
  if (!check_replaceable (target, force, &foreign, error))
    return NULL;

  g_autofree char *parent = g_path_get_dirname (target);
  if (g_mkdir_with_parents (parent, 0777) != 0) {
    set_io_error (error, parent, errno);
    return NULL;
  }

  /* A hidden name beside the target with this process's id, so that the next run can tell a
   * crashed run's leftovers from a run still going, and a serial number. The name is watched for
   * signals before the folder is made, so that no signal falls between the two. 0777: the umask
   * decides, as for any folder (g_mkdtemp would make it 0700). */
  static guint serial = 0;
  for (guint tries = 0;; tries++) {
    g_autofree char *suffix = g_strdup_printf ("%u", ++serial);
    g_autofree char *staging = hidden_path (target, CLI_RESULTS__STAGING_TAG, suffix);
    int watch = cli_results__cleanup_watch (staging, target);
    if (g_mkdir (staging, 0777) == 0) {
      CliResultsDir *dir = g_new0 (CliResultsDir, 1);
      dir->target = g_strdup (target);
      dir->staging = g_steal_pointer (&staging);
      dir->force = force;
      dir->watch = watch;
      return dir;
    }
    int saved = errno;
    cli_results__cleanup_drop (watch);
    if (saved != EEXIST || tries == 100) {
      set_io_error (error, parent, saved);
      return NULL;
    }
  }
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

/* Fails with NOT_OURS when a user's file to carry over has the name of a new results file: one of
 * the two would be lost. */
static gboolean
check_carry (const CliResultsDir *dir, GPtrArray *foreign, GError **error)
{
  for (guint i = 0; i < foreign->len; i++) {
    g_autofree char *rel = g_strdup (foreign->pdata[i]);
    if (g_str_has_suffix (rel, "/"))
      rel[strlen (rel) - 1] = '\0';
    g_autofree char *path = g_build_filename (dir->staging, rel, NULL);
    if (g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
      g_set_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_NOT_OURS,
                   "%s: holds %s, which swarmsim did not write and the new results also hold; "
                   "expected it moved out of the folder first",
                   dir->target, (const char *)foreign->pdata[i]);
      return FALSE;
    }
  }
  return TRUE;
}

/* Moves the user's paths @foreign from the previous results @old into the new ones. */
static gboolean
carry_over (const CliResultsDir *dir, const char *old, GPtrArray *foreign, GError **error)
{
  for (guint i = 0; i < foreign->len; i++) {
    g_autofree char *rel = g_strdup (foreign->pdata[i]);
    if (g_str_has_suffix (rel, "/"))
      rel[strlen (rel) - 1] = '\0';
    g_autofree char *from = g_build_filename (old, rel, NULL);
    g_autofree char *to = g_build_filename (dir->target, rel, NULL);
    g_autofree char *to_parent = g_path_get_dirname (to);
    if (g_mkdir_with_parents (to_parent, 0777) != 0 || g_rename (from, to) != 0) {
      int saved = errno;
      g_set_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_IO,
                   "%s: cannot keep %s in the new results (%s); it is still in %s", dir->target,
                   rel, g_strerror (saved), old);
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
cli_results_dir_commit (CliResultsDir *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL && dir->staging != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Checked again: the run took time and someone may have put a folder or a file there meanwhile.
   * The manifest is written before the user's files join the new results, so they stay the
   * user's. */
  g_autoptr (GPtrArray) foreign = NULL;
  if (!check_replaceable (dir->target, dir->force, &foreign, error) ||
      !check_carry (dir, foreign, error) || !cli_results__manifest_write (dir->staging, error))
    return FALSE;

  g_autofree char *old = NULL;
  if (g_file_test (dir->target, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
    /* Move the previous results aside rather than deleting them first: if the second rename fails,
     * they are moved back and nothing is lost. */
    g_autofree char *parent = g_path_get_dirname (dir->target);
    old = hidden_path (dir->target, CLI_RESULTS__OLD_TAG, "XXXXXX");
    if (g_mkdtemp (old) == NULL)
      return set_io_error (error, parent, errno);
    cli_results__cleanup_watch_old (dir->watch, old);
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
  cli_results__cleanup_drop (dir->watch);
  dir->watch = -1;

  if (old != NULL && !carry_over (dir, old, foreign, error))
    return FALSE;
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
  cli_results__cleanup_drop (dir->watch);
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
