#include "sl-image-resize.h"

#include <math.h>
#include <string.h>

/* PIL's fixed point for 8-bit resampling. */
#define PRECISION_BITS 22

/* The weights of one pass: output sample i reads `count[i]` inputs from `first[i]` with the integer
 * weights k[i * ksize …]. */
typedef struct
{
  guint   ksize;
  guint  *first;
  guint  *count;
  gint32 *k;
} Coeffs;

static inline double
triangle (double t)
{
  if (t < 0.0)
    t = -t;
  return t < 1.0 ? 1.0 - t : 0.0;
}

static void
coeffs_clear (Coeffs *c)
{
  g_free (c->first);
  g_free (c->count);
  g_free (c->k);
}

static void
coeffs_init (Coeffs *c, guint n_in, guint n_out)
{
  const double scale = (double) n_in / (double) n_out;
  const double filterscale = MAX (scale, 1.0);
  const double support = 1.0 * filterscale;
  /* PIL multiplies by the reciprocal rather than dividing by filterscale; the two can differ in the
   * last bit when downscaling, and that can move a rounded weight. */
  const double inv_filterscale = 1.0 / filterscale;

  c->ksize = (guint) ceil (support) * 2 + 1;
  c->first = g_new (guint, n_out);
  c->count = g_new (guint, n_out);
  c->k = g_new0 (gint32, (gsize) n_out * c->ksize);
  g_autofree double *w = g_new (double, c->ksize);

  for (guint i = 0; i < n_out; i++)
    {
      const double center = ((double) i + 0.5) * scale;
      /* int truncates toward zero, as PIL's (int) casts. */
      int xmin = (int) (center - support + 0.5);
      int xmax = (int) (center + support + 0.5);
      if (xmin < 0)
        xmin = 0;
      if (xmax > (int) n_in)
        xmax = (int) n_in;
      const guint count = xmax > xmin ? (guint) (xmax - xmin) : 0;

      double sum = 0.0;
      for (guint x = 0; x < count; x++)
        {
          w[x] = triangle (((double) (xmin + (int) x) - center + 0.5) * inv_filterscale);
          sum += w[x];
        }
      gint32 *k = c->k + (gsize) i * c->ksize;
      for (guint x = 0; x < count; x++)
        {
          const double v = sum != 0.0 ? w[x] / sum : w[x];
          const double f = v * (double) (1 << PRECISION_BITS);
          k[x] = (gint32) (v < 0 ? f - 0.5 : f + 0.5);
        }
      c->first[i] = (guint) xmin;
      c->count[i] = count;
    }
}

static inline guint8
clip8 (gint64 acc)
{
  const gint64 v = acc >> PRECISION_BITS;
  return (guint8) (v < 0 ? 0 : v > 255 ? 255 : v);
}

/* Along rows: src is w_in × h × ch, dst is w_out × h × ch. */
static void
pass_horizontal (const guint8 *src, guint w_in, guint h, guint ch, guint8 *dst, guint w_out)
{
  Coeffs c;
  coeffs_init (&c, w_in, w_out);
  for (guint y = 0; y < h; y++)
    {
      const guint8 *row = src + (gsize) y * w_in * ch;
      guint8 *out = dst + (gsize) y * w_out * ch;
      for (guint i = 0; i < w_out; i++)
        {
          const gint32 *k = c.k + (gsize) i * c.ksize;
          const guint8 *s = row + (gsize) c.first[i] * ch;
          for (guint b = 0; b < ch; b++)
            {
              gint64 acc = (gint64) 1 << (PRECISION_BITS - 1);
              for (guint x = 0; x < c.count[i]; x++)
                acc += (gint64) k[x] * s[(gsize) x * ch + b];
              out[(gsize) i * ch + b] = clip8 (acc);
            }
        }
    }
  coeffs_clear (&c);
}

/* Along columns: src is w × h_in × ch, dst is w × h_out × ch. */
static void
pass_vertical (const guint8 *src, guint w, guint h_in, guint ch, guint8 *dst, guint h_out)
{
  Coeffs c;
  coeffs_init (&c, h_in, h_out);
  const gsize row_len = (gsize) w * ch;
  g_autofree gint64 *acc = g_new (gint64, row_len);
  for (guint i = 0; i < h_out; i++)
    {
      const gint32 *k = c.k + (gsize) i * c.ksize;
      for (gsize j = 0; j < row_len; j++)
        acc[j] = (gint64) 1 << (PRECISION_BITS - 1);
      for (guint y = 0; y < c.count[i]; y++)
        {
          const guint8 *s = src + (gsize) (c.first[i] + y) * row_len;
          const gint64 ky = k[y];
          for (gsize j = 0; j < row_len; j++)
            acc[j] += ky * s[j];
        }
      guint8 *out = dst + (gsize) i * row_len;
      for (gsize j = 0; j < row_len; j++)
        out[j] = clip8 (acc[j]);
    }
  coeffs_clear (&c);
}

void
sl_image_resize_bilinear (const guint8 *src,
                          guint         src_width,
                          guint         src_height,
                          guint         channels,
                          guint8       *dst,
                          guint         dst_width,
                          guint         dst_height)
{
  g_return_if_fail (src != NULL && dst != NULL);
  g_return_if_fail (channels >= 1 && channels <= 4);
  g_return_if_fail (src_width > 0 && src_height > 0 && dst_width > 0 && dst_height > 0);

  const gboolean horizontal = src_width != dst_width;
  const gboolean vertical = src_height != dst_height;
  if (!horizontal && !vertical)
    {
      memcpy (dst, src, (gsize) src_width * src_height * channels);
      return;
    }
  if (!vertical)
    {
      pass_horizontal (src, src_width, src_height, channels, dst, dst_width);
      return;
    }
  if (!horizontal)
    {
      pass_vertical (src, src_width, src_height, channels, dst, dst_height);
      return;
    }
  /* The vertical pass reads the horizontal pass's 8-bit result, as in PIL's two-image pipeline. */
  g_autofree guint8 *tmp = g_malloc_n ((gsize) dst_width * src_height, channels);
  pass_horizontal (src, src_width, src_height, channels, tmp, dst_width);
  pass_vertical (tmp, dst_width, src_height, channels, dst, dst_height);
}

SlRgbImage *
sl_rgb_image_resize (const SlRgbImage *image, guint width, guint height)
{
  g_return_val_if_fail (image != NULL, NULL);
  SlRgbImage *out = sl_rgb_image_new (width, height);
  if (!out)
    return NULL;
  sl_image_resize_bilinear (image->pixels, image->width, image->height, 3, out->pixels, width,
                            height);
  return out;
}
