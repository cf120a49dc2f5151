/* test-figure-kit.c — the figure primitives: nice ticks, heatmap resizing, quantiles, contours. */
#include <math.h>

#include "render/sl-figure-contour.h"
#include "render/sl-figure-ticks.h"
#include "render/sl-heatmap.h"
#include "sl-test-util.h"

static void
test_nice_number (void)
{
  g_assert_cmpfloat (sl_nice_number (0.13, TRUE), ==, 0.1);
  g_assert_cmpfloat (sl_nice_number (0.37, FALSE), ==, 0.5);
  g_assert_cmpfloat (sl_nice_number (6.9, TRUE), ==, 5);
  g_assert_cmpfloat (sl_nice_number (7, TRUE), ==, 10);
  g_assert_cmpfloat (sl_nice_number (7, FALSE), ==, 10);
  g_assert_cmpfloat (sl_nice_number (1, FALSE), ==, 1);
  g_assert_cmpfloat (sl_nice_number (2.9, TRUE), ==, 2);
  g_assert_cmpfloat_with_epsilon (sl_nice_number (1800, TRUE), 2000, 1e-9);
}

static void
assert_ticks (const SlTicks *t, const double *expected, int n)
{
  g_assert_cmpint (t->n, ==, n);
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (t->values[i], expected[i], 1e-9);
}

static void
test_ticks (void)
{
  SlTicks t;
  static const double unit[] = { 0, 0.2, 0.4, 0.6, 0.8, 1.0 };
  static const double hundred[] = { 0, 20, 40, 60, 80, 100 };
  static const double signed_[] = { -2, 0, 2, 4, 6 };

  sl_ticks_compute (&t, 0, 1, 6, FALSE);
  assert_ticks (&t, unit, 6);
  g_assert_cmpint (t.decimals, ==, 1);
  g_assert_cmpfloat (t.lo, ==, 0);
  g_assert_cmpfloat (t.hi, ==, 1);

  /* Fixed limits a little wider than [0, 1] keep the ticks inside. */
  sl_ticks_compute (&t, -0.01, 1.01, 6, FALSE);
  assert_ticks (&t, unit, 6);
  g_assert_cmpfloat (t.lo, ==, -0.01);

  /* Loose labelling widens the limits to the outer ticks. */
  sl_ticks_compute (&t, 0.3, 97, 6, TRUE);
  assert_ticks (&t, hundred, 6);
  g_assert_cmpfloat (t.lo, ==, 0);
  g_assert_cmpfloat (t.hi, ==, 100);
  g_assert_cmpint (t.decimals, ==, 0);

  /* The finest nice step within the limit. */
  sl_ticks_compute (&t, -3.2, 7.9, 6, FALSE);
  assert_ticks (&t, signed_, 5);
  sl_ticks_compute (&t, 0.05, 20.95, 8, FALSE);
  g_assert_cmpfloat (t.step, ==, 5);
  sl_ticks_compute (&t, 0.05, 20.95, 10, FALSE);
  g_assert_cmpfloat (t.step, ==, 2);

  /* Never more than asked, but always two. */
  for (int max = 2; max <= 12; max++)
    {
      sl_ticks_compute (&t, 0.013, 987.6, max, FALSE);
      g_assert_cmpint (t.n, <=, MAX (max, 4));
      g_assert_cmpint (t.n, >=, 2);
      if (max >= 4)
        g_assert_cmpint (t.n, <=, max);
    }

  /* Degenerate and non-finite ranges still give ticks. */
  sl_ticks_compute (&t, 5, 5, 6, FALSE);
  g_assert_cmpint (t.n, >=, 2);
  g_assert_cmpfloat (t.lo, <, 5);
  g_assert_cmpfloat (t.hi, >, 5);
  sl_ticks_compute (&t, NAN, INFINITY, 6, FALSE);
  g_assert_cmpint (t.n, >=, 2);

  /* A narrow fixed range gets a finer step rather than a single tick. */
  sl_ticks_compute (&t, 0.31, 0.39, 3, FALSE);
  g_assert_cmpint (t.n, >=, 2);
}

static void
test_tick_labels (void)
{
  SlTicks t;

  sl_ticks_compute (&t, -1, 1, 5, FALSE);
  g_autofree char *minus = sl_ticks_label (&t, -0.5);
  g_autofree char *zero = sl_ticks_label (&t, -1e-17);
  g_autofree char *one = sl_ticks_label (&t, 1);
  g_assert_cmpstr (minus, ==, "\u22120.5");
  g_assert_cmpstr (zero, ==, "0.0");
  g_assert_cmpstr (one, ==, "1.0");

  sl_ticks_compute (&t, 0, 1000, 6, FALSE);
  g_autofree char *big = sl_ticks_label (&t, 800);
  g_assert_cmpstr (big, ==, "800");
}

static void
test_resize (void)
{
  /* Half-pixel centres, edges clamped: cv2.resize ([[0, 1]], (4, 1)) = [0, 0.25, 0.75, 1]. */
  static const float row[2] = { 0, 1 };
  static const double expected[4] = { 0, 0.25, 0.75, 1 };
  g_autofree float *wide = sl_heatmap_resize (row, 2, 1, 4, 1);
  g_assert_cmpfloat (sl_test_max_abs_diff_f (wide, expected, 4), <, 1e-7);

  /* 2 × 2 → 4 × 4: corners keep their values, the middle is the mean. */
  static const float square[4] = { 0, 1, 2, 3 };
  g_autofree float *big = sl_heatmap_resize (square, 2, 2, 4, 4);
  g_assert_cmpfloat (big[0], ==, 0);
  g_assert_cmpfloat (big[15], ==, 3);
  g_assert_cmpfloat_with_epsilon (big[1 * 4 + 1], 0.25 * 1 + 0.25 * 2, 1e-6);
  g_assert_cmpfloat_with_epsilon ((big[5] + big[6] + big[9] + big[10]) / 4, 1.5, 1e-6);

  /* The same size is the identity; shrinking stays within the source range. */
  static const float ramp[6] = { 1, 2, 3, 4, 5, 6 };
  g_autofree float *same = sl_heatmap_resize (ramp, 3, 2, 3, 2);
  for (int i = 0; i < 6; i++)
    g_assert_cmpfloat (same[i], ==, ramp[i]);
  g_autofree float *small = sl_heatmap_resize (ramp, 3, 2, 1, 1);
  g_assert_cmpfloat_with_epsilon (small[0], 3.5, 1e-6);
}

static void
test_range_quantile (void)
{
  static const float v[6] = { -0.5, 0.25, NAN, 2, 1, 0 };
  double lo, hi;

  g_assert_true (sl_heatmap_range (v, 6, FALSE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, -0.5);
  g_assert_cmpfloat (hi, ==, 2);
  g_assert_true (sl_heatmap_range (v, 6, TRUE, &lo, &hi));
  g_assert_cmpfloat (lo, ==, -2);
  g_assert_cmpfloat (hi, ==, 2);

  static const float nan2[2] = { NAN, NAN };
  g_assert_false (sl_heatmap_range (nan2, 2, FALSE, &lo, &hi));
  g_assert_true (isnan (sl_heatmap_quantile (nan2, 2, 0.5)));

  g_assert_cmpfloat (sl_heatmap_quantile (v, 6, 0), ==, -0.5);
  g_assert_cmpfloat (sl_heatmap_quantile (v, 6, 1), ==, 2);
  g_assert_cmpfloat (sl_heatmap_quantile (v, 6, 0.5), ==, 0.25);

  /* The top 20 % of 0 … 99: values ≥ the 0.8 quantile are 20 of them. */
  float hundred[100];
  for (int i = 0; i < 100; i++)
    hundred[i] = (float) ((i * 37) % 100);
  const double level = sl_heatmap_quantile (hundred, 100, 0.8);
  int above = 0;
  for (int i = 0; i < 100; i++)
    above += hundred[i] >= level;
  g_assert_cmpint (above, ==, 20);
}

static void
contour_extents (const float *field, int w, int h, double level, gsize *segments, double extents[4])
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);

  *segments = sl_contour_path (cr, field, w, h, level, 0, 0, 1, 1);
  cairo_path_extents (cr, &extents[0], &extents[1], &extents[2], &extents[3]);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_contour (void)
{
  float field[25] = { 0 };
  gsize segments;
  double e[4];

  /* One high sample amid 5 × 5: a diamond of 4 segments around its centre (2.5, 2.5). */
  field[12] = 1;
  contour_extents (field, 5, 5, 0.5, &segments, e);
  g_assert_cmpuint (segments, ==, 4);
  g_assert_cmpfloat_with_epsilon (e[0], 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (e[1], 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (e[2], 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (e[3], 3.0, 1e-9);

  /* Everything above the level: closed along the outer sample centres. */
  for (int i = 0; i < 25; i++)
    field[i] = 1;
  contour_extents (field, 5, 5, 0.5, &segments, e);
  g_assert_cmpuint (segments, ==, 4 * 5);
  g_assert_cmpfloat_with_epsilon (e[0], 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (e[2], 4.5, 1e-9);

  /* Nothing above: no path. NaN counts as below. */
  for (int i = 0; i < 25; i++)
    field[i] = NAN;
  contour_extents (field, 5, 5, 0.5, &segments, e);
  g_assert_cmpuint (segments, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/kit/nice-number", test_nice_number);
  g_test_add_func ("/render/kit/ticks", test_ticks);
  g_test_add_func ("/render/kit/tick-labels", test_tick_labels);
  g_test_add_func ("/render/kit/resize", test_resize);
  g_test_add_func ("/render/kit/range-quantile", test_range_quantile);
  g_test_add_func ("/render/kit/contour", test_contour);
  return g_test_run ();
}
