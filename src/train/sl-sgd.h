/* sl-sgd.h — Keras' SGD update with momentum and Nesterov momentum, in float32 as TensorFlow. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One step on n weights w with gradients g. With momentum > 0 (v: the velocity, n floats):
 *   v = m·v − lr·g;  w += v             (nesterov: w += m·v − lr·g, after updating v)
 * and without momentum (v may be NULL): w −= lr·g. */
void sl_sgd_step (float       *w,
                  float       *v,
                  const float *g,
                  gsize        n,
                  float        lr,
                  float        momentum,
                  gboolean     nesterov);

G_END_DECLS
