/* saliency-lab-cli check --model PATH | --dataset PATH [--for-model PATH] [--max-samples N]
 *
 * Opens the file fully, as the window would (sl_open_model / sl_open_dataset, then every sample up
 * to a bound), and exits 0, or prints the error and exits 1. The window runs it in a child process
 * under rlimits first (compose/sl-open-check.h): damage that crashes libhdf5 or a decoder takes
 * down only this process. On failure stdout also gets "error-code: N" (the SL_ERROR code) for that
 * caller. */
#include "sl-cli.h"

#include "compose/sl-open.h"
#include "core/sl-error.h"

static int
fail (const GError *error)
{
  g_print ("error-code: %d\n", error && error->domain == SL_ERROR ? error->code : SL_ERROR_FAILED);
  return sl_cli_fail (error);
}

/* Reads samples spread evenly over the dataset, `max_samples` at most. A sample that cannot be read
 * is a per-sample error (the window shows it in place of the tile), not a failure of the file. */
static void
check_samples (SlDataset *dataset, guint max_samples)
{
  const gsize n = dataset->n_samples;
  const gsize count = MIN (n, (gsize) max_samples);
  g_autofree float *x = g_new (float, MAX (sl_dataset_sample_size (dataset), 1));
  gsize failed = 0;
  g_autofree char *first = NULL;
  for (gsize i = 0; i < count; i++)
    {
      /* Evenly spread: i · n / count, exact in 128 bits. */
      const gsize index = (gsize) (((unsigned __int128) i * n) / count);
      g_autoptr (GError) error = NULL;
      if (!sl_dataset_get_sample (dataset, index, x, &error))
        {
          failed++;
          if (!first)
            first = g_strdup (error->message);
        }
    }
  g_print ("%s: dataset ok: %" G_GSIZE_FORMAT " samples, %u classes; %" G_GSIZE_FORMAT
           " read, %" G_GSIZE_FORMAT " unreadable\n",
           dataset->name, n, dataset->n_classes, count, failed);
  if (first)
    g_print ("  first unreadable sample: %s\n", first);
}

int
sl_cli_check (int argc, char **argv)
{
  g_autofree char *model_path = NULL, *dataset_path = NULL, *for_model = NULL;
  int max_samples = 5000;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path, "Model file to check", "PATH" },
    { "dataset", 0, 0, G_OPTION_ARG_FILENAME, &dataset_path, "Dataset to check", "PATH" },
    { "for-model", 0, 0, G_OPTION_ARG_FILENAME, &for_model,
      "Model the dataset is shaped for (image size, shape check)", "PATH" },
    { "max-samples", 0, 0, G_OPTION_ARG_INT, &max_samples,
      "Samples read at most, spread over the dataset (default 5000)", "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (
      "— open a model or dataset file fully and report whether it is sound");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc != 1
      || (model_path != NULL) == (dataset_path != NULL) || (for_model && !dataset_path)
      || max_samples < 1)
    {
      g_printerr ("%s\n", error ? error->message
                                : "check: give --model PATH or --dataset PATH [--for-model PATH]");
      return 2;
    }
  if (model_path)
    {
      g_autoptr (SlModel) model = sl_open_model (model_path, &error);
      if (!model)
        return fail (error);
      g_print ("%s: model ok: %u layers, %" G_GSIZE_FORMAT " parameters, %u classes\n", model_path,
               model->n_layers, model->total_params, model->n_classes);
      return 0;
    }
  g_autoptr (SlModel) model = NULL;
  if (for_model && !(model = sl_open_model (for_model, &error)))
    return fail (error);
  g_autoptr (SlDataset) dataset = sl_open_dataset (dataset_path, model, &error);
  if (!dataset)
    return fail (error);
  check_samples (dataset, (guint) max_samples);
  return 0;
}
