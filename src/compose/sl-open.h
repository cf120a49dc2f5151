/* sl-open.h — opening what a person names: a model ("demo" or a file) and a dataset string shaped
 * for a model (image folders resized to its input, shapes checked). */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"

G_BEGIN_DECLS

/* A built-in model's name (sl_model_builtin_names: "demo", the MNIST-1D CNN, "shapes-demo" …),
 * unless a file of that name is in the current folder, or a Keras model file. */
SlModel   *sl_open_model   (const char    *spec,
                            GError       **error);

/* Whether `spec` names a built-in model (and no file of that name is in the current folder). */
gboolean   sl_open_is_builtin_model (const char *spec);

/* The built-in dataset a built-in model goes with ("demo": "mnist1d", "NAME-demo": "NAME"), or
 * NULL when `spec` is not a built-in model. */
char      *sl_open_builtin_dataset  (const char *spec);

/* A dataset string (sl_dataset_open) with image folders resized to `model`'s input, then checked
 * against it (`model` may be NULL: no resize, no check). */
SlDataset *sl_open_dataset (const char    *spec,
                            const SlModel *model,
                            GError       **error);

G_END_DECLS
