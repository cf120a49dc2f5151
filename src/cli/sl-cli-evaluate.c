/* saliency-lab-cli evaluate --model MODEL --dataset DATASET [--limit N] [--digits D] [--json] */
#include "sl-cli.h"

#include "sl-cli-job.h"

#include "jobs/sl-report-job.h"

#include <json-glib/json-glib.h>

int
sl_cli_evaluate (int argc, char **argv)
{
  g_autofree char *model_spec = NULL, *dataset_spec = NULL;
  gboolean as_json = FALSE, quiet = FALSE;
  int limit = 0, digits = 2;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_spec, "Keras model (.h5 or .keras)", "MODEL" },
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &dataset_spec,
      "mnist1d, mnist1d:train, FILE.h5, FILE.csv or an image FOLDER", "DATASET" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Only the first N samples", "N" },
    { "digits", 0, 0, G_OPTION_ARG_INT, &digits, "Decimals in the text report (default 2)", "D" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON with every number and curve", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("— classification report of a model on a dataset");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || !model_spec || !dataset_spec || argc != 1)
    {
      g_printerr ("%s\n", error ? error->message : "evaluate: --model and --dataset are required");
      return 2;
    }
  if (limit < 0)
    return sl_cli_usage ("evaluate: --limit must be a positive number of samples, not %d", limit);
  if (digits < 0)
    return sl_cli_usage ("evaluate: --digits must be 0 or more, not %d", digits);
  g_autoptr (SlModel) model = sl_cli_load_model (model_spec, &error);
  if (!model)
    return sl_cli_fail (error);
  g_autoptr (SlDataset) dataset = sl_cli_open_dataset (dataset_spec, model, &error);
  if (!dataset)
    return sl_cli_fail (error);
  if (dataset->n_classes != model->n_classes)
    {
      g_printerr ("saliency-lab-cli: %s has %u classes but the model predicts %u\n", dataset->name,
                  dataset->n_classes, model->n_classes);
      return 1;
    }
  g_autoptr (SlJobPool) pool = sl_cli_job_pool_new (0);
  g_autoptr (SlJob) job = sl_report_job_new (model, dataset, 0, (gsize) limit);
  if (!sl_cli_run_job (pool, job, quiet, &error))
    return sl_cli_fail (error);
  const SlReport *report = sl_job_get_result (job);
  if (as_json)
    {
      g_autoptr (JsonNode) node = sl_report_to_json (report);
      g_autofree char *text = json_to_string (node, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = sl_report_to_text_with_digits (report, (guint) digits);
      g_print ("%s", text);
    }
  return 0;
}
