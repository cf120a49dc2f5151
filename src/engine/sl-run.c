/* The forward and backward passes over a model's layers, on a batch held in an SlRun. */
#include "engine/sl-run.h"

#include "core/sl-error.h"
#include "engine/sl-ops.h"

#include <math.h>
#include <string.h>

struct _SlRun
{
  const SlModel *model;
  gsize capacity;
  gsize n;
  int first;       /* lowest layer with a buffer (−1: the input) */
  float **out;     /* [layer + 1]; identity layers share their input's buffer */
  gboolean *owns;  /* [layer + 1] */
  float **pre;     /* [layer]: pre-activation, for activations whose derivative needs it */
  float **grad;    /* [layer + 1], allocated on the first backward */
  int grad_low;    /* lowest layer whose gradient is valid */
  gboolean param_grads;
  float **dkernel, **dbias; /* [layer] */
  SlScratch scratch, dz;
  SlParallel *parallel; /* borrowed; NULL runs on the caller's thread */
};

static gsize
out_size (const SlModel *m, int layer)
{
  return sl_shape_size (sl_model_shape (m, layer));
}

SlRun *
sl_run_new_from (const SlModel *model, gsize capacity, int first)
{
  g_return_val_if_fail (first >= -1 && first < (int) model->n_layers, NULL);
  SlRun *run = g_new0 (SlRun, 1);
  const guint L = model->n_layers;
  run->model = model;
  run->capacity = MAX (capacity, 1);
  run->first = first;
  run->out = g_new0 (float *, L + 1);
  run->owns = g_new0 (gboolean, L + 1);
  run->grad = g_new0 (float *, L + 1);
  run->pre = g_new0 (float *, L);
  run->dkernel = g_new0 (float *, L);
  run->dbias = g_new0 (float *, L);
  run->grad_low = (int) L;
  for (int i = first; i < (int) L; i++)
    {
      if (i > first && sl_layer_is_identity (&model->layers[i]))
        run->out[i + 1] = run->out[i];
      else
        {
          run->out[i + 1] = g_new0 (float, run->capacity * out_size (model, i));
          run->owns[i + 1] = TRUE;
        }
      if (i >= 0 && sl_layer_has_activation (&model->layers[i]) && sl_act_needs_pre (&model->layers[i].act))
        run->pre[i] = g_new0 (float, run->capacity * out_size (model, i));
    }
  return run;
}

SlRun *
sl_run_new (const SlModel *model, gsize capacity)
{
  return sl_run_new_from (model, capacity, -1);
}

void
sl_run_free (SlRun *run)
{
  if (!run)
    return;
  const guint L = run->model->n_layers;
  for (guint i = 0; i <= L; i++)
    if (run->owns[i])
      {
        g_free (run->out[i]);
        g_free (run->grad[i]);
      }
  for (guint i = 0; i < L; i++)
    {
      g_free (run->pre[i]);
      g_free (run->dkernel[i]);
      g_free (run->dbias[i]);
    }
  g_free (run->out);
  g_free (run->owns);
  g_free (run->grad);
  g_free (run->pre);
  g_free (run->dkernel);
  g_free (run->dbias);
  sl_scratch_clear (&run->scratch);
  sl_scratch_clear (&run->dz);
  g_free (run);
}

gsize
sl_run_capacity (const SlRun *run)
{
  return run->capacity;
}

gsize
sl_run_batch (const SlRun *run)
{
  return run->n;
}

const SlModel *
sl_run_model (const SlRun *run)
{
  return run->model;
}

static gsize
kernel_size (const SlLayer *l)
{
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  return l->kind == SL_LAYER_DENSE ? c * l->units : l->kh * l->kw * c * l->units;
}

void
sl_run_set_param_grads (SlRun *run, gboolean enabled)
{
  run->param_grads = enabled;
  if (!enabled)
    return;
  for (guint i = 0; i < run->model->n_layers; i++)
    {
      const SlLayer *l = &run->model->layers[i];
      if ((l->kind == SL_LAYER_CONV || l->kind == SL_LAYER_DENSE) && !run->dkernel[i])
        {
          run->dkernel[i] = g_new0 (float, kernel_size (l));
          run->dbias[i] = g_new0 (float, l->units);
        }
    }
}

void
sl_run_set_parallel (SlRun *run, SlParallel *parallel)
{
  run->parallel = parallel;
}

float *
sl_run_kernel_grad (SlRun *run, int layer)
{
  return layer >= 0 && layer < (int) run->model->n_layers ? run->dkernel[layer] : NULL;
}

float *
sl_run_bias_grad (SlRun *run, int layer)
{
  return layer >= 0 && layer < (int) run->model->n_layers ? run->dbias[layer] : NULL;
}

void
sl_run_zero_param_grads (SlRun *run)
{
  for (guint i = 0; i < run->model->n_layers; i++)
    {
      const SlLayer *l = &run->model->layers[i];
      if (!run->dkernel[i])
        continue;
      memset (run->dkernel[i], 0, kernel_size (l) * sizeof (float));
      memset (run->dbias[i], 0, l->units * sizeof (float));
    }
}

float *
sl_run_output (SlRun *run, int layer)
{
  g_return_val_if_fail (layer >= run->first && layer < (int) run->model->n_layers, NULL);
  return run->out[layer + 1];
}

const float *
sl_run_logits (SlRun *run)
{
  return run->out[run->model->n_layers];
}

static gboolean
plain_relu (const SlActParams *act)
{
  return act->kind == SL_ACT_RELU && act->alpha == 0 && act->threshold == 0 && isinf (act->max_value);
}

static void
layer_forward (SlRun *run, int i, gsize n)
{
  const SlLayer *l = &run->model->layers[i];
  const float *x = run->out[i];
  float *y = run->out[i + 1];
  const gsize size = n * sl_shape_size (&l->out);
  const gsize channels = l->out.d[l->out.rank - 1];
  float *target = run->pre[i] ? run->pre[i] : y;

  switch (l->kind)
    {
    case SL_LAYER_CONV:
      if (sl_conv_forward (l, x, target, n, plain_relu (&l->act) && target == y, &run->scratch, run->parallel))
        return;
      break;
    case SL_LAYER_DENSE:
      sl_dense_forward (l, x, target, n);
      break;
    case SL_LAYER_MAX_POOL:
    case SL_LAYER_AVG_POOL:
    case SL_LAYER_GLOBAL_AVG_POOL:
    case SL_LAYER_GLOBAL_MAX_POOL:
      sl_pool_forward (l, x, y, n, run->parallel);
      return;
    case SL_LAYER_BATCH_NORM:
    case SL_LAYER_ZERO_PAD:
      sl_misc_forward (l, x, y, n);
      return;
    case SL_LAYER_ACTIVATION:
      if (sl_layer_is_identity (l))
        return;
      if (target != x)
        memcpy (target, x, size * sizeof (float));
      break;
    case SL_LAYER_INPUT:
    case SL_LAYER_DROPOUT:
    case SL_LAYER_FLATTEN:
    case SL_LAYER_RESHAPE:
      return; /* these share their input's buffer */
    }
  if (target != y)
    memcpy (y, target, size * sizeof (float));
  sl_act_forward (&l->act, y, size, channels);
}

static gboolean
check_batch (SlRun *run, gsize n, GError **error)
{
  if (n == 0 || n > run->capacity)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "batch of %" G_GSIZE_FORMAT " samples does not fit a run of capacity %" G_GSIZE_FORMAT,
                   n, run->capacity);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_run_forward_from (SlRun *run, int layer, gsize n, GError **error)
{
  if (!check_batch (run, n, error))
    return FALSE;
  if (layer < run->first || layer >= (int) run->model->n_layers)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "cannot resume from layer %d", layer);
      return FALSE;
    }
  run->n = n;
  run->grad_low = (int) run->model->n_layers;
  for (int i = layer + 1; i < (int) run->model->n_layers; i++)
    layer_forward (run, i, n);
  return TRUE;
}

gboolean
sl_run_forward (SlRun *run, const float *x, gsize n, GError **error)
{
  if (run->first != -1)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "this run starts after the input");
      return FALSE;
    }
  if (!check_batch (run, n, error))
    return FALSE;
  /* Every path (predict, explain, evaluate, train) refuses the same inputs the same way: a NaN or an
   * infinity in, or an output that overflows, would otherwise give silent nonsense. */
  const gsize size = sl_shape_size (&run->model->input);
  for (gsize i = 0; i < n * size; i++)
    if (!isfinite (x[i]))
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "the input holds a non-finite value (%s at sample %" G_GSIZE_FORMAT
                     ", position %" G_GSIZE_FORMAT ")",
                     isnan (x[i]) ? "NaN" : "infinity", i / size, i % size);
        return FALSE;
      }
  memcpy (run->out[0], x, n * size * sizeof (float));
  if (!sl_run_forward_from (run, -1, n, error))
    return FALSE;
  /* Overflow starts in the first layer (huge inputs) and a ReLU further on can hide it as zeros:
   * look there, and at the class scores. */
  const float *first = run->out[1];
  const gsize first_size = out_size (run->model, 0);
  for (gsize i = 0; i < n * first_size; i++)
    if (!isfinite (first[i]))
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "the model's first layer overflows for sample %" G_GSIZE_FORMAT
                     " (inputs far out of range)",
                     i / first_size);
        return FALSE;
      }
  const float *logits = sl_run_logits (run);
  for (gsize i = 0; i < n * run->model->n_classes; i++)
    if (!isfinite (logits[i]))
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "the model's output overflows for sample %" G_GSIZE_FORMAT
                     " (a non-finite class score: inputs far out of range, or diverged weights)",
                     i / run->model->n_classes);
        return FALSE;
      }
  return TRUE;
}

static float *
grad_buffer (SlRun *run, int layer)
{
  /* Identity layers share gradients exactly as they share outputs. */
  int owner = layer;
  while (!run->owns[owner + 1])
    owner--;
  if (!run->grad[owner + 1])
    run->grad[owner + 1] = g_new (float, run->capacity * out_size (run->model, owner));
  return run->grad[owner + 1];
}

/* A max pool right after a conv whose activation keeps the order of equal pre-activations. */
static gboolean
is_tie_resolvable (const SlLayer *conv, const SlLayer *pool)
{
  return conv->kind == SL_LAYER_CONV && (conv->act.kind == SL_ACT_LINEAR
                                         || (conv->act.kind == SL_ACT_RELU && !sl_act_needs_pre (&conv->act)))
         && pool->same_padding == FALSE;
}

typedef struct
{
  const SlActParams *act;
  const float *z, *a, *da;
  float *dz;
  gsize channels;
} ActBackward;

static void
act_backward_range (gsize begin, gsize end, gpointer data)
{
  const ActBackward *j = data;
  const gsize off = begin * j->channels;
  sl_act_backward (j->act, j->z ? j->z + off : NULL, j->a + off, j->da + off, j->dz + off,
                   (end - begin) * j->channels, j->channels);
}

/* Below this many values waking the pool costs more than the loop. */
#define ACT_PARALLEL_MIN ((gsize) 1 << 16)

/* The activation's backward, elementwise (softmax: per row), split over the pool by rows when large
 * (a memory-bound loop that would otherwise leave the other cores idle between two convolutions). */
static void
act_backward (SlRun *run, const SlActParams *act, const float *z, const float *a, const float *da,
              float *dz, gsize size, gsize channels)
{
  ActBackward j = { act, z, a, da, dz, channels };
  sl_parallel_for (size >= ACT_PARALLEL_MIN ? run->parallel : NULL, size / channels, act_backward_range, &j);
}

static void
layer_backward (SlRun *run, int i, gsize n, gboolean want_dx)
{
  const SlLayer *l = &run->model->layers[i];
  if (sl_layer_is_identity (l))
    return;
  const float *x = run->out[i], *y = run->out[i + 1];
  const float *dy = grad_buffer (run, i), *dz = dy;
  float *dx = want_dx ? grad_buffer (run, i - 1) : NULL;
  const gsize size = n * sl_shape_size (&l->out);
  if (sl_layer_has_activation (l))
    {
      float *buf = l->kind == SL_LAYER_ACTIVATION && dx ? dx : sl_scratch_get (&run->dz, size);
      act_backward (run, &l->act, run->pre[i], y, dy, buf, size, l->out.d[l->out.rank - 1]);
      dz = buf;
    }
  float *dk = run->param_grads ? run->dkernel[i] : NULL;
  float *db = run->param_grads ? run->dbias[i] : NULL;
  switch (l->kind)
    {
    case SL_LAYER_CONV:
      sl_conv_backward (l, x, dz, dx, dk, db, n, &run->scratch, run->parallel);
      break;
    case SL_LAYER_DENSE:
      sl_dense_backward (l, x, dz, dx, dk, db, n);
      break;
    case SL_LAYER_MAX_POOL:
      if (dx && i > 0 && is_tie_resolvable (&run->model->layers[i - 1], l) && i - 1 > run->first)
        sl_conv_pool_backward (&run->model->layers[i - 1], l, run->out[i - 1], x, dz, dx, n, run->parallel);
      else if (dx)
        sl_pool_backward (l, x, y, dz, dx, n);
      break;
    case SL_LAYER_AVG_POOL:
    case SL_LAYER_GLOBAL_AVG_POOL:
    case SL_LAYER_GLOBAL_MAX_POOL:
      if (dx)
        sl_pool_backward (l, x, y, dz, dx, n);
      break;
    case SL_LAYER_BATCH_NORM:
    case SL_LAYER_ZERO_PAD:
      if (dx)
        sl_misc_backward (l, dz, dx, n);
      break;
    case SL_LAYER_ACTIVATION:
      if (dx && dz != dx)
        memcpy (dx, dz, size * sizeof (float));
      break;
    default:
      break;
    }
}

gboolean
sl_run_backward (SlRun *run, const float *dlogits, int stop, GError **error)
{
  const int L = (int) run->model->n_layers;
  if (run->n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "backward pass without a forward pass");
      return FALSE;
    }
  if (stop < run->first || stop >= L)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "cannot back-propagate down to layer %d", stop);
      return FALSE;
    }
  memcpy (grad_buffer (run, L - 1), dlogits, run->n * run->model->n_classes * sizeof (float));
  for (int i = L - 1; i > stop; i--)
    layer_backward (run, i, run->n, TRUE);
  run->grad_low = stop;
  return TRUE;
}

const float *
sl_run_grad (SlRun *run, int layer)
{
  g_return_val_if_fail (layer >= run->grad_low && layer < (int) run->model->n_layers, NULL);
  return grad_buffer (run, layer);
}
