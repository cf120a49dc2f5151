/* sl-layer.h — one layer of a CNN: its kind, hyper-parameters, weights and shapes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_LAYER_INPUT, /* only in Functional models' summaries; never run */
  SL_LAYER_CONV,
  SL_LAYER_MAX_POOL,
  SL_LAYER_AVG_POOL,
  SL_LAYER_GLOBAL_AVG_POOL,
  SL_LAYER_GLOBAL_MAX_POOL,
  SL_LAYER_FLATTEN,
  SL_LAYER_DENSE,
  SL_LAYER_DROPOUT,
  SL_LAYER_ACTIVATION,
  SL_LAYER_BATCH_NORM,
  SL_LAYER_ZERO_PAD,
  SL_LAYER_RESHAPE,
} SlLayerKind;

typedef enum
{
  SL_ACT_LINEAR,
  SL_ACT_RELU, /* with optional max_value / threshold / negative_slope (the ReLU layer) */
  SL_ACT_SIGMOID,
  SL_ACT_TANH,
  SL_ACT_SOFTMAX, /* over the last axis */
  SL_ACT_ELU,
  SL_ACT_SELU,
  SL_ACT_SOFTPLUS,
  SL_ACT_SWISH,
  SL_ACT_GELU,
  SL_ACT_GELU_TANH, /* gelu with approximate=True */
  SL_ACT_LEAKY_RELU,
} SlActivation;

/* A per-sample shape, channels-last: rank 1 (features), 2 (length, channels) or 3 (H, W, C). */
typedef struct
{
  guint rank;
  gsize d[3];
} SlShape;

typedef struct
{
  SlActivation kind;
  float alpha;     /* leaky slope, elu alpha, ReLU negative_slope */
  float max_value; /* ReLU cap; INFINITY when none */
  float threshold; /* ReLU threshold */
} SlActParams;

typedef struct
{
  SlLayerKind kind;
  char *name;       /* Keras layer name, e.g. "conv2d_3" */
  char *class_name; /* Keras class, e.g. "Conv2D" */
  SlShape in, out;
  SlActParams act;  /* applied after the layer's own operation */

  /* Convolution and pooling windows; a 1-D layer uses kh = sh = dh = 1. */
  guint spatial_dims; /* 1 or 2 */
  gsize kh, kw, sh, sw, dh, dw;
  gsize pad_top, pad_bottom, pad_left, pad_right;
  gboolean same_padding;
  gsize units; /* conv filters or dense units */
  SlShape target;    /* Reshape: the requested shape (one entry may be 0 for Keras' -1) */
  gboolean keepdims; /* global pooling keeps the spatial axes as size 1 */
  gboolean use_bias;

  /* Weights, float32. conv: kernel (kh·kw·cin) × units — Keras' own (kh, kw, cin, cout) order;
   * dense: in × units. Batch norm keeps gamma, beta, mean, var and the folded scale/shift. */
  float *kernel;
  float *bias;
  float *gamma, *beta, *moving_mean, *moving_var;
  float *bn_scale, *bn_shift;
  float epsilon;
  gboolean bn_center, bn_scale_enabled;
  gsize n_params;

  /* Layers whose names Keras shows but that run as the identity (e.g. a final Activation('softmax')
   * whose softmax the model applies itself). */
  gboolean folded;
} SlLayer;

/* The largest tensor or weight array (elements) a model may declare: 2^28 floats = 1 GiB. */
#define SL_SHAPE_MAX_SIZE ((gsize) 1 << 28)

gsize    sl_shape_size       (const SlShape *shape);
/* The size with overflow checks: FALSE when it overflows or exceeds SL_SHAPE_MAX_SIZE. */
gboolean sl_shape_checked_size (const SlShape *shape,
                                gsize         *size);
/* (H, W, C) view of a shape: rank 2 is (1, L, C), rank 1 is (1, 1, F). */
void     sl_shape_hwc        (const SlShape *shape,
                              gsize         *h,
                              gsize         *w,
                              gsize         *c);
/* "(None, 40, 25)" as Keras prints it. */
char    *sl_shape_to_string  (const SlShape *shape);
gboolean sl_shape_equal      (const SlShape *a,
                              const SlShape *b);

const char *sl_activation_name (SlActivation act);

/* Computes `out`, the window geometry and the parameter count from `in` and the hyper-parameters. */
gboolean sl_layer_infer_shape (SlLayer  *layer,
                               GError  **error);
/* Folds batch-norm statistics into per-channel scale and shift. */
void     sl_layer_prepare     (SlLayer  *layer);
void     sl_layer_clear       (SlLayer  *layer);

/* Layers that pass their input through unchanged (dropout at inference, flatten, reshape, a linear
 * activation, an input layer): a run lets them share their input's buffer, and a backward pass
 * passes their gradient through. */
gboolean sl_layer_is_identity    (const SlLayer *layer);
/* Layers that apply a non-linear activation to what they compute (convolutions, dense layers and
 * activation layers with one). */
gboolean sl_layer_has_activation (const SlLayer *layer);

G_END_DECLS
