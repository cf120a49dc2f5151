/* Reads initialisers, regularisers and "trainable" of each layer from a Keras model configuration.
 */
#include "train/sl-train-spec.h"

#include "core/sl-error.h"
#include "core/sl-json.h"
#include "engine/sl-keras-save.h"

#include <math.h>
#include <string.h>

void
sl_train_spec_free (SlTrainSpec *spec)
{
  if (!spec)
    return;
  g_free (spec->layers);
  g_free (spec);
}

static gboolean
reg_value (JsonObject *cfg, const char *name, double def, double *out)
{
  if (!cfg || !json_object_has_member (cfg, name) || json_object_get_null_member (cfg, name))
    {
      *out = def;
      return TRUE;
    }
  JsonNode *n = json_object_get_member (cfg, name);
  if (!JSON_NODE_HOLDS_VALUE (n)
      || (json_node_get_value_type (n) != G_TYPE_DOUBLE
          && json_node_get_value_type (n) != G_TYPE_INT64))
    return FALSE;
  *out = json_node_get_double (n);
  return isfinite (*out) && *out >= 0;
}

gboolean
sl_regularizer_parse (JsonNode *node, const char *where, SlRegularizer *reg, GError **error)
{
  *reg = (SlRegularizer){ 0, 0 };
  if (!node || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  const char *name = NULL;
  JsonObject *cfg = NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    name = json_node_get_string (node);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      if (json_object_has_member (o, "class_name"))
        name = json_object_get_string_member (o, "class_name");
      if (json_object_has_member (o, "config")
          && JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "config")))
        cfg = json_object_get_object_member (o, "config");
    }
  gboolean ok;
  /* Keras 2.4: L1 and L2 default to 0.01, L1L2 to 0 and 0 (and the strings "l1", "l2" to 0.01). */
  if (name && (!g_ascii_strcasecmp (name, "L2")))
    ok = reg_value (cfg, "l2", 0.01, &reg->l2);
  else if (name && (!g_ascii_strcasecmp (name, "L1")))
    ok = reg_value (cfg, "l1", 0.01, &reg->l1);
  else if (name && (!g_ascii_strcasecmp (name, "L1L2") || !g_ascii_strcasecmp (name, "l1_l2")))
    ok = reg_value (cfg, "l1", 0, &reg->l1) && reg_value (cfg, "l2", 0, &reg->l2);
  else
    {
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   "%s: the regularizer '%s' is not supported", where, name ? name : "?");
      return FALSE;
    }
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the regularizer '%s' has an invalid factor",
                 where, name);
  return ok;
}

static JsonNode *
maybe_member (JsonObject *o, const char *name)
{
  return o && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;
}

SlTrainSpec *
sl_train_spec_new (const SlModel *model, GError **error)
{
  const char *origin = model->path ? model->path : model->name;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;
  if (!model->config_json
      || !sl_json_check_depth (model->config_json, -1, SL_JSON_MAX_DEPTH, origin, NULL)
      || !json_parser_load_from_data (parser, model->config_json, -1, &local))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the model configuration cannot be read",
                   origin);
      return NULL;
    }
  g_autoptr (GHashTable) configs = sl_keras_config_layers (json_parser_get_root (parser));
  g_autoptr (SlTrainSpec) spec = g_new0 (SlTrainSpec, 1);
  spec->n_layers = model->n_layers;
  spec->layers = g_new0 (SlLayerSpec, model->n_layers);
  for (guint i = 0; i < model->n_layers; i++)
    {
      const SlLayer *l = &model->layers[i];
      SlLayerSpec *s = &spec->layers[i];
      JsonObject *cfg = g_hash_table_lookup (configs, l->name);
      g_autofree char *where = g_strdup_printf ("%s: layer '%s'", origin, l->name);
      JsonNode *trainable = maybe_member (cfg, "trainable");
      s->trainable = !(trainable && JSON_NODE_HOLDS_VALUE (trainable)
                       && json_node_get_value_type (trainable) == G_TYPE_BOOLEAN
                       && !json_node_get_boolean (trainable));
      s->has_params = l->kind == SL_LAYER_CONV || l->kind == SL_LAYER_DENSE;
      sl_initializer_glorot_uniform (&s->kernel_init);
      sl_initializer_zeros (&s->bias_init);
      if (l->kind == SL_LAYER_DROPOUT && !reg_value (cfg, "rate", 0, &s->dropout_rate))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the dropout rate is not a number",
                       where);
          return NULL;
        }
      if (!s->has_params)
        continue;
      JsonNode *ki = maybe_member (cfg, "kernel_initializer");
      JsonNode *bi = maybe_member (cfg, "bias_initializer");
      if ((ki && !JSON_NODE_HOLDS_NULL (ki)
           && !sl_initializer_parse (ki, where, &s->kernel_init, error))
          || (bi && !JSON_NODE_HOLDS_NULL (bi)
              && !sl_initializer_parse (bi, where, &s->bias_init, error))
          || !sl_regularizer_parse (maybe_member (cfg, "kernel_regularizer"), where, &s->kernel_reg,
                                    error)
          || !sl_regularizer_parse (maybe_member (cfg, "bias_regularizer"), where, &s->bias_reg,
                                    error))
        return NULL;
    }
  return g_steal_pointer (&spec);
}

void
sl_train_spec_init_layer (const SlLayerSpec *spec, SlLayer *l, GRand *rng)
{
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  gsize shape[4];
  guint rank;
  if (l->kind == SL_LAYER_DENSE)
    shape[0] = c, shape[1] = l->units, rank = 2;
  else if (l->spatial_dims == 1)
    shape[0] = l->kw, shape[1] = c, shape[2] = l->units, rank = 3;
  else
    shape[0] = l->kh, shape[1] = l->kw, shape[2] = c, shape[3] = l->units, rank = 4;
  sl_initializer_fill (&spec->kernel_init, rank, shape, l->kernel, rng);
  if (l->use_bias && l->bias)
    sl_initializer_fill (&spec->bias_init, 1, &l->units, l->bias, rng);
}

void
sl_train_spec_init_weights (const SlTrainSpec *spec, SlModel *model, guint32 seed)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);
  for (guint i = 0; i < model->n_layers && i < spec->n_layers; i++)
    if (spec->layers[i].has_params)
      sl_train_spec_init_layer (&spec->layers[i], &model->layers[i], rng);
}
