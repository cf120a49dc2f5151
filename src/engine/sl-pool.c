/* Pooling layers (windowed and global, max and average) and the small per-element layers. */
#include "engine/sl-ops.h"

#include <math.h>
#include <string.h>

typedef struct
{
  gsize h, w, c, oh, ow;
} Dims;

static Dims
dims (const SlLayer *l)
{
  Dims d;
  gsize oc;
  sl_shape_hwc (&l->in, &d.h, &d.w, &d.c);
  sl_shape_hwc (&l->out, &d.oh, &d.ow, &oc);
  return d;
}

/* The input rows/cols of window (oy, ox), clipped to the input (padding never counts, as in TF). */
static inline void
window (const SlLayer *l, const Dims *d, gsize oy, gsize ox, gsize *y0, gsize *y1, gsize *x0, gsize *x1)
{
  const gssize ys = (gssize) (oy * l->sh) - (gssize) l->pad_top;
  const gssize xs = (gssize) (ox * l->sw) - (gssize) l->pad_left;
  *y0 = (gsize) MAX (ys, 0);
  *x0 = (gsize) MAX (xs, 0);
  *y1 = (gsize) MIN (ys + (gssize) l->kh, (gssize) d->h);
  *x1 = (gsize) MIN (xs + (gssize) l->kw, (gssize) d->w);
}

static void
global_forward (const SlLayer *l, const float *x, float *y, gsize n)
{
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  const gsize p = h * w;
  for (gsize s = 0; s < n; s++)
    {
      const float *xs = x + s * p * c;
      float *ys = y + s * c;
      if (l->kind == SL_LAYER_GLOBAL_MAX_POOL)
        {
          memcpy (ys, xs, c * sizeof (float));
          for (gsize i = 1; i < p; i++)
            for (gsize k = 0; k < c; k++)
              ys[k] = xs[i * c + k] > ys[k] ? xs[i * c + k] : ys[k];
        }
      else
        {
          double *acc = g_new0 (double, c);
          for (gsize i = 0; i < p; i++)
            for (gsize k = 0; k < c; k++)
              acc[k] += xs[i * c + k];
          for (gsize k = 0; k < c; k++)
            ys[k] = (float) (acc[k] / (double) p);
          g_free (acc);
        }
    }
}

static void
global_backward (const SlLayer *l, const float *x, const float *y, const float *dy, float *dx, gsize n)
{
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  const gsize p = h * w;
  for (gsize s = 0; s < n; s++)
    {
      const float *xs = x + s * p * c, *ys = y + s * c, *dys = dy + s * c;
      float *dxs = dx + s * p * c;
      if (l->kind == SL_LAYER_GLOBAL_AVG_POOL)
        {
          for (gsize i = 0; i < p; i++)
            for (gsize k = 0; k < c; k++)
              dxs[i * c + k] = dys[k] / (float) p;
          continue;
        }
      memset (dxs, 0, p * c * sizeof (float));
      for (gsize k = 0; k < c; k++)
        for (gsize i = 0; i < p; i++)
          if (xs[i * c + k] == ys[k])
            {
              dxs[i * c + k] = dys[k]; /* the first maximum takes the gradient */
              break;
            }
    }
}

typedef struct
{
  const SlLayer *l;
  const float *x;
  float *y;
  Dims d;
} PoolJob;

/* Output rows [begin, end) of the batch (item = sample × output row). */
static void
pool_rows (gsize begin, gsize end, gpointer data)
{
  const PoolJob *j = data;
  const SlLayer *l = j->l;
  const Dims *d = &j->d;
  const gboolean is_max = l->kind == SL_LAYER_MAX_POOL;
  for (gsize item = begin; item < end; item++)
    {
      const gsize s = item / d->oh, oy = item % d->oh;
      const float *xs = j->x + s * d->h * d->w * d->c;
      float *ys = j->y + s * d->oh * d->ow * d->c;
      for (gsize ox = 0; ox < d->ow; ox++)
        {
          gsize y0, y1, x0, x1;
          window (l, d, oy, ox, &y0, &y1, &x0, &x1);
          float *out = ys + (oy * d->ow + ox) * d->c;
          for (gsize k = 0; k < d->c; k++)
            out[k] = is_max ? -INFINITY : 0.0f;
          for (gsize iy = y0; iy < y1; iy++)
            for (gsize ix = x0; ix < x1; ix++)
              {
                const float *in = xs + (iy * d->w + ix) * d->c;
                if (is_max)
                  for (gsize k = 0; k < d->c; k++)
                    out[k] = in[k] > out[k] ? in[k] : out[k];
                else
                  for (gsize k = 0; k < d->c; k++)
                    out[k] += in[k];
              }
          if (!is_max)
            {
              const float inv = 1.0f / (float) ((y1 - y0) * (x1 - x0));
              for (gsize k = 0; k < d->c; k++)
                out[k] *= inv;
            }
        }
    }
}

void
sl_pool_forward (const SlLayer *l, const float *x, float *y, gsize n, SlParallel *parallel)
{
  if (l->kind == SL_LAYER_GLOBAL_AVG_POOL || l->kind == SL_LAYER_GLOBAL_MAX_POOL)
    {
      global_forward (l, x, y, n);
      return;
    }
  PoolJob j = { .l = l, .x = x, .y = y, .d = dims (l) };
  sl_parallel_for (parallel, n * j.d.oh, pool_rows, &j);
}

void
sl_pool_backward (const SlLayer *l, const float *x, const float *y, const float *dy, float *dx, gsize n)
{
  if (l->kind == SL_LAYER_GLOBAL_AVG_POOL || l->kind == SL_LAYER_GLOBAL_MAX_POOL)
    {
      global_backward (l, x, y, dy, dx, n);
      return;
    }
  const Dims d = dims (l);
  const gboolean is_max = l->kind == SL_LAYER_MAX_POOL;
  memset (dx, 0, n * d.h * d.w * d.c * sizeof (float));
  for (gsize s = 0; s < n; s++)
    {
      const float *xs = x + s * d.h * d.w * d.c;
      const float *ys = y + s * d.oh * d.ow * d.c, *dys = dy + s * d.oh * d.ow * d.c;
      float *dxs = dx + s * d.h * d.w * d.c;
      for (gsize oy = 0; oy < d.oh; oy++)
        for (gsize ox = 0; ox < d.ow; ox++)
          {
            gsize y0, y1, x0, x1;
            window (l, &d, oy, ox, &y0, &y1, &x0, &x1);
            const gsize o = (oy * d.ow + ox) * d.c;
            if (!is_max)
              {
                const float share = 1.0f / (float) ((y1 - y0) * (x1 - x0));
                for (gsize iy = y0; iy < y1; iy++)
                  for (gsize ix = x0; ix < x1; ix++)
                    for (gsize k = 0; k < d.c; k++)
                      dxs[(iy * d.w + ix) * d.c + k] += dys[o + k] * share;
                continue;
              }
            for (gsize k = 0; k < d.c; k++)
              {
                gboolean done = FALSE;
                for (gsize iy = y0; iy < y1 && !done; iy++)
                  for (gsize ix = x0; ix < x1 && !done; ix++)
                    if (xs[(iy * d.w + ix) * d.c + k] == ys[o + k])
                      {
                        dxs[(iy * d.w + ix) * d.c + k] += dys[o + k];
                        done = TRUE;
                      }
              }
          }
    }
}

void
sl_misc_forward (const SlLayer *l, const float *x, float *y, gsize n)
{
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  if (l->kind == SL_LAYER_BATCH_NORM)
    {
      const gsize rows = n * sl_shape_size (&l->in) / c;
      for (gsize r = 0; r < rows; r++)
        for (gsize k = 0; k < c; k++)
          y[r * c + k] = x[r * c + k] * l->bn_scale[k] + l->bn_shift[k];
      return;
    }
  g_assert (l->kind == SL_LAYER_ZERO_PAD);
  gsize oh, ow, oc;
  sl_shape_hwc (&l->out, &oh, &ow, &oc);
  memset (y, 0, n * oh * ow * c * sizeof (float));
  for (gsize s = 0; s < n; s++)
    for (gsize iy = 0; iy < h; iy++)
      memcpy (y + ((s * oh + iy + l->pad_top) * ow + l->pad_left) * c, x + (s * h + iy) * w * c,
              w * c * sizeof (float));
}

void
sl_misc_backward (const SlLayer *l, const float *dy, float *dx, gsize n)
{
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  if (l->kind == SL_LAYER_BATCH_NORM)
    {
      const gsize rows = n * sl_shape_size (&l->in) / c;
      for (gsize r = 0; r < rows; r++)
        for (gsize k = 0; k < c; k++)
          dx[r * c + k] = dy[r * c + k] * l->bn_scale[k];
      return;
    }
  gsize oh, ow, oc;
  sl_shape_hwc (&l->out, &oh, &ow, &oc);
  for (gsize s = 0; s < n; s++)
    for (gsize iy = 0; iy < h; iy++)
      memcpy (dx + (s * h + iy) * w * c, dy + ((s * oh + iy + l->pad_top) * ow + l->pad_left) * c,
              w * c * sizeof (float));
}
