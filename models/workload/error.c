/* SPDX-License-Identifier: MIT
 * The workload error quark; the codes are documented in error.h. */
#include "models/workload/error.h"

G_DEFINE_QUARK (swarmsim - workload - error - quark, wl_error)
