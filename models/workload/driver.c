/* SPDX-License-Identifier: MIT
 * Scheduling workload changes on the engine and applying them to the world. */
#include "models/workload/driver.h"

typedef struct {
  WlDriver *driver; /* unowned */
  char *service;    /* owned */
  guint replicas;
  SimEventId id;
} Change;

struct _WlDriver {
  SwarmWorld *world;  /* unowned */
  GPtrArray *changes; /* (element-type Change) owned; every scheduled change, to cancel on free */
  guint refused;
};

static void
change_free (gpointer data)
{
  Change *c = data;

  g_free (c->service);
  g_free (c);
}

WlDriver *
wl_driver_new (SwarmWorld *world)
{
  g_return_val_if_fail (world != NULL, NULL);

  WlDriver *driver = g_new0 (WlDriver, 1);
  driver->world = world;
  driver->changes = g_ptr_array_new_with_free_func (change_free);
  return driver;
}

void
wl_driver_free (WlDriver *driver)
{
  SimEngine *engine;

  if (driver == NULL)
    return;
  engine = swarm_world_get_engine (driver->world);
  for (guint i = 0; i < driver->changes->len; i++)
    sim_engine_cancel (engine, ((Change *)driver->changes->pdata[i])->id);
  g_ptr_array_unref (driver->changes);
  g_free (driver);
}

static void
on_change (SimEngine *engine, gpointer user_data)
{
  Change *c = user_data;

  (void)engine;
  c->id = SIM_EVENT_ID_INVALID;
  /* Without a leader "docker service scale" fails; the next change of the curve tries again. */
  if (!swarm_world_scale_service (c->driver->world, c->service, c->replicas, NULL))
    c->driver->refused++;
}

void
wl_driver_add_changes (WlDriver *driver, const char *service, const GArray *changes)
{
  SimEngine *engine;
  SimTime now;

  g_return_if_fail (driver != NULL && service != NULL && changes != NULL);
  engine = swarm_world_get_engine (driver->world);
  now = sim_engine_get_now (engine);
  for (guint i = 0; i < changes->len; i++) {
    const WlReplicaChange *rc = &g_array_index (changes, WlReplicaChange, i);
    Change *c = g_new0 (Change, 1);

    c->driver = driver;
    c->service = g_strdup (service);
    c->replicas = rc->replicas;
    c->id = sim_engine_schedule_at (engine, MAX (now, rc->t_us), on_change, c, NULL);
    g_ptr_array_add (driver->changes, c);
  }
}

typedef struct {
  SimTime t_us;
  gint delta;
} Step;

static gint
compare_steps (gconstpointer a, gconstpointer b)
{
  const Step *x = a, *y = b;

  if (x->t_us != y->t_us)
    return x->t_us < y->t_us ? -1 : 1;
  return (x->delta > y->delta) - (x->delta < y->delta); /* ends (−1) first */
}

GArray *
wl_intervals_to_changes (const GArray *intervals)
{
  g_autoptr (GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  GArray *out = g_array_new (FALSE, FALSE, sizeof (WlReplicaChange));
  WlReplicaChange first = { 0, 0 };
  gint64 open = 0;

  g_array_append_val (out, first);
  for (guint i = 0; i < intervals->len; i++) {
    const WlInterval *iv = &g_array_index (intervals, WlInterval, i);
    Step start = { iv->start_us, +1 }, end = { iv->end_us, -1 };

    g_array_append_val (steps, start);
    if (iv->end_us != SIM_TIME_NEVER)
      g_array_append_val (steps, end);
  }
  g_array_sort (steps, compare_steps);
  for (guint i = 0; i < steps->len; i++) {
    const Step *s = &g_array_index (steps, Step, i);
    WlReplicaChange *last = &g_array_index (out, WlReplicaChange, out->len - 1);
    WlReplicaChange change;

    open += s->delta;
    g_assert (open >= 0);
    if (last->t_us == s->t_us) {
      last->replicas = (guint)open; /* several steps at one instant make one change */
      continue;
    }
    change.t_us = s->t_us;
    change.replicas = (guint)open;
    g_array_append_val (out, change);
  }
  return out;
}

void
wl_driver_add_intervals (WlDriver *driver, const char *service, const GArray *intervals)
{
  g_autoptr (GArray) changes = NULL;

  g_return_if_fail (driver != NULL && service != NULL && intervals != NULL);
  changes = wl_intervals_to_changes (intervals);
  wl_driver_add_changes (driver, service, changes);
}

guint
wl_driver_get_refused_count (const WlDriver *driver)
{
  return driver->refused;
}
