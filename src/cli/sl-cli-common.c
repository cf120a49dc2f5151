/* What several subcommands share: opening models and datasets by name or path. */
#include "sl-cli.h"

#include "datasets/sl-dataset-open.h"
#include "core/sl-error.h"
#include "engine/sl-model-builtin.h"

SlModel *
sl_cli_load_model (const char *spec, GError **error)
{
  /* "demo" names the built-in model unless a file of that name is right here. */
  if (!g_strcmp0 (spec, "demo") && !g_file_test (spec, G_FILE_TEST_EXISTS))
    return sl_model_load_builtin (spec, error);
  return sl_model_load (spec, error);
}

SlDataset *
sl_cli_open_dataset (const char *spec, const SlModel *model, GError **error)
{
  /* Image folders are resized to the model's input, as the course's flow_from_directory was. */
  SlImageFolderOptions image;
  sl_image_folder_options_init (&image);
  if (model && model->input.rank == 3)
    {
      image.height = (guint) model->input.d[0];
      image.width = (guint) model->input.d[1];
    }
  const SlDatasetOpenOptions options = { .image = &image };
  SlDataset *dataset = sl_dataset_open (spec, &options, error);
  if (dataset && model && !sl_dataset_check_shape (dataset, model->input.rank, model->input.d, error))
    g_clear_pointer (&dataset, sl_dataset_free);
  return dataset;
}

GOptionEntry *
sl_cli_explain_entries (SlCliExplainOptions *o)
{
  const GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &o->method, "Explanation method (see 'saliency-lab-cli methods')", "NAME" },
    { "layer", 0, 0, G_OPTION_ARG_STRING, &o->layer, "Layer to explain at (default: the last convolution)", "LAYER" },
    { "score", 0, 0, G_OPTION_ARG_STRING, &o->score, "Class score: logit or prob (default: the method's)", "SCORE" },
    { "class", 0, 0, G_OPTION_ARG_INT, &o->target, "Class to explain (default: the predicted class)", "C" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &o->seed, "Seed of random methods", "S" },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->sets, "A method parameter (repeatable)", "KEY=VALUE" },
    { NULL },
  };
  o->target = -1;
  return g_memdup2 (entries, sizeof entries);
}

void
sl_cli_explain_options_clear (SlCliExplainOptions *o)
{
  g_clear_pointer (&o->method, g_free);
  g_clear_pointer (&o->layer, g_free);
  g_clear_pointer (&o->score, g_free);
  g_clear_pointer (&o->sets, g_strfreev);
}

gboolean
sl_cli_build_request (const SlModel *model, const SlCliExplainOptions *o, const char *method_name,
                      SlExplainRequest *req, SlParams **params, GError **error)
{
  const SlMethod *method = sl_method_find (method_name, error);
  if (!method)
    return FALSE;
  sl_explain_request_init (req, method->name);
  if (o->layer)
    {
      req->layer = sl_model_find_layer (model, o->layer);
      if (req->layer < 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "the model has no layer '%s'", o->layer);
          return FALSE;
        }
    }
  if (o->score)
    {
      SlScore score;
      if (!sl_score_parse (o->score, &score))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "unknown score '%s' (logit or prob)", o->score);
          return FALSE;
        }
      req->score = (int) score;
    }
  if (o->target >= (int) model->n_classes || o->target < -1)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "class %d does not exist (the model has %u)",
                   o->target, model->n_classes);
      return FALSE;
    }
  req->target = o->target;
  req->seed = (guint64) o->seed;
  *params = sl_method_new_params (method);
  for (guint i = 0; o->sets && o->sets[i]; i++)
    if (!sl_params_parse_one (*params, o->sets[i], error))
      {
        g_clear_pointer (params, sl_params_free);
        return FALSE;
      }
  req->params = *params;
  return TRUE;
}
