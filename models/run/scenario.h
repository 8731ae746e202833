/* SPDX-License-Identifier: MIT
 * A scenario as its author wrote it: the core settings, node groups, services and timeline (a
 * SwarmConfig), and the pools, workloads, batch families, failure processes and trace around
 * them. The INI loader in cli/ fills it; a compose or stack loader is a second producer of the
 * same model. run_scenario_build_config() turns it into the configuration a world runs, on a copy,
 * so the model itself always says what the file said (scenario.resolved.ini is written from it).
 */
#pragma once

#include <glib.h>

#include "models/failure/process.h"
#include "models/pool/pool.h"
#include "models/swarm/config.h"
#include "models/workload/batch.h"
#include "models/workload/curve.h"
#include "models/workload/driver.h"
#include "models/workload/trace.h"

/* [workload.NAME]: a replica curve driving one service. */
typedef struct {
  char *name;     /* owned; NAME */
  char *service;  /* owned; the service it scales (default NAME) */
  WlCurve *curve; /* owned */
  SimTime resolution_us;
} RunWorkload;

/* One task family of a trace: a service whose replica count follows how many of its tasks are
 * present. */
typedef struct {
  char *service;     /* owned; "trace-task-N" */
  GArray *intervals; /* (element-type WlInterval) owned: each task's presence, simulated time */
} RunTraceFamily;

/* The [trace] keys as written, every default filled in. File names are kept as written (relative
 * to the scenario's folder). Trace times are scaled at the boundary: t_sim = (t_trace − start) /
 * speedup. */
typedef struct {
  char *format;             /* owned; "alibaba-gpu-2023" or "google-2011" */
  char *nodes;              /* (nullable) owned; the machine list, Alibaba only */
  char *tasks;              /* owned; the task file, from tasks = or its alias pods = */
  SimTime start_us;         /* default 0 */
  double speedup;           /* default 1 */
  guint max_tasks;          /* 0 (the default): every task */
  double node_usd_per_hour; /* the machines' price; default 0 */
  WlGoogleScale scale;      /* Google's largest machine; default 32 CPUs and 128 GiB */
} RunTraceOptions;

/* A trace, read: what it adds to the cluster and what it replays. */
typedef struct {
  RunTraceOptions options;
  char *tasks_path;    /* owned; the task file resolved against the scenario's folder */
  guint n_tasks;       /* tasks replayed */
  guint n_machines;    /* machines of the nodes file; 0 without one */
  GPtrArray *types;    /* (element-type Ec2InstanceType) owned: one per machine shape */
  GPtrArray *groups;   /* (element-type SwarmNodeGroup) owned: "trace-N", one per shape */
  GPtrArray *services; /* (element-type SwarmServiceConfig) owned: one per family */
  GPtrArray *families; /* (element-type RunTraceFamily) owned, in order of first arrival */
} RunTrace;

/* Returns: (transfer full): an empty trace with the default options. */
RunTrace *run_trace_new (void);
void run_trace_free (RunTrace *trace);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunTrace, run_trace_free)

/* The whole scenario. Transparent: producers fill it, the run layer reads it. */
typedef struct {
  char *name;           /* owned; e.g. the file's base name without ".ini" */
  SwarmConfig *config;  /* owned: [simulation], [swarm], [ec2], [registry], [instance_type.NAME],
                           [nodes.NAME], [service.NAME] and the timeline, exactly as written */
  guint replications;   /* [simulation] replications, 1 by default */
  GPtrArray *pools;     /* (element-type PoolSpec) owned, in file order */
  PoolPolicy policy;    /* [autoscaler], shared by every pool */
  GPtrArray *workloads; /* (element-type RunWorkload) owned, in file order */
  GPtrArray *batches;   /* (element-type WlBatchSpec) owned, in file order */
  FailSpec failures;    /* [failures] */
  RunTrace *trace;      /* (nullable) owned; [trace] */
} RunScenario;

/* Returns: (transfer full): a scenario named @name with a default configuration and nothing else.
 */
RunScenario *run_scenario_new (const char *name);
void run_scenario_free (RunScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunScenario, run_scenario_free)

/**
 * run_scenario_build_config:
 * @scenario: the scenario as written
 * @error: POOL_ERROR when a pool names no group
 *
 * The configuration a world runs: a copy of @scenario's, with every pool's group labelled
 * "pool=NAME" and the trace's instance types, machine groups and task services added. Not
 * validated (swarm_config_validate()).
 *
 * Returns: (transfer full) (nullable): the configuration, or NULL with @error set.
 */
SwarmConfig *run_scenario_build_config (const RunScenario *scenario, GError **error);

/* Returns: TRUE when @service is one of the scenario's own [service.NAME] sections (not a trace
 *   family, nor a batch job the run creates). */
gboolean run_scenario_has_service (const RunScenario *scenario, const char *service);
