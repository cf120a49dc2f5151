/* sl-job-private.h — what SlJobPool does to a job: attach it to a context and run it. */
#pragma once

#include "jobs/sl-job.h"

G_BEGIN_DECLS

/* On push: where the job reports (the pusher's thread-default main context) and the core budget
 * it runs on. */
void sl_job_attach (SlJob *job, GMainContext *context, SlParallel *parallel);
/* On a pool worker: runs the job's function and reports the end to its context. */
void sl_job_run (SlJob *job);

G_END_DECLS
