/* Tests of src/jobs: delivery to the main context, order of partials, cancellation latency,
 * failures, two jobs on one core budget, the pool's list model, reference counting. */
#include "sl-test-util.h"

#include "datasets/sl-dataset-open.h"
#include "engine/sl-model-builtin.h"
#include "jobs/sl-explain-job.h"
#include "jobs/sl-faith-job.h"
#include "jobs/sl-job-pool.h"
#include "jobs/sl-predict-job.h"
#include "jobs/sl-report-job.h"
#include "jobs/sl-train-job.h"

#include "core/sl-error.h"

#include <string.h>

static GThread *main_thread;

/* The cancellation contract (200 ms) is for optimised builds; sanitizer builds run the same
 * batches several times slower. */
#ifdef __SANITIZE_ADDRESS__
#define CANCEL_MS 600.0
#else
#define CANCEL_MS 200.0
#endif

static SlModel *
demo_model (void)
{
  g_autoptr (GError) error = NULL;
  SlModel *model = sl_model_load_builtin ("demo", &error);
  g_assert_no_error (error);
  return model;
}

static SlDataset *
open_for (const char *spec, const SlModel *model)
{
  SlImageFolderOptions image;
  sl_image_folder_options_init (&image);
  if (model->input.rank == 3)
    {
      image.height = (guint)model->input.d[0];
      image.width = (guint)model->input.d[1];
    }
  const SlDatasetOpenOptions options = { .image = &image };
  g_autoptr (GError) error = NULL;
  SlDataset *dataset = sl_dataset_open (spec, &options, &error);
  g_assert_no_error (error);
  return dataset;
}

/* HMT.h5 and HMT_test, or FALSE (the test is skipped) without ../shared. */
static gboolean
hmt (SlModel **model, SlDataset **dataset)
{
  g_autofree char *path = sl_test_shared ("models/HMT.h5");
  g_autofree char *data = path ? sl_test_shared ("data/hmt/HMT_test") : NULL;
  if (!data)
    return FALSE;
  g_autoptr (GError) error = NULL;
  *model = sl_model_load (path, &error);
  g_assert_no_error (error);
  *dataset = open_for (data, *model);
  return TRUE;
}

/* What a job told the main context, checked as it arrives. */
typedef struct
{
  guint notifications;
  guint partials;
  gsize next_first; /* predict batches: the next expected first sample */
  gboolean finished;
  gboolean partial_after_finished;
  gint64 finished_at;
} Watch;

static void
on_notify (GObject *object, GParamSpec *pspec, Watch *w)
{
  g_assert_true (g_thread_self () == main_thread);
  w->notifications++;
}

static void
on_partial (SlJob *job, gpointer item, Watch *w)
{
  g_assert_true (g_thread_self () == main_thread);
  w->partials++;
  w->partial_after_finished |= w->finished;
}

static void
on_batch (SlJob *job, SlPredictBatch *batch, Watch *w)
{
  g_assert_cmpuint (batch->first, ==, w->next_first);
  g_assert_cmpuint (batch->n, >, 0);
  w->next_first = batch->first + batch->n;
}

static void
on_finished (SlJob *job, Watch *w)
{
  g_assert_true (g_thread_self () == main_thread);
  g_assert_true (sl_job_is_finished (job));
  w->finished = TRUE;
  w->finished_at = g_get_monotonic_time ();
}

static void
watch (SlJob *job, Watch *w)
{
  g_signal_connect (job, "notify", G_CALLBACK (on_notify), w);
  g_signal_connect (job, "partial", G_CALLBACK (on_partial), w);
  g_signal_connect (job, "finished", G_CALLBACK (on_finished), w);
}

static void
test_predict_delivery (void)
{
  g_autoptr (SlModel) model = demo_model ();
  g_autoptr (SlDataset) dataset = open_for ("mnist1d", model);
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 2);
  g_autoptr (SlJob) job = sl_predict_job_new (model, dataset, 100, 500);
  Watch w = { .next_first = 100 };
  watch (job, &w);
  g_signal_connect (job, "partial", G_CALLBACK (on_batch), &w);
  sl_job_pool_push (pool, job);
  g_assert_cmpint (sl_job_get_state (job), ==, SL_JOB_QUEUED);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_job_wait (job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_job_get_state (job), ==, SL_JOB_DONE);
  g_assert_true (w.finished);
  g_assert_false (w.partial_after_finished);
  g_assert_cmpuint (w.next_first, ==, 600);
  g_assert_cmpuint (w.partials, ==, (500 + 31) / 32);
  g_assert_cmpuint (w.notifications, >, 0);
  g_assert_cmpuint (sl_job_get_done (job), ==, 500);
  g_assert_cmpuint (sl_job_get_total (job), ==, 500);
  g_assert_cmpfloat (sl_job_get_fraction (job), ==, 1.0);
  g_assert_cmpfloat (sl_job_get_elapsed (job), >, 0);

  /* The same numbers as a plain prediction on the calling thread. */
  const SlPredictBatch *all = sl_job_get_result (job);
  g_assert_cmpuint (all->first, ==, 100);
  g_assert_cmpuint (all->n, ==, 500);
  g_autoptr (SlDataset) rest = open_for ("mnist1d", model);
  g_autofree float *logits = NULL;
  g_assert_true (
      sl_predict_range (model, rest, 100, 500, NULL, &logits, NULL, NULL, NULL, NULL, &error));
  g_assert_cmpmem (logits, 500 * model->n_classes * sizeof (float), all->logits,
                   500 * model->n_classes * sizeof (float));
}

/* Cancels `job` once it has run for `after_ms`, and returns the milliseconds from the cancel to
 * ::finished arriving on the main context. */
static double
cancel_latency (SlJobPool *pool, SlJob *job, guint after_ms)
{
  Watch w = { 0 };
  watch (job, &w);
  sl_job_pool_push (pool, job);
  while (sl_job_get_state (job) == SL_JOB_QUEUED)
    g_main_context_iteration (NULL, TRUE);
  const gint64 until = g_get_monotonic_time () + after_ms * 1000;
  while (g_get_monotonic_time () < until && !sl_job_is_finished (job))
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  if (sl_job_get_error (job))
    g_error ("%s", sl_job_get_error (job)->message);
  g_assert_false (sl_job_is_finished (job));
  const gint64 t0 = g_get_monotonic_time ();
  sl_job_cancel (job);
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_job_wait (job, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CANCELLED);
  g_assert_cmpint (sl_job_get_state (job), ==, SL_JOB_CANCELLED);
  g_assert_false (w.partial_after_finished);
  return (double)(w.finished_at - t0) / 1000.0;
}

/* RISE faithfulness over the whole MNIST-1D test set: over a minute of work. */
static SlJob *
slow_job (SlModel *model, SlDataset *dataset)
{
  SlExplainRequest req;
  sl_explain_request_init (&req, "rise");
  return sl_faith_job_new (model, dataset, 0, 0, &req, 1, NULL);
}

static void
test_cancel_demo (void)
{
  g_autoptr (SlModel) model = demo_model ();
  g_autoptr (SlDataset) dataset = open_for ("mnist1d", model);
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 0);
  g_autoptr (SlJob) job = slow_job (model, dataset);
  const double ms = cancel_latency (pool, job, 300);
  g_test_message ("RISE faithfulness on the demo model: cancelled in %.1f ms", ms);
  g_assert_cmpfloat (ms, <, CANCEL_MS);

  /* What was done is still there. */
  const SlFaithTable *table = sl_job_get_result (job);
  g_assert_nonnull (table);
  g_assert_true (table->partial);
  g_assert_cmpuint (table->n_done, <, table->n_samples);
  g_assert_cmpuint (table->n_done, ==, sl_job_get_done (job));
}

static void
test_cancel_hmt (void)
{
  g_autoptr (SlModel) model = NULL;
  g_autoptr (SlDataset) dataset = NULL;
  if (!hmt (&model, &dataset))
    return;
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 0);
  SlExplainRequest req;
  sl_explain_request_init (&req, "kernel-shap"); /* about 30 s per tile */
  g_autoptr (SlJob) job = sl_explain_job_new (model, dataset, 3, &req);
  const double ms = cancel_latency (pool, job, 500);
  g_test_message ("Kernel SHAP on HMT.h5: cancelled in %.1f ms", ms);
  g_assert_cmpfloat (ms, <, CANCEL_MS);
  g_assert_null (sl_job_get_result (job));
}

static void
test_failure (void)
{
  g_autoptr (SlModel) model = demo_model ();
  g_autoptr (SlDataset) dataset = open_for ("mnist1d", model);
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 0);
  SlExplainRequest req;
  sl_explain_request_init (&req, "gradcam");
  g_autoptr (SlJob) job = sl_explain_job_new (model, dataset, dataset->n_samples + 5, &req);
  Watch w = { 0 };
  watch (job, &w);
  sl_job_pool_push (pool, job);
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_job_wait (job, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_cmpint (sl_job_get_state (job), ==, SL_JOB_FAILED);
  g_assert_error ((GError *)sl_job_get_error (job), SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_true (w.finished);

  sl_explain_request_init (&req, "no-such-method");
  g_autoptr (SlJob) bad = sl_explain_job_new (model, dataset, 0, &req);
  sl_job_pool_push (pool, bad);
  g_clear_error (&error);
  g_assert_false (sl_job_wait (bad, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
}

static void
count_items (GListModel *list, guint position, guint removed, guint added, int *n)
{
  *n += (int)added - (int)removed;
}

static void
test_two_jobs_and_list (void)
{
  g_autoptr (SlModel) model = demo_model ();
  g_autoptr (SlDataset) dataset = open_for ("mnist1d", model);
  g_autoptr (SlJobPool) pool = sl_job_pool_new (2, 2);
  int n_items = 0;
  g_signal_connect (pool, "items-changed", G_CALLBACK (count_items), &n_items);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (pool)) == SL_TYPE_JOB);

  SlExplainRequest reqs[2];
  sl_explain_request_init (&reqs[0], "gradcam");
  sl_explain_request_init (&reqs[1], "occlusion");
  g_autoptr (SlJob) a = sl_faith_job_new (model, dataset, 0, 300, reqs, 2, NULL);
  g_autoptr (SlJob) b = sl_faith_job_new (model, dataset, 300, 300, reqs, 2, NULL);
  Watch wa = { 0 }, wb = { 0 };
  watch (a, &wa);
  watch (b, &wb);
  sl_job_pool_push (pool, a);
  sl_job_pool_push (pool, b);
  g_assert_cmpint (n_items, ==, 2);
  g_assert_cmpuint (sl_job_pool_get_n_active (pool), ==, 2);
  g_autoptr (SlJob) first = g_list_model_get_item (G_LIST_MODEL (pool), 0);
  g_assert_true (first == b); /* newest first */

  /* Both run at once on the one budget. */
  gboolean both_running = FALSE;
  while (!sl_job_is_finished (a) || !sl_job_is_finished (b))
    {
      g_main_context_iteration (NULL, TRUE);
      both_running
          |= sl_job_get_state (a) == SL_JOB_RUNNING && sl_job_get_state (b) == SL_JOB_RUNNING;
    }
  g_assert_true (both_running);
  g_assert_true (sl_job_get_parallel (a) == sl_job_pool_get_parallel (pool));
  g_assert_true (sl_job_get_parallel (b) == sl_job_pool_get_parallel (pool));
  g_assert_cmpint (sl_job_get_state (a), ==, SL_JOB_DONE);
  g_assert_cmpint (sl_job_get_state (b), ==, SL_JOB_DONE);
  g_assert_cmpuint (wa.partials, ==, 600); /* a partial per sample and method */
  g_assert_cmpuint (sl_job_pool_get_n_active (pool), ==, 0);

  /* The same table as the library on the calling thread. */
  g_autoptr (GError) error = NULL;
  g_autoptr (SlFaithTable) plain
      = sl_faithfulness_dataset (model, dataset, 300, 300, reqs, 2, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  const SlFaithTable *tb = sl_job_get_result (b);
  g_assert_false (tb->partial);
  g_assert_cmpmem (plain->drop, 600 * sizeof (double), tb->drop, 600 * sizeof (double));
  g_assert_cmpfloat (plain->drop_rate[1], ==, tb->drop_rate[1]);

  sl_job_pool_clear_finished (pool);
  g_assert_cmpint (n_items, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pool)), ==, 0);
}

static void
test_refcount (void)
{
  SlModel *model = demo_model ();
  SlDataset *dataset = open_for ("mnist1d", model);
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 0);
  g_autoptr (SlJob) job = sl_report_job_new (model, dataset, 0, 0);
  /* The window closes the model and the dataset; the job still holds them. */
  sl_model_unref (model);
  sl_dataset_free (dataset);
  sl_job_pool_push (pool, job);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_job_wait (job, &error));
  const SlReport *report = sl_job_get_result (job);
  g_assert_cmpuint (report->n_samples, ==, 1000);
  g_assert_cmpfloat (report->accuracy, >, 0.9);

  /* A reference taken and dropped leaves the model alive. */
  g_autoptr (SlModel) m = demo_model ();
  sl_model_unref (sl_model_ref (m));
  g_assert_cmpuint (m->n_classes, ==, 10);
}

static void
on_train_partial (SlJob *job, SlTrainPartial *p, guint *counts)
{
  counts[p->kind]++;
  if (p->kind == SL_TRAIN_PARTIAL_BATCH)
    g_assert_cmpuint (counts[SL_TRAIN_PARTIAL_EPOCH], ==, p->batch.epoch);
}

static void
test_train (void)
{
  g_autoptr (SlModel) model = demo_model ();
  g_autoptr (SlDataset) dataset = open_for ("mnist1d", model);
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 0);
  SlTrainOptions options;
  sl_train_options_init (&options);
  options.epochs = 2;
  options.batch_size = 100;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlJob) job = sl_train_job_new (model, dataset, &options, &error);
  g_assert_no_error (error);
  guint counts[2] = { 0 };
  g_signal_connect (job, "partial", G_CALLBACK (on_train_partial), counts);
  g_autofree float *before = g_memdup2 (model->layers[0].kernel, 4 * sizeof (float));
  sl_job_pool_push (pool, job);
  g_assert_true (sl_job_wait (job, &error));
  g_assert_cmpuint (counts[SL_TRAIN_PARTIAL_BATCH], ==, 20);
  g_assert_cmpuint (counts[SL_TRAIN_PARTIAL_EPOCH], ==, 2);
  g_assert_cmpuint (sl_job_get_done (job), ==, 20);
  const SlModel *trained = sl_job_get_result (job);
  g_assert_true (trained != model);
  /* The original is untouched; the copy learned. */
  g_assert_cmpmem (before, 4 * sizeof (float), model->layers[0].kernel, 4 * sizeof (float));
  g_assert_true (memcmp (before, trained->layers[0].kernel, 4 * sizeof (float)) != 0);
  guint n = 0;
  g_autofree SlEpochStats *history = sl_trainer_dup_history (sl_train_job_get_trainer (job), &n);
  g_assert_cmpuint (n, ==, 2);
}

static void
test_cancel_queued (void)
{
  g_autoptr (SlModel) model = demo_model ();
  g_autoptr (SlDataset) dataset = open_for ("mnist1d", model);
  g_autoptr (SlJobPool) pool = sl_job_pool_new (1, 0);
  g_autoptr (SlJob) slow = slow_job (model, dataset);
  g_autoptr (SlJob) queued = sl_predict_job_new (model, dataset, 0, 0);
  sl_job_pool_push (pool, slow);
  sl_job_pool_push (pool, queued);
  sl_job_cancel (queued); /* behind `slow` on the pool's one job thread */
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_job_wait (queued, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CANCELLED);
  g_assert_false (sl_job_is_finished (slow));
  sl_job_pool_cancel_all (pool);
  g_clear_error (&error);
  g_assert_false (sl_job_wait (slow, &error));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  g_test_add_func ("/jobs/predict-delivery", test_predict_delivery);
  g_test_add_func ("/jobs/cancel-demo", test_cancel_demo);
  g_test_add_func ("/jobs/cancel-hmt", test_cancel_hmt);
  g_test_add_func ("/jobs/cancel-queued", test_cancel_queued);
  g_test_add_func ("/jobs/failure", test_failure);
  g_test_add_func ("/jobs/two-jobs-and-list", test_two_jobs_and_list);
  g_test_add_func ("/jobs/refcount", test_refcount);
  g_test_add_func ("/jobs/train", test_train);
  return g_test_run ();
}
