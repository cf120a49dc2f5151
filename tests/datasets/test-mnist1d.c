/* test-mnist1d.c — the MNIST-1D generator against the official data; parameters; the dataset. */
#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "datasets/sl-mnist1d.h"
#include "sl-test-util.h"

#include <string.h>

static double
max_abs_diff (const double *a, const double *b, gsize n)
{
  double m = 0;
  for (gsize i = 0; i < n; i++)
    m = fmax (m, fabs (a[i] - b[i]));
  return m;
}

static double *
read_doubles (hid_t f, const char *name, const char *path, gsize expect)
{
  g_autoptr (GError) error = NULL;
  guint rank = 0;
  hsize_t dims[SL_H5_MAX_RANK];
  double *v = sl_h5_read_doubles (f, name, path, &rank, dims, &error);
  g_assert_no_error (error);
  gsize n = 1;
  for (guint i = 0; i < rank; i++)
    n *= dims[i];
  g_assert_cmpuint (n, ==, expect);
  return v;
}

static gint64 *
read_int64s (hid_t f, const char *name, const char *path, gsize expect)
{
  g_autoptr (GError) error = NULL;
  guint rank = 0;
  hsize_t dims[SL_H5_MAX_RANK];
  gint64 *v = sl_h5_read_int64s (f, name, path, &rank, dims, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rank, ==, 1);
  g_assert_cmpuint (dims[0], ==, expect);
  return v;
}

static void
test_official (void)
{
  g_autofree char *path = sl_test_shared ("data/mnist1d_data.h5");
  if (!path)
    return;
  g_autoptr (GError) error = NULL;
  SlMnist1dParams p;
  sl_mnist1d_params_init_default (&p);

  const gint64 t0 = g_get_monotonic_time ();
  g_autoptr (SlMnist1d) m = sl_mnist1d_generate (&p, &error);
  const gint64 t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_test_message ("generating 5000 samples took %.1f ms", (t1 - t0) / 1000.0);
  g_assert_cmpint (t1 - t0, <, G_USEC_PER_SEC);

  hid_t f = sl_h5_open_read (path, &error);
  g_assert_no_error (error);
  g_autofree double *x = read_doubles (f, "x", path, 4000 * 40);
  g_autofree double *x_test = read_doubles (f, "x_test", path, 1000 * 40);
  g_autofree double *t = read_doubles (f, "t", path, 40);
  g_autofree double *tx = read_doubles (f, "templates/x", path, 10 * 12);
  g_autofree double *tt = read_doubles (f, "templates/t", path, 12);
  g_autofree gint64 *y = read_int64s (f, "y", path, 4000);
  g_autofree gint64 *y_test = read_int64s (f, "y_test", path, 1000);
  g_autofree gint64 *ty = read_int64s (f, "templates/y", path, 10);
  sl_h5_close (f);

  g_assert_cmpuint (sl_mnist1d_get_seq_length (m), ==, 40);
  gsize n_train, n_test;
  const double *gx = sl_mnist1d_get_x (m, TRUE, &n_train);
  const double *gx_test = sl_mnist1d_get_x (m, FALSE, &n_test);
  g_assert_cmpuint (n_train, ==, 4000);
  g_assert_cmpuint (n_test, ==, 1000);

  const double dx = max_abs_diff (gx, x, 4000 * 40);
  const double dx_test = max_abs_diff (gx_test, x_test, 1000 * 40);
  const double dt = max_abs_diff (sl_mnist1d_get_t (m), t, 40);
  const double dtx = max_abs_diff (sl_mnist1d_get_templates_x (m), tx, 120);
  const double dtt = max_abs_diff (sl_mnist1d_get_template_t (m), tt, 12);
  g_test_message ("max |delta| x %.3g, x_test %.3g, t %.3g, templates x %.3g, t %.3g", dx, dx_test,
                  dt, dtx, dtt);
  g_assert_cmpfloat (dx, <=, 1e-9);
  g_assert_cmpfloat (dx_test, <=, 1e-9);
  g_assert_cmpfloat (dt, <=, 1e-9);
  g_assert_cmpfloat (dtx, <=, 1e-12);
  g_assert_cmpfloat (dtt, <=, 1e-12);

  g_assert_cmpmem (sl_mnist1d_get_y (m, TRUE, NULL), 4000 * sizeof (gint64), y,
                   4000 * sizeof (gint64));
  g_assert_cmpmem (sl_mnist1d_get_y (m, FALSE, NULL), 1000 * sizeof (gint64), y_test,
                   1000 * sizeof (gint64));
  g_assert_cmpmem (sl_mnist1d_get_template_y (m), 10 * sizeof (gint64), ty, 10 * sizeof (gint64));
  for (guint d = 0; d < 10; d++)
    g_assert_true (sl_mnist1d_get_template_x (m, d) == sl_mnist1d_get_templates_x (m) + d * 12);
  g_assert_null (sl_mnist1d_get_template_x (m, 10));
}

static SlMnist1d *
generate (const SlMnist1dParams *p)
{
  g_autoptr (GError) error = NULL;
  SlMnist1d *m = sl_mnist1d_generate (p, &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

static gboolean
same_data (const SlMnist1d *a, const SlMnist1d *b)
{
  gsize na, nb;
  const gsize len = sl_mnist1d_get_seq_length (a);
  if (len != sl_mnist1d_get_seq_length (b))
    return FALSE;
  for (int train = 0; train < 2; train++)
    {
      const double *xa = sl_mnist1d_get_x (a, train, &na);
      const double *xb = sl_mnist1d_get_x (b, train, &nb);
      if (na != nb || memcmp (xa, xb, na * len * sizeof (double)) != 0)
        return FALSE;
      if (memcmp (sl_mnist1d_get_y (a, train, NULL), sl_mnist1d_get_y (b, train, NULL),
                  na * sizeof (gint64)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
test_variants (void)
{
  SlMnist1dParams p;
  sl_mnist1d_params_init_default (&p);
  p.num_samples = 100;
  g_autoptr (SlMnist1d) a = generate (&p);
  g_autoptr (SlMnist1d) b = generate (&p);
  gsize n_train, n_test;
  sl_mnist1d_get_x (a, TRUE, &n_train);
  sl_mnist1d_get_x (a, FALSE, &n_test);
  g_assert_cmpuint (n_train, ==, 80);
  g_assert_cmpuint (n_test, ==, 20);
  g_assert_true (same_data (a, b));

  /* Ten of each digit, and the set standardised. */
  guint counts[10] = { 0 };
  double sum = 0, sum2 = 0;
  for (int train = 0; train < 2; train++)
    {
      gsize n;
      const gint64 *y = sl_mnist1d_get_y (a, train, &n);
      const double *x = sl_mnist1d_get_x (a, train, NULL);
      for (gsize i = 0; i < n; i++)
        {
          g_assert_cmpint (y[i], >=, 0);
          g_assert_cmpint (y[i], <, 10);
          counts[y[i]]++;
        }
      for (gsize i = 0; i < n * 40; i++)
        {
          sum += x[i];
          sum2 += x[i] * x[i];
        }
    }
  for (guint d = 0; d < 10; d++)
    g_assert_cmpuint (counts[d], ==, 10);
  g_assert_cmpfloat (fabs (sum / 4000), <, 1e-12);
  g_assert_cmpfloat (fabs (sum2 / 4000 - 1), <, 1e-12);

  p.seed = 7;
  g_autoptr (SlMnist1d) c = generate (&p);
  g_assert_false (same_data (a, c));

  /* Other lengths and splits; shuffle_seq permutes the time axis only. */
  sl_mnist1d_params_init_default (&p);
  p.num_samples = 205; /* 20 of each digit */
  p.train_split = 0.5;
  p.final_seq_length = 64;
  g_autoptr (SlMnist1d) d = generate (&p);
  sl_mnist1d_get_x (d, TRUE, &n_train);
  sl_mnist1d_get_x (d, FALSE, &n_test);
  g_assert_cmpuint (n_train, ==, 100);
  g_assert_cmpuint (n_test, ==, 100);
  g_assert_cmpuint (sl_mnist1d_get_seq_length (d), ==, 64);

  p.shuffle_seq = TRUE;
  g_autoptr (SlMnist1d) e = generate (&p);
  g_assert_false (same_data (d, e));
  g_assert_cmpmem (sl_mnist1d_get_y (d, TRUE, NULL), 100 * sizeof (gint64),
                   sl_mnist1d_get_y (e, TRUE, NULL), 100 * sizeof (gint64));
  /* Each row holds the same values, reordered. */
  const double *xd = sl_mnist1d_get_x (d, TRUE, NULL);
  const double *xe = sl_mnist1d_get_x (e, TRUE, NULL);
  double sd = 0, se = 0;
  for (guint i = 0; i < 64; i++)
    {
      sd += xd[i] * xd[i];
      se += xe[i] * xe[i];
    }
  g_assert_cmpfloat (fabs (sd - se), <, 1e-9);
}

static void
test_bad_params (void)
{
  SlMnist1dParams p;
  for (guint k = 0; k < 6; k++)
    {
      sl_mnist1d_params_init_default (&p);
      switch (k)
        {
        case 0: p.num_samples = 9; break;
        case 1: p.train_split = 1.5; break;
        case 2: p.padding_min = 70; break;
        case 3: p.max_translation = 0; break;
        case 4: p.final_seq_length = 0; break;
        default: p.shear_scale = NAN; break;
        }
      g_autoptr (GError) error = NULL;
      g_autoptr (SlMnist1d) m = sl_mnist1d_generate (&p, &error);
      g_assert_null (m);
      g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "MNIST-1D"));
      g_autoptr (GError) error2 = NULL;
      g_autoptr (SlDataset) ds = sl_mnist1d_dataset_new (&p, FALSE, &error2);
      g_assert_null (ds);
      g_assert_error (error2, SL_ERROR, SL_ERROR_ARGUMENT);
    }
}

static void
test_dataset (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) test = sl_mnist1d_dataset_new (NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (test->klass->kind, ==, "mnist1d");
  g_assert_cmpuint (test->n_samples, ==, 1000);
  g_assert_cmpuint (test->rank, ==, 2);
  g_assert_cmpuint (test->shape[0], ==, 40);
  g_assert_cmpuint (test->shape[1], ==, 1);
  g_assert_cmpuint (sl_dataset_sample_size (test), ==, 40);
  g_assert_cmpuint (test->n_classes, ==, 10);
  g_assert_cmpuint (g_strv_length (test->class_names), ==, 10);
  g_assert_cmpstr (test->class_names[0], ==, "0");
  g_assert_cmpstr (test->class_names[9], ==, "9");

  const SlMnist1d *m = sl_mnist1d_dataset_get_data (test);
  g_assert_nonnull (m);
  gsize n;
  const double *x = sl_mnist1d_get_x (m, FALSE, &n);
  const gint64 *y = sl_mnist1d_get_y (m, FALSE, NULL);
  g_assert_cmpuint (n, ==, 1000);
  float batch[3 * 40];
  g_assert_true (sl_dataset_get_batch (test, 997, 3, batch, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3 * 40; i++)
    g_assert_cmpfloat (batch[i], ==, (float) x[997 * 40 + i]);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (test->labels[i], ==, y[i]);
  g_assert_false (sl_dataset_get_sample (test, 1000, batch, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);

  SlMnist1dParams p;
  sl_mnist1d_params_init_default (&p);
  p.num_samples = 100;
  g_autoptr (SlDataset) train = sl_mnist1d_dataset_new (&p, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (train->n_samples, ==, 80);
  g_assert_nonnull (strstr (train->name, "train"));
  g_assert_null (sl_mnist1d_dataset_get_data (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mnist1d/official", test_official);
  g_test_add_func ("/mnist1d/variants", test_variants);
  g_test_add_func ("/mnist1d/bad-params", test_bad_params);
  g_test_add_func ("/mnist1d/dataset", test_dataset);
  return g_test_run ();
}
