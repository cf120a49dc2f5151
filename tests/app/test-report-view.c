/* The report view on its own in a window with a session, driven through its API and its widgets'
 * signals under a virtual X server: its numbers and its JSON equal `saliency-lab-cli evaluate
 * --json`, built from the session's predictions or by its own job; the table sorts; clicking a
 * confusion cell, a class or a sample asks the gallery for them; exports. Screenshots go to the
 * build folder. */
#include "sl-test-util.h"

#include "app/sl-report-view.h"
#include "app/sl-screenshot.h"
#include "core/sl-error.h"
#include "jobs/sl-job-pool.h"
#include "metrics/sl-report-export.h"

#include <adwaita.h>

typedef struct
{
  SlJobPool *pool;
  SlSession *session;
  GtkWindow *window;
  SlReportView *view;
  SlTestTmp tmp;
  int filter_true, filter_predicted, n_filter;
  gint64 activated;
} Fixture;

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

/* Runs the main loop until the view has a report and nothing runs (fails after `seconds`). */
static void
wait_report (Fixture *fx, SlReportView *view, double seconds)
{
  const gint64 t0 = g_get_monotonic_time ();
  const gint64 deadline = t0 + (gint64) (seconds * G_USEC_PER_SEC);
  while (!sl_report_view_get_report (view) || sl_report_view_is_busy (view)
         || sl_job_pool_get_n_active (fx->pool) > 0)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (g_get_monotonic_time () > deadline)
        g_error ("no report within %.0f s", seconds);
      g_usleep (5000);
    }
  g_test_message ("report of %" G_GSIZE_FORMAT " samples after %.2f s, accuracy %.4f",
                  sl_report_view_get_report (view)->n_samples,
                  (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC,
                  sl_report_view_get_report (view)->accuracy);
  spin (0.3); /* laid out and drawn */
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_session_open_finish (SL_SESSION (source), result, NULL, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static void
open_session (Fixture *fx, const char *model, const char *dataset)
{
  gboolean done = FALSE;
  sl_session_open_async (fx->session, model, dataset, NULL, on_opened, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_filter (SlReportView *view, int t, int p, Fixture *fx)
{
  fx->filter_true = t;
  fx->filter_predicted = p;
  fx->n_filter++;
}

static void
on_sample (SlReportView *view, guint64 index, Fixture *fx)
{
  fx->activated = (gint64) index;
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  sl_test_tmp_setup (&fx->tmp, data);
  fx->pool = sl_job_pool_new (0, 0);
  fx->session = sl_session_new (fx->pool);
  fx->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref_sink (fx->window);
  gtk_window_set_default_size (fx->window, 1280, 800);
  fx->view = SL_REPORT_VIEW (sl_report_view_new ());
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->view));
  sl_report_view_set_session (fx->view, fx->session);
  g_signal_connect (fx->view, "filter-requested", G_CALLBACK (on_filter), fx);
  g_signal_connect (fx->view, "sample-activated", G_CALLBACK (on_sample), fx);
  fx->activated = -1;
  gtk_window_present (fx->window);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  gtk_window_destroy (fx->window);
  g_clear_object (&fx->window);
  g_clear_object (&fx->session);
  sl_job_pool_cancel_all (fx->pool);
  spin (0.05);
  g_clear_object (&fx->pool);
  sl_test_tmp_teardown (&fx->tmp, data);
}

static void
screenshot (Fixture *fx, const char *name)
{
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", name, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_screenshot_widget (GTK_WIDGET (fx->window), path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

/* `saliency-lab-cli evaluate --json` on the same model and dataset (NULL without SL_CLI). */
static char *
cli_json (const char *model, const char *dataset)
{
  const char *cli = g_getenv ("SL_CLI");
  if (!cli)
    return NULL;
  const char *argv[] = { cli,     "evaluate", "--model", model, "--dataset", dataset,
                         "--json", "--quiet", NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (
      g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s evaluate failed: %s", cli, err);
  return g_steal_pointer (&out);
}

/* The view's report, table, summary and lists against the CLI's JSON and the report itself. */
static void
check_numbers (Fixture *fx, SlReportView *view, const char *want_json)
{
  const SlReport *r = sl_report_view_get_report (view);
  g_assert_nonnull (r);
  g_autofree char *json = sl_report_to_json_text (r);
  if (want_json)
    g_assert_cmpstr (json, ==, want_json);

  g_autofree char *acc = g_strdup_printf ("%.3f", r->accuracy);
  g_assert_nonnull (strstr (sl_report_view_get_summary (view), acc));
  for (guint c = 0; c < r->n_classes; c++)
    {
      g_assert_cmpint (sl_report_view_get_row_class (view, c), ==, (gint) c);
      g_autofree char *name = sl_report_view_dup_cell_text (view, c, SL_REPORT_COLUMN_CLASS);
      g_autofree char *f1 = sl_report_view_dup_cell_text (view, c, SL_REPORT_COLUMN_F1);
      g_autofree char *support = sl_report_view_dup_cell_text (view, c, SL_REPORT_COLUMN_SUPPORT);
      g_autofree char *want_f1 = g_strdup_printf ("%.3f", r->per_class[c].f1);
      g_autofree char *want_support = g_strdup_printf ("%" G_GSIZE_FORMAT, r->per_class[c].support);
      g_assert_cmpstr (name, ==, r->class_names[c]);
      g_assert_cmpstr (f1, ==, want_f1);
      g_assert_cmpstr (support, ==, want_support);
    }
  g_assert_cmpint (sl_report_view_get_row_class (view, r->n_classes), ==, -1);

  /* The lists come from the predictions; the report ranks the same samples the same way. */
  guint n_wrong, n_right;
  const gsize *wrong = sl_report_view_get_confident_wrong (view, &n_wrong);
  const gsize *right = sl_report_view_get_unsure_right (view, &n_right);
  g_assert_cmpuint (n_wrong, ==, r->n_most_confident_wrong);
  g_assert_cmpuint (n_right, ==, r->n_least_confident_correct);
  for (guint i = 0; i < n_wrong; i++)
    g_assert_cmpuint (wrong[i], ==, r->most_confident_wrong[i].index);
  for (guint i = 0; i < n_right; i++)
    g_assert_cmpuint (right[i], ==, r->least_confident_correct[i].index);
}

/* The first widget of `type` under `root`, depth first. */
static GtkWidget *
find_widget (GtkWidget *root, GType type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      GtkWidget *found = find_widget (child, type);
      if (found)
        return found;
    }
  return NULL;
}

/* Presses on the confusion figure at the centre of cell (i, j) as the layout places it. */
static void
click_cell (Fixture *fx, int i, int j)
{
  SlFigureView *fv = sl_report_view_get_figure_view (fx->view, SL_REPORT_FIGURE_CONFUSION);
  const SlReportFigure *fig = sl_figure_view_get_custom (fv);
  g_assert_nonnull (fig);
  double fx0, fy0, fw, fh, cx, cy, x, y;
  g_assert_true (sl_figure_view_to_figure (fv, 0, 0, &fx0, &fy0, &fw, &fh));
  g_assert_true (sl_report_figure_confusion_cell_center (fig, fw, fh, i, j, &cx, &cy));
  g_assert_true (sl_figure_view_from_figure (fv, cx, cy, &x, &y));
  int hi = -1, hj = -1;
  g_assert_true (sl_report_figure_confusion_cell_at (fig, fw, fh, cx, cy, &hi, &hj));
  g_assert_cmpint (hi, ==, i);
  g_assert_cmpint (hj, ==, j);

  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fv));
  gboolean pressed = FALSE;
  for (guint k = 0; k < g_list_model_get_n_items (controllers); k++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, k);
      if (GTK_IS_GESTURE_CLICK (c))
        {
          g_signal_emit_by_name (c, "pressed", 1, x, y);
          pressed = TRUE;
        }
    }
  g_assert_true (pressed);
  g_assert_cmpint (fx->filter_true, ==, i);
  g_assert_cmpint (fx->filter_predicted, ==, j);
}

static void
check_links (Fixture *fx)
{
  const SlReport *r = sl_report_view_get_report (fx->view);
  const int k = (int) r->n_classes;
  const int cells[][2] = { { 0, 0 }, { 0, k - 1 }, { k - 1, 0 }, { k / 2, k / 3 }, { k - 1, k - 1 } };
  for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
    click_cell (fx, cells[c][0], cells[c][1]);

  /* Outside the matrix: nothing. */
  SlFigureView *fv = sl_report_view_get_figure_view (fx->view, SL_REPORT_FIGURE_CONFUSION);
  double fx0, fy0, fw, fh;
  g_assert_true (sl_figure_view_to_figure (fv, 0, 0, &fx0, &fy0, &fw, &fh));
  g_assert_false (sl_report_figure_confusion_cell_at (sl_figure_view_get_custom (fv), fw, fh, 1,
                                                      1, NULL, NULL));

  /* A class row: (c, −1), by the sorted position. */
  sl_report_view_sort_by (fx->view, SL_REPORT_COLUMN_ACCURACY, GTK_SORT_DESCENDING);
  double last = INFINITY;
  for (int pos = 0; pos < k; pos++)
    {
      const int c = sl_report_view_get_row_class (fx->view, pos);
      const double acc = r->per_class[c].recall;
      g_assert_cmpfloat (acc, <=, last);
      last = acc;
    }
  GtkWidget *table = find_widget (GTK_WIDGET (fx->view), GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (table);
  g_signal_emit_by_name (table, "activate", 2u);
  g_assert_cmpint (fx->filter_true, ==, sl_report_view_get_row_class (fx->view, 2));
  g_assert_cmpint (fx->filter_predicted, ==, -1);
  sl_report_view_sort_by (fx->view, SL_REPORT_COLUMN_CLASS, GTK_SORT_ASCENDING);
}

static void
check_exports (Fixture *fx, const char *want_json)
{
  static const char *const exts[] = { "png", "svg", "pdf" };
  for (int k = SL_REPORT_FIGURE_CONFUSION; k <= SL_REPORT_FIGURE_CLASS_ACCURACY; k++)
    for (guint e = 0; e < G_N_ELEMENTS (exts); e++)
      {
        g_autofree char *name = g_strdup_printf ("figure-%d.%s", k, exts[e]);
        g_autofree char *path = g_build_filename (fx->tmp.dir, name, NULL);
        g_autoptr (GError) error = NULL;
        g_assert_true (sl_report_view_export_figure (fx->view, k, path, 0, 0, 0, &error));
        g_assert_no_error (error);
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      }
  g_autoptr (GError) error = NULL;
  g_autofree char *json_path = g_build_filename (fx->tmp.dir, "report.json", NULL);
  g_autofree char *csv_path = g_build_filename (fx->tmp.dir, "report.csv", NULL);
  g_assert_true (sl_report_view_export_table (fx->view, json_path, &error));
  g_assert_no_error (error);
  g_assert_true (sl_report_view_export_table (fx->view, csv_path, &error));
  g_assert_no_error (error);
  g_autofree char *json = NULL, *csv = NULL;
  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  if (want_json)
    g_assert_cmpstr (json, ==, want_json);
  g_auto (GStrv) lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, sl_report_view_get_report (fx->view)->n_classes + 2);
  g_autofree char *bad = g_build_filename (fx->tmp.dir, "report.txt", NULL);
  g_assert_false (sl_report_view_export_table (fx->view, bad, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
}

/* The demo model: by the view's job while the session still predicts, then from the session's
 * predictions in a second view; both equal the CLI's. */
static void
test_demo (Fixture *fx, gconstpointer data)
{
  g_autofree char *want = cli_json ("demo", "mnist1d");
  open_session (fx, "demo", "mnist1d");
  wait_report (fx, fx->view, 60);
  check_numbers (fx, fx->view, want);
  screenshot (fx, "report-view-demo.png");

  /* Hidden and shown again: the same report, nothing recomputed. */
  const SlReport *cached = sl_report_view_get_report (fx->view);
  gtk_widget_set_visible (GTK_WIDGET (fx->view), FALSE);
  spin (0.05);
  gtk_widget_set_visible (GTK_WIDGET (fx->view), TRUE);
  spin (0.05);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fx->view)));
  g_assert_true (sl_report_view_get_report (fx->view) == cached);
  g_assert_false (sl_report_view_is_busy (fx->view));

  /* The session's predictions are complete now: a new view builds from them at once. */
  g_assert_false (sl_session_is_predicting (fx->session));
  SlReportView *second = SL_REPORT_VIEW (g_object_ref_sink (sl_report_view_new ()));
  sl_report_view_set_session (second, fx->session);
  const gint64 t0 = g_get_monotonic_time ();
  sl_report_view_refresh (second);
  g_test_message ("report from the session's predictions in %.1f ms",
                  (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_nonnull (sl_report_view_get_report (second));
  g_assert_false (sl_report_view_is_busy (second));
  check_numbers (fx, second, want);
  g_object_unref (second);

  check_links (fx);
  check_exports (fx, want);

  /* A sample of the lists asks for itself. */
  guint n_wrong;
  const gsize *wrong = sl_report_view_get_confident_wrong (fx->view, &n_wrong);
  g_assert_cmpuint (n_wrong, ==, SL_REPORT_TOP_N);
  /* The first list box of the template is the wrong one. */
  GtkListBox *list = GTK_LIST_BOX (find_widget (GTK_WIDGET (fx->view), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (list);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 3);
  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_cmpint (fx->activated, ==, (gint64) wrong[3]);

  /* Cancelled, then computed again. */
  open_session (fx, "demo", "mnist1d@seed=7");
  g_assert_null (sl_report_view_get_report (fx->view));
  g_assert_true (sl_report_view_is_busy (fx->view));
  sl_report_view_cancel (fx->view);
  spin (0.2);
  g_assert_false (sl_report_view_is_busy (fx->view));
  g_assert_null (sl_report_view_get_report (fx->view));
  sl_report_view_refresh (fx->view);
  wait_report (fx, fx->view, 60);
  g_autofree char *want7 = cli_json ("demo", "mnist1d@seed=7");
  check_numbers (fx, fx->view, want7);
}

/* The course's MNIST-1D model: after ::changed the view recomputes and equals the CLI again. */
static void
test_mnist1d (Fixture *fx, gconstpointer data)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  if (!model)
    return;
  g_autofree char *want = cli_json (model, "mnist1d");
  open_session (fx, model, "mnist1d");
  wait_report (fx, fx->view, 60);
  check_numbers (fx, fx->view, want);
  sl_report_view_show_figure (fx->view, SL_REPORT_FIGURE_CONFUSION);
  spin (0.2);
  screenshot (fx, "report-view-mnist1d.png");
  sl_report_view_show_figure (fx->view, SL_REPORT_FIGURE_ROC);
  spin (0.2);
  screenshot (fx, "report-view-mnist1d-roc.png");
  check_links (fx);
  check_exports (fx, want);
}

static void
test_hmt (Fixture *fx, gconstpointer data)
{
  g_autofree char *model = sl_test_shared ("models/HMT.h5");
  g_autofree char *tiles = model ? sl_test_shared ("data/hmt/HMT_test") : NULL;
  if (!tiles)
    return;
  g_autofree char *want = cli_json (model, tiles);
  open_session (fx, model, tiles);
  wait_report (fx, fx->view, 300);
  check_numbers (fx, fx->view, want);
  g_assert_cmpuint (sl_report_view_get_report (fx->view)->n_samples, ==, 496);
  screenshot (fx, "report-view-hmt.png");
  sl_report_view_show_figure (fx->view, SL_REPORT_FIGURE_PR);
  spin (0.2);
  screenshot (fx, "report-view-hmt-pr.png");
  check_links (fx);
  check_exports (fx, want);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/report-view/demo", Fixture, NULL, fixture_setup, test_demo, fixture_teardown);
  g_test_add ("/report-view/mnist1d", Fixture, NULL, fixture_setup, test_mnist1d,
              fixture_teardown);
  g_test_add ("/report-view/hmt", Fixture, NULL, fixture_setup, test_hmt, fixture_teardown);
  return g_test_run ();
}
