/* SPDX-License-Identifier: MIT
 * Engine internals that only sim/ and its tests may use: hooks to reach rare states quickly. */
#pragma once

#include "sim/engine.h"

/**
 * sim_engine__set_next_seq:
 * @engine: the engine
 * @next_seq: the sequence number the next schedule takes; not below the current one, at most 2^32
 *
 * Jumps the sequence counter forward, so a test can reach the renumbering of the queue that
 * otherwise happens once per 2^32 schedules. Order is kept: later schedules still take larger
 * numbers.
 */
void sim_engine__set_next_seq (SimEngine *engine, guint64 next_seq);
