/* sl-figure-legend.h — legends: keys and labels in a framed box, placed where they hide least. */
#pragma once

#include "render/sl-figure-canvas.h"

G_BEGIN_DECLS

typedef enum
{
  SL_LEGEND_KEY_LINE,
  SL_LEGEND_KEY_DASHED,
  SL_LEGEND_KEY_DOTTED,
  SL_LEGEND_KEY_PATCH,   /* a filled square, for bars */
  SL_LEGEND_KEY_MARKER,  /* a dot */
} SlLegendKey;

typedef struct
{
  const char *label;
  SlColor color;
  SlLegendKey key;
} SlLegendEntry;

typedef enum
{
  SL_LEGEND_BEST,        /* where it hides the fewest obstacle points */
  SL_LEGEND_UPPER_RIGHT,
  SL_LEGEND_UPPER_LEFT,
  SL_LEGEND_LOWER_LEFT,
  SL_LEGEND_LOWER_RIGHT,
} SlLegendLoc;

/* Size of the legend box of n entries in `columns` columns. */
void sl_legend_size        (SlCanvas            *canvas,
                            const SlLegendEntry *entries,
                            int                  n,
                            int                  columns,
                            double              *width,
                            double              *height);

/* Draws the box with its top left corner at (x, y). */
void sl_legend_draw_at     (SlCanvas            *canvas,
                            const SlLegendEntry *entries,
                            int                  n,
                            int                  columns,
                            double               x,
                            double               y);

/* Draws a one-column legend inside `plot` at `loc`. For SL_LEGEND_BEST, `obstacles` holds
 * n_obstacles (x, y) pairs in user units (points of the data) and the legend takes the place that
 * covers the fewest among the corners, the middles of the sides and the centre, in matplotlib's
 * order for loc="best". A legend that would cover much of a small plot is set up to 25 %
 * smaller. */
void sl_legend_draw_in     (SlCanvas            *canvas,
                            const SlRect        *plot,
                            const SlLegendEntry *entries,
                            int                  n,
                            SlLegendLoc          loc,
                            const double        *obstacles,
                            gsize                n_obstacles);

G_END_DECLS
