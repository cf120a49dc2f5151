/* sl-render-confusion.c — confusion matrices as scikit-learn's ConfusionMatrixDisplay. */
#include "render/sl-render-confusion.h"

#include <math.h>

#include "render/sl-figure-axes.h"
#include "render/sl-figure-colorbar.h"
#include "render/sl-figure-style.h"
#include "render/sl-render-private.h"

#define COLORBAR_GAP 10.0

void
sl_confusion_figure_init (SlConfusionFigure *fig)
{
  *fig = (SlConfusionFigure){ 0 };
  fig->colormap = SL_COLORMAP_VIRIDIS;
  fig->show_colorbar = TRUE;
  fig->xlabel = "Predicted label";
  fig->ylabel = "True label";
}

/* The top of the colour scale: the largest value shown, 1 for rates. */
static double
value_max (const SlConfusionFigure *fig, const double *v)
{
  double vmax = 0;
  for (int i = 0; i < fig->n_classes * fig->n_classes; i++)
    if (isfinite (v[i]))
      vmax = MAX (vmax, v[i]);
  return fig->normalize ? 1 : vmax; /* rates: the bar always spans 0 … 1 */
}

/* The matrix as shown: row-normalised when asked. */
static double *
shown_values (const SlConfusionFigure *fig)
{
  const int n = fig->n_classes;
  double *v = g_memdup2 (fig->values, sizeof (double) * n * n);

  if (fig->normalize)
    for (int r = 0; r < n; r++)
      {
        double sum = 0;
        for (int c = 0; c < n; c++)
          sum += isfinite (v[r * n + c]) ? v[r * n + c] : 0;
        for (int c = 0; c < n; c++)
          v[r * n + c] = sum > 0 ? v[r * n + c] / sum : 0;
      }
  return v;
}

static gboolean
all_integers (const double *v, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (isfinite (v[i]) && v[i] != floor (v[i]))
      return FALSE;
  return TRUE;
}

/* The matrix's layout at width × height: the axes (plot area and scales), shared by drawing and
 * hit testing so the two cannot disagree; `vmax` is the colour bar's top. */
static void
confusion_layout (SlCanvas *canvas, double width, double height, const SlConfusionFigure *fig,
                  double vmax, GPtrArray *names, SlAxes *axes)
{
  const SlRect area = sl_figure_begin (canvas, width, height, NULL);
  const int n = fig->n_classes;
  SlRect plot_area = area;

  for (int i = 0; i < n; i++)
    g_ptr_array_add (names, fig->class_names ? g_strdup (fig->class_names[i])
                                             : g_strdup_printf ("%d", i));

  *axes = (SlAxes){ 0 };
  axes->x_categories = (const char *const *) names->pdata;
  axes->n_x_categories = n;
  axes->y_categories = (const char *const *) names->pdata;
  axes->n_y_categories = n;
  axes->y_down = TRUE;
  axes->equal_aspect = TRUE;
  axes->title = fig->title;
  axes->xlabel = fig->xlabel;
  axes->ylabel = fig->ylabel;

  if (fig->show_colorbar)
    plot_area.width -= COLORBAR_GAP + sl_colorbar_extent (canvas, SL_COLORBAR_WIDTH,
                                                          area.height * 0.7, 0, vmax, NULL);
  sl_axes_layout (axes, canvas, &plot_area);
}

void
sl_render_confusion (cairo_t *cr, double width, double height, const SlConfusionFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  const int n = fig->n_classes;
  g_autofree double *v = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  SlAxes axes;
  double vmin = 0, vmax = 0, cell, font_w, font_h;
  gboolean integers;

  if (n <= 0 || fig->values == NULL)
    {
      sl_figure_begin (canvas, width, height, NULL);
      return;
    }
  v = shown_values (fig);
  integers = !fig->normalize && all_integers (v, (gsize) n * n);
  vmax = value_max (fig, v);
  confusion_layout (canvas, width, height, fig, vmax, names, &axes);

  cell = axes.plot.width / n;
  /* Numbers shrink with the cells, so that "1234" still fits in one. */
  sl_canvas_text_size (canvas, integers ? "0000" : "0.00", SL_FONT_NORMAL, &font_w, &font_h);
  const SlFont number_font = { SL_STYLE_FONT_SIZE * CLAMP (0.8 * cell / font_w, 0.45, 1.0), FALSE };

  for (int r = 0; r < n; r++)
    for (int c = 0; c < n; c++)
      {
        const double value = v[r * n + c];
        const double t = vmax > vmin ? (value - vmin) / (vmax - vmin) : 0;
        const SlColor color = sl_colormap_sample (fig->colormap, isfinite (value) ? t : 0);
        const double x = sl_axes_px (&axes, c - 0.5), y = sl_axes_py (&axes, r - 0.5);
        g_autofree char *text = NULL;

        /* Overlap the next cells a little: abutting antialiased edges would show seams. */
        cairo_rectangle (cr, x, y, cell + (c + 1 < n ? 0.5 : 0),
                         axes.plot.height / n + (r + 1 < n ? 0.5 : 0));
        sl_canvas_set_color (canvas, color, 1);
        cairo_fill (cr);

        if (!isfinite (value))
          continue;
        text = integers ? g_strdup_printf ("%.0f", value) : g_strdup_printf ("%.2f", value);
        SlTextPlace place = { x + cell / 2, y + axes.plot.height / n / 2, 0.5, 0.5, 0, cell };
        sl_canvas_text (canvas, text, number_font,
                        sl_color_luminance (color) > 0.45 ? SL_STYLE_INK : SL_STYLE_WHITE, &place);
      }
  sl_axes_draw_frame (&axes, canvas);

  if (fig->show_colorbar)
    {
      const SlRect bar = { axes.plot.x + axes.plot.width + COLORBAR_GAP, axes.plot.y,
                           SL_COLORBAR_WIDTH, axes.plot.height };
      sl_colorbar_draw (canvas, &bar, fig->colormap, vmin, vmax, NULL);
    }
}

/* Lays the figure out on a scratch surface (text metrics are unhinted, so any surface measures the
 * same as the screen and the export). */
static gboolean
scratch_layout (double width, double height, const SlConfusionFigure *fig, SlAxes *axes)
{
  if (fig->n_classes <= 0 || fig->values == NULL || width <= 0 || height <= 0)
    return FALSE;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  g_autofree double *v = shown_values (fig);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  {
    g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
    confusion_layout (canvas, width, height, fig, value_max (fig, v), names, axes);
  }
  /* The axes point into `names`, which goes now: callers use only the plot area. */
  axes->x_categories = axes->y_categories = NULL;
  axes->title = axes->xlabel = axes->ylabel = NULL;
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return TRUE;
}

gboolean
sl_render_confusion_cell_at (double width, double height, const SlConfusionFigure *fig, double x,
                             double y, int *row, int *col)
{
  g_return_val_if_fail (fig != NULL, FALSE);
  SlAxes axes;
  if (!scratch_layout (width, height, fig, &axes))
    return FALSE;
  const int n = fig->n_classes;
  /* Cell (r, c) is drawn from (px (c − ½), py (r − ½)), plot.width / n wide. */
  const double x0 = sl_axes_px (&axes, -0.5), y0 = sl_axes_py (&axes, -0.5);
  const double cw = axes.plot.width / n, ch = axes.plot.height / n;
  if (x < x0 || y < y0 || cw <= 0 || ch <= 0)
    return FALSE;
  const int c = (int) floor ((x - x0) / cw), r = (int) floor ((y - y0) / ch);
  if (r >= n || c >= n)
    return FALSE;
  if (row)
    *row = r;
  if (col)
    *col = c;
  return TRUE;
}

gboolean
sl_render_confusion_cell_center (double width, double height, const SlConfusionFigure *fig,
                                 int row, int col, double *x, double *y)
{
  g_return_val_if_fail (fig != NULL, FALSE);
  SlAxes axes;
  if (row < 0 || col < 0 || row >= fig->n_classes || col >= fig->n_classes
      || !scratch_layout (width, height, fig, &axes))
    return FALSE;
  *x = sl_axes_px (&axes, col);
  *y = sl_axes_py (&axes, row);
  return TRUE;
}
