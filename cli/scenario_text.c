/* SPDX-License-Identifier: MIT
 * The scenario's text as GKeyFile leaves it: reading one value with its escapes checked, locating
 * a syntax error on its line, and quoting input in messages so that control bytes stay visible.
 * What a value means is scenario_keys*.c's business, not this file's. */
#include "cli/scenario_private.h"

#include <string.h>

/* Lines quoted in a message are cut here: the line number says where the rest is. */
#define QUOTE_MAX 60

/* The bytes of the UTF-8 character at @p: g_utf8_next_char() would cast away the const. */
static gsize
char_bytes (const char *p)
{
  return (gsize)g_utf8_skip[*(const guchar *)p];
}

/* GKeyFile's string reader sets its error but still returns a string when a value has a bad
 * escape, and its message ("... has a value that cannot be interpreted") says neither which escape
 * nor what would do. The raw value says both. */
static void
set_value_error (const char *raw, GError **error)
{
  if (!g_utf8_validate (raw, -1, NULL)) {
    g_set_error_literal (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                         "the value is not valid UTF-8; expected UTF-8 text");
    return;
  }
  for (const char *p = raw; *p != '\0'; p++) {
    if (*p != '\\')
      continue;
    p++;
    if (*p == '\0') {
      g_set_error_literal (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                           "invalid escape (a value may not end in a backslash); expected \\\\ "
                           "for a backslash, or \\s, \\t, \\n or \\r");
      return;
    }
    if (strchr ("stnr\\", *p) == NULL) {
      g_autofree char *escape = g_strndup (p - 1, char_bytes (p) + 1);
      g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                   "invalid escape \"%s\"; expected \\\\, \\s, \\t, \\n or \\r after a backslash",
                   escape);
      return;
    }
  }
  /* Not reached with GLib 2.74, whose string reader fails only for the cases above. */
  g_set_error_literal (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_INVALID,
                       "the value cannot be read; expected plain text");
}

gboolean
cli_scenario__get_string (GKeyFile *key_file, const char *group, const char *key, char **value_out,
                          GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *value = g_key_file_get_string (key_file, group, key, &local);

  *value_out = NULL;
  if (local == NULL) {
    *value_out = g_strdup (g_strstrip (value));
    return TRUE;
  }
  g_autofree char *raw = g_key_file_get_value (key_file, group, key, NULL);
  g_assert (raw != NULL); /* callers name keys the section has */
  set_value_error (raw, error);
  return FALSE;
}

/* Appends @text to @out, each control byte as \t, \n, \r or \xNN, and each byte of a malformed
 * UTF-8 sequence as \xNN. */
static void
append_printable (GString *out, const char *text)
{
  const char *p = text;
  while (*p != '\0') {
    gunichar c = g_utf8_get_char_validated (p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      g_string_append_printf (out, "\\x%02x", (guint)(guchar)*p);
      p++;
      continue;
    }
    if (c == '\t')
      g_string_append (out, "\\t");
    else if (c == '\n')
      g_string_append (out, "\\n");
    else if (c == '\r')
      g_string_append (out, "\\r");
    else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
      g_string_append_printf (out, "\\x%02x", c);
    else
      g_string_append_len (out, p, (gssize)char_bytes (p));
    p += char_bytes (p);
  }
}

char *
cli_scenario__dup_printable (const char *text)
{
  g_autoptr (GString) out = g_string_new (NULL);
  append_printable (out, text);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
cli_scenario__has_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p++) {
    if ((guchar)*p < 0x20 || *p == 0x7f)
      return TRUE;
  }
  return FALSE;
}

void
cli_scenario__make_printable (GError *error)
{
  g_autofree char *message = cli_scenario__dup_printable (error->message);
  g_free (error->message);
  error->message = g_steal_pointer (&message);
}

/* Returns: (transfer full): @line cut to QUOTE_MAX characters (at a character, "..." added). */
static char *
quote_line (const char *line)
{
  if (!g_utf8_validate (line, -1, NULL) || g_utf8_strlen (line, -1) <= QUOTE_MAX)
    return g_strdup (line);
  const char *end = g_utf8_offset_to_pointer (line, QUOTE_MAX);
  return g_strdup_printf ("%.*s...", (int)(end - line), line);
}

/* Whether GKeyFile accepts @line on its own, after the header "[probe]" when @in_group. */
static gboolean
line_is_accepted (const char *line, gboolean in_group)
{
  g_autoptr (GKeyFile) probe = g_key_file_new ();
  g_autofree char *text = g_strconcat (in_group ? "[probe]\n" : "", line, "\n", NULL);
  return g_key_file_load_from_data (probe, text, (gsize)-1, G_KEY_FILE_NONE, NULL);
}

/* The message for a line GKeyFile refuses, by what the line looks like. */
static void
set_line_error (const char *line, gboolean in_group, GError **error)
{
  g_autofree char *quoted = quote_line (line);
  const char *eq = strchr (line, '=');

  if (!in_group && line[0] != '[' && eq != NULL) {
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_FILE,
                 "\"%s\" comes before any section; expected a [section] header first", quoted);
  } else if (line[0] == '[') {
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_FILE,
                 "\"%s\" is not a section header; expected [NAME] alone on its line, with no "
                 "'[', ']' or control character in NAME",
                 quoted);
  } else if (eq == line) {
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_FILE,
                 "\"%s\" has no key before '='; expected KEY = VALUE", quoted);
  } else if (eq != NULL) {
    g_autofree char *key = g_strchomp (g_strndup (line, (gsize)(eq - line)));
    g_autofree char *quoted_key = quote_line (key);
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_FILE,
                 "\"%s\" is not a valid key; expected KEY = VALUE with no '[' or ']' in KEY",
                 quoted_key);
  } else {
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_FILE,
                 "\"%s\" is not a section header, a KEY = VALUE line or a comment; expected one "
                 "of them (a comment starts with #)",
                 quoted);
  }
}

/* GKeyFile's parse errors carry no line number. Walks the lines as GKeyFile does (split at '\n',
 * a '\r' before it dropped, leading space skipped) and asks GKeyFile about each one alone, which
 * is O(n) and runs only once the whole file was refused. Returns: the 1-based number of the first
 * refused line, 0 if every line is accepted alone. */
static guint
find_bad_line (const char *text, char **line_out, gboolean *in_group_out)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean in_group = FALSE;

  for (guint i = 0; lines[i] != NULL; i++) {
    char *line = lines[i];
    gsize len = strlen (line);
    if (len > 0 && line[len - 1] == '\r')
      line[len - 1] = '\0';
    while (g_ascii_isspace (*line))
      line++;
    if (*line == '\0' || *line == '#')
      continue;
    /* Outside a group only a header parses: GKeyFile wants a group first. */
    if (!line_is_accepted (line, in_group)) {
      *line_out = g_strdup (line);
      *in_group_out = in_group;
      return i + 1;
    }
    if (line[0] == '[')
      in_group = TRUE;
  }
  return 0;
}

gboolean
cli_scenario__load_text (GKeyFile *key_file, const char *path, const char *text, GError **error)
{
  g_autoptr (GError) local = NULL;
  if (g_key_file_load_from_data (key_file, text, (gsize)-1, G_KEY_FILE_NONE, &local))
    return TRUE;

  g_autofree char *line = NULL;
  gboolean in_group = FALSE;
  guint number = find_bad_line (text, &line, &in_group);
  if (number == 0) {
    /* GKeyFile refused the whole but no line alone: keep its words, with the path. */
    g_set_error (error, CLI_SCENARIO_ERROR, CLI_SCENARIO_ERROR_FILE, "%s: %s; expected an INI file",
                 path, local->message);
    return FALSE;
  }
  set_line_error (line, in_group, error);
  g_prefix_error (error, "%s:%u: ", path, number);
  return FALSE;
}
