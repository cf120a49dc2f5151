/* sl-render-training.c — training curves in two panels. */
#include "render/sl-render-training.h"

#include <math.h>

#include "render/sl-figure-lines.h"
#include "render/sl-figure-style.h"
#include "render/sl-render-private.h"

#define PANEL_GAP 18.0

/* Index of the best finite value (highest, or lowest), or -1. */
static gssize
best_index (const double *v, gsize n, gboolean highest)
{
  gssize best = -1;

  for (gsize i = 0; v && i < n; i++)
    if (isfinite (v[i]) && (best < 0 || (highest ? v[i] > v[best] : v[i] < v[best])))
      best = (gssize) i;
  return best;
}

static void
panel (SlCanvas *canvas, const SlRect *rect, const SlTrainingFigure *fig, const double *epochs,
       const double *batches, const double *train, const double *val, const char *title,
       const char *ylabel, gssize best, const char *best_label)
{
  SlSeries series[3];
  int n = 0;

  /* Thin and unmarked, so it reads apart from the epochs' line without its colour. */
  if (batches && fig->n_batches)
    series[n++] = (SlSeries){ fig->batch_x, batches, fig->n_batches, "train (per batch)",
                              sl_style_palette (0), 0.6, SL_LINE_DOTTED, FALSE, FALSE };
  if (train && fig->n_epochs)
    series[n++] = (SlSeries){ epochs, train, fig->n_epochs, "train", sl_style_palette (0), 0,
                              SL_LINE_SOLID, fig->n_epochs <= 30, FALSE };
  if (val && fig->n_epochs)
    series[n++] = (SlSeries){ epochs, val, fig->n_epochs, "validation", sl_style_palette (1), 0,
                              SL_LINE_SOLID, fig->n_epochs <= 30, FALSE };

  SlLineChart chart = { 0 };
  chart.axes.title = title;
  chart.axes.xlabel = "Epoch";
  chart.axes.ylabel = ylabel;
  chart.axes.grid = TRUE;
  chart.axes.x_integer = TRUE;
  chart.series = series;
  chart.n_series = n;
  chart.legend = TRUE;
  chart.legend_loc = SL_LEGEND_BEST;
  chart.has_marker = best >= 0;
  chart.marker_x = best >= 0 ? epochs[best] : 0;
  chart.marker_label = best_label;
  sl_line_chart_draw (&chart, canvas, rect);
}

void
sl_render_training (cairo_t *cr, double width, double height, const SlTrainingFigure *fig)
{
  g_return_if_fail (cr != NULL && fig != NULL);

  g_autoptr (SlCanvas) canvas = sl_canvas_new (cr);
  const SlRect area = sl_figure_begin (canvas, width, height, fig->title);
  const double w = (area.width - PANEL_GAP) / 2;
  const SlRect left = { area.x, area.y, w, area.height };
  const SlRect right = { area.x + w + PANEL_GAP, area.y, w, area.height };
  g_autofree double *epochs = g_new (double, MAX (fig->n_epochs, 1));
  g_autofree char *best_label = NULL;
  gssize best;

  for (gsize i = 0; i < fig->n_epochs; i++)
    epochs[i] = fig->epochs ? fig->epochs[i] : (double) (i + 1);
  best = fig->val_acc ? best_index (fig->val_acc, fig->n_epochs, TRUE)
                      : best_index (fig->val_loss, fig->n_epochs, FALSE);
  if (best >= 0)
    best_label = g_strdup_printf ("best (epoch %g)", epochs[best]);

  panel (canvas, &left, fig, epochs, fig->batch_loss, fig->train_loss, fig->val_loss, "Loss",
         "Loss", best, best_label);
  panel (canvas, &right, fig, epochs, fig->batch_acc, fig->train_acc, fig->val_acc, "Accuracy",
         "Accuracy", best, best_label);
}
