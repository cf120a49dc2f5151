/* sl-parallel.h — an explicit worker pool for splitting one numeric loop over the cores. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SlParallel SlParallel;

/* Runs fn over [begin, end) sub-ranges of [0, n). */
typedef void (*SlRangeFunc) (gsize begin, gsize end, gpointer data);

/* Lowers the calling thread's scheduling priority a little (nice +5), so that a thread that serves
 * a person — a window's main loop — is scheduled first whenever numeric work competes for the
 * cores. The pool's workers and the job pool's threads call it as they start. */
void        sl_parallel_lower_priority (void);

/* A pool of n_threads − 1 workers (the caller's thread does a share too); 0 means one per core. */
SlParallel *sl_parallel_new      (guint        n_threads);
void        sl_parallel_free     (SlParallel  *self);
guint       sl_parallel_threads  (const SlParallel *self);

/* Splits [0, n) into contiguous chunks, one per thread, and returns when all are done. A NULL pool
 * runs fn (0, n) on the caller's thread. Safe to call from several threads at once: the loops take
 * turns on the pool (each loop is short — one layer — so two jobs interleave rather than
 * oversubscribe the cores). Not re-entrant: fn must not call sl_parallel_for on the same pool. */
void        sl_parallel_for      (SlParallel  *self,
                                  gsize        n,
                                  SlRangeFunc  fn,
                                  gpointer     data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlParallel, sl_parallel_free)

G_END_DECLS
