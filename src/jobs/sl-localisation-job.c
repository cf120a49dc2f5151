/* Localisation metrics over a dataset as a job: progress per sample, the table as the result (also,
 * flagged partial, when cancelled). */
#include "jobs/sl-localisation-job.h"

#include "core/sl-error.h"
#include "jobs/sl-owned-request.h"

typedef struct
{
  SlModel *model;
  SlDataset *dataset;
  gsize *indices; /* n_indices of them, or NULL: 0, 1 … */
  gsize n_indices;
  SlOwnedRequest *requests;
  guint n_requests;
  SlLocalisationOptions options;
  char *region; /* options.region's copy */
} LocalisationData;

static void
localisation_data_free (LocalisationData *d)
{
  sl_model_unref (d->model);
  sl_dataset_unref (d->dataset);
  g_free (d->indices);
  for (guint m = 0; m < d->n_requests; m++)
    sl_owned_request_clear (&d->requests[m]);
  g_free (d->requests);
  g_free (d->region);
  g_free (d);
}

static void
on_progress (gsize done, gsize total, gpointer job)
{
  sl_job_set_progress (job, done, total);
}

static gboolean
localisation_run (SlJob *job, gpointer data, GCancellable *cancellable, GError **error)
{
  LocalisationData *d = data;
  sl_job_set_progress (job, 0, d->n_indices);
  g_autofree SlExplainRequest *reqs = g_new (SlExplainRequest, MAX (d->n_requests, 1));
  for (guint m = 0; m < d->n_requests; m++)
    reqs[m] = d->requests[m].req;
  SlLocalisationOptions o = d->options;
  o.region = d->region;
  o.parallel = sl_job_get_parallel (job);
  o.keep_partial = TRUE;
  SlLocalisationTable *table
      = sl_localisation_run (d->model, d->dataset, d->indices, d->n_indices, reqs, d->n_requests,
                             &o, on_progress, job, cancellable, error);
  if (!table)
    return FALSE;
  sl_job_set_result (job, table, (GDestroyNotify) sl_localisation_table_free);
  if (table->partial)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CANCELLED,
                   "localisation cancelled after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                   " samples",
                   table->n_done, table->n_samples);
      return FALSE;
    }
  return TRUE;
}

SlJob *
sl_localisation_job_new (SlModel *model, SlDataset *dataset, const gsize *indices, gsize n_indices,
                         const SlExplainRequest *requests, guint n_requests,
                         const SlLocalisationOptions *options)
{
  LocalisationData *d = g_new0 (LocalisationData, 1);
  d->model = sl_model_ref (model);
  d->dataset = sl_dataset_ref (dataset);
  d->indices = indices && n_indices ? g_memdup2 (indices, n_indices * sizeof (gsize)) : NULL;
  d->n_indices = n_indices;
  d->requests = g_new0 (SlOwnedRequest, MAX (n_requests, 1));
  d->n_requests = n_requests;
  for (guint m = 0; m < n_requests; m++)
    sl_owned_request_init (&d->requests[m], &requests[m]);
  if (options)
    d->options = *options;
  else
    sl_localisation_options_init (&d->options);
  d->region = g_strdup (d->options.region);
  d->options.region = NULL;
  g_autofree char *title = g_strdup_printf (
      "Localisation of %s%s on %s", n_requests ? requests[0].method : "?",
      n_requests > 1 ? " …" : "", dataset->name);
  return sl_job_new ("localisation", title, localisation_run, d,
                     (GDestroyNotify) localisation_data_free);
}
