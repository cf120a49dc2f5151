/* saliency-lab-cli sanity --model M --dataset D --method NAME [--limit N [--spread]] [--seed S]
 * [--json] */
#include "sl-cli.h"

#include "sl-cli-job.h"

#include "compose/sl-sanity-figure.h"
#include "core/sl-file.h"
#include "jobs/sl-sanity-job.h"

#include <string.h>

int
sl_cli_sanity (int argc, char **argv)
{
  g_autofree char *model_spec = NULL, *dataset_spec = NULL, *figure = NULL;
  gboolean as_json = FALSE, quiet = FALSE, spread = FALSE;
  gint64 limit = 0, first = 0;
  int threads = 0;
  g_auto (SlCliExplainOptions) eo = { 0 };
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_spec, "Keras model (.h5 or .keras) or 'demo'", "MODEL" },
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &dataset_spec, "mnist1d, mnist1d:train, FILE.h5, FILE.csv or a FOLDER", "DATASET" },
    { "limit", 'n', 0, G_OPTION_ARG_INT64, &limit, "Only N samples", "N" },
    { "first", 0, 0, G_OPTION_ARG_INT64, &first, "Start at sample I", "I" },
    { "spread", 0, 0, G_OPTION_ARG_NONE, &spread, "Take the N samples evenly spaced from I to the end (image folders are sorted by class)", NULL },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads of the core budget (default: one per core)", "T" },
    { "figure", 0, 0, G_OPTION_ARG_FILENAME, &figure, "Also draw the first sample's maps and the curves (as the window's Sanity page) to FIG.png, .svg or .pdf", "FIG" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON (steps with layer, spearman, spearman_signed, ssim)", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL },
    { NULL },
  };
  g_autofree GOptionEntry *explain_entries = sl_cli_explain_entries (&eo);
  /* One seed: the re-initialisation's draws, and the method's own when it is random. */
  for (GOptionEntry *e = explain_entries; e->long_name; e++)
    if (!strcmp (e->long_name, "seed"))
      e->description = "Seed of the weights' re-initialisation (and of random methods)";
  g_autoptr (GOptionContext) ctx = g_option_context_new (
      "— cascading randomisation of the model's layers: how much do a method's maps change?");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_main_entries (ctx, explain_entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || !model_spec || !dataset_spec
      || !eo.method || argc != 1)
    {
      g_printerr ("%s\n", error ? error->message
                                : "sanity: --model, --dataset and --method are required");
      return 2;
    }
  if (strchr (eo.method, ','))
    return sl_cli_usage ("sanity: --method takes one method, not a list ('%s')", eo.method);
  if (limit < 0)
    return sl_cli_usage ("sanity: --limit must be a positive number of samples, not %" G_GINT64_FORMAT,
                         limit);
  if (first < 0)
    return sl_cli_usage ("sanity: --first must be a sample index (0 or more), not %" G_GINT64_FORMAT,
                         first);
  if (threads < 0)
    return sl_cli_usage ("sanity: --threads must be at least 1, not %d", threads);
  if (eo.seed < 0)
    return sl_cli_usage ("sanity: --seed must be 0 or more, not %" G_GINT64_FORMAT, eo.seed);
  /* The figure's path is checked before the work starts. */
  if (figure)
    {
      g_autofree char *lower = g_ascii_strdown (figure, -1);
      if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg")
          && !g_str_has_suffix (lower, ".pdf"))
        return sl_cli_usage ("sanity: --figure %s: the file name must end in .png, .svg or .pdf",
                             figure);
    }
  const char *inputs[] = { model_spec, dataset_spec, NULL };
  if (figure && !sl_file_check_output (figure, inputs, &error))
    return sl_cli_fail (error);
  g_autoptr (SlModel) model = sl_cli_load_model (model_spec, &error);
  if (!model)
    return sl_cli_fail (error);
  g_autoptr (SlDataset) dataset = sl_cli_open_dataset (dataset_spec, model, &error);
  if (!dataset)
    return sl_cli_fail (error);
  if ((gsize) first >= dataset->n_samples)
    {
      g_printerr ("saliency-lab-cli: %s has %" G_GSIZE_FORMAT " samples\n", dataset->name,
                  dataset->n_samples);
      return 1;
    }
  SlExplainRequest req;
  g_autoptr (SlParams) params = NULL;
  if (!sl_cli_build_request (model, &eo, eo.method, &req, &params, &error))
    return sl_cli_fail (error);

  const gsize left = dataset->n_samples - (gsize) first;
  const gsize count = limit == 0 || (gsize) limit > left ? left : (gsize) limit;
  g_autofree gsize *indices = g_new (gsize, count);
  for (gsize i = 0; i < count; i++)
    indices[i] = (gsize) first + (spread ? (gsize) ((guint64) i * left / count) : i);
  SlSanityOptions options;
  sl_sanity_options_init (&options);
  options.seed = (guint64) eo.seed;
  /* --threads is the core budget of the one job. */
  g_autoptr (SlJobPool) pool = sl_cli_job_pool_new ((guint) threads);
  g_autoptr (SlJob) job = sl_sanity_job_new (model, dataset, indices, count, &req, &options);
  if (!sl_cli_run_job (pool, job, quiet, &error))
    return sl_cli_fail (error);
  const SlSanityResult *result = sl_job_get_result (job);
  if (figure)
    {
      g_autoptr (SlSampleView) view
          = sl_sample_view_new (model, dataset, result->indices[0], NULL, &error);
      g_autoptr (SlSanityFigure) fig
          = view ? sl_sanity_figure_new (result, 0, view, NULL, &error) : NULL;
      /* 150 dpi, as `render` draws by default. */
      if (!fig || !sl_sanity_figure_export (fig, figure, 0, 0, 150, &error))
        return sl_cli_fail (error);
    }
  if (as_json)
    {
      g_autoptr (JsonNode) root = sl_sanity_result_to_json (result, options.seed);
      g_autofree char *text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = sl_sanity_result_format (result);
      g_print ("%s: %s, %s, seed %" G_GUINT64_FORMAT ", %" G_GSIZE_FORMAT " samples\n%s",
               model->path ? model->path : model_spec, dataset->name, result->method, options.seed,
               result->n_samples, text);
    }
  return 0;
}
