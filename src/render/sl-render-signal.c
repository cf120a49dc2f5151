/* sl-render-signal.c — signal, explanation band, salient points and class templates. */
#include "render/sl-render-signal.h"

#include <math.h>
#include <stdlib.h>

#include "render/sl-figure-axes.h"
#include "render/sl-figure-colorbar.h"
#include "render/sl-figure-legend.h"
#include "render/sl-figure-lines.h"
#include "render/sl-figure-style.h"
#include "render/sl-heatmap.h"
#include "render/sl-render-private.h"

#define TEMPLATE_SHARE 0.3 /* of the width, for the templates panel */
#define PANEL_GAP      12.0
#define COLORBAR_GAP   8.0
#define MARKER_RADIUS  2.8
#define MASK_WASH      0.72 /* white over what the metric removes */

void
sl_signal_figure_init (SlSignalFigure *fig)
{
  *fig = (SlSignalFigure){ 0 };
  fig->colormap = SL_COLORMAP_JET;
  fig->band_alpha = 0.45;
  fig->show_colorbar = TRUE;
  fig->text_scale = 1.0;
}

static double
sample_x (const SlSignalFigure *fig, gsize i)
{
  return fig->t ? fig->t[i] : (double) i;
}

/* The attribution on `columns` evenly spaced x from the first sample to the last, for a band
 * image whose pixel centres fall on them. */
static float *
resample (const SlSignalFigure *fig, int columns)
{
  float *out = g_new (float, columns);
  const double x0 = sample_x (fig, 0), x1 = sample_x (fig, fig->length - 1);
  gsize j = 0;

  for (int c = 0; c < columns; c++)
    {
      const double x = columns > 1 ? x0 + (x1 - x0) * c / (columns - 1) : x0;
      while (j + 2 < fig->length && sample_x (fig, j + 1) < x)
        j++;
      if (fig->length == 1)
        {
          out[c] = fig->attribution[0];
          continue;
        }
      const double a = sample_x (fig, j), b = sample_x (fig, j + 1);
      const double f = b > a ? CLAMP ((x - a) / (b - a), 0.0, 1.0) : 0.0;
      out[c] = (float) (fig->attribution[j] + f * (fig->attribution[j + 1] - fig->attribution[j]));
    }
  return out;
}

static void
draw_band (SlCanvas *canvas, const SlSignalFigure *fig, const SlAxes *axes, double vmin,
           double vmax)
{
  cairo_t *cr = canvas->cr;
  const int columns = (int) MIN (MAX (fig->length, 2), 8192);
  g_autofree float *values = resample (fig, columns);
  g_autofree guint8 *rgb = g_new (guint8, 3 * columns);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, columns, 1);
  const double x0 = sl_axes_px (axes, sample_x (fig, 0));
  const double x1 = sl_axes_px (axes, sample_x (fig, fig->length - 1));
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix, shift;
  guint32 *row;

  sl_colormap_lookup (fig->colormap, values, columns, vmin, vmax, rgb);
  cairo_surface_flush (surface);
  row = (guint32 *) cairo_image_surface_get_data (surface);
  for (int c = 0; c < columns; c++)
    row[c] = (guint32) rgb[3 * c] << 16 | (guint32) rgb[3 * c + 1] << 8 | rgb[3 * c + 2];
  cairo_surface_mark_dirty (surface);

  /* Column c's centre sits on x0 + c · (x1 − x0) / (columns − 1); the one row spans the plot. */
  pattern = cairo_pattern_create_for_surface (surface);
  cairo_matrix_init_translate (&shift, 0.5, 0);
  cairo_matrix_init_scale (&matrix, (columns - 1) / MAX (x1 - x0, 1e-9),
                           1.0 / MAX (axes->plot.height, 1.0));
  cairo_matrix_translate (&matrix, -x0, -axes->plot.y);
  cairo_matrix_multiply (&matrix, &matrix, &shift);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);

  cairo_save (cr);
  sl_axes_clip (axes, canvas);
  if (fig->band == SL_SIGNAL_BAND_UNDER)
    {
      const double base = axes->plot.y + axes->plot.height;
      cairo_move_to (cr, x0, base);
      for (gsize i = 0; i < fig->length; i++)
        if (isfinite (fig->signal[i]))
          cairo_line_to (cr, sl_axes_px (axes, sample_x (fig, i)),
                         sl_axes_py (axes, fig->signal[i]));
      cairo_line_to (cr, x1, base);
      cairo_close_path (cr);
    }
  else
    cairo_rectangle (cr, x0, axes->plot.y, x1 - x0, axes->plot.height);
  cairo_clip (cr);
  cairo_set_source (cr, pattern);
  cairo_paint_with_alpha (cr, CLAMP (fig->band_alpha, 0.0, 1.0));
  cairo_restore (cr);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (surface);
}

static void
draw_curve (SlCanvas *canvas, const SlSignalFigure *fig, const SlAxes *axes)
{
  cairo_t *cr = canvas->cr;
  gboolean pen = FALSE;

  cairo_save (cr);
  sl_axes_clip (axes, canvas);
  cairo_set_line_width (cr, 1.3);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  sl_canvas_set_color (canvas, SL_STYLE_INK, 1);
  for (gsize i = 0; i < fig->length; i++)
    {
      if (!isfinite (fig->signal[i]))
        {
          pen = FALSE;
          continue;
        }
      const double x = sl_axes_px (axes, sample_x (fig, i)), y = sl_axes_py (axes, fig->signal[i]);
      if (pen)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen = TRUE;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* What the metric removes, washed out: each removed point's span between its neighbours' midpoints. */
static void
draw_mask (SlCanvas *canvas, const SlSignalFigure *fig, const SlAxes *axes)
{
  cairo_t *cr = canvas->cr;
  const gsize n = fig->length;

  cairo_save (cr);
  sl_axes_clip (axes, canvas);
  for (gsize i = 0; i < n; i++)
    if (!(fig->attribution[i] > fig->mask_threshold))
      {
        const double x = sample_x (fig, i);
        const double a = i > 0 ? (sample_x (fig, i - 1) + x) / 2 : x;
        const double b = i + 1 < n ? (x + sample_x (fig, i + 1)) / 2 : x;
        const double px = sl_axes_px (axes, a), qx = sl_axes_px (axes, b);
        cairo_rectangle (cr, px, axes->plot.y, MAX (qx - px, 0.5), axes->plot.height);
      }
  sl_canvas_set_color (canvas, SL_STYLE_WHITE, MASK_WASH);
  cairo_fill (cr);
  cairo_restore (cr);
}

typedef struct
{
  const float *attribution;
} RankData;

static int
by_abs_desc (const void *a, const void *b, void *data)
{
  const float *attr = ((const RankData *) data)->attribution;
  const float x = fabsf (attr[*(const gsize *) a]), y = fabsf (attr[*(const gsize *) b]);
  return (x < y) - (x > y);
}

static void
draw_top_k (SlCanvas *canvas, const SlSignalFigure *fig, const SlAxes *axes)
{
  cairo_t *cr = canvas->cr;
  g_autofree gsize *order = g_new (gsize, fig->length);
  gsize n = 0;
  RankData data = { fig->attribution };

  for (gsize i = 0; i < fig->length; i++)
    if (isfinite (fig->attribution[i]) && isfinite (fig->signal[i]))
      order[n++] = i;
  g_qsort_with_data (order, (gint) n, sizeof (gsize), by_abs_desc, &data);
  n = MIN (n, fig->top_k);

  /* White dots with dark rims read over any band colour. */
  cairo_save (cr);
  cairo_set_line_width (cr, 1.1);
  for (gsize k = 0; k < n; k++)
    {
      const gsize i = order[k];
      cairo_new_path (cr);
      cairo_arc (cr, sl_axes_px (axes, sample_x (fig, i)), sl_axes_py (axes, fig->signal[i]),
                 MARKER_RADIUS, 0, 2 * G_PI);
      sl_canvas_set_color (canvas, SL_STYLE_WHITE, 1);
      cairo_fill_preserve (cr);
      sl_canvas_set_color (canvas, SL_STYLE_INK, 1);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* The templates panel's series and legend entries; returns how many. */
static int
template_series (const SlSignalFigure *fig, double *pred, double *truth, SlSeries series[2],
                 SlLegendEntry entries[2])
{
  int n = 0;

  if (fig->template_pred)
    {
      for (gsize i = 0; i < fig->template_length; i++)
        pred[i] = fig->template_pred[i];
      series[n] = (SlSeries){ NULL, pred, fig->template_length,
                              fig->template_pred_label ? fig->template_pred_label : "predicted",
                              sl_style_palette (3), 1.4, SL_LINE_SOLID, FALSE, FALSE };
      entries[n] = (SlLegendEntry){ series[n].label, series[n].color, SL_LEGEND_KEY_LINE };
      n++;
    }
  if (fig->template_true)
    {
      for (gsize i = 0; i < fig->template_length; i++)
        truth[i] = fig->template_true[i];
      series[n] = (SlSeries){ NULL, truth, fig->template_length,
                              fig->template_true_label ? fig->template_true_label : "true",
                              sl_style_palette (0), 1.4, SL_LINE_DASHED, FALSE, FALSE };
      entries[n] = (SlLegendEntry){ series[n].label, series[n].color, SL_LEGEND_KEY_DASHED };
      n++;
    }
  return n;
}

/* Room above both panels' plots: the main title's, or the templates legend's if taller. */
static double
panels_top (SlCanvas *canvas, const SlSignalFigure *fig, const SlLegendEntry *entries, int n)
{
  double legend_w, legend_h, title_w, title_h;

  sl_legend_size (canvas, entries, n, n, &legend_w, &legend_h);
  sl_canvas_text_size (canvas, fig->title, SL_FONT_TITLE, &title_w, &title_h);
  return MAX (legend_h, title_h) + SL_STYLE_TITLE_PAD;
}

/* The class templates beside the signal, their legend standing where a title would. */
static void
draw_templates (SlCanvas *canvas, const SlSignalFigure *fig, const SlRect *outer, double top)
{
  g_autofree double *pred = g_new (double, fig->template_length);
  g_autofree double *truth = g_new (double, fig->template_length);
  SlSeries series[2];
  SlLegendEntry entries[2];
  const int n = template_series (fig, pred, truth, series, entries);
  double legend_w, legend_h;

  SlLineChart chart = { 0 };
  chart.axes.grid = TRUE;
  chart.series = series;
  chart.n_series = n;
  /* Untitled axes keep 0.6 of a line above the plot for the top tick label. */
  double font_w, font_h;
  sl_canvas_text_size (canvas, "0", SL_FONT_NORMAL, &font_w, &font_h);
  const SlRect below = sl_rect_inset (*outer, 0, MAX (top - 0.6 * font_h, 0.0), 0, 0);
  sl_line_chart_draw (&chart, canvas, &below);
  sl_legend_size (canvas, entries, n, n, &legend_w, &legend_h);
  sl_legend_draw_at (canvas, entries, n, n,
                     chart.axes.plot.x + (chart.axes.plot.width - legend_w) / 2,
                     chart.axes.plot.y - SL_STYLE_TITLE_PAD - legend_h);
}

/* The ground truth's legend where it hides the least of the curve. */
static void
region_legend (SlCanvas *canvas, const SlSignalFigure *fig, const SlAxes *axes)
{
  g_autofree double *points = g_new (double, 2 * fig->length);
  gsize n = 0;
  for (gsize i = 0; i < fig->length; i++)
    if (isfinite (fig->signal[i]))
      {
        points[2 * n] = sl_axes_px (axes, sample_x (fig, i));
        points[2 * n + 1] = sl_axes_py (axes, fig->signal[i]);
        n++;
      }
  sl_region_band_legend (canvas, &axes->plot, fig->regions, fig->n_regions, fig->length, points,
                         n);
}

/* Where the parts of the figure go in `area`: the signal's axes (laid out), the templates panel
 * (side.width 0: none) and the colour range. The drawing and sl_render_signal_layout both use it,
 * so they cannot disagree. FALSE: there is no signal to draw. */
typedef struct
{
  SlAxes axes;
  SlRect side;
  double top; /* room above the templates panel's plot */
  double vmin;
  double vmax;
} SignalLayout;

static gboolean
signal_layout (SlCanvas *canvas, const SlRect *area, const SlSignalFigure *fig, SignalLayout *l)
{
  const gboolean templates = (fig->template_pred || fig->template_true) && fig->template_length > 0;
  const gboolean attribution = fig->attribution != NULL;
  const gboolean colorbar = attribution && fig->show_colorbar;
  SlRect main = *area;
  double ylo, yhi;

  *l = (SignalLayout){ .vmin = fig->vmin, .vmax = fig->vmax };
  if (fig->signal == NULL || fig->length == 0)
    return FALSE;

  if (templates)
    {
      const double w = area->width * TEMPLATE_SHARE;
      g_autofree double *scratch = g_new (double, fig->template_length);
      SlSeries series[2];
      SlLegendEntry entries[2];
      const int n = template_series (fig, scratch, scratch, series, entries);
      double title_w, title_h;

      l->side = (SlRect){ area->x + area->width - w, area->y, w, area->height };
      l->top = panels_top (canvas, fig, entries, n);
      sl_canvas_text_size (canvas, fig->title, SL_FONT_TITLE, &title_w, &title_h);
      main.width -= w + PANEL_GAP;
      /* Push the main plot down to the templates plot's top. */
      main = sl_rect_inset (main, 0, l->top - (title_h > 0 ? title_h + SL_STYLE_TITLE_PAD : 0), 0,
                            0);
    }

  if (attribution && !(l->vmax > l->vmin))
    sl_heatmap_range (fig->attribution, fig->length, sl_colormap_is_diverging (fig->colormap),
                      &l->vmin, &l->vmax);

  if (!sl_heatmap_range (fig->signal, fig->length, FALSE, &ylo, &yhi))
    ylo = 0, yhi = 1;
  SlAxes *axes = &l->axes;
  axes->xmin = sample_x (fig, 0);
  axes->xmax = sample_x (fig, fig->length - 1);
  if (!(axes->xmax > axes->xmin))
    axes->xmax = axes->xmin + 1;
  axes->ymin = ylo - 0.08 * (yhi - ylo);
  axes->ymax = yhi + 0.08 * (yhi - ylo);
  axes->title = fig->title;
  axes->xlabel = fig->xlabel;
  axes->ylabel = fig->ylabel;

  /* The bar takes its room first; it is as tall as the plot, known only after the layout. */
  SlRect plot_area = main;
  if (colorbar)
    {
      plot_area.width -= COLORBAR_GAP
                         + sl_colorbar_extent (canvas, SL_COLORBAR_WIDTH, main.height * 0.8,
                                               l->vmin, l->vmax, fig->colorbar_label);
      plot_area.width = MAX (plot_area.width, 1.0);
    }
  sl_axes_layout (axes, canvas, &plot_area);
  return TRUE;
}

void
sl_signal_draw_in (SlCanvas *canvas, const SlRect *area, const SlSignalFigure *fig)
{
  const gboolean attribution = fig->attribution != NULL;
  const gboolean colorbar = attribution && fig->show_colorbar;
  SignalLayout l;

  if (!signal_layout (canvas, area, fig, &l))
    return;
  const SlAxes *axes = &l.axes;
  if (l.side.width > 0)
    draw_templates (canvas, fig, &l.side, l.top);
  sl_axes_draw_grid (axes, canvas);
  if (attribution)
    draw_band (canvas, fig, axes, l.vmin, l.vmax);
  for (guint k = 0; k < fig->n_regions; k++)
    sl_region_draw_band (canvas, axes, fig->t, fig->length, &fig->regions[k], k);
  if (attribution && fig->show_mask)
    draw_mask (canvas, fig, axes);
  draw_curve (canvas, fig, axes);
  if (attribution && fig->top_k > 0)
    draw_top_k (canvas, fig, axes);
  sl_axes_draw_frame (axes, canvas);
  if (fig->n_regions > 0)
    region_legend (canvas, fig, axes);

  if (colorbar)
    {
      const SlRect bar = { axes->plot.x + axes->plot.width + COLORBAR_GAP, axes->plot.y,
                           SL_COLORBAR_WIDTH, axes->plot.height };
      sl_colorbar_draw (canvas, &bar, fig->colormap, l.vmin, l.vmax, fig->colorbar_label);
    }
}

void
sl_render_signal (cairo_t *cr, double width, double height, const SlSignalFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  canvas->font_scale = sl_figure_text_scale (fig->text_scale);
  const SlRect area = sl_figure_begin (canvas, width, height, NULL);

  sl_signal_draw_in (canvas, &area, fig);
}

gboolean
sl_render_signal_layout (cairo_t *cr, double width, double height, const SlSignalFigure *fig,
                         SlRect *plot, double *xmin, double *xmax)
{
  g_return_val_if_fail (cr != NULL && fig != NULL && plot != NULL, FALSE);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  canvas->font_scale = sl_figure_text_scale (fig->text_scale);
  const SlRect area = sl_figure_page_area (width, height);
  SignalLayout l;
  if (!signal_layout (canvas, &area, fig, &l))
    return FALSE;
  *plot = l.axes.plot;
  if (xmin)
    *xmin = l.axes.x0;
  if (xmax)
    *xmax = l.axes.x1;
  return TRUE;
}
