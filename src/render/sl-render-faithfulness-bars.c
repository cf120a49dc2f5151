/* sl-render-faithfulness-bars.c — faithfulness results as grouped bars with a shared legend. */
#include "render/sl-render-faithfulness.h"

#include "render/sl-figure-bars.h"
#include "render/sl-figure-legend.h"
#include "render/sl-figure-style.h"
#include "render/sl-render-private.h"

#define PANEL_GAP  18.0
#define LEGEND_GAP 6.0

/* Values of one measure, datasets × methods (the bar chart's categories × groups). */
static double *
transpose (const SlFaithfulnessFigure *fig, const double *v)
{
  double *out = g_new (double, (gsize) fig->n_methods * fig->n_datasets);

  for (int d = 0; d < fig->n_datasets; d++)
    for (int m = 0; m < fig->n_methods; m++)
      out[d * fig->n_methods + m] = v ? v[m * fig->n_datasets + d] : 0;
  return out;
}

static void
panel (SlCanvas *canvas, const SlRect *rect, const SlFaithfulnessFigure *fig, const double *values,
       const char *title, const char *ylabel)
{
  g_autofree double *v = transpose (fig, values);
  SlBarChart chart = { 0 };

  chart.axes.title = title;
  chart.axes.ylabel = ylabel;
  chart.axes.grid = TRUE;
  chart.axes.open_frame = TRUE;
  chart.categories = fig->datasets;
  chart.n_categories = fig->n_datasets;
  chart.groups = fig->methods;
  chart.n_groups = fig->n_methods;
  chart.values = v;
  chart.value_decimals = 1;
  sl_bar_chart_draw (&chart, canvas, rect);
}

void
sl_render_faithfulness_bars (cairo_t *cr, double width, double height,
                             const SlFaithfulnessFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  SlRect area = sl_figure_begin (canvas, width, height, fig->title);
  g_autofree SlLegendEntry *entries = NULL;
  double legend_w, legend_h, w;
  int columns;

  if (fig->n_methods <= 0 || fig->n_datasets <= 0)
    return;

  /* One legend for both panels, above them, in as few rows as fit. */
  entries = g_new (SlLegendEntry, fig->n_methods);
  for (int m = 0; m < fig->n_methods; m++)
    entries[m] = (SlLegendEntry){ fig->methods[m], sl_style_palette (m), SL_LEGEND_KEY_PATCH };
  for (columns = fig->n_methods; columns > 1; columns--)
    {
      sl_legend_size (canvas, entries, fig->n_methods, columns, &legend_w, &legend_h);
      if (legend_w <= area.width)
        break;
    }
  sl_legend_size (canvas, entries, fig->n_methods, columns, &legend_w, &legend_h);
  sl_legend_draw_at (canvas, entries, fig->n_methods, columns, area.x + (area.width - legend_w) / 2,
                     area.y);
  area = sl_rect_inset (area, 0, legend_h + LEGEND_GAP, 0, 0);

  w = (area.width - PANEL_GAP) / 2;
  const SlRect left = { area.x, area.y, w, area.height };
  const SlRect right = { area.x + w + PANEL_GAP, area.y, w, area.height };
  panel (canvas, &left, fig, fig->drop, "Average drop \u2193", "Drop (%)");
  panel (canvas, &right, fig, fig->increase, "Increase in confidence \u2191", "Increase (%)");
}
