/* SPDX-License-Identifier: MIT
 * The orchestrator's data model: nodes, services and tasks as the managers' store holds them, with
 * SwarmKit's enums and values. This library includes nothing from sim/: time is passed in. */
#pragma once

#include <glib.h>

/* Time as the caller passes it in: microseconds on any monotonic scale (the simulator's clock, or a
 * real cluster's). Same representation as the kernel's SimTime, declared here on purpose. */
typedef gint64 OrchTime;
#define ORCH_TIME_NEVER G_MAXINT64
#define ORCH_MSEC(x)    ((OrchTime)(x)*G_GINT64_CONSTANT (1000))
#define ORCH_SEC(x)     ((OrchTime)(x)*G_GINT64_CONSTANT (1000000))

/* Identifiers are small integers handed out by the store; 0 means "none". They are never reused. */
typedef guint32 OrchNodeId;
typedef guint32 OrchServiceId;
typedef guint64 OrchTaskId;

/* Observed and desired task states, with SwarmKit's numeric values (api/types.proto:510-556), so
 * that "<" means "earlier in the lifecycle". REMOVE is only ever a desired state. */
typedef enum {
  ORCH_TASK_NEW = 0,
  ORCH_TASK_PENDING = 64,
  ORCH_TASK_ASSIGNED = 192,
  ORCH_TASK_ACCEPTED = 256,
  ORCH_TASK_PREPARING = 320,
  ORCH_TASK_READY = 384,
  ORCH_TASK_STARTING = 448,
  ORCH_TASK_RUNNING = 512,
  ORCH_TASK_COMPLETE = 576,
  ORCH_TASK_SHUTDOWN = 640,
  ORCH_TASK_FAILED = 704,
  ORCH_TASK_REJECTED = 768,
  ORCH_TASK_REMOVE = 800,
  ORCH_TASK_ORPHANED = 832,
} OrchTaskState;

typedef enum {
  ORCH_NODE_UNKNOWN,
  ORCH_NODE_DOWN,
  ORCH_NODE_READY,
  ORCH_NODE_DISCONNECTED,
} OrchNodeStatus;

typedef enum {
  ORCH_AVAILABILITY_ACTIVE,
  ORCH_AVAILABILITY_PAUSE,
  ORCH_AVAILABILITY_DRAIN,
} OrchAvailability;

typedef enum {
  ORCH_ROLE_WORKER,
  ORCH_ROLE_MANAGER,
} OrchRole;

typedef enum {
  ORCH_MODE_REPLICATED,
  ORCH_MODE_GLOBAL,
} OrchServiceMode;

/* Enum values as in api/types.proto:380-403. */
typedef enum {
  ORCH_RESTART_NONE = 0,
  ORCH_RESTART_ON_FAILURE = 1,
  ORCH_RESTART_ANY = 2,
} OrchRestartCondition;

typedef enum {
  ORCH_FAILURE_ACTION_PAUSE = 0,
  ORCH_FAILURE_ACTION_CONTINUE = 1,
  ORCH_FAILURE_ACTION_ROLLBACK = 2,
} OrchFailureAction;

typedef enum {
  ORCH_ORDER_STOP_FIRST = 0,
  ORCH_ORDER_START_FIRST = 1,
} OrchUpdateOrder;

/* A service's UpdateStatus.State (api/objects.proto); NONE is SwarmKit's nil status (no update
 * since the last spec change). It lives on the service, so it survives a change of leader. */
typedef enum {
  ORCH_UPDATE_STATE_NONE,
  ORCH_UPDATE_STATE_UPDATING,
  ORCH_UPDATE_STATE_PAUSED,
  ORCH_UPDATE_STATE_COMPLETED,
  ORCH_UPDATE_STATE_ROLLBACK_STARTED,
  ORCH_UPDATE_STATE_ROLLBACK_PAUSED,
  ORCH_UPDATE_STATE_ROLLBACK_COMPLETED,
} OrchUpdateState;

/* Text forms are SwarmKit's / the Docker CLI's lower-case names ("running", "ready", "drain",
 * "on-failure", "stop-first", ...). _from_string returns FALSE for an unknown name. */
const char *orch_task_state_to_string (OrchTaskState state);
gboolean orch_task_state_from_string (const char *text, OrchTaskState *out);
const char *orch_node_status_to_string (OrchNodeStatus status);
gboolean orch_node_status_from_string (const char *text, OrchNodeStatus *out);
const char *orch_availability_to_string (OrchAvailability availability);
gboolean orch_availability_from_string (const char *text, OrchAvailability *out);
const char *orch_role_to_string (OrchRole role);
gboolean orch_role_from_string (const char *text, OrchRole *out);
const char *orch_service_mode_to_string (OrchServiceMode mode);
gboolean orch_service_mode_from_string (const char *text, OrchServiceMode *out);
const char *orch_restart_condition_to_string (OrchRestartCondition condition);
gboolean orch_restart_condition_from_string (const char *text, OrchRestartCondition *out);
const char *orch_failure_action_to_string (OrchFailureAction action);
gboolean orch_failure_action_from_string (const char *text, OrchFailureAction *out);
const char *orch_update_order_to_string (OrchUpdateOrder order);
gboolean orch_update_order_from_string (const char *text, OrchUpdateOrder *out);
/* "none", "updating", "paused", "completed", "rollback_started", "rollback_paused",
 * "rollback_completed": the text of ORCH_ACTION_UPDATE_STATUS. */
const char *orch_update_state_to_string (OrchUpdateState state);
gboolean orch_update_state_from_string (const char *text, OrchUpdateState *out);

/* A discrete generic resource ("apple" = 2). Named sets (SwarmKit's NewSet) count as their size. */
typedef struct {
  char *kind; /* owned */
  gint64 count;
} OrchGenericResource;

typedef struct {
  gint64 nanocpus; /* CPUs × 1e9 */
  gint64 memory_bytes;
  GPtrArray *generic; /* (element-type OrchGenericResource) (nullable) owned */
} OrchResources;

typedef struct {
  char *os;   /* (nullable) owned; NULL or "" is a wildcard in a task's platform list */
  char *arch; /* (nullable) owned */
} OrchPlatform;

typedef struct {
  guint32 port;    /* published port, non-zero */
  gboolean is_udp; /* FALSE: tcp */
} OrchHostPort;

/* Restart policy; defaults from api/defaults/service.go:23-26. */
typedef struct {
  OrchRestartCondition condition;
  OrchTime delay_us;
  guint64 max_attempts; /* 0: unlimited */
  OrchTime window_us;   /* 0: no window */
} OrchRestartPolicy;
#define ORCH_RESTART_POLICY_INIT                                                                   \
  {                                                                                                \
    ORCH_RESTART_ANY, ORCH_SEC (5), 0, 0                                                           \
  }

/* Update and rollback configuration; defaults from api/defaults/service.go:29-40. */
typedef struct {
  guint64 parallelism; /* 0: every dirty slot at once */
  OrchTime delay_us;
  OrchFailureAction failure_action;
  OrchTime monitor_us;
  double max_failure_ratio;
  OrchUpdateOrder order;
} OrchUpdateConfig;
#define ORCH_UPDATE_CONFIG_INIT                                                                    \
  {                                                                                                \
    1, 0, ORCH_FAILURE_ACTION_PAUSE, ORCH_SEC (5), 0.0, ORCH_ORDER_STOP_FIRST                      \
  }

/* A service's specification. Immutable once shared: a service update makes a new spec. Tasks keep a
 * reference to the spec they were created from, so per-task memory stays small (one pointer). */
typedef struct {
  gint ref_count;
  char *name; /* owned */
  OrchServiceMode mode;
  guint64 replicas;           /* replicated mode only */
  char *image;                /* owned; part of the task spec */
  OrchResources reservations; /* part of the task spec */
  GPtrArray *constraints;     /* (element-type utf8) owned, e.g. "node.labels.az==a" */
  GPtrArray *spread;    /* (element-type utf8) owned, outermost first, e.g. "node.labels.az" */
  GPtrArray *platforms; /* (element-type OrchPlatform) owned */
  GArray *host_ports;   /* (element-type OrchHostPort) owned */
  guint64 max_replicas_per_node; /* 0: unlimited */
  OrchRestartPolicy restart;
  OrchUpdateConfig update;
  OrchUpdateConfig rollback;
  guint64 force_update; /* raising it makes every task dirty ("docker service update --force") */
} OrchServiceSpec;

/* Returns: (transfer full): a spec with every default filled in, no name, replicated, 1 replica. */
OrchServiceSpec *orch_service_spec_new (void);
/* Returns: (transfer full): a deep copy with ref_count 1, to be modified before sharing. */
OrchServiceSpec *orch_service_spec_copy (const OrchServiceSpec *spec);
OrchServiceSpec *orch_service_spec_ref (OrchServiceSpec *spec);
void orch_service_spec_unref (OrchServiceSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrchServiceSpec, orch_service_spec_unref)
/* Returns: TRUE when tasks of @a and @b are interchangeable (image, reservations, constraints,
 * spread, platforms, max replicas per node, host ports, restart policy, force counter): SwarmKit's
 * IsTaskDirty without the node. Name, mode, replicas, update and rollback configs do not count. */
gboolean orch_service_spec_task_equal (const OrchServiceSpec *a, const OrchServiceSpec *b);

void orch_resources_clear (OrchResources *res);
void orch_resources_copy (OrchResources *dst, const OrchResources *src);
/* Adds a generic resource count (creating the array if needed). */
void orch_resources_add_generic (OrchResources *res, const char *kind, gint64 count);

/* A node as the store holds it. Labels are looked up, never iterated for output. */
typedef struct {
  OrchNodeId id;
  char *id_str;   /* owned; what "node.id==" matches */
  char *hostname; /* owned; "" when the node has no description (SwarmKit tests) */
  OrchRole role;
  OrchAvailability availability;
  OrchNodeStatus status;
  GHashTable *labels;        /* (element-type utf8 utf8) owned; node.labels.* */
  GHashTable *engine_labels; /* (element-type utf8 utf8) owned; engine.labels.* */
  OrchPlatform platform;
  OrchResources capacity; /* total; 0 when the node has no description */
  guint64 version;        /* bumped on every write (SwarmKit's Meta.Version) */
} OrchNode;

/* A service: its current spec and, after an update, the one before (for rollback). */
typedef struct {
  OrchServiceId id;
  OrchServiceSpec *spec;          /* owned ref */
  OrchServiceSpec *previous_spec; /* (nullable) owned ref */
  guint64 spec_version;           /* set on every spec change; tasks record it */
  guint64 previous_spec_version;  /* previous_spec's version; 0 when there is none */
  guint64 max_spec_version;       /* the highest version ever given (SwarmKit's Meta.Version role):
                                     a new spec gets max + 1, so a rolled-back version number is
                                     never handed out again */
  OrchUpdateState update_state;   /* the rolling update's status (SwarmKit's UpdateStatus) */
} OrchService;

/* A task. Kept small: one per container ever started, bounded by the history limit. */
typedef struct {
  OrchTaskId id;
  OrchServiceId service_id; /* 0: a task without a service (one-off tasks in scheduler tests) */
  OrchNodeId node_id;       /* 0: unassigned */
  guint32 slot;             /* replicated: 1, 2, ...; global: 0 */
  OrchTaskState state;      /* observed; only ever increases */
  OrchTaskState
      desired; /* written by the manager only; only ever increases, except READY → RUNNING */
  guint64 spec_version;  /* the service's spec_version at creation; 0: none ("one-off") */
  OrchServiceSpec *spec; /* owned ref: the spec the task was created from */
  OrchTime created_at;
  OrchTime status_at; /* when the observed state last changed (SwarmKit's AppliedAt/Timestamp) */
  char *err;          /* (nullable) owned; "no suitable node (...)" while pending */
} OrchTask;
