/* sl-atomic.c — atomic file writes: a private temporary folder beside the target, fsync, rename. */
#include "core/sl-atomic.h"

#include "core/sl-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* Flushes `path` (a file or a folder) to disk; EINVAL: the file system cannot, which is fine. */
static int
sync_path (const char *path, int flags)
{
  const int fd = g_open (path, flags | O_CLOEXEC, 0);
  if (fd < 0)
    return errno;
  const int status = fsync (fd) != 0 && errno != EINVAL ? errno : 0;
  close (fd);
  return status;
}

gboolean
sl_atomic_write (const char *path, SlAtomicWriteFunc write, gpointer data, GError **error)
{
  g_return_val_if_fail (path != NULL && write != NULL, FALSE);

  /* A folder made by mkdtemp is unique to this writer (other threads and processes get their
   * own), lies on the target's file system (so the rename is atomic), and lets the writer create
   * the file itself under the target's own name. */
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp_dir = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  if (!g_mkdtemp_full (tmp_dir, 0700))
    {
      const int saved = errno;
      g_set_error (error, SL_ERROR, SL_ERROR_IO,
                   "Cannot write “%s”: cannot create a file in “%s”: %s", path, dir,
                   g_strerror (saved));
      return FALSE;
    }
  g_autofree char *tmp = g_build_filename (tmp_dir, base, NULL);

  gboolean ok = write (tmp, data, error);
  int saved = 0;
  if (ok && (saved = sync_path (tmp, O_RDONLY)) != 0)
    ok = FALSE;
  if (ok && g_rename (tmp, path) != 0)
    saved = errno, ok = FALSE;
  if (!ok && saved != 0)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "Cannot write “%s”: %s", path, g_strerror (saved));
  if (ok)
    sync_path (dir, O_RDONLY | O_DIRECTORY); /* the rename itself; best effort */
  else
    g_unlink (tmp);
  g_rmdir (tmp_dir);
  return ok;
}
