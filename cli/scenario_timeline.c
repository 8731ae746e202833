/* SPDX-License-Identifier: MIT
 * Timeline sections of a scenario: [at.TIME] and [event.NAME] (with at = TIME), whose keys are
 * actions named like the Docker CLI commands they stand for, and whose values list the targets,
 * comma-separated, each followed by its arguments: "crash = worker-2", "service-scale = web=8",
 * "label-add = worker-1 az=b", "resize = worker-1 m5.xlarge", "service-update = web image=app:v2
 * force". */
#include <string.h>

#include "cli/scenario_private.h"
#include "sim/units.h"

/* The action names in the order documented in scenarios/README.md; the world defines their text. */
static const SwarmActionKind all_kinds[] = {
  SWARM_ACTION_NODE_CRASH,        SWARM_ACTION_NODE_RECOVER,   SWARM_ACTION_NODE_JOIN,
  SWARM_ACTION_NODE_LEAVE,        SWARM_ACTION_NODE_RESIZE,    SWARM_ACTION_NODE_REMOVE,
  SWARM_ACTION_NODE_DRAIN,        SWARM_ACTION_NODE_PAUSE,     SWARM_ACTION_NODE_ACTIVATE,
  SWARM_ACTION_NODE_PROMOTE,      SWARM_ACTION_NODE_DEMOTE,    SWARM_ACTION_NODE_LABEL_ADD,
  SWARM_ACTION_NODE_LABEL_REMOVE, SWARM_ACTION_SERVICE_CREATE, SWARM_ACTION_SERVICE_SCALE,
  SWARM_ACTION_SERVICE_UPDATE,    SWARM_ACTION_SERVICE_REMOVE, SWARM_ACTION_SERVICE_ROLLBACK,
  SWARM_ACTION_FORCE_NEW_CLUSTER, SWARM_ACTION_PARTITION,      SWARM_ACTION_HEAL,
};

static const char *
arguments_expected (SwarmActionKind kind)
{
  switch (kind) {
    case SWARM_ACTION_NODE_JOIN:
      return "GROUP [role=manager|worker]";
    case SWARM_ACTION_NODE_LABEL_ADD:
      return "NODE KEY=VALUE";
    case SWARM_ACTION_NODE_LABEL_REMOVE:
      return "NODE KEY";
    case SWARM_ACTION_NODE_RESIZE:
      return "NODE TYPE, e.g. worker-1 m5.xlarge";
    case SWARM_ACTION_SERVICE_SCALE:
      return "SERVICE=REPLICAS";
    case SWARM_ACTION_SERVICE_UPDATE:
      return "SERVICE followed by any of image=IMAGE, image_size=SIZE, reserve_cpus=CPUS, "
             "reserve_memory=SIZE, replicas=N, force";
    case SWARM_ACTION_SERVICE_CREATE:
    case SWARM_ACTION_SERVICE_REMOVE:
    case SWARM_ACTION_SERVICE_ROLLBACK:
      return "SERVICE";
    case SWARM_ACTION_NODE_CRASH:
    case SWARM_ACTION_NODE_RECOVER:
    case SWARM_ACTION_NODE_LEAVE:
    case SWARM_ACTION_NODE_REMOVE:
    case SWARM_ACTION_NODE_DRAIN:
    case SWARM_ACTION_NODE_PAUSE:
    case SWARM_ACTION_NODE_ACTIVATE:
    case SWARM_ACTION_NODE_PROMOTE:
    case SWARM_ACTION_NODE_DEMOTE:
    case SWARM_ACTION_FORCE_NEW_CLUSTER:
    case SWARM_ACTION_PARTITION:
    case SWARM_ACTION_HEAL:
    default:
      return "NODE";
  }
}

static gboolean
bad_arguments (SwarmActionKind kind, const char *item, GError **error)
{
  g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
               "\"%s\" cannot be parsed; expected %s", item, arguments_expected (kind));
  return FALSE;
}

static gboolean
parse_replicas (const char *text, guint64 *out, GError **error)
{
  if (g_ascii_string_to_unsigned (text, 10, 0, 1000000, out, NULL))
    return TRUE;
  g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
               "replicas \"%s\" is not valid; expected a whole number from 0 to 1000000", text);
  return FALSE;
}

/* Reads one argument of a service-update ("image=app:v2", "force", ...). */
static gboolean
parse_update_argument (SwarmAction *action, const char *arg, const char *item, GError **error)
{
  SwarmServiceChange *change = &action->change;
  const char *eq = strchr (arg, '=');
  const char *value = eq != NULL ? eq + 1 : NULL;
  guint64 replicas = 0;

  if (strcmp (arg, "force") == 0)
    change->force = TRUE;
  else if (g_str_has_prefix (arg, "image=") && *value != '\0') {
    g_free (change->image);
    change->image = g_strdup (value);
  } else if (g_str_has_prefix (arg, "image_size="))
    return sim_parse_bytes (value, &change->image_size_bytes, error);
  else if (g_str_has_prefix (arg, "reserve_cpus="))
    return sim_parse_cpus (value, &change->reserve_nanocpus, error);
  else if (g_str_has_prefix (arg, "reserve_memory="))
    return sim_parse_bytes (value, &change->reserve_memory_bytes, error);
  else if (g_str_has_prefix (arg, "replicas=")) {
    if (!parse_replicas (value, &replicas, error))
      return FALSE;
    change->replicas = (gint64)replicas;
  } else
    return bad_arguments (action->kind, item, error);
  return TRUE;
}

/* Fills @action's arguments from the words after the target. */
static gboolean
parse_arguments (SwarmAction *action, char **words, const char *item, GError **error)
{
  guint n = g_strv_length (words);

  switch (action->kind) {
    case SWARM_ACTION_NODE_JOIN:
      if (n == 0)
        return TRUE;
      if (n > 1 || !g_str_has_prefix (words[0], "role=") ||
          !orch_role_from_string (words[0] + 5, &action->role))
        return bad_arguments (action->kind, item, error);
      action->role_set = TRUE;
      return TRUE;
    case SWARM_ACTION_NODE_LABEL_ADD: {
      const char *eq = n == 1 ? strchr (words[0], '=') : NULL;
      if (eq == NULL || eq == words[0])
        return bad_arguments (action->kind, item, error);
      action->key = g_strndup (words[0], (gsize)(eq - words[0]));
      action->value = g_strdup (eq + 1);
      return TRUE;
    }
    case SWARM_ACTION_NODE_LABEL_REMOVE:
      if (n != 1 || strchr (words[0], '=') != NULL)
        return bad_arguments (action->kind, item, error);
      action->key = g_strdup (words[0]);
      return TRUE;
    case SWARM_ACTION_NODE_RESIZE: /* the type is checked against the catalog with the timeline */
      if (n != 1 || strchr (words[0], '=') != NULL)
        return bad_arguments (action->kind, item, error);
      action->instance_type = g_strdup (words[0]);
      return TRUE;
    case SWARM_ACTION_SERVICE_UPDATE:
      for (guint i = 0; i < n; i++) {
        if (!parse_update_argument (action, words[i], item, error))
          return FALSE;
      }
      return TRUE;
    case SWARM_ACTION_SERVICE_SCALE: /* "web=6" was split off with the target */
    case SWARM_ACTION_NODE_CRASH:
    case SWARM_ACTION_NODE_RECOVER:
    case SWARM_ACTION_NODE_LEAVE:
    case SWARM_ACTION_NODE_REMOVE:
    case SWARM_ACTION_NODE_DRAIN:
    case SWARM_ACTION_NODE_PAUSE:
    case SWARM_ACTION_NODE_ACTIVATE:
    case SWARM_ACTION_NODE_PROMOTE:
    case SWARM_ACTION_NODE_DEMOTE:
    case SWARM_ACTION_SERVICE_CREATE:
    case SWARM_ACTION_SERVICE_REMOVE:
    case SWARM_ACTION_SERVICE_ROLLBACK:
    case SWARM_ACTION_FORCE_NEW_CLUSTER:
    case SWARM_ACTION_PARTITION:
    case SWARM_ACTION_HEAL:
    default:
      return n == 0 ? TRUE : bad_arguments (action->kind, item, error);
  }
}

/* Returns: (transfer full) (nullable): the action one list item describes. */
static SwarmAction *
parse_action (SwarmActionKind kind, SimTime at_us, const char *item, GError **error)
{
  g_auto (GStrv) all = g_strsplit_set (item, " \t", -1);
  g_autoptr (GPtrArray) words = g_ptr_array_new ();
  for (guint i = 0; all[i] != NULL; i++) {
    if (*all[i] != '\0')
      g_ptr_array_add (words, all[i]);
  }
  g_ptr_array_add (words, NULL);
  char **w = (char **)words->pdata;
  if (w[0] == NULL) {
    bad_arguments (kind, item, error);
    return NULL;
  }

  /* "service-scale = web=6", as `docker service scale web=6` is written. */
  g_autofree char *target = g_strdup (w[0]);
  char *eq = strchr (target, '=');
  if ((kind == SWARM_ACTION_SERVICE_SCALE) != (eq != NULL) || eq == target ||
      (kind == SWARM_ACTION_SERVICE_SCALE && w[1] != NULL)) {
    bad_arguments (kind, item, error);
    return NULL;
  }

  guint64 replicas = 0;
  if (eq != NULL) {
    *eq = '\0';
    if (!parse_replicas (eq + 1, &replicas, error))
      return NULL;
  }
  g_autoptr (SwarmAction) action = swarm_action_new (kind, at_us, target);
  action->replicas = replicas;
  if (!parse_arguments (action, w + 1, item, error))
    return NULL;
  return g_steal_pointer (&action);
}

static gboolean
read_time (const CliScenarioCtx *ctx, const char *group, CliSectionKind kind, SimTime *at_us,
           GError **error)
{
  g_autofree char *text = NULL;
  if (kind == CLI_SECTION_AT)
    text = g_strdup (group + strlen ("at."));
  else {
    if (!g_key_file_has_key (ctx->key_file, group, "at", NULL)) {
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                   "missing key at; expected at = TIME, e.g. at = 2m");
      cli_scenario__prefix_error (ctx, error, group, NULL);
      return FALSE;
    }
    if (!cli_scenario__get_string (ctx->key_file, group, "at", &text, error)) {
      cli_scenario__prefix_error (ctx, error, group, "at");
      return FALSE;
    }
  }
  if (!sim_parse_duration (g_strstrip (text), at_us, error)) {
    cli_scenario__prefix_error (ctx, error, group, kind == CLI_SECTION_AT ? NULL : "at");
    return FALSE;
  }
  return TRUE;
}

char **
cli_scenario__dup_action_names (gboolean with_at)
{
  GPtrArray *names = g_ptr_array_new ();
  if (with_at)
    g_ptr_array_add (names, g_strdup ("at"));
  for (gsize i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    g_ptr_array_add (names, g_strdup (swarm_action_kind_to_string (all_kinds[i])));
  g_ptr_array_add (names, NULL);
  return (char **)g_ptr_array_free (names, FALSE);
}

gboolean
cli_scenario__read_timeline (const CliScenarioCtx *ctx, const char *group, CliSectionKind kind,
                             GError **error)
{
  SimTime at_us = 0;
  if (!read_time (ctx, group, kind, &at_us, error))
    return FALSE;

  g_auto (GStrv) keys = g_key_file_get_keys (ctx->key_file, group, NULL, NULL);
  for (guint k = 0; keys != NULL && keys[k] != NULL; k++) {
    SwarmActionKind action_kind;
    if (kind == CLI_SECTION_EVENT && strcmp (keys[k], "at") == 0)
      continue;
    if (!swarm_action_kind_from_string (keys[k], &action_kind)) {
      g_auto (GStrv) names = cli_scenario__dup_action_names (kind == CLI_SECTION_EVENT);
      g_autofree char *expected = g_strjoinv (", ", names);
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_UNKNOWN,
                   "unknown action; expected one of %s", expected);
      cli_scenario__prefix_error (ctx, error, group, keys[k]);
      return FALSE;
    }

    g_autofree char *value = NULL;
    if (!cli_scenario__get_string (ctx->key_file, group, keys[k], &value, error)) {
      cli_scenario__prefix_error (ctx, error, group, keys[k]);
      return FALSE;
    }
    g_auto (GStrv) items = g_strsplit (value, ",", -1);
    guint n_read = 0;
    for (guint i = 0; items[i] != NULL; i++) {
      const char *item = g_strstrip (items[i]);
      if (*item == '\0')
        continue;
      SwarmAction *action = parse_action (action_kind, at_us, item, error);
      if (action == NULL) {
        cli_scenario__prefix_error (ctx, error, group, keys[k]);
        return FALSE;
      }
      g_ptr_array_add (ctx->scenario->model->config->actions, action);
      g_ptr_array_add (ctx->scenario->action_sections, g_strdup (group));
      n_read++;
    }
    if (n_read == 0) {
      bad_arguments (action_kind, "", error);
      cli_scenario__prefix_error (ctx, error, group, keys[k]);
      return FALSE;
    }
  }
  return TRUE;
}

static gint
compare_by_time (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GPtrArray *actions = user_data;
  guint ia = *(const guint *)a;
  guint ib = *(const guint *)b;
  SimTime ta = ((const SwarmAction *)g_ptr_array_index (actions, ia))->at_us;
  SimTime tb = ((const SwarmAction *)g_ptr_array_index (actions, ib))->at_us;
  /* The world runs actions in (time, index) order; checks must walk them the same way. */
  if (ta != tb)
    return ta < tb ? -1 : 1;
  return ia < ib ? -1 : (ia > ib ? 1 : 0);
}

static char *
list_names (GPtrArray *names)
{
  /* A 100 000-node cluster would make a useless message: name the first few. */
  const guint shown = 12;
  g_autoptr (GString) text = g_string_new ("");
  for (guint i = 0; i < names->len && i < shown; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                            (const char *)g_ptr_array_index (names, i));
  if (names->len > shown)
    g_string_append_printf (text, " (and %u more)", names->len - shown);
  if (names->len == 0)
    g_string_append (text, "(none defined)");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
target_missing (const CliScenarioCtx *ctx, guint index, const char *what, GPtrArray *names,
                GError **error)
{
  const SwarmAction *action = g_ptr_array_index (ctx->scenario->config->actions, index);
  g_autofree char *known = list_names (names);
  g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
               "%s \"%s\" does not exist; expected one of %s", what, action->target, known);
  cli_scenario__prefix_error (ctx, error, g_ptr_array_index (ctx->scenario->action_sections, index),
                              swarm_action_kind_to_string (action->kind));
  return FALSE;
}

static gboolean
name_in (GPtrArray *names, const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

/* A node action: the node must exist by then, a resize's type must be in the catalog (scenario
 * types included; loaded into @catalog on first use), and a terminated node is gone for good. */
static gboolean
check_node_action (const CliScenarioCtx *ctx, guint index, GPtrArray *nodes, Ec2Catalog **catalog,
                   GError **error)
{
  const SwarmAction *action = g_ptr_array_index (ctx->scenario->config->actions, index);
  const char *section = g_ptr_array_index (ctx->scenario->action_sections, index);
  guint at = 0;
  if (!g_ptr_array_find_with_equal_func (nodes, action->target, g_str_equal, &at))
    return target_missing (ctx, index, "node", nodes, error);
  if (action->kind == SWARM_ACTION_NODE_REMOVE)
    g_ptr_array_remove_index (nodes, at); /* keeps the order the names are listed in */
  if (action->kind != SWARM_ACTION_NODE_RESIZE)
    return TRUE;
  if (*catalog == NULL)
    *catalog = swarm_config_dup_catalog (ctx->scenario->config, error);
  if (*catalog == NULL) {
    cli_scenario__prefix_error (ctx, error, "ec2", "instance_catalog");
    return FALSE;
  }
  if (ec2_catalog_lookup (*catalog, action->instance_type) != NULL)
    return TRUE;
  g_autofree char *known = cli_scenario__dup_type_names (*catalog);
  g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
               "unknown instance type \"%s\"; expected one of %s", action->instance_type, known);
  cli_scenario__prefix_error (ctx, error, section, swarm_action_kind_to_string (action->kind));
  return FALSE;
}

gboolean
cli_scenario__check_timeline (const CliScenarioCtx *ctx, GError **error)
{
  const SwarmConfig *config = ctx->scenario->config;
  g_autoptr (GPtrArray) nodes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) groups = g_ptr_array_new ();
  g_autoptr (GPtrArray) services = g_ptr_array_new ();
  g_autoptr (GArray) joined = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr (Ec2Catalog) catalog = NULL;

  for (guint g = 0; g < config->node_groups->len; g++) {
    const SwarmNodeGroup *group = g_ptr_array_index (config->node_groups, g);
    g_ptr_array_add (groups, group->name);
    for (guint i = 1; i <= group->count; i++)
      g_ptr_array_add (nodes, swarm_config_get_node_name (group, i));
  }
  g_array_set_size (joined, config->node_groups->len);
  for (guint s = 0; s < config->services->len; s++)
    g_ptr_array_add (services,
                     ((SwarmServiceConfig *)g_ptr_array_index (config->services, s))->spec->name);

  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < config->actions->len; i++)
    g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_by_time, config->actions);

  for (guint k = 0; k < order->len; k++) {
    guint index = g_array_index (order, guint, k);
    const SwarmAction *action = g_ptr_array_index (config->actions, index);
    guint g = 0;
    /* The run ends at the duration (an action at that instant still runs): a later one would
     * silently never happen. Checked after --set, which may lengthen the run. */
    if (action->at_us > config->duration_us) {
      const char *section = g_ptr_array_index (ctx->scenario->action_sections, index);
      g_autofree char *duration = sim_duration_to_string (config->duration_us);
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                   "the action is after the end of the run (duration %s); expected a time within "
                   "the run",
                   duration);
      cli_scenario__prefix_error (ctx, error, section,
                                  g_str_has_prefix (section, "event.") ? "at" : NULL);
      return FALSE;
    }
    switch (swarm_action_kind_get_target (action->kind)) {
      case SWARM_TARGET_GROUP:
        if (!g_ptr_array_find_with_equal_func (groups, action->target, g_str_equal, &g))
          return target_missing (ctx, index, "node group", groups, error);
        /* A joined node is named after its group, numbered on from the group's count. */
        {
          const SwarmNodeGroup *group = g_ptr_array_index (config->node_groups, g);
          guint *n = &g_array_index (joined, guint, g);
          (*n)++;
          g_ptr_array_add (nodes, swarm_config_get_node_name (group, group->count + *n));
        }
        break;
      case SWARM_TARGET_SERVICE:
        if (!name_in (services, action->target))
          return target_missing (ctx, index, "service", services, error);
        break;
      case SWARM_TARGET_NODE:
      default:
        if (!check_node_action (ctx, index, nodes, &catalog, error))
          return FALSE;
        break;
    }
  }
  return TRUE;
}

/* The changed fields of an update, each as KEY=VALUE; unchanged fields are left out. */
static void
append_service_change (GString *text, const SwarmServiceChange *change)
{
  if (change->image != NULL)
    g_string_append_printf (text, " image=%s", change->image);
  if (change->image_size_bytes >= 0) {
    g_autofree char *size = cli_scenario__format_bytes (change->image_size_bytes);
    g_string_append_printf (text, " image_size=%s", size);
  }
  if (change->reserve_nanocpus >= 0) {
    /* Exact: nanocpus printed with nine decimals, trailing zeros kept, reads back the same. */
    g_string_append_printf (text, " reserve_cpus=%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT,
                            change->reserve_nanocpus / 1000000000,
                            change->reserve_nanocpus % 1000000000);
  }
  if (change->reserve_memory_bytes >= 0) {
    g_autofree char *size = cli_scenario__format_bytes (change->reserve_memory_bytes);
    g_string_append_printf (text, " reserve_memory=%s", size);
  }
  if (change->replicas >= 0)
    g_string_append_printf (text, " replicas=%" G_GINT64_FORMAT, change->replicas);
  if (change->force)
    g_string_append (text, " force");
}

char *
cli_scenario__format_action (const SwarmAction *action)
{
  g_autoptr (GString) text = g_string_new (action->target);

  switch (action->kind) {
    case SWARM_ACTION_NODE_JOIN:
      if (action->role_set)
        g_string_append_printf (text, " role=%s", orch_role_to_string (action->role));
      break;
    case SWARM_ACTION_NODE_LABEL_ADD:
      g_string_append_printf (text, " %s=%s", action->key, action->value);
      break;
    case SWARM_ACTION_NODE_LABEL_REMOVE:
      g_string_append_printf (text, " %s", action->key);
      break;
    case SWARM_ACTION_NODE_RESIZE:
      g_string_append_printf (text, " %s", action->instance_type);
      break;
    case SWARM_ACTION_SERVICE_SCALE:
      g_string_append_printf (text, "=%" G_GUINT64_FORMAT, action->replicas);
      break;
    case SWARM_ACTION_SERVICE_UPDATE:
      append_service_change (text, &action->change);
      break;
    case SWARM_ACTION_NODE_CRASH:
    case SWARM_ACTION_NODE_RECOVER:
    case SWARM_ACTION_NODE_LEAVE:
    case SWARM_ACTION_NODE_REMOVE:
    case SWARM_ACTION_NODE_DRAIN:
    case SWARM_ACTION_NODE_PAUSE:
    case SWARM_ACTION_NODE_ACTIVATE:
    case SWARM_ACTION_NODE_PROMOTE:
    case SWARM_ACTION_NODE_DEMOTE:
    case SWARM_ACTION_SERVICE_CREATE:
    case SWARM_ACTION_SERVICE_REMOVE:
    case SWARM_ACTION_SERVICE_ROLLBACK:
    case SWARM_ACTION_FORCE_NEW_CLUSTER:
    case SWARM_ACTION_PARTITION:
    case SWARM_ACTION_HEAL:
    default:
      break;
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
cli_scenario__write_timeline (GKeyFile *out, const CliScenario *scenario)
{
  const GPtrArray *actions = scenario->model->config->actions;
  for (guint i = 0; i < actions->len; i++) {
    const SwarmAction *action = g_ptr_array_index (actions, i);
    const char *group = g_ptr_array_index (scenario->action_sections, i);
    const char *key = swarm_action_kind_to_string (action->kind);

    if (g_str_has_prefix (group, "event.") && !g_key_file_has_group (out, group)) {
      g_autofree char *at = sim_duration_to_string (action->at_us);
      g_key_file_set_string (out, group, "at", at);
    }
    /* Several targets of one action in one section were one comma-separated value. */
    g_autofree char *text = cli_scenario__format_action (action);
    /* @out holds only what this loop wrote with g_key_file_set_string(): it reads back. */
    g_autofree char *previous = g_key_file_get_string (out, group, key, NULL);
    g_autofree char *value =
        previous != NULL ? g_strdup_printf ("%s, %s", previous, text) : g_strdup (text);
    g_key_file_set_string (out, group, key, value);
  }
}
