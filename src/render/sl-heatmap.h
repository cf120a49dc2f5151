/* sl-heatmap.h — numeric helpers for drawing explanation maps: resizing, ranges, quantiles. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bilinear resize of a src_width × src_height map to dst_width × dst_height with half-pixel
 * centres (as cv2.resize INTER_LINEAR and torch's interpolate with align_corners=False): output
 * pixel centres map to (x + 0.5) · sw / dw − 0.5, clamped to the edge. NaN spreads to its
 * neighbours. Returns a new array the caller frees with g_free. */
float   *sl_heatmap_resize     (const float *src,
                                int          src_width,
                                int          src_height,
                                int          dst_width,
                                int          dst_height);

/* Colour range of n values, NaN skipped: min … max, or −m … m with m = max |v| when `symmetric`
 * (signed maps centred on 0). FALSE (and 0 … 1) when nothing is finite. */
gboolean sl_heatmap_range      (const float *values,
                                gsize        n,
                                gboolean     symmetric,
                                double      *vmin,
                                double      *vmax);

/* The value at rank floor(q · m) of the m finite values sorted (q in 0 … 1), so that the values
 * at or above it are the top (1 − q) of them, ties aside; NaN when there are none. */
double   sl_heatmap_quantile   (const float *values,
                                gsize        n,
                                double       q);

G_END_DECLS
