/* The method registry, parameters, and the properties of the methods that have no golden values:
 * LIME and Kernel SHAP on models linear in their segments, SmoothGrad, Integrated Gradients'
 * completeness, RISE, seeding, cancellation; every method on 1-D and 2-D models. */
#include "core/sl-error.h"
#include "core/sl-h5.h"
#include "datasets/sl-mnist1d.h"
#include "engine/sl-run.h"
#include "explain/sl-explain.h"
#include "explain/sl-explanation-io.h"
#include "explain/sl-faithfulness.h"
#include "sl-test-util.h"

#include <glib/gstdio.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

/* A 40 × 1 signal → Flatten → Dense(3): logits linear in the input. */
static const char *linear_json
    = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"linear\", \"layers\": ["
      "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 40, 1], "
      "\"name\": \"in\"}},"
      "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\"}},"
      "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3, \"activation\": "
      "\"softmax\", \"use_bias\": true}}]}}";

/* A small image CNN with both layer kinds the CAM and SISE paths meet. */
static const char *image_json
    = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"tiny\", \"layers\": ["
      "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 16, 16, 3], "
      "\"name\": \"in\"}},"
      "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv2d\", \"filters\": 6, "
      "\"kernel_size\": [3, 3], "
      "\"strides\": [1, 1], \"padding\": \"same\", \"activation\": \"relu\", \"use_bias\": true}},"
      "{\"class_name\": \"MaxPooling2D\", \"config\": {\"name\": \"pool\", \"pool_size\": [2, 2], "
      "\"padding\": \"valid\"}},"
      "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv2d_1\", \"filters\": 5, "
      "\"kernel_size\": [3, 3], "
      "\"strides\": [1, 1], \"padding\": \"same\", \"activation\": \"relu\", \"use_bias\": true}},"
      "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\"}},"
      "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 4, \"activation\": "
      "\"softmax\", \"use_bias\": true}}]}}";

static SlModel *
random_model (const char *json, guint32 seed, double scale)
{
  g_autoptr (GError) error = NULL;
  SlModel *model = sl_model_new_from_json (json, "test", &error);
  g_assert_no_error (error);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < model->n_layers; i++)
    {
      SlLayer *l = &model->layers[i];
      if (l->kind != SL_LAYER_CONV && l->kind != SL_LAYER_DENSE)
        continue;
      gsize h, w, c;
      sl_shape_hwc (&l->in, &h, &w, &c);
      const gsize fan_in = l->kind == SL_LAYER_DENSE ? c : l->kh * l->kw * c;
      for (gsize j = 0; j < fan_in * l->units; j++)
        l->kernel[j] = (float) (g_rand_double_range (rand, -1, 1) * scale / sqrt ((double) fan_in));
      for (gsize j = 0; j < l->units; j++)
        l->bias[j] = (float) g_rand_double_range (rand, -0.1, 0.1);
    }
  return model;
}

static float *
random_input (gsize n, guint32 seed, double lo, double hi)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  float *x = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    x[i] = (float) g_rand_double_range (rand, lo, hi);
  return x;
}

static SlExplanation *
explain (const SlModel *model, const float *x, const char *method, int score, guint64 seed,
         const char *const *params)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlParams) p = sl_method_new_params (sl_method_lookup (method));
  g_assert_true (sl_params_parse (p, params, &error));
  SlExplainRequest req;
  sl_explain_request_init (&req, method);
  req.score = score;
  req.seed = seed;
  req.params = p;
  SlExplanation *e = sl_explain (model, x, &req, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (e);
  return e;
}

static double
max_abs_diff (const float *a, const float *b, gsize n)
{
  double m = 0;
  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs ((double) a[i] - b[i]));
  return m;
}

static double
max_abs (const float *a, gsize n)
{
  double m = 0;
  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs ((double) a[i]));
  return m;
}

static void
test_registry (void)
{
  static const char *const names[] = {
    "gradcam",
    "gradcam++",
    "ablation-cam",
    "score-cam",
    "layer-cam",
    "xgrad-cam",
    "hires-cam",
    "eigen-cam",
    "eigen-gradcam",
    "lime",
    "kernel-shap",
    "gradient-shap",
    "integrated-gradients",
    "saliency",
    "gradient-x-input",
    "guided-backprop",
    "guided-gradcam",
    "smoothgrad",
    "occlusion",
    "rise",
    "sise",
  };
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (all[i]->name, ==, names[i]);
      g_assert_true (sl_method_lookup (names[i]) == all[i]);
      g_assert_true (all[i]->display_name && *all[i]->display_name);
      g_assert_true (all[i]->description && *all[i]->description);
      g_assert_nonnull (all[i]->run);
      /* Every default parses (sl_params_new would complain otherwise) and every spec is described.
       */
      g_autoptr (SlParams) p = sl_method_new_params (all[i]);
      for (guint j = 0; j < all[i]->n_params; j++)
        {
          g_assert_true (all[i]->params[j].description && *all[i]->params[j].description);
          g_assert_false (sl_params_is_set (p, all[i]->params[j].name));
        }
      g_autofree char *help = sl_method_help (all[i]);
      g_assert_nonnull (strstr (help, all[i]->display_name));
      const gboolean random = (all[i]->flags & SL_METHOD_RANDOM) != 0;
      const gboolean expected = !strcmp (names[i], "lime") || !strcmp (names[i], "kernel-shap")
                                || !strcmp (names[i], "gradient-shap")
                                || !strcmp (names[i], "smoothgrad") || !strcmp (names[i], "rise");
      g_assert_true (random == expected);
    }
  g_assert_true (sl_method_lookup ("GradCAM++") == sl_method_lookup ("gradcam++"));
  g_assert_true (sl_method_lookup ("integrated_gradients")
                 == sl_method_lookup ("integrated-gradients"));
  g_autoptr (GError) error = NULL;
  g_assert_null (sl_method_find ("deep-lift", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "score-cam"));
}

static void
test_params (void)
{
  g_autoptr (SlParams) p = sl_method_new_params (sl_method_lookup ("smoothgrad"));
  g_autoptr (GError) error = NULL;
  g_assert_cmpint (sl_params_get_int (p, "n_samples"), ==, 50);
  g_assert_cmpfloat (sl_params_get_double (p, "noise"), ==, 0.15);
  g_autofree char *noise = sl_params_value_text (p, "noise");
  g_assert_cmpstr (noise, ==, "0.15");
  g_assert_cmpstr (sl_params_get_string (p, "base"), ==, "saliency");
  const char *const ok[] = { "n_samples=7", " noise = 0.5 ", "base=guided-backprop", NULL };
  g_assert_true (sl_params_parse (p, ok, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_params_get_int (p, "n_samples"), ==, 7);
  g_assert_cmpfloat (sl_params_get_double (p, "noise"), ==, 0.5);
  g_assert_cmpstr (sl_params_get_string (p, "base"), ==, "guided-backprop");
  g_assert_true (sl_params_is_set (p, "noise"));
  g_autofree char *text = sl_params_to_string (p);
  g_assert_cmpstr (text, ==, "n_samples=7 noise=0.5 base=guided-backprop variant=mean steps=50");

  static const char *const bad[]
      = { "n_samples=0", "n_samples=2.5", "noise=abc", "base=lrp", "colour=red", "novalue", "=3" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (sl_params_parse_one (p, bad[i], &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
    }
  g_assert_cmpint (sl_params_get_int (p, "n_samples"), ==, 7); /* failures change nothing */
  sl_params_reset (p, "n_samples");
  g_assert_cmpint (sl_params_get_int (p, "n_samples"), ==, 50);
  g_autoptr (SlParams) copy = sl_params_copy (p);
  g_assert_cmpstr (sl_params_get_string (copy, "base"), ==, "guided-backprop");

  g_autoptr (SlParams) b = sl_method_new_params (sl_method_lookup ("gradient-shap"));
  g_clear_error (&error);
  g_assert_true (sl_params_set (b, "baseline", "zero", &error));

  /* A request whose parameters belong to another method is refused. */
  g_autoptr (SlModel) model = random_model (linear_json, 1, 1.0);
  g_autofree float *x = random_input (40, 2, -1, 1);
  SlExplainRequest req;
  sl_explain_request_init (&req, "saliency");
  req.params = p;
  g_clear_error (&error);
  g_assert_null (sl_explain (model, x, &req, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  req.params = NULL;
  req.target = 3;
  g_clear_error (&error);
  g_assert_null (sl_explain (model, x, &req, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  /* A model without convolutions has no default layer for the CAMs. */
  sl_explain_request_init (&req, "gradcam");
  g_clear_error (&error);
  g_assert_null (sl_explain (model, x, &req, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED);
}

/* Logit of class c on the linear model: Σ w_ic x_i + b_c; segment contributions Σ_{i∈s} w_ic x_i.
 */
static void
segment_contributions (const SlModel *model, const float *x, guint c, gsize sec, double *out)
{
  const SlLayer *dense = &model->layers[1];
  for (gsize i = 0; i < 40; i++)
    {
      if (i % sec == 0)
        out[i / sec] = 0;
      out[i / sec] += (double) dense->kernel[i * 3 + c] * x[i];
    }
}

static void
test_lime_linear (void)
{
  g_autoptr (SlModel) model = random_model (linear_json, 3, 1.0);
  g_autofree float *x = random_input (40, 4, -2, 2);
  const char *const params[] = { "sec_size=4", NULL };
  g_autoptr (SlExplanation) e = explain (model, x, "lime", SL_SCORE_LOGIT, 11, params);
  double expected[10];
  segment_contributions (model, x, e->target, 4, expected);
  double worst = 0, scale = 0;
  for (gsize i = 0; i < 40; i++)
    {
      worst = MAX (worst, fabs (e->map_input[i] - expected[i / 4]));
      scale = MAX (scale, fabs (expected[i / 4]));
    }
  g_test_message ("LIME on a linear model: max |coefficient − contribution| = %.3g (scale %.3g)",
                  worst, scale);
  g_assert_cmpfloat (worst, <=, 1e-4 * scale);
}

static void
test_kernel_shap (void)
{
  g_autoptr (SlModel) model = random_model (linear_json, 5, 1.0);
  g_autofree float *x = random_input (40, 6, -2, 2);
  g_autofree float *zero = g_new0 (float, 40);
  g_autoptr (SlRun) run = sl_run_new (model, 1);
  g_autoptr (GError) error = NULL;
  /* Exact (all 1022 coalitions of 10 segments) and sampled, logit and probability. */
  const char *const exact[] = { "sec_size=4", NULL };
  const char *const sampled[] = { "sec_size=2", "n_samples=400", NULL };
  const char *const *cases[] = { exact, sampled };
  for (guint k = 0; k < 2; k++)
    for (int score = SL_SCORE_LOGIT; score <= SL_SCORE_PROB; score++)
      {
        g_autoptr (SlExplanation) e = explain (model, x, "kernel-shap", score, 7, cases[k]);
        const gsize sec = k == 0 ? 4 : 2;
        double total = 0;
        for (gsize i = 0; i < 40; i += sec)
          total += e->map_input[i];
        g_assert_true (sl_run_forward (run, zero, 1, &error));
        const double fb = sl_score_value (model, sl_run_logits (run), e->target, score);
        g_test_message ("Kernel SHAP (%s, %s): Σφ = %.9g, f(x) − f(0) = %.9g",
                        k ? "sampled" : "exact", sl_score_name (score), total, e->score_value - fb);
        g_assert_cmpfloat (fabs (total - (e->score_value - fb)), <=,
                           1e-5 * MAX (1.0, fabs (total)));
        if (score == SL_SCORE_LOGIT)
          {
            /* Shapley values of a linear function are the segments' contributions. */
            double expected[20];
            segment_contributions (model, x, e->target, sec, expected);
            for (gsize i = 0; i < 40; i++)
              g_assert_cmpfloat (fabs (e->map_input[i] - expected[i / sec]), <=, 1e-4);
          }
      }
}

static SlModel *
mnist1d_model (void)
{
  g_autofree char *path = sl_test_shared ("models/MNIST1D.h5");
  if (!path)
    return NULL;
  g_autoptr (GError) error = NULL;
  SlModel *model = sl_model_load (path, &error);
  g_assert_no_error (error);
  return model;
}

static float *
mnist1d_sample (gsize index)
{
  g_autofree char *path = sl_test_shared ("data/mnist1d_data.h5");
  if (!path)
    return NULL;
  g_autoptr (GError) error = NULL;
  hid_t h = sl_h5_open_read (path, &error);
  g_assert_no_error (error);
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autofree double *x = sl_h5_read_doubles (h, "x_test", path, &rank, dims, &error);
  g_assert_no_error (error);
  sl_h5_close (h);
  float *out = g_new (float, dims[1]);
  for (gsize i = 0; i < dims[1]; i++)
    out[i] = (float) x[index * dims[1] + i];
  return out;
}

static void
test_smoothgrad_zero_noise (void)
{
  g_autoptr (SlModel) model = mnist1d_model ();
  g_autofree float *x = mnist1d_sample (5);
  if (!model || !x)
    return;
  g_autoptr (SlExplanation) sal = explain (model, x, "saliency", SL_EXPLAIN_SCORE_DEFAULT, 0, NULL);
  const char *const params[] = { "noise=0", "n_samples=9", NULL };
  g_autoptr (SlExplanation) sg
      = explain (model, x, "smoothgrad", SL_EXPLAIN_SCORE_DEFAULT, 3, params);
  const double d = max_abs_diff (sal->map, sg->map, 40);
  g_test_message ("SmoothGrad σ = 0 vs saliency: max |Δ| = %.3g (scale %.3g)", d,
                  max_abs (sal->map, 40));
  g_assert_cmpfloat (d, <=, 1e-6 * max_abs (sal->map, 40));
  /* With noise it differs, and the guided and IG bases run. */
  const char *const noisy[] = { "noise=0.2", "n_samples=8", NULL };
  g_autoptr (SlExplanation) sg2
      = explain (model, x, "smoothgrad", SL_EXPLAIN_SCORE_DEFAULT, 3, noisy);
  g_assert_cmpfloat (max_abs_diff (sal->map, sg2->map, 40), >, 0);
  const char *const ig[]
      = { "base=integrated-gradients", "n_samples=3", "steps=10", "noise=0", NULL };
  g_autoptr (SlExplanation) sg3 = explain (model, x, "smoothgrad", SL_EXPLAIN_SCORE_DEFAULT, 3, ig);
  const char *const igp[] = { "steps=10", NULL };
  g_autoptr (SlExplanation) ig1
      = explain (model, x, "integrated-gradients", SL_EXPLAIN_SCORE_DEFAULT, 0, igp);
  g_assert_cmpfloat (max_abs_diff (ig1->map, sg3->map, 40), <=, 1e-6 * max_abs (ig1->map, 40));
}

static void
test_ig_completeness (void)
{
  g_autoptr (SlModel) model = mnist1d_model ();
  g_autofree float *x = mnist1d_sample (1);
  if (!model || !x)
    return;
  g_autofree float *zero = g_new0 (float, 40);
  g_autoptr (SlRun) run = sl_run_new (model, 1);
  g_autoptr (GError) error = NULL;
  static const char *const steps[] = { "steps=4", "steps=16", "steps=64", "steps=256" };
  double last = INFINITY;
  for (guint k = 0; k < G_N_ELEMENTS (steps); k++)
    {
      const char *const params[] = { steps[k], NULL };
      g_autoptr (SlExplanation) e
          = explain (model, x, "integrated-gradients", SL_SCORE_LOGIT, 0, params);
      g_assert_true (sl_run_forward (run, zero, 1, &error));
      const double y0 = sl_score_value (model, sl_run_logits (run), e->target, SL_SCORE_LOGIT);
      double total = 0;
      for (gsize i = 0; i < 40; i++)
        total += e->map[i];
      const double gap = fabs (total - (e->score_value - y0)) / fabs (e->score_value - y0);
      g_test_message ("IG %s: |Σ − (y(x) − y(0))| = %.4g of y(x) − y(0) = %.4g", steps[k], gap,
                      e->score_value - y0);
      g_assert_cmpfloat (gap, <, last);
      last = gap;
    }
  g_assert_cmpfloat (last, <, 0.02);
}

static void
test_rise (void)
{
  g_autoptr (SlModel) model = mnist1d_model ();
  g_autofree float *x = mnist1d_sample (2);
  if (!model || !x)
    return;
  /* p = 1: every mask is all ones, so the map is p_c(x) everywhere. */
  const char *const ones[] = { "p=1", "n_masks=100", NULL };
  g_autoptr (SlExplanation) e = explain (model, x, "rise", SL_EXPLAIN_SCORE_DEFAULT, 1, ones);
  g_assert_true (e->score == SL_SCORE_PROB);
  for (gsize i = 0; i < 40; i++)
    g_assert_cmpfloat (fabs (e->map[i] - e->probability), <=, 1e-6);
  const char *const half[] = { "n_masks=500", NULL };
  g_autoptr (SlExplanation) r = explain (model, x, "rise", SL_EXPLAIN_SCORE_DEFAULT, 1, half);
  g_assert_cmpfloat (max_abs (r->map, 40), >, 0);
}

/* Random methods: the same seed gives the same map, another seed another map. */
static void
test_seeds (void)
{
  g_autoptr (SlModel) model = mnist1d_model ();
  g_autofree float *x = mnist1d_sample (3);
  if (!model || !x)
    return;
  static const struct
  {
    const char *method;
    const char *params[3];
  } cases[] = {
    { "lime", { "num_perturb=100", NULL } },
    { "kernel-shap", { "sec_size=2", "n_samples=200", NULL } },
    { "gradient-shap", { "n_samples=10", NULL } },
    { "smoothgrad", { "n_samples=10", NULL } },
    { "rise", { "n_masks=200", NULL } },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SlExplanation) a
          = explain (model, x, cases[i].method, SL_EXPLAIN_SCORE_DEFAULT, 42, cases[i].params);
      g_autoptr (SlExplanation) b
          = explain (model, x, cases[i].method, SL_EXPLAIN_SCORE_DEFAULT, 42, cases[i].params);
      g_autoptr (SlExplanation) c
          = explain (model, x, cases[i].method, SL_EXPLAIN_SCORE_DEFAULT, 43, cases[i].params);
      g_assert_cmpmem (a->map, 40 * sizeof (float), b->map, 40 * sizeof (float));
      g_assert_cmpfloat (max_abs_diff (a->map, c->map, 40), >, 0);
    }
}

typedef struct
{
  const SlModel *model;
  const float *x;
  GCancellable *cancellable;
  GError *error;
  gint64 returned;
  gsize progress_calls;
  clockid_t cpu_clock;    /* the worker thread's CPU clock */
  double returned_cpu_ms; /* its CPU time when it returned */
} CancelJob;

/* The worker's CPU time in ms on `clock`. */
static double
cpu_ms (clockid_t clock)
{
  struct timespec ts;
  g_assert_cmpint (clock_gettime (clock, &ts), ==, 0);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

/* Called first and last by a worker: whose CPU clock to read, and its time at the end. */
static void
worker_started (CancelJob *job)
{
  g_assert_cmpint (pthread_getcpuclockid (pthread_self (), &job->cpu_clock), ==, 0);
}

static void
worker_returned (CancelJob *job)
{
  job->returned = g_get_monotonic_time ();
  job->returned_cpu_ms = cpu_ms (CLOCK_THREAD_CPUTIME_ID);
}

static void
count_progress (gsize done, gsize total, gpointer data)
{
  CancelJob *job = data;
  g_assert_cmpuint (done, <=, total);
  job->progress_calls++;
}

static gpointer
cancel_thread (gpointer data)
{
  CancelJob *job = data;
  worker_started (job);
  g_autoptr (SlParams) p = sl_method_new_params (sl_method_lookup ("rise"));
  g_assert_true (sl_params_set (p, "n_masks", "100000000", NULL));
  SlExplainRequest req;
  sl_explain_request_init (&req, "rise");
  req.params = p;
  SlExplanation *e
      = sl_explain (job->model, job->x, &req, count_progress, job, job->cancellable, &job->error);
  worker_returned (job);
  g_assert_null (e);
  return NULL;
}

static gpointer
faith_cancel_thread (gpointer data)
{
  CancelJob *job = data;
  worker_started (job);
  g_autoptr (SlParams) p = sl_method_new_params (sl_method_lookup ("rise"));
  g_assert_true (sl_params_set (p, "n_masks", "100000", NULL));
  SlExplainRequest req;
  sl_explain_request_init (&req, "rise");
  req.params = p;
  g_autoptr (SlDataset) ds = sl_mnist1d_dataset_new (NULL, FALSE, &job->error);
  g_assert_nonnull (ds);
  SlFaithTable *t = sl_faithfulness_dataset (job->model, ds, 0, 0, &req, 1, NULL, NULL, NULL,
                                             job->cancellable, &job->error);
  worker_returned (job);
  g_assert_null (t);
  return NULL;
}

static void
check_cancel (GThreadFunc func, const char *what)
{
  g_autoptr (SlModel) model = mnist1d_model ();
  g_autofree float *x = mnist1d_sample (0);
  if (!model || !x)
    return;
  CancelJob job = { model, x, g_cancellable_new (), NULL, 0, 0, 0, 0 };
  GThread *thread = g_thread_new ("cancel", func, &job);
  g_usleep (300 * 1000);
  /* The work done after the cancel is the worker's CPU time since: a busy machine stretches the
   * wall time (reported), not the work (asserted). */
  const double cpu0 = cpu_ms (job.cpu_clock);
  const gint64 t0 = g_get_monotonic_time ();
  g_cancellable_cancel (job.cancellable);
  g_thread_join (thread);
  const double ms = (double) (job.returned - t0) / 1000.0;
  const double work = job.returned_cpu_ms - cpu0;
  g_test_message ("%s: returned %.1f ms after the cancel (%.1f ms of its CPU)", what, ms, work);
  g_assert_error (job.error, SL_ERROR, SL_ERROR_CANCELLED);
  g_assert_cmpfloat (work, <, 200);
  g_clear_error (&job.error);
  g_object_unref (job.cancellable);
}

static void
test_cancel (void)
{
  check_cancel (cancel_thread, "RISE");
}

static void
test_cancel_faithfulness (void)
{
  check_cancel (faith_cancel_thread, "faithfulness job");
}

/* Every method runs on a 1-D and a 2-D model, gives finite maps of the right sizes, and is
 * deterministic for a fixed seed. */
static void
check_all_methods (const SlModel *model, const float *x)
{
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  gsize h, w, c;
  sl_shape_hwc (&model->input, &h, &w, &c);
  for (guint i = 0; i < n; i++)
    {
      const char *params[4] = { NULL };
      if (!strcmp (all[i]->name, "rise"))
        params[0] = "n_masks=64";
      else if (!strcmp (all[i]->name, "lime"))
        params[0] = "num_perturb=40";
      else if (!strcmp (all[i]->name, "kernel-shap"))
        params[0] = "n_samples=64";
      else if (!strcmp (all[i]->name, "smoothgrad") || !strcmp (all[i]->name, "gradient-shap"))
        params[0] = "n_samples=5";
      else if (!strcmp (all[i]->name, "occlusion") && h > 1)
        params[0] = "window=4", params[1] = "stride=3";
      g_autoptr (SlExplanation) e
          = explain (model, x, all[i]->name, SL_EXPLAIN_SCORE_DEFAULT, 9, params);
      g_assert_cmpuint (sl_explanation_input_size (e), ==, h * w);
      const gsize size = sl_explanation_map_size (e);
      for (gsize j = 0; j < size; j++)
        g_assert_true (isfinite (e->map[j]));
      for (gsize j = 0; j < h * w; j++)
        g_assert_true (isfinite (e->map_input[j]));
      if (all[i]->flags & SL_METHOD_LAYER_RESOLUTION)
        g_assert_cmpuint (
            size, ==,
            sl_shape_size (sl_model_shape (model, e->layer))
                / sl_model_shape (model, e->layer)->d[sl_model_shape (model, e->layer)->rank - 1]);
      else
        g_assert_cmpuint (size, ==, h * w);
      g_assert_cmpuint (e->map_shape.rank, ==, h > 1 ? 2 : 1);
      g_test_message ("%-22s %-10s max |map| %.3g  %.1f ms", all[i]->name,
                      e->layer_name ? e->layer_name : "-", max_abs (e->map_input, h * w),
                      1000 * e->seconds);
    }
}

static void
test_all_methods_1d (void)
{
  g_autoptr (SlModel) model = mnist1d_model ();
  g_autofree float *x = mnist1d_sample (7);
  if (!model || !x)
    return;
  check_all_methods (model, x);
}

static void
test_all_methods_2d (void)
{
  g_autoptr (SlModel) model = random_model (image_json, 21, 2.0);
  g_autofree float *x = random_input (16 * 16 * 3, 22, 0, 1);
  check_all_methods (model, x);
  /* The segmentations, and SISE's default layers (the block end conv2d and the last conv). */
  static const char *const seg[]
      = { "segmentation=slic", "segmentation=quickshift", "segmentation=grid" };
  for (guint i = 0; i < G_N_ELEMENTS (seg); i++)
    {
      const char *const params[] = { seg[i], "num_perturb=30", "cell=4", NULL };
      g_autoptr (SlExplanation) e = explain (model, x, "lime", SL_EXPLAIN_SCORE_DEFAULT, 1, params);
      g_assert_cmpuint (sl_explanation_map_size (e), ==, 256);
    }
  g_autoptr (SlExplanation) s = explain (model, x, "sise", SL_EXPLAIN_SCORE_DEFAULT, 0, NULL);
  g_assert_cmpstr (s->layer_name, ==, "conv2d,conv2d_1");
}

/* Without ReLUs guided backprop is the plain gradient. */
static void
test_guided_linear (void)
{
  g_autoptr (SlModel) model = random_model (linear_json, 8, 1.0);
  g_autofree float *x = random_input (40, 9, -1, 1);
  g_autoptr (SlExplanation) a = explain (model, x, "saliency", SL_EXPLAIN_SCORE_DEFAULT, 0, NULL);
  g_autoptr (SlExplanation) b
      = explain (model, x, "guided-backprop", SL_EXPLAIN_SCORE_DEFAULT, 0, NULL);
  g_assert_cmpfloat (max_abs_diff (a->map, b->map, 40), <=, 1e-7);
}

static void
test_io (void)
{
  g_autoptr (SlModel) model = random_model (image_json, 31, 2.0);
  g_autofree float *x = random_input (16 * 16 * 3, 32, 0, 1);
  const char *const params[] = { "n_masks=16", "grid=3", NULL };
  g_autoptr (SlExplanation) e
      = explain (model, x, "rise", SL_SCORE_LOGIT, 12345678901234ULL, params);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-explain-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *h5 = g_build_filename (dir, "e.h5", NULL);
  g_autofree char *csv = g_build_filename (dir, "e.csv", NULL);
  g_assert_true (sl_explanation_write_h5 (e, h5, &error));
  g_autoptr (SlExplanation) r = sl_explanation_read_h5 (h5, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->method, ==, "rise");
  g_assert_cmpuint (r->target, ==, e->target);
  g_assert_true (r->score == SL_SCORE_LOGIT);
  g_assert_cmpuint (r->seed, ==, 12345678901234ULL);
  g_assert_cmpuint (r->map_shape.rank, ==, 2);
  g_assert_cmpmem (r->map_input, 256 * sizeof (float), e->map_input, 256 * sizeof (float));
  g_assert_cmpint (sl_params_get_int (r->params, "grid"), ==, 3);
  g_assert_true (sl_explanation_write_csv (e, csv, TRUE, &error));
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (csv, &text, NULL, &error));
  g_assert_true (g_str_has_prefix (text, "# method=rise"));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint rows = 0;
  for (guint i = 0; lines[i]; i++)
    if (*lines[i] && lines[i][0] != '#')
      {
        g_auto (GStrv) cells = g_strsplit (lines[i], ",", -1);
        g_assert_cmpuint (g_strv_length (cells), ==, 16);
        rows++;
      }
  g_assert_cmpuint (rows, ==, 16);
  g_assert_false (sl_explanation_write_h5 (e, "/nonexistent-dir/x.h5", &error));
  g_unlink (h5);
  g_unlink (csv);
  g_rmdir (dir);
}

static void
test_curves (void)
{
  g_autoptr (SlModel) model = mnist1d_model ();
  g_autofree float *x = mnist1d_sample (4);
  if (!model || !x)
    return;
  g_autoptr (SlExplanation) e = explain (model, x, "gradcam", SL_EXPLAIN_SCORE_DEFAULT, 0, NULL);
  double del[101], ins[101], auc_del, auc_ins;
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_faithfulness_curve (model, NULL, x, e->map_input, e->target, SL_FAITH_DELETION,
                                        100, del, &auc_del, NULL, &error));
  g_assert_true (sl_faithfulness_curve (model, NULL, x, e->map_input, e->target, SL_FAITH_INSERTION,
                                        100, ins, &auc_ins, NULL, &error));
  g_assert_cmpfloat (fabs (del[0] - e->probability), <=, 1e-6);
  g_assert_cmpfloat (fabs (ins[100] - e->probability), <=, 1e-6);
  g_assert_cmpfloat (fabs (del[100] - ins[0]), <=, 1e-7); /* both the all-zero input */
  g_assert_cmpfloat (auc_del, >=, 0);
  g_assert_cmpfloat (auc_ins, <=, 1);
  g_test_message ("deletion AUC %.4f, insertion AUC %.4f", auc_del, auc_ins);
  SlDropIncrease all;
  g_assert_true (
      sl_faithfulness_drop_increase (model, NULL, x, e->map_input, e->target, 1.0, &all, &error));
  g_assert_cmpuint (all.kept, ==, 40);
  g_assert_cmpfloat (all.drop, ==, 0);
}

/* The threaded job gives the same table as a single worker. */
static void
test_faithfulness_threads (void)
{
  g_autoptr (SlModel) model = mnist1d_model ();
  if (!model)
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDataset) ds = sl_mnist1d_dataset_new (NULL, FALSE, &error);
  g_assert_no_error (error);
  SlExplainRequest reqs[2];
  sl_explain_request_init (&reqs[0], "gradcam");
  reqs[0].score = SL_SCORE_PROB;
  sl_explain_request_init (&reqs[1], "occlusion");
  SlFaithOptions o;
  sl_faith_options_init (&o);
  o.curves = TRUE;
  o.n_threads = 1;
  g_autoptr (SlFaithTable) one
      = sl_faithfulness_dataset (model, ds, 10, 40, reqs, 2, &o, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  o.n_threads = 3;
  g_autoptr (SlFaithTable) three
      = sl_faithfulness_dataset (model, ds, 10, 40, reqs, 2, &o, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->n_samples, ==, 40);
  g_assert_cmpmem (one->drop, 80 * sizeof (double), three->drop, 80 * sizeof (double));
  g_assert_cmpmem (one->deletion, 80 * sizeof (double), three->deletion, 80 * sizeof (double));
  g_assert_cmpmem (one->target, 40 * sizeof (guint), three->target, 40 * sizeof (guint));
  g_autofree char *text = sl_faith_table_format (three);
  g_assert_nonnull (strstr (text, "gradcam (prob)"));
  g_test_message ("%s", text);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/explain/registry", test_registry);
  g_test_add_func ("/explain/params", test_params);
  g_test_add_func ("/explain/lime/linear", test_lime_linear);
  g_test_add_func ("/explain/kernel-shap/sum", test_kernel_shap);
  g_test_add_func ("/explain/smoothgrad/zero-noise", test_smoothgrad_zero_noise);
  g_test_add_func ("/explain/integrated-gradients/completeness", test_ig_completeness);
  g_test_add_func ("/explain/rise", test_rise);
  g_test_add_func ("/explain/seeds", test_seeds);
  g_test_add_func ("/explain/cancel", test_cancel);
  g_test_add_func ("/explain/cancel-faithfulness", test_cancel_faithfulness);
  g_test_add_func ("/explain/all-methods/1d", test_all_methods_1d);
  g_test_add_func ("/explain/all-methods/2d", test_all_methods_2d);
  g_test_add_func ("/explain/guided/linear", test_guided_linear);
  g_test_add_func ("/explain/io", test_io);
  g_test_add_func ("/explain/faithfulness/curves", test_curves);
  g_test_add_func ("/explain/faithfulness/threads", test_faithfulness_threads);
  return g_test_run ();
}
