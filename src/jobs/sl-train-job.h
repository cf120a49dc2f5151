/* sl-train-job.h — training a copy of a model as a job, statistics batch by batch and epoch by
 * epoch. */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"
#include "jobs/sl-job.h"
#include "train/sl-trainer.h"

G_BEGIN_DECLS

typedef enum
{
  SL_TRAIN_PARTIAL_BATCH,
  SL_TRAIN_PARTIAL_EPOCH,
} SlTrainPartialKind;

/* A partial result: a copy of the statistics of a finished batch or epoch. */
typedef struct
{
  SlTrainPartialKind kind;
  SlBatchStats batch; /* SL_TRAIN_PARTIAL_BATCH */
  SlEpochStats epoch; /* SL_TRAIN_PARTIAL_EPOCH */
} SlTrainPartial;

/* A job training its OWN COPY of `model` (sl_model_copy: the window keeps showing the original)
 * on `dataset` (referenced) with `options` (copied by the trainer). NULL with `error` when the
 * options do not suit the model (sl_trainer_new). Progress counts batches over the epochs left
 * (the total is known after the first batch); each batch and each epoch arrives as an
 * SlTrainPartial; the result is the trained SlModel (also when cancelled: the weights of the last
 * finished batch), owned by the job — take a reference (sl_model_ref) to keep it. */
SlJob *sl_train_job_new (SlModel *model, SlDataset *dataset, const SlTrainOptions *options,
                         GError **error);

/* The job's trainer, on its copy of the model: to set it up before the job is pushed (initial
 * weights, a state to resume) and to read or save it once the job has finished — not while it
 * runs (then use sl_trainer_dup_history, or the partials). */
SlTrainer *sl_train_job_get_trainer (SlJob *job);

G_END_DECLS
