/* test-faith-export.c — a faithfulness table's mean curves and their figure, and the table as JSON
 * and CSV: the demo model over built-in MNIST-1D samples, headless. */
#include "compose/sl-faith-export.h"
#include "compose/sl-faithfulness-figures.h"
#include "compose/sl-open.h"
#include "core/sl-error.h"
#include "sl-test-util.h"

#include <string.h>

#define N_SAMPLES 40

/* The demo model and the built-in MNIST-1D test set. */
static SlDataset *
open_demo (SlModel **model)
{
  g_autoptr (GError) error = NULL;
  *model = sl_open_model ("demo", &error);
  g_assert_no_error (error);
  SlDataset *ds = sl_open_dataset ("mnist1d", *model, &error);
  g_assert_no_error (error);
  return ds;
}

static SlFaithTable *
run_table (SlModel *model, SlDataset *ds, gboolean curves, GCancellable *cancellable)
{
  SlExplainRequest reqs[2];
  sl_explain_request_init (&reqs[0], "gradcam");
  sl_explain_request_init (&reqs[1], "saliency");
  SlFaithOptions o;
  sl_faith_options_init (&o);
  o.curves = curves;
  o.n_steps = 20;
  o.keep_partial = TRUE;
  g_autoptr (GError) error = NULL;
  SlFaithTable *t = sl_faithfulness_dataset (model, ds, 0, N_SAMPLES, reqs, 2, &o, NULL, NULL,
                                             cancellable, &error);
  g_assert_no_error (error);
  return t;
}

static void
test_mean_curves (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = NULL;
  g_autoptr (SlDataset) ds = open_demo (&model);
  g_autoptr (SlFaithTable) t = run_table (model, ds, TRUE, NULL);
  g_assert_cmpuint (t->n_steps, ==, 20);
  g_assert_nonnull (t->deletion_curve);
  for (guint m = 0; m < t->n_methods; m++)
    {
      const double *del = t->deletion_curve + m * 21, *ins = t->insertion_curve + m * 21;
      /* The trapezoid area is linear: the mean curve's area is the mean of the areas. */
      double a_del = 0, a_ins = 0;
      for (guint k = 0; k < 20; k++)
        a_del += 0.5 * (del[k] + del[k + 1]) / 20, a_ins += 0.5 * (ins[k] + ins[k + 1]) / 20;
      g_assert_cmpfloat_with_epsilon (a_del, t->deletion_auc[m], 1e-12);
      g_assert_cmpfloat_with_epsilon (a_ins, t->insertion_auc[m], 1e-12);
      /* Nothing deleted / everything inserted: the unmasked input, the same for every method. */
      g_assert_cmpfloat_with_epsilon (del[0], ins[20], 1e-6);
      g_assert_cmpfloat_with_epsilon (del[0], t->deletion_curve[0], 1e-12);
      for (gsize s = 0; s < t->n_samples; s++)
        g_assert_cmpfloat (t->sample_seconds[m * t->n_samples + s], >, 0);
    }
  const char *names[] = { "gradcam", "saliency", NULL };
  g_autoptr (SlFaithFigure) fig = sl_faith_curves_figure_new (t, names, "points", NULL);
  g_assert_nonnull (fig);
  double w, h;
  sl_faith_figure_get_size (fig, &w, &h);
  g_assert_cmpfloat (w, >, 100);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "faith-mean-curves.png", NULL);
  g_assert_true (sl_faith_figure_export (fig, path, 0, 0, 96, &error));
  g_assert_no_error (error);
  g_test_message ("figure: %s", path);

  /* Without curves there is no curves figure. */
  g_autoptr (SlFaithTable) plain = run_table (model, ds, FALSE, NULL);
  g_assert_null (plain->deletion_curve);
  g_assert_null (sl_faith_curves_figure_new (plain, names, NULL, NULL));
}

static void
test_json_csv (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = NULL;
  g_autoptr (SlDataset) ds = open_demo (&model);
  g_autoptr (SlFaithTable) t = run_table (model, ds, TRUE, NULL);

  g_autofree char *text = sl_faith_table_to_json_text (t);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "samples"), ==, N_SAMPLES);
  g_assert_false (json_object_has_member (root, "partial"));
  JsonArray *rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  for (guint m = 0; m < 2; m++)
    {
      JsonObject *row = json_array_get_object_element (rows, m);
      g_assert_cmpstr (json_object_get_string_member (row, "method"), ==, t->methods[m]);
      g_assert_cmpfloat (json_object_get_double_member (row, "drop_rate"), ==, t->drop_rate[m]);
      g_assert_cmpfloat (json_object_get_double_member (row, "deletion_auc"), ==,
                         t->deletion_auc[m]);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (row, "drop")), ==,
                        N_SAMPLES);
    }

  g_autofree char *csv = sl_faith_table_to_csv (t);
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4); /* header, 2 rows, the empty tail */
  g_assert_true (g_str_has_prefix (lines[0], "method,drop_rate,increase_rate,"));
  g_auto (GStrv) cells = g_strsplit (lines[1], ",", -1);
  g_assert_cmpuint (g_strv_length (cells), ==, 7);
  g_assert_cmpstr (cells[0], ==, t->methods[0]);
  g_assert_cmpfloat (g_ascii_strtod (cells[1], NULL), ==, t->drop_rate[0]);
  g_assert_cmpfloat (g_ascii_strtod (cells[4], NULL), ==, t->insertion_auc[0]);
  g_assert_cmpint (atoi (cells[5]), ==, N_SAMPLES);

  g_autofree char *dir = g_dir_make_tmp ("sl-faith-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *csv_path = g_build_filename (dir, "t.csv", NULL);
  g_autofree char *json_path = g_build_filename (dir, "t.json", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "t.txt", NULL);
  g_assert_true (sl_faith_table_save (t, csv_path, &error));
  g_assert_true (sl_faith_table_save (t, json_path, &error));
  g_assert_false (sl_faith_table_save (t, bad_path, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_autofree char *back = NULL;
  g_assert_true (g_file_get_contents (json_path, &back, NULL, NULL));
  g_assert_cmpstr (back, ==, text);
  g_unlink (csv_path);
  g_unlink (json_path);
  g_rmdir (dir);
}

/* A cancelled run: JSON says partial and counts only the samples done. */
static void
test_partial (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = NULL;
  g_autoptr (SlDataset) ds = open_demo (&model);
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  g_cancellable_cancel (cancel);
  g_autoptr (SlFaithTable) t = run_table (model, ds, TRUE, cancel);
  g_assert_true (t->partial);
  g_assert_cmpuint (t->n_done, ==, 0);
  g_assert_null (
      sl_faith_curves_figure_new (t, (const char *[]){ "gradcam", "saliency", NULL }, NULL, NULL));
  g_autofree char *text = sl_faith_table_to_json_text (t);
  g_assert_nonnull (strstr (text, "\"partial\" : true"));
  g_assert_nonnull (strstr (text, "\"samples\" : 0"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compose/faith/mean-curves", test_mean_curves);
  g_test_add_func ("/compose/faith/json-csv", test_json_csv);
  g_test_add_func ("/compose/faith/partial", test_partial);
  return g_test_run ();
}
