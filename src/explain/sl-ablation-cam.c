/* Ablation-CAM: a channel's weight is the relative drop of the score when that channel of the
 * layer's output is zeroed. Channels are ablated in batches and only the layers after the ablated
 * one run. */
#include "explain/sl-explain-private.h"

#include <string.h>

typedef struct
{
  const float *acts;
  gsize size; /* floats of the layer output */
  gsize k;    /* channels */
} Ablation;

static void
fill_ablated (gpointer data, gsize index, float *dst)
{
  const Ablation *ab = data;
  memcpy (dst, ab->acts, ab->size * sizeof (float));
  for (gsize i = index; i < ab->size; i += ab->k)
    dst[i] = 0;
}

static gboolean
run_ablation_cam (SlExplainContext *ctx, GError **error)
{
  gsize h, w, k;
  sl_ctx_layer_dims (ctx, ctx->layer, &h, &w, &k);
  const Ablation ab = { sl_run_output (ctx->run, ctx->layer), h * w * k, k };
  g_autofree double *yk = g_new (double, k);
  g_autofree double *qk = g_new (double, k);
  if (!sl_ctx_eval (ctx, ctx->layer, k, fill_ablated, (gpointer) &ab, ctx->score, yk, qk, error))
    return FALSE;
  g_autofree double *weights = g_new0 (double, k);
  for (gsize ch = 0; ch < k; ch++)
    {
      /* y − y_k of probabilities near 1 comes from their complements (METHODS.md, Numerics). */
      const double diff = ctx->score == SL_SCORE_PROB ? qk[ch] - ctx->q : ctx->y - yk[ch];
      weights[ch] = ctx->y != 0 ? diff / ctx->y : 0;
    }
  sl_ctx_set_map (ctx, sl_cam_combine (ab.acts, h * w, k, weights), h, w);
  return TRUE;
}

const SlMethod sl_method_ablation_cam = {
  .name = "ablation-cam",
  .display_name = "Ablation-CAM",
  .description = "Channels weighted by the relative drop of the class score when each is set to "
                 "zero (Desai & Ramaswamy 2020); gradient-free.",
  .flags = SL_METHOD_USES_LAYER | SL_METHOD_LAYER_RESOLUTION,
  .default_score = SL_SCORE_LOGIT,
  .run = run_ablation_cam,
};
