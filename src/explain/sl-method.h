/* sl-method.h — the registry of attribution methods: names, descriptions, parameters, flags. */
#pragma once

#include "engine/sl-score.h"
#include "explain/sl-params.h"

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_METHOD_RANDOM = 1 << 0,           /* draws random numbers: the request's seed matters */
  SL_METHOD_USES_LAYER = 1 << 1,       /* works on a layer's activations (the request's layer) */
  SL_METHOD_USES_GRADIENTS = 1 << 2,   /* back-propagates through the model */
  SL_METHOD_LAYER_RESOLUTION = 1 << 3, /* `map` is at the layer's resolution, not the input's */
  SL_METHOD_MANY_PASSES = 1 << 4,      /* tens to thousands of forward/backward passes per map: slow
                                        * on large models, so a window runs it on request */
} SlMethodFlags;

/* What a method implementation receives (private to src/explain). */
typedef struct _SlExplainContext SlExplainContext;
typedef gboolean (*SlMethodFunc) (SlExplainContext *ctx,
                                  GError          **error);

typedef struct
{
  const char *name;         /* CLI name, e.g. "gradcam++" */
  const char *display_name; /* e.g. "Grad-CAM++" */
  const char *description;  /* one or two sentences for help texts and tooltips */
  SlMethodFlags flags;
  SlScore default_score;    /* the score used when the request does not choose one */
  const SlParamSpec *params;
  guint n_params;
  SlMethodFunc run;         /* internal: the implementation */
} SlMethod;

/* Every registered method, in display order; `n` may be NULL. */
const SlMethod *const *sl_method_list       (guint *n);
/* A method by CLI name (case-insensitive, '_' accepted for '-'), or NULL. */
const SlMethod        *sl_method_lookup     (const char *name);
/* The same, with an error listing the known names. */
const SlMethod        *sl_method_find       (const char *name,
                                             GError    **error);
/* A parameter set for the method, at its defaults. */
SlParams              *sl_method_new_params (const SlMethod *method);
/* A help text: display name, description, capabilities and each parameter with type, default,
 * range and description. */
char                  *sl_method_help       (const SlMethod *method);

G_END_DECLS
