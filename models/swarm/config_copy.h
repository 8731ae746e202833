/* SPDX-License-Identifier: MIT
 * Deep copies of a configuration and its parts, for the run layer: it keeps the scenario as the
 * user wrote it and builds the configuration a world runs from a copy (models/run/scenario.h), so
 * that nothing is added during loading and taken away again later. */
#pragma once

#include <glib.h>
#include "models/swarm/config.h"

/* Returns: (transfer full): a copy of @group sharing nothing with it. */
SwarmNodeGroup *swarm_node_group_copy (const SwarmNodeGroup *group);

/* Returns: (transfer full): a copy of @service; its spec is copied too (orch_service_spec_copy). */
SwarmServiceConfig *swarm_service_config_copy (const SwarmServiceConfig *service);

/* Returns: (transfer full): a copy of @action. */
SwarmAction *swarm_action_copy (const SwarmAction *action);

/**
 * swarm_config_copy:
 * @config: a configuration
 *
 * Every setting, group, service, action and added instance type, copied: changing the copy leaves
 * @config as it was.
 *
 * Returns: (transfer full): the copy.
 */
SwarmConfig *swarm_config_copy (const SwarmConfig *config);
