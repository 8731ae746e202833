/* SPDX-License-Identifier: MIT
 * Helpers shared by the orchestrator's own files and not part of its API: the spec comparison with
 * the "only constraints changed" switch, and the small predicates every component uses. */
#pragma once

#include <glib.h>
#include "models/orchestrator/types.h"

/**
 * orch_service_spec__task_equal_full:
 * @ignore_placement: TRUE to compare only the TaskSpec fields outside Placement (image,
 *   resources, restart policy, force counter), leaving out placement and host ports, as SwarmKit's
 *   IsTaskDirtyPlacementConstraintsOnly does (task.go:140-150)
 *
 * Returns: TRUE when tasks of @a and @b are interchangeable.
 */
gboolean orch_service_spec__task_equal_full (const OrchServiceSpec *a, const OrchServiceSpec *b,
                                             gboolean ignore_placement);
/* Returns: TRUE when the Placement parts (constraints, spread, platforms, max replicas) agree. */
gboolean orch_service_spec__placement_equal (const OrchServiceSpec *a, const OrchServiceSpec *b);
/* Returns: TRUE when the whole specs agree (SwarmKit's reflect.DeepEqual of Service.Spec, which
 * the update supervisor uses to keep an update already working towards this spec). */
gboolean orch_service_spec__equal (const OrchServiceSpec *a, const OrchServiceSpec *b);

/* SwarmKit's InvalidNode: nil, DOWN or DRAIN nodes lose their tasks; PAUSE, UNKNOWN and
 * DISCONNECTED nodes keep them. */
static inline gboolean
orch__node_is_invalid (const OrchNode *node)
{
  return node == NULL || node->status == ORCH_NODE_DOWN ||
         node->availability == ORCH_AVAILABILITY_DRAIN;
}

/* The time the task's observed state last changed, or its creation time when it never changed:
 * SwarmKit's AppliedAt-or-Timestamp ordering key. */
static inline OrchTime
orch__task_timestamp (const OrchTask *task)
{
  return task->status_at != 0 ? task->status_at : task->created_at;
}

/* The tasks of one slot (replicated: one slot number; global: one node), as the orchestrators hand
 * them to the updater (SwarmKit's orchestrator.Slot). */
typedef struct {
  guint32 slot;
  OrchNodeId node_id;
  GPtrArray *tasks; /* (element-type OrchTask) owned array of unowned tasks */
} OrchSlot;

static inline OrchSlot *
orch__slot_new (guint32 slot, OrchNodeId node_id)
{
  OrchSlot *s = g_new0 (OrchSlot, 1);
  s->slot = slot;
  s->node_id = node_id;
  s->tasks = g_ptr_array_new ();
  return s;
}

static inline void
orch__slot_free (gpointer data)
{
  OrchSlot *s = data;
  g_ptr_array_unref (s->tasks);
  g_free (s);
}

/* Returns: (transfer full) (element-type OrchSlot): an empty slot list that owns its slots. */
static inline GPtrArray *
orch__slot_list_new (void)
{
  return g_ptr_array_new_with_free_func (orch__slot_free);
}

static inline gint
orch__id_cmp (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

/* Sorts a GArray of guint64 ids and drops duplicates: the work queues of the components are
 * processed in id order, never in a hash table's order. */
static inline void
orch__ids_sort_unique (GArray *ids)
{
  g_array_sort (ids, orch__id_cmp);
  guint out = 0;
  for (guint i = 0; i < ids->len; i++)
    if (out == 0 || g_array_index (ids, guint64, i) != g_array_index (ids, guint64, out - 1))
      g_array_index (ids, guint64, out++) = g_array_index (ids, guint64, i);
  g_array_set_size (ids, out);
}

/* Returns: (transfer container): a shallow copy of a borrowed array, safe to walk while the
 * store changes underneath (the store's own index arrays shift on every write). */
static inline GPtrArray *
orch__ptr_array_dup (const GPtrArray *array)
{
  GPtrArray *copy = g_ptr_array_sized_new (array->len);
  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (copy, g_ptr_array_index (array, i));
  return copy;
}
