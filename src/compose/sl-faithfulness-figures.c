/* sl-faithfulness-figures.c — drop/increase tables and bars, deletion/insertion curves. */
#include "compose/sl-faithfulness-figures.h"

#include "explain/sl-method.h"
#include "render/sl-export.h"
#include "render/sl-render-deletion.h"
#include "render/sl-render-faithfulness.h"

#include <math.h>

#define BARS_WIDTH 560.0
#define BARS_HEIGHT 300.0
#define TABLE_WIDTH 460.0
#define DELETION_WIDTH 640.0
#define DELETION_HEIGHT 290.0
#define DEFAULT_STEPS 100

typedef enum
{
  FIGURE_TABLE,
  FIGURE_BARS,
  FIGURE_DELETION,
} FigureKind;

struct _SlFaithFigure
{
  FigureKind kind;
  double width;
  double height;
  GPtrArray *owned; /* texts and arrays the render structs point to */
  SlFaithfulnessFigure faith;
  SlPlotCurve *curves; /* deletion: n deletion curves, then n insertion curves */
  SlDeletionFigure deletion;
};

static const char *
display_name (const char *name)
{
  const SlMethod *method = sl_method_lookup (name);
  return method ? method->display_name : name;
}

static gpointer
own (SlFaithFigure *fig, gpointer data)
{
  g_ptr_array_add (fig->owned, data);
  return data;
}

SlFaithFigure *
sl_faith_figure_new (const SlFaithTable *table, const char *const *method_names,
                     const char *dataset_name, const char *model_label, gboolean bars,
                     const char *title)
{
  g_return_val_if_fail (table != NULL && method_names != NULL, NULL);
  const guint n = table->n_methods;
  SlFaithFigure *fig = g_new0 (SlFaithFigure, 1);
  fig->owned = g_ptr_array_new_with_free_func (g_free);
  fig->kind = bars ? FIGURE_BARS : FIGURE_TABLE;
  const char **names = own (fig, g_new0 (const char *, n + 1));
  double *drop = own (fig, g_new (double, MAX (n, 1)));
  double *increase = own (fig, g_new (double, MAX (n, 1)));
  for (guint m = 0; m < n; m++)
    {
      names[m] = display_name (method_names[m]);
      drop[m] = 100 * table->drop_rate[m];
      increase[m] = 100 * table->increase_rate[m];
    }
  const char **datasets = own (fig, g_new0 (const char *, 2));
  datasets[0] = own (fig, g_strdup (dataset_name ? dataset_name : ""));
  const char *t = title ? own (fig, g_strdup (title))
                        : own (fig, g_strdup_printf ("Faithfulness · %s (%" G_GSIZE_FORMAT
                                                     " samples, %.0f %% kept)",
                                                     model_label ? model_label : "model",
                                                     table->n_samples, 100 * table->frac));
  fig->faith = (SlFaithfulnessFigure){ (int)n, 1, names, datasets, drop, increase, t };
  fig->width = bars ? BARS_WIDTH : TABLE_WIDTH;
  fig->height = bars ? BARS_HEIGHT : 90 + 22.0 * n;
  return fig;
}

SlFaithFigure *
sl_deletion_figure_new (const SlModel *model, const SlSampleView *view,
                        const SlExplanation *const *explanations, guint n, guint n_steps,
                        const char *title, GError **error)
{
  g_return_val_if_fail (model != NULL && view != NULL && (explanations || n == 0), NULL);
  g_autoptr (SlFaithFigure) fig = g_new0 (SlFaithFigure, 1);
  fig->owned = g_ptr_array_new_with_free_func (g_free);
  fig->kind = FIGURE_DELETION;
  fig->curves = g_new0 (SlPlotCurve, 2 * MAX (n, 1));
  guint target = view->predicted;
  for (guint m = 0; m < n; m++)
    {
      const SlExplanation *e = explanations[m];
      /* More steps than positions would repeat points. */
      const gsize positions = sl_explanation_input_size (e);
      const guint steps = n_steps > 0 ? n_steps : (guint)MIN (positions, DEFAULT_STEPS);
      double *x = own (fig, g_new (double, steps + 1));
      for (guint k = 0; k <= steps; k++)
        x[k] = (double)k / steps;
      for (int kind = 0; kind < 2; kind++)
        {
          double *y = own (fig, g_new (double, steps + 1)), auc = NAN;
          if (!sl_faithfulness_curve (model, NULL, view->x, e->map_input, e->target,
                                      kind ? SL_FAITH_INSERTION : SL_FAITH_DELETION, steps, y, &auc,
                                      NULL, error))
            return NULL;
          fig->curves[kind * n + m]
              = (SlPlotCurve){ x, y, steps + 1, display_name (e->method), auc };
        }
      target = e->target;
    }
  g_autofree char *caption = sl_sample_view_caption (view, n ? (int)target : -1, " · ");
  const char *t
      = title
            ? own (fig, g_strdup (title))
            : own (fig, g_strdup_printf ("Sample %" G_GSIZE_FORMAT " · %s", view->index, caption));
  const char *ylabel = own (
      fig, g_strdup_printf ("Probability of %s", sl_sample_view_class_name (view, (int)target)));
  fig->deletion = (SlDeletionFigure){
    fig->curves, (int)n, fig->curves + n, (int)n, t, ylabel, view->is_image ? "pixels" : "points"
  };
  fig->width = DELETION_WIDTH;
  fig->height = DELETION_HEIGHT;
  return g_steal_pointer (&fig);
}

SlFaithFigure *
sl_faith_curves_figure_new (const SlFaithTable *table, const char *const *method_names,
                            const char *unit, const char *title)
{
  g_return_val_if_fail (table != NULL && method_names != NULL, NULL);
  if (!table->deletion_curve || table->n_done == 0)
    return NULL;
  const guint n = table->n_methods, points = table->n_steps + 1;
  SlFaithFigure *fig = g_new0 (SlFaithFigure, 1);
  fig->owned = g_ptr_array_new_with_free_func (g_free);
  fig->kind = FIGURE_DELETION;
  fig->curves = g_new0 (SlPlotCurve, 2 * MAX (n, 1));
  double *x = own (fig, g_new (double, points));
  for (guint k = 0; k < points; k++)
    x[k] = (double)k / table->n_steps;
  for (guint m = 0; m < n; m++)
    {
      const char *name = display_name (method_names[m]);
      /* Copies: the figure outlives the table. */
      const double *del = own (
          fig, g_memdup2 (table->deletion_curve + (gsize)m * points, points * sizeof (double)));
      const double *ins = own (
          fig, g_memdup2 (table->insertion_curve + (gsize)m * points, points * sizeof (double)));
      fig->curves[m] = (SlPlotCurve){ x, del, points, name, table->deletion_auc[m] };
      fig->curves[n + m] = (SlPlotCurve){ x, ins, points, name, table->insertion_auc[m] };
    }
  const char *t = title ? own (fig, g_strdup (title))
                        : own (fig, g_strdup_printf ("Mean deletion and insertion curves (%"
                                                     G_GSIZE_FORMAT " samples%s)",
                                                     table->n_done,
                                                     table->partial ? ", partial" : ""));
  fig->deletion = (SlDeletionFigure){ fig->curves, (int)n, fig->curves + n, (int)n, t,
                                      "Mean probability of the explained class",
                                      own (fig, g_strdup (unit ? unit : "points")) };
  fig->width = DELETION_WIDTH;
  fig->height = DELETION_HEIGHT;
  return fig;
}

void
sl_faith_figure_free (SlFaithFigure *fig)
{
  if (!fig)
    return;
  g_ptr_array_unref (fig->owned);
  g_free (fig->curves);
  g_free (fig);
}

void
sl_faith_figure_get_size (const SlFaithFigure *fig, double *width, double *height)
{
  g_return_if_fail (fig != NULL);
  if (width)
    *width = fig->width;
  if (height)
    *height = fig->height;
}

void
sl_faith_figure_draw (const SlFaithFigure *fig, cairo_t *cr, double width, double height)
{
  g_return_if_fail (fig != NULL && cr != NULL);
  switch (fig->kind)
    {
    case FIGURE_BARS:
      sl_render_faithfulness_bars (cr, width, height, &fig->faith);
      break;
    case FIGURE_TABLE:
      sl_render_faithfulness_table (cr, width, height, &fig->faith);
      break;
    case FIGURE_DELETION:
    default:
      sl_render_deletion (cr, width, height, &fig->deletion);
      break;
    }
}

static void
draw_func (cairo_t *cr, double width, double height, gpointer data)
{
  sl_faith_figure_draw (data, cr, width, height);
}

gboolean
sl_faith_figure_export (const SlFaithFigure *fig, const char *path, double width, double height,
                        double dpi, GError **error)
{
  g_return_val_if_fail (fig != NULL && path != NULL, FALSE);
  return sl_export_figure (path, width > 0 ? width : fig->width, height > 0 ? height : fig->height,
                           dpi, draw_func, (gpointer)fig, error);
}
