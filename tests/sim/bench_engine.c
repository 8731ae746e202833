/* SPDX-License-Identifier: MIT
 * The hold-model benchmark of the event kernel (issue #2): a program, not a test, run by
 * scripts/bench-engine.sh. It compares sim/engine.c with a bare binary heap of (time, seq) pairs
 * and with a GTree used as a queue, all compiled into this one binary. */

/* fork(), pipe(), waitpid() and getrusage() are POSIX; the library code never needs them. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/engine.h"

/*
 * The hold model (Vaucher and Duval 1975; Jones 1986): N events pending; each step pops the
 * earliest, at time t, and pushes one at t + Exp(1 s). Every variant draws its delays from its own
 * GRand seeded with the same literal, and breaks ties by a sequence number taken at push, so all
 * three pop events in the same order: the checksum of the popped sequence numbers must agree.
 *
 * Each (variant, N, run) is measured in a child process, so that its peak RSS (getrusage) is its
 * own and one variant's heap does not warm or fragment memory for the next. Only the hold loop is
 * timed; pre-filling the N events and freeing them afterwards are not.
 */

#define SEED 20240601

typedef enum { VARIANT_BARE, VARIANT_KERNEL, VARIANT_GTREE, N_VARIANTS } Variant;

static const char *const variant_names[] = { "bare heap", "kernel", "GTree" };

typedef struct {
  double seconds;
  guint64 checksum;
  long max_rss_kib;
} RunResult;

/* CPU time of this process, in seconds. The two cores are shared with whatever else runs (other
 * builds); CPU time is far less disturbed by that than wall time, and equals it on an idle
 * machine, where the figures are meant to be read. */
static double
cpu_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline SimTime
draw_delay (GRand *rand)
{
  /* Exp(1 s) in microseconds, truncated: ties do happen at 1M pending and exercise FIFO order. */
  return (SimTime)(-log1p (-g_rand_double (rand)) * 1e6);
}

static inline guint64
mix (guint64 h, guint64 seq)
{
  return (h ^ seq) * G_GUINT64_CONSTANT (0x100000001b3);
}

/* ---- A bare binary heap of 16-byte (time, seq) entries ----------------------------------- */

typedef struct {
  SimTime time;
  guint64 seq;
} BareEntry;

static inline gboolean
bare_less (const BareEntry *a, const BareEntry *b)
{
  return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void
bare_push (BareEntry *heap, gsize *len, BareEntry e)
{
  gsize i = (*len)++;
  while (i > 0) {
    gsize parent = (i - 1) / 2;
    if (!bare_less (&e, &heap[parent]))
      break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = e;
}

static BareEntry
bare_pop (BareEntry *heap, gsize *len)
{
  BareEntry top = heap[0];
  BareEntry e = heap[--*len];
  gsize n = *len, i = 0;

  for (;;) {
    gsize child = 2 * i + 1;
    if (child >= n)
      break;
    if (child + 1 < n && bare_less (&heap[child + 1], &heap[child]))
      child++;
    if (!bare_less (&heap[child], &e))
      break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = e;
  return top;
}

static RunResult
run_bare (gsize n, guint64 holds)
{
  RunResult r = { 0 };
  GRand *rand = g_rand_new_with_seed (SEED);
  BareEntry *heap = g_new (BareEntry, n + 1);
  gsize len = 0;
  guint64 seq = 0;

  for (gsize i = 0; i < n; i++)
    bare_push (heap, &len, (BareEntry){ draw_delay (rand), seq++ });

  double start = cpu_seconds ();
  for (guint64 k = 0; k < holds; k++) {
    BareEntry e = bare_pop (heap, &len);
    r.checksum = mix (r.checksum, e.seq);
    bare_push (heap, &len, (BareEntry){ e.time + draw_delay (rand), seq++ });
  }
  r.seconds = cpu_seconds () - start;

  g_free (heap);
  g_rand_free (rand);
  return r;
}

/* ---- The kernel: a callback per event, a destroy notify per payload ---------------------- */

static struct {
  GRand *rand;
  guint64 seq;
  guint64 holds_left;
  guint64 checksum;
  guint64 destroyed;
} kernel_state;

static void
kernel_destroy (gpointer user_data)
{
  (void)user_data;
  kernel_state.destroyed++;
}

static void
kernel_hold (SimEngine *engine, gpointer user_data)
{
  kernel_state.checksum = mix (kernel_state.checksum, (guint64)GPOINTER_TO_SIZE (user_data));
  sim_engine_schedule_at (engine, sim_engine_get_now (engine) + draw_delay (kernel_state.rand),
                          kernel_hold, GSIZE_TO_POINTER (kernel_state.seq++), kernel_destroy);
  if (--kernel_state.holds_left == 0)
    sim_engine_stop (engine);
}

static RunResult
run_kernel (gsize n, guint64 holds)
{
  RunResult r = { 0 };
  SimEngine *engine = sim_engine_new ();

  memset (&kernel_state, 0, sizeof kernel_state);
  kernel_state.rand = g_rand_new_with_seed (SEED);
  kernel_state.holds_left = holds;
  for (gsize i = 0; i < n; i++)
    sim_engine_schedule_at (engine, draw_delay (kernel_state.rand), kernel_hold,
                            GSIZE_TO_POINTER (kernel_state.seq++), kernel_destroy);

  double start = cpu_seconds ();
  SimRunResult result = sim_engine_run_until (engine, SIM_TIME_NEVER);
  r.seconds = cpu_seconds () - start;
  r.checksum = kernel_state.checksum;

  g_assert (result == SIM_RUN_STOPPED);
  g_assert (sim_engine_get_dispatched_count (engine) == holds);
  sim_engine_free (engine);
  g_assert (kernel_state.destroyed == kernel_state.seq); /* every payload exactly once */
  g_rand_free (kernel_state.rand);
  return r;
}

/* ---- GTree as a queue, one g_new per event ------------------------------------------------ */

static gint
gtree_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const BareEntry *x = a, *y = b;
  (void)user_data;
  return bare_less (x, y) ? -1 : bare_less (y, x);
}

static void
gtree_push (GTree *tree, SimTime time, guint64 seq)
{
  BareEntry *e = g_new (BareEntry, 1);
  e->time = time;
  e->seq = seq;
  g_tree_insert (tree, e, e);
}

static RunResult
run_gtree (gsize n, guint64 holds)
{
  RunResult r = { 0 };
  GRand *rand = g_rand_new_with_seed (SEED);
  GTree *tree = g_tree_new_full (gtree_compare, NULL, g_free, NULL);
  guint64 seq = 0;

  for (gsize i = 0; i < n; i++)
    gtree_push (tree, draw_delay (rand), seq++);

  double start = cpu_seconds ();
  for (guint64 k = 0; k < holds; k++) {
    BareEntry e = *(const BareEntry *)g_tree_node_key (g_tree_node_first (tree));
    g_tree_remove (tree, &e);
    r.checksum = mix (r.checksum, e.seq);
    gtree_push (tree, e.time + draw_delay (rand), seq++);
  }
  r.seconds = cpu_seconds () - start;

  g_tree_destroy (tree);
  g_rand_free (rand);
  return r;
}

/* ---- Driver ------------------------------------------------------------------------------- */

static RunResult
run_in_child (Variant variant, gsize n, guint64 holds)
{
  int fds[2];
  RunResult r = { 0 };

  if (pipe (fds) != 0)
    g_error ("pipe: %s", g_strerror (errno));
  pid_t pid = fork ();
  if (pid < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (pid == 0) {
    close (fds[0]);
    switch (variant) {
      case VARIANT_BARE:
        r = run_bare (n, holds);
        break;
      case VARIANT_KERNEL:
        r = run_kernel (n, holds);
        break;
      case VARIANT_GTREE:
        r = run_gtree (n, holds);
        break;
      case N_VARIANTS:
      default:
        g_assert_not_reached ();
    }
    struct rusage usage;
    getrusage (RUSAGE_SELF, &usage);
    r.max_rss_kib = usage.ru_maxrss;
    if (write (fds[1], &r, sizeof r) != (ssize_t)sizeof r)
      _exit (1);
    _exit (0);
  }

  close (fds[1]);
  ssize_t got = read (fds[0], &r, sizeof r);
  close (fds[0]);
  int status = 0;
  waitpid (pid, &status, 0);
  if (got != (ssize_t)sizeof r || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("the %s run at N = %zu failed", variant_names[variant], n);
  return r;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double
median (double *values, gsize n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

typedef struct {
  gboolean ran;
  double *rates; /* owned; events per second, one per run */
  double rate;   /* their median */
  long max_rss_kib;
  guint64 checksum;
} Summary;

/* Runs every variant once per round, round after round, so that a change in the machine's load
 * (other builds on the two cores) hits all variants alike; the ratios are taken per round. */
static void
measure_size (Summary *s, gsize n, guint64 holds, int runs, gboolean with_gtree)
{
  for (int v = 0; v < N_VARIANTS; v++) {
    s[v] = (Summary){ .ran = v != VARIANT_GTREE || with_gtree };
    s[v].rates = g_new0 (double, (gsize)runs);
  }
  for (int i = 0; i < runs; i++) {
    for (int v = 0; v < N_VARIANTS; v++) {
      if (!s[v].ran)
        continue;
      RunResult r = run_in_child ((Variant)v, n, holds);
      s[v].rates[i] = (double)holds / r.seconds;
      s[v].max_rss_kib = MAX (s[v].max_rss_kib, r.max_rss_kib);
      if (i > 0 && r.checksum != s[v].checksum)
        g_error ("%s at N = %zu: checksum differs between runs", variant_names[v], n);
      s[v].checksum = r.checksum;
    }
  }
}

/* Returns the median over rounds of kernel rate / @v rate. */
static double
median_ratio (const Summary *s, Variant v, int runs)
{
  g_autofree double *ratios = g_new (double, (gsize)runs);

  for (int i = 0; i < runs; i++)
    ratios[i] = s[VARIANT_KERNEL].rates[i] / s[v].rates[i];
  return median (ratios, (gsize)runs);
}

int
main (int argc, char **argv)
{
  gint64 holds = 5000000;
  int runs = 5;
  gint64 gtree_max_n = 1000000;
  g_autofree char *only = NULL;
  g_autofree char *sizes = g_strdup ("1000,100000,1000000");
  GOptionEntry entries[] = {
    { "holds", 0, 0, G_OPTION_ARG_INT64, &holds, "Hold steps timed per run (default 5000000)",
      "K" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per variant and size; the median is shown (5)",
      "R" },
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes, "Pending-event counts (1000,100000,1000000)",
      "N,..." },
    { "gtree-max-n", 0, 0, G_OPTION_ARG_INT64, &gtree_max_n,
      "Skip the GTree queue above this N (default 1000000)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only,
      "Run one variant in this process and print its events/s (for perf)", "bare|kernel|gtree" },
    { NULL, 0, 0, G_OPTION_ARG_NONE, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- hold-model benchmark");
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || holds < 1 || runs < 1) {
    fprintf (stderr, "bench_engine: %s\n",
             error != NULL ? error->message : "bad --holds or --runs");
    return 2;
  }

  if (only != NULL) {
    static const char *const keys[] = { "bare", "kernel", "gtree" };
    gsize n = (gsize)g_ascii_strtoull (sizes, NULL, 10);
    for (int v = 0; v < N_VARIANTS; v++) {
      if (g_strcmp0 (only, keys[v]) != 0)
        continue;
      RunResult r = v == VARIANT_BARE     ? run_bare (n, (guint64)holds)
                    : v == VARIANT_KERNEL ? run_kernel (n, (guint64)holds)
                                          : run_gtree (n, (guint64)holds);
      printf ("%s N=%zu: %.2f M events/s, checksum %016" G_GINT64_MODIFIER "x\n", variant_names[v],
              n, (double)holds / r.seconds / 1e6, r.checksum);
      return 0;
    }
    fprintf (stderr, "bench_engine: unknown --only '%s'; expected bare, kernel or gtree\n", only);
    return 2;
  }

  printf ("hold model: N pending, pop the earliest, push one at now + Exp(1 s)\n");
  printf ("%" G_GINT64_FORMAT " timed holds per run (CPU time), median of %d runs, each run in "
          "its own process;\nratios are medians over rounds of kernel / x measured in the same "
          "round\n\n",
          holds, runs);
  printf ("%9s  %10s  %10s  %10s  %12s  %13s  %s\n", "N", "bare M/s", "kernel M/s", "GTree M/s",
          "kernel/bare", "kernel/GTree", "peak RSS MiB (bare/kernel/GTree)");

  gboolean all_met = TRUE;
  g_auto (GStrv) size_list = g_strsplit (sizes, ",", -1);
  for (char **p = size_list; *p != NULL; p++) {
    gsize n = (gsize)g_ascii_strtoull (*p, NULL, 10);
    Summary s[N_VARIANTS];
    measure_size (s, n, (guint64)holds, runs, (gint64)n <= gtree_max_n);
    for (int v = 0; v < N_VARIANTS; v++) {
      g_autofree double *sorted = g_memdup2 (s[v].rates, sizeof (double) * (gsize)runs);
      s[v].rate = s[v].ran ? median (sorted, (gsize)runs) : NAN;
    }
    for (int v = 1; v < N_VARIANTS; v++) {
      if (s[v].ran && s[v].checksum != s[VARIANT_BARE].checksum)
        g_error ("%s at N = %zu popped events in another order than the bare heap",
                 variant_names[v], n);
    }

    double vs_bare = median_ratio (s, VARIANT_BARE, runs);
    double vs_gtree = s[VARIANT_GTREE].ran ? median_ratio (s, VARIANT_GTREE, runs) : NAN;
    /* The GTree target is checked where issue #2 quotes GTree (N = 100 000) and above: at
     * N = 1000 even the bare heap is under 3x GTree (see this program's own output), so no
     * heap could reach 4x there. */
    all_met = all_met && vs_bare >= 0.7 && (isnan (vs_gtree) || n < 100000 || vs_gtree >= 4.0);
    char gtree_rate[16] = "skipped", gtree_ratio[16] = "-", gtree_rss[16] = "-";
    if (s[VARIANT_GTREE].ran) {
      g_snprintf (gtree_rate, sizeof gtree_rate, "%.2f", s[VARIANT_GTREE].rate / 1e6);
      g_snprintf (gtree_ratio, sizeof gtree_ratio, "%.2fx", vs_gtree);
      g_snprintf (gtree_rss, sizeof gtree_rss, "%.1f", (double)s[VARIANT_GTREE].max_rss_kib / 1024);
    }
    printf ("%9zu  %10.2f  %10.2f  %10s  %11.2fx  %13s  %.1f / %.1f / %s\n", n,
            s[VARIANT_BARE].rate / 1e6, s[VARIANT_KERNEL].rate / 1e6, gtree_rate, vs_bare,
            gtree_ratio, (double)s[VARIANT_BARE].max_rss_kib / 1024,
            (double)s[VARIANT_KERNEL].max_rss_kib / 1024, gtree_rss);
    fflush (stdout);
    for (int v = 0; v < N_VARIANTS; v++)
      g_free (s[v].rates);
  }
  printf ("\nall variants popped events in the same order (checksums agree)\n");
  printf ("target (kernel >= 0.7x bare heap at every N, >= 4x GTree at N >= 100000): %s\n",
          all_met ? "met" : "NOT met");
  return all_met ? 0 : 1;
}
