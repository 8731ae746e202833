/* SPDX-License-Identifier: MIT
 * The teaching timeline's task lines: which replicas a failure lost, where the orchestrator
 * re-created and scheduled them, when a replacement runs, and why a task stays pending. Long
 * lists are collapsed so that a large cluster still reads as a story; the numbers themselves are
 * in the other record rows. */
#include "models/swarm/world_private.h"

#include <string.h>

/* More tasks than this of one service in one instant are collapsed into one line. */
#define LIST_MAX 5
/* More nodes than this are counted ("on 12 nodes") rather than named. */
#define NODES_MAX 3

typedef struct {
  WorldService *svc; /* unowned */
  OrchTaskId task;
  guint32 slot;
  const char *node;     /* interned */
  const char *replaced; /* (nullable) interned: the node of the slot's previous task */
} Scheduled;

/* A task the scheduler left pending with a new reason. */
typedef struct {
  WorldService *svc; /* unowned */
  guint32 slot;
  const char *reason; /* interned */
} Pending;

struct _SwarmNarration {
  GArray *scheduled; /* (element-type Scheduled) owned; this commit's assignments */
  GArray *pending;   /* (element-type Pending) owned; this commit's new pending reasons */
};

static void
append_task (GString *out, const WorldService *svc, guint32 slot)
{
  if (svc->cfg->spec->mode == ORCH_MODE_REPLICATED)
    g_string_append_printf (out, "%s.%u", svc->name, slot);
  else
    g_string_append (out, svc->name);
}

void
swarm_world__append_task_list (GString *out, WorldService *const *svcs, const guint32 *slots,
                               guint n)
{
  /* Per service: up to LIST_MAX names, else the first two and a count. Input is grouped by
   * service (callers sort it). */
  for (guint i = 0; i < n;) {
    guint end = i;
    while (end < n && svcs[end] == svcs[i])
      end++;
    guint shown = end - i > LIST_MAX ? 2 : end - i;
    for (guint k = 0; k < shown; k++) {
      if (out->len > 0 && !(k == 0 && i == 0))
        g_string_append (out, ", ");
      append_task (out, svcs[i], slots[i + k]);
    }
    if (shown < end - i)
      g_string_append_printf (out, " and %u more", end - i - shown);
    i = end;
  }
}

SwarmNarration *
swarm_world__narration_new (void)
{
  SwarmNarration *n = g_new0 (SwarmNarration, 1);
  n->scheduled = g_array_new (FALSE, FALSE, sizeof (Scheduled));
  n->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  return n;
}

void
swarm_world__narration_free (SwarmNarration *n)
{
  if (n == NULL)
    return;
  g_array_unref (n->scheduled);
  g_array_unref (n->pending);
  g_free (n);
}

/* Records @task as the slot's latest and returns the node of the task it replaces (NULL: a new
 * slot). Global services have no slots worth naming. */
static const char *
swap_slot_node (WorldService *svc, OrchTaskId task, guint32 slot, const char *node)
{
  if (svc->slots->len <= slot)
    g_array_set_size (svc->slots, slot + 1);
  SlotLast *last = &g_array_index (svc->slots, SlotLast, slot);
  const char *replaced = last->node;
  last->task = task;
  last->node = node;
  return replaced;
}

void
swarm_world__narrate_assigned (SwarmWorld *w, WorldService *svc, const OrchTask *t)
{
  WorldNode *node = g_hash_table_lookup (w->node_by_orch, GUINT_TO_POINTER (t->node_id));
  if (node == NULL)
    return;
  const char *name = swarm_record__intern (w->record, node->name);
  const char *replaced = NULL;
  if (svc->cfg->spec->mode == ORCH_MODE_REPLICATED) {
    /* The same task assigned again (a write replayed after a leader change) is not news. */
    if (svc->slots->len > t->slot && g_array_index (svc->slots, SlotLast, t->slot).task == t->id)
      return;
    replaced = swap_slot_node (svc, t->id, t->slot, name);
  }
  Scheduled s = { svc, t->id, t->slot, name, replaced };
  g_array_append_val (w->narration->scheduled, s);
}

/* "worker-1, worker-3" or "7 nodes": the distinct nodes (or @replaced nodes) of @group. */
static void
append_nodes (GString *out, const Scheduled *group, guint n, gboolean replaced)
{
  /* The first NODES_MAX + 1 distinct names are found by a linear search (names are interned, so
   * pointer equality is name equality); past that only the count matters, and a hash set keeps
   * it O(n): a start-up commit assigns a task to each of 10^5 nodes. */
  const char *names[NODES_MAX + 1];
  g_autoptr (GHashTable) seen = NULL;
  guint distinct = 0;
  for (guint i = 0; i < n; i++) {
    const char *name = replaced ? group[i].replaced : group[i].node;
    if (seen != NULL) {
      distinct += g_hash_table_add (seen, (gpointer)(guintptr)name) ? 1u : 0u;
      continue;
    }
    guint k = 0;
    while (k < distinct && names[k] != name)
      k++;
    if (k < distinct)
      continue;
    if (distinct <= NODES_MAX) {
      names[distinct++] = name;
      continue;
    }
    seen = g_hash_table_new (g_direct_hash, g_direct_equal);
    for (k = 0; k < distinct; k++)
      g_hash_table_add (seen, (gpointer)(guintptr)names[k]);
    distinct += g_hash_table_add (seen, (gpointer)(guintptr)name) ? 1u : 0u;
  }
  if (distinct > NODES_MAX) {
    g_string_append_printf (out, "%u nodes", distinct);
    return;
  }
  for (guint i = 0; i < distinct; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", names[i]);
}

static void
narrate_one (SwarmWorld *w, const Scheduled *s, SimTime now)
{
  g_autoptr (GString) task = g_string_new (NULL);
  append_task (task, s->svc, s->slot);
  if (s->replaced == NULL) {
    swarm_record__narrate (w->record, now, "%s scheduled on %s", task->str, s->node);
    return;
  }
  swarm_record__narrate (w->record, now,
                         "%s re-created and scheduled on %s (replaces the task on %s)", task->str,
                         s->node, s->replaced);
  /* Only replacements named one by one get their own "running" line; a collapsed group is
   * summed up by the recovery line. */
  OrchTaskId *key = g_new (OrchTaskId, 1);
  *key = s->task;
  g_hash_table_add (w->narrate_running, key);
}

static void
narrate_group (SwarmWorld *w, const Scheduled *group, guint n, SimTime now)
{
  if (n <= LIST_MAX) {
    for (guint i = 0; i < n; i++)
      narrate_one (w, &group[i], now);
    return;
  }
  g_autoptr (GString) line = g_string_new (NULL);
  g_autofree WorldService **svcs = g_new (WorldService *, n);
  g_autofree guint32 *slots = g_new (guint32, n);
  for (guint i = 0; i < n; i++) {
    svcs[i] = group[i].svc;
    slots[i] = group[i].slot;
  }
  swarm_world__append_task_list (line, svcs, slots, n);
  gboolean replaces = group[0].replaced != NULL;
  g_string_append (line, replaces ? " re-created and scheduled on " : " scheduled on ");
  append_nodes (line, group, n, FALSE);
  if (replaces) {
    g_string_append (line, " (replace the tasks on ");
    append_nodes (line, group, n, TRUE);
    g_string_append_c (line, ')');
  }
  swarm_record__narrate (w->record, now, "%s", line->str);
}

/* Orders a commit's assignments by service (config order), new before replacements, then slot. */
static gint
compare_scheduled (gconstpointer a, gconstpointer b)
{
  const Scheduled *x = a, *y = b;
  if (x->svc != y->svc)
    return x->svc->index < y->svc->index ? -1 : 1;
  if ((x->replaced != NULL) != (y->replaced != NULL))
    return x->replaced == NULL ? -1 : 1;
  return x->slot < y->slot ? -1 : x->slot > y->slot;
}

void
swarm_world__narrate_pending (SwarmWorld *w, WorldService *svc, const OrchAction *a)
{
  Pending p = { svc, a->slot, swarm_record__intern (w->record, a->text) };
  g_array_append_val (w->narration->pending, p);
}

/* Orders a commit's pending tasks by service (config order), reason, then slot. The reason's
 * text, not its interned address, so that the order never depends on where memory lies. */
static gint
compare_pending (gconstpointer a, gconstpointer b)
{
  const Pending *x = a, *y = b;
  if (x->svc != y->svc)
    return x->svc->index < y->svc->index ? -1 : 1;
  int by_reason = strcmp (x->reason, y->reason);
  if (by_reason != 0)
    return by_reason;
  return x->slot < y->slot ? -1 : x->slot > y->slot;
}

/* "web.3, web.7" (collapsed past LIST_MAX like the other lines); a global service's tasks have no
 * slot to tell apart: "monitor (3 tasks)". */
static void
append_pending_tasks (GString *line, const Pending *group, guint n)
{
  WorldService *svc = group[0].svc;
  if (svc->cfg->spec->mode != ORCH_MODE_REPLICATED) {
    if (n == 1)
      g_string_append (line, svc->name);
    else
      g_string_append_printf (line, "%s (%u tasks)", svc->name, n);
    return;
  }
  g_autofree WorldService **svcs = g_new (WorldService *, n);
  g_autofree guint32 *slots = g_new (guint32, n);
  for (guint k = 0; k < n; k++) {
    svcs[k] = svc;
    slots[k] = group[k].slot;
  }
  swarm_world__append_task_list (line, svcs, slots, n);
}

/* "web.7 pending: no suitable node (insufficient resources on 3 nodes)": one line per service and
 * reason, told again only when the reason changes or after none of the service's tasks was
 * pending. The orchestrator reports a task only when its reason changes, so a stuck task adds
 * nothing; a node joining changes "on 3 nodes" to "on 4 nodes" and is told once per service. */
static void
flush_pending (SwarmWorld *w, SimTime now)
{
  GArray *all = w->narration->pending;
  g_array_sort (all, compare_pending);
  const Pending *p = (const Pending *)(gpointer)all->data;
  for (guint i = 0; i < all->len;) {
    guint end = i;
    while (end < all->len && p[end].svc == p[i].svc && p[end].reason == p[i].reason)
      end++;
    WorldService *svc = p[i].svc;
    if (svc->pending_said != p[i].reason) {
      svc->pending_said = p[i].reason;
      g_autoptr (GString) line = g_string_new (NULL);
      append_pending_tasks (line, &p[i], end - i);
      swarm_record__narrate (w->record, now, "%s pending: %s", line->str, p[i].reason);
    }
    i = end;
  }
  g_array_set_size (all, 0);
}

/* A commit's lines: its assignments first, then what it left pending, as the scheduler's pass
 * decides them in that order. */
void
swarm_world__narrate_flush (SwarmWorld *w)
{
  GArray *all = w->narration->scheduled;
  SimTime now = swarm_world__now (w);
  if (all->len > 0) {
    g_array_sort (all, compare_scheduled);
    const Scheduled *s = (const Scheduled *)(gpointer)all->data;
    for (guint i = 0; i < all->len;) {
      guint end = i;
      while (end < all->len && s[end].svc == s[i].svc &&
             (s[end].replaced != NULL) == (s[i].replaced != NULL))
        end++;
      narrate_group (w, &s[i], end - i, now);
      i = end;
    }
    g_array_set_size (all, 0);
  }
  if (w->narration->pending->len > 0)
    flush_pending (w, now);
}

void
swarm_world__narrate_running (SwarmWorld *w, const AgentTask *at)
{
  if (!g_hash_table_remove (w->narrate_running, &at->id))
    return;
  g_autoptr (GString) task = g_string_new (NULL);
  append_task (task, at->svc, at->slot);
  swarm_record__narrate (w->record, swarm_world__now (w), "%s running on %s", task->str,
                         at->node->name);
}
