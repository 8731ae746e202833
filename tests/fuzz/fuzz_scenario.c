/* SPDX-License-Identifier: MIT
 * libFuzzer target: the scenario loader. Any text either fails with an error, or loads; a loaded
 * scenario's resolved file loads again and resolves to the same text (the promise of
 * cli_scenario_to_resolved_ini). Not a test of what a scenario means. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/scenario.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Relative file names (traces, empirical laws, csv() curves) resolve against the shipped
 * scenarios' folder, so the corpus's trace-replay.ini finds its data. */
#define FUZZ_PATH SWARMSIM_FUZZ_SCENARIOS_DIR "/fuzz.ini"

static void
fail (const char *what, const char *first, const char *second)
{
  fprintf (stderr, "fuzz_scenario: %s\n--- first\n%s\n--- second\n%s\n", what, first,
           second != NULL ? second : "");
  abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* Scenario files larger than this are not what the loader is being fuzzed for. */
  if (size > 64 * 1024)
    return -1;
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (CliScenario) first = cli_scenario_parse (text, FUZZ_PATH, NULL, &error);
  if (first == NULL) {
    /* Every failure is an error with a message of one line. */
    if (error == NULL || error->message == NULL || strchr (error->message, '\n') != NULL)
      fail ("failed without a one-line error", text, error != NULL ? error->message : NULL);
    return 0;
  }
  g_autofree char *resolved = cli_scenario_to_resolved_ini (first, "fuzz");
  g_autoptr (CliScenario) second = cli_scenario_parse (resolved, FUZZ_PATH, NULL, &error);
  if (second == NULL)
    fail (error->message, text, resolved);
  g_autofree char *again = cli_scenario_to_resolved_ini (second, "fuzz");
  if (g_strcmp0 (resolved, again) != 0)
    fail ("the resolved file resolves to another text", resolved, again);
  return 0;
}
