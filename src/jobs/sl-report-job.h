/* sl-report-job.h — a classification report of a model on a dataset, as a job. */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"
#include "jobs/sl-job.h"
#include "metrics/sl-report.h"

G_BEGIN_DECLS

/* Predicts samples [first, first + count) of `dataset` (count 0: to the end; model and dataset
 * referenced) and reports on them (SL_ERROR_ARGUMENT when the dataset's classes are not the
 * model's). Progress counts samples; every batch arrives as an SlPredictBatch partial (see
 * sl-predict-job.h); the result is the SlReport. */
SlJob *sl_report_job_new (SlModel *model, SlDataset *dataset, gsize first, gsize count);

G_END_DECLS
