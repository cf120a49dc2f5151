/* Opens a Keras 3 `.keras` archive: config.json through the Keras 2 parser, then the variables of
 * model.weights.h5 (read from memory, never extracted) at layers/<name>/vars/<i>. */
#include "engine/sl-keras3.h"

#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "engine/sl-keras-archive.h"
#include "engine/sl-keras-weights.h"

static gboolean
load_layer (hid_t file, const char *group_path, const char *origin, SlLayer *l, GError **error)
{
  SlWeightSlot slots[6];
  const guint n = sl_keras_weight_slots (l, slots);
  if (n == 0)
    return TRUE;
  if (!sl_h5_exists (file, group_path))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: layer '%s' (%s) has no weights in the file (no %s)", origin, l->name,
                   l->class_name, group_path);
      return FALSE;
    }
  hid_t group = H5Gopen2 (file, group_path, H5P_DEFAULT);
  H5G_info_t info;
  if (group < 0 || H5Gget_info (group, &info) < 0)
    {
      if (group >= 0)
        H5Gclose (group);
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: the weights of layer '%s' cannot be opened", origin, l->name);
      return FALSE;
    }
  gboolean ok = TRUE;
  if (info.nlinks != n)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT,
                   "%s: layer '%s' (%s) has %llu variables in the file, its "
                   "configuration needs %u",
                   origin, l->name, l->class_name, (unsigned long long)info.nlinks, n);
      ok = FALSE;
    }
  for (guint s = 0; ok && s < n; s++)
    {
      char name[16];
      g_snprintf (name, sizeof name, "%u", s);
      ok = sl_keras_read_weight (group, name, origin, l, &slots[s], error);
    }
  H5Gclose (group);
  if (ok)
    sl_layer_prepare (l);
  return ok;
}

static SlModel *
model_from_archive (SlKerasArchive *archive, const char *origin, GError **error)
{
  g_autofree char *config = sl_keras3_config_to_keras2 (archive->config_json, origin, error);
  if (!config)
    return NULL;
  g_autoptr (SlModel) model = sl_model_new_from_json (config, origin, error);
  if (!model)
    return NULL;
  model->path = g_strdup (origin);
  model->keras_version = g_strdup (archive->keras_version);
  gsize len = 0;
  const guint8 *image = g_bytes_get_data (archive->weights, &len);
  g_autofree char *weights_name = g_strdup_printf ("%s/model.weights.h5", origin);
  hid_t file = sl_h5_open_image (image, len, weights_name, error);
  if (file < 0)
    return NULL;
  g_auto (GStrv) groups = sl_keras3_weight_groups (model);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < model->n_layers; i++)
    ok = load_layer (file, groups[i], weights_name, &model->layers[i], error);
  sl_h5_close (file);
  return ok ? g_steal_pointer (&model) : NULL;
}

SlModel *
sl_keras3_load_data (const guint8 *data, gsize len, const char *origin, GError **error)
{
  g_autoptr (SlKerasArchive) archive = sl_keras_archive_read_data (data, len, origin, error);
  return archive ? model_from_archive (archive, origin, error) : NULL;
}

SlModel *
sl_keras3_load (const char *path, GError **error)
{
  g_autoptr (SlKerasArchive) archive = sl_keras_archive_read (path, error);
  return archive ? model_from_archive (archive, path, error) : NULL;
}
