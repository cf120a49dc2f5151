/* RISE (Petsiuk et al. 2018) with the course's defaults: random low-resolution Bernoulli grids,
 * upsampled bilinearly with a random shift, mask the input; the map is the score-weighted mean
 * mask. */
#include "explain/sl-explain-private.h"

#include "explain/sl-resize.h"

#include <string.h>

/* One mask: an s × s grid (s cells for a 1-D input) of Bernoulli(p) cells, upsampled to
 * (H + s) × (W + s) and cropped to H × W at a random offset in [0, s] on each axis. */
static void
make_mask (SlExplainContext *ctx, guint s, double p, float *grid, float *up, float *mask)
{
  const gsize gh = ctx->in_h == 1 ? 1 : s, uh = ctx->in_h == 1 ? 1 : ctx->in_h + s;
  const gsize uw = ctx->in_w + s;
  for (gsize i = 0; i < gh * s; i++)
    grid[i] = g_rand_double (ctx->rand) < p ? 1.0f : 0.0f;
  sl_resize_bilinear (grid, gh, s, 1, up, uh, uw);
  const gsize oy = ctx->in_h == 1 ? 0 : (gsize) g_rand_int_range (ctx->rand, 0, (gint32) s + 1);
  const gsize ox = (gsize) g_rand_int_range (ctx->rand, 0, (gint32) s + 1);
  for (gsize y = 0; y < ctx->in_h; y++)
    memcpy (mask + y * ctx->in_w, up + (y + oy) * uw + ox, ctx->in_w * sizeof (float));
}

static gboolean
run_rise (SlExplainContext *ctx, GError **error)
{
  const gsize n = (gsize) sl_params_get_int (ctx->params, "n_masks");
  const guint s = (guint) sl_params_get_int (ctx->params, "grid");
  const double p = sl_params_get_double (ctx->params, "p");
  const gsize np = ctx->n_pos, chunk = sl_run_capacity (sl_ctx_batch_run (ctx, -1));
  const gsize uh = ctx->in_h == 1 ? 1 : ctx->in_h + s;
  g_autofree float *grid = g_new (float, (gsize) s * s);
  g_autofree float *up = g_new (float, uh * (ctx->in_w + s));
  g_autofree float *masks = g_new (float, chunk * np);
  g_autofree double *scores = g_new (double, chunk); /* per batch: N may be huge */
  g_autofree double *sum = g_new0 (double, np);
  for (gsize start = 0; start < n; start += chunk)
    {
      const gsize nb = MIN (chunk, n - start);
      for (gsize j = 0; j < nb; j++)
        make_mask (ctx, s, p, grid, up, masks + j * np);
      SlMaskedInputs m = { ctx, masks };
      double saved[2];
      sl_ctx_push_progress (ctx, (double) start / n, (double) (start + nb) / n, saved);
      const gboolean ok
          = sl_ctx_eval (ctx, -1, nb, sl_ctx_fill_masked, &m, ctx->score, scores, NULL, error);
      sl_ctx_pop_progress (ctx, saved);
      if (!ok)
        return FALSE;
      for (gsize j = 0; j < nb; j++)
        for (gsize q = 0; q < np; q++)
          sum[q] += scores[j] * masks[j * np + q];
    }
  float *map = g_new (float, np);
  for (gsize q = 0; q < np; q++)
    map[q] = (float) (sum[q] / ((double) n * p));
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  return TRUE;
}

static const SlParamSpec rise_params[] = {
  { "n_masks", SL_PARAM_INT, "8000", 1, 100000000, NULL, "random masks N" },
  { "grid", SL_PARAM_INT, "7", 1, 1024, NULL, "cells s per side of the low-resolution grid" },
  { "p", SL_PARAM_DOUBLE, "0.5", 1e-6, 1, NULL, "probability that a cell is kept" },
};

const SlMethod sl_method_rise = {
  .name = "rise",
  .display_name = "RISE",
  .description
  = "Mean of random smooth masks weighted by the class probability of the masked input "
    "(Petsiuk et al. 2018).",
  .flags = SL_METHOD_RANDOM | SL_METHOD_MANY_PASSES,
  .default_score = SL_SCORE_PROB,
  .params = rise_params,
  .n_params = G_N_ELEMENTS (rise_params),
  .run = run_rise,
};
