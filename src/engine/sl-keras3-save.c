/* Writes a model as Keras 3 writes `model.save("m.keras")`: a zip of metadata.json, config.json
 * (Keras 3's serialisation) and model.weights.h5 (variables at layers/<name>/vars/<i>), no
 * optimizer. */
#include "engine/sl-keras3.h"

#include "core/sl-atomic.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "engine/sl-keras-archive.h"
#include "engine/sl-keras-save.h"
#include "engine/sl-keras-weights.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* ---- config.json ---- */

static JsonNode *
wrap (const char *module, const char *class_name, JsonObject *config, const char *registered)
{
  JsonObject *o = json_object_new ();
  json_object_set_string_member (o, "module", module);
  json_object_set_string_member (o, "class_name", class_name);
  json_object_set_object_member (o, "config", config);
  if (registered)
    json_object_set_string_member (o, "registered_name", registered);
  else
    json_object_set_null_member (o, "registered_name");
  JsonNode *n = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (n, o);
  return n;
}

static JsonNode *
dtype_policy (void)
{
  JsonObject *c = json_object_new ();
  json_object_set_string_member (c, "name", "float32");
  return wrap ("keras", "DTypePolicy", c, NULL);
}

/* [null, d0, d1, …] */
static JsonArray *
batch_shape (const SlShape *shape)
{
  JsonArray *a = json_array_new ();
  json_array_add_null_element (a);
  for (guint i = 0; i < shape->rank; i++)
    json_array_add_int_element (a, (gint64)shape->d[i]);
  return a;
}

static JsonObject *
build_config (const SlShape *shape)
{
  JsonObject *b = json_object_new ();
  json_object_set_array_member (b, "input_shape", batch_shape (shape));
  return b;
}

/* Keras 2's initializer/regularizer/constraint objects gain Keras 3's module and
 * registered_name. */
static void
wrap_members (JsonObject *cfg)
{
  static const struct
  {
    const char *suffix, *module;
  } kinds[] = { { "_initializer", "keras.initializers" },
                { "_regularizer", "keras.regularizers" },
                { "_constraint", "keras.constraints" } };
  g_autoptr (GList) names = json_object_get_members (cfg);
  for (GList *m = names; m; m = m->next)
    {
      /* Replacing a member frees its key and its old value: keep the name, stop after it. */
      g_autofree char *key = g_strdup (m->data);
      JsonNode *v = json_object_get_member (cfg, key);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (v) ? json_node_get_object (v) : NULL;
      if (!o || json_object_has_member (o, "module") || !json_object_has_member (o, "class_name")
          || !json_object_has_member (o, "config"))
        continue;
      for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
        if (g_str_has_suffix (key, kinds[k].suffix))
          {
            JsonObject *copy = json_object_new ();
            json_object_set_string_member (copy, "module", kinds[k].module);
            json_object_set_member (copy, "class_name",
                                    json_node_copy (json_object_get_member (o, "class_name")));
            json_object_set_member (copy, "config",
                                    json_node_copy (json_object_get_member (o, "config")));
            json_object_set_null_member (copy, "registered_name");
            json_object_set_object_member (cfg, key, copy);
            break;
          }
    }
}

static JsonNode *
keras_tensor (const SlShape *shape, const char *from)
{
  JsonObject *c = json_object_new ();
  json_object_set_array_member (c, "shape", batch_shape (shape));
  json_object_set_string_member (c, "dtype", "float32");
  JsonArray *h = json_array_new ();
  json_array_add_string_element (h, from);
  json_array_add_int_element (h, 0);
  json_array_add_int_element (h, 0);
  json_object_set_array_member (c, "keras_history", h);
  JsonObject *t = json_object_new ();
  json_object_set_string_member (t, "class_name", "__keras_tensor__");
  json_object_set_object_member (t, "config", c);
  JsonNode *n = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (n, t);
  return n;
}

/* One layer as Keras 3 serialises it; `from` is the layer feeding it in a Functional model, else
 * NULL. */
static JsonNode *
layer_node (const SlLayer *l, JsonObject *k2_config, const char *from)
{
  JsonObject *cfg = json_object_new ();
  g_autoptr (GList) names = json_object_get_members (k2_config);
  for (GList *m = names; m; m = m->next)
    if (strcmp (m->data, "batch_input_shape") != 0 && strcmp (m->data, "batch_shape") != 0)
      json_object_set_member (cfg, m->data,
                              json_node_copy (json_object_get_member (k2_config, m->data)));
  json_object_set_member (cfg, "dtype", dtype_policy ());
  /* Keras 2 may keep BatchNormalization's axis as [3]; Keras 3 takes one integer. */
  JsonNode *axis
      = json_object_has_member (cfg, "axis") ? json_object_get_member (cfg, "axis") : NULL;
  if (l->kind == SL_LAYER_BATCH_NORM && axis && JSON_NODE_HOLDS_ARRAY (axis)
      && json_array_get_length (json_node_get_array (axis)) == 1)
    json_object_set_int_member (cfg, "axis",
                                json_array_get_int_element (json_node_get_array (axis), 0));
  if (l->kind == SL_LAYER_ACTIVATION && json_object_has_member (cfg, "alpha")
      && !json_object_has_member (cfg, "negative_slope"))
    {
      json_object_set_member (cfg, "negative_slope",
                              json_node_copy (json_object_get_member (cfg, "alpha")));
      json_object_remove_member (cfg, "alpha");
    }
  wrap_members (cfg);
  JsonNode *n = wrap ("keras.layers", l->class_name, cfg, NULL);
  JsonObject *o = json_node_get_object (n);
  json_object_set_object_member (o, "build_config", build_config (&l->in));
  if (from)
    {
      JsonObject *call = json_object_new ();
      JsonArray *args = json_array_new ();
      json_array_add_element (args, keras_tensor (&l->in, from));
      json_object_set_array_member (call, "args", args);
      json_object_set_object_member (call, "kwargs", json_object_new ());
      JsonArray *nodes = json_array_new ();
      json_array_add_object_element (nodes, call);
      json_object_set_string_member (o, "name", l->name);
      json_object_set_array_member (o, "inbound_nodes", nodes);
    }
  return n;
}

static JsonNode *
input_layer_node (const SlModel *model, const char *name, gboolean functional)
{
  JsonObject *cfg = json_object_new ();
  json_object_set_array_member (cfg, "batch_shape", batch_shape (&model->input));
  json_object_set_string_member (cfg, "dtype", "float32");
  json_object_set_boolean_member (cfg, "sparse", FALSE);
  json_object_set_string_member (cfg, "name", name);
  JsonNode *n = wrap ("keras.layers", "InputLayer", cfg, NULL);
  if (functional)
    {
      json_object_set_string_member (json_node_get_object (n), "name", name);
      json_object_set_array_member (json_node_get_object (n), "inbound_nodes", json_array_new ());
    }
  return n;
}

/* [["name", 0, 0]] */
static JsonArray *
endpoint (const char *name)
{
  JsonArray *t = json_array_new ();
  json_array_add_string_element (t, name);
  json_array_add_int_element (t, 0);
  json_array_add_int_element (t, 0);
  JsonArray *a = json_array_new ();
  json_array_add_array_element (a, t);
  return a;
}

char *
sl_keras3_config_from_model (const SlModel *model, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!model->config_json || !json_parser_load_from_data (parser, model->config_json, -1, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s: the model has no readable configuration",
                   model->path ? model->path : model->name);
      return NULL;
    }
  g_autoptr (GHashTable) k2 = sl_keras_config_layers (json_parser_get_root (parser));
  const gboolean functional = !g_strcmp0 (model->class_name, "Functional");
  const char *input = model->input_layer_name ? model->input_layer_name : "input_layer";
  JsonArray *layers = json_array_new ();
  json_array_add_element (layers, input_layer_node (model, input, functional));
  for (guint i = 0; i < model->n_layers; i++)
    {
      const SlLayer *l = &model->layers[i];
      JsonObject *lc = g_hash_table_lookup (k2, l->name);
      if (!lc)
        {
          json_array_unref (layers);
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: layer '%s' is not in the model's configuration",
                       model->path ? model->path : model->name, l->name);
          return NULL;
        }
      const char *from = !functional ? NULL : i == 0 ? input : model->layers[i - 1].name;
      json_array_add_element (layers, layer_node (l, lc, from));
    }
  JsonObject *config = json_object_new ();
  json_object_set_string_member (config, "name", model->name);
  json_object_set_boolean_member (config, "trainable", TRUE);
  json_object_set_member (config, "dtype", dtype_policy ());
  json_object_set_array_member (config, "layers", layers);
  JsonObject *build = NULL;
  if (functional)
    {
      json_object_set_array_member (config, "input_layers", endpoint (input));
      json_object_set_array_member (config, "output_layers",
                                    endpoint (model->layers[model->n_layers - 1].name));
    }
  else
    {
      json_object_set_array_member (config, "build_input_shape", batch_shape (&model->input));
      build = build_config (&model->input);
    }
  g_autoptr (JsonNode) root
      = functional ? wrap ("keras.src.models.functional", "Functional", config, "Functional")
                   : wrap ("keras", "Sequential", config, NULL);
  if (build)
    json_object_set_object_member (json_node_get_object (root), "build_config", build);
  else
    json_object_set_null_member (json_node_get_object (root), "build_config");
  return sl_keras_json_dumps (root);
}

/* ---- model.weights.h5 ---- */

static gboolean
write_group (hid_t file, const char *path, GError **error, const char *origin)
{
  hid_t lcpl = H5Pcreate (H5P_LINK_CREATE);
  H5Pset_create_intermediate_group (lcpl, 1);
  hid_t g = H5Gcreate2 (file, path, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  H5Pclose (lcpl);
  if (g < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot create the group %s", origin, path);
      return FALSE;
    }
  H5Gclose (g);
  return TRUE;
}

static gboolean
write_layer (hid_t file, const char *group_path, const SlLayer *l, const char *origin,
             GError **error)
{
  if (!write_group (file, group_path, error, origin))
    return FALSE;
  SlWeightSlot slots[6];
  const guint n = sl_keras_weight_slots ((SlLayer *)l, slots);
  hid_t g = H5Gopen2 (file, group_path, H5P_DEFAULT);
  gboolean ok = g >= 0;
  for (guint s = 0; ok && s < n; s++)
    {
      char name[16];
      hsize_t dims[4];
      g_snprintf (name, sizeof name, "%u", s);
      for (guint d = 0; d < slots[s].rank; d++)
        dims[d] = slots[s].dims[d];
      ok = sl_h5_write_floats (g, name, slots[s].rank, dims, *slots[s].dest, NULL);
    }
  if (g >= 0)
    H5Gclose (g);
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write the weights of layer '%s'", origin,
                 l->name);
  return ok;
}

static GBytes *
weights_image (const SlModel *model, const char *origin, GError **error)
{
  hid_t file = sl_h5_create_in_memory ("model.weights.h5", error);
  if (file < 0)
    return NULL;
  g_auto (GStrv) groups = sl_keras3_weight_groups (model);
  gboolean ok = write_group (file, "layers", error, origin);
  if (ok && model->input_layer_name)
    ok = write_group (file, "layers/input_layer/vars", error, origin);
  for (guint i = 0; ok && i < model->n_layers; i++)
    ok = write_layer (file, groups[i], &model->layers[i], origin, error);
  ok = ok && write_group (file, "vars", error, origin);
  GBytes *image = ok ? sl_h5_dup_image (file, origin, error) : NULL;
  sl_h5_close (file);
  return image;
}

/* ---- the archive ---- */

typedef struct
{
  const char *metadata, *config;
  GBytes *weights;
} Parts;

static gboolean
write_parts (const char *tmp_path, gpointer data, GError **error)
{
  const Parts *p = data;
  return sl_keras_archive_write (tmp_path, p->metadata, p->config, p->weights, error);
}

gboolean
sl_keras3_save (const SlModel *model, const char *path, GError **error)
{
  g_autofree char *config = sl_keras3_config_from_model (model, error);
  if (!config)
    return FALSE;
  g_autoptr (GBytes) weights = weights_image (model, path, error);
  if (!weights)
    return FALSE;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d@%H:%M:%S");
  g_autofree char *metadata = g_strdup_printf (
      "{\"keras_version\": \"%s\", \"date_saved\": \"%s\"}", SL_KERAS3_SAVE_VERSION, date);
  Parts parts = { metadata, config, weights };
  return sl_atomic_write (path, write_parts, &parts, error);
}
