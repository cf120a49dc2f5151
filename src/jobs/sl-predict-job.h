/* sl-predict-job.h — predicting a range of a dataset's samples as a job, results batch by batch. */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"
#include "jobs/sl-job.h"

G_BEGIN_DECLS

/* A partial result: samples [first, first + n) (the indices are dataset indices). */
typedef struct
{
  gsize first;
  gsize n;
  guint n_classes;
  float *logits; /* n × n_classes */
  float *probs;  /* n × n_classes */
} SlPredictBatch;

void sl_predict_batch_free (SlPredictBatch *batch);

/* Samples [first, first + count) of `dataset` (count 0: to the end) through `model` (both
 * referenced by the job). Progress counts samples; every batch arrives as an SlPredictBatch
 * partial, in order; the result is one SlPredictBatch of the whole range. */
SlJob *sl_predict_job_new (SlModel   *model,
                           SlDataset *dataset,
                           gsize      first,
                           gsize      count);

/* The predict job's work inside another job (the report job builds on it): samples [first, first +
 * count) (count 0: to the end) on the job's SlParallel, progress in samples and an SlPredictBatch
 * partial per batch. Returns the range's batch (free with sl_predict_batch_free), or NULL. */
SlPredictBatch *sl_predict_job_run_range (SlJob        *job,
                                          SlModel      *model,
                                          SlDataset    *dataset,
                                          gsize         first,
                                          gsize         count,
                                          GCancellable *cancellable,
                                          GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPredictBatch, sl_predict_batch_free)

G_END_DECLS
