#include "sl-sample-job.h"

#include <glib/gi18n.h>

typedef struct
{
  SlModel *model;
  SlDataset *dataset;
  gsize index;
} LoadData;

static void
load_data_free (LoadData *d)
{
  sl_model_unref (d->model);
  sl_dataset_unref (d->dataset);
  g_free (d);
}

static gboolean
load_run (SlJob *job, gpointer data, GCancellable *cancellable, GError **error)
{
  LoadData *d = data;
  SlSampleView *view = sl_sample_view_new (d->model, d->dataset, d->index,
                                           sl_job_get_parallel (job), error);
  if (!view)
    return FALSE;
  sl_job_set_result (job, view, (GDestroyNotify) sl_sample_view_free);
  return TRUE;
}

SlJob *
sl_sample_job_new (SlModel *model, SlDataset *dataset, gsize index)
{
  LoadData *d = g_new (LoadData, 1);
  d->model = sl_model_ref (model);
  d->dataset = sl_dataset_ref (dataset);
  d->index = index;
  g_autofree char *title = g_strdup_printf (_("Loading sample %lu"), (gulong) index);
  return sl_job_new ("load-sample", title, load_run, d, (GDestroyNotify) load_data_free);
}
