/* Explaining one sample as a job: progress in SL_EXPLAIN_PROGRESS_TOTAL parts. */
#include "jobs/sl-explain-job.h"

#include "jobs/sl-owned-request.h"

typedef struct
{
  SlModel *model;
  SlDataset *dataset; /* or NULL with x */
  gsize index;
  float *x;
  SlOwnedRequest request;
} ExplainData;

static void
explain_data_free (ExplainData *d)
{
  sl_model_unref (d->model);
  if (d->dataset)
    sl_dataset_unref (d->dataset);
  g_free (d->x);
  sl_owned_request_clear (&d->request);
  g_free (d);
}

static void
explain_progress (gsize done, gsize total, gpointer job)
{
  sl_job_set_progress (job, done, total);
}

static gboolean
explain_run (SlJob *job, gpointer data, GCancellable *cancellable, GError **error)
{
  ExplainData *d = data;
  sl_job_set_progress (job, 0, SL_EXPLAIN_PROGRESS_TOTAL);
  if (d->dataset)
    {
      if (!sl_dataset_check_shape (d->dataset, d->model->input.rank, d->model->input.d, error))
        return FALSE;
      d->x = g_new (float, sl_dataset_sample_size (d->dataset));
      if (!sl_dataset_get_sample (d->dataset, d->index, d->x, error))
        return FALSE;
    }
  SlExplainRequest req = d->request.req;
  req.parallel = sl_job_get_parallel (job);
  SlExplanation *expl
      = sl_explain (d->model, d->x, &req, explain_progress, job, cancellable, error);
  if (!expl)
    return FALSE;
  sl_job_set_result (job, expl, (GDestroyNotify)sl_explanation_free);
  return TRUE;
}

static SlJob *
explain_job_new (ExplainData *d, const SlExplainRequest *req, const char *what)
{
  sl_owned_request_init (&d->request, req);
  g_autofree char *title = g_strdup_printf ("Explaining %s with %s", what, req->method);
  return sl_job_new ("explain", title, explain_run, d, (GDestroyNotify)explain_data_free);
}

SlJob *
sl_explain_job_new (SlModel *model, SlDataset *dataset, gsize index, const SlExplainRequest *req)
{
  ExplainData *d = g_new0 (ExplainData, 1);
  d->model = sl_model_ref (model);
  d->dataset = sl_dataset_ref (dataset);
  d->index = index;
  g_autofree char *what
      = g_strdup_printf ("sample %" G_GSIZE_FORMAT " of %s", index, dataset->name);
  return explain_job_new (d, req, what);
}

SlJob *
sl_explain_job_new_for_input (SlModel *model, const float *x, const SlExplainRequest *req)
{
  ExplainData *d = g_new0 (ExplainData, 1);
  d->model = sl_model_ref (model);
  d->x = g_memdup2 (x, sl_shape_size (&model->input) * sizeof (float));
  return explain_job_new (d, req, "an input");
}
