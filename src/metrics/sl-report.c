#include "sl-report.h"

#include <math.h>
#include <stdlib.h>

#include "core/sl-error.h"

static gboolean
check_inputs (const float *probs,
              const gint  *labels,
              gsize        n_samples,
              guint        n_classes,
              GError     **error)
{
  if (n_samples == 0 || n_classes == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "a classification report needs at least one sample and one class "
                   "(got %" G_GSIZE_FORMAT " samples, %u classes)", n_samples, n_classes);
      return FALSE;
    }
  if (n_samples > G_MAXSIZE / n_classes || n_classes > G_MAXSIZE / n_classes)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "too many samples or classes for a report");
      return FALSE;
    }
  for (gsize i = 0; i < n_samples; i++)
    if (labels[i] < 0 || (guint) labels[i] >= n_classes)
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "sample %" G_GSIZE_FORMAT " has true class %d, outside 0…%u",
                     i, labels[i], n_classes - 1);
        return FALSE;
      }
  for (gsize i = 0; i < n_samples * n_classes; i++)
    if (!isfinite (probs[i]))
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "score %u of sample %" G_GSIZE_FORMAT " is not a finite number",
                     (guint) (i % n_classes), i / n_classes);
        return FALSE;
      }
  return TRUE;
}

static guint
argmax (const float *row, guint n)
{
  guint best = 0;
  /* Strictly greater, so ties go to the lowest index as numpy.argmax. */
  for (guint k = 1; k < n; k++)
    if (row[k] > row[best])
      best = k;
  return best;
}

static double
safe_ratio (gsize a, gsize b)
{
  return b ? (double) a / (double) b : 0;
}

static void
fill_class_scores (SlReport *self)
{
  const guint K = self->n_classes;
  const double N = (double) self->n_samples;
  SlReportAverage *macro = &self->macro_avg, *weighted = &self->weighted_avg;

  for (guint k = 0; k < K; k++)
    {
      SlClassScores *c = &self->per_class[k];
      const gsize tp = self->confusion[(gsize) k * K + k];
      c->precision = safe_ratio (tp, c->predicted);
      c->recall = safe_ratio (tp, c->support);
      /* 2tp / (2tp + fp + fn): the harmonic mean without dividing by a zero precision. */
      c->f1 = safe_ratio (2 * tp, c->predicted + c->support);

      macro->precision += c->precision;
      macro->recall += c->recall;
      macro->f1 += c->f1;
      weighted->precision += c->precision * (double) c->support;
      weighted->recall += c->recall * (double) c->support;
      weighted->f1 += c->f1 * (double) c->support;
    }
  macro->precision /= K;
  macro->recall /= K;
  macro->f1 /= K;
  weighted->precision /= N;
  weighted->recall /= N;
  weighted->f1 /= N;
  macro->support = weighted->support = self->n_samples;
}

static void
fill_confusion (SlReport *self)
{
  const guint K = self->n_classes;
  for (guint t = 0; t < K; t++)
    for (guint p = 0; p < K; p++)
      self->confusion_normalized[(gsize) t * K + p] =
        safe_ratio (self->confusion[(gsize) t * K + p], self->per_class[t].support);
}

static int
compare_pairs (const void *a, const void *b)
{
  const SlConfusedPair *x = a, *y = b;
  if (x->count != y->count)
    return x->count < y->count ? 1 : -1;
  if (x->true_class != y->true_class)
    return x->true_class < y->true_class ? -1 : 1;
  return (x->predicted_class > y->predicted_class) - (x->predicted_class < y->predicted_class);
}

static void
fill_most_confused (SlReport *self)
{
  const guint K = self->n_classes;
  g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (SlConfusedPair));
  for (guint t = 0; t < K; t++)
    for (guint p = 0; p < K; p++)
      if (t != p && self->confusion[(gsize) t * K + p] > 0)
        {
          const SlConfusedPair pair = { t, p, self->confusion[(gsize) t * K + p] };
          g_array_append_val (pairs, pair);
        }
  g_array_sort (pairs, compare_pairs);
  self->n_most_confused = MIN (pairs->len, SL_REPORT_TOP_N);
  self->most_confused = g_memdup2 (pairs->data, self->n_most_confused * sizeof (SlConfusedPair));
}

static int
compare_confidence_asc (const void *a, const void *b)
{
  const SlReportSample *x = a, *y = b;
  if (x->confidence != y->confidence)
    return x->confidence < y->confidence ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

static int
compare_confidence_desc (const void *a, const void *b)
{
  const SlReportSample *x = a, *y = b;
  if (x->confidence != y->confidence)
    return x->confidence > y->confidence ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

static void
fill_samples (SlReport *self, const float *probs, const gint *labels)
{
  const guint K = self->n_classes;
  g_autoptr (GArray) correct = g_array_new (FALSE, FALSE, sizeof (SlReportSample));
  g_autoptr (GArray) wrong = g_array_new (FALSE, FALSE, sizeof (SlReportSample));
  for (gsize i = 0; i < self->n_samples; i++)
    {
      const guint p = self->predictions[i];
      const SlReportSample s = { i, (guint) labels[i], p, probs[i * K + p] };
      g_array_append_val (s.true_class == p ? correct : wrong, s);
    }
  g_array_sort (correct, compare_confidence_asc);
  g_array_sort (wrong, compare_confidence_desc);

  self->n_least_confident_correct = MIN (correct->len, SL_REPORT_TOP_N);
  self->least_confident_correct =
    g_memdup2 (correct->data, self->n_least_confident_correct * sizeof (SlReportSample));
  self->n_most_confident_wrong = MIN (wrong->len, SL_REPORT_TOP_N);
  self->most_confident_wrong =
    g_memdup2 (wrong->data, self->n_most_confident_wrong * sizeof (SlReportSample));
}

SlReport *
sl_report_new (const float       *probs,
               const gint        *labels,
               gsize              n_samples,
               guint              n_classes,
               const char *const *class_names,
               GError           **error)
{
  g_return_val_if_fail (probs != NULL && labels != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_inputs (probs, labels, n_samples, n_classes, error))
    return NULL;

  const guint K = n_classes;
  g_autoptr (SlReport) self = g_new0 (SlReport, 1);
  self->n_samples = n_samples;
  self->n_classes = K;
  self->class_names = g_new0 (char *, K + 1);
  for (guint k = 0; k < K; k++)
    self->class_names[k] = class_names && class_names[k]
                             ? g_utf8_make_valid (class_names[k], -1)
                             : g_strdup_printf ("%u", k);

  self->predictions = g_new (guint, n_samples);
  self->per_class = g_new0 (SlClassScores, K);
  self->confusion = g_new0 (gsize, (gsize) K * K);
  self->confusion_normalized = g_new0 (double, (gsize) K * K);

  for (gsize i = 0; i < n_samples; i++)
    {
      const guint t = (guint) labels[i];
      const guint p = argmax (probs + i * K, K);
      self->predictions[i] = p;
      self->confusion[(gsize) t * K + p]++;
      self->per_class[t].support++;
      self->per_class[p].predicted++;
      self->n_correct += t == p;
    }
  self->accuracy = (double) self->n_correct / (double) n_samples;

  fill_class_scores (self);
  fill_confusion (self);
  fill_most_confused (self);
  fill_samples (self, probs, labels);

  for (guint k = 0; k < K; k++)
    {
      SlClassScores *c = &self->per_class[k];
      if (!sl_curve_init (&c->curve, probs + k, K, labels, (gint) k, n_samples, error))
        return NULL;
      c->auc = c->curve.auc;
      c->ap = c->curve.ap;
    }

  return g_steal_pointer (&self);
}

void
sl_report_free (SlReport *self)
{
  if (!self)
    return;
  if (self->per_class)
    for (guint k = 0; k < self->n_classes; k++)
      sl_curve_clear (&self->per_class[k].curve);
  g_strfreev (self->class_names);
  g_free (self->predictions);
  g_free (self->per_class);
  g_free (self->confusion);
  g_free (self->confusion_normalized);
  g_free (self->most_confused);
  g_free (self->least_confident_correct);
  g_free (self->most_confident_wrong);
  g_free (self);
}
