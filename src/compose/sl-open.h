/* sl-open.h — opening what a person names: a model ("demo" or a file) and a dataset string shaped
 * for a model (image folders resized to its input, shapes checked). */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"

G_BEGIN_DECLS

/* "demo" (the built-in MNIST-1D CNN, unless a file of that name is in the current folder) or a
 * Keras model file. */
SlModel   *sl_open_model   (const char    *spec,
                            GError       **error);

/* A dataset string (sl_dataset_open) with image folders resized to `model`'s input, then checked
 * against it (`model` may be NULL: no resize, no check). */
SlDataset *sl_open_dataset (const char    *spec,
                            const SlModel *model,
                            GError       **error);

G_END_DECLS
