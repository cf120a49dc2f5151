/* The Training view on its own, as the window will hold it: a few epochs of the MNIST-1D preset on
 * the built-in train split update the curves batch by batch, Stop stops (keeping the best
 * validation epoch when asked), Resume continues, the saved model opens and predicts, "Explain this
 * model" hands over a file. Screenshots go to the build folder. */
#include "sl-test-util.h"

#include "app/sl-screenshot.h"
#include "app/sl-train-view.h"
#include "compose/sl-open.h"
#include "jobs/sl-predict.h"
#include "train/sl-presets.h"

#include <adwaita.h>
#include <glib/gstdio.h>

typedef struct
{
  SlJobPool *pool;
  SlSession *session;
  GtkWindow *window;
  SlTrainView *view;
  char *dir;
  guint n_partials;
  char *ready_path;
} Fixture;

static void
spin_until (gboolean (*done) (Fixture *), Fixture *fx, double seconds)
{
  const gint64 deadline = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);
  while (!done (fx))
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (g_get_monotonic_time () > deadline)
        g_error ("not done within %.0f s", seconds);
      g_usleep (5000);
    }
}

static gboolean
finished (Fixture *fx)
{
  return !sl_train_view_is_running (fx->view);
}

static gboolean
two_epochs (Fixture *fx)
{
  guint n = 0;
  sl_training_live_get_epochs (sl_train_view_get_live (fx->view), &n);
  return n >= 2;
}

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

static void
screenshot (Fixture *fx, const char *name)
{
  spin (0.3); /* a frame drawn at the window's size */
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", name, NULL);
  g_autoptr (GError) error = NULL;
  /* While a run updates the view, a layout may be pending at any moment, and the window then draws
   * nothing: try again after the next frames. */
  gboolean ok = FALSE;
  for (int attempt = 0; attempt < 50 && !ok; attempt++)
    {
      g_clear_error (&error);
      ok = sl_screenshot_widget (GTK_WIDGET (fx->window), path, &error);
      if (!ok)
        spin (0.02);
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  g_test_message ("screenshot: %s", path);
}

static void
on_partial (SlJob *job, gpointer item, Fixture *fx)
{
  fx->n_partials++;
}

static void
on_model_ready (SlTrainView *view, const char *path, Fixture *fx)
{
  g_free (fx->ready_path);
  fx->ready_path = g_strdup (path);
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  fx->dir = g_dir_make_tmp ("sl-train-view-XXXXXX", &error);
  g_assert_no_error (error);
  fx->pool = sl_job_pool_new (0, 0);
  fx->session = sl_session_new (fx->pool);
  fx->window = GTK_WINDOW (gtk_window_new ());
  fx->view = SL_TRAIN_VIEW (sl_train_view_new ());
  sl_train_view_set_session (fx->view, fx->session);
  g_signal_connect (fx->view, "model-ready", G_CALLBACK (on_model_ready), fx);
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->view));
  gtk_window_set_default_size (fx->window, 1280, 800);
  gtk_window_present (fx->window);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  gtk_window_destroy (fx->window);
  sl_job_pool_cancel_all (fx->pool);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fx->session);
  g_clear_object (&fx->pool);
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->ready_path);
}

/* The job of the current run, to count its partials (the view keeps it). */
static void
watch_partials (Fixture *fx)
{
  /* The pool lists its jobs newest first: the run just started. */
  g_autoptr (SlJob) job = g_list_model_get_item (G_LIST_MODEL (fx->pool), 0);
  g_assert_nonnull (job);
  g_assert_cmpstr (sl_job_get_kind (job), ==, "train");
  g_signal_connect (job, "partial", G_CALLBACK (on_partial), fx);
}

static void
test_train (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  SlTrainingLive *live = sl_train_view_get_live (fx->view);

  /* The form starts from the preset's recipe. */
  g_assert_true (sl_train_view_set_preset (fx->view, "mnist1d-cnn"));
  SlTrainOptions form, recipe;
  sl_train_view_get_options (fx->view, &form);
  g_assert_true (sl_preset_recipe ("mnist1d-cnn", &recipe, NULL));
  g_assert_cmpuint (form.epochs, ==, recipe.epochs);
  g_assert_cmpuint (form.batch_size, ==, recipe.batch_size);
  g_assert_cmpfloat_with_epsilon (form.schedule.lr, recipe.schedule.lr, 1e-12);
  g_assert_cmpfloat_with_epsilon (form.momentum, recipe.momentum, 1e-12);
  screenshot (fx, "train-view-recipe.png");

  /* A short run with a validation split, keeping the best epoch on Stop. */
  sl_train_view_set_dataset (fx->view, "mnist1d:train");
  form.epochs = 30; /* stopped long before */
  form.validation_split = 0.2;
  sl_train_view_set_options (fx->view, &form);
  sl_train_view_set_keep_best (fx->view, TRUE);
  g_assert_true (sl_train_view_start (fx->view, &error));
  g_assert_no_error (error);
  g_assert_true (sl_train_view_is_running (fx->view));
  watch_partials (fx);

  spin_until (two_epochs, fx, 120);
  const gsize n_batches = sl_training_live_get_n_batches (live);
  g_assert_cmpuint (n_batches, >=, 2 * 100); /* 3,200 training samples in batches of 32 */
  g_assert_cmpuint (fx->n_partials, >=, n_batches);
  SlTrainingFigure fig;
  sl_training_live_figure (live, NULL, &fig);
  g_assert_cmpuint (fig.n_epochs, >=, 2);
  g_assert_nonnull (fig.val_loss);
  g_assert_true (sl_figure_view_get_custom (sl_train_view_get_figure_view (fx->view)) == live);
  screenshot (fx, "train-view-running.png");

  /* Stop: the run ends cancelled with a model. */
  sl_train_view_stop (fx->view);
  spin_until (finished, fx, 60);
  g_assert_nonnull (sl_train_view_get_trained_model (fx->view));
  guint stopped_at = 0;
  sl_training_live_get_epochs (live, &stopped_at);
  g_assert_cmpuint (stopped_at, <, 30);
  screenshot (fx, "train-view-stopped.png");

  /* Resume: it goes on to the form's epochs (now two more), the curve continuing. */
  const guint target = stopped_at + 2;
  form.epochs = target;
  sl_train_view_set_options (fx->view, &form);
  g_assert_true (sl_train_view_resume (fx->view, &error));
  g_assert_no_error (error);
  spin_until (finished, fx, 240);
  guint n_epochs = 0;
  const SlEpochStats *epochs = sl_training_live_get_epochs (live, &n_epochs);
  g_assert_cmpuint (n_epochs, ==, target);
  for (guint e = 0; e < n_epochs; e++)
    g_assert_cmpuint (epochs[e].epoch, ==, e);
  g_assert_cmpfloat (epochs[target - 1].val_acc, >, 0.3);
  screenshot (fx, "train-view-done.png");

  /* Save as: the file opens and predicts as the trained model does. */
  g_autofree char *path = g_build_filename (fx->dir, "trained.h5", NULL);
  g_assert_true (sl_train_view_save (fx->view, path, &error));
  g_assert_no_error (error);
  g_autoptr (SlModel) model = sl_open_model (path, &error);
  g_assert_no_error (error);
  g_autoptr (SlDataset) test = sl_open_dataset ("mnist1d", model, &error);
  g_assert_no_error (error);
  g_autofree float *probs = NULL, *expected = NULL;
  g_assert_true (
      sl_predict_range (model, test, 0, 200, NULL, NULL, &probs, NULL, NULL, NULL, &error));
  g_assert_true (sl_predict_range (sl_train_view_get_trained_model (fx->view), test, 0, 200, NULL,
                                   NULL, &expected, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  guint correct = 0;
  for (gsize i = 0; i < 200; i++)
    {
      guint best = 0;
      for (guint k = 1; k < model->n_classes; k++)
        if (probs[i * model->n_classes + k] > probs[i * model->n_classes + best])
          best = k;
      correct += best == (guint)test->labels[i];
      for (guint k = 0; k < model->n_classes; k++)
        g_assert_cmpfloat (probs[i * model->n_classes + k], ==, expected[i * model->n_classes + k]);
    }
  g_test_message ("saved model: %u of 200 test samples right", correct);
  g_assert_cmpuint (correct, >, 60);

  /* Explain this model: the saved file is handed over. */
  g_assert_true (sl_train_view_explain (fx->view, &error));
  g_assert_cmpstr (fx->ready_path, ==, path);
}

/* Unsaved, "Explain this model" saves under the user cache folder first. */
static void
test_explain_unsaved (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_train_view_set_preset (fx->view, "mnist1d-cnn"));
  sl_train_view_set_dataset (fx->view, "mnist1d:train");
  SlTrainOptions o;
  sl_train_view_get_options (fx->view, &o);
  o.epochs = 1;
  sl_train_view_set_options (fx->view, &o);
  g_assert_true (sl_train_view_start (fx->view, &error));
  spin_until (finished, fx, 120);
  g_assert_true (sl_train_view_explain (fx->view, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fx->ready_path);
  g_assert_true (g_str_has_prefix (fx->ready_path, g_get_user_cache_dir ()));
  g_autoptr (SlModel) model = sl_open_model (fx->ready_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (model->n_classes, ==, 10);
}

/* Errors are said, not crashed on: no dataset open, a config file that is not a model. */
static void
test_errors (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  sl_train_view_set_dataset (fx->view, NULL); /* the session's: none is open */
  g_assert_false (sl_train_view_start (fx->view, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_autofree char *bad = g_build_filename (fx->dir, "bad.json", NULL);
  g_assert_true (g_file_set_contents (bad, "{\"class_name\": \"Nope\"}", -1, NULL));
  g_assert_false (sl_train_view_set_config_file (fx->view, bad, &error));
  g_assert_nonnull (error);
  g_assert_false (sl_train_view_resume (fx->view, NULL));

  /* The HMT preset's recipe, and the whole form (augmentation, stopping) on a tall window. */
  g_assert_true (sl_train_view_set_preset (fx->view, "hmt-vgg7"));
  SlTrainOptions o;
  sl_train_view_get_options (fx->view, &o);
  g_assert_cmpuint (o.epochs, ==, 120);
  g_assert_cmpfloat_with_epsilon (o.schedule.lr, 0.01, 1e-12);
  g_assert_cmpfloat (o.momentum, ==, 0);
  gtk_window_set_default_size (fx->window, 1280, 1000);
  screenshot (fx, "train-view-hmt-form.png");
}

/* The HMT preset, live, on the shared training subset: a few minutes of CPU, so it runs only when
 * SL_SLOW_GUI_TESTS is set (it made data/screenshots/train-hmt.png). Three epochs from the
 * preset's fresh weights: the curve of every batch, and each epoch's point. */
static void
test_hmt_live (Fixture *fx, gconstpointer data)
{
  g_autofree char *tiles = sl_test_shared ("data/hmt/HMT_train_subset");
  if (!tiles)
    return;
  g_assert_true (sl_train_view_set_preset (fx->view, "hmt-vgg7"));
  sl_train_view_set_dataset (fx->view, tiles);
  SlTrainOptions o;
  sl_train_view_get_options (fx->view, &o);
  o.epochs = 3;
  sl_train_view_set_options (fx->view, &o);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_train_view_start (fx->view, &error));
  g_assert_no_error (error);
  spin_until (finished, fx, 1800);
  guint n = 0;
  sl_training_live_get_epochs (sl_train_view_get_live (fx->view), &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (sl_training_live_get_n_batches (sl_train_view_get_live (fx->view)), ==, 30);
  screenshot (fx, "train-view-hmt.png");
}

int
main (int argc, char **argv)
{
  /* "Explain this model" writes under the user cache folder: a temporary one, set before any
   * thread starts (GLib reads it once). */
  g_autofree char *cache = g_dir_make_tmp ("sl-train-cache-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/train-view/train", Fixture, NULL, fixture_setup, test_train, fixture_teardown);
  if (g_getenv ("SL_SLOW_GUI_TESTS"))
    g_test_add ("/train-view/hmt-live", Fixture, NULL, fixture_setup, test_hmt_live,
                fixture_teardown);
  g_test_add ("/train-view/explain-unsaved", Fixture, NULL, fixture_setup, test_explain_unsaved,
              fixture_teardown);
  g_test_add ("/train-view/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  const int status = g_test_run ();
  remove_tree (cache);
  return status;
}
