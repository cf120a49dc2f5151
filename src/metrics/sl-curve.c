#include "sl-curve.h"

#include <math.h>
#include <stdlib.h>

#include "core/sl-error.h"

typedef struct
{
  float score;
  gboolean positive;
} Scored;

static int
compare_score_desc (const void *a, const void *b)
{
  const float x = ((const Scored *) a)->score;
  const float y = ((const Scored *) b)->score;
  return (x < y) - (x > y);
}

gboolean
sl_curve_init (SlCurve     *self,
               const float *scores,
               gsize        stride,
               const gint  *labels,
               gint         positive_label,
               gsize        n,
               GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (scores != NULL && labels != NULL && stride > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *self = (SlCurve) { 0 };
  if (n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "a curve needs at least one sample");
      return FALSE;
    }
  /* Keeps the integer AUC numerator (at most n²/2) inside 64 bits. */
  if (n > G_MAXUINT32)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%" G_GSIZE_FORMAT " samples are too many for a curve", n);
      return FALSE;
    }

  g_autofree Scored *sorted = g_new (Scored, n);
  for (gsize i = 0; i < n; i++)
    {
      const float s = scores[i * stride];
      if (!isfinite (s))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                       "score of sample %" G_GSIZE_FORMAT " is not a finite number", i);
          return FALSE;
        }
      sorted[i] = (Scored) { s, labels[i] == positive_label };
      if (sorted[i].positive)
        self->n_positive++;
    }
  self->n_negative = n - self->n_positive;
  qsort (sorted, n, sizeof *sorted, compare_score_desc);

  gsize n_distinct = 1;
  for (gsize i = 1; i < n; i++)
    n_distinct += sorted[i].score != sorted[i - 1].score;

  const gsize m = n_distinct + 1;
  self->n_points = m;
  self->thresholds = g_new (double, m);
  self->fpr = g_new (double, m);
  self->tpr = g_new (double, m);
  self->precision = g_new (double, m);
  self->recall = g_new (double, m);

  const gsize pos = self->n_positive, neg = self->n_negative;
  guint64 auc_twice = 0; /* 2 · P · N · AUC, exact */
  double ap = 0;
  gsize tp = 0, fp = 0, prev_tp = 0, prev_fp = 0, k = 0;

  self->thresholds[0] = INFINITY;
  self->fpr[0] = neg ? 0 : NAN;
  self->tpr[0] = pos ? 0 : NAN;
  self->precision[0] = 1;
  self->recall[0] = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (sorted[i].positive)
        tp++;
      else
        fp++;
      /* A point only at the end of a run of equal scores: ties are one threshold. */
      if (i + 1 < n && sorted[i + 1].score == sorted[i].score)
        continue;
      k++;
      self->thresholds[k] = sorted[i].score;
      self->fpr[k] = neg ? (double) fp / (double) neg : NAN;
      self->tpr[k] = pos ? (double) tp / (double) pos : NAN;
      self->precision[k] = (double) tp / (double) (tp + fp);
      self->recall[k] = pos ? (double) tp / (double) pos : 1;
      auc_twice += (guint64) (fp - prev_fp) * (guint64) (tp + prev_tp);
      if (pos)
        ap += (double) (tp - prev_tp) / (double) pos * self->precision[k];
      prev_tp = tp;
      prev_fp = fp;
    }
  g_assert (k + 1 == m);

  self->auc = pos && neg ? (double) auc_twice / (2.0 * (double) pos * (double) neg) : NAN;
  self->ap = ap;
  return TRUE;
}

void
sl_curve_clear (SlCurve *self)
{
  g_return_if_fail (self != NULL);
  g_free (self->thresholds);
  g_free (self->fpr);
  g_free (self->tpr);
  g_free (self->precision);
  g_free (self->recall);
  *self = (SlCurve) { 0 };
}
