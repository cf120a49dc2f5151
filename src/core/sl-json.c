/* json-glib parses recursively: 100,000 nested '[' overflow the stack before it can say anything.
 */
#include "core/sl-json.h"

#include "core/sl-error.h"
#include "core/sl-file.h"
#include "core/sl-text.h"

#include <string.h>

gboolean
sl_json_check_depth (const char *text, gssize length, guint max_depth, const char *origin,
                     GError **error)
{
  const gsize len = length < 0 ? strlen (text) : (gsize)length;
  guint depth = 0;
  gboolean in_string = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      const char c = text[i];
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_autofree char *shown = sl_text_dup_printable (origin, SL_TEXT_NAME_MAX);
              g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                           "%s: the JSON nests deeper than %u levels (damaged or hostile)", shown,
                           max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

gboolean
sl_json_load (JsonParser *parser, const char *text, gssize length, const char *origin,
              const char *what, GError **error)
{
  if (!sl_json_check_depth (text, length, SL_JSON_MAX_DEPTH, origin, error))
    return FALSE;
  g_autoptr (GError) local = NULL;
  if (!json_parser_load_from_data (parser, text, length, &local))
    {
      g_autofree char *shown = sl_text_dup_printable (origin, SL_TEXT_NAME_MAX);
      g_autofree char *reason = sl_text_dup_printable (local->message, SL_TEXT_NAME_MAX);
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: %s is not valid JSON (%s)", shown, what,
                   reason);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_json_load_file (JsonParser *parser, const char *path, gsize max_bytes, const char *what,
                   GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  return sl_file_get_contents (path, max_bytes, &text, &length, error)
         && sl_json_load (parser, text, (gssize)length, path, what, error);
}
