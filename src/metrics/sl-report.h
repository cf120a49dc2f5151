/* sl-report.h — the classification report of a model's class scores, as scikit-learn makes it. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "metrics/sl-curve.h"

G_BEGIN_DECLS

/* How many entries the report keeps in each of its "most …" lists. */
#define SL_REPORT_TOP_N 10

typedef struct
{
  double precision; /* 0 where nothing is predicted as the class (zero_division=0) */
  double recall;    /* also the per-class accuracy; 0 where the class has no samples */
  double f1;        /* 0 where precision and recall are both 0 */
  gsize support;    /* samples whose true class this is */
  gsize predicted;  /* samples predicted as this class */
  double auc;       /* one-vs-rest ROC AUC; NaN without positives or negatives */
  double ap;        /* one-vs-rest average precision; 0 without positives, as sklearn */
  SlCurve curve;    /* one-vs-rest ROC and precision-recall curve */
} SlClassScores;

typedef struct
{
  double precision;
  double recall;
  double f1;
  gsize support;
} SlReportAverage;

/* An off-diagonal cell of the confusion matrix. */
typedef struct
{
  guint true_class;
  guint predicted_class;
  gsize count;
} SlConfusedPair;

/* One sample; confidence is its score for the predicted class. */
typedef struct
{
  gsize index;
  guint true_class;
  guint predicted_class;
  double confidence;
} SlReportSample;

typedef struct
{
  gsize n_samples;
  guint n_classes;
  char **class_names;             /* n_classes entries, NULL-terminated */
  guint *predictions;             /* n_samples: argmax of the scores, ties to the lowest class */
  gsize n_correct;
  double accuracy;
  SlClassScores *per_class;       /* n_classes */
  SlReportAverage macro_avg;      /* unweighted mean over all n_classes classes */
  SlReportAverage weighted_avg;   /* mean weighted by support */
  gsize *confusion;               /* n_classes × n_classes, row-major: rows true, columns predicted */
  double *confusion_normalized;   /* each row divided by its sum; a row of zeros stays 0 */

  /* Each holds up to SL_REPORT_TOP_N entries. */
  SlConfusedPair *most_confused;  /* off-diagonal cells with a count, by count descending */
  guint n_most_confused;
  SlReportSample *least_confident_correct; /* by confidence ascending, then sample index */
  guint n_least_confident_correct;
  SlReportSample *most_confident_wrong;    /* by confidence descending, then sample index */
  guint n_most_confident_wrong;
} SlReport;

/* Builds the report of n_samples rows of n_classes scores (`probs`, row-major) against the true
 * classes `labels` (each in 0 … n_classes − 1). All n_classes classes take part, as sklearn with
 * labels=range(n_classes). `class_names` has n_classes entries, or is NULL for "0", "1", …
 * Fails on a label out of range or a score that is not finite. */
SlReport *sl_report_new                 (const float       *probs,
                                         const gint        *labels,
                                         gsize              n_samples,
                                         guint              n_classes,
                                         const char *const *class_names,
                                         GError           **error);

void      sl_report_free                (SlReport *self);

/* sklearn's classification_report layout with 2 decimals, then per-class accuracy, AUC and AP, the
 * confusion matrix, the most confused pairs and the most and least confident samples. */
char     *sl_report_to_text             (const SlReport *self);

/* The same with `digits` decimals (at most 15). */
char     *sl_report_to_text_with_digits (const SlReport *self,
                                         guint           digits);

/* Keys: accuracy, n_samples, classes, per_class, macro_avg, weighted_avg, confusion,
 * confusion_normalized, roc, pr, most_confused, least_confident_correct, most_confident_wrong.
 * NaN becomes null, and so does the +inf first ROC threshold (JSON has no infinity). */
JsonNode *sl_report_to_json             (const SlReport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlReport, sl_report_free)

G_END_DECLS
