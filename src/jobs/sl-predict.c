/* Batched prediction over a dataset: the one loop every command and job uses. */
#include "jobs/sl-predict.h"

#include "core/sl-error.h"
#include "engine/sl-run.h"
#include "engine/sl-score.h"

#include <string.h>

#define PREDICT_BATCH 32

typedef struct
{
  SlDataset *dataset;
  gsize first, size;
  float *x;
  GMutex lock;
  GError *error;
} LoadJob;

/* Decodes samples of a batch on every core (image folders spend most of their time here). */
static void
load_range (gsize begin, gsize end, gpointer data)
{
  LoadJob *j = data;
  for (gsize i = begin; i < end; i++)
    {
      GError *error = NULL;
      if (sl_dataset_get_sample (j->dataset, j->first + i, j->x + i * j->size, &error))
        continue;
      g_mutex_lock (&j->lock);
      if (!j->error)
        j->error = error;
      else
        g_error_free (error);
      g_mutex_unlock (&j->lock);
      return;
    }
}

gboolean
sl_predict_range (const SlModel *model, SlDataset *dataset, gsize first, gsize count,
                  SlParallel *parallel, float **logits_out, float **probs_out,
                  SlPredictBatchFunc on_batch, gpointer batch_data, GCancellable *cancellable,
                  GError **error)
{
  if (!sl_dataset_check_shape (dataset, model->input.rank, model->input.d, error))
    return FALSE;
  if (first > dataset->n_samples)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: sample %" G_GSIZE_FORMAT " does not exist (the dataset has %" G_GSIZE_FORMAT
                   ")",
                   dataset->name, first, dataset->n_samples);
      return FALSE;
    }
  const gsize n
      = count == 0 || count > dataset->n_samples - first ? dataset->n_samples - first : count;
  if (n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s: the dataset is empty", dataset->name);
      return FALSE;
    }
  const gsize size = sl_dataset_sample_size (dataset), k = model->n_classes;
  const gsize batch = MIN (n, PREDICT_BATCH);
  g_autofree float *x = g_new (float, batch *size);
  g_autofree float *logits = g_new (float, n *k);
  g_autoptr (SlRun) run = sl_run_new (model, batch);
  sl_run_set_parallel (run, parallel);
  for (gsize s = 0; s < n; s += batch)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_CANCELLED,
                       "prediction cancelled after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                       " samples",
                       s, n);
          return FALSE;
        }
      const gsize b = MIN (batch, n - s);
      LoadJob load = { .dataset = dataset, .first = first + s, .size = size, .x = x };
      g_mutex_init (&load.lock);
      sl_parallel_for (parallel, b, load_range, &load);
      g_mutex_clear (&load.lock);
      if (load.error)
        {
          g_propagate_error (error, load.error);
          return FALSE;
        }
      if (!sl_run_forward (run, x, b, error))
        return FALSE;
      memcpy (logits + s * k, sl_run_logits (run), b * k * sizeof (float));
      if (on_batch)
        on_batch (first + s, b, logits + s * k, batch_data);
    }
  if (probs_out)
    {
      *probs_out = g_new (float, n *k);
      sl_score_probs_batch (model, logits, n, *probs_out);
    }
  if (logits_out)
    *logits_out = g_steal_pointer (&logits);
  return TRUE;
}

typedef struct
{
  SlProgressFunc progress;
  gpointer data;
  gsize total;
} Progress;

static void
report_batch (gsize first, gsize n, const float *logits, gpointer data)
{
  const Progress *p = data;
  p->progress (first + n, p->total, p->data);
}

gboolean
sl_predict_dataset (const SlModel *model, SlDataset *dataset, gsize n, float **logits_out,
                    float **probs_out, SlProgressFunc progress, gpointer progress_data,
                    GCancellable *cancellable, GError **error)
{
  Progress p
      = { progress, progress_data, n == 0 || n > dataset->n_samples ? dataset->n_samples : n };
  return sl_predict_range (model, dataset, 0, n, NULL, logits_out, probs_out,
                           progress ? report_batch : NULL, &p, cancellable, error);
}
