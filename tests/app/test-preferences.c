/* The preferences window, opened from app.preferences: changes made through its rows and through
 * the settings reach the explore view's figure style, its score and the window's presentation mode.
 * Needs the build tree's compiled schema (GSETTINGS_SCHEMA_DIR, set by tests/app/meson.build). */
#include "sl-test-util.h"

#include "app/sl-application.h"
#include "app/sl-explore-view.h"
#include "app/sl-preferences-window.h"
#include "app/sl-screenshot.h"
#include "app/sl-window.h"
#include "sl-gui-test-util.h"

#include <adwaita.h>

static SlPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (SL_IS_PREFERENCES_WINDOW (w))
        return SL_PREFERENCES_WINDOW (w);
    }
  return NULL;
}

static gpointer
child (SlPreferencesWindow *prefs, const char *name)
{
  GObject *o = gtk_widget_get_template_child (GTK_WIDGET (prefs), SL_TYPE_PREFERENCES_WINDOW, name);
  g_assert_nonnull (o);
  return o;
}

static void
shot (GtkWidget *widget, const char *name)
{
  sl_test_spin (0.3);
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", name, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_screenshot_widget (widget, path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

static void
test_preferences (void)
{
  g_autoptr (SlApplication) app = sl_application_new ();
  /* Registering runs startup (settings, the pool, the actions) without a D-Bus name. */
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app))
                                                    | G_APPLICATION_NON_UNIQUE);
  g_autoptr (GError) error = NULL;
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  GSettings *settings = sl_application_get_settings (app);
  g_assert_nonnull (settings);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "preferences"));

  SlWindow *window = sl_window_new (GTK_APPLICATION (app), sl_application_get_pool (app), settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  sl_window_open (window, "demo", "mnist1d");
  sl_test_wait_settled (window, 120);
  SlExploreView *explore = sl_window_get_explore (window);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  sl_test_spin (0.3);
  SlPreferencesWindow *prefs = find_preferences ();
  g_assert_nonnull (prefs);

  SlFigureStyle style;
  SlExplainRequest req;

  /* Through the rows. */
  adw_combo_row_set_selected (child (prefs, "colormap_row"), 1 + SL_COLORMAP_INFERNO);
  gtk_adjustment_set_value (child (prefs, "opacity"), 0.35);
  adw_combo_row_set_selected (child (prefs, "score_row"), 2);
  adw_combo_row_set_selected (child (prefs, "scale_row"), 1);
  sl_test_spin (0.1);
  g_autofree char *cmap = g_settings_get_string (settings, "colormap");
  g_assert_cmpstr (cmap, ==, "inferno");
  sl_explore_view_get_style (explore, &style);
  g_assert_false (style.auto_colormap);
  g_assert_cmpint (style.colormap, ==, SL_COLORMAP_INFERNO);
  g_assert_cmpint (style.scale, ==, SL_MAP_SCALE_MAX_ABS);
  g_assert_cmpfloat_with_epsilon (style.alpha, 0.35, 1e-9);
  g_assert_false (style.high_contrast);
  sl_explore_view_get_request (explore, &req);
  g_assert_cmpint (req.score, ==, SL_SCORE_PROB);

  gtk_switch_set_active (child (prefs, "high_contrast_switch"), TRUE);
  sl_test_spin (0.1);
  sl_explore_view_get_style (explore, &style);
  g_assert_true (style.high_contrast);
  g_assert_cmpfloat (sl_figure_style_get_alpha (&style), >=, SL_HIGH_CONTRAST_ALPHA);
  sl_test_wait_settled (window, 60);
  shot (GTK_WIDGET (window), "preferences-high-contrast.png");

  /* Through the settings: the rows and the view follow. */
  g_settings_set_string (settings, "colormap", "jet");
  g_settings_set_string (settings, "default-score", "logit");
  g_settings_set_double (settings, "opacity", 0.8);
  g_settings_set_string (settings, "map-scale", "min-max");
  sl_test_spin (0.1);
  g_assert_cmpuint (adw_combo_row_get_selected (child (prefs, "colormap_row")), ==,
                    1 + SL_COLORMAP_JET);
  g_assert_cmpuint (adw_combo_row_get_selected (child (prefs, "score_row")), ==, 1);
  sl_explore_view_get_style (explore, &style);
  g_assert_cmpint (style.colormap, ==, SL_COLORMAP_JET);
  g_assert_cmpint (style.scale, ==, SL_MAP_SCALE_MIN_MAX);
  g_assert_cmpfloat_with_epsilon (style.alpha, 0.8, 1e-9);
  /* jet in high contrast becomes viridis; a diverging map stays RdBu_r. */
  const float positive[] = { 0, 0.5f, 1 }, signed_map[] = { -1, 0, 1 };
  const float *maps[] = { positive };
  const gsize sizes[] = { 3 };
  g_assert_cmpint (sl_figure_style_pick_colormap (&style, maps, sizes, 1), ==, SL_COLORMAP_VIRIDIS);
  style.auto_colormap = TRUE;
  maps[0] = signed_map;
  g_assert_cmpint (sl_figure_style_pick_colormap (&style, maps, sizes, 1), ==, SL_COLORMAP_RDBU_R);
  sl_explore_view_get_request (explore, &req);
  g_assert_cmpint (req.score, ==, SL_SCORE_LOGIT);
  g_settings_set_boolean (settings, "high-contrast-map", FALSE);
  sl_test_spin (0.1);
  g_assert_false (gtk_switch_get_active (child (prefs, "high_contrast_switch")));
  sl_explore_view_get_style (explore, &style);
  g_assert_false (style.high_contrast);

  /* Presentation mode: from the row, from the settings, and F5's action back into the row. */
  gtk_switch_set_active (child (prefs, "presentation_switch"), TRUE);
  sl_test_spin (0.2);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "presentation"));
  sl_explore_view_get_style (explore, &style);
  g_assert_cmpfloat (style.text_scale, >, 1.0);
  g_settings_set_boolean (settings, "presentation-mode", FALSE);
  sl_test_spin (0.2);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "presentation"));
  g_assert_false (gtk_switch_get_active (child (prefs, "presentation_switch")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL));
  sl_test_spin (0.2);
  g_assert_true (gtk_switch_get_active (child (prefs, "presentation_switch")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL));
  sl_test_spin (0.2);

  shot (GTK_WIDGET (prefs), "preferences.png");

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  sl_test_spin (0.2);
  g_application_quit (G_APPLICATION (app));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/preferences/window", test_preferences);
  return g_test_run ();
}
