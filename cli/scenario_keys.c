/* SPDX-License-Identifier: MIT
 * The table of scenario keys: for each section kind, every key with its type, the field it sets and
 * its valid range, and the walks over it that read a section and write it back. Reading and writing
 * the resolved scenario both walk this table, so a key cannot be readable without also appearing in
 * scenario.resolved.ini. Defaults are not here: they come from swarm_config_new() and friends
 * (models/swarm/config.h), and scenarios/README.md lists them.
 */
#include <stddef.h>
#include <string.h>

#include "cli/scenario_private.h"
#include "sim/units.h"

#define CFG(f)  CLI_KEY_IN_CONFIG, offsetof (SwarmConfig, f)
#define GRP(f)  CLI_KEY_IN_GROUP, offsetof (SwarmNodeGroup, f)
#define SVC(f)  CLI_KEY_IN_SERVICE, offsetof (SwarmServiceConfig, f)
#define SPEC(f) CLI_KEY_IN_SPEC, offsetof (OrchServiceSpec, f)
#define TYPE(f) CLI_KEY_IN_TYPE, offsetof (Ec2InstanceType, f)
#define US(x)   ((guint64)(x))

/* Ranges keep a scenario inside what the models are built for: at most 10 years of simulated time,
 * 100 000 nodes per group (issue #4's scale target) and a million replicas per service. */
#define MAX_DURATION US (SIM_HOUR (24) * 3650)

static const CliKey simulation_keys[] = {
  { "duration", CLI_KEY_DURATION, CFG (duration_us), US (SIM_SEC (1)), MAX_DURATION },
  { "step", CLI_KEY_DURATION, CFG (step_us), US (SIM_MSEC (1)), MAX_DURATION },
  { "seed", CLI_KEY_UINT64, CFG (seed), 0, 0 },
  { "replications", CLI_KEY_UINT, CLI_KEY_IN_SCENARIO, offsetof (RunScenario, replications), 1,
    100000 },
  { 0 },
};

static const CliKey swarm_keys[] = {
  { "heartbeat_period", CLI_KEY_DURATION, CFG (heartbeat_period_us), US (SIM_MSEC (100)),
    MAX_DURATION },
  { "heartbeat_epsilon", CLI_KEY_DURATION, CFG (heartbeat_epsilon_us), 0, MAX_DURATION },
  { "grace_multiplier", CLI_KEY_UINT, CFG (grace_multiplier), 1, 100 },
  { "unknown_multiplier", CLI_KEY_UINT, CFG (unknown_multiplier), 1, 100 },
  { "dispatcher_batch", CLI_KEY_DURATION, CFG (dispatcher_batch_us), 0, US (SIM_MIN (1)) },
  { "raft_tick", CLI_KEY_DURATION, CFG (raft_tick_us), US (SIM_MSEC (1)), US (SIM_MIN (1)) },
  { "election_ticks", CLI_KEY_UINT, CFG (election_ticks), 2, 1000 },
  { "task_history_limit", CLI_KEY_INT64, CFG (task_history_limit), 0, 1000 },
  { "requeue_stale_pending", CLI_KEY_BOOL, CFG (requeue_stale_pending), 0, 0 },
  { "raft_rtt", CLI_KEY_DURATION, CFG (raft_rtt_us), 0, US (SIM_SEC (1)) },
  { "orphan_period", CLI_KEY_DURATION, CFG (orphan_period_us), 0, MAX_DURATION },
  { "agent_reconnect_max", CLI_KEY_DURATION, CFG (agent_reconnect_max_us), 0, US (SIM_HOUR (1)) },
  { 0 },
};

static const CliKey ec2_keys[] = {
  { "launch_time", CLI_KEY_DIST, CFG (launch_time), 0, 0 },
  { "docker_start", CLI_KEY_DIST, CFG (docker_start), 0, 0 },
  { "swarm_join", CLI_KEY_DIST, CFG (swarm_join), 0, 0 },
  { "instance_catalog", CLI_KEY_PATH_OR_NONE, CFG (instance_catalog_path), 0, 0 },
  { 0 },
};

static const CliKey registry_keys[] = {
  { "manifest_time", CLI_KEY_DIST, CFG (manifest_time), 0, 0 },
  { "throughput", CLI_KEY_BYTES, CFG (registry_bytes_per_second), 1, 0 },
  { 0 },
};

static const CliKey nodes_keys[] = {
  { "count", CLI_KEY_UINT, GRP (count), 0, 100000 },
  { "instance_type", CLI_KEY_STRING, GRP (instance_type), 0, 0 },
  { "role", CLI_KEY_ROLE, GRP (role), 0, 0 },
  { "availability", CLI_KEY_AVAILABILITY, GRP (availability), 0, 0 },
  { "labels", CLI_KEY_LABELS, GRP (labels), 0, 0 },
  { "engine_labels", CLI_KEY_LABELS, GRP (engine_labels), 0, 0 },
  { "platform", CLI_KEY_PLATFORM, GRP (platform), 0, 0 },
  { "availability_zone", CLI_KEY_STRING, GRP (availability_zone), 0, 0 },
  { "cached_images", CLI_KEY_LIST, GRP (cached_images), 0, 0 },
  { "overhead_cpus", CLI_KEY_CPUS, GRP (overhead_nanocpus), 0, 0 },
  { "overhead_memory", CLI_KEY_BYTES, GRP (overhead_memory_bytes), 0, 0 },
  { 0 },
};

static const CliKey service_keys[] = {
  { "image", CLI_KEY_STRING, SPEC (image), 0, 0 },
  { "image_size", CLI_KEY_BYTES, SVC (image_size_bytes), 0, 0 },
  { "mode", CLI_KEY_MODE, SPEC (mode), 0, 0 },
  { "replicas", CLI_KEY_UINT64, SPEC (replicas), 0, 1000000 },
  { "reserve_cpus", CLI_KEY_CPUS, SPEC (reservations.nanocpus), 0, 0 },
  { "reserve_memory", CLI_KEY_BYTES, SPEC (reservations.memory_bytes), 0, 0 },
  { "constraints", CLI_KEY_CONSTRAINTS, SPEC (constraints), 0, 0 },
  { "placement_preferences", CLI_KEY_SPREAD, SPEC (spread), 0, 0 },
  { "platforms", CLI_KEY_PLATFORMS, SPEC (platforms), 0, 0 },
  { "max_replicas_per_node", CLI_KEY_UINT64, SPEC (max_replicas_per_node), 0, 1000000 },
  { "publish", CLI_KEY_HOST_PORTS, SPEC (host_ports), 1, 65535 },
  { "restart_condition", CLI_KEY_RESTART, SPEC (restart.condition), 0, 0 },
  { "restart_delay", CLI_KEY_DURATION, SPEC (restart.delay_us), 0, MAX_DURATION },
  { "restart_max_attempts", CLI_KEY_UINT64, SPEC (restart.max_attempts), 0, 1000000 },
  { "restart_window", CLI_KEY_DURATION, SPEC (restart.window_us), 0, MAX_DURATION },
  { "update_parallelism", CLI_KEY_UINT64, SPEC (update.parallelism), 0, 1000000 },
  { "update_delay", CLI_KEY_DURATION, SPEC (update.delay_us), 0, MAX_DURATION },
  { "update_failure_action", CLI_KEY_FAILURE_ACTION, SPEC (update.failure_action), 0, 0 },
  { "update_monitor", CLI_KEY_DURATION, SPEC (update.monitor_us), 0, MAX_DURATION },
  { "update_max_failure_ratio", CLI_KEY_RATIO, SPEC (update.max_failure_ratio), 0, 0 },
  { "update_order", CLI_KEY_ORDER, SPEC (update.order), 0, 0 },
  { "rollback_parallelism", CLI_KEY_UINT64, SPEC (rollback.parallelism), 0, 1000000 },
  { "rollback_delay", CLI_KEY_DURATION, SPEC (rollback.delay_us), 0, MAX_DURATION },
  { "rollback_failure_action", CLI_KEY_FAILURE_ACTION, SPEC (rollback.failure_action), 0, 0 },
  { "rollback_monitor", CLI_KEY_DURATION, SPEC (rollback.monitor_us), 0, MAX_DURATION },
  { "rollback_max_failure_ratio", CLI_KEY_RATIO, SPEC (rollback.max_failure_ratio), 0, 0 },
  { "rollback_order", CLI_KEY_ORDER, SPEC (rollback.order), 0, 0 },
  { "start_time", CLI_KEY_DIST, SVC (start_time), 0, 0 },
  { "exit_after", CLI_KEY_DIST_OR_NEVER, SVC (exit_after), 0, 0 },
  { "exit_fails", CLI_KEY_BOOL, SVC (exit_fails), 0, 0 },
  { "exit_fail_probability", CLI_KEY_RATIO, SVC (exit_fail_probability), 0, 0 },
  { "stop_time", CLI_KEY_DIST, SVC (stop_time), 0, 0 },
  { "stop_grace_period", CLI_KEY_DURATION, SVC (stop_grace_us), 0, MAX_DURATION },
  { "create_at_start", CLI_KEY_BOOL, SVC (create_at_start), 0, 0 },
  { 0 },
};

/* The largest EC2 types have 448 vCPUs and 24 TiB (u-24tb1.metal); a scenario may go a little
 * beyond, not into numbers that overflow the capacity sums. */
static const CliKey instance_type_keys[] = {
  { "vcpu", CLI_KEY_UINT, TYPE (vcpus), 1, 4096 },
  { "memory", CLI_KEY_BYTES, TYPE (memory_bytes), 1, 0 },
  { "usd_per_hour", CLI_KEY_PRICE, TYPE (usd_per_hour), 0, 0 },
  { "family", CLI_KEY_STRING, TYPE (family), 0, 0 },
  { "burstable", CLI_KEY_BOOL, TYPE (burstable), 0, 0 },
  { 0 },
};

static const CliKey *
keys_for_kind (CliSectionKind kind)
{
  switch (kind) {
    case CLI_SECTION_SIMULATION:
      return simulation_keys;
    case CLI_SECTION_SWARM:
      return swarm_keys;
    case CLI_SECTION_EC2:
      return ec2_keys;
    case CLI_SECTION_REGISTRY:
      return registry_keys;
    case CLI_SECTION_NODES:
      return nodes_keys;
    case CLI_SECTION_SERVICE:
      return service_keys;
    case CLI_SECTION_INSTANCE_TYPE:
      return instance_type_keys;
    case CLI_SECTION_AT:
    case CLI_SECTION_EVENT:
    case CLI_SECTION_UNKNOWN:
    default:
      return NULL;
  }
}

static gpointer
field_of (const CliKey *key, const CliKeyTargets *targets)
{
  guint8 *base = NULL;
  switch (key->base) {
    case CLI_KEY_IN_CONFIG:
      base = (guint8 *)targets->config;
      break;
    case CLI_KEY_IN_SCENARIO:
      base = (guint8 *)targets->scenario;
      break;
    case CLI_KEY_IN_GROUP:
      base = (guint8 *)targets->group;
      break;
    case CLI_KEY_IN_SERVICE:
      base = (guint8 *)targets->service;
      break;
    case CLI_KEY_IN_SPEC:
      base = (guint8 *)targets->service->spec;
      break;
    case CLI_KEY_IN_TYPE:
      base = (guint8 *)targets->type;
      break;
    default:
      g_assert_not_reached ();
  }
  g_assert (base != NULL);
  return base + key->offset;
}

static char *
expected_keys (const CliKey *keys)
{
  g_autoptr (GString) text = g_string_new ("");
  for (const CliKey *k = keys; k->name != NULL; k++)
    g_string_append_printf (text, "%s%s", k == keys ? "" : ", ", k->name);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
cli_scenario__read_keys (const CliScenarioCtx *ctx, const char *group, CliSectionKind kind,
                         const CliKeyTargets *targets, GError **error)
{
  const CliKey *keys = keys_for_kind (kind);
  g_assert (keys != NULL);

  gsize n_names = 0;
  g_auto (GStrv) names = g_key_file_get_keys (ctx->key_file, group, &n_names, NULL);
  g_assert (names != NULL); /* the group is one of the file's */
  for (gsize i = 0; i < n_names; i++) {
    const CliKey *key = keys;
    while (key->name != NULL && strcmp (key->name, names[i]) != 0)
      key++;
    if (key->name == NULL) {
      g_autofree char *expected = expected_keys (keys);
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_UNKNOWN,
                   "unknown key; expected one of %s", expected);
      cli_scenario__prefix_error (ctx, error, group, names[i]);
      return FALSE;
    }

    /* GKeyFile's escapes (\s, \n, ...) undone, then trimmed. */
    g_autofree char *value = NULL;
    if (!cli_scenario__get_string (ctx->key_file, group, names[i], &value, error) ||
        !cli_scenario__set_value (ctx, key, field_of (key, targets), value, error)) {
      cli_scenario__prefix_error (ctx, error, group, names[i]);
      return FALSE;
    }
  }
  return TRUE;
}

void
cli_scenario__write_keys (GKeyFile *out, const char *group, CliSectionKind kind,
                          const CliKeyTargets *targets)
{
  const CliKey *keys = keys_for_kind (kind);
  g_return_if_fail (keys != NULL);
  for (const CliKey *key = keys; key->name != NULL; key++) {
    g_autofree char *text = cli_scenario__format_value (key, field_of (key, targets));
    g_key_file_set_string (out, group, key->name, text);
  }
}

char **
cli_scenario__dup_key_names (CliSectionKind kind)
{
  GPtrArray *names = g_ptr_array_new ();
  const CliKey *keys = keys_for_kind (kind);
  for (const CliKey *key = keys; key != NULL && key->name != NULL; key++)
    g_ptr_array_add (names, g_strdup (key->name));
  g_ptr_array_add (names, NULL);
  return (char **)g_ptr_array_free (names, FALSE);
}
