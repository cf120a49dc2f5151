/* sl-figure-view.h — a widget that draws a library figure (an explanation, a comparison grid or any
 * figure with a draw function) at the widget's size, keeping its proportions, and reports what lies
 * under the pointer. */
#pragma once

#include "compose/sl-comparison-figure.h"
#include "compose/sl-explanation-figure.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_FIGURE_VIEW (sl_figure_view_get_type ())
G_DECLARE_FINAL_TYPE (SlFigureView, sl_figure_view, SL, FIGURE_VIEW, GtkWidget)

GtkWidget *sl_figure_view_new             (void);
/* Takes `fig` (NULL: empty). */
void       sl_figure_view_set_explanation (SlFigureView        *self,
                                           SlExplanationFigure *fig);
void       sl_figure_view_set_comparison  (SlFigureView        *self,
                                           SlComparisonFigure  *fig);
/* Draws `fig` (of natural_w × natural_h points) into a cairo_t whose origin is its top left. */
typedef void (*SlFigureDrawFunc) (cairo_t *cr, double width, double height, gpointer fig);
/* Any figure: takes `fig`, frees it with `free` (may be NULL) when replaced or at the end. After
 * `fig` changes, gtk_widget_queue_draw redraws it. */
void       sl_figure_view_set_custom      (SlFigureView        *self,
                                           gpointer             fig,
                                           GDestroyNotify       free,
                                           SlFigureDrawFunc     draw,
                                           double               natural_w,
                                           double               natural_h);
gpointer   sl_figure_view_get_custom      (SlFigureView *self);
/* Widget coordinates to the figure's (in points, within the fig_w × fig_h it is laid out at);
 * FALSE when no figure is shown. */
gboolean   sl_figure_view_to_figure       (SlFigureView *self,
                                           double        x,
                                           double        y,
                                           double       *fig_x,
                                           double       *fig_y,
                                           double       *fig_w,
                                           double       *fig_h);
/* The inverse: where the figure's point (fig_x, fig_y) lies in the widget. */
gboolean   sl_figure_view_from_figure     (SlFigureView *self,
                                           double        fig_x,
                                           double        fig_y,
                                           double       *x,
                                           double       *y);
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
