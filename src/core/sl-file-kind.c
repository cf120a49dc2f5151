/* Names a file's kind from its magic bytes: errors then tell a user what they handed us. */
#include "core/sl-file-kind.h"

#include <stdio.h>
#include <string.h>

gboolean
sl_file_kind_is_zip (const guint8 *head, gsize len)
{
  return len >= 4 && head[0] == 'P' && head[1] == 'K'
         && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
}

static gboolean
looks_like_text (const guint8 *head, gsize len)
{
  /* Valid UTF-8 without control characters other than whitespace; a cut last character is fine. */
  const gchar *end = NULL;
  if (!g_utf8_validate ((const gchar *)head, (gssize)len, &end)
      && (gsize)((const guint8 *)end - head) + 4 < len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (head[i] < 0x20 && head[i] != '\n' && head[i] != '\r' && head[i] != '\t')
      return FALSE;
  return TRUE;
}

const char *
sl_file_kind_describe (const guint8 *head, gsize len)
{
  static const struct
  {
    const char *magic;
    gsize len;
    const char *kind;
  } table[] = {
    { "\x89HDF\r\n\x1a\n", 8, "an HDF5 file" },
    { "\x89PNG\r\n\x1a\n", 8, "a PNG image" },
    { "\xff\xd8\xff", 3, "a JPEG image" },
    { "GIF8", 4, "a GIF image" },
    { "%PDF", 4, "a PDF document" },
    { "\x1f\x8b", 2, "a gzip-compressed file" },
    { "\x93NUMPY", 6, "a NumPy array (.npy)" },
    { "7z\xbc\xaf\x27\x1c", 6, "a 7-Zip archive" },
  };
  if (len == 0)
    return "an empty file";
  if (sl_file_kind_is_zip (head, len))
    return "a zip archive";
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (len >= table[i].len && !memcmp (head, table[i].magic, table[i].len))
      return table[i].kind;
  if (looks_like_text (head, len))
    return head[0] == '{' || head[0] == '[' ? "JSON text" : "text";
  return "binary data of an unknown kind";
}

char *
sl_file_kind_of_path (const char *path)
{
  guint8 head[512];
  FILE *f = fopen (path, "rb");
  if (!f)
    return g_strdup ("an unreadable file");
  const gsize n = fread (head, 1, sizeof head, f);
  fclose (f);
  return g_strdup (sl_file_kind_describe (head, n));
}
