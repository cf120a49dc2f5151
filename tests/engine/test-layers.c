/* test-layers.c — forward values of every layer kind against hand-computed examples and a naive
 * float64 reference (TensorFlow's padding rules), the Keras summary of the shared models,
 * Functional configurations, and the errors for what the engine does not support. */
#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "engine/sl-run.h"
#include "engine/sl-score.h"
#include "sl-test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define L(cls, name, cfg)                                                                          \
  "{\"class_name\": \"" cls "\", \"config\": {\"name\": \"" name "\"" cfg "}}"
/* A head that keeps the model's output a vector, so the layer under test is never the last. */
#define HEAD L ("Flatten", "flatten", "") ", " L ("Dense", "logits", ", \"units\": 1")

static char *
sequential_json (const char *input, const char *layers)
{
  return g_strdup_printf ("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", "
                          "\"layers\": [{\"class_name\": \"InputLayer\", \"config\": "
                          "{\"batch_input_shape\": [null, %s], \"name\": \"input\"}}, %s]}}",
                          input, layers);
}

static SlModel *
build (const char *input, const char *layers)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = sequential_json (input, layers);
  SlModel *model = sl_model_new_from_json (json, "test.h5", &error);
  if (!model)
    g_error ("%s: %s", json, error->message); /* the cases' set-up: fatal */
  return model;
}

/* Runs one sample and returns a copy of layer `layer`'s output. */
static float *
forward (SlModel *model, const float *x, int layer)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRun) run = sl_run_new (model, 1);
  g_assert_true (sl_run_forward (run, x, 1, &error));
  g_assert_no_error (error);
  return g_memdup2 (sl_run_output (run, layer),
                    sl_shape_size (sl_model_shape (model, layer)) * sizeof (float));
}

static void
assert_values (const float *got, const double *want, gsize n, double tol)
{
  for (gsize i = 0; i < n; i++)
    if (fabs (got[i] - want[i]) > tol * (1 + fabs (want[i])))
      {
        g_test_fail_printf ("value %zu: got %.9g, want %.9g", i, got[i], want[i]);
        return;
      }
}

static void
assert_shape (const SlModel *model, int layer, const char *want)
{
  g_autofree char *s = sl_shape_to_string (sl_model_shape (model, layer));
  g_assert_cmpstr (s, ==, want);
}

/* ---- hand-computed examples ---- */

static void
test_conv1d_same_even_kernel (void)
{
  /* k = 4 on 5 samples: TF pads 3 — 1 before, 2 after. Kernel digits make each term visible. */
  g_autoptr (SlModel) m
      = build ("5, 1", L ("Conv1D", "conv",
                          ", \"filters\": 1, \"kernel_size\": 4, \"padding\": \"same\"") ", " HEAD);
  const float k[] = { 1, 10, 100, 1000 }, x[] = { 1, 2, 3, 4, 5 };
  memcpy (m->layers[0].kernel, k, sizeof k);
  assert_shape (m, 0, "(None, 5, 1)");
  g_autofree float *y = forward (m, x, 0);
  assert_values (y, (double[]){ 3210, 4321, 5432, 543, 54 }, 5, 0);
}

static void
test_conv1d_strided_same (void)
{
  const float k[] = { 1, 10, 100 }, x[] = { 1, 2, 3, 4, 5, 6 };
  /* Length 5, stride 2: 3 outputs, pad 1 + 1. */
  g_autoptr (SlModel) a = build (
      "5, 1",
      L ("Conv1D", "conv",
         ", \"filters\": 1, \"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\"") ", " HEAD);
  memcpy (a->layers[0].kernel, k, sizeof k);
  a->layers[0].bias[0] = 0.5f;
  g_autofree float *ya = forward (a, x, 0);
  assert_shape (a, 0, "(None, 3, 1)");
  assert_values (ya, (double[]){ 210.5, 432.5, 54.5 }, 3, 0);
  /* Length 6, stride 2: 3 outputs, pad 0 before, 1 after (the odd pixel goes at the end). */
  g_autoptr (SlModel) b = build (
      "6, 1",
      L ("Conv1D", "conv",
         ", \"filters\": 1, \"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\"") ", " HEAD);
  memcpy (b->layers[0].kernel, k, sizeof k);
  g_autofree float *yb = forward (b, x, 0);
  assert_values (yb, (double[]){ 321, 543, 65 }, 3, 0);
}

static void
test_conv1d_dilated_valid (void)
{
  g_autoptr (SlModel) m
      = build ("5, 1", L ("Conv1D", "conv",
                          ", \"filters\": 1, \"kernel_size\": 2, \"dilation_rate\": 2") ", " HEAD);
  const float k[] = { 1, 10 }, x[] = { 1, 2, 3, 4, 5 };
  memcpy (m->layers[0].kernel, k, sizeof k);
  g_autofree float *y = forward (m, x, 0);
  assert_shape (m, 0, "(None, 3, 1)");
  assert_values (y, (double[]){ 31, 42, 53 }, 3, 0);
}

/* Keras' kernel order (kh, kw, cin, cout) and channels-last inputs. */
static void
test_conv2d_kernel_order (void)
{
  g_autoptr (SlModel) m = build (
      "2, 2, 2", L ("Conv2D", "conv", ", \"filters\": 2, \"kernel_size\": [2, 2]") ", " HEAD);
  float *k = m->layers[0].kernel;
  /* kernel[ky][kx][ci][co]: output 0 reads (ky=0,kx=1,ci=1), output 1 reads (ky=1,kx=0,ci=0) ×2. */
  memset (k, 0, 16 * sizeof (float));
  k[((0 * 2 + 1) * 2 + 1) * 2 + 0] = 1;
  k[((1 * 2 + 0) * 2 + 0) * 2 + 1] = 2;
  m->layers[0].bias[1] = -1;
  /* x[y][x][c] = 10·(2y + x) + c */
  const float x[] = { 0, 1, 10, 11, 20, 21, 30, 31 };
  g_autofree float *y = forward (m, x, 0);
  assert_shape (m, 0, "(None, 1, 1, 2)");
  assert_values (y, (double[]){ 11, 39 }, 2, 0);
}

static void
test_pool_examples (void)
{
  /* Average pooling excludes padding: windows [1,2], [2,3], [3]. */
  g_autoptr (SlModel) avg
      = build ("3, 1", L ("AveragePooling1D", "pool",
                          ", \"pool_size\": 2, \"strides\": 1, \"padding\": \"same\"") ", " HEAD);
  g_autofree float *ya = forward (avg, (float[]){ 1, 2, 3 }, 0);
  assert_values (ya, (double[]){ 1.5, 2.5, 3 }, 3, 0);
  /* Pool 3, stride 2, same, length 4: pad 0 before and 1 after; windows [1,2,3] and [3,4]. */
  g_autoptr (SlModel) avg2
      = build ("4, 1", L ("AveragePooling1D", "pool",
                          ", \"pool_size\": 3, \"strides\": 2, \"padding\": \"same\"") ", " HEAD);
  g_autofree float *yb = forward (avg2, (float[]){ 1, 2, 3, 4 }, 0);
  assert_values (yb, (double[]){ 2, 3.5 }, 2, 0);
  /* Max pooling never sees the padding as a zero. */
  g_autoptr (SlModel) mx = build (
      "3, 1", L ("MaxPooling1D", "pool", ", \"pool_size\": 2, \"padding\": \"same\"") ", " HEAD);
  g_autofree float *yc = forward (mx, (float[]){ -3, -1, -2 }, 0);
  assert_shape (mx, 0, "(None, 2, 1)");
  assert_values (yc, (double[]){ -1, -2 }, 2, 0);
  /* Valid pooling drops the incomplete window; strides default to the pool size. */
  g_autoptr (SlModel) mv = build (
      "5, 2", L ("MaxPooling1D", "pool", ", \"pool_size\": 2, \"strides\": null") ", " HEAD);
  g_autofree float *yd = forward (mv, (float[]){ 1, 9, 2, 8, 3, 7, 4, 6, 99, 99 }, 0);
  assert_shape (mv, 0, "(None, 2, 2)");
  assert_values (yd, (double[]){ 2, 9, 4, 7 }, 4, 0);
  /* 2-D, same, 3×3 stride 2 on 4×4: pad 0 before and 1 after on both axes. */
  g_autoptr (SlModel) m2
      = build ("4, 4, 1",
               L ("MaxPooling2D", "pool",
                  ", \"pool_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\"") ", " HEAD);
  float x[16];
  for (int i = 0; i < 16; i++)
    x[i] = (float)((i * 7) % 16); /* a permutation of 0..15 */
  g_autofree float *ye = forward (m2, x, 0);
  assert_shape (m2, 0, "(None, 2, 2, 1)");
  /* rows 0-2 × cols 0-2, rows 0-2 × cols 2-3, rows 2-3 × cols 0-2, rows 2-3 × cols 2-3 */
  double want[4];
  const int win[4][4] = { { 0, 3, 0, 3 }, { 0, 3, 2, 4 }, { 2, 4, 0, 3 }, { 2, 4, 2, 4 } };
  for (int o = 0; o < 4; o++)
    {
      want[o] = -1;
      for (int r = win[o][0]; r < win[o][1]; r++)
        for (int c = win[o][2]; c < win[o][3]; c++)
          want[o] = fmax (want[o], x[r * 4 + c]);
    }
  assert_values (ye, want, 4, 0);
  /* Average 2-D, same, 2×2 stride 2 on 3×3: corner windows shrink to 2, 2 and 1 values. */
  g_autoptr (SlModel) a2
      = build ("3, 3, 1", L ("AveragePooling2D", "pool",
                             ", \"pool_size\": 2, \"padding\": \"same\"") ", " HEAD);
  g_autofree float *yf = forward (a2, (float[]){ 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 0);
  assert_values (yf, (double[]){ 3, 4.5, 7.5, 9 }, 4, 0);
}

static void
test_global_pools (void)
{
  const float x[] = { 1, -1, 2, -2, 3, -3, 4, -8 }; /* 2×2×2 */
  g_autoptr (SlModel) gap = build ("2, 2, 2", L ("GlobalAveragePooling2D", "gap", "") ", " HEAD);
  g_autofree float *y1 = forward (gap, x, 0);
  assert_shape (gap, 0, "(None, 2)");
  assert_values (y1, (double[]){ 2.5, -3.5 }, 2, 1e-7);
  g_autoptr (SlModel) gmp
      = build ("2, 2, 2", L ("GlobalMaxPooling2D", "gmp", ", \"keepdims\": true") ", " HEAD);
  g_autofree float *y2 = forward (gmp, x, 0);
  assert_shape (gmp, 0, "(None, 1, 1, 2)");
  assert_values (y2, (double[]){ 4, -1 }, 2, 0);
  g_autoptr (SlModel) g1 = build ("4, 2", L ("GlobalMaxPooling1D", "gmp", "") ", " HEAD);
  g_autofree float *y3 = forward (g1, x, 0);
  assert_values (y3, (double[]){ 4, -1 }, 2, 0);
  g_autoptr (SlModel) g1a
      = build ("4, 2", L ("GlobalAveragePooling1D", "gap", ", \"keepdims\": true") ", " HEAD);
  assert_shape (g1a, 0, "(None, 1, 2)");
}

static void
test_dense_examples (void)
{
  /* Over the last axis of a (2, 3) input: each row separately. */
  g_autoptr (SlModel) m = build ("2, 3", L ("Dense", "d", ", \"units\": 2") ", " HEAD);
  const float k[] = { 1, 0, 0, 1, 1, 1 }; /* 3 × 2 */
  memcpy (m->layers[0].kernel, k, sizeof k);
  m->layers[0].bias[0] = 0.5f, m->layers[0].bias[1] = -0.5f;
  g_autofree float *y = forward (m, (float[]){ 1, 2, 3, 4, 5, 6 }, 0);
  assert_shape (m, 0, "(None, 2, 2)");
  assert_values (y, (double[]){ 4.5, 4.5, 10.5, 10.5 }, 4, 0);
  g_assert_cmpuint (m->layers[0].n_params, ==, 8);
}

static void
test_batchnorm_example (void)
{
  g_autoptr (SlModel) m = build (
      "2, 2", L ("BatchNormalization", "bn", ", \"axis\": [2], \"epsilon\": 0.5") ", " HEAD);
  SlLayer *l = &m->layers[0];
  l->gamma[0] = 2, l->gamma[1] = -1;
  l->beta[0] = 1, l->beta[1] = 0;
  l->moving_mean[0] = 3, l->moving_mean[1] = -1;
  l->moving_var[0] = 3.5f, l->moving_var[1] = 0.5f;
  sl_layer_prepare (l);
  g_autofree float *y = forward (m, (float[]){ 5, 0, 1, 1 }, 0);
  /* γ (x − μ) / √(σ² + ε) + β: √4 = 2 and √1 = 1 */
  assert_values (y, (double[]){ 3, -1, -1, -2 }, 4, 1e-6);
  g_assert_cmpuint (l->n_params, ==, 8);
}

/* Keras counts only the weights a BatchNormalization has: scale=False or center=False drop γ or β.
 */
static void
test_batchnorm_params (void)
{
  g_autoptr (SlModel) m = build (
      "4, 3", L ("BatchNormalization", "bn", ", \"center\": false") ", " L (
                  "BatchNormalization", "bn2", ", \"scale\": false, \"center\": false") ", " HEAD);
  g_assert_cmpuint (m->layers[0].n_params, ==, 9);
  g_assert_cmpuint (m->layers[1].n_params, ==, 6);
  g_autofree char *text = sl_model_summary_text (m);
  g_assert_nonnull (strstr (text, "Total params: 28\n"));         /* 9 + 6 + 13 */
  g_assert_nonnull (strstr (text, "Non-trainable params: 12\n")); /* the moving statistics */
}

static void
test_zero_padding_and_reshape (void)
{
  g_autoptr (SlModel) m
      = build ("1, 2, 1", L ("ZeroPadding2D", "pad", ", \"padding\": [[1, 0], [0, 2]]") ", " HEAD);
  assert_shape (m, 0, "(None, 2, 4, 1)");
  g_autofree float *y = forward (m, (float[]){ 7, 8 }, 0);
  assert_values (y, (double[]){ 0, 0, 0, 0, 7, 8, 0, 0 }, 8, 0);
  g_autoptr (SlModel) p1 = build ("2, 1", L ("ZeroPadding1D", "pad", ", \"padding\": 2") ", " HEAD);
  assert_shape (p1, 0, "(None, 6, 1)");
  g_autofree float *y1 = forward (p1, (float[]){ 7, 8 }, 0);
  assert_values (y1, (double[]){ 0, 0, 7, 8, 0, 0 }, 6, 0);
  g_autoptr (SlModel) r
      = build ("6", L ("Reshape", "reshape", ", \"target_shape\": [3, -1]") ", " HEAD);
  assert_shape (r, 0, "(None, 3, 2)");
  assert_shape (r, 1, "(None, 6)");
}

/* Activations, forward, on values that reach each branch; float64 expectations. */
static void
check_activation (const char *layer_json, const float *x, const double *want, gsize n)
{
  g_autofree char *in = g_strdup_printf ("%zu", n);
  g_autofree char *layers
      = g_strdup_printf ("%s, " L ("Dense", "logits", ", \"units\": 1"), layer_json);
  g_autoptr (SlModel) m = build (in, layers);
  g_autofree float *y = forward (m, x, 0);
  for (gsize i = 0; i < n; i++)
    if (fabs (y[i] - want[i]) > 1e-6 * (1 + fabs (want[i])))
      g_test_fail_printf ("%s: x = %g gives %.9g, want %.9g", layer_json, x[i], y[i], want[i]);
}

static void
test_activations (void)
{
  const float x[] = { -3, -0.5f, 0, 0.25f, 2, 30, -100 };
  const gsize n = G_N_ELEMENTS (x);
  const double a = 1.6732632423543772848170429916717, s = 1.0507009873554804934193349852946;
  double want[12][G_N_ELEMENTS (x)];
  for (gsize i = 0; i < n; i++)
    {
      const double v = x[i], sig = 1 / (1 + exp (-v));
      want[0][i] = v;
      want[1][i] = fmax (v, 0);
      want[2][i] = sig;
      want[3][i] = tanh (v);
      want[4][i] = 0; /* softmax: below */
      want[5][i] = v > 0 ? v : expm1 (v);
      want[6][i] = v > 0 ? s * v : s * a * expm1 (v);
      want[7][i] = log1p (exp (v));
      want[8][i] = v * sig;
      want[9][i] = v * sig;
      want[10][i] = 0.5 * v * (1 + erf (v / sqrt (2)));
      want[11][i] = v > 0 ? v : 0.2 * v;
    }
  double m = -INFINITY, sum = 0;
  for (gsize i = 0; i < n; i++)
    m = fmax (m, x[i]);
  for (gsize i = 0; i < n; i++)
    sum += exp (x[i] - m);
  for (gsize i = 0; i < n; i++)
    want[4][i] = exp (x[i] - m) / sum;
  const char *names[] = { "linear", "relu",     "sigmoid", "tanh", "softmax", "elu",
                          "selu",   "softplus", "swish",   "silu", "gelu",    "leaky_relu" };
  for (gsize k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_autofree char *layer
          = g_strdup_printf (L ("Activation", "act", ", \"activation\": \"%s\""), names[k]);
      check_activation (layer, x, want[k], n);
    }
}

/* The ReLU layer follows keras.backend.relu: x·[x > threshold], then clipped to [0, max_value] when
 * there is one, minus negative_slope·relu(threshold − x). */
static double
keras_relu (double x, double alpha, double max_value, double threshold)
{
  double y = threshold != 0 ? (x > threshold ? x : 0) : fmax (x, 0);
  if (isfinite (max_value))
    y = fmin (fmax (y, 0), max_value);
  if (alpha != 0)
    y -= alpha * fmax (threshold - x, 0);
  return y;
}

static void
test_relu_layers (void)
{
  const float x[] = { -2, -0.3f, -0.1f, 0.1f, 0.3f, 0.7f, 1.5f };
  const gsize n = G_N_ELEMENTS (x);
  const struct
  {
    const char *cfg;
    double alpha, max_value, threshold;
  } cases[] = {
    { "", 0, INFINITY, 0 },
    { ", \"max_value\": 0.5", 0, 0.5, 0 },
    { ", \"negative_slope\": 0.1", 0.1, INFINITY, 0 },
    { ", \"threshold\": 0.2", 0, INFINITY, 0.2 },
    { ", \"negative_slope\": 0.1, \"threshold\": 0.2", 0.1, INFINITY, 0.2 },
    { ", \"max_value\": 1.0, \"negative_slope\": 0.2, \"threshold\": 0.2", 0.2, 1.0, 0.2 },
    { ", \"max_value\": null, \"threshold\": -0.2", 0, INFINITY, -0.2 },
    /* A negative threshold with a cap: Keras clips the kept values at 0 too. */
    { ", \"max_value\": 1.0, \"threshold\": -0.2", 0, 1.0, -0.2 },
    { ", \"max_value\": 1.0, \"negative_slope\": 0.5, \"threshold\": -0.2", 0.5, 1.0, -0.2 },
  };
  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      double want[G_N_ELEMENTS (x)];
      for (gsize i = 0; i < n; i++)
        want[i] = keras_relu (x[i], cases[c].alpha, cases[c].max_value, cases[c].threshold);
      g_autofree char *layer = g_strdup_printf (L ("ReLU", "relu", "%s"), cases[c].cfg);
      check_activation (layer, x, want, n);
    }
  double leaky[G_N_ELEMENTS (x)], leaky1[G_N_ELEMENTS (x)];
  for (gsize i = 0; i < n; i++)
    {
      leaky[i] = x[i] > 0 ? x[i] : 0.3 * x[i];
      leaky1[i] = x[i] > 0 ? x[i] : 0.1 * x[i];
    }
  check_activation (L ("LeakyReLU", "leaky", ""), x, leaky, n);
  check_activation (L ("LeakyReLU", "leaky", ", \"alpha\": 0.1"), x, leaky1, n);
  check_activation (L ("LeakyReLU", "leaky", ", \"negative_slope\": 0.1"), x, leaky1, n);
}

/* Extreme arguments stay finite and exact. */
static void
test_activation_extremes (void)
{
  const float x[] = { -200, -90, 90, 200 };
  check_activation (L ("Activation", "a", ", \"activation\": \"sigmoid\""), x,
                    (double[]){ 0, 1 / (1 + exp (90.0)), 1, 1 }, 4);
  check_activation (L ("Activation", "a", ", \"activation\": \"softplus\""), x,
                    (double[]){ 0, log1p (exp (-90.0)), 90, 200 }, 4);
  check_activation (L ("Activation", "a", ", \"activation\": \"tanh\""), x,
                    (double[]){ -1, -1, 1, 1 }, 4);
  check_activation (L ("Activation", "a", ", \"activation\": \"elu\""), x,
                    (double[]){ -1, -1, 90, 200 }, 4);
  check_activation (L ("Activation", "a", ", \"activation\": \"swish\""), x,
                    (double[]){ 0, -90 / (1 + exp (90.0)), 90, 200 }, 4);
  check_activation (L ("Activation", "a", ", \"activation\": \"gelu\""), x,
                    (double[]){ 0, 0, 90, 200 }, 4);
}

/* ---- a naive float64 reference for every window geometry ---- */

typedef struct
{
  gsize in, k, s, d, out, pad;
} Axis;

static gboolean
tf_axis (gsize in, gsize k, gsize s, gsize d, gboolean same, Axis *a)
{
  const gsize span = (k - 1) * d + 1;
  *a = (Axis){ in, k, s, d, 0, 0 };
  if (same)
    {
      a->out = (in + s - 1) / s;
      const gssize total = (gssize)((a->out - 1) * s + span) - (gssize)in;
      a->pad = total > 0 ? (gsize)total / 2 : 0;
      return TRUE;
    }
  if (in < span)
    return FALSE;
  a->out = (in - span) / s + 1;
  return TRUE;
}

static void
reference_window_op (int op, const Axis *ay, const Axis *ax, gsize cin, gsize cout, const float *x,
                     const float *kernel, const float *bias, double *y)
{
  for (gsize oy = 0; oy < ay->out; oy++)
    for (gsize ox = 0; ox < ax->out; ox++)
      for (gsize co = 0; co < cout; co++)
        {
          double acc = op == 0 ? bias[co] : op == 1 ? -INFINITY : 0;
          gsize count = 0;
          for (gsize ky = 0; ky < ay->k; ky++)
            for (gsize kx = 0; kx < ax->k; kx++)
              {
                const gssize iy = (gssize)(oy * ay->s + ky * ay->d) - (gssize)ay->pad;
                const gssize ix = (gssize)(ox * ax->s + kx * ax->d) - (gssize)ax->pad;
                if (iy < 0 || ix < 0 || iy >= (gssize)ay->in || ix >= (gssize)ax->in)
                  continue;
                const float *px = x + ((gsize)iy * ax->in + (gsize)ix) * cin;
                count++;
                if (op == 0)
                  for (gsize ci = 0; ci < cin; ci++)
                    acc += (double)px[ci] * kernel[((ky * ax->k + kx) * cin + ci) * cout + co];
                else if (op == 1)
                  acc = fmax (acc, px[co]);
                else
                  acc += px[co];
              }
          y[(oy * ax->out + ox) * cout + co] = op == 2 ? acc / (double)count : acc;
        }
}

/* op 0: convolution, 1: max pooling, 2: average pooling; `filters` of the convolutions (16 and 32
 * take the direct path where the CPU has AVX2 or AVX-512). */
static void
sweep_windows (int op, gsize filters)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (42 + op);
  const char *cls2[] = { "Conv2D", "MaxPooling2D", "AveragePooling2D" };
  const char *cls1[] = { "Conv1D", "MaxPooling1D", "AveragePooling1D" };
  guint tried = 0;
  for (guint dims = 1; dims <= 2; dims++)
    for (gsize in = 4; in <= 7; in++)
      for (gsize k = 1; k <= 4; k++)
        for (gsize s = 1; s <= 3; s++)
          for (gsize d = 1; d <= (op == 0 && s == 1 ? 3u : 1u); d++)
            for (int same = 0; same <= 1; same++)
              {
                const gsize h = dims == 2 ? in + 1 : 1, w = in, cin = 2,
                            cout = op == 0 ? filters : cin;
                const gsize kh = dims == 2 ? (k % 3) + 1 : 1;
                Axis ay, ax;
                if (!tf_axis (h, kh, dims == 2 ? s : 1, dims == 2 ? d : 1, same, &ay)
                    || !tf_axis (w, k, s, d, same, &ax))
                  continue;
                g_autofree char *dil
                    = op != 0     ? g_strdup ("")
                      : dims == 2 ? g_strdup_printf (
                            "\"filters\": %zu, \"dilation_rate\": [%zu, %zu], ", filters, d, d)
                                  : g_strdup_printf ("\"filters\": %zu, \"dilation_rate\": %zu, ",
                                                     filters, d);
                const char *size_key = op == 0 ? "kernel_size" : "pool_size";
                const char *pad = same ? "same" : "valid";
                g_autofree char *cfg
                    = dims == 2
                          ? g_strdup_printf (
                              "\"%s\": [%zu, %zu], \"strides\": [%zu, %zu], %s\"padding\": \"%s\"",
                              size_key, kh, k, s, s, dil, pad)
                          : g_strdup_printf ("\"%s\": %zu, \"strides\": %zu, %s\"padding\": \"%s\"",
                                             size_key, k, s, dil, pad);
                g_autofree char *input = dims == 2 ? g_strdup_printf ("%zu, %zu, %zu", h, w, cin)
                                                   : g_strdup_printf ("%zu, %zu", w, cin);
                g_autofree char *layers = g_strdup_printf (
                    "{\"class_name\": \"%s\", \"config\": {\"name\": \"op\", %s}}, " HEAD,
                    dims == 2 ? cls2[op] : cls1[op], cfg);
                g_autoptr (SlModel) m = build (input, layers);
                const SlLayer *l = &m->layers[0];
                const gsize xs = h * w * cin;
                g_autofree float *x = g_new (float, xs);
                for (gsize i = 0; i < xs; i++)
                  x[i] = (float)g_rand_double_range (rng, -1, 1);
                if (op == 0)
                  {
                    for (gsize i = 0; i < kh * k * cin * cout; i++)
                      l->kernel[i] = (float)g_rand_double_range (rng, -1, 1);
                    for (gsize i = 0; i < cout; i++)
                      l->bias[i] = (float)g_rand_double_range (rng, -1, 1);
                  }
                g_autofree double *want = g_new (double, ay.out *ax.out *cout);
                reference_window_op (op, &ay, &ax, cin, cout, x, l->kernel, l->bias, want);
                const SlShape expect = dims == 2 ? (SlShape){ 3, { ay.out, ax.out, cout } }
                                                 : (SlShape){ 2, { ax.out, cout } };
                if (!sl_shape_equal (&l->out, &expect))
                  g_error ("%s: output shape differs from TensorFlow's", layers);
                g_autofree float *y = forward (m, x, 0);
                for (gsize i = 0; i < ay.out * ax.out * cout; i++)
                  if (fabs (y[i] - want[i]) > 1e-5 * (1 + fabs (want[i])))
                    g_error ("%s on %s: output %zu is %.7g, want %.7g", layers, input, i, y[i],
                             want[i]);
                tried++;
              }
  g_test_message ("%u geometries", tried);
  g_assert_cmpuint (tried, >, 100);
}

static void
test_conv_reference (void)
{
  sweep_windows (0, 3);
}

static void
test_conv_reference_direct (void)
{
  sweep_windows (0, 16);
  sweep_windows (0, 32);
}

static void
test_max_pool_reference (void)
{
  sweep_windows (1, 0);
}

static void
test_avg_pool_reference (void)
{
  sweep_windows (2, 0);
}

/* ---- what the model hands to the score: the logits ---- */

/* The final activation is applied apart, but only the last one: a hidden activation before a
 * trailing Activation layer stays in the network. */
static void
test_final_activation_split (void)
{
  g_autoptr (SlModel) m
      = build ("3", L ("Dense", "d", ", \"units\": 3, \"activation\": \"relu\"") ", " L (
                        "Activation", "act", ", \"activation\": \"softmax\""));
  for (int i = 0; i < 3; i++)
    m->layers[0].kernel[i * 3 + i] = 1; /* identity */
  g_assert_cmpint (m->final_act.kind, ==, SL_ACT_SOFTMAX);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRun) run = sl_run_new (m, 1);
  g_assert_true (sl_run_forward (run, (float[]){ -1, 0.5f, 2 }, 1, &error));
  assert_values (sl_run_logits (run), (double[]){ 0, 0.5, 2 }, 3, 0);

  g_autoptr (SlModel) two
      = build ("3", L ("Dense", "d", ", \"units\": 3") ", " L (
                        "Activation", "a1",
                        ", \"activation\": \"relu\"") ", " L ("Activation", "a2",
                                                              ", \"activation\": \"softmax\""));
  for (int i = 0; i < 3; i++)
    two->layers[0].kernel[i * 3 + i] = 1;
  g_assert_cmpint (two->final_act.kind, ==, SL_ACT_SOFTMAX);
  g_autoptr (SlRun) run2 = sl_run_new (two, 1);
  g_assert_true (sl_run_forward (run2, (float[]){ -1, 0.5f, 2 }, 1, &error));
  assert_values (sl_run_logits (run2), (double[]){ 0, 0.5, 2 }, 3, 0);

  /* The usual case: Dense(softmax) and Dense + Activation(softmax) give the pre-softmax logits. */
  g_autoptr (SlModel) usual
      = build ("3", L ("Dense", "d", ", \"units\": 3, \"activation\": \"softmax\"") ", " L (
                        "Dropout", "drop", ""));
  g_assert_cmpint (usual->final_act.kind, ==, SL_ACT_SOFTMAX);
  g_assert_cmpint (usual->layers[0].act.kind, ==, SL_ACT_LINEAR);
}

/* A model whose last layer does not output a vector (per-position scores) cannot be scored as
 * n × classes logits; it must be refused, not back-propagated from a half-filled buffer. */
static void
test_output_not_vector (void)
{
  const char *tails[] = {
    L ("Conv1D", "conv", ", \"filters\": 3, \"kernel_size\": 3, \"activation\": \"softmax\""),
    L ("Dense", "dense", ", \"units\": 3"),
  };
  for (gsize t = 0; t < G_N_ELEMENTS (tails); t++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *json = sequential_json ("8, 2", tails[t]);
      g_autoptr (SlModel) m = sl_model_new_from_json (json, "seg.h5", &error);
      if (m)
        {
          g_autofree char *shape = sl_shape_to_string (sl_model_shape (m, (int)m->n_layers - 1));
          g_test_fail_printf ("a model whose output is %s loads with %u 'classes'", shape,
                              m->n_classes);
          continue;
        }
      g_assert_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, "seg.h5"));
    }
}

/* Layers that need a given rank refuse another one, as Keras' input_spec does. A ZeroPadding2D on a
 * (length, channels) input wrote rows past the end of its output (found by fuzz-model-config). */
static void
test_rank_mismatch (void)
{
  const struct
  {
    const char *input, *layer;
  } cases[] = {
    { "4, 3", L ("ZeroPadding2D", "pad", ", \"padding\": [1, 2]") },
    { "4, 3", L ("ZeroPadding2D", "pad", ", \"padding\": 1") },
    { "4, 4, 3", L ("ZeroPadding1D", "pad", ", \"padding\": 1") },
    { "4, 4, 3", L ("GlobalAveragePooling1D", "gap", "") },
    { "4, 4, 3", L ("GlobalMaxPooling1D", "gmp", "") },
    { "4, 3", L ("GlobalAveragePooling2D", "gap", "") },
    { "4, 3", L ("GlobalMaxPooling2D", "gmp", "") },
    { "4, 4, 3", L ("MaxPooling1D", "pool", ", \"pool_size\": 2") },
    { "4, 3", L ("Conv2D", "conv", ", \"filters\": 2, \"kernel_size\": 1") },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *layers = g_strdup_printf ("%s, " HEAD, cases[i].layer);
      g_autofree char *json = sequential_json (cases[i].input, layers);
      g_autoptr (GError) error = NULL;
      g_autoptr (SlModel) m = sl_model_new_from_json (json, "rank.h5", &error);
      if (m)
        {
          g_test_message ("accepted on (None, %s): %s", cases[i].input, cases[i].layer);
          g_test_fail_printf ("accepted on an input of shape (None, %s): %s", cases[i].input,
                              cases[i].layer);
          continue;
        }
      g_assert_nonnull (strstr (error->message, "rank.h5"));
    }
}

/* ---- the shared models' summaries ---- */

/* clang-format off */
static const char mnist1d_summary[] =
  "Model: \"sequential\"\n"
  "_________________________________________________________________\n"
  "Layer (type)                 Output Shape              Param #\n"
  "=================================================================\n"
  "conv1d (Conv1D)              (None, 40, 25)            150\n"
  "_________________________________________________________________\n"
  "conv1d_1 (Conv1D)            (None, 40, 25)            1900\n"
  "_________________________________________________________________\n"
  "conv1d_2 (Conv1D)            (None, 40, 25)            1900\n"
  "_________________________________________________________________\n"
  "flatten (Flatten)            (None, 1000)              0\n"
  "_________________________________________________________________\n"
  "dense (Dense)                (None, 10)                10010\n"
  "=================================================================\n"
  "Total params: 13,960\n"
  "Trainable params: 13,960\n"
  "Non-trainable params: 0\n"
  "_________________________________________________________________\n";
/* clang-format on */

/* As Keras 2.4 prints it: a column keeps 28 characters and a space (print_row overwrites the
 * last character of each column with a blank), and per-layer counts have no separators. */
/* clang-format off */
static const char hmt_summary[] =
  "Model: \"sequential\"\n"
  "_________________________________________________________________\n"
  "Layer (type)                 Output Shape              Param #\n"
  "=================================================================\n"
  "conv2d (Conv2D)              (None, 224, 224, 32)      896\n"
  "_________________________________________________________________\n"
  "conv2d_1 (Conv2D)            (None, 224, 224, 32)      9248\n"
  "_________________________________________________________________\n"
  "max_pooling2d (MaxPooling2D) (None, 112, 112, 32)      0\n"
  "_________________________________________________________________\n"
  "conv2d_2 (Conv2D)            (None, 112, 112, 64)      18496\n"
  "_________________________________________________________________\n"
  "conv2d_3 (Conv2D)            (None, 112, 112, 64)      36928\n"
  "_________________________________________________________________\n"
  "max_pooling2d_1 (MaxPooling2 (None, 56, 56, 64)        0\n"
  "_________________________________________________________________\n"
  "global_average_pooling2d (Gl (None, 64)                0\n"
  "_________________________________________________________________\n"
  "dense (Dense)                (None, 8)                 520\n"
  "=================================================================\n"
  "Total params: 66,088\n"
  "Trainable params: 66,088\n"
  "Non-trainable params: 0\n"
  "_________________________________________________________________\n";
/* clang-format on */

/* Keras pads every line to 65 columns; compare without trailing blanks. */
static char *
strip_trailing_blanks (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    g_strchomp (lines[i]);
  return g_strjoinv ("\n", lines);
}

typedef struct
{
  const char *name, *type, *shape;
  gint64 params;
} LayerRow;

static void
check_summary (const char *file, const char *text_want, const LayerRow *rows, guint n_rows,
               gint64 total)
{
  g_autofree char *path = sl_test_shared (file);
  if (!path)
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) m = sl_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (m->total_params, ==, (gsize)total);
  g_assert_cmpstr (m->class_name, ==, "Sequential");
  g_assert_cmpuint (m->n_layers, ==, n_rows);
  g_autofree char *text = sl_model_summary_text (m);
  g_autofree char *got = strip_trailing_blanks (text);
  g_autofree char *want = strip_trailing_blanks (text_want);
  if (g_strcmp0 (got, want) != 0)
    g_test_fail_printf ("%s: summary differs from Keras'.\n--- got\n%s\n--- want\n%s", file, got,
                        want);

  g_autoptr (JsonNode) node = sl_model_summary_json (m);
  JsonObject *o = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (o, "total_params"), ==, total);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "sequential");
  JsonArray *layers = json_object_get_array_member (o, "layers");
  g_assert_cmpuint (json_array_get_length (layers), ==, n_rows);
  gint64 sum = 0;
  for (guint i = 0; i < n_rows; i++)
    {
      JsonObject *lo = json_array_get_object_element (layers, i);
      g_assert_cmpstr (json_object_get_string_member (lo, "name"), ==, rows[i].name);
      g_assert_cmpstr (json_object_get_string_member (lo, "type"), ==, rows[i].type);
      g_assert_cmpint (json_object_get_int_member (lo, "params"), ==, rows[i].params);
      sum += json_object_get_int_member (lo, "params");
      /* output_shape is [null, d…] — the same dimensions as "(None, d…)". */
      JsonArray *shape = json_object_get_array_member (lo, "output_shape");
      GString *s = g_string_new ("(None");
      g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (shape, 0)));
      for (guint d = 1; d < json_array_get_length (shape); d++)
        g_string_append_printf (s, ", %" G_GINT64_FORMAT, json_array_get_int_element (shape, d));
      g_string_append_c (s, ')');
      g_assert_cmpstr (s->str, ==, rows[i].shape);
      g_string_free (s, TRUE);
    }
  g_assert_cmpint (sum, ==, total);
}

/* clang-format off */
static const LayerRow mnist1d_rows[] = {
  { "conv1d", "Conv1D", "(None, 40, 25)", 150 },     { "conv1d_1", "Conv1D", "(None, 40, 25)", 1900 },
  { "conv1d_2", "Conv1D", "(None, 40, 25)", 1900 },  { "flatten", "Flatten", "(None, 1000)", 0 },
  { "dense", "Dense", "(None, 10)", 10010 },
};
/* clang-format on */

/* clang-format off */
static const LayerRow hmt_rows[] = {
  { "conv2d", "Conv2D", "(None, 224, 224, 32)", 896 },
  { "conv2d_1", "Conv2D", "(None, 224, 224, 32)", 9248 },
  { "max_pooling2d", "MaxPooling2D", "(None, 112, 112, 32)", 0 },
  { "conv2d_2", "Conv2D", "(None, 112, 112, 64)", 18496 },
  { "conv2d_3", "Conv2D", "(None, 112, 112, 64)", 36928 },
  { "max_pooling2d_1", "MaxPooling2D", "(None, 56, 56, 64)", 0 },
  { "global_average_pooling2d", "GlobalAveragePooling2D", "(None, 64)", 0 },
  { "dense", "Dense", "(None, 8)", 520 },
};
/* clang-format on */

static void
test_summary_mnist1d (void)
{
  check_summary ("models/MNIST1D.h5", mnist1d_summary, mnist1d_rows, G_N_ELEMENTS (mnist1d_rows),
                 13960);
}

static void
test_summary_hmt (void)
{
  check_summary ("models/HMT.h5", hmt_summary, hmt_rows, G_N_ELEMENTS (hmt_rows), 66088);
}

static void
test_summary_keras280 (void)
{
  check_summary ("models/HMT_retrained_keras280.h5", hmt_summary, hmt_rows, G_N_ELEMENTS (hmt_rows),
                 66088);
}

/* ---- Functional configurations ---- */

#define FN_LAYER(cls, name, cfg, inbound)                                                          \
  "{\"class_name\": \"" cls "\", \"name\": \"" name "\", \"config\": {\"name\": \"" name "\"" cfg  \
  "}, \"inbound_nodes\": " inbound "}"
#define FROM(src) "[[[\"" src "\", 0, 0, {}]]]"

/* clang-format off */
static const char *const chain_layers[] = {
  FN_LAYER ("InputLayer", "input_1", ", \"batch_input_shape\": [null, 8, 2], \"dtype\": \"float32\"", "[]"),
  FN_LAYER ("Conv1D", "conv1d", ", \"filters\": 3, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\"", FROM ("input_1")),
  FN_LAYER ("MaxPooling1D", "pool", ", \"pool_size\": 2", FROM ("conv1d")),
  FN_LAYER ("Flatten", "flatten", "", FROM ("pool")),
  FN_LAYER ("Dense", "dense", ", \"units\": 4, \"activation\": \"softmax\"", FROM ("flatten")),
};
/* clang-format on */

static char *
functional_json (const char *const *layers, guint n)
{
  g_autofree char *joined = g_strjoinv (", ", (char **)layers);
  (void)n;
  return g_strdup_printf (
      "{\"class_name\": \"Functional\", \"config\": {\"name\": \"model\", \"layers\": [%s], "
      "\"input_layers\": [[\"input_1\", 0, 0]], \"output_layers\": [[\"dense\", 0, 0]]}, "
      "\"keras_version\": \"2.4.0\", \"backend\": \"tensorflow\"}",
      joined);
}

static void
test_functional_chain (void)
{
  const char *layers[G_N_ELEMENTS (chain_layers) + 1] = { NULL };
  memcpy (layers, chain_layers, sizeof chain_layers);
  g_autofree char *json = functional_json (layers, G_N_ELEMENTS (chain_layers));
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) m = sl_model_new_from_json (json, "functional.h5", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (m->class_name, ==, "Functional");
  g_assert_cmpstr (m->input_layer_name, ==, "input_1");
  g_assert_cmpuint (m->n_layers, ==, 4);
  g_assert_cmpstr (m->layers[0].name, ==, "conv1d");
  g_assert_cmpstr (m->layers[3].name, ==, "dense");
  g_assert_cmpuint (m->n_classes, ==, 4);
  g_assert_cmpint (m->final_act.kind, ==, SL_ACT_SOFTMAX);
  g_autofree char *text = sl_model_summary_text (m);
  g_assert_nonnull (strstr (text, "input_1 (InputLayer)"));
  g_assert_nonnull (strstr (text, "Total params: 73\n")); /* 3·2·3 + 3 + 12·4 + 4 */

  /* The same graph listed out of order (the chain is followed, not the list) runs the same. */
  const char *shuffled[] = { chain_layers[3], chain_layers[1], chain_layers[4],
                             chain_layers[0], chain_layers[2], NULL };
  g_autofree char *json2 = functional_json (shuffled, 5);
  g_autoptr (SlModel) m2 = sl_model_new_from_json (json2, "functional.h5", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < m->n_layers; i++)
    g_assert_cmpstr (m2->layers[i].name, ==, m->layers[i].name);

  /* And equals its Sequential twin with the same weights. */
  g_autoptr (SlModel) seq = build (
      "8, 2", L ("Conv1D", "conv1d",
                 ", \"filters\": 3, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": "
                 "\"relu\"") ", " L ("MaxPooling1D", "pool",
                                     ", \"pool_size\": 2") ", " L ("Flatten", "flatten",
                                                                   "") ", " L ("Dense", "dense",
                                                                               ", \"units\": 4, "
                                                                               "\"activation\": "
                                                                               "\"softmax\""));
  g_autoptr (GRand) rng = g_rand_new_with_seed (3);
  for (guint i = 0; i < m->n_layers; i++)
    if (m->layers[i].kernel)
      {
        const gsize nk = m->layers[i].n_params - m->layers[i].units;
        for (gsize k = 0; k < nk; k++)
          m->layers[i].kernel[k] = seq->layers[i].kernel[k]
              = (float)g_rand_double_range (rng, -1, 1);
        for (gsize k = 0; k < m->layers[i].units; k++)
          m->layers[i].bias[k] = seq->layers[i].bias[k] = (float)g_rand_double_range (rng, -1, 1);
      }
  float x[16];
  for (int i = 0; i < 16; i++)
    x[i] = (float)g_rand_double_range (rng, -1, 1);
  g_autofree float *a = forward (m, x, 3), *b = forward (seq, x, 3);
  g_assert_cmpmem (a, 4 * sizeof (float), b, 4 * sizeof (float));
}

static void
expect_config_error (const char *json, SlError code, const char *const *needles)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) m = sl_model_new_from_json (json, "/models/bad-model.h5", &error);
  if (m || !error)
    {
      g_test_fail_printf ("accepted: %s", json);
      return;
    }
  g_assert_error (error, SL_ERROR, (int)code);
  g_assert_nonnull (strstr (error->message, "/models/bad-model.h5"));
  for (guint i = 0; needles[i]; i++)
    if (!strstr (error->message, needles[i]))
      g_test_fail_printf ("error \"%s\" does not name \"%s\"", error->message, needles[i]);
}

static void
test_functional_branching (void)
{
  /* One output feeding two layers (a residual branch): the error names the fork. */
  const char *fork[] = {
    chain_layers[0],
    chain_layers[1],
    chain_layers[2],
    chain_layers[3],
    chain_layers[4],
    FN_LAYER ("Conv1D", "side_conv", ", \"filters\": 3, \"kernel_size\": 1", FROM ("conv1d")),
    NULL,
  };
  g_autofree char *json = functional_json (fork, 6);
  expect_config_error (json, SL_ERROR_UNSUPPORTED, (const char *[]){ "conv1d", "several", NULL });

  /* A merge layer with two inputs: the error names the merge. */
  const char *merge[] = {
    chain_layers[0],
    FN_LAYER ("Conv1D", "conv1d", ", \"filters\": 2, \"kernel_size\": 1", FROM ("input_1")),
    FN_LAYER ("Add", "add_7", "", "[[[\"input_1\", 0, 0, {}], [\"conv1d\", 0, 0, {}]]]"),
    FN_LAYER ("Flatten", "flatten", "", FROM ("add_7")),
    FN_LAYER ("Dense", "dense", ", \"units\": 4", FROM ("flatten")),
    NULL,
  };
  g_autofree char *json2 = functional_json (merge, 5);
  expect_config_error (json2, SL_ERROR_UNSUPPORTED, (const char *[]){ "add_7", NULL });

  /* A layer outside the chain from the input (a second, dangling input). */
  const char *island[] = {
    chain_layers[0],
    chain_layers[1],
    chain_layers[2],
    chain_layers[3],
    chain_layers[4],
    FN_LAYER ("InputLayer", "input_2", ", \"batch_input_shape\": [null, 8, 2]", "[]"),
    NULL,
  };
  g_autofree char *json3 = functional_json (island, 6);
  expect_config_error (json3, SL_ERROR_UNSUPPORTED, (const char *[]){ "chain", NULL });
}

/* ---- unsupported layers ---- */

static void
test_unsupported_layers (void)
{
  const struct
  {
    const char *input, *layer, *cls, *name;
  } cases[] = {
    { "10, 3", L ("LSTM", "lstm_7", ", \"units\": 4"), "LSTM", "lstm_7" },
    { "6, 6, 2", L ("Conv2DTranspose", "up_1", ", \"filters\": 2, \"kernel_size\": 3"),
      "Conv2DTranspose", "up_1" },
    { "6, 6, 2", L ("DepthwiseConv2D", "dw", ", \"kernel_size\": 3"), "DepthwiseConv2D", "dw" },
    { "6, 6, 2", L ("UpSampling2D", "upsample", ""), "UpSampling2D", "upsample" },
    { "10, 3",
      L ("Conv1D", "causal_conv", ", \"filters\": 2, \"kernel_size\": 3, \"padding\": \"causal\""),
      "Conv1D", "causal_conv" },
    { "6, 6, 2",
      L ("Conv2D", "cf",
         ", \"filters\": 2, \"kernel_size\": 3, \"data_format\": \"channels_first\""),
      "Conv2D", "cf" },
    { "6, 6, 2", L ("Conv2D", "grouped", ", \"filters\": 2, \"kernel_size\": 3, \"groups\": 2"),
      "Conv2D", "grouped" },
    { "6", L ("Dense", "hs", ", \"units\": 2, \"activation\": \"hard_sigmoid\""), "hard_sigmoid",
      "hs" },
    { "6, 6, 2",
      L ("Conv2D", "sd",
         ", \"filters\": 2, \"kernel_size\": 3, \"strides\": 2, \"dilation_rate\": 2"),
      "Conv2D", "sd" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *layers = g_strdup_printf ("%s, " HEAD, cases[i].layer);
      g_autofree char *json = sequential_json (cases[i].input, layers);
      expect_config_error (json, SL_ERROR_UNSUPPORTED,
                           (const char *[]){ cases[i].cls, cases[i].name, NULL });
    }
}

/* The same through a file: the message names the file's path. */
static void
test_unsupported_layer_in_file (void)
{
  g_autofree char *src = sl_test_shared ("models/MNIST1D.h5");
  if (!src)
    return;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-test-layers-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "lstm model.h5", NULL);
  g_autofree char *bytes = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (src, &bytes, &len, &error));
  g_assert_true (g_file_set_contents (path, bytes, (gssize)len, &error));
  hid_t f = H5Fopen (path, H5F_ACC_RDWR, H5P_DEFAULT);
  g_assert_cmpint (f, >=, 0);
  g_autofree char *json = sequential_json (
      "40, 1", L ("LSTM", "lstm_3", ", \"units\": 4") ", " L ("Dense", "dense", ", \"units\": 10"));
  g_assert_true (sl_h5_write_string_attr (f, "model_config", json, &error));
  H5Fclose (f);
  g_autoptr (SlModel) m = sl_model_load (path, &error);
  g_assert_null (m);
  g_assert_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED);
  if (error)
    {
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, "LSTM"));
      g_assert_nonnull (strstr (error->message, "lstm_3"));
    }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A wrong value fails its test and the others still run (set-up failures stay fatal). */
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/layers/conv1d/same-even-kernel", test_conv1d_same_even_kernel);
  g_test_add_func ("/layers/conv1d/strided-same", test_conv1d_strided_same);
  g_test_add_func ("/layers/conv1d/dilated-valid", test_conv1d_dilated_valid);
  g_test_add_func ("/layers/conv2d/kernel-order", test_conv2d_kernel_order);
  g_test_add_func ("/layers/conv/reference-sweep", test_conv_reference);
  g_test_add_func ("/layers/conv/reference-sweep-direct", test_conv_reference_direct);
  g_test_add_func ("/layers/pool/examples", test_pool_examples);
  g_test_add_func ("/layers/pool/max-reference-sweep", test_max_pool_reference);
  g_test_add_func ("/layers/pool/avg-reference-sweep", test_avg_pool_reference);
  g_test_add_func ("/layers/pool/global", test_global_pools);
  g_test_add_func ("/layers/dense/examples", test_dense_examples);
  g_test_add_func ("/layers/batchnorm/example", test_batchnorm_example);
  g_test_add_func ("/layers/batchnorm/params", test_batchnorm_params);
  g_test_add_func ("/layers/zero-padding-and-reshape", test_zero_padding_and_reshape);
  g_test_add_func ("/layers/activation/values", test_activations);
  g_test_add_func ("/layers/activation/extremes", test_activation_extremes);
  g_test_add_func ("/layers/activation/relu-layers", test_relu_layers);
  g_test_add_func ("/layers/model/final-activation-split", test_final_activation_split);
  g_test_add_func ("/layers/model/output-not-vector", test_output_not_vector);
  g_test_add_func ("/layers/model/rank-mismatch", test_rank_mismatch);
  g_test_add_func ("/layers/summary/mnist1d", test_summary_mnist1d);
  g_test_add_func ("/layers/summary/hmt", test_summary_hmt);
  g_test_add_func ("/layers/summary/hmt-keras280", test_summary_keras280);
  g_test_add_func ("/layers/functional/chain", test_functional_chain);
  g_test_add_func ("/layers/functional/branching", test_functional_branching);
  g_test_add_func ("/layers/unsupported/config", test_unsupported_layers);
  g_test_add_func ("/layers/unsupported/file", test_unsupported_layer_in_file);
  return g_test_run ();
}
