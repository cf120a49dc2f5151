/* test-train-units.c — the pieces of training, each against hand-computed values: initialisers
 * (Glorot limits, normal moments, seeding), the SGD and momentum updates (alone and through the
 * trainer on a toy problem), schedules, cross-entropy, regularisers, augmentation. */
#include "core/sl-error.h"
#include "train/sl-augment.h"
#include "train/sl-init.h"
#include "train/sl-objective.h"
#include "train/sl-presets.h"
#include "train/sl-schedule.h"
#include "train/sl-sgd.h"
#include "train/sl-train-spec.h"
#include "train/sl-trainer.h"
#include "sl-test-util.h"
#include "train-fixtures.h"

#include <math.h>

static void
moments (const float *v, gsize n, double *mean, double *sd, double *max_abs)
{
  double s = 0, s2 = 0, m = 0;
  for (gsize i = 0; i < n; i++)
    {
      s += v[i];
      m = fmax (m, fabs (v[i]));
    }
  *mean = s / (double) n;
  for (gsize i = 0; i < n; i++)
    s2 += (v[i] - *mean) * (v[i] - *mean);
  *sd = sqrt (s2 / (double) n);
  *max_abs = m;
}

static void
test_glorot (void)
{
  /* A conv kernel (3, 3, 16, 32): fans 3·3·16 = 144 and 3·3·32 = 288, limit √(6 / 432). */
  const gsize conv[4] = { 3, 3, 16, 32 }, dense[2] = { 1000, 10 };
  double fi, fo;
  sl_init_fans (4, conv, &fi, &fo);
  g_assert_cmpfloat (fi, ==, 144);
  g_assert_cmpfloat (fo, ==, 288);
  SlInitializer init;
  sl_initializer_glorot_uniform (&init);
  const struct
  {
    guint rank;
    const gsize *shape;
    double limit;
  } cases[] = { { 4, conv, sqrt (6.0 / 432) }, { 2, dense, sqrt (6.0 / 1010) } };
  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_assert_cmpfloat_with_epsilon (
          sl_initializer_scale_limit (&init, cases[c].rank, cases[c].shape), cases[c].limit, 1e-12);
      gsize n = 1;
      for (guint i = 0; i < cases[c].rank; i++)
        n *= cases[c].shape[i];
      g_autofree float *w = g_new (float, n);
      g_autoptr (GRand) rng = g_rand_new_with_seed (42);
      sl_initializer_fill (&init, cases[c].rank, cases[c].shape, w, rng);
      double mean, sd, max_abs;
      moments (w, n, &mean, &sd, &max_abs);
      g_assert_cmpfloat (max_abs, <=, (float) cases[c].limit);
      g_assert_cmpfloat (max_abs, >, 0.99 * cases[c].limit);
      g_assert_cmpfloat (fabs (mean), <, 0.05 * cases[c].limit);
      g_assert_cmpfloat (fabs (sd - cases[c].limit / sqrt (3)), <, 0.03 * cases[c].limit);
    }
}

static void
test_normal (void)
{
  JsonNode *node
      = json_from_string ("{\"class_name\": \"RandomNormal\", \"config\": {\"mean\": 0.25, "
                          "\"stddev\": 0.5, \"seed\": null}}",
                          NULL);
  SlInitializer init;
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_initializer_parse (node, "test", &init, &error));
  g_assert_no_error (error);
  json_node_unref (node);
  g_assert_cmpint (init.kind, ==, SL_INIT_RANDOM_NORMAL);
  const gsize shape[2] = { 400, 500 };
  g_autofree float *w = g_new (float, 200000);
  g_autoptr (GRand) rng = g_rand_new_with_seed (1);
  sl_initializer_fill (&init, 2, shape, w, rng);
  double mean, sd, max_abs, skew = 0, kurt = 0;
  moments (w, 200000, &mean, &sd, &max_abs);
  for (gsize i = 0; i < 200000; i++)
    {
      const double z = (w[i] - mean) / sd;
      skew += z * z * z / 200000;
      kurt += z * z * z * z / 200000;
    }
  /* Standard errors: σ/√n ≈ 0.0011, σ/√(2n) ≈ 0.0008, √(6/n) ≈ 0.0055, √(24/n) ≈ 0.011. */
  g_assert_cmpfloat (fabs (mean - 0.25), <, 0.006);
  g_assert_cmpfloat (fabs (sd - 0.5), <, 0.004);
  g_assert_cmpfloat (fabs (skew), <, 0.03);
  g_assert_cmpfloat (fabs (kurt - 3), <, 0.06);

  /* Truncated normals stay within two standard deviations; HeNormal has stddev √(2 / fan_in). */
  node = json_from_string ("\"he_normal\"", NULL);
  g_assert_true (sl_initializer_parse (node, "test", &init, &error));
  json_node_unref (node);
  g_autoptr (GRand) rng2 = g_rand_new_with_seed (2);
  sl_initializer_fill (&init, 2, shape, w, rng2);
  const double s = sqrt (2.0 / 400) / 0.87962566103423978;
  moments (w, 200000, &mean, &sd, &max_abs);
  g_assert_cmpfloat (max_abs, <=, 2 * s + 1e-6);
  g_assert_cmpfloat (fabs (sd - sqrt (2.0 / 400)), <, 0.01 * sqrt (2.0 / 400));

  node = json_from_string ("{\"class_name\": \"Orthogonal\", \"config\": {}}", NULL);
  g_assert_false (sl_initializer_parse (node, "layer 'x'", &init, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED);
  json_node_unref (node);
}

/* The same seed gives the same weights, another seed others; biases start at zero. */
static void
test_seeded_weights (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) a = sl_preset_model_new ("mnist1d-cnn", &error);
  g_autoptr (SlModel) b = sl_preset_model_new ("mnist1d-cnn", &error);
  g_autoptr (SlModel) c = sl_preset_model_new ("mnist1d-cnn", &error);
  g_assert_no_error (error);
  g_autoptr (SlTrainSpec) spec = sl_train_spec_new (a, &error);
  g_assert_no_error (error);
  sl_train_spec_init_weights (spec, a, 5);
  sl_train_spec_init_weights (spec, b, 5);
  sl_train_spec_init_weights (spec, c, 6);
  const SlLayer *da = &a->layers[4], *dc = &c->layers[4];
  g_assert_cmpmem (a->layers[0].kernel, 125 * sizeof (float), b->layers[0].kernel,
                   125 * sizeof (float));
  g_assert_cmpmem (da->kernel, 10000 * sizeof (float), b->layers[4].kernel, 10000 * sizeof (float));
  g_assert_true (memcmp (da->kernel, dc->kernel, 10000 * sizeof (float)) != 0);
  for (guint k = 0; k < 10; k++)
    g_assert_cmpfloat (da->bias[k], ==, 0);
  /* The course's Dense: RandomNormal(0, 0.5); its convs: GlorotUniform; L2 0.0005 everywhere. */
  double mean, sd, max_abs;
  moments (da->kernel, 10000, &mean, &sd, &max_abs);
  g_assert_cmpfloat (fabs (sd - 0.5), <, 0.02);
  moments (a->layers[1].kernel, 1875, &mean, &sd, &max_abs);
  g_assert_cmpfloat (max_abs, <=, (float) sqrt (6.0 / 150));
  g_assert_cmpfloat (spec->layers[4].kernel_reg.l2, ==, (double) 0.0005f);
  g_assert_cmpfloat (spec->layers[0].bias_reg.l2, ==, 0);
  g_assert_false (spec->layers[3].has_params);
}

static void
test_sgd_steps (void)
{
  const float g1[2] = { 0.5f, -1.0f }, g2[2] = { 0.25f, 0.5f };
  /* By hand: v = 0.9·v − 0.1·g; w += v. */
  float w[2] = { 1, -2 }, v[2] = { 0, 0 };
  sl_sgd_step (w, v, g1, 2, 0.1f, 0.9f, FALSE);
  g_assert_cmpfloat_with_epsilon (v[0], -0.05, 1e-7);
  g_assert_cmpfloat_with_epsilon (w[0], 0.95, 1e-7);
  g_assert_cmpfloat_with_epsilon (w[1], -1.9, 1e-7);
  sl_sgd_step (w, v, g2, 2, 0.1f, 0.9f, FALSE);
  g_assert_cmpfloat_with_epsilon (v[0], -0.07, 1e-7);
  g_assert_cmpfloat_with_epsilon (v[1], 0.04, 1e-7);
  g_assert_cmpfloat_with_epsilon (w[0], 0.88, 1e-6);
  g_assert_cmpfloat_with_epsilon (w[1], -1.86, 1e-6);
  /* Nesterov: w += 0.9·v − 0.1·g after updating v. */
  float wn[2] = { 1, -2 }, vn[2] = { 0, 0 };
  sl_sgd_step (wn, vn, g1, 2, 0.1f, 0.9f, TRUE);
  g_assert_cmpfloat_with_epsilon (wn[0], 0.905, 1e-6);
  g_assert_cmpfloat_with_epsilon (wn[1], -1.81, 1e-6);
  sl_sgd_step (wn, vn, g2, 2, 0.1f, 0.9f, TRUE);
  g_assert_cmpfloat_with_epsilon (wn[0], 0.817, 1e-6);
  g_assert_cmpfloat_with_epsilon (wn[1], -1.824, 1e-6);
  /* Plain SGD: w −= 0.1·g. */
  float wp[2] = { 1, -2 };
  sl_sgd_step (wp, NULL, g1, 2, 0.1f, 0, FALSE);
  sl_sgd_step (wp, NULL, g2, 2, 0.1f, 0, FALSE);
  g_assert_cmpfloat_with_epsilon (wp[0], 0.925, 1e-6);
  g_assert_cmpfloat_with_epsilon (wp[1], -1.95, 1e-6);
}

/* The trainer on a toy problem — Flatten, Dense(2) with L2 0.1 on the kernel, two samples, one
 * batch, momentum 0.9 — against the same steps done by hand in double. */
static void
test_trainer_toy (void)
{
  for (guint nesterov = 0; nesterov < 2; nesterov++)
    {
      /* clang-format off */
      g_autofree char *json = sequential_json ("2, 1",
        LAYER ("Flatten", "f", "") ", "
        LAYER ("Dense", "d", ", \"units\": 2, \"activation\": \"softmax\", \"kernel_regularizer\": "
               "{\"class_name\": \"L2\", \"config\": {\"l2\": 0.1}}"));
      /* clang-format on */
      g_autoptr (GError) error = NULL;
      g_autoptr (SlModel) model = sl_model_new_from_json (json, "toy", &error);
      g_assert_no_error (error);
      const float x[4] = { 1.0f, 2.0f, -1.0f, 0.5f };
      const gint y[2] = { 0, 1 };
      const gsize shape[2] = { 2, 1 };
      g_autoptr (SlDataset) ds = memory_dataset_new (2, 2, shape, 2, x, y);
      SlTrainOptions o;
      sl_train_options_init (&o);
      o.epochs = 3;
      o.batch_size = 2;
      o.shuffle = FALSE;
      o.momentum = 0.9;
      o.nesterov = nesterov;
      sl_schedule_init_constant (&o.schedule, 0.5);
      g_autoptr (SlTrainer) t = sl_trainer_new (model, &o, &error);
      g_assert_no_error (error);
      const float k0[4] = { 0.1f, -0.2f, 0.3f, 0.4f }, b0[2] = { 0.05f, -0.05f };
      memcpy (model->layers[1].kernel, k0, sizeof k0);
      memcpy (model->layers[1].bias, b0, sizeof b0);

      /* By hand: z = xᵀK + b, p = softmax(z), dK = Σ x (p − onehot)ᵀ / 2 + 2·0.1·K, db = Σ (p −
       * onehot) / 2. */
      double K[4], b[2], vK[4] = { 0 }, vb[2] = { 0 };
      for (int i = 0; i < 4; i++)
        K[i] = k0[i];
      b[0] = b0[0], b[1] = b0[1];
      for (int step = 0; step < 3; step++)
        {
          double gK[4] = { 0 }, gb[2] = { 0 };
          for (int s = 0; s < 2; s++)
            {
              const double *xs = (const double[]){ x[2 * s], x[2 * s + 1] };
              double z[2];
              for (int j = 0; j < 2; j++)
                z[j] = xs[0] * K[0 * 2 + j] + xs[1] * K[1 * 2 + j] + b[j];
              const double m = fmax (z[0], z[1]);
              const double e0 = exp (z[0] - m), e1 = exp (z[1] - m);
              const double p[2] = { e0 / (e0 + e1), e1 / (e0 + e1) };
              for (int j = 0; j < 2; j++)
                {
                  const double d = (p[j] - (j == y[s])) / 2;
                  gK[0 * 2 + j] += xs[0] * d;
                  gK[1 * 2 + j] += xs[1] * d;
                  gb[j] += d;
                }
            }
          for (int i = 0; i < 4; i++)
            {
              gK[i] += 0.2 * K[i];
              vK[i] = 0.9 * vK[i] - 0.5 * gK[i];
              K[i] += nesterov ? 0.9 * vK[i] - 0.5 * gK[i] : vK[i];
            }
          for (int j = 0; j < 2; j++)
            {
              vb[j] = 0.9 * vb[j] - 0.5 * gb[j];
              b[j] += nesterov ? 0.9 * vb[j] - 0.5 * gb[j] : vb[j];
            }
        }
      g_assert_true (sl_trainer_fit (t, ds, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (sl_trainer_get_iterations (t), ==, 3);
      for (int i = 0; i < 4; i++)
        g_assert_cmpfloat_with_epsilon (model->layers[1].kernel[i], K[i], 2e-6);
      for (int j = 0; j < 2; j++)
        g_assert_cmpfloat_with_epsilon (model->layers[1].bias[j], b[j], 2e-6);
      g_assert_cmpfloat_with_epsilon (sl_trainer_get_velocity (t, 1, FALSE)[0], vK[0], 2e-6);
    }
}

static void
test_schedules (void)
{
  SlSchedule s;
  sl_schedule_init_course (&s);
  g_assert_cmpfloat (sl_schedule_lr (&s, 0), ==, 1e-3);
  g_assert_cmpfloat (sl_schedule_lr (&s, 14), ==, 1e-3);
  g_assert_cmpfloat (sl_schedule_lr (&s, 15), ==, 5e-4);
  g_assert_cmpfloat (sl_schedule_lr (&s, 29), ==, 5e-4);
  g_assert_cmpfloat (sl_schedule_lr (&s, 30), ==, 2.5e-4);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_schedule_parse ("step:0.1:2", 0.5, &s, &error));
  g_assert_cmpfloat_with_epsilon (sl_schedule_lr (&s, 1), 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (sl_schedule_lr (&s, 3), 0.05, 1e-15);
  g_assert_cmpfloat_with_epsilon (sl_schedule_lr (&s, 4), 0.005, 1e-15);
  g_autofree char *text = sl_schedule_to_string (&s);
  g_assert_cmpstr (text, ==, "step:0.1:2");
  g_assert_true (sl_schedule_parse ("exp:0.5", 0.8, &s, &error));
  g_assert_cmpfloat (sl_schedule_lr (&s, 3), ==, 0.1);
  g_assert_true (sl_schedule_parse ("constant", 0.3, &s, &error));
  g_assert_cmpfloat (sl_schedule_lr (&s, 100), ==, 0.3);
  g_assert_true (sl_schedule_parse ("course", 0.3, &s, &error));
  g_assert_cmpfloat (sl_schedule_lr (&s, 0), ==, 1e-3);
  g_assert_no_error (error);
  const char *const bad[] = { "step:0:5", "step:0.5:0", "step:0.5", "exp:-1", "bogus", "" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (sl_schedule_parse (bad[i], 0.1, &s, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
      g_clear_error (&error);
    }
  g_assert_false (sl_schedule_parse ("constant", -1, &s, &error));
}

static void
test_cross_entropy (void)
{
  const float logits[6] = { 0, 0, 1000, 0, -3, 2 };
  const gint labels[3] = { 0, 1, 1 };
  float d[6];
  gsize correct;
  /* log 2, then 1000 (no overflow), then log(1 + e⁵) − … : CE = logsumexp − z_y. */
  const double ce2 = log (exp (-3.0) + exp (2.0)) - 2.0;
  const double loss = sl_cross_entropy (logits, labels, 3, 2, NULL, d, &correct);
  g_assert_cmpfloat_with_epsilon (loss, (log (2) + 1000 + ce2) / 3, 1e-9);
  g_assert_cmpuint (correct, ==, 2); /* a tie goes to the lowest class */
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (d[2 * i] + d[2 * i + 1], 0, 1e-7);
  g_assert_cmpfloat_with_epsilon (d[0], (0.5 - 1) / 3, 1e-7);
  g_assert_cmpfloat_with_epsilon (d[3], (0.0 - 1) / 3, 1e-7);
  /* Class weights scale each sample's term (and are not renormalised, as Keras' sample weights). */
  const float w[2] = { 2, 0.5f };
  const double wl = sl_cross_entropy (logits, labels, 3, 2, w, d, NULL);
  g_assert_cmpfloat_with_epsilon (wl, (2 * log (2) + 0.5 * 1000 + 0.5 * ce2) / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (d[0], 2 * (0.5 - 1) / 3, 1e-7);
}

static void
test_regularizers (void)
{
  const char *const ok[] = {
    "{\"class_name\": \"L2\", \"config\": {\"l2\": 0.25}}",
    "{\"class_name\": \"L1L2\", \"config\": {\"l1\": 0.5, \"l2\": 0.25}}",
    "\"l2\"",
  };
  const double want[][2] = { { 0, 0.25 }, { 0.5, 0.25 }, { 0, 0.01 } };
  g_autoptr (GError) error = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      JsonNode *n = json_from_string (ok[i], NULL);
      SlRegularizer r;
      g_assert_true (sl_regularizer_parse (n, "test", &r, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (r.l1, ==, want[i][0]);
      g_assert_cmpfloat (r.l2, ==, want[i][1]);
      json_node_unref (n);
    }
  JsonNode *n
      = json_from_string ("{\"class_name\": \"OrthogonalRegularizer\", \"config\": {}}", NULL);
  SlRegularizer r;
  g_assert_false (sl_regularizer_parse (n, "model.json: layer 'd'", &r, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "model.json: layer 'd'"));
  json_node_unref (n);
}

/* A 4 × 4 one-channel image with value 10·row + col. */
static void
pattern (float *img)
{
  for (int r = 0; r < 4; r++)
    for (int c = 0; c < 4; c++)
      img[r * 4 + c] = (float) (10 * r + c);
}

static void
test_augment_apply (void)
{
  float in[16], out[16];
  pattern (in);
  SlAugmentTransform t = { .zx = 1, .zy = 1 };
  sl_augment_apply (&t, in, out, 4, 4, 1);
  g_assert_cmpmem (in, sizeof in, out, sizeof out);

  t.flip_horizontal = TRUE;
  sl_augment_apply (&t, in, out, 4, 4, 1);
  g_assert_cmpfloat (out[0], ==, 3);
  g_assert_cmpfloat (out[7], ==, 10);
  t.flip_horizontal = FALSE, t.flip_vertical = TRUE;
  sl_augment_apply (&t, in, out, 4, 4, 1);
  g_assert_cmpfloat (out[0], ==, 30);
  g_assert_cmpfloat (out[13], ==, 1);

  /* A shift of one row samples input row r + 1 ('nearest' repeats the last row). */
  t = (SlAugmentTransform){ .tx = 1, .zx = 1, .zy = 1 };
  sl_augment_apply (&t, in, out, 4, 4, 1);
  g_assert_cmpfloat (out[0 * 4 + 2], ==, 12);
  g_assert_cmpfloat (out[2 * 4 + 1], ==, 31);
  g_assert_cmpfloat (out[3 * 4 + 1], ==, 31);
  /* Half a column: bilinear, the average of two neighbours (the last column with itself). */
  t = (SlAugmentTransform){ .ty = 0.5, .zx = 1, .zy = 1 };
  sl_augment_apply (&t, in, out, 4, 4, 1);
  g_assert_cmpfloat (out[1 * 4 + 0], ==, 10.5);
  g_assert_cmpfloat (out[1 * 4 + 3], ==, 13);

  /* 90°: Keras centres on (h/2 + ½, w/2 + ½) = (2.5, 2.5), so out(r, c) = in(5 − c, r), rows
   * clamped. */
  t = (SlAugmentTransform){ .theta = 90, .zx = 1, .zy = 1 };
  sl_augment_apply (&t, in, out, 4, 4, 1);
  g_assert_cmpfloat_with_epsilon (out[0 * 4 + 3], 20, 1e-5);
  g_assert_cmpfloat_with_epsilon (out[1 * 4 + 2], 31, 1e-5);
  g_assert_cmpfloat_with_epsilon (out[2 * 4 + 0], 32, 1e-5);

  /* A shear of angle s maps out(r, c) to in(r − sin s·(c − o) , cos s·(c − o) + o). */
  t = (SlAugmentTransform){ .shear = 30, .zx = 1, .zy = 1 };
  sl_augment_apply (&t, in, out, 4, 4, 1);
  const double ry = 1 - sin (G_PI / 6) * (1 - 2.5), cx = cos (G_PI / 6) * (1 - 2.5) + 2.5;
  const double fy = floor (ry), fx = floor (cx), wy = ry - fy, wx = cx - fx;
  const double want = (1 - wy) * ((1 - wx) * (10 * fy + fx) + wx * (10 * fy + fx + 1))
                      + wy * ((1 - wx) * (10 * (fy + 1) + fx) + wx * (10 * (fy + 1) + fx + 1));
  g_assert_cmpfloat_with_epsilon (out[1 * 4 + 1], want, 1e-4);

  /* Channels move together. */
  float rgb[4 * 4 * 3], rgb_out[4 * 4 * 3];
  for (int i = 0; i < 16; i++)
    rgb[3 * i] = in[i], rgb[3 * i + 1] = -in[i], rgb[3 * i + 2] = 1;
  t = (SlAugmentTransform){ .theta = 90, .zx = 1, .zy = 1, .flip_vertical = TRUE };
  sl_augment_apply (&t, rgb, rgb_out, 4, 4, 3);
  sl_augment_apply (&t, in, out, 4, 4, 1);
  for (int i = 0; i < 16; i++)
    {
      g_assert_cmpfloat (rgb_out[3 * i], ==, out[i]);
      g_assert_cmpfloat (rgb_out[3 * i + 1], ==, -out[i]);
      g_assert_cmpfloat (rgb_out[3 * i + 2], ==, 1);
    }
}

static void
test_augment_random (void)
{
  SlAugmentOptions o;
  g_autoptr (GError) error = NULL;
  g_assert_true (
      sl_augment_options_parse ("flip,rotate=20,shift=0.1,shear=10,zoom=0.2", &o, &error));
  g_assert_no_error (error);
  g_assert_true (o.horizontal_flip && o.vertical_flip);
  g_assert_cmpfloat (o.rotation_range, ==, 20);
  g_assert_false (sl_augment_options_parse ("spin=3", &o, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (
      sl_augment_options_parse ("hflip,rotate=20,shift=0.1,shear=10,zoom=0.2", &o, &error));
  g_autoptr (GRand) rng = g_rand_new_with_seed (9);
  guint flips = 0;
  for (int i = 0; i < 2000; i++)
    {
      SlAugmentTransform t;
      sl_augment_random (&o, 150, 100, rng, &t);
      g_assert_cmpfloat (fabs (t.theta), <=, 20);
      g_assert_cmpfloat (fabs (t.tx), <=, 15);
      g_assert_cmpfloat (fabs (t.ty), <=, 10);
      g_assert_cmpfloat (fabs (t.shear), <=, 10);
      g_assert_cmpfloat (fabs (t.zx - 1), <=, 0.2);
      g_assert_false (t.flip_vertical);
      flips += t.flip_horizontal;
    }
  g_assert_cmpuint (flips, >, 900);
  g_assert_cmpuint (flips, <, 1100);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/init/glorot-uniform", test_glorot);
  g_test_add_func ("/train/init/normal", test_normal);
  g_test_add_func ("/train/init/seeded", test_seeded_weights);
  g_test_add_func ("/train/sgd/steps", test_sgd_steps);
  g_test_add_func ("/train/sgd/trainer-toy", test_trainer_toy);
  g_test_add_func ("/train/schedule", test_schedules);
  g_test_add_func ("/train/loss/cross-entropy", test_cross_entropy);
  g_test_add_func ("/train/loss/regularizers", test_regularizers);
  g_test_add_func ("/train/augment/apply", test_augment_apply);
  g_test_add_func ("/train/augment/random", test_augment_random);
  return g_test_run ();
}
