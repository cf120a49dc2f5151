/* bench-jobs.c — how responsive the main loop stays while a job runs: the longest gap between
 * firings of a 5 ms timeout on the main context during a Grad-CAM (prob) faithfulness job over
 * HMT_test (frac 0.9), as a window would run it. Goal: at most 50 ms. `bench-jobs [N]` stops after
 * N tiles. */
#include "datasets/sl-dataset-open.h"
#include "jobs/sl-faith-job.h"
#include "jobs/sl-job-pool.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct
{
  gint64 last;    /* µs of the previous firing */
  gint64 max_gap; /* µs */
  guint64 firings;
} Ticker;

static gboolean
tick (gpointer data)
{
  Ticker *t = data;
  const gint64 now = g_get_monotonic_time ();
  t->max_gap = MAX (t->max_gap, now - t->last);
  t->last = now;
  t->firings++;
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  const gsize limit = argc > 1 ? (gsize)strtoull (argv[1], NULL, 10) : 0;
  g_autofree char *model_path = g_build_filename (SL_SHARED_DIR, "models", "HMT.h5", NULL);
  g_autofree char *tiles = g_build_filename (SL_SHARED_DIR, "data", "hmt", "HMT_test", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_load (model_path, &error);
  if (!model)
    {
      printf ("skipped: %s\n", error->message);
      return 0;
    }
  SlImageFolderOptions image;
  sl_image_folder_options_init (&image);
  image.height = (guint)model->input.d[0];
  image.width = (guint)model->input.d[1];
  const SlDatasetOpenOptions options = { .image = &image };
  g_autoptr (SlDataset) dataset = sl_dataset_open (tiles, &options, &error);
  if (!dataset)
    {
      printf ("skipped: %s\n", error->message);
      return 0;
    }

  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 0);
  SlExplainRequest req;
  sl_explain_request_init (&req, "gradcam");
  req.score = SL_SCORE_PROB;
  SlFaithOptions fo;
  sl_faith_options_init (&fo);
  fo.frac = 0.9;
  g_autoptr (SlJob) job = sl_faith_job_new (model, dataset, 0, limit, &req, 1, &fo);

  Ticker ticker = { .last = g_get_monotonic_time () };
  g_autoptr (GSource) timer = g_timeout_source_new (5);
  g_source_set_callback (timer, tick, &ticker, NULL);
  g_source_attach (timer, NULL);
  sl_job_pool_push (pool, job);
  const gboolean ok = sl_job_wait (job, &error);
  g_source_destroy (timer);

  const SlFaithTable *table = sl_job_get_result (job);
  if (!ok)
    printf ("job failed: %s\n", error->message);
  else
    printf ("Grad-CAM (prob) faithfulness job, HMT_test, %" G_GSIZE_FORMAT
            " tiles, frac 0.9: %.2f s "
            "(drop %.2f %%, increase %.2f %%), %u threads\n",
            table->n_done, sl_job_get_elapsed (job), 100 * table->drop_rate[0],
            100 * table->increase_rate[0], sl_parallel_threads (sl_job_pool_get_parallel (pool)));
  printf ("main loop: longest stall %.1f ms (goal ≤ 50 ms), %" G_GUINT64_FORMAT
          " firings of a 5 ms "
          "timeout\n",
          (double)ticker.max_gap / 1000.0, ticker.firings);
  return ok ? 0 : 1;
}
