/* sl-figure-colorbar.h — a vertical colour bar with nice ticks and a label. */
#pragma once

#include "render/sl-figure-canvas.h"

G_BEGIN_DECLS

/* Default width of the bar itself. */
#define SL_COLORBAR_WIDTH 10.0

/* Room the bar of `bar_width` and its ticks and label take to the right of the bar's left edge. */
double sl_colorbar_extent (SlCanvas   *canvas,
                           double      bar_width,
                           double      bar_height,
                           double      vmin,
                           double      vmax,
                           const char *label);

/* Draws the bar in `bar` (vmin at the bottom) with ticks and labels on its right and `label`
 * (may be NULL) beside them, reading bottom to top. The gradient is a vector gradient, so SVG and
 * PDF keep it sharp. */
void   sl_colorbar_draw   (SlCanvas     *canvas,
                           const SlRect *bar,
                           SlColormap    map,
                           double        vmin,
                           double        vmax,
                           const char   *label);

G_END_DECLS
