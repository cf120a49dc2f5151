/* Keras 3's config.json ↔ the Keras 2 `model_config` form the engine parses. Keras 3 wraps every
 * object as {module, class_name, config, registered_name}, writes dtype policies as objects and
 * inbound nodes as call arguments holding `__keras_tensor__`s; the layers' own hyper-parameters are
 * named as in Keras 2. */
#include "engine/sl-keras3.h"

#include "core/sl-error.h"
#include "engine/sl-keras-save.h"

#include <string.h>

static const char *
obj_string (JsonObject *o, const char *name)
{
  JsonNode *n = o && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

static JsonObject *
obj_object (JsonObject *o, const char *name)
{
  JsonNode *n = o && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static JsonArray *
obj_array (JsonObject *o, const char *name)
{
  JsonNode *n = o && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

/* ---- code in a model file ---- */

/* The class of an object that only Python code could rebuild, or NULL. Keras' own objects come
 * from keras.* modules with no registered name (or their own class name); a function is serialised
 * as class "function" (by name: fine when from keras.activations) or "__lambda__" (code). */
static const char *
code_class (JsonObject *o)
{
  const char *cls = obj_string (o, "class_name");
  const char *module = obj_string (o, "module");
  const char *registered = obj_string (o, "registered_name");
  static const char *const code_layers[]
      = { "Lambda", "TFOpLambda", "SlicingOpLambda", "__lambda__" };
  if (!cls)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (code_layers); i++)
    if (!strcmp (cls, code_layers[i]))
      return cls;
  if (!strcmp (cls, "function"))
    return module && g_str_has_prefix (module, "keras") ? NULL : cls;
  if ((module && !g_str_has_prefix (module, "keras"))
      || (registered && strcmp (registered, cls) != 0))
    return registered ? registered : cls;
  return NULL;
}

/* Searches `node` and everything inside it. */
static const char *
find_code (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          const char *found = find_code (json_array_get_element (a, i));
          if (found)
            return found;
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      const char *found = code_class (o);
      g_autoptr (GList) members = json_object_get_values (o);
      for (GList *m = members; m && !found; m = m->next)
        found = find_code (m->data);
      return found;
    }
  return NULL;
}

/* ---- Keras 3 → Keras 2 ---- */

/* A `__keras_tensor__` argument → Keras 2's ["layer", node, tensor, {}]. */
static gboolean
add_history (JsonArray *tensors, JsonNode *arg)
{
  if (JSON_NODE_HOLDS_ARRAY (arg))
    {
      JsonArray *a = json_node_get_array (arg);
      for (guint i = 0; i < json_array_get_length (a); i++)
        if (!add_history (tensors, json_array_get_element (a, i)))
          return FALSE;
      return TRUE;
    }
  JsonObject *t = JSON_NODE_HOLDS_OBJECT (arg) ? json_node_get_object (arg) : NULL;
  if (!t || g_strcmp0 (obj_string (t, "class_name"), "__keras_tensor__") != 0)
    return TRUE; /* a plain value (e.g. an axis) */
  JsonArray *history = obj_array (obj_object (t, "config"), "keras_history");
  if (!history || json_array_get_length (history) != 3)
    return FALSE;
  JsonArray *k2 = json_array_new ();
  for (guint i = 0; i < 3; i++)
    json_array_add_element (k2, json_node_copy (json_array_get_element (history, i)));
  json_array_add_object_element (k2, json_object_new ());
  json_array_add_array_element (tensors, k2);
  return TRUE;
}

static JsonNode *
inbound_nodes_to_keras2 (JsonArray *nodes)
{
  JsonArray *out = json_array_new ();
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *call = JSON_NODE_HOLDS_OBJECT (json_array_get_element (nodes, i))
                             ? json_node_get_object (json_array_get_element (nodes, i))
                             : NULL;
      JsonArray *args = obj_array (call, "args");
      JsonArray *tensors = json_array_new ();
      json_array_add_array_element (out, tensors);
      if (!args || !add_history (tensors, json_object_get_member (call, "args")))
        {
          json_array_unref (out);
          return NULL;
        }
    }
  JsonNode *n = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (n, out);
  return n;
}

static gboolean
layer_to_keras2 (JsonObject *layer, guint index, const char *origin, GError **error)
{
  JsonObject *cfg = obj_object (layer, "config");
  const char *cls = obj_string (layer, "class_name");
  const char *name = obj_string (cfg, "name");
  const char *code = code_class (layer);
  if (!code && cfg)
    code = find_code (json_object_get_member (layer, "config"));
  if (code)
    {
      /* Name the object that holds the code when it is not the layer's own class. */
      g_autofree char *what
          = g_strcmp0 (code, cls) ? g_strdup_printf (" (%s)", code) : g_strdup ("");
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   "%s: layer '%s' (%s) needs Python code%s to run; this program never executes "
                   "anything from a model file",
                   origin, name ? name : "?", cls ? cls : "?", what);
      return FALSE;
    }
  if (!cfg)
    return TRUE; /* the parser reports it */
  /* A Keras activation may come as a function object naming it; any other object would be read
   * as no activation at all, so it is refused. */
  JsonObject *act = obj_object (cfg, "activation");
  if (act)
    {
      const char *fname = obj_string (act, "config");
      if (g_strcmp0 (obj_string (act, "class_name"), "function") != 0 || !fname)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                       "%s: layer '%s' (%s): an activation given as a %s object is not supported",
                       origin, name ? name : "?", cls ? cls : "?",
                       obj_string (act, "class_name") ? obj_string (act, "class_name") : "?");
          return FALSE;
        }
      json_object_set_string_member (cfg, "activation", fname);
    }
  JsonObject *dtype = obj_object (cfg, "dtype");
  if (dtype)
    {
      const char *policy = obj_string (obj_object (dtype, "config"), "name");
      json_object_set_string_member (cfg, "dtype", policy ? policy : "float32");
    }
  JsonArray *inbound = obj_array (layer, "inbound_nodes");
  if (inbound && json_array_get_length (inbound) > 0
      && JSON_NODE_HOLDS_OBJECT (json_array_get_element (inbound, 0)))
    {
      JsonNode *k2 = inbound_nodes_to_keras2 (inbound);
      if (!k2)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                       "%s: layer %u ('%s') has a malformed inbound node", origin, index,
                       name ? name : "?");
          return FALSE;
        }
      json_object_set_member (layer, "inbound_nodes", k2);
    }
  return TRUE;
}

/* A single endpoint written flat, ["input_layer", 0, 0], becomes [["input_layer", 0, 0]]. */
static void
nest_endpoint (JsonObject *config, const char *member)
{
  JsonArray *a = obj_array (config, member);
  if (!a || json_array_get_length (a) != 3
      || !JSON_NODE_HOLDS_VALUE (json_array_get_element (a, 0)))
    return;
  JsonArray *outer = json_array_new ();
  json_array_add_array_element (outer, json_array_ref (a));
  json_object_set_array_member (config, member, outer);
}

char *
sl_keras3_config_to_keras2 (const char *config_json, const char *origin, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;
  if (!json_parser_load_from_data (parser, config_json, -1, &local))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: config.json is not valid JSON (%s)",
                   origin, local->message);
      return NULL;
    }
  JsonNode *root = json_parser_get_root (parser);
  JsonObject *top = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  const char *cls = obj_string (top, "class_name");
  if (!cls)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: config.json is not a Keras model configuration", origin);
      return NULL;
    }
  const char *code = code_class (top);
  if (code)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   "%s: the model is of the custom class %s, which needs Python code to run; this "
                   "program never "
                   "executes anything from a model file",
                   origin, code);
      return NULL;
    }
  JsonObject *config = obj_object (top, "config");
  JsonArray *layers = obj_array (config, "layers");
  for (guint i = 0; layers && i < json_array_get_length (layers); i++)
    {
      JsonNode *ln = json_array_get_element (layers, i);
      if (JSON_NODE_HOLDS_OBJECT (ln)
          && !layer_to_keras2 (json_node_get_object (ln), i, origin, error))
        return NULL;
    }
  if (config)
    {
      nest_endpoint (config, "input_layers");
      nest_endpoint (config, "output_layers");
    }
  /* A Sequential model built without an InputLayer keeps its input shape at the model level. */
  JsonNode *build_shape = config && json_object_has_member (config, "build_input_shape")
                              ? json_object_get_member (config, "build_input_shape")
                              : NULL;
  JsonObject *first
      = layers && json_array_get_length (layers) ? json_array_get_object_element (layers, 0) : NULL;
  JsonObject *first_cfg = obj_object (first, "config");
  if (!strcmp (cls, "Sequential") && build_shape && JSON_NODE_HOLDS_ARRAY (build_shape) && first_cfg
      && g_strcmp0 (obj_string (first, "class_name"), "InputLayer") != 0
      && !json_object_has_member (first_cfg, "batch_input_shape")
      && !json_object_has_member (first_cfg, "batch_shape"))
    json_object_set_member (first_cfg, "batch_input_shape", json_node_copy (build_shape));
  return sl_keras_json_dumps (root);
}

/* ---- naming ---- */

char *
sl_keras3_snake_case (const char *class_name)
{
  /* name = re.sub(r"\W+", "", name); re.sub("(.)([A-Z][a-z]+)", r"\1_\2", …);
   * re.sub("([a-z])([A-Z])", r"\1_\2", …).lower() */
  g_autoptr (GRegex) nonword = g_regex_new ("\\W+", 0, 0, NULL);
  g_autoptr (GRegex) words = g_regex_new ("(.)([A-Z][a-z]+)", 0, 0, NULL);
  g_autoptr (GRegex) humps = g_regex_new ("([a-z])([A-Z])", 0, 0, NULL);
  g_autofree char *a = g_regex_replace_literal (nonword, class_name, -1, 0, "", 0, NULL);
  g_autofree char *b = g_regex_replace (words, a, -1, 0, "\\1_\\2", 0, NULL);
  g_autofree char *c = g_regex_replace (humps, b, -1, 0, "\\1_\\2", 0, NULL);
  return g_ascii_strdown (c, -1);
}

char **
sl_keras3_weight_groups (const SlModel *model)
{
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *out = g_ptr_array_new ();
  /* A Functional model's layers include its InputLayer, which takes the first "input_layer". */
  if (model->input_layer_name)
    g_hash_table_insert (used, g_strdup ("input_layer"), GUINT_TO_POINTER (1));
  for (guint i = 0; i < model->n_layers; i++)
    {
      g_autofree char *snake = sl_keras3_snake_case (model->layers[i].class_name);
      const guint k = GPOINTER_TO_UINT (g_hash_table_lookup (used, snake));
      g_ptr_array_add (out, k ? g_strdup_printf ("layers/%s_%u/vars", snake, k)
                              : g_strdup_printf ("layers/%s/vars", snake));
      g_hash_table_insert (used, g_steal_pointer (&snake), GUINT_TO_POINTER (k + 1));
    }
  g_ptr_array_add (out, NULL);
  return (char **)g_ptr_array_free (out, FALSE);
}
