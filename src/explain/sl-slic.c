/* SLIC: centres on a regular grid, each pixel assigned to the nearest centre (colour distance plus
 * compactness-weighted spatial distance) among those within two grid steps; then connectivity. */
#include "explain/sl-slic.h"

#include "explain/sl-segments.h"

#include <math.h>
#include <string.h>

/* Joins 4-connected pieces smaller than min_size to the neighbouring piece met first; relabels. */
static guint
enforce_connectivity (guint *labels, gsize h, gsize w, gsize min_size)
{
  const gsize n = h * w;
  g_autofree guint *comp = g_new (guint, n);
  g_autofree gsize *stack = g_new (gsize, n);
  g_autofree gsize *members = g_new (gsize, n);
  memset (comp, 0xff, n * sizeof (guint));
  guint n_comp = 0;
  static const int dy[] = { -1, 1, 0, 0 }, dx[] = { 0, 0, -1, 1 };
  for (gsize start = 0; start < n; start++)
    {
      if (comp[start] != G_MAXUINT)
        continue;
      /* Flood the piece holding `start`, noting an already-labelled neighbour piece. */
      gsize top = 0, count = 0;
      guint adjacent = G_MAXUINT;
      stack[top++] = start;
      comp[start] = n_comp;
      while (top)
        {
          const gsize p = stack[--top];
          members[count++] = p;
          const gssize py = (gssize) (p / w), px = (gssize) (p % w);
          for (int d = 0; d < 4; d++)
            {
              const gssize ny = py + dy[d], nx = px + dx[d];
              if (ny < 0 || nx < 0 || ny >= (gssize) h || nx >= (gssize) w)
                continue;
              const gsize q = (gsize) ny * w + (gsize) nx;
              if (labels[q] == labels[start] && comp[q] == G_MAXUINT)
                {
                  comp[q] = n_comp;
                  stack[top++] = q;
                }
              else if (labels[q] != labels[start] && comp[q] != G_MAXUINT && adjacent == G_MAXUINT)
                adjacent = comp[q];
            }
        }
      if (count < min_size && adjacent != G_MAXUINT)
        for (gsize i = 0; i < count; i++)
          comp[members[i]] = adjacent;
      else
        n_comp++;
    }
  memcpy (labels, comp, n * sizeof (guint));
  return sl_segments_relabel (labels, n);
}

guint *
sl_slic (const float *img, gsize h, gsize w, gsize c, guint n_segments, double compactness,
         guint max_iter, GCancellable *cancellable, guint *n_out)
{
  const gsize n = h * w;
  gsize nf;
  g_autofree float *feat = sl_segments_features (img, h, w, c, &nf);
  n_segments = MAX (n_segments, 1);
  const double step = MAX (sqrt ((double) n / n_segments), 1.0);
  const gsize ny = MAX ((gsize) lround (h / step), 1), nx = MAX ((gsize) lround (w / step), 1);
  const gsize k = ny * nx, dim = nf + 2; /* centre: features, then y, x */
  g_autofree double *centres = g_new (double, k * dim);
  for (gsize i = 0; i < ny; i++)
    for (gsize j = 0; j < nx; j++)
      {
        double *ce = centres + (i * nx + j) * dim;
        const double cy = (i + 0.5) * h / ny, cx = (j + 0.5) * w / nx;
        const gsize p = MIN ((gsize) cy, h - 1) * w + MIN ((gsize) cx, w - 1);
        for (gsize f = 0; f < nf; f++)
          ce[f] = feat[p * nf + f];
        ce[nf] = cy, ce[nf + 1] = cx;
      }
  guint *labels = g_new0 (guint, MAX (n, 1));
  g_autofree double *dist = g_new (double, n);
  g_autofree double *sums = g_new (double, k * dim);
  g_autofree gsize *counts = g_new (gsize, k);
  const double spatial = (compactness / step) * (compactness / step);
  for (guint it = 0; it < MAX (max_iter, 1); it++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_free (labels);
          return NULL;
        }
      for (gsize p = 0; p < n; p++)
        dist[p] = INFINITY;
      for (gsize ci = 0; ci < k; ci++)
        {
          const double *ce = centres + ci * dim;
          const gssize y0 = MAX ((gssize) floor (ce[nf] - 2 * step), 0);
          const gssize y1 = MIN ((gssize) ceil (ce[nf] + 2 * step), (gssize) h);
          const gssize x0 = MAX ((gssize) floor (ce[nf + 1] - 2 * step), 0);
          const gssize x1 = MIN ((gssize) ceil (ce[nf + 1] + 2 * step), (gssize) w);
          for (gssize y = y0; y < y1; y++)
            for (gssize x = x0; x < x1; x++)
              {
                const gsize p = (gsize) y * w + (gsize) x;
                double dc = 0;
                for (gsize f = 0; f < nf; f++)
                  {
                    const double t = feat[p * nf + f] - ce[f];
                    dc += t * t;
                  }
                const double ty = (double) y - ce[nf], tx = (double) x - ce[nf + 1];
                const double d = dc + spatial * (ty * ty + tx * tx);
                if (d < dist[p])
                  {
                    dist[p] = d;
                    labels[p] = (guint) ci;
                  }
              }
        }
      memset (sums, 0, k * dim * sizeof (double));
      memset (counts, 0, k * sizeof (gsize));
      for (gsize p = 0; p < n; p++)
        {
          double *s = sums + labels[p] * dim;
          for (gsize f = 0; f < nf; f++)
            s[f] += feat[p * nf + f];
          s[nf] += (double) (p / w);
          s[nf + 1] += (double) (p % w);
          counts[labels[p]]++;
        }
      for (gsize ci = 0; ci < k; ci++)
        if (counts[ci])
          for (gsize f = 0; f < dim; f++)
            centres[ci * dim + f] = sums[ci * dim + f] / (double) counts[ci];
    }
  *n_out = enforce_connectivity (labels, h, w, (gsize) (0.5 * (double) n / k));
  return labels;
}
