/* Guided Backpropagation (Springenberg et al. 2015) and Guided Grad-CAM: a backward walk of our own
 * over the layers, on the outputs a run stored, in which ReLUs pass only positive gradients of
 * units that were active. The other layers use the engine's backward kernels. */
#include "explain/sl-explain-private.h"

#include "engine/sl-ops.h"

#include <math.h>
#include <string.h>

static gboolean
is_relu_like (const SlActParams *act)
{
  return act->kind == SL_ACT_RELU || act->kind == SL_ACT_LEAKY_RELU;
}

typedef struct
{
  SlScratch a, b, z, dz, work;
} Buffers;

static void
buffers_clear (Buffers *bufs)
{
  sl_scratch_clear (&bufs->a);
  sl_scratch_clear (&bufs->b);
  sl_scratch_clear (&bufs->z);
  sl_scratch_clear (&bufs->dz);
  sl_scratch_clear (&bufs->work);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Buffers, buffers_clear)

/* dx of layer i from dy, for n samples; x and y are the layer's stored input and output. */
static void
layer_backward (const SlLayer *l, const float *x, const float *y, const float *dy, float *dx,
                gsize n, Buffers *bufs)
{
  const gsize out = n * sl_shape_size (&l->out), in = n * sl_shape_size (&l->in);
  if (sl_layer_is_identity (l))
    {
      memcpy (dx, dy, in * sizeof (float));
      return;
    }
  const float *dz = dy;
  if (sl_layer_has_activation (l))
    {
      const float *z = NULL;
      if (sl_act_needs_pre (&l->act))
        {
          /* The run keeps no pre-activations for us: recompute them. */
          float *zb = sl_scratch_get (&bufs->z, out);
          if (l->kind == SL_LAYER_CONV)
            sl_conv_forward (l, x, zb, n, FALSE, &bufs->work, NULL);
          else if (l->kind == SL_LAYER_DENSE)
            sl_dense_forward (l, x, zb, n);
          else
            memcpy (zb, x, out * sizeof (float));
          z = zb;
        }
      float *g = sl_scratch_get (&bufs->dz, out);
      if (is_relu_like (&l->act))
        {
          /* The guided rule: only positive gradients flow back. */
          for (gsize i = 0; i < out; i++)
            g[i] = MAX (dy[i], 0.0f);
          sl_act_backward (&l->act, z, y, g, g, out, l->out.d[l->out.rank - 1]);
        }
      else
        sl_act_backward (&l->act, z, y, dy, g, out, l->out.d[l->out.rank - 1]);
      dz = g;
    }
  switch (l->kind)
    {
    case SL_LAYER_CONV:
      sl_conv_backward (l, x, dz, dx, NULL, NULL, n, &bufs->work, NULL);
      break;
    case SL_LAYER_DENSE:
      sl_dense_backward (l, x, dz, dx, NULL, NULL, n);
      break;
    case SL_LAYER_MAX_POOL:
    case SL_LAYER_AVG_POOL:
    case SL_LAYER_GLOBAL_AVG_POOL:
    case SL_LAYER_GLOBAL_MAX_POOL:
      sl_pool_backward (l, x, y, dz, dx, n);
      break;
    case SL_LAYER_BATCH_NORM:
    case SL_LAYER_ZERO_PAD:
      sl_misc_backward (l, dz, dx, n);
      break;
    default:
      memcpy (dx, dz, in * sizeof (float));
      break;
    }
}

gboolean
sl_guided_grads (SlExplainContext *ctx, const float *inputs, gsize n, float *grads, GError **error)
{
  const SlModel *model = ctx->model;
  SlRun *run = sl_ctx_batch_run (ctx, -1);
  const gsize cap = sl_run_capacity (run), k = model->n_classes;
  gsize largest = ctx->in_size;
  for (guint i = 0; i < model->n_layers; i++)
    largest = MAX (largest, sl_shape_size (&model->layers[i].out));
  g_auto (Buffers) bufs = { 0 };
  for (gsize start = 0; start < n; start += cap)
    {
      if (!sl_ctx_check (ctx, error))
        return FALSE;
      const gsize nb = MIN (cap, n - start);
      if (!sl_run_forward (run, inputs + start * ctx->in_size, nb, error))
        return FALSE;
      float *dy = sl_scratch_get (&bufs.a, cap * largest);
      float *dx = sl_scratch_get (&bufs.b, cap * largest);
      const float *logits = sl_run_logits (run);
      for (gsize j = 0; j < nb; j++)
        sl_score_seed (model, logits + j * k, ctx->target, ctx->score, dy + j * k);
      for (int i = (int) model->n_layers - 1; i >= 0; i--)
        {
          layer_backward (&model->layers[i], sl_run_output (run, i - 1), sl_run_output (run, i), dy,
                          dx, nb, &bufs);
          float *t = dy;
          dy = dx, dx = t;
        }
      memcpy (grads + start * ctx->in_size, dy, nb * ctx->in_size * sizeof (float));
      sl_ctx_progress (ctx, (double) (start + nb) / (double) n);
    }
  return TRUE;
}

static gboolean
guided_map (SlExplainContext *ctx, float *map, GError **error)
{
  g_autofree float *grads = g_new (float, ctx->in_size);
  if (!sl_guided_grads (ctx, ctx->x, 1, grads, error))
    return FALSE;
  sl_grad_maps (ctx, ctx->x, grads, 1, SL_GRAD_MAP_MAX_ABS, map);
  return TRUE;
}

static gboolean
run_guided_backprop (SlExplainContext *ctx, GError **error)
{
  float *map = g_new (float, ctx->n_pos);
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  return guided_map (ctx, map, error);
}

static gboolean
run_guided_gradcam (SlExplainContext *ctx, GError **error)
{
  float *map = g_new (float, ctx->n_pos);
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  double saved[2];
  sl_ctx_push_progress (ctx, 0, 0.5, saved);
  const gboolean ok = guided_map (ctx, map, error);
  sl_ctx_pop_progress (ctx, saved);
  if (!ok)
    return FALSE;
  g_autofree float *cam = sl_gradcam_map (ctx, error);
  if (!cam)
    return FALSE;
  gsize h, w, k;
  sl_ctx_layer_dims (ctx, ctx->layer, &h, &w, &k);
  g_autofree float *up = g_new (float, ctx->n_pos);
  sl_ctx_to_input (ctx, cam, h, w, 1, up);
  for (gsize p = 0; p < ctx->n_pos; p++)
    map[p] *= up[p];
  return TRUE;
}

const SlMethod sl_method_guided_backprop = {
  .name = "guided-backprop",
  .display_name = "Guided Backprop",
  .description = "Input gradient where every ReLU passes back only positive gradients of active "
                 "units (Springenberg et al. 2015); largest absolute value over the channels.",
  .flags = SL_METHOD_USES_GRADIENTS,
  .default_score = SL_SCORE_LOGIT,
  .run = run_guided_backprop,
};

const SlMethod sl_method_guided_gradcam = {
  .name = "guided-gradcam",
  .display_name = "Guided Grad-CAM",
  .description = "Guided Backprop map times the Grad-CAM map brought to the input's resolution "
                 "(Selvaraju et al. 2017).",
  .flags = SL_METHOD_USES_LAYER | SL_METHOD_USES_GRADIENTS,
  .default_score = SL_SCORE_LOGIT,
  .run = run_guided_gradcam,
};
