/* sl-cli-job.h — running a library job from a command: one pool, progress on stderr, waiting. */
#pragma once

#include "jobs/sl-job-pool.h"

G_BEGIN_DECLS

/* A pool for one command: one job at a time, `n_threads` threads of core budget (0: one per core).
 */
SlJobPool *sl_cli_job_pool_new (guint n_threads);

/* Pushes `job` to `pool` and waits for it, showing its progress as one updating line on stderr
 * when stderr is a terminal (nothing otherwise, nor with `quiet`). A command that prints partial
 * results connects its ::partial handler with g_signal_connect_after (the line is cleared before
 * it runs). TRUE when it is done, else FALSE with its error. */
gboolean sl_cli_run_job (SlJobPool *pool, SlJob *job, gboolean quiet, GError **error);

G_END_DECLS
