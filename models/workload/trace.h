/* SPDX-License-Identifier: MIT
 * Cluster trace readers (libcsv): the Alibaba cluster-trace-gpu-v2023 node list (the cluster) and
 * pod list (task arrivals and departures), and Google clusterdata-2011 task_events. They turn a
 * trace into plain records with simulator units; they do not schedule anything (see replay.h for
 * that). */
#pragma once

#include <glib.h>
#include "sim/time.h"

/* One machine of an Alibaba openb_node_list file. */
typedef struct {
  char *name; /* owned; the "sn" column */
  gint64 cpu_millicores;
  gint64 memory_mib;
  guint gpus;
  char *gpu_model; /* owned; "" for a machine without GPUs */
} WlTraceNode;

void wl_trace_node_free (WlTraceNode *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlTraceNode, wl_trace_node_free)

/* One task of a trace, in simulator units: when it arrives, when it leaves, what it reserves. */
typedef struct {
  char *name;           /* owned; the pod name, or "JOB.INDEX" for Google */
  SimTime arrival_us;   /* creation_time (Alibaba) or SUBMIT (Google), on the trace's clock */
  SimTime departure_us; /* deletion_time or a terminal event; SIM_TIME_NEVER when it never leaves */
  gint64 nanocpus;      /* CPUs × 1e9 */
  gint64 memory_bytes;
  gboolean failed; /* Alibaba phase Failed; Google FAIL, EVICT, KILL or LOST ended it */
} WlTraceTask;

void wl_trace_task_free (WlTraceTask *task);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlTraceTask, wl_trace_task_free)

/**
 * wl_trace_load_alibaba_nodes:
 * @path: an openb_node_list_*.csv file: header "sn,cpu_milli,memory_mib,gpu,model", then one
 * machine per row, CPU in millicores and memory in MiB
 * @error: WL_ERROR_FILE (a missing file, one that is not a regular file, or one over 1 GiB; read
 * in chunks), WL_ERROR_INVALID for a wrong header, a missing field or a bad number, or
 * WL_ERROR_RANGE for a number out of range (cpu_milli 0 to 10^9, memory_mib 0 to 2^40, gpu 0 to
 * 10^6), with a message starting "PATH:LINE: "
 *
 * Returns: (transfer full) (element-type WlTraceNode) (nullable): the machines in file order.
 */
GPtrArray *wl_trace_load_alibaba_nodes (const char *path, GError **error);

/**
 * wl_trace_load_alibaba_pods:
 * @path: an openb_pod_list_*.csv file with the header "name,cpu_milli,memory_mib,num_gpu,gpu_milli,
 *   gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time"; times in seconds, an empty
 *   deletion_time meaning the pod never leaves
 * @error: as for wl_trace_load_alibaba_nodes(); WL_ERROR_RANGE for a reservation out of range, a
 *   time outside 0 to 9223372036853 s (whose microseconds must fit before SIM_TIME_NEVER) or a
 *   deletion before the creation
 *
 * Returns: (transfer full) (element-type WlTraceTask) (nullable): the pods sorted by arrival (file
 *   order among equal arrivals).
 */
GPtrArray *wl_trace_load_alibaba_pods (const char *path, GError **error);

/* Google 2011 task event types (the trace's "event type" column). */
typedef enum {
  WL_GOOGLE_SUBMIT = 0,
  WL_GOOGLE_SCHEDULE = 1,
  WL_GOOGLE_EVICT = 2,
  WL_GOOGLE_FAIL = 3,
  WL_GOOGLE_FINISH = 4,
  WL_GOOGLE_KILL = 5,
  WL_GOOGLE_LOST = 6,
  WL_GOOGLE_UPDATE_PENDING = 7,
  WL_GOOGLE_UPDATE_RUNNING = 8,
} WlGoogleEventType;

/* The scale of Google's normalised requests: the largest machine's capacity. */
typedef struct {
  gint64 machine_nanocpus;
  gint64 machine_memory_bytes;
} WlGoogleScale;

/**
 * wl_trace_load_google_task_events:
 * @path: a task_events part: no header, 13 comma-separated columns (time in µs, missing info, job
 * ID, task index, machine ID, event type, user, scheduling class, priority, CPU request, memory
 * request, disk request, different-machines restriction); CPU and memory requests normalised to 0–1
 * @scale: what a request of 1.0 means
 * @error: as for wl_trace_load_alibaba_nodes(); WL_ERROR_RANGE for an unknown event type, a
 *   request outside 0–1, or a row whose time is before the previous row's (the files are sorted
 *   by time, and an end read before its SUBMIT could not be paired)
 *
 * Pairs each SUBMIT of a (job, task index) with the EVICT, FAIL, FINISH, KILL or LOST that ends it;
 * a task resubmitted after such an end is a new task. Time 2^63−1 (the trace's "after the end") and
 * a missing end give SIM_TIME_NEVER.
 *
 * Returns: (transfer full) (element-type WlTraceTask) (nullable): the tasks sorted by arrival (file
 *   order among equal arrivals).
 */
GPtrArray *wl_trace_load_google_task_events (const char *path, const WlGoogleScale *scale,
                                             GError **error);

/**
 * wl_trace_tasks_rebase:
 * @tasks: (element-type WlTraceTask): tasks sorted by arrival
 *
 * Shifts every time so that the first arrival is at 0 (traces start at arbitrary offsets).
 */
void wl_trace_tasks_rebase (GPtrArray *tasks);
