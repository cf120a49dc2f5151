/* sl-c-locale.h — figures are drawn in the C locale: the same numbers ("0.98") on screen, in every
 * export and from the command line, whatever the user's locale (the figures' words are English). */
#pragma once

#include <locale.h>

typedef struct
{
  locale_t c;
  locale_t previous;
} SlCLocale;

/* Switches the calling thread to the C locale until sl_c_locale_end. */
static inline void
sl_c_locale_begin (SlCLocale *l)
{
  l->c = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  l->previous = l->c ? uselocale (l->c) : (locale_t) 0;
}

static inline void
sl_c_locale_end (SlCLocale *l)
{
  if (!l->c)
    return;
  uselocale (l->previous);
  freelocale (l->c);
}
