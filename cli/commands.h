/* SPDX-License-Identifier: MIT
 * The subcommands of the swarmsim program, one cmd_<name>.c each. main.c only picks one of them;
 * each parses its own options, prints, and returns the process exit status. */
#pragma once

#include <glib.h>

/* Exit statuses of every subcommand (STYLE.md §6). */
typedef enum {
  CLI_EXIT_OK = 0,         /* the command did what was asked */
  CLI_EXIT_RUN_FAILED = 1, /* the simulation or writing its results failed */
  CLI_EXIT_BAD_INPUT =
      2, /* bad options, bad scenario, or an output folder swarmsim may not touch */
} CliExitStatus;

/**
 * CliCommandFunc:
 * @argc: the number of arguments, the subcommand's name (or the program's) included
 * @argv: (array length=argc): the arguments; argv[0] names the command in messages
 *
 * Returns: a #CliExitStatus.
 */
typedef int (*CliCommandFunc) (int argc, char **argv);

/* `swarmsim [run] [OPTIONS] SCENARIO.ini`: runs a scenario and writes its results (cmd_run.c). */
int cli_cmd_run (int argc, char **argv);

/* `swarmsim check SCENARIO.ini`: validates a scenario and prints it resolved, without running it
 * (cmd_check.c). */
int cli_cmd_check (int argc, char **argv);

/* `swarmsim compare A.ini B.ini ...`: runs scenarios with common random numbers and prints them
 * side by side (cmd_compare.c, built only when that file exists). */
int cli_cmd_compare (int argc, char **argv);

/* Returns: (transfer none): swarmsim's version, e.g. "0.1.0". */
const char *cli_get_version (void);
