/* sl-resize.h — linear/bilinear resampling of maps, half-pixel centres (align_corners=false). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Resamples an sh × sw map to dh × dw (a 1-D map is 1 × L). Source values are `stride` floats apart
 * (1 for a plain map, K for channel k of an (h, w, K) activation starting at its k-th value). A
 * destination pixel's centre maps to source coordinate (d + ½)·s/d' − ½, clamped to the edges. */
void sl_resize_bilinear (const float *src,
                         gsize        sh,
                         gsize        sw,
                         gsize        stride,
                         float       *dst,
                         gsize        dh,
                         gsize        dw);

G_END_DECLS
