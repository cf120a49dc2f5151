/* sl-presets.h — ready architectures (MNIST-1D CNN, HMT VGG-7, shapes CNN) as Keras configs. */
#pragma once

#include "engine/sl-model.h"
#include "train/sl-trainer.h"

G_BEGIN_DECLS

/* "mnist1d-cnn", "hmt-vgg7", "shapes-cnn"; NULL-terminated. */
const char *const *sl_preset_names      (void);

/* The Keras 2.4 model_config JSON of a preset, exactly as the course's .h5 files hold it (the
 * course's two; shapes-cnn is Saliency Lab's own, for the built-in shapes: three same-padded ReLU
 * Conv2D of 8, 16 and 32 3 × 3 filters each followed by MaxPool 2, Flatten, Dense 4). */
char              *sl_preset_config     (const char  *name,
                                         GError     **error);

/* A preset model with zero-filled weights (initialise them with sl_train_spec_init_weights). */
SlModel           *sl_preset_model_new  (const char  *name,
                                         GError     **error);

/* A preset's recipe: the training settings that work for it, over sl_train_options_init's.
 * mnist1d-cnn: 30 epochs, batch 32, constant lr 0.02, momentum 0.9, seed 0 (0.962 test accuracy,
 * resources/models/README.md). hmt-vgg7: what HMT.h5 records of the course's run — SGD, constant
 * lr 0.01, no momentum, batch 32, 120 epochs (16,800 steps = 120 × ⌊4,504 tiles / 32⌋), no
 * augmentation. shapes-cnn: 15 epochs, batch 32, constant lr 0.02, momentum 0.9, seed 0 (0.997
 * test accuracy, resources/models/README.md). FALSE for an unknown name. */
gboolean           sl_preset_recipe     (const char      *name,
                                         SlTrainOptions  *options,
                                         GError         **error);

/* The dataset a preset's recipe trains on when none is chosen: "mnist1d:train" for mnist1d-cnn,
 * "shapes:train" for shapes-cnn, NULL for hmt-vgg7 (the course's HMT_train tiles are not built
 * in). */
const char        *sl_preset_dataset    (const char      *name);

G_END_DECLS
