/* Integrated Gradients: the path integral of the gradient from a constant baseline to the input,
 * approximated by a Riemann sum (right rule with M = 50 steps by default, as METHODS.md defines).
 */
#include "explain/sl-explain-private.h"

#include "core/sl-error.h"

#include <string.h>

static const char *const rules[] = { "right", "left", "middle", "trapezoid", NULL };

/* Position α_j of point j of `n` and its weight in the mean. */
static void
rule_point (const char *rule, guint steps, guint j, double *alpha, double *weight)
{
  const double m = steps;
  if (!strcmp (rule, "left"))
    *alpha = j / m, *weight = 1 / m;
  else if (!strcmp (rule, "middle"))
    *alpha = (j + 0.5) / m, *weight = 1 / m;
  else if (!strcmp (rule, "trapezoid"))
    *alpha = j / m, *weight = (j == 0 || j == steps ? 0.5 : 1) / m;
  else
    *alpha = (j + 1) / m, *weight = 1 / m;
}

gboolean
sl_integrated_gradients (SlExplainContext *ctx, const float *x, guint steps, const char *rule,
                         double baseline, float *map, GError **error)
{
  const gsize size = ctx->in_size;
  const guint n = !strcmp (rule, "trapezoid") ? steps + 1 : steps;
  const gsize chunk = MAX (sl_run_capacity (sl_ctx_batch_run (ctx, -1)), 1);
  g_autofree float *points = g_new (float, chunk * size);
  g_autofree float *grads = g_new (float, chunk * size);
  g_autofree double *avg = g_new0 (double, size);
  double saved[2];
  for (guint start = 0; start < n; start += chunk)
    {
      const guint nb = (guint) MIN (chunk, n - start);
      for (guint j = 0; j < nb; j++)
        {
          double alpha, weight;
          rule_point (rule, steps, start + j, &alpha, &weight);
          for (gsize i = 0; i < size; i++)
            points[j * size + i] = (float) (baseline + alpha * (x[i] - baseline));
        }
      sl_ctx_push_progress (ctx, (double) start / n, (double) (start + nb) / n, saved);
      const gboolean ok = sl_ctx_input_grads (ctx, points, nb, ctx->score, grads, error);
      sl_ctx_pop_progress (ctx, saved);
      if (!ok)
        return FALSE;
      for (guint j = 0; j < nb; j++)
        {
          double alpha, weight;
          rule_point (rule, steps, start + j, &alpha, &weight);
          for (gsize i = 0; i < size; i++)
            avg[i] += weight * grads[j * size + i];
        }
    }
  for (gsize p = 0; p < ctx->n_pos; p++)
    {
      double s = 0;
      for (gsize c = 0; c < ctx->in_c; c++)
        {
          const gsize i = p * ctx->in_c + c;
          s += (x[i] - baseline) * avg[i];
        }
      map[p] = (float) s;
    }
  return TRUE;
}

static gboolean
run_integrated_gradients (SlExplainContext *ctx, GError **error)
{
  float *map = g_new (float, ctx->n_pos);
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  return sl_integrated_gradients (ctx, ctx->x, (guint) sl_params_get_int (ctx->params, "steps"),
                                  sl_params_get_string (ctx->params, "rule"),
                                  sl_params_get_double (ctx->params, "baseline"), map, error);
}

static const SlParamSpec ig_params[] = {
  { "steps", SL_PARAM_INT, "50", 1, 100000, NULL, "Riemann-sum steps M along the path" },
  { "rule", SL_PARAM_ENUM, "right", 0, 0, rules,
    "Riemann rule: right (k/M, k = 1..M, as the course), left, middle or trapezoid" },
  { "baseline", SL_PARAM_DOUBLE, "0", -1e30, 1e30, NULL, "constant baseline input x'" },
};

const SlMethod sl_method_integrated_gradients = {
  .name = "integrated-gradients",
  .display_name = "Integrated Gradients",
  .description
  = "Input minus baseline times the gradient averaged along the straight path from the "
    "baseline (Sundararajan et al. 2017); attributions sum to y(x) − y(x') as M grows.",
  .flags = SL_METHOD_USES_GRADIENTS | SL_METHOD_MANY_PASSES,
  .default_score = SL_SCORE_LOGIT,
  .params = ig_params,
  .n_params = G_N_ELEMENTS (ig_params),
  .run = run_integrated_gradients,
};
