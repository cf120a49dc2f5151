/* SmoothGrad (Smilkov et al. 2017): a gradient map averaged over copies of the input with Gaussian
 * noise of σ = noise · (max x − min x); also its squared and VarGrad variants. */
#include "explain/sl-explain-private.h"

#include <string.h>

static const char *const bases[]
    = { "saliency", "gradient-x-input", "guided-backprop", "integrated-gradients", NULL };
static const char *const variants[] = { "mean", "squared", "vargrad", NULL };

/* Maps of n noisy inputs for the chosen base method. */
static gboolean
base_maps (SlExplainContext *ctx, const char *base, const float *inputs, gsize n, float *maps,
           GError **error)
{
  if (!strcmp (base, "integrated-gradients"))
    {
      const guint steps = (guint) sl_params_get_int (ctx->params, "steps");
      for (gsize s = 0; s < n; s++)
        {
          double saved[2];
          sl_ctx_push_progress (ctx, (double) s / n, (double) (s + 1) / n, saved);
          const gboolean ok = sl_integrated_gradients (ctx, inputs + s * ctx->in_size, steps,
                                                       "right", 0.0, maps + s * ctx->n_pos, error);
          sl_ctx_pop_progress (ctx, saved);
          if (!ok)
            return FALSE;
        }
      return TRUE;
    }
  g_autofree float *grads = g_new (float, n * ctx->in_size);
  const gboolean guided = !strcmp (base, "guided-backprop");
  if (!(guided ? sl_guided_grads (ctx, inputs, n, grads, error)
               : sl_ctx_input_grads (ctx, inputs, n, ctx->score, grads, error)))
    return FALSE;
  sl_grad_maps (ctx, inputs, grads, n,
                !strcmp (base, "gradient-x-input") ? SL_GRAD_MAP_TIMES_INPUT : SL_GRAD_MAP_MAX_ABS,
                maps);
  return TRUE;
}

static gboolean
run_smoothgrad (SlExplainContext *ctx, GError **error)
{
  const gsize samples = (gsize) sl_params_get_int (ctx->params, "n_samples");
  const char *base = sl_params_get_string (ctx->params, "base");
  const char *variant = sl_params_get_string (ctx->params, "variant");
  const gsize size = ctx->in_size, np = ctx->n_pos;
  float lo = ctx->x[0], hi = ctx->x[0];
  for (gsize i = 1; i < size; i++)
    lo = MIN (lo, ctx->x[i]), hi = MAX (hi, ctx->x[i]);
  const double sigma = sl_params_get_double (ctx->params, "noise") * ((double) hi - lo);

  const gsize chunk = sl_run_capacity (sl_ctx_batch_run (ctx, -1));
  g_autofree float *inputs = g_new (float, chunk * size);
  g_autofree float *maps = g_new (float, chunk * np);
  g_autofree double *sum = g_new0 (double, np);
  g_autofree double *sum2 = g_new0 (double, np);
  for (gsize start = 0; start < samples; start += chunk)
    {
      const gsize nb = MIN (chunk, samples - start);
      /* Noise is drawn for every value even when σ = 0, so the stream does not depend on σ. */
      for (gsize i = 0; i < nb * size; i++)
        inputs[i] = (float) (ctx->x[i % size] + sigma * sl_ctx_normal (ctx));
      double saved[2];
      sl_ctx_push_progress (ctx, (double) start / samples, (double) (start + nb) / samples, saved);
      const gboolean ok = base_maps (ctx, base, inputs, nb, maps, error);
      sl_ctx_pop_progress (ctx, saved);
      if (!ok)
        return FALSE;
      for (gsize j = 0; j < nb; j++)
        for (gsize p = 0; p < np; p++)
          {
            const double m = maps[j * np + p];
            sum[p] += m;
            sum2[p] += m * m;
          }
    }
  float *map = g_new (float, np);
  for (gsize p = 0; p < np; p++)
    {
      const double mean = sum[p] / samples, mean2 = sum2[p] / samples;
      if (!strcmp (variant, "squared"))
        map[p] = (float) mean2;
      else if (!strcmp (variant, "vargrad"))
        map[p] = (float) MAX (mean2 - mean * mean, 0.0);
      else
        map[p] = (float) mean;
    }
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  return TRUE;
}

static const SlParamSpec smoothgrad_params[] = {
  { "n_samples", SL_PARAM_INT, "50", 1, 100000, NULL, "noisy copies averaged" },
  { "noise", SL_PARAM_DOUBLE, "0.15", 0, 10, NULL,
    "noise level: σ = noise × (max − min of the input); 0 gives the base map itself" },
  { "base", SL_PARAM_ENUM, "saliency", 0, 0, bases, "the gradient map that is smoothed" },
  { "variant", SL_PARAM_ENUM, "mean", 0, 0, variants,
    "mean (SmoothGrad), squared (SmoothGrad²: mean of squares) or vargrad (variance)" },
  { "steps", SL_PARAM_INT, "50", 1, 100000, NULL,
    "Integrated Gradients steps, when it is the base" },
};

const SlMethod sl_method_smoothgrad = {
  .name = "smoothgrad",
  .display_name = "SmoothGrad",
  .description = "A gradient map (saliency by default) averaged over noisy copies of the input "
                 "(Smilkov et al. 2017).",
  .flags = SL_METHOD_RANDOM | SL_METHOD_USES_GRADIENTS | SL_METHOD_MANY_PASSES,
  .default_score = SL_SCORE_LOGIT,
  .params = smoothgrad_params,
  .n_params = G_N_ELEMENTS (smoothgrad_params),
  .run = run_smoothgrad,
};
