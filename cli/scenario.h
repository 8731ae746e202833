/* SPDX-License-Identifier: MIT
 * Scenario files: a GKeyFile INI turned into the world's configuration (models/swarm/config.h).
 * Every section and key is checked against a table, every value goes through the kernel's parsers,
 * and --set overrides are applied before any of it. Not the world's own validation, which it calls.
 */
#pragma once

#include <glib.h>

#include "models/run/scenario.h"
#include "models/swarm/config.h"

#define CLI_SCENARIO_ERROR (cli_scenario_error_quark ())
GQuark cli_scenario_error_quark (void);

typedef enum {
  CLI_SCENARIO_ERROR_FILE,     /* the file cannot be read or is not INI */
  CLI_SCENARIO_ERROR_UNKNOWN,  /* an unknown section or key */
  CLI_SCENARIO_ERROR_INVALID,  /* a value of the wrong type, out of range, or naming nothing */
  CLI_SCENARIO_ERROR_OVERRIDE, /* a --set argument that is not section.key=value */
} CliScenarioError;

/* A loaded scenario. Transparent: the commands read it, only scenario*.c write it. */
typedef struct {
  char *path;                 /* owned; as given */
  char *name;                 /* owned; the file's base name without ".ini" */
  RunScenario *model;         /* owned: the scenario as the file wrote it, every section */
  SwarmConfig *config;        /* owned: run_scenario_build_config (model), validated: what runs */
  GPtrArray *action_sections; /* (element-type utf8) owned: the section each config->actions[i]
                                 came from, e.g. "at.60s" or "event.maintenance" */
} CliScenario;

/**
 * cli_scenario_load:
 * @path: the scenario file
 * @overrides: (array zero-terminated=1) (nullable): "section.key=value" strings (--set), applied in
 *   order over the file's values before anything is checked; a later one wins
 * @error: CLI_SCENARIO_ERROR_*; the message is one line, "PATH: [section] key: what is wrong;
 *   expected what" ("--set" instead of PATH for a value that came from an override)
 *
 * Returns: (transfer full) (nullable): the scenario, or NULL with @error set.
 */
CliScenario *cli_scenario_load (const char *path, const char *const *overrides, GError **error);

/* Same as cli_scenario_load() on text in memory; @path is only used in messages and to resolve
 * relative file names. */
CliScenario *cli_scenario_parse (const char *text, const char *path, const char *const *overrides,
                                 GError **error);

void cli_scenario_free (CliScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliScenario, cli_scenario_free)

/* Sets the seed of the run and of scenario.resolved.ini (--seed). */
void cli_scenario_set_seed (CliScenario *scenario, guint64 seed);

/**
 * cli_scenario_to_resolved_ini:
 * @scenario: the scenario
 * @version: swarmsim's version, written in the header comment
 *
 * Every section and key with its value in effect, defaults included, in canonical form and a fixed
 * order. Loading the text again gives the same configuration.
 *
 * Returns: (transfer full): the INI text.
 */
char *cli_scenario_to_resolved_ini (const CliScenario *scenario, const char *version);

/**
 * cli_scenario_dup_warnings:
 * @scenario: a loaded scenario
 *
 * What is valid but almost certainly a mistake: a service constraint whose key SwarmKit does not
 * know ("node.rolez==worker") parses, as in SwarmKit, and then matches no node, so the service
 * stays pending. One line each, "PATH: [service.NAME] constraints: warning: ...".
 *
 * Returns: (transfer full): a NULL-terminated array of warnings, empty when there are none.
 */
char **cli_scenario_dup_warnings (const CliScenario *scenario);

/**
 * cli_scenario_get_known_keys:
 * @section: "simulation", "swarm", "ec2", "registry", "nodes", "service", "at", "event", or one of
 *   cli_scenario_ext_get_known_keys()'s sections
 *
 * For documentation checks: the keys a section of that kind accepts.
 *
 * Returns: (transfer full): a NULL-terminated array of key names, NULL for an unknown section.
 */
char **cli_scenario_get_known_keys (const char *section);
