/* test-check-figures.c — the figures of the explanation checks, headless: the sanity figure of a
 * real cascading randomisation of the demo model (one map per step, a partial result, a view that
 * does not fit) and the localisation bars (a table made here, and a real run when the dataset has
 * ground truth), exported as PNG, SVG and PDF. The PNGs stay in the build folder to look at. */
#include "sl-test-util.h"

#include "compose/sl-localisation-figure.h"
#include "compose/sl-open.h"
#include "compose/sl-sanity-figure.h"
#include "core/sl-error.h"

#include <pango/pangocairo.h>

typedef struct
{
  SlModel *model;
  SlDataset *dataset;
  char *dir;
} Fixture;

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  f->model = sl_open_model ("demo", &error);
  g_assert_no_error (error);
  f->dataset = sl_open_dataset ("mnist1d", f->model, &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("sl-check-figures-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->dataset, sl_dataset_free);
  g_clear_pointer (&f->model, sl_model_free);
  sl_test_remove_tree (f->dir);
  g_free (f->dir);
  /* Pango's font caches hold fontconfig patterns that would otherwise outlive the test. */
  pango_cairo_font_map_set_default (NULL);
}

/* Exports `draw`'s figure as PNG (also into the build folder as `name`), SVG and PDF. */
static void
export_all (Fixture *f, const char *name,
            gboolean (*export) (gconstpointer, const char *, double, double, double, GError **),
            gconstpointer fig)
{
  const char *exts[] = { "png", "svg", "pdf" };
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *file = g_strdup_printf ("figure.%s", exts[i]);
      g_autofree char *path = g_build_filename (f->dir, file, NULL);
      g_autoptr (GError) error = NULL;
      g_assert_true (export(fig, path, 0, 0, 72, &error));
      g_assert_no_error (error);
      GStatBuf st;
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, >, 1000);
    }
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *kept = g_build_filename (dir ? dir : ".", name, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (export(fig, kept, 0, 0, 96, &error));
  g_test_message ("figure: %s", kept);
}

static gboolean
export_sanity (gconstpointer fig, const char *path, double w, double h, double dpi, GError **error)
{
  return sl_sanity_figure_export (fig, path, w, h, dpi, error);
}

static gboolean
export_localisation (gconstpointer fig, const char *path, double w, double h, double dpi,
                     GError **error)
{
  return sl_localisation_figure_export (fig, path, w, h, dpi, error);
}

static void
test_sanity (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  SlExplainRequest request;
  sl_explain_request_init (&request, "gradcam");
  SlSanityOptions options;
  sl_sanity_options_init (&options);
  options.seed = 3;
  const gsize indices[] = { 5, 9, 12 };
  g_autoptr (SlSanityResult) r = sl_sanity_run (f->model, f->dataset, indices, 3, &request,
                                                &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_autoptr (SlSampleView) view = sl_sample_view_new (f->model, f->dataset, 9, NULL, &error);
  g_assert_no_error (error);

  g_autoptr (SlSanityFigure) fig = sl_sanity_figure_new (r, 1, view, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_sanity_figure_get_n_maps (fig), ==, r->n_steps + 1);
  double w = 0, h = 0;
  sl_sanity_figure_get_size (fig, &w, &h);
  g_assert_cmpfloat (w, >, 100);
  g_assert_cmpfloat (h, >, 100);
  export_all (f, "sanity-figure-demo.png", export_sanity, fig);

  /* The view of another sample does not fit this result's sample 1. */
  g_autoptr (SlSampleView) other = sl_sample_view_new (f->model, f->dataset, 5, NULL, &error);
  g_assert_null (sl_sanity_figure_new (r, 1, other, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);

  /* A partial result: the steps not done are drawn empty. */
  const guint n_steps_done = r->n_steps_done;
  r->n_steps_done = 1;
  r->partial = TRUE;
  g_autoptr (SlSanityFigure) partial = sl_sanity_figure_new (r, 1, view, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_sanity_figure_get_n_maps (partial), ==, 2);
  export_all (f, "sanity-figure-partial.png", export_sanity, partial);
  r->n_steps_done = n_steps_done;
}

static void
test_localisation_made (Fixture *f, gconstpointer data)
{
  /* A table as sl_localisation_run fills it, for two methods over 10 samples. */
  char *methods[] = { "gradcam (prob)", "saliency (logit)", NULL };
  double pointing[] = { 0.9, 0.4 }, mass[] = { 0.62, NAN }, rank[] = { 0.55, 0.31 };
  gsize counted[] = { 10, 10 };
  double seconds[] = { 0.1, 0.2 };
  const SlLocalisationTable t = {
    .n_methods = 2,
    .n_samples = 10,
    .n_done = 10,
    .dataset = "mnist1d",
    .region = "digit",
    .methods = methods,
    .pointing = pointing,
    .mass = mass,
    .rank = rank,
    .n_counted = counted,
    .method_seconds = seconds,
  };
  g_autoptr (SlLocalisationFigure) fig = sl_localisation_figure_new (&t, NULL, NULL);
  double w = 0, h = 0;
  sl_localisation_figure_get_size (fig, &w, &h);
  g_assert_cmpfloat (w, >, 100);
  g_assert_cmpfloat (h, >, 100);
  export_all (f, "localisation-figure-made.png", export_localisation, fig);
}

static void
test_localisation_run (Fixture *f, gconstpointer data)
{
  if (f->dataset->n_regions == 0)
    {
      g_test_skip ("MNIST-1D has no regions in this build");
      return;
    }
  SlExplainRequest requests[3];
  const char *const names[] = { "gradcam", "gradcam++", "saliency", NULL };
  for (guint m = 0; m < 3; m++)
    sl_explain_request_init (&requests[m], names[m]);
  SlLocalisationOptions options;
  sl_localisation_options_init (&options);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlLocalisationTable) t = sl_localisation_run (f->model, f->dataset, NULL, 30, requests,
                                                           3, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlLocalisationFigure) fig = sl_localisation_figure_new (t, names, NULL);
  export_all (f, "localisation-figure-demo.png", export_localisation, fig);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/compose/check-figures/sanity", Fixture, NULL, set_up, test_sanity, tear_down);
  g_test_add ("/compose/check-figures/localisation-made", Fixture, NULL, set_up,
              test_localisation_made, tear_down);
  g_test_add ("/compose/check-figures/localisation-run", Fixture, NULL, set_up,
              test_localisation_run, tear_down);
  return g_test_run ();
}
