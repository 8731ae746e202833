/* SPDX-License-Identifier: MIT
 * Running the built swarmsim program from tests (see cli_test_util.h). */
#include "cli_test_util.h"

#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

#include "cli/results.h"

void
cli_test_run_clear (CliTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

char *
cli_test_program (void)
{
  const char *build = g_getenv ("SWARMSIM_BUILD_DIR");
  return build != NULL ? g_build_filename (build, "swarmsim", NULL) : NULL;
}

void
cli_test_run (const char *cwd, const char *const *args, CliTestRun *run_out)
{
  g_autofree char *program = cli_test_program ();
  g_assert_nonnull (program);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)(gsize)args[i]);
  g_ptr_array_add (argv, NULL);

  g_autoptr (GError) error = NULL;
  int wait_status = 0;
  memset (run_out, 0, sizeof *run_out);
  g_assert_true (g_spawn_sync (cwd, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run_out->out, &run_out->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run_out->status = WEXITSTATUS (wait_status);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

char *
cli_test_list_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **)names->pdata);
}

char *
cli_test_make_folder (const char *template)
{
  g_autoptr (GError) error = NULL;
  char *folder = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  return folder;
}

void
cli_test_remove_folder (char *folder)
{
  g_autoptr (GError) error = NULL;
  gboolean removed = cli_remove_tree (folder, &error);
  g_assert_no_error (error);
  g_assert_true (removed);
  g_free (folder);
}

char *
cli_test_read_file (const char *first_element, ...)
{
  va_list args;
  va_start (args, first_element);
  g_autofree char *path = g_build_filename_valist (first_element, &args);
  va_end (args);

  g_autoptr (GError) error = NULL;
  char *text = NULL;
  gboolean read = g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (read);
  return text;
}

void
cli_test_assert_same_text (const char *file, const char *expected, const char *actual)
{
  if (strcmp (expected, actual) == 0)
    return;
  g_auto (GStrv) e = g_strsplit (expected, "\n", -1);
  g_auto (GStrv) a = g_strsplit (actual, "\n", -1);
  guint i = 0;
  while (e[i] != NULL && a[i] != NULL && strcmp (e[i], a[i]) == 0)
    i++;
  /* Compare the first differing lines, not the texts: a results file can be thousands of lines,
   * and the message should name the file and the line, not print both files whole. */
  g_autofree char *want =
      g_strdup_printf ("%s line %u: %s", file, i + 1, e[i] != NULL ? e[i] : "(end of file)");
  g_autofree char *got =
      g_strdup_printf ("%s line %u: %s", file, i + 1, a[i] != NULL ? a[i] : "(end of file)");
  g_assert_cmpstr (want, ==, got);
  g_assert_cmpstr (expected, ==, actual); /* a line that reads "(end of file)" */
}
