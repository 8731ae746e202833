/* SPDX-License-Identifier: MIT
 * Parsing one scenario value: the text of a key, checked against the key's type and range and
 * stored into its field. The error says what was wrong and what was expected; the caller adds the
 * location.
 */
#include <errno.h>
#include <string.h>

#include "cli/dist_file.h"
#include "cli/scenario_private.h"
#include "models/orchestrator/constraint.h"
#include "sim/units.h"

static guint64
key_max (const CliKey *key, guint64 type_max)
{
  return key->max == 0 ? type_max : MIN (key->max, type_max);
}

static gboolean
parse_unsigned (const CliKey *key, const char *text, guint64 type_max, guint64 *out, GError **error)
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
check_list (const CliKey *key, GPtrArray *items, GError **error)
{
  for (guint i = 0; i < items->len; i++) {
    const char *item = g_ptr_array_index (items, i);
    if (key->type == CLI_KEY_LABELS && (strchr (item, '=') == NULL || item[0] == '=')) {
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                   "label \"%s\" cannot be parsed; expected KEY=VALUE, e.g. az=a", item);
      return FALSE;
    }
    if (key->type == CLI_KEY_CONSTRAINTS) {
      g_autoptr (OrchConstraint) constraint = orch_constraint_parse (item, error);
      if (constraint == NULL)
        return FALSE;
    }
    if (key->type == CLI_KEY_SPREAD && (!g_str_has_prefix (item, "spread=") ||
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
parse_host_port (const CliKey *key, const char *item, OrchHostPort *out, GError **error)
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
parse_host_ports (const CliKey *key, const char *text, GArray **field, GError **error)
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

static gboolean
set_duration (const CliKey *key, gpointer field, const char *text, GError **error)
{
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

static gboolean
set_dist (const CliScenarioCtx *ctx, const CliKey *key, gpointer field, const char *text,
          GError **error)
{
  if (key->type == CLI_KEY_DIST_OR_NEVER && strcmp (text, "never") == 0) {
    g_clear_pointer ((SimDist **)field, sim_dist_free);
    return TRUE;
  }
  SimDist *dist = cli_dist_parse (text, ctx->base_dir, error);
  if (dist == NULL)
    return FALSE;
  g_clear_pointer ((SimDist **)field, sim_dist_free);
  *(SimDist **)field = dist;
  return TRUE;
}

static gboolean
set_bytes (const CliKey *key, gpointer field, const char *text, GError **error)
{
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

/* CLI_KEY_UINT, CLI_KEY_UINT64 and CLI_KEY_INT64, each stored through its own type. */
static gboolean
set_unsigned (const CliKey *key, gpointer field, const char *text, GError **error)
{
  guint64 type_max = key->type == CLI_KEY_UINT     ? G_MAXUINT
                     : key->type == CLI_KEY_UINT64 ? G_MAXUINT64
                                                   : G_MAXINT64;
  guint64 u = 0;
  if (!parse_unsigned (key, text, type_max, &u, error))
    return FALSE;
  if (key->type == CLI_KEY_UINT)
    *(guint *)field = (guint)u;
  else if (key->type == CLI_KEY_UINT64)
    *(guint64 *)field = u;
  else
    *(gint64 *)field = (gint64)u;
  return TRUE;
}

/* CLI_KEY_RATIO (from 0 to 1) and CLI_KEY_PRICE (from 0, below a billion dollars). */
static gboolean
set_double (const CliKey *key, gpointer field, const char *text, GError **error)
{
  gboolean ratio = key->type == CLI_KEY_RATIO;
  char *end = NULL;
  errno = 0;
  double value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || errno != 0 ||
      !(value >= 0.0 && (ratio ? value <= 1.0 : value < 1e9))) {
    if (ratio)
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                   "\"%s\" is not a ratio; expected a number from 0 to 1", text);
    else
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                   "\"%s\" is not a price; expected a number of US dollars from 0, e.g. 0.096",
                   text);
    return FALSE;
  }
  *(double *)field = value;
  return TRUE;
}

/* A CLI_KEY_STRING is never empty; an empty CLI_KEY_PATH_OR_NONE stores NULL. */
static gboolean
set_string (const CliKey *key, gpointer field, const char *text, GError **error)
{
  if (*text == '\0' && key->type == CLI_KEY_STRING) {
    g_set_error_literal (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                         "empty value; expected a name");
    return FALSE;
  }
  g_free (*(char **)field);
  *(char **)field = *text == '\0' ? NULL : g_strdup (text);
  return TRUE;
}

static gboolean
set_platform (gpointer field, const char *text, GError **error)
{
  OrchPlatform parsed = { NULL, NULL };
  if (!parse_platform (text, &parsed, error))
    return FALSE;
  OrchPlatform *platform = field;
  g_free (platform->os);
  g_free (platform->arch);
  *platform = parsed;
  return TRUE;
}

static gboolean
set_enum (const CliKey *key, gpointer field, const char *text, GError **error)
{
  if (key->type == CLI_KEY_ROLE)
    SET_ENUM (OrchRole, orch_role_from_string, "role", "manager or worker");
  if (key->type == CLI_KEY_AVAILABILITY)
    SET_ENUM (OrchAvailability, orch_availability_from_string, "availability",
              "active, pause or drain");
  if (key->type == CLI_KEY_MODE)
    SET_ENUM (OrchServiceMode, orch_service_mode_from_string, "mode", "replicated or global");
  if (key->type == CLI_KEY_RESTART)
    SET_ENUM (OrchRestartCondition, orch_restart_condition_from_string, "restart condition",
              "none, on-failure or any");
  if (key->type == CLI_KEY_FAILURE_ACTION)
    SET_ENUM (OrchFailureAction, orch_failure_action_from_string, "failure action",
              "pause, continue or rollback");
  g_assert (key->type == CLI_KEY_ORDER);
  SET_ENUM (OrchUpdateOrder, orch_update_order_from_string, "order", "stop-first or start-first");
}

gboolean
cli_scenario__set_value (const CliScenarioCtx *ctx, const CliKey *key, gpointer field,
                         const char *text, GError **error)
{
  switch (key->type) {
    case CLI_KEY_DURATION:
      return set_duration (key, field, text, error);
    case CLI_KEY_DIST_OR_NEVER:
    case CLI_KEY_DIST:
      return set_dist (ctx, key, field, text, error);
    case CLI_KEY_BYTES:
      return set_bytes (key, field, text, error);
    case CLI_KEY_CPUS:
      return sim_parse_cpus (text, (gint64 *)field, error);
    case CLI_KEY_UINT:
    case CLI_KEY_UINT64:
    case CLI_KEY_INT64:
      return set_unsigned (key, field, text, error);
    case CLI_KEY_RATIO:
    case CLI_KEY_PRICE:
      return set_double (key, field, text, error);
    case CLI_KEY_BOOL:
      if (strcmp (text, "true") != 0 && strcmp (text, "false") != 0) {
        g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                     "\"%s\" is not a boolean; expected true or false", text);
        return FALSE;
      }
      *(gboolean *)field = text[0] == 't';
      return TRUE;
    case CLI_KEY_STRING:
    case CLI_KEY_PATH_OR_NONE:
      return set_string (key, field, text, error);
    case CLI_KEY_LIST:
    case CLI_KEY_LABELS:
    case CLI_KEY_CONSTRAINTS:
    case CLI_KEY_SPREAD: {
      g_autoptr (GPtrArray) items = split_list (text);
      if (!check_list (key, items, error))
        return FALSE;
      replace_list ((GPtrArray **)field, items, key->type == CLI_KEY_SPREAD);
      return TRUE;
    }
    case CLI_KEY_HOST_PORTS:
      return parse_host_ports (key, text, (GArray **)field, error);
    case CLI_KEY_PLATFORM:
      return set_platform (field, text, error);
    case CLI_KEY_PLATFORMS:
      return parse_platforms (text, *(GPtrArray **)field, error);
    case CLI_KEY_ROLE:
    case CLI_KEY_AVAILABILITY:
    case CLI_KEY_MODE:
    case CLI_KEY_RESTART:
    case CLI_KEY_FAILURE_ACTION:
    case CLI_KEY_ORDER:
      return set_enum (key, field, text, error);
    default:
      g_assert_not_reached ();
  }
}
