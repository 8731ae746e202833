/* SPDX-License-Identifier: MIT
 * Input files with a bound: open a path only when it is a regular file no larger than a limit,
 * then read it in chunks (or whole, for small files), refusing it if it grows past the limit
 * while being read. It knows nothing of what the file holds (CSV, INI); the readers do. */
#pragma once

#include <glib.h>

/* The size limits of each kind of input, in bytes; scenarios/README.md names each next to its key.
 * Scenarios and instance catalogs are small hand-written files; traces and workload CSVs are
 * streamed, so only the records they hold stay in memory. */
#define IO_FILE_MAX_SCENARIO_BYTES ((guint64)8 * 1024 * 1024)
#define IO_FILE_MAX_CATALOG_BYTES  ((guint64)8 * 1024 * 1024)
#define IO_FILE_MAX_DIST_BYTES     ((guint64)64 * 1024 * 1024)
#define IO_FILE_MAX_CSV_BYTES      ((guint64)1024 * 1024 * 1024)

/* How to open one kind of input, and which error to report when it cannot be read. */
typedef struct {
  guint64 max_bytes;    /* > 0; a larger file is refused before it is read */
  GQuark error_domain;  /* the caller's domain, so its errors keep their domain and code */
  gint error_code;      /* the caller's "cannot read this file" code */
  const char *expected; /* unowned; what the file should be, e.g. "a readable CSV file" */
} IoFileOptions;

#define IO_FILE_OPTIONS_INIT                                                                       \
  {                                                                                                \
    0, 0, 0, NULL                                                                                  \
  }

typedef struct _IoFile IoFile;

/**
 * io_file_open:
 * @path: the file
 * @options: the limit and the error to report
 * @error: set in @options' domain and code, with one line starting "PATH: ": "cannot open: REASON;
 *   expected ...", "not a regular file (a device, FIFO or folder); expected a file", or "N bytes,
 *   larger than the limit of M MiB; expected a smaller file"
 *
 * The path is opened without blocking (a FIFO with no writer would wait forever) and checked
 * with fstat() on the descriptor, so the check and the read concern the same file.
 *
 * Returns: (transfer full) (nullable): the open file, or NULL with @error set.
 */
IoFile *io_file_open (const char *path, const IoFileOptions *options, GError **error);

/**
 * io_file_read:
 * @file: an open file
 * @buf: where to put the bytes
 * @size: the room in @buf, > 0
 * @n_out: (out): how many bytes were read; 0 at the end of the file
 * @error: set as for io_file_open() on a read error, or when the file grew past the limit
 *
 * Returns: TRUE on success, end of file included.
 */
gboolean io_file_read (IoFile *file, char *buf, gsize size, gsize *n_out, GError **error);

/* Returns: (transfer none): the path the file was opened with. */
const char *io_file_get_path (const IoFile *file);

/* Closes @file; NULL is a no-op. */
void io_file_free (IoFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IoFile, io_file_free)

/**
 * io_file_get_contents:
 * @path: the file
 * @options: as for io_file_open()
 * @len_out: (out) (optional): the length, not counting the NUL added at the end
 * @error: as for io_file_open() and io_file_read()
 *
 * Reads a small file whole; for large inputs, read chunks with io_file_read() instead.
 *
 * Returns: (transfer full) (nullable): the contents, NUL-terminated.
 */
char *io_file_get_contents (const char *path, const IoFileOptions *options, gsize *len_out,
                            GError **error);

/**
 * io_dup_printable:
 * @text: text read from an input file
 *
 * For messages that quote what a file holds: control bytes become escapes ("\n", "\t", "\r",
 * "\x1b"), so that an error stays on one line and cannot move the terminal's cursor; every other
 * byte, UTF-8 included, is kept.
 *
 * Returns: (transfer full): the printable text.
 */
char *io_dup_printable (const char *text);
