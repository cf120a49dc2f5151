/* test-presets.c — a preset's defaults are its recipe: the settings that train it well. */
#include "sl-test-util.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "train/sl-presets.h"

#include <json-glib/json-glib.h>

static void
test_mnist1d_recipe (void)
{
  SlTrainOptions o;
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_preset_recipe ("mnist1d-cnn", &o, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (o.epochs, ==, 30);
  g_assert_cmpuint (o.batch_size, ==, 32);
  g_assert_cmpint (o.schedule.kind, ==, SL_SCHEDULE_CONSTANT);
  g_assert_cmpfloat (o.schedule.lr, ==, 0.02);
  g_assert_cmpfloat (sl_schedule_lr (&o.schedule, 29), ==, 0.02);
  g_assert_cmpfloat (o.momentum, ==, 0.9);
  g_assert_false (o.nesterov);
  g_assert_cmpuint (o.seed, ==, 0);
  g_assert_true (o.shuffle);
  g_assert_cmpfloat (o.validation_split, ==, 0);
  g_assert_false (sl_augment_options_active (&o.augment));
  g_assert_cmpstr (sl_preset_dataset ("mnist1d-cnn"), ==, "mnist1d:train");
}

static void
test_hmt_recipe (void)
{
  SlTrainOptions o;
  g_assert_true (sl_preset_recipe ("hmt-vgg7", &o, NULL));
  g_assert_cmpuint (o.epochs, ==, 120);
  g_assert_cmpuint (o.batch_size, ==, 32);
  g_assert_cmpint (o.schedule.kind, ==, SL_SCHEDULE_CONSTANT);
  g_assert_cmpfloat (o.schedule.lr, ==, 0.01);
  g_assert_cmpfloat (o.momentum, ==, 0);
  g_assert_false (sl_augment_options_active (&o.augment));
  g_assert_null (sl_preset_dataset ("hmt-vgg7"));
  /* 120 epochs of ⌊4504 / 32⌋ steps: the optimizer steps HMT.h5 records. */
  g_assert_cmpuint (o.epochs * (4504 / o.batch_size), ==, 16800);
}

/* The recipe agrees with what the course's HMT.h5 says of its optimizer. */
static void
test_hmt_recipe_matches_course (void)
{
  g_autofree char *path = sl_test_shared ("models/HMT.h5");
  if (!path)
    {
      g_test_skip ("no course material");
      return;
    }
  g_autoptr (GError) error = NULL;
  hid_t f = sl_h5_open_read (path, &error);
  g_assert_no_error (error);
  g_autofree char *text = sl_h5_read_string_attr (f, "training_config", path, &error);
  sl_h5_close (f);
  g_assert_no_error (error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  JsonObject *sgd = json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                     "optimizer_config"),
      "config");
  SlTrainOptions o;
  g_assert_true (sl_preset_recipe ("hmt-vgg7", &o, NULL));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (sgd, "learning_rate"),
                                  o.schedule.lr, 1e-8);
  g_assert_cmpfloat (json_object_get_double_member (sgd, "momentum"), ==, o.momentum);
  g_assert_cmpint (json_object_get_boolean_member (sgd, "nesterov"), ==, o.nesterov);
}

static void
test_unknown (void)
{
  SlTrainOptions o;
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_preset_recipe ("resnet", &o, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/presets/mnist1d-recipe", test_mnist1d_recipe);
  g_test_add_func ("/train/presets/hmt-recipe", test_hmt_recipe);
  g_test_add_func ("/train/presets/hmt-recipe-matches-course", test_hmt_recipe_matches_course);
  g_test_add_func ("/train/presets/unknown", test_unknown);
  return g_test_run ();
}
