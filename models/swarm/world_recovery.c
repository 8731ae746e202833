/* SPDX-License-Identifier: MIT
 * Measuring failures and the control plane: for each crash, partition or stopped instance, when
 * it happened, when the managers acted on it, when its first replacement was scheduled and when
 * its lost replicas were back, with its share of the replica-seconds lost; the intervals without
 * a leader or a quorum. The availability integrals the shares are advanced with are
 * world_availability.c's. Counts are ground truth (containers really running), not the store's
 * view. The rules are those of docs/results-format.md, "Failures and the control plane". */
#include "models/swarm/world_private.h"

#include "models/swarm/raft.h"

typedef struct _FailureShare FailureShare;
typedef struct _OpenFailure OpenFailure;

/* Where a replica lives for the managers: its service and slot (replicated), or its service and
 * node (global: SwarmKit re-creates a global task only where its node is). */
typedef struct {
  const WorldService *svc; /* unowned */
  guint64 where;           /* the slot, or the node's OrchNodeId */
} ReplicaKey;

/* The containers of one replica key running on reachable nodes, and the failures waiting for
 * one of them: a failure's lost replica is back while the count is above 0. */
typedef struct {
  gint running;       /* signed: a container's last report may come after its node was healed */
  GPtrArray *waiting; /* (element-type FailureShare) unowned; one entry per lost replica */
} ReplicaSlot;

/* What one failure lost of one service. */
struct _FailureShare {
  OpenFailure *of;   /* unowned: the owner */
  WorldService *svc; /* unowned */
  guint missing;     /* its lost replicas of @svc not back */
};

/* A replica a failure lost, and the slot it waits on. */
typedef struct {
  ReplicaSlot *slot;   /* unowned: recovery->slots owns */
  FailureShare *share; /* unowned: of->shares owns */
} LostReplica;

struct _OpenFailure {
  guint row;              /* index into record->recoveries */
  WorldNode *node;        /* unowned */
  GArray *lost;           /* (element-type LostReplica) owned */
  GPtrArray *shares;      /* (element-type FailureShare) owned; one per service it lost from */
  gint64 lost_replica_us; /* its share so far, exact */
  gboolean was_leader;    /* the node led when it failed */
  gboolean broke_quorum;  /* its loss left fewer than a quorum of managers reachable */
  gboolean leader_back;   /* (if the row's leader_lost) a leader was elected since */
  char *quorum_text;      /* (nullable) owned: "1 of 3 managers reachable, quorum 2" */
};

struct _WorldRecovery {
  GHashTable *slots;     /* ReplicaKey → ReplicaSlot, both owned */
  GPtrArray *by_service; /* (element-type GPtrArray) owned, by service index; each holds that
                            service's FailureShares (unowned), oldest failure first */
  guint no_leader;       /* 1 + index of the open no_leader row in record->control_plane; 0: none */
  guint quorum_lost;     /* likewise for the open quorum_lost row */
  GHashTable *reachable_at_loss; /* (element-type WorldNode) set: members reachable when the
                                    quorum was lost, to name the one that brings it back */
};

static guint
key_hash (gconstpointer p)
{
  const ReplicaKey *k = p;
  return g_direct_hash (k->svc) * 31u + g_int64_hash (&k->where);
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  const ReplicaKey *x = a, *y = b;
  return x->svc == y->svc && x->where == y->where;
}

static void
replica_slot_free (ReplicaSlot *slot)
{
  g_ptr_array_unref (slot->waiting);
  g_free (slot);
}

static WorldRecovery *
recovery_of (SwarmWorld *w)
{
  if (w->recovery != NULL)
    return w->recovery;
  WorldRecovery *r = g_new0 (WorldRecovery, 1);
  r->slots = g_hash_table_new_full (key_hash, key_equal, g_free, (GDestroyNotify)replica_slot_free);
  r->by_service = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  r->reachable_at_loss = g_hash_table_new (g_direct_hash, g_direct_equal);
  w->recovery = r;
  return r;
}

static void
recovery_free (WorldRecovery *r)
{
  if (r == NULL)
    return;
  g_hash_table_unref (r->slots);
  g_ptr_array_unref (r->by_service);
  g_hash_table_unref (r->reachable_at_loss);
  g_free (r);
}

/* Returns: (transfer none): the shares of @svc, oldest failure first. */
static GPtrArray *
shares_of (SwarmWorld *w, const WorldService *svc)
{
  WorldRecovery *r = recovery_of (w);
  while (r->by_service->len <= svc->index)
    g_ptr_array_add (r->by_service, g_ptr_array_new ());
  return g_ptr_array_index (r->by_service, svc->index);
}

static ReplicaSlot *
slot_of (SwarmWorld *w, const WorldService *svc, guint32 slot, OrchNodeId node)
{
  WorldRecovery *r = recovery_of (w);
  ReplicaKey key = { svc, svc->cfg->spec->mode == ORCH_MODE_GLOBAL ? node : slot };
  ReplicaSlot *s = g_hash_table_lookup (r->slots, &key);
  if (s != NULL)
    return s;
  s = g_new0 (ReplicaSlot, 1);
  s->waiting = g_ptr_array_new ();
  g_hash_table_insert (r->slots, g_memdup2 (&key, sizeof key), s);
  return s;
}

static SwarmRecoveryRow *
row_of (SwarmWorld *w, const OpenFailure *of)
{
  return &g_array_index (w->record->recoveries, SwarmRecoveryRow, of->row);
}

guint64
swarm_world__service_desired (const SwarmWorld *w, const WorldService *svc)
{
  if (svc->id == 0)
    return 0;
  OrchStore *store = orch_manager_get_store (w->manager);
  const OrchService *s = orch_store_get_service (store, svc->id);
  if (s == NULL)
    return 0;
  if (s->spec->mode == ORCH_MODE_REPLICATED)
    return s->spec->replicas;
  /* Global: one task per eligible node, which is what the orchestrator keeps desired RUNNING. */
  const GPtrArray *tasks = orch_store_get_service_tasks (store, svc->id);
  guint64 n = 0;
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    n += ((const OrchTask *)g_ptr_array_index (tasks, i))->desired <= ORCH_TASK_RUNNING;
  return n;
}

static guint64
missing_of (guint64 desired, guint64 running)
{
  return desired - MIN (running, desired);
}

/* Rule 3: what @share still waits for, min(its lost replicas not back, desired − visible). */
static guint64
outstanding_of (const FailureShare *share)
{
  const WorldService *s = share->svc;
  return MIN ((guint64)share->missing, missing_of (s->desired_now, s->running_visible));
}

static guint64
outstanding_total (const OpenFailure *of)
{
  guint64 n = 0;
  for (guint i = 0; i < of->shares->len; i++)
    n += outstanding_of (g_ptr_array_index (of->shares, i));
  return n;
}

/* Rule 2, over [avail_since, avail_since + dt) during which nothing of @svc changed: the service
 * misses D = desired − min(running, desired) replicas, and its failures, oldest first, each take
 * what they still wait for out of what is left of D. O(failures waiting on @svc). */
void
swarm_world__failure_shares_advance (SwarmWorld *w, WorldService *svc, gint64 dt)
{
  if (w->recovery == NULL || svc->index >= w->recovery->by_service->len)
    return;
  GPtrArray *shares = g_ptr_array_index (w->recovery->by_service, svc->index);
  guint64 left = missing_of (svc->desired_now, svc->running_total);
  for (guint i = 0; i < shares->len && left > 0; i++) {
    FailureShare *share = g_ptr_array_index (shares, i);
    guint64 take = MIN (outstanding_of (share), left);
    if (take == 0)
      continue;
    left -= take;
    share->of->lost_replica_us += (gint64)take * dt;
    row_of (w, share->of)->replica_seconds_lost = (double)share->of->lost_replica_us / 1e6;
  }
}

static gint
compare_lost (gconstpointer a, gconstpointer b)
{
  const AgentTask *x = *(AgentTask *const *)a, *y = *(AgentTask *const *)b;
  if (x->svc != y->svc)
    return g_strcmp0 (x->svc->name, y->svc->name);
  return x->slot < y->slot ? -1 : x->slot > y->slot;
}

static FailureShare *
share_for (SwarmWorld *w, OpenFailure *of, WorldService *svc)
{
  for (guint i = 0; i < of->shares->len; i++) {
    FailureShare *share = g_ptr_array_index (of->shares, i);
    if (share->svc == svc)
      return share;
  }
  /* The integrals of @svc up to now are taken before it has a new claimant. */
  swarm_world__availability_advance (w, svc);
  FailureShare *share = g_new0 (FailureShare, 1);
  share->of = of;
  share->svc = svc;
  g_ptr_array_add (of->shares, share);
  g_ptr_array_add (shares_of (w, svc), share);
  return share;
}

/* Whether @node's loss leaves fewer than a quorum of managers reachable, from a quorum; fills
 * @text_out with the count after it. Called while the node is still reachable. */
static gboolean
breaks_quorum (const SwarmWorld *w, const WorldNode *node, char **text_out)
{
  if (!node->raft_member || !swarm_world__node_is_reachable (node))
    return FALSE;
  guint members = 0, reachable = 0;
  for (guint i = 0; i < w->nodes->len; i++) {
    const WorldNode *n = g_ptr_array_index (w->nodes, i);
    members += n->raft_member ? 1 : 0;
    reachable += n->raft_member && swarm_world__node_is_reachable (n) ? 1 : 0;
  }
  if (!swarm_raft_has_quorum (members, reachable) || swarm_raft_has_quorum (members, reachable - 1))
    return FALSE;
  *text_out = g_strdup_printf ("%u of %u managers reachable, quorum %u", reachable - 1, members,
                               swarm_raft_quorum (members));
  return TRUE;
}

static void
narrate_begin (SwarmWorld *w, const WorldNode *node, const char *kind, GPtrArray *lost)
{
  SimTime now = swarm_world__now (w);
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree WorldService **svcs = g_new (WorldService *, lost->len + 1);
  g_autofree guint32 *slots = g_new (guint32, lost->len + 1);
  for (guint i = 0; i < lost->len; i++) {
    const AgentTask *at = g_ptr_array_index (lost, i);
    svcs[i] = at->svc;
    slots[i] = at->slot;
  }
  swarm_world__append_task_list (names, svcs, slots, lost->len);
  gboolean partition = g_strcmp0 (kind, "partition") == 0;
  const char *what = partition                         ? "is partitioned from the managers"
                     : g_strcmp0 (kind, "resize") == 0 ? "stops for a resize"
                     : g_strcmp0 (kind, "remove") == 0 ? "is terminated"
                                                       : "crashes";
  if (lost->len > 0)
    swarm_record__narrate (w->record, now, "%s %s (tasks %s %s)", node->name, what, names->str,
                           partition ? "cut off" : "lost");
  else
    swarm_record__narrate (w->record, now, "%s %s (no running task there)", node->name, what);
}

/* Called before the node goes away: its containers still run, and it still counts as reachable
 * for the quorum. */
void
swarm_world__failure_begin (SwarmWorld *w, WorldNode *node, const char *kind)
{
  SimTime now = swarm_world__now (w);
  g_autoptr (GPtrArray) lost = g_ptr_array_new ();
  for (guint i = 0; i < node->tasks->len; i++)
    if (((AgentTask *)g_ptr_array_index (node->tasks, i))->state == ORCH_TASK_RUNNING)
      g_ptr_array_add (lost, g_ptr_array_index (node->tasks, i));
  g_ptr_array_sort (lost, compare_lost);
  narrate_begin (w, node, kind, lost);
  swarm_record__event (w->record, now, SWARM_EVENT_FAILURE, node->name, kind);

  OpenFailure *of = g_new0 (OpenFailure, 1);
  of->row = w->record->recoveries->len;
  of->node = node;
  of->was_leader = w->leader == node;
  of->broke_quorum = breaks_quorum (w, node, &of->quorum_text);
  of->lost = g_array_sized_new (FALSE, FALSE, sizeof (LostReplica), lost->len);
  of->shares = g_ptr_array_new_with_free_func (g_free);
  SwarmRecoveryRow row = { w->record->recoveries->len + 1,
                           swarm_record__intern (w->record, kind),
                           swarm_record__intern (w->record, node->name),
                           now,
                           SIM_TIME_NEVER,
                           SIM_TIME_NEVER,
                           SIM_TIME_NEVER,
                           SIM_TIME_NEVER,
                           lost->len,
                           0.0,
                           of->was_leader || of->broke_quorum };
  g_array_append_val (w->record->recoveries, row);
  for (guint i = 0; i < lost->len; i++) {
    AgentTask *at = g_ptr_array_index (lost, i);
    LostReplica lr = { slot_of (w, at->svc, at->slot, node->orch_id), share_for (w, of, at->svc) };
    g_ptr_array_add (lr.slot->waiting, lr.share);
    /* A container of a partitioned node is not running for the managers: already missing. */
    if (lr.slot->running <= 0)
      lr.share->missing++;
    g_array_append_val (of->lost, lr);
  }
  g_ptr_array_add (w->open_failures, of);
}

static void
open_failure_free (OpenFailure *of)
{
  g_array_unref (of->lost);
  g_ptr_array_unref (of->shares);
  g_free (of->quorum_text);
  g_free (of);
}

/* The failure leaves the measurement: its integrals are current, and it no longer waits. */
static void
failure_drop (SwarmWorld *w, OpenFailure *of)
{
  for (guint i = 0; i < of->shares->len; i++) {
    FailureShare *share = g_ptr_array_index (of->shares, i);
    swarm_world__availability_advance (w, share->svc);
    g_ptr_array_remove (shares_of (w, share->svc), share);
  }
  for (guint i = 0; i < of->lost->len; i++) {
    LostReplica *lr = &g_array_index (of->lost, LostReplica, i);
    g_ptr_array_remove (lr->slot->waiting, lr->share);
  }
  g_ptr_array_remove (w->open_failures, of);
  open_failure_free (of);
}

static void
close_recovered (SwarmWorld *w, OpenFailure *of, SimTime now)
{
  SwarmRecoveryRow *row = row_of (w, of);
  row->t_all_running_us = now;
  row->recovery_us = now - row->t_failure_us;
  /* Not "%.1f": the narration must not depend on the locale's decimal point. */
  char recovery_s[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (recovery_s, sizeof recovery_s, "%.1f", sim_time_to_seconds (row->recovery_us));
  if (of->shares->len == 0) {
    if (row->leader_lost)
      swarm_record__narrate (w->record, now, "control plane back: recovered in %s s (%s %s)",
                             recovery_s, of->node->name, row->kind);
    return;
  }
  g_autoptr (GString) back = g_string_new (NULL);
  for (guint k = 0; k < of->shares->len; k++) {
    const WorldService *s = ((FailureShare *)g_ptr_array_index (of->shares, k))->svc;
    g_string_append_printf (back, "%s%s back to %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                            k > 0 ? ", " : "", s->name, s->running_visible, s->desired_now);
  }
  swarm_record__narrate (w->record, now, "%s replicas: recovered in %s s (%s %s)", back->str,
                         recovery_s, of->node->name, row->kind);
  swarm_record__event (w->record, now, SWARM_EVENT_RECOVERED, of->node->name, back->str);
}

/* Rule 3: recovered once detected, every lost replica back and, if it cost the leader, a leader
 * again. Returns: TRUE when @of was closed (and freed). */
static gboolean
try_close (SwarmWorld *w, OpenFailure *of)
{
  const SwarmRecoveryRow *row = row_of (w, of);
  if (row->t_detected_us == SIM_TIME_NEVER || (row->leader_lost && !of->leader_back))
    return FALSE;
  if (outstanding_total (of) > 0)
    return FALSE;
  close_recovered (w, of, swarm_world__now (w));
  failure_drop (w, of);
  return TRUE;
}

static void
mark_detected (SwarmWorld *w, OpenFailure *of, const char *how)
{
  SwarmRecoveryRow *row = row_of (w, of);
  if (row->t_detected_us != SIM_TIME_NEVER)
    return;
  row->t_detected_us = swarm_world__now (w);
  swarm_record__event (w->record, row->t_detected_us, SWARM_EVENT_DETECTED, of->node->name, how);
}

/* Each helper below may close failures, so they walk a copy of the list. */
static GPtrArray *
open_failures_copy (const SwarmWorld *w)
{
  GPtrArray *copy = g_ptr_array_sized_new (w->open_failures->len);
  for (guint i = 0; i < w->open_failures->len; i++)
    g_ptr_array_add (copy, g_ptr_array_index (w->open_failures, i));
  return copy;
}

/* Rule 4: a node marked DOWN detects the failures that did not cost the leader; those that did
 * are acted on by the election or the quorum loss instead. */
void
swarm_world__failure_detected (SwarmWorld *w, WorldNode *node)
{
  g_autoptr (GPtrArray) open = open_failures_copy (w);
  for (guint i = 0; i < open->len; i++) {
    OpenFailure *of = g_ptr_array_index (open, i);
    if (of->node != node || row_of (w, of)->leader_lost)
      continue;
    mark_detected (w, of, "node marked down");
    try_close (w, of);
  }
}

void
swarm_world__failure_leader_elected (SwarmWorld *w)
{
  WorldRecovery *r = recovery_of (w);
  SimTime now = swarm_world__now (w);
  if (r->no_leader != 0) {
    SwarmControlPlaneRow *row =
        &g_array_index (w->record->control_plane, SwarmControlPlaneRow, r->no_leader - 1);
    row->end_us = now;
    r->no_leader = 0;
    char outage_s[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd (outage_s, sizeof outage_s, "%.1f", sim_time_to_seconds (now - row->start_us));
    swarm_record__narrate (w->record, now, "control plane back after %s s without a leader (%s)",
                           outage_s, row->cause);
  }
  g_autoptr (GPtrArray) open = open_failures_copy (w);
  for (guint i = 0; i < open->len; i++) {
    OpenFailure *of = g_ptr_array_index (open, i);
    if (!row_of (w, of)->leader_lost)
      continue;
    of->leader_back = TRUE;
    if (of->was_leader && !of->broke_quorum)
      mark_detected (w, of, "new leader elected");
    try_close (w, of);
  }
}

/* A replacement is a task of the lost replica's service in the same slot (replicated) or on the
 * same node (global). Matching the slot, not just the service, keeps one failure's replacements
 * out of another's row when two failures hit one service. O(failures waiting on that slot). */
void
swarm_world__failure_scheduled (SwarmWorld *w, WorldService *svc, const OrchTask *task)
{
  if (w->open_failures->len == 0)
    return;
  ReplicaSlot *slot = slot_of (w, svc, task->slot, task->node_id);
  for (guint i = 0; i < slot->waiting->len; i++) {
    SwarmRecoveryRow *row = row_of (w, ((FailureShare *)g_ptr_array_index (slot->waiting, i))->of);
    if (row->t_first_scheduled_us == SIM_TIME_NEVER)
      row->t_first_scheduled_us = swarm_world__now (w);
  }
}

void
swarm_world__failure_visible (SwarmWorld *w, const AgentTask *at, gint delta)
{
  ReplicaSlot *slot = slot_of (w, at->svc, at->slot, at->node->orch_id);
  gboolean was_back = slot->running > 0;
  slot->running += delta;
  gboolean back = slot->running > 0;
  if (back == was_back)
    return;
  /* The caller advanced the service's integrals before the change. */
  for (guint i = 0; i < slot->waiting->len; i++) {
    FailureShare *share = g_ptr_array_index (slot->waiting, i);
    if (back)
      share->missing--;
    else
      share->missing++;
  }
}

void
swarm_world__running_changed (SwarmWorld *w)
{
  g_autoptr (GPtrArray) open = open_failures_copy (w);
  for (guint i = 0; i < open->len; i++)
    try_close (w, g_ptr_array_index (open, i));
}

void
swarm_world__failures_close (SwarmWorld *w)
{
  if (!w->finished) {
    SimTime now = swarm_world__now (w);
    for (guint i = 0; i < w->services->len; i++)
      swarm_world__availability_advance (w, g_ptr_array_index (w->services, i));
    w->record->end_us = now;
  }
  for (guint i = 0; i < w->open_failures->len; i++)
    open_failure_free (g_ptr_array_index (w->open_failures, i));
  g_ptr_array_set_size (w->open_failures, 0);
  g_clear_pointer (&w->recovery, recovery_free);
}

/* --- the control plane ------------------------------------------------------------------------
 */

static guint
open_outage (SwarmWorld *w, SwarmOutageKind kind, const char *cause)
{
  SwarmControlPlaneRow row = { w->record->control_plane->len + 1, kind, swarm_world__now (w),
                               SIM_TIME_NEVER, swarm_record__intern (w->record, cause) };
  g_array_append_val (w->record->control_plane, row);
  return w->record->control_plane->len;
}

/* Returns: (nullable) (transfer none): the failure of this instant that costs the leader, the
 * newest first. */
static OpenFailure *
leader_failure_now (SwarmWorld *w)
{
  SimTime now = swarm_world__now (w);
  for (guint i = w->open_failures->len; i > 0; i--) {
    OpenFailure *of = g_ptr_array_index (w->open_failures, i - 1);
    const SwarmRecoveryRow *row = row_of (w, of);
    if (row->t_failure_us == now && row->leader_lost)
      return of;
  }
  return NULL;
}

static char *
cause_of (SwarmWorld *w, const OpenFailure *of)
{
  const SwarmRecoveryRow *row = row_of (w, of);
  if (of->quorum_text != NULL)
    return g_strdup_printf ("%s %s (%s)", of->node->name, row->kind, of->quorum_text);
  return g_strdup_printf ("%s %s", of->node->name, row->kind);
}

void
swarm_world__control_leader_lost (SwarmWorld *w, const WorldNode *old, const char *why)
{
  WorldRecovery *r = recovery_of (w);
  if (r->no_leader != 0)
    return;
  OpenFailure *of = leader_failure_now (w);
  g_autofree char *cause =
      of != NULL ? cause_of (w, of) : g_strdup_printf ("%s stops leading (%s)", old->name, why);
  r->no_leader = open_outage (w, SWARM_OUTAGE_NO_LEADER, cause);
}

void
swarm_world__control_quorum_lost (SwarmWorld *w, guint members, guint reachable)
{
  WorldRecovery *r = recovery_of (w);
  if (r->quorum_lost != 0)
    return;
  OpenFailure *of = leader_failure_now (w);
  g_autofree char *cause = of != NULL && of->broke_quorum
                               ? cause_of (w, of)
                               : g_strdup_printf ("%u of %u managers reachable, quorum %u",
                                                  reachable, members, swarm_raft_quorum (members));
  r->quorum_lost = open_outage (w, SWARM_OUTAGE_QUORUM_LOST, cause);
  g_hash_table_remove_all (r->reachable_at_loss);
  for (guint i = 0; i < w->nodes->len; i++) {
    WorldNode *n = g_ptr_array_index (w->nodes, i);
    if (n->raft_member && swarm_world__node_is_reachable (n))
      g_hash_table_add (r->reachable_at_loss, n);
  }
  g_autoptr (GPtrArray) open = open_failures_copy (w);
  for (guint i = 0; i < open->len; i++) {
    OpenFailure *f = g_ptr_array_index (open, i);
    if (f->broke_quorum)
      mark_detected (w, f, "quorum lost");
  }
}

void
swarm_world__control_quorum_back (SwarmWorld *w, guint members, guint reachable)
{
  WorldRecovery *r = recovery_of (w);
  SimTime now = swarm_world__now (w);
  g_autoptr (GString) text = g_string_new (NULL);
  /* Name the members that are reachable now and were not at the loss: a manager back. Without
   * one, the membership shrank (force-new-cluster). Nodes in creation order. */
  for (guint i = 0; i < w->nodes->len; i++) {
    WorldNode *n = g_ptr_array_index (w->nodes, i);
    if (n->raft_member && swarm_world__node_is_reachable (n) &&
        !g_hash_table_contains (r->reachable_at_loss, n))
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", n->name);
  }
  g_string_append (text, text->len > 0 ? " back: " : "raft membership reduced: ");
  g_string_append_printf (text, "%u of %u managers reachable, quorum %u", reachable, members,
                          swarm_raft_quorum (members));
  w->quorum_lost = FALSE;
  if (r->quorum_lost != 0) {
    g_array_index (w->record->control_plane, SwarmControlPlaneRow, r->quorum_lost - 1).end_us = now;
    r->quorum_lost = 0;
  }
  g_hash_table_remove_all (r->reachable_at_loss);
  swarm_record__narrate (w->record, now, "quorum restored (%s): a leader can be elected",
                         text->str);
  swarm_record__event (w->record, now, SWARM_EVENT_QUORUM_RESTORED, "raft", text->str);
}
