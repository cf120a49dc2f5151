/* Score-CAM: each channel, upsampled and min–max scaled, masks the input; the softmax of the masked
 * inputs' scores weighs the channels. */
#include "explain/sl-explain-private.h"

#include <math.h>

/* Scales a map to [0, 1] by its minimum and maximum; all zero when it is constant. */
static void
min_max_scale (float *v, gsize n)
{
  float lo = v[0], hi = v[0];
  for (gsize i = 1; i < n; i++)
    lo = MIN (lo, v[i]), hi = MAX (hi, v[i]);
  const double range = (double) hi - lo;
  for (gsize i = 0; i < n; i++)
    v[i] = range > 0 ? (float) ((v[i] - (double) lo) / range) : 0.0f;
}

static gboolean
run_score_cam (SlExplainContext *ctx, GError **error)
{
  gsize h, w, k;
  sl_ctx_layer_dims (ctx, ctx->layer, &h, &w, &k);
  const float *acts = sl_run_output (ctx->run, ctx->layer);
  g_autofree float *masks = g_new (float, k * ctx->n_pos);
  for (gsize ch = 0; ch < k; ch++)
    {
      float *mask = masks + ch * ctx->n_pos;
      sl_ctx_to_input (ctx, acts + ch, h, w, k, mask);
      min_max_scale (mask, ctx->n_pos);
    }
  const SlMaskedInputs m = { ctx, masks };
  g_autofree double *s = g_new (double, k);
  if (!sl_ctx_eval (ctx, -1, k, sl_ctx_fill_masked, (gpointer) &m, ctx->score, s, NULL, error))
    return FALSE;
  /* w = softmax(s), with the maximum subtracted. */
  double top = s[0], sum = 0;
  for (gsize ch = 1; ch < k; ch++)
    top = MAX (top, s[ch]);
  g_autofree double *weights = g_new (double, k);
  for (gsize ch = 0; ch < k; ch++)
    sum += weights[ch] = exp (s[ch] - top);
  for (gsize ch = 0; ch < k; ch++)
    weights[ch] /= sum;
  sl_ctx_set_map (ctx, sl_cam_combine (acts, h * w, k, weights), h, w);
  return TRUE;
}

const SlMethod sl_method_score_cam = {
  .name = "score-cam",
  .display_name = "Score-CAM",
  .description
  = "Each channel, upsampled and scaled to [0, 1], masks the input; the softmax of the "
    "masked inputs' scores weighs the channels (Wang et al. 2020).",
  .flags = SL_METHOD_USES_LAYER | SL_METHOD_LAYER_RESOLUTION | SL_METHOD_MANY_PASSES,
  .default_score = SL_SCORE_LOGIT,
  .run = run_score_cam,
};
