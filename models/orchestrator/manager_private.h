/* SPDX-License-Identifier: MIT
 * The manager's insides, shared by manager.c (leadership, commit, timers) and manager_inputs.c
 * (the store writes callers make). Not part of the library's API. */
#pragma once

#include "models/orchestrator/global.h"
#include "models/orchestrator/manager.h"
#include "models/orchestrator/reaper.h"
#include "models/orchestrator/replicated.h"
#include "models/orchestrator/restart.h"
#include "models/orchestrator/scheduler.h"
#include "models/orchestrator/update.h"

/* A commit that needs more rounds than this is a feedback loop between components: a bug. */
#define ORCH_MANAGER_MAX_ROUNDS 10000

struct _OrchManager {
  OrchStore *store; /* owned */
  OrchManagerOptions options;
  gboolean leader;
  /* The components exist only while leading; SwarmKit gives each orchestrator its own restart
   * supervisor, and so do we. */
  OrchRestart *restart_repl;   /* (nullable) owned */
  OrchRestart *restart_global; /* (nullable) owned */
  OrchUpdate *update;          /* (nullable) owned */
  OrchReplicated *repl;        /* (nullable) owned */
  OrchGlobal *global;          /* (nullable) owned */
  OrchReaper *reaper;          /* (nullable) owned */
  OrchScheduler *sched;        /* (nullable) owned */
  GArray *pending;  /* (element-type OrchAction) decisions of inputs, out at the next commit */
  GArray *allocate; /* (element-type OrchTaskId) created tasks awaiting the allocator */
};
