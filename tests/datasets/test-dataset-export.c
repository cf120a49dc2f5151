/* test-dataset-export.c — datasets written to HDF5 and read back (regions included); regions of
 * array datasets; damaged region datasets; atomic writes, progress and cancellation. */
#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "datasets/sl-dataset-array.h"
#include "datasets/sl-dataset-export.h"
#include "datasets/sl-dataset-h5.h"
#include "datasets/sl-mnist1d.h"
#include "sl-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

typedef SlTestTmp Fixture;

/* Every sample, label, class name and region of `b` equals `a`'s (its first n samples), bit for
 * bit. */
static void
assert_same (SlDataset *a, SlDataset *b, gsize n)
{
  g_autoptr (GError) error = NULL;
  g_assert_cmpuint (b->n_samples, ==, n);
  g_assert_cmpuint (b->rank, ==, a->rank);
  for (guint i = 0; i < a->rank; i++)
    g_assert_cmpuint (b->shape[i], ==, a->shape[i]);
  g_assert_cmpuint (b->n_classes, ==, a->n_classes);
  for (guint c = 0; c < a->n_classes; c++)
    g_assert_cmpstr (b->class_names[c], ==, a->class_names[c]);
  g_assert_cmpmem (b->labels, n * sizeof (gint), a->labels, n * sizeof (gint));
  g_assert_cmpuint (b->n_regions, ==, a->n_regions);
  for (guint r = 0; r < a->n_regions; r++)
    g_assert_cmpstr (b->region_names[r], ==, a->region_names[r]);

  const gsize size = sl_dataset_sample_size (a), rsize = sl_dataset_region_size (a);
  g_autofree float *xa = g_new (float, size), *xb = g_new (float, size);
  g_autofree float *wa = g_new (float, rsize), *wb = g_new (float, rsize);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (sl_dataset_get_sample (a, i, xa, &error));
      g_assert_true (sl_dataset_get_sample (b, i, xb, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (xa, size * sizeof (float), xb, size * sizeof (float));
      for (guint r = 0; r < a->n_regions; r++)
        {
          g_assert_true (sl_dataset_get_region (a, i, r, wa, &error));
          g_assert_true (sl_dataset_get_region (b, i, r, wb, &error));
          g_assert_no_error (error);
          g_assert_cmpmem (wa, rsize * sizeof (float), wb, rsize * sizeof (float));
        }
    }
}

static void
count_progress (gsize done, gsize total, gpointer data)
{
  gsize *calls = data;
  g_assert_cmpuint (done, <=, total);
  calls[0]++;
  calls[1] = done;
}

static void
test_roundtrip_mnist1d (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_mnist1d_dataset_new (NULL, FALSE, &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (fx->dir, "mnist1d-test.h5", NULL);
  gsize calls[2] = { 0 };
  const gint64 t0 = g_get_monotonic_time ();
  g_assert_true (sl_dataset_export_h5 (ds, path, 0, count_progress, calls, NULL, &error));
  g_assert_no_error (error);
  const gint64 t1 = g_get_monotonic_time ();
  g_assert_cmpuint (calls[1], ==, 1000);
  g_autoptr (SlDataset) back = sl_dataset_h5_open (path, SL_DATASET_SPLIT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->klass->kind, ==, "hdf5");
  assert_same (ds, back, 1000);
  g_test_message ("exported 1000 samples with their regions in %.1f ms, read back in %.1f ms",
                  (t1 - t0) / 1000.0, (g_get_monotonic_time () - t1) / 1000.0);

  /* The first 37 only. */
  g_assert_true (sl_dataset_export_h5 (ds, path, 37, NULL, NULL, NULL, &error));
  g_autoptr (SlDataset) part = sl_dataset_h5_open (path, SL_DATASET_SPLIT_DEFAULT, &error);
  g_assert_no_error (error);
  assert_same (ds, part, 37);
}

/* An unlabelled image array (H, W, C) with two regions, in an order that is not alphabetical. */
static SlDataset *
image_array (gsize n)
{
  const gsize shape[3] = { 4, 5, 3 };
  float *x = g_new (float, n * 60);
  for (gsize i = 0; i < n * 60; i++)
    x[i] = (float) sin ((double) i) * 100.0f;
  SlDataset *ds = sl_dataset_new_for_array ("images", x, n, 3, shape);
  g_autofree float *w = g_new (float, 2 * n * 20);
  for (gsize i = 0; i < 2 * n * 20; i++)
    w[i] = (float) ((i * 7) % 11) / 10.0f;
  const char *names[] = { "zeta", "alpha" };
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_dataset_array_set_regions (ds, names, 2, w, &error));
  g_assert_no_error (error);
  return ds;
}

static void
test_roundtrip_images (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = image_array (9);
  g_assert_cmpuint (sl_dataset_region_size (ds), ==, 20);
  g_autofree char *path = g_build_filename (fx->dir, "images.h5", NULL);
  g_assert_true (sl_dataset_export_h5 (ds, path, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (SlDataset) back = sl_dataset_h5_open (path, SL_DATASET_SPLIT_DEFAULT, &error);
  g_assert_no_error (error);
  assert_same (ds, back, 9);
  g_assert_cmpint (back->labels[0], ==, -1);
  /* The regions' shape in the file: N × H × W. */
  hid_t f = sl_h5_open_read (path, &error);
  g_assert_no_error (error);
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  g_assert_true (sl_h5_dataset_shape (f, "regions/alpha", path, &rank, dims, &error));
  sl_h5_close (f);
  g_assert_cmpuint (rank, ==, 3);
  g_assert_cmpuint (dims[0], ==, 9);
  g_assert_cmpuint (dims[1], ==, 4);
  g_assert_cmpuint (dims[2], ==, 5);
}

static void
test_array_regions (void)
{
  g_autoptr (GError) error = NULL;
  const gsize shape[2] = { 3, 2 };
  g_autoptr (SlDataset) ds = sl_dataset_new_for_array ("signals", g_new0 (float, 2 * 6), 2, 2, shape);
  g_assert_cmpuint (ds->n_regions, ==, 0);
  float out[3];
  g_assert_false (sl_dataset_get_region (ds, 0, 0, out, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);

  float w[6] = { 0, 0.5f, 1, 1, 0, 0.25f };
  const char *names[] = { "mark" };
  g_assert_true (sl_dataset_array_set_regions (ds, names, 1, w, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_dataset_find_region (ds, "mark"), ==, 0);
  g_assert_true (sl_dataset_get_region (ds, 1, 0, out, &error));
  g_assert_cmpmem (out, sizeof out, w + 3, sizeof out);

  /* Bad weights, names: an error naming the dataset and region; the regions stay as they were. */
  const float bad_values[] = { 1.5f, -0.1f, NAN, INFINITY };
  for (guint k = 0; k < G_N_ELEMENTS (bad_values); k++)
    {
      float v[6] = { 0 };
      v[4] = bad_values[k];
      const char *other[] = { "object" };
      g_assert_false (sl_dataset_array_set_regions (ds, other, 1, v, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, "signals"));
      g_assert_nonnull (strstr (error->message, "'object' of sample 1, position 1"));
      g_clear_error (&error);
    }
  const char *twice[] = { "a", "a" }, *empty[] = { "" };
  float w2[12] = { 0 };
  g_assert_false (sl_dataset_array_set_regions (ds, twice, 2, w2, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sl_dataset_array_set_regions (ds, empty, 1, w2, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (ds->n_regions, ==, 1);
  g_assert_cmpstr (ds->region_names[0], ==, "mark");

  g_assert_true (sl_dataset_array_set_regions (ds, NULL, 0, NULL, &error));
  g_assert_cmpuint (ds->n_regions, ==, 0);
  g_assert_null (ds->region_names);
}

/* Replaces region `name` of the exported file `path` by `v` (rank dims). */
static void
replace_region (const char *path, const char *name, guint rank, const hsize_t *dims, const float *v)
{
  g_autoptr (GError) error = NULL;
  hid_t f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (f, >=, 0);
  if (sl_h5_exists (f, name))
    g_assert_cmpint (H5Ldelete (f, name, H5P_DEFAULT), >=, 0);
  g_assert_true (sl_h5_write_floats (f, name, rank, dims, v, &error));
  g_assert_no_error (error);
  H5Fclose (f);
}

static void
expect_error (const char *path, const char *part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_dataset_h5_open (path, SL_DATASET_SPLIT_DEFAULT, &error);
  g_assert_null (ds);
  g_assert_error (error, SL_ERROR, SL_ERROR_FORMAT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, part));
}

static void
test_damaged_regions (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const gsize shape[2] = { 6, 1 };
  float *x = g_new0 (float, 4 * 6);
  g_autoptr (SlDataset) ds = sl_dataset_new_for_array ("four", x, 4, 2, shape);
  float w[24] = { 0 };
  const char *names[] = { "digit" };
  g_assert_true (sl_dataset_array_set_regions (ds, names, 1, w, &error));
  g_autofree char *path = g_build_filename (fx->dir, "damaged.h5", NULL);
  float v[5 * 7] = { 0 };

  const struct
  {
    guint rank;
    hsize_t dims[3];
    gsize bad_at; /* index of a bad value, or G_MAXSIZE */
    float bad;
    const char *expect;
  } cases[] = {
    { 2, { 4, 5 }, G_MAXSIZE, 0, "region 'digit' is 4 × 5; it must be 4 × 6" },
    { 2, { 5, 6 }, G_MAXSIZE, 0, "region 'digit' is 5 × 6; it must be 4 × 6" },
    { 3, { 4, 6, 1 }, G_MAXSIZE, 0, "region 'digit' is 4 × 6 × 1" },
    { 1, { 24 }, G_MAXSIZE, 0, "region 'digit' is 24;" },
    { 2, { 4, 6 }, 13, 1.5f, "region 'digit' of sample 2, position 1: 1.5 is not a weight" },
    { 2, { 4, 6 }, 0, -1e-3f, "region 'digit' of sample 0, position 0: -0.001 is not a weight" },
    { 2, { 4, 6 }, 23, NAN, "region 'digit' of sample 3, position 5: NaN is not a weight" },
    { 2, { 4, 6 }, 5, INFINITY, "region 'digit' of sample 0, position 5: inf is not a weight" },
  };
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_assert_true (sl_dataset_export_h5 (ds, path, 0, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      memset (v, 0, sizeof v);
      if (cases[k].bad_at != G_MAXSIZE)
        v[cases[k].bad_at] = cases[k].bad;
      replace_region (path, "regions/digit", cases[k].rank, cases[k].dims, v);
      expect_error (path, cases[k].expect);
    }

  /* `regions` must be a group of datasets. */
  g_assert_true (sl_dataset_export_h5 (ds, path, 0, NULL, NULL, NULL, &error));
  hid_t f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (H5Ldelete (f, "regions", H5P_DEFAULT), >=, 0);
  const hsize_t dims[2] = { 4, 6 };
  g_assert_true (sl_h5_write_floats (f, "regions", 2, dims, w, &error));
  H5Fclose (f);
  expect_error (path, "'regions' must be a group");

  g_assert_true (sl_dataset_export_h5 (ds, path, 0, NULL, NULL, NULL, &error));
  f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t g = H5Gcreate2 (f, "regions/sub", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Gclose (g);
  H5Fclose (f);
  expect_error (path, "'regions/sub' is not a readable dataset");

  /* Text instead of numbers. */
  g_assert_true (sl_dataset_export_h5 (ds, path, 0, NULL, NULL, NULL, &error));
  f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  hid_t type = H5Tcopy (H5T_C_S1);
  H5Tset_size (type, 4);
  hid_t space = H5Screate_simple (2, dims, NULL);
  hid_t d = H5Dcreate2 (f, "regions/text", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dclose (d);
  H5Sclose (space);
  H5Tclose (type);
  H5Fclose (f);
  expect_error (path, "'regions/text' is not numeric");
}

/* A file from another tool: a `regions` group that does not keep the creation order gives its
 * regions by name. */
static void
test_foreign_regions (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "foreign.h5", NULL);
  hid_t f = sl_h5_create (path, &error);
  g_assert_no_error (error);
  const float x[6] = { 1, 2, 3, 4, 5, 6 }, b[6] = { 1, 1, 0, 0, 0, 0 }, a[6] = { 0, 0, 0, 0.5f, 1, 0 };
  const hsize_t dims[2] = { 2, 3 };
  g_assert_true (sl_h5_write_floats (f, "x", 2, dims, x, &error));
  g_assert_true (sl_h5_write_floats (f, "regions/b", 2, dims, b, &error));
  g_assert_true (sl_h5_write_floats (f, "regions/a", 2, dims, a, &error));
  H5Fclose (f);
  g_autoptr (SlDataset) ds = sl_dataset_h5_open (path, SL_DATASET_SPLIT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_regions, ==, 2);
  g_assert_cmpstr (ds->region_names[0], ==, "a");
  g_assert_cmpstr (ds->region_names[1], ==, "b");
  float w[3];
  g_assert_true (sl_dataset_get_region (ds, 1, 0, w, &error));
  g_assert_cmpmem (w, sizeof w, a + 3, sizeof w);
  g_assert_true (sl_dataset_get_region (ds, 0, 1, w, &error));
  g_assert_cmpmem (w, sizeof w, b, sizeof w);
}

/* A dataset whose sample 5 cannot be read. */
static gboolean
failing_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  if (index == 5)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FORMAT, "%s: sample 5 is damaged", self->name);
      return FALSE;
    }
  memset (out, 0, sl_dataset_sample_size (self) * sizeof (float));
  return TRUE;
}

static const SlDatasetClass failing_class = { .kind = "failing", .get_sample = failing_get_sample };

static void
cancel_at_first (gsize done, gsize total, gpointer data)
{
  GCancellable *cancellable = data;
  g_assert_cmpuint (done, <, total);
  g_cancellable_cancel (cancellable);
}

static void
assert_untouched (const char *dir, const char *path, const char *content)
{
  g_autofree char *now = NULL;
  g_assert_true (g_file_get_contents (path, &now, NULL, NULL));
  g_assert_cmpstr (now, ==, content);
  /* And nothing else was left behind. */
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint entries = 0;
  while (g_dir_read_name (d))
    entries++;
  g_assert_cmpuint (entries, ==, 1);
}

static void
test_atomic (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "keep.h5", NULL);
  const char *old = "an older file that must survive";
  g_assert_true (g_file_set_contents (path, old, -1, NULL));

  g_autoptr (SlDataset) failing = sl_dataset_new_base (&failing_class, "failing set");
  failing->n_samples = 10;
  failing->rank = 2;
  failing->shape[0] = 8;
  failing->shape[1] = 1;
  failing->class_names = g_new0 (char *, 1);
  failing->labels = g_new0 (gint, 10);
  g_assert_false (sl_dataset_export_h5 (failing, path, 0, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "sample 5 is damaged"));
  g_clear_error (&error);
  assert_untouched (fx->dir, path, old);

  /* Cancelled after the first of several blocks (32 KiB samples: 128 to a block). */
  const gsize shape[2] = { 8192, 1 };
  g_autoptr (SlDataset) big = sl_dataset_new_for_array ("big", g_new0 (float, 300 * 8192), 300, 2, shape);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_assert_false (sl_dataset_export_h5 (big, path, 0, cancel_at_first, cancellable, cancellable,
                                        &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CANCELLED);
  g_clear_error (&error);
  assert_untouched (fx->dir, path, old);

  /* Region names that cannot be link names; no samples. */
  float w[8] = { 0 };
  const char *names[] = { "a/b" };
  const gsize small_shape[2] = { 8, 1 };
  g_autoptr (SlDataset) odd = sl_dataset_new_for_array ("odd", g_new0 (float, 8), 1, 2, small_shape);
  g_assert_true (sl_dataset_array_set_regions (odd, names, 1, w, &error));
  g_assert_false (sl_dataset_export_h5 (odd, path, 0, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "'a/b'"));
  g_clear_error (&error);
  g_autoptr (SlDataset) none = sl_dataset_new_for_array ("none", NULL, 0, 2, small_shape);
  g_assert_false (sl_dataset_export_h5 (none, path, 0, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  assert_untouched (fx->dir, path, old);

  /* A folder that does not exist. */
  g_autofree char *nowhere = g_build_filename (fx->dir, "no", "such", "x.h5", NULL);
  g_assert_false (sl_dataset_export_h5 (big, nowhere, 1, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, nowhere));
  g_clear_error (&error);

  /* A success replaces the old file. */
  gsize calls[2] = { 0 };
  g_assert_true (sl_dataset_export_h5 (big, path, 0, count_progress, calls, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls[0], ==, 3);
  g_assert_cmpuint (calls[1], ==, 300);
  g_autoptr (SlDataset) back = sl_dataset_h5_open (path, SL_DATASET_SPLIT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n_samples, ==, 300);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/dataset-export/roundtrip-mnist1d", Fixture, NULL, sl_test_tmp_setup,
              test_roundtrip_mnist1d, sl_test_tmp_teardown);
  g_test_add ("/dataset-export/roundtrip-images", Fixture, NULL, sl_test_tmp_setup,
              test_roundtrip_images, sl_test_tmp_teardown);
  g_test_add_func ("/dataset-export/array-regions", test_array_regions);
  g_test_add ("/dataset-export/damaged-regions", Fixture, NULL, sl_test_tmp_setup,
              test_damaged_regions, sl_test_tmp_teardown);
  g_test_add ("/dataset-export/foreign-regions", Fixture, NULL, sl_test_tmp_setup,
              test_foreign_regions, sl_test_tmp_teardown);
  g_test_add ("/dataset-export/atomic", Fixture, NULL, sl_test_tmp_setup, test_atomic,
              sl_test_tmp_teardown);
  return g_test_run ();
}
