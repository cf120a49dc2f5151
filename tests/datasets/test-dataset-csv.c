/* test-dataset-csv.c — MNIST-1D style CSV files, well-formed and damaged. */
#include "core/sl-error.h"
#include "datasets/sl-dataset-csv.h"
#include "sl-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

typedef SlTestTmp Fixture;

static char *
write_file (Fixture *fx, const char *name, const char *text, gssize len)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (fx->dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, len, &error));
  g_assert_no_error (error);
  return path;
}

static SlDataset *
open_ok (const char *path)
{
  g_autoptr (GError) error = NULL;
  SlDataset *ds = sl_dataset_csv_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

static void
open_fails (Fixture *fx, const char *text, gssize len, int code, const char *words)
{
  g_autofree char *path = write_file (fx, "bad.csv", text, len);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_dataset_csv_open (path, &error);
  g_assert_null (ds);
  g_assert_error (error, SL_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (words && !strstr (error->message, words))
    g_error ("'%s' does not mention '%s'", error->message, words);
}

static void
test_good (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = write_file (fx, "signals.csv",
                                      "label,x0,x1,x2\n"
                                      "3,0.5,-1.25,2e-3\n"
                                      "\n"
                                      "0, 1 ,\"2\",3.\n"
                                      "1,-0,1E2,-.5\n",
                                      -1);
  g_autoptr (SlDataset) ds = open_ok (path);
  g_assert_cmpstr (ds->klass->kind, ==, "csv");
  g_assert_cmpstr (ds->name, ==, "signals.csv");
  g_assert_cmpuint (ds->n_samples, ==, 3);
  g_assert_cmpuint (ds->rank, ==, 2);
  g_assert_cmpuint (ds->shape[0], ==, 3);
  g_assert_cmpuint (ds->shape[1], ==, 1);
  g_assert_cmpuint (ds->n_classes, ==, 4);
  g_assert_cmpstr (ds->class_names[3], ==, "3");
  g_assert_null (ds->class_names[4]);
  g_assert_cmpint (ds->labels[0], ==, 3);
  g_assert_cmpint (ds->labels[1], ==, 0);
  g_assert_cmpint (ds->labels[2], ==, 1);
  float all[9];
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_dataset_get_batch (ds, 0, 3, all, &error));
  const float expect[9] = { 0.5f, -1.25f, 2e-3f, 1, 2, 3, -0.0f, 100, -0.5f };
  for (guint i = 0; i < 9; i++)
    g_assert_cmpfloat (all[i], ==, expect[i]);

  /* No header, CRLF line ends, a byte-order mark, tabs, no final newline. */
  g_autofree char *tabs = write_file (fx, "tabs.csv", "\xEF\xBB\xBF" "2\t1\t2\r\n0\t3\t4", -1);
  g_autoptr (SlDataset) t = open_ok (tabs);
  g_assert_cmpuint (t->n_samples, ==, 2);
  g_assert_cmpuint (t->shape[0], ==, 2);
  g_assert_cmpint (t->labels[0], ==, 2);
  float s[2];
  g_assert_true (sl_dataset_get_sample (t, 1, s, &error));
  g_assert_cmpfloat (s[0], ==, 3);
  g_assert_cmpfloat (s[1], ==, 4);
}

static void
test_bad (Fixture *fx, gconstpointer data)
{
  open_fails (fx, "", 0, SL_ERROR_FORMAT, "no samples (it is empty)");
  open_fails (fx, "label,x0,x1\n", -1, SL_ERROR_FORMAT, "no samples");
  open_fails (fx, "\n  \n", -1, SL_ERROR_FORMAT, "no samples");
  /* Truncated: the last row lost its end. */
  open_fails (fx, "label,a,b,c\n1,0.1,0.2,0.3\n2,0.4,0.5,0.6\n3,0.7,0.", -1, SL_ERROR_FORMAT,
              "line 4 has 3 columns, but line 2 has 4");
  open_fails (fx, "1,0.1,0.2\n2,0.4,0.5,0.6\n", -1, SL_ERROR_FORMAT,
              "line 2 has 4 columns, but line 1 has 3");
  open_fails (fx, "label,a,b\n1,0.1,0.2\n2,0.4,zero\n", -1, SL_ERROR_FORMAT,
              "line 3, column 3: 'zero' is not a number");
  open_fails (fx, "1,0.1,0.2x\n", -1, SL_ERROR_FORMAT, "line 1, column 3: '0.2x' is not a number");
  open_fails (fx, "1,0.1,,0.3\n", -1, SL_ERROR_FORMAT, "line 1, column 3: the field is empty");
  open_fails (fx, "1,0.1,0.2\n2,nan,0\n", -1, SL_ERROR_FORMAT,
              "line 2, column 2: 'nan' is not a finite");
  open_fails (fx, "1,1e39,0.2\n", -1, SL_ERROR_FORMAT, "line 1, column 2");
  open_fails (fx, "1,0.1\n2.5,0.2\n", -1, SL_ERROR_FORMAT, "line 2, column 1: the label '2.5'");
  open_fails (fx, "1,0.1\n-1,0.2\n", -1, SL_ERROR_FORMAT, "line 2, column 1");
  open_fails (fx, "1,0.1\nx,0.2\n", -1, SL_ERROR_FORMAT, "line 2, column 1: the label 'x'");
  open_fails (fx, "1\n2\n", -1, SL_ERROR_FORMAT, "line 1: a row needs a label");
  open_fails (fx, "1,2\0,3\n", 7, SL_ERROR_FORMAT, "not a text");
  /* A long field is cut short in the message. */
  g_autofree char *longer = g_strdup_printf ("1,%0200d\n", 5);
  open_fails (fx, longer, -1, SL_ERROR_FORMAT, "line 1, column 2");

  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_dataset_csv_open ("/nonexistent/none.csv", &error);
  g_assert_null (ds);
  g_assert_error (error, SL_ERROR, SL_ERROR_IO);
  g_clear_error (&error);
  ds = sl_dataset_csv_open (fx->dir, &error);
  g_assert_null (ds);
  g_assert_error (error, SL_ERROR, SL_ERROR_IO);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/dataset-csv/good", Fixture, NULL, sl_test_tmp_setup, test_good, sl_test_tmp_teardown);
  g_test_add ("/dataset-csv/bad", Fixture, NULL, sl_test_tmp_setup, test_bad, sl_test_tmp_teardown);
  return g_test_run ();
}
