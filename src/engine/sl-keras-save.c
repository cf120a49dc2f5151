/* Writes Keras 2.x HDF5 model files the way Keras 2.4 (through h5py) does: the same groups,
 * attribute types (variable- or fixed-length strings, the empty float64 array of a weightless
 * layer) and JSON. */
#include "engine/sl-keras-save.h"

#include "engine/sl-keras3.h"

#include "core/sl-error.h"
#include "core/sl-json.h"
#include "core/sl-h5.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

/* ---- JSON as Python writes it ---- */

/* repr() of a float: the shortest digits that read back to the same double, in fixed notation when
 * the decimal exponent is in [−4, 16), else as 1.5e-05 (at least two exponent digits). */
static void
append_python_float (GString *s, double v)
{
  if (isnan (v))
    {
      g_string_append (s, "NaN");
      return;
    }
  if (isinf (v))
    {
      g_string_append (s, v > 0 ? "Infinity" : "-Infinity");
      return;
    }
  if (v == 0)
    {
      g_string_append (s, signbit (v) ? "-0.0" : "0.0");
      return;
    }
  char buf[64];
  for (int prec = 1; prec <= 17; prec++)
    {
      char fmt[16];
      g_snprintf (fmt, sizeof fmt, "%%.%de", prec - 1);
      g_ascii_formatd (buf, sizeof buf, fmt, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  /* buf is [-]d[.ddd]e±XX: collect the digits and the exponent. */
  const char *p = buf;
  gboolean negative = *p == '-';
  if (negative)
    p++;
  char digits[32];
  gsize nd = 0;
  for (; *p && *p != 'e'; p++)
    if (g_ascii_isdigit (*p))
      digits[nd++] = *p;
  const int exp10 = (int) g_ascii_strtoll (p + 1, NULL, 10);
  while (nd > 1 && digits[nd - 1] == '0')
    nd--;
  if (negative)
    g_string_append_c (s, '-');
  if (exp10 >= -4 && exp10 < 16)
    {
      if (exp10 < 0)
        {
          g_string_append (s, "0.");
          for (int i = 0; i < -exp10 - 1; i++)
            g_string_append_c (s, '0');
          g_string_append_len (s, digits, (gssize) nd);
        }
      else
        {
          for (int i = 0; i <= exp10; i++)
            g_string_append_c (s, (gsize) i < nd ? digits[i] : '0');
          g_string_append_c (s, '.');
          if ((gsize) exp10 + 1 < nd)
            g_string_append_len (s, digits + exp10 + 1, (gssize) (nd - (gsize) exp10 - 1));
          else
            g_string_append_c (s, '0');
        }
      return;
    }
  g_string_append_c (s, digits[0]);
  if (nd > 1)
    {
      g_string_append_c (s, '.');
      g_string_append_len (s, digits + 1, (gssize) nd - 1);
    }
  g_string_append_printf (s, "e%c%02d", exp10 < 0 ? '-' : '+', ABS (exp10));
}

/* A JSON string with ensure_ascii: non-ASCII as \uXXXX (UTF-16 surrogate pairs above the BMP). */
static void
append_python_string (GString *s, const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      const gunichar c = g_utf8_get_char (p);
      switch (c)
        {
        case '"':
          g_string_append (s, "\\\"");
          break;
        case '\\':
          g_string_append (s, "\\\\");
          break;
        case '\n':
          g_string_append (s, "\\n");
          break;
        case '\r':
          g_string_append (s, "\\r");
          break;
        case '\t':
          g_string_append (s, "\\t");
          break;
        case '\b':
          g_string_append (s, "\\b");
          break;
        case '\f':
          g_string_append (s, "\\f");
          break;
        default:
          if (c < 0x20 || (c >= 0x7f && c < 0x10000))
            g_string_append_printf (s, "\\u%04x", c);
          else if (c >= 0x10000)
            {
              const gunichar v = c - 0x10000;
              g_string_append_printf (s, "\\u%04x\\u%04x", 0xd800 + (v >> 10),
                                      0xdc00 + (v & 0x3ff));
            }
          else
            g_string_append_c (s, (char) c);
        }
    }
  g_string_append_c (s, '"');
}

static void
append_node (GString *s, JsonNode *node)
{
  if (!node || JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (s, "null");
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr (GList) members = json_object_get_members (o); /* in document order */
      g_string_append_c (s, '{');
      for (GList *m = members; m; m = m->next)
        {
          if (m != members)
            g_string_append (s, ", ");
          append_python_string (s, m->data);
          g_string_append (s, ": ");
          append_node (s, json_object_get_member (o, m->data));
        }
      g_string_append_c (s, '}');
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      g_string_append_c (s, '[');
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          if (i)
            g_string_append (s, ", ");
          append_node (s, json_array_get_element (a, i));
        }
      g_string_append_c (s, ']');
      return;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      g_string_append (s, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_INT64:
      g_string_append_printf (s, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      append_python_float (s, json_node_get_double (node));
      break;
    case G_TYPE_STRING:
      append_python_string (s, json_node_get_string (node));
      break;
    default:
      g_string_append (s, "null");
    }
}

char *
sl_keras_json_dumps (JsonNode *node)
{
  GString *s = g_string_new (NULL);
  append_node (s, node);
  return g_string_free (s, FALSE);
}

char *
sl_keras_json_normalize (const char *text, const char *origin, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!sl_json_load (parser, text, -1, origin, "the text", error))
    return NULL;
  return sl_keras_json_dumps (json_parser_get_root (parser));
}

GHashTable *
sl_keras_config_layers (JsonNode *root)
{
  GHashTable *by_name = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *top = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *cfg = top && json_object_has_member (top, "config")
                      ? json_object_get_member (top, "config")
                      : NULL;
  JsonArray *layers = NULL;
  if (cfg && JSON_NODE_HOLDS_ARRAY (cfg))
    layers = json_node_get_array (cfg);
  else if (cfg && JSON_NODE_HOLDS_OBJECT (cfg)
           && json_object_has_member (json_node_get_object (cfg), "layers")
           && JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (cfg), "layers")))
    layers = json_object_get_array_member (json_node_get_object (cfg), "layers");
  for (guint i = 0; layers && i < json_array_get_length (layers); i++)
    {
      JsonNode *ln = json_array_get_element (layers, i);
      if (!JSON_NODE_HOLDS_OBJECT (ln))
        continue;
      JsonObject *lo = json_node_get_object (ln);
      if (!json_object_has_member (lo, "config")
          || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (lo, "config")))
        continue;
      JsonObject *lc = json_object_get_object_member (lo, "config");
      JsonNode *name
          = json_object_has_member (lc, "name") ? json_object_get_member (lc, "name") : NULL;
      if (name && JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
        g_hash_table_insert (by_name, (gpointer) json_node_get_string (name), lc);
    }
  return by_name;
}

/* ---- HDF5 attributes as h5py writes them ---- */

/* A Python str attribute is a variable-length UTF-8 string, a bytes one a variable-length ASCII
 * one. */
static gboolean
write_vlen_attr (hid_t obj, const char *name, const char *value, H5T_cset_t cset)
{
  hid_t type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, H5T_VARIABLE);
  H5Tset_cset (type, cset);
  hid_t space = H5Screate (H5S_SCALAR);
  hid_t attr = H5Acreate2 (obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  const gboolean ok = attr >= 0 && H5Awrite (attr, type, &value) >= 0;
  if (attr >= 0)
    H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
  return ok;
}

/* A list of bytes becomes a NumPy 'S<max length>' array: fixed-length, NUL-padded; an empty list
 * becomes np.asarray([]), an empty float64 array. */
static gboolean
write_name_list_attr (hid_t obj, const char *name, GPtrArray *names)
{
  const hsize_t n = names->len;
  hid_t space = H5Screate_simple (1, &n, NULL);
  hid_t type;
  char *buf = NULL;
  if (n == 0)
    type = H5Tcopy (H5T_IEEE_F64LE);
  else
    {
      gsize len = 1;
      for (guint i = 0; i < names->len; i++)
        len = MAX (len, strlen (g_ptr_array_index (names, i)));
      type = H5Tcopy (H5T_C_S1);
      H5Tset_size (type, len);
      H5Tset_strpad (type, H5T_STR_NULLPAD);
      H5Tset_cset (type, H5T_CSET_ASCII);
      buf = g_malloc0 (len * n);
      for (guint i = 0; i < names->len; i++)
        memcpy (buf + i * len, g_ptr_array_index (names, i), strlen (g_ptr_array_index (names, i)));
    }
  hid_t attr = H5Acreate2 (obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  gboolean ok = attr >= 0;
  if (ok && n > 0)
    ok = H5Awrite (attr, type, buf) >= 0;
  if (attr >= 0)
    H5Aclose (attr);
  g_free (buf);
  H5Tclose (type);
  H5Sclose (space);
  return ok;
}

/* ---- the model ---- */

typedef struct
{
  const char *suffix; /* Keras' weight name after "<layer>/" and before ":0" */
  const float *data;
  guint rank;
  hsize_t dims[4];
  guint slot; /* index into the slots array (2·layer + 0/1), or G_MAXUINT */
} Weight;

/* The weights of layer i in Keras' order, shaped as Keras stores them. */
static guint
layer_weights (const SlModel *model, guint i, Weight w[6])
{
  const SlLayer *l = &model->layers[i];
  gsize h, wd, c;
  sl_shape_hwc (&l->in, &h, &wd, &c);
  guint n = 0;
  switch (l->kind)
    {
    case SL_LAYER_CONV:
      if (l->spatial_dims == 1)
        w[n++] = (Weight){ "kernel", l->kernel, 3, { l->kw, c, l->units }, 2 * i };
      else
        w[n++] = (Weight){ "kernel", l->kernel, 4, { l->kh, l->kw, c, l->units }, 2 * i };
      if (l->use_bias)
        w[n++] = (Weight){ "bias", l->bias, 1, { l->units }, 2 * i + 1 };
      break;
    case SL_LAYER_DENSE:
      w[n++] = (Weight){ "kernel", l->kernel, 2, { c, l->units }, 2 * i };
      if (l->use_bias)
        w[n++] = (Weight){ "bias", l->bias, 1, { l->units }, 2 * i + 1 };
      break;
    case SL_LAYER_BATCH_NORM:
      if (l->bn_scale_enabled)
        w[n++] = (Weight){ "gamma", l->gamma, 1, { c }, G_MAXUINT };
      if (l->bn_center)
        w[n++] = (Weight){ "beta", l->beta, 1, { c }, G_MAXUINT };
      w[n++] = (Weight){ "moving_mean", l->moving_mean, 1, { c }, G_MAXUINT };
      w[n++] = (Weight){ "moving_variance", l->moving_var, 1, { c }, G_MAXUINT };
      break;
    default:
      break;
    }
  return n;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
write_layer_group (hid_t weights, const SlModel *model, int i, GError **error, const char *path)
{
  const char *name = i < 0 ? model->input_layer_name : model->layers[i].name;
  hid_t g = H5Gcreate2 (weights, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot create the group of layer '%s'", path,
                   name);
      return FALSE;
    }
  Weight w[6];
  const guint n = i < 0 ? 0 : layer_weights (model, (guint) i, w);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < n; k++)
    g_ptr_array_add (names, g_strdup_printf ("%s/%s:0", name, w[k].suffix));
  gboolean ok = write_name_list_attr (g, "weight_names", names);
  for (guint k = 0; ok && k < n; k++)
    ok = sl_h5_write_floats (g, g_ptr_array_index (names, k), w[k].rank, w[k].dims, w[k].data,
                             NULL);
  H5Gclose (g);
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write the weights of layer '%s'", path,
                 name);
  return ok;
}

static gboolean
write_model_weights (hid_t file, const SlModel *model, const char *path, GError **error)
{
  hid_t weights = H5Gcreate2 (file, "model_weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (weights < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot create the model_weights group", path);
      return FALSE;
    }
  /* A Functional model lists its InputLayer among its layers (a Sequential one does not). */
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  if (model->input_layer_name)
    g_ptr_array_add (names, model->input_layer_name);
  for (guint i = 0; i < model->n_layers; i++)
    g_ptr_array_add (names, model->layers[i].name);
  gboolean ok
      = write_name_list_attr (weights, "layer_names", names)
        && write_vlen_attr (weights, "backend", SL_KERAS_SAVE_BACKEND, H5T_CSET_ASCII)
        && write_vlen_attr (weights, "keras_version", SL_KERAS_SAVE_VERSION, H5T_CSET_ASCII);
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write the attributes of model_weights",
                 path);
  /* Keras creates the layer groups in name order. */
  g_ptr_array_sort (names, compare_names);
  for (guint k = 0; ok && k < names->len; k++)
    {
      const char *name = g_ptr_array_index (names, k);
      const int i = sl_model_find_layer (model, name);
      ok = write_layer_group (weights, model, i, error, path);
    }
  H5Gclose (weights);
  return ok;
}

/* /optimizer_weights: weight_names and datasets "<opt>/iter:0", then
 * "<opt>/<layer>/<weight>/<slot>:0". */
static gboolean
write_optimizer_weights (hid_t file, const SlModel *model, const SlKerasSaveOptions *o,
                         const char *path, GError **error)
{
  hid_t g = H5Gcreate2 (file, "optimizer_weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot create the optimizer_weights group",
                   path);
      return FALSE;
    }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) slots = g_array_new (FALSE, FALSE, sizeof (Weight));
  g_ptr_array_add (names, g_strdup_printf ("%s/iter:0", o->optimizer_name));
  for (guint i = 0; o->slot_name && o->slots && i < model->n_layers; i++)
    {
      Weight w[6];
      const guint n = layer_weights (model, i, w);
      for (guint k = 0; k < n; k++)
        if (w[k].slot != G_MAXUINT && o->slots[w[k].slot])
          {
            w[k].data = o->slots[w[k].slot];
            g_array_append_val (slots, w[k]);
            g_ptr_array_add (names,
                             g_strdup_printf ("%s/%s/%s/%s:0", o->optimizer_name,
                                              model->layers[i].name, w[k].suffix, o->slot_name));
          }
    }
  gboolean ok
      = write_name_list_attr (g, "weight_names", names)
        && sl_h5_write_int64s (g, g_ptr_array_index (names, 0), 0, NULL, &o->iterations, NULL);
  for (guint k = 0; ok && k < slots->len; k++)
    {
      const Weight *w = &g_array_index (slots, Weight, k);
      ok = sl_h5_write_floats (g, g_ptr_array_index (names, k + 1), w->rank, w->dims, w->data,
                               NULL);
    }
  H5Gclose (g);
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write the optimizer's weights", path);
  return ok;
}

static gboolean
write_file (hid_t file, const SlModel *model, const SlKerasSaveOptions *o, const char *path,
            GError **error)
{
  g_autofree char *config = sl_keras_json_normalize (model->config_json, path, error);
  if (!config)
    return FALSE;
  /* Keras stores backend and version as str (UTF-8) but both configurations as encoded bytes
   * (ASCII). */
  if (!write_vlen_attr (file, "backend", SL_KERAS_SAVE_BACKEND, H5T_CSET_UTF8)
      || !write_vlen_attr (file, "keras_version", SL_KERAS_SAVE_VERSION, H5T_CSET_UTF8)
      || !write_vlen_attr (file, "model_config", config, H5T_CSET_ASCII)
      || (o->training_config
          && !write_vlen_attr (file, "training_config", o->training_config, H5T_CSET_ASCII)))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_IO, "%s: cannot write the model's attributes", path);
      return FALSE;
    }
  if (!write_model_weights (file, model, path, error))
    return FALSE;
  return !o->optimizer_name || write_optimizer_weights (file, model, o, path, error);
}

typedef struct
{
  const SlModel *model;
  const SlKerasSaveOptions *options;
  const char *path;
} Save;

static gboolean
fill_file (hid_t file, gpointer data, GError **error)
{
  const Save *s = data;
  return write_file (file, s->model, s->options, s->path, error);
}

gboolean
sl_keras_save (const SlModel *model, const char *path, const SlKerasSaveOptions *options,
               GError **error)
{
  if (g_str_has_suffix (path, ".keras") || g_str_has_suffix (path, ".KERAS"))
    return sl_keras3_save (model, path, error);
  const SlKerasSaveOptions none = { 0 };
  const SlKerasSaveOptions *o = options ? options : &none;
  if (o->training_config)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      if (!sl_json_check_depth (o->training_config, -1, SL_JSON_MAX_DEPTH, path, NULL)
          || !json_parser_load_from_data (parser, o->training_config, -1, NULL))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: the training configuration is not JSON", path);
          return FALSE;
        }
    }
  /* Atomic: a failed save never leaves half a model behind. */
  Save save = { model, o, path };
  return sl_h5_write_file (path, fill_file, &save, error);
}
