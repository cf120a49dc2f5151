/* sl-report-figures.h — the figures of a classification report (confusion matrix, ROC and
 * precision-recall curves, per-class accuracy), and the report of a model on a dataset. */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"
#include "metrics/sl-report.h"
#include "render/sl-colormap.h"

#include <cairo.h>

G_BEGIN_DECLS

typedef enum
{
  SL_REPORT_FIGURE_CONFUSION,
  SL_REPORT_FIGURE_ROC,
  SL_REPORT_FIGURE_PR,
  SL_REPORT_FIGURE_CLASS_ACCURACY,
} SlReportFigureKind;

typedef struct
{
  gboolean normalize;     /* confusion: rates per true class instead of counts */
  gboolean auto_colormap; /* TRUE: the kind's own (confusion: viridis) */
  SlColormap colormap;
  const char *title; /* NULL: "KIND · MODEL on DATASET, N samples" */
} SlReportFigureOptions;

void sl_report_figure_options_init (SlReportFigureOptions *options);

/* The report of `model` on samples [0, n) of `dataset` (n = 0: all), which must all be labelled
 * with the model's classes. */
SlReport *sl_report_for_dataset (const SlModel *model, SlDataset *dataset, gsize n, GError **error);

typedef struct _SlReportFigure SlReportFigure;

/* A figure of `report` (borrowed: it must outlive the figure), captioned "MODEL_LABEL on
 * DATASET_NAME, N samples". ROC and PR fail (SL_ERROR_ARGUMENT) when no class has both positive
 * and negative samples. */
SlReportFigure *sl_report_figure_new (const SlReport *report, SlReportFigureKind kind,
                                      const char *model_label, const char *dataset_name,
                                      const SlReportFigureOptions *options, GError **error);
void sl_report_figure_free (SlReportFigure *fig);
void sl_report_figure_get_size (const SlReportFigure *fig, double *width, double *height);
void sl_report_figure_draw (const SlReportFigure *fig, cairo_t *cr, double width, double height);
/* width/height ≤ 0: the default size. */
gboolean sl_report_figure_export (const SlReportFigure *fig, const char *path, double width,
                                  double height, double dpi, GError **error);

/* The confusion matrix's cell under (x, y) of the figure drawn at width × height: *true_class
 * (row) and *predicted_class (column). FALSE outside the matrix or for another kind of figure.
 * Uses the drawing's own layout. */
gboolean sl_report_figure_confusion_cell_at (const SlReportFigure *fig, double width,
                                             double height, double x, double y, int *true_class,
                                             int *predicted_class);
/* Where the centre of cell (true_class, predicted_class) lies in the same layout. */
gboolean sl_report_figure_confusion_cell_center (const SlReportFigure *fig, double width,
                                                 double height, int true_class,
                                                 int predicted_class, double *x, double *y);
SlReportFigureKind sl_report_figure_get_kind (const SlReportFigure *fig);
/* What the figure shows, in words (for screen readers): its title, then the numbers it draws —
 * the largest confusions, each class's AUC or AP, each class's accuracy. */
char *sl_report_figure_describe (const SlReportFigure *fig);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlReportFigure, sl_report_figure_free)

G_END_DECLS
