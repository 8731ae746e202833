/* SPDX-License-Identifier: MIT
 * Internal to models/swarm: the world's state and the functions its files share. The world is
 * split by concern: world.c (building, running, the public API), world_nodes.c (instances and node
 * lifecycle), world_node_admin.c (manager-side node actions), world_raft.c (leadership),
 * world_control.c (dispatcher, orchestrator glue), world_agent.c (agents and containers),
 * world_recovery.c (failure rows and control-plane outages), world_availability.c (availability
 * integrals, task rows), world_narrate.c (task lines of the narrated timeline), world_signals.c
 * (signals to other models), world_query.c (sampling and the read-only API). */
#pragma once

#include <glib.h>
#include "models/ec2/billing.h"
#include "models/ec2/catalog.h"
#include "models/orchestrator/manager.h"
#include "models/swarm/config.h"
#include "models/swarm/heartbeat.h"
#include "models/swarm/record_private.h"
#include "models/swarm/world.h"
#include "sim/engine.h"
#include "sim/rng.h"

typedef enum {
  NODE_PHASE_LAUNCHING, /* the instance boots */
  NODE_PHASE_DOCKER,    /* dockerd starts */
  NODE_PHASE_JOINING,   /* docker swarm join */
  NODE_PHASE_UP,        /* in the swarm, containers can run */
  NODE_PHASE_CRASHED,   /* instance failed; billing goes on */
  NODE_PHASE_LEFT,      /* left the swarm; instance still running */
  NODE_PHASE_STOPPED,   /* instance stopped (resize) or terminated */
} NodePhase;

typedef struct _WorldNode WorldNode;
typedef struct _WorldService WorldService;
typedef struct _AgentTask AgentTask;
typedef struct _TaskCount TaskCount;

/* The running totals behind every sample (world_counters.c). */
typedef struct {
  guint ready_nodes;        /* store nodes READY */
  gint64 capacity_nanocpus; /* … and their capacity */
  gint64 capacity_mem_bytes;
  gint64 reserved_nanocpus; /* tasks holding resources on those READY nodes (any service) */
  gint64 reserved_mem_bytes;
  gint64 service_reserved_nanocpus; /* tasks of live services holding resources, on any node */
  gint64 service_reserved_mem_bytes;
} SwarmCounters;

struct _WorldNode {
  guint index;                 /* creation order */
  char *name;                  /* owned */
  const SwarmNodeGroup *group; /* unowned (the config) */
  const Ec2InstanceType *type; /* unowned (the world's catalog) */
  OrchNodeId orch_id;          /* 0 until it first joins */
  OrchRole join_role;          /* the role it joins (or rejoins) with */
  gboolean raft_member;        /* a voting manager */
  NodePhase phase;
  gboolean partitioned;   /* cut off from the managers */
  gboolean connected;     /* has a session with the current leader's dispatcher */
  gboolean unknown_grace; /* its DOWN deadline is the leader-change grace, not 3 periods */
  const Ec2InstanceType *resize_to; /* (nullable) the type to start with after a stop */
  SwarmHeartbeat hb;
  guint32 epoch; /* sessions so far */
  guint64 hb_key;
  SimEventId lifecycle_ev; /* launch → docker → join steps, terminate */
  SimEventId expiry_ev;    /* the dispatcher's DOWN deadline for this node */
  SimEventId reconnect_ev; /* the agent's next session attempt */
  SimEventId orphan_ev;    /* 24 h after DOWN */
  SimEventId assign_ev;    /* assignment batch delivery */
  GArray *assign_queue;    /* (element-type OrchTaskId) owned */
  guint ledger_run;        /* 0 when not billed */
  GHashTable *images;      /* (element-type utf8 utf8) owned set; looked up only */
  GPtrArray *tasks;        /* (element-type AgentTask) unowned: world->agent_tasks owns */
  SimRng *rng;             /* (nullable) owned, "agent/<name>", created on first use */
  SimRng *raft_rng;        /* (nullable) owned, "raft/<name>", created on first use */
  /* What the record last showed, to append rows on change only. */
  SwarmNodeRow last_row;
  SwarmDisplayState display;
  SimTime display_since;
  /* The counters (world_counters.c): what its tasks reserve, and what it adds to the totals. */
  gint64 reserved_nanocpus;
  gint64 reserved_mem_bytes;
  gboolean counted_ready;
  gint64 counted_nanocpus;
  gint64 counted_mem_bytes;
};

/* The task a slot last had scheduled, to name the node a replacement replaces. */
typedef struct {
  OrchTaskId task;
  const char *node; /* (nullable) interned in the record */
} SlotLast;

typedef struct _SwarmNarration SwarmNarration;

struct _WorldService {
  guint index;                 /* config order */
  SwarmServiceConfig *cfg;     /* unowned (the config, or own_cfg) */
  SwarmServiceConfig *own_cfg; /* (nullable) owned: created by swarm_world_create_service() */
  const char *name;            /* interned in the record */
  OrchServiceId id;            /* 0 before creation and after removal */
  gint64 image_size_bytes;     /* current; a service update may change it */
  guint64 running_total;       /* containers RUNNING anywhere */
  guint64 running_visible;     /* … on nodes that are not partitioned */
  GArray *slots;          /* (element-type SlotLast) owned; indexed by slot (replicated only) */
  guint64 desired_now;    /* the desired count since avail_since, for the availability integrals */
  SimTime avail_since;    /* the integrals of record->availability cover [0, avail_since) */
  gboolean desired_dirty; /* the orchestrator touched its tasks: refresh desired_now */
  gint64 reserved_nanocpus; /* its tasks holding resources, on any node (world_counters.c) */
  gint64 reserved_mem_bytes;
  guint64 pending_tasks;    /* its tasks PENDING with desired ≤ RUNNING */
  const char *pending_said; /* (nullable) interned: the pending reason the timeline last told for
                               it; back to NULL when none of its tasks is pending */
};

struct _AgentTask {
  OrchTaskId id;
  WorldNode *node;   /* unowned */
  WorldService *svc; /* unowned */
  guint32 slot;
  OrchTaskState state; /* the agent's view: what the container is doing */
  OrchTaskState desired;
  SimEventId ev;     /* the step in progress (pull, start, exit, stop) */
  gboolean stopping; /* shutting down: the step in progress is the stop */
};

typedef enum {
  WRITE_NODE_STATUS,
  WRITE_TASK_STATE,
} WriteKind;

typedef struct {
  WriteKind kind;
  OrchNodeId node;
  OrchTaskId task;
  guint32 value; /* OrchNodeStatus or OrchTaskState */
} DispatchWrite;

/* The open failures and control-plane outages being measured (world_recovery.c). */
typedef struct _WorldRecovery WorldRecovery;

/* The invariant checker's state (world_invariants.c). */
typedef struct _WorldInvariants WorldInvariants;

struct _SwarmWorld {
  const SwarmConfig *config; /* unowned: outlives the world */
  guint64 seed;
  SimEngine *engine;         /* owned */
  Ec2Catalog *catalog;       /* owned */
  Ec2Ledger *ledger;         /* owned */
  OrchManager *manager;      /* owned: the replicated store and the leader's components */
  SimRng *shuffle_rng;       /* owned, "orchestrator/shuffle" */
  SimRng *dispatcher_rng;    /* owned, "dispatcher/unknown" */
  GPtrArray *nodes;          /* (element-type WorldNode) owned, in creation order */
  GHashTable *node_by_name;  /* name → WorldNode; looked up only */
  GHashTable *node_by_orch;  /* OrchNodeId → WorldNode; looked up only */
  GPtrArray *services;       /* (element-type WorldService) owned, in config order */
  GHashTable *service_by_id; /* OrchServiceId → WorldService; looked up only */
  GHashTable *agent_tasks;   /* OrchTaskId (boxed guint64) → AgentTask, owned; looked up only */
  GHashTable *joined_per_group; /* group name → count of nodes named so far; looked up only */
  WorldNode *leader;            /* (nullable) */
  SimTime leader_since;
  SimEventId election_ev;
  WorldNode *candidate;        /* (nullable) who campaigns at election_ev */
  WorldNode *split_with;       /* (nullable) a second candidate at election_ev: the vote splits */
  SimRng *split_rng;           /* (nullable) owned, "raft/split", created on the first tie */
  SimEventId manager_ev;       /* the orchestrator's next deadline */
  SimEventId batch_ev;         /* the dispatcher's next batch commit */
  GArray *batch;               /* (element-type DispatchWrite) owned */
  GArray *actions;             /* (element-type OrchAction) owned scratch list */
  gboolean quorum_lost;        /* reported as lost and not yet restored */
  GPtrArray *open_failures;    /* (element-type OpenFailure) owned */
  WorldRecovery *recovery;     /* (nullable) owned: created on first use (world_recovery.c) */
  SwarmRecord *record;         /* owned */
  SwarmNarration *narration;   /* owned: task lines gathered during one commit */
  GHashTable *narrate_running; /* (element-type OrchTaskId) owned set: replacements whose
                                  RUNNING gets a line */
  GHashTable *task_counts;     /* OrchTaskId → TaskCount, owned: tasks that count somewhere */
  SwarmCounters counters;
  SimTime end_us;
  gboolean finished;
  struct _SwarmSignalBus *signals; /* owned: subscribers and queued signals (world_signals.c) */
  WorldInvariants *invariants;     /* (nullable) owned: set when invariants are checked */
};

/* world.c */
WorldNode *swarm_world__find_node (const SwarmWorld *w, const char *name, GError **error);
WorldService *swarm_world__find_service (const SwarmWorld *w, const char *name, GError **error);
SimRng *swarm_world__node_rng (SwarmWorld *w, WorldNode *node);
SimTime swarm_world__now (const SwarmWorld *w);

/* world_nodes.c */
WorldNode *swarm_world__node_new (SwarmWorld *w, const SwarmNodeGroup *group,
                                  const Ec2InstanceType *type, OrchRole role);
void swarm_world__node_free (WorldNode *node);
void swarm_world__node_launch (SwarmWorld *w, WorldNode *node, gboolean new_run);
void swarm_world__node_join_now (SwarmWorld *w, WorldNode *node);
void swarm_world__node_add_to_store (SwarmWorld *w, WorldNode *node);
/* A node's session start carries its description (SwarmKit's dispatcher updates it when it
 * changed): writes the capacity of its current type if the store holds another, as after a
 * resize that ended while the swarm had no leader. Needs control of the store. */
void swarm_world__node_sync_capacity (SwarmWorld *w, WorldNode *node);
gboolean swarm_world__node_is_reachable (const WorldNode *node);
void swarm_world__note_node (SwarmWorld *w, WorldNode *node);
gboolean swarm_world__node_action (SwarmWorld *w, const SwarmAction *a, GError **error);

/* world_node_admin.c */
/* Drain, pause, activate, label add and remove, promote, demote; needs a leader. */
gboolean swarm_world__node_control_action (SwarmWorld *w, WorldNode *node, const SwarmAction *a,
                                           GError **error);
gboolean swarm_world__force_new_cluster (SwarmWorld *w, WorldNode *node, GError **error);

/* world_control.c */
gboolean swarm_world__has_control (const SwarmWorld *w);
void swarm_world__commit (SwarmWorld *w);
void swarm_world__become_leader (SwarmWorld *w, WorldNode *node);
void swarm_world__raft_changed (SwarmWorld *w);
/* Counts the raft members and those of them reachable now. O(nodes). */
void swarm_world__raft_count (const SwarmWorld *w, guint *members_out, guint *reachable_out);
void swarm_world__dispatch (SwarmWorld *w, WriteKind kind, OrchNodeId node, OrchTaskId task,
                            guint32 value);
void swarm_world__node_silent (SwarmWorld *w, WorldNode *node);
void swarm_world__node_register (SwarmWorld *w, WorldNode *node);
void swarm_world__schedule_reconnect (SwarmWorld *w, WorldNode *node);
void swarm_world__arm_expiry (SwarmWorld *w, WorldNode *node, SimTime at);
void swarm_world__arm_orphan (SwarmWorld *w, WorldNode *node);

/* world_agent.c */
void swarm_world__agent_deliver (SwarmWorld *w, WorldNode *node, OrchTaskId task);
void swarm_world__agent_sync_node (SwarmWorld *w, WorldNode *node);
void swarm_world__agent_kill_all (SwarmWorld *w, WorldNode *node);
void swarm_world__agent_stop_all (SwarmWorld *w, WorldNode *node);
void swarm_world__agent_set_partitioned (SwarmWorld *w, WorldNode *node, gboolean partitioned);
void swarm_world__agent_task_free (AgentTask *task);

/* world_narrate.c */
SwarmNarration *swarm_world__narration_new (void);
void swarm_world__narration_free (SwarmNarration *n);
/* Appends "web.2, web.5 and 12 more, db.1": @n tasks grouped by service, at most 5 named per
 * service. */
void swarm_world__append_task_list (GString *out, WorldService *const *svcs, const guint32 *slots,
                                    guint n);
/* Gathers an assignment; swarm_world__narrate_flush writes the lines, collapsed per service. */
void swarm_world__narrate_assigned (SwarmWorld *w, WorldService *svc, const OrchTask *t);
void swarm_world__narrate_flush (SwarmWorld *w);
/* "web.3 running on worker-1", for a replacement that had its own scheduling line. */
void swarm_world__narrate_running (SwarmWorld *w, const AgentTask *at);
/* Gathers a task the scheduler left pending with a new reason (ORCH_ACTION_TASK_PENDING);
 * swarm_world__narrate_flush writes one line per service and reason, once per change. */
void swarm_world__narrate_pending (SwarmWorld *w, WorldService *svc, const OrchAction *a);
/* Fills the record's pending rows from the store: call once, at the end of the run. */
void swarm_world__pending_close (SwarmWorld *w);

/* world_counters.c: call count_task after any write to the task, count_node after any write to
 * the node's status or capacity, count_all after the orchestrator became leader. */
void swarm_world__counters_init (SwarmWorld *w);
void swarm_world__counters_clear (SwarmWorld *w);
void swarm_world__count_task (SwarmWorld *w, OrchTaskId id);
void swarm_world__count_node (SwarmWorld *w, WorldNode *node);
void swarm_world__count_service_removed (SwarmWorld *w, WorldService *svc);
void swarm_world__count_all (SwarmWorld *w);
void swarm_world__counters_get (const SwarmWorld *w, SwarmCounters *out);

/* world_recovery.c */
void swarm_world__failure_begin (SwarmWorld *w, WorldNode *node, const char *kind);
void swarm_world__failure_detected (SwarmWorld *w, WorldNode *node);
void swarm_world__failure_leader_elected (SwarmWorld *w);
/* The leader @old stopped leading (@why): opens a no_leader row. Call before w->leader changes. */
void swarm_world__control_leader_lost (SwarmWorld *w, const WorldNode *old, const char *why);
/* Fewer than a quorum of the @members managers are reachable (@reachable): opens a quorum_lost row
 * and detects the failure that broke the quorum. */
void swarm_world__control_quorum_lost (SwarmWorld *w, guint members, guint reachable);
/* A quorum is reachable again while w->quorum_lost: closes the row, clears the flag, marks the
 * quorum_restored event and narrates it. */
void swarm_world__control_quorum_back (SwarmWorld *w, guint members, guint reachable);
/* A running container of @at's slot became visible to the managers (+1) or stopped being so (−1):
 * a running report on a reachable node, its end, or its node partitioned or healed. */
void swarm_world__failure_visible (SwarmWorld *w, const AgentTask *at, gint delta);
/* A task of @svc was assigned: the first replacement of a failure's lost replica, if it is one. */
void swarm_world__failure_scheduled (SwarmWorld *w, WorldService *svc, const OrchTask *task);
void swarm_world__running_changed (SwarmWorld *w);
void swarm_world__failures_close (SwarmWorld *w);
guint64 swarm_world__service_desired (const SwarmWorld *w, const WorldService *svc);
void swarm_world__sample (SwarmWorld *w);
/* Integrates the failures' shares of @svc's missing replicas over the @dt µs before now, during
 * which nothing of @svc changed (world_recovery.c; called by the availability integrals). */
void swarm_world__failure_shares_advance (SwarmWorld *w, WorldService *svc, gint64 dt);
/* Advances @svc's availability integrals to now; call it before its running count changes. */
void swarm_world__availability_advance (SwarmWorld *w, WorldService *svc);
/* Advances the integrals, then re-reads @svc's desired count (after the store changed it). */
void swarm_world__availability_refresh (SwarmWorld *w, WorldService *svc);
/* Refreshes every service marked desired_dirty. */
void swarm_world__availability_refresh_dirty (SwarmWorld *w);
/* Advances every service's integrals to @end_us, the end of the run. */
void swarm_world__availability_close (SwarmWorld *w, SimTime end_us);
void swarm_world__record_task (SwarmWorld *w, OrchTaskId task);

/* world_invariants.c: commit checks the manager's decisions in w->actions (call it before they are
 * carried out); check verifies the whole world, and fails with the first violation found so far. */
WorldInvariants *swarm_world__invariants_new (void);
void swarm_world__invariants_free (WorldInvariants *inv);
void swarm_world__invariants_commit (SwarmWorld *w);
gboolean swarm_world__invariants_check (SwarmWorld *w, GError **error);
