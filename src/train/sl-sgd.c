/* TensorFlow's ResourceApplyKerasMomentum and ResourceApplyGradientDescent, elementwise in float32.
 */
#include "train/sl-sgd.h"

void
sl_sgd_step (float *w, float *v, const float *g, gsize n, float lr, float momentum,
             gboolean nesterov)
{
  if (momentum == 0.0f || !v)
    {
      for (gsize i = 0; i < n; i++)
        w[i] -= lr * g[i];
      return;
    }
  for (gsize i = 0; i < n; i++)
    {
      v[i] = v[i] * momentum - g[i] * lr;
      w[i] += nesterov ? v[i] * momentum - g[i] * lr : v[i];
    }
}
