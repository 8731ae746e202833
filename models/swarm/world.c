/* SPDX-License-Identifier: MIT
 * The simulated world: building it from a configuration, running it, and the public API other
 * models act through. Node lifecycle, control plane, agents and measurement live in the other
 * world_*.c files (see world_private.h). */
#include "models/swarm/world.h"

#include <stdlib.h>

#include "models/swarm/names.h"
#include "models/swarm/signals_private.h"
#include "models/swarm/world_private.h"
#include "sim/units.h"

G_DEFINE_QUARK (swarm - world - error - quark, swarm_world_error)

SimTime
swarm_world__now (const SwarmWorld *w)
{
  return sim_engine_get_now (w->engine);
}

WorldNode *
swarm_world__find_node (const SwarmWorld *w, const char *name, GError **error)
{
  WorldNode *node = name != NULL ? g_hash_table_lookup (w->node_by_name, name) : NULL;
  if (node == NULL)
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_UNKNOWN_NAME,
                 "unknown node \"%s\"; expected a node of the world", name != NULL ? name : "");
  return node;
}

WorldService *
swarm_world__find_service (const SwarmWorld *w, const char *name, GError **error)
{
  for (guint i = 0; name != NULL && i < w->services->len; i++) {
    WorldService *s = g_ptr_array_index (w->services, i);
    if (g_strcmp0 (s->name, name) == 0)
      return s;
  }
  g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_UNKNOWN_NAME,
               "unknown service \"%s\"; expected a service of the scenario",
               name != NULL ? name : "");
  return NULL;
}

SimRng *
swarm_world__node_rng (SwarmWorld *w, WorldNode *node)
{
  /* Created on first use: a GRand holds ~2.5 KB of state, which 100 000 idle nodes need not pay. */
  if (node->rng == NULL) {
    g_autofree char *name = g_strdup_printf ("agent/%s", node->name);
    node->rng = sim_rng_new (w->seed, name);
  }
  return node->rng;
}

static void
shuffle_with_stream (guint *perm, gsize n, gpointer user_data)
{
  sim_rng_permutation (user_data, perm, n);
}

static void
service_free (WorldService *s)
{
  g_array_unref (s->slots);
  swarm_service_config_free (s->own_cfg);
  g_free (s);
}

static gboolean
create_service (SwarmWorld *w, WorldService *s, GError **error)
{
  if (s->id != 0) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID,
                 "service \"%s\" already exists", s->name);
    return FALSE;
  }
  if (!swarm_world__has_control (w)) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_NO_QUORUM,
                 "service \"%s\" not created: the swarm has no leader", s->name);
    return FALSE;
  }
  s->id = orch_manager_create_service (w->manager, s->cfg->spec, swarm_world__now (w));
  g_hash_table_insert (w->service_by_id, GUINT_TO_POINTER (s->id), s);
  swarm_world__availability_refresh (w, s);
  if (s->cfg->spec->mode == ORCH_MODE_REPLICATED)
    swarm_record__narrate (w->record, swarm_world__now (w),
                           "service %s created (%" G_GUINT64_FORMAT " replica%s)", s->name,
                           s->cfg->spec->replicas, s->cfg->spec->replicas == 1 ? "" : "s");
  else
    swarm_record__narrate (w->record, swarm_world__now (w),
                           "service %s created (global: one task per node)", s->name);
  return TRUE;
}

static void
build_nodes (SwarmWorld *w)
{
  SimTime now = 0;
  for (guint i = 0; i < w->config->node_groups->len; i++) {
    const SwarmNodeGroup *g = g_ptr_array_index (w->config->node_groups, i);
    const Ec2InstanceType *type = ec2_catalog_lookup (w->catalog, g->instance_type);
    for (guint k = 0; k < g->count; k++) {
      WorldNode *node = swarm_world__node_new (w, g, type, g->role);
      node->ledger_run = ec2_ledger_start (w->ledger, type->usd_per_hour, now);
      node->raft_member = g->role == ORCH_ROLE_MANAGER;
      if (node->raft_member && w->leader == NULL) {
        w->leader = node;
        orch_manager_become_leader (w->manager, now, w->actions);
        swarm_world__count_all (w);
      }
      swarm_world__node_join_now (w, node);
    }
  }
}

static void
on_action (SimEngine *engine, gpointer user_data)
{
  SwarmAction *a = ((gpointer *)user_data)[0];
  SwarmWorld *w = ((gpointer *)user_data)[1];
  g_autoptr (GError) error = NULL;
  (void)engine;
  const char *kind = swarm_action_kind_to_string (a->kind);
  if (swarm_world_apply_action (w, a, &error)) {
    swarm_record__event (w->record, swarm_world__now (w), SWARM_EVENT_ACTION, a->target, kind);
    return;
  }
  g_autofree char *text = g_strdup_printf ("%s refused: %s", kind, error->message);
  swarm_record__narrate (w->record, swarm_world__now (w), "%s %s", a->target, text);
  swarm_record__event (w->record, swarm_world__now (w), SWARM_EVENT_ACTION, a->target, text);
}

static void
on_sample (SimEngine *engine, gpointer user_data)
{
  SwarmWorld *w = user_data;
  swarm_world__sample (w);
  SimTime next = sim_engine_get_now (engine) + w->config->step_us;
  if (next <= w->end_us)
    sim_engine_schedule_at (engine, next, on_sample, w, NULL);
}

static void
schedule_timeline (SwarmWorld *w)
{
  for (guint i = 0; i < w->config->actions->len; i++) {
    gpointer *pair = g_new (gpointer, 2);
    pair[0] = g_ptr_array_index (w->config->actions, i);
    pair[1] = w;
    sim_engine_schedule_at (w->engine, ((SwarmAction *)pair[0])->at_us, on_action, pair, g_free);
  }
  sim_engine_schedule_at (w->engine, 0, on_sample, w, NULL);
  /* One cluster row per step and one timeline row per service and step, known up front: reserve
   * them rather than let the arrays double (and copy) as the run goes. */
  guint64 samples = (guint64)(w->end_us / w->config->step_us) + 1;
  swarm_record__reserve (w->record, samples, w->config->services->len);
}

SwarmWorld *
swarm_world_new (const SwarmConfig *config, guint64 seed, GError **error)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (Ec2Catalog) catalog = swarm_config_dup_catalog (config, error);
  if (catalog == NULL || !swarm_config_validate (config, catalog, error))
    return NULL;

  SwarmWorld *w = g_new0 (SwarmWorld, 1);
  w->config = config;
  w->seed = seed;
  w->end_us = config->duration_us;
  w->engine = sim_engine_new ();
  w->catalog = g_steal_pointer (&catalog);
  w->ledger = ec2_ledger_new ();
  w->shuffle_rng = sim_rng_new (seed, "orchestrator/shuffle");
  w->dispatcher_rng = sim_rng_new (seed, "dispatcher/unknown");
  OrchManagerOptions opts = ORCH_MANAGER_OPTIONS_INIT;
  opts.task_history_limit = config->task_history_limit;
  opts.requeue_stale_pending = config->requeue_stale_pending;
  opts.shuffle = shuffle_with_stream;
  opts.shuffle_data = w->shuffle_rng;
  w->manager = orch_manager_new (&opts);
  w->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)swarm_world__node_free);
  w->node_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  w->node_by_orch = g_hash_table_new (g_direct_hash, g_direct_equal);
  w->services = g_ptr_array_new_with_free_func ((GDestroyNotify)service_free);
  w->service_by_id = g_hash_table_new (g_direct_hash, g_direct_equal);
  w->agent_tasks = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                          (GDestroyNotify)swarm_world__agent_task_free);
  w->joined_per_group = g_hash_table_new (g_str_hash, g_str_equal);
  w->batch = g_array_new (FALSE, FALSE, sizeof (DispatchWrite));
  w->actions = orch_action_list_new ();
  w->open_failures = g_ptr_array_new ();
  w->record = swarm_record__new ();
  w->narration = swarm_world__narration_new ();
  w->narrate_running = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  swarm_world__counters_init (w);
  w->signals = swarm_world__signals_new ();

  build_nodes (w);
  for (guint i = 0; i < config->services->len; i++) {
    WorldService *s = g_new0 (WorldService, 1);
    s->index = i;
    s->slots = g_array_new (FALSE, TRUE, sizeof (SlotLast));
    s->cfg = g_ptr_array_index (config->services, i);
    s->name = swarm_record__intern (w->record, s->cfg->spec->name);
    s->image_size_bytes = s->cfg->image_size_bytes;
    SwarmAvailabilityRow row = { s->name, 0, 0 };
    g_array_append_val (w->record->availability, row);
    g_ptr_array_add (w->services, s);
    if (s->cfg->create_at_start)
      create_service (w, s, NULL);
  }
  swarm_world__commit (w);
  schedule_timeline (w);
  return w;
}

void
swarm_world_free (SwarmWorld *world)
{
  if (world == NULL)
    return;
  swarm_world__failures_close (world);
  /* The engine next: queued payloads may point into the structures below. */
  sim_engine_free (world->engine);
  g_hash_table_unref (world->agent_tasks);
  g_ptr_array_unref (world->nodes);
  g_hash_table_unref (world->node_by_name);
  g_hash_table_unref (world->node_by_orch);
  g_ptr_array_unref (world->services);
  g_hash_table_unref (world->service_by_id);
  g_hash_table_unref (world->joined_per_group);
  orch_manager_free (world->manager);
  sim_rng_free (world->shuffle_rng);
  sim_rng_free (world->dispatcher_rng);
  sim_rng_free (world->split_rng);
  ec2_ledger_free (world->ledger);
  ec2_catalog_free (world->catalog);
  g_array_unref (world->batch);
  g_array_unref (world->actions);
  g_ptr_array_unref (world->open_failures);
  swarm_record__free (world->record);
  swarm_world__narration_free (world->narration);
  g_hash_table_unref (world->narrate_running);
  swarm_world__counters_clear (world);
  swarm_world__signals_free (world->signals);
  swarm_world__invariants_free (world->invariants);
  g_free (world);
}

SimEngine *
swarm_world_get_engine (SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, NULL);
  return world->engine;
}

SimTime
swarm_world_get_now (const SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, 0);
  return sim_engine_get_now (world->engine);
}

gboolean
swarm_world_run_until (SwarmWorld *world, SimTime limit_us, GError **error)
{
  g_return_val_if_fail (world != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!world->finished, FALSE);
  SimTime limit = MIN (limit_us, world->end_us);
  if (world->invariants != NULL) {
    /* One instant at a time, checked after its events: the same events in the same order as one
     * run to the limit, since each instant's run also takes the events it schedules for itself. */
    for (SimTime next; (next = sim_engine_peek_time (world->engine)) <= limit;) {
      sim_engine_run_until (world->engine, next);
      world->record->events_dispatched = sim_engine_get_dispatched_count (world->engine);
      if (!swarm_world__invariants_check (world, error))
        return FALSE;
    }
  }
  sim_engine_run_until (world->engine, limit);
  world->record->events_dispatched = sim_engine_get_dispatched_count (world->engine);
  return swarm_world__invariants_check (world, error);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return swarm_name_compare (*(const char *const *)a, *(const char *const *)b);
}

/* Ends every node's open display interval at the end of the run and numbers the rows in natural
 * name order (pool-2 before pool-10), the order a person reads the node timeline in. */
static void
finish_intervals (SwarmWorld *w)
{
  g_autofree const char **names = g_new0 (const char *, w->nodes->len + 1); /* interned */
  for (guint i = 0; i < w->nodes->len; i++) {
    WorldNode *node = g_ptr_array_index (w->nodes, i);
    const char *name = swarm_record__intern (w->record, node->name);
    /* No zone: swarm_record__finish_intervals() gives it the open interval's zone and role. */
    SwarmNodeInterval iv = { name,          0,    node->display_since, w->end_us,
                             node->display, NULL, ORCH_ROLE_WORKER };
    if (node->display_since < w->end_us)
      g_array_append_val (w->record->intervals, iv);
    names[i] = name;
  }
  qsort (names, w->nodes->len, sizeof (const char *), compare_names);
  swarm_record__finish_intervals (w->record, names, w->nodes->len);
}

gboolean
swarm_world_run (SwarmWorld *world, GError **error)
{
  g_return_val_if_fail (world != NULL, FALSE);
  if (!swarm_world_run_until (world, world->end_us, error))
    return FALSE;
  swarm_world__running_changed (world);
  swarm_world__failures_close (world);
  swarm_world__availability_close (world, world->end_us);
  swarm_world__pending_close (world);
  finish_intervals (world);
  world->finished = TRUE;
  return TRUE;
}

const SwarmRecord *
swarm_world_get_record (const SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, NULL);
  return world->record;
}

static void
apply_change (WorldService *s, OrchServiceSpec *spec, const SwarmServiceChange *c,
              SwarmRecord *record, SimTime now)
{
  if (c->image != NULL) {
    g_free (spec->image);
    spec->image = g_strdup (c->image);
  }
  if (c->image_size_bytes >= 0)
    s->image_size_bytes = c->image_size_bytes;
  if (c->reserve_nanocpus >= 0)
    spec->reservations.nanocpus = c->reserve_nanocpus;
  if (c->reserve_memory_bytes >= 0)
    spec->reservations.memory_bytes = c->reserve_memory_bytes;
  if (c->replicas >= 0)
    spec->replicas = (guint64)c->replicas;
  if (c->force)
    spec->force_update++;
  swarm_record__narrate (record, now, "service %s updated (image %s)", s->name, spec->image);
}

static gboolean
service_action (SwarmWorld *w, const SwarmAction *a, GError **error)
{
  WorldService *s = swarm_world__find_service (w, a->target, error);
  if (s == NULL)
    return FALSE;
  if (a->kind == SWARM_ACTION_SERVICE_CREATE)
    return create_service (w, s, error);
  if (s->id == 0 || !swarm_world__has_control (w)) {
    g_set_error (error, SWARM_WORLD_ERROR,
                 s->id == 0 ? SWARM_WORLD_ERROR_INVALID : SWARM_WORLD_ERROR_NO_QUORUM,
                 s->id == 0 ? "service \"%s\" does not exist"
                            : "service \"%s\" unchanged: the swarm has no leader",
                 s->name);
    return FALSE;
  }
  SimTime now = swarm_world__now (w);
  OrchService *os = orch_store_get_service (orch_manager_get_store (w->manager), s->id);
  if (a->kind == SWARM_ACTION_SERVICE_ROLLBACK) {
    if (!orch_manager_rollback_service (w->manager, s->id, now)) {
      g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID,
                   "service \"%s\" has no previous spec to roll back to", s->name);
      return FALSE;
    }
    swarm_record__narrate (w->record, now, "service %s rolled back", s->name);
    swarm_world__commit (w);
    swarm_world__availability_refresh (w, s);
    return TRUE;
  }
  if (a->kind == SWARM_ACTION_SERVICE_REMOVE) {
    orch_manager_remove_service (w->manager, s->id, now);
    g_hash_table_remove (w->service_by_id, GUINT_TO_POINTER (s->id));
    s->id = 0;
    swarm_world__count_service_removed (w, s);
    swarm_record__narrate (w->record, now, "service %s removed", s->name);
    swarm_world__commit (w);
    swarm_world__availability_refresh (w, s);
    swarm_world__running_changed (w);
    return TRUE;
  }
  g_autoptr (OrchServiceSpec) spec = orch_service_spec_copy (os->spec);
  if (a->kind == SWARM_ACTION_SERVICE_SCALE) {
    spec->replicas = a->replicas;
    swarm_record__narrate (w->record, now, "service %s scaled to %" G_GUINT64_FORMAT, s->name,
                           a->replicas);
  } else
    apply_change (s, spec, &a->change, w->record, now);
  orch_manager_update_service (w->manager, s->id, spec, now);
  swarm_world__commit (w);
  swarm_world__availability_refresh (w, s);
  swarm_world__running_changed (w);
  return TRUE;
}

gboolean
swarm_world_apply_action (SwarmWorld *world, const SwarmAction *action, GError **error)
{
  g_return_val_if_fail (world != NULL && action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (swarm_action_kind_get_target (action->kind) == SWARM_TARGET_SERVICE)
    return service_action (world, action, error);
  return swarm_world__node_action (world, action, error);
}

gboolean
swarm_world_create_service (SwarmWorld *world, SwarmServiceConfig *service, GError **error)
{
  g_autoptr (SwarmServiceConfig) cfg = service;
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (world != NULL && service != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (cfg->exit_fail_probability >= 0.0 && cfg->exit_fail_probability <= 1.0,
                        FALSE);
  if (swarm_world__find_service (world, cfg->spec->name, NULL) != NULL) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVALID,
                 "service \"%s\" already exists; expected a new name", cfg->spec->name);
    return FALSE;
  }
  if (!swarm_world__has_control (world)) {
    g_set_error (error, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_NO_QUORUM,
                 "service \"%s\" not created: the swarm has no leader", cfg->spec->name);
    return FALSE;
  }
  /* Appended like a configured service, so its index still names its availability row. */
  WorldService *s = g_new0 (WorldService, 1);
  s->index = world->services->len;
  s->slots = g_array_new (FALSE, TRUE, sizeof (SlotLast));
  s->own_cfg = g_steal_pointer (&cfg);
  s->cfg = s->own_cfg;
  s->name = swarm_record__intern (world->record, s->cfg->spec->name);
  s->image_size_bytes = s->cfg->image_size_bytes;
  s->avail_since = swarm_world__now (world);
  SwarmAvailabilityRow row = { s->name, 0, 0 };
  g_array_append_val (world->record->availability, row);
  g_ptr_array_add (world->services, s);
  if (!create_service (world, s, &local))
    g_assert_not_reached (); /* checked above */
  swarm_world__commit (world);
  swarm_world__running_changed (world);
  return TRUE;
}

gboolean
swarm_world_scale_service (SwarmWorld *world, const char *service, guint64 replicas, GError **error)
{
  g_autoptr (SwarmAction) a = swarm_action_new (SWARM_ACTION_SERVICE_SCALE, 0, service);
  a->replicas = replicas;
  return swarm_world_apply_action (world, a, error);
}

gboolean
swarm_world_crash_node (SwarmWorld *world, const char *node, GError **error)
{
  g_autoptr (SwarmAction) a = swarm_action_new (SWARM_ACTION_NODE_CRASH, 0, node);
  return swarm_world_apply_action (world, a, error);
}

gboolean
swarm_world_recover_node (SwarmWorld *world, const char *node, GError **error)
{
  g_autoptr (SwarmAction) a = swarm_action_new (SWARM_ACTION_NODE_RECOVER, 0, node);
  return swarm_world_apply_action (world, a, error);
}
