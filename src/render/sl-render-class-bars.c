/* sl-render-class-bars.c — per-class accuracy bars. */
#include "render/sl-render-class-bars.h"

#include <math.h>

#include "render/sl-figure-bars.h"
#include "render/sl-figure-style.h"
#include "render/sl-render-private.h"

void
sl_render_class_bars (cairo_t *cr, double width, double height, const SlClassBarsFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  const SlRect area = sl_figure_begin (canvas, width, height, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *overall = NULL;
  const SlColor color = sl_style_palette (0);

  if (fig->n_classes <= 0 || fig->values == NULL)
    return;
  for (int i = 0; i < fig->n_classes; i++)
    g_ptr_array_add (names, fig->class_names ? g_strdup (fig->class_names[i])
                                             : g_strdup_printf ("%d", i));
  if (isfinite (fig->overall))
    overall = g_strdup_printf ("overall\n%.3f", fig->overall);

  SlBarChart chart = { 0 };
  /* Room over 1 for the value labels; the ticks stop at 1. */
  chart.axes = (SlAxes){ .ymin = 0, .ymax = 1.1, .grid = TRUE, .open_frame = TRUE };
  chart.axes.title = fig->title;
  chart.axes.ylabel = fig->ylabel ? fig->ylabel : "Accuracy";
  chart.fixed_limits = TRUE;
  chart.categories = (const char *const *) names->pdata;
  chart.n_categories = fig->n_classes;
  chart.n_groups = 1;
  chart.values = fig->values;
  chart.colors = &color;
  chart.value_decimals = 2;
  chart.has_reference = isfinite (fig->overall);
  chart.reference = fig->overall;
  chart.reference_label = overall;
  sl_bar_chart_draw (&chart, canvas, &area);
}
