/* SPDX-License-Identifier: MIT
 * Loading a scenario: read the INI, apply --set overrides, map every section onto the world's
 * configuration (through the key table in scenario_keys.c), then check what needs the whole
 * scenario: instance types, timeline targets, and the world's own validation. */
#include "cli/scenario.h"

#include <string.h>

#include "cli/scenario_ext.h"
#include "cli/scenario_private.h"
#include "models/io/file.h"
#include "models/orchestrator/constraint.h"
#include "models/run/budget.h"

G_DEFINE_QUARK (cli - scenario - error - quark, cli_scenario_error)

#define EXPECTED_SECTIONS                                                                          \
  "simulation, swarm, ec2, registry, instance_type.NAME, nodes.NAME, service.NAME, at.TIME, "      \
  "event.NAME, pool.NAME, autoscaler, workload.NAME, batch.NAME, trace or failures"

void
cli_scenario__prefix_error (const CliScenarioCtx *ctx, GError **error, const char *group,
                            const char *key)
{
  g_autofree char *id = g_strdup_printf ("%s\n%s", group, key != NULL ? key : "");
  /* A value given with --set is reported against the option: the file never held it. */
  const char *where = g_hash_table_contains (ctx->overridden, id) ? "--set" : ctx->path;
  if (key != NULL)
    g_prefix_error (error, "%s: [%s] %s: ", where, group, key);
  else
    g_prefix_error (error, "%s: [%s]: ", where, group);
}

static CliSectionKind
classify_section (const char *group, const char **name_out)
{
  static const struct {
    const char *prefix;
    CliSectionKind kind;
  } named[] = {
    { "nodes.", CLI_SECTION_NODES },
    { "service.", CLI_SECTION_SERVICE },
    { "instance_type.", CLI_SECTION_INSTANCE_TYPE },
    { "at.", CLI_SECTION_AT },
    { "event.", CLI_SECTION_EVENT },
  };

  *name_out = NULL;
  if (strcmp (group, "simulation") == 0)
    return CLI_SECTION_SIMULATION;
  if (strcmp (group, "swarm") == 0)
    return CLI_SECTION_SWARM;
  if (strcmp (group, "ec2") == 0)
    return CLI_SECTION_EC2;
  if (strcmp (group, "registry") == 0)
    return CLI_SECTION_REGISTRY;
  for (gsize i = 0; i < G_N_ELEMENTS (named); i++) {
    if (g_str_has_prefix (group, named[i].prefix) && group[strlen (named[i].prefix)] != '\0') {
      *name_out = group + strlen (named[i].prefix);
      return named[i].kind;
    }
  }
  return CLI_SECTION_UNKNOWN;
}

/* Names of nodes groups and services become node names, task names and CSV fields: keep them to
 * the characters Docker allows in names. */
static gboolean
check_name (const CliScenarioCtx *ctx, const char *group, const char *name, GError **error)
{
  for (const char *p = name; *p != '\0'; p++) {
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.') {
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                   "invalid name \"%s\"; expected letters, digits, '-', '_' and '.'", name);
      cli_scenario__prefix_error (ctx, error, group, NULL);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
apply_override (CliScenarioCtx *ctx, const char *arg, GError **error)
{
  const char *eq = strchr (arg, '=');
  g_autofree char *path = eq != NULL ? g_strndup (arg, (gsize)(eq - arg)) : NULL;
  const char *dot = path != NULL ? strrchr (path, '.') : NULL;
  if (dot == NULL || dot == path || dot[1] == '\0') {
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_OVERRIDE,
                 "--set: \"%s\" cannot be parsed; expected SECTION.KEY=VALUE, e.g. "
                 "service.web.replicas=6",
                 arg);
    return FALSE;
  }

  g_autofree char *group = g_strndup (path, (gsize)(dot - path));
  const char *key = dot + 1;
  /* --set may add a settings section ([swarm], [simulation], ...) or a timeline instant, but not
   * a named item: "service.wbe.replicas=3" is a typo, not a request for a new service. */
  static const char *const named[] = { "service.",  "nodes.", "pool.",
                                       "workload.", "batch.", "instance_type." };
  if (!g_key_file_has_group (ctx->key_file, group)) {
    for (gsize i = 0; i < G_N_ELEMENTS (named); i++) {
      if (g_str_has_prefix (group, named[i])) {
        g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_OVERRIDE,
                     "--set: [%s] is not in the scenario; expected a section the scenario has "
                     "(--set changes items, it does not add them)",
                     group);
        return FALSE;
      }
    }
    /* A section that only --set creates is reported against --set too. */
    g_hash_table_add (ctx->overridden, g_strdup_printf ("%s\n", group));
  }
  g_key_file_set_value (ctx->key_file, group, key, eq + 1);
  g_hash_table_add (ctx->overridden, g_strdup_printf ("%s\n%s", group, key));
  return TRUE;
}

static gboolean
read_section (CliScenarioCtx *ctx, const char *group, GError **error)
{
  const char *name = NULL;
  CliSectionKind kind = classify_section (group, &name);
  RunScenario *model = ctx->scenario->model;
  CliKeyTargets targets = { model->config, model, NULL, NULL, NULL };

  /* The pools' sections are read by scenario_ext.c once every group and service exists. */
  if (cli_scenario_ext_is_section (group))
    return TRUE;
  switch (kind) {
    case CLI_SECTION_SIMULATION:
    case CLI_SECTION_SWARM:
    case CLI_SECTION_EC2:
    case CLI_SECTION_REGISTRY:
      return cli_scenario__read_keys (ctx, group, kind, &targets, error);
    case CLI_SECTION_NODES:
      if (!check_name (ctx, group, name, error))
        return FALSE;
      targets.group = swarm_node_group_new (name);
      g_ptr_array_add (model->config->node_groups, targets.group);
      return cli_scenario__read_keys (ctx, group, kind, &targets, error);
    case CLI_SECTION_SERVICE:
      if (!check_name (ctx, group, name, error))
        return FALSE;
      targets.service = swarm_service_config_new (name);
      g_ptr_array_add (model->config->services, targets.service);
      return cli_scenario__read_keys (ctx, group, kind, &targets, error);
    case CLI_SECTION_INSTANCE_TYPE:
      /* Read after [ec2], whose instance_catalog they add to. */
      return check_name (ctx, group, name, error);
    case CLI_SECTION_AT:
    case CLI_SECTION_EVENT:
      /* Read after every other section, so actions may name nodes and services defined later. */
      return TRUE;
    case CLI_SECTION_UNKNOWN:
    default:
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_UNKNOWN,
                   "unknown section; expected " EXPECTED_SECTIONS);
      cli_scenario__prefix_error (ctx, error, group, NULL);
      return FALSE;
  }
}

/* An [instance_type.NAME] section. A type of the base catalog (built in, or [ec2]
 * instance_catalog) keeps the values the section leaves out, so one key can change a price; a new
 * type must give its vCPUs, memory and price, and its family defaults to the name up to the first
 * dot ("m7g" for "m7g.large"), which is what a scale-up pool resizes within. */
static gboolean
read_instance_type (const CliScenarioCtx *ctx, const Ec2Catalog *base, const char *group,
                    const char *name, GError **error)
{
  static const struct {
    const char *key;
    const char *expected;
  } required[] = {
    { "vcpu", "a whole number of vCPUs, e.g. 2" },
    { "memory", "a size, e.g. 8GiB" },
    { "usd_per_hour", "a price in US dollars per hour, e.g. 0.0816" },
  };
  const Ec2InstanceType *known = ec2_catalog_lookup (base, name);
  g_autoptr (Ec2InstanceType) type = NULL;
  if (known != NULL)
    type = ec2_instance_type_copy (known);
  else {
    type = g_new0 (Ec2InstanceType, 1);
    type->name = g_strdup (name);
    type->family = g_strndup (name, strcspn (name, "."));
  }

  RunScenario *model = ctx->scenario->model;
  CliKeyTargets targets = { model->config, model, NULL, NULL, type };
  if (!cli_scenario__read_keys (ctx, group, CLI_SECTION_INSTANCE_TYPE, &targets, error))
    return FALSE;
  for (gsize i = 0; known == NULL && i < G_N_ELEMENTS (required); i++) {
    if (g_key_file_has_key (ctx->key_file, group, required[i].key, NULL))
      continue;
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                 "missing for a type that is not in the instance catalog; expected %s",
                 required[i].expected);
    cli_scenario__prefix_error (ctx, error, group, required[i].key);
    return FALSE;
  }
  g_ptr_array_add (model->config->extra_instance_types, g_steal_pointer (&type));
  return TRUE;
}

static gboolean
read_instance_types (CliScenarioCtx *ctx, char **groups, GError **error)
{
  SwarmConfig *config = ctx->scenario->model->config;
  g_autoptr (Ec2Catalog) base = swarm_config_dup_catalog (config, error);
  if (base == NULL) {
    cli_scenario__prefix_error (ctx, error, "ec2", "instance_catalog");
    return FALSE;
  }
  for (gsize i = 0; groups[i] != NULL; i++) {
    const char *name = NULL;
    if (classify_section (groups[i], &name) == CLI_SECTION_INSTANCE_TYPE &&
        !read_instance_type (ctx, base, groups[i], name, error))
      return FALSE;
  }
  return TRUE;
}

char *
cli_scenario__dup_type_names (const Ec2Catalog *catalog)
{
  g_autoptr (GString) known = g_string_new ("");
  for (guint t = 0; t < ec2_catalog_get_size (catalog); t++)
    g_string_append_printf (known, "%s%s", t > 0 ? ", " : "",
                            ec2_catalog_get_nth (catalog, t)->name);
  return g_string_free (g_steal_pointer (&known), FALSE);
}

/* Every group's type must exist. A group that gives no platform gets its type's architecture
 * here, so scenario.resolved.ini says what the nodes report. */
static gboolean
check_instance_types (const CliScenarioCtx *ctx, GError **error)
{
  SwarmConfig *config = ctx->scenario->model->config;
  g_autoptr (Ec2Catalog) catalog = swarm_config_dup_catalog (config, error);
  if (catalog == NULL) {
    cli_scenario__prefix_error (ctx, error, "ec2", "instance_catalog");
    return FALSE;
  }

  for (guint i = 0; i < config->node_groups->len; i++) {
    SwarmNodeGroup *group = g_ptr_array_index (config->node_groups, i);
    const Ec2InstanceType *type = ec2_catalog_lookup (catalog, group->instance_type);
    if (type != NULL) {
      if (group->platform.arch == NULL)
        group->platform.arch = g_strdup (swarm_node_group_get_arch (group, type));
      continue;
    }

    g_autofree char *known = cli_scenario__dup_type_names (catalog);
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                 "unknown instance type \"%s\"; expected one of %s", group->instance_type, known);
    g_autofree char *section = g_strdup_printf ("nodes.%s", group->name);
    cli_scenario__prefix_error (ctx, error, section, "instance_type");
    return FALSE;
  }
  return TRUE;
}

static void
ctx_clear (CliScenarioCtx *ctx)
{
  g_clear_pointer (&ctx->key_file, g_key_file_free);
  g_clear_pointer (&ctx->base_dir, g_free);
  g_clear_pointer (&ctx->overridden, g_hash_table_unref);
}

static char *
scenario_name_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".ini") && strlen (base) > 4)
    base[strlen (base) - 4] = '\0';
  return g_steal_pointer (&base);
}

/* The pools, workloads, trace and failures, into the scenario model. Read before the timeline,
 * so actions may name a trace's services. */
static gboolean
read_ext (CliScenarioCtx *ctx, GError **error)
{
  return cli_scenario_ext_load (ctx->key_file, ctx->path, ctx->base_dir, ctx->scenario->model,
                                error);
}

/* The configuration that runs: the model's, with the pools' labels and the trace's machines and
 * services added (run_scenario_build_config()). */
static gboolean
build_config (CliScenarioCtx *ctx, GError **error)
{
  ctx->scenario->config = run_scenario_build_config (ctx->scenario->model, error);
  if (ctx->scenario->config == NULL) {
    g_prefix_error (error, "%s: ", ctx->path);
    return FALSE;
  }
  return TRUE;
}

/* GKeyFile keeps the last of two equal keys in a section and merges two equal section headers,
 * so a repeated key would silently win over the first. Scans the text GKeyFile has already
 * accepted: every line is blank, a comment, a "[group]" header or a "key=value" pair (GKeyFile has
 * no continuation lines), with leading space ignored and the key's trailing space trimmed. */
static gboolean
check_no_repeats (const CliScenarioCtx *ctx, const char *text, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *group = NULL;

  for (gsize i = 0; lines[i] != NULL; i++) {
    const char *line = lines[i];
    while (g_ascii_isspace (*line))
      line++;
    if (*line == '\0' || *line == '#')
      continue;
    if (*line == '[') {
      const char *end = strchr (line, ']');
      g_assert (end != NULL); /* GKeyFile rejects a header without one */
      g_free (group);
      group = g_strndup (line + 1, (gsize)(end - line - 1));
      /* "[group]" and "group\nkey" cannot collide: a group name has no newline. */
      g_autofree char *id = g_strdup_printf ("[%s]", group);
      if (!g_hash_table_add (seen, g_steal_pointer (&id))) {
        g_set_error_literal (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                             "the section is given twice; expected each section once");
        g_prefix_error (error, "%s: [%s]: ", ctx->path, group);
        return FALSE;
      }
      continue;
    }
    const char *eq = strchr (line, '=');
    if (eq == NULL || group == NULL)
      continue; /* GKeyFile has already rejected such a line */
    g_autofree char *key = g_strchomp (g_strndup (line, (gsize)(eq - line)));
    g_autofree char *id = g_strdup_printf ("%s\n%s", group, key);
    if (!g_hash_table_add (seen, g_steal_pointer (&id))) {
      g_set_error_literal (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                           "the key is given twice; expected each key once per section");
      g_prefix_error (error, "%s: [%s] %s: ", ctx->path, group, key);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
load_into (CliScenarioCtx *ctx, const char *text, const char *const *overrides, GError **error)
{
  if (!cli_scenario__load_text (ctx->key_file, ctx->path, text, error))
    return FALSE;
  if (!check_no_repeats (ctx, text, error))
    return FALSE;
  for (gsize i = 0; overrides != NULL && overrides[i] != NULL; i++) {
    if (!apply_override (ctx, overrides[i], error))
      return FALSE;
  }

  gsize n_groups = 0;
  g_auto (GStrv) groups = g_key_file_get_groups (ctx->key_file, &n_groups);
  for (gsize i = 0; i < n_groups; i++) {
    if (!read_section (ctx, groups[i], error))
      return FALSE;
  }
  if (!read_instance_types (ctx, groups, error) || !read_ext (ctx, error))
    return FALSE;
  for (gsize i = 0; i < n_groups; i++) {
    const char *name = NULL;
    CliSectionKind kind = classify_section (groups[i], &name);
    if ((kind == CLI_SECTION_AT || kind == CLI_SECTION_EVENT) &&
        !cli_scenario__read_timeline (ctx, groups[i], kind, error))
      return FALSE;
  }

  if (!check_instance_types (ctx, error) || !build_config (ctx, error) ||
      !cli_scenario__check_timeline (ctx, error))
    return FALSE;

  /* The world's validation covers what needs the whole configuration (unique names, at least one
   * manager); its messages name the item, so only the file is added. */
  if (!swarm_config_validate (ctx->scenario->config, NULL, error) ||
      !cli_scenario_ext_check_actions (ctx->scenario->model, ctx->scenario->config, error) ||
      !run_budget_check (ctx->scenario->model, ctx->scenario->config, error)) {
    g_prefix_error (error, "%s: ", ctx->path);
    return FALSE;
  }
  return TRUE;
}

/* The scenario's name comes from its file name and is written into run.ini and the results'
 * texts, one per line: a control byte (a newline above all) would break them. */
static gboolean
check_path (const char *path, GError **error)
{
  g_autofree char *base = g_path_get_basename (path);
  if (!cli_scenario__has_control (base) && g_utf8_validate (base, -1, NULL))
    return TRUE;
  g_autofree char *printable = cli_scenario__dup_printable (path);
  g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_FILE,
               "%s: the file name holds a control character or is not UTF-8; expected a name of "
               "printable UTF-8 characters",
               printable);
  return FALSE;
}

CliScenario *
cli_scenario_parse (const char *text, const char *path, const char *const *overrides,
                    GError **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A UTF-8 byte order mark, as some editors write, is no part of the first line. */
  if (g_str_has_prefix (text, "\xEF\xBB\xBF"))
    text += 3;
  if (!check_path (path, error))
    return NULL;

  g_autoptr (CliScenario) scenario = g_new0 (CliScenario, 1);
  scenario->path = g_strdup (path);
  scenario->name = scenario_name_from_path (path);
  scenario->model = run_scenario_new (scenario->name);
  scenario->action_sections = g_ptr_array_new_with_free_func (g_free);

  CliScenarioCtx ctx = {
    .key_file = g_key_file_new (),
    .path = path,
    .base_dir = g_path_get_dirname (path),
    .overridden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .scenario = scenario,
  };
  gboolean ok = load_into (&ctx, text, overrides, error);
  ctx_clear (&ctx);
  /* Messages quote sections, keys and values as written: a control byte in them would break the
   * one line, or reach the terminal raw. */
  if (!ok && error != NULL)
    cli_scenario__make_printable (*error);
  return ok ? g_steal_pointer (&scenario) : NULL;
}

CliScenario *
cli_scenario_load (const char *path, const char *const *overrides, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Not g_file_get_contents (): it reads /dev/zero until memory runs out and waits on a FIFO.
   * The bounded reader refuses anything but a regular file of at most 8 MiB, in one line. */
  IoFileOptions options = { IO_FILE_MAX_SCENARIO_BYTES, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_FILE,
                            "a readable INI scenario file" };
  g_autofree char *text = io_file_get_contents (path, &options, NULL, error);
  if (text == NULL)
    return NULL;
  return cli_scenario_parse (text, path, overrides, error);
}

void
cli_scenario_free (CliScenario *scenario)
{
  if (scenario == NULL)
    return;
  g_free (scenario->path);
  g_free (scenario->name);
  g_clear_pointer (&scenario->config, swarm_config_free);
  g_clear_pointer (&scenario->model, run_scenario_free);
  g_clear_pointer (&scenario->action_sections, g_ptr_array_unref);
  g_free (scenario);
}

void
cli_scenario_set_seed (CliScenario *scenario, guint64 seed)
{
  g_return_if_fail (scenario != NULL);
  scenario->model->config->seed = seed;
  scenario->config->seed = seed;
}

char *
cli_scenario_to_resolved_ini (const CliScenario *scenario, const char *version)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  g_autoptr (GKeyFile) out = g_key_file_new ();
  /* Written from the model, which holds what the file said: the pools' labels and the trace's
   * machines and services come back from [pool.NAME] and [trace] when the file is loaded. */
  RunScenario *model = scenario->model;
  SwarmConfig *config = model->config;
  CliKeyTargets targets = { config, model, NULL, NULL, NULL };
  static const struct {
    const char *group;
    CliSectionKind kind;
  } fixed[] = {
    { "simulation", CLI_SECTION_SIMULATION },
    { "swarm", CLI_SECTION_SWARM },
    { "ec2", CLI_SECTION_EC2 },
    { "registry", CLI_SECTION_REGISTRY },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
    cli_scenario__write_keys (out, fixed[i].group, fixed[i].kind, &targets);
  for (guint i = 0; i < config->extra_instance_types->len; i++) {
    targets.type = g_ptr_array_index (config->extra_instance_types, i);
    g_autofree char *group = g_strdup_printf ("instance_type.%s", targets.type->name);
    cli_scenario__write_keys (out, group, CLI_SECTION_INSTANCE_TYPE, &targets);
  }
  targets.type = NULL;
  for (guint i = 0; i < config->node_groups->len; i++) {
    targets.group = g_ptr_array_index (config->node_groups, i);
    g_autofree char *group = g_strdup_printf ("nodes.%s", targets.group->name);
    cli_scenario__write_keys (out, group, CLI_SECTION_NODES, &targets);
  }
  targets.group = NULL;
  for (guint i = 0; i < config->services->len; i++) {
    targets.service = g_ptr_array_index (config->services, i);
    g_autofree char *group = g_strdup_printf ("service.%s", targets.service->spec->name);
    cli_scenario__write_keys (out, group, CLI_SECTION_SERVICE, &targets);
  }
  cli_scenario__write_timeline (out, scenario);
  cli_scenario_ext_write_resolved (model, out);

  g_autofree char *comment = g_strdup_printf (
      " %s resolved by swarmsim %s: every key with the value in effect, defaults included.\n"
      " Run it again with: swarmsim scenario.resolved.ini (seed %" G_GUINT64_FORMAT ")",
      scenario->name, version, config->seed);
  g_key_file_set_comment (out, NULL, NULL, comment, NULL);
  return g_key_file_to_data (out, NULL, NULL);
}

/* The keys SwarmKit's constraint matcher knows (manager/constraint/constraint.go, NodeMatches):
 * any other key parses, and then matches no node. */
#define KNOWN_CONSTRAINT_KEYS                                                                      \
  "node.id, node.hostname, node.ip, node.role, node.platform.os, node.platform.arch, "             \
  "node.labels.*, engine.labels.*"

char **
cli_scenario_dup_warnings (const CliScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  g_autoptr (GStrvBuilder) warnings = g_strv_builder_new ();
  const SwarmConfig *config = scenario->model->config;
  for (guint s = 0; s < config->services->len; s++) {
    const OrchServiceSpec *spec =
        ((SwarmServiceConfig *)g_ptr_array_index (config->services, s))->spec;
    for (guint c = 0; spec->constraints != NULL && c < spec->constraints->len; c++) {
      /* Loading has parsed every expression already. */
      g_autoptr (OrchConstraint) constraint =
          orch_constraint_parse (g_ptr_array_index (spec->constraints, c), NULL);
      g_assert (constraint != NULL);
      if (constraint->kind != ORCH_CONSTRAINT_KEY_UNKNOWN)
        continue;
      g_autofree char *warning =
          g_strdup_printf ("%s: [service.%s] constraints: warning: %s is not a key "
                           "SwarmKit matches (" KNOWN_CONSTRAINT_KEYS "); no node will ever match",
                           scenario->path, spec->name, constraint->key);
      g_strv_builder_add (warnings, warning);
    }
  }
  return g_strv_builder_end (warnings);
}

char **
cli_scenario_get_known_keys (const char *section)
{
  g_return_val_if_fail (section != NULL, NULL);

  static const struct {
    const char *name;
    CliSectionKind kind;
  } kinds[] = {
    { "simulation", CLI_SECTION_SIMULATION },
    { "swarm", CLI_SECTION_SWARM },
    { "ec2", CLI_SECTION_EC2 },
    { "registry", CLI_SECTION_REGISTRY },
    { "nodes", CLI_SECTION_NODES },
    { "service", CLI_SECTION_SERVICE },
    { "instance_type", CLI_SECTION_INSTANCE_TYPE },
    { "at", CLI_SECTION_AT },
    { "event", CLI_SECTION_EVENT },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++) {
    if (strcmp (kinds[i].name, section) != 0)
      continue;
    if (kinds[i].kind == CLI_SECTION_AT || kinds[i].kind == CLI_SECTION_EVENT)
      return cli_scenario__dup_action_names (kinds[i].kind == CLI_SECTION_EVENT);
    return cli_scenario__dup_key_names (kinds[i].kind);
  }
  return cli_scenario_ext_dup_known_keys (section);
}
