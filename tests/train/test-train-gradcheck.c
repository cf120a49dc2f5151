/* test-train-gradcheck.c — the trainer's objective (cross-entropy on the logits + L1/L2
 * regularisation, class weights) and its gradient w.r.t. every kernel and bias, against central
 * finite differences of that same objective, for each layer kind a model can train through. */
#include "core/sl-error.h"
#include "train/sl-objective.h"
#include "train/sl-presets.h"
#include "sl-test-util.h"
#include "train-fixtures.h"

#include <math.h>
#include <string.h>

/* Step of the differences and the tolerance on max |fd − analytic| over a tensor, relative to
 * max |analytic| (plus a floor for the float32 noise of the loss, ~1e-7 / step). */
#define FD_STEP 1e-3
#define FD_TOL 2e-2
#define FD_FLOOR 5e-4
#define MAX_COORDS 48
/* Near a ReLU kink or a max-pool switch the quotients of two steps disagree; such coordinates are
 * skipped, at most this share of them. */
#define MAX_SKIPPED 0.15

#define L2(v) "{\"class_name\": \"L2\", \"config\": {\"l2\": " v "}}"
#define L1L2 "{\"class_name\": \"L1L2\", \"config\": {\"l1\": 0.01, \"l2\": 0.02}}"

typedef struct
{
  const char *path;
  const char *input;
  const char *layers; /* NULL: the mnist1d-cnn preset */
  gboolean class_weights;
  guint32 seed;
  double step; /* 0: FD_STEP */
} Case;

/* clang-format off */
static const Case cases[] = {
  { "/train/gradcheck/conv1d-dense", "8, 2",
    LAYER ("Conv1D", "c1", ", \"filters\": 3, \"kernel_size\": 3, \"padding\": \"same\", "
           "\"activation\": \"tanh\", \"kernel_regularizer\": " L2 ("0.01") ", "
           "\"bias_regularizer\": " L1L2) ", "
    LAYER ("Conv1D", "c2", ", \"filters\": 4, \"kernel_size\": 2, \"activation\": \"tanh\"") ", "
    LAYER ("Flatten", "f", "") ", "
    LAYER ("Dense", "d", ", \"units\": 4, \"activation\": \"softmax\", "
           "\"kernel_regularizer\": " L2 ("0.05")),
    FALSE, 1 },
  { "/train/gradcheck/conv2d-pool-gap", "6, 6, 2",
    LAYER ("Conv2D", "c1", ", \"filters\": 3, \"kernel_size\": [3, 3], \"padding\": \"same\", "
           "\"activation\": \"tanh\", \"kernel_regularizer\": " L2 ("0.01")) ", "
    LAYER ("MaxPooling2D", "p", ", \"pool_size\": [2, 2]") ", "
    LAYER ("Conv2D", "c2", ", \"filters\": 4, \"kernel_size\": [2, 2], \"activation\": \"tanh\"") ", "
    LAYER ("GlobalAveragePooling2D", "g", "") ", "
    LAYER ("Dense", "d", ", \"units\": 3, \"activation\": \"softmax\", "
           "\"kernel_regularizer\": " L2 ("0.01")),
    TRUE, 9 },
  { "/train/gradcheck/relu-pool1d-dense", "12, 1",
    LAYER ("Conv1D", "c1", ", \"filters\": 4, \"kernel_size\": 3, \"padding\": \"same\", "
           "\"activation\": \"relu\", \"kernel_regularizer\": " L2 ("0.01")) ", "
    LAYER ("MaxPooling1D", "p", ", \"pool_size\": 2") ", "
    LAYER ("Flatten", "f", "") ", "
    LAYER ("Dense", "h", ", \"units\": 5, \"activation\": \"relu\"") ", "
    LAYER ("Dense", "d", ", \"units\": 3, \"activation\": \"softmax\""),
    FALSE, 3 },
  /* 3000 ReLU units a layer: a smaller step crosses fewer kinks (and ReLU nets have no truncation
   * error to lose). */
  { "/train/gradcheck/mnist1d-cnn-preset", "40, 1", NULL, TRUE, 4, 1e-4 },
};
/* clang-format on */

static double
objective (SlRun *run, const SlTrainSpec *spec, const float *x, const gint *y, gsize n,
           const float *cw)
{
  SlObjective o;
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_objective_eval (run, spec, x, y, n, cw, NULL, FALSE, &o, &error));
  g_assert_no_error (error);
  return o.loss;
}

/* What decides the branch of every non-smooth function: the sign of each ReLU output and the winner
 * of each max-pool window. A coordinate whose ±step changes it straddles a kink. */
static GByteArray *
branches (SlRun *run)
{
  const SlModel *model = sl_run_model (run);
  const gsize n = sl_run_batch (run);
  GByteArray *sig = g_byte_array_new ();
  for (guint i = 0; i < model->n_layers; i++)
    {
      const SlLayer *l = &model->layers[i];
      const float *y = sl_run_output (run, (int) i);
      const gsize size = n * sl_shape_size (&l->out);
      if (l->act.kind == SL_ACT_RELU)
        for (gsize k = 0; k < size; k++)
          g_byte_array_append (sig, (const guint8[]){ y[k] > 0 }, 1);
      if (l->kind != SL_LAYER_MAX_POOL)
        continue;
      const float *x = sl_run_output (run, (int) i - 1);
      gsize h, w, c, oh, ow, oc;
      sl_shape_hwc (&l->in, &h, &w, &c);
      sl_shape_hwc (&l->out, &oh, &ow, &oc);
      for (gsize s = 0; s < n; s++)
        for (gsize oy = 0; oy < oh; oy++)
          for (gsize ox = 0; ox < ow; ox++)
            for (gsize k = 0; k < c; k++)
              {
                guint8 best = 0, idx = 0;
                float v = -INFINITY;
                for (gsize dy = 0; dy < l->kh; dy++)
                  for (gsize dx = 0; dx < l->kw; dx++, idx++)
                    {
                      const gsize iy = oy * l->sh + dy, ix = ox * l->sw + dx;
                      const float e = x[((s * h + iy) * w + ix) * c + k];
                      if (e > v)
                        v = e, best = idx;
                    }
                g_byte_array_append (sig, &best, 1);
              }
    }
  return sig;
}

static gboolean
same_branches (GByteArray *a, GByteArray *b)
{
  return a->len == b->len && (a->len == 0 || memcmp (a->data, b->data, a->len) == 0);
}

static void
check_tensor (SlRun *run, const SlTrainSpec *spec, const float *x, const gint *y, gsize n,
              const float *cw, double step, float *w, const float *grad, gsize size,
              const char *what, GRand *rng)
{
  const gsize m = MIN (size, MAX_COORDS);
  double max_err = 0, max_an = 0;
  guint skipped = 0;
  objective (run, spec, x, y, n, cw);
  g_autoptr (GByteArray) at = branches (run);
  for (gsize k = 0; k < m; k++)
    {
      const gsize i = size <= MAX_COORDS ? k : (gsize) g_rand_int_range (rng, 0, (gint32) size);
      const float w0 = w[i];
      w[i] = (float) (w0 + step);
      const double hp = (double) w[i] - w0;
      const double fp = objective (run, spec, x, y, n, cw);
      g_autoptr (GByteArray) above = branches (run);
      w[i] = (float) (w0 - step);
      const double hm = w0 - (double) w[i];
      const double fm = objective (run, spec, x, y, n, cw);
      g_autoptr (GByteArray) below = branches (run);
      w[i] = w0;
      max_an = fmax (max_an, fabs (grad[i]));
      if (!same_branches (at, above) || !same_branches (at, below))
        {
          skipped++;
          continue;
        }
      max_err = fmax (max_err, fabs ((fp - fm) / (hp + hm) - grad[i]));
    }
  g_test_message ("%s: max |fd − grad| %.3g, max |grad| %.3g, %u of %" G_GSIZE_FORMAT " skipped",
                  what, max_err, max_an, skipped, m);
  g_assert_cmpfloat (skipped, <=, MAX_SKIPPED * (double) m + 1);
  g_assert_cmpfloat (max_err, <=, FD_TOL * max_an + FD_FLOOR);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = NULL;
  if (c->layers)
    {
      g_autofree char *json = sequential_json (c->input, c->layers);
      model = sl_model_new_from_json (json, c->path, &error);
    }
  else
    model = sl_preset_model_new ("mnist1d-cnn", &error);
  g_assert_no_error (error);
  g_autoptr (SlTrainSpec) spec = sl_train_spec_new (model, &error);
  g_assert_no_error (error);
  sl_train_spec_init_weights (spec, model, c->seed);
  g_autoptr (GRand) rng = g_rand_new_with_seed (c->seed);
  /* Non-zero biases exercise their regularisers and keep ReLU units off their kinks. */
  for (guint i = 0; i < model->n_layers; i++)
    if (spec->layers[i].has_params)
      for (gsize k = 0; k < model->layers[i].units; k++)
        model->layers[i].bias[k] = (float) g_rand_double_range (rng, 0.05, 0.3);
  /* The preset's Dense (RandomNormal 0.5 on 1000 inputs) saturates its softmax: scale it down so
   * the cross-entropy part of the gradient is not lost under the float32 noise. */
  if (!c->layers)
    for (gsize k = 0; k < 10000; k++)
      model->layers[4].kernel[k] *= 0.05f;

  const gsize n = 3, size = sl_shape_size (&model->input);
  g_autofree float *x = g_new (float, n * size);
  for (gsize i = 0; i < n * size; i++)
    x[i] = (float) g_rand_double_range (rng, -1, 1);
  g_autofree gint *y = g_new (gint, n);
  for (gsize i = 0; i < n; i++)
    y[i] = (gint) (i % model->n_classes);
  g_autofree float *cw = NULL;
  if (c->class_weights)
    {
      cw = g_new (float, model->n_classes);
      for (guint k = 0; k < model->n_classes; k++)
        cw[k] = 0.5f + (float) k;
    }

  g_autoptr (SlRun) run = sl_run_new (model, n);
  const double step = c->step > 0 ? c->step : FD_STEP;
  SlObjective o;
  g_assert_true (sl_objective_eval (run, spec, x, y, n, cw, NULL, TRUE, &o, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (o.reg_loss, >, 0);
  g_assert_cmpfloat_with_epsilon (o.loss, o.data_loss + o.reg_loss, 1e-12);
  /* Copy the gradients: the differences below run the model again. */
  for (guint i = 0; i < model->n_layers; i++)
    {
      SlLayer *l = &model->layers[i];
      if (!spec->layers[i].has_params)
        continue;
      gsize h, w, ch;
      sl_shape_hwc (&l->in, &h, &w, &ch);
      const gsize nk = l->kind == SL_LAYER_DENSE ? ch * l->units : l->kh * l->kw * ch * l->units;
      g_autofree float *gk = g_memdup2 (sl_run_kernel_grad (run, (int) i), nk * sizeof (float));
      g_autofree float *gb = g_memdup2 (sl_run_bias_grad (run, (int) i), l->units * sizeof (float));
      g_autofree char *kname = g_strdup_printf ("%s kernel", l->name);
      g_autofree char *bname = g_strdup_printf ("%s bias", l->name);
      check_tensor (run, spec, x, y, n, cw, step, l->kernel, gk, nk, kname, rng);
      check_tensor (run, spec, x, y, n, cw, step, l->bias, gb, l->units, bname, rng);
    }
}

/* With the lower layers frozen, the trainable layer's gradient is the same as with all trainable.
 */
static void
test_frozen (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_preset_model_new ("mnist1d-cnn", &error);
  g_assert_no_error (error);
  g_autoptr (SlTrainSpec) spec = sl_train_spec_new (model, &error);
  sl_train_spec_init_weights (spec, model, 11);
  g_autoptr (SlDataset) ds = random_signal_dataset (4, 40, 5);
  g_autofree float *x = g_new (float, 4 * 40);
  g_assert_true (sl_dataset_get_batch (ds, 0, 4, x, &error));
  g_autoptr (SlRun) run = sl_run_new (model, 4);
  SlObjective all, last;
  g_assert_true (sl_objective_eval (run, spec, x, ds->labels, 4, NULL, NULL, TRUE, &all, &error));
  g_autofree float *g_all = g_memdup2 (sl_run_kernel_grad (run, 4), 10000 * sizeof (float));
  const gboolean trainable[5] = { FALSE, FALSE, FALSE, FALSE, TRUE };
  g_assert_true (
      sl_objective_eval (run, spec, x, ds->labels, 4, NULL, trainable, TRUE, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (g_all, 10000 * sizeof (float), sl_run_kernel_grad (run, 4),
                   10000 * sizeof (float));
  g_assert_cmpfloat (all.loss, ==, last.loss);
  const gboolean none[5] = { FALSE };
  g_assert_false (sl_objective_eval (run, spec, x, ds->labels, 4, NULL, none, TRUE, &last, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_case);
  g_test_add_func ("/train/gradcheck/frozen", test_frozen);
  return g_test_run ();
}
