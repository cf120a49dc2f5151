/* Activation functions and their derivatives, as Keras defines them. */
#include "engine/sl-ops.h"

#include <math.h>
#include <string.h>

#define SELU_ALPHA 1.6732632423543772848170429916717
#define SELU_SCALE 1.0507009873554804934193349852946

static inline gboolean
is_plain_relu (const SlActParams *act)
{
  return act->kind == SL_ACT_RELU && act->alpha == 0 && act->threshold == 0;
}

/* The ReLU layer exactly as Keras' backend.relu computes it: the part above the threshold (x > t;
 * x > 0 when t = 0), clipped to [0, max_value] when a cap is set, minus alpha · relu(t − x).
 * `derivative` (may be NULL) receives its slope at x. */
static inline float
relu_general (const SlActParams *act, float x, float *derivative)
{
  const float t = act->threshold;
  float v = x > t ? x : 0.0f, d = x > t ? 1.0f : 0.0f;
  if (!isinf (act->max_value))
    {
      if (v < 0)
        v = 0, d = 0;
      else if (v > act->max_value)
        v = act->max_value, d = 0;
    }
  if (act->alpha != 0 && t - x > 0)
    v -= act->alpha * (t - x), d += act->alpha;
  if (derivative)
    *derivative = d;
  return v;
}

gboolean
sl_act_needs_pre (const SlActParams *act)
{
  switch (act->kind)
    {
    case SL_ACT_LINEAR:
    case SL_ACT_SIGMOID:
    case SL_ACT_TANH:
    case SL_ACT_SOFTMAX:
    case SL_ACT_ELU:
    case SL_ACT_SELU:
    case SL_ACT_SOFTPLUS:
      return FALSE;
    case SL_ACT_LEAKY_RELU:
      return act->alpha <= 0;
    case SL_ACT_RELU:
      return !is_plain_relu (act);
    default:
      return TRUE;
    }
}

static inline float
sigmoidf (float x)
{
  return x >= 0 ? 1.0f / (1.0f + expf (-x)) : expf (x) / (1.0f + expf (x));
}

static void
softmax_rows (float *x, gsize n, gsize channels)
{
  for (gsize r = 0; r < n / channels; r++)
    {
      float *row = x + r * channels;
      float m = row[0];
      for (gsize j = 1; j < channels; j++)
        m = fmaxf (m, row[j]);
      double sum = 0;
      for (gsize j = 0; j < channels; j++)
        sum += row[j] = expf (row[j] - m);
      for (gsize j = 0; j < channels; j++)
        row[j] = (float) (row[j] / sum);
    }
}

void
sl_act_forward (const SlActParams *act, float *x, gsize n, gsize channels)
{
  switch (act->kind)
    {
    case SL_ACT_LINEAR:
      return;
    case SL_ACT_RELU:
      if (is_plain_relu (act) && isinf (act->max_value))
        for (gsize i = 0; i < n; i++)
          x[i] = x[i] > 0 ? x[i] : 0;
      else
        for (gsize i = 0; i < n; i++)
          x[i] = relu_general (act, x[i], NULL);
      return;
    case SL_ACT_SIGMOID:
      for (gsize i = 0; i < n; i++)
        x[i] = sigmoidf (x[i]);
      return;
    case SL_ACT_TANH:
      for (gsize i = 0; i < n; i++)
        x[i] = tanhf (x[i]);
      return;
    case SL_ACT_SOFTMAX:
      softmax_rows (x, n, channels);
      return;
    case SL_ACT_ELU:
      for (gsize i = 0; i < n; i++)
        x[i] = x[i] > 0 ? x[i] : act->alpha * expm1f (x[i]);
      return;
    case SL_ACT_SELU:
      for (gsize i = 0; i < n; i++)
        x[i] = (float) (x[i] > 0 ? SELU_SCALE * x[i] : SELU_SCALE * SELU_ALPHA * expm1 (x[i]));
      return;
    case SL_ACT_SOFTPLUS:
      for (gsize i = 0; i < n; i++)
        x[i] = x[i] > 20 ? x[i] : log1pf (expf (x[i]));
      return;
    case SL_ACT_SWISH:
      for (gsize i = 0; i < n; i++)
        x[i] = x[i] * sigmoidf (x[i]);
      return;
    case SL_ACT_GELU:
      for (gsize i = 0; i < n; i++)
        x[i] = (float) (0.5 * x[i] * (1.0 + erf (x[i] / G_SQRT2)));
      return;
    case SL_ACT_GELU_TANH:
      for (gsize i = 0; i < n; i++)
        {
          const double v = x[i];
          x[i] = (float) (0.5 * v * (1.0 + tanh (sqrt (2.0 / G_PI) * (v + 0.044715 * v * v * v))));
        }
      return;
    case SL_ACT_LEAKY_RELU:
      for (gsize i = 0; i < n; i++)
        x[i] = x[i] >= 0 ? x[i] : act->alpha * x[i];
      return;
    }
}

void
sl_act_backward (const SlActParams *act, const float *z, const float *a, const float *da, float *dz,
                 gsize n, gsize channels)
{
  switch (act->kind)
    {
    case SL_ACT_LINEAR:
      if (dz != da)
        memcpy (dz, da, n * sizeof (float));
      return;
    case SL_ACT_RELU:
      if (is_plain_relu (act))
        for (gsize i = 0; i < n; i++)
          dz[i] = a[i] > 0 && a[i] < act->max_value ? da[i] : 0;
      else
        for (gsize i = 0; i < n; i++)
          {
            float d;
            relu_general (act, z[i], &d);
            dz[i] = d * da[i];
          }
      return;
    case SL_ACT_SIGMOID:
      for (gsize i = 0; i < n; i++)
        dz[i] = da[i] * a[i] * (1 - a[i]);
      return;
    case SL_ACT_TANH:
      for (gsize i = 0; i < n; i++)
        dz[i] = da[i] * (1 - a[i] * a[i]);
      return;
    case SL_ACT_SOFTMAX:
      for (gsize r = 0; r < n / channels; r++)
        {
          const float *p = a + r * channels, *g = da + r * channels;
          double dot = 0;
          for (gsize j = 0; j < channels; j++)
            dot += (double) p[j] * g[j];
          for (gsize j = 0; j < channels; j++)
            dz[r * channels + j] = (float) (p[j] * (g[j] - dot));
        }
      return;
    case SL_ACT_ELU:
      for (gsize i = 0; i < n; i++)
        dz[i] = a[i] > 0 ? da[i] : da[i] * (a[i] + act->alpha);
      return;
    case SL_ACT_SELU:
      for (gsize i = 0; i < n; i++)
        dz[i] = (float) (a[i] > 0 ? SELU_SCALE * da[i] : da[i] * (a[i] + SELU_SCALE * SELU_ALPHA));
      return;
    case SL_ACT_SOFTPLUS:
      for (gsize i = 0; i < n; i++)
        dz[i] = da[i] * -expm1f (-a[i]); /* sigmoid(z) = 1 − exp(−softplus(z)) */
      return;
    case SL_ACT_SWISH:
      for (gsize i = 0; i < n; i++)
        {
          const float s = sigmoidf (z[i]);
          dz[i] = da[i] * (s + z[i] * s * (1 - s));
        }
      return;
    case SL_ACT_GELU:
      for (gsize i = 0; i < n; i++)
        {
          const double v = z[i];
          const double cdf = 0.5 * (1.0 + erf (v / G_SQRT2));
          const double pdf = exp (-0.5 * v * v) / sqrt (2 * G_PI);
          dz[i] = (float) (da[i] * (cdf + v * pdf));
        }
      return;
    case SL_ACT_GELU_TANH:
      for (gsize i = 0; i < n; i++)
        {
          const double v = z[i], k = sqrt (2.0 / G_PI);
          const double u = k * (v + 0.044715 * v * v * v);
          const double t = tanh (u);
          const double du = k * (1 + 3 * 0.044715 * v * v);
          dz[i] = (float) (da[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * du));
        }
      return;
    case SL_ACT_LEAKY_RELU:
      if (act->alpha > 0)
        for (gsize i = 0; i < n; i++)
          dz[i] = a[i] >= 0 ? da[i] : act->alpha * da[i];
      else
        for (gsize i = 0; i < n; i++)
          dz[i] = z[i] >= 0 ? da[i] : act->alpha * da[i];
      return;
    }
}

void
sl_act_forward_scalar (const SlActParams *act, float *x)
{
  sl_act_forward (act, x, 1, 1);
}
