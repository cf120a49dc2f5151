#include "sl-layer.h"

#include "core/sl-error.h"

#include <math.h>
#include <string.h>

gsize
sl_shape_size (const SlShape *shape)
{
  gsize n = 1;
  for (guint i = 0; i < shape->rank; i++)
    n *= shape->d[i];
  return n;
}

void
sl_shape_hwc (const SlShape *shape, gsize *h, gsize *w, gsize *c)
{
  switch (shape->rank)
    {
    case 3:
      *h = shape->d[0], *w = shape->d[1], *c = shape->d[2];
      break;
    case 2:
      *h = 1, *w = shape->d[0], *c = shape->d[1];
      break;
    default:
      *h = 1, *w = 1, *c = shape->rank ? shape->d[0] : 1;
      break;
    }
}

char *
sl_shape_to_string (const SlShape *shape)
{
  GString *s = g_string_new ("(None");
  for (guint i = 0; i < shape->rank; i++)
    g_string_append_printf (s, ", %" G_GSIZE_FORMAT, shape->d[i]);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

gboolean
sl_shape_equal (const SlShape *a, const SlShape *b)
{
  if (a->rank != b->rank)
    return FALSE;
  for (guint i = 0; i < a->rank; i++)
    if (a->d[i] != b->d[i])
      return FALSE;
  return TRUE;
}

const char *
sl_activation_name (SlActivation act)
{
  static const char *const names[] = {
    [SL_ACT_LINEAR] = "linear",   [SL_ACT_RELU] = "relu",         [SL_ACT_SIGMOID] = "sigmoid",
    [SL_ACT_TANH] = "tanh",       [SL_ACT_SOFTMAX] = "softmax",   [SL_ACT_ELU] = "elu",
    [SL_ACT_SELU] = "selu",       [SL_ACT_SOFTPLUS] = "softplus", [SL_ACT_SWISH] = "swish",
    [SL_ACT_GELU] = "gelu",       [SL_ACT_GELU_TANH] = "gelu",    [SL_ACT_LEAKY_RELU] = "leaky_relu",
  };
  return act < G_N_ELEMENTS (names) ? names[act] : "?";
}

/* Output length and padding of one axis, as TensorFlow computes them. */
static gboolean
window_axis (gsize in, gsize k, gsize s, gsize d, gboolean same, gsize *out, gsize *pad_lo,
             gsize *pad_hi)
{
  const gsize span = (k - 1) * d + 1;
  if (same)
    {
      *out = (in + s - 1) / s;
      gssize total = (gssize) ((*out - 1) * s + span) - (gssize) in;
      if (total < 0)
        total = 0;
      *pad_lo = (gsize) total / 2;
      *pad_hi = (gsize) total - *pad_lo;
      return *out > 0;
    }
  *pad_lo = *pad_hi = 0;
  if (in < span)
    return FALSE;
  *out = (in - span) / s + 1;
  return TRUE;
}

static gboolean
fail_shape (SlLayer *layer, GError **error, const char *why)
{
  g_autofree char *in = sl_shape_to_string (&layer->in);
  g_set_error (error, SL_ERROR, SL_ERROR_SHAPE, "layer '%s' (%s): %s (input shape %s)", layer->name,
               layer->class_name, why, in);
  return FALSE;
}

gboolean
sl_shape_checked_size (const SlShape *shape, gsize *size)
{
  gsize n = 1;
  for (guint i = 0; i < shape->rank; i++)
    if (!g_size_checked_mul (&n, n, shape->d[i]))
      return FALSE;
  if (size)
    *size = n;
  return n <= SL_SHAPE_MAX_SIZE;
}

static gboolean infer_shape (SlLayer *layer, GError **error);

gboolean
sl_layer_infer_shape (SlLayer *layer, GError **error)
{
  if (!infer_shape (layer, error))
    return FALSE;
  /* Hostile or broken configs must not make us allocate petabytes (or wrap sizes around). */
  gsize h, w, c, k = 0, weights = 0;
  sl_shape_hwc (&layer->in, &h, &w, &c);
  const gboolean ok = sl_shape_checked_size (&layer->out, NULL)
                      && g_size_checked_mul (&k, layer->kh ? layer->kh : 1, layer->kw ? layer->kw : 1)
                      && g_size_checked_mul (&k, k, c) && g_size_checked_mul (&weights, k, layer->units)
                      && weights <= SL_SHAPE_MAX_SIZE;
  if (!ok)
    return fail_shape (layer, error, "is implausibly large");
  return TRUE;
}

static gboolean
infer_shape (SlLayer *layer, GError **error)
{
  const SlShape *in = &layer->in;
  SlShape *out = &layer->out;
  gsize h, w, c;
  sl_shape_hwc (in, &h, &w, &c);
  *out = *in;
  layer->n_params = 0;

  switch (layer->kind)
    {
    case SL_LAYER_CONV:
    case SL_LAYER_MAX_POOL:
    case SL_LAYER_AVG_POOL:
      {
        if (in->rank != layer->spatial_dims + 1)
          return fail_shape (layer, error, layer->spatial_dims == 1 ? "needs a (length, channels) input"
                                                                   : "needs an (H, W, C) input");
        if (layer->kh == 0 || layer->kw == 0 || layer->sh == 0 || layer->sw == 0 || layer->dh == 0
            || layer->dw == 0)
          return fail_shape (layer, error, "window, stride and dilation must be positive");
        gsize oh, ow;
        if (!window_axis (h, layer->kh, layer->sh, layer->dh, layer->same_padding, &oh,
                          &layer->pad_top, &layer->pad_bottom)
            || !window_axis (w, layer->kw, layer->sw, layer->dw, layer->same_padding, &ow,
                             &layer->pad_left, &layer->pad_right))
          return fail_shape (layer, error, "the window is larger than the input");
        gsize oc = layer->kind == SL_LAYER_CONV ? layer->units : c;
        if (layer->kind == SL_LAYER_CONV)
          {
            if (layer->units == 0)
              return fail_shape (layer, error, "needs at least one filter");
            layer->n_params = layer->kh * layer->kw * c * layer->units + (layer->use_bias ? layer->units : 0);
          }
        if (layer->spatial_dims == 1)
          *out = (SlShape){ 2, { ow, oc } };
        else
          *out = (SlShape){ 3, { oh, ow, oc } };
        return TRUE;
      }
    case SL_LAYER_GLOBAL_AVG_POOL:
    case SL_LAYER_GLOBAL_MAX_POOL:
      if (in->rank != layer->spatial_dims + 1)
        return fail_shape (layer, error, layer->spatial_dims == 1 ? "needs a (length, channels) input"
                                                                 : "needs an (H, W, C) input");
      if (layer->keepdims)
        *out = in->rank == 3 ? (SlShape){ 3, { 1, 1, c } } : (SlShape){ 2, { 1, c } };
      else
        *out = (SlShape){ 1, { c } };
      return TRUE;
    case SL_LAYER_FLATTEN:
      *out = (SlShape){ 1, { sl_shape_size (in) } };
      return TRUE;
    case SL_LAYER_RESHAPE:
      {
        gsize known = 1, free_axis = G_MAXSIZE;
        *out = layer->target;
        for (guint i = 0; i < out->rank; i++)
          {
            if (out->d[i] == 0 && free_axis == G_MAXSIZE)
              free_axis = i;
            else if (out->d[i] == 0)
              return fail_shape (layer, error, "more than one -1 in the target shape");
            else
              known *= out->d[i];
          }
        if (free_axis != G_MAXSIZE && known && sl_shape_size (in) % known == 0)
          out->d[free_axis] = sl_shape_size (in) / known;
        if (out->rank == 0 || sl_shape_size (out) != sl_shape_size (in))
          return fail_shape (layer, error, "the target shape does not hold the same number of values");
        return TRUE;
      }
    case SL_LAYER_DENSE:
      if (layer->units == 0)
        return fail_shape (layer, error, "needs at least one unit");
      out->d[in->rank - 1] = layer->units;
      layer->n_params = c * layer->units + (layer->use_bias ? layer->units : 0);
      return TRUE;
    case SL_LAYER_BATCH_NORM:
      /* moving mean and variance always; gamma and beta only when scale / center are on */
      layer->n_params = c * (2 + (layer->bn_scale_enabled ? 1 : 0) + (layer->bn_center ? 1 : 0));
      return TRUE;
    case SL_LAYER_ZERO_PAD:
      if (in->rank != layer->spatial_dims + 1)
        return fail_shape (layer, error, layer->spatial_dims == 1 ? "needs a (length, channels) input"
                                                                 : "needs an (H, W, C) input");
      if (in->rank == 3)
        *out = (SlShape){ 3, { h + layer->pad_top + layer->pad_bottom,
                               w + layer->pad_left + layer->pad_right, c } };
      else
        *out = (SlShape){ 2, { w + layer->pad_left + layer->pad_right, c } };
      return TRUE;
    case SL_LAYER_INPUT:
    case SL_LAYER_DROPOUT:
    case SL_LAYER_ACTIVATION:
      return TRUE;
    }
  return fail_shape (layer, error, "unknown layer kind");
}

void
sl_layer_prepare (SlLayer *layer)
{
  if (layer->kind != SL_LAYER_BATCH_NORM)
    return;
  gsize h, w, c;
  sl_shape_hwc (&layer->in, &h, &w, &c);
  g_free (layer->bn_scale);
  g_free (layer->bn_shift);
  layer->bn_scale = g_new (float, c);
  layer->bn_shift = g_new (float, c);
  for (gsize k = 0; k < c; k++)
    {
      const double g = layer->bn_scale_enabled ? layer->gamma[k] : 1.0;
      const double b = layer->bn_center ? layer->beta[k] : 0.0;
      const double s = g / sqrt ((double) layer->moving_var[k] + layer->epsilon);
      layer->bn_scale[k] = (float) s;
      layer->bn_shift[k] = (float) (b - layer->moving_mean[k] * s);
    }
}

void
sl_layer_clear (SlLayer *layer)
{
  g_free (layer->name);
  g_free (layer->class_name);
  g_free (layer->kernel);
  g_free (layer->bias);
  g_free (layer->gamma);
  g_free (layer->beta);
  g_free (layer->moving_mean);
  g_free (layer->moving_var);
  g_free (layer->bn_scale);
  g_free (layer->bn_shift);
  memset (layer, 0, sizeof *layer);
}

gboolean
sl_layer_is_identity (const SlLayer *l)
{
  return l->kind == SL_LAYER_DROPOUT || l->kind == SL_LAYER_FLATTEN || l->kind == SL_LAYER_RESHAPE
         || l->kind == SL_LAYER_INPUT
         || (l->kind == SL_LAYER_ACTIVATION && l->act.kind == SL_ACT_LINEAR);
}

gboolean
sl_layer_has_activation (const SlLayer *l)
{
  return (l->kind == SL_LAYER_CONV || l->kind == SL_LAYER_DENSE || l->kind == SL_LAYER_ACTIVATION)
         && l->act.kind != SL_ACT_LINEAR;
}
