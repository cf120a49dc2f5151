/* sl-figure-bars.c — bar charts. */
#include "render/sl-figure-bars.h"

#include <math.h>

#include "render/sl-figure-style.h"

#define GROUP_WIDTH 0.8 /* of a category's slot, as matplotlib's default bar width */

static int
n_groups (const SlBarChart *chart)
{
  return MAX (chart->n_groups, 1);
}

SlColor
sl_bar_chart_color (const SlBarChart *chart, int group)
{
  return chart->colors ? chart->colors[group] : sl_style_palette (group);
}

static void
auto_limits (SlBarChart *chart)
{
  double lo = 0, hi = 0;
  const gsize n = (gsize) chart->n_categories * n_groups (chart);

  for (gsize i = 0; i < n; i++)
    if (isfinite (chart->values[i]))
      {
        lo = MIN (lo, chart->values[i]);
        hi = MAX (hi, chart->values[i]);
      }
  if (chart->has_reference && isfinite (chart->reference))
    {
      lo = MIN (lo, chart->reference);
      hi = MAX (hi, chart->reference);
    }
  if (hi == lo)
    hi = lo + 1;
  /* Headroom for the value labels over the bars. */
  chart->axes.ymin = lo < 0 ? lo - 0.08 * (hi - lo) : 0;
  chart->axes.ymax = hi > 0 ? hi + 0.08 * (hi - lo) : 0;
  chart->axes.y_expand = TRUE;
}

/* The bar of category c, group g: its left edge and width in data units. */
static void
bar_span (const SlBarChart *chart, int c, int g, double *left, double *width)
{
  *width = GROUP_WIDTH / n_groups (chart);
  *left = c - GROUP_WIDTH / 2 + g * *width;
}

/* The value inside the top of its bar when it fits there, else just beyond the bar's end. */
static void
draw_value (SlBarChart *chart, SlCanvas *canvas, double v, SlColor bar_color, double cx,
            double bar_w, double top, double base)
{
  const SlFont font = { SL_STYLE_SMALL_SIZE, FALSE };
  g_autofree char *text = g_strdup_printf ("%.*f", chart->value_decimals, v);
  const double dir = v >= 0 ? 1 : -1;
  double w, h;

  sl_canvas_text_size (canvas, text, font, &w, &h);
  if (w > bar_w * 1.15)
    return; /* would run into the neighbours */
  if (fabs (base - top) > h + 4 && w < bar_w - 2)
    {
      SlTextPlace inside = { cx, top + dir * 2, 0.5, v >= 0 ? 0.0 : 1.0, 0, 0 };
      sl_canvas_text (canvas, text, font,
                      sl_color_luminance (bar_color) > 0.5 ? SL_STYLE_INK : SL_STYLE_WHITE,
                      &inside);
      return;
    }
  SlTextPlace outside = { cx, top - dir * 1.5, 0.5, v >= 0 ? 1.0 : 0.0, 0, 0 };
  sl_canvas_text (canvas, text, font, SL_STYLE_INK, &outside);
}

void
sl_bar_chart_draw (SlBarChart *chart, SlCanvas *canvas, const SlRect *outer)
{
  cairo_t *cr = canvas->cr;
  SlAxes *axes = &chart->axes;
  const int groups = n_groups (chart);
  g_autoptr (GArray) points = g_array_new (FALSE, FALSE, sizeof (double));

  const SlFont small = { SL_STYLE_SMALL_SIZE, FALSE };
  const gboolean reference = chart->has_reference && isfinite (chart->reference);
  SlRect room = *outer;
  double ref_w = 0, ref_h = 0;

  if (!chart->fixed_limits)
    auto_limits (chart);
  axes->x_categories = chart->categories;
  axes->n_x_categories = chart->n_categories;
  /* The reference line is labelled in the right margin, where it hides no bar. */
  if (reference && chart->reference_label)
    {
      sl_canvas_text_size (canvas, chart->reference_label, small, &ref_w, &ref_h);
      room.width = MAX (room.width - ref_w - 6, 1.0);
    }
  sl_axes_layout (axes, canvas, &room);

  /* Only horizontal grid lines make sense over categories. */
  sl_axes_draw_grid (axes, canvas);

  /* Under the bars: it shows between and above them, and never crosses a bar's label. */
  if (reference)
    {
      const double dashes[] = { 5.5, 2.4 };
      const double y = sl_axes_py (axes, chart->reference);
      cairo_save (cr);
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_set_line_width (cr, 1.2);
      sl_canvas_set_color (canvas, SL_STYLE_INK, 1);
      cairo_move_to (cr, axes->plot.x, y);
      cairo_line_to (cr, axes->plot.x + axes->plot.width, y);
      cairo_stroke (cr);
      cairo_restore (cr);
      if (chart->reference_label)
        {
          SlTextPlace place = { axes->plot.x + axes->plot.width + 5, y, 0, 0.5, 0, 0 };
          sl_canvas_text (canvas, chart->reference_label, small, SL_STYLE_INK, &place);
        }
    }

  cairo_save (cr);
  sl_axes_clip (axes, canvas);
  for (int c = 0; c < chart->n_categories; c++)
    for (int g = 0; g < groups; g++)
      {
        const double v = chart->values[c * groups + g];
        double left, width;
        if (!isfinite (v))
          continue;
        bar_span (chart, c, g, &left, &width);
        const double x0 = sl_axes_px (axes, left), x1 = sl_axes_px (axes, left + width);
        const double y0 = sl_axes_py (axes, 0), y1 = sl_axes_py (axes, v);
        cairo_rectangle (cr, x0, MIN (y0, y1), x1 - x0, fabs (y1 - y0));
        sl_canvas_set_color (canvas, sl_bar_chart_color (chart, g), 1);
        cairo_fill (cr);
        /* The legend should not cover bar tops or their labels. */
        for (double f = 0; f <= 1.0; f += 0.25)
          for (double yy = MIN (y0, y1) - 12; yy <= MAX (y0, y1); yy += 4)
            {
              const double p[2] = { x0 + f * (x1 - x0), yy };
              g_array_append_vals (points, p, 2);
            }
      }
  cairo_restore (cr);

  if (chart->value_decimals >= 0)
    for (int c = 0; c < chart->n_categories; c++)
      for (int g = 0; g < groups; g++)
        {
          const double v = chart->values[c * groups + g];
          double left, width;
          if (!isfinite (v))
            continue;
          bar_span (chart, c, g, &left, &width);
          draw_value (chart, canvas, v, sl_bar_chart_color (chart, g),
                      sl_axes_px (axes, left + width / 2),
                      sl_axes_px (axes, left + width) - sl_axes_px (axes, left),
                      sl_axes_py (axes, v), sl_axes_py (axes, 0));
        }

  sl_axes_draw_frame (axes, canvas);

  if (chart->legend)
    {
      g_autofree SlLegendEntry *entries = g_new0 (SlLegendEntry, groups);
      int n = 0;
      if (chart->groups)
        for (int g = 0; g < groups; g++)
          entries[n++] = (SlLegendEntry){ chart->groups[g], sl_bar_chart_color (chart, g),
                                          SL_LEGEND_KEY_PATCH };
      sl_legend_draw_in (canvas, &axes->plot, entries, n, chart->legend_loc,
                         (const double *) points->data, points->len / 2);
    }
}
