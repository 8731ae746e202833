/* SPDX-License-Identifier: MIT
 * Internals shared by scenario.c (loading), scenario_keys.c (the table of keys) and
 * scenario_timeline.c (timeline actions). Only cli/scenario*.c include this. */
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
  SwarmConfig *config;
  CliScenario *scenario;
  SwarmNodeGroup *group;
  SwarmServiceConfig *service;
  Ec2InstanceType *type;
} CliKeyTargets;

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
