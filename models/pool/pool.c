/* SPDX-License-Identifier: MIT
 * Resource pools: the periodic look of the autoscaler and the two ways to grow and shrink. The
 * decision itself is policy.c's; this file observes the world and carries decisions out. */
#include "models/pool/pool.h"

#include <string.h>

#include "models/ec2/catalog.h"

G_DEFINE_QUARK (swarmsim - pool - error - quark, pool_error)

typedef struct {
  char *name;                  /* owned */
  const Ec2InstanceType *type; /* unowned: the pool's catalog */
  gboolean added;              /* launched by the pool (scale-out), so it may be removed */
} Member;

struct _Pool {
  SwarmWorld *world;   /* unowned */
  PoolSpec spec;       /* owned copy */
  Ec2Catalog *catalog; /* owned */
  GPtrArray *ladder;   /* (element-type Ec2InstanceType) unowned: the family by vCPUs, up to max */
  char *zone;          /* owned */
  GPtrArray *members;  /* (element-type Member) owned, in joining order */
  PoolPolicyState state;
  SimEventId tick;
  PoolNodeFunc node_func;
  gpointer node_data;
  guint grows, shrinks;
  GPtrArray *retiring; /* (element-type Retiring) owned: drained nodes waiting to be removed */
};

/* A scale-in is "docker node update --availability drain", then, once SwarmKit has stopped the
 * node's tasks (the stop grace is 10 s, api/defaults/service.go) and placed their replacements,
 * "docker node rm" and the instance's termination. 30 s covers the grace and a rescheduling; a
 * task still on the node then is lost with it, as it would be in a real scale-in script. */
#define DRAIN_WAIT_US ((SimTime)30000000)

typedef struct {
  Pool *pool; /* unowned */
  char *name; /* owned */
  SimEventId ev;
} Retiring;

static void
retiring_free (gpointer data)
{
  Retiring *r = data;

  g_free (r->name);
  g_free (r);
}

static void
on_drained (SimEngine *engine, gpointer user_data)
{
  Retiring *r = user_data;
  Pool *pool = r->pool;

  (void)engine;
  r->ev = SIM_EVENT_ID_INVALID;
  (void)swarm_world_remove_node (pool->world, r->name, NULL); /* a crashed node is gone anyway */
  if (pool->node_func != NULL)
    pool->node_func (r->name, pool->zone, swarm_world_get_now (pool->world), FALSE,
                     pool->node_data);
  g_ptr_array_remove (pool->retiring, r);
}

const char *
pool_kind_to_string (PoolKind kind)
{
  return kind == POOL_KIND_SCALE_UP ? "scale-up" : "scale-out";
}

gboolean
pool_kind_from_string (const char *text, PoolKind *out)
{
  if (g_strcmp0 (text, "scale-up") == 0)
    *out = POOL_KIND_SCALE_UP;
  else if (g_strcmp0 (text, "scale-out") == 0)
    *out = POOL_KIND_SCALE_OUT;
  else
    return FALSE;
  return TRUE;
}

void
pool_spec_init (PoolSpec *spec, const char *name)
{
  PoolPolicy policy = POOL_POLICY_INIT;

  memset (spec, 0, sizeof *spec);
  spec->name = g_strdup (name);
  spec->group = g_strdup (name);
  spec->kind = POOL_KIND_SCALE_OUT;
  spec->max_nodes = 64;
  spec->policy = policy;
}

void
pool_spec_clear (PoolSpec *spec)
{
  g_clear_pointer (&spec->name, g_free);
  g_clear_pointer (&spec->group, g_free);
  g_clear_pointer (&spec->max_type, g_free);
}

static void
member_free (gpointer data)
{
  Member *m = data;

  g_free (m->name);
  g_free (m);
}

static const SwarmNodeGroup *
find_group (const SwarmConfig *config, const char *name)
{
  for (guint i = 0; i < config->node_groups->len; i++) {
    const SwarmNodeGroup *g = config->node_groups->pdata[i];

    if (strcmp (g->name, name) == 0)
      return g;
  }
  return NULL;
}

static gint
compare_vcpus (gconstpointer a, gconstpointer b)
{
  const Ec2InstanceType *x = *(Ec2InstanceType *const *)a;
  const Ec2InstanceType *y = *(Ec2InstanceType *const *)b;

  if (x->vcpus != y->vcpus)
    return x->vcpus < y->vcpus ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* The family's types in increasing size, cut at max_type. */
static gboolean
build_ladder (Pool *pool, const Ec2InstanceType *base, GError **error)
{
  pool->ladder = g_ptr_array_new ();
  for (guint i = 0; i < ec2_catalog_get_size (pool->catalog); i++) {
    const Ec2InstanceType *t = ec2_catalog_get_nth (pool->catalog, i);

    if (strcmp (t->family, base->family) == 0)
      g_ptr_array_add (pool->ladder, (gpointer)(guintptr)t); /* kept as const */
  }
  g_ptr_array_sort (pool->ladder, compare_vcpus);
  if (pool->spec.max_type == NULL)
    return TRUE;
  for (guint i = 0; i < pool->ladder->len; i++)
    if (strcmp (((Ec2InstanceType *)pool->ladder->pdata[i])->name, pool->spec.max_type) == 0) {
      g_ptr_array_set_size (pool->ladder, (gint)i + 1);
      return TRUE;
    }
  g_set_error (error, POOL_ERROR, POOL_ERROR_UNKNOWN_NAME,
               "pool \"%s\": max_type \"%s\" is not in the %s family; expected one of its types",
               pool->spec.name, pool->spec.max_type, base->family);
  return FALSE;
}

static gint
ladder_index (const Pool *pool, const Ec2InstanceType *type)
{
  for (guint i = 0; i < pool->ladder->len; i++)
    if (pool->ladder->pdata[i] == type)
      return (gint)i;
  return -1;
}

guint
pool_get_vcpus (const Pool *pool)
{
  guint vcpus = 0;

  for (guint i = 0; i < pool->members->len; i++)
    vcpus += ((Member *)pool->members->pdata[i])->type->vcpus;
  return vcpus;
}

/* Scale-up resizes the smallest member (the first in joining order among equals). */
static Member *
smallest_member (const Pool *pool)
{
  Member *best = NULL;

  for (guint i = 0; i < pool->members->len; i++) {
    Member *m = pool->members->pdata[i];

    if (best == NULL || m->type->vcpus < best->type->vcpus)
      best = m;
  }
  g_assert (best != NULL); /* a pool always has a member: pool_new() checks the group's count */
  return best;
}

static Member *
largest_member (const Pool *pool)
{
  Member *best = NULL;

  for (guint i = 0; i < pool->members->len; i++) {
    Member *m = pool->members->pdata[i];

    if (best == NULL || m->type->vcpus >= best->type->vcpus)
      best = m;
  }
  g_assert (best != NULL); /* a pool always has a member: pool_new() checks the group's count */
  return best;
}

static gboolean
can_grow (const Pool *pool)
{
  Member *m;

  if (pool->spec.kind == POOL_KIND_SCALE_OUT)
    return pool->members->len < pool->spec.max_nodes;
  m = smallest_member (pool);
  return m != NULL && ladder_index (pool, m->type) + 1 < (gint)pool->ladder->len;
}

static gboolean
can_shrink (const Pool *pool)
{
  Member *m;

  if (pool->spec.kind == POOL_KIND_SCALE_OUT)
    return pool->members->len > pool->spec.min_nodes &&
           ((Member *)pool->members->pdata[pool->members->len - 1])->added;
  m = largest_member (pool);
  return m != NULL && ladder_index (pool, m->type) > 0;
}

gboolean
pool_grow (Pool *pool, GError **error)
{
  g_return_val_if_fail (pool != NULL, FALSE);
  if (!can_grow (pool)) {
    g_set_error (error, POOL_ERROR, POOL_ERROR_INVALID, "pool \"%s\" is at its largest size",
                 pool->spec.name);
    return FALSE;
  }
  if (pool->spec.kind == POOL_KIND_SCALE_OUT) {
    const Member *first = pool->members->pdata[0];
    const char *name = swarm_world_add_node (pool->world, pool->spec.group, NULL, error);
    Member *m;

    if (name == NULL)
      return FALSE;
    m = g_new0 (Member, 1);
    m->name = g_strdup (name);
    m->type = first->type;
    m->added = TRUE;
    g_ptr_array_add (pool->members, m);
    if (pool->node_func != NULL)
      pool->node_func (m->name, pool->zone, swarm_world_get_now (pool->world), TRUE,
                       pool->node_data);
  } else {
    Member *m = smallest_member (pool);
    const Ec2InstanceType *next = pool->ladder->pdata[ladder_index (pool, m->type) + 1];

    if (!swarm_world_resize_node (pool->world, m->name, next->name, error))
      return FALSE;
    m->type = next;
  }
  pool->grows++;
  return TRUE;
}

gboolean
pool_shrink (Pool *pool, GError **error)
{
  g_return_val_if_fail (pool != NULL, FALSE);
  if (!can_shrink (pool)) {
    g_set_error (error, POOL_ERROR, POOL_ERROR_INVALID, "pool \"%s\" is at its smallest size",
                 pool->spec.name);
    return FALSE;
  }
  if (pool->spec.kind == POOL_KIND_SCALE_OUT) {
    /* Last in, first out: the newest node has the fewest long-running tasks to move. */
    Member *m = pool->members->pdata[pool->members->len - 1];
    g_autoptr (SwarmAction) drain = swarm_action_new (SWARM_ACTION_NODE_DRAIN, 0, m->name);
    Retiring *r;

    if (!swarm_world_apply_action (pool->world, drain, error))
      return FALSE;
    r = g_new0 (Retiring, 1);
    r->pool = pool;
    r->name = g_strdup (m->name);
    r->ev = sim_engine_schedule_in (swarm_world_get_engine (pool->world), DRAIN_WAIT_US, on_drained,
                                    r, NULL);
    g_ptr_array_add (pool->retiring, r);
    g_ptr_array_remove_index (pool->members, pool->members->len - 1);
  } else {
    Member *m = largest_member (pool);
    const Ec2InstanceType *prev = pool->ladder->pdata[ladder_index (pool, m->type) - 1];

    if (!swarm_world_resize_node (pool->world, m->name, prev->name, error))
      return FALSE;
    m->type = prev;
  }
  pool->shrinks++;
  return TRUE;
}

static double
share (gint64 reserved, gint64 capacity)
{
  if (capacity <= 0)
    return reserved > 0 ? 1.0 : 0.0;
  return (double)reserved / (double)capacity;
}

static void
observe (const Pool *pool, PoolObservation *obs)
{
  gint64 cpu_cap = 0, cpu_res = 0, mem_cap = 0, mem_res = 0;
  gint64 cpu_less = 0, mem_less = 0;

  swarm_world_get_resources (pool->world, &cpu_cap, &cpu_res, &mem_cap, &mem_res);
  obs->pending_tasks = swarm_world_get_pending_tasks (pool->world, NULL);
  obs->reserved_share = MAX (share (cpu_res, cpu_cap), share (mem_res, mem_cap));
  obs->can_grow = can_grow (pool);
  obs->can_shrink = can_shrink (pool);
  if (obs->can_shrink) {
    /* What one shrink step takes away: the newest node, or the largest node's step down. */
    const Ec2InstanceType *from, *to = NULL;

    if (pool->spec.kind == POOL_KIND_SCALE_OUT)
      from = ((Member *)pool->members->pdata[pool->members->len - 1])->type;
    else {
      from = largest_member (pool)->type;
      to = pool->ladder->pdata[ladder_index (pool, from) - 1];
    }
    cpu_less = (gint64)(from->vcpus - (to != NULL ? to->vcpus : 0)) * 1000000000;
    mem_less = from->memory_bytes - (to != NULL ? to->memory_bytes : 0);
  }
  obs->reserved_share_shrunk =
      MAX (share (cpu_res, cpu_cap - cpu_less), share (mem_res, mem_cap - mem_less));
}

static void
on_tick (SimEngine *engine, gpointer user_data)
{
  Pool *pool = user_data;
  PoolObservation obs;
  PoolDecision decision;

  observe (pool, &obs);
  decision =
      pool_policy_decide (&pool->spec.policy, &pool->state, &obs, sim_engine_get_now (engine));
  /* The world may refuse (no quorum: the Docker CLI would fail too); the policy tries again at a
   * later look, after its cooldown. */
  if (decision == POOL_DECISION_GROW)
    (void)pool_grow (pool, NULL);
  else if (decision == POOL_DECISION_SHRINK)
    (void)pool_shrink (pool, NULL);
  pool->tick = sim_engine_schedule_in (engine, pool->spec.policy.interval_us, on_tick, pool, NULL);
}

static gboolean
add_initial_members (Pool *pool, const SwarmNodeGroup *group, GError **error)
{
  const Ec2InstanceType *type = ec2_catalog_get (pool->catalog, group->instance_type, error);

  if (type == NULL)
    return FALSE;
  for (guint i = 1; i <= group->count; i++) {
    Member *m = g_new0 (Member, 1);

    m->name = swarm_config_get_node_name (group, i);
    m->type = type;
    g_ptr_array_add (pool->members, m);
  }
  if (pool->spec.min_nodes == 0)
    pool->spec.min_nodes = group->count;
  return build_ladder (pool, type, error);
}

Pool *
pool_new (SwarmWorld *world, const SwarmConfig *config, const PoolSpec *spec, GError **error)
{
  g_autoptr (Pool) pool = NULL;
  const SwarmNodeGroup *group;

  g_return_val_if_fail (world != NULL && config != NULL && spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  group = find_group (config, spec->group);
  if (group == NULL || group->count == 0) {
    g_set_error (error, POOL_ERROR, POOL_ERROR_UNKNOWN_NAME,
                 "pool \"%s\": node group \"%s\" does not exist or is empty; expected a group with "
                 "count ≥ 1",
                 spec->name, spec->group);
    return NULL;
  }
  if (!pool_spec_check_actions (spec, config, error))
    return NULL;
  pool = g_new0 (Pool, 1);
  pool->world = world;
  pool->spec = *spec;
  pool->spec.name = g_strdup (spec->name);
  pool->spec.group = g_strdup (spec->group);
  pool->spec.max_type = g_strdup (spec->max_type);
  pool->zone = g_strdup (group->availability_zone);
  pool->members = g_ptr_array_new_with_free_func (member_free);
  pool->retiring = g_ptr_array_new_with_free_func (retiring_free);
  pool_policy_state_init (&pool->state);
  pool->catalog = swarm_config_dup_catalog (config, error);
  if (pool->catalog == NULL || !add_initial_members (pool, group, error))
    return NULL;
  if (spec->policy.enabled)
    pool->tick = sim_engine_schedule_in (swarm_world_get_engine (world), spec->policy.interval_us,
                                         on_tick, pool, NULL);
  return g_steal_pointer (&pool);
}

void
pool_free (Pool *pool)
{
  if (pool == NULL)
    return;
  if (pool->tick != SIM_EVENT_ID_INVALID)
    sim_engine_cancel (swarm_world_get_engine (pool->world), pool->tick);
  for (guint i = 0; i < pool->retiring->len; i++)
    sim_engine_cancel (swarm_world_get_engine (pool->world),
                       ((Retiring *)pool->retiring->pdata[i])->ev);
  g_ptr_array_unref (pool->retiring);
  pool_spec_clear (&pool->spec);
  g_clear_pointer (&pool->ladder, g_ptr_array_unref);
  g_clear_pointer (&pool->members, g_ptr_array_unref);
  g_clear_pointer (&pool->catalog, ec2_catalog_free);
  g_free (pool->zone);
  g_free (pool);
}

void
pool_set_node_func (Pool *pool, PoolNodeFunc func, gpointer user_data)
{
  pool->node_func = func;
  pool->node_data = user_data;
}

guint
pool_get_grow_count (const Pool *pool)
{
  return pool->grows;
}

guint
pool_get_shrink_count (const Pool *pool)
{
  return pool->shrinks;
}
