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

/* Whether @arg, the first argument and no command's name, was meant as a command rather than as
 * `run`'s option or scenario: "swarmsim chek x.ini" would otherwise be run and fail with a puzzling
 * "more than one scenario given". A scenario is a path that ends in .ini, has a folder in it or
 * names a file that exists. */
static gboolean
is_unknown_command (const char *arg)
{
  return arg[0] != '-' && !g_str_has_suffix (arg, ".ini") &&
         strchr (arg, G_DIR_SEPARATOR) == NULL && !g_file_test (arg, G_FILE_TEST_EXISTS);
}

/* Prints that @arg is no command, naming the commands from the table, and returns exit status 2. */
static int
unknown_command (const char *arg)
{
  g_autoptr (GString) expected = g_string_new (NULL);
  gsize n = G_N_ELEMENTS (commands);

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (expected, "%s%s", i == 0 ? "" : (i + 1 < n ? ", " : " or "),
                            commands[i].name);
  g_printerr ("%s: unknown command \"%s\"; expected %s (or a SCENARIO.ini)\n", g_get_prgname (),
              arg, expected->str);
  return CLI_EXIT_BAD_INPUT;
}

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
    if (is_unknown_command (argv[1]))
      return unknown_command (argv[1]);
  }

  /* No subcommand: the arguments are those of `run`, the program's main use. */
  return cli_cmd_run (argc, argv);
}
