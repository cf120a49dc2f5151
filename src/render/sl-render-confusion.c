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

void
sl_render_confusion (cairo_t *cr, double width, double height, const SlConfusionFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  const SlRect area = sl_figure_begin (canvas, width, height, NULL);
  const int n = fig->n_classes;
  g_autofree double *v = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  SlAxes axes = { 0 };
  SlRect plot_area = area;
  double vmin = 0, vmax = 0, cell, font_w, font_h;
  gboolean integers;

  if (n <= 0 || fig->values == NULL)
    return;
  v = shown_values (fig);
  integers = !fig->normalize && all_integers (v, (gsize) n * n);
  for (int i = 0; i < n * n; i++)
    if (isfinite (v[i]))
      vmax = MAX (vmax, v[i]);
  if (fig->normalize)
    vmax = 1; /* rates: the bar always spans 0 … 1 */
  for (int i = 0; i < n; i++)
    g_ptr_array_add (names, fig->class_names ? g_strdup (fig->class_names[i])
                                             : g_strdup_printf ("%d", i));

  axes.x_categories = (const char *const *) names->pdata;
  axes.n_x_categories = n;
  axes.y_categories = (const char *const *) names->pdata;
  axes.n_y_categories = n;
  axes.y_down = TRUE;
  axes.equal_aspect = TRUE;
  axes.title = fig->title;
  axes.xlabel = fig->xlabel;
  axes.ylabel = fig->ylabel;

  if (fig->show_colorbar)
    plot_area.width -= COLORBAR_GAP + sl_colorbar_extent (canvas, SL_COLORBAR_WIDTH,
                                                          area.height * 0.7, vmin, vmax, NULL);
  sl_axes_layout (&axes, canvas, &plot_area);

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
