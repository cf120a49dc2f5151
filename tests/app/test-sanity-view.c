/* test-sanity-view.c — the Sanity page of the window under Xvfb: the MNIST-1D demo, Grad-CAM's
 * cascading randomisation on 4 samples through the window's actions; the figure has one map per
 * step and the curves start at 1; another sample, exports, a cancelled run; screenshots. */
#include "sl-test-util.h"

#include "sl-gui-test-util.h"
#include "app/sl-sanity-view.h"
#include "app/sl-screenshot.h"
#include "core/sl-error.h"
#include "compose/sl-sanity-figure.h"
#include "jobs/sl-job-pool.h"

#include <adwaita.h>

typedef struct
{
  SlJobPool *pool;
  SlWindow *window;
  SlSanityView *view;
  char *dir;
} Fixture;

static void
act (Fixture *fx, const char *action, GVariant *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fx->window), action, param));
}

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
  fx->dir = g_dir_make_tmp ("sl-sanity-view-XXXXXX", &error);
  g_assert_no_error (error);
  fx->pool = sl_job_pool_new (0, 0);
  fx->window = g_object_ref_sink (sl_window_new (NULL, fx->pool, NULL));
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (fx->window));
  fx->view = SL_SANITY_VIEW (sl_window_get_sanity (fx->window));
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

static const SlSanityFigure *
shown_figure (Fixture *fx)
{
  return sl_figure_view_get_custom (sl_sanity_view_get_figure_view (fx->view));
}

static void
test_demo (Fixture *fx, gconstpointer data)
{
  sl_window_open (fx->window, "demo", "mnist1d");
  sl_test_wait_settled (fx->window, 60);
  act (fx, "win.view", g_variant_new_string ("sanity"));
  sl_test_spin (0.2);

  g_assert_true (sl_sanity_view_set_method (fx->view, "gradcam"));
  g_assert_cmpstr (sl_sanity_view_get_method (fx->view), ==, "gradcam");
  g_assert_false (sl_sanity_view_set_method (fx->view, "no-such-method"));
  sl_sanity_view_set_n_samples (fx->view, 4);
  sl_sanity_view_set_seed (fx->view, 7);
  const gint64 start = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_sanity_view_run (fx->view, &error));
  g_assert_no_error (error);
  g_assert_true (sl_sanity_view_is_busy (fx->view));
  sl_test_wait_settled (fx->window, 120);
  g_test_message ("sanity run of Grad-CAM on 4 samples: %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);

  const SlSanityResult *r = sl_sanity_view_get_result (fx->view);
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
      g_test_message ("step %u (%s): |spearman| %.3f, ssim %.3f", s,
                      s ? r->layers[s] : "original", r->mean_spearman[s], r->mean_ssim[s]);
      g_assert_true (isnan (r->mean_spearman[s])
                     || (r->mean_spearman[s] >= -1 - 1e-9 && r->mean_spearman[s] <= 1 + 1e-9));
    }
  screenshot (fx, "sanity-view-demo.png");

  /* Another sample of the run: its maps, the same curves. */
  sl_sanity_view_select_sample (fx->view, 2);
  sl_test_wait_settled (fx->window, 30);
  g_assert_cmpuint (sl_sanity_view_get_selected_sample (fx->view), ==, 2);
  g_assert_nonnull (shown_figure (fx));
  screenshot (fx, "sanity-view-sample2.png");

  /* Exports: the figure as PNG and SVG, the numbers as JSON. */
  const char *figures[] = { "sanity.png", "sanity.svg" };
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *path = g_build_filename (fx->dir, figures[i], NULL);
      g_assert_true (sl_sanity_view_export_figure (fx->view, path, 0, 0, 96, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_autofree char *json_path = g_build_filename (fx->dir, "sanity.json", NULL);
  g_assert_true (sl_sanity_view_export_data (fx->view, json_path, &error));
  g_assert_no_error (error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "seed"), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "steps")), ==,
                    r->n_steps);
  g_autofree char *bad = g_build_filename (fx->dir, "sanity.txt", NULL);
  g_assert_false (sl_sanity_view_export_data (fx->view, bad, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);

  /* A bigger run cancelled at once: nothing left running, and a later run works. */
  sl_sanity_view_set_n_samples (fx->view, 200);
  g_assert_true (sl_sanity_view_run (fx->view, &error));
  sl_test_spin (0.05);
  sl_sanity_view_cancel (fx->view);
  sl_test_wait_settled (fx->window, 60);
  g_assert_false (sl_sanity_view_is_busy (fx->view));
  const SlSanityResult *partial = sl_sanity_view_get_result (fx->view);
  if (partial)
    g_assert_cmpuint (partial->n_steps_done, <=, partial->n_steps);
  sl_sanity_view_set_n_samples (fx->view, 4);
  g_assert_true (sl_sanity_view_run (fx->view, &error));
  sl_test_wait_settled (fx->window, 120);
  g_assert_nonnull (sl_sanity_view_get_result (fx->view));
  g_assert_false (sl_sanity_view_get_result (fx->view)->partial);
}

/* The course's MNIST-1D model on its own data, when the course material is there. */
static void
test_mnist1d_h5 (Fixture *fx, gconstpointer data)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  if (!model)
    return;
  sl_window_open (fx->window, model, "mnist1d");
  sl_test_wait_settled (fx->window, 60);
  act (fx, "win.view", g_variant_new_string ("sanity"));
  g_assert_true (sl_sanity_view_set_method (fx->view, "guided-backprop"));
  sl_sanity_view_set_n_samples (fx->view, 4);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_sanity_view_run (fx->view, &error));
  sl_test_wait_settled (fx->window, 120);
  const SlSanityResult *r = sl_sanity_view_get_result (fx->view);
  g_assert_nonnull (r);
  g_assert_cmpuint (sl_sanity_figure_get_n_maps (shown_figure (fx)), ==, r->n_steps + 1);
  g_assert_cmpfloat_with_epsilon (r->mean_spearman[0], 1.0, 1e-9);
  screenshot (fx, "sanity-view-mnist1d-h5.png");
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/sanity-view/demo", Fixture, NULL, fixture_setup, test_demo, fixture_teardown);
  g_test_add ("/sanity-view/mnist1d-h5", Fixture, NULL, fixture_setup, test_mnist1d_h5,
              fixture_teardown);
  return g_test_run ();
}
