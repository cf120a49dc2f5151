/* sl-render-pr.h — the precision-recall figure: one curve per class, AP in the legend. */
#pragma once

#include "render/sl-figure-types.h"

G_BEGIN_DECLS

typedef struct
{
  const SlPlotCurve *curves; /* x = recall, y = precision, score = average precision */
  int n_curves;
  const char *title;
} SlPrFigure;

void sl_render_pr (cairo_t          *cr,
                   double            width,
                   double            height,
                   const SlPrFigure *fig);

static inline void
sl_render_pr_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_pr (cr, width, height, (const SlPrFigure *) fig);
}

G_END_DECLS
