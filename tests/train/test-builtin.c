/* test-builtin.c — the built-in demo model opens from the library's resources, is the course's
 * architecture, and classifies the built-in MNIST-1D test split at least 0.90 correctly. */
#include "core/sl-error.h"
#include "datasets/sl-mnist1d.h"
#include "engine/sl-model-builtin.h"
#include "train/sl-presets.h"
#include "train/sl-trainer.h"
#include "sl-test-util.h"

static void
test_demo (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_load_builtin ("demo", &error);
  g_assert_no_error (error);
  g_assert_null (model->path);
  g_autofree char *preset = sl_preset_config ("mnist1d-cnn", &error);
  g_assert_cmpstr (model->config_json, ==, preset);
  g_assert_cmpuint (model->total_params, ==, 13960);
  g_autoptr (SlDataset) test = sl_mnist1d_dataset_new (NULL, FALSE, &error);
  g_assert_no_error (error);
  g_autoptr (SlTrainer) t = sl_trainer_new (model, NULL, &error);
  g_assert_no_error (error);
  double loss, acc;
  g_assert_true (sl_trainer_evaluate (t, test, 0, 0, &loss, &acc, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("demo model: test accuracy %.4f", acc);
  g_assert_cmpfloat (acc, >=, 0.90);
  g_assert_cmpstr (sl_model_builtin_names ()[0], ==, "demo");
}

static void
test_unknown (void)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (sl_model_load_builtin ("nope", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "nope"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/builtin/demo", test_demo);
  g_test_add_func ("/train/builtin/unknown", test_unknown);
  return g_test_run ();
}
