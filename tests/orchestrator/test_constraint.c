/* SPDX-License-Identifier: MIT
 * Tests of the placement-constraint parser and matcher against SwarmKit's rules
 * (manager/constraint/constraint_test.go and the CLI's documented grammar). */
#include "models/orchestrator/constraint.h"

#include "models/orchestrator/store.h"

#include <string.h>

typedef struct {
  const char *expr;
  gint code; /* -1: parses */
  const char *key;
  OrchConstraintOp op;
  const char *value;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "node.role==manager", -1, "node.role", ORCH_CONSTRAINT_EQ, "manager" },
  { "  node.role  ==  manager ", -1, "node.role", ORCH_CONSTRAINT_EQ, "manager" },
  { "node.labels.az!=a", -1, "node.labels.az", ORCH_CONSTRAINT_NEQ, "a" },
  { "engine.labels.os==my os (v2)", -1, "engine.labels.os", ORCH_CONSTRAINT_EQ, "my os (v2)" },
  { "key==a:b-c_d.e*f?g+h[i]j\\k^l$m|n/o", -1, "key", ORCH_CONSTRAINT_EQ,
    "a:b-c_d.e*f?g+h[i]j\\k^l$m|n/o" },
  { "_x==1", -1, "_x", ORCH_CONSTRAINT_EQ, "1" },
  { "node.labels.az=a", ORCH_CONSTRAINT_ERROR_NO_OPERATOR, NULL, 0, NULL },
  { "node.labels.az>a", ORCH_CONSTRAINT_ERROR_NO_OPERATOR, NULL, 0, NULL },
  { "", ORCH_CONSTRAINT_ERROR_NO_OPERATOR, NULL, 0, NULL },
  { "==a", ORCH_CONSTRAINT_ERROR_INVALID_KEY, NULL, 0, NULL },
  { "a==b", ORCH_CONSTRAINT_ERROR_INVALID_KEY, NULL, 0, NULL }, /* keys need two characters */
  { "1key==b", ORCH_CONSTRAINT_ERROR_INVALID_KEY, NULL, 0, NULL },
  { "ke y==b", ORCH_CONSTRAINT_ERROR_INVALID_KEY, NULL, 0, NULL },
  /* "==" is searched first, so the key is "a!=b": invalid. */
  { "ab!=c==d", ORCH_CONSTRAINT_ERROR_INVALID_KEY, NULL, 0, NULL },
  { "key==", ORCH_CONSTRAINT_ERROR_INVALID_VALUE, NULL, 0, NULL },
  { "key==  ", ORCH_CONSTRAINT_ERROR_INVALID_VALUE, NULL, 0, NULL },
  { "key===b", ORCH_CONSTRAINT_ERROR_INVALID_VALUE, NULL, 0, NULL },
  { "key==a<b", ORCH_CONSTRAINT_ERROR_INVALID_VALUE, NULL, 0, NULL },
  { "key!=a!b", ORCH_CONSTRAINT_ERROR_INVALID_VALUE, NULL, 0, NULL },
};

/* Test that expressions parse, or fail with the right code, as SwarmKit's Parse does. */
static void
test_constraint_parse_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++) {
    const ParseCase *pc = &parse_cases[i];
    g_autoptr (GError) error = NULL;
    g_autoptr (OrchConstraint) c = orch_constraint_parse (pc->expr, &error);
    g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, pc->expr);
    if (pc->code >= 0) {
      g_assert_null (c);
      g_assert_error (error, ORCH_CONSTRAINT_ERROR, pc->code);
      continue;
    }
    g_assert_no_error (error);
    g_assert_nonnull (c);
    g_assert_cmpstr (c->key, ==, pc->key);
    g_assert_cmpint (c->op, ==, pc->op);
    g_assert_cmpstr (c->value, ==, pc->value);
  }
}

/* Test that a parse error is one line naming the expression and what was expected. */
static void
test_constraint_parse_error_message (void)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (orch_constraint_parse ("node.labels.az=a", &error));
  g_assert_cmpstr (error->message, ==,
                   "constraint \"node.labels.az=a\" has no operator; expected \"key==value\" or "
                   "\"key!=value\"");
  g_clear_error (&error);
  g_assert_null (orch_constraint_parse ("node.role==a<b", &error));
  g_assert_true (g_str_has_prefix (error->message, "constraint \"node.role==a<b\": value \"a<b\" "
                                                   "is invalid; expected"));
  g_assert_null (strchr (error->message, '\n'));
}

/* Test that a list fails on its first bad expression and that an empty list parses. */
static void
test_constraint_parse_list (void)
{
  g_autoptr (GPtrArray) exprs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) empty = orch_constraint_parse_list (exprs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);
  g_ptr_array_add (exprs, g_strdup ("node.role==worker"));
  g_ptr_array_add (exprs, g_strdup ("bad"));
  g_assert_null (orch_constraint_parse_list (exprs, &error));
  g_assert_error (error, ORCH_CONSTRAINT_ERROR, ORCH_CONSTRAINT_ERROR_NO_OPERATOR);
}

typedef struct {
  const char *expr;
  gboolean matches;
} MatchCase;

static const MatchCase match_cases[] = {
  { "node.id==NODE-1", TRUE },
  { "node.id!=node-1", FALSE },
  { "NODE.HOSTNAME==host1", TRUE },
  { "node.hostname!=other", TRUE },
  { "node.role==manager", TRUE },
  { "node.role==WORKER", FALSE },
  { "node.role!=worker", TRUE },
  { "node.platform.os==Linux", TRUE },
  { "node.platform.arch==x86_64", TRUE },
  { "node.platform.arch==amd64", FALSE }, /* no normalisation in constraints */
  { "node.labels.az==AZ1", TRUE },
  { "Node.Labels.az==az1", TRUE },      /* the prefix ignores case */
  { "node.labels.AZ==az1", FALSE },     /* the label name does not */
  { "node.labels.missing!=foo", TRUE }, /* a missing label is "" */
  { "node.labels.missing==foo", FALSE },
  { "node.labels.==x", FALSE }, /* a bare prefix is an unknown key */
  { "engine.labels.storage==ssd", TRUE },
  { "engine.labels.storage!=ssd", FALSE },
  { "node.unknown==x", FALSE },
  { "node.unknown!=x", FALSE }, /* unknown keys match nothing, whatever the operator */
  { "node.ip==10.0.0.1", FALSE },
  { "node.ip!=10.0.0.0/8", TRUE },
  { "node.ip!=fe80::1", TRUE },
  { "node.ip!=10.0.0.300", FALSE }, /* a malformed address matches nothing */
};

/* Test that each node field is compared as SwarmKit's NodeMatches compares it. */
static void
test_constraint_match_table (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  OrchNode *node = orch_store_add_node (store, "node-1", "host1");
  node->role = ORCH_ROLE_MANAGER;
  node->platform.os = g_strdup ("linux");
  node->platform.arch = g_strdup ("x86_64");
  g_hash_table_insert (node->labels, g_strdup ("az"), g_strdup ("az1"));
  g_hash_table_insert (node->engine_labels, g_strdup ("storage"), g_strdup ("SSD"));

  for (gsize i = 0; i < G_N_ELEMENTS (match_cases); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (OrchConstraint) c = orch_constraint_parse (match_cases[i].expr, &error);
    g_assert_no_error (error);
    g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, match_cases[i].expr);
    g_assert_cmpint (orch_constraint_matches_node (c, node), ==, match_cases[i].matches);
  }
}

/* Test that a node without hostname or platform compares those fields as "". */
static void
test_constraint_match_missing_fields_as_empty (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  OrchNode *node = orch_store_add_node (store, "n", "");
  g_autoptr (OrchConstraint) host = orch_constraint_parse ("node.hostname==node1", NULL);
  g_autoptr (OrchConstraint) os = orch_constraint_parse ("node.platform.os!=linux", NULL);
  g_assert_false (orch_constraint_matches_node (host, node));
  g_assert_true (orch_constraint_matches_node (os, node));
}

/* Test that a list is ANDed. */
static void
test_constraint_list_is_anded (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  OrchNode *node = orch_store_add_node (store, "n", "h");
  g_hash_table_insert (node->labels, g_strdup ("a"), g_strdup ("1"));
  g_autoptr (GPtrArray) exprs = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (exprs, g_strdup ("node.labels.a==1"));
  g_autoptr (GPtrArray) one = orch_constraint_parse_list (exprs, NULL);
  g_assert_true (orch_constraint_list_matches_node (one, node));
  g_ptr_array_add (exprs, g_strdup ("node.role==manager"));
  g_autoptr (GPtrArray) two = orch_constraint_parse_list (exprs, NULL);
  g_assert_false (orch_constraint_list_matches_node (two, node));
}

/* Test that spread descriptors read node and engine labels, with "" for a missing one. */
static void
test_constraint_label_value (void)
{
  g_autoptr (OrchStore) store = orch_store_new ();
  OrchNode *node = orch_store_add_node (store, "n", "h");
  g_hash_table_insert (node->labels, g_strdup ("rack"), g_strdup ("r1"));
  g_hash_table_insert (node->engine_labels, g_strdup ("zone"), g_strdup ("z"));
  gboolean found;
  g_assert_cmpstr (orch_constraint_label_value ("NODE.labels.rack", node, &found), ==, "r1");
  g_assert_true (found);
  g_assert_cmpstr (orch_constraint_label_value ("engine.labels.zone", node, &found), ==, "z");
  g_assert_cmpstr (orch_constraint_label_value ("node.labels.none", node, &found), ==, "");
  g_assert_true (found);
  g_assert_cmpstr (orch_constraint_label_value ("node.hostname", node, &found), ==, "");
  g_assert_false (found);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/orchestrator/constraint/parse-table", test_constraint_parse_table);
  g_test_add_func ("/orchestrator/constraint/parse-error-is-one-line",
                   test_constraint_parse_error_message);
  g_test_add_func ("/orchestrator/constraint/list-stops-at-first-error",
                   test_constraint_parse_list);
  g_test_add_func ("/orchestrator/constraint/match-table", test_constraint_match_table);
  g_test_add_func ("/orchestrator/constraint/missing-fields-compare-as-empty",
                   test_constraint_match_missing_fields_as_empty);
  g_test_add_func ("/orchestrator/constraint/list-is-anded", test_constraint_list_is_anded);
  g_test_add_func ("/orchestrator/constraint/spread-label-value", test_constraint_label_value);
  return g_test_run ();
}
