/* SPDX-License-Identifier: MIT
 * The parsed pool, autoscaler, workload, batch, trace and failure sections, shared by the file
 * that reads them (scenario_ext.c) and the one that writes them back resolved
 * (scenario_ext_write.c). Only cli/ includes this. */
#pragma once

#include "cli/scenario_ext.h"
#include "cli/scenario_trace_private.h"
#include "models/failure/injector.h"
#include "models/pool/pool.h"
#include "models/workload/batch.h"
#include "models/workload/curve.h"

typedef struct {
  char *name;     /* owned; NAME of [workload.NAME] */
  char *service;  /* owned */
  WlCurve *curve; /* owned */
  SimTime resolution_us;
} CurveEntry;

struct _CliScenarioExt {
  GPtrArray *pools;   /* (element-type PoolSpec) owned */
  PoolPolicy policy;  /* [autoscaler], shared by every pool */
  GPtrArray *curves;  /* (element-type CurveEntry) owned */
  GPtrArray *batches; /* (element-type WlBatchSpec) owned */
  FailSpec failures;
  CliTrace *trace; /* (nullable) owned; [trace] */
  SimTime duration_us;
};
