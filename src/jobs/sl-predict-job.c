/* Predicting a range of a dataset as a job: every batch is a partial result. */
#include "jobs/sl-predict-job.h"

#include "engine/sl-score.h"
#include "jobs/sl-predict.h"

typedef struct
{
  SlModel *model;
  SlDataset *dataset;
  gsize first, count;
} PredictData;

static void
predict_data_free (PredictData *d)
{
  sl_model_unref (d->model);
  sl_dataset_unref (d->dataset);
  g_free (d);
}

void
sl_predict_batch_free (SlPredictBatch *batch)
{
  if (!batch)
    return;
  g_free (batch->logits);
  g_free (batch->probs);
  g_free (batch);
}

static SlPredictBatch *
batch_new (const SlModel *model, gsize first, gsize n, float *logits)
{
  SlPredictBatch *b = g_new0 (SlPredictBatch, 1);
  b->first = first;
  b->n = n;
  b->n_classes = model->n_classes;
  b->logits = logits;
  b->probs = g_new (float, n * model->n_classes);
  sl_score_probs_batch (model, logits, n, b->probs);
  return b;
}

typedef struct
{
  SlJob *job;
  const SlModel *model;
  gsize first, count;
} Batches;

static void
on_batch (gsize first, gsize n, const float *logits, gpointer data)
{
  const Batches *b = data;
  SlPredictBatch *batch = batch_new (b->model, first, n,
                                     g_memdup2 (logits, n * b->model->n_classes * sizeof (float)));
  sl_job_push_partial (b->job, batch, (GDestroyNotify)sl_predict_batch_free);
  sl_job_set_progress (b->job, first + n - b->first, b->count);
}

SlPredictBatch *
sl_predict_job_run_range (SlJob *job, SlModel *model, SlDataset *dataset, gsize first, gsize count,
                          GCancellable *cancellable, GError **error)
{
  /* A first sample past the end is left to sl_predict_range to report. */
  if (first <= dataset->n_samples && (count == 0 || count > dataset->n_samples - first))
    count = dataset->n_samples - first;
  Batches b = { job, model, first, count };
  sl_job_set_progress (job, 0, count);
  g_autofree float *logits = NULL;
  if (!sl_predict_range (model, dataset, first, count, sl_job_get_parallel (job), &logits, NULL,
                         on_batch, &b, cancellable, error))
    return NULL;
  return batch_new (model, first, count, g_steal_pointer (&logits));
}

static gboolean
predict_run (SlJob *job, gpointer data, GCancellable *cancellable, GError **error)
{
  PredictData *d = data;
  SlPredictBatch *all = sl_predict_job_run_range (job, d->model, d->dataset, d->first, d->count,
                                                  cancellable, error);
  if (!all)
    return FALSE;
  sl_job_set_result (job, all, (GDestroyNotify)sl_predict_batch_free);
  return TRUE;
}

SlJob *
sl_predict_job_new (SlModel *model, SlDataset *dataset, gsize first, gsize count)
{
  PredictData *d = g_new0 (PredictData, 1);
  d->model = sl_model_ref (model);
  d->dataset = sl_dataset_ref (dataset);
  d->first = first;
  d->count = count;
  g_autofree char *title = g_strdup_printf ("Predicting %s", dataset->name);
  return sl_job_new ("predict", title, predict_run, d, (GDestroyNotify)predict_data_free);
}
