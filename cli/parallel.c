/* SPDX-License-Identifier: MIT
 * A GThreadPool over replication indices. The only shared state is a counter under a mutex and one
 * error slot per replication; the replications' results live in slots the caller owns. The wall
 * clock is read here only to decide whether to draw the progress bar, never for results. */
#include "cli/parallel.h"

#include <stdio.h>
#include <unistd.h>

typedef struct {
  CliReplicationFunc func;
  gpointer user_data;
  GError **errors; /* one per replication, owned */
  GMutex lock;
  GCond done_cond;
  guint done; /* under lock */
} Job;

static void
run_one (gpointer data, gpointer user_data)
{
  guint index = GPOINTER_TO_UINT (data) - 1; /* shifted by one: a NULL task is not allowed */
  Job *job = user_data;
  GError *local = NULL;

  if (!job->func (index, job->user_data, &local))
    g_assert (local != NULL);
  g_mutex_lock (&job->lock);
  job->errors[index] = local;
  job->done++;
  g_cond_signal (&job->done_cond);
  g_mutex_unlock (&job->lock);
}

guint
cli_parallel_get_threads (guint threads)
{
  return threads > 0 ? threads : MAX (1u, g_get_num_processors ());
}

static void
draw_bar (const char *label, guint done, guint n)
{
  const guint width = 40;
  guint filled = n > 0 ? width * done / n : width;
  char bar[41];

  for (guint i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  fprintf (stderr, "\r%s [%s] %u/%u", label != NULL ? label : "replications", bar, done, n);
  fflush (stderr);
}

gboolean
cli_parallel_run (guint n, const CliParallelOptions *options, CliReplicationFunc func,
                  gpointer user_data, GError **error)
{
  const CliParallelOptions defaults = CLI_PARALLEL_OPTIONS_INIT;
  Job job = { func, user_data, NULL, { 0 }, { 0 }, 0 };
  GThreadPool *pool;
  gint64 start;
  gboolean tty, drawn = FALSE, ok = TRUE;
  guint threads;

  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (options == NULL)
    options = &defaults;

  threads = MIN (cli_parallel_get_threads (options->threads), MAX (n, 1u));
  job.errors = g_new0 (GError *, MAX (n, 1u));
  g_mutex_init (&job.lock);
  g_cond_init (&job.done_cond);
  tty = options->progress && isatty (STDERR_FILENO);
  start = g_get_monotonic_time ();
  pool = g_thread_pool_new (run_one, &job, (gint)threads, TRUE, NULL);
  for (guint i = 0; i < n; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);

  g_mutex_lock (&job.lock);
  while (job.done < n) {
    gint64 now = g_get_monotonic_time ();

    g_cond_wait_until (&job.done_cond, &job.lock, now + G_TIME_SPAN_SECOND / 10);
    if (tty && g_get_monotonic_time () - start > G_TIME_SPAN_SECOND) {
      draw_bar (options->label, job.done, n);
      drawn = TRUE;
    }
  }
  g_mutex_unlock (&job.lock);
  g_thread_pool_free (pool, FALSE, TRUE);
  if (drawn) {
    draw_bar (options->label, n, n);
    fputc ('\n', stderr);
  }

  for (guint i = 0; i < n; i++)
    if (job.errors[i] != NULL) {
      if (ok)
        g_propagate_prefixed_error (error, g_steal_pointer (&job.errors[i]),
                                    "replication %u: ", i + 1);
      g_clear_error (&job.errors[i]);
      ok = FALSE;
    }
  g_free (job.errors);
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.done_cond);
  return ok;
}
