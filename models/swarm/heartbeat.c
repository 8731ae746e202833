/* SPDX-License-Identifier: MIT
 * Lazy heartbeats: periods from a counter-based hash, beats computed on demand. */
#include "models/swarm/heartbeat.h"

/* splitmix64's finaliser (Steele, Lea, Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014): a bijective mix with good avalanche, enough to turn a counter into a uniform draw.
 * Written out here because GRand cannot be positioned at draw k without drawing the k before. */
static guint64
mix64 (guint64 z)
{
  z += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

SimTime
swarm_heartbeat_period (guint64 key, guint32 epoch, guint64 k, SimTime period_us,
                        SimTime epsilon_us)
{
  g_return_val_if_fail (period_us > 0 && epsilon_us >= 0 && epsilon_us < period_us, period_us);
  if (epsilon_us == 0)
    return period_us;
  guint64 h = mix64 (mix64 (key ^ ((guint64)epoch << 32)) ^ k);
  /* The width 2ε is at most ~2^40 µs, so the modulo bias is below 2^-23: negligible. */
  guint64 width = (guint64)(2 * epsilon_us);
  return period_us - epsilon_us + (SimTime)(h % width);
}

void
swarm_heartbeat_start (SwarmHeartbeat *hb, guint64 key, guint32 epoch, SimTime start_us,
                       SimTime period_us, SimTime epsilon_us)
{
  g_return_if_fail (hb != NULL);
  g_return_if_fail (period_us > 0 && epsilon_us >= 0 && epsilon_us < period_us);
  hb->key = key;
  hb->epoch = epoch;
  hb->period_us = period_us;
  hb->epsilon_us = epsilon_us;
  hb->k = 0;
  hb->beat_us = start_us;
  hb->drawn_us = swarm_heartbeat_period (key, epoch, 0, period_us, epsilon_us);
}

void
swarm_heartbeat_advance (SwarmHeartbeat *hb, SimTime t_us)
{
  g_return_if_fail (hb != NULL);
  /* One step per beat skipped: a day of 5 s beats is 17 280 hash evaluations, paid only when the
   * node fails, instead of 17 280 engine events paid by every healthy node. */
  while (hb->beat_us + hb->drawn_us <= t_us) {
    hb->beat_us += hb->drawn_us;
    hb->k++;
    hb->drawn_us =
        swarm_heartbeat_period (hb->key, hb->epoch, hb->k, hb->period_us, hb->epsilon_us);
  }
}

SimTime
swarm_heartbeat_deadline (const SwarmHeartbeat *hb, guint multiplier)
{
  g_return_val_if_fail (hb != NULL, SIM_TIME_NEVER);
  return hb->beat_us + (SimTime)multiplier * hb->drawn_us;
}
