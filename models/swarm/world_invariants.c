/* SPDX-License-Identifier: MIT
 * The invariant checker (swarm_world_set_check_invariants): properties every run must keep, checked
 * as it goes, so that a broken one stops the run with the invariant, the time and the object named
 * instead of showing up as a strange number in the results. For tests and --check-invariants; it
 * decides nothing and changes nothing the run computes. */
#include "models/swarm/world_private.h"

#include "models/swarm/raft.h"
#include "sim/time.h"

struct _WorldInvariants {
  GHashTable *seen;  /* OrchTaskId → its last observed and desired state, owned; looked up only */
  SimTime last_now;  /* the clock at the previous check */
  GError *violation; /* (nullable) owned: the first invariant found broken */
};

/* A task's states as the previous check saw them. */
typedef struct {
  OrchTaskId id; /* the key points here */
  OrchTaskState state;
  OrchTaskState desired;
} SeenTask;

WorldInvariants *
swarm_world__invariants_new (void)
{
  WorldInvariants *inv = g_new0 (WorldInvariants, 1);
  inv->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  return inv;
}

void
swarm_world__invariants_free (WorldInvariants *inv)
{
  if (inv == NULL)
    return;
  g_hash_table_unref (inv->seen);
  g_clear_error (&inv->violation);
  g_free (inv);
}

/* Keeps the first violation only (later ones are often its consequences) and stops the engine, so
 * the run ends at the instant the invariant broke. */
G_GNUC_PRINTF (3, 4)
static void
violated (SwarmWorld *w, const char *invariant, const char *format, ...)
{
  WorldInvariants *inv = w->invariants;
  if (inv->violation != NULL)
    return;
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_autofree char *at = sim_time_format_clock (swarm_world__now (w));
  g_set_error (&inv->violation, SWARM_WORLD_ERROR, SWARM_WORLD_ERROR_INVARIANT,
               "invariant \"%s\" broken at %s: %s", invariant, at, what);
  sim_engine_stop (w->engine);
}

static const char *
node_name (const SwarmWorld *w, OrchNodeId id)
{
  const WorldNode *node = g_hash_table_lookup (w->node_by_orch, GUINT_TO_POINTER (id));
  return node != NULL ? node->name : "(unknown node)";
}

static const char *
service_name (const SwarmWorld *w, OrchServiceId id)
{
  const WorldService *s = g_hash_table_lookup (w->service_by_id, GUINT_TO_POINTER (id));
  return s != NULL ? s->name : "(removed service)";
}

/* Called by swarm_world__commit() with the actions the manager just decided, before the world
 * carries them out: the decisions themselves are checked, which a later look at the store cannot
 * tell apart from what happened to the node since. */
void
swarm_world__invariants_commit (SwarmWorld *w)
{
  if (w->invariants == NULL)
    return;
  OrchStore *store = orch_manager_get_store (w->manager);
  guint members = 0, reachable = 0;
  for (guint i = 0; i < w->nodes->len; i++) {
    const WorldNode *n = g_ptr_array_index (w->nodes, i);
    members += n->raft_member ? 1u : 0u;
    reachable += n->raft_member && swarm_world__node_is_reachable (n) ? 1u : 0u;
  }
  gboolean control = w->leader != NULL && swarm_raft_has_quorum (members, reachable);
  for (guint i = 0; i < w->actions->len; i++) {
    const OrchAction *a = &g_array_index (w->actions, OrchAction, i);
    if (a->kind != ORCH_ACTION_TASK_ASSIGNED)
      continue;
    const char *svc = service_name (w, a->service_id);
    if (!control) {
      violated (w, "no scheduling without a leader and a quorum",
                "task %s.%u assigned to %s with %s, %u of %u managers reachable", svc, a->slot,
                node_name (w, a->node_id), w->leader != NULL ? "a leader" : "no leader", reachable,
                members);
      return;
    }
    const OrchNode *n = orch_store_get_node (store, a->node_id);
    if (n == NULL || n->status != ORCH_NODE_READY || n->availability != ORCH_AVAILABILITY_ACTIVE) {
      violated (w, "new tasks go to ready and active nodes only",
                "task %s.%u assigned to %s, which is %s and %s", svc, a->slot,
                node_name (w, a->node_id),
                n != NULL ? orch_node_status_to_string (n->status) : "not in the store",
                n != NULL ? orch_availability_to_string (n->availability) : "-");
      return;
    }
  }
}

/* What the tasks holding resources on each READY node reserve, against its capacity. Tasks whose
 * desired state is past RUNNING are leaving and are not counted: the scheduler does not count
 * them either (models/orchestrator/nodeinfo.c). */
static void
check_capacity (SwarmWorld *w, OrchStore *store)
{
  const GPtrArray *nodes = orch_store_get_nodes (store);
  for (guint i = 0; i < nodes->len; i++) {
    const OrchNode *n = g_ptr_array_index (nodes, i);
    if (n->status != ORCH_NODE_READY)
      continue;
    const GPtrArray *tasks = orch_store_get_node_tasks (store, n->id);
    gint64 cpu = 0, mem = 0;
    for (guint k = 0; tasks != NULL && k < tasks->len; k++) {
      const OrchTask *t = g_ptr_array_index (tasks, k);
      if (t->state <= ORCH_TASK_PENDING || t->state > ORCH_TASK_RUNNING ||
          t->desired > ORCH_TASK_RUNNING)
        continue;
      cpu += t->spec->reservations.nanocpus;
      mem += t->spec->reservations.memory_bytes;
    }
    if (cpu > n->capacity.nanocpus || mem > n->capacity.memory_bytes) {
      violated (w, "reservations within a node's capacity",
                "node %s reserves %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                " nanocpus and %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " memory bytes",
                node_name (w, n->id), cpu, n->capacity.nanocpus, mem, n->capacity.memory_bytes);
      return;
    }
  }
}

/* Observed states only increase; desired states too, except READY → RUNNING (a delayed restart
 * released). */
static void
check_states (SwarmWorld *w, const GPtrArray *tasks)
{
  WorldInvariants *inv = w->invariants;
  for (guint i = 0; i < tasks->len; i++) {
    const OrchTask *t = g_ptr_array_index (tasks, i);
    SeenTask *seen = g_hash_table_lookup (inv->seen, &t->id);
    if (seen == NULL) {
      seen = g_new0 (SeenTask, 1);
      seen->id = t->id;
      g_hash_table_insert (inv->seen, &seen->id, seen);
    } else if (t->state < seen->state) {
      violated (w, "observed task states never go backwards",
                "task %s.%u (id %" G_GUINT64_FORMAT ") went from %s to %s",
                service_name (w, t->service_id), t->slot, t->id,
                orch_task_state_to_string (seen->state), orch_task_state_to_string (t->state));
      return;
    } else if (t->desired < seen->desired &&
               !(seen->desired == ORCH_TASK_READY && t->desired == ORCH_TASK_RUNNING)) {
      violated (w, "desired task states never go backwards",
                "task %s.%u (id %" G_GUINT64_FORMAT ") went from desired %s to %s",
                service_name (w, t->service_id), t->slot, t->id,
                orch_task_state_to_string (seen->desired), orch_task_state_to_string (t->desired));
      return;
    }
    seen->state = t->state;
    seen->desired = t->desired;
  }
}

/* A start-first update or rollback in progress runs the new task of a slot beside the old one. */
static gboolean
may_overlap (const OrchService *s)
{
  switch (s->update_state) {
    case ORCH_UPDATE_STATE_UPDATING:
    case ORCH_UPDATE_STATE_PAUSED:
    case ORCH_UPDATE_STATE_ROLLBACK_STARTED:
    case ORCH_UPDATE_STATE_ROLLBACK_PAUSED:
      return s->spec->update.order == ORCH_ORDER_START_FIRST ||
             s->spec->rollback.order == ORCH_ORDER_START_FIRST ||
             (s->previous_spec != NULL &&
              (s->previous_spec->update.order == ORCH_ORDER_START_FIRST ||
               s->previous_spec->rollback.order == ORCH_ORDER_START_FIRST));
    case ORCH_UPDATE_STATE_NONE:
    case ORCH_UPDATE_STATE_COMPLETED:
    case ORCH_UPDATE_STATE_ROLLBACK_COMPLETED:
    default:
      return FALSE;
  }
}

/* At most one task per slot (per node for a global service) wants to run: desired and observed
 * state both at most RUNNING. */
static void
check_slots (SwarmWorld *w, OrchStore *store)
{
  const GPtrArray *services = orch_store_get_services (store);
  g_autoptr (GHashTable) slots = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < services->len; i++) {
    const OrchService *s = g_ptr_array_index (services, i);
    if (may_overlap (s))
      continue;
    const GPtrArray *tasks = orch_store_get_service_tasks (store, s->id);
    gboolean global = s->spec->mode != ORCH_MODE_REPLICATED;
    g_hash_table_remove_all (slots);
    g_array_set_size (keys, tasks != NULL ? tasks->len : 0);
    for (guint k = 0; tasks != NULL && k < tasks->len; k++) {
      const OrchTask *t = g_ptr_array_index (tasks, k);
      if (t->desired > ORCH_TASK_RUNNING || t->state > ORCH_TASK_RUNNING)
        continue;
      if (global && t->node_id == 0)
        continue; /* not yet assigned: the node is chosen with it */
      gint64 *key = &g_array_index (keys, gint64, k);
      *key = global ? (gint64)t->node_id : (gint64)t->slot;
      guint other_k = GPOINTER_TO_UINT (g_hash_table_lookup (slots, key)); /* index + 1 */
      if (other_k != 0) {
        const OrchTask *other = g_ptr_array_index (tasks, other_k - 1);
        violated (w, "at most one task per slot wants to run",
                  "%s %s.%u has tasks %" G_GUINT64_FORMAT " (%s) and %" G_GUINT64_FORMAT " (%s)",
                  global ? "node" : "slot", s->spec->name, global ? (guint)t->node_id : t->slot,
                  other->id, orch_task_state_to_string (other->state), t->id,
                  orch_task_state_to_string (t->state));
        return;
      }
      g_hash_table_insert (slots, key, GUINT_TO_POINTER (k + 1));
    }
  }
}

/* O(nodes + tasks): fine for the tests and small runs the option is meant for, not for 100 000
 * nodes. */
gboolean
swarm_world__invariants_check (SwarmWorld *w, GError **error)
{
  WorldInvariants *inv = w->invariants;
  if (inv == NULL)
    return TRUE;
  SimTime now = swarm_world__now (w);
  if (inv->violation == NULL && now < inv->last_now) {
    g_autofree char *was = sim_time_format_clock (inv->last_now);
    violated (w, "the clock never goes back", "it went from %s back", was);
  }
  inv->last_now = now;
  OrchStore *store = orch_manager_get_store (w->manager);
  g_autoptr (GPtrArray) tasks = orch_store_dup_tasks (store);
  if (inv->violation == NULL)
    check_capacity (w, store);
  if (inv->violation == NULL)
    check_states (w, tasks);
  if (inv->violation == NULL)
    check_slots (w, store);
  if (inv->violation == NULL && !swarm_world_check (w))
    violated (w, "the running counters agree with the store",
              "a full scan of the store gives other capacity, reservations or pending counts");
  if (inv->violation != NULL) {
    g_propagate_error (error, g_error_copy (inv->violation));
    return FALSE;
  }
  return TRUE;
}

void
swarm_world_set_check_invariants (SwarmWorld *world, gboolean check)
{
  g_return_if_fail (world != NULL);
  if (!check) {
    g_clear_pointer (&world->invariants, swarm_world__invariants_free);
    return;
  }
  if (world->invariants == NULL)
    world->invariants = swarm_world__invariants_new ();
}
