#include "sl-session.h"

#include "sl-job-titles.h"

#include "compose/sl-open-check.h"
#include "compose/sl-open.h"
#include "core/sl-error.h"
#include "jobs/sl-predict-job.h"

#include <glib/gi18n.h>

/* Explanations kept per session: HMT maps are 2 × 224 × 224 floats, so 64 of them stay near 26 MB. */
#define CACHE_SIZE 64

struct _SlSession
{
  GObject parent_instance;
  SlJobPool *pool;
  SlModel *model;
  SlDataset *dataset;
  char *model_spec;
  char *dataset_spec;
  char **class_names;
  SlPredictions *predictions;
  SlJob *predict_job;
  GHashTable *cache; /* key → GList link in `lru`, whose data is an Entry */
  GQueue lru;        /* most recent first */
};

typedef struct
{
  char *key;
  SlExplanation *expl;
} Entry;

enum
{
  PROP_0,
  PROP_PREDICTING,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

enum
{
  SIG_CHANGED,
  SIG_PREDICTIONS_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlSession, sl_session, G_TYPE_OBJECT)

static void
entry_free (Entry *e)
{
  g_free (e->key);
  sl_explanation_free (e->expl);
  g_free (e);
}

static void
cache_clear (SlSession *self)
{
  g_hash_table_remove_all (self->cache);
  g_queue_clear_full (&self->lru, (GDestroyNotify) entry_free);
}

static void
stop_predicting (SlSession *self)
{
  if (!self->predict_job)
    return;
  g_signal_handlers_disconnect_by_data (self->predict_job, self);
  sl_job_cancel (self->predict_job);
  g_clear_object (&self->predict_job);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PREDICTING]);
}

static void
sl_session_dispose (GObject *object)
{
  SlSession *self = SL_SESSION (object);
  stop_predicting (self);
  if (self->cache)
    cache_clear (self);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_object (&self->pool);
  G_OBJECT_CLASS (sl_session_parent_class)->dispose (object);
}

static void
sl_session_finalize (GObject *object)
{
  SlSession *self = SL_SESSION (object);
  g_clear_pointer (&self->model, sl_model_unref);
  g_clear_pointer (&self->dataset, sl_dataset_unref);
  g_free (self->model_spec);
  g_free (self->dataset_spec);
  g_strfreev (self->class_names);
  g_clear_pointer (&self->predictions, sl_predictions_free);
  G_OBJECT_CLASS (sl_session_parent_class)->finalize (object);
}

static void
sl_session_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  SlSession *self = SL_SESSION (object);
  switch (id)
    {
    case PROP_PREDICTING:
      g_value_set_boolean (value, sl_session_is_predicting (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_session_class_init (SlSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = sl_session_dispose;
  object_class->finalize = sl_session_finalize;
  object_class->get_property = sl_session_get_property;

  props[PROP_PREDICTING] = g_param_spec_boolean ("predicting", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIG_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_PREDICTIONS_CHANGED]
      = g_signal_new ("predictions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
sl_session_init (SlSession *self)
{
  self->cache = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->lru);
}

SlSession *
sl_session_new (SlJobPool *pool)
{
  SlSession *self = g_object_new (SL_TYPE_SESSION, NULL);
  self->pool = g_object_ref (pool);
  return self;
}

SlJobPool *
sl_session_get_pool (SlSession *self)
{
  return self->pool;
}

SlModel *
sl_session_get_model (SlSession *self)
{
  return self->model;
}

SlDataset *
sl_session_get_dataset (SlSession *self)
{
  return self->dataset;
}

const char *
sl_session_get_model_spec (SlSession *self)
{
  return self->model_spec;
}

const char *
sl_session_get_dataset_spec (SlSession *self)
{
  return self->dataset_spec;
}

char *
sl_session_dup_model_label (SlSession *self)
{
  if (!self->model_spec)
    return NULL;
  if (!g_strcmp0 (self->model_spec, "demo") && !self->model->path)
    return g_strdup (_("Demo model"));
  return g_path_get_basename (self->model_spec);
}

const char *
sl_session_get_dataset_label (SlSession *self)
{
  return self->dataset ? self->dataset->name : NULL;
}

const char *const *
sl_session_get_class_names (SlSession *self)
{
  return (const char *const *) self->class_names;
}

const SlPredictions *
sl_session_get_predictions (SlSession *self)
{
  return self->predictions;
}

gboolean
sl_session_is_predicting (SlSession *self)
{
  return self->predict_job != NULL;
}

/* ---- Predictions ---- */

static void
on_predict_partial (SlJob *job, gpointer item, SlSession *self)
{
  const SlPredictBatch *b = item;
  sl_predictions_set_batch (self->predictions, b->first, b->n, b->probs);
  g_signal_emit (self, signals[SIG_PREDICTIONS_CHANGED], 0, (guint64) b->first, (guint64) b->n);
}

static void
on_predict_finished (SlJob *job, SlSession *self)
{
  if (sl_job_get_state (job) == SL_JOB_FAILED)
    g_warning ("predicting %s: %s", self->dataset->name, sl_job_get_error (job)->message);
  g_signal_handlers_disconnect_by_data (job, self);
  g_clear_object (&self->predict_job);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PREDICTING]);
}

static void
start_predicting (SlSession *self)
{
  stop_predicting (self);
  self->predict_job = sl_predict_job_new (self->model, self->dataset, 0, 0);
  sl_job_title_predict (self->predict_job, self->dataset->name);
  g_signal_connect (self->predict_job, "partial", G_CALLBACK (on_predict_partial), self);
  g_signal_connect (self->predict_job, "finished", G_CALLBACK (on_predict_finished), self);
  sl_job_pool_push (self->pool, self->predict_job);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PREDICTING]);
}

/* ---- Opening ---- */

typedef struct
{
  char *model_spec;   /* to open, or NULL: keep `model` */
  char *dataset_spec; /* to open (always reopened for a new model: image sizes follow it) */
  gboolean dataset_kept; /* dataset_spec is the one already open: a new model may not fit it */
  char *path;         /* open_path: a model or a dataset, to be found out */
  SlModel *model;     /* the current model (a reference), or the one opened */
  char *opened_spec;  /* how `model` was named: the dataset check reopens a built-in one by it */
  SlDataset *dataset; /* the one opened */
  char *notice;
} OpenData;

static void
open_data_free (OpenData *d)
{
  g_free (d->model_spec);
  g_free (d->dataset_spec);
  g_free (d->path);
  g_free (d->opened_spec);
  g_free (d->notice);
  g_clear_pointer (&d->model, sl_model_unref);
  g_clear_pointer (&d->dataset, sl_dataset_unref);
  g_free (d);
}

/* Samples the child process reads of a dataset before the window opens it (spread over it). */
#define CHECK_MAX_SAMPLES 256

/* A file is first opened in a child process under time and memory limits (`saliency-lab-cli check`):
 * a damaged file that would crash or hang libhdf5 or a decoder takes down the child, not the window.
 * The child's ordinary errors are the same as opening in-process would give, so they are returned
 * as they are; built-in names need no check. */
static gboolean
check_file (SlJob *job, const char *path, SlOpenKind kind, const char *for_model,
            GCancellable *cancellable, GError **error)
{
  SlOpenCheckLimits limits;
  sl_open_check_limits_init (&limits);
  limits.max_samples = CHECK_MAX_SAMPLES;
  g_autofree char *message = g_strdup_printf (_("Checking %s"), path);
  sl_job_set_message (job, message);
  g_autoptr (GError) local = NULL;
  if (sl_open_check_file_full (NULL, path, kind, for_model, &limits, cancellable, &local))
    return TRUE;
  /* Without the checker program (a broken installation) files still open, in-process. */
  if (g_error_matches (local, SL_OPEN_CHECK_ERROR, SL_OPEN_CHECK_ERROR_NO_CHECKER))
    {
      g_warning ("%s", local->message);
      return TRUE;
    }
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, SL_ERROR, SL_ERROR_CANCELLED, local->message);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static SlModel *
checked_open_model (SlJob *job, const char *spec, GCancellable *cancellable, GError **error)
{
  if (!check_file (job, spec, SL_OPEN_MODEL, NULL, cancellable, error))
    return NULL;
  sl_job_set_message (job, spec);
  return sl_open_model (spec, error);
}

static SlDataset *
checked_open_dataset (SlJob *job, const char *spec, const OpenData *d, GCancellable *cancellable,
                      GError **error)
{
  const SlModel *model = d->model;
  /* The child opens the model again: by its file, or by the built-in name it was opened by. */
  const char *for_model = model && model->path ? model->path
                          : d->opened_spec     ? d->opened_spec
                                               : "demo";
  if (!check_file (job, spec, SL_OPEN_DATASET, for_model, cancellable, error))
    return NULL;
  sl_job_set_message (job, spec);
  return sl_open_dataset (spec, model, error);
}

/* A path is a dataset when it is a folder or a CSV file, or when it is not a model file. */
static gboolean
open_path (SlJob *job, OpenData *d, GCancellable *cancellable, GError **error)
{
  const gboolean folder = g_file_test (d->path, G_FILE_TEST_IS_DIR);
  if (!folder && !g_str_has_suffix (d->path, ".csv"))
    {
      g_autoptr (GError) model_error = NULL;
      SlModel *model = checked_open_model (job, d->path, cancellable, &model_error);
      if (model)
        {
          g_clear_pointer (&d->model, sl_model_unref);
          d->model = model;
          d->model_spec = g_strdup (d->path);
          d->dataset_kept = d->dataset_spec != NULL;
          return TRUE;
        }
      /* Not a Keras model file at all: maybe a dataset; a damaged model is the model's error. */
      if (!g_error_matches (model_error, SL_ERROR, SL_ERROR_FORMAT) || !d->model
          || g_str_has_suffix (d->path, ".keras"))
        {
          g_propagate_error (error, g_steal_pointer (&model_error));
          return FALSE;
        }
      g_autoptr (GError) dataset_error = NULL;
      d->dataset = checked_open_dataset (job, d->path, d, cancellable, &dataset_error);
      if (!d->dataset)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s\n%s", model_error->message,
                       dataset_error->message);
          return FALSE;
        }
      g_free (d->dataset_spec);
      d->dataset_spec = g_strdup (d->path);
      return TRUE;
    }
  if (!d->model)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, _("%s: open a model before a dataset"),
                   d->path);
      return FALSE;
    }
  g_free (d->dataset_spec);
  d->dataset_spec = g_strdup (d->path);
  d->dataset = checked_open_dataset (job, d->path, d, cancellable, error);
  return d->dataset != NULL;
}

static gboolean
open_run (SlJob *job, gpointer data, GCancellable *cancellable, GError **error)
{
  OpenData *d = data;
  if (d->path)
    {
      if (!open_path (job, d, cancellable, error))
        return FALSE;
      if (d->dataset || !d->dataset_spec)
        return TRUE;
    }
  else if (d->model_spec)
    {
      SlModel *model = checked_open_model (job, d->model_spec, cancellable, error);
      if (!model)
        return FALSE;
      g_clear_pointer (&d->model, sl_model_unref);
      d->model = model;
      g_free (d->opened_spec);
      d->opened_spec = g_strdup (d->model_spec);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (d->dataset_spec)
    {
      g_autoptr (GError) local = NULL;
      d->dataset = checked_open_dataset (job, d->dataset_spec, d, cancellable, &local);
      /* A new model that the open dataset does not fit opens alone: the user picks a dataset next. */
      if (!d->dataset && d->dataset_kept && g_error_matches (local, SL_ERROR, SL_ERROR_SHAPE))
        {
          d->notice = g_strdup (local->message);
          g_clear_pointer (&d->dataset_spec, g_free);
          return TRUE;
        }
      if (!d->dataset)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  return TRUE;
}

static char **
class_names_new (const SlModel *model, const SlDataset *dataset)
{
  if (dataset && dataset->class_names && dataset->n_classes == model->n_classes)
    return g_strdupv (dataset->class_names);
  char **names = g_new0 (char *, model->n_classes + 1);
  for (guint c = 0; c < model->n_classes; c++)
    names[c] = g_strdup_printf ("%u", c);
  return names;
}

static void
on_open_finished (SlJob *job, GTask *task)
{
  SlSession *self = g_task_get_source_object (task);
  OpenData *d = g_task_get_task_data (task);
  g_signal_handlers_disconnect_by_data (job, task);
  if (sl_job_get_state (job) != SL_JOB_DONE)
    {
      g_task_return_error (task, g_error_copy (sl_job_get_error (job)));
      g_object_unref (task);
      return;
    }
  stop_predicting (self);
  cache_clear (self);
  if (d->model_spec)
    {
      g_free (self->model_spec);
      self->model_spec = g_strdup (d->model_spec);
    }
  g_clear_pointer (&self->model, sl_model_unref);
  self->model = sl_model_ref (d->model);
  g_clear_pointer (&self->dataset, sl_dataset_unref);
  g_free (self->dataset_spec);
  self->dataset_spec = g_strdup (d->dataset_spec);
  if (d->dataset)
    self->dataset = sl_dataset_ref (d->dataset);
  g_strfreev (self->class_names);
  self->class_names = class_names_new (self->model, self->dataset);
  g_clear_pointer (&self->predictions, sl_predictions_free);
  if (self->dataset)
    self->predictions = sl_predictions_new (self->dataset->n_samples, self->model->n_classes,
                                            self->dataset->labels);
  g_signal_emit (self, signals[SIG_CHANGED], 0);
  if (self->dataset)
    start_predicting (self);
  g_task_return_pointer (task, g_strdup (d->notice ? d->notice : ""), g_free);
  g_object_unref (task);
}

static void
push_open (SlSession *self, GTask *task, OpenData *d, const char *what)
{
  /* The job owns what it opens until it finishes; the task keeps a view of it. */
  g_task_set_task_data (task, d, NULL);
  g_autofree char *title = g_strdup_printf (_("Opening %s"), what);
  g_autoptr (SlJob) job = sl_job_new ("open", title, open_run, d, (GDestroyNotify) open_data_free);
  g_signal_connect (job, "finished", G_CALLBACK (on_open_finished), task);
  sl_job_pool_push (self->pool, job);
}

void
sl_session_open_path_async (SlSession *self, const char *path, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SL_IS_SESSION (self));
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_session_open_async);
  OpenData *d = g_new0 (OpenData, 1);
  d->path = g_strdup (path);
  d->dataset_spec = g_strdup (self->dataset_spec);
  if (self->model)
    {
      d->model = sl_model_ref (self->model);
      d->opened_spec = g_strdup (self->model_spec);
    }
  push_open (self, task, d, path);
}

void
sl_session_open_async (SlSession *self, const char *model_spec, const char *dataset_spec,
                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SL_IS_SESSION (self));
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_session_open_async);
  OpenData *d = g_new0 (OpenData, 1);
  d->model_spec = g_strdup (model_spec);
  d->dataset_spec = g_strdup (dataset_spec ? dataset_spec : self->dataset_spec);
  d->dataset_kept = !dataset_spec;
  if (!model_spec && self->model)
    {
      d->model = sl_model_ref (self->model);
      d->opened_spec = g_strdup (self->model_spec);
    }
  if (!model_spec && !self->model)
    {
      g_task_return_new_error (task, SL_ERROR, SL_ERROR_ARGUMENT,
                               _("Open a model before a dataset"));
      g_object_unref (task);
      open_data_free (d);
      return;
    }
  push_open (self, task, d, model_spec ? model_spec : dataset_spec);
}

gboolean
sl_session_open_finish (SlSession *self, GAsyncResult *result, char **notice, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_autofree char *text = g_task_propagate_pointer (G_TASK (result), error);
  if (!text)
    return FALSE;
  if (notice)
    *notice = *text ? g_steal_pointer (&text) : NULL;
  return TRUE;
}

/* ---- Explanations ---- */

char *
sl_session_explanation_key (SlSession *self, gsize index, const SlExplainRequest *req)
{
  g_autofree char *params = req->params ? sl_params_to_string (req->params) : g_strdup ("");
  return g_strdup_printf ("%" G_GSIZE_FORMAT "|%s|%d|%d|%d|%" G_GUINT64_FORMAT "|%s", index,
                          req->method, req->target, req->score, req->layer, req->seed, params);
}

SlExplanation *
sl_session_lookup_explanation (SlSession *self, const char *key)
{
  GList *link = g_hash_table_lookup (self->cache, key);
  if (!link)
    return NULL;
  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);
  return ((Entry *) link->data)->expl;
}

void
sl_session_store_explanation (SlSession *self, const char *key, SlExplanation *expl)
{
  GList *old = g_hash_table_lookup (self->cache, key);
  if (old)
    {
      Entry *stale = old->data;
      g_hash_table_remove (self->cache, key);
      g_queue_delete_link (&self->lru, old);
      entry_free (stale);
    }
  Entry *e = g_new (Entry, 1);
  e->key = g_strdup (key);
  e->expl = expl;
  g_queue_push_head (&self->lru, e);
  g_hash_table_insert (self->cache, e->key, self->lru.head);
  while (self->lru.length > CACHE_SIZE)
    {
      Entry *last = g_queue_pop_tail (&self->lru);
      g_hash_table_remove (self->cache, last->key);
      entry_free (last);
    }
}
