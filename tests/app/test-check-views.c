/* test-check-views.c — the explanation checks in the window under Xvfb, driven through its
 * actions. The Sanity page: the MNIST-1D demo, Grad-CAM's cascading randomisation on 4 samples —
 * one map per step, curves that start at 1 — another sample, exports, a cancelled run. The
 * localisation table of the Faithfulness page: on a dataset with ground truth (MNIST-1D's "digit",
 * the shapes' "object" and "mark") a run also measures the pointing game, relevance mass and rank
 * of each method — one row per method, values in [0, 100] %, exports, another region; on a dataset
 * without it, the section says why it is missing. Screenshots go to the build folder. */
#include "sl-test-util.h"

#include "sl-gui-test-util.h"
#include "app/sl-faith-view.h"
#include "app/sl-sanity-view.h"
#include "app/sl-screenshot.h"
#include "compose/sl-sanity-figure.h"
#include "core/sl-error.h"
#include "jobs/sl-job-pool.h"

#include <adwaita.h>

typedef struct
{
  SlJobPool *pool;
  SlWindow *window;
  SlSanityView *sanity;
  SlFaithView *faith;
  char *dir;
} Fixture;

static void
screenshot (Fixture *fx, const char *name)
{
  sl_test_spin (0.4);
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", name, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_screenshot_widget (GTK_WIDGET (fx->window), path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  fx->dir = g_dir_make_tmp ("sl-check-views-XXXXXX", &error);
  g_assert_no_error (error);
  fx->pool = sl_job_pool_new (0, 0);
  fx->window = g_object_ref_sink (sl_window_new (NULL, fx->pool, NULL));
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 1500, 950);
  gtk_window_present (GTK_WINDOW (fx->window));
  fx->sanity = SL_SANITY_VIEW (sl_window_get_sanity (fx->window));
  fx->faith = SL_FAITH_VIEW (sl_window_get_faith (fx->window));
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fx->window));
  g_clear_object (&fx->window);
  sl_job_pool_cancel_all (fx->pool);
  sl_test_spin (0.05);
  g_clear_object (&fx->pool);
  sl_test_remove_tree (fx->dir);
  g_free (fx->dir);
}

/* Opens model and dataset and shows `page` (win.view); FALSE when they could not be opened. */
static gboolean
open_page (Fixture *fx, const char *model, const char *dataset, const char *page)
{
  sl_window_open (fx->window, model, dataset);
  sl_test_wait_settled (fx->window, 60);
  SlSession *session = sl_window_get_session (fx->window);
  if (!sl_session_get_model (session) || !sl_session_get_dataset (session))
    return FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->window), "win.view", "s", page));
  sl_test_spin (0.2);
  return TRUE;
}

/* ---- The Sanity page ---- */

static const SlSanityFigure *
shown_figure (Fixture *fx)
{
  return sl_figure_view_get_custom (sl_sanity_view_get_figure_view (fx->sanity));
}

static void
test_sanity_demo (Fixture *fx, gconstpointer data)
{
  g_assert_true (open_page (fx, "demo", "mnist1d", "sanity"));

  g_assert_true (sl_sanity_view_set_method (fx->sanity, "gradcam"));
  g_assert_cmpstr (sl_sanity_view_get_method (fx->sanity), ==, "gradcam");
  g_assert_false (sl_sanity_view_set_method (fx->sanity, "no-such-method"));
  sl_sanity_view_set_n_samples (fx->sanity, 4);
  sl_sanity_view_set_seed (fx->sanity, 7);
  const gint64 start = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_sanity_view_run (fx->sanity, &error));
  g_assert_no_error (error);
  g_assert_true (sl_sanity_view_is_busy (fx->sanity));
  sl_test_wait_settled (fx->window, 120);
  g_test_message ("sanity run of Grad-CAM on 4 samples: %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);

  const SlSanityResult *r = sl_sanity_view_get_result (fx->sanity);
  g_assert_nonnull (r);
  g_assert_false (r->partial);
  g_assert_cmpuint (r->n_samples, ==, 4);
  g_assert_cmpuint (r->n_steps, >=, 1);
  g_assert_cmpuint (r->n_steps_done, ==, r->n_steps);
  const SlSanityFigure *fig = shown_figure (fx);
  g_assert_nonnull (fig);
  g_assert_cmpuint (sl_sanity_figure_get_n_maps (fig), ==, r->n_steps + 1);
  /* Step 0 is the trained model against itself. */
  g_assert_cmpfloat_with_epsilon (r->mean_spearman[0], 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->mean_ssim[0], 1.0, 1e-9);
  for (guint s = 0; s <= r->n_steps; s++)
    {
      g_test_message ("step %u (%s): |spearman| %.3f, ssim %.3f", s, s ? r->layers[s] : "original",
                      r->mean_spearman[s], r->mean_ssim[s]);
      g_assert_true (isnan (r->mean_spearman[s])
                     || (r->mean_spearman[s] >= -1 - 1e-9 && r->mean_spearman[s] <= 1 + 1e-9));
    }
  screenshot (fx, "sanity-view-demo.png");

  /* Another sample of the run: its maps, the same curves. */
  sl_sanity_view_select_sample (fx->sanity, 2);
  sl_test_wait_settled (fx->window, 30);
  g_assert_cmpuint (sl_sanity_view_get_selected_sample (fx->sanity), ==, 2);
  g_assert_nonnull (shown_figure (fx));
  screenshot (fx, "sanity-view-sample2.png");

  /* Exports: the figure as PNG and SVG, the numbers as JSON. */
  const char *figures[] = { "sanity.png", "sanity.svg" };
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *path = g_build_filename (fx->dir, figures[i], NULL);
      g_assert_true (sl_sanity_view_export_figure (fx->sanity, path, 0, 0, 96, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_autofree char *json_path = g_build_filename (fx->dir, "sanity.json", NULL);
  g_assert_true (sl_sanity_view_export_data (fx->sanity, json_path, &error));
  g_assert_no_error (error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "seed"), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "steps")), ==,
                    r->n_steps);
  g_autofree char *bad = g_build_filename (fx->dir, "sanity.txt", NULL);
  g_assert_false (sl_sanity_view_export_data (fx->sanity, bad, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);

  /* A bigger run cancelled at once: nothing left running, and a later run works. */
  sl_sanity_view_set_n_samples (fx->sanity, 200);
  g_assert_true (sl_sanity_view_run (fx->sanity, &error));
  sl_test_spin (0.05);
  sl_sanity_view_cancel (fx->sanity);
  sl_test_wait_settled (fx->window, 60);
  g_assert_false (sl_sanity_view_is_busy (fx->sanity));
  const SlSanityResult *partial = sl_sanity_view_get_result (fx->sanity);
  if (partial)
    g_assert_cmpuint (partial->n_steps_done, <=, partial->n_steps);
  sl_sanity_view_set_n_samples (fx->sanity, 4);
  g_assert_true (sl_sanity_view_run (fx->sanity, &error));
  sl_test_wait_settled (fx->window, 120);
  g_assert_nonnull (sl_sanity_view_get_result (fx->sanity));
  g_assert_false (sl_sanity_view_get_result (fx->sanity)->partial);
}

/* The course's MNIST-1D model on its own data, when the course material is there. */
static void
test_sanity_mnist1d_h5 (Fixture *fx, gconstpointer data)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  if (!model)
    return;
  g_assert_true (open_page (fx, model, "mnist1d", "sanity"));
  g_assert_true (sl_sanity_view_set_method (fx->sanity, "guided-backprop"));
  sl_sanity_view_set_n_samples (fx->sanity, 4);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_sanity_view_run (fx->sanity, &error));
  sl_test_wait_settled (fx->window, 120);
  const SlSanityResult *r = sl_sanity_view_get_result (fx->sanity);
  g_assert_nonnull (r);
  g_assert_cmpuint (sl_sanity_figure_get_n_maps (shown_figure (fx)), ==, r->n_steps + 1);
  g_assert_cmpfloat_with_epsilon (r->mean_spearman[0], 1.0, 1e-9);
  screenshot (fx, "sanity-view-mnist1d-h5.png");
}

/* Images: the built-in shapes model, each map a heatmap over its tile. */
static void
test_sanity_shapes (Fixture *fx, gconstpointer data)
{
  if (!open_page (fx, "shapes-demo", "shapes", "sanity"))
    {
      g_test_skip ("no built-in shapes model in this build");
      return;
    }
  sl_sanity_view_set_n_samples (fx->sanity, 4);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_sanity_view_run (fx->sanity, &error));
  sl_test_wait_settled (fx->window, 120);
  const SlSanityResult *r = sl_sanity_view_get_result (fx->sanity);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->map_shape.rank, ==, 2);
  g_assert_cmpuint (sl_sanity_figure_get_n_maps (shown_figure (fx)), ==, r->n_steps + 1);
  g_assert_cmpfloat_with_epsilon (r->mean_spearman[0], 1.0, 1e-9);
  for (guint s = 0; s <= r->n_steps; s++)
    g_test_message ("step %u (%s): |spearman| %.3f, ssim %.3f", s, s ? r->layers[s] : "original",
                    r->mean_spearman[s], r->mean_ssim[s]);
  screenshot (fx, "sanity-view-shapes.png");
}

/* ---- The localisation table ---- */

static SlDataset *
dataset (Fixture *fx)
{
  return sl_session_get_dataset (sl_window_get_session (fx->window));
}

static void
assert_percent (double fraction)
{
  g_assert_true (isnan (fraction) || (100 * fraction >= 0 && 100 * fraction <= 100));
}

/* A run of `methods` over the first `n` samples: one row per method, values in [0, 100] %. */
static const SlLocalisationTable *
run_and_check (Fixture *fx, const char *const *methods, gsize n)
{
  sl_faith_view_set_methods (fx->faith, methods);
  sl_faith_view_set_samples (fx->faith, SL_FAITH_SAMPLES_FIRST, n);
  sl_faith_view_set_curves (fx->faith, FALSE);
  const gint64 start = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_faith_view_run (fx->faith, &error));
  g_assert_no_error (error);
  g_assert_true (sl_faith_view_is_running (fx->faith));
  sl_test_wait_settled (fx->window, 180);
  g_test_message ("faithfulness + localisation of %u methods on %lu samples: %.2f s",
                  g_strv_length ((char **)methods), (gulong)n,
                  (g_get_monotonic_time () - start) / 1e6);
  const SlLocalisationTable *t = sl_faith_view_get_localisation (fx->faith);
  g_assert_nonnull (t);
  const guint n_methods = g_strv_length ((char **)methods);
  g_assert_cmpuint (t->n_methods, ==, n_methods);
  g_assert_cmpuint (sl_faith_view_get_n_localisation_rows (fx->faith), ==, n_methods);
  g_assert_cmpuint (t->n_done, ==, n);
  g_assert_false (t->partial);
  for (guint m = 0; m < t->n_methods; m++)
    {
      g_test_message ("%s, region %s: pointing %.1f %%, mass %.1f %%, rank %.1f %% (%lu samples)",
                      t->methods[m], t->region, 100 * t->pointing[m], 100 * t->mass[m],
                      100 * t->rank[m], (gulong)t->n_counted[m]);
      assert_percent (t->pointing[m]);
      assert_percent (t->mass[m]);
      assert_percent (t->rank[m]);
      g_assert_cmpuint (t->n_counted[m], <=, n);
    }
  g_assert_nonnull (
      sl_figure_view_get_custom (sl_faith_view_get_figure_view (fx->faith, "localisation")));
  return t;
}

static void
check_exports (Fixture *fx, guint n_methods)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *csv = g_build_filename (fx->dir, "loc.csv", NULL);
  g_assert_true (sl_faith_view_export_localisation (fx->faith, csv, &error));
  g_assert_no_error (error);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (g_strchomp (text), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_methods + 1);
  g_assert_cmpstr (lines[0], ==, "method,region,pointing,mass,rank,samples,seconds");

  g_autofree char *json = g_build_filename (fx->dir, "loc.json", NULL);
  g_assert_true (sl_faith_view_export_localisation (fx->faith, json, &error));
  g_assert_no_error (error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "methods")), ==,
                    n_methods);

  g_autofree char *png = g_build_filename (fx->dir, "loc.png", NULL);
  g_assert_true (sl_faith_view_export_figure (fx->faith, "localisation", png, 0, 0, 96, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_autofree char *bad = g_build_filename (fx->dir, "loc.txt", NULL);
  g_assert_false (sl_faith_view_export_localisation (fx->faith, bad, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
}

/* The demo on the built-in MNIST-1D test set: with its "digit" region, the table; without it, the
 * line that says why. */
static void
test_loc_mnist1d (Fixture *fx, gconstpointer data)
{
  g_assert_true (open_page (fx, "demo", "mnist1d", "faithfulness"));
  if (dataset (fx)->n_regions == 0)
    {
      g_assert_true (g_str_has_prefix (sl_faith_view_get_localisation_status (fx->faith),
                                       "This dataset has no ground truth"));
      screenshot (fx, "localisation-view-none.png");
      g_test_skip ("MNIST-1D has no regions in this build");
      return;
    }
  const char *const methods[] = { "gradcam", "gradcam++", "saliency", NULL };
  run_and_check (fx, methods, 40);
  screenshot (fx, "localisation-view-mnist1d.png");
  sl_faith_view_show_figure (fx->faith, "localisation");
  screenshot (fx, "localisation-view-mnist1d-figure.png");
  check_exports (fx, 3);
}

/* The shapes with a shortcut, two regions ("object" and the corner "mark"): the selector, and a
 * finished run measured again against the other region. The model reads the mark (its test split
 * swaps the marks): the gradient points at the mark more often than at the object. */
static void
test_loc_shapes (Fixture *fx, gconstpointer data)
{
  if (!open_page (fx, "shapes-shortcut-demo", "shapes-shortcut", "faithfulness")
      || dataset (fx)->n_regions < 2)
    {
      g_test_skip ("no built-in shapes-shortcut model and dataset with two regions in this build");
      return;
    }
  const char *const methods[] = { "gradcam", "saliency", NULL };
  const SlLocalisationTable *t = run_and_check (fx, methods, 24);
  g_assert_cmpstr (t->region, ==, "object");
  const double object_pointing = t->pointing[1];
  g_assert_false (sl_faith_view_set_region (fx->faith, "no-such-region"));
  g_assert_true (sl_faith_view_set_region (fx->faith, "mark"));
  g_assert_true (sl_faith_view_is_running (fx->faith));
  sl_test_wait_settled (fx->window, 120);
  t = sl_faith_view_get_localisation (fx->faith);
  g_assert_nonnull (t);
  g_assert_cmpstr (t->region, ==, "mark");
  g_assert_cmpuint (sl_faith_view_get_n_localisation_rows (fx->faith), ==, 2);
  g_test_message ("saliency points at the object %.1f %%, at the mark %.1f %%",
                  100 * object_pointing, 100 * t->pointing[1]);
  g_assert_cmpfloat (t->pointing[1], >, object_pointing);
  screenshot (fx, "localisation-view-shapes.png");
  sl_faith_view_show_figure (fx->faith, "localisation");
  screenshot (fx, "localisation-view-shapes-figure.png");
}

/* A dataset file without ground truth (the course's MNIST-1D data). */
static void
test_loc_no_regions (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = sl_test_shared ("data/mnist1d_data.h5");
  if (!path)
    return;
  g_assert_true (open_page (fx, "demo", path, "faithfulness"));
  if (dataset (fx)->n_regions > 0)
    {
      g_test_skip ("the course's MNIST-1D file has regions in this build");
      return;
    }
  g_assert_true (g_str_has_prefix (sl_faith_view_get_localisation_status (fx->faith),
                                   "This dataset has no ground truth"));
  /* Two methods: a one-row table figure is shorter than SlFigureView's minimum height, which GTK
   * warns about (fatal in tests). */
  const char *const methods[] = { "gradcam", "gradcam++", NULL };
  sl_faith_view_set_methods (fx->faith, methods);
  sl_faith_view_set_samples (fx->faith, SL_FAITH_SAMPLES_FIRST, 5);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_faith_view_run (fx->faith, &error));
  sl_test_wait_settled (fx->window, 60);
  g_assert_null (sl_faith_view_get_localisation (fx->faith));
  g_assert_cmpuint (sl_faith_view_get_n_localisation_rows (fx->faith), ==, 0);
  g_autofree char *csv = g_build_filename (fx->dir, "loc.csv", NULL);
  g_assert_false (sl_faith_view_export_localisation (fx->faith, csv, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  screenshot (fx, "localisation-view-none.png");
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/sanity-view/demo", Fixture, NULL, fixture_setup, test_sanity_demo,
              fixture_teardown);
  g_test_add ("/sanity-view/mnist1d-h5", Fixture, NULL, fixture_setup, test_sanity_mnist1d_h5,
              fixture_teardown);
  g_test_add ("/sanity-view/shapes", Fixture, NULL, fixture_setup, test_sanity_shapes,
              fixture_teardown);
  g_test_add ("/localisation-view/mnist1d", Fixture, NULL, fixture_setup, test_loc_mnist1d,
              fixture_teardown);
  g_test_add ("/localisation-view/shapes", Fixture, NULL, fixture_setup, test_loc_shapes,
              fixture_teardown);
  g_test_add ("/localisation-view/no-regions", Fixture, NULL, fixture_setup, test_loc_no_regions,
              fixture_teardown);
  return g_test_run ();
}
