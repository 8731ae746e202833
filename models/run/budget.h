/* SPDX-License-Identifier: MIT
 * The size of a run, estimated before anything is allocated: samples, heartbeats, batch jobs,
 * replica curves, managers and services, each the product of the keys that drive it, checked
 * against a budget so that an input that would grow until the process dies is refused up front
 * with the key to change. Not a guarantee on wall time: the scheduler's own costs are not modelled.
 */
#pragma once

#include <glib.h>

#include "models/run/scenario.h"
#include "models/swarm/config.h"

#define RUN_BUDGET_ERROR (run_budget_error_quark ())
GQuark run_budget_error_quark (void);

typedef enum {
  RUN_BUDGET_ERROR_EXCEEDED, /* the run would exceed a budget */
} RunBudgetError;

/* The budgets (scenarios/README.md, "Limits"), each set from a measurement on a 2-vCPU machine
 * (RelWithDebInfo, gcc 12) so that a run at the limit takes minutes and a few GB, not hours:
 * - sample rows, timeline.csv plus cluster.csv: about 5.5 µs and 35 bytes each;
 * - heartbeats, nodes × duration / heartbeat_period: about 0.4 µs each;
 * - batch jobs: each is a service, about 1 ms each, more when many wait;
 * - curve points, duration / resolution of every ramp and sine;
 * - a curve's peak: [service] replicas' own bound;
 * - managers: raft counts every node at each manager change (16 000: 6.7 s, 32 000: 36 s);
 * - services: the metrics look services up by name (16 000 services: 47 s for a 10 s run). */
#define RUN_BUDGET_MAX_SAMPLE_ROWS    2e7
#define RUN_BUDGET_MAX_HEARTBEATS     2e8
#define RUN_BUDGET_MAX_JOBS           1e5
#define RUN_BUDGET_MAX_CURVE_POINTS   1e6
#define RUN_BUDGET_MAX_CURVE_REPLICAS 1000000
#define RUN_BUDGET_MAX_MANAGERS       1000
#define RUN_BUDGET_MAX_SERVICES       5000

/* What a run would hold and do. Counts are doubles: a product of keys may exceed any integer. */
typedef struct {
  double samples;      /* duration / step + 1 */
  double sample_rows;  /* samples × (services + 1): timeline.csv rows plus cluster.csv rows */
  double sample_bytes; /* their approximate size, in memory and on disk */
  double nodes;        /* at start, plus joins and the scale-out pools' room to grow */
  double heartbeats;   /* nodes × duration / heartbeat_period */
  double jobs;         /* expected batch jobs, every family */
  double curve_points; /* ramp and sine samples, every workload */
  guint64 curve_peak;  /* the largest replica count any curve asks for */
  guint managers;      /* manager nodes at start */
  guint services;      /* configured services, the trace's families included */
} RunBudgetEstimate;

/**
 * run_budget_estimate:
 * @scenario: the scenario as written
 * @config: run_scenario_build_config() of @scenario
 * @estimate_out: (out): the estimate
 *
 * Computes the estimate without allocating anything that grows with it: a curve's changes are
 * listed only once its points are known to be within budget.
 */
void run_budget_estimate (const RunScenario *scenario, const SwarmConfig *config,
                          RunBudgetEstimate *estimate_out);

/**
 * run_budget_check:
 * @scenario: the scenario as written
 * @config: run_scenario_build_config() of @scenario, validated
 * @error: RUN_BUDGET_ERROR_EXCEEDED
 *
 * Refuses a run that would exceed a budget. The message is one line, "[section] key: the
 * estimate and how it was made; expected at most the budget: what to change", e.g. "[simulation]
 * step: 3650d / 1s × (3 services + 1) = 1.3e9 timeline and cluster rows (about 41 GB); expected
 * at most 2e7: raise step or shorten duration"; the caller adds the file's path.
 *
 * Returns: TRUE when the run is within every budget.
 */
gboolean run_budget_check (const RunScenario *scenario, const SwarmConfig *config, GError **error);
