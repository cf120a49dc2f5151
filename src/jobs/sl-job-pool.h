/* sl-job-pool.h — the process's worker threads and core budget, and the list of its jobs. */
#pragma once

#include "core/sl-parallel.h"
#include "jobs/sl-job.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/* A GListModel of the SlJobs pushed to it (newest first), running and finished. */
#define SL_TYPE_JOB_POOL (sl_job_pool_get_type ())
G_DECLARE_FINAL_TYPE (SlJobPool, sl_job_pool, SL, JOB_POOL, GObject)

/* A pool that runs up to `max_jobs` jobs at once (0: 4) and shares one core budget of `n_threads`
 * threads (0: one per processor) among them: every job's numeric loops go through the same
 * SlParallel, so two jobs at once never oversubscribe the cores. OpenBLAS is set to one thread
 * once here (the SlParallel splits the work), not toggled per call. */
SlJobPool  *sl_job_pool_new          (guint       max_jobs,
                                      guint       n_threads);
SlParallel *sl_job_pool_get_parallel (SlJobPool  *pool);
/* Queues `job` (the pool keeps a reference); its signals and notifications are delivered on the
 * thread-default main context of the caller. */
void        sl_job_pool_push         (SlJobPool  *pool,
                                      SlJob      *job);
/* Jobs queued or running. */
guint       sl_job_pool_get_n_active (SlJobPool  *pool);
void        sl_job_pool_cancel_all   (SlJobPool  *pool);
/* Drops finished jobs from the list. */
void        sl_job_pool_clear_finished (SlJobPool *pool);

G_END_DECLS
