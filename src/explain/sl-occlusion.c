/* Occlusion: slide a window set to a constant over the input; a position's attribution is the mean
 * score drop over the windows that cover it (METHODS.md). Windows lie wholly inside the input. */
#include "explain/sl-explain-private.h"

#include <string.h>

typedef struct
{
  const SlExplainContext *ctx;
  gsize wh, ww, sh, sw, ny, nx;
  float value;
} Occlusion;

static void
window_origin (const Occlusion *o, gsize index, gsize *y0, gsize *x0)
{
  *y0 = (index / o->nx) * o->sh;
  *x0 = (index % o->nx) * o->sw;
}

static void
fill_occluded (gpointer data, gsize index, float *dst)
{
  const Occlusion *o = data;
  const SlExplainContext *ctx = o->ctx;
  gsize y0, x0;
  window_origin (o, index, &y0, &x0);
  memcpy (dst, ctx->x, ctx->in_size * sizeof (float));
  for (gsize y = y0; y < y0 + o->wh; y++)
    for (gsize x = x0; x < x0 + o->ww; x++)
      for (gsize c = 0; c < ctx->in_c; c++)
        dst[(y * ctx->in_w + x) * ctx->in_c + c] = o->value;
}

static gboolean
run_occlusion (SlExplainContext *ctx, GError **error)
{
  /* 0 means automatic: the course's 5 / 1 on signals; on images a window of 1/14 of the side
   * (16 px on 224) moved by half of it, since 5 × 5 at stride 1 costs one forward pass per pixel. */
  const gboolean image = ctx->in_h > 1;
  gsize window = (gsize) sl_params_get_int (ctx->params, "window");
  gsize stride = (gsize) sl_params_get_int (ctx->params, "stride");
  if (window == 0)
    window = image ? MAX ((gsize) 5, (MIN (ctx->in_h, ctx->in_w) + 7) / 14) : 5;
  if (stride == 0)
    stride = image ? MAX (window / 2, (gsize) 1) : 1;
  Occlusion o = { .ctx = ctx, .value = (float) sl_params_get_double (ctx->params, "value") };
  /* A 1-D input has height 1: the window spans it. */
  o.wh = MIN (window, ctx->in_h);
  o.ww = MIN (window, ctx->in_w);
  o.sh = ctx->in_h == 1 ? 1 : stride;
  o.sw = stride;
  o.ny = (ctx->in_h - o.wh) / o.sh + 1;
  o.nx = (ctx->in_w - o.ww) / o.sw + 1;
  const gsize total = o.ny * o.nx;
  g_autofree double *yw = g_new (double, total);
  g_autofree double *qw = g_new (double, total);
  if (!sl_ctx_eval (ctx, -1, total, fill_occluded, &o, ctx->score, yw, qw, error))
    return FALSE;
  g_autofree double *sum = g_new0 (double, ctx->n_pos);
  g_autofree guint *count = g_new0 (guint, ctx->n_pos);
  for (gsize i = 0; i < total; i++)
    {
      const double d = ctx->score == SL_SCORE_PROB ? qw[i] - ctx->q : ctx->y - yw[i];
      gsize y0, x0;
      window_origin (&o, i, &y0, &x0);
      for (gsize y = y0; y < y0 + o.wh; y++)
        for (gsize x = x0; x < x0 + o.ww; x++)
          {
            sum[y * ctx->in_w + x] += d;
            count[y * ctx->in_w + x]++;
          }
    }
  float *map = g_new (float, ctx->n_pos);
  for (gsize p = 0; p < ctx->n_pos; p++)
    map[p] = count[p] ? (float) (sum[p] / count[p]) : 0.0f;
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  return TRUE;
}

static const SlParamSpec occlusion_params[] = {
  { "window", SL_PARAM_INT, "0", 0, 4096, NULL,
    "window length (1-D) or side (2-D), in positions; 0: 5 on signals, 1/14 of the side on images" },
  { "stride", SL_PARAM_INT, "0", 0, 4096, NULL, "step between windows; 0: 1 on signals, half the window on images" },
  { "value", SL_PARAM_DOUBLE, "0", -1e30, 1e30, NULL, "value the window is set to" },
};

const SlMethod sl_method_occlusion = {
  .name = "occlusion",
  .display_name = "Occlusion",
  .description
  = "Score drop when a sliding window of the input is set to a constant, averaged over "
    "the windows covering each position (Zeiler & Fergus 2014).",
  .flags = SL_METHOD_MANY_PASSES,
  .default_score = SL_SCORE_LOGIT,
  .params = occlusion_params,
  .n_params = G_N_ELEMENTS (occlusion_params),
  .run = run_occlusion,
};
