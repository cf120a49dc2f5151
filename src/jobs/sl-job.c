/* One long computation: the worker writes progress and partial results under a lock; one idle
 * source at a time carries them to the main context, where properties and signals are emitted. */
#include "jobs/sl-job.h"

#include "core/sl-error.h"
#include "jobs/sl-job-private.h"

struct _SlJob
{
  GObject parent_instance;

  char *kind, *title;
  SlJobFunc func;
  gpointer data;
  GDestroyNotify destroy;
  GCancellable *cancellable;
  GMainContext *context; /* set once, on push */
  SlParallel *parallel;  /* the pool's, borrowed */

  /* The main context's view: changed only by deliver (). */
  SlJobState state;
  guint64 done, total;
  char *message;
  GError *error;
  gint64 started_at, ended_at; /* monotonic µs, 0: not yet */

  /* Written by the worker (or a cancel before it starts), read by deliver (). */
  GMutex lock;
  GSource *pending; /* the idle that will deliver what follows, or NULL */
  gboolean w_started, w_finished;
  gint64 w_started_at, w_ended_at;
  guint64 w_done, w_total;
  char *w_message;
  gboolean w_message_changed;
  GQueue w_partials; /* of Partial, oldest first */
  GError *w_error;
  gpointer result;
  GDestroyNotify result_destroy;
};

typedef struct
{
  gpointer item;
  GDestroyNotify destroy;
} Partial;

enum
{
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_STATE,
  PROP_DONE,
  PROP_TOTAL,
  PROP_FRACTION,
  PROP_SECONDS_LEFT,
  PROP_MESSAGE,
  N_PROPS
};

enum
{
  SIGNAL_PARTIAL,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_TYPE (SlJob, sl_job, G_TYPE_OBJECT)

static void
partial_free (Partial *p)
{
  if (p->destroy)
    p->destroy (p->item);
  g_free (p);
}

static void
sl_job_finalize (GObject *object)
{
  SlJob *job = SL_JOB (object);
  if (job->destroy)
    job->destroy (job->data);
  if (job->result_destroy)
    job->result_destroy (job->result);
  g_queue_clear_full (&job->w_partials, (GDestroyNotify)partial_free);
  g_clear_pointer (&job->pending, g_source_unref); /* its context went away undispatched */
  g_free (job->kind);
  g_free (job->title);
  g_free (job->message);
  g_free (job->w_message);
  g_clear_error (&job->error);
  g_clear_error (&job->w_error);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_mutex_clear (&job->lock);
  G_OBJECT_CLASS (sl_job_parent_class)->finalize (object);
}

static void
sl_job_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlJob *job = SL_JOB (object);
  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, job->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, job->title);
      break;
    case PROP_STATE:
      g_value_set_int (value, job->state);
      break;
    case PROP_DONE:
      g_value_set_uint64 (value, job->done);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, job->total);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, sl_job_get_fraction (job));
      break;
    case PROP_SECONDS_LEFT:
      g_value_set_double (value, sl_job_get_seconds_left (job));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, job->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_job_class_init (SlJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->finalize = sl_job_finalize;
  object_class->get_property = sl_job_get_property;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  props[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, ro);
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  /* An SlJobState (a plain int: the library registers no enum types). */
  props[PROP_STATE]
      = g_param_spec_int ("state", NULL, NULL, SL_JOB_QUEUED, SL_JOB_CANCELLED, SL_JOB_QUEUED, ro);
  props[PROP_DONE] = g_param_spec_uint64 ("done", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  props[PROP_TOTAL] = g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  props[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, -1, 1, -1, ro);
  props[PROP_SECONDS_LEFT]
      = g_param_spec_double ("seconds-left", NULL, NULL, -1, G_MAXDOUBLE, -1, ro);
  props[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_PARTIAL] = g_signal_new ("partial", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_job_init (SlJob *job)
{
  g_mutex_init (&job->lock);
  g_queue_init (&job->w_partials);
  job->cancellable = g_cancellable_new ();
  job->state = SL_JOB_QUEUED;
}

SlJob *
sl_job_new (const char *kind, const char *title, SlJobFunc func, gpointer data,
            GDestroyNotify destroy)
{
  g_return_val_if_fail (kind != NULL && func != NULL, NULL);
  SlJob *job = g_object_new (SL_TYPE_JOB, NULL);
  job->kind = g_strdup (kind);
  job->title = g_strdup (title ? title : kind);
  job->func = func;
  job->data = data;
  job->destroy = destroy;
  return job;
}

/* ---- Delivery to the main context ---- */

static gboolean deliver (gpointer data);

/* Queues the idle that delivers the worker's news, unless one is pending. Called with the lock. */
static void
schedule (SlJob *job)
{
  if (job->pending || !job->context)
    return;
  job->pending = g_idle_source_new ();
  g_source_set_priority (job->pending, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_static_name (job->pending, "SlJob delivery");
  g_source_set_callback (job->pending, deliver, g_object_ref (job), g_object_unref);
  g_source_attach (job->pending, job->context);
}

static SlJobState
end_state (const GError *error)
{
  if (!error)
    return SL_JOB_DONE;
  return g_error_matches (error, SL_ERROR, SL_ERROR_CANCELLED) ? SL_JOB_CANCELLED : SL_JOB_FAILED;
}

static gboolean
deliver (gpointer data)
{
  SlJob *job = data;
  GQueue partials = G_QUEUE_INIT;

  g_mutex_lock (&job->lock);
  g_clear_pointer (&job->pending, g_source_unref); /* news from now on needs a new idle */
  const gboolean started = job->w_started, finished = job->w_finished;
  const gint64 started_at = job->w_started_at, ended_at = job->w_ended_at;
  const guint64 done = job->w_done, total = job->w_total;
  char *message = job->w_message_changed ? g_strdup (job->w_message) : NULL;
  const gboolean message_changed = job->w_message_changed;
  job->w_message_changed = FALSE;
  partials = job->w_partials;
  g_queue_init (&job->w_partials);
  GError *error = finished ? g_steal_pointer (&job->w_error) : NULL;
  g_mutex_unlock (&job->lock);

  GObject *object = G_OBJECT (job);
  g_object_freeze_notify (object);
  if (started && job->state == SL_JOB_QUEUED)
    {
      job->state = SL_JOB_RUNNING;
      job->started_at = started_at;
      g_object_notify_by_pspec (object, props[PROP_STATE]);
    }
  if (done != job->done || total != job->total)
    {
      if (done != job->done)
        g_object_notify_by_pspec (object, props[PROP_DONE]);
      if (total != job->total)
        g_object_notify_by_pspec (object, props[PROP_TOTAL]);
      job->done = done;
      job->total = total;
      g_object_notify_by_pspec (object, props[PROP_FRACTION]);
      g_object_notify_by_pspec (object, props[PROP_SECONDS_LEFT]);
    }
  if (message_changed)
    {
      g_free (job->message);
      job->message = message;
      g_object_notify_by_pspec (object, props[PROP_MESSAGE]);
    }
  g_object_thaw_notify (object);

  for (Partial *p; (p = g_queue_pop_head (&partials));)
    {
      g_signal_emit (job, signals[SIGNAL_PARTIAL], 0, p->item);
      partial_free (p);
    }

  if (finished && job->state != SL_JOB_DONE && job->state != SL_JOB_FAILED
      && job->state != SL_JOB_CANCELLED)
    {
      job->error = error;
      job->state = end_state (error);
      if (!job->started_at)
        job->started_at = started_at ? started_at : ended_at;
      job->ended_at = ended_at;
      g_object_notify_by_pspec (object, props[PROP_STATE]);
      g_object_notify_by_pspec (object, props[PROP_SECONDS_LEFT]);
      g_signal_emit (job, signals[SIGNAL_FINISHED], 0);
    }
  else
    g_clear_error (&error);
  return G_SOURCE_REMOVE;
}

/* ---- Pool side ---- */

void
sl_job_attach (SlJob *job, GMainContext *context, SlParallel *parallel)
{
  g_mutex_lock (&job->lock);
  g_return_if_fail (job->context == NULL);
  job->context = g_main_context_ref (context);
  job->parallel = parallel;
  if (job->w_finished) /* cancelled before it was pushed */
    schedule (job);
  g_mutex_unlock (&job->lock);
}

static void
finish (SlJob *job, GError *error)
{
  g_mutex_lock (&job->lock);
  job->w_finished = TRUE;
  job->w_ended_at = g_get_monotonic_time ();
  job->w_error = error;
  schedule (job);
  g_mutex_unlock (&job->lock);
}

void
sl_job_run (SlJob *job)
{
  g_mutex_lock (&job->lock);
  const gboolean skip = job->w_finished; /* cancelled while queued */
  if (!skip)
    {
      job->w_started = TRUE;
      job->w_started_at = g_get_monotonic_time ();
      schedule (job);
    }
  g_mutex_unlock (&job->lock);
  if (skip)
    return;

  GError *error = NULL;
  gboolean ok = FALSE;
  if (!g_cancellable_is_cancelled (job->cancellable))
    ok = job->func (job, job->data, job->cancellable, &error);
  if (!ok && g_cancellable_is_cancelled (job->cancellable)
      && !g_error_matches (error, SL_ERROR, SL_ERROR_CANCELLED))
    {
      /* One error for a cancelled job, whatever the code it ran said. */
      g_clear_error (&error);
      g_set_error (&error, SL_ERROR, SL_ERROR_CANCELLED, "%s: cancelled", job->title);
    }
  else if (!ok && !error)
    g_set_error (&error, SL_ERROR, SL_ERROR_FAILED, "%s: failed", job->title);
  finish (job, ok ? NULL : error);
}

/* ---- Worker side ---- */

void
sl_job_set_progress (SlJob *job, guint64 done, guint64 total)
{
  g_mutex_lock (&job->lock);
  job->w_done = done;
  job->w_total = total;
  schedule (job);
  g_mutex_unlock (&job->lock);
}

void
sl_job_set_message (SlJob *job, const char *message)
{
  g_mutex_lock (&job->lock);
  if (g_strcmp0 (job->w_message, message) != 0)
    {
      g_free (job->w_message);
      job->w_message = g_strdup (message);
      job->w_message_changed = TRUE;
      schedule (job);
    }
  g_mutex_unlock (&job->lock);
}

void
sl_job_push_partial (SlJob *job, gpointer item, GDestroyNotify destroy)
{
  Partial *p = g_new (Partial, 1);
  p->item = item;
  p->destroy = destroy;
  g_mutex_lock (&job->lock);
  g_queue_push_tail (&job->w_partials, p);
  schedule (job);
  g_mutex_unlock (&job->lock);
}

void
sl_job_set_result (SlJob *job, gpointer result, GDestroyNotify destroy)
{
  g_mutex_lock (&job->lock);
  gpointer old = job->result;
  GDestroyNotify old_destroy = job->result_destroy;
  job->result = result;
  job->result_destroy = destroy;
  g_mutex_unlock (&job->lock);
  if (old_destroy && old != result)
    old_destroy (old);
}

SlParallel *
sl_job_get_parallel (SlJob *job)
{
  return job->parallel;
}

/* ---- Main-context side ---- */

gpointer
sl_job_get_data (SlJob *job)
{
  return job->data;
}

const char *
sl_job_get_kind (SlJob *job)
{
  return job->kind;
}

const char *
sl_job_get_title (SlJob *job)
{
  return job->title;
}

void
sl_job_set_title (SlJob *job, const char *title)
{
  g_return_if_fail (SL_IS_JOB (job));
  /* The worker reads the title for its error messages: only before it can run. */
  g_return_if_fail (job->context == NULL);
  g_free (job->title);
  job->title = g_strdup (title ? title : job->kind);
  g_object_notify_by_pspec (G_OBJECT (job), props[PROP_TITLE]);
}

SlJobState
sl_job_get_state (SlJob *job)
{
  return job->state;
}

gboolean
sl_job_is_finished (SlJob *job)
{
  return job->state == SL_JOB_DONE || job->state == SL_JOB_FAILED || job->state == SL_JOB_CANCELLED;
}

guint64
sl_job_get_done (SlJob *job)
{
  return job->done;
}

guint64
sl_job_get_total (SlJob *job)
{
  return job->total;
}

double
sl_job_get_fraction (SlJob *job)
{
  if (job->total == 0)
    return -1;
  return MIN ((double)job->done / (double)job->total, 1.0);
}

double
sl_job_get_elapsed (SlJob *job)
{
  if (!job->started_at)
    return 0;
  const gint64 end = job->ended_at ? job->ended_at : g_get_monotonic_time ();
  return (double)(end - job->started_at) / G_USEC_PER_SEC;
}

double
sl_job_get_seconds_left (SlJob *job)
{
  if (sl_job_is_finished (job))
    return 0;
  if (job->total == 0 || job->done == 0)
    return -1;
  if (job->done >= job->total)
    return 0;
  /* The rate so far, assumed to hold for the rest. */
  return sl_job_get_elapsed (job) * (double)(job->total - job->done) / (double)job->done;
}

const char *
sl_job_get_message (SlJob *job)
{
  return job->message;
}

const GError *
sl_job_get_error (SlJob *job)
{
  return job->error;
}

gpointer
sl_job_get_result (SlJob *job)
{
  g_mutex_lock (&job->lock);
  gpointer result = job->result;
  g_mutex_unlock (&job->lock);
  return result;
}

gpointer
sl_job_steal_result (SlJob *job)
{
  g_mutex_lock (&job->lock);
  gpointer result = g_steal_pointer (&job->result);
  job->result_destroy = NULL;
  g_mutex_unlock (&job->lock);
  return result;
}

GCancellable *
sl_job_get_cancellable (SlJob *job)
{
  return job->cancellable;
}

void
sl_job_cancel (SlJob *job)
{
  g_cancellable_cancel (job->cancellable);
  /* A job still queued ends now rather than when a worker gets to it. */
  g_mutex_lock (&job->lock);
  if (!job->w_started && !job->w_finished)
    {
      job->w_finished = TRUE;
      job->w_ended_at = g_get_monotonic_time ();
      g_set_error (&job->w_error, SL_ERROR, SL_ERROR_CANCELLED, "%s: cancelled", job->title);
      schedule (job);
    }
  g_mutex_unlock (&job->lock);
}

gboolean
sl_job_wait (SlJob *job, GError **error)
{
  g_return_val_if_fail (job->context != NULL, FALSE);
  while (!sl_job_is_finished (job))
    g_main_context_iteration (job->context, TRUE);
  if (job->state == SL_JOB_DONE)
    return TRUE;
  g_propagate_error (error, g_error_copy (job->error));
  return FALSE;
}
