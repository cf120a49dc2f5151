#include "jobs/sl-predict.h"

#include "core/sl-error.h"
#include "engine/sl-run.h"
#include "engine/sl-score.h"

#include <string.h>

#define PREDICT_BATCH 32

gboolean
sl_predict_dataset (const SlModel *model, SlDataset *dataset, gsize n, float **logits_out,
                    float **probs_out, SlProgressFunc progress, gpointer progress_data,
                    GCancellable *cancellable, GError **error)
{
  if (!sl_dataset_check_shape (dataset, model->input.rank, model->input.d, error))
    return FALSE;
  if (n == 0 || n > dataset->n_samples)
    n = dataset->n_samples;
  if (n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s: the dataset is empty", dataset->name);
      return FALSE;
    }
  const gsize size = sl_dataset_sample_size (dataset), k = model->n_classes;
  const gsize batch = MIN (n, PREDICT_BATCH);
  g_autofree float *x = g_new (float, batch * size);
  g_autofree float *logits = g_new (float, n * k);
  g_autoptr (SlRun) run = sl_run_new (model, batch);
  for (gsize s = 0; s < n; s += batch)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      const gsize b = MIN (batch, n - s);
      if (!sl_dataset_get_batch (dataset, s, b, x, error) || !sl_run_forward (run, x, b, error))
        return FALSE;
      memcpy (logits + s * k, sl_run_logits (run), b * k * sizeof (float));
      if (progress)
        progress (s + b, n, progress_data);
    }
  if (probs_out)
    {
      *probs_out = g_new (float, n * k);
      sl_score_probs_batch (model, logits, n, *probs_out);
    }
  if (logits_out)
    *logits_out = g_steal_pointer (&logits);
  return TRUE;
}
