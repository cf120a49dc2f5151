/* test-train-loop.c — the training loop's behaviour: seeded runs repeat exactly, callbacks report,
 * cancellation stops it, a saved state resumes bit-exactly, validation takes the last samples,
 * early stopping restores the best weights, frozen layers stay fixed, and bad options are refused.
 */
#include "core/sl-error.h"
#include "engine/sl-run.h"
#include "train/sl-trainer.h"
#include "sl-test-util.h"
#include "train-fixtures.h"

#include <glib/gstdio.h>
#include <math.h>

static SlModel *
small_cnn (void)
{
  g_autofree char *json = sequential_json ("16, 1", SMALL_CNN_LAYERS);
  g_autoptr (GError) error = NULL;
  SlModel *model = sl_model_new_from_json (json, "small", &error);
  g_assert_no_error (error);
  return model;
}

static void
base_options (SlTrainOptions *o)
{
  sl_train_options_init (o);
  o->epochs = 4;
  o->batch_size = 8;
  o->momentum = 0.9;
  o->seed = 3;
  sl_schedule_init_constant (&o->schedule, 0.05);
}

static SlTrainer *
trained (SlModel *model, const SlTrainOptions *o, SlDataset *ds)
{
  g_autoptr (GError) error = NULL;
  SlTrainer *t = sl_trainer_new (model, o, &error);
  g_assert_no_error (error);
  sl_trainer_init_weights (t, 1);
  g_assert_true (sl_trainer_fit (t, ds, NULL, &error));
  g_assert_no_error (error);
  return t;
}

static void
assert_same_params (const SlModel *a, const SlModel *b)
{
  g_assert_cmpmem (a->layers[0].kernel, 12 * sizeof (float), b->layers[0].kernel,
                   12 * sizeof (float));
  g_assert_cmpmem (a->layers[2].kernel, 256 * sizeof (float), b->layers[2].kernel,
                   256 * sizeof (float));
  g_assert_cmpmem (a->layers[2].bias, 4 * sizeof (float), b->layers[2].bias, 4 * sizeof (float));
}

typedef struct
{
  guint batches, epochs;
  GCancellable *cancel_at_batch; /* cancelled after this many batches */
  guint cancel_after;
} Counter;

static void
on_batch (const SlBatchStats *s, gpointer data)
{
  Counter *c = data;
  c->batches++;
  g_assert_cmpuint (s->batch, <, s->n_batches);
  g_assert_true (isfinite (s->loss) && s->acc >= 0 && s->acc <= 1);
  if (c->cancel_at_batch && c->batches == c->cancel_after)
    g_cancellable_cancel (c->cancel_at_batch);
}

static void
on_epoch (const SlEpochStats *s, gpointer data)
{
  Counter *c = data;
  g_assert_cmpuint (s->epoch, ==, c->epochs);
  c->epochs++;
}

static void
test_deterministic_and_learns (void)
{
  g_autoptr (SlDataset) ds = random_signal_dataset (120, 16, 1);
  g_autoptr (SlModel) a = small_cnn ();
  g_autoptr (SlModel) b = small_cnn ();
  SlTrainOptions o;
  base_options (&o);
  o.epochs = 12;
  g_autoptr (SlTrainer) ta = trained (a, &o, ds);
  g_autoptr (SlTrainer) tb = trained (b, &o, ds);
  assert_same_params (a, b);
  guint n;
  const SlEpochStats *h = sl_trainer_get_history (ta, &n);
  g_assert_cmpuint (n, ==, 12);
  g_assert_cmpfloat (h[11].loss, <, h[0].loss);
  g_assert_cmpfloat (h[11].acc, >, 0.6);
  g_assert_true (isnan (h[0].val_loss));
  g_assert_cmpint (sl_trainer_get_iterations (ta), ==, 12 * 15);
  /* The reported accuracy of the last epoch is close to a fresh evaluation's (weights move little).
   */
  double loss, acc;
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_trainer_evaluate (ta, ds, 0, 0, &loss, &acc, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (acc - h[11].acc), <, 0.1);
}

static void
test_callbacks_and_cancel (void)
{
  g_autoptr (SlDataset) ds = random_signal_dataset (40, 16, 2);
  g_autoptr (SlModel) model = small_cnn ();
  SlTrainOptions o;
  base_options (&o);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlTrainer) t = sl_trainer_new (model, &o, &error);
  g_assert_no_error (error);
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  Counter c = { 0, 0, cancel, 7 };
  sl_trainer_set_callbacks (t, on_batch, on_epoch, &c);
  /* 40 samples, batch 8: 5 batches an epoch; cancelled after the 7th, in epoch 2. */
  g_assert_false (sl_trainer_fit (t, ds, cancel, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CANCELLED);
  g_assert_cmpuint (c.batches, ==, 7);
  g_assert_cmpuint (c.epochs, ==, 1);
  g_assert_cmpuint (sl_trainer_get_epoch (t), ==, 1);
  g_assert_cmpint (sl_trainer_get_iterations (t), ==, 7);
}

static void
test_resume (void)
{
  g_autoptr (SlDataset) ds = random_signal_dataset (60, 16, 3);
  SlTrainOptions o;
  base_options (&o);
  o.validation_split = 0.25;
  o.patience = 10;
  o.restore_best = TRUE;
  g_autoptr (SlModel) straight = small_cnn ();
  g_autoptr (SlTrainer) ts = trained (straight, &o, ds);

  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-train-state-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "state.h5", NULL);
  /* Two epochs, saved by the checkpoint option … */
  g_autoptr (SlModel) first = small_cnn ();
  SlTrainOptions o2 = o;
  o2.epochs = 2;
  o2.checkpoint = path;
  g_autoptr (SlTrainer) t1 = trained (first, &o2, ds);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  /* … then a fresh trainer (another seed: the state's wins) resumes to four. */
  g_autoptr (SlModel) second = small_cnn ();
  SlTrainOptions o3 = o;
  o3.seed = 99;
  g_autoptr (SlTrainer) t2 = sl_trainer_new (second, &o3, &error);
  g_assert_no_error (error);
  g_assert_true (sl_trainer_load_state (t2, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_trainer_get_epoch (t2), ==, 2);
  g_assert_true (sl_trainer_fit (t2, ds, NULL, &error));
  g_assert_no_error (error);
  assert_same_params (straight, second);
  g_assert_cmpmem (sl_trainer_get_velocity (ts, 2, FALSE), 256 * sizeof (float),
                   sl_trainer_get_velocity (t2, 2, FALSE), 256 * sizeof (float));
  guint na, nb;
  const SlEpochStats *ha = sl_trainer_get_history (ts, &na), *hb = sl_trainer_get_history (t2, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint e = 0; e < na; e++)
    {
      g_assert_cmpfloat (ha[e].loss, ==, hb[e].loss);
      g_assert_cmpfloat (ha[e].val_loss, ==, hb[e].val_loss);
    }
  g_assert_cmpint (sl_trainer_get_iterations (ts), ==, sl_trainer_get_iterations (t2));

  /* A state of another model is refused, naming the file. */
  g_autofree char *json = sequential_json (
      "16, 1", LAYER ("Flatten", "f", "") ", " LAYER ("Dense", "d", ", \"units\": 4"));
  g_autoptr (SlModel) other = sl_model_new_from_json (json, "other", &error);
  g_autoptr (SlTrainer) t3 = sl_trainer_new (other, &o, &error);
  g_assert_no_error (error);
  g_assert_false (sl_trainer_load_state (t3, path, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "state.h5"));
  g_unlink (path);
  g_rmdir (dir);
}

/* Validation is the last fraction: with labels that differ only there, val accuracy shows it. */
static void
test_validation_split (void)
{
  g_autoptr (SlDataset) ds = random_signal_dataset (50, 16, 4);
  SlTrainOptions o;
  base_options (&o);
  o.epochs = 1;
  o.validation_split = 0.2;
  g_autoptr (SlModel) a = small_cnn ();
  g_autoptr (SlTrainer) ta = trained (a, &o, ds);
  guint n;
  const SlEpochStats *h = sl_trainer_get_history (ta, &n);
  /* Keras: floor(50 · 0.8) = 40 training samples (5 batches), the last 10 validate. */
  g_assert_cmpint (sl_trainer_get_iterations (ta), ==, 5);
  double loss, acc;
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_trainer_evaluate (ta, ds, 40, 10, &loss, &acc, NULL, &error));
  g_assert_cmpfloat_with_epsilon (loss, h[0].val_loss, 1e-9);
  g_assert_cmpfloat (acc, ==, h[0].val_acc);
}

static void
test_early_stopping (void)
{
  /* Random labels: val_loss stops improving quickly with a large learning rate. */
  g_autoptr (SlDataset) ds = random_signal_dataset (40, 16, 5);
  for (gsize i = 0; i < 40; i++)
    ds->labels[i] = (gint) ((i * 7) % 4);
  SlTrainOptions o;
  base_options (&o);
  o.epochs = 60;
  o.validation_split = 0.25;
  o.patience = 2;
  o.restore_best = TRUE;
  sl_schedule_init_constant (&o.schedule, 0.3);
  g_autoptr (SlModel) model = small_cnn ();
  g_autoptr (SlTrainer) t = trained (model, &o, ds);
  g_assert_true (sl_trainer_stopped_early (t));
  guint n;
  const SlEpochStats *h = sl_trainer_get_history (t, &n);
  g_assert_cmpuint (n, <, 60);
  guint best = 0;
  for (guint e = 0; e < n; e++)
    if (h[e].val_loss < h[best].val_loss)
      best = e;
  /* Stopped `patience` epochs after the best, with the best epoch's weights back. */
  g_assert_cmpuint (n - 1, ==, best + 2);
  double loss, acc;
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_trainer_evaluate (t, ds, 30, 10, &loss, &acc, NULL, &error));
  g_assert_cmpfloat_with_epsilon (loss, h[best].val_loss, 1e-9);
}

static void
test_frozen_and_class_weights (void)
{
  g_autoptr (SlDataset) ds = random_signal_dataset (40, 16, 6);
  SlTrainOptions o;
  base_options (&o);
  const gboolean frozen[3] = { TRUE, FALSE, FALSE };
  const float weights[4] = { 1, 0, 0, 0 }; /* only class 0 counts */
  o.frozen = frozen;
  o.class_weights = weights;
  g_autoptr (SlModel) model = small_cnn ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlTrainer) t = sl_trainer_new (model, &o, &error);
  g_assert_no_error (error);
  sl_trainer_init_weights (t, 2);
  g_autofree float *k0 = g_memdup2 (model->layers[0].kernel, 12 * sizeof (float));
  g_autofree float *d0 = g_memdup2 (model->layers[2].kernel, 256 * sizeof (float));
  g_assert_true (sl_trainer_fit (t, ds, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (k0, 12 * sizeof (float), model->layers[0].kernel, 12 * sizeof (float));
  g_assert_true (memcmp (d0, model->layers[2].kernel, 256 * sizeof (float)) != 0);
  g_assert_false (sl_trainer_layer_trainable (t, 0));
  g_assert_null (sl_trainer_get_velocity (t, 0, FALSE));
  /* With only class 0 weighted, the model learns to call everything 0. */
  g_autofree float *x = g_new (float, 40 * 16);
  g_assert_true (sl_dataset_get_batch (ds, 0, 40, x, &error));
  g_autoptr (SlRun) run = sl_run_new (model, 40);
  g_assert_true (sl_run_forward (run, x, 40, &error));
  guint zeros = 0;
  for (gsize i = 0; i < 40; i++)
    {
      const float *z = sl_run_logits (run) + 4 * i;
      zeros += z[0] >= z[1] && z[0] >= z[2] && z[0] >= z[3];
    }
  g_assert_cmpuint (zeros, ==, 40);
}

/* Image augmentation runs inside the loop, and a seed still repeats the run exactly. */
static void
test_augmented_images (void)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (8);
  const gsize n = 24, shape[3] = { 8, 8, 3 };
  g_autofree float *x = g_new (float, n * 192);
  g_autofree gint *y = g_new (gint, n);
  for (gsize i = 0; i < n; i++)
    {
      y[i] = (gint) (i % 2);
      for (gsize k = 0; k < 192; k++)
        x[i * 192 + k]
            = (float) g_rand_double_range (rng, 0, 1) + (k % 3 == (gsize) y[i] ? 0.5f : 0.0f);
    }
  g_autoptr (SlDataset) ds = memory_dataset_new (n, 3, shape, 2, x, y);
  /* clang-format off */
  g_autofree char *json = sequential_json ("8, 8, 3",
    LAYER ("Conv2D", "c", ", \"filters\": 4, \"kernel_size\": [3, 3], \"activation\": \"relu\"") ", "
    LAYER ("GlobalAveragePooling2D", "g", "") ", "
    LAYER ("Dense", "d", ", \"units\": 2, \"activation\": \"softmax\""));
  /* clang-format on */
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) a = sl_model_new_from_json (json, "images", &error);
  g_autoptr (SlModel) b = sl_model_new_from_json (json, "images", &error);
  g_assert_no_error (error);
  SlTrainOptions o;
  base_options (&o);
  o.epochs = 3;
  g_assert_true (
      sl_augment_options_parse ("flip,rotate=15,shift=0.1,shear=5,zoom=0.1", &o.augment, &error));
  g_autoptr (SlTrainer) ta = trained (a, &o, ds);
  g_autoptr (SlTrainer) tb = trained (b, &o, ds);
  g_assert_cmpmem (a->layers[0].kernel, 108 * sizeof (float), b->layers[0].kernel,
                   108 * sizeof (float));
  guint ne;
  const SlEpochStats *h = sl_trainer_get_history (ta, &ne);
  g_assert_cmpuint (ne, ==, 3);
  g_assert_true (isfinite (h[2].loss));
  /* Signals cannot be augmented. */
  g_autoptr (SlDataset) signals = random_signal_dataset (8, 16, 1);
  g_autoptr (SlModel) c = small_cnn ();
  g_autoptr (SlTrainer) tc = sl_trainer_new (c, &o, &error);
  g_assert_no_error (error);
  g_assert_false (sl_trainer_fit (tc, signals, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
}

static void
test_bad_options (void)
{
  g_autoptr (SlModel) model = small_cnn ();
  g_autoptr (GError) error = NULL;
  SlTrainOptions o;
  base_options (&o);
  o.patience = 3; /* without validation */
  g_assert_null (sl_trainer_new (model, &o, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  base_options (&o);
  o.momentum = 1.5;
  g_assert_null (sl_trainer_new (model, &o, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  base_options (&o);
  const gboolean all[3] = { TRUE, TRUE, TRUE };
  o.frozen = all;
  g_assert_null (sl_trainer_new (model, &o, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  /* Dropout with a rate is refused; trainable: false in the config freezes a layer. */
  /* clang-format off */
  g_autofree char *json = sequential_json ("16, 1",
    LAYER ("Flatten", "f", "") ", "
    LAYER ("Dropout", "dr", ", \"rate\": 0.5") ", "
    LAYER ("Dense", "d", ", \"units\": 4"));
  /* clang-format on */
  g_autoptr (SlModel) dropout = sl_model_new_from_json (json, "dropout", &error);
  g_assert_no_error (error);
  base_options (&o);
  g_assert_null (sl_trainer_new (dropout, &o, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_autofree char *json2 = sequential_json (
      "16, 1",
      LAYER ("Flatten", "f", "") ", " LAYER ("Dense", "d", ", \"units\": 4, \"trainable\": false"));
  g_autoptr (SlModel) frozen = sl_model_new_from_json (json2, "frozen", &error);
  g_assert_no_error (error);
  g_assert_null (sl_trainer_new (frozen, &o, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  /* A dataset of another shape or class count, and a split that leaves nothing. */
  g_autoptr (SlTrainer) t = sl_trainer_new (model, &o, &error);
  g_assert_no_error (error);
  g_autoptr (SlDataset) wrong = random_signal_dataset (10, 12, 1);
  g_assert_false (sl_trainer_fit (t, wrong, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_SHAPE);
  g_clear_error (&error);
  g_autoptr (SlDataset) tiny = random_signal_dataset (1, 16, 1);
  base_options (&o);
  o.validation_split = 0.5;
  g_autoptr (SlTrainer) t2 = sl_trainer_new (model, &o, &error);
  g_assert_false (sl_trainer_fit (t2, tiny, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/loop/deterministic", test_deterministic_and_learns);
  g_test_add_func ("/train/loop/cancel", test_callbacks_and_cancel);
  g_test_add_func ("/train/loop/resume", test_resume);
  g_test_add_func ("/train/loop/validation-split", test_validation_split);
  g_test_add_func ("/train/loop/early-stopping", test_early_stopping);
  g_test_add_func ("/train/loop/frozen-class-weights", test_frozen_and_class_weights);
  g_test_add_func ("/train/loop/augmented-images", test_augmented_images);
  g_test_add_func ("/train/loop/bad-options", test_bad_options);
  return g_test_run ();
}
