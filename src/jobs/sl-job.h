/* sl-job.h — one long computation: runs on an SlJobPool worker, reports progress and partial
 * results to the main context that started it, cancels within 200 ms, fails with a GError. */
#pragma once

#include "core/sl-parallel.h"

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SL_JOB_QUEUED,
  SL_JOB_RUNNING,
  SL_JOB_DONE,
  SL_JOB_FAILED,
  SL_JOB_CANCELLED, /* the error is SL_ERROR_CANCELLED */
} SlJobState;

#define SL_TYPE_JOB (sl_job_get_type ())
G_DECLARE_FINAL_TYPE (SlJob, sl_job, SL, JOB, GObject)

/* The work, on a worker thread. It may call the worker-side functions below; it returns FALSE with
 * `error` set on failure (SL_ERROR_CANCELLED when `cancellable` fired). */
typedef gboolean (*SlJobFunc) (SlJob        *job,
                               gpointer      data,
                               GCancellable *cancellable,
                               GError      **error);

/* A job that will call func (job, data, …) once pushed to a pool; `destroy` frees data when the job
 * is finalized. `kind` is a short machine name ("predict", "explain", …), `title` what a person
 * reads in the jobs list. */
SlJob        *sl_job_new              (const char     *kind,
                                       const char     *title,
                                       SlJobFunc       func,
                                       gpointer        data,
                                       GDestroyNotify  destroy);

/* ---- Worker side (any thread; cheap; coalesced into at most one pending idle per job) ---- */

/* Progress in the job's own units, which its constructor's header names: prediction, reports and
 * faithfulness count samples, an explanation SL_EXPLAIN_PROGRESS_TOTAL parts of the map, training
 * batches over all its epochs; total 0: unknown. */
void          sl_job_set_progress     (SlJob       *job,
                                       guint64      done,
                                       guint64      total);
void          sl_job_set_message      (SlJob       *job,
                                       const char  *message);
/* Queues a partial result: the main context receives the ::partial signal for each item, in the
 * order pushed, before ::finished; `destroy` frees it afterwards. */
void          sl_job_push_partial     (SlJob         *job,
                                       gpointer       item,
                                       GDestroyNotify destroy);
/* The final result (owned by the job, freed with `destroy`; replaced if set twice). */
void          sl_job_set_result       (SlJob         *job,
                                       gpointer       result,
                                       GDestroyNotify destroy);
/* The process's core budget, to spread one computation's loops over (NULL before the job runs). */
SlParallel   *sl_job_get_parallel     (SlJob       *job);

/* ---- Main-context side ---- */

/* The data given to sl_job_new (for a job kind's own accessors). */
gpointer      sl_job_get_data         (SlJob       *job);

const char   *sl_job_get_kind         (SlJob       *job);
const char   *sl_job_get_title        (SlJob       *job);
/* Replaces the title (the window's translated one) — only before the job is pushed to a pool. */
void          sl_job_set_title        (SlJob       *job,
                                       const char  *title);
SlJobState    sl_job_get_state        (SlJob       *job);
gboolean      sl_job_is_finished      (SlJob       *job);
guint64       sl_job_get_done         (SlJob       *job);
guint64       sl_job_get_total        (SlJob       *job);
/* done / total in [0, 1], or -1 when the total is unknown. */
double        sl_job_get_fraction     (SlJob       *job);
/* Estimated seconds left from the progress rate so far, or -1 when unknown. */
double        sl_job_get_seconds_left (SlJob       *job);
/* Wall time since it started running (to its end once finished). */
double        sl_job_get_elapsed      (SlJob       *job);
const char   *sl_job_get_message      (SlJob       *job);
const GError *sl_job_get_error        (SlJob       *job);
gpointer      sl_job_get_result       (SlJob       *job);
/* Takes the result out of the job (the caller frees it with the destroy function it was set with). */
gpointer      sl_job_steal_result     (SlJob       *job);
GCancellable *sl_job_get_cancellable  (SlJob       *job);
void          sl_job_cancel           (SlJob       *job);

/* Iterates the job's main context until it has finished (for the CLI and tests). Returns TRUE when
 * it is done, else FALSE with its error. */
gboolean      sl_job_wait             (SlJob       *job,
                                       GError     **error);

/* Properties (notified on the main context): "kind", "title", "state", "done", "total",
 * "fraction", "seconds-left", "message". Signals: ::partial (gpointer item), ::finished (). */

G_END_DECLS
