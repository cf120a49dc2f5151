/* The window as a person uses it, driven through its actions under a virtual X server: the demo on
 * first launch, samples, methods, layers, scores and classes, a slow method run and cancelled, the
 * course's HMT model, export, errors. Screenshots of what it showed go to the build folder. */
#include "sl-test-util.h"

#include "app/sl-report-view.h"
#include "app/sl-screenshot.h"
#include "app/sl-window.h"
#include "explain/sl-method.h"
#include "jobs/sl-job-pool.h"

#include <adwaita.h>

typedef struct
{
  SlJobPool *pool;
  SlWindow *window;
  char *dir;
} Fixture;

/* Runs the main loop until the window has nothing left to compute (or fails after `seconds`). */
static void
wait_settled (Fixture *fx, double seconds)
{
  const gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint calm = 0;
  while (calm < 3)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      calm = sl_window_is_settled (fx->window) ? calm + 1 : 0;
      if (g_get_monotonic_time () > deadline)
        g_error ("the window did not settle within %.0f s", seconds);
      g_usleep (10000);
    }
}

/* Runs the main loop for a while. */
static void
spin (double seconds)
{
  const gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static void
act (Fixture *fx, const char *action, GVariant *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fx->window), action, param));
}

static void spin (double seconds);

static void
screenshot (Fixture *fx, const char *name)
{
  spin (0.4); /* let revealers and fades finish, as a person would see it */
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
  fx->dir = g_dir_make_tmp ("sl-window-XXXXXX", &error);
  g_assert_no_error (error);
  fx->pool = sl_job_pool_new (0, 0);
  fx->window = g_object_ref_sink (sl_window_new (NULL, fx->pool, NULL));
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fx->window));
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fx->window));
  g_clear_object (&fx->window);
  sl_job_pool_cancel_all (fx->pool);
  spin (0.05);
  g_clear_object (&fx->pool);
  g_autoptr (GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (fx->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

static const SlExplanation *
shown (Fixture *fx)
{
  return sl_explore_view_get_explanation (sl_window_get_explore (fx->window));
}

/* First launch: the built-in demo model on the built-in MNIST-1D test set, sample 0, Grad-CAM. */
static void
open_demo (Fixture *fx)
{
  act (fx, "win.open-demo", NULL);
  wait_settled (fx, 60);
  SlSession *session = sl_window_get_session (fx->window);
  g_assert_nonnull (sl_session_get_model (session));
  g_assert_cmpuint (sl_session_get_dataset (session)->n_samples, ==, 1000);
  g_assert_cmpuint (sl_predictions_get_n_done (sl_session_get_predictions (session)), ==, 1000);
}

static void
test_demo (Fixture *fx, gconstpointer data)
{
  open_demo (fx);
  SlExploreView *explore = sl_window_get_explore (fx->window);
  SlGallery *gallery = sl_window_get_gallery (fx->window);
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, 0);
  g_assert_cmpint (sl_explore_view_get_sample (explore), ==, 0);
  g_assert_nonnull (shown (fx));
  g_assert_cmpstr (shown (fx)->method, ==, "gradcam");
  g_assert_cmpuint (sl_gallery_get_n_shown (gallery), ==, 1000);
  screenshot (fx, "window-demo.png");

  /* Select samples: the explanation follows. */
  act (fx, "win.select-sample", g_variant_new_uint64 (17));
  wait_settled (fx, 30);
  g_assert_cmpint (sl_gallery_get_selected (gallery), ==, 17);
  g_assert_cmpint (sl_explore_view_get_sample (explore), ==, 17);
  g_assert_nonnull (shown (fx));
  act (fx, "win.next-sample", NULL);
  wait_settled (fx, 30);
  g_assert_cmpint (sl_explore_view_get_sample (explore), ==, 18);

  /* Method, score, class and layer. */
  act (fx, "win.method", g_variant_new_string ("gradcam++"));
  wait_settled (fx, 30);
  g_assert_cmpstr (shown (fx)->method, ==, "gradcam++");
  act (fx, "win.score", g_variant_new_string ("logit"));
  wait_settled (fx, 30);
  g_assert_cmpint (shown (fx)->score, ==, SL_SCORE_LOGIT);
  act (fx, "win.target", g_variant_new_int32 (3));
  wait_settled (fx, 30);
  g_assert_cmpuint (shown (fx)->target, ==, 3);
  SlModel *model = sl_session_get_model (sl_window_get_session (fx->window));
  const int first_conv = 0;
  g_assert_cmpint (model->layers[first_conv].kind, ==, SL_LAYER_CONV);
  act (fx, "win.layer", g_variant_new_string (model->layers[first_conv].name));
  wait_settled (fx, 30);
  g_assert_cmpstr (shown (fx)->layer_name, ==, model->layers[first_conv].name);

  /* A perturbation method on the demo is quick: it runs as the selection changes. */
  act (fx, "win.method", g_variant_new_string ("lime"));
  wait_settled (fx, 60);
  g_assert_cmpstr (shown (fx)->method, ==, "lime");
  screenshot (fx, "window-demo-lime.png");

  /* The report: a confusion cell filters the gallery to exactly those samples. */
  act (fx, "win.view", g_variant_new_string ("report"));
  wait_settled (fx, 60);
  SlReportView *report = SL_REPORT_VIEW (sl_window_get_report (fx->window));
  g_assert_nonnull (sl_report_view_get_report (report));
  screenshot (fx, "window-demo-report.png");
  const SlPredictions *p = sl_session_get_predictions (sl_window_get_session (fx->window));
  int t = -1, q = -1;
  for (gsize i = 0; i < 1000 && t < 0; i++)
    if (sl_predictions_get_predicted (p, i) != sl_predictions_get_label (p, i))
      t = sl_predictions_get_label (p, i), q = sl_predictions_get_predicted (p, i);
  g_assert_cmpint (t, >=, 0);
  gsize expected = 0;
  for (gsize i = 0; i < 1000; i++)
    expected += sl_predictions_get_label (p, i) == t && sl_predictions_get_predicted (p, i) == q;
  g_signal_emit_by_name (report, "filter-requested", t, q);
  g_assert_cmpuint (sl_gallery_get_n_shown (gallery), ==, expected);
  for (gsize k = 0; k < expected; k++)
    {
      const gsize i = sl_gallery_get_shown (gallery, k);
      g_assert_cmpint (sl_predictions_get_label (p, i), ==, t);
      g_assert_cmpint (sl_predictions_get_predicted (p, i), ==, q);
    }
  SlSampleFilter all;
  sl_sample_filter_init (&all);
  sl_gallery_set_filter (gallery, &all);
  act (fx, "win.view", g_variant_new_string ("explore"));

  /* The next wrong prediction is wrong. */
  act (fx, "win.next-wrong", NULL);
  wait_settled (fx, 30);
  const gssize wrong = sl_gallery_get_selected (gallery);
  const SlPredictions *pred = sl_session_get_predictions (sl_window_get_session (fx->window));
  g_assert_cmpint (wrong, >=, 0);
  g_assert_cmpint (sl_predictions_get_predicted (pred, (gsize) wrong), !=,
                   sl_predictions_get_label (pred, (gsize) wrong));
}

/* A laptop's screen: whichever view is shown, the window can be made as small as 1024 × 600 (a view
 * wider than the room it gets scrolls sideways rather than growing the window off the screen). */
static void
test_small_screen (Fixture *fx, gconstpointer data)
{
  open_demo (fx);
  const char *views[] = { "explore", "compare", "report", "faithfulness", "sanity", "train" };
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      act (fx, "win.view", g_variant_new_string (views[v]));
      wait_settled (fx, 60);
      int min_w, min_h;
      gtk_widget_measure (GTK_WIDGET (fx->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL,
                          NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (fx->window), GTK_ORIENTATION_VERTICAL, -1, &min_h, NULL,
                          NULL, NULL);
      g_test_message ("%s: the window's minimum is %d x %d", views[v], min_w, min_h);
      g_assert_cmpint (min_w, <=, 1024);
      g_assert_cmpint (min_h, <=, 600);
    }
  gtk_window_set_default_size (GTK_WINDOW (fx->window), 1024, 600);
  act (fx, "win.view", g_variant_new_string ("report"));
  wait_settled (fx, 60);
  screenshot (fx, "window-small-report.png");

  /* F9 folds the gallery away and gives the view its room; again brings it back. */
  GtkWidget *gallery = GTK_WIDGET (sl_window_get_gallery (fx->window));
  g_assert_true (gtk_widget_get_visible (gallery));
  act (fx, "win.show-gallery", NULL);
  g_assert_false (gtk_widget_get_visible (gallery));
  spin (0.2);
  GtkWidget *report = sl_window_get_report (fx->window);
  g_assert_cmpint (gtk_widget_get_width (report), >, 900);
  screenshot (fx, "window-small-report-no-gallery.png");
  act (fx, "win.show-gallery", NULL);
  g_assert_true (gtk_widget_get_visible (gallery));
}

/* Export equals the command line's render of the same request. */
static void
test_export (Fixture *fx, gconstpointer data)
{
  open_demo (fx);
  act (fx, "win.select-sample", g_variant_new_uint64 (5));
  wait_settled (fx, 30);
  g_autofree char *png = g_build_filename (fx->dir, "window.png", NULL);
  g_autofree char *svg = g_build_filename (fx->dir, "window.svg", NULL);
  act (fx, "win.export-to", g_variant_new_string (png));
  act (fx, "win.export-to", g_variant_new_string (svg));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
  g_assert_null (sl_window_get_last_error (fx->window));

  const char *cli = g_getenv ("SL_CLI");
  if (!cli)
    return;
  g_autofree char *cli_png = g_build_filename (fx->dir, "cli.png", NULL);
  const char *argv[] = { cli, "render", "signal", "--model", "demo", "--dataset", "mnist1d",
                         "--index", "5", "--method", "gradcam", "--out", cli_png, NULL };
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_autofree char *a = NULL, *b = NULL;
  gsize na = 0, nb = 0;
  g_assert_true (g_file_get_contents (png, &a, &na, NULL));
  g_assert_true (g_file_get_contents (cli_png, &b, &nb, NULL));
  g_assert_cmpmem (a, na, b, nb);

  /* The comparison grid exports too. */
  act (fx, "win.view", g_variant_new_string ("compare"));
  act (fx, "win.pin-sample", NULL);
  act (fx, "win.select-sample", g_variant_new_uint64 (9));
  act (fx, "win.pin-sample", NULL);
  wait_settled (fx, 60);
  g_assert_cmpuint (sl_compare_view_get_n_pending (sl_window_get_compare (fx->window)), ==, 0);
  screenshot (fx, "window-demo-compare.png");
  g_autofree char *grid = g_build_filename (fx->dir, "grid.pdf", NULL);
  act (fx, "win.export-to", g_variant_new_string (grid));
  g_assert_true (g_file_test (grid, G_FILE_TEST_IS_REGULAR));
}

/* A damaged or missing file is a message naming it; what was open stays open. */
static void
test_errors (Fixture *fx, gconstpointer data)
{
  open_demo (fx);
  g_autofree char *bad = g_build_filename (fx->dir, "broken.h5", NULL);
  g_assert_true (g_file_set_contents (bad, "not a model at all", -1, NULL));
  act (fx, "win.open", g_variant_new ("(ss)", bad, ""));
  wait_settled (fx, 30);
  g_assert_nonnull (sl_window_get_last_error (fx->window));
  g_assert_nonnull (strstr (sl_window_get_last_error (fx->window), "broken.h5"));
  SlSession *session = sl_window_get_session (fx->window);
  g_assert_cmpstr (sl_session_get_model_spec (session), ==, "demo");
  g_assert_nonnull (sl_session_get_dataset (session));

  act (fx, "win.open", g_variant_new ("(ss)", "", "/nonexistent/data.csv"));
  wait_settled (fx, 30);
  g_assert_nonnull (strstr (sl_window_get_last_error (fx->window), "/nonexistent/data.csv"));
  g_assert_cmpuint (sl_session_get_dataset (session)->n_samples, ==, 1000);

  act (fx, "win.method", g_variant_new_string ("no-such-method"));
  g_assert_nonnull (strstr (sl_window_get_last_error (fx->window), "no-such-method"));
}

/* The course's HMT model on its test tiles: a slow method waits for the user, runs as a job with
 * progress, cancels, and completes. */
static void
test_hmt (Fixture *fx, gconstpointer data)
{
  g_autofree char *model = sl_test_shared ("models/HMT.h5");
  g_autofree char *tiles = model ? sl_test_shared ("data/hmt/HMT_test") : NULL;
  if (!tiles)
    return;
  act (fx, "win.open", g_variant_new ("(ss)", model, tiles));
  wait_settled (fx, 240);
  SlSession *session = sl_window_get_session (fx->window);
  g_assert_cmpuint (sl_session_get_dataset (session)->n_samples, ==, 496);
  g_assert_nonnull (shown (fx));
  screenshot (fx, "window-hmt.png");

  act (fx, "win.method", g_variant_new_string ("lime"));
  spin (0.2);
  SlExploreView *explore = sl_window_get_explore (fx->window);
  g_assert_false (sl_explore_view_is_busy (explore));
  g_assert_null (shown (fx)); /* waits for Explain */

  act (fx, "win.explain", NULL);
  spin (0.3);
  g_assert_true (sl_explore_view_is_busy (explore));
  const gint64 t0 = g_get_monotonic_time ();
  act (fx, "win.cancel-explain", NULL);
  while (sl_job_pool_get_n_active (fx->pool) > 0)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);
    }
  g_test_message ("LIME on HMT cancelled: the pool idle after %.0f ms",
                  (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_false (sl_explore_view_is_busy (explore));
  g_assert_null (shown (fx));

  act (fx, "win.param", g_variant_new ("(ss)", "num_perturb", "40"));
  act (fx, "win.explain", NULL);
  wait_settled (fx, 120);
  g_assert_nonnull (shown (fx));
  g_assert_cmpstr (shown (fx)->method, ==, "lime");
  screenshot (fx, "window-hmt-lime.png");

  /* The exported overlay equals the command line's. */
  act (fx, "win.method", g_variant_new_string ("gradcam"));
  act (fx, "win.select-sample", g_variant_new_uint64 (70));
  wait_settled (fx, 60);
  g_autofree char *png = g_build_filename (fx->dir, "hmt.png", NULL);
  act (fx, "win.export-to", g_variant_new_string (png));
  const char *cli = g_getenv ("SL_CLI");
  if (cli)
    {
      g_autofree char *cli_png = g_build_filename (fx->dir, "hmt-cli.png", NULL);
      const char *argv[] = { cli, "render", "overlay", "--model", model, "--dataset", tiles,
                             "--index", "70", "--method", "gradcam", "--out", cli_png, NULL };
      int status = 0;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                   G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_autofree char *a = NULL, *b = NULL;
      gsize na = 0, nb = 0;
      g_assert_true (g_file_get_contents (png, &a, &na, NULL));
      g_assert_true (g_file_get_contents (cli_png, &b, &nb, NULL));
      g_assert_cmpmem (a, na, b, nb);
    }
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/window/demo", Fixture, NULL, fixture_setup, test_demo, fixture_teardown);
  g_test_add ("/window/small-screen", Fixture, NULL, fixture_setup, test_small_screen,
              fixture_teardown);
  g_test_add ("/window/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);
  g_test_add ("/window/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/window/hmt", Fixture, NULL, fixture_setup, test_hmt, fixture_teardown);
  return g_test_run ();
}
