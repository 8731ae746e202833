/* SPDX-License-Identifier: MIT
 * The manifest in the marker of a results folder: every path swarmsim wrote, so that a file a user
 * added to the folder is told apart from the results and never deleted with them. The manifest
 * lists names only; a results file the user edited in place still counts as swarmsim's. */
#define _POSIX_C_SOURCE 200809L /* lstat() behind g_lstat() with C_EXTENSIONS off */

#include "cli/results.h"
#include "cli/results_private.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* Returns: (transfer full): the sorted names in @path, or NULL with @error set. */
static GPtrArray *
dup_sorted_names (const char *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GDir) dir = g_dir_open (path, 0, &local);
  if (dir == NULL) {
    g_set_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_IO, "%s: %s", path, local->message);
    return NULL;
  }
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  return names;
}

/* TRUE when @path is a folder itself, not a symbolic link to one: links are never followed. */
static gboolean
is_real_dir (const char *path)
{
  GStatBuf st;
  return g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode);
}

/* Walks @root/@rel in sorted order. With @listed NULL, adds every path to @out (folders with a
 * trailing /). With @listed, adds the paths @listed lacks, without going into a folder it lacks. */
static gboolean
walk (const char *root, const char *rel, GHashTable *listed, GPtrArray *out, GError **error)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autoptr (GPtrArray) names = dup_sorted_names (path, error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++) {
    const char *name = names->pdata[i];
    if (*rel == '\0' && strcmp (name, CLI_RESULTS_MARKER) == 0)
      continue;
    g_autofree char *child_rel =
        *rel == '\0' ? g_strdup (name) : g_strconcat (rel, "/", name, NULL);
    g_autofree char *child = g_build_filename (root, child_rel, NULL);
    gboolean is_dir = is_real_dir (child);
    g_autofree char *key = is_dir ? g_strconcat (child_rel, "/", NULL) : g_strdup (child_rel);

    if (listed != NULL && !g_hash_table_contains (listed, key)) {
      g_ptr_array_add (out, g_steal_pointer (&key));
      continue;
    }
    if (listed == NULL)
      g_ptr_array_add (out, g_strdup (key));
    if (is_dir && !walk (root, child_rel, listed, out, error))
      return FALSE;
  }
  return TRUE;
}

gboolean
cli_results__manifest_write (const char *staging, GError **error)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  if (!walk (staging, "", NULL, paths, error))
    return FALSE;

  /* The first line is the marker's text of old; the paths are escaped as C strings so that a
   * name holding a newline (a variant named by its file) stays one line. */
  g_autoptr (GString) text = g_string_new ("swarmsim results folder: swarmsim may replace it\n");
  g_string_append (text, CLI_RESULTS__MANIFEST_LINE "\n");
  for (guint i = 0; i < paths->len; i++) {
    g_autofree char *escaped = g_strescape (paths->pdata[i], NULL);
    g_string_append_printf (text, "%s\n", escaped);
  }
  g_autofree char *marker = g_build_filename (staging, CLI_RESULTS_MARKER, NULL);
  g_autoptr (GError) local = NULL;
  if (!g_file_set_contents (marker, text->str, (gssize)text->len, &local)) {
    g_set_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_IO, "%s", local->message);
    return FALSE;
  }
  return TRUE;
}

gboolean
cli_results__find_foreign (const char *folder, GPtrArray **foreign_out, GError **error)
{
  g_autofree char *marker = g_build_filename (folder, CLI_RESULTS_MARKER, NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) local = NULL;
  if (!g_file_get_contents (marker, &text, NULL, &local)) {
    g_set_error (error, CLI_RESULTS_ERROR, CLI_RESULTS_ERROR_IO, "%s", local->message);
    return FALSE;
  }

  g_autoptr (GPtrArray) foreign = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL || lines[1] == NULL || strcmp (lines[1], CLI_RESULTS__MANIFEST_LINE) != 0) {
    /* A marker from before manifests: the whole folder is swarmsim's, as it was then. */
    *foreign_out = g_steal_pointer (&foreign);
    return TRUE;
  }
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 2; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && lines[i][0] != '#')
      g_hash_table_add (listed, g_strcompress (lines[i]));
  if (!walk (folder, "", listed, foreign, error))
    return FALSE;
  *foreign_out = g_steal_pointer (&foreign);
  return TRUE;
}
