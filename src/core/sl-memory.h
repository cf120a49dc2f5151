/* sl-memory.h — how much memory one job may plan to use, so big requests are refused, not aborted.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Half the smaller of the machine's physical memory and the process's address-space limit
 * (RLIMIT_AS / RLIMIT_DATA), in bytes: a budget for one allocation plan, leaving room for the rest.
 */
guint64 sl_memory_get_budget (void);

G_END_DECLS
