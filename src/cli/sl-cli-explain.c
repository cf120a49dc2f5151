/* saliency-lab-cli explain --model M --dataset D --index I --method NAME … --out OUT.h5|OUT.csv */
#include "sl-cli.h"

#include "core/sl-file.h"

#include "sl-cli-job.h"

#include "explain/sl-explanation-io.h"
#include "jobs/sl-explain-job.h"

#include <stdio.h>

int
sl_cli_explain (int argc, char **argv)
{
  g_autofree char *model_spec = NULL, *dataset_spec = NULL, *out = NULL, *resolution = NULL;
  gint64 index = 0;
  gboolean quiet = FALSE;
  g_auto (SlCliExplainOptions) eo = { 0 };
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_spec, "Keras model (.h5 or .keras) or 'demo'", "MODEL" },
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &dataset_spec, "mnist1d, mnist1d:train, FILE.h5, FILE.csv or a FOLDER", "DATASET" },
    { "index", 'i', 0, G_OPTION_ARG_INT64, &index, "Sample index (default 0)", "I" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Where to write the maps (.h5 or .csv)", "OUT" },
    { "resolution", 0, 0, G_OPTION_ARG_STRING, &resolution, "CSV only: 'input' (default) or 'layer'", "RES" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL },
    { NULL },
  };
  g_autofree GOptionEntry *explain_entries = sl_cli_explain_entries (&eo);
  g_autoptr (GOptionContext) ctx = g_option_context_new ("— explain one sample's class and save the maps");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_main_entries (ctx, explain_entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || !model_spec || !dataset_spec || !eo.method
      || !out || argc != 1)
    {
      g_printerr ("%s\n", error ? error->message : "explain: --model, --dataset, --method and --out are required");
      return 2;
    }
  const gboolean csv = g_str_has_suffix (out, ".csv");
  if (!csv && !g_str_has_suffix (out, ".h5") && !g_str_has_suffix (out, ".hdf5"))
    {
      g_printerr ("explain: --out must end in .h5, .hdf5 or .csv\n");
      return 2;
    }
  if (resolution && !csv)
    return sl_cli_usage ("explain: --resolution applies to CSV output only (an .h5 file holds both maps)");
  if (resolution && g_strcmp0 (resolution, "input") && g_strcmp0 (resolution, "layer"))
    {
      g_printerr ("explain: --resolution is 'input' or 'layer'\n");
      return 2;
    }
  const char *inputs[] = { model_spec, dataset_spec, NULL };
  if (!sl_file_check_output (out, inputs, &error))
    return sl_cli_fail (error);
  g_autoptr (SlModel) model = sl_cli_load_model (model_spec, &error);
  if (!model)
    return sl_cli_fail (error);
  g_autoptr (SlDataset) dataset = sl_cli_open_dataset (dataset_spec, model, &error);
  if (!dataset)
    return sl_cli_fail (error);
  if (index < 0 || (gsize) index >= dataset->n_samples)
    {
      g_printerr ("saliency-lab-cli: %s: sample %" G_GINT64_FORMAT " does not exist (it has %" G_GSIZE_FORMAT ")\n",
                  dataset->name, index, dataset->n_samples);
      return 1;
    }
  SlExplainRequest req;
  g_autoptr (SlParams) params = NULL;
  if (!sl_cli_build_request (model, &eo, eo.method, &req, &params, &error))
    return sl_cli_fail (error);
  g_autoptr (SlJobPool) pool = sl_cli_job_pool_new (0);
  g_autoptr (SlJob) job = sl_explain_job_new (model, dataset, (gsize) index, &req);
  if (!sl_cli_run_job (pool, job, quiet, &error))
    return sl_cli_fail (error);
  const SlExplanation *expl = sl_job_get_result (job);
  gboolean ok = csv ? sl_explanation_write_csv (expl, out, g_strcmp0 (resolution, "layer") != 0, &error)
                    : sl_explanation_write_h5 (expl, out, &error);
  if (!ok)
    return sl_cli_fail (error);
  const char *const *names = (const char *const *) dataset->class_names;
  g_print ("%s: sample %" G_GINT64_FORMAT " (true %s), class %s explained (predicted %s, p = %.4f), %s score, "
           "%.3f s → %s\n",
           expl->method, index, dataset->labels && dataset->labels[index] >= 0 ? names[dataset->labels[index]] : "?",
           names && expl->target < dataset->n_classes ? names[expl->target] : "?",
           names && expl->predicted < dataset->n_classes ? names[expl->predicted] : "?", expl->probability,
           sl_score_name (expl->score), expl->seconds, out);
  return 0;
}
