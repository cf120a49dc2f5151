/* test-dataset-h5.c — HDF5 dataset files: the MNIST-1D layout, the generic one, damaged files. */
#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "datasets/sl-dataset-h5.h"
#include "sl-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

typedef SlTestTmp Fixture;

/* A new HDF5 file in the fixture's folder; returns its path and the open file in `file`. */
static char *
create (Fixture *fx, const char *name, hid_t *file)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (fx->dir, name, NULL);
  *file = sl_h5_create (path, &error);
  g_assert_no_error (error);
  return path;
}

static void
write_doubles (hid_t f, const char *name, guint rank, const hsize_t *dims, const double *v)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_h5_write_doubles (f, name, rank, dims, v, &error));
  g_assert_no_error (error);
}

static void
write_int64s (hid_t f, const char *name, guint rank, const hsize_t *dims, const gint64 *v)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_h5_write_int64s (f, name, rank, dims, v, &error));
  g_assert_no_error (error);
}

/* A 1-D variable-length string attribute (attr TRUE) or dataset of the root. */
static void
write_strings (hid_t f, const char *name, const char *const *v, gboolean attr)
{
  hsize_t n = g_strv_length ((char **) v);
  hid_t type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, H5T_VARIABLE);
  H5Tset_cset (type, H5T_CSET_UTF8);
  hid_t space = H5Screate_simple (1, &n, NULL);
  hid_t obj = attr ? H5Acreate2 (f, name, type, space, H5P_DEFAULT, H5P_DEFAULT)
                   : H5Dcreate2 (f, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (obj, >=, 0);
  if (attr)
    {
      g_assert_cmpint (H5Awrite (obj, type, v), >=, 0);
      H5Aclose (obj);
    }
  else
    {
      g_assert_cmpint (H5Dwrite (obj, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v), >=, 0);
      H5Dclose (obj);
    }
  H5Sclose (space);
  H5Tclose (type);
}

/* A fixed-length string dataset (as NumPy 'S' arrays are stored). */
static void
write_fixed_strings (hid_t f, const char *name, const char *packed, gsize len, hsize_t n)
{
  hid_t type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, len);
  H5Tset_strpad (type, H5T_STR_NULLPAD);
  hid_t space = H5Screate_simple (1, &n, NULL);
  hid_t ds = H5Dcreate2 (f, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (H5Dwrite (ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, packed), >=, 0);
  H5Dclose (ds);
  H5Sclose (space);
  H5Tclose (type);
}

static SlDataset *
open_ok (const char *path, SlDatasetSplit split)
{
  g_autoptr (GError) error = NULL;
  SlDataset *ds = sl_dataset_h5_open (path, split, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

/* Opening fails with `code`, and the message names the file and contains `words`. */
static void
open_fails (const char *path, SlDatasetSplit split, int code, const char *words)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_dataset_h5_open (path, split, &error);
  g_assert_null (ds);
  g_assert_error (error, SL_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (words && !strstr (error->message, words))
    g_error ("'%s' does not mention '%s'", error->message, words);
}

static void
test_official (void)
{
  g_autofree char *path = sl_test_shared ("data/mnist1d_data.h5");
  if (!path)
    return;
  g_autoptr (GError) error = NULL;
  hid_t f = sl_h5_open_read (path, &error);
  g_assert_no_error (error);
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autofree double *x_test = sl_h5_read_doubles (f, "x_test", path, &rank, dims, &error);
  g_autofree gint64 *y_test = sl_h5_read_int64s (f, "y_test", path, &rank, dims, &error);
  g_autofree gint64 *y = sl_h5_read_int64s (f, "y", path, &rank, dims, &error);
  g_assert_no_error (error);
  sl_h5_close (f);

  for (int s = 0; s < 2; s++)
    {
      g_autoptr (SlDataset) test
        = open_ok (path, s ? SL_DATASET_SPLIT_TEST : SL_DATASET_SPLIT_DEFAULT);
      g_assert_cmpstr (test->klass->kind, ==, "hdf5");
      g_assert_cmpstr (test->name, ==, "mnist1d_data.h5 (test)");
      g_assert_cmpuint (test->n_samples, ==, 1000);
      g_assert_cmpuint (test->rank, ==, 2);
      g_assert_cmpuint (test->shape[0], ==, 40);
      g_assert_cmpuint (test->shape[1], ==, 1);
      g_assert_cmpuint (test->n_classes, ==, 10);
      g_assert_cmpstr (test->class_names[3], ==, "3");
      g_autofree float *all = g_new (float, 1000 * 40);
      g_assert_true (sl_dataset_get_batch (test, 0, 1000, all, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (sl_test_max_abs_diff_f (all, x_test, 1000 * 40), <, 1e-6);
      for (guint i = 0; i < 1000; i++)
        g_assert_cmpint (test->labels[i], ==, y_test[i]);
    }

  g_autoptr (SlDataset) train = open_ok (path, SL_DATASET_SPLIT_TRAIN);
  g_assert_cmpstr (train->name, ==, "mnist1d_data.h5 (train)");
  g_assert_cmpuint (train->n_samples, ==, 4000);
  for (guint i = 0; i < 4000; i++)
    g_assert_cmpint (train->labels[i], ==, y[i]);
}

static void
test_generic (Fixture *fx, gconstpointer data)
{
  /* 1-D signals with labels and an attribute of class names. */
  hid_t f;
  g_autofree char *signals = create (fx, "signals.h5", &f);
  double x[5 * 3];
  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    x[i] = i * 0.5 - 2;
  const gint64 y[5] = { 0, 2, 1, 2, 0 };
  write_doubles (f, "x", 2, (hsize_t[]) { 5, 3 }, x);
  write_int64s (f, "y", 1, (hsize_t[]) { 5 }, y);
  write_strings (f, "class_names", (const char *[]) { "low", "mid", "high", NULL }, TRUE);
  sl_h5_close (f);
  {
    g_autoptr (SlDataset) ds = open_ok (signals, SL_DATASET_SPLIT_DEFAULT);
    g_assert_cmpstr (ds->name, ==, "signals.h5");
    g_assert_cmpuint (ds->n_samples, ==, 5);
    g_assert_cmpuint (ds->rank, ==, 2);
    g_assert_cmpuint (ds->shape[0], ==, 3);
    g_assert_cmpuint (ds->shape[1], ==, 1);
    g_assert_cmpuint (ds->n_classes, ==, 3);
    g_assert_cmpstr (ds->class_names[2], ==, "high");
    g_assert_null (ds->class_names[3]);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpint (ds->labels[i], ==, y[i]);
    float s[3];
    g_autoptr (GError) error = NULL;
    g_assert_true (sl_dataset_get_sample (ds, 4, s, &error));
    for (guint i = 0; i < 3; i++)
      g_assert_cmpfloat (s[i], ==, (float) x[12 + i]);
  }

  /* Images N × H × W × C, float32, names in a string dataset, no labels. */
  g_autofree char *images = create (fx, "images.hdf5", &f);
  g_autofree float *img = g_new0 (float, 2 * 4 * 3 * 3);
  img[2 * 4 * 3 * 3 - 1] = 7;
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_h5_write_floats (f, "x", 4, (hsize_t[]) { 2, 4, 3, 3 }, img, &error));
  write_strings (f, "class_names", (const char *[]) { "cat", "dog", NULL }, FALSE);
  sl_h5_close (f);
  {
    g_autoptr (SlDataset) ds = open_ok (images, SL_DATASET_SPLIT_DEFAULT);
    g_assert_cmpuint (ds->rank, ==, 3);
    g_assert_cmpuint (ds->shape[0], ==, 4);
    g_assert_cmpuint (ds->shape[1], ==, 3);
    g_assert_cmpuint (ds->shape[2], ==, 3);
    g_assert_cmpuint (ds->n_classes, ==, 2);
    g_assert_cmpstr (ds->class_names[1], ==, "dog");
    g_assert_cmpint (ds->labels[0], ==, -1);
    g_assert_cmpint (ds->labels[1], ==, -1);
    float s[36];
    g_assert_true (sl_dataset_get_sample (ds, 1, s, &error));
    g_assert_cmpfloat (s[35], ==, 7);
  }

  /* N × L × C integers, labels N × 1 without names: classes 0 … max; fixed-length names. */
  g_autofree char *multi = create (fx, "multi.h5", &f);
  const gint64 xi[2 * 4 * 2] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
  write_int64s (f, "x", 3, (hsize_t[]) { 2, 4, 2 }, xi);
  write_int64s (f, "y", 2, (hsize_t[]) { 2, 1 }, (const gint64[]) { 4, 1 });
  sl_h5_close (f);
  {
    g_autoptr (SlDataset) ds = open_ok (multi, SL_DATASET_SPLIT_DEFAULT);
    g_assert_cmpuint (ds->rank, ==, 2);
    g_assert_cmpuint (ds->shape[0], ==, 4);
    g_assert_cmpuint (ds->shape[1], ==, 2);
    g_assert_cmpuint (ds->n_classes, ==, 5);
    g_assert_cmpstr (ds->class_names[4], ==, "4");
    g_assert_cmpint (ds->labels[0], ==, 4);
    float s[8];
    g_assert_true (sl_dataset_get_sample (ds, 1, s, &error));
    g_assert_cmpfloat (s[0], ==, 9);
  }

  g_autofree char *fixed = create (fx, "fixed.h5", &f);
  write_doubles (f, "x", 2, (hsize_t[]) { 2, 2 }, (const double[]) { 1, 2, 3, 4 });
  write_fixed_strings (f, "class_names", "one\0\0two\0\0three", 5, 3);
  sl_h5_close (f);
  {
    g_autoptr (SlDataset) ds = open_ok (fixed, SL_DATASET_SPLIT_DEFAULT);
    g_assert_cmpuint (ds->n_classes, ==, 3);
    g_assert_cmpstr (ds->class_names[0], ==, "one");
    g_assert_cmpstr (ds->class_names[2], ==, "three");
  }

  /* A single string attribute: JSON, or separated by commas. */
  const char *const forms[][2] = { { "[\"a b\", \"c\"]", "a b" }, { "north, south", "north" } };
  for (guint k = 0; k < G_N_ELEMENTS (forms); k++)
    {
      g_autofree char *one = create (fx, "names.h5", &f);
      write_doubles (f, "x", 2, (hsize_t[]) { 2, 2 }, (const double[]) { 1, 2, 3, 4 });
      write_int64s (f, "y", 1, (hsize_t[]) { 2 }, (const gint64[]) { 1, 0 });
      g_assert_true (sl_h5_write_string_attr (f, "class_names", forms[k][0], &error));
      sl_h5_close (f);
      g_autoptr (SlDataset) ds = open_ok (one, SL_DATASET_SPLIT_DEFAULT);
      g_assert_cmpuint (ds->n_classes, ==, 2);
      g_assert_cmpstr (ds->class_names[0], ==, forms[k][1]);
    }
}

static void
test_damaged (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_autofree char *empty = g_build_filename (fx->dir, "empty.h5", NULL);
  g_assert_true (g_file_set_contents (empty, "", 0, &error));
  open_fails (empty, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "not an HDF5 file");

  g_autofree char *text = g_build_filename (fx->dir, "text.h5", NULL);
  g_assert_true (g_file_set_contents (text, "label,x0\n1,2\n", -1, &error));
  open_fails (text, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "not an HDF5 file");

  g_autofree char *missing = g_build_filename (fx->dir, "missing.h5", NULL);
  open_fails (missing, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_IO, "no such file");
  open_fails (fx->dir, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_IO, "folder");

  /* A truncated copy of a valid file. */
  hid_t f;
  g_autofree char *whole = create (fx, "whole.h5", &f);
  g_autofree double *big = g_new0 (double, 100 * 40);
  write_doubles (f, "x", 2, (hsize_t[]) { 100, 40 }, big);
  sl_h5_close (f);
  g_autofree char *bytes = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (whole, &bytes, &len, &error));
  g_autofree char *cut = g_build_filename (fx->dir, "cut.h5", NULL);
  g_assert_true (g_file_set_contents (cut, bytes, len / 3, &error));
  {
    g_autoptr (GError) e = NULL;
    g_autoptr (SlDataset) ds = sl_dataset_h5_open (cut, SL_DATASET_SPLIT_DEFAULT, &e);
    g_assert_null (ds);
    g_assert_error (e, SL_ERROR, SL_ERROR_FORMAT);
  }

  /* The wrong datasets. */
  g_autofree char *wrong = create (fx, "wrong.h5", &f);
  write_doubles (f, "data", 2, (hsize_t[]) { 2, 2 }, (const double[]) { 1, 2, 3, 4 });
  sl_h5_close (f);
  open_fails (wrong, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "no dataset 'x'");
  open_fails (wrong, SL_DATASET_SPLIT_TRAIN, SL_ERROR_ARGUMENT, "no train/test split");

  /* The MNIST-1D layout without its test labels. */
  g_autofree char *half = create (fx, "half.h5", &f);
  write_doubles (f, "x", 2, (hsize_t[]) { 2, 2 }, (const double[]) { 1, 2, 3, 4 });
  write_int64s (f, "y", 1, (hsize_t[]) { 2 }, (const gint64[]) { 1, 0 });
  write_doubles (f, "x_test", 2, (hsize_t[]) { 1, 2 }, (const double[]) { 1, 2 });
  sl_h5_close (f);
  open_fails (half, SL_DATASET_SPLIT_TEST, SL_ERROR_FORMAT, "no dataset 'y_test'");
  {
    g_autoptr (SlDataset) ds = open_ok (half, SL_DATASET_SPLIT_TRAIN);
    g_assert_cmpuint (ds->n_samples, ==, 2);
  }

  /* Label count ≠ sample count. */
  g_autofree char *count = create (fx, "count.h5", &f);
  write_doubles (f, "x", 2, (hsize_t[]) { 3, 2 }, (const double[]) { 1, 2, 3, 4, 5, 6 });
  write_int64s (f, "y", 1, (hsize_t[]) { 2 }, (const gint64[]) { 1, 0 });
  sl_h5_close (f);
  open_fails (count, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "2 labels but 'x' has 3 samples");

  /* Labels out of range: beyond the names, negative, fractional; and the MNIST-1D 10 classes. */
  g_autofree char *range = create (fx, "range.h5", &f);
  write_doubles (f, "x", 2, (hsize_t[]) { 2, 2 }, (const double[]) { 1, 2, 3, 4 });
  write_int64s (f, "y", 1, (hsize_t[]) { 2 }, (const gint64[]) { 1, 2 });
  write_strings (f, "class_names", (const char *[]) { "a", "b", NULL }, TRUE);
  sl_h5_close (f);
  open_fails (range, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "label 2 of sample 1");

  g_autofree char *negative = create (fx, "negative.h5", &f);
  write_doubles (f, "x", 2, (hsize_t[]) { 2, 2 }, (const double[]) { 1, 2, 3, 4 });
  write_int64s (f, "y", 1, (hsize_t[]) { 2 }, (const gint64[]) { -1, 0 });
  sl_h5_close (f);
  open_fails (negative, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "label -1 of sample 0");

  g_autofree char *fraction = create (fx, "fraction.h5", &f);
  write_doubles (f, "x", 2, (hsize_t[]) { 2, 2 }, (const double[]) { 1, 2, 3, 4 });
  write_doubles (f, "y", 1, (hsize_t[]) { 2 }, (const double[]) { 1, 0.5 });
  sl_h5_close (f);
  open_fails (fraction, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "label 0.5 of sample 1");

  g_autofree char *ten = create (fx, "ten.h5", &f);
  write_doubles (f, "x", 2, (hsize_t[]) { 1, 2 }, (const double[]) { 1, 2 });
  write_int64s (f, "y", 1, (hsize_t[]) { 1 }, (const gint64[]) { 3 });
  write_doubles (f, "x_test", 2, (hsize_t[]) { 1, 2 }, (const double[]) { 1, 2 });
  write_int64s (f, "y_test", 1, (hsize_t[]) { 1 }, (const gint64[]) { 10 });
  sl_h5_close (f);
  open_fails (ten, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "out of range (10 classes");

  /* Non-numeric samples; a 1-D x; NaN, Inf and float32 overflow. */
  g_autofree char *strings = create (fx, "strings.h5", &f);
  write_strings (f, "x", (const char *[]) { "a", "b", NULL }, FALSE);
  sl_h5_close (f);
  open_fails (strings, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "not numeric");

  g_autofree char *flat = create (fx, "flat.h5", &f);
  write_doubles (f, "x", 1, (hsize_t[]) { 4 }, (const double[]) { 1, 2, 3, 4 });
  sl_h5_close (f);
  open_fails (flat, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "expected N × L");

  const double bad[] = { NAN, INFINITY, 1e300 };
  for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      g_autofree char *nonfinite = create (fx, "nonfinite.h5", &f);
      write_doubles (f, "x", 2, (hsize_t[]) { 2, 2 }, (const double[]) { 1, 2, 3, bad[k] });
      sl_h5_close (f);
      open_fails (nonfinite, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT,
                  k == 0 ? "value 1 of sample 1 in 'x' is NaN"
                         : "value 1 of sample 1 in 'x' is infinite");
    }

  /* Class names that are not text. */
  g_autofree char *badnames = create (fx, "badnames.h5", &f);
  write_doubles (f, "x", 2, (hsize_t[]) { 1, 2 }, (const double[]) { 1, 2 });
  write_doubles (f, "class_names", 1, (hsize_t[]) { 2 }, (const double[]) { 1, 2 });
  sl_h5_close (f);
  open_fails (badnames, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "'class_names' is not text");

  g_autofree char *badjson = create (fx, "badjson.h5", &f);
  write_doubles (f, "x", 2, (hsize_t[]) { 1, 2 }, (const double[]) { 1, 2 });
  g_assert_true (sl_h5_write_string_attr (f, "class_names", "[\"a\", 3]", &error));
  sl_h5_close (f);
  open_fails (badjson, SL_DATASET_SPLIT_DEFAULT, SL_ERROR_FORMAT, "entry 1 is not a string");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dataset-h5/official", test_official);
  g_test_add ("/dataset-h5/generic", Fixture, NULL, sl_test_tmp_setup, test_generic, sl_test_tmp_teardown);
  g_test_add ("/dataset-h5/damaged", Fixture, NULL, sl_test_tmp_setup, test_damaged, sl_test_tmp_teardown);
  return g_test_run ();
}
