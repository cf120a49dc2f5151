/* sl-score.h — class scores from logits (logit or probability), computed stably, and their gradients. */
#pragma once

#include "engine/sl-model.h"

G_BEGIN_DECLS

typedef enum
{
  SL_SCORE_LOGIT,
  SL_SCORE_PROB,
} SlScore;

const char *sl_score_name        (SlScore score);
gboolean    sl_score_parse       (const char *name,
                                  SlScore    *score);

/* Probabilities of one sample's logits (the model's final activation; softmax when it has none),
 * in float64 with the maximum subtracted. */
void        sl_score_probs       (const SlModel *model,
                                  const float   *logits,
                                  double        *probs);
/* Probabilities of n samples as float32 (n × classes). */
void        sl_score_probs_batch (const SlModel *model,
                                  const float   *logits,
                                  gsize          n,
                                  float         *probs);
/* 1 − p_c computed as Σ_{j≠c} p_j, exact where p_c rounds to 1 (METHODS.md, Numerics). */
double      sl_score_complement  (const SlModel *model,
                                  const float   *logits,
                                  guint          c);
/* The score y_c of one sample. */
double      sl_score_value       (const SlModel *model,
                                  const float   *logits,
                                  guint          c,
                                  SlScore        score);
/* ∂y_c/∂logits for one sample (classes floats), stable for saturated probabilities. */
void        sl_score_seed        (const SlModel *model,
                                  const float   *logits,
                                  guint          c,
                                  SlScore        score,
                                  float         *dlogits);
/* Index of the largest logit (the predicted class; ties → lowest index). */
guint       sl_score_argmax      (const float *logits,
                                  guint        classes);

G_END_DECLS
