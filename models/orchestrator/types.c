/* SPDX-License-Identifier: MIT
 * The orchestrator's data model: enum names, the reference-counted service spec and its
 * "interchangeable tasks" comparison, and resource helpers. No decisions are made here. */
#include "models/orchestrator/types.h"
#include "models/orchestrator/types_private.h"

#include <string.h>

typedef struct {
  int value;
  const char *name;
} EnumName;

/* Lookup tables are tiny (≤ 14 entries), so a linear scan is the simplest correct choice. */
static const char *
enum_to_string (const EnumName *table, gsize n, int value)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].value == value)
      return table[i].name;
  return "unknown";
}

static gboolean
enum_from_string (const EnumName *table, gsize n, const char *text, int *out)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  for (gsize i = 0; i < n; i++)
    if (strcmp (table[i].name, text) == 0) {
      *out = table[i].value;
      return TRUE;
    }
  return FALSE;
}

/* Defines the _to_string / _from_string pair of one public enum from its table. */
#define DEFINE_ENUM_STRINGS(prefix, Type, table)                                                   \
  const char *prefix##_to_string (Type value)                                                      \
  {                                                                                                \
    return enum_to_string (table, G_N_ELEMENTS (table), (int)value);                               \
  }                                                                                                \
  gboolean prefix##_from_string (const char *text, Type *out)                                      \
  {                                                                                                \
    int v = 0;                                                                                     \
    g_return_val_if_fail (out != NULL, FALSE);                                                     \
    if (!enum_from_string (table, G_N_ELEMENTS (table), text, &v))                                 \
      return FALSE;                                                                                \
    *out = (Type)v;                                                                                \
    return TRUE;                                                                                   \
  }

static const EnumName task_state_names[] = {
  { ORCH_TASK_NEW, "new" },
  { ORCH_TASK_PENDING, "pending" },
  { ORCH_TASK_ASSIGNED, "assigned" },
  { ORCH_TASK_ACCEPTED, "accepted" },
  { ORCH_TASK_PREPARING, "preparing" },
  { ORCH_TASK_READY, "ready" },
  { ORCH_TASK_STARTING, "starting" },
  { ORCH_TASK_RUNNING, "running" },
  { ORCH_TASK_COMPLETE, "complete" },
  { ORCH_TASK_SHUTDOWN, "shutdown" },
  { ORCH_TASK_FAILED, "failed" },
  { ORCH_TASK_REJECTED, "rejected" },
  { ORCH_TASK_REMOVE, "remove" },
  { ORCH_TASK_ORPHANED, "orphaned" },
};
static const EnumName node_status_names[] = {
  { ORCH_NODE_UNKNOWN, "unknown" },
  { ORCH_NODE_DOWN, "down" },
  { ORCH_NODE_READY, "ready" },
  { ORCH_NODE_DISCONNECTED, "disconnected" },
};
static const EnumName availability_names[] = {
  { ORCH_AVAILABILITY_ACTIVE, "active" },
  { ORCH_AVAILABILITY_PAUSE, "pause" },
  { ORCH_AVAILABILITY_DRAIN, "drain" },
};
static const EnumName role_names[] = {
  { ORCH_ROLE_WORKER, "worker" },
  { ORCH_ROLE_MANAGER, "manager" },
};
static const EnumName mode_names[] = {
  { ORCH_MODE_REPLICATED, "replicated" },
  { ORCH_MODE_GLOBAL, "global" },
};
static const EnumName restart_condition_names[] = {
  { ORCH_RESTART_NONE, "none" },
  { ORCH_RESTART_ON_FAILURE, "on-failure" },
  { ORCH_RESTART_ANY, "any" },
};
static const EnumName failure_action_names[] = {
  { ORCH_FAILURE_ACTION_PAUSE, "pause" },
  { ORCH_FAILURE_ACTION_CONTINUE, "continue" },
  { ORCH_FAILURE_ACTION_ROLLBACK, "rollback" },
};
static const EnumName update_order_names[] = {
  { ORCH_ORDER_STOP_FIRST, "stop-first" },
  { ORCH_ORDER_START_FIRST, "start-first" },
};
static const EnumName update_state_names[] = {
  { ORCH_UPDATE_STATE_NONE, "none" },
  { ORCH_UPDATE_STATE_UPDATING, "updating" },
  { ORCH_UPDATE_STATE_PAUSED, "paused" },
  { ORCH_UPDATE_STATE_COMPLETED, "completed" },
  { ORCH_UPDATE_STATE_ROLLBACK_STARTED, "rollback_started" },
  { ORCH_UPDATE_STATE_ROLLBACK_PAUSED, "rollback_paused" },
  { ORCH_UPDATE_STATE_ROLLBACK_COMPLETED, "rollback_completed" },
};

DEFINE_ENUM_STRINGS (orch_task_state, OrchTaskState, task_state_names)
DEFINE_ENUM_STRINGS (orch_node_status, OrchNodeStatus, node_status_names)
DEFINE_ENUM_STRINGS (orch_availability, OrchAvailability, availability_names)
DEFINE_ENUM_STRINGS (orch_role, OrchRole, role_names)
DEFINE_ENUM_STRINGS (orch_service_mode, OrchServiceMode, mode_names)
DEFINE_ENUM_STRINGS (orch_restart_condition, OrchRestartCondition, restart_condition_names)
DEFINE_ENUM_STRINGS (orch_failure_action, OrchFailureAction, failure_action_names)
DEFINE_ENUM_STRINGS (orch_update_order, OrchUpdateOrder, update_order_names)
DEFINE_ENUM_STRINGS (orch_update_state, OrchUpdateState, update_state_names)

/* --- resources ----------------------------------------------------------------------------- */

static void
generic_free (gpointer data)
{
  OrchGenericResource *g = data;
  g_free (g->kind);
  g_free (g);
}

void
orch_resources_clear (OrchResources *res)
{
  g_return_if_fail (res != NULL);
  g_clear_pointer (&res->generic, g_ptr_array_unref);
  res->nanocpus = 0;
  res->memory_bytes = 0;
}

void
orch_resources_copy (OrchResources *dst, const OrchResources *src)
{
  g_return_if_fail (dst != NULL);
  g_return_if_fail (src != NULL);
  if (dst == src)
    return;
  orch_resources_clear (dst);
  dst->nanocpus = src->nanocpus;
  dst->memory_bytes = src->memory_bytes;
  for (guint i = 0; src->generic != NULL && i < src->generic->len; i++) {
    const OrchGenericResource *g = g_ptr_array_index (src->generic, i);
    orch_resources_add_generic (dst, g->kind, g->count);
  }
}

void
orch_resources_add_generic (OrchResources *res, const char *kind, gint64 count)
{
  g_return_if_fail (res != NULL);
  g_return_if_fail (kind != NULL);
  if (res->generic == NULL)
    res->generic = g_ptr_array_new_with_free_func (generic_free);
  /* Adding to a kind already present sums the counts, so the array holds each kind once. */
  for (guint i = 0; i < res->generic->len; i++) {
    OrchGenericResource *g = g_ptr_array_index (res->generic, i);
    if (strcmp (g->kind, kind) == 0) {
      g->count += count;
      return;
    }
  }
  OrchGenericResource *g = g_new0 (OrchGenericResource, 1);
  g->kind = g_strdup (kind);
  g->count = count;
  g_ptr_array_add (res->generic, g);
}

static gint64
generic_count (const OrchResources *res, const char *kind)
{
  for (guint i = 0; res->generic != NULL && i < res->generic->len; i++) {
    const OrchGenericResource *g = g_ptr_array_index (res->generic, i);
    if (strcmp (g->kind, kind) == 0)
      return g->count;
  }
  return 0;
}

/* Order-insensitive comparison: a missing kind equals a count of 0. */
static gboolean
resources_equal (const OrchResources *a, const OrchResources *b)
{
  if (a->nanocpus != b->nanocpus || a->memory_bytes != b->memory_bytes)
    return FALSE;
  for (guint i = 0; a->generic != NULL && i < a->generic->len; i++) {
    const OrchGenericResource *g = g_ptr_array_index (a->generic, i);
    if (generic_count (b, g->kind) != g->count)
      return FALSE;
  }
  for (guint i = 0; b->generic != NULL && i < b->generic->len; i++) {
    const OrchGenericResource *g = g_ptr_array_index (b->generic, i);
    if (generic_count (a, g->kind) != g->count)
      return FALSE;
  }
  return TRUE;
}

/* --- service spec -------------------------------------------------------------------------- */

static void
platform_free (gpointer data)
{
  OrchPlatform *p = data;
  g_free (p->os);
  g_free (p->arch);
  g_free (p);
}

OrchServiceSpec *
orch_service_spec_new (void)
{
  OrchServiceSpec *spec = g_new0 (OrchServiceSpec, 1);
  const OrchRestartPolicy restart = ORCH_RESTART_POLICY_INIT;
  const OrchUpdateConfig update = ORCH_UPDATE_CONFIG_INIT;

  spec->ref_count = 1;
  spec->name = g_strdup ("");
  spec->mode = ORCH_MODE_REPLICATED;
  spec->replicas = 1;
  spec->image = g_strdup ("");
  spec->constraints = g_ptr_array_new_with_free_func (g_free);
  spec->spread = g_ptr_array_new_with_free_func (g_free);
  spec->platforms = g_ptr_array_new_with_free_func (platform_free);
  spec->host_ports = g_array_new (FALSE, TRUE, sizeof (OrchHostPort));
  spec->restart = restart;
  spec->update = update;
  spec->rollback = update;
  return spec;
}

static void
copy_strv (GPtrArray *dst, const GPtrArray *src)
{
  for (guint i = 0; src != NULL && i < src->len; i++)
    g_ptr_array_add (dst, g_strdup (g_ptr_array_index (src, i)));
}

OrchServiceSpec *
orch_service_spec_copy (const OrchServiceSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  OrchServiceSpec *copy = orch_service_spec_new ();

  g_free (copy->name);
  copy->name = g_strdup (spec->name);
  g_free (copy->image);
  copy->image = g_strdup (spec->image);
  copy->mode = spec->mode;
  copy->replicas = spec->replicas;
  orch_resources_copy (&copy->reservations, &spec->reservations);
  copy_strv (copy->constraints, spec->constraints);
  copy_strv (copy->spread, spec->spread);
  for (guint i = 0; spec->platforms != NULL && i < spec->platforms->len; i++) {
    const OrchPlatform *p = g_ptr_array_index (spec->platforms, i);
    OrchPlatform *q = g_new0 (OrchPlatform, 1);
    q->os = g_strdup (p->os);
    q->arch = g_strdup (p->arch);
    g_ptr_array_add (copy->platforms, q);
  }
  if (spec->host_ports != NULL)
    g_array_append_vals (copy->host_ports, spec->host_ports->data, spec->host_ports->len);
  copy->max_replicas_per_node = spec->max_replicas_per_node;
  copy->restart = spec->restart;
  copy->update = spec->update;
  copy->rollback = spec->rollback;
  copy->force_update = spec->force_update;
  return copy;
}

OrchServiceSpec *
orch_service_spec_ref (OrchServiceSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_atomic_int_inc (&spec->ref_count);
  return spec;
}

void
orch_service_spec_unref (OrchServiceSpec *spec)
{
  if (spec == NULL)
    return;
  if (!g_atomic_int_dec_and_test (&spec->ref_count))
    return;
  g_free (spec->name);
  g_free (spec->image);
  orch_resources_clear (&spec->reservations);
  g_clear_pointer (&spec->constraints, g_ptr_array_unref);
  g_clear_pointer (&spec->spread, g_ptr_array_unref);
  g_clear_pointer (&spec->platforms, g_ptr_array_unref);
  g_clear_pointer (&spec->host_ports, g_array_unref);
  g_free (spec);
}

static gboolean
strv_equal (const GPtrArray *a, const GPtrArray *b)
{
  guint na = a != NULL ? a->len : 0, nb = b != NULL ? b->len : 0;
  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
platforms_equal (const GPtrArray *a, const GPtrArray *b)
{
  guint na = a != NULL ? a->len : 0, nb = b != NULL ? b->len : 0;
  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++) {
    const OrchPlatform *p = g_ptr_array_index (a, i), *q = g_ptr_array_index (b, i);
    if (g_strcmp0 (p->os, q->os) != 0 || g_strcmp0 (p->arch, q->arch) != 0)
      return FALSE;
  }
  return TRUE;
}

static gboolean
host_ports_equal (const GArray *a, const GArray *b)
{
  guint na = a != NULL ? a->len : 0, nb = b != NULL ? b->len : 0;
  if (na != nb)
    return FALSE;
  return na == 0 || memcmp (a->data, b->data, na * sizeof (OrchHostPort)) == 0;
}

/* SwarmKit's Placement message: constraints, preferences (spread), platforms, max replicas. */
gboolean
orch_service_spec__placement_equal (const OrchServiceSpec *a, const OrchServiceSpec *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return strv_equal (a->constraints, b->constraints) && strv_equal (a->spread, b->spread) &&
         platforms_equal (a->platforms, b->platforms) &&
         a->max_replicas_per_node == b->max_replicas_per_node;
}

/* The TaskSpec fields outside Placement: image, resources, restart policy, force counter. */
static gboolean
task_spec_rest_equal (const OrchServiceSpec *a, const OrchServiceSpec *b)
{
  return g_strcmp0 (a->image, b->image) == 0 &&
         resources_equal (&a->reservations, &b->reservations) &&
         a->restart.condition == b->restart.condition &&
         a->restart.delay_us == b->restart.delay_us &&
         a->restart.max_attempts == b->restart.max_attempts &&
         a->restart.window_us == b->restart.window_us && a->force_update == b->force_update;
}

gboolean
orch_service_spec__task_equal_full (const OrchServiceSpec *a, const OrchServiceSpec *b,
                                    gboolean ignore_placement)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  if (a == b)
    return TRUE;
  /* Name, mode, replicas and the update and rollback configs are service-level and do not make a
   * task dirty (task.go:112-113 compares Spec.Task and Spec.Endpoint only). Host ports are the
   * Endpoint; IsTaskDirtyPlacementConstraintsOnly (task.go:140-150) compares TaskSpec alone, so
   * the placement-only path ignores them too. */
  if (!task_spec_rest_equal (a, b))
    return FALSE;
  if (ignore_placement)
    return TRUE;
  return orch_service_spec__placement_equal (a, b) &&
         host_ports_equal (a->host_ports, b->host_ports);
}

gboolean
orch_service_spec_task_equal (const OrchServiceSpec *a, const OrchServiceSpec *b)
{
  return orch_service_spec__task_equal_full (a, b, FALSE);
}

static gboolean
update_config_equal (const OrchUpdateConfig *a, const OrchUpdateConfig *b)
{
  return a->parallelism == b->parallelism && a->delay_us == b->delay_us &&
         a->failure_action == b->failure_action && a->monitor_us == b->monitor_us &&
         a->max_failure_ratio == b->max_failure_ratio && a->order == b->order;
}

gboolean
orch_service_spec__equal (const OrchServiceSpec *a, const OrchServiceSpec *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  if (a == b)
    return TRUE;
  return g_strcmp0 (a->name, b->name) == 0 && a->mode == b->mode && a->replicas == b->replicas &&
         orch_service_spec_task_equal (a, b) && update_config_equal (&a->update, &b->update) &&
         update_config_equal (&a->rollback, &b->rollback);
}
