/* test-colormap.c — colour maps against matplotlib's reference values. */
#include <math.h>

#include "render/sl-colormap.h"
#include "sl-test-util.h"

static void
assert_hex (SlColormap map, double t, const char *expected)
{
  const SlColor c = sl_colormap_sample (map, t);
  g_autofree char *hex = g_strdup_printf ("#%02x%02x%02x", sl_color_byte (c.r), sl_color_byte (c.g),
                                          sl_color_byte (c.b));
  g_assert_cmpstr (hex, ==, expected);
}

static void
assert_rgb (SlColor c, double r, double g, double b, double tolerance)
{
  /* tolerance 0 asks for the exact table value */
  g_assert_cmpfloat (fabs (c.r - r), <=, tolerance);
  g_assert_cmpfloat (fabs (c.g - g), <=, tolerance);
  g_assert_cmpfloat (fabs (c.b - b), <=, tolerance);
}

/* matplotlib.colors.to_hex (cmap (t)) for t = 0, 0.5, 1 (matplotlib 3.6). */
static void
test_listed_maps (void)
{
  assert_hex (SL_COLORMAP_VIRIDIS, 0.0, "#440154");
  assert_hex (SL_COLORMAP_VIRIDIS, 0.5, "#21918c");
  assert_hex (SL_COLORMAP_VIRIDIS, 1.0, "#fde725");
  assert_hex (SL_COLORMAP_INFERNO, 0.0, "#000004");
  assert_hex (SL_COLORMAP_INFERNO, 0.5, "#bc3754");
  assert_hex (SL_COLORMAP_INFERNO, 1.0, "#fcffa4");
  assert_hex (SL_COLORMAP_MAGMA, 0.0, "#000004");
  assert_hex (SL_COLORMAP_MAGMA, 0.5, "#b73779");
  assert_hex (SL_COLORMAP_MAGMA, 1.0, "#fcfdbf");
  assert_hex (SL_COLORMAP_TURBO, 0.0, "#30123b");
  assert_hex (SL_COLORMAP_TURBO, 1.0, "#7a0403");

  /* Exactly the table entries: viridis[0], viridis[128], viridis[255], turbo[128]. */
  assert_rgb (sl_colormap_sample (SL_COLORMAP_VIRIDIS, 0.0), 0.267004, 0.004874, 0.329415, 0);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_VIRIDIS, 0.5), 0.127568, 0.566949, 0.550556, 0);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_VIRIDIS, 1.0), 0.993248, 0.906157, 0.143936, 0);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_TURBO, 0.5), 0.64362, 0.98999, 0.23356, 0);
  /* floor (256 t): the last bin starts at 255/256. */
  assert_rgb (sl_colormap_sample (SL_COLORMAP_VIRIDIS, 255.0 / 256),
              0.993248, 0.906157, 0.143936, 0);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_VIRIDIS, 254.99 / 256),
              0.983868, 0.904867, 0.136897, 0);
}

static void
test_jet (void)
{
  assert_rgb (sl_colormap_sample (SL_COLORMAP_JET, 0.0), 0, 0, 0.5, 1e-12);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_JET, 1.0), 0.5, 0, 0, 1e-12);
  /* Between the breakpoints (0.35, 0) … (0.66, 1) for red and (0.34, 1) … (0.65, 0) for blue. */
  assert_rgb (sl_colormap_sample (SL_COLORMAP_JET, 0.5), 0.15 / 0.31, 1, 1 - 0.16 / 0.31, 1e-12);
  /* matplotlib quantises jet to 256 levels: cmap(0.5) = (0.490196, 1, 0.477540). */
  assert_rgb (sl_colormap_sample (SL_COLORMAP_JET, 0.5), 0.490196, 1, 0.477540, 0.02);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_JET, 0.125), 0, 0, 1, 1e-12);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_JET, 0.89), 1, 0.02 / 0.27, 0, 1e-12);
}

static void
test_gray_and_clamping (void)
{
  assert_rgb (sl_colormap_sample (SL_COLORMAP_GRAY, 0.25), 0.25, 0.25, 0.25, 0);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_GRAY, -3), 0, 0, 0, 0);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_GRAY, 7), 1, 1, 1, 0);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_GRAY, NAN), 0, 0, 0, 0);
  assert_rgb (sl_colormap_sample (SL_COLORMAP_JET, INFINITY), 0.5, 0, 0, 0);
}

static void
test_diverging (void)
{
  const double white = 0.96862745098039216;

  g_assert_true (sl_colormap_is_diverging (SL_COLORMAP_RDBU_R));
  g_assert_true (sl_colormap_is_diverging (SL_COLORMAP_COOLWARM));
  g_assert_false (sl_colormap_is_diverging (SL_COLORMAP_JET));

  /* The exact centre colour at 0, blue below, red above (RdBu reversed). */
  assert_rgb (sl_colormap_sample (SL_COLORMAP_RDBU_R, 0.5), white, white, white, 0);
  assert_hex (SL_COLORMAP_RDBU_R, 0.0, "#053061");
  assert_hex (SL_COLORMAP_RDBU_R, 1.0, "#67001f");
  assert_rgb (sl_colormap_sample (SL_COLORMAP_COOLWARM, 0.5), 0.865395197, 0.86541021, 0.865395561,
              0);
  assert_hex (SL_COLORMAP_COOLWARM, 0.0, "#3b4cc0");
  assert_hex (SL_COLORMAP_COOLWARM, 1.0, "#b40426");

  /* A symmetric range puts attribution 0 on the centre colour. */
  const float values[3] = { -2, 0, 2 };
  guint8 rgb[9];
  sl_colormap_lookup (SL_COLORMAP_RDBU_R, values, 3, -2, 2, rgb);
  g_assert_cmpint (rgb[3], ==, 0xf7);
  g_assert_cmpint (rgb[4], ==, 0xf7);
  g_assert_cmpint (rgb[5], ==, 0xf7);
  g_assert_cmpint (rgb[0], ==, 0x05);
  g_assert_cmpint (rgb[6], ==, 0x67);
}

static void
test_lookup (void)
{
  const float values[5] = { 0, 5, 10, NAN, 20 };
  guint8 rgb[15];

  sl_colormap_lookup (SL_COLORMAP_VIRIDIS, values, 5, 0, 10, rgb);
  g_assert_cmpint (rgb[0], ==, 0x44); /* 0 → viridis(0) */
  g_assert_cmpint (rgb[3], ==, 0x21); /* 5 → viridis(0.5) */
  g_assert_cmpint (rgb[6], ==, 0xfd); /* 10 → viridis(1) */
  g_assert_cmpint (rgb[9], ==, 0x44); /* NaN → viridis(0) */
  g_assert_cmpint (rgb[12], ==, 0xfd); /* clamped */

  /* An empty range maps to the middle. */
  sl_colormap_lookup (SL_COLORMAP_GRAY, values, 1, 3, 3, rgb);
  g_assert_cmpint (rgb[0], ==, 128);
}

static void
test_names (void)
{
  for (int i = 0; i < SL_N_COLORMAPS; i++)
    {
      SlColormap map;
      g_assert_true (sl_colormap_from_name (sl_colormap_name (i), &map));
      g_assert_cmpint (map, ==, i);
    }
  SlColormap map = SL_COLORMAP_JET;
  g_assert_true (sl_colormap_from_name ("VIRIDIS", &map));
  g_assert_cmpint (map, ==, SL_COLORMAP_VIRIDIS);
  g_assert_true (sl_colormap_from_name ("grey", &map));
  g_assert_cmpint (map, ==, SL_COLORMAP_GRAY);
  g_assert_false (sl_colormap_from_name ("rainbow", &map));
  g_assert_cmpstr (sl_colormap_name (SL_COLORMAP_RDBU_R), ==, "RdBu_r");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/colormap/listed", test_listed_maps);
  g_test_add_func ("/render/colormap/jet", test_jet);
  g_test_add_func ("/render/colormap/gray-clamping", test_gray_and_clamping);
  g_test_add_func ("/render/colormap/diverging", test_diverging);
  g_test_add_func ("/render/colormap/lookup", test_lookup);
  g_test_add_func ("/render/colormap/names", test_names);
  return g_test_run ();
}
