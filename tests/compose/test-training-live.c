/* test-training-live.c — a run's live curves: batches and epochs in order, a resumed epoch
 * replacing its unfinished points, the time per epoch and left, and its figure; a trainer keeps
 * the best validation weights for a stopped run. */
#include "sl-test-util.h"

#include "compose/sl-open.h"
#include "compose/sl-training-history.h"
#include "train/sl-presets.h"

#include <math.h>

static void
add_batches (SlTrainingLive *live, guint epoch, gsize from, gsize to, gsize n)
{
  for (gsize b = from; b < to; b++)
    {
      const SlBatchStats s = { epoch, b, n, 2.0 - 0.1 * epoch - 0.01 * b, 0.1 * epoch + 0.01 * b };
      sl_training_live_add_batch (live, &s);
    }
}

static void
add_epoch (SlTrainingLive *live, guint epoch, double seconds)
{
  const SlEpochStats s = { epoch, 2.0 - 0.1 * epoch, 0.1 * epoch, NAN, NAN, 0.01, seconds };
  sl_training_live_add_epoch (live, &s);
}

static void
test_live_points (void)
{
  g_autoptr (SlTrainingLive) live = sl_training_live_new ();
  double per_epoch, left;
  g_assert_false (sl_training_live_timing (live, 10, &per_epoch, &left));
  g_assert_cmpfloat (left, ==, -1);

  add_batches (live, 0, 0, 4, 4);
  add_epoch (live, 0, 2.0);
  add_batches (live, 1, 0, 4, 4);
  add_epoch (live, 1, 4.0);
  add_batches (live, 2, 0, 2, 4); /* stopped half-way through epoch 3 */
  g_assert_cmpuint (sl_training_live_get_n_batches (live), ==, 10);
  guint n = 0;
  const SlEpochStats *epochs = sl_training_live_get_epochs (live, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (epochs[1].loss, ==, 1.9);
  g_assert_true (sl_training_live_timing (live, 10, &per_epoch, &left));
  g_assert_cmpfloat (per_epoch, ==, 3.0);
  g_assert_cmpfloat_with_epsilon (left, 7.5 * 3.0, 1e-12);

  /* Resumed: epoch 3 runs again from its first batch, replacing the half-epoch's points. */
  add_batches (live, 2, 0, 1, 4);
  g_assert_cmpuint (sl_training_live_get_n_batches (live), ==, 9);
  SlTrainingFigure fig;
  sl_training_live_figure (live, "Live", &fig);
  g_assert_cmpuint (fig.n_batches, ==, 9);
  g_assert_cmpfloat (fig.batch_x[3], ==, 1.0); /* epoch 1's last batch meets its epoch point */
  g_assert_cmpfloat (fig.batch_x[8], ==, 2.25);
  g_assert_cmpuint (fig.n_epochs, ==, 2);
  g_assert_nonnull (fig.train_loss);
  g_assert_null (fig.val_loss); /* no validation: no series */

  /* An epoch seen again replaces it and what followed. */
  add_epoch (live, 1, 5.0);
  epochs = sl_training_live_get_epochs (live, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (epochs[1].seconds, ==, 5.0);

  /* It draws (batches only, and both) without complaint. */
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 280);
  cairo_t *cr = cairo_create (surface);
  sl_training_live_set_title (live, "Training");
  sl_training_live_draw (cr, 640, 280, live);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  sl_training_live_clear (live);
  add_batches (live, 0, 0, 3, 4);
  sl_training_live_draw (cr, 640, 280, live);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* With restore_best and no patience, the trainer keeps the lowest-val_loss weights for a run that
 * is stopped by hand. */
static void
test_restore_best (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_preset_model_new ("mnist1d-cnn", &error);
  g_assert_no_error (error);
  g_autoptr (SlDataset) data = sl_open_dataset ("mnist1d:train", model, &error);
  g_assert_no_error (error);
  SlTrainOptions o;
  g_assert_true (sl_preset_recipe ("mnist1d-cnn", &o, NULL));
  o.epochs = 3;
  o.validation_split = 0.2;
  o.restore_best = TRUE;
  g_autoptr (SlTrainer) trainer = sl_trainer_new (model, &o, &error);
  g_assert_no_error (error);
  g_assert_false (sl_trainer_restore_best (trainer)); /* nothing kept yet */
  sl_trainer_init_weights (trainer, 0);
  g_assert_true (sl_trainer_fit (trainer, data, NULL, &error));
  g_assert_no_error (error);
  guint n = 0;
  const SlEpochStats *h = sl_trainer_get_history (trainer, &n);
  g_assert_cmpuint (n, ==, 3);
  guint best = 0;
  for (guint e = 1; e < n; e++)
    if (h[e].val_loss < h[best].val_loss)
      best = e;
  /* The model now holds the last epoch's weights; restoring gives the best epoch's val_loss. */
  g_assert_true (sl_trainer_restore_best (trainer));
  const gsize n_val = data->n_samples - (gsize)(data->n_samples * 0.8);
  double loss, acc;
  g_assert_true (
      sl_trainer_evaluate (trainer, data, data->n_samples - n_val, 0, &loss, &acc, NULL, &error));
  g_test_message ("best epoch %u: val_loss %.6f, again %.6f", best + 1, h[best].val_loss, loss);
  g_assert_cmpfloat_with_epsilon (loss, h[best].val_loss, 1e-4 * fabs (loss) + 1e-6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compose/training-live/points", test_live_points);
  g_test_add_func ("/compose/training-live/restore-best", test_restore_best);
  return g_test_run ();
}
