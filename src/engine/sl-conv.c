/* Convolution as im2col + sgemm, and dense layers as one sgemm. Conv1D runs as a Conv2D of height 1. */
#include "engine/sl-ops.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

/* The patch matrix is built and multiplied a cache-sized block of rows at a time: a whole image's
 * im2col (58 MB for HMT's second layer) would make the skinny GEMM wait on memory. Small layers
 * (MNIST-1D) still get the whole batch in one GEMM. */
#define IM2COL_BLOCK_FLOATS ((gsize) 192 << 10)

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

/* Row r of the batch's patch matrix: output position r of the batch, its (kh, kw, c) patch values in
 * Keras' kernel order. */
static void
im2col_row (const SlLayer *l, const Geometry *g, const float *x, gsize r, float *row)
{
  const gsize m1 = g->oh * g->ow, s = r / m1, p = r % m1, oy = p / g->ow, ox = p % g->ow;
  const float *xs = x + s * g->h * g->w * g->c;
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
            memcpy (dst, xs + ((gsize) iy * g->w + (gsize) ix) * g->c, g->c * sizeof (float));
        }
    }
}

/* The adjoint of im2col_row: adds a patch's gradient back into dx. */
static void
col2im_row (const SlLayer *l, const Geometry *g, const float *row, gsize r, float *dx)
{
  const gsize m1 = g->oh * g->ow, s = r / m1, p = r % m1, oy = p / g->ow, ox = p % g->ow;
  float *dxs = dx + s * g->h * g->w * g->c;
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
          float *dst = dxs + ((gsize) iy * g->w + (gsize) ix) * g->c;
          for (gsize c = 0; c < g->c; c++)
            dst[c] += src[c];
        }
    }
}

static gsize
block_rows (const Geometry *g, gsize total)
{
  return CLAMP (IM2COL_BLOCK_FLOATS / MAX (g->k, 1), 1, total);
}

gboolean
sl_conv_forward (const SlLayer *l, const float *x, float *y, gsize n, gboolean fuse_relu,
                 SlScratch *scratch, SlParallel *parallel)
{
  if (sl_conv_direct_usable (l))
    {
      sl_conv_direct_forward (l, x, y, n, fuse_relu, parallel);
      return fuse_relu;
    }
  const Geometry g = geometry (l);
  const gsize total = n * g.oh * g.ow;
  const gboolean pointwise = is_pointwise (l);
  const gsize block = pointwise ? total : block_rows (&g, total);
  float *col = pointwise ? NULL : sl_scratch_get (scratch, block * g.k);

  for (gsize r = 0; r < total; r++)
    if (l->use_bias)
      memcpy (y + r * g.oc, l->bias, g.oc * sizeof (float));
    else
      memset (y + r * g.oc, 0, g.oc * sizeof (float));
  for (gsize r0 = 0; r0 < total; r0 += block)
    {
      const gsize rows = MIN (block, total - r0);
      const float *a = x + r0 * g.k;
      if (!pointwise)
        {
          for (gsize r = 0; r < rows; r++)
            im2col_row (l, &g, x, r0 + r, col + r * g.k);
          a = col;
        }
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) rows, (int) g.oc, (int) g.k, 1.0f, a,
                   (int) g.k, l->kernel, (int) g.oc, 1.0f, y + r0 * g.oc, (int) g.oc);
    }
  return FALSE;
}

void
sl_conv_backward (const SlLayer *l, const float *x, const float *dz, float *dx, float *dkernel,
                  float *dbias, gsize n, SlScratch *scratch, SlParallel *parallel)
{
  const Geometry g = geometry (l);
  if (dx && sl_conv_direct_backward (l, dz, dx, n, parallel))
    dx = NULL; /* done: what is left is the weights' gradient */
  const gsize total = n * g.oh * g.ow;
  const gboolean pointwise = is_pointwise (l);
  const gsize block = pointwise ? total : block_rows (&g, total);
  float *col = pointwise ? NULL : sl_scratch_get (scratch, block * g.k);

  if (dbias)
    for (gsize r = 0; r < total; r++)
      for (gsize o = 0; o < g.oc; o++)
        dbias[o] += dz[r * g.oc + o];
  if (!dx && !dkernel)
    return;
  if (dx && !pointwise)
    memset (dx, 0, n * g.h * g.w * g.c * sizeof (float));

  for (gsize r0 = 0; r0 < total; r0 += block)
    {
      const gsize rows = MIN (block, total - r0);
      const float *dzb = dz + r0 * g.oc;
      if (dkernel)
        {
          const float *a = x + r0 * g.k;
          if (!pointwise)
            {
              for (gsize r = 0; r < rows; r++)
                im2col_row (l, &g, x, r0 + r, col + r * g.k);
              a = col;
            }
          /* dW (k × oc) += colᵀ · dz */
          cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) g.k, (int) g.oc, (int) rows, 1.0f, a,
                       (int) g.k, dzb, (int) g.oc, 1.0f, dkernel, (int) g.oc);
        }
      if (!dx)
        continue;
      /* dcol (rows × k) = dz · Wᵀ, then scattered back onto the input positions. */
      float *dcol = pointwise ? dx + r0 * g.k : col;
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) rows, (int) g.k, (int) g.oc, 1.0f, dzb,
                   (int) g.oc, l->kernel, (int) g.oc, 0.0f, dcol, (int) g.k);
      if (!pointwise)
        for (gsize r = 0; r < rows; r++)
          col2im_row (l, &g, col + r * g.k, r0 + r, dx);
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


typedef struct
{
  const SlLayer *conv, *pool;
  const float *x, *y, *dy;
  float *dx;
  Geometry g;
  gsize ph, pw;
} TieJob;

/* Pool rows [begin, end) of the batch (item = sample × pool row). */
static void
pool_backward_range (gsize begin, gsize end, gpointer data)
{
  const TieJob *j = data;
  const SlLayer *pool = j->pool;
  const Geometry *g = &j->g;
  const gsize in_size = g->h * g->w * g->c, out_size = g->oh * g->ow * g->oc;
  double exact[64];
  for (gsize item = begin; item < end; item++)
    {
      const gsize s = item / j->ph, py = item % j->ph;
      const float *xs = j->x + s * in_size, *ys = j->y + s * out_size;
      float *dxs = j->dx + s * out_size;
      const float *dys = j->dy + (s * j->ph + py) * j->pw * g->oc;
      const gssize y0 = (gssize) (py * pool->sh) - (gssize) pool->pad_top;
      const gsize ya = (gsize) MAX (y0, 0), yb = (gsize) MIN (y0 + (gssize) pool->kh, (gssize) g->oh);
      for (gsize px = 0; px < j->pw; px++)
        {
          const gssize x0 = (gssize) (px * pool->sw) - (gssize) pool->pad_left;
          const gsize xa = (gsize) MAX (x0, 0), xb = (gsize) MIN (x0 + (gssize) pool->kw, (gssize) g->ow);
          for (gsize k = 0; k < g->oc; k++)
            {
              const float grad = dys[px * g->oc + k];
              float best = -INFINITY, second = -INFINITY;
              gsize at = 0;
              for (gsize iy = ya; iy < yb; iy++)
                for (gsize ix = xa; ix < xb; ix++)
                  {
                    const gsize i = (iy * g->ow + ix) * g->oc + k;
                    const float v = ys[i];
                    if (v > best)
                      second = best, best = v, at = i;
                    else if (v > second)
                      second = v;
                  }
              if (best > 0 && best - second <= SL_POOL_TIE_WINDOW * best
                  && (yb - ya) * (xb - xa) <= G_N_ELEMENTS (exact))
                {
                  /* A near-tie: let float64 arithmetic pick (exact ties go to the first). */
                  const float floor = best - SL_POOL_TIE_WINDOW * best;
                  double top = -INFINITY;
                  for (gsize iy = ya; iy < yb; iy++)
                    for (gsize ix = xa; ix < xb; ix++)
                      {
                        const gsize i = (iy * g->ow + ix) * g->oc + k;
                        if (ys[i] < floor)
                          continue;
                        const double e = conv_preact_exact (j->conv, g, xs, iy, ix, k);
                        if (e > top)
                          top = e, at = i;
                      }
                }
              if (best > -INFINITY)
                dxs[at] += grad;
            }
        }
    }
}

void
sl_conv_pool_backward (const SlLayer *conv, const SlLayer *pool, const float *x, const float *y,
                       const float *dy, float *dx, gsize n, SlParallel *parallel)
{
  TieJob j = { .conv = conv, .pool = pool, .x = x, .y = y, .dy = dy, .dx = dx, .g = geometry (conv) };
  gsize pc;
  sl_shape_hwc (&pool->out, &j.ph, &j.pw, &pc);
  memset (dx, 0, n * j.g.oh * j.g.ow * j.g.oc * sizeof (float));
  sl_parallel_for (parallel, n * j.ph, pool_backward_range, &j);
}
