/* sl-render-overlay.h — the overlay figure: an explanation heatmap over its image. */
#pragma once

#include "render/sl-colormap.h"
#include "render/sl-figure-region.h"
#include "render/sl-figure-types.h"

G_BEGIN_DECLS

/* An RGB image, rows top to bottom, no padding: float in [0, 1] or bytes. */
typedef struct
{
  int width;
  int height;
  const float *rgb_f32;  /* height × width × 3; or NULL */
  const guint8 *rgb_u8;  /* height × width × 3; used when rgb_f32 is NULL */
} SlImageView;

typedef struct
{
  SlImageView image;          /* width 0: the heatmap alone, opaque */
  const float *heatmap;       /* heatmap_height × heatmap_width, row-major, any resolution; NULL:
                               * the image alone. Upsampled bilinearly with half-pixel centres. */
  int heatmap_width;
  int heatmap_height;
  SlColormap colormap;        /* jet */
  double alpha;               /* heatmap opacity over the image: 0.5 */
  double vmin;                /* colour range; vmin == vmax (the default): the map's own range, */
  double vmax;                /* symmetric about 0 for diverging maps */
  double contour_percent;     /* > 0: outline the region of the top contour_percent % values */
  gboolean show_mask;         /* dim what the drop/increase metric removes (keep = map >
                               * mask_threshold) */
  double mask_threshold;
  gboolean show_colorbar;     /* TRUE */
  const char *colorbar_label;
  const char *title;
  double text_scale;          /* fonts ×: 1 (≤ 0 is 1 too); larger for a presentation */
  const SlFigureRegion *regions; /* ground truth (image.width × image.height weights each): the
                               * dashed outline of each, with a legend under the image; NULL: none */
  guint n_regions;
} SlOverlayFigure;

/* Zeroes `fig` and sets the defaults noted above. */
void sl_overlay_figure_init (SlOverlayFigure *fig);

void sl_render_overlay      (cairo_t               *cr,
                             double                 width,
                             double                 height,
                             const SlOverlayFigure *fig);

/* Where sl_render_overlay (cr, width, height, fig) draws the image (its data area): the map's
 * pixel (row, col) fills the box's (col / W … (col + 1) / W, row / H … (row + 1) / H) part, W × H
 * being the image's size (or the heatmap's upsampled raster). FALSE when nothing would be drawn. */
gboolean sl_render_overlay_layout (cairo_t               *cr,
                                   double                 width,
                                   double                 height,
                                   const SlOverlayFigure *fig,
                                   SlRect                *image_box);

/* sl_render_overlay as an SlDrawFunc, for sl_export_figure. */
static inline void
sl_render_overlay_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_overlay (cr, width, height, (const SlOverlayFigure *) fig);
}

G_END_DECLS
