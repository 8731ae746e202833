/* SPDX-License-Identifier: MIT
 * Bounded input files on POSIX descriptors: open without blocking, fstat() the descriptor, read
 * with a running count. g_file_get_contents() is not used because it reads a device such as
 * /dev/zero until memory runs out and blocks on a FIFO, and its messages do not follow ours. */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC, fstat() and fcntl() with C_EXTENSIONS off */

#include "models/io/file.h"

#include <string.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIB ((guint64)1024 * 1024)

struct _IoFile {
  char *path; /* owned */
  int fd;
  guint64 n_read; /* bytes read so far, checked against max_bytes */
  IoFileOptions options;
};

static void
set_too_large (const char *path, const IoFileOptions *options, guint64 size, gboolean at_least,
               GError **error)
{
  g_set_error (error, options->error_domain, options->error_code,
               "%s: %s%" G_GUINT64_FORMAT " bytes, larger than the limit of %" G_GUINT64_FORMAT
               " MiB; expected a smaller file",
               path, at_least ? "more than " : "", size, options->max_bytes / MIB);
}

IoFile *
io_file_open (const char *path, const IoFileOptions *options, GError **error)
{
  g_return_val_if_fail (path != NULL && options != NULL, NULL);
  g_return_val_if_fail (options->max_bytes > 0 && options->expected != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  int fd;
  do
    fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    int saved_errno = errno;
    g_set_error (error, options->error_domain, options->error_code,
                 "%s: cannot open: %s; expected %s", path, g_strerror (saved_errno),
                 options->expected);
    return NULL;
  }

  struct stat st;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)) {
    close (fd);
    g_set_error (error, options->error_domain, options->error_code,
                 "%s: not a regular file (a device, FIFO or folder); expected a file", path);
    return NULL;
  }
  if ((guint64)st.st_size > options->max_bytes) {
    close (fd);
    set_too_large (path, options, (guint64)st.st_size, FALSE, error);
    return NULL;
  }
  /* O_NONBLOCK only kept open() from waiting; reads of a regular file ignore it, but clear it so
   * nothing below depends on that. */
  int flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    (void)fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);

  IoFile *file = g_new0 (IoFile, 1);
  file->path = g_strdup (path);
  file->fd = fd;
  file->options = *options;
  return file;
}

gboolean
io_file_read (IoFile *file, char *buf, gsize size, gsize *n_out, GError **error)
{
  g_return_val_if_fail (file != NULL && buf != NULL && size > 0 && n_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ssize_t n;
  do
    n = read (file->fd, buf, size);
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    int saved_errno = errno;
    g_set_error (error, file->options.error_domain, file->options.error_code,
                 "%s: read error: %s; expected %s", file->path, g_strerror (saved_errno),
                 file->options.expected);
    return FALSE;
  }
  /* The size was checked at open, but a file can grow while it is read. */
  file->n_read += (guint64)n;
  if (file->n_read > file->options.max_bytes) {
    set_too_large (file->path, &file->options, file->options.max_bytes, TRUE, error);
    return FALSE;
  }
  *n_out = (gsize)n;
  return TRUE;
}

const char *
io_file_get_path (const IoFile *file)
{
  g_return_val_if_fail (file != NULL, NULL);
  return file->path;
}

void
io_file_free (IoFile *file)
{
  if (file == NULL)
    return;
  close (file->fd);
  g_free (file->path);
  g_free (file);
}

char *
io_file_get_contents (const char *path, const IoFileOptions *options, gsize *len_out,
                      GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (IoFile) file = io_file_open (path, options, error);
  if (file == NULL)
    return NULL;
  GString *text = g_string_new (NULL);
  char buf[65536];
  gsize n = 0;
  do {
    if (!io_file_read (file, buf, sizeof buf, &n, error)) {
      g_string_free (text, TRUE);
      return NULL;
    }
    g_string_append_len (text, buf, (gssize)n);
  } while (n > 0);
  if (len_out != NULL)
    *len_out = text->len;
  return g_string_free (text, FALSE);
}

char *
io_dup_printable (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  GString *out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++) {
    guchar c = (guchar)*p;
    if (c == '\n')
      g_string_append (out, "\\n");
    else if (c == '\t')
      g_string_append (out, "\\t");
    else if (c == '\r')
      g_string_append (out, "\\r");
    else if (c < 0x20 || c == 0x7f)
      g_string_append_printf (out, "\\x%02x", c);
    else
      g_string_append_c (out, (char)c);
  }
  return g_string_free (out, FALSE);
}
