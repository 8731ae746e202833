/* SPDX-License-Identifier: MIT
 * What every fuzz target does first: a GLib warning or critical (a g_return_if_fail on bad input)
 * aborts with the message, as G_DEBUG=fatal-warnings does in the tests, but through abort() so that
 * libFuzzer catches it and saves the input (GLib's own fatal path may trap instead). */
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);

static void
abort_on_log (const char *domain, GLogLevelFlags level, const char *message, gpointer user_data)
{
  (void)user_data;
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return;
  fprintf (stderr, "%s: %s\n", domain != NULL ? domain : "(no domain)", message);
  abort ();
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  g_log_set_default_handler (abort_on_log, NULL);
  return 0;
}
