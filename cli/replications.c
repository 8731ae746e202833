/* SPDX-License-Identifier: MIT
 * The replication loop. A replication's world is reduced to its metrics and freed at once
 * (one replication of the first scenario excepted, when asked), so memory stays flat however many
 * replications run. */
#include "cli/replications.h"

#include "cli/parallel.h"

typedef struct {
  CliScenario *const *scenarios; /* unowned */
  guint n;                       /* replications per scenario */
  guint64 seed;
  guint keep;             /* the slot to keep whole + 1; 0: none */
  RunReplication **slots; /* owned by the caller; n_scenarios × n */
  SwarmRun *first;        /* owned; written by slot keep − 1 only */
  gboolean check_invariants;
} Loop;

static gboolean
run_slot (guint slot, gpointer user_data, GError **error)
{
  Loop *loop = user_data;
  const CliScenario *scenario = loop->scenarios[slot / loop->n];
  guint index = slot % loop->n + 1;
  guint64 seed = swarm_run_replication_seed (loop->seed, index);
  g_autoptr (SwarmRun) run = swarm_run_new (scenario->model, scenario->config, seed, error);

  if (run != NULL)
    swarm_run_set_check_invariants (run, loop->check_invariants);
  if (run == NULL ||
      !swarm_run_execute_with_progress (run, cli_parallel_report_progress, NULL, error)) {
    g_prefix_error (error, "%s: seed %" G_GUINT64_FORMAT ": ", scenario->name, seed);
    return FALSE;
  }
  loop->slots[slot] = run_replication_new (run, index);
  if (slot + 1 == loop->keep)
    loop->first = g_steal_pointer (&run);
  return TRUE;
}

GPtrArray *
cli_replications_run (CliScenario *const *scenarios, guint n_scenarios, guint64 seed, guint n,
                      const CliReplicationsOptions *options, SwarmRun **first_out, GError **error)
{
  g_return_val_if_fail (scenarios != NULL && n_scenarios > 0 && n > 0 && options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  guint total = n_scenarios * n;
  g_autofree RunReplication **slots = g_new0 (RunReplication *, total);
  Loop loop = { scenarios,
                n,
                seed,
                first_out != NULL && options->keep <= n ? options->keep : 0,
                slots,
                NULL,
                options->check_invariants };
  CliParallelOptions parallel = CLI_PARALLEL_OPTIONS_INIT;

  parallel.threads = options->threads;
  parallel.progress = options->progress;
  parallel.label = options->label;
  if (!cli_parallel_run (total, &parallel, run_slot, &loop, error)) {
    for (guint i = 0; i < total; i++)
      run_replication_free (slots[i]);
    swarm_run_free (loop.first);
    return NULL;
  }
  GPtrArray *out = g_ptr_array_new_full (total, (GDestroyNotify)run_replication_free);
  for (guint i = 0; i < total; i++)
    g_ptr_array_add (out, slots[i]);
  if (first_out != NULL)
    *first_out = loop.first;
  return out;
}
