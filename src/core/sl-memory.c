/* GLib aborts when an allocation fails; a batch or a dataset too large for the machine must instead
 * be refused beforehand with a message, so its size is compared with this budget first. */
#include "core/sl-memory.h"

#include <sys/resource.h>
#include <unistd.h>

guint64
sl_memory_get_budget (void)
{
  const long pages = sysconf (_SC_PHYS_PAGES), page = sysconf (_SC_PAGESIZE);
  guint64 limit = pages > 0 && page > 0 ? (guint64)pages * (guint64)page : G_MAXUINT64;
  const int kinds[] = { RLIMIT_AS, RLIMIT_DATA };
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      struct rlimit rl;
      if (getrlimit (kinds[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        limit = MIN (limit, (guint64)rl.rlim_cur);
    }
  return limit / 2;
}
