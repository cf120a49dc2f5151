/* sl-similarity.h — how alike two maps are: Spearman rank correlation and SSIM. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Spearman's ρ of a and b (n values): Pearson's correlation of their ranks, tied values sharing
 * their mean rank; with `absolute`, of |a| and |b|. NaN when n < 2 or either side is constant. */
double sl_spearman (const float *a,
                    const float *b,
                    gsize        n,
                    gboolean     absolute);

/* Mean SSIM (Wang et al. 2004) of two h × w maps (h = 1 for a 1-D map), each first taken as its
 * absolute value and scaled to [0, 1] by its own min and max (a constant map becomes all 0): a
 * Gaussian window σ = 1.5 of 11 taps per axis (truncated to the map's size on a short axis),
 * C1 = 0.01², C2 = 0.03² (data range 1), averaged over the positions where the window fits. */
double sl_ssim     (const float *a,
                    const float *b,
                    gsize        h,
                    gsize        w);

G_END_DECLS
