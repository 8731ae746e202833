/* SPDX-License-Identifier: MIT
 * Carrying failures out on the world. A failure that finds its node already down (crashed by
 * another cause, or stopped for a resize) is skipped, and the node's next failure is drawn as
 * usual, so every configuration consumes a node's stream in the same way. The nodes come from the
 * world: those that exist when the injector is made, then its NODE_ADDED and NODE_REMOVED
 * signals, however a node joined. A zone outage is marked on the world as one event at its start
 * and one at its end, besides the failures of its nodes. */
#include "models/failure/injector.h"

#include <string.h>

#include "models/swarm/names.h"
#include "models/swarm/signals.h"

typedef struct _Tracked Tracked;

struct _FailInjector {
  SwarmWorld *world;    /* unowned */
  const FailSpec *spec; /* unowned */
  guint64 seed;
  GPtrArray *nodes;    /* (element-type Tracked) owned, in order of arrival; iterated */
  GHashTable *by_name; /* name → Tracked (unowned); looked up only */
  GPtrArray *zones;    /* (element-type Zone) owned, sorted by name */
  guint handler;       /* the world's NODE_ADDED and NODE_REMOVED */
  guint counts[FAIL_KIND_SPOT + 1];
};

struct _Tracked {
  FailInjector *injector; /* unowned */
  char *name;             /* owned */
  char *zone;             /* owned */
  FailStream *stream;     /* (nullable) owned */
  FailStream *spot;       /* (nullable) owned */
  FailEvent next;         /* the node stream's pending failure */
  FailEvent spot_next;    /* the spot stream's interruption */
  SimEventId event;       /* the pending fail or repair */
  SimEventId spot_event;  /* the pending notice or reclaim */
  gboolean removed;
  gboolean down_by_zone;
};

typedef struct {
  FailInjector *injector; /* unowned */
  char *zone;             /* owned */
  FailStream *stream;     /* (nullable) owned */
  FailEvent next;
  SimTime end_us; /* the current outage's end */
  SimEventId event;
} Zone;

static SimEngine *
engine_of (const FailInjector *injector)
{
  return swarm_world_get_engine (injector->world);
}

static void on_node_fail (SimEngine *engine, gpointer user_data);

static void
schedule_next_node_failure (Tracked *t)
{
  t->event = SIM_EVENT_ID_INVALID;
  if (t->stream == NULL || t->removed || !fail_stream_next (t->stream, &t->next))
    return;
  if (t->next.t_fail_us != SIM_TIME_NEVER)
    t->event =
        sim_engine_schedule_at (engine_of (t->injector), t->next.t_fail_us, on_node_fail, t, NULL);
}

static void
on_node_repair (SimEngine *engine, gpointer user_data)
{
  Tracked *t = user_data;

  (void)engine;
  /* A refusal means someone else already brought it back (or removed it); nothing to undo. */
  (void)swarm_world_recover_node (t->injector->world, t->name, NULL);
  schedule_next_node_failure (t);
}

static void
on_node_fail (SimEngine *engine, gpointer user_data)
{
  Tracked *t = user_data;

  if (!swarm_world_crash_node (t->injector->world, t->name, NULL)) {
    schedule_next_node_failure (t);
    return;
  }
  t->injector->counts[t->next.kind]++;
  t->event = t->next.t_repair_us == SIM_TIME_NEVER
                 ? SIM_EVENT_ID_INVALID
                 : sim_engine_schedule_at (engine, t->next.t_repair_us, on_node_repair, t, NULL);
}

static void
on_spot_reclaim (SimEngine *engine, gpointer user_data)
{
  Tracked *t = user_data;

  (void)engine;
  t->spot_event = SIM_EVENT_ID_INVALID;
  if (t->removed)
    return;
  (void)swarm_world_crash_node (t->injector->world, t->name, NULL);
  (void)swarm_world_remove_node (t->injector->world, t->name, NULL);
  t->injector->counts[FAIL_KIND_SPOT]++;
  t->removed = TRUE;
  sim_engine_cancel (engine, t->event);
}

static void
on_spot_notice (SimEngine *engine, gpointer user_data)
{
  Tracked *t = user_data;
  g_autoptr (SwarmAction) drain = NULL;

  if (t->removed)
    return;
  /* The notice gives time to drain, as an operator's termination handler would; without a
   * leader the drain fails and the tasks are lost at the reclaim. */
  drain = swarm_action_new (SWARM_ACTION_NODE_DRAIN, sim_engine_get_now (engine), t->name);
  (void)swarm_world_apply_action (t->injector->world, drain, NULL);
  t->spot_event = sim_engine_schedule_at (engine, t->spot_next.t_fail_us, on_spot_reclaim, t, NULL);
}

static void
tracked_free (gpointer data)
{
  Tracked *t = data;

  fail_stream_free (t->stream);
  fail_stream_free (t->spot);
  g_free (t->name);
  g_free (t->zone);
  g_free (t);
}

static void
track_node (FailInjector *injector, const char *name, const char *zone, gboolean spot,
            SimTime start_us)
{
  Tracked *t = g_new0 (Tracked, 1);

  t->injector = injector;
  t->name = g_strdup (name);
  t->zone = g_strdup (zone);
  t->stream = fail_stream_new_node (injector->spec, injector->seed, name, start_us);
  g_ptr_array_add (injector->nodes, t);
  g_hash_table_replace (injector->by_name, t->name, t);
  schedule_next_node_failure (t);
  if (spot)
    t->spot = fail_stream_new_spot (injector->spec, injector->seed, name, start_us);
  if (t->spot != NULL && fail_stream_next (t->spot, &t->spot_next) &&
      t->spot_next.t_fail_us != SIM_TIME_NEVER)
    t->spot_event = sim_engine_schedule_at (engine_of (injector), t->spot_next.t_warning_us,
                                            on_spot_notice, t, NULL);
}

static gboolean group_is_spot (const SwarmNodeGroup *group);

/* Tracks @name from @start_us unless it is tracked already: a pool that still reports its nodes
 * by hand (fail_injector_node_changed) and the world's NODE_ADDED name the same node. */
static void
track_new_node (FailInjector *injector, const char *name, const char *zone,
                const SwarmNodeGroup *group, SimTime start_us)
{
  if (g_hash_table_contains (injector->by_name, name))
    return;
  track_node (injector, name, zone, group != NULL && group_is_spot (group), start_us);
}

static void
untrack_node (FailInjector *injector, const char *name)
{
  Tracked *t = g_hash_table_lookup (injector->by_name, name);

  if (t == NULL)
    return;
  t->removed = TRUE;
  sim_engine_cancel (engine_of (injector), t->event);
  sim_engine_cancel (engine_of (injector), t->spot_event);
}

void
fail_injector_node_changed (const char *node, const char *zone, SimTime now_us, gboolean added,
                            gpointer user_data)
{
  FailInjector *injector = user_data;
  SwarmNodeInfo info;

  g_return_if_fail (injector != NULL && node != NULL);
  if (!added) {
    untrack_node (injector, node);
    return;
  }
  /* The group decides spot, as for any other node; a name the world does not know (a caller's
   * own) is tracked as on-demand. */
  track_new_node (injector, node, zone,
                  swarm_world_get_node_info (injector->world, node, &info) ? info.group : NULL,
                  now_us);
}

static void
on_world_signal (SwarmWorld *world, const SwarmSignal *signal, gpointer user_data)
{
  FailInjector *injector = user_data;

  (void)world;
  if (signal->kind == SWARM_SIGNAL_NODE_ADDED)
    track_new_node (injector, signal->node, signal->zone, signal->group, signal->t_us);
  else if (signal->kind == SWARM_SIGNAL_NODE_REMOVED)
    untrack_node (injector, signal->node);
}

static void on_zone_fail (SimEngine *engine, gpointer user_data);

/* Whether the world will carry out a crash (@crash) or a reboot of the node now: a crash needs a
 * running instance, a reboot a crashed one. */
static gboolean
world_will_take (const FailInjector *injector, const Tracked *t, gboolean crash)
{
  SwarmNodeInfo info;

  if (!swarm_world_get_node_info (injector->world, t->name, &info))
    return FALSE;
  if (crash)
    return info.phase != SWARM_NODE_PHASE_CRASHED && info.phase != SWARM_NODE_PHASE_STOPPED;
  return info.phase == SWARM_NODE_PHASE_CRASHED;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return swarm_name_compare (*(const char *const *)a, *(const char *const *)b);
}

/* Marks the start (@down) or the end of @z's outage on the world, naming the nodes it takes down
 * or brings back in natural name order, before they crash or reboot, so the narrated timeline
 * tells the outage first and events.csv has one row for it. */
static void
mark_zone (Zone *z, gboolean down)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GString) list = g_string_new (NULL);
  g_autofree char *text = NULL, *narration = NULL;

  for (guint i = 0; i < z->injector->nodes->len; i++) {
    const Tracked *t = z->injector->nodes->pdata[i];

    if (strcmp (t->zone, z->zone) != 0 || (down ? t->removed : !t->down_by_zone))
      continue;
    if (world_will_take (z->injector, t, down))
      g_ptr_array_add (names, t->name);
  }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", (const char *)names->pdata[i]);
  if (names->len == 0)
    g_string_append (list, down ? "no node running" : "no node to reboot");
  text = g_strdup_printf ("zone %s %s: %s", z->zone, down ? "down" : "restored", list->str);
  if (names->len == 0)
    narration =
        g_strdup_printf ("zone %s %s (%s)", z->zone, down ? "goes down" : "comes back", list->str);
  else
    narration =
        g_strdup_printf ("zone %s %s (%u node%s%s: %s)", z->zone, down ? "goes down" : "comes back",
                         names->len, names->len == 1 ? "" : "s", down ? "" : " reboot", list->str);
  swarm_world_mark_event (z->injector->world,
                          down ? SWARM_EVENT_ZONE_OUTAGE : SWARM_EVENT_ZONE_RESTORED, z->zone, text,
                          narration);
}

static void
on_zone_repair (SimEngine *engine, gpointer user_data)
{
  Zone *z = user_data;

  mark_zone (z, FALSE);
  for (guint i = 0; i < z->injector->nodes->len; i++) {
    Tracked *t = z->injector->nodes->pdata[i];

    if (t->down_by_zone && strcmp (t->zone, z->zone) == 0) {
      t->down_by_zone = FALSE;
      (void)swarm_world_recover_node (z->injector->world, t->name, NULL);
    }
  }
  z->event = SIM_EVENT_ID_INVALID;
  if (z->stream != NULL && fail_stream_next (z->stream, &z->next) &&
      z->next.t_fail_us != SIM_TIME_NEVER) {
    z->end_us = z->next.t_repair_us;
    z->event = sim_engine_schedule_at (engine, z->next.t_fail_us, on_zone_fail, z, NULL);
  }
}

static void
on_zone_fail (SimEngine *engine, gpointer user_data)
{
  Zone *z = user_data;

  mark_zone (z, TRUE);
  /* In order of arrival, as before the outage was marked: the failure rows keep their numbers. */
  for (guint i = 0; i < z->injector->nodes->len; i++) {
    Tracked *t = z->injector->nodes->pdata[i];

    if (!t->removed && strcmp (t->zone, z->zone) == 0 &&
        swarm_world_crash_node (z->injector->world, t->name, NULL))
      t->down_by_zone = TRUE;
  }
  z->injector->counts[FAIL_KIND_AZ_OUTAGE]++;
  z->event = z->end_us == SIM_TIME_NEVER
                 ? SIM_EVENT_ID_INVALID
                 : sim_engine_schedule_at (engine, z->end_us, on_zone_repair, z, NULL);
}

static void
zone_free (gpointer data)
{
  Zone *z = data;

  fail_stream_free (z->stream);
  g_free (z->zone);
  g_free (z);
}

static void
add_zone_outage (FailInjector *injector, const char *zone, SimTime at_us, SimTime end_us,
                 FailStream *stream)
{
  Zone *z = g_new0 (Zone, 1);

  z->injector = injector;
  z->zone = g_strdup (zone);
  z->stream = stream;
  z->end_us = end_us;
  z->event = sim_engine_schedule_at (engine_of (injector), at_us, on_zone_fail, z, NULL);
  g_ptr_array_add (injector->zones, z);
}

static gboolean
group_is_spot (const SwarmNodeGroup *group)
{
  for (guint i = 0; i < group->labels->len; i++)
    if (strcmp (group->labels->pdata[i], "spot=true") == 0)
      return TRUE;
  return FALSE;
}

static void
add_zones (FailInjector *injector, const SwarmConfig *config)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < injector->spec->outages->len; i++) {
    const FailOutage *o = &g_array_index (injector->spec->outages, FailOutage, i);
    SimTime end = o->duration_us == SIM_TIME_NEVER ? SIM_TIME_NEVER : o->at_us + o->duration_us;

    add_zone_outage (injector, o->zone, o->at_us, end, NULL);
  }
  if (injector->spec->zone_ttf == NULL)
    return;
  /* Zones in name order, each once, so that stream creation never depends on group order. */
  for (guint i = 0; i < config->node_groups->len; i++) {
    const char *zone = ((SwarmNodeGroup *)config->node_groups->pdata[i])->availability_zone;

    if (!g_ptr_array_find_with_equal_func (names, zone, g_str_equal, NULL))
      g_ptr_array_add (names, (gpointer)(guintptr)zone);
  }
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  for (guint i = 0; i < names->len; i++) {
    FailStream *s = fail_stream_new_zone (injector->spec, injector->seed, names->pdata[i]);
    FailEvent e;

    if (fail_stream_next (s, &e) && e.t_fail_us != SIM_TIME_NEVER)
      add_zone_outage (injector, names->pdata[i], e.t_fail_us, e.t_repair_us, s);
    else
      fail_stream_free (s);
  }
}

static void
track_existing (const SwarmNodeInfo *info, gpointer user_data)
{
  FailInjector *injector = user_data;

  track_new_node (injector, info->name, info->zone, info->group,
                  swarm_world_get_now (injector->world));
}

FailInjector *
fail_injector_new (SwarmWorld *world, const SwarmConfig *config, const FailSpec *spec, guint64 seed)
{
  FailInjector *injector;

  g_return_val_if_fail (world != NULL && config != NULL && spec != NULL, NULL);

  injector = g_new0 (FailInjector, 1);
  injector->world = world;
  injector->spec = spec;
  injector->seed = seed;
  injector->nodes = g_ptr_array_new_with_free_func (tracked_free);
  injector->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  injector->zones = g_ptr_array_new_with_free_func (zone_free);
  /* At time 0 these are the groups' nodes in the configuration's order, each from 0: the same
   * streams drawn in the same order as when the injector walked the groups itself. */
  swarm_world_foreach_node (world, track_existing, injector);
  injector->handler = swarm_world_connect (
      world, SWARM_SIGNAL_NODE_ADDED | SWARM_SIGNAL_NODE_REMOVED, on_world_signal, injector);
  add_zones (injector, config);
  return injector;
}

void
fail_injector_free (FailInjector *injector)
{
  SimEngine *engine;

  if (injector == NULL)
    return;
  engine = engine_of (injector);
  swarm_world_disconnect (injector->world, injector->handler);
  for (guint i = 0; i < injector->nodes->len; i++) {
    Tracked *t = injector->nodes->pdata[i];

    sim_engine_cancel (engine, t->event);
    sim_engine_cancel (engine, t->spot_event);
  }
  for (guint i = 0; i < injector->zones->len; i++)
    sim_engine_cancel (engine, ((Zone *)injector->zones->pdata[i])->event);
  g_ptr_array_unref (injector->nodes);
  g_ptr_array_unref (injector->zones);
  g_hash_table_unref (injector->by_name);
  g_free (injector);
}

guint
fail_injector_get_count (const FailInjector *injector, FailKind kind)
{
  g_return_val_if_fail (injector != NULL && (guint)kind <= FAIL_KIND_SPOT, 0);
  return injector->counts[kind];
}
