/* sl-localisation-job.h — localisation metrics of explanation methods over samples of a dataset
 * with ground truth, as a job. */
#pragma once

#include "checks/sl-localisation.h"
#include "jobs/sl-job.h"

G_BEGIN_DECLS

/* sl_localisation_run over the samples `indices` (n_indices; NULL: 0 … n_indices − 1; copied) with
 * each of `requests` (copied, parameters included; model and dataset referenced). `options` may be
 * NULL (its region copied); its `parallel` and `keep_partial` are the job's own. Progress counts
 * samples; the result is the SlLocalisationTable (when cancelled, the table of the samples done). */
SlJob *sl_localisation_job_new (SlModel *model, SlDataset *dataset, const gsize *indices,
                                gsize n_indices, const SlExplainRequest *requests, guint n_requests,
                                const SlLocalisationOptions *options);

G_END_DECLS
