/* test-train-mnist1d.c — the course's MNIST-1D CNN trained from scratch on the built-in train split
 * reaches at least 0.90 test accuracy (the course's own model: 0.877). Slow: suite 'train' only. */
#include "datasets/sl-mnist1d.h"
#include "train/sl-presets.h"
#include "train/sl-trainer.h"
#include "sl-test-util.h"

static void
print_epoch (const SlEpochStats *s, gpointer data)
{
  g_test_message ("epoch %2u  loss %.4f  acc %.4f  lr %g  %.2f s", s->epoch + 1, s->loss, s->acc,
                  s->lr, s->seconds);
}

static void
test_from_scratch (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) train = sl_mnist1d_dataset_new (NULL, TRUE, &error);
  g_assert_no_error (error);
  g_autoptr (SlDataset) test = sl_mnist1d_dataset_new (NULL, FALSE, &error);
  g_assert_no_error (error);
  g_autoptr (SlModel) model = sl_preset_model_new ("mnist1d-cnn", &error);
  g_assert_no_error (error);
  /* The demo model's recipe (resources/models/README.md). */
  SlTrainOptions o;
  sl_train_options_init (&o);
  o.epochs = 30;
  o.batch_size = 32;
  o.momentum = 0.9;
  o.seed = 0;
  sl_schedule_init_constant (&o.schedule, 0.02);
  g_autoptr (SlTrainer) t = sl_trainer_new (model, &o, &error);
  g_assert_no_error (error);
  sl_trainer_init_weights (t, 0);
  sl_trainer_set_callbacks (t, NULL, print_epoch, NULL);
  const gint64 start = g_get_monotonic_time ();
  g_assert_true (sl_trainer_fit (t, train, NULL, &error));
  g_assert_no_error (error);
  const double seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  double loss, acc;
  g_assert_true (sl_trainer_evaluate (t, test, 0, 0, &loss, &acc, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("test accuracy %.4f, loss %.4f, trained in %.1f s", acc, loss, seconds);
  g_assert_cmpfloat (acc, >=, 0.90);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/mnist1d/from-scratch", test_from_scratch);
  return g_test_run ();
}
