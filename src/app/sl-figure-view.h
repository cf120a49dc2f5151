/* sl-figure-view.h — a widget that draws a library figure (an explanation, a comparison grid, or
 * any other through its draw function) at the widget's size, keeping its proportions, and reports
 * what lies under the pointer. */
#pragma once

#include "compose/sl-comparison-figure.h"
#include "compose/sl-explanation-figure.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_FIGURE_VIEW (sl_figure_view_get_type ())
G_DECLARE_FINAL_TYPE (SlFigureView, sl_figure_view, SL, FIGURE_VIEW, GtkWidget)

/* Draws `fig` into width × height points (any library figure's draw function). */
typedef void (*SlFigureDrawFunc) (gpointer  fig,
                                  cairo_t  *cr,
                                  double    width,
                                  double    height);

GtkWidget *sl_figure_view_new             (void);
/* Takes `fig` (NULL: empty). */
void       sl_figure_view_set_explanation (SlFigureView        *self,
                                           SlExplanationFigure *fig);
void       sl_figure_view_set_comparison  (SlFigureView        *self,
                                           SlComparisonFigure  *fig);
/* Any other figure: takes `fig` (freed with `free`, may be NULL), drawn by `draw` at a size with
 * the proportions natural_w × natural_h (points). fig NULL: empty. */
void       sl_figure_view_set_custom      (SlFigureView        *self,
                                           gpointer             fig,
                                           GDestroyNotify       free,
                                           SlFigureDrawFunc     draw_func,
                                           double               natural_w,
                                           double               natural_h);
/* The custom figure shown, or NULL. */
gpointer   sl_figure_view_get_custom      (SlFigureView        *self);
SlExplanationFigure *sl_figure_view_get_explanation (SlFigureView *self);
SlComparisonFigure  *sl_figure_view_get_comparison  (SlFigureView *self);
/* Whether a figure is shown. */
gboolean   sl_figure_view_has_figure      (SlFigureView *self);

/* The figure as an image of its on-screen size × scale (for the clipboard). */
GdkTexture *sl_figure_view_render_texture (SlFigureView *self,
                                           double        scale);

/* Signals: ::probe (gboolean inside, gint row, gint col, gdouble value, gdouble raw_value) as the
 * pointer moves over an explanation figure. */

G_END_DECLS
