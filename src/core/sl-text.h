/* sl-text.h — text from files made safe to show: no control characters, valid UTF-8, bounded
 * length. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many characters of a name (layer, class, file) a message shows before an ellipsis. */
#define SL_TEXT_NAME_MAX 200
/* How many characters an error message shows at most. */
#define SL_TEXT_MESSAGE_MAX 2000

/* A copy of `text` fit for a terminal or an XML document: invalid UTF-8 and every control character
 * (C0, DEL, C1; tab and newline included) become U+FFFD, and past `max_chars` characters the rest
 * is replaced by "…". NULL gives NULL. */
char *sl_text_dup_printable (const char *text, gsize max_chars);

/* An error message made fit to show: as sl_text_dup_printable, and every quoted name ('…') longer
 * than SL_TEXT_NAME_MAX characters is cut in the middle, so the reason after it stays visible; the
 * whole is cut after SL_TEXT_MESSAGE_MAX characters. */
char *sl_text_dup_message (const char *message);

/* TRUE when `c` may appear in text we print or write to XML (not a control character). */
gboolean sl_text_char_is_printable (gunichar c);

G_END_DECLS
