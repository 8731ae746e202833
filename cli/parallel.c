/* SPDX-License-Identifier: MIT
 * A GThreadPool over replication indices. The only shared state is a counter under a mutex, one
 * error slot and one progress slot per replication; the replications' results live in slots the
 * caller owns. The wall clock is read here only to decide whether to draw the progress bar, never
 * for results. */
#include "cli/parallel.h"

#include <stdio.h>
#include <unistd.h>

typedef struct {
  CliReplicationFunc func;
  gpointer user_data;
  GError **errors; /* one per replication, owned */
  GMutex lock;
  GCond done_cond;
  guint done;     /* under lock */
  gboolean *over; /* under lock; one per replication, owned: TRUE once it has returned */
  gint64 *now_us; /* under lock; one per replication, owned: the simulated time it reported */
  gint64 *end_us; /* under lock; one per replication, owned: its duration, 0 until reported */
} Job;

/* The replication running on this thread, for cli_parallel_report_progress(): a pool thread runs
 * one replication at a time, so the thread names it without the replication's function having to
 * carry a handle through the run layer. */
typedef struct {
  Job *job;
  guint index;
} Slot;

static GPrivate current_slot = G_PRIVATE_INIT (NULL);

static void
run_one (gpointer data, gpointer user_data)
{
  guint index = GPOINTER_TO_UINT (data) - 1; /* shifted by one: a NULL task is not allowed */
  Job *job = user_data;
  Slot slot = { job, index };
  GError *local = NULL;

  g_private_set (&current_slot, &slot);
  if (!job->func (index, job->user_data, &local))
    g_assert (local != NULL);
  g_private_set (&current_slot, NULL);
  g_mutex_lock (&job->lock);
  job->errors[index] = local;
  job->over[index] = TRUE;
  job->done++;
  g_cond_signal (&job->done_cond);
  g_mutex_unlock (&job->lock);
}

void
cli_parallel_report_progress (gint64 now_us, gint64 end_us, gpointer user_data)
{
  Slot *slot = g_private_get (&current_slot);
  (void)user_data;

  if (slot == NULL)
    return;
  g_mutex_lock (&slot->job->lock);
  slot->job->now_us[slot->index] = now_us;
  slot->job->end_us[slot->index] = end_us;
  g_mutex_unlock (&slot->job->lock);
}

guint
cli_parallel_get_threads (guint threads)
{
  return threads > 0 ? threads : MAX (1u, g_get_num_processors ());
}

/* "3h 42m", "10h", "1d 2h", "12s": the largest unit, and the next one when it is not zero. */
static char *
format_span (gint64 us)
{
  static const gint64 seconds[] = { 86400, 3600, 60, 1 };
  static const char *const units[] = { "d", "h", "m", "s" };
  gint64 s = us / G_USEC_PER_SEC;
  guint i = 0;

  while (i + 1 < G_N_ELEMENTS (seconds) && s < seconds[i])
    i++;
  gint64 major = s / seconds[i],
         minor = i + 1 < G_N_ELEMENTS (seconds) ? s % seconds[i] / seconds[i + 1] : 0;
  if (minor == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "%s", major, units[i]);
  return g_strdup_printf ("%" G_GINT64_FORMAT "%s %" G_GINT64_FORMAT "%s", major, units[i], minor,
                          units[i + 1]);
}

/* The bar counts finished replications plus the fraction each running one has reported. With one
 * replication the line also says where it is in simulated time. Called under the lock. */
static void
draw_bar (const char *label, const Job *job, guint n)
{
  const guint width = 40;
  double progress = job->done;
  char bar[41];

  for (guint i = 0; i < n; i++)
    if (!job->over[i] && job->end_us[i] > 0)
      progress += (double)job->now_us[i] / (double)job->end_us[i];
  double fraction = n > 0 ? MIN (progress / n, 1.0) : 1.0;
  guint filled = (guint)(width * fraction);
  for (guint i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  fprintf (stderr, "\r%s [%s] ", label != NULL ? label : "replications", bar);
  if (n == 1 && job->end_us[0] > 0) {
    g_autofree char *now = format_span (job->over[0] ? job->end_us[0] : job->now_us[0]);
    g_autofree char *end = format_span (job->end_us[0]);
    fprintf (stderr, "replication 1/1: %u %% (simulated %s of %s)", (guint)(100 * fraction), now,
             end);
  } else
    fprintf (stderr, "%u/%u replications: %u %%", job->done, n, (guint)(100 * fraction));
  /* The line gets shorter as well as longer: clear what an earlier one left. */
  fputs ("\033[K", stderr);
  fflush (stderr);
}

/* How long a run goes before the bar shows: a second, or SWARMSIM_PROGRESS_DELAY seconds (as
 * GIT_PROGRESS_DELAY sets git's), which lets the tests see the bar of a short run. */
static gint64
progress_delay_us (void)
{
  const char *text = g_getenv ("SWARMSIM_PROGRESS_DELAY");
  guint64 seconds = 1;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, 3600, &seconds, NULL))
    seconds = 1;
  return (gint64)seconds * G_USEC_PER_SEC;
}

gboolean
cli_parallel_run (guint n, const CliParallelOptions *options, CliReplicationFunc func,
                  gpointer user_data, GError **error)
{
  const CliParallelOptions defaults = CLI_PARALLEL_OPTIONS_INIT;
  Job job = { func, user_data, NULL, { 0 }, { 0 }, 0, NULL, NULL, NULL };
  GThreadPool *pool;
  gint64 start, delay_us;
  gboolean tty, drawn = FALSE, ok = TRUE;
  guint threads;

  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (options == NULL)
    options = &defaults;

  threads = MIN (cli_parallel_get_threads (options->threads), MAX (n, 1u));
  job.errors = g_new0 (GError *, MAX (n, 1u));
  job.over = g_new0 (gboolean, MAX (n, 1u));
  job.now_us = g_new0 (gint64, MAX (n, 1u));
  job.end_us = g_new0 (gint64, MAX (n, 1u));
  g_mutex_init (&job.lock);
  g_cond_init (&job.done_cond);
  tty = options->progress && isatty (STDERR_FILENO);
  delay_us = progress_delay_us ();
  start = g_get_monotonic_time ();
  pool = g_thread_pool_new (run_one, &job, (gint)threads, TRUE, NULL);
  for (guint i = 0; i < n; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);

  g_mutex_lock (&job.lock);
  while (job.done < n) {
    gint64 now = g_get_monotonic_time ();

    g_cond_wait_until (&job.done_cond, &job.lock, now + G_TIME_SPAN_SECOND / 10);
    if (tty && g_get_monotonic_time () - start >= delay_us) {
      draw_bar (options->label, &job, n);
      drawn = TRUE;
    }
  }
  if (drawn) {
    draw_bar (options->label, &job, n);
    fputc ('\n', stderr);
  }
  g_mutex_unlock (&job.lock);
  g_thread_pool_free (pool, FALSE, TRUE);

  for (guint i = 0; i < n; i++)
    if (job.errors[i] != NULL) {
      if (ok)
        g_propagate_prefixed_error (error, g_steal_pointer (&job.errors[i]),
                                    "replication %u: ", i + 1);
      g_clear_error (&job.errors[i]);
      ok = FALSE;
    }
  g_free (job.errors);
  g_free (job.over);
  g_free (job.now_us);
  g_free (job.end_us);
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.done_cond);
  return ok;
}
