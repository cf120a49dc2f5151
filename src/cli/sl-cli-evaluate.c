/* saliency-lab-cli evaluate --model MODEL --dataset DATASET [--limit N] [--digits D] [--json] */
#include "sl-cli.h"

#include "jobs/sl-predict.h"
#include "metrics/sl-report.h"

#include <json-glib/json-glib.h>

int
sl_cli_evaluate (int argc, char **argv)
{
  g_autofree char *model_spec = NULL, *dataset_spec = NULL;
  gboolean as_json = FALSE;
  int limit = 0, digits = 2;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_spec, "Keras model (.h5 or .keras)", "MODEL" },
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &dataset_spec,
      "mnist1d, mnist1d:train, FILE.h5, FILE.csv or an image FOLDER", "DATASET" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Only the first N samples", "N" },
    { "digits", 0, 0, G_OPTION_ARG_INT, &digits, "Decimals in the text report (default 2)", "D" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON with every number and curve", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("— classification report of a model on a dataset");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || !model_spec || !dataset_spec || argc != 1
      || limit < 0 || digits < 0)
    {
      g_printerr ("%s\n", error ? error->message : "evaluate: --model and --dataset are required");
      return 2;
    }
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
  g_autofree float *probs = NULL;
  if (!sl_predict_dataset (model, dataset, (gsize) limit, NULL, &probs, NULL, NULL, NULL, &error))
    return sl_cli_fail (error);
  const gsize n = limit > 0 ? MIN ((gsize) limit, dataset->n_samples) : dataset->n_samples;
  g_autoptr (SlReport) report = sl_report_new (probs, dataset->labels, n, model->n_classes,
                                               (const char *const *) dataset->class_names, &error);
  if (!report)
    return sl_cli_fail (error);
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
