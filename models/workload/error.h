/* SPDX-License-Identifier: MIT
 * The error domain of the workload models: bad workload text in a scenario and malformed CSV files
 * (load curves, batch arrivals, cluster traces). Programmer errors are asserted, never reported
 * here. */
#pragma once

#include <glib.h>

#define WL_ERROR (wl_error_quark ())
GQuark wl_error_quark (void);

typedef enum {
  WL_ERROR_INVALID, /* text or a CSV row that does not follow the expected layout */
  WL_ERROR_RANGE,   /* a well-formed value out of its valid range */
  WL_ERROR_FILE,    /* a file that cannot be read */
} WlError;
