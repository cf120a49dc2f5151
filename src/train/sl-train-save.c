/* A trained model saved as Keras 2.4's model.save does after compile() and fit(). */
#include "train/sl-trainer-private.h"

#include "engine/sl-keras-save.h"

/* Keras keeps hyper-parameters as float32 variables and writes them back as Python floats. */
static void
add_float32 (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, (double) (float) v);
}

static char *
training_config (const SlTrainer *t)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "loss");
  json_builder_add_string_value (b, "sparse_categorical_crossentropy");
  json_builder_set_member_name (b, "metrics");
  json_builder_begin_array (b);
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "class_name");
  json_builder_add_string_value (b, "MeanMetricWrapper");
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "accuracy");
  json_builder_set_member_name (b, "dtype");
  json_builder_add_string_value (b, "float32");
  json_builder_set_member_name (b, "fn");
  json_builder_add_string_value (b, "sparse_categorical_accuracy");
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "weighted_metrics");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "loss_weights");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "optimizer_config");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "class_name");
  json_builder_add_string_value (b, "SGD");
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "SGD");
  /* The rate a LearningRateScheduler left in the optimizer: that of the last epoch run. */
  const guint last = t->epoch ? t->epoch - 1 : 0;
  add_float32 (b, "learning_rate", sl_schedule_lr (&t->options.schedule, last));
  add_float32 (b, "decay", 0.0);
  add_float32 (b, "momentum", t->options.momentum);
  json_builder_set_member_name (b, "nesterov");
  json_builder_add_boolean_value (b, t->options.nesterov);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return sl_keras_json_dumps (root);
}

gboolean
sl_trainer_save_keras (const SlTrainer *t, const char *path, GError **error)
{
  g_autofree char *config = training_config (t);
  const SlKerasSaveOptions options = {
    .training_config = config,
    .optimizer_name = "SGD",
    .iterations = t->iterations,
    /* Keras makes momentum slots only when momentum is set, and only for trainable weights. */
    .slot_name = t->options.momentum > 0 ? "momentum" : NULL,
    .slots = (const float *const *) t->velocity,
  };
  return sl_keras_save (t->model, path, &options, error);
}
