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

G_END_DECLS
