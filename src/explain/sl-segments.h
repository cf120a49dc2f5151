/* sl-segments.h — partitions of an input into segments for LIME and Kernel SHAP: sections of a 1-D
 * signal, grid cells, and the colour features superpixel algorithms share. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Labels of `len` points cut into consecutive sections of `size` (the last may be shorter). */
guint *sl_segments_sections (gsize  len,
                             gsize  size,
                             guint *n_segments);
/* Labels of an h × w image cut into cells of cell × cell pixels (row-major cell order). */
guint *sl_segments_grid     (gsize  h,
                             gsize  w,
                             gsize  cell,
                             guint *n_segments);
/* Renumbers labels 0 … n − 1 in order of first appearance; returns n. */
guint  sl_segments_relabel  (guint *labels,
                             gsize  n);
/* Per-pixel colour features of an h × w × c image: CIELAB (D65) for 3 channels read as sRGB in [0,
 * 1] (or [0, 255] when any value exceeds 1), the values themselves otherwise. Returns h·w·(3 or c)
 * floats; `n_features` receives the feature count per pixel. */
float *sl_segments_features (const float *img,
                             gsize        h,
                             gsize        w,
                             gsize        c,
                             gsize       *n_features);

G_END_DECLS
