/* SPDX-License-Identifier: MIT
 * Command-line options shared by the subcommands that run scenarios (run, and compare), parsed with
 * GOptionContext. It checks option syntax and ranges only; scenario keys are scenario.c's job. */
#pragma once

#include <glib.h>

#define CLI_OPTIONS_ERROR (cli_options_error_quark ())
GQuark cli_options_error_quark (void);

typedef enum {
  CLI_OPTIONS_ERROR_INVALID, /* an unknown option, a bad value, or missing or extra arguments */
} CliOptionsError;

/* The options of `swarmsim [run]` and of `swarmsim compare`. Zero-initialise, then
 * cli_run_options_parse() or cli_compare_options_parse(). */
typedef struct {
  guint64 seed;       /* --seed N */
  gboolean seed_set;  /* --seed was given */
  guint replications; /* --replications N; 0 when not given */
  guint threads;      /* --threads N; 0 (every core) when not given */
  char *out_dir;      /* (nullable) owned; --out DIR */
  char **sets;        /* (nullable) owned; --set section.key=value, in order */
  gboolean quiet;     /* --quiet: print nothing but errors */
  gboolean timeline;  /* --timeline: print the narrated timeline (run only) */
  gboolean plot;      /* --plot: run scripts/plot on the results */
  gboolean force;     /* --force: replace an output folder swarmsim did not create */
  gboolean version;   /* --version (run only) */
  char **args;        /* (nullable) owned; the remaining arguments (the scenario or scenarios) */

  gboolean check_invariants; /* --check-invariants: a run that breaks an invariant fails */
  guint plot_replication;    /* --plot-replication K (run only): the replication whose per-time-step
                                files, summary lines and plots are written; 0 when not given (1) */
} CliRunOptions;

/**
 * cli_run_options_parse:
 * @options: zero-initialised options to fill
 * @argc: the argument count, the command's name included
 * @argv: (array length=argc): the arguments
 * @error: CLI_OPTIONS_ERROR_INVALID, message "OPTION: what is wrong; expected what" or GLib's own
 *   message for an unknown option
 *
 * Parses the options; --help prints the help with examples and exits 0 (GOptionContext's way).
 *
 * Returns: TRUE on success.
 */
gboolean cli_run_options_parse (CliRunOptions *options, int argc, char **argv, GError **error);

/**
 * cli_compare_options_parse:
 * @options: zero-initialised options to fill
 * @argc: the argument count, the subcommand's name included
 * @argv: (array length=argc): the arguments
 * @error: CLI_OPTIONS_ERROR_INVALID, as for cli_run_options_parse(); also when fewer than two
 *   scenario files are given
 *
 * Parses the options of `swarmsim compare`: those of run (the same texts, ranges and messages)
 * without --timeline and --version, and two or more scenario files.
 *
 * Returns: TRUE on success.
 */
gboolean cli_compare_options_parse (CliRunOptions *options, int argc, char **argv, GError **error);

/* Frees what the options own, leaving them zeroed. */
void cli_run_options_clear (CliRunOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRunOptions, cli_run_options_clear)

/* Returns: (transfer full): the text of `swarmsim --help`. */
char *cli_run_options_dup_help (void);

/* Returns: (transfer full): the text of `swarmsim compare --help`. */
char *cli_compare_options_dup_help (void);

/* Prints @message on stderr as one line; messages start with their location (a path, an option, or
 * "swarmsim"). */
void cli_print_error (const char *message);
