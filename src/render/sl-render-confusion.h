/* sl-render-confusion.h — the confusion matrix figure: counts or rates, class names, colour bar. */
#pragma once

#include "render/sl-colormap.h"
#include "render/sl-figure-types.h"

G_BEGIN_DECLS

typedef struct
{
  const double *values;           /* n_classes × n_classes, row-major: rows true, columns
                                   * predicted */
  int n_classes;
  const char *const *class_names; /* n_classes; NULL: "0", "1", … */
  gboolean normalize;             /* divide each row by its sum (a zero row stays 0) */
  SlColormap colormap;            /* viridis, as scikit-learn's ConfusionMatrixDisplay */
  gboolean show_colorbar;         /* TRUE */
  const char *title;
  const char *xlabel;             /* "Predicted label" */
  const char *ylabel;             /* "True label" */
} SlConfusionFigure;

/* Zeroes `fig` and sets the defaults noted above. */
void sl_confusion_figure_init (SlConfusionFigure *fig);

void sl_render_confusion      (cairo_t                 *cr,
                               double                   width,
                               double                   height,
                               const SlConfusionFigure *fig);

/* Which cell (row: true class, col: predicted class) lies under (x, y) of the figure drawn at
 * width × height; FALSE outside the matrix. Uses the drawing's own layout. */
gboolean sl_render_confusion_cell_at     (double                   width,
                                          double                   height,
                                          const SlConfusionFigure *fig,
                                          double                   x,
                                          double                   y,
                                          int                     *row,
                                          int                     *col);
/* The centre of cell (row, col) in the same layout; FALSE when out of range. */
gboolean sl_render_confusion_cell_center (double                   width,
                                          double                   height,
                                          const SlConfusionFigure *fig,
                                          int                      row,
                                          int                      col,
                                          double                  *x,
                                          double                  *y);

static inline void
sl_render_confusion_func (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_render_confusion (cr, width, height, (const SlConfusionFigure *) fig);
}

G_END_DECLS
