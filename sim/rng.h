/* SPDX-License-Identifier: MIT
 * Named random streams. Each model component draws from its own stream, seeded from the scenario
 * seed and the stream's name, so adding a component never changes another component's numbers
 * (common random numbers across compared configurations). */
#pragma once

#include <glib.h>

typedef struct _SimRng SimRng;

/**
 * sim_rng_derive_seed:
 * @seed: the scenario (or replication) seed
 * @name: the stream's name, e.g. "failure/worker-2"
 *
 * Returns: a 64-bit seed that depends only on @seed and @name (a fixed hash, the same on every
 *   platform).
 */
guint64 sim_rng_derive_seed (guint64 seed, const char *name);

/**
 * sim_rng_new:
 * @seed: the scenario seed
 * @name: the stream's name
 *
 * Returns: (transfer full): the stream named @name under @seed.
 */
SimRng *sim_rng_new (guint64 seed, const char *name);
void sim_rng_free (SimRng *rng);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimRng, sim_rng_free)

/* Returns: a uniform double in [0, 1). */
double sim_rng_uniform (SimRng *rng);

/* Returns: a uniform double in [@a, @b). */
double sim_rng_uniform_range (SimRng *rng, double a, double b);

/* Returns: a uniform integer in [@begin, @end); @end > @begin. */
guint32 sim_rng_int_range (SimRng *rng, guint32 begin, guint32 end);

/* Returns: an exponential variate with the given mean (> 0). */
double sim_rng_exponential (SimRng *rng, double mean);

/* Returns: a standard normal variate. */
double sim_rng_normal (SimRng *rng);

/**
 * sim_rng_permutation:
 * @rng: the stream
 * @perm_out: (array length=n): filled with a uniformly random permutation of 0 … n−1
 * @n: its length
 *
 * Fisher–Yates shuffle; used where a real system's order is arbitrary (Go map iteration).
 */
void sim_rng_permutation (SimRng *rng, guint *perm_out, gsize n);
