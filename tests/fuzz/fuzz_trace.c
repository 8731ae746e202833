/* SPDX-License-Identifier: MIT
 * libFuzzer target: the CSV readers (Alibaba node and pod lists, Google task events, empirical
 * laws, csv() replica curves and arrivals). The first byte picks the reader; the rest is written to
 * a file in a private folder, which the reader then loads. Each reader either fails with a
 * one-line error that names the file, or gives rows that keep its documented promises. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "cli/dist_file.h"
#include "models/workload/batch.h"
#include "models/workload/curve.h"
#include "models/workload/trace.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *dir;  /* owned for the process's life: the private folder */
static char *path; /* owned: dir/input.csv */

static void
fail (const char *what, const char *message)
{
  fprintf (stderr, "fuzz_trace: %s: %s\n", what, message != NULL ? message : "(no message)");
  abort ();
}

static void
remove_dir (void)
{
  g_unlink (path);
  g_rmdir (dir);
}

/* The error names the file and fits on one line. */
static void
expect_error (const GError *error)
{
  if (error == NULL || error->message == NULL)
    fail ("failed without an error", NULL);
  if (strchr (error->message, '\n') != NULL)
    fail ("the error spans lines", error->message);
  if (strstr (error->message, "input.csv") == NULL)
    fail ("the error does not name the file", error->message);
}

static void
check_tasks (GPtrArray *tasks)
{
  for (guint i = 0; i < tasks->len; i++) {
    const WlTraceTask *t = g_ptr_array_index (tasks, i);
    if (i > 0 &&
        t->arrival_us < ((const WlTraceTask *)g_ptr_array_index (tasks, i - 1))->arrival_us)
      fail ("tasks are not sorted by arrival", NULL);
    if (t->departure_us < t->arrival_us)
      fail ("a task leaves before it arrives", NULL);
  }
  wl_trace_tasks_rebase (tasks);
}

static void
read_with (guint8 reader)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  gboolean ok = TRUE;
  switch (reader % 6) {
    case 0:
      ok = (rows = wl_trace_load_alibaba_nodes (path, &error)) != NULL;
      break;
    case 1:
      ok = (rows = wl_trace_load_alibaba_pods (path, &error)) != NULL;
      if (ok)
        check_tasks (rows);
      break;
    case 2: {
      WlGoogleScale scale = { 32000000000, G_GINT64_CONSTANT (128) << 30 };
      ok = (rows = wl_trace_load_google_task_events (path, &scale, &error)) != NULL;
      if (ok)
        check_tasks (rows);
      break;
    }
    case 3: {
      g_autoptr (SimDist) d = cli_dist_parse ("empirical(input.csv)", dir, &error);
      ok = d != NULL;
      break;
    }
    case 4: {
      g_autoptr (WlCurve) c = wl_curve_parse ("csv(input.csv)", dir, &error);
      ok = c != NULL;
      break;
    }
    default: {
      g_autoptr (WlArrivals) a = wl_arrivals_parse ("csv(input.csv)", dir, &error);
      ok = a != NULL;
      break;
    }
  }
  if (!ok)
    expect_error (error);
  else if (error != NULL)
    fail ("succeeded with an error set", error->message);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1 || size > 256 * 1024)
    return -1;
  if (dir == NULL) {
    dir = g_dir_make_tmp ("swarmsim-fuzz-XXXXXX", NULL);
    g_assert (dir != NULL);
    path = g_build_filename (dir, "input.csv", NULL);
    atexit (remove_dir);
  }
  /* stdio, not g_file_set_contents_full (..., G_FILE_SET_CONTENTS_NONE, ...): GLib 2.74 writes
   * that in place without truncating, so a shorter input would keep the end of the one before. */
  FILE *f = fopen (path, "wb");
  if (f == NULL || fwrite (data + 1, 1, size - 1, f) != size - 1 || fclose (f) != 0)
    abort ();
  read_with (data[0]);
  return 0;
}
