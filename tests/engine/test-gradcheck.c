/* test-gradcheck.c — every layer kind and activation: the backward pass against central finite
 * differences of a random linear functional of the logits, for the input, every layer's output and
 * the kernel and bias gradients; and the probability score's seed, saturated samples included. */
#include "engine/sl-run.h"
#include "engine/sl-score.h"
#include "sl-test-util.h"

#include <math.h>
#include <string.h>

/* Relative step of the finite differences, and the tolerance on max |fd − analytic| / max
 * |analytic| over a tensor. In float32 with logits of order one the rounding noise of a difference
 * quotient is ~1e-5 of the gradient's scale and the truncation error ~1e-4, so 1e-2 still catches
 * any real slip (a wrong index or a missing factor is an O(1) error). */
#define FD_STEP 1e-2
#define FD_TOL 1e-2
/* Coordinates whose ±step moves a ReLU across its kink or changes a max-pool winner are skipped;
 * the test models keep these rare, and more than this share of them fails the test. */
#define MAX_SKIPPED 0.15
#define BATCH 2
#define CLASSES 3

#define L(cls, name, cfg)                                                                          \
  "{\"class_name\": \"" cls "\", \"config\": {\"name\": \"" name "\"" cfg "}}"
#define HEAD L ("Flatten", "flatten", "") ", " L ("Dense", "logits", ", \"units\": 3")

typedef struct
{
  const char *path;   /* GTest path */
  const char *input;  /* batch_input_shape without the batch axis, e.g. "5, 6, 2" */
  const char *layers; /* the layers' JSON objects, the head included */
  guint32 seed;
  gboolean
      gelu_tanh; /* switch the first gelu to its tanh approximation (not reachable from JSON) */
  /* A ReLU network: positive biases keep most units alive (dead units tie in max pools), and a
   * smaller step crosses fewer kinks; piecewise-linear parts have no truncation error anyway. */
  gboolean relu_net;
} Case;

static char *
model_json (const char *input, const char *layers)
{
  return g_strdup_printf ("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"gradcheck\", "
                          "\"layers\": [{\"class_name\": \"InputLayer\", \"config\": "
                          "{\"batch_input_shape\": [null, %s], \"name\": \"input\"}}, %s]}}",
                          input, layers);
}

static float
uniform (GRand *rng, double lo, double hi)
{
  return (float)g_rand_double_range (rng, lo, hi);
}

/* Weights of a size that keeps every activation of order one. */
static void
randomize_weights (SlModel *model, GRand *rng, gboolean positive_bias)
{
  for (guint i = 0; i < model->n_layers; i++)
    {
      SlLayer *l = &model->layers[i];
      gsize h, w, c;
      sl_shape_hwc (&l->in, &h, &w, &c);
      if (l->kind == SL_LAYER_CONV || l->kind == SL_LAYER_DENSE)
        {
          const gsize fan_in = l->kind == SL_LAYER_CONV ? l->kh * l->kw * c : c;
          const double a = 1.7 / sqrt ((double)fan_in);
          for (gsize k = 0; k < fan_in * l->units; k++)
            l->kernel[k] = uniform (rng, -a, a);
          for (gsize k = 0; k < l->units; k++)
            l->bias[k] = !l->use_bias    ? 0.0f
                         : positive_bias ? uniform (rng, 0.1, 0.6)
                                         : uniform (rng, -0.3, 0.3);
        }
      else if (l->kind == SL_LAYER_BATCH_NORM)
        {
          for (gsize k = 0; k < c; k++)
            {
              l->gamma[k] = uniform (rng, 0.5, 1.5);
              l->beta[k] = uniform (rng, -0.5, 0.5);
              l->moving_mean[k] = uniform (rng, -0.5, 0.5);
              l->moving_var[k] = uniform (rng, 0.5, 2.0);
            }
          sl_layer_prepare (l);
        }
    }
}

/* Σ_s Σ_j w_j · logits[s, j] in float64. */
static double
functional (SlRun *run, const double *wts, gsize n)
{
  const SlModel *model = sl_run_model (run);
  const float *z = sl_run_logits (run);
  double f = 0;
  for (gsize i = 0; i < n * model->n_classes; i++)
    f += wts[i] * z[i];
  return f;
}

/* The piecewise-linear regions a batch sits in, per layer: which side of each ReLU-family kink
 * every unit is on, and which element wins every max-pool window. A finite difference whose two
 * ends do not share these straddles a kink and says nothing about the derivative. */
static gboolean
act_has_kink (const SlActParams *act)
{
  return act->kind == SL_ACT_RELU || act->kind == SL_ACT_LEAKY_RELU || act->kind == SL_ACT_SELU
         || act->kind == SL_ACT_ELU;
}

static void
pool_winners (const SlLayer *l, const float *x, const float *y, gsize n, GArray *sig)
{
  gsize h, w, c, oh, ow, oc;
  sl_shape_hwc (&l->in, &h, &w, &c);
  sl_shape_hwc (&l->out, &oh, &ow, &oc);
  const gboolean global = l->kind == SL_LAYER_GLOBAL_MAX_POOL;
  for (gsize s = 0; s < n; s++)
    for (gsize oy = 0; oy < oh; oy++)
      for (gsize ox = 0; ox < ow; ox++)
        for (gsize k = 0; k < c; k++)
          {
            const float best = y[s * oh * ow * c + (oy * ow + ox) * c + k];
            gssize y0 = global ? 0 : (gssize)(oy * l->sh) - (gssize)l->pad_top;
            gssize x0 = global ? 0 : (gssize)(ox * l->sw) - (gssize)l->pad_left;
            gssize y1 = global ? (gssize)h : y0 + (gssize)l->kh;
            gssize x1 = global ? (gssize)w : x0 + (gssize)l->kw;
            guint32 where = G_MAXUINT32;
            for (gssize iy = MAX (y0, 0); iy < MIN (y1, (gssize)h) && where == G_MAXUINT32; iy++)
              for (gssize ix = MAX (x0, 0); ix < MIN (x1, (gssize)w); ix++)
                if (x[s * h * w * c + ((gsize)iy * w + (gsize)ix) * c + k] == best)
                  {
                    where = (guint32)(iy * (gssize)w + ix);
                    break;
                  }
            g_array_append_val (sig, where);
          }
}

static GArray *
regions (SlRun *run, int layer, gsize n)
{
  const SlModel *model = sl_run_model (run);
  const SlLayer *l = &model->layers[layer];
  GArray *sig = g_array_new (FALSE, FALSE, sizeof (guint32));
  const float *y = sl_run_output (run, layer);
  if (l->kind == SL_LAYER_MAX_POOL || l->kind == SL_LAYER_GLOBAL_MAX_POOL)
    pool_winners (l, sl_run_output (run, layer - 1), y, n, sig);
  else if (act_has_kink (&l->act))
    {
      /* An Activation layer's input is its pre-activation; a Conv/Dense attribute has threshold 0
       * and a positive slope, where y > 0 ⇔ z > 0 and y ≥ max_value ⇔ z ≥ max_value. */
      const float *z = l->kind == SL_LAYER_ACTIVATION ? sl_run_output (run, layer - 1) : y;
      const float t = l->kind == SL_LAYER_ACTIVATION ? l->act.threshold : 0.0f;
      for (gsize i = 0; i < n * sl_shape_size (&l->out); i++)
        {
          guint32 r = (z[i] > t) + 2 * (z[i] >= l->act.max_value) + 4 * (z[i] > 0);
          g_array_append_val (sig, r);
        }
    }
  return sig;
}

typedef struct
{
  GPtrArray *base; /* regions of every layer at the unperturbed point */
  gsize checked, skipped;
} Regions;

static void
regions_take (Regions *r, SlRun *run, gsize n)
{
  const SlModel *model = sl_run_model (run);
  r->base = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  for (guint i = 0; i < model->n_layers; i++)
    g_ptr_array_add (r->base, regions (run, (int)i, n));
}

/* Whether the layers after `from` are in the same regions as at the base point. */
static gboolean
regions_same (Regions *r, SlRun *run, int from, gsize n)
{
  const SlModel *model = sl_run_model (run);
  for (int i = from + 1; i < (int)model->n_layers; i++)
    {
      GArray *base = g_ptr_array_index (r->base, i);
      if (base->len == 0)
        continue;
      g_autoptr (GArray) now = regions (run, i, n);
      if (memcmp (now->data, base->data, base->len * sizeof (guint32)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Compares `analytic` (m values) with central differences of the functional in each entry of
 * `values`, re-running the layers after `from` (`from` = -2: a parameter, the whole net). */
static double
compare_fd (SlRun *run, Regions *reg, const double *wts, gsize n, float *values, gsize m,
            const float *analytic, int from, double step, const char *what)
{
  g_autoptr (GError) error = NULL;
  double scale = 0, rms = 0, worst = 0;
  for (gsize j = 0; j < m; j++)
    {
      scale = fmax (scale, fabs (analytic[j]));
      rms += (double)values[j] * values[j];
    }
  rms = sqrt (rms / (double)MAX (m, 1));
  gsize skipped = 0;
  for (gsize j = 0; j < m; j++)
    {
      const float v = values[j];
      const double h = step * fmax (fabs (v), fmax (rms, 1e-2));
      const float vp = (float)(v + h), vm = (float)(v - h);
      values[j] = vp;
      g_assert_true (sl_run_forward_from (run, from < -1 ? -1 : from, n, &error));
      const double fp = functional (run, wts, n);
      gboolean same = regions_same (reg, run, from < -1 ? -1 : from, n);
      values[j] = vm;
      g_assert_true (sl_run_forward_from (run, from < -1 ? -1 : from, n, &error));
      const double fm = functional (run, wts, n);
      same = same && regions_same (reg, run, from < -1 ? -1 : from, n);
      values[j] = v;
      if (!same)
        {
          skipped++;
          continue;
        }
      const double fd = (fp - fm) / ((double)vp - (double)vm);
      worst = fmax (worst, fabs (fd - analytic[j]));
    }
  g_assert_true (sl_run_forward_from (run, from < -1 ? -1 : from, n, &error));
  reg->checked += m;
  reg->skipped += skipped;
  const double rel = scale > 0 ? worst / scale : worst;
  g_test_message ("%-28s %5zu values, max |grad| %.3g, rel. error %.2e, %zu skipped (kinks)", what,
                  m, scale, rel, skipped);
  if (rel > FD_TOL)
    g_test_fail_printf ("%s: finite differences differ from the backward pass by %.3g (relative)",
                        what, rel);
  return scale;
}

static void
run_case (gconstpointer data)
{
  const Case *tc = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = model_json (tc->input, tc->layers);
  g_autoptr (SlModel) model = sl_model_new_from_json (json, tc->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (model->n_classes, ==, CLASSES);
  if (tc->gelu_tanh)
    for (guint i = 0; i < model->n_layers; i++)
      if (model->layers[i].act.kind == SL_ACT_GELU)
        {
          model->layers[i].act.kind = SL_ACT_GELU_TANH;
          break;
        }

  g_autoptr (GRand) rng = g_rand_new_with_seed (tc->seed);
  randomize_weights (model, rng, tc->relu_net);
  const double step = tc->relu_net ? FD_STEP / 10 : FD_STEP;
  const gsize n = BATCH, size = sl_shape_size (&model->input);
  g_autofree float *x = g_new (float, n *size);
  for (gsize i = 0; i < n * size; i++)
    x[i] = uniform (rng, -1, 1);
  g_autofree double *wts = g_new (double, n *CLASSES);
  g_autofree float *seed = g_new (float, n *CLASSES);
  for (gsize i = 0; i < n * CLASSES; i++)
    seed[i] = (float)(wts[i] = uniform (rng, -1, 1));

  /* One spare slot: a capacity above the batch must not matter. */
  g_autoptr (SlRun) run = sl_run_new (model, n + 1);
  sl_run_set_param_grads (run, TRUE);
  sl_run_zero_param_grads (run);
  g_assert_true (sl_run_forward (run, x, n, &error));
  g_assert_true (sl_run_backward (run, seed, -1, &error));

  /* Keep every gradient: the finite differences below re-run the forward pass. */
  const int L = (int)model->n_layers;
  g_autoptr (GPtrArray) grads = g_ptr_array_new_with_free_func (g_free);
  for (int i = -1; i < L; i++)
    g_ptr_array_add (grads,
                     g_memdup2 (sl_run_grad (run, i),
                                n * sl_shape_size (sl_model_shape (model, i)) * sizeof (float)));

  Regions reg = { 0 };
  regions_take (&reg, run, n);
  for (int i = L - 1; i >= -1; i--)
    {
      g_autofree char *what
          = g_strdup_printf ("d/d output of %s", i < 0 ? "input" : model->layers[i].name);
      const double scale = compare_fd (run, &reg, wts, n, sl_run_output (run, i),
                                       n * sl_shape_size (sl_model_shape (model, i)),
                                       g_ptr_array_index (grads, i + 1), i, step, what);
      if (i == -1)
        g_assert_cmpfloat (scale, >, 0); /* a test whose gradient vanishes tests nothing */
    }

  for (int i = 0; i < L; i++)
    {
      SlLayer *l = &model->layers[i];
      if (l->kind != SL_LAYER_CONV && l->kind != SL_LAYER_DENSE)
        continue;
      gsize h, w, c;
      sl_shape_hwc (&l->in, &h, &w, &c);
      const gsize nk = (l->kind == SL_LAYER_CONV ? l->kh * l->kw : 1) * c * l->units;
      g_autofree float *dk = g_memdup2 (sl_run_kernel_grad (run, i), nk * sizeof (float));
      g_autofree float *db = g_memdup2 (sl_run_bias_grad (run, i), l->units * sizeof (float));
      g_autofree char *kw = g_strdup_printf ("d/d %s kernel", l->name);
      g_autofree char *bw = g_strdup_printf ("d/d %s bias", l->name);
      compare_fd (run, &reg, wts, n, l->kernel, nk, dk, -2, step, kw);
      if (l->use_bias)
        compare_fd (run, &reg, wts, n, l->bias, l->units, db, -2, step, bw);
    }
  g_test_message ("%zu of %zu coordinates skipped", reg.skipped, reg.checked);
  g_assert_cmpfloat ((double)reg.skipped, <=, MAX_SKIPPED * (double)reg.checked);
  g_ptr_array_unref (reg.base);
}

/* Parameter gradients accumulate across backward passes until zeroed, and are per-batch sums. */
static void
test_param_grads_accumulate (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json
      = model_json ("4, 2", L ("Conv1D", "conv", ", \"filters\": 2, \"kernel_size\": 2") ", " HEAD);
  g_autoptr (SlModel) model = sl_model_new_from_json (json, "accumulate", &error);
  g_assert_no_error (error);
  g_autoptr (GRand) rng = g_rand_new_with_seed (7);
  randomize_weights (model, rng, FALSE);
  float x[2 * 8], seed[2 * CLASSES];
  for (gsize i = 0; i < G_N_ELEMENTS (x); i++)
    x[i] = uniform (rng, -1, 1);
  for (gsize i = 0; i < G_N_ELEMENTS (seed); i++)
    seed[i] = uniform (rng, -1, 1);
  g_autoptr (SlRun) run = sl_run_new (model, 2);
  sl_run_set_param_grads (run, TRUE);
  sl_run_zero_param_grads (run);
  g_assert_true (sl_run_forward (run, x, 2, &error));
  g_assert_true (sl_run_backward (run, seed, -1, &error));
  float once[2 * 2 * 2];
  memcpy (once, sl_run_kernel_grad (run, 0), sizeof once);
  g_assert_true (sl_run_backward (run, seed, -1, &error));
  for (gsize i = 0; i < G_N_ELEMENTS (once); i++)
    g_assert_cmpfloat_with_epsilon (sl_run_kernel_grad (run, 0)[i], 2 * once[i],
                                    1e-5 * (1 + fabsf (once[i])));
  sl_run_zero_param_grads (run);
  for (gsize i = 0; i < G_N_ELEMENTS (once); i++)
    g_assert_cmpfloat (sl_run_kernel_grad (run, 0)[i], ==, 0);
  g_assert_null (sl_run_kernel_grad (run, 1)); /* Flatten has none */
}

/* ∂p_c/∂z from sl_score_seed against central differences of the probability, and at saturation
 * against differences of the complement Σ_{j≠c} p_j (p_c itself rounds to 1 even in float64). */
static void
test_score_seed (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json
      = model_json ("4", L ("Dense", "logits", ", \"units\": 5, \"activation\": \"softmax\""));
  g_autoptr (SlModel) model = sl_model_new_from_json (json, "score", &error);
  g_assert_no_error (error);
  g_assert_cmpint (model->final_act.kind, ==, SL_ACT_SOFTMAX);
  g_autoptr (GRand) rng = g_rand_new_with_seed (11);
  const double gaps[] = { 0, 2, 10, 40, 80 };
  for (gsize t = 0; t < G_N_ELEMENTS (gaps); t++)
    for (guint c = 0; c < 5; c += 2)
      {
        float z[5], dz[5];
        for (guint j = 0; j < 5; j++)
          z[j] = uniform (rng, -1, 1);
        z[c] += (float)gaps[t]; /* the class c leads by about gaps[t] */
        sl_score_seed (model, z, c, SL_SCORE_PROB, dz);
        const gboolean saturated = gaps[t] >= 30;
        double scale = 0, worst = 0;
        for (guint j = 0; j < 5; j++)
          {
            const float keep = z[j];
            const double h = 1e-3;
            z[j] = (float)(keep + h);
            const double up = (float)(keep + h);
            const double fp = saturated ? -sl_score_complement (model, z, c)
                                        : sl_score_value (model, z, c, SL_SCORE_PROB);
            z[j] = (float)(keep - h);
            const double down = (float)(keep - h);
            const double fm = saturated ? -sl_score_complement (model, z, c)
                                        : sl_score_value (model, z, c, SL_SCORE_PROB);
            z[j] = keep;
            const double fd = (fp - fm) / (up - down);
            scale = fmax (scale, fabs (fd));
            worst = fmax (worst, fabs (fd - dz[j]));
            if (saturated)
              {
                /* Each entry is tiny but must keep its sign and size. */
                g_assert_cmpfloat (dz[j], !=, 0);
                g_assert_cmpfloat (fabs (fd - dz[j]), <=, 1e-2 * fabs (fd));
              }
          }
        g_assert_cmpfloat (scale, >, 0);
        g_test_message ("gap %g class %u: max |dp/dz| %.3g, rel. error %.2e", gaps[t], c, scale,
                        worst / scale);
        g_assert_cmpfloat (worst, <=, 1e-3 * scale);
        /* And the logit score's seed is the unit vector. */
        sl_score_seed (model, z, c, SL_SCORE_LOGIT, dz);
        for (guint j = 0; j < 5; j++)
          g_assert_cmpfloat (dz[j], ==, j == c ? 1.0f : 0.0f);
      }
}

/* A model whose final activation is a sigmoid: the probability is elementwise. */
static void
test_score_seed_sigmoid (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json
      = model_json ("4", L ("Dense", "logits", ", \"units\": 3, \"activation\": \"sigmoid\""));
  g_autoptr (SlModel) model = sl_model_new_from_json (json, "sigmoid", &error);
  g_assert_no_error (error);
  g_assert_cmpint (model->final_act.kind, ==, SL_ACT_SIGMOID);
  float z[3] = { -1.5f, 0.25f, 2.0f }, dz[3];
  for (guint c = 0; c < 3; c++)
    {
      sl_score_seed (model, z, c, SL_SCORE_PROB, dz);
      const float keep = z[c];
      z[c] = keep + 1e-3f;
      const double fp = sl_score_value (model, z, c, SL_SCORE_PROB);
      const double up = z[c];
      z[c] = keep - 1e-3f;
      const double fm = sl_score_value (model, z, c, SL_SCORE_PROB);
      const double fd = (fp - fm) / (up - z[c]);
      z[c] = keep;
      g_assert_cmpfloat (fabs (fd - dz[c]), <=, 1e-3 * fabs (fd));
      for (guint j = 0; j < 3; j++)
        if (j != c)
          g_assert_cmpfloat (dz[j], ==, 0);
    }
}

/* A saturated sample end to end: the probability's input gradient from the backward pass is not
 * zero, and matches minus the finite differences of the complement. */
static void
test_saturated_backward (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json
      = model_json ("6", L ("Dense", "hidden", ", \"units\": 8, \"activation\": \"tanh\"") ", " L (
                             "Dense", "logits", ", \"units\": 4, \"activation\": \"softmax\""));
  g_autoptr (SlModel) model = sl_model_new_from_json (json, "saturated", &error);
  g_assert_no_error (error);
  g_autoptr (GRand) rng = g_rand_new_with_seed (5);
  randomize_weights (model, rng, FALSE);
  float x[6];
  for (guint i = 0; i < 6; i++)
    x[i] = uniform (rng, -1, 1);
  g_autoptr (SlRun) run = sl_run_new (model, 1);
  g_assert_true (sl_run_forward (run, x, 1, &error));
  /* Push class 2 about 40 above the others through its bias. */
  float *bias = model->layers[1].bias;
  const float *z = sl_run_logits (run);
  float top = z[0];
  for (guint j = 1; j < 4; j++)
    top = fmaxf (top, z[j]);
  bias[2] += top - z[2] + 40.0f;
  g_assert_true (sl_run_forward (run, x, 1, &error));
  z = sl_run_logits (run);
  double probs[4];
  sl_score_probs (model, z, probs);
  g_assert_cmpfloat ((float)probs[2], ==, 1.0f); /* saturated in float32 */
  g_assert_cmpfloat (sl_score_complement (model, z, 2), >, 0);

  float dz[4];
  sl_score_seed (model, z, 2, SL_SCORE_PROB, dz);
  g_assert_true (sl_run_backward (run, dz, -1, &error));
  float g[6];
  memcpy (g, sl_run_grad (run, -1), sizeof g);
  double scale = 0, worst = 0;
  for (guint i = 0; i < 6; i++)
    {
      const float keep = x[i];
      const float up = keep + 1e-2f, down = keep - 1e-2f;
      x[i] = up;
      g_assert_true (sl_run_forward (run, x, 1, &error));
      const double fp = -sl_score_complement (model, sl_run_logits (run), 2);
      x[i] = down;
      g_assert_true (sl_run_forward (run, x, 1, &error));
      const double fm = -sl_score_complement (model, sl_run_logits (run), 2);
      x[i] = keep;
      const double fd = (fp - fm) / ((double)up - down);
      scale = fmax (scale, fabs (fd));
      worst = fmax (worst, fabs (fd - g[i]));
    }
  g_test_message ("saturated: max |dp/dx| %.3g, rel. error %.2e", scale, worst / scale);
  g_assert_cmpfloat (scale, >, 0);
  g_assert_cmpfloat (worst, <=, 2e-2 * scale);
}

/* clang-format off */
static const char *const activations[] = {
  "linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu", "softplus", "swish", "silu", "gelu", "leaky_relu",
};
/* clang-format on */

/* clang-format off */
static const Case cases[] = {
  /* Conv2D */
  { "/gradcheck/conv2d/k3-s2-same", "7, 6, 2", L ("Conv2D", "conv", ", \"filters\": 3, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\"") ", " HEAD, 1 },
  { "/gradcheck/conv2d/k3-s2-valid", "7, 6, 2", L ("Conv2D", "conv", ", \"filters\": 3, \"kernel_size\": 3, \"strides\": 2, \"padding\": \"valid\"") ", " HEAD, 2 },
  { "/gradcheck/conv2d/k3-d2-same", "6, 7, 2", L ("Conv2D", "conv", ", \"filters\": 3, \"kernel_size\": [3, 3], \"dilation_rate\": [2, 2], \"padding\": \"same\"") ", " HEAD, 3 },
  { "/gradcheck/conv2d/k3-d2-valid", "6, 7, 2", L ("Conv2D", "conv", ", \"filters\": 2, \"kernel_size\": [3, 2], \"dilation_rate\": 2, \"padding\": \"valid\"") ", " HEAD, 4 },
  { "/gradcheck/conv2d/1x1", "3, 4, 3", L ("Conv2D", "conv", ", \"filters\": 4, \"kernel_size\": [1, 1]") ", " HEAD, 5 },
  { "/gradcheck/conv2d/1x1-s2", "5, 4, 3", L ("Conv2D", "conv", ", \"filters\": 2, \"kernel_size\": 1, \"strides\": 2, \"padding\": \"same\"") ", " HEAD, 6 },
  { "/gradcheck/conv2d/even-kernel-same", "5, 6, 2", L ("Conv2D", "conv", ", \"filters\": 2, \"kernel_size\": [2, 4], \"strides\": [1, 2], \"padding\": \"same\"") ", " HEAD, 7 },
  { "/gradcheck/conv2d/no-bias", "5, 5, 2", L ("Conv2D", "conv", ", \"filters\": 2, \"kernel_size\": 3, \"use_bias\": false, \"padding\": \"same\"") ", " HEAD, 8 },
  { "/gradcheck/conv2d/relu-chain", "8, 8, 2",
    L ("Conv2D", "c1", ", \"filters\": 4, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\"") ", "
    L ("Conv2D", "c2", ", \"filters\": 4, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\"") ", "
    L ("MaxPooling2D", "pool", ", \"pool_size\": [2, 2]") ", "
    L ("GlobalAveragePooling2D", "gap", "") ", " L ("Dense", "logits", ", \"units\": 3, \"activation\": \"softmax\""), 9, FALSE, TRUE },
  /* 16 and 32 filters with stride 1 take the direct (register-tiled) path on AVX2/AVX-512 CPUs */
  { "/gradcheck/conv2d/direct-16-same", "5, 6, 2", L ("Conv2D", "conv", ", \"filters\": 16, \"kernel_size\": 3, \"padding\": \"same\"") ", " HEAD, 16 },
  { "/gradcheck/conv2d/direct-32-dilated", "6, 6, 3", L ("Conv2D", "conv", ", \"filters\": 32, \"kernel_size\": [3, 2], \"dilation_rate\": 2") ", " HEAD, 17 },
  { "/gradcheck/conv2d/direct-relu-maxpool", "6, 6, 2",
    L ("Conv2D", "conv", ", \"filters\": 16, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\"") ", "
    L ("MaxPooling2D", "pool", ", \"pool_size\": 2") ", " HEAD, 18, FALSE, TRUE },
  { "/gradcheck/conv1d/direct-16", "9, 3", L ("Conv1D", "conv", ", \"filters\": 16, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"tanh\"") ", " HEAD, 19 },
  /* 16 input channels: the input gradient of a stride-1 layer runs as the direct forward pass of the
   * flipped, transposed kernel (padding (k − 1)·d − pad) */
  { "/gradcheck/conv2d/direct-dx-same", "6, 7, 16", L ("Conv2D", "conv", ", \"filters\": 3, \"kernel_size\": 3, \"padding\": \"same\"") ", " HEAD, 70 },
  { "/gradcheck/conv2d/direct-dx-valid-dilated", "7, 6, 16", L ("Conv2D", "conv", ", \"filters\": 4, \"kernel_size\": [3, 2], \"dilation_rate\": 2") ", " HEAD, 71 },
  { "/gradcheck/conv2d/direct-dx-even-same", "5, 6, 16", L ("Conv2D", "conv", ", \"filters\": 2, \"kernel_size\": [2, 4], \"padding\": \"same\"") ", " HEAD, 72 },
  { "/gradcheck/conv2d/direct-dx-strided", "6, 7, 16", L ("Conv2D", "conv", ", \"filters\": 3, \"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\"") ", " HEAD, 73 },
  { "/gradcheck/conv2d/direct-dx-chain", "6, 6, 2",
    L ("Conv2D", "c1", ", \"filters\": 16, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\"") ", "
    L ("Conv2D", "c2", ", \"filters\": 16, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\"") ", "
    L ("MaxPooling2D", "pool", ", \"pool_size\": 2") ", " HEAD, 74, FALSE, TRUE },
  { "/gradcheck/conv1d/direct-dx-same", "9, 16", L ("Conv1D", "conv", ", \"filters\": 3, \"kernel_size\": 5, \"padding\": \"same\", \"activation\": \"tanh\"") ", " HEAD, 75 },
  { "/gradcheck/conv1d/direct-dx-valid-even", "9, 16", L ("Conv1D", "conv", ", \"filters\": 3, \"kernel_size\": 4") ", " HEAD, 76 },
  /* Conv1D */
  { "/gradcheck/conv1d/k5-s2-same", "11, 2", L ("Conv1D", "conv", ", \"filters\": 3, \"kernel_size\": [5], \"strides\": [2], \"padding\": \"same\"") ", " HEAD, 10 },
  { "/gradcheck/conv1d/k3-s2-valid", "10, 2", L ("Conv1D", "conv", ", \"filters\": 3, \"kernel_size\": 3, \"strides\": 2") ", " HEAD, 11 },
  { "/gradcheck/conv1d/k3-d2-same", "9, 2", L ("Conv1D", "conv", ", \"filters\": 2, \"kernel_size\": 3, \"dilation_rate\": 2, \"padding\": \"same\"") ", " HEAD, 12 },
  { "/gradcheck/conv1d/k3-d2-valid", "9, 2", L ("Conv1D", "conv", ", \"filters\": 2, \"kernel_size\": 3, \"dilation_rate\": [2]") ", " HEAD, 13 },
  { "/gradcheck/conv1d/k1", "6, 3", L ("Conv1D", "conv", ", \"filters\": 2, \"kernel_size\": 1") ", " HEAD, 14 },
  { "/gradcheck/conv1d/k4-same", "7, 2", L ("Conv1D", "conv", ", \"filters\": 2, \"kernel_size\": 4, \"padding\": \"same\"") ", " HEAD, 15 },
  /* Pooling, on the input (values far apart) and after a smooth convolution */
  { "/gradcheck/maxpool2d/valid", "5, 7, 2", L ("MaxPooling2D", "pool", ", \"pool_size\": [2, 2]") ", " HEAD, 20 },
  { "/gradcheck/maxpool2d/same-clipped", "5, 6, 2", L ("MaxPooling2D", "pool", ", \"pool_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\"") ", " HEAD, 21 },
  { "/gradcheck/maxpool2d/after-conv", "6, 6, 2",
    L ("Conv2D", "conv", ", \"filters\": 3, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"tanh\"") ", "
    L ("MaxPooling2D", "pool", ", \"pool_size\": [3, 2], \"strides\": [2, 1], \"padding\": \"same\"") ", " HEAD, 22 },
  { "/gradcheck/maxpool1d/valid", "9, 2", L ("MaxPooling1D", "pool", ", \"pool_size\": 2") ", " HEAD, 23 },
  { "/gradcheck/maxpool1d/same-clipped", "7, 2", L ("MaxPooling1D", "pool", ", \"pool_size\": [3], \"strides\": [2], \"padding\": \"same\"") ", " HEAD, 24 },
  { "/gradcheck/avgpool2d/valid", "5, 7, 2", L ("AveragePooling2D", "pool", ", \"pool_size\": [2, 3], \"strides\": [1, 2]") ", " HEAD, 25 },
  { "/gradcheck/avgpool2d/same-clipped", "5, 6, 2", L ("AveragePooling2D", "pool", ", \"pool_size\": 3, \"strides\": 2, \"padding\": \"same\"") ", " HEAD, 26 },
  { "/gradcheck/avgpool1d/valid", "9, 2", L ("AveragePooling1D", "pool", ", \"pool_size\": 3") ", " HEAD, 27 },
  { "/gradcheck/avgpool1d/same-clipped", "8, 2", L ("AveragePooling1D", "pool", ", \"pool_size\": 3, \"strides\": 2, \"padding\": \"same\"") ", " HEAD, 28 },
  { "/gradcheck/global-avg/2d", "4, 5, 3", L ("GlobalAveragePooling2D", "gap", "") ", " HEAD, 30 },
  { "/gradcheck/global-avg/1d", "6, 3", L ("GlobalAveragePooling1D", "gap", "") ", " HEAD, 31 },
  { "/gradcheck/global-avg/2d-keepdims", "4, 5, 3", L ("GlobalAveragePooling2D", "gap", ", \"keepdims\": true") ", " HEAD, 32 },
  { "/gradcheck/global-max/2d", "4, 5, 3", L ("GlobalMaxPooling2D", "gmp", "") ", " HEAD, 33 },
  { "/gradcheck/global-max/1d", "6, 3", L ("GlobalMaxPooling1D", "gmp", "") ", " HEAD, 34 },
  { "/gradcheck/global-max/after-conv", "5, 5, 2",
    L ("Conv2D", "conv", ", \"filters\": 3, \"kernel_size\": 2, \"activation\": \"sigmoid\"") ", " L ("GlobalMaxPooling2D", "gmp", "") ", " HEAD, 35 },
  /* Dense, Flatten, Dropout, Reshape, zero padding */
  { "/gradcheck/dense/vector", "6", L ("Dense", "d1", ", \"units\": 5, \"activation\": \"tanh\"") ", " HEAD, 40 },
  { "/gradcheck/dense/rank2", "5, 4", L ("Dense", "d1", ", \"units\": 3, \"activation\": \"tanh\"") ", " HEAD, 41 },
  { "/gradcheck/dense/rank3", "3, 3, 2", L ("Dense", "d1", ", \"units\": 4") ", " HEAD, 42 },
  { "/gradcheck/dense/no-bias", "6", L ("Dense", "d1", ", \"units\": 5, \"use_bias\": false") ", " HEAD, 43 },
  { "/gradcheck/dropout/middle", "6", L ("Dense", "d1", ", \"units\": 5, \"activation\": \"tanh\"") ", " L ("Dropout", "drop", ", \"rate\": 0.5") ", " HEAD, 44 },
  { "/gradcheck/dropout/first-and-last", "6", L ("Dropout", "drop", ", \"rate\": 0.5") ", " HEAD ", " L ("Dropout", "drop2", ", \"rate\": 0.2"), 45 },
  { "/gradcheck/reshape/vector-to-signal", "12",
    L ("Reshape", "reshape", ", \"target_shape\": [4, 3]") ", " L ("Conv1D", "conv", ", \"filters\": 2, \"kernel_size\": 2") ", " HEAD, 46 },
  { "/gradcheck/reshape/image-to-signal", "4, 3, 2",
    L ("Reshape", "reshape", ", \"target_shape\": [-1, 2]") ", " L ("Conv1D", "conv", ", \"filters\": 2, \"kernel_size\": 3, \"strides\": 2") ", " HEAD, 47 },
  { "/gradcheck/zeropad2d/asymmetric", "4, 3, 2",
    L ("ZeroPadding2D", "pad", ", \"padding\": [[1, 2], [0, 3]]") ", " L ("Conv2D", "conv", ", \"filters\": 2, \"kernel_size\": 2") ", " HEAD, 48 },
  { "/gradcheck/zeropad2d/int", "3, 3, 2",
    L ("ZeroPadding2D", "pad", ", \"padding\": 1") ", " L ("Conv2D", "conv", ", \"filters\": 2, \"kernel_size\": 3, \"strides\": 2") ", " HEAD, 49 },
  { "/gradcheck/zeropad2d/pair", "3, 3, 1",
    L ("ZeroPadding2D", "pad", ", \"padding\": [2, 1]") ", " L ("AveragePooling2D", "pool", ", \"pool_size\": 2") ", " HEAD, 50 },
  { "/gradcheck/zeropad1d/asymmetric", "5, 2",
    L ("ZeroPadding1D", "pad", ", \"padding\": [2, 1]") ", " L ("Conv1D", "conv", ", \"filters\": 2, \"kernel_size\": 3") ", " HEAD, 51 },
  /* Batch normalization */
  { "/gradcheck/batchnorm/image", "4, 4, 2",
    L ("Conv2D", "conv", ", \"filters\": 3, \"kernel_size\": 3, \"padding\": \"same\"") ", " L ("BatchNormalization", "bn", ", \"axis\": [3], \"epsilon\": 0.001") ", " HEAD, 52 },
  { "/gradcheck/batchnorm/signal-no-center", "6, 3", L ("BatchNormalization", "bn", ", \"axis\": -1, \"center\": false") ", " HEAD, 53 },
  { "/gradcheck/batchnorm/vector-no-scale", "5",
    L ("Dense", "d1", ", \"units\": 4") ", " L ("BatchNormalization", "bn", ", \"scale\": false") ", " HEAD, 54 },
  /* The ReLU and LeakyReLU layers */
  { "/gradcheck/relu-layer/max-value", "8", L ("Dense", "d1", ", \"units\": 6") ", " L ("ReLU", "relu", ", \"max_value\": 0.5") ", " HEAD, 60 },
  { "/gradcheck/relu-layer/negative-slope", "8", L ("Dense", "d1", ", \"units\": 6") ", " L ("ReLU", "relu", ", \"negative_slope\": 0.1") ", " HEAD, 61 },
  { "/gradcheck/relu-layer/threshold", "8", L ("Dense", "d1", ", \"units\": 6") ", " L ("ReLU", "relu", ", \"threshold\": 0.2") ", " HEAD, 62 },
  { "/gradcheck/relu-layer/all", "8",
    L ("Dense", "d1", ", \"units\": 6") ", " L ("ReLU", "relu", ", \"max_value\": 0.8, \"negative_slope\": 0.2, \"threshold\": 0.1") ", " HEAD, 63 },
  { "/gradcheck/relu-layer/on-input", "3, 4", L ("ReLU", "relu", ", \"max_value\": 0.6, \"negative_slope\": 0.3, \"threshold\": -0.2, \"dtype\": \"float32\"") ", " HEAD, 64 },
  { "/gradcheck/leaky-relu/default", "8", L ("Dense", "d1", ", \"units\": 6") ", " L ("LeakyReLU", "leaky", "") ", " HEAD, 65 },
  { "/gradcheck/leaky-relu/alpha", "8", L ("Dense", "d1", ", \"units\": 6") ", " L ("LeakyReLU", "leaky", ", \"alpha\": 0.1") ", " HEAD, 66 },
  { "/gradcheck/leaky-relu/negative-slope", "3, 4", L ("LeakyReLU", "leaky", ", \"negative_slope\": 0.05") ", " HEAD, 67 },
  { "/gradcheck/activation/gelu-tanh", "8", L ("Dense", "d1", ", \"units\": 6, \"activation\": \"gelu\"") ", " HEAD, 68, TRUE },
  { "/gradcheck/activation/hidden-softmax-dense", "8",
    L ("Dense", "d1", ", \"units\": 6, \"activation\": \"softmax\"") ", " L ("Dense", "d2", ", \"units\": 4, \"activation\": \"softmax\"") ", " HEAD, 69 },
};
/* clang-format on */

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], run_case);

  /* Each activation as an Activation layer on a signal (softmax over its last axis) and as the
   * attribute of a Conv1D and of a Dense layer. */
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  for (gsize a = 0; a < G_N_ELEMENTS (activations); a++)
    {
      const char *act = activations[a];
      Case *tc = g_new0 (Case, 3);
      g_ptr_array_add (owned, tc);
      char *s[6] = {
        g_strdup_printf ("/gradcheck/activation/%s/layer", act),
        g_strdup_printf (L ("Conv1D", "conv", ", \"filters\": 3, \"kernel_size\": 2") ", " L (
                             "Activation", "act", ", \"activation\": \"%s\"") ", " HEAD,
                         act),
        g_strdup_printf ("/gradcheck/activation/%s/conv1d", act),
        g_strdup_printf (
            L ("Conv1D", "conv",
               ", \"filters\": 3, \"kernel_size\": 2, \"activation\": \"%s\"") ", " HEAD,
            act),
        g_strdup_printf ("/gradcheck/activation/%s/dense", act),
        g_strdup_printf (L ("Dense", "d1", ", \"units\": 6, \"activation\": \"%s\"") ", " HEAD,
                         act),
      };
      for (guint k = 0; k < 6; k++)
        g_ptr_array_add (owned, s[k]);
      for (guint k = 0; k < 3; k++)
        {
          tc[k]
              = (Case){ s[2 * k], k == 2 ? "7" : "5, 4", s[2 * k + 1], (guint32)(100 + 3 * a + k) };
          g_test_add_data_func (tc[k].path, &tc[k], run_case);
        }
    }
  g_test_add_func ("/gradcheck/param-grads/accumulate", test_param_grads_accumulate);
  g_test_add_func ("/gradcheck/score/seed-prob", test_score_seed);
  g_test_add_func ("/gradcheck/score/seed-sigmoid", test_score_seed_sigmoid);
  g_test_add_func ("/gradcheck/score/saturated-backward", test_saturated_backward);
  return g_test_run ();
}
