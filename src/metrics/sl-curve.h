/* sl-curve.h — ROC and precision-recall curves of one score against a binary truth (sklearn's). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One curve over every distinct score, ties grouped, in order of decreasing threshold. Point 0 is
 * the threshold +inf (nothing predicted positive), so the ROC curve is exactly
 * sklearn.metrics.roc_curve (drop_intermediate=False) and, read backwards, the precision-recall
 * curve is precision_recall_curve's (its final point is this point 0 and has no threshold). */
typedef struct
{
  gsize n_points;      /* distinct scores + 1 */
  double *thresholds;  /* decreasing; thresholds[0] = +inf */
  double *fpr;         /* NaN everywhere when there are no negatives (as sklearn) */
  double *tpr;         /* NaN everywhere when there are no positives (as sklearn) */
  double *precision;   /* precision[0] = 1 by sklearn's convention */
  double *recall;      /* recall[0] = 0; 1 at every other point when there are no positives */
  gsize n_positive;
  gsize n_negative;
  double auc;          /* trapezoid area under the ROC curve; NaN without positives or negatives */
  double ap;           /* average_precision_score: Σ (R_n − R_{n−1}) P_n; 0 without positives */
} SlCurve;

/* Fills `self` (which need not be initialised) from n scores, scores[i * stride] for sample i,
 * positive where labels[i] == positive_label. Fails on a non-finite score or on n == 0. */
gboolean sl_curve_init   (SlCurve     *self,
                          const float *scores,
                          gsize        stride,
                          const gint  *labels,
                          gint         positive_label,
                          gsize        n,
                          GError     **error);

/* Frees the arrays and zeroes `self`; safe on a zeroed or cleared curve. */
void     sl_curve_clear  (SlCurve *self);

G_END_DECLS
