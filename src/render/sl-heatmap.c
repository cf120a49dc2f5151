/* sl-heatmap.c — resizing, ranges and quantiles of explanation maps. */
#include "render/sl-heatmap.h"

#include "explain/sl-resize.h"

#include <math.h>
#include <stdlib.h>

float *
sl_heatmap_resize (const float *src, int src_width, int src_height, int dst_width, int dst_height)
{
  float *dst = g_new (float, (gsize) dst_width * dst_height);

  /* The one bilinear resampling (half-pixel centres) the explanation methods use too. */
  sl_resize_bilinear (src, (gsize) src_height, (gsize) src_width, 1, dst, (gsize) dst_height,
                      (gsize) dst_width);
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
