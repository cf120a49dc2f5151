/* Cross-entropy from logits, kernel/bias regularisation, and one forward + backward pass over a
 * batch. */
#include "train/sl-objective.h"

#include "core/sl-error.h"

#include <math.h>
#include <string.h>

double
sl_cross_entropy (const float *logits, const gint *labels, gsize n, guint classes,
                  const float *class_weights, float *dlogits, gsize *correct)
{
  double total = 0;
  gsize right = 0;
  for (gsize i = 0; i < n; i++)
    {
      const float *z = logits + i * classes;
      const guint y = (guint) labels[i];
      guint best = 0;
      for (guint k = 1; k < classes; k++)
        if (z[k] > z[best])
          best = k;
      right += best == y;
      /* log Σ exp(z − max) never overflows; CE = logsumexp − z_y. */
      double sum = 0;
      for (guint k = 0; k < classes; k++)
        sum += exp ((double) z[k] - z[best]);
      const double lse = z[best] + log (sum);
      const double w = class_weights ? class_weights[y] : 1.0;
      total += w * (lse - z[y]);
      if (dlogits)
        for (guint k = 0; k < classes; k++)
          {
            const double p = exp ((double) z[k] - lse);
            dlogits[i * classes + k] = (float) (w * (p - (k == y ? 1.0 : 0.0)) / (double) n);
          }
    }
  if (correct)
    *correct = right;
  return n ? total / (double) n : 0;
}

static double
penalty (const SlRegularizer *r, const float *w, gsize n)
{
  if (!w || (r->l1 == 0 && r->l2 == 0))
    return 0;
  double a = 0, s = 0;
  for (gsize i = 0; i < n; i++)
    {
      a += fabs ((double) w[i]);
      s += (double) w[i] * w[i];
    }
  return r->l1 * a + r->l2 * s;
}

static void
penalty_grad (const SlRegularizer *r, const float *w, float *g, gsize n)
{
  if (!w || !g || (r->l1 == 0 && r->l2 == 0))
    return;
  const float l1 = (float) r->l1, two_l2 = (float) (2.0 * r->l2);
  for (gsize i = 0; i < n; i++)
    g[i] += two_l2 * w[i] + (w[i] > 0 ? l1 : w[i] < 0 ? -l1 : 0.0f);
}

static gsize
kernel_count (const SlLayer *l)
{
  gsize h, w, c;
  sl_shape_hwc (&l->in, &h, &w, &c);
  return l->kind == SL_LAYER_DENSE ? c * l->units : l->kh * l->kw * c * l->units;
}

double
sl_regularization_loss (const SlModel *model, const SlTrainSpec *spec)
{
  double total = 0;
  for (guint i = 0; i < model->n_layers && i < spec->n_layers; i++)
    {
      const SlLayer *l = &model->layers[i];
      const SlLayerSpec *s = &spec->layers[i];
      if (!s->has_params)
        continue;
      total += penalty (&s->kernel_reg, l->kernel, kernel_count (l));
      if (l->use_bias)
        total += penalty (&s->bias_reg, l->bias, l->units);
    }
  return total;
}

int
sl_objective_lowest_trainable (const SlModel *model, const gboolean *trainable)
{
  for (guint i = 0; i < model->n_layers; i++)
    if (trainable[i])
      return (int) i;
  return -1;
}

gboolean
sl_objective_eval (SlRun *run, const SlTrainSpec *spec, const float *x, const gint *labels, gsize n,
                   const float *class_weights, const gboolean *trainable, gboolean backward,
                   SlObjective *out, GError **error)
{
  const SlModel *model = sl_run_model (run);
  const guint classes = model->n_classes;
  g_autofree gboolean *from_spec = NULL;
  if (!trainable)
    {
      from_spec = g_new0 (gboolean, model->n_layers);
      for (guint i = 0; i < model->n_layers && i < spec->n_layers; i++)
        from_spec[i] = spec->layers[i].has_params && spec->layers[i].trainable;
      trainable = from_spec;
    }
  for (gsize i = 0; i < n; i++)
    if (labels[i] < 0 || (guint) labels[i] >= classes)
      {
        g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                     "sample %" G_GSIZE_FORMAT
                     " of the batch has label %d, outside the model's %u classes",
                     i, labels[i], classes);
        return FALSE;
      }
  if (!sl_run_forward (run, x, n, error))
    return FALSE;
  g_autofree float *dlogits = backward ? g_new (float, n * classes) : NULL;
  out->data_loss = sl_cross_entropy (sl_run_logits (run), labels, n, classes, class_weights,
                                     dlogits, &out->correct);
  out->reg_loss = sl_regularization_loss (model, spec);
  out->loss = out->data_loss + out->reg_loss;
  if (!backward)
    return TRUE;
  const int lowest = sl_objective_lowest_trainable (model, trainable);
  if (lowest < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "the model has no trainable layer");
      return FALSE;
    }
  sl_run_set_param_grads (run, TRUE);
  sl_run_zero_param_grads (run);
  /* Down to the output of the layer below the lowest trainable one: its parameters get gradients.
   */
  if (!sl_run_backward (run, dlogits, lowest - 1, error))
    return FALSE;
  for (guint i = (guint) lowest; i < model->n_layers; i++)
    {
      const SlLayer *l = &model->layers[i];
      if (!trainable[i] || i >= spec->n_layers || !spec->layers[i].has_params)
        continue;
      penalty_grad (&spec->layers[i].kernel_reg, l->kernel, sl_run_kernel_grad (run, (int) i),
                    kernel_count (l));
      if (l->use_bias)
        penalty_grad (&spec->layers[i].bias_reg, l->bias, sl_run_bias_grad (run, (int) i),
                      l->units);
    }
  return TRUE;
}
