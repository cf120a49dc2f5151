/* The course's two models and the shapes demo CNN, built as Keras 2.4 serialises a Sequential
 * model: the same keys in the same order, so the JSON text equals the model_config of MNIST1D.h5
 * and HMT.h5. */
#include "train/sl-presets.h"

#include "core/sl-error.h"
#include "engine/sl-keras-save.h"

#include <string.h>

/* The course's L2 factor, a float32 in Keras: 0.0005 as float32 reads 0.0005000000237487257. */
#define COURSE_L2 ((double) 0.0005f)

static const char *const preset_names[] = { "mnist1d-cnn", "hmt-vgg7", "shapes-cnn", NULL };

const char *const *
sl_preset_names (void)
{
  return preset_names;
}

static void
add_sizes (JsonBuilder *b, const char *name, guint n, gint64 v)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    json_builder_add_int_value (b, v);
  json_builder_end_array (b);
}

static void
add_batch_shape (JsonBuilder *b, const char *name, guint rank, const gint64 *shape)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  json_builder_add_null_value (b);
  for (guint i = 0; i < rank; i++)
    json_builder_add_int_value (b, shape[i]);
  json_builder_end_array (b);
}

static void
add_object_with_config (JsonBuilder *b, const char *member, const char *class_name)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "class_name");
  json_builder_add_string_value (b, class_name);
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
}

static void
add_null (JsonBuilder *b, const char *name)
{
  json_builder_set_member_name (b, name);
  json_builder_add_null_value (b);
}

/* Opens {"class_name": cls, "config": {"name": …, "trainable": true, [batch_input_shape,] "dtype":
 * …. */
static void
begin_layer (JsonBuilder *b, const char *cls, const char *name, guint rank, const gint64 *input)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "class_name");
  json_builder_add_string_value (b, cls);
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "trainable");
  json_builder_add_boolean_value (b, TRUE);
  if (input)
    add_batch_shape (b, "batch_input_shape", rank, input);
  json_builder_set_member_name (b, "dtype");
  json_builder_add_string_value (b, "float32");
}

static void
end_layer (JsonBuilder *b)
{
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* activation … bias_constraint of Conv and Dense layers. */
static void
add_weight_options (JsonBuilder *b, const char *activation, gboolean glorot, double stddev)
{
  json_builder_set_member_name (b, "activation");
  json_builder_add_string_value (b, activation);
  json_builder_set_member_name (b, "use_bias");
  json_builder_add_boolean_value (b, TRUE);
  if (glorot)
    {
      add_object_with_config (b, "kernel_initializer", "GlorotUniform");
      add_null (b, "seed");
    }
  else
    {
      add_object_with_config (b, "kernel_initializer", "RandomNormal");
      json_builder_set_member_name (b, "mean");
      json_builder_add_double_value (b, 0.0);
      json_builder_set_member_name (b, "stddev");
      json_builder_add_double_value (b, stddev);
      add_null (b, "seed");
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  add_object_with_config (b, "bias_initializer", "Zeros");
  json_builder_end_object (b);
  json_builder_end_object (b);
  add_object_with_config (b, "kernel_regularizer", "L2");
  json_builder_set_member_name (b, "l2");
  json_builder_add_double_value (b, COURSE_L2);
  json_builder_end_object (b);
  json_builder_end_object (b);
  add_null (b, "bias_regularizer");
  add_null (b, "activity_regularizer");
  add_null (b, "kernel_constraint");
  add_null (b, "bias_constraint");
}

static void
add_conv (JsonBuilder *b, guint dims, const char *name, gint64 filters, gint64 k, guint rank,
          const gint64 *input)
{
  begin_layer (b, dims == 1 ? "Conv1D" : "Conv2D", name, rank, input);
  json_builder_set_member_name (b, "filters");
  json_builder_add_int_value (b, filters);
  add_sizes (b, "kernel_size", dims, k);
  add_sizes (b, "strides", dims, 1);
  json_builder_set_member_name (b, "padding");
  json_builder_add_string_value (b, "same");
  json_builder_set_member_name (b, "data_format");
  json_builder_add_string_value (b, "channels_last");
  add_sizes (b, "dilation_rate", dims, 1);
  json_builder_set_member_name (b, "groups");
  json_builder_add_int_value (b, 1);
  add_weight_options (b, "relu", TRUE, 0);
  end_layer (b);
}

static void
add_max_pool (JsonBuilder *b, const char *name)
{
  begin_layer (b, "MaxPooling2D", name, 0, NULL);
  add_sizes (b, "pool_size", 2, 2);
  json_builder_set_member_name (b, "padding");
  json_builder_add_string_value (b, "valid");
  add_sizes (b, "strides", 2, 2);
  json_builder_set_member_name (b, "data_format");
  json_builder_add_string_value (b, "channels_last");
  end_layer (b);
}

static void
add_plain (JsonBuilder *b, const char *cls, const char *name)
{
  begin_layer (b, cls, name, 0, NULL);
  json_builder_set_member_name (b, "data_format");
  json_builder_add_string_value (b, "channels_last");
  end_layer (b);
}

/* The course's Dense layers draw from RandomNormal(0, 0.5); `glorot`: Keras' default instead. */
static void
add_dense_softmax (JsonBuilder *b, gint64 units, gboolean glorot)
{
  begin_layer (b, "Dense", "dense", 0, NULL);
  json_builder_set_member_name (b, "units");
  json_builder_add_int_value (b, units);
  add_weight_options (b, "softmax", glorot, 0.5);
  end_layer (b);
}

static void
add_input (JsonBuilder *b, guint rank, const gint64 *shape, const char *name)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "class_name");
  json_builder_add_string_value (b, "InputLayer");
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  add_batch_shape (b, "batch_input_shape", rank, shape);
  json_builder_set_member_name (b, "dtype");
  json_builder_add_string_value (b, "float32");
  json_builder_set_member_name (b, "sparse");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "ragged");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static gboolean
unknown_preset (const char *name, GError **error)
{
  g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
               "unknown preset '%s' (known: mnist1d-cnn, hmt-vgg7, shapes-cnn)", name ? name : "");
  return FALSE;
}

char *
sl_preset_config (const char *name, GError **error)
{
  const gboolean mnist = !g_strcmp0 (name, "mnist1d-cnn");
  const gboolean hmt = !g_strcmp0 (name, "hmt-vgg7");
  const gboolean shapes = !g_strcmp0 (name, "shapes-cnn");
  if (!mnist && !hmt && !shapes)
    {
      unknown_preset (name, error);
      return NULL;
    }
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "class_name");
  json_builder_add_string_value (b, "Sequential");
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "sequential");
  json_builder_set_member_name (b, "layers");
  json_builder_begin_array (b);
  if (mnist)
    {
      /* Three same-padded ReLU Conv1D of 25 filters (5, 3, 3), Flatten, Dense 10. */
      const gint64 input[] = { 40, 1 };
      add_input (b, 2, input, "conv1d_input");
      add_conv (b, 1, "conv1d", 25, 5, 2, input);
      add_conv (b, 1, "conv1d_1", 25, 3, 0, NULL);
      add_conv (b, 1, "conv1d_2", 25, 3, 0, NULL);
      add_plain (b, "Flatten", "flatten");
      add_dense_softmax (b, 10, FALSE);
    }
  else if (shapes)
    {
      /* Conv2D 8, 16, 32 (3 × 3, ReLU, same), each followed by MaxPool 2, Flatten, Dense 4: the
       * last convolution keeps 16 × 16 positions for Grad-CAM. */
      const gint64 input[] = { 64, 64, 3 };
      add_input (b, 3, input, "conv2d_input");
      add_conv (b, 2, "conv2d", 8, 3, 3, input);
      add_max_pool (b, "max_pooling2d");
      add_conv (b, 2, "conv2d_1", 16, 3, 0, NULL);
      add_max_pool (b, "max_pooling2d_1");
      add_conv (b, 2, "conv2d_2", 32, 3, 0, NULL);
      add_max_pool (b, "max_pooling2d_2");
      add_plain (b, "Flatten", "flatten");
      add_dense_softmax (b, 4, TRUE);
    }
  else
    {
      /* VGG-style: 2 × Conv2D 32, MaxPool, 2 × Conv2D 64, MaxPool, global average, Dense 8. */
      const gint64 input[] = { 224, 224, 3 };
      add_input (b, 3, input, "conv2d_input");
      add_conv (b, 2, "conv2d", 32, 3, 3, input);
      add_conv (b, 2, "conv2d_1", 32, 3, 0, NULL);
      add_max_pool (b, "max_pooling2d");
      add_conv (b, 2, "conv2d_2", 64, 3, 0, NULL);
      add_conv (b, 2, "conv2d_3", 64, 3, 0, NULL);
      add_max_pool (b, "max_pooling2d_1");
      add_plain (b, "GlobalAveragePooling2D", "global_average_pooling2d");
      add_dense_softmax (b, 8, FALSE);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return sl_keras_json_dumps (root);
}

SlModel *
sl_preset_model_new (const char *name, GError **error)
{
  g_autofree char *config = sl_preset_config (name, error);
  if (!config)
    return NULL;
  g_autofree char *origin = g_strdup_printf ("preset '%s'", name);
  return sl_model_new_from_json (config, origin, error);
}

/* The course's HMT run as HMT.h5 records it: its training_config is SGD(lr 0.01, momentum 0,
 * nesterov false, decay 0) — a LearningRateScheduler would have left its last rate there, so the
 * rate stayed 0.01 — and its optimizer made 16,800 steps: 120 epochs of ⌊4,504 / 32⌋ = 140 batches
 * (flow_from_directory's steps_per_epoch = samples // batch; HMT_train holds 563 tiles of each of
 * the 8 classes). The course's generator only rescales by 1/255 (specs/IMAGES.md): no
 * augmentation. */
#define HMT_EPOCHS 120
#define HMT_LR 0.01

/* shapes-cnn on the 4,000 training shapes: loss stays near ln 4 for two epochs, then falls; by
 * epoch 15 the test accuracy is 0.997 (resources/models/README.md). */
#define SHAPES_EPOCHS 15
#define SHAPES_LR 0.02

gboolean
sl_preset_recipe (const char *name, SlTrainOptions *options, GError **error)
{
  g_return_val_if_fail (options != NULL, FALSE);
  sl_train_options_init (options);
  options->batch_size = 32;
  options->seed = 0;
  options->shuffle = TRUE;
  if (!g_strcmp0 (name, "mnist1d-cnn"))
    {
      options->epochs = 30;
      sl_schedule_init_constant (&options->schedule, 0.02);
      options->momentum = 0.9;
      return TRUE;
    }
  if (!g_strcmp0 (name, "hmt-vgg7"))
    {
      options->epochs = HMT_EPOCHS;
      sl_schedule_init_constant (&options->schedule, HMT_LR);
      options->momentum = 0;
      return TRUE;
    }
  if (!g_strcmp0 (name, "shapes-cnn"))
    {
      options->epochs = SHAPES_EPOCHS;
      sl_schedule_init_constant (&options->schedule, SHAPES_LR);
      options->momentum = 0.9;
      return TRUE;
    }
  return unknown_preset (name, error);
}

const char *
sl_preset_dataset (const char *name)
{
  if (!g_strcmp0 (name, "mnist1d-cnn"))
    return "mnist1d:train";
  return !g_strcmp0 (name, "shapes-cnn") ? "shapes:train" : NULL;
}
