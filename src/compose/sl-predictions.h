/* sl-predictions.h — a dataset's predictions as they arrive (class, confidence, loss per sample),
 * and the gallery's filters and orders over them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SlPredictions SlPredictions;

/* For n_samples samples of n_classes classes; `labels` (n_samples, −1 unknown; may be NULL) copied. */
SlPredictions *sl_predictions_new        (gsize        n_samples,
                                          guint        n_classes,
                                          const gint  *labels);
void           sl_predictions_free       (SlPredictions *self);

/* Stores the probabilities (n × n_classes) of samples [first, first + n). */
void           sl_predictions_set_batch  (SlPredictions *self,
                                          gsize          first,
                                          gsize          n,
                                          const float   *probs);

gsize          sl_predictions_get_n_samples (const SlPredictions *self);
guint          sl_predictions_get_n_classes (const SlPredictions *self);
/* Samples predicted so far. */
gsize          sl_predictions_get_n_done (const SlPredictions *self);
gboolean       sl_predictions_has        (const SlPredictions *self,
                                          gsize                index);
int            sl_predictions_get_label  (const SlPredictions *self,
                                          gsize                index);
/* −1 before the sample is predicted. */
int            sl_predictions_get_predicted (const SlPredictions *self,
                                             gsize                index);
/* p of the predicted class; NaN before. */
double         sl_predictions_get_confidence (const SlPredictions *self,
                                              gsize                index);
/* p of class c; NaN before. */
double         sl_predictions_get_prob   (const SlPredictions *self,
                                          gsize                index,
                                          guint                c);
/* Cross-entropy −ln p_label (float64, clamped at 1e-300); NaN before or without a label. */
double         sl_predictions_get_loss   (const SlPredictions *self,
                                          gsize                index);

typedef enum
{
  SL_CORRECT_ANY,
  SL_CORRECT_ONLY,
  SL_CORRECT_WRONG_ONLY,
} SlCorrectness;

typedef struct
{
  int true_class;          /* −1: any */
  int predicted_class;     /* −1: any */
  SlCorrectness correctness;
  double min_confidence;   /* inclusive range of the predicted class's p: 0 … 1 for all */
  double max_confidence;
} SlSampleFilter;

/* Everything passes. */
void           sl_sample_filter_init     (SlSampleFilter *filter);
/* Whether the filter keeps every sample (so samples not yet predicted are kept too). */
gboolean       sl_sample_filter_is_all   (const SlSampleFilter *filter);

typedef enum
{
  SL_ORDER_INDEX,
  SL_ORDER_CONFIDENCE_DESC,
  SL_ORDER_CONFIDENCE_ASC,
  SL_ORDER_LOSS_DESC,       /* the worst first */
} SlSampleOrder;

/* The indices of the samples the filter keeps, in `order` (ties by index). Samples not yet
 * predicted pass only an all-pass filter and sort last. Returns a new array of *n_out entries. */
gsize         *sl_predictions_select     (const SlPredictions  *self,
                                          const SlSampleFilter *filter,
                                          SlSampleOrder         order,
                                          gsize                *n_out);

/* The next (step +1) or previous (−1) wrong prediction from `index` in index order, wrapping; −1
 * when there is none. */
gssize         sl_predictions_next_wrong (const SlPredictions *self,
                                          gsize                index,
                                          int                  step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPredictions, sl_predictions_free)

G_END_DECLS
