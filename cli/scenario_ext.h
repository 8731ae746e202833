/* SPDX-License-Identifier: MIT
 * The scenario sections of the pools work: [pool.NAME], [autoscaler], [workload.NAME],
 * [batch.NAME], [trace] and [failures]. Parsed from the same GKeyFile as the rest of the scenario
 * into the scenario model (models/run/scenario.h). Documented in scenarios/README.md ("Pools,
 * workloads and failures"). */
#pragma once

#include <glib.h>

#include "cli/scenario.h"
#include "models/swarm/config.h"
#include "models/run/scenario.h"

/* Returns: TRUE when @group is a section this file parses (the main loader must skip it). */
gboolean cli_scenario_ext_is_section (const char *group);

/**
 * cli_scenario_ext_dup_known_keys:
 * @section: "pool", "autoscaler", "workload", "batch", "trace" or "failures"
 *
 * For documentation checks: the keys a section of that kind accepts.
 *
 * Returns: (transfer full) (nullable): a NULL-terminated array of key names, NULL for any other
 *   section.
 */
char **cli_scenario_ext_dup_known_keys (const char *section);

/**
 * cli_scenario_ext_check_actions:
 * @scenario: the scenario model
 * @config: the configuration that runs, with its timeline actions
 * @error: the pool's error (POOL_ERROR_INVALID), naming the pool and the action
 *
 * Refuses a timeline resize or terminate of a node a pool manages (pool_spec_check_actions()), so
 * that the mix is bad input (exit 2), found before anything runs.
 *
 * Returns: TRUE when every pool accepts the timeline.
 */
gboolean cli_scenario_ext_check_actions (const RunScenario *scenario, const SwarmConfig *config,
                                         GError **error);

/**
 * cli_scenario_ext_load:
 * @key_file: the scenario
 * @path: the scenario's path, for messages
 * @base_dir: the folder relative file names are resolved against
 * @scenario: (inout): the model: its pools, policy, workloads, batches, failures and trace are
 *   filled in; a pool's overhead_cpus and overhead_memory set its group's overhead in the model's
 *   configuration (the same keys as in [nodes.GROUP])
 * @error: CLI_SCENARIO_ERROR_UNKNOWN or _INVALID, "PATH: [section] key: what; expected what"
 *
 * Returns: TRUE on success.
 */
gboolean cli_scenario_ext_load (GKeyFile *key_file, const char *path, const char *base_dir,
                                RunScenario *scenario, GError **error);

/**
 * cli_scenario_ext_dup_description:
 * @scenario: the scenario model
 *
 * Returns: (transfer full): what `swarmsim check` prints about the pools, workloads, batch
 *   families, trace and failure processes: one line each; "" when there is none of it.
 */
char *cli_scenario_ext_dup_description (const RunScenario *scenario);

/**
 * cli_scenario_ext_write_resolved:
 * @scenario: the scenario model
 * @key_file: (inout): where the sections are added, after those already in it
 *
 * For scenario.resolved.ini: writes the sections from the parsed specs, not from the file's text,
 * with every default filled in and every value in the syntax cli_scenario_ext_load() reads
 * (durations, distributions, curves, CPUs and sizes in canonical text). The order is fixed:
 * [pool.NAME] in file order, [autoscaler], [workload.NAME], [batch.NAME] (file order), [trace],
 * [failures]. [autoscaler] is left out when there is no pool and the policy is the default one,
 * [failures] when no failure is set; keys of a part that is off (no distribution, no max_type, no
 * nodes file) are left out, as the loader has no text for "none". A pool's overhead_cpus and
 * overhead_memory are not written: they are its group's, in [nodes.GROUP]. Loading the written
 * sections gives the same specs.
 */
void cli_scenario_ext_write_resolved (const RunScenario *scenario, GKeyFile *key_file);
