/* SPDX-License-Identifier: MIT
 * Random failure processes, as pure generators of failure times: per node (time to failure, time to
 * repair, crash or reboot), per availability zone (outages that take every node of the zone), and
 * spot interruptions with a warning. Every draw comes from a stream named after what fails, so two
 * compared configurations see the same failures on the nodes they share. Acting on the simulated
 * world is injector.h's job. */
#pragma once

#include <glib.h>
#include "sim/dist.h"
#include "sim/time.h"

#define FAIL_ERROR (fail_error_quark ())
GQuark fail_error_quark (void);

typedef enum {
  FAIL_ERROR_INVALID, /* text that does not follow the grammar */
  FAIL_ERROR_RANGE,   /* a value out of range */
} FailError;

typedef enum {
  FAIL_KIND_CRASH,     /* the instance dies; it is repaired after the time to repair */
  FAIL_KIND_REBOOT,    /* the host reboots; back after the time to repair (usually short) */
  FAIL_KIND_AZ_OUTAGE, /* a whole availability zone is lost for a while */
  FAIL_KIND_SPOT,      /* a spot interruption: a warning, then the instance is reclaimed for good */
} FailKind;

/* "crash", "reboot", "az-outage", "spot". */
const char *fail_kind_to_string (FailKind kind);
gboolean fail_kind_from_string (const char *text, FailKind *out);

/* A zone outage at a fixed time (a scenario's "lose zone b at 2h for 30m"). */
typedef struct {
  char *zone; /* owned */
  SimTime at_us;
  SimTime duration_us; /* SIM_TIME_NEVER: the zone does not come back */
} FailOutage;

/**
 * FailSpec:
 *
 * The failure process of a scenario. Every distribution is nullable: NULL switches that part off.
 */
typedef struct {
  SimDist *node_ttf;       /* owned; up time from a node's start (or repair) to its next failure */
  SimDist *node_ttr;       /* owned; time to repair; required when node_ttf is set */
  FailKind node_kind;      /* FAIL_KIND_CRASH or FAIL_KIND_REBOOT */
  SimDist *zone_ttf;       /* owned; time between random outages of each zone */
  SimDist *zone_duration;  /* owned; how long a random outage lasts; required with zone_ttf */
  GArray *outages;         /* (element-type FailOutage) owned; fixed outages, in any order */
  SimDist *spot_ttf;       /* owned; time from a spot node's start to its interruption notice */
  SimTime spot_warning_us; /* from the notice to the reclaim; AWS gives two minutes */
} FailSpec;

/* The EC2 spot interruption notice (AWS documentation). */
#define FAIL_SPOT_WARNING_DEFAULT SIM_MIN (2)

/* Sets every part off and the spot warning to its default. */
void fail_spec_init (FailSpec *spec);
/* Frees the owned fields and zeroes the struct; fail_spec_init() makes it usable again. */
void fail_spec_clear (FailSpec *spec);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FailSpec, fail_spec_clear)

/**
 * fail_spec_add_outage:
 * @text: "ZONE@AT" or "ZONE@AT+DURATION", e.g. "us-east-1b@2h+30m" (AT and DURATION durations)
 * @error: FAIL_ERROR_INVALID
 *
 * Returns: TRUE when the outage was added.
 */
gboolean fail_spec_add_outage (FailSpec *spec, const char *text, GError **error);

/* One failure drawn from a stream. */
typedef struct {
  FailKind kind;
  SimTime t_warning_us; /* spot: the notice; otherwise equal to t_fail_us */
  SimTime t_fail_us;
  SimTime t_repair_us; /* SIM_TIME_NEVER: never repaired (spot) */
} FailEvent;

typedef struct _FailStream FailStream;

/**
 * fail_stream_new_node:
 * @spec: (transfer none): kept by pointer; must outlive the stream
 * @seed: the replication seed
 * @node: the node's name; the stream is "failure/NODE"
 * @start_us: when the node started; its first up time counts from here
 *
 * An alternating renewal process: up for a draw of node_ttf, down for a draw of node_ttr, and so
 * on.
 *
 * Returns: (transfer full): the stream, or NULL when @spec has no node failures.
 */
FailStream *fail_stream_new_node (const FailSpec *spec, guint64 seed, const char *node,
                                  SimTime start_us);

/* Same for zone outages, stream "failure/az/ZONE", counted from time 0. NULL without zone_ttf. */
FailStream *fail_stream_new_zone (const FailSpec *spec, guint64 seed, const char *zone);

/* A spot node's interruption, stream "spot/NODE", from @start_us. NULL without spot_ttf. */
FailStream *fail_stream_new_spot (const FailSpec *spec, guint64 seed, const char *node,
                                  SimTime start_us);

void fail_stream_free (FailStream *stream);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FailStream, fail_stream_free)

/**
 * fail_stream_next:
 * @stream: the stream
 * @event_out: (out): the next failure, later than the previous one's repair
 *
 * Returns: FALSE when there is no further failure (a spot node is reclaimed once).
 */
gboolean fail_stream_next (FailStream *stream, FailEvent *event_out);
