/* test-dataset-open.c — the CLI's dataset strings: built-in MNIST-1D, HDF5, CSV, image folders. */
#include "core/sl-error.h"
#include "datasets/sl-dataset-open.h"
#include "sl-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

static SlDataset *
open_ok (const char *spec, const SlDatasetOpenOptions *options)
{
  g_autoptr (GError) error = NULL;
  SlDataset *ds = sl_dataset_open (spec, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

static void
open_fails (const char *spec, int code, const char *words)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_dataset_open (spec, NULL, &error);
  g_assert_null (ds);
  g_assert_error (error, SL_ERROR, code);
  g_test_message ("%s", error->message);
  if (words && !strstr (error->message, words))
    g_error ("'%s' does not mention '%s'", error->message, words);
}

static void
test_builtin (void)
{
  g_autoptr (SlDataset) test = open_ok ("mnist1d", NULL);
  g_assert_cmpstr (test->klass->kind, ==, "mnist1d");
  g_assert_cmpuint (test->n_samples, ==, 1000);
  g_autoptr (SlDataset) test2 = open_ok ("MNIST1D:test", NULL);
  g_assert_cmpuint (test2->n_samples, ==, 1000);
  g_assert_cmpmem (test->labels, 1000 * sizeof (gint), test2->labels, 1000 * sizeof (gint));

  SlMnist1dParams p;
  sl_mnist1d_params_init_default (&p);
  p.num_samples = 100;
  const SlDatasetOpenOptions options = { .mnist1d = &p };
  g_autoptr (SlDataset) train = open_ok ("mnist1d:train", &options);
  g_assert_cmpuint (train->n_samples, ==, 80);
  g_assert_nonnull (sl_mnist1d_dataset_get_data (train));

  open_fails ("mnist1d:validation", SL_ERROR_ARGUMENT, "unknown built-in dataset");
  open_fails ("", SL_ERROR_ARGUMENT, "no dataset given");
  open_fails (NULL, SL_ERROR_ARGUMENT, "no dataset given");
}

static void
test_files (void)
{
  g_autofree char *h5 = sl_test_shared ("data/mnist1d_data.h5");
  if (!h5)
    return;
  g_autoptr (SlDataset) test = open_ok (h5, NULL);
  g_assert_cmpstr (test->klass->kind, ==, "hdf5");
  g_assert_cmpuint (test->n_samples, ==, 1000);
  g_autofree char *train_spec = g_strconcat (h5, ":train", NULL);
  g_autoptr (SlDataset) train = open_ok (train_spec, NULL);
  g_assert_cmpuint (train->n_samples, ==, 4000);
  g_autofree char *test_spec = g_strconcat (h5, ":test", NULL);
  g_autoptr (SlDataset) test2 = open_ok (test_spec, NULL);
  g_assert_cmpuint (test2->n_samples, ==, 1000);

  /* The built-in generator and the official file agree (float32 of the same doubles). */
  g_autoptr (SlDataset) builtin = open_ok ("mnist1d:train", NULL);
  g_autofree float *a = g_new (float, 4000 * 40);
  g_autofree float *b = g_new (float, 4000 * 40);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_dataset_get_batch (builtin, 0, 4000, a, &error));
  g_assert_true (sl_dataset_get_batch (train, 0, 4000, b, &error));
  g_assert_no_error (error);
  double worst = 0;
  for (gsize i = 0; i < 4000 * 40; i++)
    worst = fmax (worst, fabs ((double) a[i] - b[i]));
  g_assert_cmpfloat (worst, <=, 1e-6);
  g_assert_cmpmem (builtin->labels, 4000 * sizeof (gint), train->labels, 4000 * sizeof (gint));

  g_autofree char *dir = g_dir_make_tmp ("sl-test-open-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *csv = g_build_filename (dir, "s.CSV", NULL);
  g_assert_true (g_file_set_contents (csv, "label,a,b\n1,2,3\n0,4,5\n", -1, &error));
  g_autoptr (SlDataset) c = open_ok (csv, NULL);
  g_assert_cmpstr (c->klass->kind, ==, "csv");
  g_assert_cmpuint (c->n_samples, ==, 2);
  g_autofree char *csv_train = g_strconcat (csv, ":train", NULL);
  open_fails (csv_train, SL_ERROR_ARGUMENT, "no train/test split");

  /* An HDF5 file under another name is recognised; other files are refused. */
  g_autofree char *dat = g_build_filename (dir, "data.bin", NULL);
  g_autofree char *bytes = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (h5, &bytes, &len, &error));
  g_assert_true (g_file_set_contents (dat, bytes, len, &error));
  g_autoptr (SlDataset) d = open_ok (dat, NULL);
  g_assert_cmpuint (d->n_samples, ==, 1000);
  g_autofree char *txt = g_build_filename (dir, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (txt, "hello", -1, &error));
  open_fails (txt, SL_ERROR_UNSUPPORTED, "unknown kind of dataset");
  g_autofree char *nothing = g_build_filename (dir, "nothing.h5", NULL);
  open_fails (nothing, SL_ERROR_IO, "no such file or folder");
  g_autofree char *dir_train = g_strconcat (dir, ":train", NULL);
  open_fails (dir_train, SL_ERROR_ARGUMENT, "no train/test split");

  g_unlink (csv);
  g_unlink (dat);
  g_unlink (txt);
  g_rmdir (dir);
}

static void
test_folder (void)
{
  g_autofree char *folder = sl_test_shared ("data/hmt/HMT_test");
  if (!folder)
    return;
  SlImageFolderOptions image;
  sl_image_folder_options_init (&image);
  image.width = image.height = 16;
  const SlDatasetOpenOptions options = { .image = &image };
  g_autoptr (SlDataset) ds = open_ok (folder, &options);
  g_assert_cmpstr (ds->klass->kind, ==, "image-folder");
  g_assert_cmpuint (ds->n_samples, ==, 496);
  g_assert_cmpuint (ds->n_classes, ==, 8);
  g_assert_cmpuint (ds->rank, ==, 3);
  g_assert_cmpuint (ds->shape[0], ==, 16);
}

/* "mnist1d@key=value,…" makes a variant; bad keys and values are clear errors. */
static void
test_variant (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) small = sl_dataset_open ("mnist1d:train@num_samples=200,seed=3", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (small->n_samples, ==, 160);
  g_autoptr (SlDataset) test = sl_dataset_open ("mnist1d@num_samples=200,seed=3", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (test->n_samples, ==, 40);
  g_autoptr (SlDataset) other = sl_dataset_open ("mnist1d@num_samples=200,seed=4", NULL, &error);
  g_assert_no_error (error);
  float a[40], b[40];
  g_assert_true (sl_dataset_get_sample (test, 0, a, &error));
  g_assert_true (sl_dataset_get_sample (other, 0, b, &error));
  g_assert_true (memcmp (a, b, sizeof a) != 0);

  SlMnist1dParams params;
  sl_mnist1d_params_init_default (&params);
  g_assert_true (sl_mnist1d_params_parse (&params, "iid_noise_scale=0.05, shuffle_seq=true", &error));
  g_assert_cmpfloat (params.iid_noise_scale, ==, 0.05);
  g_assert_true (params.shuffle_seq);

  const char *bad[] = { "mnist1d@bogus=1", "mnist1d@seed=x", "mnist1d@seed", "mnist1d@num_samples=-5" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) e = NULL;
      g_autoptr (SlDataset) d = sl_dataset_open (bad[i], NULL, &e);
      g_assert_null (d);
      g_assert_error (e, SL_ERROR, SL_ERROR_ARGUMENT);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dataset-open/builtin", test_builtin);
  g_test_add_func ("/dataset-open/variant", test_variant);
  g_test_add_func ("/dataset-open/files", test_files);
  g_test_add_func ("/dataset-open/folder", test_folder);
  return g_test_run ();
}
