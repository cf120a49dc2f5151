/* sl-open.c — opening a model or a dataset by what a person types: a built-in model's name, a
 * path, a dataset string. */
#include "compose/sl-open.h"

#include "datasets/sl-dataset-open.h"
#include "engine/sl-model-builtin.h"

#include <string.h>

gboolean
sl_open_is_builtin_model (const char *spec)
{
  /* A built-in model's name names it unless a file of that name is right here. */
  return spec && g_strv_contains (sl_model_builtin_names (), spec)
         && !g_file_test (spec, G_FILE_TEST_EXISTS);
}

char *
sl_open_builtin_dataset (const char *spec)
{
  if (!sl_open_is_builtin_model (spec))
    return NULL;
  if (!strcmp (spec, "demo"))
    return g_strdup ("mnist1d");
  return g_str_has_suffix (spec, "-demo") ? g_strndup (spec, strlen (spec) - strlen ("-demo"))
                                          : NULL;
}

SlModel *
sl_open_model (const char *spec, GError **error)
{
  g_return_val_if_fail (spec != NULL, NULL);
  if (sl_open_is_builtin_model (spec))
    return sl_model_load_builtin (spec, error);
  return sl_model_load (spec, error);
}

SlDataset *
sl_open_dataset (const char *spec, const SlModel *model, GError **error)
{
  g_return_val_if_fail (spec != NULL, NULL);
  /* Image folders are resized to the model's input, as the course's flow_from_directory was. */
  SlImageFolderOptions image;
  sl_image_folder_options_init (&image);
  if (model && model->input.rank == 3)
    {
      image.height = (guint)model->input.d[0];
      image.width = (guint)model->input.d[1];
    }
  const SlDatasetOpenOptions options = { .image = &image };
  SlDataset *dataset = sl_dataset_open (spec, &options, error);
  if (dataset && model
      && !sl_dataset_check_shape (dataset, model->input.rank, model->input.d, error))
    g_clear_pointer (&dataset, sl_dataset_free);
  return dataset;
}
