/* sl_spearman and sl_ssim against hand-computed values and a direct implementation of SSIM. */
#include "checks/sl-similarity.h"
#include "sl-test-util.h"

static void
test_spearman_scipy (void)
{
  /* scipy.stats.spearmanr's documented example. */
  const float a[] = { 1, 2, 3, 4, 5 }, b[] = { 5, 6, 7, 8, 7 };
  g_assert_cmpfloat_with_epsilon (sl_spearman (a, b, 5, FALSE), 0.820782681668123, 1e-12);
  g_assert_cmpfloat_with_epsilon (sl_spearman (a, b, 5, TRUE), 0.820782681668123, 1e-12);
  g_assert_cmpfloat_with_epsilon (sl_spearman (a, a, 5, FALSE), 1.0, 1e-15);
}

static void
test_spearman_ties (void)
{
  /* Ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): ρ = 4.5 / √(4.5 · 5). */
  const float a[] = { 1, 2, 2, 3 }, b[] = { 1, 3, 2, 4 };
  g_assert_cmpfloat_with_epsilon (sl_spearman (a, b, 4, FALSE), 4.5 / sqrt (22.5), 1e-12);
  /* Reversed order: −1. */
  const float c[] = { 4, 3, 2, 1 }, d[] = { 1, 2, 3, 4 };
  g_assert_cmpfloat_with_epsilon (sl_spearman (c, d, 4, FALSE), -1.0, 1e-12);
}

static void
test_spearman_absolute (void)
{
  const float a[] = { -3, 1, 2 }, b[] = { 3, 1, 2 };
  /* |a| = b: 1; signed ranks (1, 2, 3) and (3, 1, 2): −1 / 2. */
  g_assert_cmpfloat_with_epsilon (sl_spearman (a, b, 3, TRUE), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (sl_spearman (a, b, 3, FALSE), -0.5, 1e-12);
}

static void
test_spearman_degenerate (void)
{
  const float a[] = { 1, 2, 3 }, k[] = { 2, 2, 2 }, s[] = { -1, 1, 1 };
  g_assert_true (isnan (sl_spearman (a, k, 3, FALSE)));
  g_assert_true (isnan (sl_spearman (k, a, 3, TRUE)));
  g_assert_true (isnan (sl_spearman (a, a, 1, FALSE)));
  g_assert_true (isnan (sl_spearman (a, a, 0, FALSE)));
  /* Constant only in absolute value. */
  g_assert_true (isnan (sl_spearman (s, a, 3, TRUE)));
  g_assert_false (isnan (sl_spearman (s, a, 3, FALSE)));
}

/* SSIM computed the plain way: |v| min-max scaled, a 2-D window of g(i)·g(j) at every position
 * where it fits, each moment summed directly. */
static double
ssim_direct (const float *a, const float *b, gsize h, gsize w)
{
  const gsize n = h * w;
  g_autofree double *na = g_new (double, n), *nb = g_new (double, n);
  const float *src[2] = { a, b };
  double *dst[2] = { na, nb };
  for (int k = 0; k < 2; k++)
    {
      double lo = INFINITY, hi = -INFINITY;
      for (gsize i = 0; i < n; i++)
        lo = fmin (lo, fabs (src[k][i])), hi = fmax (hi, fabs (src[k][i]));
      for (gsize i = 0; i < n; i++)
        dst[k][i] = hi > lo ? (fabs (src[k][i]) - lo) / (hi - lo) : 0;
    }
  const gsize th = MIN (h, 11), tw = MIN (w, 11);
  double gy[11], gx[11], sy = 0, sx = 0;
  for (gsize i = 0; i < th; i++)
    {
      const double d = i - (th - 1) / 2.0;
      sy += gy[i] = exp (-d * d / 4.5);
    }
  for (gsize i = 0; i < tw; i++)
    {
      const double d = i - (tw - 1) / 2.0;
      sx += gx[i] = exp (-d * d / 4.5);
    }
  double total = 0;
  gsize count = 0;
  for (gsize y = 0; y + th <= h; y++)
    for (gsize x = 0; x + tw <= w; x++)
      {
        double ma = 0, mb = 0, aa = 0, bb = 0, ab = 0;
        for (gsize i = 0; i < th; i++)
          for (gsize j = 0; j < tw; j++)
            {
              const double wt = gy[i] / sy * gx[j] / sx;
              const double va = na[(y + i) * w + x + j], vb = nb[(y + i) * w + x + j];
              ma += wt * va, mb += wt * vb, aa += wt * va * va, bb += wt * vb * vb, ab += wt * va * vb;
            }
        const double c1 = 1e-4, c2 = 9e-4;
        total += (2 * ma * mb + c1) * (2 * (ab - ma * mb) + c2)
                 / ((ma * ma + mb * mb + c1) * (aa - ma * ma + bb - mb * mb + c2));
        count++;
      }
  return total / count;
}

static float *
random_map (gsize n, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  float *v = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    v[i] = (float) g_rand_double_range (rand, -1, 1);
  return v;
}

static void
test_ssim_identity (void)
{
  g_autofree float *a = random_map (13 * 17, 1);
  g_autofree float *neg = g_new (float, 13 * 17);
  for (gsize i = 0; i < 13 * 17; i++)
    neg[i] = -a[i];
  g_assert_cmpfloat_with_epsilon (sl_ssim (a, a, 13, 17), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (sl_ssim (a, neg, 13, 17), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (sl_ssim (a, neg, 1, 13 * 17), 1.0, 1e-12);
  /* Scaling does not matter either: each map is scaled by its own range. */
  g_autofree float *big = g_new (float, 13 * 17);
  for (gsize i = 0; i < 13 * 17; i++)
    big[i] = 40 * a[i];
  g_assert_cmpfloat_with_epsilon (sl_ssim (a, big, 13, 17), 1.0, 1e-9);
}

static void
test_ssim_constant (void)
{
  const float k1[12] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 }, k0[12] = { 0 };
  g_assert_cmpfloat_with_epsilon (sl_ssim (k1, k0, 3, 4), 1.0, 1e-12);
  g_autofree float *a = random_map (12, 2);
  const double s = sl_ssim (a, k1, 3, 4);
  g_assert_cmpfloat_with_epsilon (s, ssim_direct (a, k1, 3, 4), 1e-12);
  g_assert_cmpfloat (s, <, 0.5);
}

static void
test_ssim_hand (void)
{
  /* 1 × 3: a = (0, ½, 1), b = (1, ½, 0) after scaling; weights (e, 1, e)/(1 + 2e), e = exp(−1/4.5). */
  const float a[] = { 0, 1, 2 }, b[] = { 2, 1, 0 };
  const double e = exp (-1 / 4.5), wc = 1 / (1 + 2 * e), we = e * wc;
  const double mu = 0.5; /* both */
  const double var = wc * 0.25 + we * 1 - mu * mu;
  const double cov = wc * 0.25 - mu * mu;
  const double expect = (2 * mu * mu + 1e-4) * (2 * cov + 9e-4) / ((2 * mu * mu + 1e-4) * (2 * var + 9e-4));
  g_assert_cmpfloat_with_epsilon (sl_ssim (a, b, 1, 3), expect, 1e-12);
  g_assert_cmpfloat (expect, <, 0);
}

static void
test_ssim_direct (void)
{
  const gsize sizes[][2] = { { 13, 17 }, { 1, 40 }, { 5, 7 }, { 30, 30 }, { 11, 12 }, { 2, 50 } };
  for (gsize k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      const gsize h = sizes[k][0], w = sizes[k][1];
      g_autofree float *a = random_map (h * w, 10 + k), *b = random_map (h * w, 20 + k);
      /* Correlated too: b half a. */
      for (gsize i = 0; i < h * w; i++)
        b[i] = 0.5f * (a[i] + b[i]);
      const double s = sl_ssim (a, b, h, w), d = ssim_direct (a, b, h, w);
      g_test_message ("%zu × %zu: SSIM %.6f (direct %.6f)", h, w, s, d);
      g_assert_cmpfloat_with_epsilon (s, d, 1e-10);
      g_assert_cmpfloat (s, <, 1);
      g_assert_cmpfloat (s, >, -1);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/similarity/spearman-scipy", test_spearman_scipy);
  g_test_add_func ("/similarity/spearman-ties", test_spearman_ties);
  g_test_add_func ("/similarity/spearman-absolute", test_spearman_absolute);
  g_test_add_func ("/similarity/spearman-degenerate", test_spearman_degenerate);
  g_test_add_func ("/similarity/ssim-identity", test_ssim_identity);
  g_test_add_func ("/similarity/ssim-constant", test_ssim_constant);
  g_test_add_func ("/similarity/ssim-hand", test_ssim_hand);
  g_test_add_func ("/similarity/ssim-direct", test_ssim_direct);
  return g_test_run ();
}
