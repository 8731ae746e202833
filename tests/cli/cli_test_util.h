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

/* Returns: (transfer full): the sorted names in @dir, hidden ones included, joined by " ". */
char *cli_test_list_dir (const char *dir);
