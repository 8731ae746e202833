/* SPDX-License-Identifier: MIT
 * Tests of sim/engine.h: ordering, FIFO ties, cancellation, payload ownership, rescheduling, run
 * limits and stop. Every test calls sim_engine_check() after the operations it makes. */

#include "sim/engine.h"

#include "sim/engine_private.h"

#define MAX_TAGS 64

typedef struct {
  SimEngine *engine; /* owned */
  GArray *ran;       /* owned; (element-type int): tags in dispatch order */
  GArray *ran_at;    /* owned; (element-type SimTime): the clock in each callback */
  SimEventId ids[MAX_TAGS];
  guint destroyed[MAX_TAGS];
  gboolean cancel_result;
} Fixture;

typedef struct {
  Fixture *fixture; /* unowned */
  int tag;
} Payload;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  (void)data;
  f->engine = sim_engine_new ();
  f->ran = g_array_new (FALSE, FALSE, sizeof (int));
  f->ran_at = g_array_new (FALSE, FALSE, sizeof (SimTime));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  (void)data;
  g_clear_pointer (&f->engine, sim_engine_free);
  g_array_unref (f->ran);
  g_array_unref (f->ran_at);
}

static void
payload_destroy (gpointer data)
{
  Payload *p = data;
  p->fixture->destroyed[p->tag]++;
  g_free (p);
}

static void
record (SimEngine *engine, Payload *p)
{
  SimTime now = sim_engine_get_now (engine);
  g_array_append_val (p->fixture->ran, p->tag);
  g_array_append_val (p->fixture->ran_at, now);
}

static void
on_event (SimEngine *engine, gpointer user_data)
{
  record (engine, user_data);
}

static void
on_event_noop (SimEngine *engine, gpointer user_data)
{
  (void)engine;
  (void)user_data;
}

static SimEventId
schedule_tag (Fixture *f, SimTime at, int tag, SimEventFunc func)
{
  Payload *p = g_new (Payload, 1);
  p->fixture = f;
  p->tag = tag;
  f->ids[tag] = sim_engine_schedule_at (f->engine, at, func, p, payload_destroy);
  return f->ids[tag];
}

/* Schedules on_event for tags @first_tag, @first_tag + 1, ... at @times, terminated by -1. */
static void
schedule_tags_at (Fixture *f, int first_tag, const SimTime *times)
{
  for (int i = 0; times[i] >= 0; i++)
    schedule_tag (f, times[i], first_tag + i, on_event);
}

/* Runs every queued event, with no time limit. */
static SimRunResult
run_all (Fixture *f)
{
  return sim_engine_run_until (f->engine, SIM_TIME_NEVER);
}

/* Asserts that the tags ran in exactly the order given, terminated by -1. */
static void
assert_ran (Fixture *f, const int *expected)
{
  guint n = 0;
  while (expected[n] >= 0)
    n++;
  g_assert_cmpuint (f->ran->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (f->ran, int, i), ==, expected[i]);
}

/* Test that a new engine reads time 0 and has nothing queued. */
static void
test_engine_new_is_empty (Fixture *f, gconstpointer data)
{
  (void)data;
  g_assert_cmpint (sim_engine_get_now (f->engine), ==, 0);
  g_assert_cmpuint (sim_engine_get_pending_count (f->engine), ==, 0);
  g_assert_cmpint (sim_engine_peek_time (f->engine), ==, SIM_TIME_NEVER);
  g_assert_cmpint (run_all (f), ==, SIM_RUN_EMPTY);
  sim_engine_check (f->engine);
}

/* Test that events run in increasing time, whatever order they were scheduled in. */
static void
test_engine_events_run_in_time_order (Fixture *f, gconstpointer data)
{
  static const SimTime times[] = { 50, 10, 40, 20, 30 };
  (void)data;

  for (int i = 0; i < 5; i++)
    schedule_tag (f, times[i], i, on_event);
  sim_engine_check (f->engine);
  g_assert_cmpint (run_all (f), ==, SIM_RUN_EMPTY);
  sim_engine_check (f->engine);
  assert_ran (f, (const int[]){ 1, 3, 4, 2, 0, -1 });
}

/* Test that the clock reads each event's own time inside its callback. */
static void
test_engine_clock_reads_event_time (Fixture *f, gconstpointer data)
{
  (void)data;
  schedule_tags_at (f, 0, (const SimTime[]){ SIM_SEC (3), SIM_MSEC (1500), -1 });
  run_all (f);
  g_assert_cmpint (g_array_index (f->ran_at, SimTime, 0), ==, SIM_MSEC (1500));
  g_assert_cmpint (g_array_index (f->ran_at, SimTime, 1), ==, SIM_SEC (3));
  g_assert_cmpint (sim_engine_get_now (f->engine), ==, SIM_SEC (3));
}

/* Test that events at equal times run first in, first out. */
static void
test_engine_equal_times_run_fifo (Fixture *f, gconstpointer data)
{
  (void)data;
  for (int i = 0; i < 20; i++)
    schedule_tag (f, 7, i, on_event);
  schedule_tag (f, 3, 20, on_event);
  run_all (f);
  sim_engine_check (f->engine);
  assert_ran (f, (const int[]){ 20, 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,
                                10, 11, 12, 13, 14, 15, 16, 17, 18, 19, -1 });
}

static void
on_event_schedule_now (SimEngine *engine, gpointer user_data)
{
  Payload *p = user_data;
  record (engine, p);
  schedule_tag (p->fixture, sim_engine_get_now (engine), p->tag + 10, on_event);
  sim_engine_check (engine);
}

/* Test that an event scheduled for "now" from a callback runs after the events already queued for
 * that instant. */
static void
test_engine_same_instant_from_callback_runs_after_queued (Fixture *f, gconstpointer data)
{
  (void)data;
  schedule_tag (f, 5, 0, on_event_schedule_now);
  schedule_tags_at (f, 1, (const SimTime[]){ 5, 5, 6, -1 });
  run_all (f);
  assert_ran (f, (const int[]){ 0, 1, 2, 10, 3, -1 });
  g_assert_cmpint (g_array_index (f->ran_at, SimTime, 3), ==, 5);
}

/* Test that a cancelled event does not run and that cancel reports it was pending. */
static void
test_engine_cancel_before_dispatch (Fixture *f, gconstpointer data)
{
  (void)data;
  for (int i = 0; i < 4; i++)
    schedule_tag (f, 10 * (i + 1), i, on_event);
  g_assert_true (sim_engine_cancel (f->engine, f->ids[1]));
  sim_engine_check (f->engine);
  g_assert_false (sim_engine_is_pending (f->engine, f->ids[1]));
  g_assert_cmpuint (sim_engine_get_pending_count (f->engine), ==, 3);
  run_all (f);
  assert_ran (f, (const int[]){ 0, 2, 3, -1 });
}

/* Test that cancel returns FALSE for an event that already ran, one already cancelled, and the
 * invalid handle. */
static void
test_engine_cancel_stale_returns_false (Fixture *f, gconstpointer data)
{
  (void)data;
  schedule_tags_at (f, 0, (const SimTime[]){ 1, 2, -1 });
  g_assert_true (sim_engine_cancel (f->engine, f->ids[1]));
  run_all (f);
  g_assert_false (sim_engine_cancel (f->engine, f->ids[0]));
  g_assert_false (sim_engine_cancel (f->engine, f->ids[1]));
  g_assert_false (sim_engine_cancel (f->engine, SIM_EVENT_ID_INVALID));
  g_assert_false (sim_engine_cancel (f->engine, G_MAXUINT64));
  sim_engine_check (f->engine);
}

static void
on_event_cancel_next (SimEngine *engine, gpointer user_data)
{
  Payload *p = user_data;
  record (engine, p);
  p->fixture->cancel_result = sim_engine_cancel (engine, p->fixture->ids[p->tag + 1]);
  sim_engine_check (engine);
}

/* Test that a callback can cancel another event due at the same instant, which then does not
 * run. */
static void
test_engine_cancel_due_now_from_callback (Fixture *f, gconstpointer data)
{
  (void)data;
  schedule_tag (f, 5, 0, on_event_cancel_next);
  schedule_tags_at (f, 1, (const SimTime[]){ 5, 5, -1 });
  run_all (f);
  g_assert_true (f->cancel_result);
  assert_ran (f, (const int[]){ 0, 2, -1 });
  g_assert_cmpuint (f->destroyed[1], ==, 1);
}

static void
on_event_cancel_self (SimEngine *engine, gpointer user_data)
{
  Payload *p = user_data;
  p->fixture->cancel_result = sim_engine_cancel (engine, p->fixture->ids[p->tag]);
  /* The payload must still be valid here: the engine destroys it only after we return. */
  record (engine, p);
  g_assert_cmpuint (p->fixture->destroyed[p->tag], ==, 0);
}

/* Test that cancelling the running event from its own callback returns FALSE and destroys its
 * payload exactly once, after the callback. */
static void
test_engine_cancel_self_from_callback (Fixture *f, gconstpointer data)
{
  (void)data;
  schedule_tag (f, 5, 0, on_event_cancel_self);
  run_all (f);
  g_assert_false (f->cancel_result);
  assert_ran (f, (const int[]){ 0, -1 });
  g_assert_cmpuint (f->destroyed[0], ==, 1);
  sim_engine_check (f->engine);
}

/* Test that every payload is destroyed exactly once whether it ran, was cancelled, or was still
 * queued when the engine was freed. */
static void
test_engine_payload_destroyed_once (Fixture *f, gconstpointer data)
{
  (void)data;
  for (int i = 0; i < 6; i++)
    schedule_tag (f, 10 * i, i, on_event);
  sim_engine_cancel (f->engine, f->ids[4]);
  sim_engine_run_until (f->engine, 25);
  g_clear_pointer (&f->engine, sim_engine_free);
  for (int i = 0; i < 6; i++)
    g_assert_cmpuint (f->destroyed[i], ==, 1);
  assert_ran (f, (const int[]){ 0, 1, 2, -1 });
}

/* Test that a NULL destroy notify is allowed and the payload left alone. */
static void
test_engine_null_destroy_is_allowed (Fixture *f, gconstpointer data)
{
  int payload = 7;
  (void)data;
  SimEventId id = sim_engine_schedule_at (f->engine, 1, on_event_noop, &payload, NULL);
  g_assert_true (sim_engine_cancel (f->engine, id));
  sim_engine_schedule_at (f->engine, 1, on_event_noop, &payload, NULL);
  g_clear_pointer (&f->engine, sim_engine_free);
  g_assert_cmpint (payload, ==, 7);
}

/* Test that rescheduling moves a pending event earlier, keeping its handle and payload. */
static void
test_engine_reschedule_earlier (Fixture *f, gconstpointer data)
{
  (void)data;
  for (int i = 0; i < 8; i++)
    schedule_tag (f, 100 + i, i, on_event);
  g_assert_true (sim_engine_reschedule (f->engine, f->ids[6], 50));
  sim_engine_check (f->engine);
  g_assert_true (sim_engine_is_pending (f->engine, f->ids[6]));
  g_assert_cmpint (sim_engine_peek_time (f->engine), ==, 50);
  run_all (f);
  assert_ran (f, (const int[]){ 6, 0, 1, 2, 3, 4, 5, 7, -1 });
  g_assert_cmpuint (f->destroyed[6], ==, 1);
}

/* Test that rescheduling moves a pending event later. */
static void
test_engine_reschedule_later (Fixture *f, gconstpointer data)
{
  (void)data;
  for (int i = 0; i < 8; i++)
    schedule_tag (f, 100 + i, i, on_event);
  g_assert_true (sim_engine_reschedule (f->engine, f->ids[0], 200));
  sim_engine_check (f->engine);
  run_all (f);
  assert_ran (f, (const int[]){ 1, 2, 3, 4, 5, 6, 7, 0, -1 });
  g_assert_cmpint (g_array_index (f->ran_at, SimTime, 7), ==, 200);
}

/* Test that a rescheduled event takes a new sequence number: it runs after events already queued
 * for its new time. */
static void
test_engine_reschedule_takes_new_sequence (Fixture *f, gconstpointer data)
{
  (void)data;
  schedule_tags_at (f, 0, (const SimTime[]){ 10, 20, 20, -1 });
  g_assert_true (sim_engine_reschedule (f->engine, f->ids[0], 20));
  run_all (f);
  assert_ran (f, (const int[]){ 1, 2, 0, -1 });
}

/* Test that rescheduling an event that already ran returns FALSE. */
static void
test_engine_reschedule_stale_returns_false (Fixture *f, gconstpointer data)
{
  (void)data;
  schedule_tag (f, 10, 0, on_event);
  run_all (f);
  g_assert_false (sim_engine_reschedule (f->engine, f->ids[0], 20));
  g_assert_cmpuint (sim_engine_get_pending_count (f->engine), ==, 0);
}

/* Test that run_until runs events at the limit, leaves later ones queued, and leaves the clock at
 * the limit. */
static void
test_engine_run_until_leaves_clock_at_limit (Fixture *f, gconstpointer data)
{
  (void)data;
  schedule_tags_at (f, 0, (const SimTime[]){ 10, 30, 31, -1 });
  g_assert_cmpint (sim_engine_run_until (f->engine, 30), ==, SIM_RUN_TIME_LIMIT);
  g_assert_cmpint (sim_engine_get_now (f->engine), ==, 30);
  assert_ran (f, (const int[]){ 0, 1, -1 });
  g_assert_cmpint (sim_engine_run_until (f->engine, 30), ==, SIM_RUN_TIME_LIMIT);
  g_assert_cmpint (sim_engine_run_until (f->engine, 1000), ==, SIM_RUN_EMPTY);
  g_assert_cmpint (sim_engine_get_now (f->engine), ==, 31);
  sim_engine_check (f->engine);
}

static void
on_event_stop (SimEngine *engine, gpointer user_data)
{
  record (engine, user_data);
  sim_engine_stop (engine);
}

/* Test that stop makes run_until return after the current callback, and that a later run resumes
 * where it stopped. */
static void
test_engine_stop_returns_after_current_callback (Fixture *f, gconstpointer data)
{
  (void)data;
  schedule_tag (f, 1, 0, on_event);
  schedule_tag (f, 2, 1, on_event_stop);
  schedule_tags_at (f, 2, (const SimTime[]){ 2, 3, -1 });
  g_assert_cmpint (run_all (f), ==, SIM_RUN_STOPPED);
  assert_ran (f, (const int[]){ 0, 1, -1 });
  g_assert_cmpint (sim_engine_get_now (f->engine), ==, 2);
  g_assert_cmpuint (sim_engine_get_dispatched_count (f->engine), ==, 2);
  g_assert_cmpint (run_all (f), ==, SIM_RUN_EMPTY);
  assert_ran (f, (const int[]){ 0, 1, 2, 3, -1 });
}

/* Test that handles are never handed out twice, though slots are reused. */
static void
test_engine_ids_are_never_reused (Fixture *f, gconstpointer data)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  (void)data;

  for (int round = 0; round < 1000; round++) {
    SimEventId id = sim_engine_schedule_in (f->engine, round % 3, on_event_noop, NULL, NULL);
    g_assert_cmpuint (id, !=, SIM_EVENT_ID_INVALID);
    g_assert_true (g_hash_table_add (seen, g_memdup2 (&id, sizeof id)));
    if (round % 2 == 0)
      sim_engine_cancel (f->engine, id);
    else
      run_all (f);
  }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1000);
}

/* Test that equal-time events keep first-in, first-out order across the renumbering that happens
 * when 2^32 sequence numbers have been taken. */
static void
test_engine_fifo_survives_sequence_renumbering (Fixture *f, gconstpointer data)
{
  (void)data;
  schedule_tags_at (f, 0, (const SimTime[]){ 10, 10, -1 });
  sim_engine__set_next_seq (f->engine, (G_GUINT64_CONSTANT (1) << 32) - 1);
  schedule_tag (f, 10, 2, on_event); /* takes the last number */
  sim_engine_check (f->engine);
  schedule_tag (f, 10, 3, on_event); /* renumbers the queue first */
  sim_engine_check (f->engine);
  schedule_tag (f, 5, 4, on_event);
  g_assert_true (sim_engine_reschedule (f->engine, f->ids[0], 10));
  sim_engine_check (f->engine);
  run_all (f);
  assert_ran (f, (const int[]){ 4, 1, 2, 3, 0, -1 });
}

/* Test that a reschedule that itself triggers the renumbering moves the right event. */
static void
test_engine_reschedule_survives_sequence_renumbering (Fixture *f, gconstpointer data)
{
  (void)data;
  for (int i = 0; i < 8; i++)
    schedule_tag (f, 100 - i, i, on_event);
  sim_engine__set_next_seq (f->engine, G_GUINT64_CONSTANT (1) << 32);
  /* Pushed in decreasing time, tag 3 sits at heap index 3; sorted, it moves to index 4. */
  g_assert_true (sim_engine_reschedule (f->engine, f->ids[3], 200));
  sim_engine_check (f->engine);
  run_all (f);
  assert_ran (f, (const int[]){ 7, 6, 5, 4, 2, 1, 0, 3, -1 });
}

/* Test that scheduling before now is a programmer error, caught by a precondition. */
static void
test_engine_schedule_in_past_is_programmer_error (Fixture *f, gconstpointer data)
{
  (void)data;
  if (g_test_subprocess ()) {
    schedule_tag (f, 10, 0, on_event);
    run_all (f);
    sim_engine_schedule_at (f->engine, 5, on_event_noop, NULL, NULL);
    return;
  }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*at >= engine->now*");
}

/* ---- Random operations against a reference model ------------------------------------------ */

typedef struct {
  SimTime time;
  guint64 seq;
  int tag;
} RefEvent;

static gint
ref_compare (gconstpointer a, gconstpointer b)
{
  const RefEvent *x = a, *y = b;
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

typedef struct {
  GArray *ran; /* unowned */
  int tag;
} TagPayload;

static void
on_tag (SimEngine *engine, gpointer user_data)
{
  TagPayload *p = user_data;
  (void)engine;
  g_array_append_val (p->ran, p->tag);
}

/* Runs random schedules, cancels, reschedules and partial runs, starting from sequence number
 * @first_seq, and checks each run against a sorted reference list. */
static void
run_random_operations (guint64 first_seq)
{
  g_autoptr (SimEngine) engine = sim_engine_new ();
  g_autoptr (GArray) ref = g_array_new (FALSE, FALSE, sizeof (RefEvent));
  g_autoptr (GArray) ran = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GArray) ids = g_array_new (FALSE, TRUE, sizeof (SimEventId));
  guint64 seq = 0;
  int next_tag = 0;

  sim_engine__set_next_seq (engine, first_seq);

  for (int step = 0; step < 4000; step++) {
    SimTime now = sim_engine_get_now (engine);
    int op = g_test_rand_int_range (0, 10);
    if (op < 5 || ref->len == 0) {
      TagPayload *p = g_new (TagPayload, 1);
      p->ran = ran;
      p->tag = next_tag++;
      SimTime at = now + g_test_rand_int_range (0, 50);
      SimEventId id = sim_engine_schedule_at (engine, at, on_tag, p, g_free);
      g_array_append_val (ids, id);
      RefEvent e = { at, seq++, p->tag };
      g_array_append_val (ref, e);
    } else if (op < 7) {
      guint k = (guint)g_test_rand_int_range (0, (gint32)ref->len);
      int tag = g_array_index (ref, RefEvent, k).tag;
      g_assert_true (sim_engine_cancel (engine, g_array_index (ids, SimEventId, tag)));
      g_array_remove_index_fast (ref, k);
    } else if (op < 8) {
      guint k = (guint)g_test_rand_int_range (0, (gint32)ref->len);
      RefEvent *e = &g_array_index (ref, RefEvent, k);
      e->time = now + g_test_rand_int_range (0, 50);
      e->seq = seq++;
      g_assert_true (
          sim_engine_reschedule (engine, g_array_index (ids, SimEventId, e->tag), e->time));
    } else {
      SimTime limit = now + g_test_rand_int_range (0, 20);
      g_array_sort (ref, ref_compare);
      guint due = 0;
      while (due < ref->len && g_array_index (ref, RefEvent, due).time <= limit)
        due++;
      g_array_set_size (ran, 0);
      sim_engine_run_until (engine, limit);
      g_assert_cmpuint (ran->len, ==, due);
      for (guint i = 0; i < due; i++)
        g_assert_cmpint (g_array_index (ran, int, i), ==, g_array_index (ref, RefEvent, i).tag);
      /* The clock moves to the limit only when an event remains beyond it (SIM_RUN_TIME_LIMIT);
       * when the queue runs dry it stays at the last event run. */
      SimTime expected_now = due > 0 ? g_array_index (ref, RefEvent, due - 1).time : now;
      g_array_remove_range (ref, 0, due);
      g_assert_cmpint (sim_engine_get_now (engine), ==, ref->len > 0 ? limit : expected_now);
    }
    sim_engine_check (engine);
    g_assert_cmpuint (sim_engine_get_pending_count (engine), ==, ref->len);
  }
  g_test_message ("%d events scheduled, %u still pending", next_tag, ref->len);
}

/* Test that random schedules, cancels, reschedules and partial runs dispatch exactly the order a
 * sorted reference list gives, with the heap invariants holding after every operation. */
static void
test_engine_random_operations_match_reference (void)
{
  run_random_operations (0);
}

/* Test the same while the queue is renumbered, about a third of the way through. */
static void
test_engine_random_operations_across_renumbering (void)
{
  run_random_operations ((G_GUINT64_CONSTANT (1) << 32) - 800);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, fn)                                                                              \
  g_test_add ("/sim/engine/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("new-engine-is-empty", test_engine_new_is_empty);
  ADD ("events-run-in-time-order", test_engine_events_run_in_time_order);
  ADD ("clock-reads-event-time-in-callback", test_engine_clock_reads_event_time);
  ADD ("equal-times-run-fifo", test_engine_equal_times_run_fifo);
  ADD ("same-instant-from-callback-runs-after-queued",
       test_engine_same_instant_from_callback_runs_after_queued);
  ADD ("cancel-before-dispatch-skips-event", test_engine_cancel_before_dispatch);
  ADD ("cancel-stale-handle-returns-false", test_engine_cancel_stale_returns_false);
  ADD ("cancel-due-now-event-from-callback", test_engine_cancel_due_now_from_callback);
  ADD ("cancel-self-from-callback-destroys-once-after", test_engine_cancel_self_from_callback);
  ADD ("payload-destroyed-exactly-once", test_engine_payload_destroyed_once);
  ADD ("null-destroy-notify-is-allowed", test_engine_null_destroy_is_allowed);
  ADD ("reschedule-moves-event-earlier", test_engine_reschedule_earlier);
  ADD ("reschedule-moves-event-later", test_engine_reschedule_later);
  ADD ("reschedule-takes-new-sequence-number", test_engine_reschedule_takes_new_sequence);
  ADD ("reschedule-stale-handle-returns-false", test_engine_reschedule_stale_returns_false);
  ADD ("run-until-leaves-clock-at-limit", test_engine_run_until_leaves_clock_at_limit);
  ADD ("stop-returns-after-current-callback", test_engine_stop_returns_after_current_callback);
  ADD ("ids-are-never-reused", test_engine_ids_are_never_reused);
  ADD ("fifo-survives-sequence-renumbering", test_engine_fifo_survives_sequence_renumbering);
  ADD ("reschedule-survives-sequence-renumbering",
       test_engine_reschedule_survives_sequence_renumbering);
  ADD ("schedule-in-past-is-programmer-error", test_engine_schedule_in_past_is_programmer_error);
#undef ADD
  g_test_add_func ("/sim/engine/random-operations-match-reference",
                   test_engine_random_operations_match_reference);
  g_test_add_func ("/sim/engine/random-operations-across-renumbering-match-reference",
                   test_engine_random_operations_across_renumbering);

  return g_test_run ();
}
