/* SPDX-License-Identifier: MIT
 * What a simulated run records, as in-memory rows in the layout of docs/results-format.md: the CLI
 * writes them as CSV. Times are simulated microseconds; names are owned by the record. It does no
 * I/O and formats no numbers, except the narrated timeline, which is text by nature. */
#pragma once

#include <glib.h>
#include "models/orchestrator/types.h"
#include "sim/time.h"

/* timeline.csv: one row per service and time step. */
typedef struct {
  SimTime t_us;
  const char *service; /* owned by the record */
  guint64 desired;
  guint64 running; /* containers really running, partitioned nodes included */
  guint64 pending; /* tasks the store holds PENDING (no suitable node yet) */
} SwarmTimelineRow;

/* cluster.csv: one row per time step. Capacity and reservations are the managers' view and cover
 * the same nodes: those the store holds READY. A node that stopped (resize, crash, remove) or is
 * UNKNOWN after a leader change drops out of both at once, so reserved never counts tasks on
 * capacity that is not counted; until the managers notice (DOWN), both still include it. */
typedef struct {
  SimTime t_us;
  guint nodes_ready;
  gint64 cpu_capacity_nanocpus; /* Σ capacity of READY nodes */
  gint64
      cpu_reserved_nanocpus; /* Σ reservations of tasks on READY nodes that hold resources
                                (ASSIGNED ≤ state ≤ RUNNING, swarmkit nodeinfo.go), any service */
  gint64 mem_capacity_bytes;
  gint64 mem_reserved_bytes;
  double usd_per_hour;      /* instances billed now */
  double usd_total;         /* billed so far, with the 60 s minimum */
  guint managers_reachable; /* raft members that are up and not partitioned */
  guint quorum_needed; /* ⌊members / 2⌋ + 1 of the raft membership now (0 without members) */
} SwarmClusterRow;

/* nodes.csv: one row per change of a node's role, status, availability, leadership or instance
 * type (a resize changes the type when the instance starts again). */
typedef struct {
  SimTime t_us;
  const char *node; /* owned by the record */
  OrchRole role;
  OrchNodeStatus status;
  OrchAvailability availability;
  gboolean leader;
  const char *zone;          /* owned by the record: the node group's availability zone */
  const char *instance_type; /* owned by the record: the EC2 type the instance runs as now */
} SwarmNodeRow;

typedef enum {
  SWARM_DISPLAY_LAUNCHING,
  SWARM_DISPLAY_READY,
  SWARM_DISPLAY_UNKNOWN,
  SWARM_DISPLAY_DOWN,
  SWARM_DISPLAY_DRAINED,
  SWARM_DISPLAY_PAUSED,
  SWARM_DISPLAY_DISCONNECTED,
  SWARM_DISPLAY_STOPPED,
} SwarmDisplayState;

/* "launching", "ready", "unknown", "down", "drained", "paused", "disconnected", "stopped". */
const char *swarm_display_state_to_string (SwarmDisplayState state);

/* node_intervals.csv: one row per interval a node spent in one display state and one role (a
 * promotion or demotion ends an interval too). */
typedef struct {
  const char *node; /* owned by the record */
  guint row;        /* the node's rank in natural name order (swarm_name_compare), 0-based */
  SimTime start_us;
  SimTime end_us; /* the end of the run for the last interval */
  SwarmDisplayState state;
  const char *zone; /* owned by the record: the node group's availability zone */
  OrchRole role;    /* the store's role of the node, or the role it joins with before it joined */
} SwarmNodeInterval;

/* tasks.csv: one row per observed or desired state change of a task, and per change of the
 * scheduler's reason for leaving it pending. */
typedef struct {
  SimTime t_us;
  guint64 task;        /* the orchestrator's task id */
  const char *service; /* owned by the record */
  guint32 slot;
  const char *node; /* owned by the record; "" when unassigned */
  OrchTaskState state;
  OrchTaskState desired;
  const char *err;  /* owned by the record; the store's error (SwarmKit's Status.Err): why the
                       scheduler leaves the task pending, e.g. "no suitable node (insufficient
                       resources on 3 nodes)"; "" when none */
  const char *zone; /* owned by the record: the zone of @node; "" when unassigned */
  const char *instance_type; /* owned by the record: @node's instance type now; "" when
                                unassigned */
} SwarmTaskRow;

/* summary.txt: the tasks still pending at the end of the run, per service and reason. */
typedef struct {
  const char *service; /* owned by the record */
  guint64 tasks;       /* PENDING with desired ≤ RUNNING: waiting for a node */
  const char *reason;  /* owned by the record; the tasks' error, "" when the scheduler has not
                          tried them yet (no leader, or created in the run's last instant) */
} SwarmPendingRow;

typedef enum {
  SWARM_EVENT_FAILURE,
  SWARM_EVENT_DETECTED,
  SWARM_EVENT_RECOVERED,
  SWARM_EVENT_LEADER,
  SWARM_EVENT_QUORUM_LOST,
  SWARM_EVENT_QUORUM_RESTORED,
  SWARM_EVENT_ACTION,
  SWARM_EVENT_ZONE_OUTAGE,   /* an availability zone goes down: target the zone, text its nodes */
  SWARM_EVENT_ZONE_RESTORED, /* the zone comes back */
} SwarmEventKind;

/* "failure", "detected", "recovered", "leader", "quorum_lost", "quorum_restored", "action",
 * "zone_outage", "zone_restored". */
const char *swarm_event_kind_to_string (SwarmEventKind kind);

/* events.csv: one row per marked moment. */
typedef struct {
  SimTime t_us;
  SwarmEventKind kind;
  const char *target; /* owned by the record */
  const char *text;   /* owned by the record */
} SwarmEventRow;

/* recovery.csv: one row per failure (crash, partition, resize or remove). SIM_TIME_NEVER marks
 * "never happened". See docs/results-format.md, "Failures and the control plane". */
typedef struct {
  guint failure;      /* 1, 2, … in order of failure */
  const char *kind;   /* owned by the record: "crash", "partition", "resize", "remove" */
  const char *target; /* owned by the record: the node */
  SimTime t_failure_us;
  SimTime t_detected_us;        /* when the managers act on it: the node marked DOWN; a new leader
                                   elected if it led; the quorum lost if its loss broke it */
  SimTime t_first_scheduled_us; /* the first replacement of one of its lost replicas assigned */
  SimTime t_all_running_us;     /* every lost replica back (a container of its slot, or of its
                                   service on its node, running on a reachable node), and a leader
                                   again if @leader_lost; never before t_detected */
  SimTime recovery_us;          /* t_all_running − t_failure, or SIM_TIME_NEVER */
  guint replicas_lost;          /* tasks running on the node when it failed */
  double replica_seconds_lost;  /* its share of the run's replica-seconds lost: at each instant
                                   the open failures, oldest first, take the missing replicas of
                                   each service they still wait for; rows add up to at most
                                   SwarmRecordMetrics.replica_seconds_lost */
  gboolean leader_lost;         /* it cost the control plane its leader: the node led, or its
                                   loss left fewer than a quorum of managers reachable */
} SwarmRecoveryRow;

typedef enum {
  SWARM_OUTAGE_NO_LEADER,   /* from the leader lost to the next leader elected */
  SWARM_OUTAGE_QUORUM_LOST, /* from fewer than a quorum of managers reachable to a quorum again */
} SwarmOutageKind;

/* "no_leader", "quorum_lost". */
const char *swarm_outage_kind_to_string (SwarmOutageKind kind);

/* control_plane.csv: one row per interval without a leader or without a quorum. */
typedef struct {
  guint outage; /* 1, 2, … in order of start; both kinds numbered in one sequence */
  SwarmOutageKind kind;
  SimTime start_us;
  SimTime end_us;    /* SIM_TIME_NEVER: still going when the run ended */
  const char *cause; /* owned by the record: e.g. "manager-1 crash", "manager-2 crash (1 of 3
                        managers reachable, quorum 2)" */
} SwarmControlPlaneRow;

/**
 * SwarmAvailabilityRow:
 *
 * The availability of one service over the whole run (0 to the duration), integrated exactly: the
 * integrals are advanced at every change of the service's running count or desired count, not
 * read from the timeline's samples. Integers, so that they are exact: divide by 1e6 for
 * replica-seconds. "running" counts containers really running, on partitioned nodes too (the
 * timeline's running column); running above desired (a partitioned original and its replacement)
 * counts as desired. A service that does not exist (not created yet, or removed) has desired 0.
 */
typedef struct {
  const char *service;       /* owned by the record */
  gint64 up_replica_us;      /* ∫ min(running, desired) dt, in replica-microseconds */
  gint64 desired_replica_us; /* ∫ desired dt, in replica-microseconds */
} SwarmAvailabilityRow;

typedef struct _SwarmRecord SwarmRecord;

/* Each getter returns (transfer none) the rows in time order (intervals in (row, start) order);
 * the arrays live as long as the record. */
const GArray *swarm_record_get_timeline (const SwarmRecord *record);      /* SwarmTimelineRow */
const GArray *swarm_record_get_cluster (const SwarmRecord *record);       /* SwarmClusterRow */
const GArray *swarm_record_get_nodes (const SwarmRecord *record);         /* SwarmNodeRow */
const GArray *swarm_record_get_intervals (const SwarmRecord *record);     /* SwarmNodeInterval */
const GArray *swarm_record_get_tasks (const SwarmRecord *record);         /* SwarmTaskRow */
const GArray *swarm_record_get_events (const SwarmRecord *record);        /* SwarmEventRow */
const GArray *swarm_record_get_recoveries (const SwarmRecord *record);    /* SwarmRecoveryRow */
const GArray *swarm_record_get_control_plane (const SwarmRecord *record); /* SwarmControlPlaneRow,
                                                                             by start */

/* Returns: (transfer none) (element-type SwarmPendingRow): the tasks still waiting for a node
 *   when the run ended, one row per service and reason: services in the configuration's order,
 *   then the most tasks first, then the reason's text; empty until swarm_world_run() returns. */
const GArray *swarm_record_get_pending (const SwarmRecord *record);

/* Returns: (transfer none) (element-type SwarmAvailabilityRow): one row per service, in the
 *   configuration's order; complete after swarm_world_run(). */
const GArray *swarm_record_get_availability (const SwarmRecord *record);

/**
 * swarm_record_get_service_availability:
 * @record: the record of a finished run
 * @service: a service name
 * @availability_out: (out): ∫ min(running, desired) dt / ∫ desired dt, in [0, 1]; 1.0 when
 *   ∫ desired dt is 0 (nothing was ever wanted, so nothing was missing; check the row's
 *   desired_replica_us to print "n/a" instead)
 *
 * Returns: FALSE (and leaves @availability_out alone) when the record has no such service.
 */
gboolean swarm_record_get_service_availability (const SwarmRecord *record, const char *service,
                                                double *availability_out);

/* Returns: (transfer none) (element-type utf8): the narrated timeline, one line per meaningful
 *   event, each "HH:MM:SS.mmm text", e.g. "00:01:00.000 worker-2 crashes (tasks web.2, web.5
 *   lost)". */
const GPtrArray *swarm_record_get_narration (const SwarmRecord *record);

/* Returns: the number of engine events dispatched by the run (for benchmarks). */
guint64 swarm_record_get_events_dispatched (const SwarmRecord *record);

/**
 * SwarmRecordMetrics:
 *
 * A finished run's capacity, utilisation, pending-work and failure figures, computed from the
 * record's rows by swarm_record_get_metrics(). Durations are simulated seconds. A figure that does
 * not exist is NAN.
 *
 * The cluster figures weigh each cluster.csv step by the time to the next step (the last step,
 * which has no successor, weighs nothing):
 * - @capacity_cores_mean: the ready nodes' CPU capacity, in cores, time-weighted over the run;
 *   NAN when the steps span no time (fewer than two steps).
 * - @cpu_reserved_share_mean and @cpu_reserved_share_peak: the share of the ready nodes' CPU
 *   capacity that is reserved, min(reserved, capacity) / capacity, time-weighted (mean) or
 *   largest (peak) over the steps where capacity > 0, so both lie in [0, 1]; NAN when no step had
 *   capacity. Steps without capacity are left out, and reserved is capped at capacity, because the
 *   record counts the tasks of a stopped node (during a scale-up resize) as reserved until they
 *   are rescheduled while its capacity is already gone: the raw ratio then exceeds 1 and measures
 *   the resize, not the load.
 *
 * The pending figures sum the timeline.csv pending column over services at each step; a step
 * lasts until the next step (the last one, again, weighs nothing):
 * - @pending_tasks_peak: the largest sum, in tasks (every step counts, the last one too).
 * - @pending_time_s: how long at least one task was pending.
 * - @pending_task_seconds: ∫ pending dt, in task-seconds.
 *
 * The failure figures split the recovery rows into injected failures (kind "crash" or
 * "partition") and the pools' own steps (kind "resize" or "remove", see
 * swarm_recovery_row_is_resize()); detection and recovery cover injected failures only:
 * - @failures and @resizes: the rows of each kind.
 * - @detection_mean_s: mean of t_detected − t_failure over the detected ones, NAN if none.
 * - @failures_recovered: the injected failures that are counted (swarm_recovery_row_is_counted():
 *   they lost a replica or the leader) and recovered.
 * - @recovery_mean_s and @recovery_max_s: mean and largest recovery_us over those, NAN if none.
 * - @replica_seconds_lost: the run's total, Σ over services of ∫ (desired − min(running,
 *   desired)) dt: exactly Σ (desired_replica_us − up_replica_us) / 1e6 of the availability rows.
 *   The recovery rows' shares add up to at most this (the rest is start-up, scale-ups and
 *   containers that exit by themselves).
 *
 * The control-plane figures come from the control-plane rows, an outage still going at the end
 * counted to the end of the run:
 * - @control_plane_outages and @control_plane_unavailable_s: the no_leader rows and their total
 *   length.
 * - @quorum_losses and @quorum_lost_s: the quorum_lost rows and their total length.
 */
typedef struct {
  double capacity_cores_mean;
  double cpu_reserved_share_mean;
  double cpu_reserved_share_peak;
  guint64 pending_tasks_peak;
  double pending_time_s;
  double pending_task_seconds;
  guint failures;
  guint resizes;
  guint failures_recovered;
  double detection_mean_s;
  double recovery_mean_s;
  double recovery_max_s;
  double replica_seconds_lost;
  guint control_plane_outages;
  double control_plane_unavailable_s;
  guint quorum_losses;
  double quorum_lost_s;
} SwarmRecordMetrics;

/**
 * swarm_record_get_metrics:
 * @record: the record of a finished run
 * @metrics_out: (out caller-allocates): filled in whole, see #SwarmRecordMetrics
 */
void swarm_record_get_metrics (const SwarmRecord *record, SwarmRecordMetrics *metrics_out);

/* Returns: TRUE when @row is a pool's own step (a scale-up resize, or a scale-in that terminates a
 *   node: kind "resize" or "remove") rather than an injected failure. */
gboolean swarm_recovery_row_is_resize (const SwarmRecoveryRow *row);

/* Returns: TRUE when @row enters the recovery figures: it lost a replica or the leader
 *   (replicas_lost > 0 || leader_lost). A failure that cost neither, such as the crash of a
 *   drained follower manager, is detected but has nothing to recover. */
gboolean swarm_recovery_row_is_counted (const SwarmRecoveryRow *row);
