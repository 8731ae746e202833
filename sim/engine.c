/* SPDX-License-Identifier: MIT
 * The event queue and dispatch loop behind sim/engine.h: an indexed binary heap of (time, seq) keys
 * over a slab of events. It is not a general priority queue; it knows about callbacks and payloads.
 */

#include "sim/engine.h"

#include <stdlib.h>
#include <string.h>

#include "sim/engine_private.h"

/*
 * Layout, chosen from the hold-model measurements of tests/sim/bench_engine.c (README,
 * Performance):
 *
 * - heap: a binary min-heap of 16-byte Entry {time, seq << 32 | slot}: the same size and the same
 *   comparisons as a bare heap of (time, seq) pairs. The key is inside the entry, so a sift step
 *   compares without following a pointer; a heap of event pointers was 2.8x slower at 1M pending,
 *   and a 24-byte entry with a separate slot field measured 0.42x the bare heap at 100 000 pending
 *   here (tests/sim/bench_engine.c). A 4-ary heap was slower than a binary one at every size,
 *   there and here (see sift_down ()).
 * - seq: the order of scheduling, compared as the high half of the key, so the slot in the low half
 *   never decides (seqs are unique). 32 bits hold 4 294 967 296 schedules; when they run out the
 *   queue is renumbered: sorted by (time, seq), which is also a valid heap, and given seqs 0 … n-1.
 *   The order of every pair of events is unchanged, so this is exactly a 64-bit counter, at the
 *   cost of one O(n log n) sort per 2^32 schedules (about 0.2 s at 1M pending, once per quarter of
 * an hour of dispatching at the measured rate).
 * - events: a slab of Event {func, user_data, destroy, gen}. An event keeps its slot while queued
 * and while its callback runs; freed slots go on a LIFO free list so a hot slot stays in cache.
 * - pos: pos[slot] is the heap index of a queued event, so cancel and reschedule are O(log n). It
 * is an array of its own rather than a field of Event because every sift step writes it, and 4
 * bytes per event stay in cache far better than the 32-byte slab (4 MiB against 32 MiB at 1M
 * pending).
 *
 * Handles are gen << 32 | slot, where gen is the slot's generation, bumped each time the slot is
 * freed and starting at 1, so no handle is 0. A slot whose generation would wrap is retired (never
 * reused) instead, which keeps the promise that a handle is never handed out twice.
 */

/* pos[] values for slots that are not in the heap. Heap indices stay below both. */
#define POS_FREE    G_MAXUINT32
#define POS_RUNNING (G_MAXUINT32 - 1)
#define SLOT_NONE   G_MAXUINT32
#define MAX_SLOTS   (G_MAXUINT32 - 2)

#define SEQ_LIMIT (G_GUINT64_CONSTANT (1) << 32)

#define PARENT(i) (((i)-1) / 2)
/* One unused entry before index 0 of a 64-byte-aligned block puts the siblings 2i+1 and 2i+2 at a
 * 32-byte boundary, so the two children compared at each level share one cache line, and the four
 * grandchildren 4i+3 … 4i+6 at a 64-byte boundary, so one prefetch brings them all. */
#define HEAP_SKEW 1

typedef struct {
  SimTime time;
  guint64 key; /* seq << 32 | slot; seq is taken at schedule and breaks ties first in, first out */
} Entry;

static inline guint32
entry_slot (const Entry *e)
{
  return (guint32)(e->key & G_MAXUINT32);
}

static inline guint64
entry_seq (const Entry *e)
{
  return e->key >> 32;
}

typedef struct {
  SimEventFunc func;
  gpointer user_data; /* owned, released through destroy */
  GDestroyNotify destroy;
  guint32 gen;
  guint32 next_free; /* free-list link while the slot is free */
} Event;

struct _SimEngine {
  SimTime now;
  guint64 next_seq; /* below SEQ_LIMIT; see renumber () */
  guint64 dispatched;

  Entry *heap;       /* unowned: HEAP_SKEW entries into heap_block */
  Entry *heap_block; /* owned; g_aligned_alloc (), cache-line aligned */
  guint32 heap_len;

  Event *events; /* owned; n_slots in use */
  guint32 *pos;  /* owned; parallel to events */
  guint32 n_slots;
  guint32 capacity; /* of heap, events and pos alike: the heap never holds more than n_slots */
  guint32 free_head;

  gboolean running;
  gboolean stop_requested;
};

static inline gboolean
entry_less (const Entry *a, const Entry *b)
{
  return a->time < b->time || (a->time == b->time && a->key < b->key);
}

/* Moves @e up from the hole at @i; the hole is the only index not yet written. */
static void
sift_up (SimEngine *engine, guint32 i, Entry e)
{
  Entry *heap = engine->heap;

  while (i > 0) {
    guint32 parent = PARENT (i);
    if (!entry_less (&e, &heap[parent]))
      break;
    heap[i] = heap[parent];
    engine->pos[entry_slot (&heap[i])] = i;
    i = parent;
  }
  heap[i] = e;
  engine->pos[entry_slot (&e)] = i;
}

/* Moves @e down from the hole at @i. */
static void
sift_down (SimEngine *engine, guint32 i, Entry e)
{
  Entry *heap = engine->heap;
  guint32 len = engine->heap_len;

  /* The textbook loop of the benchmark's bare heap, plus the index write and a prefetch. The index
   * write is what the kernel pays for O(log n) cancel: without it the kernel matched the bare heap
   * at 1M pending. A 4-ary heap with cache-line-aligned children halves those writes but measured
   * 0.8x this binary heap at 100 000 pending and 0.95x at 1M; Floyd's bottom-up deletion was no
   * faster either (tests/sim/bench_engine.c, 2 vCPU AMD EPYC). */
  for (;;) {
    guint32 child = 2 * i + 1;
    if (child >= len)
      break;
#if defined(__GNUC__)
    /* The four grandchildren 4i+3 … 4i+6 fill one aligned cache line (HEAP_SKEW); loading it
     * now overlaps the miss with this level's work. Worth about 6 % at 100 000 and 1M pending;
     * the benchmark's bare heap has no such prefetch. */
    if ((gsize)4 * i + 3 < len)
      __builtin_prefetch (&heap[(gsize)4 * i + 3]);
#endif
    if (child + 1 < len && entry_less (&heap[child + 1], &heap[child]))
      child++;
    if (!entry_less (&heap[child], &e))
      break;
    heap[i] = heap[child];
    engine->pos[entry_slot (&heap[i])] = i;
    i = child;
  }
  heap[i] = e;
  engine->pos[entry_slot (&e)] = i;
}

/* Removes the entry at heap index @i; the caller has already noted its slot. */
static void
heap_remove_at (SimEngine *engine, guint32 i)
{
  guint32 last = --engine->heap_len;
  if (i == last)
    return;

  Entry e = engine->heap[last];
  if (i > 0 && entry_less (&e, &engine->heap[PARENT (i)]))
    sift_up (engine, i, e);
  else
    sift_down (engine, i, e);
}

static int
compare_entries (const void *a, const void *b)
{
  const Entry *x = a, *y = b;
  return entry_less (x, y) ? -1 : entry_less (y, x);
}

/* Gives the queued events the seqs 0 … n-1 in their current order; see the comment at the top. */
static void
renumber (SimEngine *engine)
{
  qsort (engine->heap, engine->heap_len, sizeof (Entry), compare_entries);
  for (guint32 i = 0; i < engine->heap_len; i++) {
    guint32 slot = entry_slot (&engine->heap[i]);
    engine->heap[i].key = (guint64)i << 32 | slot;
    engine->pos[slot] = i;
  }
  engine->next_seq = engine->heap_len;
}

static inline guint64
take_seq (SimEngine *engine)
{
  if (G_UNLIKELY (engine->next_seq == SEQ_LIMIT))
    renumber (engine);
  return engine->next_seq++;
}

static void
grow (SimEngine *engine)
{
  g_assert (engine->capacity < MAX_SLOTS);
  guint32 capacity = engine->capacity < MAX_SLOTS / 2 ? MAX (engine->capacity * 2, 64) : MAX_SLOTS;

  Entry *block = g_aligned_alloc ((gsize)capacity + HEAP_SKEW, sizeof (Entry), 64);
  if (engine->heap_len > 0)
    memcpy (block + HEAP_SKEW, engine->heap, engine->heap_len * sizeof (Entry));
  g_aligned_free (engine->heap_block);
  engine->heap_block = block;
  engine->heap = block + HEAP_SKEW;
  engine->events = g_renew (Event, engine->events, capacity);
  engine->pos = g_renew (guint32, engine->pos, capacity);
  engine->capacity = capacity;
}

static guint32
slot_alloc (SimEngine *engine)
{
  guint32 slot = engine->free_head;

  if (slot != SLOT_NONE) {
    engine->free_head = engine->events[slot].next_free;
    return slot;
  }
  if (engine->n_slots == engine->capacity)
    grow (engine);
  slot = engine->n_slots++;
  engine->events[slot].gen = 1;
  return slot;
}

static void
slot_free (SimEngine *engine, guint32 slot)
{
  Event *ev = &engine->events[slot];

  engine->pos[slot] = POS_FREE;
  if (ev->gen == G_MAXUINT32)
    return; /* retired: its next generation would repeat a handle already given out */
  ev->gen++;
  ev->next_free = engine->free_head;
  engine->free_head = slot;
}

static inline SimEventId
make_id (const SimEngine *engine, guint32 slot)
{
  return ((SimEventId)engine->events[slot].gen << 32) | slot;
}

/* Returns TRUE and the slot if @id names a queued event. */
static gboolean
lookup_pending (const SimEngine *engine, SimEventId id, guint32 *slot_out)
{
  guint32 slot = (guint32)(id & G_MAXUINT32);
  guint32 gen = (guint32)(id >> 32);

  if (slot >= engine->n_slots || engine->events[slot].gen != gen ||
      engine->pos[slot] >= POS_RUNNING)
    return FALSE;
  *slot_out = slot;
  return TRUE;
}

SimEngine *
sim_engine_new (void)
{
  SimEngine *engine = g_new0 (SimEngine, 1);

  engine->free_head = SLOT_NONE;
  return engine;
}

void
sim_engine_free (SimEngine *engine)
{
  if (engine == NULL)
    return;
  g_return_if_fail (!engine->running);

  /* Heap order depends only on the history of calls, so the order of these destroys is as
   * deterministic as everything else. Destroy notifies must not call back into the engine. */
  for (guint32 i = 0; i < engine->heap_len; i++) {
    const Event *ev = &engine->events[entry_slot (&engine->heap[i])];
    if (ev->destroy != NULL)
      ev->destroy (ev->user_data);
  }
  g_aligned_free (engine->heap_block);
  g_free (engine->events);
  g_free (engine->pos);
  g_free (engine);
}

SimTime
sim_engine_get_now (const SimEngine *engine)
{
  g_return_val_if_fail (engine != NULL, 0);
  return engine->now;
}

SimEventId
sim_engine_schedule_at (SimEngine *engine, SimTime at, SimEventFunc func, gpointer user_data,
                        GDestroyNotify destroy)
{
  g_return_val_if_fail (engine != NULL, SIM_EVENT_ID_INVALID);
  g_return_val_if_fail (at >= engine->now, SIM_EVENT_ID_INVALID);
  g_return_val_if_fail (func != NULL, SIM_EVENT_ID_INVALID);

  guint32 slot = slot_alloc (engine);
  Event *ev = &engine->events[slot];
  ev->func = func;
  ev->user_data = user_data;
  ev->destroy = destroy;

  Entry e = { .time = at, .key = take_seq (engine) << 32 | slot };
  sift_up (engine, engine->heap_len++, e);
  return make_id (engine, slot);
}

SimEventId
sim_engine_schedule_in (SimEngine *engine, SimTime delay, SimEventFunc func, gpointer user_data,
                        GDestroyNotify destroy)
{
  g_return_val_if_fail (engine != NULL, SIM_EVENT_ID_INVALID);
  g_return_val_if_fail (delay >= 0 && delay <= SIM_TIME_NEVER - engine->now, SIM_EVENT_ID_INVALID);

  return sim_engine_schedule_at (engine, engine->now + delay, func, user_data, destroy);
}

gboolean
sim_engine_cancel (SimEngine *engine, SimEventId id)
{
  guint32 slot;

  g_return_val_if_fail (engine != NULL, FALSE);
  if (!lookup_pending (engine, id, &slot))
    return FALSE;

  /* Leave the engine consistent before the destroy notify runs: it may free memory that a model
   * still reaches from another event, but it must find no half-removed entry here. */
  gpointer user_data = engine->events[slot].user_data;
  GDestroyNotify destroy = engine->events[slot].destroy;
  heap_remove_at (engine, engine->pos[slot]);
  slot_free (engine, slot);
  if (destroy != NULL)
    destroy (user_data);
  return TRUE;
}

gboolean
sim_engine_reschedule (SimEngine *engine, SimEventId id, SimTime at)
{
  guint32 slot;

  g_return_val_if_fail (engine != NULL, FALSE);
  g_return_val_if_fail (at >= engine->now, FALSE);
  if (!lookup_pending (engine, id, &slot))
    return FALSE;

  /* A new seq, as if scheduled now: a rescheduled timeout must not overtake events queued for the
   * same instant since it was first scheduled. The new key can be smaller or larger than the old.
   */
  Entry e = { .time = at, .key = take_seq (engine) << 32 | slot };
  guint32 i = engine->pos[slot]; /* after take_seq (), which may renumber and so move entries */
  if (i > 0 && entry_less (&e, &engine->heap[PARENT (i)]))
    sift_up (engine, i, e);
  else
    sift_down (engine, i, e);
  return TRUE;
}

gboolean
sim_engine_is_pending (const SimEngine *engine, SimEventId id)
{
  guint32 slot;

  g_return_val_if_fail (engine != NULL, FALSE);
  return lookup_pending (engine, id, &slot);
}

SimTime
sim_engine_peek_time (const SimEngine *engine)
{
  g_return_val_if_fail (engine != NULL, SIM_TIME_NEVER);
  return engine->heap_len > 0 ? engine->heap[0].time : SIM_TIME_NEVER;
}

/* Runs the event at the root of the heap, which the caller has checked is due. */
static void
dispatch_root (SimEngine *engine)
{
  Entry top = engine->heap[0];
  guint32 slot = entry_slot (&top);

  heap_remove_at (engine, 0);
  g_assert (top.time >= engine->now);
  engine->now = top.time;
#if defined(__GNUC__)
  /* The next event's slab entry is a likely cache miss at 100 000 pending and more; start loading
   * it now so that the load overlaps this callback. A hint only: the callback may schedule an
   * earlier event. */
  if (engine->heap_len > 0)
    __builtin_prefetch (&engine->events[entry_slot (&engine->heap[0])]);
#endif

  /* Copy out before the callback: it may schedule, which can move the slab. The slot stays taken
   * (POS_RUNNING) until the callback returns, so cancelling the running event is a no-op. */
  Event ev = engine->events[slot];
  engine->pos[slot] = POS_RUNNING;
  engine->dispatched++;
  ev.func (engine, ev.user_data);
  slot_free (engine, slot);
  if (ev.destroy != NULL)
    ev.destroy (ev.user_data);
}

SimRunResult
sim_engine_run_until (SimEngine *engine, SimTime limit)
{
  g_return_val_if_fail (engine != NULL, SIM_RUN_EMPTY);
  g_return_val_if_fail (!engine->running, SIM_RUN_EMPTY);
  g_return_val_if_fail (limit >= engine->now, SIM_RUN_EMPTY);

  SimRunResult result;
  engine->running = TRUE;
  engine->stop_requested = FALSE;
  for (;;) {
    if (engine->heap_len == 0) {
      result = SIM_RUN_EMPTY;
      break;
    }
    if (engine->heap[0].time > limit) {
      engine->now = limit;
      result = SIM_RUN_TIME_LIMIT;
      break;
    }
    dispatch_root (engine);
    if (engine->stop_requested) {
      result = SIM_RUN_STOPPED;
      break;
    }
  }
  engine->running = FALSE;
  return result;
}

void
sim_engine_stop (SimEngine *engine)
{
  g_return_if_fail (engine != NULL);
  engine->stop_requested = TRUE;
}

gsize
sim_engine_get_pending_count (const SimEngine *engine)
{
  g_return_val_if_fail (engine != NULL, 0);
  return engine->heap_len;
}

guint64
sim_engine_get_dispatched_count (const SimEngine *engine)
{
  g_return_val_if_fail (engine != NULL, 0);
  return engine->dispatched;
}

void
sim_engine__set_next_seq (SimEngine *engine, guint64 next_seq)
{
  g_return_if_fail (engine != NULL);
  g_return_if_fail (next_seq >= engine->next_seq && next_seq <= SEQ_LIMIT);
  engine->next_seq = next_seq;
}

void
sim_engine_check (const SimEngine *engine)
{
  g_return_if_fail (engine != NULL);

  g_assert (engine->heap_len <= engine->n_slots && engine->n_slots <= engine->capacity);
  g_assert (engine->next_seq <= SEQ_LIMIT);
  for (guint32 i = 0; i < engine->heap_len; i++) {
    const Entry *e = &engine->heap[i];
    g_assert (i == 0 || !entry_less (e, &engine->heap[PARENT (i)]));
    g_assert (entry_slot (e) < engine->n_slots);
    g_assert (engine->pos[entry_slot (e)] == i);
    g_assert (e->time >= engine->now);
    g_assert (entry_seq (e) < engine->next_seq);
  }

  /* Every slot is exactly one of: queued (counted against the heap), running, free or retired. */
  guint32 queued = 0, free_listed = 0;
  for (guint32 s = 0; s < engine->n_slots; s++) {
    g_assert (engine->events[s].gen >= 1);
    if (engine->pos[s] < POS_RUNNING)
      queued++;
    else if (engine->pos[s] == POS_RUNNING)
      g_assert (engine->running);
  }
  g_assert (queued == engine->heap_len);
  for (guint32 s = engine->free_head; s != SLOT_NONE; s = engine->events[s].next_free) {
    g_assert (s < engine->n_slots && engine->pos[s] == POS_FREE);
    g_assert (++free_listed <= engine->n_slots);
  }
}
