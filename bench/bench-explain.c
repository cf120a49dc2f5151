/* bench-explain.c — the time of one explanation for every method on MNIST1D.h5 and HMT.h5, beside one
 * forward pass measured in the same run, and the time of the Grad-CAM drop/increase table on each
 * whole test set. Prints Markdown tables (the README's). `bench-explain --quick` skips the slowest
 * HMT methods (RISE, Kernel SHAP, LIME). */
#include "core/sl-parallel.h"
#include "datasets/sl-dataset-open.h"
#include "engine/sl-run.h"
#include "explain/sl-explain.h"
#include "explain/sl-faithfulness.h"

#include <stdio.h>
#include <string.h>

static double
now (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

/* Best time of `repeats` forward passes of one sample. */
static double
forward_time (const SlModel *model, SlParallel *parallel, const float *x, int repeats)
{
  g_autoptr (SlRun) run = sl_run_new (model, 1);
  sl_run_set_parallel (run, parallel);
  double best = G_MAXDOUBLE;
  for (int r = 0; r <= repeats; r++)
    {
      const double t0 = now ();
      sl_run_forward (run, x, 1, NULL);
      if (r > 0)
        best = MIN (best, now () - t0);
    }
  return best;
}

static void
bench_model (const char *title, const char *model_path, const char *dataset_spec, double frac, gboolean quick)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_load (model_path, &error);
  if (!model)
    {
      printf ("%s: skipped (%s)\n\n", title, error->message);
      return;
    }
  SlImageFolderOptions image;
  sl_image_folder_options_init (&image);
  const SlDatasetOpenOptions options = { .image = &image };
  g_autoptr (SlDataset) dataset = sl_dataset_open (dataset_spec, &options, &error);
  if (!dataset)
    {
      printf ("%s: skipped (%s)\n\n", title, error->message);
      return;
    }
  g_autofree float *x = g_new (float, sl_dataset_sample_size (dataset));
  sl_dataset_get_sample (dataset, 0, x, NULL);
  g_autoptr (SlParallel) parallel = sl_parallel_new (0);
  const double fwd = forward_time (model, parallel, x, 10);

  printf ("### %s\n\none forward pass: %.2f ms\n\n", title, fwd * 1e3);
  printf ("| method | time per explanation | × forward |\n|---|---:|---:|\n");
  g_autoptr (SlExplainer) explainer = sl_explainer_new (model);
  sl_explainer_set_parallel (explainer, parallel);
  guint n;
  const SlMethod *const *methods = sl_method_list (&n);
  for (guint i = 0; i < n; i++)
    {
      const char *name = methods[i]->name;
      if (quick && model->input.rank == 3
          && (!strcmp (name, "rise") || !strcmp (name, "kernel-shap") || !strcmp (name, "lime")))
        continue;
      SlExplainRequest req;
      sl_explain_request_init (&req, name);
      /* Cheap methods: best of several; slow ones: one run. */
      double best = G_MAXDOUBLE;
      for (int r = 0; r < 3; r++)
        {
          const double t0 = now ();
          g_autoptr (SlExplanation) e = sl_explainer_explain (explainer, x, &req, NULL, NULL, NULL, &error);
          const double t = now () - t0;
          if (!e)
            {
              printf ("| %s | failed: %s | |\n", methods[i]->display_name, error->message);
              g_clear_error (&error);
              break;
            }
          best = MIN (best, t);
          if (t > 0.5)
            break;
        }
      if (best < G_MAXDOUBLE)
        printf ("| %s | %.2f ms | %.1f |\n", methods[i]->display_name, best * 1e3, best / fwd);
      fflush (stdout);
    }

  SlFaithOptions fo;
  sl_faith_options_init (&fo);
  fo.frac = frac;
  fo.parallel = parallel;
  SlExplainRequest req;
  sl_explain_request_init (&req, "gradcam");
  req.score = SL_SCORE_PROB;
  const double t0 = now ();
  g_autoptr (SlFaithTable) table
      = sl_faithfulness_dataset (model, dataset, 0, 0, &req, 1, &fo, NULL, NULL, NULL, &error);
  const double t = now () - t0;
  if (table)
    printf ("\nGrad-CAM (prob) drop/increase table on all %" G_GSIZE_FORMAT " samples (frac %.1f): %.2f s "
            "(drop %.2f %%, increase %.2f %%)\n\n",
            table->n_samples, frac, t, 100 * table->drop_rate[0], 100 * table->increase_rate[0]);
  else
    printf ("\ntable failed: %s\n\n", error->message);
}

int
main (int argc, char **argv)
{
  const gboolean quick = argc > 1 && !strcmp (argv[1], "--quick");
  const char *shared = SL_SHARED_DIR;
  g_autofree char *mnist = g_build_filename (shared, "models", "MNIST1D.h5", NULL);
  g_autofree char *hmt = g_build_filename (shared, "models", "HMT.h5", NULL);
  g_autofree char *tiles = g_build_filename (shared, "data", "hmt", "HMT_test", NULL);
  printf ("## Explanations (%u cores)\n\n", g_get_num_processors ());
  bench_model ("MNIST1D.h5 on the built-in MNIST-1D test set", mnist, "mnist1d", 0.3, quick);
  bench_model ("HMT.h5 on HMT_test (224×224 tiles)", hmt, tiles, 0.9, quick);
  return 0;
}
