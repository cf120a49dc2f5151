/* sl-json.h — JSON from files parsed safely: a nesting-depth check before json-glib sees the text.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any Keras config or training history (about 10 levels); json-glib recurses per level.
 */
#define SL_JSON_MAX_DEPTH 512

/* FALSE (SL_ERROR_FORMAT, naming `origin`) when arrays/objects nest deeper than `max_depth`. A
 * linear scan that skips strings; it does not otherwise validate the JSON. `length` < 0:
 * NUL-terminated. */
gboolean sl_json_check_depth (const char *text, gssize length, guint max_depth, const char *origin,
                              GError **error);

/* sl_json_check_depth (SL_JSON_MAX_DEPTH), then json_parser_load_from_data; errors name `origin`
 * and say what `what` (e.g. "the model configuration") is. */
gboolean sl_json_load (JsonParser *parser, const char *text, gssize length, const char *origin,
                       const char *what, GError **error);

/* Reads a regular file of at most `max_bytes` bytes (sl_file_get_contents) and loads it with
 * sl_json_load; errors name `path`. */
gboolean sl_json_load_file (JsonParser *parser, const char *path, gsize max_bytes, const char *what,
                            GError **error);

G_END_DECLS
