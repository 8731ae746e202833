/* SPDX-License-Identifier: MIT
 * The swarmsim program's entry point: picks a subcommand from the first argument and runs it.
 * Options, scenarios and results are the subcommands' business (cmd_*.c), not this file's. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli/commands.h"

typedef struct {
  const char *name;
  CliCommandFunc func;
} Command;

/* One line per subcommand. A scenario file is never named like a subcommand, so "swarmsim X.ini"
 * falls through to `run`. */
static const Command commands[] = {
  { "run", cli_cmd_run },
  { "check", cli_cmd_check },
  { "compare", cli_cmd_compare },
};

int
main (int argc, char **argv)
{
  /* Messages may be translated by GLib, but numbers in files never depend on the locale: every
   * number written goes through g_ascii_formatd(). */
  setlocale (LC_ALL, "");
  g_set_prgname ("swarmsim");

  if (argc >= 2 && strcmp (argv[1], "--version") == 0) {
    printf ("swarmsim %s\n", cli_get_version ());
    return CLI_EXIT_OK;
  }

  if (argc >= 2) {
    for (gsize i = 0; i < G_N_ELEMENTS (commands); i++) {
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].func (argc - 1, argv + 1);
    }
  }

  /* No subcommand: the arguments are those of `run`, the program's main use. */
  return cli_cmd_run (argc, argv);
}
