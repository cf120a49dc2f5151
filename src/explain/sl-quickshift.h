/* sl-quickshift.h — Quickshift superpixels (Vedaldi & Soatto 2008) as scikit-image makes them. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Labels (h·w, 0 … n − 1) of an h × w × c image: a Parzen density over colour (scaled by `ratio`)
 * and position with a Gaussian of σ = kernel_size, each pixel linked to its nearest denser
 * neighbour within 3σ unless farther than max_dist; trees are segments. Ties of density are broken
 * by the pixel index (scikit-image adds tiny noise instead). LIME uses (4, 200, 0.2). NULL once
 * `cancellable` (may be NULL) is cancelled. */
guint *sl_quickshift (const float  *img,
                      gsize         h,
                      gsize         w,
                      gsize         c,
                      double        ratio,
                      double        kernel_size,
                      double        max_dist,
                      GCancellable *cancellable,
                      guint        *n_out);

G_END_DECLS
