/* SPDX-License-Identifier: MIT
 * The order node names are listed in wherever a person reads them (node_intervals.csv rows, plots):
 * natural order, so pool-2 comes before pool-10. Not for lookups that only need some fixed order.
 */
#pragma once

#include <glib.h>

/**
 * swarm_name_compare:
 * @a: a name, NUL-terminated
 * @b: another name, NUL-terminated
 *
 * Compares two names in natural order. Both are read left to right: a run of ASCII digits in one
 * facing a run of digits in the other compares by numeric value (leading zeros ignored, any
 * length, no overflow), everything else compares byte by byte as unsigned char, and a name that
 * ends first comes first. So "pool-2" < "pool-10", "a" < "a1" and "w9x" < "w10a". A non-digit byte
 * compares with a digit run through the run's first byte, which places every digit run between the
 * bytes below '0' and those above '9'.
 *
 * Names equal by this rule but different as strings ("x01" and "x1") are ordered by strcmp(), so
 * the order is total and 0 means the strings are identical: "x01" < "x1". It can serve as a
 * #GCompareFunc on strings, and with qsort() or bsearch() on an array of names (through a wrapper
 * that dereferences the elements).
 *
 * Returns: a negative value if @a comes before @b, 0 if they are equal, a positive value after
 */
gint swarm_name_compare (const char *a, const char *b);
