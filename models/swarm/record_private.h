/* SPDX-License-Identifier: MIT
 * Internal to models/swarm: the record's fields and the functions the world appends with. */
#pragma once

#include <glib.h>
#include "models/swarm/record.h"

struct _SwarmRecord {
  GStringChunk *names;   /* owned; every const char * of the rows points here */
  GArray *timeline;      /* (element-type SwarmTimelineRow) owned */
  GArray *cluster;       /* (element-type SwarmClusterRow) owned */
  GArray *nodes;         /* (element-type SwarmNodeRow) owned */
  GArray *intervals;     /* (element-type SwarmNodeInterval) owned */
  GArray *tasks;         /* (element-type SwarmTaskRow) owned */
  GArray *events;        /* (element-type SwarmEventRow) owned */
  GArray *recoveries;    /* (element-type SwarmRecoveryRow) owned */
  GArray *availability;  /* (element-type SwarmAvailabilityRow) owned; by service index */
  GArray *control_plane; /* (element-type SwarmControlPlaneRow) owned; by start */
  GArray *pending;       /* (element-type SwarmPendingRow) owned; filled at the end of the run */
  GPtrArray *narration;  /* (element-type utf8) owned */
  GHashTable *open_intervals; /* interned node name → SwarmOpenInterval (owned); looked up only */
  guint64 events_dispatched;
  SimTime end_us; /* the end of the recorded span (open control-plane rows end there) */
};

SwarmRecord *swarm_record__new (void);
void swarm_record__free (SwarmRecord *record);
/* Reserves room for @samples cluster rows and @samples × @services timeline rows. Call it while
 * both are empty. */
void swarm_record__reserve (SwarmRecord *record, guint64 samples, guint services);

/* Returns: (transfer none): @text (NULL: "") copied once into the record. */
const char *swarm_record__intern (SwarmRecord *record, const char *text);

/* Appends "HH:MM:SS.mmm <formatted text>" to the narration. */
void swarm_record__narrate (SwarmRecord *record, SimTime t_us, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

void swarm_record__event (SwarmRecord *record, SimTime t_us, SwarmEventKind kind,
                          const char *target, const char *text);

/* What a node's open display interval will be written with when it ends. */
typedef struct {
  const char *zone; /* interned */
  OrchRole role;
} SwarmOpenInterval;

/* Returns: (transfer none): the zone and role of @node's open display interval (@node interned),
 *   made with @zone and @role the first time the node is named; the world updates the role when
 *   it closes an interval. Lives as long as the record. */
SwarmOpenInterval *swarm_record__open_interval (SwarmRecord *record, const char *node,
                                                const char *zone, OrchRole role);

/* Sets each interval's row to its node's index in @sorted_names (every node's name, sorted by
 * swarm_name_compare()), gives the intervals appended without a zone (those the end of the run
 * closes) their node's open zone and role, and sorts the intervals by (row, start). */
void swarm_record__finish_intervals (SwarmRecord *record, const char *const *sorted_names,
                                     guint n_names);
