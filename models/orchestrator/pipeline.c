/* SPDX-License-Identifier: MIT
 * The eight filters of SwarmKit's scheduler pipeline, their failure counts and their messages
 * (word for word from manager/scheduler/filter.go, since users and tests match on them). */
#include "models/orchestrator/pipeline.h"

#include "models/orchestrator/constraint.h"

#include <string.h>

struct _OrchPipeline {
  const OrchServiceSpec *spec; /* unowned */
  OrchServiceId service_id;
  GPtrArray *constraints; /* (element-type OrchConstraint) (nullable) owned */
  gboolean enabled[ORCH_FILTER_COUNT];
  guint failures[ORCH_FILTER_COUNT];
};

/* The message for one node, and the text around the count for several (filter.go Explain
 * methods). A NULL prefix means the message ignores the count. */
static const struct {
  const char *one;
  const char *many_prefix;
  const char *many_suffix;
} explain_text[ORCH_FILTER_COUNT] = {
  [ORCH_FILTER_READY] = { "1 node not available for new tasks", "",
                          " nodes not available for new tasks" },
  [ORCH_FILTER_RESOURCES] = { "insufficient resources on 1 node", "insufficient resources on ",
                              " nodes" },
  [ORCH_FILTER_PLUGIN] = { "missing plugin on 1 node", "missing plugin on ", " nodes" },
  [ORCH_FILTER_CONSTRAINTS] = { "scheduling constraints not satisfied on 1 node",
                                "scheduling constraints not satisfied on ", " nodes" },
  [ORCH_FILTER_PLATFORM] = { "unsupported platform on 1 node", "unsupported platform on ",
                             " nodes" },
  [ORCH_FILTER_HOST_PORT] = { "host-mode port already in use on 1 node",
                              "host-mode port already in use on ", " nodes" },
  /* SwarmKit ignores the count here, and says "exceed". */
  [ORCH_FILTER_MAX_REPLICAS] = { "max replicas per node limit exceed", NULL, NULL },
  [ORCH_FILTER_VOLUMES] = { "cannot fulfill requested CSI volume mounts on 1 node",
                            "cannot fulfill requested CSI volume mounts on ", " nodes" },
};

OrchPipeline *
orch_pipeline_new (void)
{
  return g_new0 (OrchPipeline, 1);
}

void
orch_pipeline_free (OrchPipeline *pipeline)
{
  if (pipeline == NULL)
    return;
  g_clear_pointer (&pipeline->constraints, g_ptr_array_unref);
  g_free (pipeline);
}

static gboolean
reserves_anything (const OrchResources *res)
{
  return res->nanocpus != 0 || res->memory_bytes != 0 ||
         (res->generic != NULL && res->generic->len > 0);
}

void
orch_pipeline_set_task (OrchPipeline *pipeline, const OrchServiceSpec *spec,
                        OrchServiceId service_id)
{
  g_return_if_fail (pipeline != NULL && spec != NULL);

  pipeline->spec = spec;
  pipeline->service_id = service_id;
  g_clear_pointer (&pipeline->constraints, g_ptr_array_unref);
  if (spec->constraints != NULL && spec->constraints->len > 0) {
    /* The API validates constraints; like SwarmKit, a list that does not parse switches the
     * filter off rather than blocking the task. */
    pipeline->constraints = orch_constraint_parse_list (spec->constraints, NULL);
  }
  memset (pipeline->failures, 0, sizeof pipeline->failures);
  pipeline->enabled[ORCH_FILTER_READY] = TRUE;
  pipeline->enabled[ORCH_FILTER_RESOURCES] = reserves_anything (&spec->reservations);
  pipeline->enabled[ORCH_FILTER_PLUGIN] = FALSE;
  pipeline->enabled[ORCH_FILTER_CONSTRAINTS] = pipeline->constraints != NULL;
  pipeline->enabled[ORCH_FILTER_PLATFORM] = spec->platforms != NULL && spec->platforms->len > 0;
  pipeline->enabled[ORCH_FILTER_HOST_PORT] = spec->host_ports != NULL && spec->host_ports->len > 0;
  pipeline->enabled[ORCH_FILTER_MAX_REPLICAS] = spec->max_replicas_per_node > 0;
  pipeline->enabled[ORCH_FILTER_VOLUMES] = FALSE;
}

/* x86_64 is amd64 and aarch64 is arm64, on either side (PlatformFilter.platformEqual). */
static const char *
normalize_arch (const char *arch)
{
  if (arch == NULL)
    return "";
  if (strcmp (arch, "x86_64") == 0)
    return "amd64";
  if (strcmp (arch, "aarch64") == 0)
    return "arm64";
  return arch;
}

static gboolean
platform_ok (const OrchServiceSpec *spec, const OrchNode *node)
{
  const char *node_os = node->platform.os != NULL ? node->platform.os : "";
  const char *node_arch = normalize_arch (node->platform.arch);
  /* A node that reports no platform stands for SwarmKit's node without a Description: no task
   * platform list can match it. */
  if (node_os[0] == '\0' && node_arch[0] == '\0')
    return FALSE;
  for (guint i = 0; i < spec->platforms->len; i++) {
    const OrchPlatform *p = g_ptr_array_index (spec->platforms, i);
    const char *arch = normalize_arch (p->arch);
    const char *os = p->os != NULL ? p->os : "";
    if ((arch[0] == '\0' || strcmp (arch, node_arch) == 0) &&
        (os[0] == '\0' || strcmp (os, node_os) == 0))
      return TRUE;
  }
  return FALSE;
}

static gboolean
ports_free (const OrchServiceSpec *spec, const OrchNodeInfo *info)
{
  for (guint i = 0; i < spec->host_ports->len; i++) {
    if (orch_node_info_port_in_use (info, &g_array_index (spec->host_ports, OrchHostPort, i)))
      return FALSE;
  }
  return TRUE;
}

static gboolean
check (const OrchPipeline *p, OrchFilterKind kind, const OrchNodeInfo *info)
{
  const OrchNode *node = info->node;
  switch (kind) {
    case ORCH_FILTER_READY:
      return node->status == ORCH_NODE_READY && node->availability == ORCH_AVAILABILITY_ACTIVE;
    case ORCH_FILTER_RESOURCES:
      return orch_node_info_has_resources (info, &p->spec->reservations);
    case ORCH_FILTER_CONSTRAINTS:
      return orch_constraint_list_matches_node (p->constraints, node);
    case ORCH_FILTER_PLATFORM:
      return platform_ok (p->spec, node);
    case ORCH_FILTER_HOST_PORT:
      return ports_free (p->spec, info);
    case ORCH_FILTER_MAX_REPLICAS:
      return (guint64)orch_node_info_get_service_count (info, p->service_id) <
             p->spec->max_replicas_per_node;
    case ORCH_FILTER_PLUGIN:
    case ORCH_FILTER_VOLUMES:
    case ORCH_FILTER_COUNT:
    default:
      return TRUE;
  }
}

gboolean
orch_pipeline_process (OrchPipeline *pipeline, const OrchNodeInfo *info)
{
  g_return_val_if_fail (pipeline != NULL && pipeline->spec != NULL, FALSE);
  g_return_val_if_fail (info != NULL && info->node != NULL, FALSE);

  for (guint k = 0; k < ORCH_FILTER_COUNT; k++) {
    if (pipeline->enabled[k] && !check (pipeline, (OrchFilterKind)k, info)) {
      pipeline->failures[k]++;
      return FALSE;
    }
  }
  memset (pipeline->failures, 0, sizeof pipeline->failures);
  return TRUE;
}

guint
orch_pipeline_get_failure_count (const OrchPipeline *pipeline, OrchFilterKind kind)
{
  g_return_val_if_fail (pipeline != NULL && kind < ORCH_FILTER_COUNT, 0);
  return pipeline->failures[kind];
}

char *
orch_pipeline_explain (const OrchPipeline *pipeline)
{
  g_return_val_if_fail (pipeline != NULL, NULL);

  /* A stable insertion sort by decreasing count: Go's sort.Sort uses insertion sort below 12
   * elements, so equal counts keep pipeline order there too. */
  guint order[ORCH_FILTER_COUNT];
  for (guint i = 0; i < ORCH_FILTER_COUNT; i++) {
    guint j = i;
    for (; j > 0 && pipeline->failures[order[j - 1]] < pipeline->failures[i]; j--)
      order[j] = order[j - 1];
    order[j] = i;
  }
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < ORCH_FILTER_COUNT; i++) {
    guint n = pipeline->failures[order[i]];
    if (n == 0)
      break;
    if (text->len > 0)
      g_string_append (text, "; ");
    if (n == 1 || explain_text[order[i]].many_prefix == NULL)
      g_string_append (text, explain_text[order[i]].one);
    else
      g_string_append_printf (text, "%s%u%s", explain_text[order[i]].many_prefix, n,
                              explain_text[order[i]].many_suffix);
  }
  return g_string_free (text, FALSE);
}
