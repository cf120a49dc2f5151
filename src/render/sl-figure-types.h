/* sl-figure-types.h — the small types every figure shares: rectangles and draw callbacks. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* A rectangle in user units (points when drawn through sl_figure_draw_scaled or sl_export). */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} SlRect;

/* Draws a figure of width × height user units into cr, whose origin is the figure's top left. */
typedef void (*SlDrawFunc) (cairo_t *cr,
                            double   width,
                            double   height,
                            gpointer data);

/* A curve of a metric (ROC, precision-recall, deletion, insertion) with its summary score. */
typedef struct
{
  const double *x;
  const double *y;
  gsize n;
  const char *label; /* the legend shows "label (NAME = score)" */
  double score;      /* AUC or AP; NaN: not shown */
} SlPlotCurve;

static inline SlRect
sl_rect_inset (SlRect r, double left, double top, double right, double bottom)
{
  return (SlRect){ r.x + left, r.y + top, MAX (r.width - left - right, 1.0),
                   MAX (r.height - top - bottom, 1.0) };
}

G_END_DECLS
