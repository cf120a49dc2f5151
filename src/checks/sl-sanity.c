/* Cascading model-parameter randomisation: the layers with weights re-initialised from the top
 * down, the same samples explained at every step, each map compared with the trained model's. */
#include "checks/sl-sanity.h"

#include "checks/sl-similarity.h"
#include "core/sl-error.h"
#include "train/sl-train-spec.h"

#include <math.h>
#include <string.h>

void
sl_sanity_options_init (SlSanityOptions *options)
{
  memset (options, 0, sizeof *options);
}

void
sl_sanity_result_free (SlSanityResult *result)
{
  if (!result)
    return;
  g_free (result->method);
  g_free (result->dataset);
  /* layers[0] is NULL: not a GStrv. */
  for (guint s = 0; result->layers && s <= result->n_steps; s++)
    g_free (result->layers[s]);
  g_free (result->layers);
  g_free (result->indices);
  g_free (result->target);
  g_free (result->maps);
  g_free (result->spearman);
  g_free (result->spearman_signed);
  g_free (result->ssim);
  g_free (result->mean_spearman);
  g_free (result->mean_spearman_signed);
  g_free (result->mean_ssim);
  g_free (result->n_defined);
  g_free (result);
}

/* The layers with weights, bottom-up (the cascade takes them from the end): convolutions and
 * dense layers. BatchNorm layers keep their trained statistics and scale: Keras re-initialises
 * them to the identity, which would test nothing (and the course models have none). */
static guint *
weighted_layers (const SlModel *model, const SlTrainSpec *spec, guint *n)
{
  guint *out = g_new (guint, MAX (model->n_layers, 1));
  *n = 0;
  for (guint i = 0; i < model->n_layers && i < spec->n_layers; i++)
    if (spec->layers[i].has_params && model->layers[i].kernel)
      out[(*n)++] = i;
  return out;
}

static gboolean
check_samples (const SlModel *model, SlDataset *dataset, const gsize *indices, gsize n,
               GError **error)
{
  const gsize shape[3] = { model->input.d[0], model->input.d[1], model->input.d[2] };
  if (!sl_dataset_check_shape (dataset, model->input.rank, shape, error))
    return FALSE;
  if (n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "sanity check on %s: no samples",
                   dataset->name);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      const gsize index = indices ? indices[i] : i;
      if (index >= dataset->n_samples)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "%s: sample %" G_GSIZE_FORMAT " does not exist (the dataset has %"
                       G_GSIZE_FORMAT ")",
                       dataset->name, index, dataset->n_samples);
          return FALSE;
        }
    }
  return TRUE;
}

static SlTrainSpec *
read_spec (const SlModel *model, GError **error)
{
  g_autoptr (GError) local = NULL;
  SlTrainSpec *spec = sl_train_spec_new (model, &local);
  if (!spec)
    g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                 "sanity check: the weights cannot be re-initialised: %s", local->message);
  return spec;
}

static SlSanityResult *
result_new (const SlModel *model, SlDataset *dataset, const gsize *indices, gsize n,
            const SlExplainRequest *req, const guint *layers, guint n_steps)
{
  SlSanityResult *r = g_new0 (SlSanityResult, 1);
  const SlMethod *method = sl_method_lookup (req->method);
  const SlScore score = req->score == SL_EXPLAIN_SCORE_DEFAULT && method
                            ? method->default_score
                            : (SlScore) req->score;
  r->method = g_strdup_printf ("%s (%s)", req->method, sl_score_name (score));
  r->dataset = g_strdup (dataset->name);
  r->n_steps = n_steps;
  r->layers = g_new0 (char *, n_steps + 2);
  for (guint s = 1; s <= n_steps; s++)
    r->layers[s] = g_strdup (model->layers[layers[n_steps - s]].name);
  r->n_samples = n;
  r->indices = g_new (gsize, n);
  for (gsize i = 0; i < n; i++)
    r->indices[i] = indices ? indices[i] : i;
  r->target = g_new0 (guint, n);
  const gsize steps = (gsize) n_steps + 1;
  r->spearman = g_new (double, steps * n);
  r->spearman_signed = g_new (double, steps * n);
  r->ssim = g_new (double, steps * n);
  for (gsize i = 0; i < steps * n; i++)
    r->spearman[i] = r->spearman_signed[i] = r->ssim[i] = NAN;
  r->mean_spearman = g_new (double, steps);
  r->mean_spearman_signed = g_new (double, steps);
  r->mean_ssim = g_new (double, steps);
  r->n_defined = g_new0 (gsize, steps);
  for (gsize s = 0; s < steps; s++)
    r->mean_spearman[s] = r->mean_spearman_signed[s] = r->mean_ssim[s] = NAN;
  return r;
}

static double
mean_skipping_nan (const double *v, gsize n)
{
  double sum = 0;
  gsize count = 0;
  for (gsize i = 0; i < n; i++)
    if (!isnan (v[i]))
      sum += v[i], count++;
  return count ? sum / (double) count : NAN;
}

/* Step s's similarities to step 0, per sample and their means. */
static void
compare_step (SlSanityResult *r, guint s)
{
  const gsize n = r->n_samples, size = r->map_size;
  const gsize h = r->map_shape.rank == 2 ? r->map_shape.d[0] : 1;
  const gsize w = r->map_shape.rank == 2 ? r->map_shape.d[1] : r->map_shape.d[0];
  for (gsize i = 0; i < n; i++)
    {
      const float *m0 = r->maps + i * size, *ms = r->maps + ((gsize) s * n + i) * size;
      const gsize slot = (gsize) s * n + i;
      r->spearman[slot] = sl_spearman (m0, ms, size, TRUE);
      r->spearman_signed[slot] = sl_spearman (m0, ms, size, FALSE);
      r->ssim[slot] = sl_ssim (m0, ms, h, w);
      r->n_defined[s] += !isnan (r->spearman[slot]);
    }
  r->mean_spearman[s] = s ? mean_skipping_nan (r->spearman + (gsize) s * n, n) : 1.0;
  r->mean_spearman_signed[s] = s ? mean_skipping_nan (r->spearman_signed + (gsize) s * n, n) : 1.0;
  r->mean_ssim[s] = s ? mean_skipping_nan (r->ssim + (gsize) s * n, n) : 1.0;
}

/* count × size floats, or NULL with an error saying how much memory `what` would need. */
static float *
alloc_floats (gsize count, gsize size, const char *what, GError **error)
{
  float *v = size && count <= G_MAXSIZE / sizeof (float) / size
                 ? g_try_new0 (float, count * size)
                 : NULL;
  if (!v)
    g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                 "sanity check: the %s need %.0f MiB, more than this machine can give: use fewer "
                 "samples",
                 what, (double) count * (double) size * sizeof (float) / (1 << 20));
  return v;
}

/* The samples' inputs, read once: every step explains them again. */
static float *
read_inputs (SlDataset *dataset, const SlSanityResult *r, gsize size, GCancellable *cancellable,
             GError **error)
{
  g_autofree float *xs = alloc_floats (r->n_samples, size, "inputs", error);
  if (!xs)
    return NULL;
  for (gsize i = 0; i < r->n_samples; i++)
    {
      /* Decoding hundreds of images takes seconds. */
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_CANCELLED,
                               "the sanity check was cancelled while reading its samples");
          return NULL;
        }
      if (!sl_dataset_get_sample (dataset, r->indices[i], xs + i * size, error))
        return NULL;
    }
  return g_steal_pointer (&xs);
}

/* Explains every sample with `model` at step `s` (step 0 fixes the targets). */
static gboolean
explain_step (SlSanityResult *r, SlExplainer *explainer, const float *xs, gsize in_size,
              const SlExplainRequest *request, guint s, SlProgressFunc progress,
              gpointer progress_data, GCancellable *cancellable, GError **error)
{
  const gsize n = r->n_samples, total = ((gsize) r->n_steps + 1) * n;
  for (gsize i = 0; i < n; i++)
    {
      SlExplainRequest req = *request;
      if (s > 0)
        req.target = (int) r->target[i];
      /* A random method draws the same numbers for a sample at every step. */
      req.seed = request->seed + i;
      g_autoptr (SlExplanation) expl = sl_explainer_explain (explainer, xs + i * in_size, &req,
                                                             NULL, NULL, cancellable, error);
      if (!expl)
        return FALSE;
      if (!r->maps)
        {
          r->map_shape = expl->input_shape;
          r->map_size = sl_explanation_input_size (expl);
          r->maps = alloc_floats (total, r->map_size, "maps of every step", error);
          if (!r->maps)
            return FALSE;
        }
      if (s == 0)
        r->target[i] = expl->target;
      memcpy (r->maps + ((gsize) s * n + i) * r->map_size, expl->map_input,
              r->map_size * sizeof (float));
      if (progress)
        progress ((gsize) s * n + i + 1, total, progress_data);
    }
  return TRUE;
}

SlSanityResult *
sl_sanity_run (const SlModel *model, SlDataset *dataset, const gsize *indices, gsize n_indices,
               const SlExplainRequest *request, const SlSanityOptions *options,
               SlProgressFunc progress, gpointer progress_data, GCancellable *cancellable,
               GError **error)
{
  const gint64 t0 = g_get_monotonic_time ();
  SlSanityOptions defaults;
  sl_sanity_options_init (&defaults);
  const SlSanityOptions *o = options ? options : &defaults;
  if (!sl_method_find (request->method, error)
      || !check_samples (model, dataset, indices, n_indices, error))
    return NULL;
  g_autoptr (SlTrainSpec) spec = read_spec (model, error);
  if (!spec)
    return NULL;
  guint n_steps;
  g_autofree guint *layers = weighted_layers (model, spec, &n_steps);
  if (n_steps == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "sanity check: %s has no convolution or dense layer to re-initialise",
                   model->path ? model->path : model->name);
      return NULL;
    }

  g_autoptr (SlSanityResult) r
      = result_new (model, dataset, indices, n_indices, request, layers, n_steps);
  const gsize in_size = sl_shape_size (&model->input);
  g_autofree float *xs = read_inputs (dataset, r, in_size, cancellable, error);
  if (!xs)
    return NULL;
  /* The copy's weights change in place; runs read them at every pass (nothing is packed or
   * cached between passes), so one explainer serves every step. */
  g_autoptr (SlModel) copy = sl_model_copy (model);
  const guint32 seed_words[2] = { (guint32) o->seed, (guint32) (o->seed >> 32) };
  g_autoptr (GRand) rng = g_rand_new_with_seed_array (seed_words, 2);
  g_autoptr (SlExplainer) explainer = sl_explainer_new (copy);
  sl_explainer_set_parallel (explainer, o->parallel);
  GError *local = NULL;
  for (guint s = 0; s <= n_steps; s++)
    {
      if (s > 0)
        {
          const guint li = layers[n_steps - s];
          sl_train_spec_init_layer (&spec->layers[li], &copy->layers[li], rng);
        }
      if (!explain_step (r, explainer, xs, in_size, request, s, progress, progress_data,
                         cancellable, &local))
        break;
      compare_step (r, s);
      r->n_steps_done = s;
    }
  g_clear_pointer (&explainer, sl_explainer_free); /* its runs borrow o->parallel */
  if (g_error_matches (local, SL_ERROR, SL_ERROR_CANCELLED))
    {
      g_clear_error (&local);
      if (!o->keep_partial)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_CANCELLED,
                       "the sanity check was cancelled after %u of %u randomisation steps",
                       r->n_steps_done, n_steps);
          return NULL;
        }
      r->partial = TRUE;
    }
  else if (local)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  r->seconds = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  return g_steal_pointer (&r);
}

char *
sl_sanity_result_format (const SlSanityResult *r)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "%4s  %-24s %14s %10s %8s %8s\n", "step", "layer randomised",
                          "Spearman |.|", "Spearman", "SSIM", "defined");
  for (guint k = 0; k <= r->n_steps_done; k++)
    g_string_append_printf (s, "%4u  %-24s %14.4f %10.4f %8.4f %8" G_GSIZE_FORMAT "\n", k,
                            k ? r->layers[k] : "(trained)", r->mean_spearman[k],
                            r->mean_spearman_signed[k], r->mean_ssim[k], r->n_defined[k]);
  g_string_append_printf (s, "(%s; %" G_GSIZE_FORMAT " samples; %.1f s%s)\n", r->method,
                          r->n_samples, r->seconds,
                          r->partial ? "; cancelled: partial" : "");
  return g_string_free (s, FALSE);
}

static void
add_number (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

JsonNode *
sl_sanity_result_to_json (const SlSanityResult *r, guint64 seed)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, r->method);
  json_builder_set_member_name (b, "dataset");
  json_builder_add_string_value (b, r->dataset);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) seed);
  json_builder_set_member_name (b, "samples");
  json_builder_add_int_value (b, (gint64) r->n_samples);
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, r->seconds);
  json_builder_set_member_name (b, "partial");
  json_builder_add_boolean_value (b, r->partial);
  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint k = 1; k <= r->n_steps_done; k++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "step");
      json_builder_add_int_value (b, k);
      json_builder_set_member_name (b, "layer");
      json_builder_add_string_value (b, r->layers[k]);
      add_number (b, "spearman", r->mean_spearman[k]);
      add_number (b, "spearman_signed", r->mean_spearman_signed[k]);
      add_number (b, "ssim", r->mean_ssim[k]);
      json_builder_set_member_name (b, "defined");
      json_builder_add_int_value (b, (gint64) r->n_defined[k]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
