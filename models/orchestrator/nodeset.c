/* SPDX-License-Identifier: MIT
 * Builds the scheduler's decision tree and keeps each leaf's bounded heap. The heap follows Go's
 * container/heap step for step (up, down, fix, pop), so equal-ranked nodes come out in the same
 * order as SwarmKit's for the same visiting order. */
#include "models/orchestrator/nodeset.h"

#include "models/orchestrator/constraint.h"

/* The leaf heap is a max-heap under nodeLess: the root is the worst node kept. "worse (i, j)"
 * is Go's nodeMaxHeap.Less, nodeLess with the arguments swapped. */
static gboolean
worse (const OrchDecisionTree *leaf, const OrchTreeOptions *o, guint i, guint j)
{
  return o->less (g_ptr_array_index (leaf->nodes, j), g_ptr_array_index (leaf->nodes, i),
                  o->user_data);
}

static void
swap (OrchDecisionTree *leaf, guint i, guint j)
{
  gpointer t = leaf->nodes->pdata[i];
  leaf->nodes->pdata[i] = leaf->nodes->pdata[j];
  leaf->nodes->pdata[j] = t;
}

static void
heap_up (OrchDecisionTree *leaf, const OrchTreeOptions *o, guint j)
{
  while (j > 0) {
    guint i = (j - 1) / 2;
    if (!worse (leaf, o, j, i))
      break;
    swap (leaf, i, j);
    j = i;
  }
}

static gboolean
heap_down (OrchDecisionTree *leaf, const OrchTreeOptions *o, guint i0, guint n)
{
  guint i = i0;
  for (;;) {
    guint j1 = 2 * i + 1;
    if (j1 >= n)
      break;
    guint j = j1;
    if (j1 + 1 < n && worse (leaf, o, j1 + 1, j1))
      j = j1 + 1;
    if (!worse (leaf, o, j, i))
      break;
    swap (leaf, i, j);
    i = j;
  }
  return i > i0;
}

static void
leaf_offer (OrchDecisionTree *leaf, const OrchTreeOptions *o, OrchNodeInfo *info)
{
  if (leaf->nodes == NULL)
    leaf->nodes = g_ptr_array_new ();
  if (leaf->heap_len < o->max_assignments) {
    if (!o->meets (info, o->user_data))
      return;
    g_ptr_array_add (leaf->nodes, info);
    leaf->heap_len++;
    heap_up (leaf, o, leaf->heap_len - 1);
    return;
  }
  /* Full: only a strictly better node that also passes replaces the worst (heap.Fix at 0). */
  if (o->less (info, g_ptr_array_index (leaf->nodes, 0), o->user_data) &&
      o->meets (info, o->user_data)) {
    leaf->nodes->pdata[0] = info;
    if (!heap_down (leaf, o, 0, leaf->heap_len))
      heap_up (leaf, o, 0);
  }
}

static OrchDecisionTree *
branch_for (OrchDecisionTree *tree, const char *key)
{
  if (tree->branches == NULL) {
    tree->branches = g_ptr_array_new_with_free_func ((GDestroyNotify)orch_decision_tree_free);
    tree->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  }
  OrchDecisionTree *next = g_hash_table_lookup (tree->by_key, key);
  if (next == NULL) {
    next = g_new0 (OrchDecisionTree, 1);
    next->key = g_strdup (key);
    g_ptr_array_add (tree->branches, next);
    g_hash_table_insert (tree->by_key, next->key, next);
  }
  return next;
}

OrchDecisionTree *
orch_decision_tree_build (const GPtrArray *nodes, const OrchTreeOptions *options)
{
  g_return_val_if_fail (nodes != NULL && options != NULL, NULL);
  g_return_val_if_fail (options->meets != NULL && options->less != NULL, NULL);

  OrchDecisionTree *root = g_new0 (OrchDecisionTree, 1);
  if (options->max_assignments == 0)
    return root;
  const GPtrArray *spread = options->spread;
  for (guint i = 0; i < nodes->len; i++) {
    OrchNodeInfo *info = g_ptr_array_index (nodes, i);
    gint64 count = orch_node_info_get_service_count (info, options->service_id);
    OrchDecisionTree *tree = root;
    for (guint p = 0; spread != NULL && p < spread->len; p++) {
      gboolean is_label;
      const char *value =
          orch_constraint_label_value (g_ptr_array_index (spread, p), info->node, &is_label);
      if (!is_label)
        continue; /* only label spreads are supported, as in SwarmKit */
      tree->tasks += count;
      tree = branch_for (tree, value);
    }
    tree->tasks += count;
    leaf_offer (tree, options, info);
  }
  return root;
}

void
orch_decision_tree_free (OrchDecisionTree *tree)
{
  if (tree == NULL)
    return;
  g_clear_pointer (&tree->by_key, g_hash_table_unref);
  g_clear_pointer (&tree->branches, g_ptr_array_unref);
  g_clear_pointer (&tree->nodes, g_ptr_array_unref);
  g_free (tree->key);
  g_free (tree);
}

OrchDecisionTree *
orch_decision_tree_get_branch (const OrchDecisionTree *tree, const char *key)
{
  g_return_val_if_fail (tree != NULL && key != NULL, NULL);
  return tree->by_key != NULL ? g_hash_table_lookup (tree->by_key, key) : NULL;
}

OrchNodeInfo **
orch_decision_tree_ordered_nodes (OrchDecisionTree *leaf, const OrchTreeOptions *options,
                                  guint *n_out)
{
  g_return_val_if_fail (leaf != NULL && leaf->branches == NULL, NULL);
  g_return_val_if_fail (options != NULL && n_out != NULL, NULL);

  *n_out = 0;
  if (leaf->nodes == NULL)
    return NULL;
  if (leaf->heap_len != leaf->nodes->len) {
    /* Ordered before: re-check every node (a swap-remove, as SwarmKit does) and re-heap. */
    for (guint i = 0; i < leaf->nodes->len;) {
      if (options->meets (g_ptr_array_index (leaf->nodes, i), options->user_data))
        i++;
      else
        g_ptr_array_remove_index_fast (leaf->nodes, i);
    }
    leaf->heap_len = leaf->nodes->len;
    for (guint i = leaf->heap_len / 2; i > 0; i--)
      heap_down (leaf, options, i - 1, leaf->heap_len);
  }
  /* Popping every element leaves the worst at the end: best first (heap.Pop swaps the root to
   * the end and sifts down the rest). */
  while (leaf->heap_len > 0) {
    guint n = leaf->heap_len - 1;
    swap (leaf, 0, n);
    heap_down (leaf, options, 0, n);
    leaf->heap_len--;
  }
  *n_out = leaf->nodes->len;
  return (OrchNodeInfo **)leaf->nodes->pdata;
}
