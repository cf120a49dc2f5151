/* sl-figure-region.h — ground truth in figures: a hatched band over a signal's region, the dashed
 * outline of an image's region, and their legend keys. */
#pragma once

#include "render/sl-figure-axes.h"

G_BEGIN_DECLS

/* One ground-truth region of the sample drawn: a weight in [0, 1] per position (a signal's length,
 * or an image's height × width, row-major); a position is inside when its weight is > 0. */
typedef struct
{
  const char *name;     /* "digit", "object", "mark" */
  const float *weights;
} SlFigureRegion;

/* Whether any of the n weights is > 0 (an empty region is neither drawn nor in the legend). */
gboolean sl_region_is_empty         (const SlFigureRegion *region,
                                     gsize                 n);

/* Region `k` of a signal as a light band behind the curve, hatched, over the span of each point
 * whose weight is > 0 (between the midpoints to its neighbours), as opaque as the weight. `t`: the
 * points' x (NULL: 0 … length − 1). */
void     sl_region_draw_band        (SlCanvas             *canvas,
                                     const SlAxes         *axes,
                                     const float          *t,
                                     gsize                 length,
                                     const SlFigureRegion *region,
                                     guint                 k);

/* The legend entries of the non-empty regions of a signal ("ground truth: digit"), drawn by
 * sl_legend_draw_in at the place that hides the fewest of the `obstacles`. */
void     sl_region_band_legend      (SlCanvas             *canvas,
                                     const SlRect         *plot,
                                     const SlFigureRegion *regions,
                                     guint                 n_regions,
                                     gsize                 length,
                                     const double         *obstacles,
                                     gsize                 n_obstacles);

/* Region `k` of a width × height image as the dashed line where its weight crosses 0.5, over the
 * image drawn in `box`: a dark halo under a light dash, one colour and dash per k. */
void     sl_region_draw_outline     (SlCanvas             *canvas,
                                     const SlRect         *box,
                                     int                   width,
                                     int                   height,
                                     const SlFigureRegion *region,
                                     guint                 k);

/* The outlines' legend, one line of keys and names under an image: its size, and drawn centred
 * on cx with its top at y. Regions that are empty are left out (height 0 when all are). */
void     sl_region_outline_legend_size (SlCanvas             *canvas,
                                        const SlFigureRegion *regions,
                                        guint                 n_regions,
                                        gsize                 n,
                                        double               *width,
                                        double               *height);
void     sl_region_outline_legend_draw (SlCanvas             *canvas,
                                        const SlFigureRegion *regions,
                                        guint                 n_regions,
                                        gsize                 n,
                                        double                cx,
                                        double                y);

G_END_DECLS
