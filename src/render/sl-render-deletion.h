/* sl-render-deletion.h — the deletion/insertion figure: score curves per method, AUC in legends. */
#pragma once

#include "render/sl-figure-types.h"

G_BEGIN_DECLS

typedef struct
{
  const SlPlotCurve *deletion;  /* x = fraction of pixels removed, y = class score; score = AUC */
  int n_deletion;
  const SlPlotCurve *insertion; /* x = fraction of pixels inserted */
  int n_insertion;
  const char *title;
  const char *ylabel;           /* NULL: "Class probability" */
  const char *unit;             /* what is removed or inserted; NULL: "pixels" ("points" for signals) */
} SlDeletionFigure;

/* Deletion on the left (lower AUC is better), insertion on the right (higher is better); a panel
 * without curves is left out. Curve i has the same colour in both panels. */
void sl_render_deletion (cairo_t                *cr,
                         double                  width,
                         double                  height,
                         const SlDeletionFigure *fig);

static inline void
sl_render_deletion_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_deletion (cr, width, height, (const SlDeletionFigure *) fig);
}

G_END_DECLS
