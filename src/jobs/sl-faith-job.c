/* Faithfulness over a dataset as a job: a partial per sample and method, the table as the result
 * (also, flagged partial, when cancelled). */
#include "jobs/sl-faith-job.h"

#include "core/sl-error.h"
#include "jobs/sl-owned-request.h"

#include <math.h>

typedef struct
{
  SlModel *model;
  SlDataset *dataset;
  gsize first, count;
  gsize *indices; /* count of them, or NULL: first, first + 1 … */
  SlOwnedRequest *requests;
  guint n_requests;
  SlFaithOptions options;
  SlJob *job; /* while running */
} FaithData;

static void
faith_data_free (FaithData *d)
{
  sl_model_unref (d->model);
  sl_dataset_unref (d->dataset);
  g_free (d->indices);
  for (guint m = 0; m < d->n_requests; m++)
    sl_owned_request_clear (&d->requests[m]);
  g_free (d->requests);
  g_free (d);
}

static gsize
dataset_index (const FaithData *d, gsize position)
{
  return d->indices ? d->indices[position] : d->first + position;
}

static gboolean
get_sample (gpointer data, gsize position, float *x, int *label, GError **error)
{
  const FaithData *d = data;
  const gsize i = dataset_index (d, position);
  if (!sl_dataset_get_sample (d->dataset, i, x, error))
    return FALSE;
  *label = d->dataset->labels ? d->dataset->labels[i] : -1;
  return TRUE;
}

static void
on_sample (const SlFaithTable *t, gsize s, gpointer data)
{
  const FaithData *d = data;
  for (guint m = 0; m < t->n_methods; m++)
    {
      const gsize slot = m * t->n_samples + s;
      SlFaithPartial *p = g_new (SlFaithPartial, 1);
      *p = (SlFaithPartial){
        .sample = dataset_index (d, s),
        .position = s,
        .method = m,
        .target = t->target[s],
        .label = t->label[s],
        .drop = t->drop[slot],
        .increase = t->increase[slot],
        .deletion = t->deletion ? t->deletion[slot] : NAN,
        .insertion = t->insertion ? t->insertion[slot] : NAN,
        .seconds = t->sample_seconds[slot],
      };
      sl_job_push_partial (d->job, p, g_free);
    }
  sl_job_set_progress (d->job, s + 1, t->n_samples);
}

static gboolean
faith_run (SlJob *job, gpointer data, GCancellable *cancellable, GError **error)
{
  FaithData *d = data;
  const gsize shape[3] = { d->model->input.d[0], d->model->input.d[1], d->model->input.d[2] };
  if (!sl_dataset_check_shape (d->dataset, d->model->input.rank, shape, error))
    return FALSE;
  if (!d->indices && d->first > d->dataset->n_samples)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "sample %" G_GSIZE_FORMAT " is past the end of %s (%" G_GSIZE_FORMAT " samples)",
                   d->first, d->dataset->name, d->dataset->n_samples);
      return FALSE;
    }
  if (!d->indices && (d->count == 0 || d->count > d->dataset->n_samples - d->first))
    d->count = d->dataset->n_samples - d->first;
  for (gsize i = 0; d->indices && i < d->count; i++)
    if (d->indices[i] >= d->dataset->n_samples)
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "%s: sample %" G_GSIZE_FORMAT
                     " does not exist (the dataset has %" G_GSIZE_FORMAT ")",
                     d->dataset->name, d->indices[i], d->dataset->n_samples);
        return FALSE;
      }
  d->job = job;
  sl_job_set_progress (job, 0, d->count);
  g_autofree SlExplainRequest *reqs = g_new (SlExplainRequest, MAX (d->n_requests, 1));
  for (guint m = 0; m < d->n_requests; m++)
    reqs[m] = d->requests[m].req;
  SlFaithOptions o = d->options;
  o.parallel = sl_job_get_parallel (job);
  o.on_sample = on_sample;
  o.on_sample_data = d;
  o.keep_partial = TRUE;
  SlFaithTable *table = sl_faithfulness_run (d->model, get_sample, d, d->count, reqs, d->n_requests,
                                             &o, NULL, NULL, cancellable, error);
  if (!table)
    return FALSE;
  sl_job_set_result (job, table, (GDestroyNotify)sl_faith_table_free);
  if (table->partial)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CANCELLED,
                   "faithfulness cancelled after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                   " samples",
                   table->n_done, table->n_samples);
      return FALSE;
    }
  return TRUE;
}

static SlJob *
faith_job_new (FaithData *d, const SlExplainRequest *requests, guint n_requests,
               const SlFaithOptions *options)
{
  d->requests = g_new0 (SlOwnedRequest, MAX (n_requests, 1));
  d->n_requests = n_requests;
  for (guint m = 0; m < n_requests; m++)
    sl_owned_request_init (&d->requests[m], &requests[m]);
  if (options)
    d->options = *options;
  else
    sl_faith_options_init (&d->options);
  g_autofree char *title
      = g_strdup_printf ("Faithfulness of %s%s on %s", n_requests ? requests[0].method : "?",
                         n_requests > 1 ? " …" : "", d->dataset->name);
  return sl_job_new ("faithfulness", title, faith_run, d, (GDestroyNotify)faith_data_free);
}

SlJob *
sl_faith_job_new (SlModel *model, SlDataset *dataset, gsize first, gsize count,
                  const SlExplainRequest *requests, guint n_requests, const SlFaithOptions *options)
{
  FaithData *d = g_new0 (FaithData, 1);
  d->model = sl_model_ref (model);
  d->dataset = sl_dataset_ref (dataset);
  d->first = first;
  d->count = count;
  return faith_job_new (d, requests, n_requests, options);
}

SlJob *
sl_faith_job_new_for_indices (SlModel *model, SlDataset *dataset, const gsize *indices,
                              gsize n_indices, const SlExplainRequest *requests, guint n_requests,
                              const SlFaithOptions *options)
{
  FaithData *d = g_new0 (FaithData, 1);
  d->model = sl_model_ref (model);
  d->dataset = sl_dataset_ref (dataset);
  d->indices = n_indices ? g_memdup2 (indices, n_indices * sizeof (gsize)) : g_new0 (gsize, 1);
  d->count = n_indices;
  return faith_job_new (d, requests, n_requests, options);
}
