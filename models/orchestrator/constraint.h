/* SPDX-License-Identifier: MIT
 * Placement constraints ("node.labels.az==a", "node.role!=manager"): SwarmKit's
 * manager/constraint parser and matcher. It knows nodes, not tasks or the scheduler. */
#pragma once

#include <glib.h>
#include "models/orchestrator/types.h"

#define ORCH_CONSTRAINT_ERROR (orch_constraint_error_quark ())
GQuark orch_constraint_error_quark (void);

typedef enum {
  ORCH_CONSTRAINT_ERROR_NO_OPERATOR,   /* neither "==" nor "!=" in the expression */
  ORCH_CONSTRAINT_ERROR_INVALID_KEY,   /* the key breaks ^[a-z_][a-z0-9-_.]+$ (any case) */
  ORCH_CONSTRAINT_ERROR_INVALID_VALUE, /* the value breaks SwarmKit's value pattern */
} OrchConstraintError;

typedef enum {
  ORCH_CONSTRAINT_EQ,
  ORCH_CONSTRAINT_NEQ,
} OrchConstraintOp;

/* What a key names, resolved once at parse time. Keys compare case-insensitively; label names
 * (after "node.labels." or "engine.labels.") are case-sensitive. */
typedef enum {
  ORCH_CONSTRAINT_KEY_UNKNOWN, /* never matches, whatever the operator */
  ORCH_CONSTRAINT_KEY_NODE_ID,
  ORCH_CONSTRAINT_KEY_HOSTNAME,
  ORCH_CONSTRAINT_KEY_NODE_IP,
  ORCH_CONSTRAINT_KEY_ROLE,
  ORCH_CONSTRAINT_KEY_PLATFORM_OS,
  ORCH_CONSTRAINT_KEY_PLATFORM_ARCH,
  ORCH_CONSTRAINT_KEY_NODE_LABEL,
  ORCH_CONSTRAINT_KEY_ENGINE_LABEL,
} OrchConstraintKey;

typedef struct {
  char *key; /* owned; as written, trimmed */
  OrchConstraintKey kind;
  const char *label; /* (nullable) unowned: points into @key after the label prefix */
  OrchConstraintOp op;
  char *value; /* owned; trimmed */
} OrchConstraint;

/**
 * orch_constraint_parse:
 * @expr: one expression, "key==value" or "key!=value"; spaces around the parts are ignored
 * @error: return location for an ORCH_CONSTRAINT_ERROR
 *
 * Parses as SwarmKit's constraint.Parse does: "==" is looked for before "!=", and the expression
 * is split at the first occurrence of the operator found, so "a!=b==c" has the key "a!=b" (which
 * is invalid). An unknown key parses fine and then matches no node.
 *
 * Returns: (transfer full) (nullable): the constraint, or NULL with @error set.
 */
OrchConstraint *orch_constraint_parse (const char *expr, GError **error);

/**
 * orch_constraint_parse_list:
 * @exprs: (element-type utf8) (nullable): expressions, ANDed; NULL is an empty list
 * @error: return location for an ORCH_CONSTRAINT_ERROR from the first bad expression
 *
 * Returns: (transfer full) (element-type OrchConstraint) (nullable): the constraints (an empty
 * array for an empty list), or NULL with @error set.
 */
GPtrArray *orch_constraint_parse_list (const GPtrArray *exprs, GError **error);

void orch_constraint_free (OrchConstraint *constraint);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchConstraint, orch_constraint_free)

/**
 * orch_constraint_matches_node:
 *
 * Compares the node's value for the key with the constraint's value, ignoring case (ASCII). A
 * missing label, hostname or platform field compares as "". "node.ip": nodes carry no address in
 * this model, so "==" never matches and "!=" matches any well-formed IPv4/IPv6 address or CIDR
 * block; a malformed address matches nothing, as in SwarmKit.
 *
 * Returns: TRUE when @node satisfies @constraint.
 */
gboolean orch_constraint_matches_node (const OrchConstraint *constraint, const OrchNode *node);

/* Returns: TRUE when @node satisfies every constraint of @constraints (element-type
 * OrchConstraint); an empty array matches every node. */
gboolean orch_constraint_list_matches_node (const GPtrArray *constraints, const OrchNode *node);

/**
 * orch_constraint_label_value:
 * @descriptor: "node.labels.<name>" or "engine.labels.<name>", prefix in any case
 * @found_out: (out) (optional): FALSE when the descriptor names neither kind of label
 *
 * The value a spread preference branches on. A node without the label gives "".
 *
 * Returns: (transfer none): the label's value, "" when missing or when @descriptor is not a label.
 */
const char *orch_constraint_label_value (const char *descriptor, const OrchNode *node,
                                         gboolean *found_out);
