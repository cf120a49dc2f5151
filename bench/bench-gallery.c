/* bench-gallery.c — the gallery at 100,000 samples (a 125,000-sample MNIST-1D variant's training
 * split, the demo model's predictions for all): time to the first painted frame, re-selection
 * under a filter, a batch of predictions, a jump to the end, and the process's memory. Needs a
 * display: run `xvfb-run -a build/bench/bench-gallery`. */
#include "datasets/sl-dataset-open.h"
#include "engine/sl-model-builtin.h"
#include "gallery/sl-gallery.h"
#include "jobs/sl-predict.h"

#include <stdio.h>

#define DATASET "mnist1d:train@num_samples=125000"

static double
now_ms (void)
{
  return (double)g_get_monotonic_time () / 1e3;
}

/* Resident memory of this process in MiB. */
static double
rss_mib (void)
{
  g_autofree char *statm = NULL;
  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return NAN;
  unsigned long size = 0, resident = 0;
  sscanf (statm, "%lu %lu", &size, &resident);
  return (double)resident * (double)sysconf (_SC_PAGESIZE) / (1 << 20);
}

static void
after_paint (GdkFrameClock *clock, double *t)
{
  if (*t == 0)
    *t = now_ms ();
}

/* Runs the main loop until *t is set (by a frame) or for `ms`. */
static void
run_until (double *t, double ms)
{
  const double end = now_ms () + ms;
  while ((!t || *t == 0) && now_ms () < end)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int argc, char **argv)
{
  gtk_init ();
  adw_init ();
  g_autoptr (GError) error = NULL;
  double t0 = now_ms ();
  g_autoptr (SlDataset) ds = sl_dataset_open (DATASET, NULL, &error);
  if (!ds)
    g_error ("%s", error->message);
  g_autoptr (SlModel) model = sl_model_load_builtin ("demo", &error);
  g_autofree float *logits = NULL, *probs = NULL;
  if (!model || !sl_predict_dataset (model, ds, 0, &logits, &probs, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  const gsize n = ds->n_samples, nc = ds->n_classes;
  printf ("dataset %s: %" G_GSIZE_FORMAT " samples, generated and predicted in %.0f ms\n", DATASET,
          n, now_ms () - t0);
  g_autoptr (SlPredictions) preds = sl_predictions_new (n, (guint)nc, ds->labels);
  sl_predictions_set_batch (preds, 0, n, probs);
  const double rss0 = rss_mib ();

  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 380, 900);
  SlGallery *gallery = SL_GALLERY (sl_gallery_new ());
  gtk_window_set_child (window, GTK_WIDGET (gallery));

  t0 = now_ms ();
  sl_gallery_set_data (gallery, ds, preds, (const char *const *)ds->class_names);
  const double t_set = now_ms () - t0;
  double t_paint = 0;
  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint), &t_paint);
  gtk_window_present (window);
  run_until (&t_paint, 10000);
  printf ("%-44s %9.1f ms\n", "set_data (select 100,000)", t_set);
  printf ("%-44s %9.1f ms\n", "first frame painted, from set_data", t_paint - t0);

  /* Thumbnails follow the first frame, on idle. */
  run_until (NULL, 1000);
  SlSampleFilter f;
  sl_sample_filter_init (&f);
  f.correctness = SL_CORRECT_WRONG_ONLY;
  t0 = now_ms ();
  sl_gallery_set_filter (gallery, &f);
  printf ("%-44s %9.1f ms  (%" G_GSIZE_FORMAT " shown)\n", "filter: wrong only", now_ms () - t0,
          sl_gallery_get_n_shown (gallery));
  t0 = now_ms ();
  sl_gallery_set_order (gallery, SL_ORDER_LOSS_DESC);
  printf ("%-44s %9.1f ms\n", "order: highest loss first", now_ms () - t0);
  t0 = now_ms ();
  sl_gallery_predictions_changed (gallery, 0, 1000);
  printf ("%-44s %9.1f ms\n", "a batch of 1000 predictions, filtered", now_ms () - t0);
  sl_sample_filter_init (&f);
  sl_gallery_set_filter (gallery, &f);
  sl_gallery_set_order (gallery, SL_ORDER_INDEX);
  run_until (NULL, 500);
  t0 = now_ms ();
  sl_gallery_predictions_changed (gallery, 0, 1000);
  printf ("%-44s %9.1f ms\n", "a batch of 1000 predictions, all shown", now_ms () - t0);

  /* Jump to the end and back: only the cells near the view are made. */
  t0 = now_ms ();
  sl_gallery_select (gallery, n - 1);
  double t_jump = 0;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint), &t_jump);
  run_until (&t_jump, 5000);
  printf ("%-44s %9.1f ms\n", "select the last sample, painted", t_jump - t0);
  for (gsize i = 0; i < n; i += n / 50)
    {
      sl_gallery_select (gallery, i);
      run_until (NULL, 20);
    }
  run_until (NULL, 1000);
  printf ("%-44s %9.1f MiB (dataset and predictions: %.1f MiB)\n",
          "resident memory after visiting 50 places", rss_mib (), rss0);

  gtk_window_destroy (window);
  run_until (NULL, 100);
  return 0;
}
