/* Direct convolution for stride-1 layers whose output channels come in blocks of 16: each output
 * row is computed in register tiles (pixels × 2 channel blocks) straight from a padded copy of the
 * input rows it needs. The im2col + sgemm path is memory-bound for these skinny GEMMs (N = 32, 64);
 * this keeps the patch data in L1 and reaches near-sgemm rates. The gradient with respect to a
 * stride-1 layer's input is itself such a convolution (of dz with the flipped, transposed kernel),
 * so the backward pass runs on the same kernel. */
#include "engine/sl-ops.h"

#include <string.h>

typedef struct
{
  const SlLayer *l;
  const float *x;
  float *y;
  const float *w; /* packed: [block][ky][kx][c][lanes] */
  gsize h, w_in, c, oh, ow, oc, pw;
  gboolean relu; /* apply a plain ReLU as the tile is stored */
} Job;

/* One kernel per vector width: LANES floats per register, TILE output pixels per pass, two channel
 * blocks at once (one when a single block is left). GCC's vector extensions keep it portable; the
 * target attribute lets a generic build use AVX-512 or AVX2 where the CPU has them. */
#define DEFINE_ROW_KERNEL(NAME, TARGET, LANES, TILE)                                                   \
  typedef float NAME##_vec __attribute__ ((vector_size (LANES * 4)));                               \
  typedef gint32 NAME##_mask __attribute__ ((vector_size (LANES * 4)));                             \
  __attribute__ ((target (TARGET))) static void NAME (const Job *j, const float *rows, float *yrow) \
  {                                                                                                 \
    const SlLayer *l = j->l;                                                                        \
    const gsize C = j->c, nb = j->oc / LANES, kk = l->kh * l->kw;                                   \
    for (gsize b = 0; b < nb; b += 2)                                                               \
      {                                                                                             \
        const gboolean two = b + 1 < nb;                                                            \
        const float *w0 = j->w + b * kk * C * LANES;                                                \
        const float *w1 = two ? w0 + kk * C * LANES : w0;                                           \
        NAME##_vec bias0, bias1;                                                                    \
        memcpy (&bias0, l->bias + b * LANES, sizeof bias0);                                         \
        memcpy (&bias1, l->bias + (two ? b + 1 : b) * LANES, sizeof bias1);                         \
        for (gsize ox0 = 0; ox0 < j->ow; ox0 += TILE)                                               \
          {                                                                                         \
            NAME##_vec a0[TILE], a1[TILE];                                                          \
            for (int t = 0; t < TILE; t++)                                                          \
              a0[t] = bias0, a1[t] = bias1;                                                         \
            for (gsize ky = 0; ky < l->kh; ky++)                                                    \
              for (gsize kx = 0; kx < l->kw; kx++)                                                  \
                {                                                                                   \
                  const float *in = rows + (ky * j->pw + ox0 + kx * l->dw) * C;                     \
                  const float *p0 = w0 + (ky * l->kw + kx) * C * LANES;                             \
                  const float *p1 = w1 + (ky * l->kw + kx) * C * LANES;                             \
                  for (gsize c = 0; c < C; c++)                                                     \
                    {                                                                               \
                      NAME##_vec v0, v1;                                                            \
                      memcpy (&v0, p0 + c * LANES, sizeof v0);                                      \
                      memcpy (&v1, p1 + c * LANES, sizeof v1);                                      \
                      for (int t = 0; t < TILE; t++)                                                \
                        {                                                                           \
                          const float s = in[t * C + c];                                            \
                          a0[t] += s * v0;                                                          \
                          a1[t] += s * v1;                                                          \
                        }                                                                           \
                    }                                                                               \
                }                                                                                   \
            const gsize tx = MIN ((gsize) TILE, j->ow - ox0);                                       \
            if (j->relu)                                                                            \
              for (int t = 0; t < TILE; t++)                                                        \
                {                                                                                   \
                  const NAME##_vec zero = { 0 };                                                    \
                  a0[t] = (NAME##_vec) ((NAME##_mask) a0[t] & (a0[t] > zero));                       \
                  a1[t] = (NAME##_vec) ((NAME##_mask) a1[t] & (a1[t] > zero));                       \
                }                                                                                   \
            for (gsize t = 0; t < tx; t++)                                                          \
              {                                                                                     \
                float *o = yrow + (ox0 + t) * j->oc + b * LANES;                                    \
                memcpy (o, &a0[t], sizeof a0[t]);                                                   \
                if (two)                                                                            \
                  memcpy (o + LANES, &a1[t], sizeof a1[t]);                                         \
              }                                                                                     \
          }                                                                                         \
      }                                                                                             \
  }

DEFINE_ROW_KERNEL (row_avx512, "avx512f,fma", 16, 14)
DEFINE_ROW_KERNEL (row_avx2, "avx2,fma", 8, 6)

static inline const float *
x_sample (const Job *j, gsize s)
{
  return j->x + s * j->h * j->w_in * j->c;
}

typedef void (*RowKernel) (const Job *j, const float *rows, float *yrow);

static guint
lanes_available (void)
{
  if (__builtin_cpu_supports ("avx512f"))
    return 16;
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    return 8;
  return 0;
}

gboolean
sl_conv_direct_usable (const SlLayer *l)
{
  const guint lanes = lanes_available ();
  return lanes && l->kind == SL_LAYER_CONV && l->sh == 1 && l->sw == 1 && l->use_bias
         && l->units % lanes == 0 && l->kh * l->kw > 1;
}

static void
rows_range (gsize begin, gsize end, gpointer data)
{
  const Job *j = data;
  const SlLayer *l = j->l;
  const RowKernel kernel = lanes_available () == 16 ? row_avx512 : row_avx2;
  /* kh input rows, padded left/right, plus a tile's worth of zeros so the last tile may overrun. */
  const gsize row_floats = j->pw * j->c;
  g_autofree float *rows = g_new0 (float, l->kh * row_floats + 16 * j->c);
  for (gsize item = begin; item < end; item++)
    {
      const gsize s = item / j->oh, oy = item % j->oh;
      const float *xs = x_sample (j, s);
      for (gsize ky = 0; ky < l->kh; ky++)
        {
          float *dst = rows + ky * row_floats;
          const gssize iy = (gssize) (oy + ky * l->dh) - (gssize) l->pad_top;
          if (iy < 0 || iy >= (gssize) j->h)
            memset (dst, 0, row_floats * sizeof (float));
          else
            memcpy (dst + l->pad_left * j->c, xs + (gsize) iy * j->w_in * j->c, j->w_in * j->c * sizeof (float));
        }
      kernel (j, rows, j->y + (s * j->oh + oy) * j->ow * j->oc);
    }
}

void
sl_conv_direct_forward (const SlLayer *l, const float *x, float *y, gsize n, gboolean relu,
                        SlParallel *parallel)
{
  const guint lanes = lanes_available ();
  Job j = { .l = l, .x = x, .y = y, .relu = relu };
  sl_shape_hwc (&l->in, &j.h, &j.w_in, &j.c);
  sl_shape_hwc (&l->out, &j.oh, &j.ow, &j.oc);
  j.pw = j.w_in + l->pad_left + l->pad_right;
  /* Pack the kernel (kh, kw, c, oc) as [oc / lanes][kh][kw][c][lanes]. */
  const gsize kk = l->kh * l->kw;
  g_autofree float *packed = g_new (float, kk * j.c * j.oc);
  for (gsize b = 0; b < j.oc / lanes; b++)
    for (gsize k = 0; k < kk; k++)
      for (gsize c = 0; c < j.c; c++)
        memcpy (packed + ((b * kk + k) * j.c + c) * lanes, l->kernel + (k * j.c + c) * j.oc + b * lanes,
                lanes * sizeof (float));
  j.w = packed;
  sl_parallel_for (parallel, n * j.oh, rows_range, &j);
}

/* The geometry of the layer whose forward pass is l's input gradient: dz (out) → dx (in), padding
 * (k − 1)·d − pad, no bias needed (a zero one). FALSE when the direct path cannot run it. */
static gboolean
transposed_geometry (const SlLayer *l, SlLayer *t)
{
  if (l->kind != SL_LAYER_CONV || l->sh != 1 || l->sw != 1)
    return FALSE;
  const gsize ext_h = (l->kh - 1) * l->dh, ext_w = (l->kw - 1) * l->dw;
  if (l->pad_top > ext_h || l->pad_bottom > ext_h || l->pad_left > ext_w || l->pad_right > ext_w)
    return FALSE;
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  *t = (SlLayer){ .kind = SL_LAYER_CONV, .in = l->out, .out = l->in, .spatial_dims = l->spatial_dims,
                  .kh = l->kh, .kw = l->kw, .sh = 1, .sw = 1, .dh = l->dh, .dw = l->dw,
                  .pad_top = ext_h - l->pad_top, .pad_bottom = ext_h - l->pad_bottom,
                  .pad_left = ext_w - l->pad_left, .pad_right = ext_w - l->pad_right,
                  .units = c, .use_bias = TRUE };
  return sl_conv_direct_usable (t);
}

gboolean
sl_conv_direct_backward (const SlLayer *l, const float *dz, float *dx, gsize n, SlParallel *parallel)
{
  SlLayer t;
  if (!transposed_geometry (l, &t))
    return FALSE;
  const gsize c = t.units, oc = l->units, kk = l->kh * l->kw;
  /* The kernel flipped in both spatial axes, its channel axes swapped: (kh, kw, oc, c). */
  g_autofree float *kernel = g_new (float, kk * oc * c);
  for (gsize k = 0; k < kk; k++)
    {
      const float *src = l->kernel + (kk - 1 - k) * c * oc; /* (kh−1−ky, kw−1−kx) */
      float *dst = kernel + k * oc * c;
      for (gsize o = 0; o < oc; o++)
        for (gsize i = 0; i < c; i++)
          dst[o * c + i] = src[i * oc + o];
    }
  g_autofree float *bias = g_new0 (float, c);
  t.kernel = kernel;
  t.bias = bias;
  sl_conv_direct_forward (&t, dz, dx, n, FALSE, parallel);
  return TRUE;
}
