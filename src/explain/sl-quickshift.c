/* Quickshift: Parzen densities, then a forest linking each pixel to the nearest denser pixel. */
#include "explain/sl-quickshift.h"

#include "explain/sl-segments.h"

#include <math.h>

guint *
sl_quickshift (const float *img, gsize h, gsize w, gsize c, double ratio, double kernel_size,
               double max_dist, GCancellable *cancellable, guint *n_out)
{
  const gsize n = h * w;
  gsize nf;
  g_autofree float *feat = sl_segments_features (img, h, w, c, &nf);
  for (gsize i = 0; i < n * nf; i++)
    feat[i] = (float) (feat[i] * ratio);
  kernel_size = MAX (kernel_size, 1e-3);
  const gssize kw = (gssize) ceil (3 * kernel_size);
  const double inv = -0.5 / (kernel_size * kernel_size);

  g_autofree double *density = g_new0 (double, n);
  for (gsize p = 0; p < n; p++)
    {
      if (p % w == 0 && g_cancellable_is_cancelled (cancellable))
        return NULL;
      const gssize py = (gssize) (p / w), px = (gssize) (p % w);
      for (gssize y = MAX (py - kw, 0); y < MIN (py + kw + 1, (gssize) h); y++)
        for (gssize x = MAX (px - kw, 0); x < MIN (px + kw + 1, (gssize) w); x++)
          {
            const gsize q = (gsize) y * w + (gsize) x;
            double d = (double) (py - y) * (py - y) + (double) (px - x) * (px - x);
            for (gsize f = 0; f < nf; f++)
              {
                const double t = (double) feat[p * nf + f] - feat[q * nf + f];
                d += t * t;
              }
            density[p] += exp (d * inv);
          }
    }
  g_autofree gsize *parent = g_new (gsize, n);
  for (gsize p = 0; p < n; p++)
    {
      if (p % w == 0 && g_cancellable_is_cancelled (cancellable))
        return NULL;
      const gssize py = (gssize) (p / w), px = (gssize) (p % w);
      double closest = INFINITY;
      parent[p] = p;
      for (gssize y = MAX (py - kw, 0); y < MIN (py + kw + 1, (gssize) h); y++)
        for (gssize x = MAX (px - kw, 0); x < MIN (px + kw + 1, (gssize) w); x++)
          {
            const gsize q = (gsize) y * w + (gsize) x;
            /* Denser, or as dense with a larger index: a strict order, so the links form trees. */
            if (!(density[q] > density[p] || (density[q] == density[p] && q > p)))
              continue;
            double d = (double) (py - y) * (py - y) + (double) (px - x) * (px - x);
            for (gsize f = 0; f < nf; f++)
              {
                const double t = (double) feat[p * nf + f] - feat[q * nf + f];
                d += t * t;
              }
            if (d < closest)
              {
                closest = d;
                parent[p] = q;
              }
          }
      if (sqrt (closest) > max_dist)
        parent[p] = p;
    }
  guint *labels = g_new (guint, MAX (n, 1));
  for (gsize p = 0; p < n; p++)
    {
      gsize r = p;
      while (parent[r] != r)
        r = parent[r];
      for (gsize q = p; parent[q] != r && q != r;)
        {
          const gsize next = parent[q];
          parent[q] = r; /* path compression keeps later walks short */
          q = next;
        }
      labels[p] = (guint) r;
    }
  *n_out = sl_segments_relabel (labels, n);
  return labels;
}
