/* SPDX-License-Identifier: MIT
 * Internals shared by scenario.c (loading), scenario_keys*.c (the table of keys, parsing and
 * formatting values) and scenario_timeline.c (timeline actions). Only cli/scenario*.c include this.
 */
#pragma once

#include <glib.h>

#include "cli/scenario.h"
#include "models/ec2/catalog.h"

typedef enum {
  CLI_SECTION_SIMULATION,
  CLI_SECTION_SWARM,
  CLI_SECTION_EC2,
  CLI_SECTION_REGISTRY,
  CLI_SECTION_NODES,         /* nodes.NAME */
  CLI_SECTION_SERVICE,       /* service.NAME */
  CLI_SECTION_INSTANCE_TYPE, /* instance_type.NAME */
  CLI_SECTION_AT,            /* at.TIME */
  CLI_SECTION_EVENT,         /* event.NAME */
  CLI_SECTION_UNKNOWN,
} CliSectionKind;

/* The state of one load: where values come from, for messages and relative paths. */
typedef struct {
  GKeyFile *key_file;     /* owned */
  const char *path;       /* unowned */
  char *base_dir;         /* owned; the scenario's folder */
  GHashTable *overridden; /* (element-type utf8 utf8) owned: "group\nkey" set by --set */
  CliScenario *scenario;  /* unowned; being filled */
} CliScenarioCtx;

/* The structs a section's keys write into; fields not used by the section are NULL. */
typedef struct {
  SwarmConfig *config;   /* the scenario's configuration as written (RunScenario.config) */
  RunScenario *scenario; /* for [simulation] replications */
  SwarmNodeGroup *group;
  SwarmServiceConfig *service;
  Ec2InstanceType *type;
} CliKeyTargets;

/* A key's value type: how its text is parsed, what its field holds and how it is written back. */
typedef enum {
  CLI_KEY_DURATION,       /* SimTime, Go duration syntax */
  CLI_KEY_DIST,           /* SimDist *, never NULL */
  CLI_KEY_DIST_OR_NEVER,  /* SimDist *, NULL written "never" */
  CLI_KEY_BYTES,          /* gint64, size syntax */
  CLI_KEY_CPUS,           /* gint64 nanocpus */
  CLI_KEY_UINT,           /* guint */
  CLI_KEY_UINT64,         /* guint64 */
  CLI_KEY_INT64,          /* gint64 */
  CLI_KEY_RATIO,          /* double in [0, 1] */
  CLI_KEY_PRICE,          /* double ≥ 0, US dollars */
  CLI_KEY_BOOL,           /* gboolean, "true" or "false" */
  CLI_KEY_STRING,         /* char *, not empty */
  CLI_KEY_PATH_OR_NONE,   /* char *, NULL written "" */
  CLI_KEY_LIST,           /* GPtrArray of utf8, comma-separated */
  CLI_KEY_LABELS,         /* GPtrArray of "key=value" */
  CLI_KEY_CONSTRAINTS,    /* GPtrArray of constraint expressions */
  CLI_KEY_SPREAD,         /* GPtrArray of label descriptors, written "spread=DESCRIPTOR" */
  CLI_KEY_HOST_PORTS,     /* GArray of OrchHostPort, "PUBLISHED[:TARGET][/PROTOCOL]" */
  CLI_KEY_PLATFORM,       /* OrchPlatform, "OS/ARCH" */
  CLI_KEY_PLATFORMS,      /* GPtrArray of OrchPlatform, comma-separated "OS/ARCH" */
  CLI_KEY_ROLE,           /* OrchRole */
  CLI_KEY_AVAILABILITY,   /* OrchAvailability */
  CLI_KEY_MODE,           /* OrchServiceMode */
  CLI_KEY_RESTART,        /* OrchRestartCondition */
  CLI_KEY_FAILURE_ACTION, /* OrchFailureAction */
  CLI_KEY_ORDER,          /* OrchUpdateOrder */
} CliKeyType;

/* Which struct a field offset is relative to. */
typedef enum {
  CLI_KEY_IN_CONFIG,   /* SwarmConfig */
  CLI_KEY_IN_SCENARIO, /* RunScenario */
  CLI_KEY_IN_GROUP,    /* SwarmNodeGroup */
  CLI_KEY_IN_SERVICE,  /* SwarmServiceConfig */
  CLI_KEY_IN_SPEC,     /* the service's OrchServiceSpec */
  CLI_KEY_IN_TYPE,     /* Ec2InstanceType */
} CliKeyBase;

/* One key of a section: its name, type, where its field is, and its valid range. */
typedef struct {
  const char *name;
  CliKeyType type;
  CliKeyBase base;
  gsize offset;
  guint64 min; /* integers and durations (µs); max 0 means the type's maximum */
  guint64 max;
} CliKey;

/* Prefixes @error with "PATH: [group] key: " (or "--set: ..." when the value came from --set);
 * @key may be NULL for a message about the whole section. */
void cli_scenario__prefix_error (const CliScenarioCtx *ctx, GError **error, const char *group,
                                 const char *key);

/* Reads every key of @group (a section of @kind other than at/event) into @targets. Unknown keys
 * and bad values are CLI_SCENARIO_ERROR with the location prefix. */
gboolean cli_scenario__read_keys (const CliScenarioCtx *ctx, const char *group, CliSectionKind kind,
                                  const CliKeyTargets *targets, GError **error);

/* Writes every key of a section of @kind from @targets into @out, canonical and in table order. */
void cli_scenario__write_keys (GKeyFile *out, const char *group, CliSectionKind kind,
                               const CliKeyTargets *targets);

/* Returns: (transfer full): the key names of @kind, NULL-terminated. */
char **cli_scenario__dup_key_names (CliSectionKind kind);

/* Parses @text as @key's type and stores it into @field; the error carries no location (the
 * caller adds it). Relative paths in distributions resolve against the scenario's folder. */
gboolean cli_scenario__set_value (const CliScenarioCtx *ctx, const CliKey *key, gpointer field,
                                  const char *text, GError **error);

/* Returns: (transfer full): the canonical text of @key's @field, which
 * cli_scenario__set_value() reads back. */
char *cli_scenario__format_value (const CliKey *key, gconstpointer field);

/* Reads the actions of an at.TIME or event.NAME section and appends them to the configuration. */
gboolean cli_scenario__read_timeline (const CliScenarioCtx *ctx, const char *group,
                                      CliSectionKind kind, GError **error);

/* Checks that every action names a node, group or service that exists when it runs (a node
 * terminated earlier does not), and that a resize names a type of the catalog. */
gboolean cli_scenario__check_timeline (const CliScenarioCtx *ctx, GError **error);

/* Writes the timeline sections, in the order they were read. */
void cli_scenario__write_timeline (GKeyFile *out, const CliScenario *scenario);

/* Returns: (transfer full): the text of one action's value, as it reads back ("worker-2",
 * "web=6", "worker-1 az=b"). */
char *cli_scenario__format_action (const SwarmAction *action);

/* Returns: (transfer full): the names of @catalog's types in catalog order, comma-separated, for
 * an "expected one of ..." message. */
char *cli_scenario__dup_type_names (const Ec2Catalog *catalog);

/* Returns: (transfer full): @bytes as the shortest exact size text ("200MiB", "1536").*/
char *cli_scenario__format_bytes (gint64 bytes);

/* Returns: (transfer full): the action names a timeline section accepts ("at" first for an event
 * section), NULL-terminated. */
char **cli_scenario__dup_action_names (gboolean with_at);

/* scenario_text.c */

/* Loads @text into @key_file. A syntax error is located on its line: "PATH:LINE: what; expected
 * what", CLI_SCENARIO_ERROR_FILE. */
gboolean cli_scenario__load_text (GKeyFile *key_file, const char *path, const char *text,
                                  GError **error);

/* Reads the value of @key in @group (which must exist), GKeyFile's escapes undone and trimmed,
 * into @value_out (transfer full). A bad escape or bytes that are not UTF-8 are
 * CLI_SCENARIO_ERROR_INVALID, with no location (the caller adds it); @value_out is then NULL. */
gboolean cli_scenario__get_string (GKeyFile *key_file, const char *group, const char *key,
                                   char **value_out, GError **error);

/* Returns: (transfer full): @text with control bytes shown as \t, \n, \r or \xNN and the bytes of
 * malformed UTF-8 as \xNN, for a message that quotes input. */
char *cli_scenario__dup_printable (const char *text);

/* Replaces @error's message by its printable form (cli_scenario__dup_printable()), so that a
 * message quoting input stays one line and shows no raw control byte. */
void cli_scenario__make_printable (GError *error);

/* Returns: TRUE when @text holds a control byte (below 0x20, or 0x7f). */
gboolean cli_scenario__has_control (const char *text);
