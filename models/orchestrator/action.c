/* SPDX-License-Identifier: MIT
 * The action list: the orchestrator's decisions as plain records the caller carries out or logs.
 * Nothing here decides anything. */
#include "models/orchestrator/action.h"

static const char *const action_kind_names[] = {
  [ORCH_ACTION_TASK_CREATED] = "task_created",   [ORCH_ACTION_TASK_DESIRED] = "task_desired",
  [ORCH_ACTION_TASK_ASSIGNED] = "task_assigned", [ORCH_ACTION_TASK_PENDING] = "task_pending",
  [ORCH_ACTION_TASK_STATE] = "task_state",       [ORCH_ACTION_TASK_DELETED] = "task_deleted",
  [ORCH_ACTION_UPDATE_STATUS] = "update_status",
};

const char *
orch_action_kind_to_string (OrchActionKind kind)
{
  if ((guint)kind >= G_N_ELEMENTS (action_kind_names))
    return "unknown";
  return action_kind_names[kind];
}

static void
action_clear (gpointer data)
{
  OrchAction *action = data;
  g_clear_pointer (&action->text, g_free);
}

GArray *
orch_action_list_new (void)
{
  GArray *list = g_array_new (FALSE, TRUE, sizeof (OrchAction));
  /* The list owns each action's text, so freeing the list (or removing an element) frees it. */
  g_array_set_clear_func (list, action_clear);
  return list;
}

void
orch_action_list_add (GArray *list, OrchActionKind kind, OrchTime at, OrchTaskId task_id,
                      OrchServiceId service_id, OrchNodeId node_id, guint32 slot,
                      OrchTaskState state, const char *text)
{
  g_return_if_fail (list != NULL);
  g_return_if_fail (g_array_get_element_size (list) == sizeof (OrchAction));
  OrchAction action = {
    .kind = kind,
    .at = at,
    .task_id = task_id,
    .service_id = service_id,
    .node_id = node_id,
    .slot = slot,
    .state = state,
    .text = g_strdup (text),
  };
  g_array_append_val (list, action);
}
