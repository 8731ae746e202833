/* SPDX-License-Identifier: MIT
 * The decision tree the scheduler builds for one task group (SwarmKit's nodeset.go tree(),
 * decision_tree.go and nodeheap.go): one level per spread preference, branch task counts, and at
 * each leaf a bounded max-heap of the best usable nodes. It places nothing itself. */
#pragma once

#include <glib.h>
#include "models/orchestrator/nodeinfo.h"

/* Returns: TRUE when @a ranks strictly before @b (SwarmKit's nodeLess). */
typedef gboolean (*OrchNodeLessFunc) (const OrchNodeInfo *a, const OrchNodeInfo *b,
                                      gpointer user_data);
/* Returns: TRUE when the task can go on @info (the filter pipeline; it may count failures). */
typedef gboolean (*OrchNodeCheckFunc) (const OrchNodeInfo *info, gpointer user_data);

typedef struct {
  OrchServiceId service_id; /* whose active tasks the branches count */
  const GPtrArray *spread;  /* (element-type utf8) (nullable) descriptors, outermost first */
  guint max_assignments;    /* N, the group size: the bound of every leaf heap */
  OrchNodeCheckFunc meets;
  OrchNodeLessFunc less;
  gpointer user_data; /* passed to @meets and @less */
} OrchTreeOptions;

typedef struct _OrchDecisionTree OrchDecisionTree;
struct _OrchDecisionTree {
  gint64 tasks;        /* active tasks of the service under this branch, counted once at build
                          time over every node (usable or not) and never updated afterwards */
  char *key;           /* (nullable) owned: the label value of this branch; NULL at the root */
  GPtrArray *branches; /* (element-type OrchDecisionTree) (nullable) owned, in creation order;
                          NULL at a leaf */
  GHashTable *by_key;  /* (nullable) owned: key → branch, for lookups only */
  GPtrArray *nodes;    /* (element-type OrchNodeInfo) (nullable) unowned: a leaf's heap */
  guint heap_len;      /* the heap's live length; below nodes->len once the leaf was ordered */
};

/**
 * orch_decision_tree_build:
 * @nodes: (element-type OrchNodeInfo): every node, in the order to visit them (SwarmKit visits a
 *   Go map, so the caller passes a shuffled order)
 * @options: the service, preferences, bound and callbacks; @options->meets is called only where
 *   SwarmKit calls it (a heap with room, or a node strictly better than the heap's worst)
 *
 * Walks the spread descriptors for each node: "node.labels.X" and "engine.labels.X" (prefix in any
 * case) make a level keyed by the label's value, "" when missing; any other descriptor is skipped
 * and adds no level. Every level on the way down, and the leaf, count the node's active tasks.
 *
 * Returns: (transfer full): the root; an empty root when @options->max_assignments is 0.
 */
OrchDecisionTree *orch_decision_tree_build (const GPtrArray *nodes, const OrchTreeOptions *options);

void orch_decision_tree_free (OrchDecisionTree *tree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchDecisionTree, orch_decision_tree_free)

/* Returns: (transfer none) (nullable): the branch for @key, or NULL. */
OrchDecisionTree *orch_decision_tree_get_branch (const OrchDecisionTree *tree, const char *key);

/**
 * orch_decision_tree_ordered_nodes:
 * @leaf: a leaf (no branches)
 * @n_out: (out): the number of nodes returned
 *
 * Sorts the leaf's nodes best first by heap-sorting them. On a second call the nodes have changed
 * (tasks were placed), so each is checked again with @options->meets, failures dropped, and the
 * rest re-heaped first (decisionTree.orderedNodes).
 *
 * Returns: (transfer none) (array length=n_out): the nodes, best first; the caller may overwrite
 * entries but not resize.
 */
OrchNodeInfo **orch_decision_tree_ordered_nodes (OrchDecisionTree *leaf,
                                                 const OrchTreeOptions *options, guint *n_out);
