/* SPDX-License-Identifier: MIT
 * libFuzzer target: the value parsers of the scenario language (durations, byte sizes, CPUs,
 * distributions, replica curves, arrival processes, placement constraints). The first byte picks
 * the parser, the rest is the text. Each parser either fails with an error or gives a value, and a
 * value that has a canonical text reads back to the same text. Files are read by the trace target.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "models/orchestrator/constraint.h"
#include "models/workload/batch.h"
#include "models/workload/curve.h"
#include "sim/dist.h"
#include "sim/units.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* csv() files are looked up here, a folder that does not exist: file errors, not file reading. */
#define NO_DIR "/nonexistent-swarmsim-fuzz"

static void
fail (const char *what, const char *text, const char *first, const char *second)
{
  fprintf (stderr, "fuzz_values: %s\n--- input\n%s\n--- first\n%s\n--- second\n%s\n", what, text,
           first != NULL ? first : "", second != NULL ? second : "");
  abort ();
}

static void
expect_error (const char *text, const GError *error)
{
  if (error == NULL || error->message == NULL || error->message[0] == '\0')
    fail ("failed without an error", text, NULL, NULL);
}

/* An empirical law's "file" is the values themselves, separated by ';' ("1s;250ms"), so that the
 * reader's contract is fuzzed without files. */
static gboolean
read_values (const char *file, GArray *values_us_out, gpointer user_data, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (file, ";", 64);
  (void)user_data;
  for (guint i = 0; parts[i] != NULL; i++) {
    SimTime v;
    if (parts[i][0] == '\0')
      continue;
    if (!sim_parse_duration (parts[i], &v, error))
      return FALSE;
    g_array_append_val (values_us_out, v);
  }
  return TRUE;
}

static void
fuzz_duration (const char *text)
{
  g_autoptr (GError) error = NULL;
  SimTime us, again;
  if (!sim_parse_duration (text, &us, &error)) {
    expect_error (text, error);
    return;
  }
  if (us < 0)
    fail ("negative duration", text, NULL, NULL);
  g_autofree char *canon = sim_duration_to_string (us);
  if (!sim_parse_duration (canon, &again, NULL) || again != us)
    fail ("the duration's text reads back to another value", text, canon, NULL);
}

static void
fuzz_bytes_cpus (const char *text)
{
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  gint64 bytes, nanocpus;
  if (!sim_parse_bytes (text, &bytes, &e1))
    expect_error (text, e1);
  else if (bytes < 0)
    fail ("negative byte size", text, NULL, NULL);
  if (!sim_parse_cpus (text, &nanocpus, &e2))
    expect_error (text, e2);
  else if (nanocpus < 0)
    fail ("negative CPU amount", text, NULL, NULL);
}

static void
fuzz_dist (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SimDist) d = sim_dist_parse (text, read_values, NULL, &error);
  if (d == NULL) {
    expect_error (text, error);
    return;
  }
  g_autofree char *canon = sim_dist_to_string (d);
  g_autoptr (SimDist) d2 = sim_dist_parse (canon, read_values, NULL, &error);
  if (d2 == NULL)
    fail (error->message, text, canon, NULL);
  g_autofree char *canon2 = sim_dist_to_string (d2);
  if (g_strcmp0 (canon, canon2) != 0)
    fail ("the law's text reads back to another law", text, canon, canon2);
}

static void
fuzz_curve (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WlCurve) c = wl_curve_parse (text, NO_DIR, &error);
  if (c == NULL) {
    expect_error (text, error);
    return;
  }
  g_autofree char *canon = wl_curve_to_string (c);
  g_autoptr (WlCurve) c2 = wl_curve_parse (canon, NO_DIR, &error);
  if (c2 == NULL)
    fail (error->message, text, canon, NULL);
  g_autofree char *canon2 = wl_curve_to_string (c2);
  if (g_strcmp0 (canon, canon2) != 0)
    fail ("the curve's text reads back to another curve", text, canon, canon2);
  static const SimTime at[] = { 0, 1, 1000000, 3600000000, G_MAXINT64 / 2 };
  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    if (wl_curve_eval (c, at[i]) != wl_curve_eval (c2, at[i]))
      fail ("the curve's text evaluates differently", text, canon, canon2);
  /* A bounded run: one hour sampled every minute. */
  g_autoptr (GArray) changes = wl_curve_get_changes (c, 3600000000, 60000000);
  for (guint i = 1; i < changes->len; i++)
    if (g_array_index (changes, WlReplicaChange, i).t_us <=
        g_array_index (changes, WlReplicaChange, i - 1).t_us)
      fail ("the curve's changes are not in increasing time", text, canon, NULL);
}

static void
fuzz_arrivals (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WlArrivals) a = wl_arrivals_parse (text, NO_DIR, &error);
  if (a == NULL) {
    expect_error (text, error);
    return;
  }
  g_autofree char *canon = wl_arrivals_to_string (a);
  g_autoptr (WlArrivals) a2 = wl_arrivals_parse (canon, NO_DIR, &error);
  if (a2 == NULL)
    fail (error->message, text, canon, NULL);
  g_autofree char *canon2 = wl_arrivals_to_string (a2);
  if (g_strcmp0 (canon, canon2) != 0)
    fail ("the arrival process's text reads back to another", text, canon, canon2);
}

static void
fuzz_constraint (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (OrchConstraint) c = orch_constraint_parse (text, &error);
  if (c == NULL)
    expect_error (text, error);
  /* A list: the text split at newlines, as a scenario's repeated constraint keys. */
  g_auto (GStrv) lines = g_strsplit (text, "\n", 16);
  g_autoptr (GPtrArray) exprs = g_ptr_array_new ();
  for (guint i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (exprs, lines[i]);
  g_autoptr (GError) list_error = NULL;
  g_autoptr (GPtrArray) list = orch_constraint_parse_list (exprs, &list_error);
  if (list == NULL)
    expect_error (text, list_error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1 || size > 4096)
    return -1;
  g_autofree char *text = g_strndup ((const char *)data + 1, size - 1);
  switch (data[0] % 6) {
    case 0:
      fuzz_duration (text);
      break;
    case 1:
      fuzz_bytes_cpus (text);
      break;
    case 2:
      fuzz_dist (text);
      break;
    case 3:
      fuzz_curve (text);
      break;
    case 4:
      fuzz_arrivals (text);
      break;
    default:
      fuzz_constraint (text);
      break;
  }
  return 0;
}
