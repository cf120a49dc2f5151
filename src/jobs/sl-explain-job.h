/* sl-explain-job.h — explaining one sample as a job. */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"
#include "explain/sl-explain.h"
#include "jobs/sl-job.h"

G_BEGIN_DECLS

/* Explains sample `index` of `dataset` with `req` (copied, parameters included; model and dataset
 * referenced). Progress counts SL_EXPLAIN_PROGRESS_TOTAL parts; the result is the SlExplanation. */
SlJob *sl_explain_job_new (SlModel                *model,
                           SlDataset              *dataset,
                           gsize                   index,
                           const SlExplainRequest *req);

/* The same for an input given directly (copied: the model's input size). */
SlJob *sl_explain_job_new_for_input (SlModel                *model,
                                     const float            *x,
                                     const SlExplainRequest *req);

G_END_DECLS
