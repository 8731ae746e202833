/* SPDX-License-Identifier: MIT
 * The EC2 instance catalog: instance types with their vCPUs, memory and on-demand price, loaded
 * with libcsv from models/ec2/instances.csv (built in) or a file of the same layout. It knows
 * nothing of Docker or of simulated time. */
#pragma once

#include <glib.h>

#define EC2_ERROR (ec2_error_quark ())
GQuark ec2_error_quark (void);

typedef enum {
  EC2_ERROR_INVALID,      /* malformed CSV or value */
  EC2_ERROR_FILE,         /* the file cannot be read */
  EC2_ERROR_UNKNOWN_TYPE, /* no instance type of that name */
} Ec2Error;

/* One instance type; a small value type (the catalog owns the name and family). */
typedef struct {
  char *name;          /* owned, e.g. "m5.large" */
  guint vcpus;         /* > 0 */
  gint64 memory_bytes; /* > 0 */
  double usd_per_hour; /* Linux on-demand, us-east-1; ≥ 0 */
  char *family;        /* owned, e.g. "m5" */
  gboolean burstable;  /* t3: CPU credits, baseline below one vCPU */
} Ec2InstanceType;

/* Returns: (transfer full): a deep copy. */
Ec2InstanceType *ec2_instance_type_copy (const Ec2InstanceType *type);
void ec2_instance_type_free (Ec2InstanceType *type);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ec2InstanceType, ec2_instance_type_free)

/**
 * ec2_instance_type_get_arch:
 * @type: an instance type
 *
 * The machine architecture of @type's family, as Linux names it (`uname -m`): "aarch64" for the
 * AWS Graviton families ("a1", and any family whose letters after the generation digits start with
 * "g": m6g, c7gn, t4g, r8g, x2gd, im4gn, g5g, ...), "x86_64" for every other family (m5, c5, r5,
 * t3, m7i, m7a, g4dn, ...). AWS's naming: the first attribute letter after the generation is the
 * processor, "g" for Graviton, "a" for AMD, "i" for Intel.
 *
 * Returns: (transfer none): a static string.
 */
const char *ec2_instance_type_get_arch (const Ec2InstanceType *type);

typedef struct _Ec2Catalog Ec2Catalog;

/* Returns: (transfer full): an empty catalog. */
Ec2Catalog *ec2_catalog_new (void);

/**
 * ec2_catalog_new_builtin:
 *
 * The catalog compiled in from models/ec2/instances.csv (27 types of the t3, m5, c5 and r5
 * families; see models/ec2/README.md for the sources).
 *
 * Returns: (transfer full): the catalog.
 */
Ec2Catalog *ec2_catalog_new_builtin (void);
void ec2_catalog_free (Ec2Catalog *catalog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ec2Catalog, ec2_catalog_free)

/**
 * ec2_catalog_parse:
 * @catalog: the catalog to add to
 * @text: CSV text with the header "type,vcpu,memory_gib,usd_per_hour,family,burstable"
 * @len: its length in bytes, or -1 when NUL-terminated
 * @origin: the name used in messages (a path, or "<builtin>")
 * @error: EC2_ERROR_INVALID, with a message starting "ORIGIN:LINE: "
 *
 * Adds every row; a type already present is replaced (a scenario may override a price).
 *
 * Returns: TRUE on success; on failure the catalog is unchanged.
 */
gboolean ec2_catalog_parse (Ec2Catalog *catalog, const char *text, gssize len, const char *origin,
                            GError **error);

/* Same as ec2_catalog_parse() on the file at @path; EC2_ERROR_FILE if it cannot be opened, is
 * not a regular file (a device, FIFO or folder) or is larger than IO_FILE_MAX_CATALOG_BYTES
 * (8 MiB), with a message starting "PATH: ". */
gboolean ec2_catalog_load (Ec2Catalog *catalog, const char *path, GError **error);

/**
 * ec2_catalog_add:
 * @type: (transfer none): copied; a type of the same name is replaced
 * @error: EC2_ERROR_INVALID when vcpus or memory is 0 or the price is negative
 *
 * Returns: TRUE on success.
 */
gboolean ec2_catalog_add (Ec2Catalog *catalog, const Ec2InstanceType *type, GError **error);

/* Returns: (transfer none) (nullable): the type named @name, or NULL. */
const Ec2InstanceType *ec2_catalog_lookup (const Ec2Catalog *catalog, const char *name);

/* Returns: (transfer none): the type named @name, or NULL with EC2_ERROR_UNKNOWN_TYPE set. */
const Ec2InstanceType *ec2_catalog_get (const Ec2Catalog *catalog, const char *name,
                                        GError **error);

/* Returns: the number of types. */
guint ec2_catalog_get_size (const Ec2Catalog *catalog);

/* Returns: (transfer none): the @index-th type in name order (byte-wise strcmp). */
const Ec2InstanceType *ec2_catalog_get_nth (const Ec2Catalog *catalog, guint index);
