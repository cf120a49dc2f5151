/* Builds an SlModel from a Keras `model_config` JSON text (Keras 2.x; Sequential or a single-chain
 * Functional graph). Weights are left zero-filled; sl-keras-h5.c reads them. */
#include "engine/sl-model.h"

#include "core/sl-error.h"
#include "core/sl-json.h"

#include <math.h>
#include <string.h>

typedef struct
{
  const char *origin;
  GError **error;
} Ctx;

static gboolean
fail (Ctx *ctx, SlError code, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Ctx *ctx, SlError code, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (ctx->error, SL_ERROR, code, "%s: %s", ctx->origin, msg);
  return FALSE;
}

static JsonNode *
member (JsonObject *obj, const char *name)
{
  if (!obj || !json_object_has_member (obj, name))
    return NULL;
  JsonNode *n = json_object_get_member (obj, name);
  return n && !JSON_NODE_HOLDS_NULL (n) ? n : NULL;
}

static JsonObject *
member_object (JsonObject *obj, const char *name)
{
  JsonNode *n = member (obj, name);
  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static const char *
member_string (JsonObject *obj, const char *name)
{
  JsonNode *n = member (obj, name);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

static gboolean
node_is_number (JsonNode *n)
{
  if (!n || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  GType t = json_node_get_value_type (n);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

/* A number member; `def` when absent or null; FALSE (with error) when of another type. */
static gboolean
member_double (Ctx *ctx, const char *layer, JsonObject *obj, const char *name, double def, double *out)
{
  JsonNode *n = member (obj, name);
  if (!n)
    {
      *out = def;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN)
    {
      *out = json_node_get_boolean (n);
      return TRUE;
    }
  if (!node_is_number (n))
    return fail (ctx, SL_ERROR_FORMAT, "layer '%s': '%s' is not a number", layer, name);
  *out = json_node_get_double (n);
  if (!isfinite (*out) && strcmp (name, "max_value") != 0)
    return fail (ctx, SL_ERROR_FORMAT, "layer '%s': '%s' is not finite", layer, name);
  return TRUE;
}

static gboolean
member_bool (JsonObject *obj, const char *name, gboolean def)
{
  JsonNode *n = member (obj, name);
  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (n);
  return def;
}

/* A size given as an integer or a list of `n` integers (Keras accepts both). */
static gboolean
member_sizes (Ctx *ctx, const char *layer, JsonObject *obj, const char *name, guint n, gsize def,
              gsize out[])
{
  JsonNode *node = member (obj, name);
  for (guint i = 0; i < n; i++)
    out[i] = def;
  if (!node)
    return TRUE;
  if (node_is_number (node))
    {
      gint64 v = json_node_get_int (node);
      if (v < 0 || v > (1 << 24))
        return fail (ctx, SL_ERROR_FORMAT, "layer '%s': '%s' is out of range", layer, name);
      for (guint i = 0; i < n; i++)
        out[i] = (gsize) v;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != n)
    return fail (ctx, SL_ERROR_FORMAT, "layer '%s': '%s' should be %u integer(s)", layer, name, n);
  JsonArray *a = json_node_get_array (node);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      if (!node_is_number (e) || json_node_get_int (e) < 0 || json_node_get_int (e) > (1 << 24))
        return fail (ctx, SL_ERROR_FORMAT, "layer '%s': '%s' should be %u integer(s)", layer, name, n);
      out[i] = (gsize) json_node_get_int (e);
    }
  return TRUE;
}

/* A batch shape [null, d1, …] into a per-sample shape. */
static gboolean
parse_batch_shape (Ctx *ctx, const char *layer, JsonNode *node, SlShape *shape)
{
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (ctx, SL_ERROR_FORMAT, "layer '%s': the input shape is not a list", layer);
  JsonArray *a = json_node_get_array (node);
  guint len = json_array_get_length (a);
  if (len < 2 || len > 4)
    return fail (ctx, SL_ERROR_UNSUPPORTED,
                 "layer '%s': inputs of rank %u are not supported (only vectors, 1-D signals and images)",
                 layer, len ? len - 1 : 0);
  shape->rank = len - 1;
  for (guint i = 1; i < len; i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      if (!node_is_number (e) || json_node_get_int (e) <= 0 || json_node_get_int (e) > (1 << 24))
        return fail (ctx, SL_ERROR_UNSUPPORTED,
                     "layer '%s': the input shape must be fixed (found a free or invalid dimension)", layer);
      shape->d[i - 1] = (gsize) json_node_get_int (e);
    }
  if (!sl_shape_checked_size (shape, NULL))
    return fail (ctx, SL_ERROR_UNSUPPORTED, "layer '%s': the input shape is implausibly large", layer);
  return TRUE;
}

static gboolean
parse_activation (Ctx *ctx, const char *layer, const char *name, SlActParams *act)
{
  static const struct
  {
    const char *name;
    SlActivation kind;
  } table[] = {
    { "linear", SL_ACT_LINEAR },   { "relu", SL_ACT_RELU },         { "sigmoid", SL_ACT_SIGMOID },
    { "tanh", SL_ACT_TANH },       { "softmax", SL_ACT_SOFTMAX },   { "elu", SL_ACT_ELU },
    { "selu", SL_ACT_SELU },       { "softplus", SL_ACT_SOFTPLUS }, { "swish", SL_ACT_SWISH },
    { "silu", SL_ACT_SWISH },      { "gelu", SL_ACT_GELU },         { "leaky_relu", SL_ACT_LEAKY_RELU },
  };
  act->max_value = INFINITY;
  act->threshold = 0;
  act->alpha = 0;
  if (!name)
    {
      act->kind = SL_ACT_LINEAR;
      return TRUE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (!strcmp (name, table[i].name))
      {
        act->kind = table[i].kind;
        act->alpha = act->kind == SL_ACT_ELU ? 1.0f : act->kind == SL_ACT_LEAKY_RELU ? 0.2f : 0.0f;
        return TRUE;
      }
  return fail (ctx, SL_ERROR_UNSUPPORTED, "layer '%s': activation '%s' is not supported", layer, name);
}

static gboolean
parse_padding_mode (Ctx *ctx, SlLayer *l, JsonObject *cfg)
{
  const char *padding = member_string (cfg, "padding");
  if (!padding || !strcmp (padding, "valid"))
    l->same_padding = FALSE;
  else if (!strcmp (padding, "same"))
    l->same_padding = TRUE;
  else
    return fail (ctx, SL_ERROR_UNSUPPORTED, "layer '%s' (%s): padding '%s' is not supported", l->name,
                 l->class_name, padding);
  return TRUE;
}

static gboolean
check_channels_last (Ctx *ctx, SlLayer *l, JsonObject *cfg)
{
  const char *fmt = member_string (cfg, "data_format");
  if (fmt && strcmp (fmt, "channels_last") != 0)
    return fail (ctx, SL_ERROR_UNSUPPORTED, "layer '%s' (%s): data_format '%s' is not supported (only channels_last)",
                 l->name, l->class_name, fmt);
  return TRUE;
}

/* Window hyper-parameters of a 1-D or 2-D convolution / pooling layer. */
static gboolean
parse_window (Ctx *ctx, SlLayer *l, JsonObject *cfg, guint dims, gboolean pooling)
{
  gsize k[2], s[2], d[2] = { 1, 1 };
  l->spatial_dims = dims;
  if (!member_sizes (ctx, l->name, cfg, pooling ? "pool_size" : "kernel_size", dims, 2, k))
    return FALSE;
  if (!member_sizes (ctx, l->name, cfg, "strides", dims, pooling ? 0 : 1, s))
    return FALSE;
  if (pooling && s[0] == 0)
    memcpy (s, k, sizeof s); /* strides = None means pool_size */
  if (!pooling && !member_sizes (ctx, l->name, cfg, "dilation_rate", dims, 1, d))
    return FALSE;
  if (dims == 1)
    {
      l->kh = l->sh = l->dh = 1;
      l->kw = k[0], l->sw = s[0], l->dw = d[0];
    }
  else
    {
      l->kh = k[0], l->kw = k[1], l->sh = s[0], l->sw = s[1], l->dh = d[0], l->dw = d[1];
    }
  if ((l->sh > 1 || l->sw > 1) && (l->dh > 1 || l->dw > 1))
    return fail (ctx, SL_ERROR_UNSUPPORTED, "layer '%s' (%s): strides and dilation together are not supported",
                 l->name, l->class_name);
  return parse_padding_mode (ctx, l, cfg) && check_channels_last (ctx, l, cfg);
}

static gboolean
parse_zero_padding (Ctx *ctx, SlLayer *l, JsonObject *cfg, guint dims)
{
  JsonNode *n = member (cfg, "padding");
  gsize v[4] = { 1, 1, 1, 1 }; /* top, bottom, left, right */
  if (n && node_is_number (n))
    {
      gint64 p = json_node_get_int (n);
      if (p < 0 || p > 4096)
        return fail (ctx, SL_ERROR_FORMAT, "layer '%s': bad padding", l->name);
      v[0] = v[1] = v[2] = v[3] = (gsize) p;
    }
  else if (n && JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);
      guint len = json_array_get_length (a);
      gint64 vals[4];
      guint nv = 0;
      gboolean nested = len > 0 && JSON_NODE_HOLDS_ARRAY (json_array_get_element (a, 0));
      for (guint i = 0; i < len && nv < 4; i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          if (nested && JSON_NODE_HOLDS_ARRAY (e) && json_array_get_length (json_node_get_array (e)) == 2)
            for (guint j = 0; j < 2; j++)
              {
                JsonNode *x = json_array_get_element (json_node_get_array (e), j);
                vals[nv++] = node_is_number (x) ? json_node_get_int (x) : -1;
              }
          else if (!nested)
            vals[nv++] = node_is_number (e) ? json_node_get_int (e) : -1;
          else
            return fail (ctx, SL_ERROR_FORMAT, "layer '%s': bad padding", l->name);
        }
      for (guint i = 0; i < nv; i++)
        if (vals[i] < 0 || vals[i] > 4096)
          return fail (ctx, SL_ERROR_FORMAT, "layer '%s': bad padding", l->name);
      if (dims == 1 && nv == 2 && !nested)
        v[2] = (gsize) vals[0], v[3] = (gsize) vals[1];
      else if (dims == 2 && nv == 2 && !nested)
        v[0] = v[1] = (gsize) vals[0], v[2] = v[3] = (gsize) vals[1];
      else if (dims == 2 && nv == 4 && nested)
        v[0] = (gsize) vals[0], v[1] = (gsize) vals[1], v[2] = (gsize) vals[2], v[3] = (gsize) vals[3];
      else
        return fail (ctx, SL_ERROR_FORMAT, "layer '%s': bad padding", l->name);
    }
  if (dims == 1)
    v[0] = v[1] = 0;
  l->pad_top = v[0], l->pad_bottom = v[1], l->pad_left = v[2], l->pad_right = v[3];
  l->spatial_dims = dims;
  return check_channels_last (ctx, l, cfg);
}

/* Keras rejects a layer whose name, activation, padding or data format is not a string (or null); so
 * do we, rather than reading a wrong type as "absent" (an `"activation": 3` would become linear). */
static gboolean
check_string_members (Ctx *ctx, const char *class_name, JsonObject *cfg)
{
  static const char *const keys[] = { "name", "activation", "padding", "data_format", "interpolation" };
  const char *name = member_string (cfg, "name");
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *n = member (cfg, keys[i]);
      /* ZeroPadding / Cropping take their "padding" / "cropping" as numbers. */
      if (!strcmp (keys[i], "padding") && !strstr (class_name, "Conv")
          && !strstr (class_name, "Pooling"))
        continue;
      if (n && !member_string (cfg, keys[i]))
        return fail (ctx, SL_ERROR_FORMAT, "layer '%s' (%s): '%s' must be a string, not %s",
                     name ? name : class_name, class_name, keys[i],
                     JSON_NODE_HOLDS_ARRAY (n)    ? "an array"
                     : JSON_NODE_HOLDS_OBJECT (n) ? "an object"
                     : node_is_number (n)         ? "a number"
                                                  : "a boolean");
    }
  return TRUE;
}

static gboolean
parse_layer (Ctx *ctx, const char *class_name, JsonObject *cfg, SlLayer *l)
{
  if (!check_string_members (ctx, class_name, cfg))
    return FALSE;
  const char *name = member_string (cfg, "name");
  l->name = g_strdup (name ? name : class_name);
  l->class_name = g_strdup (class_name);
  l->act.kind = SL_ACT_LINEAR;
  l->act.max_value = INFINITY;
  double v;

  if (!strcmp (class_name, "Conv1D") || !strcmp (class_name, "Conv2D"))
    {
      guint dims = class_name[4] == '1' ? 1 : 2;
      l->kind = SL_LAYER_CONV;
      gsize filters[1], groups[1];
      if (!member_sizes (ctx, l->name, cfg, "filters", 1, 0, filters)
          || !member_sizes (ctx, l->name, cfg, "groups", 1, 1, groups))
        return FALSE;
      if (groups[0] != 1)
        return fail (ctx, SL_ERROR_UNSUPPORTED, "layer '%s' (%s): grouped convolution is not supported",
                     l->name, class_name);
      l->units = filters[0];
      l->use_bias = member_bool (cfg, "use_bias", TRUE);
      return parse_window (ctx, l, cfg, dims, FALSE)
             && parse_activation (ctx, l->name, member_string (cfg, "activation"), &l->act);
    }
  if (!strcmp (class_name, "MaxPooling1D") || !strcmp (class_name, "MaxPooling2D")
      || !strcmp (class_name, "AveragePooling1D") || !strcmp (class_name, "AveragePooling2D"))
    {
      l->kind = class_name[0] == 'M' ? SL_LAYER_MAX_POOL : SL_LAYER_AVG_POOL;
      return parse_window (ctx, l, cfg, strstr (class_name, "1D") ? 1 : 2, TRUE);
    }
  if (!strcmp (class_name, "GlobalAveragePooling1D") || !strcmp (class_name, "GlobalAveragePooling2D")
      || !strcmp (class_name, "GlobalMaxPooling1D") || !strcmp (class_name, "GlobalMaxPooling2D"))
    {
      l->kind = strstr (class_name, "Average") ? SL_LAYER_GLOBAL_AVG_POOL : SL_LAYER_GLOBAL_MAX_POOL;
      l->spatial_dims = strstr (class_name, "1D") ? 1 : 2;
      l->keepdims = member_bool (cfg, "keepdims", FALSE);
      return check_channels_last (ctx, l, cfg);
    }
  if (!strcmp (class_name, "Flatten"))
    {
      l->kind = SL_LAYER_FLATTEN;
      return check_channels_last (ctx, l, cfg);
    }
  if (!strcmp (class_name, "Dense"))
    {
      gsize units[1];
      l->kind = SL_LAYER_DENSE;
      if (!member_sizes (ctx, l->name, cfg, "units", 1, 0, units))
        return FALSE;
      l->units = units[0];
      l->use_bias = member_bool (cfg, "use_bias", TRUE);
      return parse_activation (ctx, l->name, member_string (cfg, "activation"), &l->act);
    }
  if (!strcmp (class_name, "Dropout"))
    {
      l->kind = SL_LAYER_DROPOUT;
      return TRUE;
    }
  if (!strcmp (class_name, "Activation"))
    {
      l->kind = SL_LAYER_ACTIVATION;
      return parse_activation (ctx, l->name, member_string (cfg, "activation"), &l->act);
    }
  if (!strcmp (class_name, "ReLU"))
    {
      l->kind = SL_LAYER_ACTIVATION;
      l->act.kind = SL_ACT_RELU;
      if (!member_double (ctx, l->name, cfg, "max_value", INFINITY, &v))
        return FALSE;
      l->act.max_value = (float) v;
      if (!member_double (ctx, l->name, cfg, "negative_slope", 0, &v))
        return FALSE;
      l->act.alpha = (float) v;
      if (!member_double (ctx, l->name, cfg, "threshold", 0, &v))
        return FALSE;
      l->act.threshold = (float) v;
      return TRUE;
    }
  if (!strcmp (class_name, "LeakyReLU"))
    {
      l->kind = SL_LAYER_ACTIVATION;
      l->act.kind = SL_ACT_LEAKY_RELU;
      if (!member_double (ctx, l->name, cfg, member (cfg, "negative_slope") ? "negative_slope" : "alpha",
                          0.3, &v))
        return FALSE;
      l->act.alpha = (float) v;
      return TRUE;
    }
  if (!strcmp (class_name, "BatchNormalization"))
    {
      l->kind = SL_LAYER_BATCH_NORM;
      JsonNode *axis = member (cfg, "axis");
      gint64 ax = -1;
      if (axis && JSON_NODE_HOLDS_ARRAY (axis) && json_array_get_length (json_node_get_array (axis)) == 1)
        axis = json_array_get_element (json_node_get_array (axis), 0);
      if (axis && node_is_number (axis))
        ax = json_node_get_int (axis);
      else if (axis)
        return fail (ctx, SL_ERROR_UNSUPPORTED, "layer '%s' (BatchNormalization): only one axis is supported",
                     l->name);
      l->keepdims = FALSE;
      l->units = (gsize) (ax < 0 ? 0 : ax); /* checked against the input rank later */
      l->spatial_dims = ax < 0 ? 0 : 1;
      if (!member_double (ctx, l->name, cfg, "epsilon", 1e-3, &v))
        return FALSE;
      l->epsilon = (float) v;
      l->bn_center = member_bool (cfg, "center", TRUE);
      l->bn_scale_enabled = member_bool (cfg, "scale", TRUE);
      return TRUE;
    }
  if (!strcmp (class_name, "ZeroPadding1D") || !strcmp (class_name, "ZeroPadding2D"))
    {
      l->kind = SL_LAYER_ZERO_PAD;
      return parse_zero_padding (ctx, l, cfg, strstr (class_name, "1D") ? 1 : 2);
    }
  if (!strcmp (class_name, "Reshape"))
    {
      l->kind = SL_LAYER_RESHAPE;
      JsonNode *t = member (cfg, "target_shape");
      if (!t || !JSON_NODE_HOLDS_ARRAY (t))
        return fail (ctx, SL_ERROR_FORMAT, "layer '%s' (Reshape): no target_shape", l->name);
      JsonArray *a = json_node_get_array (t);
      guint len = json_array_get_length (a);
      if (len < 1 || len > 3)
        return fail (ctx, SL_ERROR_UNSUPPORTED, "layer '%s' (Reshape): target rank %u is not supported",
                     l->name, len);
      l->target.rank = len;
      for (guint i = 0; i < len; i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          gint64 d = node_is_number (e) ? json_node_get_int (e) : -2;
          if (d == -1)
            d = 0;
          if (d < 0 || d > (1 << 24))
            return fail (ctx, SL_ERROR_FORMAT, "layer '%s' (Reshape): bad target_shape", l->name);
          l->target.d[i] = (gsize) d;
        }
      return TRUE;
    }
  return fail (ctx, SL_ERROR_UNSUPPORTED, "layer '%s' has the unsupported type %s", l->name, class_name);
}

/* A Functional model's layer list in execution order, when the graph is one chain. */
static GPtrArray *
chain_order (Ctx *ctx, JsonObject *config, JsonArray *layers, char **input_name)
{
  g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) next_of = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (layers);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *ln = json_array_get_element (layers, i);
      JsonObject *lo = JSON_NODE_HOLDS_OBJECT (ln) ? json_node_get_object (ln) : NULL;
      const char *name = member_string (lo, "name");
      if (!name)
        name = member_string (member_object (lo, "config"), "name");
      if (!name || g_hash_table_contains (by_name, name))
        {
          fail (ctx, SL_ERROR_FORMAT, "layer %u of the model has no name or a duplicate name", i);
          return NULL;
        }
      g_hash_table_insert (by_name, (gpointer) name, lo);
      JsonNode *inb = member (lo, "inbound_nodes");
      JsonArray *ia = inb && JSON_NODE_HOLDS_ARRAY (inb) ? json_node_get_array (inb) : NULL;
      if (!ia || json_array_get_length (ia) == 0)
        continue; /* an input */
      JsonNode *node0 = json_array_get_element (ia, 0);
      JsonArray *tensors = JSON_NODE_HOLDS_ARRAY (node0) ? json_node_get_array (node0) : NULL;
      if (json_array_get_length (ia) != 1 || !tensors || json_array_get_length (tensors) != 1)
        {
          fail (ctx, SL_ERROR_UNSUPPORTED,
                "the model's graph is not a single chain: layer '%s' is called with several inputs or "
                "several times", name);
          return NULL;
        }
      JsonNode *t0 = json_array_get_element (tensors, 0);
      JsonArray *ta = JSON_NODE_HOLDS_ARRAY (t0) ? json_node_get_array (t0) : NULL;
      JsonNode *src = ta && json_array_get_length (ta) >= 1 ? json_array_get_element (ta, 0) : NULL;
      const char *src_name = src && JSON_NODE_HOLDS_VALUE (src) && json_node_get_value_type (src) == G_TYPE_STRING
                                 ? json_node_get_string (src)
                                 : NULL;
      if (!src_name)
        {
          fail (ctx, SL_ERROR_FORMAT, "layer '%s' has a malformed inbound node", name);
          return NULL;
        }
      if (g_hash_table_contains (next_of, src_name))
        {
          fail (ctx, SL_ERROR_UNSUPPORTED,
                "the model's graph is not a single chain: layer '%s' feeds several layers", src_name);
          return NULL;
        }
      g_hash_table_insert (next_of, (gpointer) src_name, (gpointer) name);
    }
  JsonNode *inputs = member (config, "input_layers");
  JsonArray *inpa = inputs && JSON_NODE_HOLDS_ARRAY (inputs) ? json_node_get_array (inputs) : NULL;
  if (!inpa || json_array_get_length (inpa) != 1)
    {
      fail (ctx, SL_ERROR_UNSUPPORTED, "the model must have exactly one input");
      return NULL;
    }
  JsonNode *in0 = json_array_get_element (inpa, 0);
  /* Keras writes [["input_1", 0, 0]] for one input; some versions write ["input_1", 0, 0]. */
  if (JSON_NODE_HOLDS_ARRAY (in0))
    in0 = json_array_get_length (json_node_get_array (in0)) ? json_array_get_element (json_node_get_array (in0), 0) : NULL;
  const char *start = in0 && JSON_NODE_HOLDS_VALUE (in0) && json_node_get_value_type (in0) == G_TYPE_STRING
                          ? json_node_get_string (in0)
                          : NULL;
  if (!start || !g_hash_table_contains (by_name, start))
    {
      fail (ctx, SL_ERROR_FORMAT, "the model's input layer is not among its layers");
      return NULL;
    }
  *input_name = g_strdup (start);
  GPtrArray *order = g_ptr_array_new ();
  const char *cur = start;
  while (cur && order->len <= n)
    {
      g_ptr_array_add (order, g_hash_table_lookup (by_name, cur));
      cur = g_hash_table_lookup (next_of, cur);
    }
  if (order->len != n)
    {
      g_ptr_array_unref (order);
      fail (ctx, SL_ERROR_UNSUPPORTED, "the model's graph is not a single chain from its input");
      return NULL;
    }
  return order;
}

static gboolean
finish_model (Ctx *ctx, SlModel *model)
{
  /* The model's final activation is applied apart (see SlModel.final_act): one trailing non-linear
   * Activation layer is folded, or else the last Dense/Conv's own activation is split off. Dropout
   * and linear Activation layers in between change nothing. */
  gboolean folded = FALSE;
  for (int i = (int) model->n_layers - 1; i >= 0; i--)
    {
      SlLayer *l = &model->layers[i];
      if (l->kind == SL_LAYER_DROPOUT || (l->kind == SL_LAYER_ACTIVATION && l->act.kind == SL_ACT_LINEAR))
        continue;
      if (l->kind == SL_LAYER_ACTIVATION && !folded)
        {
          model->final_act = l->act;
          l->folded = TRUE;
          l->act.kind = SL_ACT_LINEAR;
          folded = TRUE;
          continue;
        }
      if ((l->kind == SL_LAYER_DENSE || l->kind == SL_LAYER_CONV) && !folded)
        {
          model->final_act = l->act;
          l->act = (SlActParams){ SL_ACT_LINEAR, 0, INFINITY, 0 };
        }
      break;
    }
  model->total_params = 0;
  for (guint i = 0; i < model->n_layers; i++)
    model->total_params += model->layers[i].n_params;
  const SlShape *out = sl_model_shape (model, (int) model->n_layers - 1);
  model->n_classes = (guint) out->d[out->rank - 1];
  if (sl_shape_size (out) != model->n_classes)
    {
      g_autofree char *shape = sl_shape_to_string (out);
      return fail (ctx, SL_ERROR_UNSUPPORTED, "the model's output %s is not a vector of class scores", shape);
    }
  return TRUE;
}

SlModel *
sl_model_new_from_json (const char *config_json, const char *origin, GError **error)
{
  Ctx ctx = { origin ? origin : "model", error };
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!sl_json_load (parser, config_json, -1, ctx.origin, "the model configuration", error))
    return NULL;
  JsonNode *root = json_parser_get_root (parser);
  JsonObject *top = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  const char *cls = member_string (top, "class_name");
  JsonNode *cfg_node = member (top, "config");
  if (!cls || !cfg_node)
    {
      fail (&ctx, SL_ERROR_FORMAT, "the JSON is not a Keras model configuration (no class_name/config)");
      return NULL;
    }
  gboolean functional = !strcmp (cls, "Functional") || !strcmp (cls, "Model");
  if (strcmp (cls, "Sequential") != 0 && !functional)
    {
      fail (&ctx, SL_ERROR_UNSUPPORTED, "models of class '%s' are not supported (only Sequential and Functional)", cls);
      return NULL;
    }
  JsonObject *config = JSON_NODE_HOLDS_OBJECT (cfg_node) ? json_node_get_object (cfg_node) : NULL;
  JsonNode *layers_node = JSON_NODE_HOLDS_ARRAY (cfg_node) ? cfg_node : member (config, "layers");
  if (!layers_node || !JSON_NODE_HOLDS_ARRAY (layers_node) || json_array_get_length (json_node_get_array (layers_node)) == 0)
    {
      fail (&ctx, SL_ERROR_FORMAT, "the model configuration has no layers");
      return NULL;
    }
  JsonArray *layers = json_node_get_array (layers_node);

  g_autoptr (SlModel) model = g_new0 (SlModel, 1);
  model->config_json = g_strdup (config_json);
  model->class_name = g_strdup (functional ? "Functional" : "Sequential");
  const char *mname = member_string (config, "name");
  model->name = g_strdup (mname ? mname : "model");
  model->final_act = (SlActParams){ SL_ACT_LINEAR, 0, INFINITY, 0 };

  g_autoptr (GPtrArray) order = NULL;
  g_autofree char *input_name = NULL;
  if (functional)
    {
      order = chain_order (&ctx, config, layers, &input_name);
      if (!order)
        return NULL;
    }
  else
    {
      order = g_ptr_array_new ();
      for (guint i = 0; i < json_array_get_length (layers); i++)
        {
          JsonNode *ln = json_array_get_element (layers, i);
          if (!JSON_NODE_HOLDS_OBJECT (ln))
            {
              fail (&ctx, SL_ERROR_FORMAT, "layer %u of the model is not an object", i);
              return NULL;
            }
          g_ptr_array_add (order, json_node_get_object (ln));
        }
    }

  model->layers = g_new0 (SlLayer, order->len);
  gboolean have_input = FALSE;
  for (guint i = 0; i < order->len; i++)
    {
      JsonObject *lo = g_ptr_array_index (order, i);
      const char *lcls = member_string (lo, "class_name");
      JsonObject *lcfg = member_object (lo, "config");
      if (!lcls || !lcfg)
        {
          fail (&ctx, SL_ERROR_FORMAT, "layer %u of the model has no class_name or config", i);
          return NULL;
        }
      const char *lname = member_string (lcfg, "name");
      JsonNode *bshape = member (lcfg, "batch_input_shape");
      if (!bshape)
        bshape = member (lcfg, "batch_shape");
      if (!strcmp (lcls, "InputLayer"))
        {
          if (i != 0 || !bshape)
            {
              fail (&ctx, SL_ERROR_FORMAT, "InputLayer '%s' is misplaced or has no shape", lname ? lname : "?");
              return NULL;
            }
          if (!parse_batch_shape (&ctx, lname ? lname : "input", bshape, &model->input))
            return NULL;
          if (functional) /* Keras lists a Functional model's InputLayer, never a Sequential's */
            model->input_layer_name = g_strdup (lname ? lname : "input");
          have_input = TRUE;
          continue;
        }
      if (!have_input)
        {
          if (!bshape)
            {
              fail (&ctx, SL_ERROR_UNSUPPORTED, "the model does not declare its input shape");
              return NULL;
            }
          if (!parse_batch_shape (&ctx, lname ? lname : lcls, bshape, &model->input))
            return NULL;
          have_input = TRUE;
        }
      SlLayer *l = &model->layers[model->n_layers++];
      if (!parse_layer (&ctx, lcls, lcfg, l))
        return NULL;
      if (sl_model_find_layer (model, l->name) != (int) model->n_layers - 1)
        {
          fail (&ctx, SL_ERROR_FORMAT, "two layers are named '%s'", l->name);
          return NULL;
        }
      l->in = *sl_model_shape (model, (int) model->n_layers - 2);
      if (l->kind == SL_LAYER_BATCH_NORM && l->spatial_dims && l->units != l->in.rank)
        {
          fail (&ctx, SL_ERROR_UNSUPPORTED, "layer '%s' (BatchNormalization): only the channel axis is supported",
                l->name);
          return NULL;
        }
      GError *shape_error = NULL;
      if (!sl_layer_infer_shape (l, &shape_error))
        {
          fail (&ctx, SL_ERROR_SHAPE, "%s", shape_error->message);
          g_error_free (shape_error);
          return NULL;
        }
      gsize c = l->in.d[l->in.rank - 1];
      if (l->kind == SL_LAYER_CONV || l->kind == SL_LAYER_DENSE)
        {
          const gsize k = l->kind == SL_LAYER_CONV ? l->kh * l->kw * c : c;
          l->kernel = g_try_new0 (float, k * l->units);
          l->bias = g_try_new0 (float, l->units);
          if (!l->kernel || !l->bias)
            {
              fail (&ctx, SL_ERROR_FAILED, "layer '%s': out of memory for its weights", l->name);
              return NULL;
            }
        }
      else if (l->kind == SL_LAYER_BATCH_NORM)
        {
          l->gamma = g_new (float, c);
          l->beta = g_new0 (float, c);
          l->moving_mean = g_new0 (float, c);
          l->moving_var = g_new (float, c);
          for (gsize k = 0; k < c; k++)
            l->gamma[k] = l->moving_var[k] = 1.0f;
          sl_layer_prepare (l);
        }
    }
  if (model->n_layers == 0)
    {
      fail (&ctx, SL_ERROR_FORMAT, "the model has no layers besides its input");
      return NULL;
    }
  if (!finish_model (&ctx, model))
    return NULL;
  return g_steal_pointer (&model);
}
