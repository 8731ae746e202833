/* SPDX-License-Identifier: MIT
 * Internal to models/workload: helpers shared by the trace readers. */
#pragma once

#include <glib.h>

/* Sorts WlTraceTask pointers by arrival; GLib's sort is stable, so file order breaks ties. */
void wl_trace__sort_tasks (GPtrArray *tasks);

/* Checks a header row against @expected (comma-separated column names), with a PATH:LINE error. */
gboolean wl_trace__check_header (const char *path, guint line, GPtrArray *fields,
                                 const char *expected, GError **error);
