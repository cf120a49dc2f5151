/* sl-render-pr.c — precision-recall curves as scikit-learn's PrecisionRecallDisplay (steps). */
#include "render/sl-render-pr.h"

#include "render/sl-figure-lines.h"
#include "render/sl-figure-style.h"
#include "render/sl-render-private.h"

void
sl_render_pr (cairo_t *cr, double width, double height, const SlPrFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  const SlRect area = sl_figure_begin (canvas, width, height, NULL);
  const int n = MAX (fig->n_curves, 0);
  g_autofree SlSeries *series = g_new0 (SlSeries, MAX (n, 1));
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < n; i++)
    {
      const SlPlotCurve *c = &fig->curves[i];
      g_ptr_array_add (labels, sl_curve_legend (c->label, "AP", c->score));
      /* scikit-learn draws precision-recall with drawstyle="steps-post". */
      series[i] = (SlSeries){ c->x, c->y, c->n, labels->pdata[i], sl_style_palette (i), 0,
                              SL_LINE_SOLID, FALSE, TRUE };
    }

  SlLineChart chart = { 0 };
  chart.axes = (SlAxes){ .xmin = -0.01, .xmax = 1.01, .ymin = -0.01, .ymax = 1.01 };
  chart.axes.equal_aspect = TRUE;
  chart.axes.grid = TRUE;
  chart.axes.title = fig->title;
  chart.axes.xlabel = "Recall";
  chart.axes.ylabel = "Precision";
  chart.fixed_limits = TRUE;
  chart.series = series;
  chart.n_series = n;
  chart.legend = TRUE;
  chart.legend_loc = SL_LEGEND_BEST;
  sl_line_chart_draw (&chart, canvas, &area);
}
