/* sl-atomic.h — writing an output file atomically: a temporary file unique to the writer in the
 * same folder, fsync, rename over the target; on failure the temporary is removed and any old file
 * is left as it was. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes the whole file at `tmp_path` (which does not exist yet). */
typedef gboolean (*SlAtomicWriteFunc) (const char *tmp_path,
                                       gpointer    data,
                                       GError    **error);

gboolean sl_atomic_write (const char        *path,
                          SlAtomicWriteFunc  write,
                          gpointer           data,
                          GError           **error);

G_END_DECLS
