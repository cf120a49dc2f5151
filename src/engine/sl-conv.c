/* Convolution as im2col + sgemm, and dense layers as one sgemm. Conv1D runs as a Conv2D of height 1. */
#include "engine/sl-ops.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

/* im2col rows for a batch are capped near this many floats (64 MiB), so memory stays bounded while
 * small layers (MNIST-1D) still get one large GEMM for the whole batch. */
#define IM2COL_BUDGET ((gsize) 16 << 20)

float *
sl_scratch_get (SlScratch *s, gsize n)
{
  if (n > s->size)
    {
      g_free (s->data);
      s->data = g_new (float, n);
      s->size = n;
    }
  return s->data;
}

void
sl_scratch_clear (SlScratch *s)
{
  g_clear_pointer (&s->data, g_free);
  s->size = 0;
}

typedef struct
{
  gsize h, w, c, oh, ow, oc, k;
} Geometry;

static Geometry
geometry (const SlLayer *l)
{
  Geometry g;
  sl_shape_hwc (&l->in, &g.h, &g.w, &g.c);
  sl_shape_hwc (&l->out, &g.oh, &g.ow, &g.oc);
  g.k = l->kh * l->kw * g.c;
  return g;
}

static gboolean
is_pointwise (const SlLayer *l)
{
  return l->kh == 1 && l->kw == 1 && l->sh == 1 && l->sw == 1 && l->pad_top == 0 && l->pad_left == 0
         && l->pad_bottom == 0 && l->pad_right == 0;
}

/* One sample's patches: (oh·ow) rows of (kh, kw, c) values — Keras' kernel order. */
static void
im2col (const SlLayer *l, const Geometry *g, const float *x, float *col)
{
  for (gsize oy = 0; oy < g->oh; oy++)
    for (gsize ox = 0; ox < g->ow; ox++)
      {
        float *row = col + (oy * g->ow + ox) * g->k;
        for (gsize ky = 0; ky < l->kh; ky++)
          {
            const gssize iy = (gssize) (oy * l->sh + ky * l->dh) - (gssize) l->pad_top;
            if (iy < 0 || iy >= (gssize) g->h)
              {
                memset (row + ky * l->kw * g->c, 0, l->kw * g->c * sizeof (float));
                continue;
              }
            for (gsize kx = 0; kx < l->kw; kx++)
              {
                const gssize ix = (gssize) (ox * l->sw + kx * l->dw) - (gssize) l->pad_left;
                float *dst = row + (ky * l->kw + kx) * g->c;
                if (ix < 0 || ix >= (gssize) g->w)
                  memset (dst, 0, g->c * sizeof (float));
                else
                  memcpy (dst, x + ((gsize) iy * g->w + (gsize) ix) * g->c, g->c * sizeof (float));
              }
          }
      }
}

/* The adjoint of im2col: adds patch gradients back into dx (which the caller zeroed). */
static void
col2im (const SlLayer *l, const Geometry *g, const float *col, float *dx)
{
  for (gsize oy = 0; oy < g->oh; oy++)
    for (gsize ox = 0; ox < g->ow; ox++)
      {
        const float *row = col + (oy * g->ow + ox) * g->k;
        for (gsize ky = 0; ky < l->kh; ky++)
          {
            const gssize iy = (gssize) (oy * l->sh + ky * l->dh) - (gssize) l->pad_top;
            if (iy < 0 || iy >= (gssize) g->h)
              continue;
            for (gsize kx = 0; kx < l->kw; kx++)
              {
                const gssize ix = (gssize) (ox * l->sw + kx * l->dw) - (gssize) l->pad_left;
                if (ix < 0 || ix >= (gssize) g->w)
                  continue;
                const float *src = row + (ky * l->kw + kx) * g->c;
                float *dst = dx + ((gsize) iy * g->w + (gsize) ix) * g->c;
                for (gsize c = 0; c < g->c; c++)
                  dst[c] += src[c];
              }
          }
      }
}

static gsize
chunk_samples (const Geometry *g, gsize n)
{
  const gsize per = MAX (g->oh * g->ow * g->k, 1);
  return CLAMP (IM2COL_BUDGET / per, 1, n);
}

void
sl_conv_forward (const SlLayer *l, const float *x, float *y, gsize n, SlScratch *scratch)
{
  const Geometry g = geometry (l);
  const gsize in_size = g.h * g.w * g.c, out_size = g.oh * g.ow * g.oc, m1 = g.oh * g.ow;
  const gboolean pointwise = is_pointwise (l);
  const gsize chunk = pointwise ? n : chunk_samples (&g, n);
  float *col = pointwise ? NULL : sl_scratch_get (scratch, chunk * m1 * g.k);

  for (gsize s0 = 0; s0 < n; s0 += chunk)
    {
      const gsize cn = MIN (chunk, n - s0);
      const float *a = x + s0 * in_size;
      if (!pointwise)
        {
          for (gsize s = 0; s < cn; s++)
            im2col (l, &g, x + (s0 + s) * in_size, col + s * m1 * g.k);
          a = col;
        }
      float *out = y + s0 * out_size;
      const gsize rows = cn * m1;
      for (gsize r = 0; r < rows; r++)
        if (l->use_bias)
          memcpy (out + r * g.oc, l->bias, g.oc * sizeof (float));
        else
          memset (out + r * g.oc, 0, g.oc * sizeof (float));
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) rows, (int) g.oc, (int) g.k, 1.0f, a,
                   (int) g.k, l->kernel, (int) g.oc, 1.0f, out, (int) g.oc);
    }
}

void
sl_conv_backward (const SlLayer *l, const float *x, const float *dz, float *dx, float *dkernel,
                  float *dbias, gsize n, SlScratch *scratch)
{
  const Geometry g = geometry (l);
  const gsize in_size = g.h * g.w * g.c, out_size = g.oh * g.ow * g.oc, m1 = g.oh * g.ow;
  const gboolean pointwise = is_pointwise (l);
  const gsize chunk = chunk_samples (&g, n);
  float *col = pointwise ? NULL : sl_scratch_get (scratch, chunk * m1 * g.k);

  if (dbias)
    for (gsize r = 0; r < n * m1; r++)
      for (gsize o = 0; o < g.oc; o++)
        dbias[o] += dz[r * g.oc + o];

  for (gsize s0 = 0; s0 < n; s0 += chunk)
    {
      const gsize cn = MIN (chunk, n - s0);
      const gsize rows = cn * m1;
      const float *dzc = dz + s0 * out_size;
      if (dkernel)
        {
          const float *a = x + s0 * in_size;
          if (!pointwise)
            {
              for (gsize s = 0; s < cn; s++)
                im2col (l, &g, x + (s0 + s) * in_size, col + s * m1 * g.k);
              a = col;
            }
          /* dW (k × oc) += colᵀ · dz */
          cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) g.k, (int) g.oc, (int) rows, 1.0f, a,
                       (int) g.k, dzc, (int) g.oc, 1.0f, dkernel, (int) g.oc);
        }
      if (!dx)
        continue;
      float *dxc = dx + s0 * in_size;
      if (pointwise)
        {
          cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) rows, (int) g.k, (int) g.oc, 1.0f, dzc,
                       (int) g.oc, l->kernel, (int) g.oc, 0.0f, dxc, (int) g.k);
          continue;
        }
      /* dcol (rows × k) = dz · Wᵀ, then scattered back onto the input positions. */
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) rows, (int) g.k, (int) g.oc, 1.0f, dzc,
                   (int) g.oc, l->kernel, (int) g.oc, 0.0f, col, (int) g.k);
      memset (dxc, 0, cn * in_size * sizeof (float));
      for (gsize s = 0; s < cn; s++)
        col2im (l, &g, col + s * m1 * g.k, dxc + s * in_size);
    }
}

void
sl_dense_forward (const SlLayer *l, const float *x, float *y, gsize n)
{
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  const gsize rows = n * sl_shape_size (&l->in) / c, u = l->units;
  for (gsize r = 0; r < rows; r++)
    if (l->use_bias)
      memcpy (y + r * u, l->bias, u * sizeof (float));
    else
      memset (y + r * u, 0, u * sizeof (float));
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) rows, (int) u, (int) c, 1.0f, x, (int) c,
               l->kernel, (int) u, 1.0f, y, (int) u);
}

void
sl_dense_backward (const SlLayer *l, const float *x, const float *dz, float *dx, float *dkernel,
                   float *dbias, gsize n)
{
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  const gsize rows = n * sl_shape_size (&l->in) / c, u = l->units;
  if (dbias)
    for (gsize r = 0; r < rows; r++)
      for (gsize o = 0; o < u; o++)
        dbias[o] += dz[r * u + o];
  if (dkernel)
    cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) c, (int) u, (int) rows, 1.0f, x, (int) c, dz,
                 (int) u, 1.0f, dkernel, (int) u);
  if (dx)
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) rows, (int) c, (int) u, 1.0f, dz, (int) u,
                 l->kernel, (int) u, 0.0f, dx, (int) c);
}

/* Pre-activation of output (oy, ox, o) of a conv layer with float64 accumulation. */
static double
conv_preact_exact (const SlLayer *l, const Geometry *g, const float *x, gsize oy, gsize ox, gsize o)
{
  double z = l->use_bias ? l->bias[o] : 0.0;
  for (gsize ky = 0; ky < l->kh; ky++)
    {
      const gssize iy = (gssize) (oy * l->sh + ky * l->dh) - (gssize) l->pad_top;
      if (iy < 0 || iy >= (gssize) g->h)
        continue;
      for (gsize kx = 0; kx < l->kw; kx++)
        {
          const gssize ix = (gssize) (ox * l->sw + kx * l->dw) - (gssize) l->pad_left;
          if (ix < 0 || ix >= (gssize) g->w)
            continue;
          const float *xp = x + ((gsize) iy * g->w + (gsize) ix) * g->c;
          const float *wp = l->kernel + ((ky * l->kw + kx) * g->c) * g->oc + o;
          for (gsize c = 0; c < g->c; c++)
            z += (double) xp[c] * wp[c * g->oc];
        }
    }
  return z;
}

static float
conv_value_exact (const SlLayer *l, const Geometry *g, const float *x, gsize oy, gsize ox, gsize o)
{
  float v = (float) conv_preact_exact (l, g, x, oy, ox, o);
  sl_act_forward (&l->act, &v, 1, 1);
  return v;
}

void
sl_conv_refine_for_pool (const SlLayer *conv, const SlLayer *pool, const float *x, float *y, gsize n)
{
  const Geometry g = geometry (conv);
  gsize ph, pw, pc;
  sl_shape_hwc (&pool->out, &ph, &pw, &pc);
  const gsize in_size = g.h * g.w * g.c, out_size = g.oh * g.ow * g.oc;
  for (gsize s = 0; s < n; s++)
    {
      const float *xs = x + s * in_size;
      float *ys = y + s * out_size;
      for (gsize py = 0; py < ph; py++)
        for (gsize px = 0; px < pw; px++)
          {
            const gssize y0 = (gssize) (py * pool->sh) - (gssize) pool->pad_top;
            const gssize x0 = (gssize) (px * pool->sw) - (gssize) pool->pad_left;
            const gsize ya = (gsize) MAX (y0, 0), yb = (gsize) MIN (y0 + (gssize) pool->kh, (gssize) g.oh);
            const gsize xa = (gsize) MAX (x0, 0), xb = (gsize) MIN (x0 + (gssize) pool->kw, (gssize) g.ow);
            for (gsize k = 0; k < g.oc; k++)
              {
                float best = -INFINITY, second = -INFINITY;
                for (gsize iy = ya; iy < yb; iy++)
                  for (gsize ix = xa; ix < xb; ix++)
                    {
                      const float v = ys[(iy * g.ow + ix) * g.oc + k];
                      if (v > best)
                        second = best, best = v;
                      else if (v > second)
                        second = v;
                    }
                if (!(best > 0) || best - second > SL_POOL_TIE_WINDOW * best)
                  continue;
                for (gsize iy = ya; iy < yb; iy++)
                  for (gsize ix = xa; ix < xb; ix++)
                    ys[(iy * g.ow + ix) * g.oc + k] = conv_value_exact (conv, &g, xs, iy, ix, k);
              }
          }
    }
}
