/* test-predictions.c — the gallery's predictions table: filters, orders with ties, loss, partial
 * predictions, next-wrong wrapping, and the speed of a selection over 100,000 samples. */
#include "compose/sl-predictions.h"

#include <math.h>

/* Six samples of three classes; probabilities per sample, predicted class = argmax. */
static const gint labels6[6] = { 0, 1, 2, 0, -1, 2 };
static const float probs6[6 * 3] = {
  0.7f, 0.2f, 0.1f, /* 0: pred 0, correct, conf .7 */
  0.6f, 0.3f, 0.1f, /* 1: pred 0, wrong, conf .6 */
  0.1f, 0.2f, 0.7f, /* 2: pred 2, correct, conf .7 (tie with 0) */
  0.0f, 0.5f, 0.5f, /* 3: pred 1 (first max), wrong, conf .5, p_label 0 */
  0.2f, 0.2f, 0.6f, /* 4: pred 2, no label */
  0.3f, 0.4f, 0.3f, /* 5: pred 1, wrong, conf .4 */
};

static SlPredictions *
make6 (void)
{
  SlPredictions *p = sl_predictions_new (6, 3, labels6);
  sl_predictions_set_batch (p, 0, 6, probs6);
  return p;
}

static void
assert_select (const SlPredictions *p, const SlSampleFilter *f, SlSampleOrder order,
               const gsize *want, gsize n_want)
{
  gsize n = 0;
  g_autofree gsize *got = sl_predictions_select (p, f, order, &n);
  g_assert_cmpmem (got, n * sizeof (gsize), want, n_want * sizeof (gsize));
}

static void
test_getters (void)
{
  g_autoptr (SlPredictions) p = make6 ();
  g_assert_cmpuint (sl_predictions_get_n_samples (p), ==, 6);
  g_assert_cmpuint (sl_predictions_get_n_classes (p), ==, 3);
  g_assert_cmpuint (sl_predictions_get_n_done (p), ==, 6);
  g_assert_cmpint (sl_predictions_get_predicted (p, 3), ==, 1);
  g_assert_cmpint (sl_predictions_get_label (p, 4), ==, -1);
  g_assert_cmpfloat_with_epsilon (sl_predictions_get_confidence (p, 1), 0.6, 1e-7);
  g_assert_cmpfloat_with_epsilon (sl_predictions_get_prob (p, 5, 1), 0.4, 1e-7);
  g_assert_true (isnan (sl_predictions_get_prob (p, 5, 3)));
  /* Loss in float64 of the stored float32 probability. */
  g_assert_cmpfloat (sl_predictions_get_loss (p, 1), ==, -log ((double)0.3f));
  g_assert_cmpfloat_with_epsilon (sl_predictions_get_loss (p, 3), -log (1e-300), 1e-9);
  g_assert_true (isnan (sl_predictions_get_loss (p, 4)));
}

static void
test_filters (void)
{
  g_autoptr (SlPredictions) p = make6 ();
  SlSampleFilter f;
  sl_sample_filter_init (&f);
  g_assert_true (sl_sample_filter_is_all (&f));
  assert_select (p, &f, SL_ORDER_INDEX, (gsize[]){ 0, 1, 2, 3, 4, 5 }, 6);

  f.true_class = 0;
  g_assert_false (sl_sample_filter_is_all (&f));
  assert_select (p, &f, SL_ORDER_INDEX, (gsize[]){ 0, 3 }, 2);
  sl_sample_filter_init (&f);
  f.predicted_class = 2;
  assert_select (p, &f, SL_ORDER_INDEX, (gsize[]){ 2, 4 }, 2);
  /* Unlabelled samples are neither correct nor wrong. */
  sl_sample_filter_init (&f);
  f.correctness = SL_CORRECT_WRONG_ONLY;
  assert_select (p, &f, SL_ORDER_INDEX, (gsize[]){ 1, 3, 5 }, 3);
  f.correctness = SL_CORRECT_ONLY;
  assert_select (p, &f, SL_ORDER_INDEX, (gsize[]){ 0, 2 }, 2);
  /* The confidence range is inclusive at both ends. */
  sl_sample_filter_init (&f);
  f.min_confidence = 0.5;
  f.max_confidence = (double)0.6f;
  assert_select (p, &f, SL_ORDER_INDEX, (gsize[]){ 1, 3, 4 }, 3);
  /* Filters combine. */
  f.correctness = SL_CORRECT_WRONG_ONLY;
  f.true_class = 0;
  assert_select (p, &f, SL_ORDER_INDEX, (gsize[]){ 3 }, 1);
  f.predicted_class = 0;
  assert_select (p, &f, SL_ORDER_INDEX, NULL, 0);
}

static void
test_orders (void)
{
  g_autoptr (SlPredictions) p = make6 ();
  SlSampleFilter f;
  sl_sample_filter_init (&f);
  /* Ties (0 and 2 at 0.7) by index in both directions. */
  assert_select (p, &f, SL_ORDER_CONFIDENCE_DESC, (gsize[]){ 0, 2, 1, 4, 3, 5 }, 6);
  assert_select (p, &f, SL_ORDER_CONFIDENCE_ASC, (gsize[]){ 5, 3, 1, 4, 0, 2 }, 6);
  /* Loss: p_label 0 (3), .3 (5: p=.3), .3 (1: p=.3, tie by index), .7, .7; no label last. */
  assert_select (p, &f, SL_ORDER_LOSS_DESC, (gsize[]){ 3, 1, 5, 0, 2, 4 }, 6);
  f.true_class = 2;
  assert_select (p, &f, SL_ORDER_LOSS_DESC, (gsize[]){ 5, 2 }, 2);
}

static void
test_partial (void)
{
  g_autoptr (SlPredictions) p = sl_predictions_new (6, 3, labels6);
  g_assert_cmpuint (sl_predictions_get_n_done (p), ==, 0);
  g_assert_false (sl_predictions_has (p, 0));
  g_assert_cmpint (sl_predictions_get_predicted (p, 0), ==, -1);
  g_assert_true (isnan (sl_predictions_get_confidence (p, 0)));
  g_assert_true (isnan (sl_predictions_get_loss (p, 0)));
  g_assert_cmpint (sl_predictions_next_wrong (p, 0, 1), ==, -1);

  /* Samples 3…5 first: the rest pass only the all-pass filter and sort last. */
  sl_predictions_set_batch (p, 3, 3, probs6 + 3 * 3);
  g_assert_cmpuint (sl_predictions_get_n_done (p), ==, 3);
  SlSampleFilter f;
  sl_sample_filter_init (&f);
  assert_select (p, &f, SL_ORDER_INDEX, (gsize[]){ 0, 1, 2, 3, 4, 5 }, 6);
  assert_select (p, &f, SL_ORDER_CONFIDENCE_DESC, (gsize[]){ 4, 3, 5, 0, 1, 2 }, 6);
  assert_select (p, &f, SL_ORDER_CONFIDENCE_ASC, (gsize[]){ 5, 3, 4, 0, 1, 2 }, 6);
  f.min_confidence = 0.01;
  assert_select (p, &f, SL_ORDER_INDEX, (gsize[]){ 3, 4, 5 }, 3);
  f.min_confidence = 0;
  f.true_class = 0;
  assert_select (p, &f, SL_ORDER_INDEX, (gsize[]){ 3 }, 1);

  /* A batch set twice counts once. */
  sl_predictions_set_batch (p, 0, 6, probs6);
  g_assert_cmpuint (sl_predictions_get_n_done (p), ==, 6);
}

static void
test_next_wrong (void)
{
  g_autoptr (SlPredictions) p = make6 ();
  /* Wrong: 1, 3, 5. */
  g_assert_cmpint (sl_predictions_next_wrong (p, 0, 1), ==, 1);
  g_assert_cmpint (sl_predictions_next_wrong (p, 1, 1), ==, 3);
  g_assert_cmpint (sl_predictions_next_wrong (p, 5, 1), ==, 1);
  g_assert_cmpint (sl_predictions_next_wrong (p, 4, 1), ==, 5);
  g_assert_cmpint (sl_predictions_next_wrong (p, 3, -1), ==, 1);
  g_assert_cmpint (sl_predictions_next_wrong (p, 1, -1), ==, 5);
  g_assert_cmpint (sl_predictions_next_wrong (p, 0, -1), ==, 5);

  /* The only wrong sample is found from itself, after a full turn. */
  static const gint one_labels[3] = { 0, 0, 0 };
  static const float one_probs[3 * 2] = { 1, 0, 0, 1, 1, 0 };
  g_autoptr (SlPredictions) q = sl_predictions_new (3, 2, one_labels);
  sl_predictions_set_batch (q, 0, 3, one_probs);
  g_assert_cmpint (sl_predictions_next_wrong (q, 1, 1), ==, 1);
  g_assert_cmpint (sl_predictions_next_wrong (q, 1, -1), ==, 1);
  g_assert_cmpint (sl_predictions_next_wrong (q, 2, -1), ==, 1);
}

/* 100,000 samples of ten classes: every selection takes a few milliseconds. */
static void
test_speed (void)
{
  const gsize n = 100000;
  const guint nc = 10;
  g_autofree gint *labels = g_new (gint, n);
  g_autofree float *probs = g_new (float, n *nc);
  GRand *rand = g_rand_new_with_seed (7);
  for (gsize i = 0; i < n; i++)
    {
      labels[i] = (gint)(i % nc);
      double sum = 0;
      for (guint c = 0; c < nc; c++)
        sum += probs[i * nc + c] = (float)g_rand_double (rand);
      for (guint c = 0; c < nc; c++)
        probs[i * nc + c] = (float)(probs[i * nc + c] / sum);
    }
  g_rand_free (rand);
  g_autoptr (SlPredictions) p = sl_predictions_new (n, nc, labels);
  sl_predictions_set_batch (p, 0, n, probs);

  SlSampleFilter f;
  sl_sample_filter_init (&f);
  const SlSampleOrder orders[]
      = { SL_ORDER_INDEX, SL_ORDER_CONFIDENCE_DESC, SL_ORDER_CONFIDENCE_ASC, SL_ORDER_LOSS_DESC };
  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      double best = INFINITY;
      for (int rep = 0; rep < 3; rep++)
        {
          gsize got = 0;
          const gint64 t0 = g_get_monotonic_time ();
          g_autofree gsize *sel = sl_predictions_select (p, &f, orders[o], &got);
          best = fmin (best, (g_get_monotonic_time () - t0) / 1e3);
          g_assert_cmpuint (got, ==, n);
          for (gsize k = 1; k < got && orders[o] == SL_ORDER_CONFIDENCE_DESC; k++)
            g_assert_cmpfloat (sl_predictions_get_confidence (p, sel[k - 1]), >=,
                               sl_predictions_get_confidence (p, sel[k]));
        }
      g_test_message ("select 100,000, order %u: %.2f ms", o, best);
      /* Generous for the sanitizer build on a shared machine; about 10 ms when optimised. */
      g_assert_cmpfloat (best, <, 500);
    }
  f.correctness = SL_CORRECT_WRONG_ONLY;
  gsize got = 0;
  g_autofree gsize *wrong = sl_predictions_select (p, &f, SL_ORDER_INDEX, &got);
  g_assert_cmpuint (got, >, 0);
  g_assert_cmpint (sl_predictions_next_wrong (p, n - 1, 1), ==, (gssize)wrong[0]);
  g_assert_cmpint (sl_predictions_next_wrong (p, 0, -1), ==, (gssize)wrong[got - 1]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/predictions/getters", test_getters);
  g_test_add_func ("/predictions/filters", test_filters);
  g_test_add_func ("/predictions/orders", test_orders);
  g_test_add_func ("/predictions/partial", test_partial);
  g_test_add_func ("/predictions/next-wrong", test_next_wrong);
  g_test_add_func ("/predictions/speed", test_speed);
  return g_test_run ();
}
