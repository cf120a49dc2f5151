/* test-reference.c — figures against reviewed reference PNGs in tests/render/reference/, with a
 * tolerance for antialiasing and font differences. SL_UPDATE_REFERENCE=1 rewrites them (look at
 * every one before committing). */
#include <glib/gstdio.h>

#include "render-compare.h"
#include "render-fixtures.h"
#include "sl-test-util.h"

/* 300 × 225 pt at 96 dpi: 400 × 300 pixels. */
#define REF_WIDTH  300.0
#define REF_HEIGHT 225.0
#define REF_DPI    96.0

static const char *const reference_cases[] = { "overlay", "overlay-mask", "signal", "confusion",
                                               "roc", "class-bars" };

static void
test_reference (gconstpointer data)
{
  const char *name = data;
  g_autoptr (RenderFixtures) fixtures = render_fixtures_new ();
  const RenderCase *c = render_fixtures_find (fixtures, name);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "render", "reference", file, NULL);
  cairo_surface_t *rendered, *reference;
  RenderDiff diff;

  g_assert_nonnull (c);
  rendered = render_to_surface (c->draw, c->fig, REF_WIDTH, REF_HEIGHT, REF_DPI);

  if (g_strcmp0 (g_getenv ("SL_UPDATE_REFERENCE"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (rendered, path), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (rendered);
      g_test_skip ("reference rewritten");
      return;
    }

  reference = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (reference), ==, CAIRO_STATUS_SUCCESS);
  g_assert_true (render_compare (rendered, reference, 48, FALSE, &diff));
  g_test_message ("%s: mean %.3f, %.4f%% pixels off by > 48, max %d", name, diff.mean,
                  100 * diff.frac_over, diff.max);
  if (diff.mean >= 1.0 || diff.frac_over >= 0.005)
    {
      /* Keep what was drawn next to the test log, to see what changed. */
      g_autofree char *actual = g_strconcat (name, "-actual.png", NULL);
      cairo_surface_write_to_png (rendered, actual);
      g_test_message ("wrote %s", actual);
    }
  g_assert_cmpfloat (diff.mean, <, 1.0);
  g_assert_cmpfloat (diff.frac_over, <, 0.005);
  cairo_surface_destroy (rendered);
  cairo_surface_destroy (reference);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (reference_cases); i++)
    {
      g_autofree char *test = g_strconcat ("/render/reference/", reference_cases[i], NULL);
      g_test_add_data_func (test, reference_cases[i], test_reference);
    }
  const int status = g_test_run ();
  render_test_shutdown ();
  return status;
}
