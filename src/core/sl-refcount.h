/* sl-refcount.h — reference counts for plain structs whose constructors zero them (g_new0). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The count is of references beyond the first, so a struct made with g_new0 holds one. */
static inline void
sl_refcount_inc (gint *extra_refs)
{
  g_atomic_int_inc (extra_refs);
}

/* Takes one reference away; TRUE when it was the last (the caller then frees). */
static inline gboolean
sl_refcount_dec (gint *extra_refs)
{
  for (;;)
    {
      const gint r = g_atomic_int_get (extra_refs);
      if (r == 0)
        return TRUE;
      if (g_atomic_int_compare_and_exchange (extra_refs, r, r - 1))
        return FALSE;
    }
}

G_END_DECLS
