/* SPDX-License-Identifier: MIT
 * The workload driver: puts replica curves, batch jobs and trace tasks on the world's timeline as
 * "docker service scale" calls. Batch jobs and trace tasks of one shape share a service whose
 * replica count follows how many of them are present (see wl_driver_add_intervals()). */
#pragma once

#include <glib.h>
#include "models/workload/curve.h"
#include "models/swarm/world.h"

/* A presence interval of one job or task: [start_us, end_us). */
typedef struct {
  SimTime start_us;
  SimTime end_us; /* SIM_TIME_NEVER: stays */
} WlInterval;

typedef struct _WlDriver WlDriver;

/* Returns: (transfer full): a driver for @world (transfer none), which must outlive it. */
WlDriver *wl_driver_new (SwarmWorld *world);

/* Cancels the driver's pending events; call before freeing the world. */
void wl_driver_free (WlDriver *driver);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlDriver, wl_driver_free)

/**
 * wl_driver_add_changes:
 * @driver: the driver
 * @service: the service to scale
 * @changes: (element-type WlReplicaChange): in increasing time; each is a scale call at its time
 *
 * A change at or before now is applied at once (through the engine, at now).
 */
void wl_driver_add_changes (WlDriver *driver, const char *service, const GArray *changes);

/**
 * wl_driver_add_intervals:
 * @driver: the driver
 * @service: the service whose replica count is the number of intervals open at each time
 * @intervals: (element-type WlInterval): in any order
 *
 * An approximation of one-off jobs with the world's service API: a job's run time counts from its
 * arrival, and a scale-down removes whichever replica the orchestrator picks.
 */
void wl_driver_add_intervals (WlDriver *driver, const char *service, const GArray *intervals);

/* Returns: how many scale calls the world refused (no quorum) so far. */
guint wl_driver_get_refused_count (const WlDriver *driver);

/**
 * wl_intervals_to_changes:
 * @intervals: (element-type WlInterval)
 *
 * Returns: (transfer full) (element-type WlReplicaChange): the count of open intervals, from 0 on,
 *   listed where it changes (ends before starts at equal times).
 */
GArray *wl_intervals_to_changes (const GArray *intervals);
