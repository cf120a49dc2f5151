/* Bilinear resampling with half-pixel centres, as TensorFlow's resize (half_pixel_centers) and
 * PyTorch's interpolate (align_corners=False) compute it. */
#include "explain/sl-resize.h"

#include <math.h>

typedef struct
{
  gsize i0, i1;
  double t; /* weight of i1 */
} Tap;

static void
taps (gsize src, gsize dst, Tap *out)
{
  const double scale = (double) src / (double) dst;
  for (gsize d = 0; d < dst; d++)
    {
      double s = ((double) d + 0.5) * scale - 0.5;
      if (s < 0)
        s = 0;
      gsize i0 = (gsize) floor (s);
      if (i0 > src - 1)
        i0 = src - 1;
      out[d].i0 = i0;
      out[d].i1 = MIN (i0 + 1, src - 1);
      out[d].t = s - (double) i0;
      if (out[d].i1 == i0)
        out[d].t = 0;
    }
}

void
sl_resize_bilinear (const float *src, gsize sh, gsize sw, gsize stride, float *dst, gsize dh,
                    gsize dw)
{
  g_autofree Tap *ty = g_new (Tap, dh);
  g_autofree Tap *tx = g_new (Tap, dw);
  taps (sh, dh, ty);
  taps (sw, dw, tx);
  for (gsize y = 0; y < dh; y++)
    {
      const float *r0 = src + ty[y].i0 * sw * stride, *r1 = src + ty[y].i1 * sw * stride;
      const double a = ty[y].t;
      for (gsize x = 0; x < dw; x++)
        {
          const gsize c0 = tx[x].i0 * stride, c1 = tx[x].i1 * stride;
          const double b = tx[x].t;
          const double top = (1 - b) * r0[c0] + b * r0[c1];
          const double bottom = (1 - b) * r1[c0] + b * r1[c1];
          dst[y * dw + x] = (float) ((1 - a) * top + a * bottom);
        }
    }
}
