/* sl-file.h — the one check every opener makes: only regular files are read (no FIFO, device,
 * folder). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when `path` names a regular file (after symlinks). Otherwise an SL_ERROR_IO naming the path
 * and the reason: no such file, a symlink loop, a folder, a FIFO, a device, or the OS's own error.
 */
gboolean sl_file_check_regular (const char *path, GError **error);

/* Reads a whole regular file of at most `max_bytes` bytes (NUL-terminated). */
gboolean sl_file_get_contents (const char *path, gsize max_bytes, char **contents, gsize *length,
                               GError **error);

G_END_DECLS
