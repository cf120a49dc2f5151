/* sl-figure-lines.h — a line chart: series of (x, y) points on one pair of axes, with a legend. */
#pragma once

#include "render/sl-figure-axes.h"
#include "render/sl-figure-legend.h"

G_BEGIN_DECLS

typedef enum
{
  SL_LINE_SOLID,
  SL_LINE_DASHED,
  SL_LINE_DOTTED,
} SlLineStyle;

typedef struct
{
  const double *x;     /* NULL: 0, 1, … n − 1 */
  const double *y;
  gsize n;
  const char *label;   /* NULL: left out of the legend */
  SlColor color;
  double width;        /* 0: SL_STYLE_LINE_WIDTH */
  SlLineStyle style;
  gboolean markers;    /* a dot on every point */
  gboolean steps;      /* steps-post, as precision-recall curves */
} SlSeries;

typedef struct
{
  SlAxes axes;         /* titles, labels; limits too when fixed_limits */
  gboolean fixed_limits; /* else the limits are the data's with 5 % margins */
  const SlSeries *series;
  int n_series;
  gboolean legend;
  SlLegendLoc legend_loc;
  gboolean has_marker;   /* a dotted vertical line at marker_x, across the whole plot */
  double marker_x;
  const char *marker_label;
} SlLineChart;

/* Draws the chart into `outer`; afterwards chart->axes holds the layout (e.g. to add marks). Points
 * that are not finite break the line. */
void sl_line_chart_draw (SlLineChart  *chart,
                         SlCanvas     *canvas,
                         const SlRect *outer);

/* A legend label "label (NAME = 0.923)", or the label alone when score is NaN. */
char *sl_curve_legend   (const char *label,
                         const char *score_name,
                         double      score);

G_END_DECLS
