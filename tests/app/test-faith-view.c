/* test-faith-view.c — the Faithfulness view under Xvfb, standalone in a window with a session and a
 * job pool: a run over 100 MNIST-1D samples with two methods gives the numbers of
 * `saliency-lab-cli faithfulness --json` (the demo model, and MNIST1D.h5 when the course material
 * is there); a run cancelled midway leaves a partial table and no job, and a later run works; the
 * gallery's filter; the per-sample list; exports; screenshots. */
#include "sl-test-util.h"

#include "app/sl-faith-view.h"
#include "app/sl-screenshot.h"
#include "compose/sl-faith-export.h"
#include "jobs/sl-job-pool.h"

#include <adwaita.h>
#include <string.h>

typedef struct
{
  SlJobPool *pool;
  SlSession *session;
  GtkWindow *window;
  SlFaithView *view;
} Fixture;

static void
spin (double seconds)
{
  const gint64 end = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

/* Runs the main loop until `done` (or fails after `seconds`). */
static void
spin_until (gboolean (*done) (Fixture *), Fixture *fx, double seconds)
{
  const gint64 deadline = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);
  while (!done (fx))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static gboolean
finished (Fixture *fx)
{
  return !sl_faith_view_is_running (fx->view);
}

typedef struct
{
  gboolean done;
  GError *error;
} Opened;

static void
on_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  Opened *o = data;
  sl_session_open_finish (SL_SESSION (source), result, NULL, &o->error);
  o->done = TRUE;
}

/* Opens `model` on `dataset`. */
static void
open_session_on (Fixture *fx, const char *model, const char *dataset)
{
  Opened o = { 0 };
  sl_session_open_async (fx->session, model, dataset, NULL, on_opened, &o);
  const gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!o.done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_no_error (o.error);
  g_assert_nonnull (sl_session_get_model (fx->session));
}

/* Opens `model` on the built-in MNIST-1D test set. */
static void
open_session (Fixture *fx, const char *model)
{
  open_session_on (fx, model, "mnist1d");
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  fx->pool = sl_job_pool_new (0, 0);
  fx->session = sl_session_new (fx->pool);
  fx->view = SL_FAITH_VIEW (sl_faith_view_new ());
  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx->window, 1500, 900);
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->view));
  sl_faith_view_set_session (fx->view, fx->session);
  gtk_window_present (fx->window);
  spin (0.2);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  gtk_window_destroy (fx->window);
  sl_job_pool_cancel_all (fx->pool);
  spin (0.1);
  g_clear_object (&fx->session);
  g_clear_object (&fx->pool);
}

static void
screenshot (Fixture *fx, const char *name)
{
  spin (0.3);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_screenshot_widget (GTK_WIDGET (fx->window), path, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

/* Runs a command and parses what it prints as JSON. */
static JsonNode *
spawn_json (const char *const *argv)
{
  g_autofree char *out = NULL;
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  return json_from_string (out, &error);
}

/* `saliency-lab-cli faithfulness … --json` over the first 100 samples, parsed. */
static JsonNode *
cli_json (const char *model, const char *methods)
{
  const char *cli = g_getenv ("SL_CLI");
  g_assert_nonnull (cli);
  const char *argv[]
      = { cli,     "faithfulness", "--model", model,      "--dataset", "mnist1d", "--method",
          methods, "--limit",      "100",     "--curves", "--json",    "--quiet", NULL };
  return spawn_json (argv);
}

/* `saliency-lab-cli faithfulness … --json` on one sample of a dataset at frac 0.9 (each method
 * with its default score), parsed. */
static JsonNode *
cli_json_one (const char *model, const char *dataset, const char *methods, gsize index)
{
  const char *cli = g_getenv ("SL_CLI");
  g_assert_nonnull (cli);
  g_autofree char *first = g_strdup_printf ("%" G_GSIZE_FORMAT, index);
  const char *argv[] = { cli,        "faithfulness", "--model", model,     "--dataset", dataset,
                         "--method", methods,        "--first", first,     "--limit",   "1",
                         "--frac",   "0.9",          "--json",  "--quiet", NULL };
  return spawn_json (argv);
}

typedef struct
{
  guint count;
  guint64 index;
  char *method;
} Activated;

static void
on_activated (SlFaithView *view, guint64 index, const char *method, Activated *a)
{
  a->count++;
  a->index = index;
  g_free (a->method);
  a->method = g_strdup (method);
}

/* Two methods over 100 samples with curves: the view's live rows, its table and its JSON export
 * equal the CLI's numbers. */
static void
run_and_compare (Fixture *fx, const char *model, const char *const *methods, const char *shot)
{
  sl_faith_view_set_methods (fx->view, methods);
  sl_faith_view_set_samples (fx->view, SL_FAITH_SAMPLES_FIRST, 100);
  sl_faith_view_set_curves (fx->view, TRUE);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_faith_view_run (fx->view, &error));
  g_assert_no_error (error);
  g_assert_true (sl_faith_view_is_running (fx->view));
  spin_until (finished, fx, 240);
  g_assert_false (sl_faith_view_is_partial (fx->view));
  g_assert_cmpuint (sl_faith_view_get_n_rows (fx->view), ==, 2);
  const SlFaithTable *table = sl_faith_view_get_table (fx->view);
  g_assert_nonnull (table);

  g_autofree char *joined = g_strjoinv (",", (char **)methods);
  g_autoptr (JsonNode) cli = cli_json (model, joined);
  g_assert_nonnull (cli);
  JsonObject *root = json_node_get_object (cli);
  g_assert_cmpint (json_object_get_int_member (root, "samples"), ==, 100);
  g_assert_cmpfloat (json_object_get_double_member (root, "frac"), ==, table->frac);
  JsonArray *rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  for (guint m = 0; m < 2; m++)
    {
      JsonObject *want = json_array_get_object_element (rows, m);
      SlFaithRow row;
      g_assert_true (sl_faith_view_get_row (fx->view, m, &row));
      g_assert_cmpstr (row.method, ==, methods[m]);
      g_assert_cmpuint (row.n_done, ==, 100);
      g_assert_cmpuint (row.n_samples, ==, 100);
      g_assert_cmpfloat (row.seconds_per_sample, >, 0);
      g_assert_cmpfloat (row.drop_rate, ==, json_object_get_double_member (want, "drop_rate"));
      g_assert_cmpfloat (row.increase_rate, ==,
                         json_object_get_double_member (want, "increase_rate"));
      g_assert_cmpfloat (row.deletion_auc, ==,
                         json_object_get_double_member (want, "deletion_auc"));
      g_assert_cmpfloat (row.insertion_auc, ==,
                         json_object_get_double_member (want, "insertion_auc"));
      g_assert_cmpfloat (table->drop_rate[m], ==, row.drop_rate);
      JsonArray *drops = json_object_get_array_member (want, "drop");
      for (guint s = 0; s < 100; s++)
        g_assert_cmpfloat (table->drop[m * 100 + s], ==, json_array_get_double_element (drops, s));
      g_test_message ("%s %s: drop %.2f %%, increase %.2f %%, deletion %.4f, insertion %.4f, "
                      "%.3f ms/sample",
                      model, methods[m], 100 * row.drop_rate, 100 * row.increase_rate,
                      row.deletion_auc, row.insertion_auc, 1e3 * row.seconds_per_sample);
    }

  /* The JSON export is the CLI's, but for the wall time. */
  g_autofree char *dir = g_dir_make_tmp ("sl-faith-view-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *json_path = g_build_filename (dir, "t.json", NULL);
  g_assert_true (sl_faith_view_export_table (fx->view, json_path, &error));
  g_assert_no_error (error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  JsonObject *mine = json_node_get_object (json_parser_get_root (parser));
  json_object_set_double_member (mine, "seconds", 0);
  json_object_set_double_member (root, "seconds", 0);
  g_assert_true (json_node_equal (json_parser_get_root (parser), cli));
  g_unlink (json_path);

  /* Figures export. */
  const char *figs[] = { "table", "curves" };
  for (guint f = 0; f < G_N_ELEMENTS (figs); f++)
    {
      g_autofree char *name = g_strdup_printf ("faith-view-%s-%s.png", shot, figs[f]);
      g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
      g_assert_true (sl_faith_view_export_figure (fx->view, figs[f], path, 0, 0, 96, &error));
      g_assert_no_error (error);
      g_test_message ("figure: %s", path);
    }
  g_rmdir (dir);

  /* The second method's samples; activating one asks to open it. */
  sl_faith_view_select_row (fx->view, 1);
  g_assert_cmpuint (sl_faith_view_get_n_sample_items (fx->view), ==, 100);
  Activated a = { 0 };
  const gulong id = g_signal_connect (fx->view, "sample-activated", G_CALLBACK (on_activated), &a);
  sl_faith_view_activate_sample (fx->view, 5);
  g_assert_cmpuint (a.count, ==, 1);
  g_assert_cmpuint (a.index, ==, 5);
  g_assert_cmpstr (a.method, ==, methods[1]);
  g_signal_handler_disconnect (fx->view, id);
  g_free (a.method);
  g_autofree char *shot_name = g_strdup_printf ("faith-view-%s.png", shot);
  screenshot (fx, shot_name);
  sl_faith_view_show_figure (fx->view, "curves");
  g_autofree char *curves_name = g_strdup_printf ("faith-view-%s-curves-tab.png", shot);
  screenshot (fx, curves_name);
}

static void
test_demo (Fixture *fx, gconstpointer data)
{
  open_session (fx, "demo");
  /* MNIST-1D is a signal: the course keeps 30 %. */
  g_assert_cmpfloat (sl_faith_view_get_frac (fx->view), ==, 0.3);
  const char *const methods[] = { "gradcam", "saliency", NULL };
  run_and_compare (fx, "demo", methods, "demo");
}

static void
test_mnist1d_h5 (Fixture *fx, gconstpointer data)
{
  g_autofree char *model = sl_test_shared ("models/MNIST1D.h5");
  if (!model)
    return;
  open_session (fx, model);
  const char *const methods[] = { "gradcam++", "integrated-gradients", NULL };
  run_and_compare (fx, model, methods, "mnist1d-h5");
}

static gboolean
some_done (Fixture *fx)
{
  SlFaithRow row;
  return sl_faith_view_get_row (fx->view, 1, &row) && row.n_done >= 5;
}

static void
test_cancel (Fixture *fx, gconstpointer data)
{
  open_session (fx, "demo");
  /* RISE is slow enough (tens of ms per sample) to stop midway through the 1000 samples. */
  const char *const methods[] = { "gradcam", "rise", NULL };
  sl_faith_view_set_methods (fx->view, methods);
  sl_faith_view_set_samples (fx->view, SL_FAITH_SAMPLES_ALL, 0);
  sl_faith_view_set_curves (fx->view, FALSE);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_faith_view_run (fx->view, &error));
  spin_until (some_done, fx, 60);
  sl_faith_view_cancel (fx->view);
  spin_until (finished, fx, 10);
  spin (0.1);
  g_assert_true (sl_faith_view_is_partial (fx->view));
  g_assert_cmpuint (sl_job_pool_get_n_active (fx->pool), ==, 0);
  const SlFaithTable *table = sl_faith_view_get_table (fx->view);
  g_assert_nonnull (table);
  g_assert_true (table->partial);
  g_assert_cmpuint (table->n_done, >=, 5);
  g_assert_cmpuint (table->n_done, <, 1000);
  for (guint m = 0; m < 2; m++)
    {
      SlFaithRow row;
      g_assert_true (sl_faith_view_get_row (fx->view, m, &row));
      g_assert_cmpuint (row.n_done, ==, table->n_done);
      g_assert_cmpuint (row.n_samples, ==, 1000);
      g_assert_cmpfloat (row.drop_rate, ==, table->drop_rate[m]);
    }
  g_test_message ("cancelled after %" G_GSIZE_FORMAT " of 1000 samples", table->n_done);
  sl_faith_view_select_row (fx->view, 1);
  screenshot (fx, "faith-view-partial.png");

  /* A later run works: the gallery's filter, three samples. */
  const gsize filter[] = { 3, 7, 11 };
  sl_faith_view_set_filter_indices (fx->view, filter, G_N_ELEMENTS (filter));
  sl_faith_view_set_samples (fx->view, SL_FAITH_SAMPLES_FILTER, 0);
  sl_faith_view_set_methods (fx->view, (const char *const[]){ "gradcam", "saliency", NULL });
  g_assert_true (sl_faith_view_run (fx->view, &error));
  g_assert_no_error (error);
  spin_until (finished, fx, 60);
  g_assert_false (sl_faith_view_is_partial (fx->view));
  g_assert_cmpuint (sl_faith_view_get_table (fx->view)->n_done, ==, 3);
  sl_faith_view_select_row (fx->view, 0);
  g_assert_cmpuint (sl_faith_view_get_n_sample_items (fx->view), ==, 3);
  Activated a = { 0 };
  g_signal_connect (fx->view, "sample-activated", G_CALLBACK (on_activated), &a);
  sl_faith_view_activate_sample (fx->view, 1);
  g_assert_cmpuint (a.index, ==, 7);
  g_assert_cmpstr (a.method, ==, "gradcam");
  g_free (a.method);

  /* An empty filter is an error, not a run. */
  sl_faith_view_set_filter_indices (fx->view, NULL, 0);
  g_assert_false (sl_faith_view_run (fx->view, &error));
  g_assert_nonnull (error);
  g_assert_false (sl_faith_view_is_running (fx->view));
}

/* The course's HMT model on 16 tiles, two from each class: images keep 90 %, the rows fill in with
 * the CLI's numbers, and the view is looked at (data/screenshots/faithfulness-hmt.png). */
static void
test_hmt (Fixture *fx, gconstpointer data)
{
  g_autofree char *model = sl_test_shared ("models/HMT.h5");
  g_autofree char *tiles = sl_test_shared ("data/hmt/HMT_test");
  if (!model || !tiles)
    return;
  open_session_on (fx, model, tiles);
  g_assert_cmpfloat (sl_faith_view_get_frac (fx->view), ==, 0.9);
  /* The folder lists its 8 classes one after another (62 tiles each). */
  gsize filter[16];
  for (gsize i = 0; i < G_N_ELEMENTS (filter); i++)
    filter[i] = i * 31;
  sl_faith_view_set_filter_indices (fx->view, filter, G_N_ELEMENTS (filter));
  sl_faith_view_set_samples (fx->view, SL_FAITH_SAMPLES_FILTER, 0);
  sl_faith_view_set_curves (fx->view, FALSE);
  sl_faith_view_set_methods (fx->view, (const char *const[]){ "gradcam", "gradcam++", NULL });
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_faith_view_run (fx->view, &error));
  g_assert_no_error (error);
  spin_until (finished, fx, 400);
  g_assert_false (sl_faith_view_is_partial (fx->view));
  g_assert_cmpuint (sl_faith_view_get_n_rows (fx->view), ==, 2);
  for (guint m = 0; m < 2; m++)
    {
      SlFaithRow row;
      g_assert_true (sl_faith_view_get_row (fx->view, m, &row));
      g_assert_cmpuint (row.n_done, ==, 16);
      g_assert_cmpfloat (row.drop_rate, >=, 0);
      g_assert_cmpfloat (row.drop_rate, <=, 1);
      g_test_message ("HMT.h5 %s over 16 tiles: drop %.2f %%, increase %.2f %%, %.0f ms/tile",
                      row.method, 100 * row.drop_rate, 100 * row.increase_rate,
                      1e3 * row.seconds_per_sample);
    }
  /* Tile by tile the CLI's numbers (the CLI takes a range, so one run per tile). */
  const SlFaithTable *table = sl_faith_view_get_table (fx->view);
  g_assert_nonnull (table);
  for (gsize i = 0; i < G_N_ELEMENTS (filter); i++)
    {
      g_autoptr (JsonNode) cli = cli_json_one (model, tiles, "gradcam,gradcam++", filter[i]);
      g_assert_nonnull (cli);
      JsonArray *rows = json_object_get_array_member (json_node_get_object (cli), "rows");
      g_assert_cmpuint (json_array_get_length (rows), ==, 2);
      for (guint m = 0; m < 2; m++)
        {
          JsonObject *want = json_array_get_object_element (rows, m);
          JsonArray *drop = json_object_get_array_member (want, "drop");
          JsonArray *increase = json_object_get_array_member (want, "increase");
          g_assert_cmpfloat (table->drop[m * table->n_samples + i], ==,
                             json_array_get_double_element (drop, 0));
          g_assert_cmpfloat (table->increase[m * table->n_samples + i], ==,
                             json_array_get_double_element (increase, 0));
        }
    }
  sl_faith_view_select_row (fx->view, 0);
  screenshot (fx, "faith-view-hmt.png");
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/faith-view/demo", Fixture, NULL, fixture_setup, test_demo, fixture_teardown);
  g_test_add ("/faith-view/mnist1d-h5", Fixture, NULL, fixture_setup, test_mnist1d_h5,
              fixture_teardown);
  g_test_add ("/faith-view/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/faith-view/hmt", Fixture, NULL, fixture_setup, test_hmt, fixture_teardown);
  return g_test_run ();
}
