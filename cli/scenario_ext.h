/* SPDX-License-Identifier: MIT
 * The scenario sections of the pools work: [pool.NAME], [autoscaler], [workload.NAME],
 * [batch.NAME] and [failures]. Parsed from the same GKeyFile as the rest of the scenario, and
 * attached to each replication's world. Documented in scenarios/README.md ("Pools, workloads and
 * failures"). */
#pragma once

#include <glib.h>

#include "cli/scenario.h"
#include "models/swarm/config.h"
#include "models/swarm/world.h"

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
 * @ext: the parsed sections
 * @config: the configuration with its timeline actions
 * @error: the pool's error (POOL_ERROR_INVALID), naming the pool and the action
 *
 * Refuses a timeline resize or terminate of a node a pool manages (pool_spec_check_actions()), so
 * that the mix is bad input (exit 2), found before anything runs.
 *
 * Returns: TRUE when every pool accepts the timeline.
 */
gboolean cli_scenario_ext_check_actions (const CliScenarioExt *ext, const SwarmConfig *config,
                                         GError **error);

/**
 * cli_scenario_ext_load:
 * @key_file: the scenario
 * @path: the scenario's path, for messages
 * @base_dir: the folder relative file names are resolved against
 * @config: (inout): the world's configuration; batch families become services, pools label their
 *   groups and may set their groups' overhead_nanocpus and overhead_memory_bytes
 * @error: CLI_SCENARIO_ERROR_UNKNOWN or _INVALID, "PATH: [section] key: what; expected what"
 *
 * Returns: (transfer full) (nullable): the parsed sections (possibly all empty).
 */
CliScenarioExt *cli_scenario_ext_load (GKeyFile *key_file, const char *path, const char *base_dir,
                                       SwarmConfig *config, GError **error);
void cli_scenario_ext_free (CliScenarioExt *ext);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliScenarioExt, cli_scenario_ext_free)

/**
 * cli_scenario_ext_dup_description:
 * @ext: the parsed sections
 *
 * Returns: (transfer full): what `swarmsim check` prints about them: one line per pool, workload,
 *   batch family and trace, then the failure process; "" when there is none of it.
 */
char *cli_scenario_ext_dup_description (const CliScenarioExt *ext);

/**
 * cli_scenario_ext_write_resolved:
 * @ext: the parsed sections
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
void cli_scenario_ext_write_resolved (const CliScenarioExt *ext, GKeyFile *key_file);

/* One replication's pools, failure injector and workload driver. */
typedef struct _CliRunExt CliRunExt;

/**
 * cli_run_ext_attach:
 * @ext: the parsed sections
 * @world: a world built from the configuration @ext was loaded into; must outlive the result
 * @config: that configuration
 * @seed: the replication's seed
 * @error: POOL_ERROR from a pool that cannot work
 *
 * Returns: (transfer full) (nullable): what was attached; free it before the world.
 */
CliRunExt *cli_run_ext_attach (const CliScenarioExt *ext, SwarmWorld *world,
                               const SwarmConfig *config, guint64 seed, GError **error);
void cli_run_ext_free (CliRunExt *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRunExt, cli_run_ext_free)

/**
 * cli_run_ext_add_job_metrics:
 * @run: a replication's attachments, after the run
 * @metrics: (element-type CliMetric): where to append jobs_submitted, jobs_completed, jobs_failed
 *   (counts), job_wait_mean_s (submit to first RUNNING) and job_turnaround_mean_s (submit to
 *   COMPLETE), NAN when no job got that far; nothing when the scenario has no batch family
 */
void cli_run_ext_add_job_metrics (const CliRunExt *run, GPtrArray *metrics);

/* Returns: the number of pool steps taken so far (grow + shrink), and failures injected. */
guint cli_run_ext_get_pool_steps (const CliRunExt *run);
guint cli_run_ext_get_failures (const CliRunExt *run);
