/* sl-otsu.h — Otsu's threshold of a histogram: the split maximising the between-class variance. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The split point t in [1, bins − 1] maximising w0·w1·(μ0 − μ1)², class 0 being bins [0, t) and
 * class 1 bins [t, bins) (bin i has value i); the first such t on ties, 1 when every split scores
 * 0. */
guint sl_otsu_split (const guint64 *hist,
                     guint          bins);

G_END_DECLS
