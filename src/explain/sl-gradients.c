/* The plain input-gradient maps: saliency (max over channels of |∂y_c/∂x|) and gradient × input. */
#include "explain/sl-explain-private.h"

static gboolean
run_gradient_map (SlExplainContext *ctx, SlGradMapKind kind, GError **error)
{
  if (!sl_ctx_backward (ctx, ctx->score, -1, error))
    return FALSE;
  float *map = g_new (float, ctx->n_pos);
  sl_grad_maps (ctx, ctx->x, sl_run_grad (ctx->run, -1), 1, kind, map);
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  return TRUE;
}

static gboolean
run_saliency (SlExplainContext *ctx, GError **error)
{
  return run_gradient_map (ctx, SL_GRAD_MAP_MAX_ABS, error);
}

static gboolean
run_gradient_x_input (SlExplainContext *ctx, GError **error)
{
  return run_gradient_map (ctx, SL_GRAD_MAP_TIMES_INPUT, error);
}

const SlMethod sl_method_saliency = {
  .name = "saliency",
  .display_name = "Saliency",
  .description = "Largest absolute gradient of the class score over the input channels at each "
                 "position (Simonyan et al. 2014).",
  .flags = SL_METHOD_USES_GRADIENTS,
  .default_score = SL_SCORE_LOGIT,
  .run = run_saliency,
};

const SlMethod sl_method_gradient_x_input = {
  .name = "gradient-x-input",
  .display_name = "Gradient × Input",
  .description = "Input times the gradient of the class score, summed over the input channels "
                 "(Shrikumar et al. 2016).",
  .flags = SL_METHOD_USES_GRADIENTS,
  .default_score = SL_SCORE_LOGIT,
  .run = run_gradient_x_input,
};
