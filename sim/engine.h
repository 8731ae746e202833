/* SPDX-License-Identifier: MIT
 * The discrete-event engine: a clock and a queue of callbacks ordered by (time, sequence number).
 * It knows nothing of what it simulates; models schedule callbacks with their own user data.
 *
 * Ordering contract: events run in increasing time; events at equal times run in the order they
 * were scheduled (first in, first out), including events scheduled for "now" from inside a
 * callback, which run after every event already queued for that instant. No order ever depends on a
 * pointer value. */
#pragma once

#include <glib.h>
#include "sim/time.h"

typedef struct _SimEngine SimEngine;

/* A handle to a scheduled event. 0 is never a valid handle. Handles are not reused within one
 * engine. */
typedef guint64 SimEventId;
#define SIM_EVENT_ID_INVALID ((SimEventId)0)

/* Called when an event is due; the engine's clock already reads the event's time. */
typedef void (*SimEventFunc) (SimEngine *engine, gpointer user_data);

typedef enum {
  SIM_RUN_EMPTY,      /* the queue ran dry */
  SIM_RUN_TIME_LIMIT, /* the next event lies after the limit; the clock now reads the limit */
  SIM_RUN_STOPPED,    /* sim_engine_stop() was called from a callback */
} SimRunResult;

/**
 * sim_engine_new:
 *
 * Returns: (transfer full): an engine whose clock reads 0 and whose queue is empty.
 */
SimEngine *sim_engine_new (void);

/**
 * sim_engine_free:
 * @engine: (nullable): the engine
 *
 * Frees the engine. Every event still queued has its payload's destroy notify called exactly once.
 */
void sim_engine_free (SimEngine *engine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimEngine, sim_engine_free)

/* Returns: the current simulated time. */
SimTime sim_engine_get_now (const SimEngine *engine);

/**
 * sim_engine_schedule_at:
 * @engine: the engine
 * @at: when the event is due; must not be earlier than now
 * @func: the callback
 * @user_data: (transfer full): the payload, handed to @func
 * @destroy: (nullable): called on @user_data exactly once: after @func returns, on cancel, or when
 * the engine is freed
 *
 * Returns: the event's handle.
 */
SimEventId sim_engine_schedule_at (SimEngine *engine, SimTime at, SimEventFunc func,
                                   gpointer user_data, GDestroyNotify destroy);

/* Same as sim_engine_schedule_at() at now + @delay (@delay ≥ 0). */
SimEventId sim_engine_schedule_in (SimEngine *engine, SimTime delay, SimEventFunc func,
                                   gpointer user_data, GDestroyNotify destroy);

/**
 * sim_engine_cancel:
 * @engine: the engine
 * @id: a handle from a schedule call, or SIM_EVENT_ID_INVALID
 *
 * Removes a pending event and calls its destroy notify. Safe from inside any callback, including
 * the event's own (then it only means the payload is not used again by the engine: it is still
 * destroyed once, after the callback returns).
 *
 * Returns: TRUE if the event was pending and is now cancelled; FALSE if it already ran, was already
 *   cancelled, or @id is invalid.
 */
gboolean sim_engine_cancel (SimEngine *engine, SimEventId id);

/**
 * sim_engine_reschedule:
 * @engine: the engine
 * @id: a pending event
 * @at: its new time (≥ now)
 *
 * Moves a pending event to a new time, in place and keeping its payload. The event takes a new
 * sequence number, as if it had just been scheduled.
 *
 * Returns: TRUE if the event was pending.
 */
gboolean sim_engine_reschedule (SimEngine *engine, SimEventId id, SimTime at);

/* Returns: TRUE while @id is queued and not yet dispatched or cancelled. */
gboolean sim_engine_is_pending (const SimEngine *engine, SimEventId id);

/* Returns: the time of the earliest pending event, or SIM_TIME_NEVER. */
SimTime sim_engine_peek_time (const SimEngine *engine);

/**
 * sim_engine_run_until:
 * @engine: the engine
 * @limit: run every event with time ≤ @limit (SIM_TIME_NEVER: until the queue is empty)
 *
 * Dispatches events in order. Returns when the queue is empty, when the next event lies after
 * @limit (then the clock is advanced to @limit), or when a callback called sim_engine_stop().
 */
SimRunResult sim_engine_run_until (SimEngine *engine, SimTime limit);

/* Makes the running sim_engine_run_until() return after the current callback. */
void sim_engine_stop (SimEngine *engine);

/* Returns: the number of events queued. */
gsize sim_engine_get_pending_count (const SimEngine *engine);

/* Returns: the number of events dispatched so far. */
guint64 sim_engine_get_dispatched_count (const SimEngine *engine);

/**
 * sim_engine_check:
 * @engine: the engine
 *
 * Verifies the queue's heap order and index, for tests. Aborts (g_assert) on a broken invariant.
 */
void sim_engine_check (const SimEngine *engine);
