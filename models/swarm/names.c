/* SPDX-License-Identifier: MIT
 * Natural order of names (names.h): digit runs by value, the rest by byte, strcmp() for ties. A
 * pure function on two strings; it knows nothing of nodes or records. */
#include "models/swarm/names.h"

#include <string.h>

/* Returns the end of the run of ASCII digits starting at @p (@p itself if there is none). */
static const char *
digits_end (const char *p)
{
  while (g_ascii_isdigit (*p))
    p++;
  return p;
}

/* Compares the digit runs [@a, @a_end) and [@b, @b_end) by value. Leading zeros are skipped, then
 * the longer run is the larger number and runs of one length compare digit by digit, so runs of
 * any length compare without converting them to integers (a name may hold more than 19 digits). */
static gint
compare_digit_runs (const char *a, const char *a_end, const char *b, const char *b_end)
{
  while (a < a_end && *a == '0')
    a++;
  while (b < b_end && *b == '0')
    b++;
  gsize a_len = (gsize)(a_end - a), b_len = (gsize)(b_end - b);
  if (a_len != b_len)
    return a_len < b_len ? -1 : 1;
  int c = memcmp (a, b, a_len);
  return c < 0 ? -1 : c > 0;
}

gint
swarm_name_compare (const char *a, const char *b)
{
  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  const char *p = a, *q = b;
  while (*p != '\0' && *q != '\0') {
    if (g_ascii_isdigit (*p) && g_ascii_isdigit (*q)) {
      const char *p_end = digits_end (p), *q_end = digits_end (q);
      gint c = compare_digit_runs (p, p_end, q, q_end);
      if (c != 0)
        return c;
      p = p_end;
      q = q_end;
      continue;
    }
    if (*p != *q)
      return (guchar)*p < (guchar)*q ? -1 : 1;
    p++;
    q++;
  }
  if (*p != *q)
    return *p == '\0' ? -1 : 1;
  /* Equal by value but not necessarily as strings ("x01", "x1"): without this tie-break two
   * different names would compare equal, and a sort would put them in an order that depends on
   * where they started, which output must not. */
  int c = strcmp (a, b);
  return c < 0 ? -1 : c > 0;
}
