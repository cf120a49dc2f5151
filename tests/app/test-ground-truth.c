/* test-ground-truth.c — ground truth in the window, driven through its actions under Xvfb: the
 * MNIST-1D demo's figure shows the digit's band and the explore view says where it is;
 * win.show-region hides it (the figure's pixels change) and shows it again; the open menu's
 * examples open a built-in model with its dataset; the shapes examples (when the built-in shapes
 * models are there): Grad-CAM of the shortcut CNN over the corner mark. Screenshots go to the build
 * folder (and SL_SHOTS_DIR when set). */
#include "sl-test-util.h"

#include "app/sl-gui-test-util.h"
#include "app/sl-screenshot.h"
#include "app/sl-window.h"
#include "compose/sl-open.h"
#include "engine/sl-model-builtin.h"
#include "jobs/sl-job-pool.h"

#include <adwaita.h>
#include <string.h>

typedef struct
{
  SlJobPool *pool;
  SlWindow *window;
} Fixture;

static void
act (Fixture *fx, const char *action, GVariant *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fx->window), action, param));
}

/* `widget` to NAME in the build folder (and in SL_SHOTS_DIR); returns the build folder's path. */
static char *
screenshot (GtkWidget *widget, const char *name)
{
  sl_test_spin (0.4); /* let revealers and fades finish, as a person would see it */
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  char *path = g_build_filename (dir ? dir : ".", name, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_screenshot_widget (widget, path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
  const char *shots = g_getenv ("SL_SHOTS_DIR");
  if (shots && *shots)
    {
      g_autofree char *copy = g_build_filename (shots, name, NULL);
      g_assert_true (sl_screenshot_widget (widget, copy, NULL));
    }
  return path;
}

/* Pixels that differ between two PNGs (all of them when their sizes differ). */
static guint
count_changed (const char *a_path, const char *b_path)
{
  cairo_surface_t *a = cairo_image_surface_create_from_png (a_path);
  cairo_surface_t *b = cairo_image_surface_create_from_png (b_path);
  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  const int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  guint changed = 0;
  if (w != cairo_image_surface_get_width (b) || h != cairo_image_surface_get_height (b))
    {
      /* A larger figure (presentation mode): every pixel counts as changed. */
      changed = (guint)MAX (w * h, cairo_image_surface_get_width (b)
                                       * cairo_image_surface_get_height (b));
      cairo_surface_destroy (a);
      cairo_surface_destroy (b);
      return changed;
    }
  for (int y = 0; y < h; y++)
    {
      const guint32 *ra = (const guint32 *)(cairo_image_surface_get_data (a)
                                            + y * cairo_image_surface_get_stride (a));
      const guint32 *rb = (const guint32 *)(cairo_image_surface_get_data (b)
                                            + y * cairo_image_surface_get_stride (b));
      for (int x = 0; x < w; x++)
        changed += ra[x] != rb[x];
    }
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  return changed;
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
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
  sl_test_spin (0.05);
  g_clear_object (&fx->pool);
}

/* The window's show-region property, which win.show-region toggles. */
static gboolean
show_region_state (Fixture *fx)
{
  gboolean on = FALSE;
  g_object_get (fx->window, "show-region", &on, NULL);
  return on;
}

/* The MNIST-1D demo: the band is drawn, the explore view says where the digit is, and the
 * toggle takes it off the figure and back. */
static void
test_demo (Fixture *fx, gconstpointer data)
{
  /* Nothing open yet: the welcome page offers the examples. */
  g_autofree char *welcome = screenshot (GTK_WIDGET (fx->window), "ground-truth-welcome.png");

  act (fx, "win.open-demo", NULL);
  sl_test_wait_settled (fx->window, 60);
  SlExploreView *explore = sl_window_get_explore (fx->window);
  const SlSampleView *view = sl_explore_view_get_sample_view (explore);
  g_assert_nonnull (view);
  g_assert_nonnull (sl_explore_view_get_explanation (explore));
  g_assert_cmpuint (view->n_regions, ==, 1);
  g_assert_cmpstr (view->region_names[0], ==, "digit");
  gsize first, last;
  const gsize n = sl_sample_view_region_extent (view, 0, &first, &last);
  g_assert_cmpuint (n, >, 0);
  g_autofree char *expected
      = g_strdup_printf ("Ground truth: digit, points %lu–%lu", (gulong)first, (gulong)last);
  g_autofree char *truth = sl_explore_view_dup_truth_text (explore);
  g_assert_cmpstr (truth, ==, expected);
  g_test_message ("%s", truth);

  g_assert_true (show_region_state (fx));
  g_assert_true (sl_explore_view_get_show_regions (explore));
  GtkWidget *figure = GTK_WIDGET (sl_explore_view_get_figure_view (explore));
  g_autofree char *with = screenshot (figure, "ground-truth-demo-figure.png");
  g_autofree char *window_with = screenshot (GTK_WIDGET (fx->window), "ground-truth-demo.png");

  /* Off: the figure loses its band; the row stays, its switch off. */
  act (fx, "win.show-region", NULL);
  sl_test_wait_settled (fx->window, 30);
  g_assert_false (show_region_state (fx));
  g_assert_false (sl_explore_view_get_show_regions (explore));
  g_autofree char *without = screenshot (figure, "ground-truth-demo-figure-off.png");
  const guint changed = count_changed (with, without);
  g_test_message ("%u figure pixels changed with the ground truth off", changed);
  g_assert_cmpuint (changed, >, 1000);
  g_autofree char *window_without
      = screenshot (GTK_WIDGET (fx->window), "ground-truth-demo-off.png");

  /* On again: the same figure as before. */
  act (fx, "win.show-region", NULL);
  sl_test_wait_settled (fx->window, 30);
  g_assert_true (sl_explore_view_get_show_regions (explore));
  g_autofree char *again = screenshot (figure, "ground-truth-demo-figure-again.png");
  g_assert_cmpuint (count_changed (with, again), ==, 0);

  /* A projector: colour-blind-safe map and larger text keep the band readable (looked at). */
  sl_explore_view_set_high_contrast (explore, TRUE);
  sl_explore_view_set_presentation (explore, TRUE);
  sl_test_wait_settled (fx->window, 30);
  g_autofree char *projector = screenshot (figure, "ground-truth-demo-figure-projector.png");
  g_assert_cmpuint (count_changed (with, projector), >, 1000);
}

/* The examples: a built-in model's name opens with its dataset. */
static void
test_examples (Fixture *fx, gconstpointer data)
{
  g_autofree char *mnist = sl_open_builtin_dataset ("demo");
  g_assert_cmpstr (mnist, ==, "mnist1d");
  g_assert_null (sl_open_builtin_dataset ("no-such-model"));
  g_assert_null (sl_open_builtin_dataset ("/tmp/model.h5"));
  act (fx, "win.open-example", g_variant_new_string ("demo"));
  sl_test_wait_settled (fx->window, 60);
  SlSession *session = sl_window_get_session (fx->window);
  g_assert_nonnull (sl_session_get_model (session));
  g_assert_cmpstr (sl_session_get_model_spec (session), ==, "demo");
  g_assert_cmpstr (sl_session_get_dataset_spec (session), ==, "mnist1d");
  g_assert_null (sl_window_get_last_error (fx->window));
}

/* The classroom moment: the shortcut CNN's Grad-CAM lies over the corner mark, not the shape. */
static void
test_shortcut (Fixture *fx, gconstpointer data)
{
  if (!g_strv_contains (sl_model_builtin_names (), "shapes-shortcut-demo"))
    {
      g_test_skip ("no built-in shapes-shortcut-demo model in this build");
      return;
    }
  g_autofree char *dataset = sl_open_builtin_dataset ("shapes-shortcut-demo");
  g_assert_cmpstr (dataset, ==, "shapes-shortcut");
  act (fx, "win.open-example", g_variant_new_string ("shapes-shortcut-demo"));
  sl_test_wait_settled (fx->window, 120);
  g_assert_null (sl_window_get_last_error (fx->window));
  SlSession *session = sl_window_get_session (fx->window);
  SlDataset *ds = sl_session_get_dataset (session);
  g_assert_nonnull (ds);
  const int mark = sl_dataset_find_region (ds, "mark");
  const int object = sl_dataset_find_region (ds, "object");
  g_assert_cmpint (mark, >=, 0);
  g_assert_cmpint (object, >=, 0);

  /* The first sample that carries the mark. */
  SlExploreView *explore = sl_window_get_explore (fx->window);
  act (fx, "win.method", g_variant_new_string ("gradcam"));
  gssize index = -1;
  g_autofree float *w = g_new (float, sl_dataset_region_size (ds));
  for (gsize i = 0; i < ds->n_samples && index < 0; i++)
    {
      g_assert_true (sl_dataset_get_region (ds, i, (guint)mark, w, NULL));
      for (gsize k = 0; k < sl_dataset_region_size (ds) && index < 0; k++)
        if (w[k] > 0)
          index = (gssize)i;
    }
  g_assert_cmpint (index, >=, 0);
  act (fx, "win.select-sample", g_variant_new_uint64 ((guint64)index));
  sl_test_wait_settled (fx->window, 60);
  const SlExplanation *expl = sl_explore_view_get_explanation (explore);
  const SlSampleView *view = sl_explore_view_get_sample_view (explore);
  g_assert_nonnull (expl);
  g_assert_cmpstr (expl->method, ==, "gradcam");
  g_autofree char *truth = sl_explore_view_dup_truth_text (explore);
  g_test_message ("sample %ld: %s", (glong)index, truth);
  g_assert_nonnull (strstr (truth, "mark, "));

  /* How much of the map's positive mass lies in each region, per pixel of the region. */
  const gsize n = sl_explanation_input_size (expl);
  g_assert_cmpuint (n, ==, view->region_size);
  double total = 0, in_mark = 0, in_object = 0;
  gsize n_mark = 0, n_object = 0;
  for (gsize k = 0; k < n; k++)
    {
      const double v = MAX (expl->map_input[k], 0.0f);
      total += v;
      if (view->regions[(gsize)mark * n + k] > 0)
        in_mark += v, n_mark++;
      if (view->regions[(gsize)object * n + k] > 0)
        in_object += v, n_object++;
    }
  g_test_message ("Grad-CAM mass: %.0f %% in the mark (%lu pixels), %.0f %% in the object (%lu "
                  "pixels)",
                  100 * in_mark / total, (gulong)n_mark, 100 * in_object / total, (gulong)n_object);
  /* Per pixel, the map is denser over the mark than over the shape, and it peaks by the mark:
   * within an eighth of the image's side of it. */
  g_assert_cmpfloat (in_mark / (double)n_mark, >, 1.5 * in_object / (double)MAX (n_object, 1));
  const int width = view->image.width, height = view->image.height;
  gsize peak = 0;
  int r0 = height, r1 = -1, c0 = width, c1 = -1;
  for (gsize k = 0; k < n; k++)
    {
      if (expl->map_input[k] > expl->map_input[peak])
        peak = k;
      if (view->regions[(gsize)mark * n + k] > 0)
        {
          const int r = (int)(k / (gsize)width), c = (int)(k % (gsize)width);
          r0 = MIN (r0, r), r1 = MAX (r1, r), c0 = MIN (c0, c), c1 = MAX (c1, c);
        }
    }
  const int pr = (int)(peak / (gsize)width), pc = (int)(peak % (gsize)width);
  const int dr = pr < r0 ? r0 - pr : pr > r1 ? pr - r1 : 0;
  const int dc = pc < c0 ? c0 - pc : pc > c1 ? pc - c1 : 0;
  g_test_message ("the map peaks at row %d, column %d; the mark spans rows %d–%d, columns %d–%d",
                  pr, pc, r0, r1, c0, c1);
  g_assert_cmpint (MAX (dr, dc), <=, MAX (width, height) / 8);
  g_autofree char *shot = screenshot (GTK_WIDGET (fx->window), "ground-truth-shortcut.png");
  g_autofree char *fig = screenshot (GTK_WIDGET (sl_explore_view_get_figure_view (explore)),
                                     "ground-truth-shortcut-figure.png");

  /* And the clean CNN on the clean set, for the contrast. */
  act (fx, "win.open-example", g_variant_new_string ("shapes-demo"));
  sl_test_wait_settled (fx->window, 120);
  g_assert_null (sl_window_get_last_error (fx->window));
  act (fx, "win.select-sample", g_variant_new_uint64 ((guint64)index));
  sl_test_wait_settled (fx->window, 60);
  g_autofree char *clean = screenshot (GTK_WIDGET (fx->window), "ground-truth-clean.png");
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/ground-truth/demo", Fixture, NULL, fixture_setup, test_demo, fixture_teardown);
  g_test_add ("/ground-truth/examples", Fixture, NULL, fixture_setup, test_examples,
              fixture_teardown);
  g_test_add ("/ground-truth/shortcut", Fixture, NULL, fixture_setup, test_shortcut,
              fixture_teardown);
  return g_test_run ();
}
