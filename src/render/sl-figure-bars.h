/* sl-figure-bars.h — a bar chart: one bar per category, or groups of bars side by side. */
#pragma once

#include "render/sl-figure-axes.h"
#include "render/sl-figure-legend.h"

G_BEGIN_DECLS

typedef struct
{
  SlAxes axes;                     /* title, labels; y limits too when fixed_limits */
  gboolean fixed_limits;           /* else from 0 (or the lowest value) to the highest, widened */
  const char *const *categories;   /* n_categories names along x */
  int n_categories;
  const char *const *groups;       /* n_groups legend labels; NULL with one group */
  int n_groups;                    /* 0 counts as 1 */
  const double *values;            /* n_categories × n_groups, row-major; NaN: no bar */
  const SlColor *colors;           /* n_groups; NULL: the tab10 cycle */
  int value_decimals;              /* ≥ 0: print each value in (or over) its bar; < 0: none */
  gboolean has_reference;          /* a dashed horizontal line at `reference`, */
  double reference;
  const char *reference_label;     /* labelled in the right margin (may hold "\n") */
  gboolean legend;
  SlLegendLoc legend_loc;
} SlBarChart;

void sl_bar_chart_draw (SlBarChart   *chart,
                        SlCanvas     *canvas,
                        const SlRect *outer);

/* The bars' fill colour for group g. */
SlColor sl_bar_chart_color (const SlBarChart *chart,
                            int               group);

G_END_DECLS
