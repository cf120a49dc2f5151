/* saliency-lab-cli localisation --model M --dataset D [--methods A,B…|all] [--region NAME]
 * [--limit N] [--labels] [--json] [--per-sample] */
#include "sl-cli.h"

#include "sl-cli-job.h"

#include "explain/sl-method.h"
#include "jobs/sl-localisation-job.h"

#include <math.h>


/* As the window's Faithfulness view: the CAM methods cheap enough for a whole dataset. */
#define DEFAULT_METHODS "gradcam,gradcam++,ablation-cam"

typedef struct
{
  char *model_spec, *dataset_spec, *methods, *region, *samples, *score;
  gint64 limit, first, stride, seed;
  int threads;
  gboolean labels, as_json, per_sample, quiet;
  double tolerance;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->model_spec);
  g_free (o->dataset_spec);
  g_free (o->methods);
  g_free (o->region);
  g_free (o->samples);
  g_free (o->score);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* The method names of --methods ("all": every registered method). */
static GStrv
method_names (const char *text)
{
  if (g_ascii_strcasecmp (text, "all") != 0)
    {
      GStrv names = g_strsplit (text, ",", -1);
      for (guint i = 0; names[i]; i++)
        g_strstrip (names[i]);
      return names;
    }
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  GStrv names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (all[i]->name);
  return names;
}

/* The dataset indices to measure: --samples, else --first, --stride, --limit. FALSE (a usage
 * error printed) when one is out of range. */
static gboolean
sample_indices (const Options *o, const SlDataset *dataset, GArray *out)
{
  if (o->samples)
    {
      g_auto (GStrv) parts = g_strsplit (o->samples, ",", -1);
      for (guint i = 0; parts[i]; i++)
        {
          guint64 v;
          if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, dataset->n_samples - 1, &v,
                                           NULL))
            {
              sl_cli_usage ("localisation: --samples: '%s' is not a sample of %s (0 to %"
                            G_GSIZE_FORMAT ")",
                            parts[i], dataset->name, dataset->n_samples - 1);
              return FALSE;
            }
          const gsize index = (gsize) v;
          g_array_append_val (out, index);
        }
      return TRUE;
    }
  if ((guint64) o->first >= dataset->n_samples)
    {
      sl_cli_usage ("localisation: --first %" G_GINT64_FORMAT " is past the end of %s (%"
                    G_GSIZE_FORMAT " samples)",
                    o->first, dataset->name, dataset->n_samples);
      return FALSE;
    }
  for (gsize i = (gsize) o->first; i < dataset->n_samples; i += (gsize) o->stride)
    {
      if (o->limit > 0 && out->len >= (guint64) o->limit)
        break;
      g_array_append_val (out, i);
    }
  return TRUE;
}

/* A value in a column of `width`, "-" when undefined (the sample's region is empty). */
static void
print_value (int width, double v)
{
  if (isnan (v))
    g_print (" %*s", width, "-");
  else
    g_print (" %*.4f", width, v);
}

static void
print_per_sample (const SlLocalisationTable *t)
{
  g_print ("\n%8s %6s %6s  %-28s %9s %8s %8s\n", "sample", "class", "label", "method", "pointing",
           "mass", "rank");
  for (gsize s = 0; s < t->n_done; s++)
    for (guint m = 0; m < t->n_methods; m++)
      {
        const gsize slot = m * t->n_samples + s;
        g_autofree char *label = t->label[s] >= 0 ? g_strdup_printf ("%d", t->label[s])
                                                  : g_strdup ("-");
        g_print ("%8" G_GSIZE_FORMAT " %6u %6s  %-28s", t->indices[s], t->target[s], label,
                 t->methods[m]);
        print_value (9, t->sample_pointing[slot]);
        print_value (8, t->sample_mass[slot]);
        print_value (8, t->sample_rank[slot]);
        g_print ("\n");
      }
}

int
sl_cli_localisation (int argc, char **argv)
{
  g_auto (Options) o = { .stride = 1 };
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &o.model_spec, "Keras model (.h5 or .keras) or 'demo'", "MODEL" },
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &o.dataset_spec, "A dataset with ground-truth regions (mnist1d, FILE.h5 …)", "DATASET" },
    { "methods", 0, 0, G_OPTION_ARG_STRING, &o.methods, "Explanation methods, or 'all' (default: " DEFAULT_METHODS ")", "A,B…" },
    { "region", 'r', 0, G_OPTION_ARG_STRING, &o.region, "Ground-truth region (default: the dataset's first)", "NAME" },
    { "limit", 'n', 0, G_OPTION_ARG_INT64, &o.limit, "Only N samples", "N" },
    { "first", 0, 0, G_OPTION_ARG_INT64, &o.first, "Start at sample I", "I" },
    { "stride", 0, 0, G_OPTION_ARG_INT64, &o.stride, "Every K-th sample", "K" },
    { "samples", 0, 0, G_OPTION_ARG_STRING, &o.samples, "These samples (instead of --first/--stride/--limit)", "I,J…" },
    { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &o.tolerance, "Pointing game: a hit within this many positions of the region (Zhang et al.: 15 px at 224; default 0, inside it)", "PX" },
    { "labels", 0, 0, G_OPTION_ARG_NONE, &o.labels, "Explain the true class instead of the predicted one", NULL },
    { "score", 0, 0, G_OPTION_ARG_STRING, &o.score, "Class score: logit or prob (default: each method's)", "SCORE" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &o.seed, "Seed of random methods (plus the sample index)", "S" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &o.threads, "Threads of the core budget (default: one per core)", "T" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.as_json, "Print JSON (dataset, region, samples, methods)", NULL },
    { "per-sample", 0, 0, G_OPTION_ARG_NONE, &o.per_sample, "Also each sample's values", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "No progress on stderr", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (
      "— pointing game, relevance mass and rank accuracy of explanation methods against a "
      "dataset's ground truth");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || !o.model_spec || !o.dataset_spec
      || argc != 1)
    return sl_cli_usage ("%s", error ? error->message
                                     : "localisation: --model and --dataset are required");
  if (o.limit < 0)
    return sl_cli_usage ("localisation: --limit must be a positive number of samples, not %"
                         G_GINT64_FORMAT, o.limit);
  if (o.first < 0)
    return sl_cli_usage ("localisation: --first must be a sample index (0 or more), not %"
                         G_GINT64_FORMAT, o.first);
  if (o.stride < 1)
    return sl_cli_usage ("localisation: --stride must be at least 1, not %" G_GINT64_FORMAT,
                         o.stride);
  if (!(o.tolerance >= 0 && o.tolerance <= 1e4))
    return sl_cli_usage ("localisation: --tolerance must be between 0 and 10000 positions, not %g",
                         o.tolerance);
  if (o.threads < 0)
    return sl_cli_usage ("localisation: --threads must be at least 1, not %d", o.threads);

  /* Every method name is checked before a model is loaded. */
  g_auto (GStrv) names = method_names (o.methods ? o.methods : DEFAULT_METHODS);
  const guint n = g_strv_length (names);
  if (n == 0)
    return sl_cli_usage ("localisation: --methods names no method");
  for (guint i = 0; i < n; i++)
    if (!sl_method_find (names[i], &error))
      return sl_cli_fail (error);

  g_autoptr (SlModel) model = sl_cli_load_model (o.model_spec, &error);
  if (!model)
    return sl_cli_fail (error);
  g_autoptr (SlDataset) dataset = sl_cli_open_dataset (o.dataset_spec, model, &error);
  if (!dataset)
    return sl_cli_fail (error);
  g_autoptr (GArray) indices = g_array_new (FALSE, FALSE, sizeof (gsize));
  if (!sample_indices (&o, dataset, indices))
    return 2;

  SlCliExplainOptions eo = { .score = o.score, .target = SL_CLI_CLASS_UNSET, .seed = o.seed };
  g_autofree SlExplainRequest *reqs = g_new0 (SlExplainRequest, n);
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_params_free);
  for (guint i = 0; i < n; i++)
    {
      SlParams *p = NULL;
      if (!sl_cli_build_request (model, &eo, names[i], &reqs[i], &p, &error))
        return sl_cli_fail (error);
      g_ptr_array_add (params, p);
    }
  SlLocalisationOptions options;
  sl_localisation_options_init (&options);
  options.region = o.region;
  options.use_labels = o.labels;
  options.tolerance = o.tolerance;
  g_autoptr (SlJobPool) pool = sl_cli_job_pool_new ((guint) o.threads);
  g_autoptr (SlJob) job = sl_localisation_job_new (model, dataset, (const gsize *) indices->data,
                                                   indices->len, reqs, n, &options);
  if (!sl_cli_run_job (pool, job, o.quiet, &error))
    return sl_cli_fail (error);
  const SlLocalisationTable *table = sl_job_get_result (job);
  if (o.as_json)
    {
      g_autoptr (JsonNode) node = sl_localisation_table_to_json (table, o.per_sample);
      g_autofree char *text = json_to_string (node, TRUE);
      g_print ("%s\n", text);
      return 0;
    }
  g_autofree char *text = sl_localisation_table_format (table);
  g_print ("%s: %s, region '%s', %" G_GSIZE_FORMAT " samples, %.2f s\n%s",
           model->path ? model->path : o.model_spec, dataset->name, table->region,
           table->n_samples, table->seconds, text);
  if (o.per_sample)
    print_per_sample (table);
  return 0;
}
