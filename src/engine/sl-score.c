#include "engine/sl-score.h"

#include "engine/sl-ops.h"

#include <math.h>
#include <string.h>

const char *
sl_score_name (SlScore score)
{
  return score == SL_SCORE_PROB ? "prob" : "logit";
}

gboolean
sl_score_parse (const char *name, SlScore *score)
{
  if (!g_strcmp0 (name, "logit"))
    *score = SL_SCORE_LOGIT;
  else if (!g_strcmp0 (name, "prob") || !g_strcmp0 (name, "probability"))
    *score = SL_SCORE_PROB;
  else
    return FALSE;
  return TRUE;
}

static gboolean
uses_softmax (const SlModel *model)
{
  return model->final_act.kind == SL_ACT_SOFTMAX || model->final_act.kind == SL_ACT_LINEAR;
}

static double
elementwise (const SlActParams *act, double z, double *derivative)
{
  float v = (float) z, a, d = 1.0f, one = 1.0f;
  a = v;
  sl_act_forward_scalar (act, &a);
  sl_act_backward (act, &v, &a, &one, &d, 1, 1);
  *derivative = d;
  return a;
}

void
sl_score_probs (const SlModel *model, const float *logits, double *probs)
{
  const guint k = model->n_classes;
  if (!uses_softmax (model))
    {
      double d;
      for (guint j = 0; j < k; j++)
        probs[j] = elementwise (&model->final_act, logits[j], &d);
      return;
    }
  double m = logits[0], sum = 0;
  for (guint j = 1; j < k; j++)
    m = fmax (m, logits[j]);
  for (guint j = 0; j < k; j++)
    sum += probs[j] = exp ((double) logits[j] - m);
  for (guint j = 0; j < k; j++)
    probs[j] /= sum;
}

void
sl_score_probs_batch (const SlModel *model, const float *logits, gsize n, float *probs)
{
  const guint k = model->n_classes;
  g_autofree double *p = g_new (double, k);
  for (gsize i = 0; i < n; i++)
    {
      sl_score_probs (model, logits + i * k, p);
      for (guint j = 0; j < k; j++)
        probs[i * k + j] = (float) p[j];
    }
}

double
sl_score_complement (const SlModel *model, const float *logits, guint c)
{
  const guint k = model->n_classes;
  g_autofree double *p = g_new (double, k);
  sl_score_probs (model, logits, p);
  if (!uses_softmax (model))
    return 1.0 - p[c];
  double q = 0;
  for (guint j = 0; j < k; j++)
    if (j != c)
      q += p[j];
  return q;
}

double
sl_score_value (const SlModel *model, const float *logits, guint c, SlScore score)
{
  if (score == SL_SCORE_LOGIT)
    return logits[c];
  const guint k = model->n_classes;
  g_autofree double *p = g_new (double, k);
  sl_score_probs (model, logits, p);
  return p[c];
}

void
sl_score_seed (const SlModel *model, const float *logits, guint c, SlScore score, float *dlogits)
{
  const guint k = model->n_classes;
  memset (dlogits, 0, k * sizeof (float));
  if (score == SL_SCORE_LOGIT)
    {
      dlogits[c] = 1.0f;
      return;
    }
  if (!uses_softmax (model))
    {
      double d;
      elementwise (&model->final_act, logits[c], &d);
      dlogits[c] = (float) d;
      return;
    }
  g_autofree double *p = g_new (double, k);
  sl_score_probs (model, logits, p);
  double rest = 0;
  for (guint j = 0; j < k; j++)
    if (j != c)
      rest += p[j];
  /* ∂p_c/∂z_j = p_c (δ_cj − p_j), with 1 − p_c taken as the sum of the others. */
  for (guint j = 0; j < k; j++)
    dlogits[j] = (float) (j == c ? p[c] * rest : -p[c] * p[j]);
}

guint
sl_score_argmax (const float *logits, guint classes)
{
  guint best = 0;
  for (guint j = 1; j < classes; j++)
    if (logits[j] > logits[best])
      best = j;
  return best;
}
