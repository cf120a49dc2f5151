/* sl-open.c — opening a model or a dataset by what a person types: "demo", a path, a dataset
 * string. */
#include "compose/sl-open.h"

#include "datasets/sl-dataset-open.h"
#include "engine/sl-model-builtin.h"

SlModel *
sl_open_model (const char *spec, GError **error)
{
  g_return_val_if_fail (spec != NULL, NULL);
  /* "demo" names the built-in model unless a file of that name is right here. */
  if (!g_strcmp0 (spec, "demo") && !g_file_test (spec, G_FILE_TEST_EXISTS))
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
