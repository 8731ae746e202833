/* SPDX-License-Identifier: MIT
 * Parsers for durations, byte sizes and CPU amounts as Docker's tools read them (Go's
 * time.ParseDuration, go-units RAMInBytes, docker/cli ParseCPUs). Pure text in, integers out. */

#include "sim/units.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK (sim - parse - error - quark, sim_parse_error)

#define DURATION_EXPECTED "expected a number followed by a unit (us, ms, s, m, h, d), e.g. 1m30s"
#define BYTES_EXPECTED    "expected a number of bytes with an optional suffix, e.g. 512M or 1.5G"
#define SUFFIX_EXPECTED   "expected b, k, m, g, t or p, optionally followed by b or ib"
#define CPUS_EXPECTED     "expected a decimal number of CPUs, e.g. 0.5 or 2"

/* ---- Durations ---------------------------------------------------------------------------- */

typedef enum {
  DURATION_OK,
  DURATION_SYNTAX,
  DURATION_NO_UNIT,
  DURATION_OVERFLOW,
} DurationStatus;

typedef struct {
  const char *name;
  gint64 us;
} DurationUnit;

/* Go also accepts ns; we do not, because the clock cannot represent it. Both the micro sign
 * (U+00B5) and the Greek mu (U+03BC) spell microseconds, as in Go. */
static const DurationUnit duration_units[] = {
  { "us", 1 },
  { "\xc2\xb5s", 1 },
  { "\xce\xbcs", 1 },
  { "ms", 1000 },
  { "s", G_GINT64_CONSTANT (1000000) },
  { "m", G_GINT64_CONSTANT (60000000) },
  { "h", G_GINT64_CONSTANT (3600000000) },
  { "d", G_GINT64_CONSTANT (86400000000) },
};

static gint64
lookup_duration_unit (const char *unit, gsize len)
{
  for (gsize i = 0; i < G_N_ELEMENTS (duration_units); i++) {
    const char *name = duration_units[i].name;
    if (strlen (name) == len && memcmp (name, unit, len) == 0)
      return duration_units[i].us;
  }
  return 0;
}

/* floor (unit_us × 0.d1 d2 … dn), exactly. Go multiplies the fraction in floating point; Horner's
 * rule from the last digit gives the same answer without rounding, because
 * floor ((a + y) / 10) = floor ((a + floor (y)) / 10) for an integer a and a real y ≥ 0. */
static gint64
fraction_of_unit (const char *digits, gsize n, gint64 unit_us)
{
  gint64 acc = 0;

  for (gsize i = n; i > 0; i--)
    acc = (unit_us * (digits[i - 1] - '0') + acc) / 10;
  return acc;
}

/* Scans one number+unit component at *@s, adding it to *@total. */
static DurationStatus
scan_duration_component (const char **s, gint64 *total)
{
  const char *p = *s;
  guint64 whole = 0;
  gboolean overflow = FALSE;
  const char *int_start = p;

  for (; g_ascii_isdigit (*p); p++) {
    if (whole > (G_MAXUINT64 - 9) / 10)
      overflow = TRUE;
    else
      whole = whole * 10 + (guint64)(*p - '0');
  }
  gboolean has_int = p > int_start;

  const char *frac = p;
  gsize n_frac = 0;
  if (*p == '.') {
    frac = ++p;
    while (g_ascii_isdigit (*p))
      p++;
    n_frac = (gsize)(p - frac);
  }
  if (!has_int && n_frac == 0)
    return DURATION_SYNTAX;

  const char *unit = p;
  while (*p != '\0' && *p != '.' && !g_ascii_isdigit (*p))
    p++;
  if (p == unit)
    return DURATION_NO_UNIT;
  gint64 unit_us = lookup_duration_unit (unit, (gsize)(p - unit));
  if (unit_us == 0)
    return DURATION_SYNTAX;

  gint64 frac_us = fraction_of_unit (frac, n_frac, unit_us);
  if (overflow || whole > (guint64)((G_MAXINT64 - frac_us) / unit_us))
    return DURATION_OVERFLOW;
  gint64 part = (gint64)whole * unit_us + frac_us;
  if (part > G_MAXINT64 - *total)
    return DURATION_OVERFLOW;
  *total += part;
  *s = p;
  return DURATION_OK;
}

static DurationStatus
scan_duration (const char *s, gint64 *out_us)
{
  gint64 total = 0;

  /* Go's special case: a bare 0 needs no unit. */
  if (strcmp (s, "0") == 0) {
    *out_us = 0;
    return DURATION_OK;
  }
  if (*s == '\0')
    return DURATION_SYNTAX;
  while (*s != '\0') {
    DurationStatus status = scan_duration_component (&s, &total);
    if (status != DURATION_OK)
      return status;
  }
  *out_us = total;
  return DURATION_OK;
}

gboolean
sim_parse_duration (const char *text, SimTime *out_us, GError **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_us != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A sign is outside our grammar, but "-5s" is a clear value on the wrong side of zero, so it is
   * reported as a range error rather than a syntax error. */
  gboolean negative = text[0] == '-';
  gint64 us = 0;
  switch (scan_duration (negative ? text + 1 : text, &us)) {
    case DURATION_OK:
      break;
    case DURATION_SYNTAX:
      g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                   "invalid duration \"%s\": " DURATION_EXPECTED, text);
      return FALSE;
    case DURATION_NO_UNIT:
      g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                   "invalid duration \"%s\": missing unit; " DURATION_EXPECTED, text);
      return FALSE;
    case DURATION_OVERFLOW:
      g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE,
                   "invalid duration \"%s\": too large; expected at most 106751991d", text);
      return FALSE;
    default:
      g_assert_not_reached ();
  }
  if (negative) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE,
                 "invalid duration \"%s\": negative; expected a duration of 0 or more", text);
    return FALSE;
  }
  *out_us = us;
  return TRUE;
}

char *
sim_duration_to_string (SimTime us)
{
  static const DurationUnit big_units[] = {
    { "d", G_GINT64_CONSTANT (86400000000) },
    { "h", G_GINT64_CONSTANT (3600000000) },
    { "m", G_GINT64_CONSTANT (60000000) },
  };

  g_return_val_if_fail (us >= 0, NULL);
  if (us == 0)
    return g_strdup ("0s");

  GString *out = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (big_units); i++) {
    if (us >= big_units[i].us)
      g_string_append_printf (out, "%" G_GINT64_FORMAT "%s", us / big_units[i].us,
                              big_units[i].name);
    us %= big_units[i].us;
  }
  if (us == 0)
    return g_string_free (out, FALSE);

  /* Below a minute, write the shorter of "1s500ms" and "1.5s"; on a tie keep the units, which
   * read better for round values ("250ms" rather than "0.25s"). */
  gint64 secs = us / 1000000, ms = us / 1000 % 1000, rest = us % 1000;
  g_autoptr (GString) units = g_string_new (NULL);
  if (secs > 0)
    g_string_append_printf (units, "%" G_GINT64_FORMAT "s", secs);
  if (ms > 0)
    g_string_append_printf (units, "%" G_GINT64_FORMAT "ms", ms);
  if (rest > 0)
    g_string_append_printf (units, "%" G_GINT64_FORMAT "us", rest);

  g_autofree char *frac = g_strdup_printf ("%06" G_GINT64_FORMAT, us % 1000000);
  gsize n = strlen (frac);
  while (n > 0 && frac[n - 1] == '0')
    frac[--n] = '\0';
  g_autofree char *decimal = n > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT ".%ss", secs, frac)
                                   : g_strdup_printf ("%" G_GINT64_FORMAT "s", secs);

  g_string_append (out, strlen (decimal) < units->len ? decimal : units->str);
  return g_string_free (out, FALSE);
}

/* ---- Numbers shared by sizes and CPUs ------------------------------------------------------- */

/* Returns the length of the decimal number [0-9]*(.[0-9]*)? at @s, 0 unless it has a digit. */
static gsize
scan_decimal (const char *s)
{
  gsize n = 0;
  gboolean digit = FALSE;

  while (g_ascii_isdigit (s[n])) {
    n++;
    digit = TRUE;
  }
  if (s[n] == '.') {
    n++;
    while (g_ascii_isdigit (s[n])) {
      n++;
      digit = TRUE;
    }
  }
  return digit ? n : 0;
}

/* ---- Byte sizes ----------------------------------------------------------------------------- */

/* Returns the multiplier of a size suffix (lower-cased, at most 3 bytes) or 0 if it is invalid.
 * Follows go-units parseSize: "b" alone, or one of k m g t p (always 1024-based) then "", "b" or
 * "ib". */
static double
size_suffix_multiplier (const char *suffix)
{
  static const char prefixes[] = "kmgtp";
  gsize len = strlen (suffix);

  if (len == 0)
    return 1.0;
  if (len > 3)
    return 0.0;
  if (suffix[0] == 'b')
    return len == 1 ? 1.0 : 0.0;

  const char *at = strchr (prefixes, suffix[0]);
  if (at == NULL)
    return 0.0;
  if ((len == 2 && suffix[1] != 'b') || (len == 3 && strcmp (suffix + 1, "ib") != 0))
    return 0.0;
  return ldexp (1.0, 10 * (int)(at - prefixes + 1));
}

gboolean
sim_parse_bytes (const char *text, gint64 *out_bytes, GError **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gboolean negative = text[0] == '-';
  const char *number = negative ? text + 1 : text;
  gsize n = scan_decimal (number);
  const char *suffix = number + n;
  if (*suffix == ' ' && suffix[1] != '\0')
    suffix++;
  if (n == 0 || strpbrk (suffix, " 0123456789.") != NULL) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                 "invalid size \"%s\": " BYTES_EXPECTED, text);
    return FALSE;
  }

  g_autofree char *lower = g_ascii_strdown (suffix, -1);
  double multiplier = size_suffix_multiplier (lower);
  if (multiplier == 0.0) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                 "invalid size \"%s\": invalid suffix \"%s\"; " SUFFIX_EXPECTED, text, suffix);
    return FALSE;
  }
  if (negative) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE,
                 "invalid size \"%s\": negative; expected a size of 0 or more", text);
    return FALSE;
  }

  /* Like go-units: the number is read as a double, scaled, then truncated. Every vector of the
   * compose reference (1.5G = 1610612736 ...) is exact in binary floating point. */
  g_autofree char *digits = g_strndup (number, n);
  double bytes = g_ascii_strtod (digits, NULL) * multiplier;
  if (bytes >= 9223372036854775808.0) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE,
                 "invalid size \"%s\": too large; expected less than 8EiB", text);
    return FALSE;
  }
  *out_bytes = (gint64)bytes;
  return TRUE;
}

/* ---- CPUs ----------------------------------------------------------------------------------- */

gboolean
sim_parse_cpus (const char *text, gint64 *out_nanocpus, GError **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_nanocpus != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gboolean negative = text[0] == '-';
  const char *number = negative ? text + 1 : text;
  gsize n = scan_decimal (number);
  if (n == 0 || number[n] != '\0') {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_INVALID,
                 "invalid cpus \"%s\": " CPUS_EXPECTED, text);
    return FALSE;
  }
  if (negative) {
    g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE,
                 "invalid cpus \"%s\": negative; expected 0 or more CPUs", text);
    return FALSE;
  }

  /* Exact decimal arithmetic, as docker/cli's big.Rat: the value times 1e9 must be an integer, so
   * digits past the ninth decimal must all be zero. */
  const gint64 nano = 1000000000;
  const gint64 max_whole = G_MAXINT64 / nano - 1; /* leaves room for the nine decimals */
  gint64 whole = 0;
  const char *p = number;
  for (; g_ascii_isdigit (*p); p++) {
    if (whole > (max_whole - (*p - '0')) / 10) {
      g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE,
                   "invalid cpus \"%s\": too large; expected at most %" G_GINT64_FORMAT " CPUs",
                   text, max_whole);
      return FALSE;
    }
    whole = whole * 10 + (*p - '0');
  }

  gint64 frac = 0;
  if (*p == '.')
    p++;
  for (int i = 0; i < 9; i++)
    frac = frac * 10 + (g_ascii_isdigit (*p) ? *p++ - '0' : 0);
  for (; *p != '\0'; p++) {
    if (*p != '0') {
      g_set_error (error, SIM_PARSE_ERROR, SIM_PARSE_ERROR_RANGE,
                   "invalid cpus \"%s\": value is too precise; expected at most 9 decimal places",
                   text);
      return FALSE;
    }
  }
  *out_nanocpus = whole * nano + frac;
  return TRUE;
}
