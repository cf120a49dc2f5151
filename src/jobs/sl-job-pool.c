/* The process's job threads, its one SlParallel, and the list of jobs as a GListModel. */
#include "jobs/sl-job-pool.h"

#include "jobs/sl-job-private.h"

#include <cblas.h>

struct _SlJobPool
{
  GObject parent_instance;
  GThreadPool *threads; /* one job per thread */
  SlParallel *parallel; /* the core budget every job's loops share */
  GPtrArray *jobs;      /* newest first */
};

enum
{
  PROP_0,
  PROP_N_ACTIVE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void list_model_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (SlJobPool, sl_job_pool, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_init))

static GType
get_item_type (GListModel *model)
{
  return SL_TYPE_JOB;
}

static guint
get_n_items (GListModel *model)
{
  return SL_JOB_POOL (model)->jobs->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  SlJobPool *pool = SL_JOB_POOL (model);
  return position < pool->jobs->len ? g_object_ref (g_ptr_array_index (pool->jobs, position))
                                    : NULL;
}

static void
list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
run_job (gpointer data, gpointer user_data)
{
  g_autoptr (SlJob) job = data;
  sl_parallel_lower_priority ();
  sl_job_run (job);
}

static void
sl_job_pool_dispose (GObject *object)
{
  SlJobPool *pool = SL_JOB_POOL (object);
  if (pool->threads)
    {
      sl_job_pool_cancel_all (pool);
      /* Waits for the running jobs, which stop within their cancellation latency. */
      g_thread_pool_free (g_steal_pointer (&pool->threads), FALSE, TRUE);
    }
  G_OBJECT_CLASS (sl_job_pool_parent_class)->dispose (object);
}

static void
sl_job_pool_finalize (GObject *object)
{
  SlJobPool *pool = SL_JOB_POOL (object);
  g_ptr_array_unref (pool->jobs);
  sl_parallel_free (pool->parallel);
  G_OBJECT_CLASS (sl_job_pool_parent_class)->finalize (object);
}

static void
sl_job_pool_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_N_ACTIVE:
      g_value_set_uint (value, sl_job_pool_get_n_active (SL_JOB_POOL (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_job_pool_class_init (SlJobPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = sl_job_pool_dispose;
  object_class->finalize = sl_job_pool_finalize;
  object_class->get_property = sl_job_pool_get_property;
  /* Jobs queued or running; notified on push and when a job finishes. */
  props[PROP_N_ACTIVE]
      = g_param_spec_uint ("n-active", NULL, NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sl_job_pool_init (SlJobPool *pool)
{
  pool->jobs = g_ptr_array_new_with_free_func (g_object_unref);
}

SlJobPool *
sl_job_pool_new (guint max_jobs, guint n_threads)
{
  SlJobPool *pool = g_object_new (SL_TYPE_JOB_POOL, NULL);
  pool->parallel = sl_parallel_new (n_threads);
  /* Exclusive threads: a job never waits for an unrelated GLib pool's thread. */
  pool->threads = g_thread_pool_new (run_job, pool, (gint)(max_jobs ? max_jobs : 4), TRUE, NULL);
  /* The SlParallel splits every loop over the cores; an OpenBLAS GEMM inside one of its chunks
   * must not start threads of its own (that would oversubscribe the cores). Set once, for the
   * process: OpenBLAS's thread count is global. */
  openblas_set_num_threads (1);
  return pool;
}

SlParallel *
sl_job_pool_get_parallel (SlJobPool *pool)
{
  return pool->parallel;
}

static void
job_finished (SlJob *job, SlJobPool *pool)
{
  g_object_notify_by_pspec (G_OBJECT (pool), props[PROP_N_ACTIVE]);
}

void
sl_job_pool_push (SlJobPool *pool, SlJob *job)
{
  g_return_if_fail (SL_IS_JOB_POOL (pool) && SL_IS_JOB (job) && pool->threads);
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  sl_job_attach (job, context, pool->parallel);
  g_signal_connect_object (job, "finished", G_CALLBACK (job_finished), pool, 0);
  g_ptr_array_insert (pool->jobs, 0, g_object_ref (job));
  g_list_model_items_changed (G_LIST_MODEL (pool), 0, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (pool), props[PROP_N_ACTIVE]);
  g_thread_pool_push (pool->threads, g_object_ref (job), NULL);
}

guint
sl_job_pool_get_n_active (SlJobPool *pool)
{
  guint n = 0;
  for (guint i = 0; i < pool->jobs->len; i++)
    n += !sl_job_is_finished (g_ptr_array_index (pool->jobs, i));
  return n;
}

void
sl_job_pool_cancel_all (SlJobPool *pool)
{
  for (guint i = 0; i < pool->jobs->len; i++)
    sl_job_cancel (g_ptr_array_index (pool->jobs, i));
}

void
sl_job_pool_clear_finished (SlJobPool *pool)
{
  for (guint i = pool->jobs->len; i-- > 0;)
    if (sl_job_is_finished (g_ptr_array_index (pool->jobs, i)))
      {
        g_ptr_array_remove_index (pool->jobs, i);
        g_list_model_items_changed (G_LIST_MODEL (pool), i, 1, 0);
      }
}
