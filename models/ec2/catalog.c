/* SPDX-License-Identifier: MIT
 * The EC2 instance catalog, parsed with libcsv. Types are kept sorted by name so that listing them
 * never depends on hash-table order. */
#include "models/ec2/catalog.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/ec2/catalog_private.h"
#include "models/io/file.h"

G_DEFINE_QUARK (ec2 - error - quark, ec2_error)

struct _Ec2Catalog {
  GPtrArray *types; /* (element-type Ec2InstanceType) owned; sorted by name */
};

/* The columns of instances.csv, in order (the layout of the shared reference file). */
static const char *const columns[] = { "type",         "vcpu",   "memory_gib",
                                       "usd_per_hour", "family", "burstable" };
#define N_COLUMNS G_N_ELEMENTS (columns)

Ec2InstanceType *
ec2_instance_type_copy (const Ec2InstanceType *type)
{
  g_return_val_if_fail (type != NULL, NULL);
  Ec2InstanceType *copy = g_new0 (Ec2InstanceType, 1);
  *copy = *type;
  copy->name = g_strdup (type->name);
  copy->family = g_strdup (type->family);
  return copy;
}

void
ec2_instance_type_free (Ec2InstanceType *type)
{
  if (type == NULL)
    return;
  g_free (type->name);
  g_free (type->family);
  g_free (type);
}

const char *
ec2_instance_type_get_arch (const Ec2InstanceType *type)
{
  g_return_val_if_fail (type != NULL, NULL);
  const char *family = type->family != NULL ? type->family : type->name;
  if (g_str_equal (family, "a1"))
    return "aarch64"; /* the first Graviton family has no "g" */
  /* Series letters, generation digits, then the attributes: "m" "7" "gd". */
  const char *p = family;
  while (g_ascii_isalpha (*p))
    p++;
  if (!g_ascii_isdigit (*p))
    return "x86_64";
  while (g_ascii_isdigit (*p))
    p++;
  return *p == 'g' ? "aarch64" : "x86_64";
}

Ec2Catalog *
ec2_catalog_new (void)
{
  Ec2Catalog *catalog = g_new0 (Ec2Catalog, 1);
  catalog->types = g_ptr_array_new_with_free_func ((GDestroyNotify)ec2_instance_type_free);
  return catalog;
}

Ec2Catalog *
ec2_catalog_new_builtin (void)
{
  g_autoptr (Ec2Catalog) catalog = ec2_catalog_new ();
  g_autoptr (GError) error = NULL;
  /* The text is compiled in from instances.csv, which the tests parse too: failing here is a bug.
   */
  if (!ec2_catalog_parse (catalog, ec2__builtin_csv, -1, "<builtin>", &error))
    g_error ("built-in instance catalog: %s", error->message);
  return g_steal_pointer (&catalog);
}

void
ec2_catalog_free (Ec2Catalog *catalog)
{
  if (catalog == NULL)
    return;
  g_ptr_array_unref (catalog->types);
  g_free (catalog);
}

/* Binary search; returns the index of @name or, when absent, where it would go (negated − 1). */
static gint
find_index (const Ec2Catalog *catalog, const char *name)
{
  guint lo = 0, hi = catalog->types->len;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    const Ec2InstanceType *t = g_ptr_array_index (catalog->types, mid);
    int cmp = strcmp (t->name, name);
    if (cmp == 0)
      return (gint)mid;
    if (cmp < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -(gint)lo - 1;
}

gboolean
ec2_catalog_add (Ec2Catalog *catalog, const Ec2InstanceType *type, GError **error)
{
  g_return_val_if_fail (catalog != NULL, FALSE);
  g_return_val_if_fail (type != NULL && type->name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (type->vcpus == 0 || type->memory_bytes <= 0 || !(type->usd_per_hour >= 0.0)) {
    g_set_error (error, EC2_ERROR, EC2_ERROR_INVALID,
                 "instance type \"%s\": vcpus and memory must be positive and the price "
                 "non-negative",
                 type->name);
    return FALSE;
  }
  gint idx = find_index (catalog, type->name);
  Ec2InstanceType *copy = ec2_instance_type_copy (type);
  if (copy->family == NULL)
    copy->family = g_strdup ("");
  if (idx >= 0) {
    ec2_instance_type_free (g_ptr_array_index (catalog->types, (guint)idx));
    g_ptr_array_index (catalog->types, (guint)idx) = copy;
  } else
    g_ptr_array_insert (catalog->types, -idx - 1, copy);
  return TRUE;
}

const Ec2InstanceType *
ec2_catalog_lookup (const Ec2Catalog *catalog, const char *name)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  gint idx = find_index (catalog, name);
  return idx >= 0 ? g_ptr_array_index (catalog->types, (guint)idx) : NULL;
}

const Ec2InstanceType *
ec2_catalog_get (const Ec2Catalog *catalog, const char *name, GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  const Ec2InstanceType *type = ec2_catalog_lookup (catalog, name);
  if (type == NULL)
    g_set_error (error, EC2_ERROR, EC2_ERROR_UNKNOWN_TYPE,
                 "unknown instance type \"%s\"; expected one of the %u catalog types (e.g. "
                 "m5.large) or an extra type",
                 name, catalog->types->len);
  return type;
}

guint
ec2_catalog_get_size (const Ec2Catalog *catalog)
{
  g_return_val_if_fail (catalog != NULL, 0);
  return catalog->types->len;
}

const Ec2InstanceType *
ec2_catalog_get_nth (const Ec2Catalog *catalog, guint index)
{
  g_return_val_if_fail (catalog != NULL, NULL);
  g_return_val_if_fail (index < catalog->types->len, NULL);
  return g_ptr_array_index (catalog->types, index);
}

/* --- CSV parsing ------------------------------------------------------------------------------ */

typedef struct {
  const char *origin;
  GPtrArray *fields; /* (element-type utf8) owned; the current record */
  GPtrArray *parsed; /* (element-type Ec2InstanceType) owned */
  guint line;        /* physical line of the start of the current record */
  guint next_line;   /* physical line the parser has reached */
  gboolean header_done;
  GError *error; /* the first error; later records are ignored */
} ParseState;

static void
on_field (void *data, size_t len, void *user_data)
{
  ParseState *st = user_data;
  g_ptr_array_add (st->fields, g_strndup (data, len));
}

static gboolean
parse_double (const char *text, double *out)
{
  char *end = NULL;
  if (*text == '\0')
    return FALSE;
  errno = 0;
  *out = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && errno != ERANGE && isfinite (*out);
}

static gboolean
check_header (ParseState *st)
{
  if (st->fields->len != N_COLUMNS)
    return FALSE;
  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_strcmp0 (g_ptr_array_index (st->fields, i), columns[i]) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
row_to_type (ParseState *st, Ec2InstanceType *t)
{
  char **f = (char **)st->fields->pdata;
  double vcpus = 0, mem_gib = 0, price = 0;
  if (st->fields->len != N_COLUMNS || *f[0] == '\0' || !parse_double (f[1], &vcpus) ||
      !parse_double (f[2], &mem_gib) || !parse_double (f[3], &price))
    return FALSE;
  /* The range is checked before the (guint) conversion, which is undefined outside it. */
  if (!(vcpus >= 1 && vcpus <= 4096) || vcpus != (double)(guint)vcpus || !(mem_gib > 0) ||
      mem_gib > 1e6 || !(price >= 0))
    return FALSE;
  if (g_strcmp0 (f[5], "yes") != 0 && g_strcmp0 (f[5], "no") != 0)
    return FALSE;
  t->name = f[0];
  t->vcpus = (guint)vcpus;
  t->memory_bytes = (gint64)(mem_gib * 1024.0 * 1024.0 * 1024.0);
  if (t->memory_bytes <= 0)
    return FALSE;
  t->usd_per_hour = price;
  t->family = f[4];
  t->burstable = g_strcmp0 (f[5], "yes") == 0;
  return TRUE;
}

static void
on_record (int terminator, void *user_data)
{
  ParseState *st = user_data;
  (void)terminator;
  if (st->error == NULL && !st->header_done) {
    if (!check_header (st))
      g_set_error (&st->error, EC2_ERROR, EC2_ERROR_INVALID,
                   "%s:%u: bad header; expected \"type,vcpu,memory_gib,usd_per_hour,family,"
                   "burstable\"",
                   st->origin, st->line);
    st->header_done = TRUE;
  } else if (st->error == NULL) {
    Ec2InstanceType t = { 0 };
    if (!row_to_type (st, &t))
      g_set_error (&st->error, EC2_ERROR, EC2_ERROR_INVALID,
                   "%s:%u: bad instance type row; expected 6 fields: a name, a whole vCPU count "
                   "≥ 1, memory GiB > 0, USD per hour ≥ 0, a family, yes or no",
                   st->origin, st->line);
    else
      g_ptr_array_add (st->parsed, ec2_instance_type_copy (&t));
  }
  g_ptr_array_set_size (st->fields, 0);
  st->line = st->next_line;
}

/* Counts physical lines ourselves: a quoted field may span lines, so libcsv cannot tell us. */
static void
feed (struct csv_parser *p, ParseState *st, const char *text, gsize len)
{
  gsize start = 0;
  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n') {
      st->next_line++;
      csv_parse (p, text + start, i + 1 - start, on_field, on_record, st);
      start = i + 1;
    }
  if (start < len)
    csv_parse (p, text + start, len - start, on_field, on_record, st);
}

gboolean
ec2_catalog_parse (Ec2Catalog *catalog, const char *text, gssize len, const char *origin,
                   GError **error)
{
  g_return_val_if_fail (catalog != NULL, FALSE);
  g_return_val_if_fail (text != NULL && origin != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  struct csv_parser p;
  if (csv_init (&p, CSV_APPEND_NULL) != 0)
    g_error ("csv_init failed");
  ParseState st = { origin,
                    g_ptr_array_new_with_free_func (g_free),
                    g_ptr_array_new_with_free_func ((GDestroyNotify)ec2_instance_type_free),
                    1,
                    1,
                    FALSE,
                    NULL };
  gsize n = len < 0 ? strlen (text) : (gsize)len;
  feed (&p, &st, text, n);
  csv_fini (&p, on_field, on_record, &st);
  csv_free (&p);
  if (st.error == NULL && !st.header_done)
    g_set_error (&st.error, EC2_ERROR, EC2_ERROR_INVALID, "%s:1: empty file; expected a header",
                 origin);
  for (guint i = 0; st.error == NULL && i < st.parsed->len; i++)
    ec2_catalog_add (catalog, g_ptr_array_index (st.parsed, i), NULL);
  g_ptr_array_unref (st.fields);
  g_ptr_array_unref (st.parsed);
  if (st.error != NULL) {
    g_propagate_error (error, st.error);
    return FALSE;
  }
  return TRUE;
}

gboolean
ec2_catalog_load (Ec2Catalog *catalog, const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  IoFileOptions options = { IO_FILE_MAX_CATALOG_BYTES, EC2_ERROR, EC2_ERROR_FILE,
                            "a readable instance catalog CSV" };
  gsize len = 0;
  g_autofree char *text = io_file_get_contents (path, &options, &len, error);
  if (text == NULL)
    return FALSE;
  return ec2_catalog_parse (catalog, text, (gssize)len, path, error);
}
