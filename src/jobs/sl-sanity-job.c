/* The cascading randomisation sanity check as a job: progress in explanations, the SlSanityResult
 * as the result (also, flagged partial, when cancelled). */
#include "jobs/sl-sanity-job.h"

#include "core/sl-error.h"
#include "jobs/sl-owned-request.h"

typedef struct
{
  SlModel *model;
  SlDataset *dataset;
  gsize *indices; /* n_indices of them, or NULL: 0 … n_indices − 1 */
  gsize n_indices;
  SlOwnedRequest request;
  SlSanityOptions options;
} SanityData;

static void
sanity_data_free (SanityData *d)
{
  sl_model_unref (d->model);
  sl_dataset_unref (d->dataset);
  g_free (d->indices);
  sl_owned_request_clear (&d->request);
  g_free (d);
}

static void
sanity_progress (gsize done, gsize total, gpointer job)
{
  sl_job_set_progress (job, done, total);
}

static gboolean
sanity_run (SlJob *job, gpointer data, GCancellable *cancellable, GError **error)
{
  SanityData *d = data;
  SlSanityOptions o = d->options;
  o.parallel = sl_job_get_parallel (job);
  o.keep_partial = TRUE;
  SlSanityResult *r = sl_sanity_run (d->model, d->dataset, d->indices, d->n_indices,
                                     &d->request.req, &o, sanity_progress, job, cancellable, error);
  if (!r)
    return FALSE;
  sl_job_set_result (job, r, (GDestroyNotify)sl_sanity_result_free);
  if (r->partial)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CANCELLED,
                   "sanity check cancelled after %u of %u randomisation steps", r->n_steps_done,
                   r->n_steps);
      return FALSE;
    }
  return TRUE;
}

SlJob *
sl_sanity_job_new (SlModel *model, SlDataset *dataset, const gsize *indices, gsize n_indices,
                   const SlExplainRequest *request, const SlSanityOptions *options)
{
  SanityData *d = g_new0 (SanityData, 1);
  d->model = sl_model_ref (model);
  d->dataset = sl_dataset_ref (dataset);
  d->indices = indices && n_indices ? g_memdup2 (indices, n_indices * sizeof (gsize)) : NULL;
  d->n_indices = n_indices;
  sl_owned_request_init (&d->request, request);
  if (options)
    d->options = *options;
  else
    sl_sanity_options_init (&d->options);
  g_autofree char *title
      = g_strdup_printf ("Sanity check of %s on %s", request->method, dataset->name);
  return sl_job_new ("sanity", title, sanity_run, d, (GDestroyNotify)sanity_data_free);
}
