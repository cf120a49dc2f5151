/* sl-render-deletion.c — deletion and insertion curves (Petsiuk et al., RISE). */
#include "render/sl-render-deletion.h"

#include <math.h>

#include "render/sl-figure-lines.h"
#include "render/sl-figure-style.h"
#include "render/sl-render-private.h"

#define PANEL_GAP 18.0

static void
panel (SlCanvas *canvas, const SlRect *rect, const SlPlotCurve *curves, int n, const char *title,
       const char *xlabel, const char *ylabel)
{
  g_autofree SlSeries *series = g_new0 (SlSeries, MAX (n, 1));
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  double lo = 0, hi = 1;

  for (int i = 0; i < n; i++)
    {
      double a, b;
      g_ptr_array_add (labels, sl_curve_legend (curves[i].label, "AUC", curves[i].score));
      series[i] = (SlSeries){ curves[i].x, curves[i].y, curves[i].n, labels->pdata[i],
                              sl_style_palette (i), 0, SL_LINE_SOLID, FALSE, FALSE };
      if (sl_data_range (curves[i].y, curves[i].n, &a, &b))
        {
          lo = MIN (lo, a);
          hi = MAX (hi, b);
        }
    }

  SlLineChart chart = { 0 };
  /* Scores are probabilities: show all of [0, 1] so that panels and figures compare. */
  chart.axes = (SlAxes){ .xmin = -0.01, .xmax = 1.01, .ymin = lo - 0.02 * (hi - lo),
                         .ymax = hi + 0.02 * (hi - lo) };
  chart.axes.grid = TRUE;
  chart.axes.title = title;
  chart.axes.xlabel = xlabel;
  chart.axes.ylabel = ylabel;
  chart.fixed_limits = TRUE;
  chart.series = series;
  chart.n_series = n;
  chart.legend = TRUE;
  chart.legend_loc = SL_LEGEND_BEST;
  sl_line_chart_draw (&chart, canvas, rect);
}

void
sl_render_deletion (cairo_t *cr, double width, double height, const SlDeletionFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  const SlRect area = sl_figure_begin (canvas, width, height, fig->title);
  const char *ylabel = fig->ylabel ? fig->ylabel : "Class probability";
  const gboolean both = fig->n_deletion > 0 && fig->n_insertion > 0;
  const double w = both ? (area.width - PANEL_GAP) / 2 : area.width;
  const SlRect left = { area.x, area.y, w, area.height };
  const SlRect right = { area.x + (both ? w + PANEL_GAP : 0), area.y, w, area.height };

  const char *unit = fig->unit ? fig->unit : "pixels";
  g_autofree char *removed = g_strdup_printf ("Fraction of %s removed", unit);
  g_autofree char *inserted = g_strdup_printf ("Fraction of %s inserted", unit);
  if (fig->n_deletion > 0)
    panel (canvas, &left, fig->deletion, fig->n_deletion, "Deletion (lower AUC is better)", removed,
           ylabel);
  if (fig->n_insertion > 0)
    panel (canvas, &right, fig->insertion, fig->n_insertion, "Insertion (higher AUC is better)",
           inserted, ylabel);
}
