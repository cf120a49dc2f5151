#include "engine/sl-model.h"

#include "core/sl-file-kind.h"
#include "core/sl-refcount.h"
#include "engine/sl-keras-weights.h"
#include "engine/sl-keras3.h"

#include <stdio.h>
#include <string.h>

SlModel *
sl_model_ref (SlModel *model)
{
  sl_refcount_inc (&model->extra_refs);
  return model;
}

void
sl_model_unref (SlModel *model)
{
  sl_model_free (model);
}

/* By content, not by extension: a .keras archive starts with a zip header, anything else goes to
 * the HDF5 reader (which says what a file that is neither looks like). */
SlModel *
sl_model_load (const char *path, GError **error)
{
  guint8 head[4];
  gsize n = 0;
  FILE *f = g_file_test (path, G_FILE_TEST_IS_REGULAR) ? fopen (path, "rb") : NULL;
  if (f)
    {
      n = fread (head, 1, sizeof head, f);
      fclose (f);
    }
  if (sl_file_kind_is_zip (head, n))
    return sl_keras3_load (path, error);
  return sl_keras_h5_load (path, error);
}

void
sl_model_free (SlModel *model)
{
  if (!model || !sl_refcount_dec (&model->extra_refs))
    return;
  for (guint i = 0; i < model->n_layers; i++)
    sl_layer_clear (&model->layers[i]);
  g_free (model->layers);
  g_free (model->path);
  g_free (model->name);
  g_free (model->class_name);
  g_free (model->keras_version);
  g_free (model->config_json);
  g_free (model->input_layer_name);
  g_free (model);
}

int
sl_model_find_layer (const SlModel *model, const char *name)
{
  for (guint i = 0; i < model->n_layers; i++)
    if (model->layers[i].name && !strcmp (model->layers[i].name, name))
      return (int) i;
  return -1;
}

int
sl_model_last_conv (const SlModel *model)
{
  for (int i = (int) model->n_layers - 1; i >= 0; i--)
    if (model->layers[i].kind == SL_LAYER_CONV)
      return i;
  return -1;
}

const SlShape *
sl_model_shape (const SlModel *model, int layer)
{
  return layer < 0 ? &model->input : &model->layers[layer].out;
}

static const char *
display_type (const SlLayer *l)
{
  return l->class_name;
}

/* 13960 → "13,960", as Keras prints counts. */
static char *
thousands (gsize v)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GSIZE_FORMAT, v);
  GString *s = g_string_new (NULL);
  const gsize len = strlen (digits);
  for (gsize i = 0; i < len; i++)
    {
      if (i && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

char *
sl_model_summary_text (const SlModel *model)
{
  GString *s = g_string_new (NULL);
  const char *rule = "_________________________________________________________________\n";
  const char *thick = "=================================================================\n";
  g_string_append_printf (s, "Model: \"%s\"\n", model->name);
  g_string_append (s, rule);
  g_string_append_printf (s, "%-29s%-26s%s\n", "Layer (type)", "Output Shape", "Param #");
  g_string_append (s, thick);
  if (model->input_layer_name)
    {
      g_autofree char *shape = sl_shape_to_string (&model->input);
      g_autofree char *col = g_strdup_printf ("%s (InputLayer)", model->input_layer_name);
      g_string_append_printf (s, "%-28.28s %-25.25s %d\n", col, shape, 0);
      g_string_append (s, rule);
    }
  for (guint i = 0; i < model->n_layers; i++)
    {
      const SlLayer *l = &model->layers[i];
      g_autofree char *shape = sl_shape_to_string (&l->out);
      g_autofree char *col = g_strdup_printf ("%s (%s)", l->name, display_type (l));
      /* Keras cuts each column to its width and puts a space in its last place. */
      g_string_append_printf (s, "%-28.28s %-25.25s %" G_GSIZE_FORMAT "\n", col, shape, l->n_params);
      g_string_append (s, i + 1 < model->n_layers ? rule : thick);
    }
  gsize non_trainable = 0;
  for (guint i = 0; i < model->n_layers; i++)
    if (model->layers[i].kind == SL_LAYER_BATCH_NORM)
      non_trainable += 2 * model->layers[i].in.d[model->layers[i].in.rank - 1];
  g_autofree char *total = thousands (model->total_params);
  g_autofree char *trainable = thousands (model->total_params - non_trainable);
  g_autofree char *frozen = thousands (non_trainable);
  g_string_append_printf (s, "Total params: %s\n", total);
  g_string_append_printf (s, "Trainable params: %s\n", trainable);
  g_string_append_printf (s, "Non-trainable params: %s\n", frozen);
  g_string_append (s, rule);
  return g_string_free (s, FALSE);
}

static JsonNode *
shape_json (const SlShape *shape)
{
  JsonArray *a = json_array_new ();
  json_array_add_null_element (a);
  for (guint i = 0; i < shape->rank; i++)
    json_array_add_int_element (a, (gint64) shape->d[i]);
  JsonNode *n = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (n, a);
  return n;
}

static void
add_layer_json (JsonArray *layers, const char *name, const char *type, const SlShape *shape, gsize params)
{
  JsonObject *o = json_object_new ();
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "type", type);
  json_object_set_member (o, "output_shape", shape_json (shape));
  json_object_set_int_member (o, "params", (gint64) params);
  json_array_add_object_element (layers, o);
}

JsonNode *
sl_model_summary_json (const SlModel *model)
{
  JsonObject *root = json_object_new ();
  JsonArray *layers = json_array_new ();
  json_object_set_string_member (root, "name", model->name);
  json_object_set_string_member (root, "class_name", model->class_name);
  if (model->keras_version)
    json_object_set_string_member (root, "keras_version", model->keras_version);
  json_object_set_member (root, "input_shape", shape_json (&model->input));
  if (model->input_layer_name)
    add_layer_json (layers, model->input_layer_name, "InputLayer", &model->input, 0);
  for (guint i = 0; i < model->n_layers; i++)
    {
      const SlLayer *l = &model->layers[i];
      add_layer_json (layers, l->name, display_type (l), &l->out, l->n_params);
    }
  json_object_set_array_member (root, "layers", layers);
  json_object_set_int_member (root, "total_params", (gint64) model->total_params);
  json_object_set_int_member (root, "classes", model->n_classes);
  json_object_set_double_member (root, "flops", sl_model_flops (model));
  JsonNode *n = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (n, root);
  return n;
}

double
sl_model_flops (const SlModel *model)
{
  double flops = 0;
  for (guint i = 0; i < model->n_layers; i++)
    {
      const SlLayer *l = &model->layers[i];
      gsize h, w, c, oh, ow, oc;
      sl_shape_hwc (&l->in, &h, &w, &c);
      sl_shape_hwc (&l->out, &oh, &ow, &oc);
      if (l->kind == SL_LAYER_CONV)
        flops += 2.0 * oh * ow * oc * l->kh * l->kw * c;
      else if (l->kind == SL_LAYER_DENSE)
        flops += 2.0 * (sl_shape_size (&l->in) / c) * c * l->units;
    }
  return flops;
}
