/* sl-predict.h — runs a model over a whole dataset (or its first samples) in batches. */
#pragma once

#include "core/sl-parallel.h"
#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/* Called after each batch with the samples done so far. */
typedef void (*SlProgressFunc) (gsize done, gsize total, gpointer user_data);

/* Called after each batch with its samples [first, first + n) (dataset indices) and their logits
 * (n × classes, valid during the call). */
typedef void (*SlPredictBatchFunc) (gsize        first,
                                    gsize        n,
                                    const float *logits,
                                    gpointer     user_data);

/* Logits and probabilities (each count × classes, newly allocated; either may be NULL) of samples
 * [first, first + count) of `dataset` (count 0: to the end), in batches whose samples are decoded
 * and whose layers are computed on `parallel`'s threads (NULL: the calling thread). Checks the
 * dataset's shape against the model's input first; SL_ERROR_CANCELLED when `cancellable` fires. */
gboolean sl_predict_range (const SlModel      *model,
                           SlDataset          *dataset,
                           gsize               first,
                           gsize               count,
                           SlParallel         *parallel,
                           float             **logits,
                           float             **probs,
                           SlPredictBatchFunc  on_batch,
                           gpointer            batch_data,
                           GCancellable       *cancellable,
                           GError            **error);

/* sl_predict_range over samples [0, n) (n = 0: all) on the calling thread (jobs pass the process's
 * SlParallel to sl_predict_range instead), with progress in samples. */
gboolean sl_predict_dataset (const SlModel  *model,
                             SlDataset      *dataset,
                             gsize           n,
                             float         **logits,
                             float         **probs,
                             SlProgressFunc  progress,
                             gpointer        progress_data,
                             GCancellable   *cancellable,
                             GError        **error);

G_END_DECLS
