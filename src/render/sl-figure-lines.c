/* sl-figure-lines.c — line charts. */
#include "render/sl-figure-lines.h"

#include <math.h>

#include "render/sl-figure-style.h"

static double
series_x (const SlSeries *s, gsize i)
{
  return s->x ? s->x[i] : (double) i;
}

static void
auto_limits (SlLineChart *chart)
{
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;

  for (int k = 0; k < chart->n_series; k++)
    {
      const SlSeries *s = &chart->series[k];
      for (gsize i = 0; i < s->n; i++)
        {
          const double x = series_x (s, i), y = s->y[i];
          if (!isfinite (x) || !isfinite (y))
            continue;
          xlo = MIN (xlo, x);
          xhi = MAX (xhi, x);
          ylo = MIN (ylo, y);
          yhi = MAX (yhi, y);
        }
    }
  if (!(xhi >= xlo))
    xlo = 0, xhi = 1, ylo = 0, yhi = 1;
  /* matplotlib's axes.xmargin / ymargin. */
  chart->axes.xmin = xlo - 0.05 * (xhi - xlo);
  chart->axes.xmax = xhi + 0.05 * (xhi - xlo);
  chart->axes.ymin = ylo - 0.05 * (yhi - ylo);
  chart->axes.ymax = yhi + 0.05 * (yhi - ylo);
}

static void
draw_series (const SlSeries *s, const SlAxes *axes, SlCanvas *canvas)
{
  cairo_t *cr = canvas->cr;
  const double dashes[] = { 3.7 * 1.5, 1.6 * 1.5 }, dots[] = { 1.5, 2.5 };
  const double width = s->width > 0 ? s->width : SL_STYLE_LINE_WIDTH;
  gboolean pen_down = FALSE;
  double last_y = 0;

  cairo_save (cr);
  cairo_set_line_width (cr, width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, s->style == SL_LINE_DOTTED ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  if (s->style == SL_LINE_DASHED)
    cairo_set_dash (cr, dashes, 2, 0);
  else if (s->style == SL_LINE_DOTTED)
    cairo_set_dash (cr, dots, 2, 0);
  sl_canvas_set_color (canvas, s->color, 1);

  for (gsize i = 0; i < s->n; i++)
    {
      const double x = series_x (s, i), y = s->y[i];
      if (!isfinite (x) || !isfinite (y))
        {
          pen_down = FALSE;
          continue;
        }
      const double px = sl_axes_px (axes, x), py = sl_axes_py (axes, y);
      if (!pen_down)
        cairo_move_to (cr, px, py);
      else if (s->steps)
        {
          cairo_line_to (cr, px, last_y);
          cairo_line_to (cr, px, py);
        }
      else
        cairo_line_to (cr, px, py);
      pen_down = TRUE;
      last_y = py;
    }
  cairo_stroke (cr);

  if (s->markers)
    {
      cairo_set_dash (cr, NULL, 0, 0);
      for (gsize i = 0; i < s->n; i++)
        {
          const double x = series_x (s, i), y = s->y[i];
          if (!isfinite (x) || !isfinite (y))
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, sl_axes_px (axes, x), sl_axes_py (axes, y), 1.6 * width, 0, 2 * G_PI);
        }
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* Points along every drawn segment, about 3 units apart: what the legend should not hide. */
static GArray *
obstacles (const SlLineChart *chart)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (double));
  const SlAxes *axes = &chart->axes;

  for (int k = 0; k < chart->n_series; k++)
    {
      const SlSeries *s = &chart->series[k];
      double px = NAN, py = NAN;
      for (gsize i = 0; i < s->n; i++)
        {
          const double x = series_x (s, i), y = s->y[i];
          if (!isfinite (x) || !isfinite (y))
            {
              px = NAN;
              continue;
            }
          const double qx = sl_axes_px (axes, x), qy = sl_axes_py (axes, y);
          const int steps
              = isnan (px) ? 1 : CLAMP ((int) (hypot (qx - px, qy - py) / 3.0), 1, 2000);
          for (int t = 1; t <= steps; t++)
            {
              const double f = (double) t / steps;
              const double p[2] = { isnan (px) ? qx : px + f * (qx - px),
                                    isnan (py) ? qy : py + f * (qy - py) };
              g_array_append_vals (points, p, 2);
            }
          px = qx;
          py = qy;
        }
    }
  return points;
}

void
sl_line_chart_draw (SlLineChart *chart, SlCanvas *canvas, const SlRect *outer)
{
  g_autofree SlLegendEntry *entries = g_new0 (SlLegendEntry, chart->n_series + 1);
  int n_entries = 0;

  if (!chart->fixed_limits)
    auto_limits (chart);
  sl_axes_layout (&chart->axes, canvas, outer);
  sl_axes_draw_grid (&chart->axes, canvas);

  cairo_save (canvas->cr);
  sl_axes_clip (&chart->axes, canvas);
  for (int k = 0; k < chart->n_series; k++)
    draw_series (&chart->series[k], &chart->axes, canvas);
  if (chart->has_marker)
    {
      const double x = sl_axes_px (&chart->axes, chart->marker_x), dots[] = { 1.2, 2.4 };
      cairo_set_dash (canvas->cr, dots, 2, 0);
      cairo_set_line_cap (canvas->cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_width (canvas->cr, 1.2);
      sl_canvas_set_color (canvas, SL_STYLE_MUTED, 1);
      cairo_move_to (canvas->cr, x, chart->axes.plot.y);
      cairo_line_to (canvas->cr, x, chart->axes.plot.y + chart->axes.plot.height);
      cairo_stroke (canvas->cr);
    }
  cairo_restore (canvas->cr);

  sl_axes_draw_frame (&chart->axes, canvas);

  if (!chart->legend)
    return;
  for (int k = 0; k < chart->n_series; k++)
    {
      const SlSeries *s = &chart->series[k];
      if (s->label == NULL)
        continue;
      entries[n_entries++] = (SlLegendEntry){ s->label, s->color,
                                              s->style == SL_LINE_DASHED   ? SL_LEGEND_KEY_DASHED
                                              : s->style == SL_LINE_DOTTED ? SL_LEGEND_KEY_DOTTED
                                                                           : SL_LEGEND_KEY_LINE };
    }
  if (chart->has_marker && chart->marker_label)
    entries[n_entries++]
        = (SlLegendEntry){ chart->marker_label, SL_STYLE_MUTED, SL_LEGEND_KEY_DOTTED };
  g_autoptr (GArray) points = obstacles (chart);
  if (chart->has_marker)
    for (double y = chart->axes.plot.y; y <= chart->axes.plot.y + chart->axes.plot.height; y += 3)
      {
        const double p[2] = { sl_axes_px (&chart->axes, chart->marker_x), y };
        g_array_append_vals (points, p, 2);
      }
  sl_legend_draw_in (canvas, &chart->axes.plot, entries, n_entries, chart->legend_loc,
                     (const double *) points->data, points->len / 2);
}

char *
sl_curve_legend (const char *label, const char *score_name, double score)
{
  if (isnan (score))
    return g_strdup (label ? label : "");
  return g_strdup_printf ("%s (%s = %.3f)", label ? label : "", score_name, score);
}
