/* sl-file.h — the one check every opener makes: only regular files are read (no FIFO, device,
 * folder). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when `path` names a regular file (after symlinks). Otherwise an SL_ERROR_IO naming the path
 * and the reason: no such file, a symlink loop, a folder, a FIFO, a device, or the OS's own error.
 */
gboolean sl_file_check_regular (const char *path, GError **error);

/* Reads a whole regular file of at most `max_bytes` bytes (NUL-terminated; `length` may be NULL). */
gboolean sl_file_get_contents (const char *path, gsize max_bytes, char **contents, gsize *length,
                               GError **error);

/* FALSE (with an SL_ERROR_ARGUMENT naming both) when the output `out` is the same file (device and
 * inode, after symlinks) as one of the NULL-terminated `inputs` that exist: writing it would destroy
 * what is being read. Inputs that are not files (built-in names, dataset strings) are skipped; a
 * dataset string's file part (before ':' or '@') counts. */
gboolean sl_file_check_output (const char        *out,
                               const char *const *inputs,
                               GError           **error);

/* FALSE (with the OS's reason) when `out` cannot be created where it is asked for: its folder is
 * missing, not a folder, or not writable. Checked before long work, so that hours of training do not
 * end in "cannot write". */
gboolean sl_file_check_writable (const char *out,
                                 GError    **error);

G_END_DECLS
