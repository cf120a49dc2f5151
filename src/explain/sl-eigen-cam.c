/* Eigen-CAM and Eigen-Grad-CAM: the projection of a layer's (centred) activations — or gradient ×
 * activation — on their first principal component, as pytorch-grad-cam computes it. */
#include "explain/sl-explain-private.h"
#include "explain/sl-linalg.h"

#include <math.h>

/* ReLU of the first-component projection of the z × k matrix m, its sign chosen so that it
 * correlates positively with the activation sum Σ_k A_k (the component's sign is arbitrary). */
static float *
principal_map (const float *m, const float *acts, gsize z, gsize k)
{
  g_autofree double *mean = g_new0 (double, k);
  for (gsize i = 0; i < z; i++)
    for (gsize ch = 0; ch < k; ch++)
      mean[ch] += m[i * k + ch] / (double) z;
  g_autofree double *cov = g_new0 (double, k * k);
  g_autofree double *row = g_new (double, k);
  for (gsize i = 0; i < z; i++)
    {
      for (gsize ch = 0; ch < k; ch++)
        row[ch] = m[i * k + ch] - mean[ch];
      for (gsize a = 0; a < k; a++)
        for (gsize b = a; b < k; b++)
          cov[a * k + b] += row[a] * row[b];
    }
  for (gsize a = 0; a < k; a++)
    for (gsize b = 0; b < a; b++)
      cov[a * k + b] = cov[b * k + a];
  g_autofree double *v = g_new (double, k);
  sl_linalg_top_eigvec (cov, k, v);

  g_autofree double *proj = g_new (double, z);
  g_autofree double *total = g_new (double, z);
  double mp = 0, mt = 0;
  for (gsize i = 0; i < z; i++)
    {
      double s = 0, t = 0;
      for (gsize ch = 0; ch < k; ch++)
        {
          s += (m[i * k + ch] - mean[ch]) * v[ch];
          t += acts[i * k + ch];
        }
      proj[i] = s, total[i] = t;
      mp += s / (double) z, mt += t / (double) z;
    }
  double cov_pt = 0;
  for (gsize i = 0; i < z; i++)
    cov_pt += (proj[i] - mp) * (total[i] - mt);
  const double sign = cov_pt < 0 ? -1 : 1;
  float *map = g_new (float, z);
  for (gsize i = 0; i < z; i++)
    map[i] = (float) MAX (sign * proj[i], 0.0);
  return map;
}

static gboolean
run_eigen (SlExplainContext *ctx, gboolean with_grad, GError **error)
{
  gsize h, w, k;
  sl_ctx_layer_dims (ctx, ctx->layer, &h, &w, &k);
  const gsize z = h * w;
  const float *a = sl_run_output (ctx->run, ctx->layer);
  g_autofree float *ga = NULL;
  if (with_grad)
    {
      if (!sl_ctx_backward (ctx, ctx->score, ctx->layer, error))
        return FALSE;
      const float *g = sl_run_grad (ctx->run, ctx->layer);
      ga = g_new (float, z * k);
      for (gsize i = 0; i < z * k; i++)
        ga[i] = g[i] * a[i];
    }
  if (!sl_ctx_check (ctx, error))
    return FALSE;
  sl_ctx_set_map (ctx, principal_map (with_grad ? ga : a, a, z, k), h, w);
  return TRUE;
}

static gboolean
run_eigen_cam (SlExplainContext *ctx, GError **error)
{
  return run_eigen (ctx, FALSE, error);
}

static gboolean
run_eigen_gradcam (SlExplainContext *ctx, GError **error)
{
  return run_eigen (ctx, TRUE, error);
}

const SlMethod sl_method_eigen_cam = {
  .name = "eigen-cam",
  .display_name = "Eigen-CAM",
  .description = "Projection of the layer's centred activations on their first principal component "
                 "(Muhammad & Yeasin 2020); class-independent.",
  .flags = SL_METHOD_USES_LAYER | SL_METHOD_LAYER_RESOLUTION,
  .default_score = SL_SCORE_LOGIT,
  .run = run_eigen_cam,
};

const SlMethod sl_method_eigen_gradcam = {
  .name = "eigen-gradcam",
  .display_name = "Eigen-Grad-CAM",
  .description = "Eigen-CAM on gradient × activation, which makes it class-dependent.",
  .flags = SL_METHOD_USES_LAYER | SL_METHOD_USES_GRADIENTS | SL_METHOD_LAYER_RESOLUTION,
  .default_score = SL_SCORE_LOGIT,
  .run = run_eigen_gradcam,
};
