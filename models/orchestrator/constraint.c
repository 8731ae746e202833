/* SPDX-License-Identifier: MIT
 * Parses and evaluates placement constraints with SwarmKit's grammar (manager/constraint/
 * constraint.go): the same key and value character sets, the same operator search order, the same
 * node fields. Spread-preference label lookup lives here too, as SwarmKit shares the prefixes. */
#include "models/orchestrator/constraint.h"

#include <string.h>

G_DEFINE_QUARK (orch - constraint - error - quark, orch_constraint_error)

#define NODE_LABEL_PREFIX   "node.labels."
#define ENGINE_LABEL_PREFIX "engine.labels."

/* SwarmKit's key pattern is ^(?i)[a-z_][a-z0-9\-_.]+$: at least two characters. */
static gboolean
key_is_valid (const char *key)
{
  if (!(g_ascii_isalpha (key[0]) || key[0] == '_') || key[1] == '\0')
    return FALSE;
  for (const char *p = key + 1; *p != '\0'; p++) {
    if (!(g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.'))
      return FALSE;
  }
  return TRUE;
}

/* SwarmKit's value pattern: letters, digits, RE2's \s (tab, newline, form feed, carriage return,
 * space) and : - _ . * ( ) ? + [ ] \ ^ $ | /. It leaves out anything that looks like a current
 * or future operator (= < > ~ !). */
static gboolean
value_is_valid (const char *value)
{
  if (value[0] == '\0')
    return FALSE;
  for (const char *p = value; *p != '\0'; p++) {
    if (g_ascii_isalnum (*p) || strchr (":-_\t\n\f\r .*()?+[]\\^$|/", *p) != NULL)
      continue;
    return FALSE;
  }
  return TRUE;
}

static gboolean
has_prefix_nocase (const char *text, const char *prefix)
{
  gsize n = strlen (prefix);
  return strlen (text) > n && g_ascii_strncasecmp (text, prefix, n) == 0;
}

/* The order of the tests is NodeMatches' switch order; a bare "node.labels." is unknown. */
static OrchConstraintKey
classify_key (const char *key, const char **label_out)
{
  static const struct {
    const char *name;
    OrchConstraintKey kind;
  } fixed[] = {
    { "node.id", ORCH_CONSTRAINT_KEY_NODE_ID },
    { "node.hostname", ORCH_CONSTRAINT_KEY_HOSTNAME },
    { "node.ip", ORCH_CONSTRAINT_KEY_NODE_IP },
    { "node.role", ORCH_CONSTRAINT_KEY_ROLE },
    { "node.platform.os", ORCH_CONSTRAINT_KEY_PLATFORM_OS },
    { "node.platform.arch", ORCH_CONSTRAINT_KEY_PLATFORM_ARCH },
  };

  *label_out = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++) {
    if (g_ascii_strcasecmp (key, fixed[i].name) == 0)
      return fixed[i].kind;
  }
  if (has_prefix_nocase (key, NODE_LABEL_PREFIX)) {
    *label_out = key + strlen (NODE_LABEL_PREFIX);
    return ORCH_CONSTRAINT_KEY_NODE_LABEL;
  }
  if (has_prefix_nocase (key, ENGINE_LABEL_PREFIX)) {
    *label_out = key + strlen (ENGINE_LABEL_PREFIX);
    return ORCH_CONSTRAINT_KEY_ENGINE_LABEL;
  }
  return ORCH_CONSTRAINT_KEY_UNKNOWN;
}

OrchConstraint *
orch_constraint_parse (const char *expr, GError **error)
{
  static const char *const operators[] = { "==", "!=" };

  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (gsize op = 0; op < G_N_ELEMENTS (operators); op++) {
    const char *at = strstr (expr, operators[op]);
    if (at == NULL)
      continue;
    g_autofree char *key = g_strstrip (g_strndup (expr, (gsize)(at - expr)));
    g_autofree char *value = g_strstrip (g_strdup (at + 2));
    if (!key_is_valid (key)) {
      g_set_error (error, ORCH_CONSTRAINT_ERROR, ORCH_CONSTRAINT_ERROR_INVALID_KEY,
                   "constraint \"%s\": key \"%s\" is invalid; expected a letter or \"_\" then one "
                   "or more letters, digits, \"-\", \"_\" or \".\"",
                   expr, key);
      return NULL;
    }
    if (!value_is_valid (value)) {
      g_set_error (error, ORCH_CONSTRAINT_ERROR, ORCH_CONSTRAINT_ERROR_INVALID_VALUE,
                   "constraint \"%s\": value \"%s\" is invalid; expected letters, digits, spaces "
                   "or any of : - _ . * ( ) ? + [ ] \\ ^ $ | /",
                   expr, value);
      return NULL;
    }
    OrchConstraint *c = g_new0 (OrchConstraint, 1);
    c->key = g_steal_pointer (&key);
    c->kind = classify_key (c->key, &c->label);
    c->op = op == 0 ? ORCH_CONSTRAINT_EQ : ORCH_CONSTRAINT_NEQ;
    c->value = g_steal_pointer (&value);
    return c;
  }
  g_set_error (error, ORCH_CONSTRAINT_ERROR, ORCH_CONSTRAINT_ERROR_NO_OPERATOR,
               "constraint \"%s\" has no operator; expected \"key==value\" or \"key!=value\"",
               expr);
  return NULL;
}

GPtrArray *
orch_constraint_parse_list (const GPtrArray *exprs, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (GPtrArray) list =
      g_ptr_array_new_with_free_func ((GDestroyNotify)orch_constraint_free);
  for (guint i = 0; exprs != NULL && i < exprs->len; i++) {
    OrchConstraint *c = orch_constraint_parse (g_ptr_array_index (exprs, i), error);
    if (c == NULL)
      return NULL;
    g_ptr_array_add (list, c);
  }
  return g_steal_pointer (&list);
}

void
orch_constraint_free (OrchConstraint *constraint)
{
  if (constraint == NULL)
    return;
  g_free (constraint->key);
  g_free (constraint->value);
  g_free (constraint);
}

/* strings.EqualFold on the ASCII values the value pattern allows. A node-side value with a
 * non-ASCII character that Unicode folds to ASCII (the Kelvin sign) is the one case that differs.
 */
static gboolean
match_value (const OrchConstraint *c, const char *what)
{
  gboolean equal = g_ascii_strcasecmp (c->value, what != NULL ? what : "") == 0;
  return c->op == ORCH_CONSTRAINT_EQ ? equal : !equal;
}

/* A loose well-formedness test: dotted-quad IPv4 or hex-and-colon IPv6, with an optional
 * "/prefix". Nodes have no address here, so only "is it an address at all" matters. */
static gboolean
is_ip_or_cidr (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, "/", 2);
  const char *addr = parts[0];
  guint dots = 0, colons = 0;
  for (const char *p = addr; *p != '\0'; p++) {
    if (*p == '.')
      dots++;
    else if (*p == ':')
      colons++;
    else if (!g_ascii_isxdigit (*p))
      return FALSE;
  }
  guint max_prefix = colons >= 2 ? 128 : 32;
  if (colons < 2) {
    g_auto (GStrv) octets = g_strsplit (addr, ".", -1);
    if (dots != 3 || g_strv_length (octets) != 4)
      return FALSE;
    for (guint i = 0; i < 4; i++) {
      guint64 v;
      if (!g_ascii_string_to_unsigned (octets[i], 10, 0, 255, &v, NULL))
        return FALSE;
    }
  }
  guint64 prefix;
  return parts[1] == NULL ||
         g_ascii_string_to_unsigned (parts[1], 10, 0, max_prefix, &prefix, NULL);
}

static const char *
lookup_label (GHashTable *labels, const char *name)
{
  const char *value = labels != NULL ? g_hash_table_lookup (labels, name) : NULL;
  return value != NULL ? value : "";
}

gboolean
orch_constraint_matches_node (const OrchConstraint *c, const OrchNode *node)
{
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  switch (c->kind) {
    case ORCH_CONSTRAINT_KEY_NODE_ID:
      return match_value (c, node->id_str);
    case ORCH_CONSTRAINT_KEY_HOSTNAME:
      return match_value (c, node->hostname);
    case ORCH_CONSTRAINT_KEY_NODE_IP:
      return c->op == ORCH_CONSTRAINT_NEQ && is_ip_or_cidr (c->value);
    case ORCH_CONSTRAINT_KEY_ROLE:
      return match_value (c, node->role == ORCH_ROLE_MANAGER ? "manager" : "worker");
    case ORCH_CONSTRAINT_KEY_PLATFORM_OS:
      return match_value (c, node->platform.os);
    case ORCH_CONSTRAINT_KEY_PLATFORM_ARCH:
      return match_value (c, node->platform.arch);
    case ORCH_CONSTRAINT_KEY_NODE_LABEL:
      return match_value (c, lookup_label (node->labels, c->label));
    case ORCH_CONSTRAINT_KEY_ENGINE_LABEL:
      return match_value (c, lookup_label (node->engine_labels, c->label));
    case ORCH_CONSTRAINT_KEY_UNKNOWN:
    default:
      return FALSE;
  }
}

gboolean
orch_constraint_list_matches_node (const GPtrArray *constraints, const OrchNode *node)
{
  g_return_val_if_fail (constraints != NULL, FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  for (guint i = 0; i < constraints->len; i++) {
    if (!orch_constraint_matches_node (g_ptr_array_index (constraints, i), node))
      return FALSE;
  }
  return TRUE;
}

const char *
orch_constraint_label_value (const char *descriptor, const OrchNode *node, gboolean *found_out)
{
  g_return_val_if_fail (descriptor != NULL, "");
  g_return_val_if_fail (node != NULL, "");

  gboolean found = TRUE;
  const char *value = "";
  if (has_prefix_nocase (descriptor, NODE_LABEL_PREFIX))
    value = lookup_label (node->labels, descriptor + strlen (NODE_LABEL_PREFIX));
  else if (has_prefix_nocase (descriptor, ENGINE_LABEL_PREFIX))
    value = lookup_label (node->engine_labels, descriptor + strlen (ENGINE_LABEL_PREFIX));
  else
    found = FALSE;
  if (found_out != NULL)
    *found_out = found;
  return value;
}
