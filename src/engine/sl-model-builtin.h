/* sl-model-builtin.h — models compiled into the library as GResources (the MNIST-1D demo). */
#pragma once

#include "engine/sl-model.h"

G_BEGIN_DECLS

/* The built-in models' names ("demo"), NULL-terminated. */
const char *const *sl_model_builtin_names (void);

/* A built-in model by name: "demo" is the course's MNIST-1D CNN trained by Saliency Lab itself
 * (resources/models/README.md). Its `path` is NULL. */
SlModel           *sl_model_load_builtin  (const char  *name,
                                           GError     **error);

G_END_DECLS
