/* sl-keras3.h — Keras 3's `.keras` format: config serialisation, weights layout, load, save. */
#pragma once

#include "engine/sl-model.h"

G_BEGIN_DECLS

/* What the .keras files we write claim to come from: the Keras 3 release whose layout they
 * follow. */
#define SL_KERAS3_SAVE_VERSION "3.4.1"

/* A Keras 3 config.json text → the Keras 2 `model_config` form sl_model_new_from_json reads
 * (inbound nodes and dtype policies rewritten). Refuses, naming the layer, anything that would
 * need code from the file to run: Lambda layers, custom (registered) classes, functions. */
char *sl_keras3_config_to_keras2 (const char *config_json, const char *origin, GError **error);
/* The model (its Keras 2 config_json and layers) as Keras 3 would write its config.json. */
char *sl_keras3_config_from_model (const SlModel *model, GError **error);
/* keras.src.utils.naming.to_snake_case: "Conv2D" → "conv2d", "LeakyReLU" → "leaky_re_lu". */
char *sl_keras3_snake_case (const char *class_name);
/* Where model.weights.h5 keeps each layer's variables: "layers/<snake_case class>[_<k>]/vars",
 * numbered per class in layer order, as Keras 3 names a model's layers when it saves them.
 * NULL-terminated, one per layer of `model` (the input layer not included). */
char **sl_keras3_weight_groups (const SlModel *model);

/* A Keras 3 `.keras` archive (sl_model_load dispatches here on the zip signature). */
SlModel *sl_keras3_load (const char *path, GError **error);
/* The same from archive bytes in memory (fuzzing, tests); `origin` names them in errors. */
SlModel *sl_keras3_load_data (const guint8 *data, gsize len, const char *origin, GError **error);
/* Writes `model` as a `.keras` archive in Keras 3's layout (entry names, config.json, variable
 * paths); weights bit-exact. Replaces `path` atomically. */
gboolean sl_keras3_save (const SlModel *model, const char *path, GError **error);

G_END_DECLS
