/* sl-presets.h — the course's architectures (MNIST-1D CNN, HMT VGG-7) as Keras configurations. */
#pragma once

#include "engine/sl-model.h"

G_BEGIN_DECLS

/* "mnist1d-cnn", "hmt-vgg7"; NULL-terminated. */
const char *const *sl_preset_names      (void);

/* The Keras 2.4 model_config JSON of a preset, exactly as the course's .h5 files hold it. */
char              *sl_preset_config     (const char  *name,
                                         GError     **error);

/* A preset model with zero-filled weights (initialise them with sl_train_spec_init_weights). */
SlModel           *sl_preset_model_new  (const char  *name,
                                         GError     **error);

G_END_DECLS
