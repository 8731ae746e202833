/* SPDX-License-Identifier: MIT
 * The scenario model and the one function that turns it into a world's configuration. */
#include "models/run/scenario.h"

#include <string.h>

#include "models/swarm/config_copy.h"

static void
family_free (gpointer data)
{
  RunTraceFamily *f = data;

  g_free (f->service);
  g_array_unref (f->intervals);
  g_free (f);
}

RunTrace *
run_trace_new (void)
{
  RunTrace *t = g_new0 (RunTrace, 1);

  /* Google's requests are fractions of its largest machine; 32 cores and 128 GiB are a
   * parameter, not a calibration (the trace does not say). */
  t->options.speedup = 1.0;
  t->options.scale.machine_nanocpus = 32 * G_GINT64_CONSTANT (1000000000);
  t->options.scale.machine_memory_bytes = G_GINT64_CONSTANT (128) << 30;
  t->types = g_ptr_array_new_with_free_func ((GDestroyNotify)ec2_instance_type_free);
  t->groups = g_ptr_array_new_with_free_func ((GDestroyNotify)swarm_node_group_free);
  t->services = g_ptr_array_new_with_free_func ((GDestroyNotify)swarm_service_config_free);
  t->families = g_ptr_array_new_with_free_func (family_free);
  return t;
}

void
run_trace_free (RunTrace *trace)
{
  if (trace == NULL)
    return;
  g_free (trace->options.format);
  g_free (trace->options.nodes);
  g_free (trace->options.tasks);
  g_free (trace->tasks_path);
  g_ptr_array_unref (trace->types);
  g_ptr_array_unref (trace->groups);
  g_ptr_array_unref (trace->services);
  g_ptr_array_unref (trace->families);
  g_free (trace);
}

static void
pool_spec_free (gpointer data)
{
  pool_spec_clear (data);
  g_free (data);
}

static void
workload_free (gpointer data)
{
  RunWorkload *w = data;

  g_free (w->name);
  g_free (w->service);
  wl_curve_free (w->curve);
  g_free (w);
}

static void
batch_free (gpointer data)
{
  wl_batch_spec_clear (data);
  g_free (data);
}

RunScenario *
run_scenario_new (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  RunScenario *s = g_new0 (RunScenario, 1);
  PoolPolicy policy = POOL_POLICY_INIT;

  s->name = g_strdup (name);
  s->config = swarm_config_new ();
  s->replications = 1;
  s->pools = g_ptr_array_new_with_free_func (pool_spec_free);
  s->policy = policy;
  s->workloads = g_ptr_array_new_with_free_func (workload_free);
  s->batches = g_ptr_array_new_with_free_func (batch_free);
  fail_spec_init (&s->failures);
  return s;
}

void
run_scenario_free (RunScenario *scenario)
{
  if (scenario == NULL)
    return;
  g_free (scenario->name);
  swarm_config_free (scenario->config);
  g_ptr_array_unref (scenario->pools);
  g_ptr_array_unref (scenario->workloads);
  g_ptr_array_unref (scenario->batches);
  fail_spec_clear (&scenario->failures);
  run_trace_free (scenario->trace);
  g_free (scenario);
}

SwarmConfig *
run_scenario_build_config (const RunScenario *scenario, GError **error)
{
  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (SwarmConfig) config = swarm_config_copy (scenario->config);
  for (guint i = 0; i < scenario->pools->len; i++)
    if (!pool_spec_apply (g_ptr_array_index (scenario->pools, i), config, error))
      return NULL;
  if (scenario->trace != NULL) {
    const RunTrace *t = scenario->trace;

    for (guint i = 0; i < t->types->len; i++)
      g_ptr_array_add (config->extra_instance_types,
                       ec2_instance_type_copy (g_ptr_array_index (t->types, i)));
    for (guint i = 0; i < t->groups->len; i++)
      g_ptr_array_add (config->node_groups,
                       swarm_node_group_copy (g_ptr_array_index (t->groups, i)));
    for (guint i = 0; i < t->services->len; i++)
      g_ptr_array_add (config->services,
                       swarm_service_config_copy (g_ptr_array_index (t->services, i)));
  }
  return g_steal_pointer (&config);
}

gboolean
run_scenario_has_service (const RunScenario *scenario, const char *service)
{
  g_return_val_if_fail (scenario != NULL && service != NULL, FALSE);

  for (guint i = 0; i < scenario->config->services->len; i++) {
    const SwarmServiceConfig *s = g_ptr_array_index (scenario->config->services, i);
    if (strcmp (s->spec->name, service) == 0)
      return TRUE;
  }
  return FALSE;
}
