/* keras-test-util.h — what the real-file tests of tests/keras share: logits, random inputs. */
#pragma once

#include "engine/sl-model.h"
#include "engine/sl-run.h"

#include <glib.h>

/* Logits of `n` samples (n × classes), freshly allocated. */
static inline float *
logits_of (SlModel *model, const float *x, gsize n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRun) run = sl_run_new (model, n);
  g_assert_true (sl_run_forward (run, x, n, &error));
  g_assert_no_error (error);
  return g_memdup2 (sl_run_logits (run), n * model->n_classes * sizeof (float));
}

/* n samples of uniform [0, 1) values shaped for `model`'s input. */
static inline float *
random_inputs (const SlModel *model, gsize n, guint32 seed)
{
  const gsize count = n * sl_shape_size (&model->input);
  float *x = g_new (float, count);
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);
  for (gsize k = 0; k < count; k++)
    x[k] = (float) g_rand_double (rng);
  return x;
}
