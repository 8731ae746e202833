/* SPDX-License-Identifier: MIT
 * The world configuration: everything a scenario can set about a simulated Docker Swarm on EC2
 * (simulation, swarm settings, EC2, registry, node groups, services, timeline actions), with every
 * default taken from shared calibration facts. It parses no files: the CLI maps scenario keys here.
 */
#pragma once

#include <glib.h>
#include "models/ec2/catalog.h"
#include "models/orchestrator/types.h"
#include "sim/dist.h"
#include "sim/time.h"

#define SWARM_CONFIG_ERROR (swarm_config_error_quark ())
GQuark swarm_config_error_quark (void);

typedef enum {
  SWARM_CONFIG_ERROR_INVALID,      /* a value out of range or inconsistent */
  SWARM_CONFIG_ERROR_UNKNOWN_NAME, /* a node, group, service or instance type that does not exist */
} SwarmConfigError;

/* A node group: @count identical nodes present (and READY) at time 0, named "<name>-1" …
 * "<name>-<count>". A group of count 0 is a template for join actions. */
typedef struct {
  char *name;                    /* owned; [A-Za-z0-9_.-]+ */
  guint count;                   /* default 1 */
  char *instance_type;           /* owned; default "m5.large" */
  OrchRole role;                 /* default worker */
  OrchAvailability availability; /* default active */
  GPtrArray *labels;             /* (element-type utf8) owned; "key=value" strings, in order */
  char *availability_zone;  /* owned; default "us-east-1a"; also the label "az" is NOT implied */
  GPtrArray *cached_images; /* (element-type utf8) owned; images present at start (no pull) */
  /* What the OS and Docker take on each node of the group (issue 6): subtracted from the
   * instance's vCPUs and memory to give the capacity the orchestrator schedules against, on
   * every node and again after a resize, so that many small nodes pay it many times. Default 0
   * (the orchestrator sees the whole instance, as SwarmKit reports it); must leave some of the
   * group's instance type. A resize to a type smaller than the overhead leaves capacity 0. */
  gint64 overhead_nanocpus;     /* ≥ 0; 1 vCPU = 10^9 */
  gint64 overhead_memory_bytes; /* ≥ 0 */
  /* What each node's engine reports (SwarmKit's NodeDescription), for the scheduler's platform
   * filter and the node.platform.* and engine.labels.* constraints. A Linux engine reports the
   * kernel's machine name, "x86_64" or "aarch64", not Go's "amd64"/"arm64" (moby's platform
   * package reads uname; the Engine API's own example is "x86_64"): the platform filter treats
   * them as equal, a constraint compares the text. */
  OrchPlatform platform;    /* .os owned, default "linux"; .arch (nullable) owned, NULL: the
                               instance type's, ec2_instance_type_get_arch() */
  GPtrArray *engine_labels; /* (element-type utf8) owned; "key=value" (dockerd --label), in order;
                               default none */
} SwarmNodeGroup;

/* A service. The spec holds everything the orchestrator reads (SwarmKit's defaults from
 * orch_service_spec_new()); the other fields are what only the simulated agents need. */
typedef struct {
  OrchServiceSpec *spec;   /* owned ref; spec->name is the service name */
  gint64 image_size_bytes; /* default 200 MiB; pull time = manifest + size / throughput */
  SimDist *start_time; /* owned; container start, image present; default uniform(568ms,1157ms) */
  SimDist
      *exit_after; /* (nullable) owned; time from RUNNING to the container's exit; NULL: never */
  gboolean exit_fails; /* TRUE (default): the exit is a crash (FAILED); FALSE: exit 0 (COMPLETE)
                          or a crash with exit_fail_probability */
  /* When exit_fails is FALSE: the chance, in [0, 1], that each run's exit is a crash, drawn anew
   * for every container from the stream of the node it runs on ("agent/<node>"). Default 0. Only
   * a value strictly between 0 and 1 draws, so 0 and 1 leave every other draw of a run alone. */
  double exit_fail_probability;
  SimDist *stop_time;       /* owned; SIGTERM to exit, capped at the stop grace; default 0s */
  SimTime stop_grace_us;    /* default 10 s (api/defaults/service.go) */
  gboolean create_at_start; /* default TRUE; FALSE: created by a service-create action */
} SwarmServiceConfig;

typedef enum {
  SWARM_ACTION_NODE_CRASH,        /* target: node; the instance dies with its containers */
  SWARM_ACTION_NODE_RECOVER,      /* target: node; reboot (launch time), docker start, rejoin */
  SWARM_ACTION_NODE_JOIN,         /* target: node group; launches one more node like the group's;
                                     role from .role when .role_set */
  SWARM_ACTION_NODE_LEAVE,        /* target: node; "docker swarm leave": the node stays, DOWN */
  SWARM_ACTION_NODE_RESIZE,       /* target: node; .instance_type; stop, change type, start: the
                                     node and its tasks are gone meanwhile
                                     (swarm_world_resize_node) */
  SWARM_ACTION_NODE_REMOVE,       /* target: node; the instance is terminated (containers stopped
                                     within their grace, billing ends) and the node leaves for good
                                     (swarm_world_remove_node) */
  SWARM_ACTION_NODE_DRAIN,        /* target: node; availability drain */
  SWARM_ACTION_NODE_PAUSE,        /* target: node; availability pause */
  SWARM_ACTION_NODE_ACTIVATE,     /* target: node; availability active */
  SWARM_ACTION_NODE_PROMOTE,      /* target: node; worker → manager (needs quorum) */
  SWARM_ACTION_NODE_DEMOTE,       /* target: node; manager → worker (needs quorum) */
  SWARM_ACTION_NODE_LABEL_ADD,    /* target: node; .key, .value */
  SWARM_ACTION_NODE_LABEL_REMOVE, /* target: node; .key */
  SWARM_ACTION_SERVICE_CREATE,    /* target: a service whose create_at_start is FALSE */
  SWARM_ACTION_SERVICE_SCALE,     /* target: service; .replicas */
  SWARM_ACTION_SERVICE_UPDATE,    /* target: service; .change */
  SWARM_ACTION_SERVICE_REMOVE,    /* target: service */
  SWARM_ACTION_SERVICE_ROLLBACK,  /* target: service */
  SWARM_ACTION_FORCE_NEW_CLUSTER, /* target: a manager; "docker swarm init --force-new-cluster" */
  SWARM_ACTION_PARTITION,         /* target: node; cut off from the managers, keeps its tasks */
  SWARM_ACTION_HEAL,              /* target: node; the partition ends */
} SwarmActionKind;

/* What a service-update action changes; fields left at their "unchanged" value are kept. */
typedef struct {
  char *image;                 /* (nullable) owned */
  gint64 image_size_bytes;     /* < 0: unchanged */
  gint64 reserve_nanocpus;     /* < 0: unchanged */
  gint64 reserve_memory_bytes; /* < 0: unchanged */
  gint64 replicas;             /* < 0: unchanged */
  gboolean force;              /* "--force": raise force_update */
} SwarmServiceChange;

typedef struct {
  SimTime at_us; /* ≥ 0 */
  SwarmActionKind kind;
  char *target;              /* owned; node, node group or service name */
  char *key;                 /* (nullable) owned; label key */
  char *value;               /* (nullable) owned; label value */
  char *instance_type;       /* (nullable) owned; resize: the type the node restarts as */
  guint64 replicas;          /* scale */
  OrchRole role;             /* join */
  gboolean role_set;         /* join: FALSE takes the group's role */
  SwarmServiceChange change; /* update */
} SwarmAction;

/**
 * SwarmConfig:
 *
 * Every field has a default set by swarm_config_new(); each comment names its source
 * (docs/calibration.md unless said otherwise). Distributions are owned and never NULL unless
 * marked.
 */
typedef struct {
  /* [simulation] */
  SimTime duration_us; /* 10 min: long enough for a failure and its recovery (not a calibration) */
  SimTime step_us;     /* timeline sampling step, 1 s */
  guint64 seed;        /* 1 */

  /* [swarm]: moby/swarmkit defaults, docs/calibration.md "Docker Swarm control plane" */
  SimTime heartbeat_period_us;    /* 5 s (dispatcher.go DefaultHeartBeatPeriod) */
  SimTime heartbeat_epsilon_us;   /* 500 ms (defaultHeartBeatEpsilon); each period in p ± ε */
  guint grace_multiplier;         /* 3 (defaultGracePeriodMultiplier): DOWN after 3p */
  guint unknown_multiplier;       /* 2: UNKNOWN nodes get 2 × 3 × p after a leader change */
  SimTime dispatcher_batch_us;    /* 100 ms (maxBatchInterval) */
  SimTime raft_tick_us;           /* 1 s (raft.go TickInterval) */
  guint election_ticks;           /* 10; the timeout is drawn from [10, 19] ticks */
  SimTime raft_rtt_us;            /* 1 ms: a raft message's round trip between managers (a LAN;
                                     not calibrated); two candidates timing out closer than this
                                     can split the vote. 0: never */
  gint64 task_history_limit;      /* 5 per slot */
  gboolean requeue_stale_pending; /* FALSE: SwarmKit as written, where a pending task of an older
                                     service revision that finds no node is dropped from the
                                     scheduler's queue (moby/moby#53722); TRUE: the proposed fix
                                     (moby/swarmkit#3297) queues it again */
  SimTime orphan_period_us;       /* 24 h (defaultNodeDownPeriod) */
  SimTime agent_reconnect_max_us; /* 8 s: agents retry within [0, backoff), backoff capped at 8 s
                                     (SwarmKit agent/agent.go) */

  /* [ec2] */
  SimDist *launch_time;            /* uniform(21.2s,29s): RunInstances to SSH, 21.2 s from stopped
                                      (brevdev/ec2-coldboot-research) to 29 s (Percival, 2021) */
  SimDist *docker_start;           /* uniform(1s,3s): not measured by the sources; a parameter */
  SimDist *swarm_join;             /* uniform(0.5s,2s): not measured by the sources; a parameter */
  GPtrArray *extra_instance_types; /* (element-type Ec2InstanceType) owned; added to the catalog */
  char *instance_catalog_path;     /* (nullable) owned; replaces the built-in catalog */

  /* [registry] */
  SimDist *manifest_time;           /* uniform(0.5s,2s): the derived pull model */
  gint64 registry_bytes_per_second; /* 200 MB/s near the registry (2 GB in 9.2 s, vertexcover.io) */

  GPtrArray *node_groups; /* (element-type SwarmNodeGroup) owned; in scenario order */
  GPtrArray *services;    /* (element-type SwarmServiceConfig) owned; in scenario order */
  GPtrArray *actions;     /* (element-type SwarmAction) owned; run in (at_us, index) order */
} SwarmConfig;

/* Returns: (transfer full): a configuration with every default and no groups, services or actions.
 */
SwarmConfig *swarm_config_new (void);
void swarm_config_free (SwarmConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwarmConfig, swarm_config_free)

/* Returns: (transfer full): a group named @name with the defaults above. */
SwarmNodeGroup *swarm_node_group_new (const char *name);

/**
 * swarm_node_group_get_arch:
 * @group: the group
 * @type: the instance type its node runs (after a resize, the new one)
 *
 * Returns: (transfer none): the architecture the node reports: the group's, or @type's when the
 *   group leaves it unset.
 */
const char *swarm_node_group_get_arch (const SwarmNodeGroup *group, const Ec2InstanceType *type);
void swarm_node_group_free (SwarmNodeGroup *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwarmNodeGroup, swarm_node_group_free)

/* Returns: (transfer full): a service named @name: orch_service_spec_new() plus the defaults above,
 *   image "app:latest". */
SwarmServiceConfig *swarm_service_config_new (const char *name);
void swarm_service_config_free (SwarmServiceConfig *service);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwarmServiceConfig, swarm_service_config_free)

/* Returns: (transfer full): an action of @kind at @at_us on @target, other fields unset (change
 *   fields at their "unchanged" values). */
SwarmAction *swarm_action_new (SwarmActionKind kind, SimTime at_us, const char *target);
void swarm_action_free (SwarmAction *action);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwarmAction, swarm_action_free)

/* Text forms: "crash", "recover", "join", "leave", "resize", "terminate", "drain", "pause",
 * "activate", "promote", "demote", "label-add", "label-remove", "service-create",
 * "service-scale", "service-update", "service-remove", "service-rollback", "force-new-cluster",
 * "partition", "heal". */
const char *swarm_action_kind_to_string (SwarmActionKind kind);
gboolean swarm_action_kind_from_string (const char *text, SwarmActionKind *out);

/* What an action's target names. */
typedef enum {
  SWARM_TARGET_NODE,    /* a node, e.g. "worker-2" */
  SWARM_TARGET_GROUP,   /* a node group (join) */
  SWARM_TARGET_SERVICE, /* a service */
} SwarmActionTarget;

/* Returns: what the target of an action of @kind names. */
SwarmActionTarget swarm_action_kind_get_target (SwarmActionKind kind);

/**
 * swarm_config_get_node_name:
 * @group: the group
 * @index: 1 … count (or beyond, for joined nodes)
 *
 * Returns: (transfer full): the node's name, "<group>-<index>".
 */
char *swarm_config_get_node_name (const SwarmNodeGroup *group, guint index);

/**
 * swarm_config_validate:
 * @config: the configuration
 * @catalog: (nullable): the instance catalog to check types against; NULL: the built-in one plus
 *   @config's extra types (and its catalog path, if set)
 * @error: SWARM_CONFIG_ERROR_INVALID or _UNKNOWN_NAME, or EC2_ERROR from loading the catalog
 *
 * Checks what needs knowledge of the whole world: instance types exist, names are unique, at least
 * one manager, every action names an existing node, group or service (nodes joined by earlier
 * actions count, nodes terminated by earlier actions do not), a resize names a type of @catalog,
 * labels are "key=value", durations and counts are in range. The message is one line, names the
 * item ("node group \"web\": ...", "action 3 (crash worker-2 at 1m): ...", "service \"web\":
 * ...") and the valid values, so the CLI can prefix the file and section.
 *
 * Returns: TRUE when the configuration can be simulated.
 */
gboolean swarm_config_validate (const SwarmConfig *config, const Ec2Catalog *catalog,
                                GError **error);

/**
 * swarm_config_dup_catalog:
 * @config: the configuration
 * @error: EC2_ERROR from loading instance_catalog_path or adding an extra type
 *
 * Returns: (transfer full) (nullable): the catalog the world uses: built-in (or the file at
 *   instance_catalog_path) plus extra_instance_types.
 */
Ec2Catalog *swarm_config_dup_catalog (const SwarmConfig *config, GError **error);
