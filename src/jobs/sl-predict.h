/* sl-predict.h — runs a model over a whole dataset (or its first samples) in batches. */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/* Called after each batch with the samples done so far. */
typedef void (*SlProgressFunc) (gsize done, gsize total, gpointer user_data);

/* Logits and probabilities (each n × classes, newly allocated) of samples [0, n) of `dataset`
 * (n = 0: all). Checks the dataset's shape against the model's input first. */
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
