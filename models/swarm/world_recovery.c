/* SPDX-License-Identifier: MIT
 * Measuring failures: for each crash or partition, when it happened, when the swarm noticed, when
 * the first replacement was scheduled, and when every affected service had its desired count of
 * containers running again elsewhere, with the replica-seconds lost in between. Also the task rows
 * of the record. Counts are ground truth (containers really running), not the store's view. */
#include "models/swarm/world_private.h"

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
deficit_of (const SwarmWorld *w, const OpenFailure *of)
{
  guint64 total = 0;
  for (guint i = 0; i < of->services->len; i++) {
    const WorldService *s = g_ptr_array_index (w->services, g_array_index (of->services, guint, i));
    guint64 desired = swarm_world__service_desired (w, s);
    total += desired > s->running_visible ? desired - s->running_visible : 0;
  }
  return total;
}

static gint
compare_lost (gconstpointer a, gconstpointer b)
{
  const AgentTask *x = *(AgentTask *const *)a, *y = *(AgentTask *const *)b;
  if (x->svc != y->svc)
    return g_strcmp0 (x->svc->name, y->svc->name);
  return x->slot < y->slot ? -1 : x->slot > y->slot;
}

void
swarm_world__failure_begin (SwarmWorld *w, WorldNode *node, const char *kind)
{
  SimTime now = swarm_world__now (w);
  g_autoptr (GPtrArray) lost = g_ptr_array_new ();
  for (guint i = 0; i < node->tasks->len; i++)
    if (((AgentTask *)g_ptr_array_index (node->tasks, i))->state == ORCH_TASK_RUNNING)
      g_ptr_array_add (lost, g_ptr_array_index (node->tasks, i));
  g_ptr_array_sort (lost, compare_lost);
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree WorldService **svcs = g_new (WorldService *, lost->len + 1);
  g_autofree guint32 *slots = g_new (guint32, lost->len + 1);
  OpenFailure *of = g_new0 (OpenFailure, 1);
  of->services = g_array_new (FALSE, FALSE, sizeof (guint));
  of->lost = g_array_sized_new (FALSE, FALSE, sizeof (LostReplica), lost->len);
  for (guint i = 0; i < lost->len; i++) {
    AgentTask *at = g_ptr_array_index (lost, i);
    svcs[i] = at->svc;
    slots[i] = at->slot;
    LostReplica lr = { at->svc, at->slot, node->orch_id };
    g_array_append_val (of->lost, lr);
    guint index = 0;
    g_ptr_array_find (w->services, at->svc, &index);
    gboolean seen = FALSE;
    for (guint k = 0; k < of->services->len; k++)
      seen |= g_array_index (of->services, guint, k) == index;
    if (!seen)
      g_array_append_val (of->services, index);
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
  swarm_record__event (w->record, now, SWARM_EVENT_FAILURE, node->name, kind);
  SwarmRecoveryRow row = { w->record->recoveries->len + 1,
                           swarm_record__intern (w->record, kind),
                           swarm_record__intern (w->record, node->name),
                           now,
                           SIM_TIME_NEVER,
                           SIM_TIME_NEVER,
                           SIM_TIME_NEVER,
                           SIM_TIME_NEVER,
                           lost->len,
                           0.0 };
  of->row = w->record->recoveries->len;
  of->node = node;
  of->last_t = now;
  of->was_leader = w->leader == node;
  g_array_append_val (w->record->recoveries, row);
  g_ptr_array_add (w->open_failures, of);
}

static void
open_failure_free (OpenFailure *of)
{
  g_array_unref (of->services);
  g_array_unref (of->lost);
  g_free (of);
}

static void
mark_detected (SwarmWorld *w, OpenFailure *of, const char *how)
{
  SwarmRecoveryRow *row = row_of (w, of);
  if (row->t_detected_us != SIM_TIME_NEVER)
    return;
  row->t_detected_us = swarm_world__now (w);
  swarm_record__event (w->record, row->t_detected_us, SWARM_EVENT_DETECTED, of->node->name, how);
  if (of->services->len > 0)
    return;
  /* Nothing ran there, so no replica has to come back: such a failure is over when the swarm has
   * noticed it (for a leader, when a new leader is elected and the control plane is back), so
   * that recovery is never reported before detection. running_changed() then drops the row. */
  row->t_all_running_us = row->t_detected_us;
  row->recovery_us = row->t_all_running_us - row->t_failure_us;
  if (of->was_leader)
    swarm_record__narrate (w->record, row->t_detected_us,
                           "control plane back: recovered in %.1f s (%s %s)",
                           sim_time_to_seconds (row->recovery_us), of->node->name, row->kind);
}

void
swarm_world__failure_detected (SwarmWorld *w, WorldNode *node)
{
  for (guint i = 0; i < w->open_failures->len; i++) {
    OpenFailure *of = g_ptr_array_index (w->open_failures, i);
    if (of->node == node)
      mark_detected (w, of, "node marked down");
  }
}

void
swarm_world__failure_leader_elected (SwarmWorld *w)
{
  for (guint i = 0; i < w->open_failures->len; i++) {
    OpenFailure *of = g_ptr_array_index (w->open_failures, i);
    if (of->was_leader)
      mark_detected (w, of, "new leader elected");
  }
}

/* A replacement is a task of the lost replica's service in the same slot (replicated) or on the
 * same node (global: SwarmKit re-creates a global task only where its node is). Matching the slot,
 * not just the service, keeps one failure's replacements out of another's row when two failures
 * hit one service. O(open failures × lost replicas) per assignment. */
static gboolean
replaces (const LostReplica *lr, const WorldService *svc, const OrchTask *task)
{
  if (lr->svc != svc)
    return FALSE;
  if (svc->cfg->spec->mode == ORCH_MODE_GLOBAL)
    return task->node_id == lr->node;
  return task->slot == lr->slot;
}

void
swarm_world__failure_scheduled (SwarmWorld *w, WorldService *svc, const OrchTask *task)
{
  for (guint i = 0; i < w->open_failures->len; i++) {
    OpenFailure *of = g_ptr_array_index (w->open_failures, i);
    SwarmRecoveryRow *row = row_of (w, of);
    for (guint k = 0; k < of->lost->len && row->t_first_scheduled_us == SIM_TIME_NEVER; k++)
      if (replaces (&g_array_index (of->lost, LostReplica, k), svc, task))
        row->t_first_scheduled_us = swarm_world__now (w);
  }
}

static void
close_recovered (SwarmWorld *w, OpenFailure *of, SimTime now)
{
  SwarmRecoveryRow *row = row_of (w, of);
  row->t_all_running_us = now;
  row->recovery_us = now - row->t_failure_us;
  g_autoptr (GString) back = g_string_new (NULL);
  for (guint k = 0; k < of->services->len; k++) {
    const WorldService *s = g_ptr_array_index (w->services, g_array_index (of->services, guint, k));
    g_string_append_printf (back, "%s%s back to %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                            k > 0 ? ", " : "", s->name, s->running_visible,
                            swarm_world__service_desired (w, s));
  }
  swarm_record__narrate (w->record, now, "%s replicas: recovered in %.1f s (%s %s)", back->str,
                         sim_time_to_seconds (row->recovery_us), of->node->name, row->kind);
  swarm_record__event (w->record, now, SWARM_EVENT_RECOVERED, of->node->name, back->str);
}

void
swarm_world__running_changed (SwarmWorld *w)
{
  SimTime now = swarm_world__now (w);
  for (guint i = 0; i < w->open_failures->len;) {
    OpenFailure *of = g_ptr_array_index (w->open_failures, i);
    SwarmRecoveryRow *row = row_of (w, of);
    row->replica_seconds_lost += (double)of->deficit * sim_time_to_seconds (now - of->last_t);
    of->last_t = now;
    of->deficit = deficit_of (w, of);
    /* A failure that lost nothing is closed by mark_detected(); it only waits to be noticed. */
    if (of->services->len == 0) {
      if (row->t_detected_us != SIM_TIME_NEVER) {
        g_ptr_array_remove_index (w->open_failures, i);
        open_failure_free (of);
        continue;
      }
      i++;
      continue;
    }
    /* At the failure instant itself the lost containers may not be gone yet (the caller removes
     * them right after): only a later zero deficit recovers. */
    if (of->deficit == 0 && now > row->t_failure_us) {
      close_recovered (w, of, now);
      g_ptr_array_remove_index (w->open_failures, i);
      open_failure_free (of);
      continue;
    }
    i++;
  }
}

void
swarm_world__failures_close (SwarmWorld *w)
{
  if (!w->finished) {
    SimTime now = swarm_world__now (w);
    for (guint i = 0; i < w->open_failures->len; i++) {
      OpenFailure *of = g_ptr_array_index (w->open_failures, i);
      row_of (w, of)->replica_seconds_lost +=
          (double)of->deficit * sim_time_to_seconds (now - of->last_t);
      of->last_t = now;
    }
  }
  for (guint i = 0; i < w->open_failures->len; i++)
    open_failure_free (g_ptr_array_index (w->open_failures, i));
  g_ptr_array_set_size (w->open_failures, 0);
}

static void
advance_to (SwarmWorld *w, WorldService *svc, SimTime t)
{
  SwarmAvailabilityRow *row =
      &g_array_index (w->record->availability, SwarmAvailabilityRow, svc->index);
  if (t <= svc->avail_since)
    return;
  gint64 dt = t - svc->avail_since;
  /* gint64 replica-µs: 10^5 replicas for 10^9 s (31 years) stay below 2^63. */
  row->up_replica_us += (gint64)MIN (svc->running_total, svc->desired_now) * dt;
  row->desired_replica_us += (gint64)svc->desired_now * dt;
  svc->avail_since = t;
}

void
swarm_world__availability_advance (SwarmWorld *w, WorldService *svc)
{
  advance_to (w, svc, swarm_world__now (w));
}

void
swarm_world__availability_refresh (SwarmWorld *w, WorldService *svc)
{
  advance_to (w, svc, swarm_world__now (w));
  svc->desired_now = swarm_world__service_desired (w, svc);
  svc->desired_dirty = FALSE;
}

/* O(services) per commit, plus O(tasks) for each global service touched: the desired count of a
 * global service is a count over its tasks, so it is read only when the orchestrator changed them.
 */
void
swarm_world__availability_refresh_dirty (SwarmWorld *w)
{
  for (guint i = 0; i < w->services->len; i++) {
    WorldService *s = g_ptr_array_index (w->services, i);
    if (s->desired_dirty)
      swarm_world__availability_refresh (w, s);
  }
}

void
swarm_world__availability_close (SwarmWorld *w, SimTime end_us)
{
  for (guint i = 0; i < w->services->len; i++)
    advance_to (w, g_ptr_array_index (w->services, i), end_us);
}

void
swarm_world__record_task (SwarmWorld *w, OrchTaskId task)
{
  const OrchTask *t = orch_store_get_task (orch_manager_get_store (w->manager), task);
  if (t == NULL)
    return;
  WorldService *svc = g_hash_table_lookup (w->service_by_id, GUINT_TO_POINTER (t->service_id));
  WorldNode *node = g_hash_table_lookup (w->node_by_orch, GUINT_TO_POINTER (t->node_id));
  SwarmTaskRow row = { swarm_world__now (w),
                       t->id,
                       svc != NULL ? svc->name : "",
                       t->slot,
                       node != NULL ? swarm_record__intern (w->record, node->name) : "",
                       t->state,
                       t->desired,
                       swarm_record__intern (w->record, t->err) };
  if (svc == NULL)
    row.service = swarm_record__intern (w->record, "");
  if (node == NULL)
    row.node = swarm_record__intern (w->record, "");
  g_array_append_val (w->record->tasks, row);
}
