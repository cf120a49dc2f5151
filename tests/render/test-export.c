/* test-export.c — every figure kind to PNG, SVG and PDF; text stays text; atomic replacement;
 * the PNG and the re-rasterised SVG agree. Set SL_RENDER_KEEP=DIR to keep the files for review. */
#include <errno.h>
#include <glib/gstdio.h>
#include <librsvg/rsvg.h>
#include <string.h>
#include <unistd.h>

#include "core/sl-error.h"
#include "render-compare.h"
#include "render-fixtures.h"
#include "sl-test-util.h"

typedef struct
{
  char *dir;
  RenderFixtures *fixtures;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  GError *error = NULL;

  f->dir = g_dir_make_tmp ("sl-render-XXXXXX", &error);
  g_assert_no_error (error);
  f->fixtures = render_fixtures_new ();
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_chmod (path, 0755);
          remove_tree (path);
        }
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  render_fixtures_free (f->fixtures);
}

static char *
read_all (const char *path, gsize *length)
{
  GError *error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The names in a folder, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
export_case (const RenderCase *c, const char *dir, const char *extension, double dpi,
             char **path_out)
{
  GError *error = NULL;
  g_autofree char *name = g_strconcat (c->name, extension, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (sl_export_figure (path, c->width, c->height, dpi, c->draw, c->fig, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  if (path_out)
    *path_out = g_steal_pointer (&path);
}

static void
test_every_figure (Fixture *f, gconstpointer data)
{
  const char *keep = g_getenv ("SL_RENDER_KEEP");
  gsize n;
  const RenderCase *cases = render_fixtures_cases (f->fixtures, &n);

  g_assert_cmpuint (n, >=, 16);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *png = NULL, *svg = NULL, *pdf = NULL;
      gsize length;

      export_case (&cases[i], f->dir, ".png", 144, &png);
      export_case (&cases[i], f->dir, ".svg", 72, &svg);
      export_case (&cases[i], f->dir, ".pdf", 72, &pdf);

      /* PNG at 144 dpi: two pixels a point. */
      cairo_surface_t *image = cairo_image_surface_create_from_png (png);
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) ceil (cases[i].width * 2));
      g_assert_cmpint (cairo_image_surface_get_height (image), ==,
                       (int) ceil (cases[i].height * 2));
      cairo_surface_destroy (image);

      g_autofree char *svg_text = read_all (svg, &length);
      g_assert_true (g_str_has_prefix (svg_text, "<?xml"));
      g_assert_nonnull (strstr (svg_text, "<svg"));
      g_assert_nonnull (strstr (svg_text, "pt\""));
      g_autofree char *pdf_text = read_all (pdf, &length);
      g_assert_true (g_str_has_prefix (pdf_text, "%PDF-"));

      if (keep)
        {
          g_mkdir_with_parents (keep, 0755);
          export_case (&cases[i], keep, ".png", 144, NULL);
          export_case (&cases[i], keep, ".svg", 72, NULL);
          export_case (&cases[i], keep, ".pdf", 72, NULL);
        }
    }
}

/* SVG text is real <text> (cairo alone would write glyph outlines); PDF text is real text with
 * embedded font subsets and a ToUnicode map. */
static void
test_text_stays_vector (Fixture *f, gconstpointer data)
{
  const RenderCase *c = render_fixtures_find (f->fixtures, "confusion");
  g_autofree char *svg = NULL, *pdf = NULL;
  gsize length;

  export_case (c, f->dir, ".svg", 72, &svg);
  export_case (c, f->dir, ".pdf", 72, &pdf);

  g_autofree char *svg_text = read_all (svg, &length);
  g_assert_nonnull (strstr (svg_text, "<text "));
  g_assert_nonnull (strstr (svg_text, ">Predicted label</text>"));
  g_assert_nonnull (strstr (svg_text, ">1130</text>"));
  g_assert_null (strstr (svg_text, "#glyph")); /* no text left as outlines */
  g_assert_null (strstr (svg_text, "<image")); /* the matrix is drawn as rectangles */

  g_autofree char *pdf_text = read_all (pdf, &length);
  g_assert_nonnull (memmem (pdf_text, length, "/FontFile", strlen ("/FontFile")));
  g_assert_nonnull (memmem (pdf_text, length, "/ToUnicode", strlen ("/ToUnicode")));
  g_assert_nonnull (memmem (pdf_text, length, "DejaVuSans", strlen ("DejaVuSans")));

  /* With poppler-utils present: the PDF's text can be extracted, i.e. selected and searched. */
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  if (pdftotext == NULL)
    {
      g_test_message ("pdftotext not installed: extraction not checked");
      return;
    }
  const char *argv[] = { pdftotext, pdf, "-", NULL };
  g_autofree char *out = NULL;
  int status;
  GError *error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "Confusion matrix (test set)"));
  g_assert_nonnull (strstr (out, "Predicted label"));
  g_assert_nonnull (strstr (out, "STROMA"));
  g_assert_nonnull (strstr (out, "1130"));
}

/* The PNG and librsvg's rendering of the SVG, at the same pixel size, match up to antialiasing. */
static void
test_png_matches_svg (Fixture *f, gconstpointer data)
{
  gsize n;
  const RenderCase *cases = render_fixtures_cases (f->fixtures, &n);

  for (gsize i = 0; i < n; i++)
    {
      GError *error = NULL;
      g_autofree char *svg = NULL;
      RenderDiff diff;

      export_case (&cases[i], f->dir, ".svg", 72, &svg);
      cairo_surface_t *png = render_to_surface (cases[i].draw, cases[i].fig, cases[i].width,
                                                cases[i].height, 96);
      const int w = cairo_image_surface_get_width (png), h = cairo_image_surface_get_height (png);
      cairo_surface_t *raster = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cairo_t *cr = cairo_create (raster);
      RsvgHandle *handle = rsvg_handle_new_from_file (svg, &error);
      g_assert_no_error (error);
      const RsvgRectangle viewport = { 0, 0, cases[i].width * 96 / 72, cases[i].height * 96 / 72 };
      g_assert_true (rsvg_handle_render_document (handle, cr, &viewport, &error));
      g_assert_no_error (error);
      g_object_unref (handle);
      cairo_destroy (cr);

      g_assert_true (render_compare (png, raster, 32, TRUE, &diff));
      if (g_getenv ("SL_RENDER_KEEP"))
        {
          g_autofree char *a = g_strdup_printf ("%s/%s-96dpi-cairo.png",
                                                g_getenv ("SL_RENDER_KEEP"), cases[i].name);
          g_autofree char *b = g_strdup_printf ("%s/%s-96dpi-rsvg.png", g_getenv ("SL_RENDER_KEEP"),
                                                cases[i].name);
          cairo_surface_write_to_png (png, a);
          cairo_surface_write_to_png (raster, b);
        }
      g_test_message ("%s: mean %.3f, %.4f%% pixels off by > 32, max %d", cases[i].name, diff.mean,
                      100 * diff.frac_over, diff.max);
      /* Measured: means 0.35 … 1.5, ≤ 0.64 % of pixels over 32, largest differences 55 … 74 (a thin
       * missing line alone would give about 85, a missing glyph more). */
      g_assert_cmpfloat (diff.mean, <, 2.5);
      g_assert_cmpfloat (diff.frac_over, <, 0.01);
      g_assert_cmpint (diff.max, <, 128);
      cairo_surface_destroy (png);
      cairo_surface_destroy (raster);
    }
}

/* Laid out in points, a figure is the same at any dpi: 144 dpi halved matches 72 dpi. */
static void
test_dpi_invariant (Fixture *f, gconstpointer data)
{
  static const char *const names[] = { "overlay", "signal-under", "confusion-9", "training",
                                       "faithfulness-table" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const RenderCase *c = render_fixtures_find (f->fixtures, names[i]);
      cairo_surface_t *low = render_to_surface (c->draw, c->fig, c->width, c->height, 72);
      cairo_surface_t *high = render_to_surface (c->draw, c->fig, c->width, c->height, 144);
      cairo_surface_t *halved = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                            cairo_image_surface_get_width (low),
                                                            cairo_image_surface_get_height (low));
      cairo_t *cr = cairo_create (halved);
      RenderDiff diff;

      cairo_scale (cr, 0.5, 0.5);
      cairo_set_source_surface (cr, high, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_destroy (cr);

      g_assert_true (render_compare (low, halved, 32, TRUE, &diff));
      g_test_message ("%s: mean %.3f, %.4f%% pixels off by > 32, max %d", names[i], diff.mean,
                      100 * diff.frac_over, diff.max);
      g_assert_cmpfloat (diff.mean, <, 2.5);
      g_assert_cmpfloat (diff.frac_over, <, 0.015);
      cairo_surface_destroy (low);
      cairo_surface_destroy (high);
      cairo_surface_destroy (halved);
    }
}

/* sl_figure_draw_scaled, as a window would use it, draws exactly what a 2× PNG shows. */
static void
test_draw_scaled (Fixture *f, gconstpointer data)
{
  const RenderCase *c = render_fixtures_find (f->fixtures, "roc");
  cairo_surface_t *png = render_to_surface (c->draw, c->fig, c->width, c->height, 144);
  const int w = cairo_image_surface_get_width (png), h = cairo_image_surface_get_height (png);
  cairo_surface_t *widget = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (widget);
  RenderDiff diff;

  sl_figure_draw_scaled (cr, c->width * 2, c->height * 2, 2.0, c->draw, c->fig);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  g_assert_true (render_compare (png, widget, 0, FALSE, &diff));
  g_assert_cmpint (diff.max, ==, 0);
  cairo_surface_destroy (png);
  cairo_surface_destroy (widget);
}

static void
draw_broken (cairo_t *cr, double width, double height, gpointer data)
{
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr); /* no matching save: cr is now in error */
}

static void
draw_red (cairo_t *cr, double width, double height, gpointer data)
{
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_paint (cr);
}

static void
test_bad_extension (Fixture *f, gconstpointer data)
{
  static const char *const names[] = { "figure.bmp", "figure", "figure.png.txt", ".svgx" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GError *error = NULL;
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      g_assert_false (sl_export_figure (path, 100, 100, 72, draw_red, NULL, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
      g_clear_error (&error);
    }
  g_autofree char *listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "");

  /* Upper case extensions are fine. */
  GError *error = NULL;
  g_autofree char *upper = g_build_filename (f->dir, "FIGURE.PDF", NULL);
  g_assert_true (sl_export_figure (upper, 100, 100, 72, draw_red, NULL, &error));
  g_assert_no_error (error);
}

static void
test_bad_arguments (Fixture *f, gconstpointer data)
{
  GError *error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "figure.png", NULL);

  g_assert_false (sl_export_figure (path, 0, 100, 72, draw_red, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sl_export_figure (path, 100, NAN, 72, draw_red, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sl_export_figure (path, 100, 100, 0, draw_red, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sl_export_figure (path, 1e6, 100, 300, draw_red, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_autofree char *listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "");
}

static void
test_unwritable_folder (Fixture *f, gconstpointer data)
{
  GError *error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "figure.png", NULL);
  g_autofree char *file = g_build_filename (f->dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "figure.svg", NULL);

  g_assert_false (sl_export_figure (missing, 100, 100, 72, draw_red, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_clear_error (&error);

  /* A folder that is a file fails even for root. */
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (sl_export_figure (under_file, 100, 100, 72, draw_red, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_IO);
  g_clear_error (&error);

  /* A read-only folder; root writes anyway, so that case cannot be tried as root. */
  g_autofree char *locked = g_build_filename (f->dir, "locked", NULL);
  g_autofree char *locked_path = g_build_filename (locked, "figure.pdf", NULL);
  g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
  if (access (locked, W_OK) == 0)
    g_test_message ("running as root: the read-only folder is writable, not checked");
  else
    {
      g_assert_false (sl_export_figure (locked_path, 100, 100, 72, draw_red, NULL, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_IO);
      g_clear_error (&error);
      g_autofree char *listing = list_dir (locked);
      g_assert_cmpstr (listing, ==, "");
    }
}

/* A failed export leaves the old file as it was and no temporary file behind, in every format. */
static void
test_atomic_replace (Fixture *f, gconstpointer data)
{
  static const char *const names[] = { "figure.png", "figure.svg", "figure.pdf" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GError *error = NULL;
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_set_contents (path, "old figure", -1, NULL));
      g_assert_false (sl_export_figure (path, 120, 80, 72, draw_broken, NULL, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, names[i]));
      g_clear_error (&error);
      contents = read_all (path, &length);
      g_assert_cmpstr (contents, ==, "old figure");
      g_autofree char *listing = list_dir (f->dir);
      g_assert_cmpstr (listing, ==, names[i]);

      /* A good export replaces it whole. */
      g_assert_true (sl_export_figure (path, 120, 80, 72, draw_red, NULL, &error));
      g_assert_no_error (error);
      g_free (contents);
      contents = read_all (path, &length);
      g_assert_cmpuint (length, >, 20);
      g_assert_cmpstr (contents, !=, "old figure");
      g_autofree char *after = list_dir (f->dir);
      g_assert_cmpstr (after, ==, names[i]);
      g_unlink (path);
    }

  /* A target that is a folder: the rename fails, the temporary file goes. */
  GError *error = NULL;
  g_autofree char *dir_target = g_build_filename (f->dir, "taken.png", NULL);
  g_assert_cmpint (g_mkdir (dir_target, 0755), ==, 0);
  g_assert_false (sl_export_figure (dir_target, 50, 50, 72, draw_red, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_IO);
  g_clear_error (&error);
  g_autofree char *listing = list_dir (f->dir);
  g_assert_cmpstr (listing, ==, "taken.png");
}

/* The file gets the usual permissions (not mkstemp's 0600). */
static void
test_permissions (Fixture *f, gconstpointer data)
{
  GError *error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "figure.png", NULL);
  GStatBuf st;
  const mode_t mask = umask (022);

  umask (mask);
  g_assert_true (sl_export_figure (path, 30, 30, 72, draw_red, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0666 & ~mask);
}

static void
test_format_for_path (void)
{
  SlExportFormat format;

  g_assert_true (sl_export_format_for_path ("a/b.c/fig.Svg", &format, NULL));
  g_assert_cmpint (format, ==, SL_EXPORT_SVG);
  g_assert_true (sl_export_format_for_path ("fig.png", &format, NULL));
  g_assert_cmpint (format, ==, SL_EXPORT_PNG);
  g_assert_true (sl_export_format_for_path ("fig.pdf", &format, NULL));
  g_assert_cmpint (format, ==, SL_EXPORT_PDF);
  g_assert_false (sl_export_format_for_path ("a.pdf/fig", &format, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/render/export/every-figure", Fixture, NULL, fixture_set_up, test_every_figure,
              fixture_tear_down);
  g_test_add ("/render/export/text-stays-vector", Fixture, NULL, fixture_set_up,
              test_text_stays_vector, fixture_tear_down);
  g_test_add ("/render/export/png-matches-svg", Fixture, NULL, fixture_set_up, test_png_matches_svg,
              fixture_tear_down);
  g_test_add ("/render/export/dpi-invariant", Fixture, NULL, fixture_set_up, test_dpi_invariant,
              fixture_tear_down);
  g_test_add ("/render/export/draw-scaled", Fixture, NULL, fixture_set_up, test_draw_scaled,
              fixture_tear_down);
  g_test_add ("/render/export/bad-extension", Fixture, NULL, fixture_set_up, test_bad_extension,
              fixture_tear_down);
  g_test_add ("/render/export/bad-arguments", Fixture, NULL, fixture_set_up, test_bad_arguments,
              fixture_tear_down);
  g_test_add ("/render/export/unwritable-folder", Fixture, NULL, fixture_set_up,
              test_unwritable_folder, fixture_tear_down);
  g_test_add ("/render/export/atomic-replace", Fixture, NULL, fixture_set_up, test_atomic_replace,
              fixture_tear_down);
  g_test_add ("/render/export/permissions", Fixture, NULL, fixture_set_up, test_permissions,
              fixture_tear_down);
  g_test_add_func ("/render/export/format-for-path", test_format_for_path);
  const int status = g_test_run ();
  render_test_shutdown ();
  return status;
}
