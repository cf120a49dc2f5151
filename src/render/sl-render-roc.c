/* sl-render-roc.c — ROC curves as scikit-learn's RocCurveDisplay, all classes on one plot. */
#include "render/sl-render-roc.h"

#include "render/sl-figure-lines.h"
#include "render/sl-figure-style.h"
#include "render/sl-render-private.h"

void
sl_render_roc (cairo_t *cr, double width, double height, const SlRocFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  const SlRect area = sl_figure_begin (canvas, width, height, NULL);
  const int n = MAX (fig->n_curves, 0);
  g_autofree SlSeries *series = g_new0 (SlSeries, n + 1);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  static const double diagonal[] = { 0, 1 };

  for (int i = 0; i < n; i++)
    {
      const SlPlotCurve *c = &fig->curves[i];
      g_ptr_array_add (labels, sl_curve_legend (c->label, "AUC", c->score));
      series[i] = (SlSeries){ c->x, c->y, c->n, labels->pdata[i], sl_style_palette (i), 0,
                              SL_LINE_SOLID, FALSE, FALSE };
    }
  series[n] = (SlSeries){ diagonal, diagonal, 2, "chance (AUC = 0.5)", SL_STYLE_MUTED, 1.0,
                          SL_LINE_DASHED, FALSE, FALSE };

  SlLineChart chart = { 0 };
  chart.axes = (SlAxes){ .xmin = -0.01, .xmax = 1.01, .ymin = -0.01, .ymax = 1.01 };
  chart.axes.equal_aspect = TRUE;
  chart.axes.grid = TRUE;
  chart.axes.title = fig->title;
  chart.axes.xlabel = "False positive rate";
  chart.axes.ylabel = "True positive rate";
  chart.fixed_limits = TRUE;
  chart.series = series;
  chart.n_series = n + 1;
  chart.legend = TRUE;
  chart.legend_loc = SL_LEGEND_LOWER_RIGHT;
  sl_line_chart_draw (&chart, canvas, &area);
}
