/* Gradient SHAP (Lundberg & Lee 2017; Captum's GradientShap): expected gradients — the gradient at
 * a random point between a random baseline and the (optionally noisy) input, times their
 * difference, averaged over samples and summed over channels. */
#include "explain/sl-explain-private.h"

#include <string.h>

static const char *const baselines[] = { "zero", "gaussian", "uniform", NULL };

static gboolean
run_gradient_shap (SlExplainContext *ctx, GError **error)
{
  const gsize samples = (gsize) sl_params_get_int (ctx->params, "n_samples");
  const double stdev = sl_params_get_double (ctx->params, "stdev");
  const char *kind = sl_params_get_string (ctx->params, "baseline");
  const double bstd = sl_params_get_double (ctx->params, "baseline_std");
  const gsize size = ctx->in_size, np = ctx->n_pos, c = ctx->in_c;
  float lo = ctx->x[0], hi = ctx->x[0];
  for (gsize i = 1; i < size; i++)
    lo = MIN (lo, ctx->x[i]), hi = MAX (hi, ctx->x[i]);

  const gsize chunk = sl_run_capacity (sl_ctx_batch_run (ctx, -1));
  g_autofree float *points = g_new (float, chunk * size);
  g_autofree float *delta = g_new (float, chunk * size);
  g_autofree float *grads = g_new (float, chunk * size);
  g_autofree double *sum = g_new0 (double, np);
  for (gsize start = 0; start < samples; start += chunk)
    {
      const gsize nb = MIN (chunk, samples - start);
      for (gsize j = 0; j < nb; j++)
        {
          const double alpha = g_rand_double (ctx->rand);
          for (gsize i = 0; i < size; i++)
            {
              double b = 0;
              if (!strcmp (kind, "gaussian"))
                b = bstd * sl_ctx_normal (ctx);
              else if (!strcmp (kind, "uniform"))
                b = g_rand_double_range (ctx->rand, lo, hi);
              const double xi = ctx->x[i] + (stdev > 0 ? stdev * sl_ctx_normal (ctx) : 0);
              delta[j * size + i] = (float) (xi - b);
              points[j * size + i] = (float) (b + alpha * (xi - b));
            }
        }
      double saved[2];
      sl_ctx_push_progress (ctx, (double) start / samples, (double) (start + nb) / samples, saved);
      const gboolean ok = sl_ctx_input_grads (ctx, points, nb, ctx->score, grads, error);
      sl_ctx_pop_progress (ctx, saved);
      if (!ok)
        return FALSE;
      for (gsize j = 0; j < nb; j++)
        for (gsize p = 0; p < np; p++)
          for (gsize ch = 0; ch < c; ch++)
            {
              const gsize i = j * size + p * c + ch;
              sum[p] += (double) grads[i] * delta[i];
            }
    }
  float *map = g_new (float, np);
  for (gsize p = 0; p < np; p++)
    map[p] = (float) (sum[p] / samples);
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  return TRUE;
}

static const SlParamSpec gradient_shap_params[] = {
  { "n_samples", SL_PARAM_INT, "50", 1, 100000, NULL, "random (baseline, point) samples" },
  { "stdev", SL_PARAM_DOUBLE, "0", 0, 1e6, NULL, "σ of Gaussian noise added to the input" },
  { "baseline", SL_PARAM_ENUM, "gaussian", 0, 0, baselines,
    "baseline distribution: zero, gaussian (N(0, baseline_std²)) or uniform over the input's "
    "range" },
  { "baseline_std", SL_PARAM_DOUBLE, "1", 0, 1e6, NULL, "σ of the gaussian baselines" },
};

const SlMethod sl_method_gradient_shap = {
  .name = "gradient-shap",
  .display_name = "Gradient SHAP",
  .description = "Expected gradients: the gradient at random points between random baselines and "
                 "the input, times input − baseline (Lundberg & Lee 2017).",
  .flags = SL_METHOD_RANDOM | SL_METHOD_USES_GRADIENTS | SL_METHOD_MANY_PASSES,
  .default_score = SL_SCORE_LOGIT,
  .params = gradient_shap_params,
  .n_params = G_N_ELEMENTS (gradient_shap_params),
  .run = run_gradient_shap,
};
