/* SPDX-License-Identifier: MIT
 * The record of a run: row arrays, interned names and the narrated timeline. The world appends to
 * it through the internal functions of record_private.h; the CLI reads it through record.h. */
#include "models/swarm/record.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "models/swarm/names.h"
#include "models/swarm/record_private.h"

static const char *const display_names[] = {
  "launching", "ready", "unknown", "down", "drained", "paused", "disconnected", "stopped",
};

static const char *const event_names[] = {
  "failure",         "detected", "recovered",   "leader",        "quorum_lost",
  "quorum_restored", "action",   "zone_outage", "zone_restored",
};

static const char *const outage_names[] = { "no_leader", "quorum_lost" };

const char *
swarm_outage_kind_to_string (SwarmOutageKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (outage_names), NULL);
  return outage_names[kind];
}

const char *
swarm_display_state_to_string (SwarmDisplayState state)
{
  g_return_val_if_fail ((guint)state < G_N_ELEMENTS (display_names), NULL);
  return display_names[state];
}

const char *
swarm_event_kind_to_string (SwarmEventKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (event_names), NULL);
  return event_names[kind];
}

SwarmRecord *
swarm_record__new (void)
{
  SwarmRecord *r = g_new0 (SwarmRecord, 1);
  r->names = g_string_chunk_new (4096);
  r->timeline = g_array_new (FALSE, FALSE, sizeof (SwarmTimelineRow));
  r->cluster = g_array_new (FALSE, FALSE, sizeof (SwarmClusterRow));
  r->nodes = g_array_new (FALSE, FALSE, sizeof (SwarmNodeRow));
  r->intervals = g_array_new (FALSE, FALSE, sizeof (SwarmNodeInterval));
  r->tasks = g_array_new (FALSE, FALSE, sizeof (SwarmTaskRow));
  r->events = g_array_new (FALSE, FALSE, sizeof (SwarmEventRow));
  r->recoveries = g_array_new (FALSE, FALSE, sizeof (SwarmRecoveryRow));
  r->availability = g_array_new (FALSE, FALSE, sizeof (SwarmAvailabilityRow));
  r->control_plane = g_array_new (FALSE, FALSE, sizeof (SwarmControlPlaneRow));
  r->pending = g_array_new (FALSE, FALSE, sizeof (SwarmPendingRow));
  r->narration = g_ptr_array_new_with_free_func (g_free);
  r->open_intervals = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return r;
}

void
swarm_record__reserve (SwarmRecord *record, guint64 samples, guint services)
{
  g_return_if_fail (record->timeline->len == 0 && record->cluster->len == 0);
  /* Reserve at most 2^24 rows each (a few hundred MiB): beyond that the arrays grow as before,
   * so a mistaken tiny step fails late rather than by one huge allocation up front. */
  guint64 cap = G_GUINT64_CONSTANT (1) << 24;
  guint64 rows = MIN (samples * MAX (services, 1u), cap);
  g_array_unref (record->timeline);
  g_array_unref (record->cluster);
  record->timeline = g_array_sized_new (FALSE, FALSE, sizeof (SwarmTimelineRow), (guint)rows);
  record->cluster =
      g_array_sized_new (FALSE, FALSE, sizeof (SwarmClusterRow), (guint)MIN (samples, cap));
}

void
swarm_record__free (SwarmRecord *record)
{
  if (record == NULL)
    return;
  g_string_chunk_free (record->names);
  g_array_unref (record->timeline);
  g_array_unref (record->cluster);
  g_array_unref (record->nodes);
  g_array_unref (record->intervals);
  g_array_unref (record->tasks);
  g_array_unref (record->events);
  g_array_unref (record->recoveries);
  g_array_unref (record->availability);
  g_array_unref (record->control_plane);
  g_array_unref (record->pending);
  g_ptr_array_unref (record->narration);
  g_hash_table_unref (record->open_intervals);
  g_free (record);
}

const char *
swarm_record__intern (SwarmRecord *record, const char *text)
{
  return g_string_chunk_insert_const (record->names, text != NULL ? text : "");
}

void
swarm_record__narrate (SwarmRecord *record, SimTime t_us, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *text = g_strdup_vprintf (format, args);
  va_end (args);
  g_autofree char *clock = sim_time_format_clock (t_us);
  g_ptr_array_add (record->narration, g_strdup_printf ("%s %s", clock, text));
}

void
swarm_record__event (SwarmRecord *record, SimTime t_us, SwarmEventKind kind, const char *target,
                     const char *text)
{
  SwarmEventRow row = { t_us, kind, swarm_record__intern (record, target),
                        swarm_record__intern (record, text) };
  g_array_append_val (record->events, row);
}

/* Keyed by the interned name's address: one string per name, so no hashing of the text. */
SwarmOpenInterval *
swarm_record__open_interval (SwarmRecord *record, const char *node, const char *zone, OrchRole role)
{
  SwarmOpenInterval *open = g_hash_table_lookup (record->open_intervals, node);
  if (open != NULL)
    return open;
  open = g_new (SwarmOpenInterval, 1);
  open->zone = swarm_record__intern (record, zone);
  open->role = role;
  g_hash_table_insert (record->open_intervals, (gpointer)(guintptr)node, open);
  return open;
}

/* Interval rows are sorted at the end of the run by (row, start): nodes are appended in time
 * order, and their rank in natural name order (names.h) is only known once every node exists. */
static gint
interval_order (gconstpointer a, gconstpointer b)
{
  const SwarmNodeInterval *x = a, *y = b;
  if (x->row != y->row)
    return x->row < y->row ? -1 : 1;
  return x->start_us < y->start_us ? -1 : x->start_us > y->start_us;
}

static int
compare_name (const void *key, const void *element)
{
  return swarm_name_compare (key, *(const char *const *)element);
}

void
swarm_record__finish_intervals (SwarmRecord *record, const char *const *sorted_names, guint n_names)
{
  for (guint i = 0; i < record->intervals->len; i++) {
    SwarmNodeInterval *iv = &g_array_index (record->intervals, SwarmNodeInterval, i);
    const char *const *hit =
        bsearch (iv->node, sorted_names, n_names, sizeof (char *), compare_name);
    g_assert (hit != NULL);
    iv->row = (guint)(hit - sorted_names);
    if (iv->zone != NULL)
      continue;
    /* Every node is noted when it launches or joins, so its open interval is known. */
    const SwarmOpenInterval *open = g_hash_table_lookup (record->open_intervals, iv->node);
    g_assert (open != NULL);
    iv->zone = open->zone;
    iv->role = open->role;
  }
  g_array_sort (record->intervals, interval_order);
}

const GArray *
swarm_record_get_timeline (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->timeline;
}

const GArray *
swarm_record_get_cluster (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->cluster;
}

const GArray *
swarm_record_get_nodes (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->nodes;
}

const GArray *
swarm_record_get_intervals (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->intervals;
}

const GArray *
swarm_record_get_tasks (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->tasks;
}

const GArray *
swarm_record_get_events (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->events;
}

const GArray *
swarm_record_get_recoveries (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->recoveries;
}

const GArray *
swarm_record_get_control_plane (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->control_plane;
}

const GArray *
swarm_record_get_pending (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->pending;
}

const GArray *
swarm_record_get_availability (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->availability;
}

gboolean
swarm_record_get_service_availability (const SwarmRecord *record, const char *service,
                                       double *availability_out)
{
  g_return_val_if_fail (record != NULL && service != NULL && availability_out != NULL, FALSE);
  for (guint i = 0; i < record->availability->len; i++) {
    const SwarmAvailabilityRow *row =
        &g_array_index (record->availability, SwarmAvailabilityRow, i);
    if (strcmp (row->service, service) != 0)
      continue;
    /* No desired replica-time: nothing was missing. The ratio of the exact integers, so that a
     * run that never dropped a replica reads exactly 1. */
    *availability_out = row->desired_replica_us > 0
                            ? (double)row->up_replica_us / (double)row->desired_replica_us
                            : 1.0;
    return TRUE;
  }
  return FALSE;
}

const GPtrArray *
swarm_record_get_narration (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  return record->narration;
}

guint64
swarm_record_get_events_dispatched (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, 0);
  return record->events_dispatched;
}
