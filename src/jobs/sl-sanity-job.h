/* sl-sanity-job.h — the cascading randomisation sanity check of one method, as a job. */
#pragma once

#include "checks/sl-sanity.h"
#include "jobs/sl-job.h"

G_BEGIN_DECLS

/* sl_sanity_run over the samples `indices` (n_indices; NULL: 0 … n_indices − 1; copied) with
 * `request` (copied, parameters included; model and dataset referenced). `options` may be NULL;
 * its `parallel` and `keep_partial` are the job's own. Progress counts explanations; the result is
 * the SlSanityResult (when cancelled, the steps done). */
SlJob *sl_sanity_job_new (SlModel *model, SlDataset *dataset, const gsize *indices,
                          gsize n_indices, const SlExplainRequest *request,
                          const SlSanityOptions *options);

G_END_DECLS
