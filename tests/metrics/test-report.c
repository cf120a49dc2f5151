/* test-report.c — the classification report: sklearn's documented numbers, and brute force. */
#include <math.h>
#include <string.h>

#include "sl-test-util.h"
#include "core/sl-error.h"
#include "metrics/sl-report-export.h"
#include "metrics/sl-report.h"

#include <locale.h>

#define TOL 1e-12

static void
assert_doubles (const double *got, const double *want, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (isinf (want[i]))
        g_assert_true (isinf (got[i]) && got[i] > 0);
      else
        g_assert_cmpfloat_with_epsilon (got[i], want[i], TOL);
    }
}

/* Two-class scores whose class-1 column is `s`. */
static float *
two_class_probs (const float *s, gsize n)
{
  float *probs = g_new (float, 2 * n);
  for (gsize i = 0; i < n; i++)
    {
      probs[2 * i] = 1.0f - s[i];
      probs[2 * i + 1] = s[i];
    }
  return probs;
}

/* sklearn docs: roc_curve, roc_auc_score, average_precision_score on [0,0,1,1], [.1,.4,.35,.8]. */
static void
test_binary_sklearn_example (void)
{
  const float s[] = { 0.1f, 0.4f, 0.35f, 0.8f };
  const gint y[] = { 0, 0, 1, 1 };
  g_autoptr (GError) error = NULL;
  SlCurve c;

  g_assert_true (sl_curve_init (&c, s, 1, y, 1, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.n_points, ==, 5);
  const double fpr[] = { 0, 0, 0.5, 0.5, 1 };
  const double tpr[] = { 0, 0.5, 0.5, 1, 1 };
  const double thr[] = { INFINITY, 0.8f, 0.4f, 0.35f, 0.1f };
  assert_doubles (c.fpr, fpr, 5);
  assert_doubles (c.tpr, tpr, 5);
  assert_doubles (c.thresholds, thr, 5);
  /* precision_recall_curve, read backwards: precision [0.5 2/3 0.5 1 1], recall [1 1 .5 .5 0]. */
  const double prec[] = { 1, 1, 0.5, 2.0 / 3, 0.5 };
  const double rec[] = { 0, 0.5, 0.5, 1, 1 };
  assert_doubles (c.precision, prec, 5);
  assert_doubles (c.recall, rec, 5);
  g_assert_cmpfloat_with_epsilon (c.auc, 0.75, TOL);
  g_assert_cmpfloat_with_epsilon (c.ap, 0.8333333333333333, TOL);
  g_assert_cmpuint (c.n_positive, ==, 2);
  g_assert_cmpuint (c.n_negative, ==, 2);
  sl_curve_clear (&c);
  g_assert_null (c.fpr);

  /* The same through the report: class 1 is the positive class, class 0 its mirror image. */
  g_autofree float *probs = two_class_probs (s, 4);
  g_autoptr (SlReport) r = sl_report_new (probs, y, 4, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (r->per_class[1].auc, 0.75, TOL);
  g_assert_cmpfloat_with_epsilon (r->per_class[1].ap, 0.8333333333333333, TOL);
  g_assert_cmpfloat_with_epsilon (r->per_class[0].auc, 0.75, TOL);
  g_assert_cmpstr (r->class_names[0], ==, "0");
  g_assert_cmpstr (r->class_names[1], ==, "1");
  assert_doubles (r->per_class[1].curve.fpr, fpr, 5);
  assert_doubles (r->per_class[1].curve.tpr, tpr, 5);
}

/* Ties: equal scores are one threshold. Expected values worked by hand (and equal to sklearn's). */
static void
test_ties (void)
{
  const float s[] = { 0.5f, 0.5f, 0.25f, 0.75f, 0.5f, 0.25f, 0.25f };
  const gint y[] = { 0, 1, 0, 1, 1, 0, 1 };
  g_autoptr (GError) error = NULL;
  SlCurve c;

  g_assert_true (sl_curve_init (&c, s, 1, y, 1, 7, &error));
  g_assert_cmpuint (c.n_points, ==, 4);
  const double fpr[] = { 0, 0, 1.0 / 3, 1 };
  const double tpr[] = { 0, 0.25, 0.75, 1 };
  const double thr[] = { INFINITY, 0.75, 0.5, 0.25 };
  const double prec[] = { 1, 1, 0.75, 4.0 / 7 };
  assert_doubles (c.fpr, fpr, 4);
  assert_doubles (c.tpr, tpr, 4);
  assert_doubles (c.thresholds, thr, 4);
  assert_doubles (c.precision, prec, 4);
  /* (1/3)(.25+.75)/2 + (2/3)(.75+1)/2 */
  g_assert_cmpfloat_with_epsilon (c.auc, 0.75, TOL);
  g_assert_cmpfloat_with_epsilon (c.ap, 0.25 * 1 + 0.5 * 0.75 + 0.25 * 4.0 / 7, TOL);
  sl_curve_clear (&c);

  /* All scores equal: one threshold, the diagonal, AUC 1/2. */
  const float flat[] = { 0.3f, 0.3f, 0.3f, 0.3f };
  g_assert_true (sl_curve_init (&c, flat, 1, y, 1, 4, &error));
  g_assert_cmpuint (c.n_points, ==, 2);
  g_assert_cmpfloat_with_epsilon (c.auc, 0.5, TOL);
  g_assert_cmpfloat_with_epsilon (c.ap, 0.5, TOL);
  sl_curve_clear (&c);
}

/* sklearn's classification_report docs: y_true [0,1,2,2,2], y_pred [0,0,2,2,1]. */
static const char *const example_names[] = { "class 0", "class 1", "class 2" };
static const gint example_true[] = { 0, 1, 2, 2, 2 };
static const float example_probs[] = {
  0.7f, 0.2f, 0.1f, /* → 0 */
  0.6f, 0.3f, 0.1f, /* → 0 */
  0.1f, 0.2f, 0.7f, /* → 2 */
  0.2f, 0.2f, 0.6f, /* → 2 */
  0.1f, 0.5f, 0.4f, /* → 1 */
};

static SlReport *
example_report (void)
{
  g_autoptr (GError) error = NULL;
  SlReport *r = sl_report_new (example_probs, example_true, 5, 3, example_names, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
test_classification_report_example (void)
{
  g_autoptr (SlReport) r = example_report ();
  const guint want_pred[] = { 0, 0, 2, 2, 1 };
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (r->predictions[i], ==, want_pred[i]);

  const double p[] = { 0.5, 0, 1 }, rc[] = { 1, 0, 2.0 / 3 }, f1[] = { 2.0 / 3, 0, 0.8 };
  const gsize support[] = { 1, 1, 3 };
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpfloat_with_epsilon (r->per_class[k].precision, p[k], TOL);
      g_assert_cmpfloat_with_epsilon (r->per_class[k].recall, rc[k], TOL);
      g_assert_cmpfloat_with_epsilon (r->per_class[k].f1, f1[k], TOL);
      g_assert_cmpuint (r->per_class[k].support, ==, support[k]);
    }
  g_assert_cmpfloat_with_epsilon (r->accuracy, 0.6, TOL);
  g_assert_cmpuint (r->n_correct, ==, 3);
  g_assert_cmpfloat_with_epsilon (r->macro_avg.precision, 0.5, TOL);
  g_assert_cmpfloat_with_epsilon (r->macro_avg.recall, 5.0 / 9, TOL);
  g_assert_cmpfloat_with_epsilon (r->macro_avg.f1, (2.0 / 3 + 0.8) / 3, TOL);
  g_assert_cmpfloat_with_epsilon (r->weighted_avg.precision, 0.7, TOL);
  g_assert_cmpfloat_with_epsilon (r->weighted_avg.recall, 0.6, TOL);
  g_assert_cmpfloat_with_epsilon (r->weighted_avg.f1, (2.0 / 3 + 3 * 0.8) / 5, TOL);
  g_assert_cmpuint (r->macro_avg.support, ==, 5);
  g_assert_cmpuint (r->weighted_avg.support, ==, 5);

  const gsize cm[] = { 1, 0, 0, 1, 0, 0, 0, 1, 2 };
  const double cmn[] = { 1, 0, 0, 1, 0, 0, 0, 1.0 / 3, 2.0 / 3 };
  for (guint i = 0; i < 9; i++)
    g_assert_cmpuint (r->confusion[i], ==, cm[i]);
  assert_doubles (r->confusion_normalized, cmn, 9);

  /* Ties of count 1 go by (true, predicted). */
  g_assert_cmpuint (r->n_most_confused, ==, 2);
  g_assert_cmpuint (r->most_confused[0].true_class, ==, 1);
  g_assert_cmpuint (r->most_confused[0].predicted_class, ==, 0);
  g_assert_cmpuint (r->most_confused[1].true_class, ==, 2);
  g_assert_cmpuint (r->most_confused[1].predicted_class, ==, 1);
  g_assert_cmpuint (r->most_confused[0].count, ==, 1);

  /* Correct: samples 0 (.7), 2 (.7), 3 (.6) → 3, then 0 and 2 in sample order. */
  g_assert_cmpuint (r->n_least_confident_correct, ==, 3);
  g_assert_cmpuint (r->least_confident_correct[0].index, ==, 3);
  g_assert_cmpuint (r->least_confident_correct[1].index, ==, 0);
  g_assert_cmpuint (r->least_confident_correct[2].index, ==, 2);
  g_assert_cmpfloat_with_epsilon (r->least_confident_correct[0].confidence, 0.6f, TOL);
  /* Wrong: sample 1 (0.6, true 1 → 0), sample 4 (0.5, true 2 → 1). */
  g_assert_cmpuint (r->n_most_confident_wrong, ==, 2);
  g_assert_cmpuint (r->most_confident_wrong[0].index, ==, 1);
  g_assert_cmpuint (r->most_confident_wrong[0].true_class, ==, 1);
  g_assert_cmpuint (r->most_confident_wrong[0].predicted_class, ==, 0);
  g_assert_cmpuint (r->most_confident_wrong[1].index, ==, 4);
  g_assert_cmpfloat_with_epsilon (r->most_confident_wrong[1].confidence, 0.5f, TOL);
}

/* The table is sklearn's output character for character (from its documentation; digits=4 as
 * sklearn 1.2 prints it). */
static void
test_text_layout (void)
{
  g_autoptr (SlReport) r = example_report ();
  g_autofree char *text = sl_report_to_text (r);
  const char *sklearn2 =
    "              precision    recall  f1-score   support\n"
    "\n"
    "     class 0       0.50      1.00      0.67         1\n"
    "     class 1       0.00      0.00      0.00         1\n"
    "     class 2       1.00      0.67      0.80         3\n"
    "\n"
    "    accuracy                           0.60         5\n"
    "   macro avg       0.50      0.56      0.49         5\n"
    "weighted avg       0.70      0.60      0.61         5\n";
  g_assert_true (g_str_has_prefix (text, sklearn2));

  g_autofree char *text4 = sl_report_to_text_with_digits (r, 4);
  const char *sklearn4 =
    "              precision    recall  f1-score   support\n"
    "\n"
    "     class 0     0.5000    1.0000    0.6667         1\n"
    "     class 1     0.0000    0.0000    0.0000         1\n"
    "     class 2     1.0000    0.6667    0.8000         3\n"
    "\n"
    "    accuracy                         0.6000         5\n"
    "   macro avg     0.5000    0.5556    0.4889         5\n"
    "weighted avg     0.7000    0.6000    0.6133         5\n";
  g_assert_true (g_str_has_prefix (text4, sklearn4));

  /* Then per-class accuracy/AUC/AP and the confusion matrix, rows true, columns predicted. */
  g_assert_nonnull (strstr (text, "accuracy       auc        ap\n"));
  g_assert_nonnull (strstr (text, "confusion matrix (rows: true class, columns: predicted class)"));
  g_assert_nonnull (strstr (text, "     class 2       0       1       2\n"));
  g_assert_nonnull (strstr (text, "class 1 → class 0: 1\n"));
  g_assert_null (strstr (text, "undefined"));

  /* A long name widens the first column, as in sklearn, counted in characters not bytes. */
  const char *const names[] = { "zéro", "a rather long class name", "deux" };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlReport) r2 = sl_report_new (example_probs, example_true, 5, 3, names, &error);
  g_assert_no_error (error);
  g_autofree char *text2 = sl_report_to_text (r2);
  g_assert_nonnull (
    strstr (text2, "\n                    zéro       0.50      1.00      0.67         1\n"));
  g_assert_nonnull (strstr (text2, "columns: predicted class by index"));
}

/* Four samples of three classes; the third class has none. */
static const float small_probs[] = {
  0.6f, 0.3f, 0.1f,
  0.2f, 0.7f, 0.1f,
  0.5f, 0.1f, 0.4f,
  0.1f, 0.2f, 0.7f,
};
static const gint small_labels[] = { 0, 1, 0, 1 };

/* A class with no samples, and one that every sample has. */
static void
test_undefined_classes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlReport) r = sl_report_new (small_probs, small_labels, 4, 3, NULL, &error);
  g_assert_no_error (error);

  const SlClassScores *c2 = &r->per_class[2];
  g_assert_cmpuint (c2->support, ==, 0);
  g_assert_cmpuint (c2->predicted, ==, 1);
  g_assert_cmpfloat (c2->precision, ==, 0);
  g_assert_cmpfloat (c2->recall, ==, 0);
  g_assert_cmpfloat (c2->f1, ==, 0);
  g_assert_true (isnan (c2->auc));
  g_assert_cmpfloat (c2->ap, ==, 0);
  for (gsize i = 0; i < c2->curve.n_points; i++)
    g_assert_true (isnan (c2->curve.tpr[i]));
  /* The zero row of the normalised confusion matrix stays 0 (sklearn's nan_to_num). */
  for (guint p = 0; p < 3; p++)
    g_assert_cmpfloat (r->confusion_normalized[2 * 3 + p], ==, 0);
  /* Macro average counts the empty class: sklearn with labels=range(3). */
  g_assert_cmpfloat_with_epsilon (r->macro_avg.recall, (1 + 0.5 + 0) / 3, TOL);
  g_assert_cmpfloat_with_epsilon (r->macro_avg.precision, (1 + 1 + 0) / 3.0, TOL);

  g_autofree char *text = sl_report_to_text (r);
  g_assert_nonnull (strstr (text, "undefined"));
  g_assert_nonnull (strstr (text, "2: no sample has this true class"));

  const gint all0[] = { 0, 0, 0, 0 };
  g_autoptr (SlReport) r0 = sl_report_new (small_probs, all0, 4, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isnan (r0->per_class[0].auc));
  g_assert_cmpfloat_with_epsilon (r0->per_class[0].ap, 1, TOL);
  for (gsize i = 0; i < r0->per_class[0].curve.n_points; i++)
    g_assert_true (isnan (r0->per_class[0].curve.fpr[i]));
  g_autofree char *text0 = sl_report_to_text (r0);
  g_assert_nonnull (strstr (text0, "0: every sample has this true class"));
}

static void
test_argmax_ties (void)
{
  const float probs[] = {
    0.4f, 0.4f, 0.2f,
    0.2f, 0.4f, 0.4f,
    0.25f, 0.25f, 0.25f,
  };
  const gint y[] = { 1, 2, 2 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlReport) r = sl_report_new (probs, y, 3, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->predictions[0], ==, 0);
  g_assert_cmpuint (r->predictions[1], ==, 1);
  g_assert_cmpuint (r->predictions[2], ==, 0);
  g_assert_cmpfloat (r->accuracy, ==, 0);
}

static void
test_bad_input (void)
{
  const float probs[] = { 0.5f, 0.5f, NAN, 1 };
  const gint y[] = { 0, 1 };
  const gint bad_y[] = { 2, 0 };
  const gint unknown_y[] = { -1, 0 };
  g_autoptr (GError) error = NULL;

  g_assert_null (sl_report_new (probs, y, 2, 2, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sl_report_new (probs, bad_y, 1, 2, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sl_report_new (probs, unknown_y, 1, 2, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sl_report_new (probs, y, 0, 2, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);

  const gint y3[] = { 0, 1, 1 };
  SlCurve c;
  g_assert_false (sl_curve_init (&c, probs, 1, y3, 1, 3, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_null (c.fpr);
}

/* Brute force on random data, with scores quantised so many are tied: AUC is the Mann–Whitney
 * statistic, AP is the mean over positives of the precision at their own score, and each ROC point
 * counts the samples scoring at least its threshold. */
static void
check_against_brute_force (const SlReport *r, const float *probs, const gint *y)
{
  const gsize N = r->n_samples;
  const guint K = r->n_classes;
  for (guint k = 0; k < K; k++)
    {
      const SlClassScores *c = &r->per_class[k];
      double wins = 0, pairs = 0, ap = 0;
      gsize pos = 0;
      for (gsize i = 0; i < N; i++)
        {
          if (y[i] != (gint) k)
            continue;
          pos++;
          const float si = probs[i * K + k];
          gsize above = 0, pos_above = 0;
          for (gsize j = 0; j < N; j++)
            {
              const float sj = probs[j * K + k];
              if (sj >= si)
                {
                  above++;
                  pos_above += y[j] == (gint) k;
                }
              if (y[j] == (gint) k)
                continue;
              pairs++;
              wins += si > sj ? 1 : si == sj ? 0.5 : 0;
            }
          ap += (double) pos_above / (double) above;
        }
      g_assert_cmpuint (c->support, ==, pos);
      if (pairs > 0)
        g_assert_cmpfloat_with_epsilon (c->auc, wins / pairs, 1e-12);
      else
        g_assert_true (isnan (c->auc));
      g_assert_cmpfloat_with_epsilon (c->ap, pos ? ap / (double) pos : 0, 1e-12);

      const SlCurve *cv = &c->curve;
      for (gsize p = 1; p < cv->n_points; p++)
        {
          gsize tp = 0, fp = 0;
          for (gsize i = 0; i < N; i++)
            if (probs[i * K + k] >= cv->thresholds[p])
              {
                if (y[i] == (gint) k)
                  tp++;
                else
                  fp++;
              }
          g_assert_cmpfloat (cv->thresholds[p], <, cv->thresholds[p - 1]);
          g_assert_cmpfloat_with_epsilon (cv->tpr[p], (double) tp / (double) pos, 1e-12);
          g_assert_cmpfloat_with_epsilon (cv->fpr[p], (double) fp / (double) (N - pos), 1e-12);
        }
      g_assert_cmpfloat (cv->tpr[cv->n_points - 1], ==, 1);
      g_assert_cmpfloat (cv->fpr[cv->n_points - 1], ==, 1);
    }

  /* Precision and recall from the confusion matrix, recounted from the predictions. */
  for (guint k = 0; k < K; k++)
    {
      gsize tp = 0, pred = 0, sup = 0;
      for (gsize i = 0; i < N; i++)
        {
          tp += r->predictions[i] == k && y[i] == (gint) k;
          pred += r->predictions[i] == k;
          sup += y[i] == (gint) k;
        }
      g_assert_cmpfloat_with_epsilon (r->per_class[k].precision,
                                      pred ? (double) tp / (double) pred : 0, 1e-12);
      g_assert_cmpfloat_with_epsilon (r->per_class[k].recall, sup ? (double) tp / (double) sup : 0,
                                      1e-12);
    }
}

static void
test_random_brute_force (void)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (20240611);
  for (guint round = 0; round < 20; round++)
    {
      const gsize N = 50 + g_rand_int_range (rng, 0, 300);
      const guint K = 2 + g_rand_int_range (rng, 0, 5);
      /* Coarse levels in some rounds give many ties; fine ones in others give few. */
      const double levels = round % 2 ? 8 : 1 << 20;
      g_autofree float *probs = g_new (float, N * K);
      g_autofree gint *y = g_new (gint, N);
      for (gsize i = 0; i < N; i++)
        {
          y[i] = g_rand_int_range (rng, 0, K);
          for (guint k = 0; k < K; k++)
            {
              double v = g_rand_double (rng) + (y[i] == (gint) k ? 0.3 : 0);
              probs[i * K + k] = (float) (floor (v * levels) / levels);
            }
        }
      g_autoptr (GError) error = NULL;
      g_autoptr (SlReport) r = sl_report_new (probs, y, N, K, NULL, &error);
      g_assert_no_error (error);
      check_against_brute_force (r, probs, y);
    }
}

static JsonObject *
get_object (JsonArray *array, guint i)
{
  return json_node_get_object (json_array_get_element (array, i));
}

static void
test_json (void)
{
  const char *const names[] = { "cat", "dog", "bird" };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlReport) r = sl_report_new (small_probs, small_labels, 4, 3, names, &error);
  g_assert_no_error (error);

  g_autoptr (JsonNode) node = sl_report_to_json (r);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, node);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  g_assert_null (strstr (text, "nan"));
  g_assert_null (strstr (text, "inf"));

  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));

  const char *keys[] = { "accuracy", "classes", "per_class", "macro_avg", "weighted_avg",
                         "confusion", "confusion_normalized", "roc", "pr", "most_confused",
                         "least_confident_correct", "most_confident_wrong" };
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (root, keys[i]));

  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "accuracy"), 0.75, TOL);
  JsonArray *classes = json_object_get_array_member (root, "classes");
  g_assert_cmpuint (json_array_get_length (classes), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (classes, 2), ==, "bird");

  JsonArray *per_class = json_object_get_array_member (root, "per_class");
  g_assert_cmpuint (json_array_get_length (per_class), ==, 3);
  const char *class_keys[] = { "name", "accuracy", "precision", "recall", "f1", "support", "auc",
                               "ap" };
  for (guint k = 0; k < 3; k++)
    for (guint i = 0; i < G_N_ELEMENTS (class_keys); i++)
      g_assert_true (json_object_has_member (get_object (per_class, k), class_keys[i]));
  JsonObject *dog = get_object (per_class, 1);
  g_assert_cmpstr (json_object_get_string_member (dog, "name"), ==, "dog");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (dog, "auc"), r->per_class[1].auc,
                                  TOL);
  g_assert_cmpint (json_object_get_int_member (dog, "support"), ==, 2);
  /* bird has no samples: AUC is NaN, which JSON writes as null. */
  g_assert_true (json_object_get_null_member (get_object (per_class, 2), "auc"));

  JsonObject *macro = json_object_get_object_member (root, "macro_avg");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (macro, "recall"),
                                  r->macro_avg.recall, TOL);
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "weighted_avg"),
                                         "f1"));

  JsonArray *cm = json_object_get_array_member (root, "confusion");
  g_assert_cmpuint (json_array_get_length (cm), ==, 3);
  for (guint t = 0; t < 3; t++)
    for (guint p = 0; p < 3; p++)
      g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (cm, t), p), ==,
                       (gint64) r->confusion[t * 3 + p]);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root,
                                                                         "confusion_normalized")),
                    ==, 3);

  JsonObject *roc0 = get_object (json_object_get_array_member (root, "roc"), 0);
  JsonArray *fpr = json_object_get_array_member (roc0, "fpr");
  JsonArray *thr = json_object_get_array_member (roc0, "thresholds");
  g_assert_cmpuint (json_array_get_length (fpr), ==, r->per_class[0].curve.n_points);
  g_assert_true (json_array_get_null_element (thr, 0)); /* +inf */
  g_assert_cmpfloat (json_array_get_double_element (thr, 1), ==, 0.6f);

  /* pr in sklearn's order: recall decreasing, ending at (recall 0, precision 1). */
  JsonObject *pr0 = get_object (json_object_get_array_member (root, "pr"), 0);
  JsonArray *prec = json_object_get_array_member (pr0, "precision");
  JsonArray *rec = json_object_get_array_member (pr0, "recall");
  const guint n = json_array_get_length (prec);
  g_assert_cmpuint (n, ==, r->per_class[0].curve.n_points);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pr0, "thresholds")), ==,
                    n - 1);
  g_assert_cmpfloat (json_array_get_double_element (prec, n - 1), ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (rec, n - 1), ==, 0);
  g_assert_cmpfloat (json_array_get_double_element (rec, 0), ==, 1);

  JsonArray *wrong = json_object_get_array_member (root, "most_confident_wrong");
  g_assert_cmpuint (json_array_get_length (wrong), ==, 1);
  JsonObject *w = get_object (wrong, 0);
  g_assert_cmpint (json_object_get_int_member (w, "index"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (w, "true"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (w, "predicted"), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (w, "confidence"), 0.7f, TOL);
  JsonArray *confused = json_object_get_array_member (root, "most_confused");
  g_assert_cmpuint (json_array_get_length (confused), ==, 1);
  g_assert_cmpint (json_object_get_int_member (get_object (confused, 0), "count"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      root, "least_confident_correct")),
                    ==, 3);
}

/* The table as CSV: header, one line per class, exact values with '.', RFC 4180 quoting. */
static void
test_csv (SlTestTmp *fx, gconstpointer data)
{
  const char *const names[] = { "cats, big", "say \"hi\"", "bird" };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlReport) r = sl_report_new (small_probs, small_labels, 4, 3, names, &error);
  g_assert_no_error (error);

  /* A decimal comma in the locale must not reach the file (when such a locale is installed). */
  g_autofree char *old_locale = g_strdup (setlocale (LC_NUMERIC, NULL));
  setlocale (LC_NUMERIC, "de_DE.UTF-8");
  g_autofree char *csv = sl_report_to_csv (r);
  setlocale (LC_NUMERIC, old_locale);

  g_auto (GStrv) lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5); /* header, 3 classes, "" after the last CRLF */
  g_assert_cmpstr (lines[0], ==, "class,accuracy,precision,recall,f1,support,roc_auc,"
                                 "average_precision");
  g_assert_cmpstr (lines[4], ==, "");
  g_assert_true (g_str_has_prefix (lines[1], "\"cats, big\","));
  g_assert_true (g_str_has_prefix (lines[2], "\"say \"\"hi\"\"\","));
  g_assert_true (g_str_has_prefix (lines[3], "bird,"));
  g_assert_cmpstr (lines[2], ==, "\"say \"\"hi\"\"\",0.5,1,0.5,0.6666666666666666,2,0.75,"
                                 "0.8333333333333333");
  /* bird has no samples: no AUC (empty), AP 0, as sklearn. */
  g_assert_cmpstr (lines[3], ==, "bird,0,0,0,0,0,,0");
  for (guint c = 0; c < 3; c++)
    {
      /* The numbers follow the (possibly quoted) name; none contains a comma. */
      const char *rest = strrchr (lines[c + 1], '"');
      rest = strchr (rest ? rest : lines[c + 1], ',');
      g_auto (GStrv) f = g_strsplit (rest + 1, ",", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 7);
      const SlClassScores *pc = &r->per_class[c];
      g_assert_cmpfloat (g_ascii_strtod (f[0], NULL), ==, pc->recall);
      g_assert_cmpfloat (g_ascii_strtod (f[1], NULL), ==, pc->precision);
      g_assert_cmpfloat (g_ascii_strtod (f[2], NULL), ==, pc->recall);
      g_assert_cmpfloat (g_ascii_strtod (f[3], NULL), ==, pc->f1);
      g_assert_cmpuint (g_ascii_strtoull (f[4], NULL, 10), ==, pc->support);
      if (isnan (pc->auc))
        g_assert_cmpstr (f[5], ==, "");
      else
        g_assert_cmpfloat (g_ascii_strtod (f[5], NULL), ==, pc->auc);
      g_assert_cmpfloat (g_ascii_strtod (f[6], NULL), ==, pc->ap);
    }

  /* Written atomically; the JSON file is the CLI's text. */
  g_autofree char *path = g_build_filename (fx->dir, "table.csv", NULL);
  g_assert_true (sl_report_write_csv (r, path, &error));
  g_assert_no_error (error);
  g_autofree char *back = NULL;
  g_assert_true (g_file_get_contents (path, &back, NULL, &error));
  g_assert_cmpstr (back, ==, csv);
  g_autofree char *json_path = g_build_filename (fx->dir, "report.json", NULL);
  g_assert_true (sl_report_write_json (r, json_path, &error));
  g_autofree char *json_back = NULL;
  g_assert_true (g_file_get_contents (json_path, &json_back, NULL, &error));
  g_autoptr (JsonNode) node = sl_report_to_json (r);
  g_autofree char *pretty = json_to_string (node, TRUE);
  g_autofree char *want = g_strconcat (pretty, "\n", NULL);
  g_assert_cmpstr (json_back, ==, want);
  g_assert_false (sl_report_write_csv (r, "/nonexistent-folder/x.csv", &error));
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/report/binary-sklearn-example", test_binary_sklearn_example);
  g_test_add_func ("/metrics/report/ties", test_ties);
  g_test_add_func ("/metrics/report/classification-report-example",
                   test_classification_report_example);
  g_test_add_func ("/metrics/report/text-layout", test_text_layout);
  g_test_add_func ("/metrics/report/undefined-classes", test_undefined_classes);
  g_test_add_func ("/metrics/report/argmax-ties", test_argmax_ties);
  g_test_add_func ("/metrics/report/bad-input", test_bad_input);
  g_test_add_func ("/metrics/report/random-brute-force", test_random_brute_force);
  g_test_add_func ("/metrics/report/json", test_json);
  g_test_add ("/metrics/report/csv", SlTestTmp, NULL, sl_test_tmp_setup, test_csv,
              sl_test_tmp_teardown);
  return g_test_run ();
}
