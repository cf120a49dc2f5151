/* sl-keras-save.h — writes a model as a Keras 2.x HDF5 file, laid out as Keras 2.4 writes it. */
#pragma once

#include "engine/sl-model.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What the files we write claim to come from: the course's models were saved by Keras 2.4.0. */
#define SL_KERAS_SAVE_VERSION "2.4.0"
#define SL_KERAS_SAVE_BACKEND "tensorflow"

typedef struct
{
  /* The `training_config` attribute (JSON text), or NULL for a model that was never compiled. */
  const char *training_config;
  /* The optimizer's name (e.g. "SGD"): write /optimizer_weights with its step count; NULL: none. */
  const char *optimizer_name;
  gint64 iterations;
  /* Per-weight slot variables (e.g. "momentum"): slots[2·i] and slots[2·i + 1] are the kernel's
   * and the bias' slot of layer i, shaped as the weight (NULL where none). NULL: no slots. */
  const char *slot_name;
  const float *const *slots;
} SlKerasSaveOptions;

/* JSON text as Python's json.dumps writes it (", " and ": " separators, repr() floats, ASCII
 * only): the form Keras stores its configurations in. */
char     *sl_keras_json_dumps     (JsonNode    *node);
/* Parses `text` and writes it back with sl_keras_json_dumps (unchanged for a Keras-written text).
 * `origin` names the text in errors. */
char     *sl_keras_json_normalize (const char  *text,
                                   const char  *origin,
                                   GError     **error);

/* The config objects of a Keras model configuration's layers, by name (Sequential and Functional
 * alike); they belong to `root`. */
GHashTable *sl_keras_config_layers (JsonNode *root);

/* Writes `model` to `path` (replacing it) with Keras 2.4's groups, attributes and dataset names:
 * the file opens in Keras and with sl_model_load, weights bit-exact. `options` may be NULL.
 * A path ending in ".keras" is written as a Keras 3 archive instead (sl_keras3_save: the model
 * and its weights; `options`, the optimizer's state, are not kept there). */
gboolean  sl_keras_save           (const SlModel            *model,
                                   const char               *path,
                                   const SlKerasSaveOptions *options,
                                   GError                  **error);

G_END_DECLS
