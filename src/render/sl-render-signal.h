/* sl-render-signal.h — the signal figure: a 1-D signal with its explanation as a coloured band. */
#pragma once

#include "render/sl-colormap.h"
#include "render/sl-figure-region.h"
#include "render/sl-figure-types.h"

G_BEGIN_DECLS

typedef enum
{
  SL_SIGNAL_BAND_BEHIND, /* the explanation colours the whole height behind the curve */
  SL_SIGNAL_BAND_UNDER,  /* the explanation fills the area between the curve and the axis */
} SlSignalBand;

typedef struct
{
  const float *signal;           /* length values */
  gsize length;
  const float *t;                /* x of each sample, increasing; NULL: 0 … length − 1 */
  const float *attribution;      /* length values; NULL: the signal alone */
  SlColormap colormap;           /* jet */
  double vmin;                   /* colour range; equal (the default): the attribution's own, */
  double vmax;                   /* symmetric about 0 for diverging maps */
  SlSignalBand band;
  double band_alpha;             /* opacity of the band: 0.45 */
  guint top_k;                   /* mark the top_k samples of largest |attribution| */
  const float *template_pred;    /* template_length values each, or NULL: a small panel beside */
  const float *template_true;    /* the signal shows the class templates */
  gsize template_length;
  const char *template_pred_label; /* legend texts: "predicted" and "true" by default */
  const char *template_true_label;
  gboolean show_colorbar;        /* TRUE */
  const char *colorbar_label;
  const char *title;
  const char *xlabel;
  const char *ylabel;
  double text_scale;             /* fonts ×: 1 (≤ 0 is 1 too); larger for a presentation */
  gboolean show_mask;            /* dim the points the drop/increase metric removes (keep =
                                  * attribution > mask_threshold) */
  double mask_threshold;
  const SlFigureRegion *regions; /* ground truth (length weights each): a hatched band behind the
                                  * curve over each, with a legend entry; NULL: none */
  guint n_regions;
} SlSignalFigure;

/* Zeroes `fig` and sets the defaults noted above. */
void sl_signal_figure_init (SlSignalFigure *fig);

void sl_render_signal      (cairo_t              *cr,
                            double                width,
                            double                height,
                            const SlSignalFigure *fig);

/* Where sl_render_signal (cr, width, height, fig) puts the signal's plot (its data area) and the
 * x range it spans: x = plot.x + (t − xmin) / (xmax − xmin) · plot.width, t being fig->t[i] (or i).
 * FALSE when nothing would be drawn. */
gboolean sl_render_signal_layout (cairo_t              *cr,
                                  double                width,
                                  double                height,
                                  const SlSignalFigure *fig,
                                  SlRect               *plot,
                                  double               *xmin,
                                  double               *xmax);

static inline void
sl_render_signal_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_signal (cr, width, height, (const SlSignalFigure *) fig);
}

G_END_DECLS
