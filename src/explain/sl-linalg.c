/* Householder QR with column pivoting for least squares, and Jacobi rotations for eigenvectors. */
#include "explain/sl-linalg.h"

#include <math.h>
#include <string.h>

gboolean
sl_linalg_lstsq (const double *x, gsize n, gsize p, const double *y, const double *w,
                 gboolean intercept, double *coef, double *b)
{
  if (n == 0)
    return FALSE;
  const gsize q = p + (intercept ? 1 : 0); /* unknowns; the intercept is the last column */
  /* A = diag(√w)·[X 1], column-major for the column operations. */
  g_autofree double *a = g_new (double, n * MAX (q, 1));
  g_autofree double *r = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      const double s = w ? sqrt (MAX (w[i], 0.0)) : 1.0;
      for (gsize j = 0; j < p; j++)
        a[j * n + i] = s * x[i * p + j];
      if (intercept)
        a[p * n + i] = s;
      r[i] = s * y[i];
    }
  g_autofree gsize *perm = g_new (gsize, MAX (q, 1));
  g_autofree double *norms = g_new (double, MAX (q, 1));
  for (gsize j = 0; j < q; j++)
    {
      perm[j] = j;
      double s = 0;
      for (gsize i = 0; i < n; i++)
        s += a[j * n + i] * a[j * n + i];
      norms[j] = s;
    }
  const gsize steps = MIN (n, q);
  gsize rank = 0;
  double rmax = 0;
  for (gsize k = 0; k < steps; k++)
    {
      /* Pivot: the remaining column of largest norm (recomputed exactly: the sizes are small). */
      gsize best = k;
      double best_norm = -1;
      for (gsize j = k; j < q; j++)
        {
          double s = 0;
          for (gsize i = k; i < n; i++)
            s += a[j * n + i] * a[j * n + i];
          norms[j] = s;
          if (s > best_norm)
            best_norm = s, best = j;
        }
      if (best != k)
        {
          for (gsize i = 0; i < n; i++)
            {
              const double t = a[k * n + i];
              a[k * n + i] = a[best * n + i];
              a[best * n + i] = t;
            }
          const gsize t = perm[k];
          perm[k] = perm[best];
          perm[best] = t;
        }
      const double alpha_norm = sqrt (best_norm);
      if (k == 0)
        rmax = alpha_norm;
      if (alpha_norm <= 1e-12 * MAX (rmax, 1e-300) || alpha_norm == 0)
        break;
      /* Householder vector v = a_k[k:] − α e_1, α = −sign(a_kk)·‖a_k[k:]‖. */
      double *col = a + k * n;
      const double alpha = col[k] > 0 ? -alpha_norm : alpha_norm;
      col[k] -= alpha;
      double vnorm2 = 0;
      for (gsize i = k; i < n; i++)
        vnorm2 += col[i] * col[i];
      if (vnorm2 > 0)
        {
          for (gsize j = k + 1; j < q; j++)
            {
              double *cj = a + j * n, d = 0;
              for (gsize i = k; i < n; i++)
                d += col[i] * cj[i];
              d = 2 * d / vnorm2;
              for (gsize i = k; i < n; i++)
                cj[i] -= d * col[i];
            }
          double d = 0;
          for (gsize i = k; i < n; i++)
            d += col[i] * r[i];
          d = 2 * d / vnorm2;
          for (gsize i = k; i < n; i++)
            r[i] -= d * col[i];
        }
      col[k] = alpha; /* R's diagonal; below it the column is no longer needed */
      rank = k + 1;
    }
  /* Back substitution on the leading rank × rank block; dependent columns get 0. */
  g_autofree double *z = g_new0 (double, MAX (q, 1));
  for (gsize kk = rank; kk-- > 0;)
    {
      double s = r[kk];
      for (gsize j = kk + 1; j < rank; j++)
        s -= a[j * n + kk] * z[j];
      z[kk] = s / a[kk * n + kk];
    }
  g_autofree double *out = g_new0 (double, MAX (q, 1));
  for (gsize j = 0; j < q; j++)
    out[perm[j]] = z[j];
  memcpy (coef, out, p * sizeof (double));
  if (b)
    *b = intercept ? out[p] : 0;
  return TRUE;
}

double
sl_linalg_top_eigvec (const double *a_in, gsize n, double *v)
{
  g_autofree double *a = g_memdup2 (a_in, n * n * sizeof (double));
  g_autofree double *e = g_new0 (double, n * n); /* eigenvectors as columns */
  for (gsize i = 0; i < n; i++)
    e[i * n + i] = 1;
  for (int sweep = 0; sweep < 100; sweep++)
    {
      double off = 0, total = 0;
      for (gsize i = 0; i < n; i++)
        for (gsize j = 0; j < n; j++)
          {
            total += a[i * n + j] * a[i * n + j];
            if (i != j)
              off += a[i * n + j] * a[i * n + j];
          }
      if (off <= 1e-30 * total || off == 0)
        break;
      for (gsize p = 0; p < n; p++)
        for (gsize q = p + 1; q < n; q++)
          {
            const double apq = a[p * n + q];
            if (fabs (apq) < 1e-300)
              continue;
            const double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
            const double t = (theta >= 0 ? 1 : -1) / (fabs (theta) + sqrt (theta * theta + 1));
            const double c = 1 / sqrt (t * t + 1), s = t * c;
            for (gsize k = 0; k < n; k++)
              {
                const double akp = a[k * n + p], akq = a[k * n + q];
                a[k * n + p] = c * akp - s * akq;
                a[k * n + q] = s * akp + c * akq;
              }
            for (gsize k = 0; k < n; k++)
              {
                const double apk = a[p * n + k], aqk = a[q * n + k];
                a[p * n + k] = c * apk - s * aqk;
                a[q * n + k] = s * apk + c * aqk;
              }
            for (gsize k = 0; k < n; k++)
              {
                const double ekp = e[k * n + p], ekq = e[k * n + q];
                e[k * n + p] = c * ekp - s * ekq;
                e[k * n + q] = s * ekp + c * ekq;
              }
          }
    }
  gsize best = 0;
  for (gsize i = 1; i < n; i++)
    if (a[i * n + i] > a[best * n + best])
      best = i;
  for (gsize k = 0; k < n; k++)
    v[k] = e[k * n + best];
  return n ? a[best * n + best] : 0;
}
