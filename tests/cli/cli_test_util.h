/* SPDX-License-Identifier: MIT
 * Helpers for the tests that run the built swarmsim program: where it is, running it in a folder,
 * and listing what it left there. Test code only. */
#pragma once

#include <glib.h>

/* The outcome of one run of the program. */
typedef struct {
  char *out;  /* owned: standard output */
  char *err;  /* owned: standard error */
  int status; /* the exit status */
} CliTestRun;

void cli_test_run_clear (CliTestRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliTestRun, cli_test_run_clear)

/* Returns: (transfer full) (nullable): <build>/swarmsim from SWARMSIM_BUILD_DIR, NULL if unset. */
char *cli_test_program (void);

/* Runs the program with @args (NULL-terminated, without the program) in @cwd; aborts the test if
 * it cannot be started. */
void cli_test_run (const char *cwd, const char *const *args, CliTestRun *run_out);

/* Returns: (transfer full): a new empty folder made from @template ("name-XXXXXX") in the
 *   temporary folder; aborts the test if it cannot be made. */
char *cli_test_make_folder (const char *template);

/* Removes @folder and everything in it, aborting the test if that fails, then frees the string
 * (a GDestroyNotify for g_clear_pointer). */
void cli_test_remove_folder (char *folder);

/* Returns: (transfer full): the contents of the file whose path is @first_element and the
 *   following elements, NULL-terminated, as g_build_filename() joins them; aborts the test if it
 *   cannot be read. */
char *cli_test_read_file (const char *first_element, ...) G_GNUC_NULL_TERMINATED;

/* Asserts that @expected equals @actual, two versions of the text of the file named @file; when
 * they differ, the failure message names @file and the first differing line and shows both. */
void cli_test_assert_same_text (const char *file, const char *expected, const char *actual);

/* Returns: (transfer full): the sorted names in @dir, hidden ones included, joined by " ". */
char *cli_test_list_dir (const char *dir);
