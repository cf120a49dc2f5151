/* Reads a Keras 2.x HDF5 model file: the `model_config` attribute and the `model_weights` group. */
#include "engine/sl-keras-weights.h"
#include "engine/sl-model.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "core/sl-json.h"
#include "engine/sl-keras3.h"

#include <math.h>
#include <string.h>

typedef SlWeightSlot WeightSlot;

static char *
dims_string (guint rank, const hsize_t *dims)
{
  GString *s = g_string_new ("(");
  for (guint i = 0; i < rank; i++)
    g_string_append_printf (s, "%s%llu", i ? ", " : "", (unsigned long long) dims[i]);
  if (rank == 1)
    g_string_append_c (s, ',');
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

/* "conv2d/kernel:0" → "kernel". */
static char *
weight_key (const char *weight_name)
{
  const char *base = strrchr (weight_name, '/');
  base = base ? base + 1 : weight_name;
  const char *colon = strchr (base, ':');
  return colon ? g_strndup (base, (gsize) (colon - base)) : g_strdup (base);
}

guint
sl_keras_weight_slots (SlLayer *l, SlWeightSlot slots[6])
{
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  guint n = 0;
  switch (l->kind)
    {
    case SL_LAYER_CONV:
      if (l->spatial_dims == 1)
        slots[n++] = (WeightSlot){ "kernel", &l->kernel, 3, { l->kw, c, l->units } };
      else
        slots[n++] = (WeightSlot){ "kernel", &l->kernel, 4, { l->kh, l->kw, c, l->units } };
      if (l->use_bias)
        slots[n++] = (WeightSlot){ "bias", &l->bias, 1, { l->units } };
      break;
    case SL_LAYER_DENSE:
      slots[n++] = (WeightSlot){ "kernel", &l->kernel, 2, { c, l->units } };
      if (l->use_bias)
        slots[n++] = (WeightSlot){ "bias", &l->bias, 1, { l->units } };
      break;
    case SL_LAYER_BATCH_NORM:
      if (l->bn_scale_enabled)
        slots[n++] = (WeightSlot){ "gamma", &l->gamma, 1, { c } };
      if (l->bn_center)
        slots[n++] = (WeightSlot){ "beta", &l->beta, 1, { c } };
      slots[n++] = (WeightSlot){ "moving_mean", &l->moving_mean, 1, { c } };
      slots[n++] = (WeightSlot){ "moving_variance", &l->moving_var, 1, { c } };
      break;
    default:
      break;
    }
  return n;
}

gboolean
sl_keras_read_weight (hid_t group, const char *dataset, const char *path, const SlLayer *l,
                      const SlWeightSlot *slot, GError **error)
{
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autoptr (GError) read_error = NULL;
  /* The shape first: a damaged file may declare a huge array it does not hold. */
  if (!sl_h5_dataset_shape (group, dataset, path, &rank, dims, &read_error))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: layer '%s': weight '%s' cannot be read (%s)", path, l->name, dataset,
                   read_error->message);
      return FALSE;
    }
  gboolean same = rank == slot->rank;
  for (guint d = 0; same && d < rank; d++)
    same = dims[d] == slot->dims[d];
  if (!same)
    {
      hsize_t want[4];
      for (guint d = 0; d < slot->rank; d++)
        want[d] = slot->dims[d];
      g_autofree char *got_s = dims_string (rank, dims);
      g_autofree char *want_s = dims_string (slot->rank, want);
      g_set_error (error, SL_ERROR, SL_ERROR_SHAPE,
                   "%s: layer '%s' (%s): weight '%s' has shape %s, the configuration needs %s",
                   path, l->name, l->class_name, dataset, got_s, want_s);
      return FALSE;
    }
  g_autofree float *data = sl_h5_read_floats (group, dataset, path, &rank, dims, &read_error);
  if (!data)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: layer '%s': weight '%s' cannot be read (%s)", path, l->name, dataset,
                   read_error->message);
      return FALSE;
    }
  gsize count = 1;
  for (guint d = 0; d < rank; d++)
    count *= dims[d];
  for (gsize k = 0; k < count; k++)
    if (!isfinite (data[k]))
      {
        g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                     "%s: layer '%s': weight '%s' holds NaN or infinity", path, l->name, dataset);
        return FALSE;
      }
  g_free (*slot->dest);
  *slot->dest = g_steal_pointer (&data);
  return TRUE;
}

static gboolean
load_layer_weights (hid_t weights, const char *path, SlLayer *l, GError **error)
{
  WeightSlot slots[6];
  guint n_slots = sl_keras_weight_slots (l, slots);
  if (n_slots == 0)
    return TRUE;
  if (!sl_h5_exists (weights, l->name))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: layer '%s' (%s) has no weights in the file",
                   path, l->name, l->class_name);
      return FALSE;
    }
  if (!sl_h5_check_links (weights, l->name, path, error))
    return FALSE;
  hid_t group = H5Gopen2 (weights, l->name, H5P_DEFAULT);
  if (group < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the weights of layer '%s' cannot be opened",
                   path, l->name);
      return FALSE;
    }
  gboolean ok = FALSE;
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) names = sl_h5_read_string_array_attr (group, "weight_names", path, &local);
  gboolean found[6] = { FALSE };
  if (!names)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: layer '%s': %s", path, l->name, local->message);
      goto out;
    }
  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *key = weight_key (names[i]);
      guint s;
      for (s = 0; s < n_slots; s++)
        if (!strcmp (key, slots[s].suffix))
          break;
      if (s == n_slots)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: layer '%s' (%s) has an unexpected weight '%s'",
                       path, l->name, l->class_name, names[i]);
          goto out;
        }
      if (!sl_keras_read_weight (group, names[i], path, l, &slots[s], error))
        goto out;
      found[s] = TRUE;
    }
  for (guint s = 0; s < n_slots; s++)
    if (!found[s])
      {
        g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: layer '%s' (%s) misses its weight '%s'", path,
                     l->name, l->class_name, slots[s].suffix);
        goto out;
      }
  sl_layer_prepare (l);
  ok = TRUE;
out:
  H5Gclose (group);
  return ok;
}

/* The model the file's model_config describes, weights zero-filled. Keras 3 writes it in its
 * config.json form (Functional models' inbound nodes as call arguments, activations and dtype
 * policies as objects), which is rewritten into the Keras 2 form first, as for a .keras archive. */
static SlModel *
model_from_config (hid_t file, const char *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *config = sl_h5_read_string_attr (file, "model_config", path, &local);
  if (!config)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: not a Keras model file (no model_config attribute; a weights-only file cannot be opened "
                   "alone)", path);
      return NULL;
    }
  g_clear_error (&local);
  g_autofree char *version = sl_h5_read_string_attr (file, "keras_version", path, &local);
  if (version && g_str_has_prefix (version, "3."))
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      if (!sl_json_load (parser, config, -1, path, "the model configuration", error))
        return NULL;
      g_autofree char *keras3 = g_steal_pointer (&config);
      config = sl_keras3_config_to_keras2 (keras3, path, error);
      if (!config)
        return NULL;
    }
  SlModel *model = sl_model_new_from_json (config, path, error);
  if (model)
    {
      model->path = g_strdup (path);
      model->keras_version = g_steal_pointer (&version);
    }
  return model;
}

SlModel *
sl_keras_h5_load (const char *path, GError **error)
{
  hid_t file = sl_h5_open_read (path, error);
  if (file < 0)
    return NULL;
  SlModel *model = model_from_config (file, path, error);
  if (!model)
    goto out;
  if (!sl_h5_check_links (file, "model_weights", path, error))
    {
      g_clear_pointer (&model, sl_model_free);
      goto out;
    }
  hid_t weights = sl_h5_exists (file, "model_weights") ? H5Gopen2 (file, "model_weights", H5P_DEFAULT) : -1;
  if (weights < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: the file has no model_weights group", path);
      g_clear_pointer (&model, sl_model_free);
      goto out;
    }
  for (guint i = 0; i < model->n_layers; i++)
    if (!load_layer_weights (weights, path, &model->layers[i], error))
      {
        g_clear_pointer (&model, sl_model_free);
        break;
      }
  H5Gclose (weights);
out:
  sl_h5_close (file);
  return model;
}
