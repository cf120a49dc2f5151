/* Localisation metrics: hand-made maps with known answers, a brute-force check of the tie rules,
 * runs over a small dataset with regions on a tiny model (against per-sample measures), errors,
 * cancellation, the job, the text table and the JSON layout. */
#include "checks/sl-localisation.h"
#include "core/sl-error.h"
#include "jobs/sl-job-pool.h"
#include "jobs/sl-localisation-job.h"
#include "sl-test-util.h"

#include <string.h>

/* The cancellation contract (200 ms) is for optimised builds; sanitizer builds are slower. */
#ifdef __SANITIZE_ADDRESS__
#define CANCEL_MS 600.0
#else
#define CANCEL_MS 200.0
#endif

#define EPS 1e-12

static SlLocalisation
measure (const float *map, const float *region, gsize n)
{
  SlLocalisation loc;
  g_assert_true (sl_localisation_measure (map, region, n, &loc));
  return loc;
}

static void
test_hit_and_miss (void)
{
  const float map[] = { 0, 1, 5, 2 };
  const float hit[] = { 0, 0, 1, 0 };
  SlLocalisation loc = measure (map, hit, 4);
  g_assert_cmpuint (loc.region_size, ==, 1);
  g_assert_cmpfloat (loc.pointing, ==, 1);
  g_assert_cmpfloat_with_epsilon (loc.mass, 5.0 / 8.0, EPS);
  g_assert_cmpfloat (loc.rank, ==, 1);

  const float map2[] = { 0, 9, 5, 2 };
  const float miss[] = { 0, 0, 1, 1 };
  loc = measure (map2, miss, 4);
  g_assert_cmpuint (loc.region_size, ==, 2);
  g_assert_cmpfloat (loc.pointing, ==, 0);
  g_assert_cmpfloat_with_epsilon (loc.mass, 7.0 / 16.0, EPS);
  g_assert_cmpfloat_with_epsilon (loc.rank, 0.5, EPS); /* top 2 = {1, 2} */

  /* Negative values take no mass. */
  const float signed_map[] = { -4, 3, -1, 1 };
  const float r[] = { 1, 1, 1, 0 };
  loc = measure (signed_map, r, 4);
  g_assert_cmpfloat_with_epsilon (loc.mass, 0.75, EPS);
  g_assert_cmpfloat (loc.pointing, ==, 1);
  g_assert_cmpfloat_with_epsilon (loc.rank, 2.0 / 3.0, EPS); /* top 3 = {1, 3, 2} */
}

static void
test_ties (void)
{
  /* Three tied at the maximum, one of them in R. */
  const float map[] = { 3, 3, 3, 1 };
  const float r[] = { 1, 0, 0, 0 };
  SlLocalisation loc = measure (map, r, 4);
  g_assert_cmpfloat_with_epsilon (loc.pointing, 1.0 / 3.0, EPS);
  g_assert_cmpfloat_with_epsilon (loc.rank, 1.0 / 3.0, EPS);
  g_assert_cmpfloat_with_epsilon (loc.mass, 0.3, EPS);

  /* A flat map scores |R| / n everywhere. */
  const float flat[] = { 2, 2, 2, 2, 2 };
  const float r2[] = { 0, 1, 0, 1, 0 };
  loc = measure (flat, r2, 5);
  g_assert_cmpfloat_with_epsilon (loc.pointing, 0.4, EPS);
  g_assert_cmpfloat_with_epsilon (loc.rank, 0.4, EPS);
  g_assert_cmpfloat_with_epsilon (loc.mass, 0.4, EPS);

  /* K = 3: the 5 (in R) and two of the three 4s, one of which is in R: (1 + 2 · 1/3) / 3. */
  const float kth[] = { 5, 4, 4, 4, 1, 0 };
  const float r3[] = { 1, 0, 1, 0, 0, 1 };
  loc = measure (kth, r3, 6);
  g_assert_cmpfloat (loc.pointing, ==, 1);
  g_assert_cmpfloat_with_epsilon (loc.rank, 5.0 / 9.0, EPS);
  g_assert_cmpfloat_with_epsilon (loc.mass, 0.5, EPS);
}

static void
test_no_positive (void)
{
  const float neg[] = { -1, -2, -3 };
  const float r[] = { 0, 1, 0 };
  SlLocalisation loc = measure (neg, r, 3);
  g_assert_true (isnan (loc.mass));
  g_assert_cmpfloat (loc.pointing, ==, 0); /* the maximum, −1, is outside */
  g_assert_cmpfloat (loc.rank, ==, 0);

  const float zero[] = { 0, 0, 0 };
  loc = measure (zero, r, 3);
  g_assert_true (isnan (loc.mass));
  g_assert_cmpfloat_with_epsilon (loc.pointing, 1.0 / 3.0, EPS);
  g_assert_cmpfloat_with_epsilon (loc.rank, 1.0 / 3.0, EPS);
}

static void
test_weights (void)
{
  /* Any weight > 0 is inside, whatever its size: the same as the binary region. */
  const float map[] = { 0, 1, 2, 3 };
  const float soft[] = { 0, 0.2f, 1e-6f, 0 };
  const float hard[] = { 0, 1, 1, 0 };
  const SlLocalisation a = measure (map, soft, 4), b = measure (map, hard, 4);
  g_assert_cmpuint (a.region_size, ==, 2);
  g_assert_cmpfloat (a.pointing, ==, 0);
  g_assert_cmpfloat_with_epsilon (a.rank, 0.5, EPS);
  g_assert_cmpfloat_with_epsilon (a.mass, 0.5, EPS);
  g_assert_cmpmem (&a, sizeof a, &b, sizeof b);

  /* Negative or NaN weights are outside. */
  const float odd[] = { NAN, -1, 1, 0 };
  const SlLocalisation c = measure (map, odd, 4);
  g_assert_cmpuint (c.region_size, ==, 1);
  g_assert_cmpfloat (c.rank, ==, 0);
}

static void
test_non_finite (void)
{
  /* NaN, +inf and −inf all count as −∞: the maximum is the 1. */
  const float map[] = { NAN, 1, INFINITY, -INFINITY, 0.5f };
  const float r[] = { 1, 0, 1, 0, 0 };
  SlLocalisation loc = measure (map, r, 5);
  g_assert_cmpfloat (loc.pointing, ==, 0);
  g_assert_cmpfloat (loc.rank, ==, 0); /* top 2 = {1, 4} */
  g_assert_cmpfloat (loc.mass, ==, 0);
  g_assert_true (isfinite (loc.mass));

  /* One finite value in R. */
  const float map2[] = { NAN, 0.25f, INFINITY };
  const float r2[] = { 0, 1, 0 };
  loc = measure (map2, r2, 3);
  g_assert_cmpfloat (loc.pointing, ==, 1);
  g_assert_cmpfloat (loc.rank, ==, 1);
  g_assert_cmpfloat (loc.mass, ==, 1);

  /* Nothing finite: a flat map at −∞. */
  const float nans[] = { NAN, NAN };
  const float r3[] = { 1, 0 };
  loc = measure (nans, r3, 2);
  g_assert_cmpfloat_with_epsilon (loc.pointing, 0.5, EPS);
  g_assert_cmpfloat_with_epsilon (loc.rank, 0.5, EPS);
  g_assert_true (isnan (loc.mass));
}

static void
test_empty_and_single (void)
{
  const float map[] = { 1, 2, 3 };
  const float none[] = { 0, 0, -1 };
  SlLocalisation loc = { 1, 1, 1, 7 };
  g_assert_false (sl_localisation_measure (map, none, 3, &loc));
  g_assert_true (isnan (loc.pointing) && isnan (loc.mass) && isnan (loc.rank));
  g_assert_cmpuint (loc.region_size, ==, 0);
  g_assert_false (sl_localisation_measure (map, none, 0, &loc));

  const float one[] = { 0.5f }, in[] = { 1 };
  loc = measure (one, in, 1);
  g_assert_cmpfloat (loc.pointing, ==, 1);
  g_assert_cmpfloat (loc.mass, ==, 1);
  g_assert_cmpfloat (loc.rank, ==, 1);
  const float neg[] = { -0.5f };
  loc = measure (neg, in, 1);
  g_assert_true (isnan (loc.mass));
  g_assert_cmpfloat (loc.rank, ==, 1);
}

/* Brute force: every order of the positions breaks the ties once; pointing and rank are the mean
 * hits of the first position and of the first K over all n! orders. */
typedef struct
{
  const float *map, *region;
  gsize n, k;
  double pointing, rank;
  gsize orders;
} Brute;

static float
value (const Brute *b, gsize i)
{
  return isfinite (b->map[i]) ? b->map[i] : -INFINITY;
}

static void
brute_score (Brute *b, const gsize *perm)
{
  /* A stable selection sort by decreasing value over the order `perm`. */
  gsize sorted[8];
  gboolean used[8] = { 0 };
  for (gsize r = 0; r < b->n; r++)
    {
      gsize best = G_MAXSIZE;
      for (gsize j = 0; j < b->n; j++)
        if (!used[j] && (best == G_MAXSIZE || value (b, perm[j]) > value (b, perm[best])))
          best = j;
      used[best] = TRUE;
      sorted[r] = perm[best];
    }
  b->pointing += b->region[sorted[0]] > 0;
  gsize hits = 0;
  for (gsize r = 0; r < b->k; r++)
    hits += b->region[sorted[r]] > 0;
  b->rank += (double) hits / (double) b->k;
  b->orders++;
}

static void
brute_permute (Brute *b, gsize *perm, gsize depth)
{
  if (depth == b->n)
    {
      brute_score (b, perm);
      return;
    }
  for (gsize i = depth; i < b->n; i++)
    {
      gsize t = perm[depth];
      perm[depth] = perm[i], perm[i] = t;
      brute_permute (b, perm, depth + 1);
      t = perm[depth];
      perm[depth] = perm[i], perm[i] = t;
    }
}

static void
test_brute_force (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  static const float levels[] = { -1, 0, 0.5f, 1, 2, NAN };
  for (guint trial = 0; trial < 300; trial++)
    {
      const gsize n = (gsize) g_rand_int_range (rand, 1, 7);
      float map[8], region[8];
      gsize k = 0;
      for (gsize i = 0; i < n; i++)
        {
          map[i] = levels[g_rand_int_range (rand, 0, G_N_ELEMENTS (levels))];
          region[i] = g_rand_boolean (rand) ? (float) g_rand_double_range (rand, 0.1, 1) : 0;
          k += region[i] > 0;
        }
      SlLocalisation loc;
      const gboolean counted = sl_localisation_measure (map, region, n, &loc);
      g_assert_cmpint (counted, ==, k > 0);
      if (!counted)
        continue;
      Brute b = { map, region, n, k, 0, 0, 0 };
      gsize perm[8];
      for (gsize i = 0; i < n; i++)
        perm[i] = i;
      brute_permute (&b, perm, 0);
      g_assert_cmpfloat_with_epsilon (loc.pointing, b.pointing / (double) b.orders, 1e-9);
      g_assert_cmpfloat_with_epsilon (loc.rank, b.rank / (double) b.orders, 1e-9);
      double pos = 0, pos_in = 0;
      for (gsize i = 0; i < n; i++)
        if (value (&b, i) > 0)
          pos += map[i], pos_in += region[i] > 0 ? map[i] : 0;
      if (pos > 0)
        g_assert_cmpfloat_with_epsilon (loc.mass, pos_in / pos, 1e-9);
      else
        g_assert_true (isnan (loc.mass));
    }
}

/* A long map: the same answers as the definitions written out, and quickly. */
static void
test_large (void)
{
  const gsize n = 224 * 224;
  g_autofree float *map = g_new (float, n);
  g_autofree float *region = g_new (float, n);
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  for (gsize i = 0; i < n; i++)
    {
      map[i] = (float) g_rand_int_range (rand, -50, 200) / 8.0f; /* many ties */
      const gsize y = i / 224, x = i % 224;
      region[i] = y >= 50 && y < 150 && x >= 60 && x < 120 ? 1.0f : 0.0f;
    }
  const gint64 t0 = g_get_monotonic_time ();
  SlLocalisation loc;
  g_assert_true (sl_localisation_measure (map, region, n, &loc));
  const double ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
  g_test_message ("224 x 224 map measured in %.2f ms", ms);
  g_assert_cmpuint (loc.region_size, ==, 100 * 60);
  /* A random map: every metric near the region's share, 6000 / 50176. */
  const double share = 6000.0 / (double) n;
  g_assert_cmpfloat (fabs (loc.rank - share), <, 0.02);
  g_assert_cmpfloat (fabs (loc.mass - share), <, 0.02);
  g_assert_cmpfloat (fabs (loc.pointing - share), <, 0.1);
}

/* ---- A dataset kind with regions, over arrays ---- */

#define L 16
#define N_SAMPLES 24

typedef struct
{
  float *x;       /* N × L */
  float *regions; /* 2 × N × L: "bump", "half" */
} Bumps;

static gboolean
bumps_get_sample (SlDataset *self, gsize index, float *out, GError **error)
{
  const Bumps *b = self->priv;
  memcpy (out, b->x + index * L, L * sizeof (float));
  return TRUE;
}

static gboolean
bumps_get_region (SlDataset *self, gsize index, guint region, float *out, GError **error)
{
  const Bumps *b = self->priv;
  memcpy (out, b->regions + ((gsize) region * self->n_samples + index) * L, L * sizeof (float));
  return TRUE;
}

static void
bumps_finalize (SlDataset *self)
{
  Bumps *b = self->priv;
  g_free (b->x);
  g_free (b->regions);
  g_free (b);
}

static const SlDatasetClass bumps_class = {
  .kind = "bumps",
  .get_sample = bumps_get_sample,
  .finalize = bumps_finalize,
  .get_region = bumps_get_region,
};

static const SlDatasetClass plain_class = {
  .kind = "plain",
  .get_sample = bumps_get_sample,
  .finalize = bumps_finalize,
};

/* A bump of height 2 per signal over noise; its region weighs 1 at its centre and 0.5 beside.
 * Every seventh sample (3, 10, 17) has no bump and an empty "bump" region; every fourth label is
 * unknown. `with_regions` FALSE: the same signals without ground truth. */
static SlDataset *
bumps_new (gboolean with_regions)
{
  SlDataset *d = sl_dataset_new_base (with_regions ? &bumps_class : &plain_class, "bumps");
  Bumps *b = g_new0 (Bumps, 1);
  d->priv = b;
  d->n_samples = N_SAMPLES;
  d->rank = 2;
  d->shape[0] = L;
  d->shape[1] = 1;
  d->n_classes = 3;
  d->class_names = g_strsplit ("a,b,c", ",", -1);
  d->labels = g_new (gint, N_SAMPLES);
  b->x = g_new (float, N_SAMPLES * L);
  b->regions = g_new0 (float, 2 * N_SAMPLES * L);
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);
  for (gsize s = 0; s < N_SAMPLES; s++)
    {
      const gboolean bump = s % 7 != 3;
      const gsize centre = 1 + (s * 5) % (L - 2);
      d->labels[s] = s % 4 == 1 ? -1 : (gint) (s % 3);
      for (gsize i = 0; i < L; i++)
        {
          const gsize dist = i > centre ? i - centre : centre - i;
          float *x = &b->x[s * L + i];
          *x = (float) g_rand_double_range (rand, -0.3, 0.3);
          if (bump && dist <= 1)
            {
              *x += dist ? 1.0f : 2.0f;
              b->regions[s * L + i] = dist ? 0.5f : 1.0f;
            }
          b->regions[(N_SAMPLES + s) * L + i] = i < L / 2;
        }
    }
  if (with_regions)
    {
      d->n_regions = 2;
      d->region_names = g_strsplit ("bump,half", ",", -1);
    }
  return d;
}

/* Conv1D (same) → Flatten → Dense(3), random weights. */
static SlModel *
tiny_model (void)
{
  static const char *json
      = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"tiny\", \"layers\": ["
        "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 16, 1], "
        "\"name\": \"in\"}},"
        "{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"conv\", \"filters\": 4, "
        "\"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\"}},"
        "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\"}},"
        "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3, "
        "\"activation\": \"softmax\"}}]}}";
  g_autoptr (GError) error = NULL;
  SlModel *model = sl_model_new_from_json (json, "tiny", &error);
  g_assert_no_error (error);
  g_autoptr (GRand) rand = g_rand_new_with_seed (9);
  for (guint i = 0; i < model->n_layers; i++)
    {
      SlLayer *l = &model->layers[i];
      if (l->kind != SL_LAYER_CONV && l->kind != SL_LAYER_DENSE)
        continue;
      gsize h, w, c;
      sl_shape_hwc (&l->in, &h, &w, &c);
      const gsize fan_in = l->kind == SL_LAYER_DENSE ? c : l->kh * l->kw * c;
      for (gsize j = 0; j < fan_in * l->units; j++)
        l->kernel[j] = (float) (g_rand_double_range (rand, -1, 1) / sqrt ((double) fan_in));
      for (gsize j = 0; j < l->units; j++)
        l->bias[j] = (float) g_rand_double_range (rand, -0.1, 0.1);
    }
  return model;
}

/* The tiny model, the dataset with regions, and three requests: gradcam, saliency and RISE
 * (random: its seed follows the dataset index). */
typedef struct
{
  SlModel *model;
  SlDataset *dataset;
  SlParams *rise;
  SlExplainRequest reqs[3];
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  fx->model = tiny_model ();
  fx->dataset = bumps_new (TRUE);
  sl_explain_request_init (&fx->reqs[0], "gradcam");
  sl_explain_request_init (&fx->reqs[1], "saliency");
  sl_explain_request_init (&fx->reqs[2], "rise");
  fx->rise = sl_method_new_params (sl_method_lookup ("rise"));
  g_assert_true (sl_params_set (fx->rise, "n_masks", "200", NULL));
  fx->reqs[2].params = fx->rise;
  fx->reqs[2].seed = 40;
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  sl_model_unref (fx->model);
  sl_dataset_unref (fx->dataset);
  sl_params_free (fx->rise);
}

/* Every slot of `t` equals sl_localisation_measure on sl_explain's map of that sample, and the
 * means are those of the defined values. */
static void
check_against_measure (const SlModel *model, SlDataset *dataset, const SlLocalisationTable *t,
                       const SlExplainRequest *reqs, gboolean use_labels)
{
  const int region = sl_dataset_find_region (dataset, t->region);
  g_assert_cmpint (region, >=, 0);
  float x[L], r[L];
  for (guint m = 0; m < t->n_methods; m++)
    {
      double sums[3] = { 0 };
      gsize counted = 0, mass_counted = 0;
      for (gsize s = 0; s < t->n_done; s++)
        {
          const gsize i = t->indices[s], slot = m * t->n_samples + s;
          g_autoptr (GError) error = NULL;
          g_assert_true (sl_dataset_get_sample (dataset, i, x, &error));
          g_assert_true (sl_dataset_get_region (dataset, i, (guint) region, r, &error));
          g_assert_cmpint (t->label[s], ==, dataset->labels[i]);
          gboolean empty = TRUE;
          for (gsize k = 0; k < L; k++)
            empty &= !(r[k] > 0);
          if (empty)
            {
              g_assert_true (isnan (t->sample_pointing[slot]));
              g_assert_true (isnan (t->sample_mass[slot]));
              g_assert_true (isnan (t->sample_rank[slot]));
              continue;
            }
          SlExplainRequest req = reqs[m];
          req.target = use_labels && t->label[s] >= 0 ? t->label[s] : SL_EXPLAIN_TARGET_PREDICTED;
          req.seed = reqs[m].seed + i;
          g_autoptr (SlExplanation) e = sl_explain (model, x, &req, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (t->target[s], ==, e->target);
          SlLocalisation want;
          g_assert_true (sl_localisation_measure (e->map_input, r, L, &want));
          g_assert_cmpfloat (t->sample_pointing[slot], ==, want.pointing);
          g_assert_cmpfloat (t->sample_rank[slot], ==, want.rank);
          if (isnan (want.mass))
            g_assert_true (isnan (t->sample_mass[slot]));
          else
            {
              g_assert_cmpfloat (t->sample_mass[slot], ==, want.mass);
              sums[1] += want.mass;
              mass_counted++;
            }
          sums[0] += want.pointing;
          sums[2] += want.rank;
          counted++;
        }
      g_assert_cmpuint (t->n_counted[m], ==, counted);
      g_assert_cmpfloat_with_epsilon (t->pointing[m], sums[0] / (double) counted, 1e-12);
      g_assert_cmpfloat_with_epsilon (t->rank[m], sums[2] / (double) counted, 1e-12);
      g_assert_cmpfloat_with_epsilon (t->mass[m], sums[1] / (double) mass_counted, 1e-12);
      g_assert_cmpfloat (t->method_seconds[m], >, 0);
    }
}

typedef struct
{
  gsize calls, last;
} Progress;

static void
count_progress (gsize done, gsize total, gpointer data)
{
  Progress *p = data;
  g_assert_cmpuint (done, ==, p->last + 1);
  g_assert_cmpuint (done, <=, total);
  p->calls++;
  p->last = done;
}

static void
test_run (Fixture *fx, gconstpointer data)
{
  const SlModel *model = fx->model;
  SlDataset *dataset = fx->dataset;
  const SlExplainRequest *reqs = fx->reqs;
  g_autoptr (GError) error = NULL;
  Progress p = { 0 };
  g_autoptr (SlLocalisationTable) t = sl_localisation_run (
      model, dataset, NULL, N_SAMPLES, reqs, 3, NULL, count_progress, &p, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p.calls, ==, N_SAMPLES);
  g_assert_cmpuint (t->n_done, ==, N_SAMPLES);
  g_assert_false (t->partial);
  g_assert_cmpstr (t->dataset, ==, "bumps");
  g_assert_cmpstr (t->region, ==, "bump"); /* the first */
  g_assert_cmpstr (t->methods[0], ==, "gradcam (logit)");
  g_assert_cmpstr (t->methods[1], ==, "saliency (logit)");
  g_assert_cmpuint (t->n_counted[0], ==, N_SAMPLES - 3); /* 3, 10, 17 have no bump */
  g_assert_cmpfloat (t->seconds, >, 0);
  for (gsize s = 0; s < N_SAMPLES; s++)
    g_assert_cmpuint (t->indices[s], ==, s);
  check_against_measure (model, dataset, t, reqs, FALSE);
  g_autofree char *text = sl_localisation_table_format (t);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "gradcam (logit)"));
  g_assert_nonnull (strstr (text, "pointing %"));

  /* A list of samples, the second region, the true classes. */
  const gsize some[] = { 16, 5, 0, 10 };
  SlLocalisationOptions o;
  sl_localisation_options_init (&o);
  o.region = "half";
  o.use_labels = TRUE;
  g_autoptr (SlLocalisationTable) h
      = sl_localisation_run (model, dataset, some, 4, reqs, 3, &o, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (h->region, ==, "half");
  g_assert_cmpuint (h->n_counted[2], ==, 4);
  g_assert_cmpmem (h->indices, sizeof some, some, sizeof some);
  g_assert_cmpuint (h->target[0], ==, 16 % 3);
  g_assert_cmpint (h->label[1], ==, -1); /* 5: unknown, so the predicted class */
  check_against_measure (model, dataset, h, reqs, TRUE);

  /* RISE's seed follows the dataset index, not the position in the list. */
  o.region = NULL;
  o.use_labels = FALSE;
  g_autoptr (SlLocalisationTable) one
      = sl_localisation_run (model, dataset, &some[1], 1, reqs, 3, &o, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (one->sample_rank[2], ==, t->sample_rank[2 * N_SAMPLES + 5]);
  g_assert_cmpfloat (one->sample_mass[2], ==, t->sample_mass[2 * N_SAMPLES + 5]);

  /* On a core budget: the same numbers. */
  g_autoptr (SlParallel) parallel = sl_parallel_new (2);
  o.parallel = parallel;
  g_autoptr (SlLocalisationTable) par
      = sl_localisation_run (model, dataset, NULL, N_SAMPLES, reqs, 3, &o, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (gsize k = 0; k < 3 * N_SAMPLES; k++)
    g_assert_true (par->sample_rank[k] == t->sample_rank[k]
                   || (isnan (par->sample_rank[k]) && isnan (t->sample_rank[k])));
  g_assert_cmpmem (par->target, N_SAMPLES * sizeof (guint), t->target, N_SAMPLES * sizeof (guint));
}

static void
test_errors (void)
{
  g_autoptr (SlModel) model = tiny_model ();
  g_autoptr (SlDataset) plain = bumps_new (FALSE);
  g_autoptr (SlDataset) dataset = bumps_new (TRUE);
  SlExplainRequest req;
  sl_explain_request_init (&req, "gradcam");
  g_autoptr (GError) error = NULL;
  SlLocalisationTable *t
      = sl_localisation_run (model, plain, NULL, 4, &req, 1, NULL, NULL, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "bumps has no ground-truth regions"));
  g_clear_error (&error);

  SlLocalisationOptions o;
  sl_localisation_options_init (&o);
  o.region = "object";
  t = sl_localisation_run (model, dataset, NULL, 4, &req, 1, &o, NULL, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "bumps has no region 'object' (its regions: bump, half)");
  g_clear_error (&error);

  const gsize past[] = { 2, N_SAMPLES };
  t = sl_localisation_run (model, dataset, past, 2, &req, 1, NULL, NULL, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "sample 24 does not exist"));
  g_clear_error (&error);

  SlExplainRequest bad;
  sl_explain_request_init (&bad, "no-such-method");
  t = sl_localisation_run (model, dataset, NULL, 4, &bad, 1, NULL, NULL, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_clear_error (&error);

  t = sl_localisation_run (model, dataset, NULL, 4, &req, 0, NULL, NULL, NULL, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
}

/* ---- Cancellation ---- */

typedef struct
{
  const SlModel *model;
  SlDataset *dataset;
  gboolean keep_partial;
  GCancellable *cancellable;
  SlLocalisationTable *table;
  GError *error;
  gint64 returned;
} CancelRun;

/* RISE with a great many masks: seconds per sample. */
static SlParams *
slow_rise (SlExplainRequest *req)
{
  SlParams *p = sl_method_new_params (sl_method_lookup ("rise"));
  g_assert_true (sl_params_set (p, "n_masks", "5000000", NULL));
  sl_explain_request_init (req, "rise");
  req->params = p;
  return p;
}

static gpointer
cancel_thread (gpointer data)
{
  CancelRun *c = data;
  SlExplainRequest reqs[2];
  sl_explain_request_init (&reqs[0], "saliency");
  g_autoptr (SlParams) p = slow_rise (&reqs[1]);
  SlLocalisationOptions o;
  sl_localisation_options_init (&o);
  o.keep_partial = c->keep_partial;
  c->table = sl_localisation_run (c->model, c->dataset, NULL, N_SAMPLES, reqs, 2, &o, NULL, NULL,
                                  c->cancellable, &c->error);
  c->returned = g_get_monotonic_time ();
  return NULL;
}

/* `data`: keep_partial. */
static void
test_cancel (Fixture *fx, gconstpointer data)
{
  const gboolean keep_partial = GPOINTER_TO_INT (data);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  CancelRun c = { fx->model, fx->dataset, keep_partial, cancellable, NULL, NULL, 0 };
  GThread *thread = g_thread_new ("cancel", cancel_thread, &c);
  g_usleep (300 * 1000);
  const gint64 t0 = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);
  const double ms = (double) (c.returned - t0) / 1000.0;
  g_test_message ("localisation returned %.1f ms after the cancel", ms);
  g_assert_cmpfloat (ms, >=, 0); /* it was still running */
  g_assert_cmpfloat (ms, <, CANCEL_MS);
  g_autoptr (SlLocalisationTable) t = c.table;
  if (!keep_partial)
    {
      g_assert_null (t);
      g_assert_error (c.error, SL_ERROR, SL_ERROR_CANCELLED);
      g_clear_error (&c.error);
      return;
    }
  g_assert_no_error (c.error);
  g_assert_nonnull (t);
  g_assert_true (t->partial);
  g_assert_cmpuint (t->n_done, <, t->n_samples);
  /* Means over the samples done only (NaN when none was). */
  g_assert_cmpuint (t->n_counted[1], <=, t->n_done);
  if (t->n_done == 0)
    g_assert_true (isnan (t->pointing[0]));
  g_autoptr (JsonNode) node = sl_localisation_table_to_json (t, TRUE);
  JsonObject *o = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (o, "partial"));
  g_assert_cmpint (json_object_get_int_member (o, "samples"), ==, (gint64) t->n_done);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "per_sample")), ==,
                    t->n_done);
}

/* ---- The job ---- */

static void
test_job (Fixture *fx, gconstpointer data)
{
  SlModel *model = fx->model;
  SlDataset *dataset = fx->dataset;
  SlLocalisationOptions o;
  sl_localisation_options_init (&o);
  g_autofree char *region = g_strdup ("half");
  o.region = region;
  SlExplainRequest reqs[3] = { fx->reqs[0], fx->reqs[1], fx->reqs[2] };
  g_autoptr (SlParams) rise = sl_params_copy (fx->rise);
  reqs[2].params = rise;
  const gsize some[] = { 4, 8, 15, 16, 23, 3 };
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 2);
  g_autoptr (SlJob) job = sl_localisation_job_new (model, dataset, some, 6, reqs, 3, &o);
  /* The job keeps copies: the caller's region and parameters may go. */
  g_clear_pointer (&region, g_free);
  g_clear_pointer (&rise, sl_params_free);
  g_assert_cmpstr (sl_job_get_kind (job), ==, "localisation");
  sl_job_pool_push (pool, job);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_job_wait (job, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_job_get_done (job), ==, 6);
  g_assert_cmpuint (sl_job_get_total (job), ==, 6);
  const SlLocalisationTable *t = sl_job_get_result (job);
  g_assert_nonnull (t);
  g_assert_cmpstr (t->region, ==, "half");
  g_assert_cmpmem (t->indices, sizeof some, some, sizeof some);

  /* The same numbers as the library on the calling thread. */
  o.region = "half";
  g_autoptr (SlLocalisationTable) plain
      = sl_localisation_run (model, dataset, some, 6, fx->reqs, 3, &o, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (plain->sample_rank, 18 * sizeof (double), t->sample_rank, 18 * sizeof (double));
  g_assert_cmpmem (plain->sample_pointing, 18 * sizeof (double), t->sample_pointing,
                   18 * sizeof (double));

  /* Without indices: the first n samples; NULL options: the first region. */
  g_autoptr (SlJob) all = sl_localisation_job_new (model, dataset, NULL, 5, fx->reqs, 1, NULL);
  sl_job_pool_push (pool, all);
  g_assert_true (sl_job_wait (all, &error));
  const SlLocalisationTable *ta = sl_job_get_result (all);
  g_assert_cmpstr (ta->region, ==, "bump");
  g_assert_cmpuint (ta->n_done, ==, 5);
  g_assert_cmpuint (ta->indices[4], ==, 4);

  /* A dataset without regions fails clearly. */
  g_autoptr (SlDataset) plain_set = bumps_new (FALSE);
  g_autoptr (SlJob) bad = sl_localisation_job_new (model, plain_set, NULL, 5, fx->reqs, 1, NULL);
  sl_job_pool_push (pool, bad);
  g_assert_false (sl_job_wait (bad, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
  g_assert_null (sl_job_get_result (bad));
}

static void
test_job_cancel (Fixture *fx, gconstpointer data)
{
  SlModel *model = fx->model;
  SlDataset *dataset = fx->dataset;
  SlExplainRequest req;
  g_autoptr (SlParams) p = slow_rise (&req);
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 0);
  g_autoptr (SlJob) job = sl_localisation_job_new (model, dataset, NULL, N_SAMPLES, &req, 1, NULL);
  sl_job_pool_push (pool, job);
  while (sl_job_get_state (job) == SL_JOB_QUEUED)
    g_main_context_iteration (NULL, TRUE);
  const gint64 until = g_get_monotonic_time () + 300 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_false (sl_job_is_finished (job));
  const gint64 t0 = g_get_monotonic_time ();
  sl_job_cancel (job);
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_job_wait (job, &error));
  const double ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
  g_test_message ("localisation job: cancelled in %.1f ms", ms);
  g_assert_cmpfloat (ms, <, CANCEL_MS);
  g_assert_error (error, SL_ERROR, SL_ERROR_CANCELLED);
  g_assert_cmpint (sl_job_get_state (job), ==, SL_JOB_CANCELLED);
  const SlLocalisationTable *t = sl_job_get_result (job);
  g_assert_nonnull (t);
  g_assert_true (t->partial);
  g_assert_cmpuint (t->n_done, <, N_SAMPLES);
  g_assert_cmpuint (t->n_done, ==, sl_job_get_done (job));
}

/* ---- The JSON layout ---- */

static void
test_json (Fixture *fx, gconstpointer data)
{
  const SlModel *model = fx->model;
  SlDataset *dataset = fx->dataset;
  SlExplainRequest reqs[2] = { fx->reqs[0], fx->reqs[1] };
  reqs[0].score = SL_SCORE_PROB;
  const gsize some[] = { 2, 3, 5 }; /* 3 has an empty region; 5 an unknown label */
  g_autoptr (GError) error = NULL;
  g_autoptr (SlLocalisationTable) t
      = sl_localisation_run (model, dataset, some, 3, reqs, 2, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_autoptr (JsonNode) brief = sl_localisation_table_to_json (t, FALSE);
  JsonObject *b = json_node_get_object (brief);
  g_assert_false (json_object_has_member (b, "per_sample"));
  g_assert_false (json_object_has_member (b, "partial"));

  g_autoptr (JsonNode) node = sl_localisation_table_to_json (t, TRUE);
  g_autofree char *text = json_to_string (node, TRUE);
  g_test_message ("%s", text);
  /* Through text and back, as a reader sees it. */
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "dataset"), ==, "bumps");
  g_assert_cmpstr (json_object_get_string_member (o, "region"), ==, "bump");
  g_assert_cmpint (json_object_get_int_member (o, "samples"), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (o, "seconds"), ==, t->seconds);
  JsonArray *methods = json_object_get_array_member (o, "methods");
  g_assert_cmpuint (json_array_get_length (methods), ==, 2);
  for (guint m = 0; m < 2; m++)
    {
      JsonObject *row = json_array_get_object_element (methods, m);
      g_assert_cmpstr (json_object_get_string_member (row, "method"), ==, t->methods[m]);
      g_assert_cmpfloat (json_object_get_double_member (row, "pointing"), ==, t->pointing[m]);
      g_assert_cmpfloat (json_object_get_double_member (row, "rank"), ==, t->rank[m]);
      g_assert_cmpfloat (json_object_get_double_member (row, "mass"), ==, t->mass[m]);
      g_assert_cmpint (json_object_get_int_member (row, "samples"), ==, 2);
      g_assert_cmpfloat (json_object_get_double_member (row, "seconds"), ==, t->method_seconds[m]);
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (methods, 0),
                                                  "method"),
                   ==, "gradcam (prob)");
  JsonArray *per = json_object_get_array_member (o, "per_sample");
  g_assert_cmpuint (json_array_get_length (per), ==, 3);
  for (guint s = 0; s < 3; s++)
    {
      JsonObject *row = json_array_get_object_element (per, s);
      g_assert_cmpint (json_object_get_int_member (row, "index"), ==, (gint64) some[s]);
      g_assert_cmpint (json_object_get_int_member (row, "target"), ==, t->target[s]);
      if (dataset->labels[some[s]] < 0)
        g_assert_true (json_object_get_null_member (row, "label"));
      else
        g_assert_cmpint (json_object_get_int_member (row, "label"), ==, dataset->labels[some[s]]);
      static const char *const keys[] = { "pointing", "mass", "rank" };
      const double *values[] = { t->sample_pointing, t->sample_mass, t->sample_rank };
      for (guint k = 0; k < 3; k++)
        {
          JsonArray *a = json_object_get_array_member (row, keys[k]);
          g_assert_cmpuint (json_array_get_length (a), ==, 2);
          for (guint m = 0; m < 2; m++)
            {
              const double v = values[k][m * t->n_samples + s];
              JsonNode *e = json_array_get_element (a, m);
              if (isnan (v))
                g_assert_true (JSON_NODE_HOLDS_NULL (e));
              else
                g_assert_cmpfloat (json_node_get_double (e), ==, v);
            }
        }
    }
  /* The sample without a region: nulls, and its class still known. */
  JsonObject *empty = json_array_get_object_element (per, 1);
  g_assert_true (JSON_NODE_HOLDS_NULL (
      json_array_get_element (json_object_get_array_member (empty, "pointing"), 0)));
  g_assert_cmpint (json_object_get_int_member (empty, "target"), <, 3);
}

/* The pointing game's tolerance: a disc of Euclidean radius around every region position. */
static void
test_dilate (void)
{
  float region[25] = { 0 }, out[25];
  region[2 * 5 + 2] = 0.5f;
  const struct { double tol; guint count; } cases[] = { { 0, 1 }, { 1, 5 }, { 1.5, 9 }, { 2, 13 }, { 9, 25 } };
  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      sl_localisation_dilate (region, 5, 5, cases[c].tol, out);
      guint count = 0;
      for (guint i = 0; i < 25; i++)
        count += out[i] == 1;
      g_assert_cmpuint (count, ==, cases[c].count);
    }
  /* A signal (h = 1): the points within 2 of point 0 are 0, 1, 2. */
  float line[6] = { 1, 0, 0, 0, 0, 0 }, near[6];
  sl_localisation_dilate (line, 1, 6, 2, near);
  const float want[6] = { 1, 1, 1, 0, 0, 0 };
  g_assert_cmpmem (near, sizeof near, want, sizeof want);
  /* A map peaking next to the region misses it, and hits it within one position. */
  const float map[6] = { 0, 0.1f, 0.9f, 0, 0, 0 };
  const float reg[6] = { 0, 1, 0, 0, 0, 0 };
  SlLocalisation loc;
  g_assert_true (sl_localisation_measure (map, reg, 6, &loc));
  g_assert_cmpfloat (loc.pointing, ==, 0);
  sl_localisation_dilate (reg, 1, 6, 1, near);
  g_assert_true (sl_localisation_measure (map, near, 6, &loc));
  g_assert_cmpfloat (loc.pointing, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/localisation/measure/hit-miss", test_hit_and_miss);
  g_test_add_func ("/localisation/measure/dilate", test_dilate);
  g_test_add_func ("/localisation/measure/ties", test_ties);
  g_test_add_func ("/localisation/measure/no-positive", test_no_positive);
  g_test_add_func ("/localisation/measure/weights", test_weights);
  g_test_add_func ("/localisation/measure/non-finite", test_non_finite);
  g_test_add_func ("/localisation/measure/empty-single", test_empty_and_single);
  g_test_add_func ("/localisation/measure/brute-force", test_brute_force);
  g_test_add_func ("/localisation/measure/large", test_large);
  g_test_add ("/localisation/run", Fixture, NULL, fixture_setup, test_run, fixture_teardown);
  g_test_add_func ("/localisation/errors", test_errors);
  g_test_add ("/localisation/cancel", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_cancel, fixture_teardown);
  g_test_add ("/localisation/cancel-partial", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_cancel, fixture_teardown);
  g_test_add ("/localisation/job", Fixture, NULL, fixture_setup, test_job, fixture_teardown);
  g_test_add ("/localisation/job-cancel", Fixture, NULL, fixture_setup, test_job_cancel,
              fixture_teardown);
  g_test_add ("/localisation/json", Fixture, NULL, fixture_setup, test_json, fixture_teardown);
  return g_test_run ();
}
