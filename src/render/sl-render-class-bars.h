/* sl-render-class-bars.h — the per-class accuracy figure: one bar per class, overall line. */
#pragma once

#include "render/sl-figure-types.h"

G_BEGIN_DECLS

typedef struct
{
  const double *values;           /* n_classes accuracies (or recalls) in [0, 1]; NaN: no bar */
  int n_classes;
  const char *const *class_names; /* n_classes; NULL: "0", "1", … */
  double overall;                 /* a dashed line at the overall accuracy; NaN: none */
  const char *title;
  const char *ylabel;             /* NULL: "Accuracy" */
} SlClassBarsFigure;

void sl_render_class_bars (cairo_t                 *cr,
                           double                   width,
                           double                   height,
                           const SlClassBarsFigure *fig);

static inline void
sl_render_class_bars_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_class_bars (cr, width, height, (const SlClassBarsFigure *) fig);
}

G_END_DECLS
