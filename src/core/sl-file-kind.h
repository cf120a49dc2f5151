/* sl-file-kind.h — what a file looks like from its first bytes, for clearer errors. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A short phrase such as "a zip archive", "text", "an empty file", "a PNG image", "binary data". */
const char *sl_file_kind_describe (const guint8 *head, gsize len);
/* The same for the start of a file; "an unreadable file" when it cannot be read. */
char *sl_file_kind_of_path (const char *path);

/* TRUE when the bytes start like a zip archive (a local header, or an empty archive's end). */
gboolean sl_file_kind_is_zip (const guint8 *head, gsize len);

G_END_DECLS
