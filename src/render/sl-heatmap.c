/* sl-heatmap.c — resizing, ranges and quantiles of explanation maps. */
#include "render/sl-heatmap.h"

#include <math.h>
#include <stdlib.h>

/* For each output index, the two source indices and the weight of the second. */
static void
bilinear_taps (int src, int dst, int *i0, int *i1, float *w1)
{
  const double scale = (double) src / dst;

  for (int i = 0; i < dst; i++)
    {
      double s = (i + 0.5) * scale - 0.5;
      s = CLAMP (s, 0.0, (double) (src - 1));
      i0[i] = (int) floor (s);
      i1[i] = MIN (i0[i] + 1, src - 1);
      w1[i] = (float) (s - i0[i]);
    }
}

float *
sl_heatmap_resize (const float *src, int src_width, int src_height, int dst_width, int dst_height)
{
  g_autofree int *x0 = g_new (int, dst_width), *x1 = g_new (int, dst_width);
  g_autofree int *y0 = g_new (int, dst_height), *y1 = g_new (int, dst_height);
  g_autofree float *wx = g_new (float, dst_width), *wy = g_new (float, dst_height);
  float *dst = g_new (float, (gsize) dst_width * dst_height);

  bilinear_taps (src_width, dst_width, x0, x1, wx);
  bilinear_taps (src_height, dst_height, y0, y1, wy);
  for (int y = 0; y < dst_height; y++)
    {
      const float *r0 = src + (gsize) y0[y] * src_width, *r1 = src + (gsize) y1[y] * src_width;
      float *out = dst + (gsize) y * dst_width;
      for (int x = 0; x < dst_width; x++)
        {
          const float top = r0[x0[x]] + wx[x] * (r0[x1[x]] - r0[x0[x]]);
          const float bottom = r1[x0[x]] + wx[x] * (r1[x1[x]] - r1[x0[x]]);
          out[x] = top + wy[y] * (bottom - top);
        }
    }
  return dst;
}

gboolean
sl_heatmap_range (const float *values, gsize n, gboolean symmetric, double *vmin, double *vmax)
{
  double lo = INFINITY, hi = -INFINITY;

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        lo = MIN (lo, values[i]);
        hi = MAX (hi, values[i]);
      }
  if (!(hi >= lo))
    {
      *vmin = 0;
      *vmax = 1;
      return FALSE;
    }
  if (symmetric)
    {
      const double m = MAX (fabs (lo), fabs (hi));
      lo = -m;
      hi = m;
    }
  *vmin = lo;
  *vmax = hi;
  return TRUE;
}

static int
compare_floats (const void *a, const void *b)
{
  const float x = *(const float *) a, y = *(const float *) b;
  return (x > y) - (x < y);
}

double
sl_heatmap_quantile (const float *values, gsize n, double q)
{
  g_autofree float *finite = g_new (float, MAX (n, 1));
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      finite[m++] = values[i];
  if (m == 0)
    return NAN;
  qsort (finite, m, sizeof (float), compare_floats);
  q = CLAMP (q, 0.0, 1.0);
  return finite[MIN ((gsize) floor (q * m), m - 1)];
}
