/* SPDX-License-Identifier: MIT
 * Unfinished output is removed: a staging folder on SIGINT, SIGTERM or SIGHUP, and the hidden
 * folders of a run that died without cleaning up (SIGKILL, an abort, a power cut) by the next run
 * into the same place. Not for the results themselves: committing them is cli/results.c's. */
#define _GNU_SOURCE /* getdents64(), kill() and openat() with C_EXTENSIONS off */

#include "cli/results.h"
#include "cli/results_private.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The simulation runs in worker threads, and a signal may land in any of them while the main
 * thread sleeps in g_cond_wait, so setting a flag for the main loop would do nothing until the
 * run ends. The handler therefore does the cleanup itself, with async-signal-safe calls only
 * (rename, openat, getdents64, unlinkat, close, raise), on paths copied into static slots when the
 * staging folder was made, then dies of the signal with the default action, as the shell expects.
 * One slot per results folder being written; a process writes one, four leave room for tests. */
#define SLOTS 4

typedef struct {
  atomic_int state; /* SLOT_FREE, SLOT_FILLING or SLOT_WATCHED */
  atomic_int has_old;
  char staging[PATH_MAX];
  char dying[PATH_MAX];
  char target[PATH_MAX];
  char old[PATH_MAX];
} Slot;

enum { SLOT_FREE, SLOT_FILLING, SLOT_WATCHED };

static Slot slots[SLOTS];
static const int watched_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* Removes @name below the folder @dir_fd and, for a folder, everything in it, to @depth levels
 * (results are two deep: a comparison's variants). Async-signal-safe on Linux; elsewhere
 * opendir() allocates, so a signal that lands inside malloc could hang the handler. */
static void
remove_at (int dir_fd, const char *name, int depth)
{
  if (unlinkat (dir_fd, name, 0) == 0 || errno == ENOENT || depth == 0)
    return;
  int fd = openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return;
  /* Deleting while reading may skip entries: read again from the start until the folder goes. */
  for (int pass = 0; pass < 3 && unlinkat (dir_fd, name, AT_REMOVEDIR) != 0; pass++) {
    lseek (fd, 0, SEEK_SET);
#ifdef __linux__
    union {
      struct dirent64 first; /* aligns the buffer for the records */
      char bytes[2048];
    } buf;
    ssize_t n;
    while ((n = getdents64 (fd, buf.bytes, sizeof buf)) > 0)
      for (ssize_t off = 0; off < n;) {
        const struct dirent64 *entry = (const struct dirent64 *)(const void *)(buf.bytes + off);
        off += entry->d_reclen;
        if (strcmp (entry->d_name, ".") != 0 && strcmp (entry->d_name, "..") != 0)
          remove_at (fd, entry->d_name, depth - 1);
      }
#else
    DIR *dir = fdopendir (dup (fd));
    struct dirent *entry;
    while (dir != NULL && (entry = readdir (dir)) != NULL)
      if (strcmp (entry->d_name, ".") != 0 && strcmp (entry->d_name, "..") != 0)
        remove_at (fd, entry->d_name, depth - 1);
    if (dir != NULL)
      closedir (dir);
#endif
  }
  close (fd);
}

/* The staging folder is renamed away before it is emptied, so that a commit running at the same
 * moment in the main thread either moved it whole to the target already or finds it gone; it
 * never renames a half-emptied one into place. If the previous results were moved aside and the
 * new ones are not in place, they go back (rename() onto a folder that is not empty fails, so
 * results already committed stay). */
static void
clean_slot (Slot *slot)
{
  if (rename (slot->staging, slot->dying) == 0)
    remove_at (AT_FDCWD, slot->dying, 8);
  if (atomic_load (&slot->has_old) && rename (slot->old, slot->target) != 0)
    rmdir (slot->old); /* only while it is still the empty placeholder */
}

static void
on_signal (int signum)
{
  for (int i = 0; i < SLOTS; i++)
    if (atomic_load (&slots[i].state) == SLOT_WATCHED)
      clean_slot (&slots[i]);
  /* SA_RESETHAND restored the default action and SA_NODEFER leaves the signal unblocked. */
  raise (signum);
}

static void
install_handlers (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (watched_signals); i++) {
    struct sigaction old;
    if (sigaction (watched_signals[i], NULL, &old) != 0)
      continue;
    /* An ignored signal stays ignored (nohup, a background job), and a handler someone else
     * installed is left alone. */
    if ((old.sa_flags & (int)SA_SIGINFO) != 0 || old.sa_handler != SIG_DFL)
      continue;
    struct sigaction action = { 0 };
    action.sa_handler = on_signal;
    action.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);
    sigemptyset (&action.sa_mask);
    sigaction (watched_signals[i], &action, NULL);
  }
}

static gboolean
copy_path (char *dest, const char *src)
{
  return g_strlcpy (dest, src, PATH_MAX) < PATH_MAX;
}

int
cli_results__cleanup_watch (const char *staging, const char *target)
{
  static gsize installed = 0;
  if (g_once_init_enter (&installed)) {
    install_handlers ();
    g_once_init_leave (&installed, 1);
  }
  for (int i = 0; i < SLOTS; i++) {
    int expected = SLOT_FREE;
    if (!atomic_compare_exchange_strong (&slots[i].state, &expected, SLOT_FILLING))
      continue;
    g_autofree char *dying = g_strconcat (staging, "-x", NULL);
    atomic_store (&slots[i].has_old, 0);
    if (!copy_path (slots[i].staging, staging) || !copy_path (slots[i].dying, dying) ||
        !copy_path (slots[i].target, target)) {
      atomic_store (&slots[i].state, SLOT_FREE);
      return -1;
    }
    atomic_store (&slots[i].state, SLOT_WATCHED);
    return i;
  }
  return -1;
}

void
cli_results__cleanup_watch_old (int slot, const char *old)
{
  g_return_if_fail (slot < SLOTS);
  if (slot < 0 || !copy_path (slots[slot].old, old))
    return;
  atomic_store (&slots[slot].has_old, 1);
}

void
cli_results__cleanup_drop (int slot)
{
  g_return_if_fail (slot < SLOTS);
  if (slot < 0)
    return;
  atomic_store (&slots[slot].state, SLOT_FILLING);
  atomic_store (&slots[slot].has_old, 0);
  atomic_store (&slots[slot].state, SLOT_FREE);
}

/* Returns: the pid in @name when it is ".@base.TAG-PID-…" with TAG tmp or old, else 0;
 *   @is_old_out tells which. */
static long
stale_pid (const char *name, const char *base, gboolean *is_old_out)
{
  gsize len = strlen (base);
  if (name[0] != '.' || strncmp (name + 1, base, len) != 0 || name[len + 1] != '.')
    return 0;
  const char *tag = name + len + 2;
  *is_old_out = g_str_has_prefix (tag, CLI_RESULTS__OLD_TAG "-");
  if (!*is_old_out && !g_str_has_prefix (tag, CLI_RESULTS__STAGING_TAG "-"))
    return 0;
  char *end = NULL;
  long pid = strtol (tag + 4, &end, 10);
  return end != tag + 4 && *end == '-' && pid > 0 ? pid : 0;
}

void
cli_results__cleanup_stale (const char *target)
{
  g_autofree char *parent = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autoptr (GDir) dir = g_dir_open (parent, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
    gboolean is_old = FALSE;
    long pid = stale_pid (name, base, &is_old);
    /* kill(pid, 0) fails with ESRCH only when no such process exists; EPERM is someone else's
     * live process. A pid reused since the crash keeps the folder until that process ends. */
    if (pid == 0 || pid == (long)getpid () || kill ((pid_t)pid, 0) == 0 || errno != ESRCH)
      continue;
    g_autofree char *path = g_build_filename (parent, name, NULL);
    /* Killed between moving the previous results aside and putting the new ones in place: the
     * previous ones go back. */
    if (is_old && !g_file_test (target, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK) &&
        rename (path, target) == 0)
      continue;
    g_autoptr (GPtrArray) foreign = NULL;
    g_autofree char *marker = g_build_filename (path, CLI_RESULTS_MARKER, NULL);
    /* The previous results of a commit cut short may hold a user's file being carried over to
     * the new ones; such a folder stays where it is. */
    if (is_old && g_file_test (marker, G_FILE_TEST_EXISTS) &&
        (!cli_results__find_foreign (path, &foreign, NULL) || foreign->len > 0))
      continue;
    cli_remove_tree (path, NULL);
  }
}
