/* SPDX-License-Identifier: MIT
 * Named random streams over GLib's Mersenne Twister. Seeds come from a fixed hash of the scenario
 * seed and the stream name; nothing here reads a clock or a global generator. */

#include "sim/rng.h"

#include <math.h>

struct _SimRng {
  GRand *rand; /* owned */
};

/* FNV-1a, 64-bit (Fowler, Noll, Vo): a stable, byte-order-free hash of the name. */
static guint64
fnv1a64 (const char *s)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (const guchar *p = (const guchar *)s; *p != '\0'; p++) {
    h ^= *p;
    h *= G_GUINT64_CONSTANT (0x100000001b3);
  }
  return h;
}

/* One step of SplitMix64 (Steele, Lea, Flood 2014): advances @state and returns a well-mixed word.
 * It spreads close seeds (1, 2, 3 ...) and similar names far apart. */
static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

guint64
sim_rng_derive_seed (guint64 seed, const char *name)
{
  g_return_val_if_fail (name != NULL, 0);

  guint64 state = seed;
  guint64 mixed = splitmix64 (&state) ^ fnv1a64 (name);
  return splitmix64 (&mixed);
}

SimRng *
sim_rng_new (guint64 seed, const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  /* Four 32-bit words from the derived seed feed the Mersenne Twister's init_by_array, which GLib
   * documents as giving the same series on every platform. */
  guint64 state = sim_rng_derive_seed (seed, name);
  guint64 a = splitmix64 (&state);
  guint64 b = splitmix64 (&state);
  guint32 words[4] = { (guint32)a, (guint32)(a >> 32), (guint32)b, (guint32)(b >> 32) };

  SimRng *rng = g_new (SimRng, 1);
  rng->rand = g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));
  return rng;
}

void
sim_rng_free (SimRng *rng)
{
  if (rng == NULL)
    return;
  g_rand_free (rng->rand);
  g_free (rng);
}

double
sim_rng_uniform (SimRng *rng)
{
  g_return_val_if_fail (rng != NULL, 0.0);
  return g_rand_double (rng->rand);
}

double
sim_rng_uniform_range (SimRng *rng, double a, double b)
{
  g_return_val_if_fail (rng != NULL, a);
  g_return_val_if_fail (a <= b, a);
  return a + (b - a) * g_rand_double (rng->rand);
}

guint32
sim_rng_int_range (SimRng *rng, guint32 begin, guint32 end)
{
  g_return_val_if_fail (rng != NULL, begin);
  g_return_val_if_fail (end > begin, begin);

  /* Rejection keeps the draw unbiased for any range: drop the 2^32 mod range lowest words. GLib's
   * g_rand_int_range() takes gint32 bounds, too narrow for this signature. */
  guint32 range = end - begin;
  guint32 threshold = (guint32)(-range) % range;
  for (;;) {
    guint32 r = g_rand_int (rng->rand);
    if (r >= threshold)
      return begin + r % range;
  }
}

double
sim_rng_exponential (SimRng *rng, double mean)
{
  g_return_val_if_fail (rng != NULL, 0.0);
  g_return_val_if_fail (mean > 0.0, 0.0);

  /* g_rand_double() is in [0, 1), so log1p(-u) is finite. */
  return -mean * log1p (-g_rand_double (rng->rand));
}

double
sim_rng_normal (SimRng *rng)
{
  g_return_val_if_fail (rng != NULL, 0.0);

  /* Box-Muller, keeping one of the pair: a stream carries no hidden spare value, so the n-th
   * normal draw always consumes the same two uniforms whatever was drawn before. */
  double u1 = 1.0 - g_rand_double (rng->rand); /* (0, 1]: log(u1) is finite */
  double u2 = g_rand_double (rng->rand);
  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

void
sim_rng_permutation (SimRng *rng, guint *perm_out, gsize n)
{
  g_return_if_fail (rng != NULL);
  g_return_if_fail (perm_out != NULL || n == 0);
  g_return_if_fail (n <= G_MAXUINT32);

  for (gsize i = 0; i < n; i++)
    perm_out[i] = (guint)i;
  for (gsize i = n; i > 1; i--) {
    gsize j = sim_rng_int_range (rng, 0, (guint32)i);
    guint tmp = perm_out[i - 1];
    perm_out[i - 1] = perm_out[j];
    perm_out[j] = tmp;
  }
}
