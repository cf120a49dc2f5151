/* sl-sample-job.h — loading one sample for the figures (its input, prediction and display pixels)
 * as a job, so that a large model's forward pass never runs on the main thread. */
#pragma once

#include "compose/sl-sample-view.h"
#include "jobs/sl-job.h"

G_BEGIN_DECLS

/* The result is an SlSampleView (take it with sl_job_steal_result). Model and dataset referenced. */
SlJob *sl_sample_job_new (SlModel   *model,
                          SlDataset *dataset,
                          gsize      index);

G_END_DECLS
