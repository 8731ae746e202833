/* SPDX-License-Identifier: MIT
 * The managers' store: owns every node, service and task and logs every write for the next
 * commit; this file holds the store itself, nodes, services and the log (tasks and their sorted
 * indexes are in store_tasks.c). It makes no decisions and validates only programmer errors. */
#include "models/orchestrator/store.h"

#include "models/orchestrator/store_private.h"

#include <string.h>

static void
node_free (gpointer data)
{
  OrchNode *node = data;
  g_free (node->id_str);
  g_free (node->hostname);
  g_clear_pointer (&node->labels, g_hash_table_unref);
  g_clear_pointer (&node->engine_labels, g_hash_table_unref);
  g_free (node->platform.os);
  g_free (node->platform.arch);
  orch_resources_clear (&node->capacity);
  g_free (node);
}

static void
service_free (gpointer data)
{
  OrchService *service = data;
  g_clear_pointer (&service->spec, orch_service_spec_unref);
  g_clear_pointer (&service->previous_spec, orch_service_spec_unref);
  g_free (service);
}

OrchStore *
orch_store_new (void)
{
  OrchStore *store = g_new0 (OrchStore, 1);
  store->nodes = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, node_free);
  store->nodes_by_str = g_hash_table_new (g_str_hash, g_str_equal);
  store->node_list = g_ptr_array_new ();
  store->services = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, service_free);
  store->services_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  store->service_list = g_ptr_array_new ();
  store->tasks = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, orch_store__task_free);
  store->service_tasks =
      g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, orch_store__service_tasks_free);
  store->node_tasks = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                             (GDestroyNotify)g_ptr_array_unref);
  store->serviceless = g_ptr_array_new ();
  store->empty = g_ptr_array_new ();
  store->events = g_array_new (FALSE, TRUE, sizeof (OrchEvent));
  store->next_node_id = 1;
  store->next_service_id = 1;
  store->next_task_id = 1;
  return store;
}

void
orch_store_free (OrchStore *store)
{
  if (store == NULL)
    return;
  /* The indexes hold borrowed pointers, so they go before the tables that own the objects. */
  g_hash_table_unref (store->service_tasks);
  g_hash_table_unref (store->node_tasks);
  g_ptr_array_unref (store->serviceless);
  g_ptr_array_unref (store->empty);
  g_hash_table_unref (store->tasks);
  g_hash_table_unref (store->services_by_name);
  g_ptr_array_unref (store->service_list);
  g_hash_table_unref (store->services);
  g_hash_table_unref (store->nodes_by_str);
  g_ptr_array_unref (store->node_list);
  g_hash_table_unref (store->nodes);
  g_array_unref (store->events);
  g_free (store);
}

/* Nodes and services are few (thousands at most), so a linear search of the sorted list is fine. */
static void
ptr_list_remove (GPtrArray *list, gpointer item)
{
  gboolean found = g_ptr_array_remove (list, item);
  g_assert (found);
}

/* --- nodes ----------------------------------------------------------------------------------- */

OrchNode *
orch_store_add_node (OrchStore *store, const char *id_str, const char *hostname)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (id_str != NULL, NULL);
  g_return_val_if_fail (g_hash_table_lookup (store->nodes_by_str, id_str) == NULL, NULL);

  OrchNode *node = g_new0 (OrchNode, 1);
  node->id = store->next_node_id++;
  node->id_str = g_strdup (id_str);
  node->hostname = g_strdup (hostname != NULL ? hostname : "");
  node->role = ORCH_ROLE_WORKER;
  node->availability = ORCH_AVAILABILITY_ACTIVE;
  node->status = ORCH_NODE_READY;
  node->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  node->engine_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  node->version = 1;
  g_hash_table_insert (store->nodes, GUINT_TO_POINTER (node->id), node);
  g_hash_table_insert (store->nodes_by_str, node->id_str, node);
  g_ptr_array_add (store->node_list, node);

  OrchEvent ev = { .kind = ORCH_EVENT_NODE_CREATE, .id = node->id };
  orch_store__log_event (store, &ev);
  return node;
}

OrchNode *
orch_store_get_node (const OrchStore *store, OrchNodeId id)
{
  g_return_val_if_fail (store != NULL, NULL);
  return g_hash_table_lookup (store->nodes, GUINT_TO_POINTER (id));
}

OrchNode *
orch_store_find_node (const OrchStore *store, const char *id_str)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (id_str != NULL, NULL);
  return g_hash_table_lookup (store->nodes_by_str, id_str);
}

void
orch_store_touch_node (OrchStore *store, OrchNode *node, OrchNodeStatus old_status,
                       OrchAvailability old_availability)
{
  g_return_if_fail (store != NULL);
  g_return_if_fail (node != NULL);
  g_return_if_fail (orch_store_get_node (store, node->id) == node);

  node->version++;
  OrchEvent ev = {
    .kind = ORCH_EVENT_NODE_UPDATE,
    .id = node->id,
    .old_node_status = old_status,
    .old_availability = old_availability,
  };
  orch_store__log_event (store, &ev);
}

void
orch_store_remove_node (OrchStore *store, OrchNodeId id)
{
  g_return_if_fail (store != NULL);
  OrchNode *node = orch_store_get_node (store, id);
  g_return_if_fail (node != NULL);

  OrchEvent ev = {
    .kind = ORCH_EVENT_NODE_DELETE,
    .id = id,
    .old_node_status = node->status,
    .old_availability = node->availability,
  };
  g_hash_table_remove (store->nodes_by_str, node->id_str);
  ptr_list_remove (store->node_list, node);
  g_hash_table_remove (store->nodes, GUINT_TO_POINTER (id));
  orch_store__log_event (store, &ev);
}

const GPtrArray *
orch_store_get_nodes (const OrchStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  return store->node_list;
}

/* --- services -------------------------------------------------------------------------------- */

OrchService *
orch_store_add_service (OrchStore *store, OrchServiceSpec *spec)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  OrchService *service = g_new0 (OrchService, 1);
  service->id = store->next_service_id++;
  service->spec = orch_service_spec_ref (spec);
  service->spec_version = 1;
  service->max_spec_version = 1;
  g_hash_table_insert (store->services, GUINT_TO_POINTER (service->id), service);
  /* A name used twice resolves to the newest service; the store does not police names. */
  if (spec->name != NULL && spec->name[0] != '\0')
    g_hash_table_insert (store->services_by_name, spec->name, service);
  g_ptr_array_add (store->service_list, service);

  OrchEvent ev = { .kind = ORCH_EVENT_SERVICE_CREATE, .id = service->id };
  orch_store__log_event (store, &ev);
  return service;
}

OrchService *
orch_store_get_service (const OrchStore *store, OrchServiceId id)
{
  g_return_val_if_fail (store != NULL, NULL);
  return g_hash_table_lookup (store->services, GUINT_TO_POINTER (id));
}

OrchService *
orch_store_find_service (const OrchStore *store, const char *name)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (store->services_by_name, name);
}

static void
unindex_service_name (OrchStore *store, const OrchService *service)
{
  const char *name = service->spec->name;
  if (name != NULL && g_hash_table_lookup (store->services_by_name, name) == service)
    g_hash_table_remove (store->services_by_name, name);
}

/* Installs @spec as the current spec with @version, and @previous (with @previous_version) as
 * the one to roll back to. Takes new references before dropping old ones: any of the three may be
 * the same object. */
static void
set_specs (OrchStore *store, OrchService *service, OrchServiceSpec *spec, guint64 version,
           OrchServiceSpec *previous, guint64 previous_version)
{
  orch_service_spec_ref (spec);
  if (previous != NULL)
    orch_service_spec_ref (previous);
  unindex_service_name (store, service);
  g_clear_pointer (&service->previous_spec, orch_service_spec_unref);
  g_clear_pointer (&service->spec, orch_service_spec_unref);
  service->spec = spec;
  service->spec_version = version;
  service->previous_spec = previous;
  service->previous_spec_version = previous != NULL ? previous_version : 0;
  if (spec->name != NULL && spec->name[0] != '\0')
    g_hash_table_insert (store->services_by_name, spec->name, service);

  OrchEvent ev = { .kind = ORCH_EVENT_SERVICE_UPDATE, .id = service->id };
  orch_store__log_event (store, &ev);
}

void
orch_store_update_service (OrchStore *store, OrchService *service, OrchServiceSpec *spec)
{
  g_return_if_fail (store != NULL);
  g_return_if_fail (service != NULL && spec != NULL);
  g_return_if_fail (orch_store_get_service (store, service->id) == service);

  /* controlapi UpdateService: the old spec becomes the previous one, and the new spec version is
   * fresh (SwarmKit takes the service's Meta.Version, which only grows), so no number handed out
   * before, not even one a rollback restored, is reused. */
  set_specs (store, service, spec, ++service->max_spec_version, service->spec,
             service->spec_version);
}

gboolean
orch_store_rollback_service (OrchStore *store, OrchService *service, gboolean keep_current)
{
  g_return_val_if_fail (store != NULL && service != NULL, FALSE);
  g_return_val_if_fail (orch_store_get_service (store, service->id) == service, FALSE);
  if (service->previous_spec == NULL)
    return FALSE;
  /* Both kinds restore the previous spec with its own version number, so its tasks are clean
   * again. A requested rollback swaps the two (controlapi/service.go:890-906); the updater's
   * automatic one forgets the failed spec (update/updater.go:605-614). */
  set_specs (store, service, service->previous_spec, service->previous_spec_version,
             keep_current ? service->spec : NULL, service->spec_version);
  return TRUE;
}

void
orch_store_remove_service (OrchStore *store, OrchServiceId id)
{
  g_return_if_fail (store != NULL);
  OrchService *service = orch_store_get_service (store, id);
  g_return_if_fail (service != NULL);

  /* Tasks outlive their service, as in SwarmKit: the orchestrator marks them REMOVE and the
   * reaper deletes them; they keep their spec reference meanwhile. */
  unindex_service_name (store, service);
  ptr_list_remove (store->service_list, service);
  g_hash_table_remove (store->services, GUINT_TO_POINTER (id));
  OrchEvent ev = { .kind = ORCH_EVENT_SERVICE_DELETE, .id = id };
  orch_store__log_event (store, &ev);
}

const GPtrArray *
orch_store_get_services (const OrchStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  return store->service_list;
}

void
orch_store__log_event (OrchStore *store, const OrchEvent *event)
{
  g_array_append_vals (store->events, event, 1);
}

GArray *
orch_store_steal_events (OrchStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  GArray *events = store->events;
  store->events = g_array_new (FALSE, TRUE, sizeof (OrchEvent));
  return events;
}
