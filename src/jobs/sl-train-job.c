/* Training as a job: the trainer's callbacks become partial results and progress. */
#include "jobs/sl-train-job.h"

typedef struct
{
  SlModel *model; /* the job's own copy */
  SlDataset *dataset;
  SlTrainer *trainer;
  SlJob *job;        /* while running */
  guint first_epoch; /* where this run started (a resumed trainer is past 0) */
} TrainData;

static void
train_data_free (TrainData *d)
{
  sl_trainer_free (d->trainer); /* before the model it trains */
  sl_model_unref (d->model);
  sl_dataset_unref (d->dataset);
  g_free (d);
}

static void
on_batch (const SlBatchStats *stats, gpointer data)
{
  const TrainData *d = data;
  SlTrainPartial *p = g_new0 (SlTrainPartial, 1);
  p->kind = SL_TRAIN_PARTIAL_BATCH;
  p->batch = *stats;
  sl_job_push_partial (d->job, p, g_free);
  const guint epochs = sl_trainer_get_options (d->trainer)->epochs;
  const guint64 per_epoch = stats->n_batches;
  const guint64 total = epochs > d->first_epoch ? (epochs - d->first_epoch) * per_epoch : 0;
  sl_job_set_progress (d->job, (stats->epoch - d->first_epoch) * per_epoch + stats->batch + 1,
                       total);
}

static void
on_epoch (const SlEpochStats *stats, gpointer data)
{
  const TrainData *d = data;
  SlTrainPartial *p = g_new0 (SlTrainPartial, 1);
  p->kind = SL_TRAIN_PARTIAL_EPOCH;
  p->epoch = *stats;
  sl_job_push_partial (d->job, p, g_free);
  g_autofree char *message = g_strdup_printf ("epoch %u: loss %.4f, accuracy %.4f",
                                              stats->epoch + 1, stats->loss, stats->acc);
  sl_job_set_message (d->job, message);
}

static gboolean
train_run (SlJob *job, gpointer data, GCancellable *cancellable, GError **error)
{
  TrainData *d = data;
  d->job = job;
  d->first_epoch = sl_trainer_get_epoch (d->trainer);
  sl_trainer_set_callbacks (d->trainer, on_batch, on_epoch, d);
  const gboolean ok = sl_trainer_fit (d->trainer, d->dataset, cancellable, error);
  sl_trainer_set_callbacks (d->trainer, NULL, NULL, NULL);
  if (ok || g_cancellable_is_cancelled (cancellable))
    sl_job_set_result (job, sl_model_ref (d->model), (GDestroyNotify)sl_model_unref);
  return ok;
}

SlJob *
sl_train_job_new (SlModel *model, SlDataset *dataset, const SlTrainOptions *options, GError **error)
{
  g_autoptr (SlModel) copy = sl_model_copy (model);
  SlTrainer *trainer = sl_trainer_new (copy, options, error);
  if (!trainer)
    return NULL;
  TrainData *d = g_new0 (TrainData, 1);
  d->model = g_steal_pointer (&copy);
  d->dataset = sl_dataset_ref (dataset);
  d->trainer = trainer;
  g_autofree char *title = g_strdup_printf ("Training %s on %s", model->name, dataset->name);
  return sl_job_new ("train", title, train_run, d, (GDestroyNotify)train_data_free);
}

SlTrainer *
sl_train_job_get_trainer (SlJob *job)
{
  g_return_val_if_fail (g_strcmp0 (sl_job_get_kind (job), "train") == 0, NULL);
  /* The job's data is the TrainData this file made. */
  return ((TrainData *)sl_job_get_data (job))->trainer;
}
