/* Spearman rank correlation and SSIM of two maps, as the sanity checks compare them. */
#include "checks/sl-similarity.h"

#include <math.h>
#include <stdlib.h>

typedef struct
{
  double value;
  gsize index;
} Ranked;

static int
compare_ranked (gconstpointer a, gconstpointer b)
{
  const Ranked *x = a, *y = b;
  if (x->value != y->value)
    return x->value < y->value ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* 1-based ranks of v (or |v|), tied values sharing their mean rank. */
static double *
ranks (const float *v, gsize n, gboolean absolute)
{
  g_autofree Ranked *order = g_new (Ranked, n);
  for (gsize i = 0; i < n; i++)
    order[i] = (Ranked){ absolute ? fabs ((double) v[i]) : (double) v[i], i };
  qsort (order, n, sizeof (Ranked), compare_ranked);
  double *r = g_new (double, n);
  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;
      while (j < n && order[j].value == order[i].value)
        j++;
      /* Positions i … j − 1 hold ranks i + 1 … j: their mean is (i + 1 + j) / 2. */
      const double mean = 0.5 * (double) (i + 1 + j);
      for (gsize k = i; k < j; k++)
        r[order[k].index] = mean;
      i = j;
    }
  return r;
}

double
sl_spearman (const float *a, const float *b, gsize n, gboolean absolute)
{
  if (n < 2)
    return NAN;
  g_autofree double *ra = ranks (a, n, absolute);
  g_autofree double *rb = ranks (b, n, absolute);
  /* Every rank vector has mean (n + 1) / 2. */
  const double mean = 0.5 * (double) (n + 1);
  double sab = 0, saa = 0, sbb = 0;
  for (gsize i = 0; i < n; i++)
    {
      const double da = ra[i] - mean, db = rb[i] - mean;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
  if (saa <= 0 || sbb <= 0)
    return NAN;
  return CLAMP (sab / sqrt (saa * sbb), -1.0, 1.0);
}

/* |v| scaled to [0, 1] by its min and max; a constant map becomes all 0. */
static double *
normalised (const float *v, gsize n)
{
  double *out = g_new (double, n);
  double lo = INFINITY, hi = -INFINITY;
  for (gsize i = 0; i < n; i++)
    {
      out[i] = fabs ((double) v[i]);
      lo = fmin (lo, out[i]);
      hi = fmax (hi, out[i]);
    }
  const double range = hi - lo;
  for (gsize i = 0; i < n; i++)
    out[i] = range > 0 ? (out[i] - lo) / range : 0.0;
  return out;
}

/* A Gaussian window of σ = 1.5, 11 taps or `len` if fewer, summing to 1. */
static double *
gaussian_taps (gsize len, gsize *taps)
{
  const gsize t = MIN (len, (gsize) 11);
  double *g = g_new (double, t);
  const double centre = 0.5 * (double) (t - 1);
  double sum = 0;
  for (gsize i = 0; i < t; i++)
    {
      const double d = (double) i - centre;
      g[i] = exp (-d * d / (2 * 1.5 * 1.5));
      sum += g[i];
    }
  for (gsize i = 0; i < t; i++)
    g[i] /= sum;
  *taps = t;
  return g;
}

/* The window-weighted mean of `v` (h × w) at each of the oh × ow positions where the window fits:
 * rows first, then columns. `tmp` holds h × ow values. */
static void
filter_valid (const double *v, gsize h, gsize w, const double *gy, gsize ty, const double *gx,
              gsize tx, double *tmp, double *out)
{
  const gsize oh = h - ty + 1, ow = w - tx + 1;
  for (gsize y = 0; y < h; y++)
    for (gsize x = 0; x < ow; x++)
      {
        double s = 0;
        for (gsize k = 0; k < tx; k++)
          s += gx[k] * v[y * w + x + k];
        tmp[y * ow + x] = s;
      }
  for (gsize y = 0; y < oh; y++)
    for (gsize x = 0; x < ow; x++)
      {
        double s = 0;
        for (gsize k = 0; k < ty; k++)
          s += gy[k] * tmp[(y + k) * ow + x];
        out[y * ow + x] = s;
      }
}

double
sl_ssim (const float *a, const float *b, gsize h, gsize w)
{
  const gsize n = h * w;
  if (n == 0)
    return NAN;
  const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
  gsize ty, tx;
  g_autofree double *gy = gaussian_taps (h, &ty);
  g_autofree double *gx = gaussian_taps (w, &tx);
  const gsize oh = h - ty + 1, ow = w - tx + 1, m = oh * ow;

  g_autofree double *na = normalised (a, n);
  g_autofree double *nb = normalised (b, n);
  g_autofree double *prod = g_new (double, n);
  g_autofree double *tmp = g_new (double, h * ow);
  /* Window means of a, b, a², b², ab. */
  g_autofree double *mom = g_new (double, 5 * m);
  const double *srcs[2] = { na, nb };
  for (guint k = 0; k < 2; k++)
    filter_valid (srcs[k], h, w, gy, ty, gx, tx, tmp, mom + k * m);
  for (guint k = 0; k < 3; k++)
    {
      const double *p = k == 0 ? na : nb, *q = k == 1 ? nb : na;
      for (gsize i = 0; i < n; i++)
        prod[i] = p[i] * q[i];
      filter_valid (prod, h, w, gy, ty, gx, tx, tmp, mom + (2 + k) * m);
    }
  /* mom: [0] μa, [1] μb, [2] E a², [3] E b², [4] E ab. */
  double total = 0;
  for (gsize i = 0; i < m; i++)
    {
      const double mu_a = mom[i], mu_b = mom[m + i];
      const double var_a = mom[2 * m + i] - mu_a * mu_a;
      const double var_b = mom[3 * m + i] - mu_b * mu_b;
      const double cov = mom[4 * m + i] - mu_a * mu_b;
      total += ((2 * mu_a * mu_b + c1) * (2 * cov + c2))
               / ((mu_a * mu_a + mu_b * mu_b + c1) * (var_a + var_b + c2));
    }
  return total / (double) m;
}
