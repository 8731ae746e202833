/* SPDX-License-Identifier: MIT
 * Batch jobs: arrival processes (Poisson, or times from a CSV) and the jobs they bring, each with
 * reservations, a run time drawn from a distribution and a restart condition. This file only draws
 * the jobs; the driver (driver.h) submits them to the simulated swarm. */
#pragma once

#include <glib.h>
#include "sim/dist.h"
#include "sim/rng.h"
#include "sim/time.h"

typedef struct _WlArrivals WlArrivals;

/**
 * wl_arrivals_parse:
 * @text: "poisson(MEAN)" (exponential gaps of mean MEAN, a positive duration) or "csv(FILE)" (one
 *   arrival time per row in the first column, seconds or a duration, increasing; a header allowed)
 * @base_dir: (nullable): the folder a relative FILE is resolved against
 * @error: WL_ERROR_INVALID, _RANGE or _FILE; CSV errors start "PATH:LINE: "
 *
 * Returns: (transfer full) (nullable): the arrival process.
 */
WlArrivals *wl_arrivals_parse (const char *text, const char *base_dir, GError **error);
void wl_arrivals_free (WlArrivals *arrivals);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlArrivals, wl_arrivals_free)

/* Returns: (transfer full): canonical text that wl_arrivals_parse() reads back. */
char *wl_arrivals_to_string (const WlArrivals *arrivals);

/**
 * wl_arrivals_generate:
 * @arrivals: the process
 * @rng: the stream the gaps are drawn from (unused for csv)
 * @end_us: no arrival at or after this time is returned
 *
 * Returns: (transfer full) (element-type SimTime): arrival times in increasing order.
 */
GArray *wl_arrivals_generate (const WlArrivals *arrivals, SimRng *rng, SimTime end_us);

/**
 * wl_arrivals_get_expected_count:
 * @arrivals: the process
 * @end_us: the end of the run
 *
 * What wl_arrivals_generate() would bring without drawing it, for checking a run's size before
 * anything is allocated: the expected count end / mean gap for poisson, the rows before @end_us
 * for csv.
 *
 * Returns: the expected number of arrivals before @end_us (≥ 0).
 */
double wl_arrivals_get_expected_count (const WlArrivals *arrivals, SimTime end_us);

typedef enum {
  WL_RESTART_NONE,       /* a failed job is gone */
  WL_RESTART_ON_FAILURE, /* a failed job (or one lost with its node) runs again */
} WlRestart;

const char *wl_restart_to_string (WlRestart restart);
gboolean wl_restart_from_string (const char *text, WlRestart *out);

/* A family of batch jobs, as a scenario describes it. */
typedef struct {
  char *name;           /* owned; also names the random streams */
  WlArrivals *arrivals; /* owned */
  SimDist *runtime;     /* owned; how long a job runs once started */
  gint64 nanocpus;      /* reservation per job */
  gint64 memory_bytes;  /* reservation per job */
  WlRestart restart;
  double fail_probability; /* chance that each run of a job exits non-zero, in [0, 1]; drawn
                              per run by the node's agent, so a retry may succeed */
  guint64 max_attempts;    /* on-failure: restarts after the first run; 0: unlimited (Swarm's) */
} WlBatchSpec;

/* Frees the owned fields and zeroes the struct. */
void wl_batch_spec_clear (WlBatchSpec *spec);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WlBatchSpec, wl_batch_spec_clear)

/* One job drawn from a WlBatchSpec. */
typedef struct {
  guint index; /* 0, 1, … in arrival order */
  SimTime arrival_us;
  SimTime runtime_us;
} WlJob;

/**
 * wl_batch_generate:
 * @spec: the family
 * @seed: the replication seed
 * @end_us: the end of the run
 *
 * Arrivals come from the stream "workload/NAME/arrivals" and run times from
 * "workload/NAME/runtime", so that changing the run-time law leaves the arrival times alone. The
 * outcome of each run is not drawn here: see fail_probability.
 *
 * Returns: (transfer full) (element-type WlJob): the jobs in arrival order.
 */
GArray *wl_batch_generate (const WlBatchSpec *spec, guint64 seed, SimTime end_us);
