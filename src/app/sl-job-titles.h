/* sl-job-titles.h — what the jobs list calls each job, in the user's language. */
#pragma once

#include "jobs/sl-job.h"

G_BEGIN_DECLS

/* The library names its jobs in English; the window renames each job it creates before pushing it.
 * `method` is a CLI method name ("gradcam"): its display name is used. */
void sl_job_title_explain      (SlJob *job, gsize sample, const char *method);
void sl_job_title_faithfulness (SlJob *job, guint n_methods, const char *first_method,
                                const char *dataset);
void sl_job_title_localisation (SlJob *job, guint n_methods, const char *first_method,
                                const char *dataset);
void sl_job_title_sanity       (SlJob *job, const char *method, const char *model);
void sl_job_title_predict      (SlJob *job, const char *dataset);
void sl_job_title_report       (SlJob *job, const char *dataset);
void sl_job_title_train        (SlJob *job, const char *model, const char *dataset);

G_END_DECLS
