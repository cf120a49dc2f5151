/* Names come from files a stranger may have written: "\x1b[31m" must not recolour a terminal, a
 * U+0001 makes an SVG invalid XML, and a 1 MB layer name must not make a 1 MB error line. */
#include "core/sl-text.h"

#include <string.h>

gboolean
sl_text_char_is_printable (gunichar c)
{
  return !(c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xfffe || c == 0xffff
           || (c >= 0xd800 && c <= 0xdfff));
}

char *
sl_text_dup_printable (const char *text, gsize max_chars)
{
  if (!text)
    return NULL;
  GString *out = g_string_new (NULL);
  const char *p = text;
  gsize n = 0;
  while (*p)
    {
      if (n == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      const gunichar c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_unichar (out, 0xfffd);
          p++;
        }
      else
        {
          g_string_append_unichar (out, sl_text_char_is_printable (c) ? c : 0xfffd);
          p = g_utf8_next_char (p);
        }
      n++;
    }
  return g_string_free (out, FALSE);
}

/* Appends `seg` (printable already), cut in its middle when longer than SL_TEXT_NAME_MAX
 * characters. */
static void
append_bounded (GString *out, const char *seg, gsize len)
{
  const glong n = g_utf8_strlen (seg, (gssize)len);
  if (n <= SL_TEXT_NAME_MAX)
    {
      g_string_append_len (out, seg, (gssize)len);
      return;
    }
  const char *head_end = g_utf8_offset_to_pointer (seg, SL_TEXT_NAME_MAX / 2);
  const char *tail = g_utf8_offset_to_pointer (seg, n - SL_TEXT_NAME_MAX / 2);
  g_string_append_len (out, seg, head_end - seg);
  g_string_append (out, "…");
  g_string_append_len (out, tail, (gssize)(seg + len - tail));
}

char *
sl_text_dup_message (const char *message)
{
  if (!message)
    return NULL;
  g_autofree char *clean = sl_text_dup_printable (message, G_MAXSIZE);
  GString *out = g_string_new (NULL);
  const char *p = clean;
  for (;;)
    {
      const char *open = strchr (p, '\'');
      const char *close = open ? strchr (open + 1, '\'') : NULL;
      if (!close)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open + 1 - p);
      append_bounded (out, open + 1, (gsize)(close - open - 1));
      g_string_append_c (out, '\'');
      p = close + 1;
    }
  /* Names outside quotes are bounded too, if less gracefully: the line as a whole. */
  if (g_utf8_strlen (out->str, -1) > SL_TEXT_MESSAGE_MAX)
    {
      const char *end = g_utf8_offset_to_pointer (out->str, SL_TEXT_MESSAGE_MAX);
      g_string_truncate (out, (gsize)(end - out->str));
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}
