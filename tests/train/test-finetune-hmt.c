/* test-finetune-hmt.c — fine-tuning only the last layer of the course's HMT.h5 on a subsample of
 * HMT_train_subset runs and lowers the training loss. Slow: suite 'train' only. */
#include "datasets/images/sl-image-folder.h"
#include "train/sl-trainer.h"
#include "sl-test-util.h"

#define EVERY 10 /* 32 of the 320 tiles, four of each class */

static void
test_last_layer (void)
{
  g_autofree char *model_path = sl_test_shared ("models/HMT.h5");
  g_autofree char *folder = model_path ? sl_test_shared ("data/hmt/HMT_train_subset") : NULL;
  if (!folder)
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_load (model_path, &error);
  g_assert_no_error (error);
  SlImageFolderOptions io;
  sl_image_folder_options_init (&io);
  io.width = io.height = 224;
  g_autoptr (SlDataset) ds = sl_image_folder_open (folder, &io, &error);
  g_assert_no_error (error);
  gsize idx[64], n = 0;
  for (gsize i = 0; i < ds->n_samples && n < G_N_ELEMENTS (idx); i += EVERY)
    idx[n++] = i;

  g_autofree gboolean *frozen = g_new0 (gboolean, model->n_layers);
  for (guint i = 0; i + 1 < model->n_layers; i++)
    frozen[i] = TRUE;
  SlTrainOptions o;
  sl_train_options_init (&o);
  o.epochs = 2;
  o.batch_size = 8;
  o.momentum = 0.9;
  o.frozen = frozen;
  sl_schedule_init_constant (&o.schedule, 0.003);
  g_autoptr (SlTrainer) t = sl_trainer_new (model, &o, &error);
  g_assert_no_error (error);
  g_autofree float *conv = g_memdup2 (model->layers[3].kernel, 3 * 3 * 32 * 64 * sizeof (float));
  g_autofree float *dense = g_memdup2 (model->layers[7].kernel, 64 * 8 * sizeof (float));

  /* The loss on the same tiles (no augmentation) before and after. */
  g_autoptr (SlTrainer) probe = sl_trainer_new (model, NULL, &error);
  g_assert_no_error (error);
  double before = 0, after = 0;
  for (gsize i = 0; i < n; i++)
    {
      double l, a;
      g_assert_true (sl_trainer_evaluate (probe, ds, idx[i], 1, &l, &a, NULL, &error));
      before += l / (double) n;
    }
  g_assert_true (sl_trainer_fit_subset (t, ds, idx, n, NULL, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    {
      double l, a;
      g_assert_true (sl_trainer_evaluate (probe, ds, idx[i], 1, &l, &a, NULL, &error));
      after += l / (double) n;
    }
  guint ne;
  const SlEpochStats *h = sl_trainer_get_history (t, &ne);
  g_test_message ("%" G_GSIZE_FORMAT " tiles: loss %.4f → %.4f (epochs: %.4f, %.4f; %.1f + %.1f s)",
                  n, before, after, h[0].loss, h[1].loss, h[0].seconds, h[1].seconds);
  g_assert_cmpfloat (after, <, before);
  g_assert_cmpfloat (h[1].loss, <, h[0].loss);
  g_assert_cmpmem (conv, 3 * 3 * 32 * 64 * sizeof (float), model->layers[3].kernel,
                   3 * 3 * 32 * 64 * sizeof (float));
  g_assert_true (memcmp (dense, model->layers[7].kernel, 64 * 8 * sizeof (float)) != 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/hmt/fine-tune-last-layer", test_last_layer);
  return g_test_run ();
}
