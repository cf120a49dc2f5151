/* sl-render-private.h — figure parts shared inside libsaliency_render (not a public header). */
#pragma once

#include "render/sl-figure-canvas.h"
#include "render/sl-render-overlay.h"
#include "render/sl-render-signal.h"

G_BEGIN_DECLS

/* The overlay and signal figures drawn into a rectangle of a larger figure (the grid's cells). */
void   sl_overlay_draw_in  (SlCanvas              *canvas,
                            const SlRect          *area,
                            const SlOverlayFigure *fig);
void   sl_signal_draw_in   (SlCanvas             *canvas,
                            const SlRect         *area,
                            const SlSignalFigure *fig);

/* Sets up a whole figure: white background, the page inset by the edge padding, and a figure
 * title (suptitle) on top when `title` is set. Returns the rectangle left for the panels. */
SlRect sl_figure_begin     (SlCanvas   *canvas,
                            double      width,
                            double      height,
                            const char *title);

/* The page's area left for the panels when the figure has no title (sl_figure_begin's). */
SlRect sl_figure_page_area (double width,
                            double height);

/* A figure's text_scale as a font scale: ≤ 0 (a zeroed struct) is 1. */
static inline double
sl_figure_text_scale (double text_scale)
{
  return text_scale > 0 ? text_scale : 1.0;
}

G_END_DECLS
