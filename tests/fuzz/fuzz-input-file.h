/* fuzz-input-file.h — readers that take a path (CSV, images) get each fuzz input as a file. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>

/* Writes `data` to a fresh file in a per-process folder named `name` (its extension matters to
 * some readers); returns its path. */
static inline char *
fuzz_input_file (const char *name, const guint8 *data, gsize size)
{
  static char *dir;
  if (!dir)
    dir = g_dir_make_tmp ("sl-fuzz-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents (path, (const char *)data, (gssize)size, NULL))
    abort ();
  return path;
}
