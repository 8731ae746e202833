/* SPDX-License-Identifier: MIT
 * The table of scenario keys: for each section kind, every key with its type, the field it sets and
 * its valid range. Reading and writing the resolved scenario both walk this table, so a key cannot
 * be readable without also appearing in scenario.resolved.ini. Defaults are not here: they come
 * from swarm_config_new() and friends (models/swarm/config.h), and scenarios/README.md lists them.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "cli/scenario_private.h"
#include "models/orchestrator/constraint.h"
#include "sim/units.h"

typedef enum {
  KEY_DURATION,       /* SimTime, Go duration syntax */
  KEY_DIST,           /* SimDist *, never NULL */
  KEY_DIST_OR_NEVER,  /* SimDist *, NULL written "never" */
  KEY_BYTES,          /* gint64, size syntax */
  KEY_CPUS,           /* gint64 nanocpus */
  KEY_UINT,           /* guint */
  KEY_UINT64,         /* guint64 */
  KEY_INT64,          /* gint64 */
  KEY_RATIO,          /* double in [0, 1] */
  KEY_PRICE,          /* double ≥ 0, US dollars */
  KEY_BOOL,           /* gboolean, "true" or "false" */
  KEY_STRING,         /* char *, not empty */
  KEY_PATH_OR_NONE,   /* char *, NULL written "" */
  KEY_LIST,           /* GPtrArray of utf8, comma-separated */
  KEY_LABELS,         /* GPtrArray of "key=value" */
  KEY_CONSTRAINTS,    /* GPtrArray of constraint expressions */
  KEY_SPREAD,         /* GPtrArray of label descriptors, written "spread=DESCRIPTOR" */
  KEY_HOST_PORTS,     /* GArray of OrchHostPort, "PUBLISHED[:TARGET][/PROTOCOL]" */
  KEY_PLATFORM,       /* OrchPlatform, "OS/ARCH" */
  KEY_PLATFORMS,      /* GPtrArray of OrchPlatform, comma-separated "OS/ARCH" */
  KEY_ROLE,           /* OrchRole */
  KEY_AVAILABILITY,   /* OrchAvailability */
  KEY_MODE,           /* OrchServiceMode */
  KEY_RESTART,        /* OrchRestartCondition */
  KEY_FAILURE_ACTION, /* OrchFailureAction */
  KEY_ORDER,          /* OrchUpdateOrder */
} KeyType;

/* Which struct a field offset is relative to. */
typedef enum {
  IN_CONFIG,   /* SwarmConfig */
  IN_SCENARIO, /* CliScenario */
  IN_GROUP,    /* SwarmNodeGroup */
  IN_SERVICE,  /* SwarmServiceConfig */
  IN_SPEC,     /* the service's OrchServiceSpec */
  IN_TYPE,     /* Ec2InstanceType */
} KeyBase;

typedef struct {
  const char *name;
  KeyType type;
  KeyBase base;
  gsize offset;
  guint64 min; /* integers and durations (µs); max 0 means the type's maximum */
  guint64 max;
} Key;

#define CFG(f)  IN_CONFIG, offsetof (SwarmConfig, f)
#define GRP(f)  IN_GROUP, offsetof (SwarmNodeGroup, f)
#define SVC(f)  IN_SERVICE, offsetof (SwarmServiceConfig, f)
#define SPEC(f) IN_SPEC, offsetof (OrchServiceSpec, f)
#define TYPE(f) IN_TYPE, offsetof (Ec2InstanceType, f)
#define US(x)   ((guint64)(x))

/* Ranges keep a scenario inside what the models are built for: at most 10 years of simulated time,
 * 100 000 nodes per group (issue #4's scale target) and a million replicas per service. */
#define MAX_DURATION US (SIM_HOUR (24) * 3650)

static const Key simulation_keys[] = {
  { "duration", KEY_DURATION, CFG (duration_us), US (SIM_SEC (1)), MAX_DURATION },
  { "step", KEY_DURATION, CFG (step_us), US (SIM_MSEC (1)), MAX_DURATION },
  { "seed", KEY_UINT64, CFG (seed), 0, 0 },
  { "replications", KEY_UINT, IN_SCENARIO, offsetof (CliScenario, replications), 1, 100000 },
  { NULL },
};

static const Key swarm_keys[] = {
  { "heartbeat_period", KEY_DURATION, CFG (heartbeat_period_us), US (SIM_MSEC (100)),
    MAX_DURATION },
  { "heartbeat_epsilon", KEY_DURATION, CFG (heartbeat_epsilon_us), 0, MAX_DURATION },
  { "grace_multiplier", KEY_UINT, CFG (grace_multiplier), 1, 100 },
  { "unknown_multiplier", KEY_UINT, CFG (unknown_multiplier), 1, 100 },
  { "dispatcher_batch", KEY_DURATION, CFG (dispatcher_batch_us), 0, US (SIM_MIN (1)) },
  { "raft_tick", KEY_DURATION, CFG (raft_tick_us), US (SIM_MSEC (1)), US (SIM_MIN (1)) },
  { "election_ticks", KEY_UINT, CFG (election_ticks), 2, 1000 },
  { "task_history_limit", KEY_INT64, CFG (task_history_limit), 0, 1000 },
  { "requeue_stale_pending", KEY_BOOL, CFG (requeue_stale_pending), 0, 0 },
  { "raft_rtt", KEY_DURATION, CFG (raft_rtt_us), 0, US (SIM_SEC (1)) },
  { "orphan_period", KEY_DURATION, CFG (orphan_period_us), 0, MAX_DURATION },
  { "agent_reconnect_max", KEY_DURATION, CFG (agent_reconnect_max_us), 0, US (SIM_HOUR (1)) },
  { NULL },
};

static const Key ec2_keys[] = {
  { "launch_time", KEY_DIST, CFG (launch_time), 0, 0 },
  { "docker_start", KEY_DIST, CFG (docker_start), 0, 0 },
  { "swarm_join", KEY_DIST, CFG (swarm_join), 0, 0 },
  { "instance_catalog", KEY_PATH_OR_NONE, CFG (instance_catalog_path), 0, 0 },
  { NULL },
};

static const Key registry_keys[] = {
  { "manifest_time", KEY_DIST, CFG (manifest_time), 0, 0 },
  { "throughput", KEY_BYTES, CFG (registry_bytes_per_second), 1, 0 },
  { NULL },
};

static const Key nodes_keys[] = {
  { "count", KEY_UINT, GRP (count), 0, 100000 },
  { "instance_type", KEY_STRING, GRP (instance_type), 0, 0 },
  { "role", KEY_ROLE, GRP (role), 0, 0 },
  { "availability", KEY_AVAILABILITY, GRP (availability), 0, 0 },
  { "labels", KEY_LABELS, GRP (labels), 0, 0 },
  { "engine_labels", KEY_LABELS, GRP (engine_labels), 0, 0 },
  { "platform", KEY_PLATFORM, GRP (platform), 0, 0 },
  { "availability_zone", KEY_STRING, GRP (availability_zone), 0, 0 },
  { "cached_images", KEY_LIST, GRP (cached_images), 0, 0 },
  { "overhead_cpus", KEY_CPUS, GRP (overhead_nanocpus), 0, 0 },
  { "overhead_memory", KEY_BYTES, GRP (overhead_memory_bytes), 0, 0 },
  { NULL },
};

static const Key service_keys[] = {
  { "image", KEY_STRING, SPEC (image), 0, 0 },
  { "image_size", KEY_BYTES, SVC (image_size_bytes), 0, 0 },
  { "mode", KEY_MODE, SPEC (mode), 0, 0 },
  { "replicas", KEY_UINT64, SPEC (replicas), 0, 1000000 },
  { "reserve_cpus", KEY_CPUS, SPEC (reservations.nanocpus), 0, 0 },
  { "reserve_memory", KEY_BYTES, SPEC (reservations.memory_bytes), 0, 0 },
  { "constraints", KEY_CONSTRAINTS, SPEC (constraints), 0, 0 },
  { "placement_preferences", KEY_SPREAD, SPEC (spread), 0, 0 },
  { "platforms", KEY_PLATFORMS, SPEC (platforms), 0, 0 },
  { "max_replicas_per_node", KEY_UINT64, SPEC (max_replicas_per_node), 0, 1000000 },
  { "publish", KEY_HOST_PORTS, SPEC (host_ports), 1, 65535 },
  { "restart_condition", KEY_RESTART, SPEC (restart.condition), 0, 0 },
  { "restart_delay", KEY_DURATION, SPEC (restart.delay_us), 0, MAX_DURATION },
  { "restart_max_attempts", KEY_UINT64, SPEC (restart.max_attempts), 0, 1000000 },
  { "restart_window", KEY_DURATION, SPEC (restart.window_us), 0, MAX_DURATION },
  { "update_parallelism", KEY_UINT64, SPEC (update.parallelism), 0, 1000000 },
  { "update_delay", KEY_DURATION, SPEC (update.delay_us), 0, MAX_DURATION },
  { "update_failure_action", KEY_FAILURE_ACTION, SPEC (update.failure_action), 0, 0 },
  { "update_monitor", KEY_DURATION, SPEC (update.monitor_us), 0, MAX_DURATION },
  { "update_max_failure_ratio", KEY_RATIO, SPEC (update.max_failure_ratio), 0, 0 },
  { "update_order", KEY_ORDER, SPEC (update.order), 0, 0 },
  { "rollback_parallelism", KEY_UINT64, SPEC (rollback.parallelism), 0, 1000000 },
  { "rollback_delay", KEY_DURATION, SPEC (rollback.delay_us), 0, MAX_DURATION },
  { "rollback_failure_action", KEY_FAILURE_ACTION, SPEC (rollback.failure_action), 0, 0 },
  { "rollback_monitor", KEY_DURATION, SPEC (rollback.monitor_us), 0, MAX_DURATION },
  { "rollback_max_failure_ratio", KEY_RATIO, SPEC (rollback.max_failure_ratio), 0, 0 },
  { "rollback_order", KEY_ORDER, SPEC (rollback.order), 0, 0 },
  { "start_time", KEY_DIST, SVC (start_time), 0, 0 },
  { "exit_after", KEY_DIST_OR_NEVER, SVC (exit_after), 0, 0 },
  { "exit_fails", KEY_BOOL, SVC (exit_fails), 0, 0 },
  { "stop_time", KEY_DIST, SVC (stop_time), 0, 0 },
  { "stop_grace_period", KEY_DURATION, SVC (stop_grace_us), 0, MAX_DURATION },
  { "create_at_start", KEY_BOOL, SVC (create_at_start), 0, 0 },
  { NULL },
};

/* The largest EC2 types have 448 vCPUs and 24 TiB (u-24tb1.metal); a scenario may go a little
 * beyond, not into numbers that overflow the capacity sums. */
static const Key instance_type_keys[] = {
  { "vcpu", KEY_UINT, TYPE (vcpus), 1, 4096 },
  { "memory", KEY_BYTES, TYPE (memory_bytes), 1, 0 },
  { "usd_per_hour", KEY_PRICE, TYPE (usd_per_hour), 0, 0 },
  { "family", KEY_STRING, TYPE (family), 0, 0 },
  { "burstable", KEY_BOOL, TYPE (burstable), 0, 0 },
  { NULL },
};

static const Key *
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
field_of (const Key *key, const CliKeyTargets *targets)
{
  guint8 *base = NULL;
  switch (key->base) {
    case IN_CONFIG:
      base = (guint8 *)targets->config;
      break;
    case IN_SCENARIO:
      base = (guint8 *)targets->scenario;
      break;
    case IN_GROUP:
      base = (guint8 *)targets->group;
      break;
    case IN_SERVICE:
      base = (guint8 *)targets->service;
      break;
    case IN_SPEC:
      base = (guint8 *)targets->service->spec;
      break;
    case IN_TYPE:
      base = (guint8 *)targets->type;
      break;
    default:
      g_assert_not_reached ();
  }
  g_assert (base != NULL);
  return base + key->offset;
}

static guint64
key_max (const Key *key, guint64 type_max)
{
  return key->max == 0 ? type_max : MIN (key->max, type_max);
}

static gboolean
parse_unsigned (const Key *key, const char *text, guint64 type_max, guint64 *out, GError **error)
{
  guint64 max = key_max (key, type_max);
  GError *local = NULL;
  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, out, &local) && *out >= key->min &&
      *out <= max)
    return TRUE;

  gboolean syntax = local != NULL && !g_error_matches (local, G_NUMBER_PARSER_ERROR,
                                                       G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS);
  g_clear_error (&local);
  g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
               "\"%s\" %s; expected a whole number from %" G_GUINT64_FORMAT
               " to %" G_GUINT64_FORMAT,
               text, syntax ? "is not a whole number" : "is out of range", key->min, max);
  return FALSE;
}

static gboolean
enum_error (const char *text, const char *what, const char *expected, GError **error)
{
  g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
               "unknown %s \"%s\"; expected %s", what, text, expected);
  return FALSE;
}

/* Stores a parsed enum through its own type, never through an int pointer: the size of an enum in
 * memory is the compiler's choice. */
#define SET_ENUM(Type, parser, what, expected)                                                     \
  do {                                                                                             \
    Type value_;                                                                                   \
    if (!parser (text, &value_))                                                                   \
      return enum_error (text, what, expected, error);                                             \
    *(Type *)field = value_;                                                                       \
    return TRUE;                                                                                   \
  } while (0)

static GPtrArray *
split_list (const char *text)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++) {
    char *item = g_strstrip (parts[i]);
    if (*item != '\0')
      g_ptr_array_add (items, g_strdup (item));
  }
  return items;
}

static gboolean
check_list (const Key *key, GPtrArray *items, GError **error)
{
  for (guint i = 0; i < items->len; i++) {
    const char *item = g_ptr_array_index (items, i);
    if (key->type == KEY_LABELS && (strchr (item, '=') == NULL || item[0] == '=')) {
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                   "label \"%s\" cannot be parsed; expected KEY=VALUE, e.g. az=a", item);
      return FALSE;
    }
    if (key->type == KEY_CONSTRAINTS) {
      g_autoptr (OrchConstraint) constraint = orch_constraint_parse (item, error);
      if (constraint == NULL)
        return FALSE;
    }
    if (key->type == KEY_SPREAD && (!g_str_has_prefix (item, "spread=") ||
                                    (!g_str_has_prefix (item + 7, "node.labels.") &&
                                     !g_str_has_prefix (item + 7, "engine.labels.")) ||
                                    strlen (item + 7) <= strlen ("node.labels."))) {
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                   "placement preference \"%s\" cannot be parsed; expected "
                   "spread=node.labels.NAME or spread=engine.labels.NAME",
                   item);
      return FALSE;
    }
  }
  return TRUE;
}

static void
replace_list (GPtrArray **field, GPtrArray *items, gboolean strip_spread)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < items->len; i++) {
    const char *item = g_ptr_array_index (items, i);
    g_ptr_array_add (copy, g_strdup (strip_spread ? item + strlen ("spread=") : item));
  }
  if (*field != NULL)
    g_ptr_array_unref (*field);
  *field = copy;
}

/* One host-mode port in compose's short syntax, PUBLISHED[:TARGET][/PROTOCOL]. Only the published
 * port and the protocol reach SwarmKit's HostPortFilter, so the target is checked and dropped.
 * Address prefixes and port ranges are not accepted: a range would be several ports. */
static gboolean
parse_host_port (const Key *key, const char *item, OrchHostPort *out, GError **error)
{
  g_auto (GStrv) proto = g_strsplit (item, "/", 2);
  g_auto (GStrv) ports = g_strsplit (proto[0], ":", -1);
  guint n_ports = g_strv_length (ports);
  guint64 port = 0;
  gboolean ok = n_ports >= 1 && n_ports <= 2;
  for (guint i = 0; ok && i < n_ports; i++)
    ok = g_ascii_string_to_unsigned (g_strstrip (ports[i]), 10, key->min, key->max,
                                     i == 0 ? &port : NULL, NULL);
  if (ok && proto[1] != NULL)
    ok = strcmp (proto[1], "tcp") == 0 || strcmp (proto[1], "udp") == 0;
  if (!ok) {
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                 "port \"%s\" cannot be parsed; expected PUBLISHED:TARGET with an optional /tcp or "
                 "/udp, ports from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                 ", e.g. 8080:80/tcp",
                 item, key->min, key->max);
    return FALSE;
  }
  out->port = (guint32)port;
  out->is_udp = proto[1] != NULL && strcmp (proto[1], "udp") == 0;
  return TRUE;
}

/* SwarmKit refuses a service that publishes the same port and protocol twice. */
static gboolean
parse_host_ports (const Key *key, const char *text, GArray **field, GError **error)
{
  g_autoptr (GPtrArray) items = split_list (text);
  g_autoptr (GArray) ports = g_array_new (FALSE, TRUE, sizeof (OrchHostPort));
  for (guint i = 0; i < items->len; i++) {
    OrchHostPort port;
    if (!parse_host_port (key, g_ptr_array_index (items, i), &port, error))
      return FALSE;
    for (guint k = 0; k < ports->len; k++) {
      const OrchHostPort *seen = &g_array_index (ports, OrchHostPort, k);
      if (seen->port != port.port || seen->is_udp != port.is_udp)
        continue;
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                   "port %u/%s is published twice; expected each published port and protocol "
                   "once",
                   port.port, port.is_udp ? "udp" : "tcp");
      return FALSE;
    }
    g_array_append_val (ports, port);
  }
  if (*field != NULL)
    g_array_unref (*field);
  *field = g_steal_pointer (&ports);
  return TRUE;
}

static char *
format_host_ports (const GArray *ports)
{
  g_autoptr (GString) text = g_string_new ("");
  for (guint i = 0; ports != NULL && i < ports->len; i++) {
    const OrchHostPort *port = &g_array_index (ports, OrchHostPort, i);
    g_string_append_printf (text, "%s%u/%s", i > 0 ? ", " : "", port->port,
                            port->is_udp ? "udp" : "tcp");
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* One platform, "OS/ARCH" as docker's --platform writes it without a variant ("linux/arm64").
 * Lower case only: SwarmKit's platform filter compares the text exactly (with x86_64 = amd64 and
 * aarch64 = arm64), so "Linux" would match no node. */
static gboolean
parse_platform (const char *item, OrchPlatform *out, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (item, "/", -1);
  gboolean ok = g_strv_length (parts) == 2;
  for (guint i = 0; ok && i < 2; i++) {
    ok = parts[i][0] != '\0';
    for (const char *c = parts[i]; ok && *c != '\0'; c++)
      ok = g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '_';
  }
  if (!ok) {
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                 "platform \"%s\" cannot be parsed; expected OS/ARCH in lower case, e.g. "
                 "linux/x86_64, linux/amd64 or linux/arm64",
                 item);
    return FALSE;
  }
  out->os = g_strdup (parts[0]);
  out->arch = g_strdup (parts[1]);
  return TRUE;
}

static void
platform_free (gpointer data)
{
  OrchPlatform *p = data;
  g_free (p->os);
  g_free (p->arch);
  g_free (p);
}

/* A service's platforms replace the list, all or nothing; the spec's array keeps its own free
 * function, which frees the elements the same way. */
static gboolean
parse_platforms (const char *text, GPtrArray *field, GError **error)
{
  g_autoptr (GPtrArray) items = split_list (text);
  g_autoptr (GPtrArray) parsed = g_ptr_array_new_with_free_func (platform_free);
  for (guint i = 0; i < items->len; i++) {
    OrchPlatform *p = g_new0 (OrchPlatform, 1);
    g_ptr_array_add (parsed, p);
    if (!parse_platform (g_ptr_array_index (items, i), p, error))
      return FALSE;
  }
  g_ptr_array_set_size (field, 0);
  for (guint i = 0; i < parsed->len; i++)
    g_ptr_array_add (field, g_ptr_array_index (parsed, i));
  g_ptr_array_set_free_func (parsed, NULL); /* moved into @field */
  return TRUE;
}

static char *
format_platforms (const GPtrArray *platforms)
{
  g_autoptr (GString) text = g_string_new ("");
  for (guint i = 0; platforms != NULL && i < platforms->len; i++) {
    const OrchPlatform *p = g_ptr_array_index (platforms, i);
    g_string_append_printf (text, "%s%s/%s", i > 0 ? ", " : "", p->os != NULL ? p->os : "",
                            p->arch != NULL ? p->arch : "");
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Parses @text as @key's type and stores it; the error carries no location (the caller adds it). */
static gboolean
set_value (const CliScenarioCtx *ctx, const Key *key, gpointer field, const char *text,
           GError **error)
{
  guint64 u = 0;

  switch (key->type) {
    case KEY_DURATION: {
      SimTime us = 0;
      if (!sim_parse_duration (text, &us, error))
        return FALSE;
      if ((guint64)us < key->min || (guint64)us > key_max (key, G_MAXINT64)) {
        g_autofree char *lo = sim_duration_to_string ((SimTime)key->min);
        g_autofree char *hi = sim_duration_to_string ((SimTime)key_max (key, G_MAXINT64));
        g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                     "\"%s\" is out of range; expected a duration from %s to %s", text, lo, hi);
        return FALSE;
      }
      *(SimTime *)field = us;
      return TRUE;
    }
    case KEY_DIST_OR_NEVER:
      if (strcmp (text, "never") == 0) {
        g_clear_pointer ((SimDist **)field, sim_dist_free);
        return TRUE;
      }
      G_GNUC_FALLTHROUGH;
    case KEY_DIST: {
      SimDist *dist = sim_dist_parse (text, ctx->base_dir, error);
      if (dist == NULL)
        return FALSE;
      g_clear_pointer ((SimDist **)field, sim_dist_free);
      *(SimDist **)field = dist;
      return TRUE;
    }
    case KEY_BYTES: {
      gint64 bytes = 0;
      if (!sim_parse_bytes (text, &bytes, error))
        return FALSE;
      if ((guint64)bytes < key->min) {
        g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                     "\"%s\" is out of range; expected at least %" G_GUINT64_FORMAT " byte%s", text,
                     key->min, key->min == 1 ? "" : "s");
        return FALSE;
      }
      *(gint64 *)field = bytes;
      return TRUE;
    }
    case KEY_CPUS:
      return sim_parse_cpus (text, (gint64 *)field, error);
    case KEY_UINT:
      if (!parse_unsigned (key, text, G_MAXUINT, &u, error))
        return FALSE;
      *(guint *)field = (guint)u;
      return TRUE;
    case KEY_UINT64:
      if (!parse_unsigned (key, text, G_MAXUINT64, &u, error))
        return FALSE;
      *(guint64 *)field = u;
      return TRUE;
    case KEY_INT64:
      if (!parse_unsigned (key, text, G_MAXINT64, &u, error))
        return FALSE;
      *(gint64 *)field = (gint64)u;
      return TRUE;
    case KEY_RATIO: {
      char *end = NULL;
      errno = 0;
      double value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || errno != 0 || !(value >= 0.0 && value <= 1.0)) {
        g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                     "\"%s\" is not a ratio; expected a number from 0 to 1", text);
        return FALSE;
      }
      *(double *)field = value;
      return TRUE;
    }
    case KEY_PRICE: {
      char *end = NULL;
      errno = 0;
      double value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || errno != 0 || !(value >= 0.0 && value < 1e9)) {
        g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                     "\"%s\" is not a price; expected a number of US dollars from 0, e.g. 0.096",
                     text);
        return FALSE;
      }
      *(double *)field = value;
      return TRUE;
    }
    case KEY_BOOL:
      if (strcmp (text, "true") != 0 && strcmp (text, "false") != 0) {
        g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                     "\"%s\" is not a boolean; expected true or false", text);
        return FALSE;
      }
      *(gboolean *)field = text[0] == 't';
      return TRUE;
    case KEY_STRING:
    case KEY_PATH_OR_NONE:
      if (*text == '\0' && key->type == KEY_STRING) {
        g_set_error_literal (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                             "empty value; expected a name");
        return FALSE;
      }
      g_free (*(char **)field);
      *(char **)field = *text == '\0' ? NULL : g_strdup (text);
      return TRUE;
    case KEY_LIST:
    case KEY_LABELS:
    case KEY_CONSTRAINTS:
    case KEY_SPREAD: {
      g_autoptr (GPtrArray) items = split_list (text);
      if (!check_list (key, items, error))
        return FALSE;
      replace_list ((GPtrArray **)field, items, key->type == KEY_SPREAD);
      return TRUE;
    }
    case KEY_HOST_PORTS:
      return parse_host_ports (key, text, (GArray **)field, error);
    case KEY_PLATFORM: {
      OrchPlatform parsed = { NULL, NULL };
      if (!parse_platform (text, &parsed, error))
        return FALSE;
      OrchPlatform *platform = field;
      g_free (platform->os);
      g_free (platform->arch);
      *platform = parsed;
      return TRUE;
    }
    case KEY_PLATFORMS:
      return parse_platforms (text, *(GPtrArray **)field, error);
    case KEY_ROLE:
      SET_ENUM (OrchRole, orch_role_from_string, "role", "manager or worker");
    case KEY_AVAILABILITY:
      SET_ENUM (OrchAvailability, orch_availability_from_string, "availability",
                "active, pause or drain");
    case KEY_MODE:
      SET_ENUM (OrchServiceMode, orch_service_mode_from_string, "mode", "replicated or global");
    case KEY_RESTART:
      SET_ENUM (OrchRestartCondition, orch_restart_condition_from_string, "restart condition",
                "none, on-failure or any");
    case KEY_FAILURE_ACTION:
      SET_ENUM (OrchFailureAction, orch_failure_action_from_string, "failure action",
                "pause, continue or rollback");
    case KEY_ORDER:
      SET_ENUM (OrchUpdateOrder, orch_update_order_from_string, "order",
                "stop-first or start-first");
    default:
      g_assert_not_reached ();
  }
}

char *
cli_scenario__format_bytes (gint64 bytes)
{
  static const char *const suffixes[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };

  /* The largest binary unit that divides exactly: readable, and read back to the same bytes. */
  int unit = -1;
  gint64 value = bytes;
  while (value != 0 && value % 1024 == 0 && unit + 1 < (int)G_N_ELEMENTS (suffixes)) {
    value /= 1024;
    unit++;
  }
  if (unit < 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, bytes);
  return g_strdup_printf ("%" G_GINT64_FORMAT "%s", value, suffixes[unit]);
}

static char *
format_cpus (gint64 nanocpus)
{
  gint64 whole = nanocpus / 1000000000;
  gint64 frac = nanocpus % 1000000000;
  if (frac == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, whole);

  char digits[16];
  g_snprintf (digits, sizeof digits, "%09" G_GINT64_FORMAT, frac);
  for (int i = 8; i > 0 && digits[i] == '0'; i--)
    digits[i] = '\0';
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%s", whole, digits);
}

static char *
format_list (const GPtrArray *items, const char *prefix)
{
  g_autoptr (GString) text = g_string_new ("");
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_string_append_printf (text, "%s%s%s", i > 0 ? ", " : "", prefix,
                            (const char *)g_ptr_array_index (items, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The shortest text that reads back to @value ("0.0816", not g_ascii_dtostr's
 * "0.081600000000000006"), locale-independent. */
static char *
format_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int digits = 1; digits < 17; digits++) {
    char format[8];
    g_snprintf (format, sizeof format, "%%.%dg", digits);
    g_ascii_formatd (buf, sizeof buf, format, value);
    if (g_ascii_strtod (buf, NULL) == value)
      return g_strdup (buf);
  }
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, value));
}

/* Returns: (transfer full): the canonical text of a field, which set_value() reads back. */
static char *
format_value (const Key *key, gconstpointer field)
{
  switch (key->type) {
    case KEY_DURATION:
      return sim_duration_to_string (*(const SimTime *)field);
    case KEY_DIST_OR_NEVER:
      if (*(SimDist *const *)field == NULL)
        return g_strdup ("never");
      G_GNUC_FALLTHROUGH;
    case KEY_DIST:
      return sim_dist_to_string (*(SimDist *const *)field);
    case KEY_BYTES:
      return cli_scenario__format_bytes (*(const gint64 *)field);
    case KEY_CPUS:
      return format_cpus (*(const gint64 *)field);
    case KEY_UINT:
      return g_strdup_printf ("%u", *(const guint *)field);
    case KEY_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, *(const guint64 *)field);
    case KEY_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, *(const gint64 *)field);
    case KEY_RATIO:
    case KEY_PRICE:
      return format_double (*(const double *)field);
    case KEY_BOOL:
      return g_strdup (*(const gboolean *)field ? "true" : "false");
    case KEY_STRING:
    case KEY_PATH_OR_NONE:
      return g_strdup (*(char *const *)field != NULL ? *(char *const *)field : "");
    case KEY_LIST:
    case KEY_LABELS:
    case KEY_CONSTRAINTS:
      return format_list (*(GPtrArray *const *)field, "");
    case KEY_SPREAD:
      return format_list (*(GPtrArray *const *)field, "spread=");
    case KEY_HOST_PORTS:
      return format_host_ports (*(GArray *const *)field);
    case KEY_PLATFORM: {
      /* The loader resolves an unset architecture from the instance type before writing. */
      const OrchPlatform *platform = field;
      return g_strdup_printf ("%s/%s", platform->os, platform->arch != NULL ? platform->arch : "");
    }
    case KEY_PLATFORMS:
      return format_platforms (*(GPtrArray *const *)field);
    case KEY_ROLE:
      return g_strdup (orch_role_to_string (*(const OrchRole *)field));
    case KEY_AVAILABILITY:
      return g_strdup (orch_availability_to_string (*(const OrchAvailability *)field));
    case KEY_MODE:
      return g_strdup (orch_service_mode_to_string (*(const OrchServiceMode *)field));
    case KEY_RESTART:
      return g_strdup (orch_restart_condition_to_string (*(const OrchRestartCondition *)field));
    case KEY_FAILURE_ACTION:
      return g_strdup (orch_failure_action_to_string (*(const OrchFailureAction *)field));
    case KEY_ORDER:
      return g_strdup (orch_update_order_to_string (*(const OrchUpdateOrder *)field));
    default:
      g_assert_not_reached ();
  }
}

static char *
expected_keys (const Key *keys)
{
  g_autoptr (GString) text = g_string_new ("");
  for (const Key *k = keys; k->name != NULL; k++)
    g_string_append_printf (text, "%s%s", k == keys ? "" : ", ", k->name);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
cli_scenario__read_keys (const CliScenarioCtx *ctx, const char *group, CliSectionKind kind,
                         const CliKeyTargets *targets, GError **error)
{
  const Key *keys = keys_for_kind (kind);
  g_assert (keys != NULL);

  gsize n_names = 0;
  g_auto (GStrv) names = g_key_file_get_keys (ctx->key_file, group, &n_names, NULL);
  for (gsize i = 0; i < n_names; i++) {
    const Key *key = keys;
    while (key->name != NULL && strcmp (key->name, names[i]) != 0)
      key++;
    if (key->name == NULL) {
      g_autofree char *expected = expected_keys (keys);
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_UNKNOWN,
                   "unknown key; expected one of %s", expected);
      cli_scenario__prefix_error (ctx, error, group, names[i]);
      return FALSE;
    }

    /* GKeyFile's string reader undoes its escapes (\s, \n, ...); a value is then trimmed. */
    g_autofree char *raw = g_key_file_get_string (ctx->key_file, group, names[i], error);
    if (raw == NULL) {
      cli_scenario__prefix_error (ctx, error, group, names[i]);
      return FALSE;
    }
    if (!set_value (ctx, key, field_of (key, targets), g_strstrip (raw), error)) {
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
  const Key *keys = keys_for_kind (kind);
  g_return_if_fail (keys != NULL);
  for (const Key *key = keys; key->name != NULL; key++) {
    g_autofree char *text = format_value (key, field_of (key, targets));
    g_key_file_set_string (out, group, key->name, text);
  }
}

char **
cli_scenario__dup_key_names (CliSectionKind kind)
{
  GPtrArray *names = g_ptr_array_new ();
  const Key *keys = keys_for_kind (kind);
  for (const Key *key = keys; key != NULL && key->name != NULL; key++)
    g_ptr_array_add (names, g_strdup (key->name));
  g_ptr_array_add (names, NULL);
  return (char **)g_ptr_array_free (names, FALSE);
}
