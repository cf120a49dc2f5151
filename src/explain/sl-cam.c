/* The gradient CAM family on one layer's activations A and gradients G = ∂y_c/∂A: Grad-CAM,
 * Grad-CAM++, Layer-CAM, XGrad-CAM and HiRes-CAM (METHODS.md and the pytorch-grad-cam definitions).
 */
#include "explain/sl-explain-private.h"

#include <math.h>

float *
sl_cam_combine (const float *acts, gsize z, gsize k, const double *weights)
{
  float *map = g_new (float, z);
  for (gsize i = 0; i < z; i++)
    {
      const float *a = acts + i * k;
      double s = 0;
      for (gsize ch = 0; ch < k; ch++)
        s += weights[ch] * a[ch];
      map[i] = (float) MAX (s, 0.0);
    }
  return map;
}

typedef enum
{
  CAM_GRAD,
  CAM_GRAD_PP,
  CAM_LAYER,
  CAM_XGRAD,
  CAM_HIRES,
} CamKind;

/* Per-position maps: ReLU(Σ_k f(g, a)) with f = ReLU(g)·a (Layer-CAM) or g·a (HiRes-CAM). */
static float *
elementwise_cam (const float *acts, const float *grads, gsize z, gsize k, gboolean relu_grad)
{
  float *map = g_new (float, z);
  for (gsize i = 0; i < z; i++)
    {
      double s = 0;
      for (gsize ch = 0; ch < k; ch++)
        {
          const double g = grads[i * k + ch];
          s += (relu_grad ? MAX (g, 0.0) : g) * acts[i * k + ch];
        }
      map[i] = (float) MAX (s, 0.0);
    }
  return map;
}

static float *
cam_map (SlExplainContext *ctx, CamKind kind, gsize *out_h, gsize *out_w, GError **error)
{
  if (!sl_ctx_backward (ctx, ctx->score, ctx->layer, error))
    return NULL;
  gsize h, w, k;
  sl_ctx_layer_dims (ctx, ctx->layer, &h, &w, &k);
  const gsize z = h * w;
  const float *a = sl_run_output (ctx->run, ctx->layer);
  const float *g = sl_run_grad (ctx->run, ctx->layer);
  *out_h = h, *out_w = w;
  if (kind == CAM_LAYER || kind == CAM_HIRES)
    return elementwise_cam (a, g, z, k, kind == CAM_LAYER);

  g_autofree double *weights = g_new0 (double, k);
  g_autofree double *sum_a = g_new0 (double, k);
  for (gsize i = 0; i < z; i++)
    for (gsize ch = 0; ch < k; ch++)
      sum_a[ch] += a[i * k + ch];
  for (gsize i = 0; i < z; i++)
    for (gsize ch = 0; ch < k; ch++)
      {
        const double gi = g[i * k + ch];
        switch (kind)
          {
          case CAM_GRAD:
            weights[ch] += gi / (double) z;
            break;
          case CAM_GRAD_PP:
            {
              /* No epsilon: HMT gradients are ~1e-4 and an eps would dominate (METHODS.md). */
              const double g2 = gi * gi, denom = 2 * g2 + sum_a[ch] * g2 * gi;
              const double alpha = gi != 0 && denom != 0 ? g2 / denom : 0;
              weights[ch] += MAX (gi, 0.0) * alpha;
              break;
            }
          case CAM_XGRAD:
            if (sum_a[ch] != 0)
              weights[ch] += gi * a[i * k + ch] / sum_a[ch];
            break;
          default:
            break;
          }
      }
  return sl_cam_combine (a, z, k, weights);
}

float *
sl_gradcam_map (SlExplainContext *ctx, GError **error)
{
  gsize h, w;
  return cam_map (ctx, CAM_GRAD, &h, &w, error);
}

static gboolean
run_kind (SlExplainContext *ctx, CamKind kind, GError **error)
{
  gsize h, w;
  float *map = cam_map (ctx, kind, &h, &w, error);
  if (!map)
    return FALSE;
  sl_ctx_set_map (ctx, map, h, w);
  return TRUE;
}

static gboolean
run_gradcam (SlExplainContext *ctx, GError **error)
{
  return run_kind (ctx, CAM_GRAD, error);
}

static gboolean
run_gradcampp (SlExplainContext *ctx, GError **error)
{
  return run_kind (ctx, CAM_GRAD_PP, error);
}

static gboolean
run_layer_cam (SlExplainContext *ctx, GError **error)
{
  return run_kind (ctx, CAM_LAYER, error);
}

static gboolean
run_xgrad_cam (SlExplainContext *ctx, GError **error)
{
  return run_kind (ctx, CAM_XGRAD, error);
}

static gboolean
run_hires_cam (SlExplainContext *ctx, GError **error)
{
  return run_kind (ctx, CAM_HIRES, error);
}

#define CAM_FLAGS (SL_METHOD_USES_LAYER | SL_METHOD_USES_GRADIENTS | SL_METHOD_LAYER_RESOLUTION)

const SlMethod sl_method_gradcam = {
  .name = "gradcam",
  .display_name = "Grad-CAM",
  .description
  = "Channels of a convolution layer weighted by their mean gradient of the class score; "
    "ReLU of the weighted sum (Selvaraju et al. 2017).",
  .flags = CAM_FLAGS,
  .default_score = SL_SCORE_LOGIT,
  .run = run_gradcam,
};

const SlMethod sl_method_gradcampp = {
  .name = "gradcam++",
  .display_name = "Grad-CAM++",
  .description = "Grad-CAM with channel weights from positive gradients scaled by second- and "
                 "third-order terms (Chattopadhyay et al. 2018), without an epsilon.",
  .flags = CAM_FLAGS,
  .default_score = SL_SCORE_LOGIT,
  .run = run_gradcampp,
};

const SlMethod sl_method_layer_cam = {
  .name = "layer-cam",
  .display_name = "Layer-CAM",
  .description = "Each activation weighted by its own positive gradient, summed over channels "
                 "(Jiang et al. 2021).",
  .flags = CAM_FLAGS,
  .default_score = SL_SCORE_LOGIT,
  .run = run_layer_cam,
};

const SlMethod sl_method_xgrad_cam = {
  .name = "xgrad-cam",
  .display_name = "XGrad-CAM",
  .description = "Channels weighted by their gradients averaged with the activation as weight "
                 "(Fu et al. 2020).",
  .flags = CAM_FLAGS,
  .default_score = SL_SCORE_LOGIT,
  .run = run_xgrad_cam,
};

const SlMethod sl_method_hires_cam = {
  .name = "hires-cam",
  .display_name = "HiRes-CAM",
  .description = "Gradient times activation summed over channels at each position, a faithful "
                 "Grad-CAM variant (Draelos & Carin 2020).",
  .flags = CAM_FLAGS,
  .default_score = SL_SCORE_LOGIT,
  .run = run_hires_cam,
};
