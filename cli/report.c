/* SPDX-License-Identifier: MIT
 * Writes a results folder's files. Column orders follow docs/results-format.md exactly; a column
 * added there must be added here in the same commit. Rows come out in the record's order, which is
 * simulated-time order, so the files never depend on hash or pointer order. */
#include "cli/report.h"

#include <math.h>
#include <string.h>

#include "cli/csv_out.h"
#include "cli/metrics_out.h"
#include "cli/scenario_private.h"
#include "sim/units.h"

/* Opens @name in the staging folder with @header. */
static CliCsv *
open_csv (const CliResultsDir *dir, const char *name, const char *const *header, GError **error)
{
  g_autofree char *path = cli_results_dir_build_path (dir, name);
  return cli_csv_new (path, header, error);
}

/* The metric files, from the one writer that compare uses too. */
static gboolean
write_metric_files (const CliReport *report, const CliResultsDir *dir, GError **error)
{
  RunReplication *const *reps = (RunReplication *const *)report->replications->pdata;
  guint n = report->replications->len;
  g_autoptr (GPtrArray) stats = run_stats_compute (reps, n);
  g_autofree char *summary = cli_results_dir_build_path (dir, "summary.csv");
  g_autofree char *recovery = cli_results_dir_build_path (dir, "recovery.csv");
  g_autofree char *control = cli_results_dir_build_path (dir, "control_plane.csv");
  g_autofree char *statistics = cli_results_dir_build_path (dir, "statistics.csv");

  return cli_metrics_write_summary (summary, reps, n, error) &&
         cli_metrics_write_recovery (recovery, reps, n, error) &&
         cli_metrics_write_control_plane (control, reps, n, error) &&
         cli_metrics_write_statistics (statistics, NULL, &stats, 1, error);
}

static gboolean
write_timeline_csv (const SwarmRecord *record, const CliResultsDir *dir, GError **error)
{
  static const char *const header[] = { "t_s", "service", "desired", "running", "pending", NULL };
  g_autoptr (CliCsv) csv = open_csv (dir, "timeline.csv", header, error);
  if (csv == NULL)
    return FALSE;
  const GArray *rows = swarm_record_get_timeline (record);
  for (guint i = 0; i < rows->len; i++) {
    const SwarmTimelineRow *row = &g_array_index (rows, SwarmTimelineRow, i);
    cli_csv_add_seconds (csv, row->t_us);
    cli_csv_add_string (csv, row->service);
    cli_csv_add_int (csv, (gint64)row->desired);
    cli_csv_add_int (csv, (gint64)row->running);
    cli_csv_add_int (csv, (gint64)row->pending);
    cli_csv_end_row (csv);
  }
  return cli_csv_close (csv, error);
}

#define GIB (1024.0 * 1024.0 * 1024.0)

static gboolean
write_cluster_csv (const SwarmRecord *record, const CliResultsDir *dir, GError **error)
{
  static const char *const header[] = { "t_s",
                                        "nodes_ready",
                                        "cpu_capacity_cores",
                                        "cpu_reserved_cores",
                                        "mem_capacity_gib",
                                        "mem_reserved_gib",
                                        "usd_per_hour",
                                        "usd_total",
                                        "managers_reachable",
                                        "quorum_needed",
                                        NULL };
  g_autoptr (CliCsv) csv = open_csv (dir, "cluster.csv", header, error);
  if (csv == NULL)
    return FALSE;
  const GArray *rows = swarm_record_get_cluster (record);
  for (guint i = 0; i < rows->len; i++) {
    const SwarmClusterRow *row = &g_array_index (rows, SwarmClusterRow, i);
    cli_csv_add_seconds (csv, row->t_us);
    cli_csv_add_int (csv, row->nodes_ready);
    cli_csv_add_double (csv, (double)row->cpu_capacity_nanocpus / 1e9, 3);
    cli_csv_add_double (csv, (double)row->cpu_reserved_nanocpus / 1e9, 3);
    cli_csv_add_double (csv, (double)row->mem_capacity_bytes / GIB, 3);
    cli_csv_add_double (csv, (double)row->mem_reserved_bytes / GIB, 3);
    cli_csv_add_double (csv, row->usd_per_hour, 4);
    cli_csv_add_double (csv, row->usd_total, 6);
    cli_csv_add_int (csv, row->managers_reachable);
    cli_csv_add_int (csv, row->quorum_needed);
    cli_csv_end_row (csv);
  }
  return cli_csv_close (csv, error);
}

static gboolean
write_nodes_csv (const SwarmRecord *record, const CliResultsDir *dir, GError **error)
{
  static const char *const header[] = { "t_s",    "node", "role",          "status", "availability",
                                        "leader", "zone", "instance_type", NULL };
  g_autoptr (CliCsv) csv = open_csv (dir, "nodes.csv", header, error);
  if (csv == NULL)
    return FALSE;
  const GArray *rows = swarm_record_get_nodes (record);
  for (guint i = 0; i < rows->len; i++) {
    const SwarmNodeRow *row = &g_array_index (rows, SwarmNodeRow, i);
    cli_csv_add_seconds (csv, row->t_us);
    cli_csv_add_string (csv, row->node);
    cli_csv_add_string (csv, orch_role_to_string (row->role));
    cli_csv_add_string (csv, orch_node_status_to_string (row->status));
    cli_csv_add_string (csv, orch_availability_to_string (row->availability));
    cli_csv_add_int (csv, row->leader ? 1 : 0);
    cli_csv_add_string (csv, row->zone);
    cli_csv_add_string (csv, row->instance_type);
    cli_csv_end_row (csv);
  }
  return cli_csv_close (csv, error);
}

static gboolean
write_intervals_csv (const SwarmRecord *record, const CliResultsDir *dir, GError **error)
{
  static const char *const header[] = { "node",  "row",  "start_s", "end_s",
                                        "state", "zone", "role",    NULL };
  g_autoptr (CliCsv) csv = open_csv (dir, "node_intervals.csv", header, error);
  if (csv == NULL)
    return FALSE;
  const GArray *rows = swarm_record_get_intervals (record);
  for (guint i = 0; i < rows->len; i++) {
    const SwarmNodeInterval *row = &g_array_index (rows, SwarmNodeInterval, i);
    cli_csv_add_string (csv, row->node);
    cli_csv_add_int (csv, row->row);
    cli_csv_add_seconds (csv, row->start_us);
    cli_csv_add_seconds (csv, row->end_us);
    cli_csv_add_string (csv, swarm_display_state_to_string (row->state));
    cli_csv_add_string (csv, row->zone);
    cli_csv_add_string (csv, orch_role_to_string (row->role));
    cli_csv_end_row (csv);
  }
  return cli_csv_close (csv, error);
}

static gboolean
write_tasks_csv (const SwarmRecord *record, const CliResultsDir *dir, GError **error)
{
  static const char *const header[] = { "t_s",  "task",          "service", "slot",
                                        "node", "state",         "desired", "err",
                                        "zone", "instance_type", NULL };
  g_autoptr (CliCsv) csv = open_csv (dir, "tasks.csv", header, error);
  if (csv == NULL)
    return FALSE;
  const GArray *rows = swarm_record_get_tasks (record);
  for (guint i = 0; i < rows->len; i++) {
    const SwarmTaskRow *row = &g_array_index (rows, SwarmTaskRow, i);
    cli_csv_add_seconds (csv, row->t_us);
    cli_csv_add_int (csv, (gint64)row->task);
    cli_csv_add_string (csv, row->service);
    cli_csv_add_int (csv, row->slot);
    cli_csv_add_string (csv, row->node);
    cli_csv_add_string (csv, orch_task_state_to_string (row->state));
    cli_csv_add_string (csv, orch_task_state_to_string (row->desired));
    cli_csv_add_string (csv, row->err);
    cli_csv_add_string (csv, row->zone);
    cli_csv_add_string (csv, row->instance_type);
    cli_csv_end_row (csv);
  }
  return cli_csv_close (csv, error);
}

static gboolean
write_events_csv (const SwarmRecord *record, const CliResultsDir *dir, GError **error)
{
  static const char *const header[] = { "t_s", "kind", "target", "text", NULL };
  g_autoptr (CliCsv) csv = open_csv (dir, "events.csv", header, error);
  if (csv == NULL)
    return FALSE;
  const GArray *rows = swarm_record_get_events (record);
  for (guint i = 0; i < rows->len; i++) {
    const SwarmEventRow *row = &g_array_index (rows, SwarmEventRow, i);
    cli_csv_add_seconds (csv, row->t_us);
    cli_csv_add_string (csv, swarm_event_kind_to_string (row->kind));
    cli_csv_add_string (csv, row->target);
    cli_csv_add_string (csv, row->text);
    cli_csv_end_row (csv);
  }
  return cli_csv_close (csv, error);
}

static gboolean
write_text (const CliResultsDir *dir, const char *name, const char *text, GError **error)
{
  g_autofree char *path = cli_results_dir_build_path (dir, name);
  return g_file_set_contents (path, text, -1, error);
}

static char *
dup_run_ini (const CliReport *report)
{
  g_autoptr (GString) text = g_string_new ("");
  g_string_append_printf (text,
                          "# How these results were made. Same scenario, seed and version give the "
                          "same files.\n[run]\nscenario=%s\nseed=%" G_GUINT64_FORMAT
                          "\nreplications=%u\ntimeline_replication=%u\nversion=%s\n",
                          report->scenario->name, report->seed, report->replications->len,
                          report->shown > 0 ? report->shown : 1, report->version);
  g_string_append (text, "\n[seeds]\n");
  for (guint r = 0; r < report->replications->len; r++) {
    const RunReplication *rep = g_ptr_array_index (report->replications, r);
    g_string_append_printf (text, "%u=%" G_GUINT64_FORMAT "\n", rep->index, rep->seed);
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
cli_report_write (const CliReport *report, const CliResultsDir *dir, GError **error)
{
  g_return_val_if_fail (report != NULL && dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *summary = cli_report_dup_summary (report);
  g_autofree char *narration = cli_report_dup_narration (report->record);
  g_autofree char *resolved = cli_scenario_to_resolved_ini (report->scenario, report->version);
  g_autofree char *run_ini = dup_run_ini (report);

  return write_text (dir, "summary.txt", summary, error) &&
         write_metric_files (report, dir, error) &&
         write_timeline_csv (report->record, dir, error) &&
         write_cluster_csv (report->record, dir, error) &&
         write_nodes_csv (report->record, dir, error) &&
         write_intervals_csv (report->record, dir, error) &&
         write_tasks_csv (report->record, dir, error) &&
         write_events_csv (report->record, dir, error) &&
         write_text (dir, "events.log", narration, error) &&
         write_text (dir, "scenario.resolved.ini", resolved, error) &&
         write_text (dir, "run.ini", run_ini, error);
}

char *
cli_report_dup_narration (const SwarmRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  const GPtrArray *lines = swarm_record_get_narration (record);
  g_autoptr (GString) text = g_string_new ("");
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (const char *)g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
