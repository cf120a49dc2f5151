/* sl-figure-contour.h — iso-lines of a sampled field (marching squares), as cairo path segments. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Adds to cr's current path the line where `field` (width × height samples, row-major) crosses
 * `level`: segments with one end on each cell edge, to be stroked with round caps. Sample (i, j)
 * sits at user point (x0 + (i + 0.5) · sx, y0 + (j + 0.5) · sy). The field counts as below the
 * level outside its edges and at NaN, so every region ≥ level is closed. Returns the number of
 * segments added. */
gsize sl_contour_path (cairo_t     *cr,
                       const float *field,
                       int          width,
                       int          height,
                       double       level,
                       double       x0,
                       double       y0,
                       double       sx,
                       double       sy);

/* The same line as sl_contour_path, its segments joined end to end into polylines (closed where
 * they meet), so that a dash pattern runs along it. Returns the number of polylines. */
gsize sl_contour_path_joined (cairo_t     *cr,
                              const float *field,
                              int          width,
                              int          height,
                              double       level,
                              double       x0,
                              double       y0,
                              double       sx,
                              double       sy);

G_END_DECLS
