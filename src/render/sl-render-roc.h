/* sl-render-roc.h — the ROC figure: one curve per class, AUC in the legend, chance diagonal. */
#pragma once

#include "render/sl-figure-types.h"

G_BEGIN_DECLS

typedef struct
{
  const SlPlotCurve *curves; /* x = false positive rate, y = true positive rate, score = AUC */
  int n_curves;
  const char *title;
} SlRocFigure;

void sl_render_roc (cairo_t           *cr,
                    double             width,
                    double             height,
                    const SlRocFigure *fig);

static inline void
sl_render_roc_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_roc (cr, width, height, (const SlRocFigure *) fig);
}

G_END_DECLS
