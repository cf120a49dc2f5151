/* test-mnist1d-ground-truth.c — MNIST-1D's "digit" region against an independent computation from
 * the generator's definition: without noise and shear the padding stays exactly 0, so after
 * standardisation every point that holds nothing of the template has one and the same value. */
#include "core/sl-error.h"
#include "datasets/sl-mnist1d.h"
#include "sl-test-util.h"

#include <stdlib.h>
#include <string.h>

static int
cmp_double (const void *a, const void *b)
{
  const double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* The most frequent value of x (n values) and how often it occurs. */
static double
mode (const double *x, gsize n, gsize *count)
{
  g_autofree double *v = g_memdup2 (x, n * sizeof (double));
  qsort (v, n, sizeof (double), cmp_double);
  double best = v[0];
  gsize best_run = 0;
  for (gsize i = 0; i < n;)
    {
      gsize j = i;
      while (j < n && v[j] == v[i])
        j++;
      if (j - i > best_run)
        best_run = j - i, best = v[i];
      i = j;
    }
  *count = best_run;
  return best;
}

typedef struct
{
  gsize samples, points, span_points;
  gsize min_span, max_span; /* points of weight > 0 in one sample */
  gsize split_spans;        /* samples whose span is not one run of points (wrapped around) */
} SpanStats;

/* The same parameters without noise and shear: the random draws are the same, only scaled by 0. */
static SlMnist1d *
generate_clean (const SlMnist1dParams *params)
{
  SlMnist1dParams p = *params;
  p.corr_noise_scale = 0;
  p.iid_noise_scale = 0;
  p.shear_scale = 0;
  g_autoptr (GError) error = NULL;
  SlMnist1d *m = sl_mnist1d_generate (&p, &error);
  g_assert_no_error (error);
  return m;
}

/* For every sample of both splits of `params`, the span (weight > 0) must be exactly the points
 * where the clean set differs from its background constant; the weights of the noisy and the clean
 * set must agree bit for bit (they come from the same draws). */
static void
check_spans (const SlMnist1dParams *params, SpanStats *st)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlMnist1d) noisy = sl_mnist1d_generate (params, &error);
  g_assert_no_error (error);
  g_autoptr (SlMnist1d) clean = generate_clean (params);
  const gsize len = sl_mnist1d_get_seq_length (noisy);
  memset (st, 0, sizeof *st);
  st->min_span = G_MAXSIZE;

  for (int train = 0; train < 2; train++)
    {
      gsize n, n_clean;
      const double *w = sl_mnist1d_get_weights (noisy, train, &n);
      const double *w_clean = sl_mnist1d_get_weights (clean, train, NULL);
      const double *x = sl_mnist1d_get_x (clean, train, &n_clean);
      g_assert_cmpuint (n, ==, n_clean);
      g_assert_cmpmem (sl_mnist1d_get_y (noisy, train, NULL), n * sizeof (gint64),
                       sl_mnist1d_get_y (clean, train, NULL), n * sizeof (gint64));
      g_assert_cmpmem (w, n * len * sizeof (double), w_clean, n * len * sizeof (double));
      if (n == 0)
        continue;
      gsize count;
      const double background = mode (x, n * len, &count);
      g_assert_cmpuint (count, >=, n); /* the background value is everywhere */
      for (gsize i = 0; i < n; i++)
        {
          gsize span = 0, runs = 0;
          for (gsize j = 0; j < len; j++)
            {
              const double wv = w[i * len + j];
              g_assert_cmpfloat (wv, >=, 0);
              g_assert_cmpfloat (wv, <=, 1);
              const gboolean inside = wv > 0;
              const gboolean from_template = x[i * len + j] != background;
              if (inside != from_template)
                g_error ("sample %" G_GSIZE_FORMAT " (%s) point %" G_GSIZE_FORMAT
                         ": weight %g but the clean signal is %s", i, train ? "train" : "test", j,
                         wv, from_template ? "template" : "background");
              span += inside;
              runs += inside && (j == 0 || !(w[i * len + j - 1] > 0));
            }
          /* A span through both ends is one run that wrapped around. */
          if (runs == 2 && w[i * len] > 0 && w[i * len + len - 1] > 0)
            runs = 1, st->split_spans++;
          /* Interpolation and rotation keep the span one run (shuffle_seq scatters it). */
          if (!params->shuffle_seq)
            g_assert_cmpuint (runs, <=, 1);
          st->samples++;
          st->points += len;
          st->span_points += span;
          st->min_span = MIN (st->min_span, span);
          st->max_span = MAX (st->max_span, span);
        }
    }
}

/* The defaults with "key=value,…" applied. */
static SlMnist1dParams
params_for (const char *assignments)
{
  SlMnist1dParams p;
  sl_mnist1d_params_init_default (&p);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_mnist1d_params_parse (&p, assignments, &error));
  g_assert_no_error (error);
  return p;
}

static void
test_default_spans (void)
{
  SlMnist1dParams p;
  sl_mnist1d_params_init_default (&p);
  SpanStats st;
  check_spans (&p, &st);
  g_test_message ("default: %" G_GSIZE_FORMAT " samples, %" G_GSIZE_FORMAT " points checked; %"
                  G_GSIZE_FORMAT " in spans of %" G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT " points",
                  st.samples, st.points, st.span_points, st.min_span, st.max_span);
  g_assert_cmpuint (st.samples, ==, 5000);
  g_assert_cmpuint (st.points, ==, 5000 * 40);
  /* 12 template points of 48 … 72 padded ones cover 12/71 … 12/47 (up to the first zero) of the
   * axis: 6 … 11 points of 40. */
  g_assert_cmpuint (st.min_span, >=, 6);
  g_assert_cmpuint (st.max_span, <=, 11);
  g_assert_cmpuint (st.split_spans, ==, 0); /* shifts of at most 47 never reach the end */
}

/* Parameters away from the defaults: wrap-around shifts, short padding, resampling up, another
 * working length, no padding at all for some samples, a zero scale. */
static void
test_variant_spans (void)
{
  const char *variants[] = {
    "max_translation=72",
    "max_translation=200,padding_min=10,padding_max=20",
    "final_seq_length=150",
    "template_len=30,final_seq_length=64,num_samples=1000",
    "padding_min=0,padding_max=4,final_seq_length=16,num_samples=500",
    "scale_coeff=2,num_samples=1000",
    "shuffle_seq=true,seed=3",
    "train_split=1,num_samples=100",
  };
  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      const SlMnist1dParams p = params_for (variants[v]);
      SpanStats st;
      check_spans (&p, &st);
      g_test_message ("%s: %" G_GSIZE_FORMAT " samples, %" G_GSIZE_FORMAT " points; spans of %"
                      G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT " points, %" G_GSIZE_FORMAT
                      " wrapped around", variants[v], st.samples, st.points, st.min_span,
                      st.max_span, st.split_spans);
      if (v < 2)
        g_assert_cmpuint (st.split_spans, >, 0);
    }
}

/* Corners of the parameter space: weights stay in [0, 1]; without padding every point is digit. */
static void
test_extremes (void)
{
  const char *variants[] = {
    "final_seq_length=1,num_samples=10",
    "padding_min=0,padding_max=0,num_samples=20",
    "template_len=0,padding_min=0,padding_max=1,num_samples=20",
    "max_translation=2147483648,num_samples=20",
    "final_seq_length=2000,num_samples=10",
    "scale_coeff=0,shear_scale=5,num_samples=20",
  };
  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      const SlMnist1dParams p = params_for (variants[v]);
      g_autoptr (GError) error = NULL;
      g_autoptr (SlMnist1d) m = sl_mnist1d_generate (&p, &error);
      g_assert_no_error (error);
      const gsize len = sl_mnist1d_get_seq_length (m);
      gsize inside = 0, total = 0;
      for (int train = 0; train < 2; train++)
        {
          gsize n;
          const double *w = sl_mnist1d_get_weights (m, train, &n);
          for (gsize i = 0; i < n * len; i++)
            {
              g_assert_cmpfloat (w[i], >=, 0);
              g_assert_cmpfloat (w[i], <=, 1);
              inside += w[i] > 0;
            }
          total += n * len;
        }
      g_test_message ("%s: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " points inside", variants[v],
                      inside, total);
      if (p.padding_max == 0)
        g_assert_cmpuint (inside, ==, total);
    }
}

static void
test_reproducible (void)
{
  SlMnist1dParams p;
  sl_mnist1d_params_init_default (&p);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlMnist1d) a = sl_mnist1d_generate (&p, &error);
  g_assert_no_error (error);
  g_autoptr (SlMnist1d) b = sl_mnist1d_generate (&p, &error);
  g_assert_no_error (error);
  p.seed = 43;
  g_autoptr (SlMnist1d) c = sl_mnist1d_generate (&p, &error);
  g_assert_no_error (error);
  const gsize len = sl_mnist1d_get_seq_length (a);
  for (int train = 0; train < 2; train++)
    {
      gsize n;
      const gsize bytes = (sl_mnist1d_get_x (a, train, &n), n * len * sizeof (double));
      g_assert_cmpmem (sl_mnist1d_get_x (a, train, NULL), bytes, sl_mnist1d_get_x (b, train, NULL),
                       bytes);
      g_assert_cmpmem (sl_mnist1d_get_weights (a, train, NULL), bytes,
                       sl_mnist1d_get_weights (b, train, NULL), bytes);
      g_assert_cmpmem (sl_mnist1d_get_y (a, train, NULL), n * sizeof (gint64),
                       sl_mnist1d_get_y (b, train, NULL), n * sizeof (gint64));
      g_assert_true (memcmp (sl_mnist1d_get_x (a, train, NULL), sl_mnist1d_get_x (c, train, NULL),
                             bytes) != 0);
      g_assert_true (memcmp (sl_mnist1d_get_weights (a, train, NULL),
                             sl_mnist1d_get_weights (c, train, NULL), bytes) != 0);
    }
}

/* shuffle_seq permutes the time axis of x; the weights must move with it. The permutation is found
 * from the samples (each shuffled column matches one column of the unshuffled set). */
static void
test_shuffle_seq (void)
{
  SlMnist1dParams p;
  sl_mnist1d_params_init_default (&p);
  p.num_samples = 1000;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlMnist1d) plain = sl_mnist1d_generate (&p, &error);
  g_assert_no_error (error);
  p.shuffle_seq = TRUE;
  g_autoptr (SlMnist1d) shuffled = sl_mnist1d_generate (&p, &error);
  g_assert_no_error (error);
  const gsize len = sl_mnist1d_get_seq_length (plain);
  gsize n;
  const double *x = sl_mnist1d_get_x (plain, TRUE, &n);
  const double *xs = sl_mnist1d_get_x (shuffled, TRUE, NULL);
  const double *w = sl_mnist1d_get_weights (plain, TRUE, NULL);
  const double *ws = sl_mnist1d_get_weights (shuffled, TRUE, NULL);
  g_assert_cmpuint (n, ==, 800);
  guint moved = 0;
  for (gsize j = 0; j < len; j++)
    {
      gsize match = len;
      for (gsize k = 0; k < len && match == len; k++)
        {
          /* Standardisation sums in another order: equal to rounding. */
          gboolean same = TRUE;
          for (gsize i = 0; i < n && same; i++)
            same = fabs (xs[i * len + j] - x[i * len + k]) < 1e-9;
          if (same)
            match = k;
        }
      g_assert_cmpuint (match, <, len);
      moved += match != j;
      for (gsize i = 0; i < n; i++)
        g_assert_cmpfloat (ws[i * len + j], ==, w[i * len + match]);
    }
  g_test_message ("shuffle_seq: %u of %" G_GSIZE_FORMAT " points moved, weights followed", moved,
                  len);
  g_assert_cmpuint (moved, >, len / 2);
}

static void
test_dataset_region (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_mnist1d_dataset_new (NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_regions, ==, 1);
  g_assert_cmpstr (ds->region_names[0], ==, "digit");
  g_assert_null (ds->region_names[1]);
  g_assert_cmpint (sl_dataset_find_region (ds, "digit"), ==, 0);
  g_assert_cmpint (sl_dataset_find_region (ds, "object"), ==, -1);
  g_assert_cmpuint (sl_dataset_region_size (ds), ==, 40);
  const double *w = sl_mnist1d_get_weights (sl_mnist1d_dataset_get_data (ds), FALSE, NULL);
  float r[40];
  for (gsize i = 0; i < ds->n_samples; i += 111)
    {
      g_assert_true (sl_dataset_get_region (ds, i, 0, r, &error));
      g_assert_no_error (error);
      for (guint j = 0; j < 40; j++)
        g_assert_cmpfloat (r[j], ==, (float) w[i * 40 + j]);
    }
  g_assert_false (sl_dataset_get_region (ds, 1000, 0, r, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sl_dataset_get_region (ds, 0, 1, r, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "MNIST-1D (test)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mnist1d-ground-truth/default-spans", test_default_spans);
  g_test_add_func ("/mnist1d-ground-truth/variant-spans", test_variant_spans);
  g_test_add_func ("/mnist1d-ground-truth/extremes", test_extremes);
  g_test_add_func ("/mnist1d-ground-truth/reproducible", test_reproducible);
  g_test_add_func ("/mnist1d-ground-truth/shuffle-seq", test_shuffle_seq);
  g_test_add_func ("/mnist1d-ground-truth/dataset-region", test_dataset_region);
  return g_test_run ();
}
