/* SPDX-License-Identifier: MIT
 * The texts people read: summary.txt (also printed after a run) and the descriptions of a
 * scenario's cluster, services and timeline that `swarmsim check` prints. Numbers are formatted
 * without the locale, like the CSV files, so summary.txt is byte-identical across machines. */
#include <math.h>
#include <string.h>

#include "cli/csv_out.h"
#include "cli/metrics_out.h"
#include "models/run/stats.h"
#include "cli/report.h"
#include "cli/scenario_private.h"
#include "models/ec2/catalog.h"
#include "sim/units.h"

#define GIB (1024.0 * 1024.0 * 1024.0)

/* "detected after 12.345 s", or @never when the moment never came. */
static char *
span (const char *what, SimTime from_us, SimTime to_us, const char *never)
{
  if (from_us == SIM_TIME_NEVER || to_us == SIM_TIME_NEVER)
    return g_strdup (never);
  g_autofree char *s = cli_format_seconds (to_us - from_us);
  return g_strdup_printf ("%s after %s s", what, s);
}

char *
cli_report_dup_cluster (const SwarmConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  /* The scenario was validated, so the catalog loads and has every type. */
  g_autoptr (Ec2Catalog) catalog = swarm_config_dup_catalog (config, NULL);
  g_autoptr (GString) lines = g_string_new ("");
  guint nodes = 0, vcpus = 0;
  double usd = 0.0, mem = 0.0;

  for (guint g = 0; g < config->node_groups->len; g++) {
    const SwarmNodeGroup *group = g_ptr_array_index (config->node_groups, g);
    const Ec2InstanceType *type =
        catalog != NULL ? ec2_catalog_lookup (catalog, group->instance_type) : NULL;
    g_autofree char *first = swarm_config_get_node_name (group, 1);
    g_autofree char *last = swarm_config_get_node_name (group, group->count);
    g_autofree char *price = cli_format_double (type != NULL ? type->usd_per_hour : NAN, 4);
    g_autofree char *names = group->count == 0   ? g_strdup ("template for joins")
                             : group->count == 1 ? g_strdup (first)
                                                 : g_strdup_printf ("%s … %s", first, last);
    g_string_append_printf (
        lines, "  %-10s %u × %-11s %-7s %-8s %-11s $%s/h each  (%s)\n", group->name, group->count,
        group->instance_type, orch_role_to_string (group->role),
        orch_availability_to_string (group->availability), group->availability_zone, price, names);
    /* Only what differs from EC2's usual x86 Linux node, so the common case stays one line. */
    const char *arch = type != NULL ? swarm_node_group_get_arch (group, type) : "";
    gboolean usual = g_str_equal (group->platform.os, "linux") && g_str_equal (arch, "x86_64");
    if (!usual || group->engine_labels->len > 0) {
      g_string_append_printf (lines, "  %-10s platform %s/%s", "", group->platform.os, arch);
      for (guint k = 0; k < group->engine_labels->len; k++)
        g_string_append_printf (lines, "%s%s", k == 0 ? ", engine labels " : ", ",
                                (const char *)g_ptr_array_index (group->engine_labels, k));
      g_string_append_c (lines, '\n');
    }
    if (type == NULL)
      continue;
    nodes += group->count;
    vcpus += group->count * type->vcpus;
    mem += group->count * (double)type->memory_bytes / GIB;
    usd += group->count * type->usd_per_hour;
  }

  g_autofree char *mem_text = cli_format_double (mem, 0);
  g_autofree char *usd_text = cli_format_double (usd, 4);
  return g_strdup_printf ("Cluster: %u nodes, %u vCPU, %s GiB, $%s/hour\n%s", nodes, vcpus,
                          mem_text, usd_text, lines->str);
}

char *
cli_report_dup_services (const SwarmConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  g_autoptr (GString) text = g_string_new ("Services:\n");
  for (guint s = 0; s < config->services->len; s++) {
    const SwarmServiceConfig *service = g_ptr_array_index (config->services, s);
    const OrchServiceSpec *spec = service->spec;
    g_autofree char *size = cli_scenario__format_bytes (service->image_size_bytes);
    g_autofree char *cpus = cli_format_double ((double)spec->reservations.nanocpus / 1e9, 3);
    g_autofree char *mem = cli_scenario__format_bytes (spec->reservations.memory_bytes);
    g_autofree char *delay = sim_duration_to_string (spec->restart.delay_us);
    g_autofree char *count = spec->mode == ORCH_MODE_GLOBAL
                                 ? g_strdup ("global")
                                 : g_strdup_printf ("%" G_GUINT64_FORMAT " replica%s",
                                                    spec->replicas, spec->replicas == 1 ? "" : "s");
    g_string_append_printf (text,
                            "  %-10s %s of %s (%s), reserve %s CPU and %s, restart %s after %s%s\n",
                            spec->name, count, spec->image, size, cpus, mem,
                            orch_restart_condition_to_string (spec->restart.condition), delay,
                            service->create_at_start ? "" : ", created by an action");
    for (guint c = 0; spec->constraints != NULL && c < spec->constraints->len; c++)
      g_string_append_printf (text, "  %-10s constraint %s\n", "",
                              (const char *)g_ptr_array_index (spec->constraints, c));
    for (guint p = 0; spec->platforms != NULL && p < spec->platforms->len; p++) {
      const OrchPlatform *platform = g_ptr_array_index (spec->platforms, p);
      g_string_append_printf (text, "  %-10s runs on %s/%s\n", "",
                              platform->os != NULL ? platform->os : "",
                              platform->arch != NULL ? platform->arch : "");
    }
    for (guint p = 0; spec->host_ports != NULL && p < spec->host_ports->len; p++) {
      const OrchHostPort *port = &g_array_index (spec->host_ports, OrchHostPort, p);
      g_string_append_printf (text, "  %-10s publishes %u/%s in host mode: one task per node\n", "",
                              port->port, port->is_udp ? "udp" : "tcp");
    }
  }
  if (config->services->len == 0)
    g_string_append (text, "  (none)\n");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gint
compare_actions (gconstpointer a, gconstpointer b)
{
  const SwarmAction *x = *(const SwarmAction *const *)a;
  const SwarmAction *y = *(const SwarmAction *const *)b;
  return x->at_us < y->at_us ? -1 : (x->at_us > y->at_us ? 1 : 0);
}

char *
cli_report_dup_timeline (const SwarmConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  /* g_ptr_array_sort is not stable, so ties keep their index order through a stable copy: sort
   * pointers with the index as the tie-break by doing an insertion into time buckets. */
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  for (guint i = 0; i < config->actions->len; i++) {
    SwarmAction *action = g_ptr_array_index (config->actions, i);
    guint pos = sorted->len;
    while (pos > 0 && compare_actions (&g_ptr_array_index (sorted, pos - 1), &action) > 0)
      pos--;
    g_ptr_array_insert (sorted, (gint)pos, action);
  }

  g_autoptr (GString) text = g_string_new ("Timeline:\n");
  for (guint i = 0; i < sorted->len; i++) {
    const SwarmAction *action = g_ptr_array_index (sorted, i);
    g_autofree char *clock = sim_time_format_clock (action->at_us);
    g_autofree char *what = cli_scenario__format_action (action);
    g_string_append_printf (text, "  %s %s %s\n", clock, swarm_action_kind_to_string (action->kind),
                            what);
  }
  if (sorted->len == 0)
    g_string_append (text, "  (no actions)\n");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
append_failures (GString *text, const RunReplication *rep)
{
  g_string_append_printf (text, "\nFailures (replication %u):\n", rep->index);
  for (guint i = 0; i < rep->recoveries->len; i++) {
    const SwarmRecoveryRow *row = &g_array_index (rep->recoveries, SwarmRecoveryRow, i);
    g_autofree char *at = sim_time_format_clock (row->t_failure_us);
    g_autofree char *detected =
        span ("detected", row->t_failure_us, row->t_detected_us, "not detected");
    g_autofree char *scheduled = span ("first replacement scheduled", row->t_failure_us,
                                       row->t_first_scheduled_us, "no replacement scheduled");
    g_autofree char *recovered =
        span ("recovered", row->t_failure_us, row->t_all_running_us, "not recovered");
    g_autofree char *lost = cli_format_double (row->replica_seconds_lost, 1);
    g_string_append_printf (text,
                            "  #%u %s %s at %s: %s, %s, %s; replicas lost: %u, replica-seconds "
                            "lost: %s%s%s\n",
                            row->failure, row->kind, row->target, at, detected, scheduled,
                            recovered, row->replicas_lost, lost,
                            row->leader_lost ? "; cost the leader" : "",
                            swarm_recovery_row_is_counted (row) ? ""
                                                                : " (cost nothing: not in the "
                                                                  "recovery statistics)");
  }
  if (rep->recoveries->len == 0)
    g_string_append (text, "  (none)\n");
}

/* The time the swarm had no leader, and within it no quorum: the number a lesson on managers
 * needs. */
static void
append_control_plane (GString *text, const RunReplication *rep)
{
  const RunMetric *outages = run_replication_get_metric (rep, "control_plane_outages");
  const RunMetric *unavailable = run_replication_get_metric (rep, "control_plane_unavailable_s");
  const RunMetric *losses = run_replication_get_metric (rep, "quorum_losses");
  const RunMetric *lost = run_replication_get_metric (rep, "quorum_lost_s");
  g_autofree char *unavailable_s = cli_metric_format (unavailable->value, unavailable->unit);
  g_autofree char *lost_s = cli_metric_format (lost->value, lost->unit);

  if (rep->control_plane->len == 0) {
    g_string_append_printf (text, "\nControl plane (replication %u): a leader the whole run\n",
                            rep->index);
    return;
  }

  g_string_append_printf (text,
                          "\nControl plane (replication %u): %u outage%s without a leader, %s s in "
                          "all; quorum lost %u time%s, %s s in all\n",
                          rep->index, (guint)outages->value, outages->value == 1 ? "" : "s",
                          unavailable_s, (guint)losses->value, losses->value == 1 ? "" : "s",
                          lost_s);
  for (guint i = 0; i < rep->control_plane->len; i++) {
    const SwarmControlPlaneRow *row = &g_array_index (rep->control_plane, SwarmControlPlaneRow, i);
    g_autofree char *at = sim_time_format_clock (row->start_us);
    SimTime end = row->end_us != SIM_TIME_NEVER ? row->end_us : rep->end_us;
    g_autofree char *length = cli_format_seconds (end - row->start_us);

    g_string_append_printf (text, "  #%u %s at %s for %s s%s (%s)\n", row->outage,
                            row->kind == SWARM_OUTAGE_NO_LEADER ? "no leader" : "quorum lost", at,
                            length, row->end_us == SIM_TIME_NEVER ? ", to the end of the run" : "",
                            row->cause);
  }
}

static void
append_availability (GString *text, const RunReplication *rep)
{
  g_string_append_printf (text, "\nAvailability (running replicas / desired, replication %u):\n",
                          rep->index);
  for (guint m = 0; m < rep->metrics->len; m++) {
    const RunMetric *metric = g_ptr_array_index (rep->metrics, m);
    if (!g_str_has_prefix (metric->name, "availability."))
      continue;
    g_autofree char *percent = cli_format_double (metric->value * 100.0, 3);
    g_string_append_printf (text, "  %-10s %s %%\n", metric->name + strlen ("availability."),
                            percent);
  }
}

/* Only when something is still waiting for a node: how many tasks and SwarmKit's reason, the
 * first thing to read when a service never reached its replica count. */
static void
append_pending (GString *text, const SwarmRecord *record, guint index)
{
  const GArray *rows = swarm_record_get_pending (record);
  if (rows->len == 0)
    return;
  g_string_append_printf (text, "\nStill pending at the end (replication %u):\n", index);
  for (guint i = 0; i < rows->len; i++) {
    const SwarmPendingRow *row = &g_array_index (rows, SwarmPendingRow, i);
    g_autofree char *count =
        g_strdup_printf ("%" G_GUINT64_FORMAT " task%s", row->tasks, row->tasks == 1 ? "" : "s");
    g_string_append_printf (text, "  %-10s %s: %s\n", row->service, count,
                            row->reason[0] != '\0' ? row->reason
                                                   : "not tried by the scheduler yet");
  }
}

static void
append_statistics (GString *text, const CliReport *report)
{
  g_autoptr (GPtrArray) rows = run_stats_compute (
      (RunReplication *const *)report->replications->pdata, report->replications->len);
  g_string_append_printf (text,
                          "\nOver %u replications (seeds derived from %" G_GUINT64_FORMAT
                          "; statistics.csv has every row):\n",
                          report->replications->len, report->seed);
  for (guint i = 0; i < rows->len; i++) {
    const RunStatRow *row = g_ptr_array_index (rows, i);

    /* A statistic without values (no resize in a run without pools) says nothing here. */
    if (row->n == 0)
      continue;
    g_autofree char *mean = cli_metric_format_statistic (row->mean, row->unit);
    g_autofree char *lo = cli_metric_format_statistic (row->ci95_low, row->unit);
    g_autofree char *hi = cli_metric_format_statistic (row->ci95_high, row->unit);
    g_autofree char *ci =
        isfinite (row->ci95_low) ? g_strdup_printf (" [95%% CI %s, %s]", lo, hi) : g_strdup ("");
    g_autofree char *p50 = cli_metric_format_statistic (row->p50, row->unit);
    g_autofree char *p95 = cli_metric_format_statistic (row->p95, row->unit);
    g_autofree char *p99 = cli_metric_format_statistic (row->p99, row->unit);
    g_string_append_printf (text, "  %-27s n=%-5u mean %s%s  p50 %s  p95 %s  p99 %s %s\n",
                            row->metric, row->n, mean, ci, p50, p95, p99, row->unit);
  }
}

char *
cli_report_dup_summary (const CliReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  const SwarmConfig *config = report->scenario->config;
  /* The replication whose per-time-step files are written (--plot-replication), 1 by default. */
  guint shown = report->shown > 0 ? report->shown : 1;
  const RunReplication *first = g_ptr_array_index (report->replications, shown - 1);
  g_autofree char *duration = sim_duration_to_string (config->duration_us);
  g_autofree char *cluster = cli_report_dup_cluster (config);
  g_autoptr (GString) text = g_string_new ("");

  g_string_append_printf (
      text, "swarmsim %s: scenario %s, seed %" G_GUINT64_FORMAT ", %s simulated\n\n%s",
      report->version, report->scenario->name, report->seed, duration, cluster);
  const RunMetric *cost = run_replication_get_metric (first, "cost_usd");
  g_autofree char *cost_text = cli_format_double (cost != NULL ? cost->value : NAN, 4);
  g_string_append_printf (text, "Cost: $%s for the run (per-second billing, 60 s minimum)\n",
                          cost_text);
  append_failures (text, first);
  append_control_plane (text, first);
  append_availability (text, first);
  append_pending (text, report->record, first->index);
  if (report->replications->len > 1)
    append_statistics (text, report);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
