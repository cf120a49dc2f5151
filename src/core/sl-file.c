/* Opening a FIFO blocks forever and a device can be endless: every reader checks the kind first. */
#include "core/sl-file.h"

#include "core/sl-error.h"
#include "core/sl-text.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *
kind_of (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a folder";
  if (S_ISFIFO (mode))
    return "a FIFO (named pipe)";
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return "a device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a regular file";
}

gboolean
sl_file_check_regular (const char *path, GError **error)
{
  g_autofree char *shown = sl_text_dup_printable (path, SL_TEXT_NAME_MAX);
  GStatBuf st;
  if (g_stat (path, &st) != 0)
    {
      const int err = errno;
      if (err == ELOOP)
        g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: a loop of symbolic links", shown);
      else if (err == ENOENT)
        g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: no such file", shown);
      else
        g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: %s", shown, g_strerror (err));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: is %s; only regular files are read", shown,
                   kind_of (st.st_mode));
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_file_get_contents (const char *path, gsize max_bytes, char **contents, gsize *length,
                      GError **error)
{
  g_autofree char *shown = sl_text_dup_printable (path, SL_TEXT_NAME_MAX);
  if (!sl_file_check_regular (path, error))
    return FALSE;
  /* O_NONBLOCK: should the file be swapped for a FIFO after the check, open() still returns. */
  const int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    {
      const int err = errno;
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: %s", shown, g_strerror (err));
      return FALSE;
    }
  GStatBuf st;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: is not a regular file", shown);
      return FALSE;
    }
  if ((guint64)st.st_size > max_bytes)
    {
      close (fd);
      g_set_error (error, SL_ERROR, SL_ERROR_IO,
                   "%s: the file is too large (%" G_GUINT64_FORMAT
                   " bytes; at most %" G_GSIZE_FORMAT ")",
                   shown, (guint64)st.st_size, max_bytes);
      return FALSE;
    }
  GString *buf = g_string_sized_new ((gsize)st.st_size + 1);
  char chunk[65536];
  for (;;)
    {
      const gssize got = read (fd, chunk, sizeof chunk);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          const int err = errno;
          close (fd);
          g_string_free (buf, TRUE);
          g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: %s", shown, g_strerror (err));
          return FALSE;
        }
      if (got == 0)
        break;
      if (buf->len + (gsize)got > max_bytes)
        {
          close (fd);
          g_string_free (buf, TRUE);
          g_set_error (error, SL_ERROR, SL_ERROR_IO,
                       "%s: the file is too large (more than %" G_GSIZE_FORMAT " bytes)", shown,
                       max_bytes);
          return FALSE;
        }
      g_string_append_len (buf, chunk, got);
    }
  close (fd);
  if (length)
    *length = buf->len;
  *contents = g_string_free (buf, FALSE);
  return TRUE;
}

/* The file a dataset string names: "data.h5:train" and "data.h5@key=value" name data.h5. */
static char *
file_part (const char *spec)
{
  if (g_file_test (spec, G_FILE_TEST_EXISTS))
    return g_strdup (spec);
  const char *cut = strpbrk (spec, ":@");
  return cut ? g_strndup (spec, (gsize) (cut - spec)) : g_strdup (spec);
}

gboolean
sl_file_check_output (const char *out, const char *const *inputs, GError **error)
{
  GStatBuf o;
  if (g_stat (out, &o) != 0)
    return TRUE; /* a new file cannot be an input */
  for (guint i = 0; inputs && inputs[i]; i++)
    {
      g_autofree char *path = file_part (inputs[i]);
      GStatBuf s;
      if (g_stat (path, &s) == 0 && s.st_dev == o.st_dev && s.st_ino == o.st_ino)
        {
          g_autofree char *shown_out = sl_text_dup_printable (out, SL_TEXT_NAME_MAX);
          g_autofree char *shown_in = sl_text_dup_printable (path, SL_TEXT_NAME_MAX);
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: the output is the input %s; writing it would destroy what is read "
                       "(choose another output file)",
                       shown_out, shown_in);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sl_file_check_writable (const char *out, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (out);
  if (g_access (dir, W_OK | X_OK) == 0 && g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  const int err = g_file_test (dir, G_FILE_TEST_EXISTS) && !g_file_test (dir, G_FILE_TEST_IS_DIR)
                      ? ENOTDIR
                      : errno;
  g_autofree char *shown = sl_text_dup_printable (out, SL_TEXT_NAME_MAX);
  g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot be written (%s)", shown, g_strerror (err));
  return FALSE;
}
