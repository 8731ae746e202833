/* SPDX-License-Identifier: MIT
 * The main of a fuzz target built without libFuzzer: feeds it every file named on the command line
 * or found in a folder named there, once each, so the seed corpus and the committed regressions
 * replay in the normal test suite (and under its sanitizers). Not a fuzzer: it mutates nothing. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static int
replay_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize size = 0;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &data, &size, &error)) {
    fprintf (stderr, "%s\n", error->message);
    return 1;
  }
  LLVMFuzzerTestOneInput ((const uint8_t *)data, size);
  return 0;
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

static int
replay (const char *path, guint *count)
{
  if (!g_file_test (path, G_FILE_TEST_IS_DIR)) {
    (*count)++;
    return replay_file (path);
  }
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (path, 0, &error);
  if (dir == NULL) {
    fprintf (stderr, "%s\n", error->message);
    return 1;
  }
  /* Sorted, so a failure shows the same file first every time. */
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  int status = 0;
  for (guint i = 0; i < names->len; i++)
    status |= replay (g_ptr_array_index (names, i), count);
  return status;
}

int
main (int argc, char **argv)
{
  int status = 0;
  guint count = 0;
  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    status |= replay (argv[i], &count);
  printf ("%s: %u inputs replayed\n", argc > 0 ? argv[0] : "fuzz", count);
  return status;
}
