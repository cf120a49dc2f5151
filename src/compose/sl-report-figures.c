/* sl-report-figures.c — confusion, ROC, PR and class-accuracy figures of a report. */
#include "compose/sl-report-figures.h"

#include "core/sl-error.h"
#include "jobs/sl-predict.h"
#include "render/sl-export.h"
#include "render/sl-render-class-bars.h"
#include "render/sl-render-confusion.h"
#include "render/sl-render-pr.h"
#include "render/sl-render-roc.h"

#include <math.h>

#define CURVE_WIDTH 420.0
#define CURVE_HEIGHT 380.0
#define BARS_HEIGHT 290.0

struct _SlReportFigure
{
  SlReportFigureKind kind;
  char *title;
  double width;
  double height;
  double *values;      /* confusion: k × k; class accuracy: k */
  SlPlotCurve *curves; /* ROC, PR: into the report */
  SlConfusionFigure confusion;
  SlRocFigure roc;
  SlPrFigure pr;
  SlClassBarsFigure bars;
};

void
sl_report_figure_options_init (SlReportFigureOptions *options)
{
  g_return_if_fail (options != NULL);
  *options = (SlReportFigureOptions){ 0 };
  options->auto_colormap = TRUE;
  options->colormap = SL_COLORMAP_VIRIDIS;
}

SlReport *
sl_report_for_dataset (const SlModel *model, SlDataset *d, gsize n, GError **error)
{
  g_return_val_if_fail (model != NULL && d != NULL, NULL);
  if (!d->labels || d->n_classes == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s has no labels, so there is no classification report", d->name);
      return NULL;
    }
  if (d->n_classes != model->n_classes)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_SHAPE, "%s has %u classes but the model predicts %u",
                   d->name, d->n_classes, model->n_classes);
      return NULL;
    }
  n = n > 0 ? MIN (n, d->n_samples) : d->n_samples;
  for (gsize i = 0; i < n; i++)
    if (d->labels[i] < 0)
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "%s: sample %" G_GSIZE_FORMAT " has no label, so there is no report", d->name,
                     i);
        return NULL;
      }
  g_autofree float *probs = NULL;
  if (!sl_predict_dataset (model, d, n, NULL, &probs, NULL, NULL, NULL, error))
    return NULL;
  return sl_report_new (probs, d->labels, n, model->n_classes, (const char *const *)d->class_names,
                        error);
}

/* One curve per class that has positive and negative samples (others have no ROC). */
static int
curves_setup (const SlReport *report, gboolean roc, SlPlotCurve *curves)
{
  int n = 0;
  for (guint c = 0; c < report->n_classes; c++)
    {
      const SlClassScores *pc = &report->per_class[c];
      const SlCurve *cv = &pc->curve;
      if (cv->n_positive == 0 || (roc && cv->n_negative == 0))
        continue;
      curves[n++] = (SlPlotCurve){ roc ? cv->fpr : cv->recall, roc ? cv->tpr : cv->precision,
                                   cv->n_points, report->class_names[c], roc ? pc->auc : pc->ap };
    }
  return n;
}

static const char *
kind_name (SlReportFigureKind kind, gboolean normalize)
{
  switch (kind)
    {
    case SL_REPORT_FIGURE_CONFUSION:
      return normalize ? "Confusion (rates)" : "Confusion";
    case SL_REPORT_FIGURE_ROC:
      return "ROC";
    case SL_REPORT_FIGURE_PR:
      return "Precision-recall";
    case SL_REPORT_FIGURE_CLASS_ACCURACY:
    default:
      return "Per-class accuracy";
    }
}

SlReportFigure *
sl_report_figure_new (const SlReport *report, SlReportFigureKind kind, const char *model_label,
                      const char *dataset_name, const SlReportFigureOptions *options,
                      GError **error)
{
  g_return_val_if_fail (report != NULL, NULL);
  SlReportFigureOptions defaults;
  sl_report_figure_options_init (&defaults);
  const SlReportFigureOptions *o = options ? options : &defaults;
  const guint k = report->n_classes;
  g_autofree char *caption = g_strdup_printf (
      "%s on %s, %" G_GSIZE_FORMAT " samples", model_label ? model_label : "model",
      dataset_name ? dataset_name : "the data", report->n_samples);
  g_autoptr (SlReportFigure) fig = g_new0 (SlReportFigure, 1);
  fig->kind = kind;
  fig->title = o->title ? g_strdup (o->title)
                        : g_strdup_printf ("%s · %s", kind_name (kind, o->normalize), caption);
  switch (kind)
    {
    case SL_REPORT_FIGURE_CONFUSION:
      {
        fig->values = g_new (double, (gsize)k *k);
        for (gsize i = 0; i < (gsize)k * k; i++)
          fig->values[i] = (double)report->confusion[i];
        SlConfusionFigure *c = &fig->confusion;
        sl_confusion_figure_init (c);
        c->values = fig->values;
        c->n_classes = (int)k;
        c->class_names = (const char *const *)report->class_names;
        c->normalize = o->normalize;
        if (!o->auto_colormap)
          c->colormap = o->colormap;
        c->title = fig->title;
        const double side = 200 + 24.0 * k;
        fig->width = side + 70;
        fig->height = side + 30;
        break;
      }
    case SL_REPORT_FIGURE_ROC:
    case SL_REPORT_FIGURE_PR:
      {
        const gboolean roc = kind == SL_REPORT_FIGURE_ROC;
        fig->curves = g_new0 (SlPlotCurve, MAX (k, 1));
        const int n = curves_setup (report, roc, fig->curves);
        if (n == 0)
          {
            g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                         "%s: no class has both positive and negative samples here, so there is "
                         "no %s curve (use more samples, or --stride to spread them over the "
                         "classes)",
                         caption, roc ? "ROC" : "precision-recall");
            return NULL;
          }
        fig->roc = (SlRocFigure){ fig->curves, n, fig->title };
        fig->pr = (SlPrFigure){ fig->curves, n, fig->title };
        fig->width = CURVE_WIDTH;
        fig->height = CURVE_HEIGHT;
        break;
      }
    case SL_REPORT_FIGURE_CLASS_ACCURACY:
    default:
      fig->kind = SL_REPORT_FIGURE_CLASS_ACCURACY;
      fig->values = g_new (double, MAX (k, 1));
      for (guint c = 0; c < k; c++)
        fig->values[c] = report->per_class[c].support ? report->per_class[c].recall : NAN;
      fig->bars = (SlClassBarsFigure){
        fig->values,      (int)k,     (const char *const *)report->class_names,
        report->accuracy, fig->title, NULL
      };
      fig->width = MAX (380, 120 + 40.0 * k);
      fig->height = BARS_HEIGHT;
      break;
    }
  return g_steal_pointer (&fig);
}

void
sl_report_figure_free (SlReportFigure *fig)
{
  if (!fig)
    return;
  g_free (fig->title);
  g_free (fig->values);
  g_free (fig->curves);
  g_free (fig);
}

void
sl_report_figure_get_size (const SlReportFigure *fig, double *width, double *height)
{
  g_return_if_fail (fig != NULL);
  if (width)
    *width = fig->width;
  if (height)
    *height = fig->height;
}

void
sl_report_figure_draw (const SlReportFigure *fig, cairo_t *cr, double width, double height)
{
  g_return_if_fail (fig != NULL && cr != NULL);
  switch (fig->kind)
    {
    case SL_REPORT_FIGURE_CONFUSION:
      sl_render_confusion (cr, width, height, &fig->confusion);
      break;
    case SL_REPORT_FIGURE_ROC:
      sl_render_roc (cr, width, height, &fig->roc);
      break;
    case SL_REPORT_FIGURE_PR:
      sl_render_pr (cr, width, height, &fig->pr);
      break;
    case SL_REPORT_FIGURE_CLASS_ACCURACY:
    default:
      sl_render_class_bars (cr, width, height, &fig->bars);
      break;
    }
}

static void
draw_func (cairo_t *cr, double width, double height, gpointer data)
{
  sl_report_figure_draw (data, cr, width, height);
}

gboolean
sl_report_figure_export (const SlReportFigure *fig, const char *path, double width, double height,
                         double dpi, GError **error)
{
  g_return_val_if_fail (fig != NULL && path != NULL, FALSE);
  return sl_export_figure (path, width > 0 ? width : fig->width, height > 0 ? height : fig->height,
                           dpi, draw_func, (gpointer)fig, error);
}

gboolean
sl_report_figure_confusion_cell_at (const SlReportFigure *fig, double width, double height,
                                    double x, double y, int *true_class, int *predicted_class)
{
  g_return_val_if_fail (fig != NULL, FALSE);
  if (fig->kind != SL_REPORT_FIGURE_CONFUSION)
    return FALSE;
  return sl_render_confusion_cell_at (width, height, &fig->confusion, x, y, true_class,
                                      predicted_class);
}

gboolean
sl_report_figure_confusion_cell_center (const SlReportFigure *fig, double width, double height,
                                        int true_class, int predicted_class, double *x, double *y)
{
  g_return_val_if_fail (fig != NULL && x != NULL && y != NULL, FALSE);
  if (fig->kind != SL_REPORT_FIGURE_CONFUSION)
    return FALSE;
  return sl_render_confusion_cell_center (width, height, &fig->confusion, true_class,
                                          predicted_class, x, y);
}

SlReportFigureKind
sl_report_figure_get_kind (const SlReportFigure *fig)
{
  g_return_val_if_fail (fig != NULL, SL_REPORT_FIGURE_CONFUSION);
  return fig->kind;
}

typedef struct
{
  double value;
  int cell;
} Cell;

/* Larger counts first, then row-major order. */
static int
cell_compare (gconstpointer a, gconstpointer b)
{
  const Cell *x = a, *y = b;
  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return (x->cell > y->cell) - (x->cell < y->cell);
}

/* The samples on the diagonal and the three largest confusions. */
static void
describe_confusion (const SlReportFigure *fig, GString *out)
{
  const SlConfusionFigure *c = &fig->confusion;
  const int k = c->n_classes;
  double diagonal = 0, total = 0;
  g_autoptr (GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  for (int i = 0; i < k * k; i++)
    {
      total += c->values[i];
      if (i / k == i % k)
        diagonal += c->values[i];
      else if (c->values[i] > 0)
        g_array_append_val (cells, ((Cell){ c->values[i], i }));
    }
  g_array_sort (cells, cell_compare);
  g_string_append_printf (out, ". %.0f of %.0f samples on the diagonal", diagonal, total);
  for (guint n = 0; n < MIN (cells->len, 3); n++)
    {
      const Cell *cell = &g_array_index (cells, Cell, n);
      g_string_append_printf (out, "%s %s predicted as %s: %.0f",
                              n ? ";" : ". Most confused:", c->class_names[cell->cell / k],
                              c->class_names[cell->cell % k], cell->value);
    }
}

char *
sl_report_figure_describe (const SlReportFigure *fig)
{
  g_return_val_if_fail (fig != NULL, NULL);
  GString *out = g_string_new (fig->title);
  switch (fig->kind)
    {
    case SL_REPORT_FIGURE_CONFUSION:
      describe_confusion (fig, out);
      break;
    case SL_REPORT_FIGURE_ROC:
    case SL_REPORT_FIGURE_PR:
      {
        const gboolean roc = fig->kind == SL_REPORT_FIGURE_ROC;
        const int n = roc ? fig->roc.n_curves : fig->pr.n_curves;
        for (int i = 0; i < n; i++)
          g_string_append_printf (out, "%s %s %s %.3f", i ? ";" : ".", fig->curves[i].label,
                                  roc ? "AUC" : "AP", fig->curves[i].score);
        break;
      }
    case SL_REPORT_FIGURE_CLASS_ACCURACY:
    default:
      for (int i = 0; i < fig->bars.n_classes; i++)
        g_string_append_printf (out, "%s %s %.3f", i ? ";" : ". Accuracy:",
                                fig->bars.class_names[i], fig->bars.values[i]);
      if (isfinite (fig->bars.overall))
        g_string_append_printf (out, "; overall %.3f", fig->bars.overall);
      break;
    }
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}
