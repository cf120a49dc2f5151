/* The helpers every method uses: cancellation, progress, and batched scoring and gradients. */
#include "explain/sl-explain-private.h"

#include "core/sl-error.h"
#include "explain/sl-resize.h"

#include <math.h>
#include <string.h>

gboolean
sl_ctx_check (SlExplainContext *ctx, GError **error)
{
  if (ctx->cancellable && g_cancellable_is_cancelled (ctx->cancellable))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_CANCELLED, "the explanation was cancelled");
      return FALSE;
    }
  return TRUE;
}

void
sl_ctx_progress (SlExplainContext *ctx, double fraction)
{
  if (!ctx->progress)
    return;
  const double f
      = ctx->progress_lo + CLAMP (fraction, 0.0, 1.0) * (ctx->progress_hi - ctx->progress_lo);
  ctx->progress ((gsize) (f * SL_EXPLAIN_PROGRESS_TOTAL + 0.5), SL_EXPLAIN_PROGRESS_TOTAL,
                 ctx->progress_data);
}

void
sl_ctx_push_progress (SlExplainContext *ctx, double lo, double hi, double saved[2])
{
  saved[0] = ctx->progress_lo;
  saved[1] = ctx->progress_hi;
  const double span = saved[1] - saved[0];
  ctx->progress_lo = saved[0] + lo * span;
  ctx->progress_hi = saved[0] + hi * span;
}

void
sl_ctx_pop_progress (SlExplainContext *ctx, const double saved[2])
{
  ctx->progress_lo = saved[0];
  ctx->progress_hi = saved[1];
}

SlRun *
sl_ctx_batch_run (SlExplainContext *ctx, int from)
{
  return sl_explainer_tail (ctx->explainer, from);
}

double
sl_ctx_score (const SlExplainContext *ctx, const float *logits, SlScore score, double *complement)
{
  if (complement)
    *complement = sl_score_complement (ctx->model, logits, ctx->target);
  return sl_score_value (ctx->model, logits, ctx->target, score);
}

gboolean
sl_ctx_eval (SlExplainContext *ctx, int from, gsize total, SlFillFunc fill, gpointer fill_data,
             SlScore score, double *values, double *complements, GError **error)
{
  SlRun *run = sl_ctx_batch_run (ctx, from);
  const gsize cap = sl_run_capacity (run);
  const gsize size = sl_shape_size (sl_model_shape (ctx->model, from));
  const guint k = ctx->model->n_classes;
  for (gsize start = 0; start < total; start += cap)
    {
      if (!sl_ctx_check (ctx, error))
        return FALSE;
      const gsize nb = MIN (cap, total - start);
      float *dst = sl_run_output (run, from);
      for (gsize j = 0; j < nb; j++)
        fill (fill_data, start + j, dst + j * size);
      if (!sl_run_forward_from (run, from, nb, error))
        return FALSE;
      const float *logits = sl_run_logits (run);
      for (gsize j = 0; j < nb; j++)
        values[start + j] = sl_ctx_score (ctx, logits + j * k, score,
                                          complements ? &complements[start + j] : NULL);
      sl_ctx_progress (ctx, (double) (start + nb) / (double) total);
    }
  return TRUE;
}

gboolean
sl_ctx_backward (SlExplainContext *ctx, SlScore score, int stop, GError **error)
{
  g_autofree float *seed = g_new (float, ctx->model->n_classes);
  sl_score_seed (ctx->model, sl_run_logits (ctx->run), ctx->target, score, seed);
  return sl_run_backward (ctx->run, seed, stop, error);
}

gboolean
sl_ctx_input_grads (SlExplainContext *ctx, const float *inputs, gsize n, SlScore score,
                    float *grads, GError **error)
{
  SlRun *run = sl_ctx_batch_run (ctx, -1);
  const gsize cap = sl_run_capacity (run), size = ctx->in_size;
  const guint k = ctx->model->n_classes;
  g_autofree float *seed = g_new (float, cap * k);
  for (gsize start = 0; start < n; start += cap)
    {
      if (!sl_ctx_check (ctx, error))
        return FALSE;
      const gsize nb = MIN (cap, n - start);
      if (!sl_run_forward (run, inputs + start * size, nb, error))
        return FALSE;
      const float *logits = sl_run_logits (run);
      for (gsize j = 0; j < nb; j++)
        sl_score_seed (ctx->model, logits + j * k, ctx->target, score, seed + j * k);
      if (!sl_run_backward (run, seed, -1, error))
        return FALSE;
      memcpy (grads + start * size, sl_run_grad (run, -1), nb * size * sizeof (float));
      sl_ctx_progress (ctx, (double) (start + nb) / (double) n);
    }
  return TRUE;
}

void
sl_ctx_layer_dims (const SlExplainContext *ctx, int layer, gsize *h, gsize *w, gsize *k)
{
  sl_shape_hwc (sl_model_shape (ctx->model, layer), h, w, k);
}

void
sl_ctx_to_input (const SlExplainContext *ctx, const float *src, gsize h, gsize w, gsize stride,
                 float *dst)
{
  sl_resize_bilinear (src, h, w, stride, dst, ctx->in_h, ctx->in_w);
}

void
sl_ctx_set_map (SlExplainContext *ctx, float *map, gsize h, gsize w)
{
  g_free (ctx->map);
  ctx->map = map;
  ctx->map_h = h;
  ctx->map_w = w;
}

void
sl_grad_maps (const SlExplainContext *ctx, const float *inputs, const float *grads, gsize n,
              SlGradMapKind kind, float *maps)
{
  const gsize c = ctx->in_c, pos = ctx->n_pos;
  for (gsize s = 0; s < n; s++)
    for (gsize p = 0; p < pos; p++)
      {
        const float *g = grads + (s * pos + p) * c, *x = inputs + (s * pos + p) * c;
        double m = 0;
        for (gsize ch = 0; ch < c; ch++)
          if (kind == SL_GRAD_MAP_MAX_ABS)
            m = MAX (m, fabs ((double) g[ch]));
          else
            m += (double) x[ch] * g[ch];
        maps[s * pos + p] = (float) m;
      }
}

double
sl_ctx_normal (SlExplainContext *ctx)
{
  /* Box–Muller; the second value is dropped so that each draw uses the same two uniforms. */
  double u1;
  do
    u1 = g_rand_double (ctx->rand);
  while (u1 <= 0);
  const double u2 = g_rand_double (ctx->rand);
  return sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
}

void
sl_ctx_fill_masked (gpointer data, gsize index, float *dst)
{
  const SlMaskedInputs *m = data;
  const SlExplainContext *ctx = m->ctx;
  const float *mask = m->masks + index * ctx->n_pos;
  for (gsize p = 0; p < ctx->n_pos; p++)
    for (gsize c = 0; c < ctx->in_c; c++)
      dst[p * ctx->in_c + c] = ctx->x[p * ctx->in_c + c] * mask[p];
}

void
sl_ctx_fill_segments (gpointer data, gsize index, float *dst)
{
  const SlSegmentInputs *si = data;
  const SlExplainContext *ctx = si->ctx;
  const guint8 *on = si->on + index * si->segments;
  for (gsize p = 0; p < ctx->n_pos; p++)
    for (gsize c = 0; c < ctx->in_c; c++)
      dst[p * ctx->in_c + c] = on[si->labels[p]] ? ctx->x[p * ctx->in_c + c] : si->off;
}
