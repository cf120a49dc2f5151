/* A classification report as a job: the predict job's batches, then the report. */
#include "jobs/sl-report-job.h"

#include "core/sl-error.h"
#include "jobs/sl-predict-job.h"

typedef struct
{
  SlModel *model;
  SlDataset *dataset;
  gsize first, count;
} ReportData;

static void
report_data_free (ReportData *d)
{
  sl_model_unref (d->model);
  sl_dataset_unref (d->dataset);
  g_free (d);
}

static gboolean
report_run (SlJob *job, gpointer data, GCancellable *cancellable, GError **error)
{
  ReportData *d = data;
  if (d->dataset->n_classes != d->model->n_classes)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s has %u classes but the model predicts %u", d->dataset->name,
                   d->dataset->n_classes, d->model->n_classes);
      return FALSE;
    }
  if (!d->dataset->labels)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s has no labels to report on",
                   d->dataset->name);
      return FALSE;
    }
  g_autoptr (SlPredictBatch) all = sl_predict_job_run_range (job, d->model, d->dataset, d->first,
                                                             d->count, cancellable, error);
  if (!all)
    return FALSE;
  SlReport *report
      = sl_report_new (all->probs, d->dataset->labels + all->first, all->n, d->model->n_classes,
                       (const char *const *)d->dataset->class_names, error);
  if (!report)
    return FALSE;
  sl_job_set_result (job, report, (GDestroyNotify)sl_report_free);
  return TRUE;
}

SlJob *
sl_report_job_new (SlModel *model, SlDataset *dataset, gsize first, gsize count)
{
  ReportData *d = g_new0 (ReportData, 1);
  d->model = sl_model_ref (model);
  d->dataset = sl_dataset_ref (dataset);
  d->first = first;
  d->count = count;
  g_autofree char *title = g_strdup_printf ("Evaluating on %s", dataset->name);
  return sl_job_new ("report", title, report_run, d, (GDestroyNotify)report_data_free);
}
