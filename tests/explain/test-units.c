/* The numeric helpers of src/explain: resampling, least squares, eigenvectors, Otsu, superpixels.
 */
#include "explain/sl-linalg.h"
#include "explain/sl-otsu.h"
#include "explain/sl-quickshift.h"
#include "explain/sl-resize.h"
#include "explain/sl-segments.h"
#include "explain/sl-slic.h"

#include <math.h>

static void
test_resize (void)
{
  /* Same size: the identity. */
  const float src[6] = { 1, 2, 3, 4, 5, 6 };
  float same[6];
  sl_resize_bilinear (src, 2, 3, 1, same, 2, 3);
  g_assert_cmpmem (same, sizeof same, src, sizeof src);
  /* 1-D, 2 → 4, half-pixel centres: sources −0.25, 0.25, 0.75, 1.25 → clamped at the edges. */
  const float two[2] = { 0, 4 };
  float four[4];
  sl_resize_bilinear (two, 1, 2, 1, four, 1, 4);
  const float expected[4] = { 0, 1, 3, 4 };
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (four[i], expected[i], 1e-6);
  /* 2-D with a stride: channel 1 of a 2 × 2 × 2 activation to 4 × 4; the mean is kept. */
  const float act[8] = { 9, 0, 9, 4, 9, 8, 9, 12 };
  float up[16];
  sl_resize_bilinear (act + 1, 2, 2, 2, up, 4, 4);
  g_assert_cmpfloat_with_epsilon (up[0], 0, 1e-6);
  g_assert_cmpfloat_with_epsilon (up[15], 12, 1e-6);
  g_assert_cmpfloat_with_epsilon (up[5], 0.5625 * 0 + 0.1875 * 4 + 0.1875 * 8 + 0.0625 * 12, 1e-5);
  double mean = 0;
  for (guint i = 0; i < 16; i++)
    mean += up[i] / 16;
  g_assert_cmpfloat_with_epsilon (mean, 6, 1e-5);
}

static void
test_lstsq (void)
{
  /* y = 2 + 3 a − b, with weights; exact data is fitted exactly. */
  double x[20 * 2], y[20], w[20], coef[2], b;
  for (guint i = 0; i < 20; i++)
    {
      x[i * 2] = i % 7, x[i * 2 + 1] = (i * i) % 5;
      y[i] = 2 + 3 * x[i * 2] - x[i * 2 + 1];
      w[i] = 0.1 + i;
    }
  g_assert_true (sl_linalg_lstsq (x, 20, 2, y, w, TRUE, coef, &b));
  g_assert_cmpfloat_with_epsilon (coef[0], 3, 1e-10);
  g_assert_cmpfloat_with_epsilon (coef[1], -1, 1e-10);
  g_assert_cmpfloat_with_epsilon (b, 2, 1e-10);
  /* A duplicated column: a dependent coefficient is 0, the fit still exact. */
  double xd[20 * 3];
  for (guint i = 0; i < 20; i++)
    xd[i * 3] = x[i * 2], xd[i * 3 + 1] = x[i * 2], xd[i * 3 + 2] = x[i * 2 + 1];
  double cd[3];
  g_assert_true (sl_linalg_lstsq (xd, 20, 3, y, NULL, TRUE, cd, &b));
  g_assert_cmpfloat_with_epsilon (cd[0] + cd[1], 3, 1e-10);
  g_assert_true (cd[0] == 0 || cd[1] == 0);
  /* Noisy data: the normal equations hold at the solution. */
  double yn[20];
  for (guint i = 0; i < 20; i++)
    yn[i] = y[i] + ((i * 37) % 11 - 5) * 0.01;
  g_assert_true (sl_linalg_lstsq (x, 20, 2, yn, NULL, FALSE, coef, NULL));
  for (guint j = 0; j < 2; j++)
    {
      double g = 0;
      for (guint i = 0; i < 20; i++)
        g += x[i * 2 + j] * (yn[i] - coef[0] * x[i * 2] - coef[1] * x[i * 2 + 1]);
      g_assert_cmpfloat (fabs (g), <, 1e-6); /* of Σ|x·y| ≈ 1e3 */
    }
  g_assert_false (sl_linalg_lstsq (x, 0, 2, y, NULL, TRUE, coef, &b));
}

static void
test_eigvec (void)
{
  /* Eigenvalues 6, 3, 1 of a known symmetric matrix: A = Q diag Qᵀ with Q a rotation. */
  const double c = cos (0.3), s = sin (0.3);
  const double q[9] = { c, -s, 0, s, c, 0, 0, 0, 1 };
  const double d[3] = { 3, 6, 1 };
  double a[9] = { 0 }, v[3];
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      for (guint k = 0; k < 3; k++)
        a[i * 3 + j] += q[i * 3 + k] * d[k] * q[j * 3 + k];
  const double lambda = sl_linalg_top_eigvec (a, 3, v);
  g_assert_cmpfloat_with_epsilon (lambda, 6, 1e-10);
  g_assert_cmpfloat_with_epsilon (fabs (v[0] * q[1] + v[1] * q[4] + v[2] * q[7]), 1, 1e-10);
}

static void
test_otsu (void)
{
  guint64 hist[256] = { 0 };
  hist[40] = 100, hist[41] = 50, hist[200] = 80, hist[210] = 20;
  const guint t = sl_otsu_split (hist, 256);
  g_assert_cmpuint (t, >, 41);
  g_assert_cmpuint (t, <=, 200);
  g_assert_cmpuint (t, ==, 42); /* the first of the equally good splits */
  guint64 flat[256] = { 0 };
  flat[7] = 10;
  g_assert_cmpuint (sl_otsu_split (flat, 256), ==, 1);
}

/* A 4-quadrant image: superpixels must not straddle the quadrant borders. */
static void
check_quadrants (const guint *labels, guint n, gsize side)
{
  g_assert_cmpuint (n, >=, 4);
  for (gsize y = 0; y < side; y++)
    for (gsize x = 0; x < side; x++)
      {
        g_assert_cmpuint (labels[y * side + x], <, n);
        const guint q = (y >= side / 2) * 2 + (x >= side / 2);
        for (gsize y2 = 0; y2 < side; y2++)
          for (gsize x2 = 0; x2 < side; x2++)
            if (labels[y2 * side + x2] == labels[y * side + x])
              g_assert_cmpuint ((y2 >= side / 2) * 2 + (x2 >= side / 2), ==, q);
      }
}

static void
test_superpixels (void)
{
  const gsize side = 24;
  g_autofree float *img = g_new (float, side * side * 3);
  static const float colours[4][3] = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 1, 1, 0 } };
  for (gsize y = 0; y < side; y++)
    for (gsize x = 0; x < side; x++)
      for (gsize c = 0; c < 3; c++)
        img[(y * side + x) * 3 + c] = colours[(y >= side / 2) * 2 + (x >= side / 2)][c];
  guint n;
  g_autofree guint *slic = sl_slic (img, side, side, 3, 16, 10, 10, NULL, &n);
  g_test_message ("SLIC: %u segments", n);
  check_quadrants (slic, n, side);
  g_autofree guint *qs = sl_quickshift (img, side, side, 3, 0.5, 2, 200, NULL, &n);
  g_test_message ("quickshift: %u segments", n);
  check_quadrants (qs, n, side);
  g_autofree guint *grid = sl_segments_grid (side, side, 12, &n);
  g_assert_cmpuint (n, ==, 4);
  check_quadrants (grid, n, side);
  g_autofree guint *sec = sl_segments_sections (10, 4, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (sec[9], ==, 2);
  /* Lab of pure white: L = 100, a = b = 0; inputs in 0 … 255 are recognised. */
  const float white[3] = { 255, 255, 255 };
  gsize nf;
  g_autofree float *lab = sl_segments_features (white, 1, 1, 3, &nf);
  g_assert_cmpuint (nf, ==, 3);
  g_assert_cmpfloat_with_epsilon (lab[0], 100, 1e-3);
  g_assert_cmpfloat_with_epsilon (lab[1], 0, 1e-2); /* scikit-image's matrix gives −0.0025 too */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/explain/units/resize", test_resize);
  g_test_add_func ("/explain/units/lstsq", test_lstsq);
  g_test_add_func ("/explain/units/eigvec", test_eigvec);
  g_test_add_func ("/explain/units/otsu", test_otsu);
  g_test_add_func ("/explain/units/superpixels", test_superpixels);
  return g_test_run ();
}
