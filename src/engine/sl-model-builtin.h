/* sl-model-builtin.h — models compiled into the library as GResources (the demo models). */
#pragma once

#include "engine/sl-model.h"

G_BEGIN_DECLS

/* The built-in models' names ("demo", "shapes-demo", "shapes-shortcut-demo"), NULL-terminated. */
const char *const *sl_model_builtin_names (void);

/* A built-in model by name, trained by Saliency Lab itself (resources/models/README.md): "demo" is
 * the course's MNIST-1D CNN; "shapes-demo" the shapes-cnn preset trained on the shapes, and
 * "shapes-shortcut-demo" the same trained on the shapes with a shortcut (it reads the corner mark,
 * not the shape). Its `path` is NULL. */
SlModel           *sl_model_load_builtin  (const char  *name,
                                           GError     **error);

G_END_DECLS
