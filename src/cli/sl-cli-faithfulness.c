/* saliency-lab-cli faithfulness --model M --dataset D --method A[,B…] [--frac F] [--limit N] [--json] */
#include "sl-cli.h"

#include "sl-cli-job.h"

#include "compose/sl-faith-export.h"
#include "jobs/sl-faith-job.h"

int
sl_cli_faithfulness (int argc, char **argv)
{
  g_autofree char *model_spec = NULL, *dataset_spec = NULL;
  gboolean as_json = FALSE, curves = FALSE, true_class = FALSE, quiet = FALSE;
  double frac = 0.3;
  gint64 limit = 0, first = 0;
  int threads = 0;
  g_auto (SlCliExplainOptions) eo = { 0 };
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_spec, "Keras model (.h5 or .keras) or 'demo'", "MODEL" },
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &dataset_spec, "mnist1d, mnist1d:train, FILE.h5, FILE.csv or a FOLDER", "DATASET" },
    { "frac", 0, 0, G_OPTION_ARG_DOUBLE, &frac, "Fraction of positions kept (course: 0.3 MNIST-1D, 0.9 HMT)", "F" },
    { "limit", 'n', 0, G_OPTION_ARG_INT64, &limit, "Only N samples", "N" },
    { "first", 0, 0, G_OPTION_ARG_INT64, &first, "Start at sample I", "I" },
    { "curves", 0, 0, G_OPTION_ARG_NONE, &curves, "Also deletion and insertion AUCs", NULL },
    { "true-class", 0, 0, G_OPTION_ARG_NONE, &true_class, "Explain the true class instead of the predicted one", NULL },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads of the core budget (default: one per core)", "T" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON (rows with method, drop_rate, increase_rate, samples)", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL },
    { NULL },
  };
  g_autofree GOptionEntry *explain_entries = sl_cli_explain_entries (&eo);
  g_autoptr (GOptionContext) ctx = g_option_context_new ("— drop / increase rates of explanation methods over a dataset");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_main_entries (ctx, explain_entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || !model_spec || !dataset_spec || !eo.method
      || argc != 1)
    {
      g_printerr ("%s\n", error ? error->message
                                : "faithfulness: --model, --dataset and --method are required");
      return 2;
    }
  if (!(frac > 0 && frac < 1))
    return sl_cli_usage ("faithfulness: --frac must lie between 0 and 1 (both excluded), not %g", frac);
  if (limit < 0)
    return sl_cli_usage ("faithfulness: --limit must be a positive number of samples, not %" G_GINT64_FORMAT,
                         limit);
  if (first < 0)
    return sl_cli_usage ("faithfulness: --first must be a sample index (0 or more), not %" G_GINT64_FORMAT,
                         first);
  if (threads < 0)
    return sl_cli_usage ("faithfulness: --threads must be at least 1, not %d", threads);
  g_autoptr (SlModel) model = sl_cli_load_model (model_spec, &error);
  if (!model)
    return sl_cli_fail (error);
  g_autoptr (SlDataset) dataset = sl_cli_open_dataset (dataset_spec, model, &error);
  if (!dataset)
    return sl_cli_fail (error);
  if ((gsize) first >= dataset->n_samples)
    {
      g_printerr ("saliency-lab-cli: %s has %" G_GSIZE_FORMAT " samples\n", dataset->name, dataset->n_samples);
      return 1;
    }
  g_auto (GStrv) names = g_strsplit (eo.method, ",", -1);
  const guint n = g_strv_length (names);
  g_autofree SlExplainRequest *reqs = g_new0 (SlExplainRequest, n);
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_params_free);
  for (guint i = 0; i < n; i++)
    {
      SlParams *p = NULL;
      if (!sl_cli_build_request (model, &eo, g_strstrip (names[i]), &reqs[i], &p, &error))
        return sl_cli_fail (error);
      g_ptr_array_add (params, p);
    }
  SlFaithOptions options;
  sl_faith_options_init (&options);
  options.frac = frac;
  options.curves = curves;
  options.use_labels = true_class;
  /* --threads is the core budget of the one job. */
  g_autoptr (SlJobPool) pool = sl_cli_job_pool_new ((guint) threads);
  g_autoptr (SlJob) job
      = sl_faith_job_new (model, dataset, (gsize) first, (gsize) limit, reqs, n, &options);
  if (!sl_cli_run_job (pool, job, quiet, &error))
    return sl_cli_fail (error);
  const SlFaithTable *table = sl_job_get_result (job);
  if (as_json)
    {
      g_autofree char *text = sl_faith_table_to_json_text (table);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = sl_faith_table_format (table);
      g_print ("%s: %s, frac %.2f, %" G_GSIZE_FORMAT " samples, %.2f s\n%s", model->path ? model->path : model_spec,
               dataset->name, frac, table->n_samples, table->seconds, text);
    }
  return 0;
}
