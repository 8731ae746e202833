/* SPDX-License-Identifier: MIT
 * Formatting one scenario value for the resolved INI: the canonical text of a key's field, which
 * cli_scenario__set_value() reads back to the same value.
 */
#include "cli/scenario_private.h"
#include "sim/units.h"

static char *
format_host_ports (const GArray *ports)
{
  g_autoptr (GString) text = g_string_new ("");
  for (guint i = 0; ports != NULL && i < ports->len; i++) {
    const OrchHostPort *port = &g_array_index (ports, OrchHostPort, i);
    g_string_append_printf (text, "%s%u/%s", i > 0 ? ", " : "", port->port,
                            port->is_udp ? "udp" : "tcp");
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_platforms (const GPtrArray *platforms)
{
  g_autoptr (GString) text = g_string_new ("");
  for (guint i = 0; platforms != NULL && i < platforms->len; i++) {
    const OrchPlatform *p = g_ptr_array_index (platforms, i);
    g_string_append_printf (text, "%s%s/%s", i > 0 ? ", " : "", p->os != NULL ? p->os : "",
                            p->arch != NULL ? p->arch : "");
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
cli_scenario__format_bytes (gint64 bytes)
{
  static const char *const suffixes[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };

  /* The largest binary unit that divides exactly: readable, and read back to the same bytes. */
  int unit = -1;
  gint64 value = bytes;
  while (value != 0 && value % 1024 == 0 && unit + 1 < (int)G_N_ELEMENTS (suffixes)) {
    value /= 1024;
    unit++;
  }
  if (unit < 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, bytes);
  return g_strdup_printf ("%" G_GINT64_FORMAT "%s", value, suffixes[unit]);
}

static char *
format_cpus (gint64 nanocpus)
{
  gint64 whole = nanocpus / 1000000000;
  gint64 frac = nanocpus % 1000000000;
  if (frac == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, whole);

  char digits[16];
  g_snprintf (digits, sizeof digits, "%09" G_GINT64_FORMAT, frac);
  for (int i = 8; i > 0 && digits[i] == '0'; i--)
    digits[i] = '\0';
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%s", whole, digits);
}

static char *
format_list (const GPtrArray *items, const char *prefix)
{
  g_autoptr (GString) text = g_string_new ("");
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_string_append_printf (text, "%s%s%s", i > 0 ? ", " : "", prefix,
                            (const char *)g_ptr_array_index (items, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The shortest text that reads back to @value ("0.0816", not g_ascii_dtostr's
 * "0.081600000000000006"), locale-independent. */
static char *
format_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int digits = 1; digits < 17; digits++) {
    char format[8];
    g_snprintf (format, sizeof format, "%%.%dg", digits);
    g_ascii_formatd (buf, sizeof buf, format, value);
    if (g_ascii_strtod (buf, NULL) == value)
      return g_strdup (buf);
  }
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, value));
}

char *
cli_scenario__format_value (const CliKey *key, gconstpointer field)
{
  switch (key->type) {
    case CLI_KEY_DURATION:
      return sim_duration_to_string (*(const SimTime *)field);
    case CLI_KEY_DIST_OR_NEVER:
      if (*(SimDist *const *)field == NULL)
        return g_strdup ("never");
      G_GNUC_FALLTHROUGH;
    case CLI_KEY_DIST:
      return sim_dist_to_string (*(SimDist *const *)field);
    case CLI_KEY_BYTES:
      return cli_scenario__format_bytes (*(const gint64 *)field);
    case CLI_KEY_CPUS:
      return format_cpus (*(const gint64 *)field);
    case CLI_KEY_UINT:
      return g_strdup_printf ("%u", *(const guint *)field);
    case CLI_KEY_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, *(const guint64 *)field);
    case CLI_KEY_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, *(const gint64 *)field);
    case CLI_KEY_RATIO:
    case CLI_KEY_PRICE:
      return format_double (*(const double *)field);
    case CLI_KEY_BOOL:
      return g_strdup (*(const gboolean *)field ? "true" : "false");
    case CLI_KEY_STRING:
    case CLI_KEY_PATH_OR_NONE:
      return g_strdup (*(char *const *)field != NULL ? *(char *const *)field : "");
    case CLI_KEY_LIST:
    case CLI_KEY_LABELS:
    case CLI_KEY_CONSTRAINTS:
      return format_list (*(GPtrArray *const *)field, "");
    case CLI_KEY_SPREAD:
      return format_list (*(GPtrArray *const *)field, "spread=");
    case CLI_KEY_HOST_PORTS:
      return format_host_ports (*(GArray *const *)field);
    case CLI_KEY_PLATFORM: {
      /* The loader resolves an unset architecture from the instance type before writing. */
      const OrchPlatform *platform = field;
      return g_strdup_printf ("%s/%s", platform->os, platform->arch != NULL ? platform->arch : "");
    }
    case CLI_KEY_PLATFORMS:
      return format_platforms (*(GPtrArray *const *)field);
    case CLI_KEY_ROLE:
      return g_strdup (orch_role_to_string (*(const OrchRole *)field));
    case CLI_KEY_AVAILABILITY:
      return g_strdup (orch_availability_to_string (*(const OrchAvailability *)field));
    case CLI_KEY_MODE:
      return g_strdup (orch_service_mode_to_string (*(const OrchServiceMode *)field));
    case CLI_KEY_RESTART:
      return g_strdup (orch_restart_condition_to_string (*(const OrchRestartCondition *)field));
    case CLI_KEY_FAILURE_ACTION:
      return g_strdup (orch_failure_action_to_string (*(const OrchFailureAction *)field));
    case CLI_KEY_ORDER:
      return g_strdup (orch_update_order_to_string (*(const OrchUpdateOrder *)field));
    default:
      g_assert_not_reached ();
  }
}
