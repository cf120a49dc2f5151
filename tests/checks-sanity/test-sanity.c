/* The cascading randomisation sanity check on a tiny model: steps and layers, the cascade's
 * weights redrawn by hand, determinism, seeds, errors, cancellation, partial results, the job,
 * JSON; and the cancellation latency on MNIST1D.h5. */
#include "checks/sl-sanity.h"
#include "checks/sl-similarity.h"
#include "core/sl-error.h"
#include "datasets/sl-dataset-array.h"
#include "datasets/sl-dataset-open.h"
#include "jobs/sl-job-pool.h"
#include "jobs/sl-sanity-job.h"
#include "sl-test-util.h"
#include "train/sl-train-spec.h"

#include <string.h>

/* The cancellation contract (200 ms) is for optimised builds; sanitizer builds run several times
 * slower. */
#ifdef __SANITIZE_ADDRESS__
#define CANCEL_MS 600.0
#else
#define CANCEL_MS 200.0
#endif

#define LAYER(cls, name, cfg) \
  "{\"class_name\": \"" cls "\", \"config\": {\"name\": \"" name "\"" cfg "}}"
#define HEAD \
  "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"tiny\", \"layers\": [" \
  LAYER ("InputLayer", "in", ", \"batch_input_shape\": [null, 40, 1]") ","
#define CONV(name) \
  LAYER ("Conv1D", name, ", \"filters\": 4, \"kernel_size\": 3, \"padding\": \"same\", " \
         "\"activation\": \"relu\", \"use_bias\": true")

/* Conv1D → Conv1D → Flatten → Dense(3): three layers with weights. */
static const char *tiny_json
    = HEAD CONV ("conv1d") "," CONV ("conv1d_1") "," LAYER ("Flatten", "flatten", "") ","
      LAYER ("Dense", "dense", ", \"units\": 3, \"activation\": \"softmax\", \"use_bias\": true, "
             "\"bias_initializer\": {\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": 0.1}}")
      "]}}";

static const char *no_weights_json
    = HEAD LAYER ("Flatten", "flatten", "") "]}}";

static const char *orthogonal_json
    = HEAD LAYER ("Flatten", "flatten", "") ","
      LAYER ("Dense", "dense", ", \"units\": 3, \"kernel_initializer\": {\"class_name\": "
             "\"Orthogonal\", \"config\": {}}")
      "]}}";

static SlModel *
tiny_model (const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_new_from_json (json, "tiny.h5", &error);
  g_assert_no_error (error);
  /* A config the trainer cannot read keeps its zero weights (the error cases). */
  g_autoptr (SlTrainSpec) spec = sl_train_spec_new (model, NULL);
  if (spec)
    sl_train_spec_init_weights (spec, model, 7);
  return g_steal_pointer (&model);
}

static SlDataset *
random_dataset (gsize n, gsize length)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  float *x = g_new (float, n * length);
  for (gsize i = 0; i < n * length; i++)
    x[i] = (float) g_rand_double_range (rand, -2, 2);
  const gsize shape[2] = { length, 1 };
  return sl_dataset_new_for_array ("random", x, n, 2, shape);
}

static SlExplainRequest
request_for (const char *method)
{
  SlExplainRequest req;
  sl_explain_request_init (&req, method);
  return req;
}

static SlSanityOptions
options_with_seed (guint64 seed)
{
  SlSanityOptions o;
  sl_sanity_options_init (&o);
  o.seed = seed;
  return o;
}

static SlSanityResult *
run (const SlModel *model, SlDataset *dataset, gsize n, const char *method, guint64 seed)
{
  const SlExplainRequest req = request_for (method);
  const SlSanityOptions o = options_with_seed (seed);
  g_autoptr (GError) error = NULL;
  SlSanityResult *r = sl_sanity_run (model, dataset, NULL, n, &req, &o, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
test_steps (void)
{
  g_autoptr (SlModel) model = tiny_model (tiny_json);
  g_autoptr (SlDataset) dataset = random_dataset (6, 40);
  g_autoptr (SlModel) before = sl_model_copy (model);
  g_autoptr (SlSanityResult) r = run (model, dataset, 6, "saliency", 1);
  g_assert_cmpuint (r->n_steps, ==, 3);
  g_assert_cmpuint (r->n_steps_done, ==, 3);
  g_assert_false (r->partial);
  g_assert_null (r->layers[0]);
  g_assert_cmpstr (r->layers[1], ==, "dense");
  g_assert_cmpstr (r->layers[2], ==, "conv1d_1");
  g_assert_cmpstr (r->layers[3], ==, "conv1d");
  g_assert_null (r->layers[4]);
  g_assert_cmpstr (r->method, ==, "saliency (logit)");
  g_assert_cmpstr (r->dataset, ==, "random");
  g_assert_cmpuint (r->map_shape.rank, ==, 1);
  g_assert_cmpuint (r->map_shape.d[0], ==, 40);
  g_assert_cmpuint (r->map_size, ==, 40);
  /* Step 0: every map against itself. */
  for (gsize i = 0; i < 6; i++)
    {
      g_assert_cmpuint (r->indices[i], ==, i);
      g_assert_cmpfloat_with_epsilon (r->spearman[i], 1.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (r->spearman_signed[i], 1.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (r->ssim[i], 1.0, 1e-12);
    }
  g_assert_cmpfloat (r->mean_spearman[0], ==, 1.0);
  g_assert_cmpfloat (r->mean_ssim[0], ==, 1.0);
  g_assert_cmpuint (r->n_defined[0], ==, 6);
  /* Means are the means of the samples. */
  for (guint s = 1; s <= 3; s++)
    {
      double sum = 0;
      for (gsize i = 0; i < 6; i++)
        sum += r->spearman[s * 6 + i];
      g_assert_cmpuint (r->n_defined[s], ==, 6); /* no constant saliency map here */
      g_assert_cmpfloat_with_epsilon (r->mean_spearman[s], sum / 6, 1e-12);
      g_assert_cmpfloat (r->mean_spearman[s], <, 0.999);
    }
  /* The caller's model keeps its weights. */
  for (guint l = 0; l < model->n_layers; l++)
    if (model->layers[l].kernel)
      g_assert_cmpmem (model->layers[l].kernel, model->layers[l].n_params - model->layers[l].units,
                       before->layers[l].kernel, before->layers[l].n_params - before->layers[l].units);
}

/* Each step's maps are those of a model whose top layers were redrawn, top-down, from one GRand
 * seeded with the seed, kernel before bias. */
static void
cascade_by_hand (const char *method)
{
  g_autoptr (SlModel) model = tiny_model (tiny_json);
  g_autoptr (SlDataset) dataset = random_dataset (4, 40);
  const guint64 seed = G_GUINT64_CONSTANT (0x100000005);
  g_autoptr (SlSanityResult) r = run (model, dataset, 4, method, seed);

  g_autoptr (GError) error = NULL;
  g_autoptr (SlTrainSpec) spec = sl_train_spec_new (model, &error);
  g_autoptr (SlModel) copy = sl_model_copy (model);
  const guint32 words[2] = { 5, 1 };
  g_autoptr (GRand) rng = g_rand_new_with_seed_array (words, 2);
  const guint order[3] = { 3, 1, 0 }; /* dense, conv1d_1, conv1d */
  for (guint s = 0; s <= 3; s++)
    {
      if (s > 0)
        {
          SlLayer *l = &copy->layers[order[s - 1]];
          const SlLayerSpec *ls = &spec->layers[order[s - 1]];
          gsize shape[3];
          guint rank;
          if (l->kind == SL_LAYER_DENSE)
            shape[0] = l->in.d[0], shape[1] = l->units, rank = 2;
          else
            shape[0] = l->kw, shape[1] = l->in.d[1], shape[2] = l->units, rank = 3;
          sl_initializer_fill (&ls->kernel_init, rank, shape, l->kernel, rng);
          sl_initializer_fill (&ls->bias_init, 1, &l->units, l->bias, rng);
        }
      for (gsize i = 0; i < 4; i++)
        {
          g_autofree float *x = g_new (float, 40);
          g_assert_true (sl_dataset_get_sample (dataset, i, x, NULL));
          SlExplainRequest req;
          sl_explain_request_init (&req, method);
          req.target = (int) r->target[i];
          req.seed = i;
          g_autoptr (SlExplanation) e = sl_explain (copy, x, &req, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          if (s == 0)
            g_assert_cmpuint (e->predicted, ==, r->target[i]);
          g_assert_cmpmem (e->map_input, 40 * sizeof (float), r->maps + (s * 4 + i) * 40,
                           40 * sizeof (float));
          const float *m0 = r->maps + i * 40;
          g_assert_cmpfloat (r->spearman[s * 4 + i], ==, sl_spearman (m0, e->map_input, 40, TRUE));
          g_assert_cmpfloat (r->ssim[s * 4 + i], ==, sl_ssim (m0, e->map_input, 1, 40));
        }
    }
}

/* A fresh model and explainer per step give the maps the run's one explainer gave (its model's
 * weights changed under it): nothing derived from the weights is kept between passes. */
static void
test_cascade_by_hand (void)
{
  const char *methods[] = { "saliency", "gradcam", "guided-gradcam", "smoothgrad" };
  for (gsize m = 0; m < G_N_ELEMENTS (methods); m++)
    cascade_by_hand (methods[m]);
}

static void
test_seeds (void)
{
  g_autoptr (SlModel) model = tiny_model (tiny_json);
  g_autoptr (SlDataset) dataset = random_dataset (5, 40);
  g_autoptr (SlSanityResult) a = run (model, dataset, 5, "gradcam", 11);
  g_autoptr (SlSanityResult) b = run (model, dataset, 5, "gradcam", 11);
  g_autoptr (SlSanityResult) c = run (model, dataset, 5, "gradcam", 12);
  const gsize per_step = 5 * a->map_size * sizeof (float);
  g_assert_cmpmem (a->maps, 4 * per_step, b->maps, 4 * per_step);
  g_assert_cmpmem (a->spearman, 20 * sizeof (double), b->spearman, 20 * sizeof (double));
  /* Another seed: the trained step is the same, the randomised ones are not. */
  g_assert_cmpmem (a->maps, per_step, c->maps, per_step);
  for (guint s = 1; s <= 3; s++)
    g_assert_true (memcmp ((const char *) a->maps + s * per_step,
                           (const char *) c->maps + s * per_step, per_step) != 0);
}

static void
test_indices_and_target (void)
{
  g_autoptr (SlModel) model = tiny_model (tiny_json);
  g_autoptr (SlDataset) dataset = random_dataset (9, 40);
  const gsize indices[3] = { 8, 2, 5 };
  SlExplainRequest req;
  sl_explain_request_init (&req, "saliency");
  req.target = 2;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlSanityResult) r
      = sl_sanity_run (model, dataset, indices, 3, &req, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < 3; i++)
    {
      g_assert_cmpuint (r->indices[i], ==, indices[i]);
      g_assert_cmpuint (r->target[i], ==, 2);
    }
  /* Sample 8 first: its step-0 map is the one of a run on sample 8 alone. */
  const gsize eight = 8;
  g_autoptr (SlSanityResult) one
      = sl_sanity_run (model, dataset, &eight, 1, &req, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (one->maps, 40 * sizeof (float), r->maps, 40 * sizeof (float));
}

static void
assert_fails (const char *json, SlDataset *dataset, const gsize *indices, gsize n,
              const char *method, int code, const char *needle)
{
  g_autoptr (SlModel) model = tiny_model (json);
  SlExplainRequest req;
  sl_explain_request_init (&req, method);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlSanityResult) r
      = sl_sanity_run (model, dataset, indices, n, &req, NULL, NULL, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, SL_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, needle));
}

static void
test_errors (void)
{
  g_autoptr (SlDataset) dataset = random_dataset (3, 40);
  g_autoptr (SlDataset) short_set = random_dataset (3, 30);
  const gsize past[1] = { 3 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) flat = sl_model_new_from_json (no_weights_json, "flat.h5", &error);
  if (flat)
    {
      SlExplainRequest req;
      sl_explain_request_init (&req, "saliency");
      g_autoptr (SlSanityResult) r
          = sl_sanity_run (flat, dataset, NULL, 3, &req, NULL, NULL, NULL, NULL, &error);
      g_assert_null (r);
      g_assert_error (error, SL_ERROR, SL_ERROR_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "no convolution or dense layer"));
    }
  else
    g_test_message ("a model without weights does not load: %s", error->message);
  assert_fails (orthogonal_json, dataset, NULL, 3, "saliency", SL_ERROR_ARGUMENT, "Orthogonal");
  assert_fails (tiny_json, dataset, past, 1, "saliency", SL_ERROR_ARGUMENT, "sample 3");
  assert_fails (tiny_json, dataset, NULL, 0, "saliency", SL_ERROR_ARGUMENT, "no samples");
  assert_fails (tiny_json, dataset, NULL, 3, "no-such-method", SL_ERROR_ARGUMENT, "no-such-method");
  assert_fails (tiny_json, short_set, NULL, 3, "saliency", SL_ERROR_SHAPE, "random");
}

typedef struct
{
  GCancellable *cancellable;
  gsize cancel_at;
  gsize last, total;
} Progress;

static void
on_progress (gsize done, gsize total, gpointer data)
{
  Progress *p = data;
  g_assert_cmpuint (done, ==, p->last + 1);
  p->last = done;
  p->total = total;
  if (done == p->cancel_at)
    g_cancellable_cancel (p->cancellable);
}

static void
test_progress_cancel_partial (void)
{
  g_autoptr (SlModel) model = tiny_model (tiny_json);
  g_autoptr (SlDataset) dataset = random_dataset (5, 40);
  const SlExplainRequest req = request_for ("saliency");
  SlSanityOptions o = options_with_seed (0);
  g_autoptr (GError) error = NULL;

  /* Progress counts every explanation. */
  Progress all = { 0 };
  g_autoptr (SlSanityResult) full
      = sl_sanity_run (model, dataset, NULL, 5, &req, &o, on_progress, &all, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all.last, ==, 20);
  g_assert_cmpuint (all.total, ==, 20);

  /* Cancelled in step 2: an error, or the steps done. */
  g_autoptr (GCancellable) c1 = g_cancellable_new ();
  Progress p1 = { .cancellable = c1, .cancel_at = 12 };
  g_autoptr (SlSanityResult) none
      = sl_sanity_run (model, dataset, NULL, 5, &req, &o, on_progress, &p1, c1, &error);
  g_assert_null (none);
  g_assert_error (error, SL_ERROR, SL_ERROR_CANCELLED);
  g_assert_cmpuint (p1.last, ==, 12);
  g_clear_error (&error);

  g_autoptr (GCancellable) c2 = g_cancellable_new ();
  Progress p2 = { .cancellable = c2, .cancel_at = 12 };
  o.keep_partial = TRUE;
  g_autoptr (SlSanityResult) part
      = sl_sanity_run (model, dataset, NULL, 5, &req, &o, on_progress, &p2, c2, &error);
  g_assert_no_error (error);
  g_assert_true (part->partial);
  g_assert_cmpuint (part->n_steps, ==, 3);
  g_assert_cmpuint (part->n_steps_done, ==, 1);
  g_assert_cmpmem (part->maps, 10 * 40 * sizeof (float), full->maps, 10 * 40 * sizeof (float));
  g_assert_cmpfloat (part->mean_spearman[1], ==, full->mean_spearman[1]);
  g_assert_true (isnan (part->mean_spearman[2]));
  g_autoptr (JsonNode) node = sl_sanity_result_to_json (part, 0);
  JsonObject *root = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (root, "partial"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "steps")), ==, 1);
  g_autofree char *text = sl_sanity_result_format (part);
  g_assert_nonnull (strstr (text, "partial"));
}

static void
test_json_and_text (void)
{
  g_autoptr (SlModel) model = tiny_model (tiny_json);
  g_autoptr (SlDataset) dataset = random_dataset (4, 40);
  g_autoptr (SlSanityResult) r = run (model, dataset, 4, "guided-backprop", 9);
  g_autoptr (JsonNode) node = sl_sanity_result_to_json (r, 9);
  g_autofree char *json = json_to_string (node, FALSE);
  g_test_message ("%s", json);
  JsonObject *root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "method"), ==, "guided-backprop (logit)");
  g_assert_cmpstr (json_object_get_string_member (root, "dataset"), ==, "random");
  g_assert_cmpint (json_object_get_int_member (root, "seed"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (root, "samples"), ==, 4);
  g_assert_cmpfloat (json_object_get_double_member (root, "seconds"), >=, 0);
  JsonArray *steps = json_object_get_array_member (root, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 3);
  const char *names[] = { "dense", "conv1d_1", "conv1d" };
  for (guint k = 0; k < 3; k++)
    {
      JsonObject *s = json_array_get_object_element (steps, k);
      g_assert_cmpint (json_object_get_int_member (s, "step"), ==, k + 1);
      g_assert_cmpstr (json_object_get_string_member (s, "layer"), ==, names[k]);
      g_assert_cmpfloat (json_object_get_double_member (s, "spearman"), ==, r->mean_spearman[k + 1]);
      g_assert_cmpfloat (json_object_get_double_member (s, "spearman_signed"), ==,
                         r->mean_spearman_signed[k + 1]);
      g_assert_cmpfloat (json_object_get_double_member (s, "ssim"), ==, r->mean_ssim[k + 1]);
    }
  g_autofree char *text = sl_sanity_result_format (r);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "conv1d_1"));
  g_assert_nonnull (strstr (text, "(trained)"));
}

static void
test_job (void)
{
  g_autoptr (SlModel) model = tiny_model (tiny_json);
  g_autoptr (SlDataset) dataset = random_dataset (4, 40);
  const SlExplainRequest req = request_for ("saliency");
  const SlSanityOptions o = options_with_seed (4);
  const gsize indices[2] = { 3, 1 };
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 0);
  g_autoptr (SlJob) job = sl_sanity_job_new (model, dataset, indices, 2, &req, &o);
  g_assert_cmpstr (sl_job_get_kind (job), ==, "sanity");
  sl_job_pool_push (pool, job);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_job_wait (job, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_job_get_done (job), ==, 8);
  g_assert_cmpuint (sl_job_get_total (job), ==, 8);
  const SlSanityResult *r = sl_job_get_result (job);
  g_assert_cmpuint (r->n_samples, ==, 2);
  g_assert_cmpuint (r->indices[0], ==, 3);
  /* The same as the library call. */
  g_autoptr (SlSanityResult) direct
      = sl_sanity_run (model, dataset, indices, 2, &req, &o, NULL, NULL, NULL, &error);
  g_assert_cmpmem (r->maps, 8 * 40 * sizeof (float), direct->maps, 8 * 40 * sizeof (float));
}

/* Integrated Gradients on MNIST1D.h5 over the whole test set, cancelled once running. */
static void
test_cancel_mnist1d (void)
{
  g_autofree char *path = sl_test_shared ("models/MNIST1D.h5");
  if (!path)
    return;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlModel) model = sl_model_load (path, &error);
  g_assert_no_error (error);
  g_autoptr (SlDataset) dataset = sl_dataset_open ("mnist1d", NULL, &error);
  g_assert_no_error (error);
  SlExplainRequest req;
  sl_explain_request_init (&req, "integrated-gradients");
  g_autoptr (SlJobPool) pool = sl_job_pool_new (0, 0);
  g_autoptr (SlJob) job = sl_sanity_job_new (model, dataset, NULL, dataset->n_samples, &req, NULL);
  sl_job_pool_push (pool, job);
  while (sl_job_get_state (job) == SL_JOB_QUEUED)
    g_main_context_iteration (NULL, TRUE);
  const gint64 until = g_get_monotonic_time () + 300 * 1000;
  while (g_get_monotonic_time () < until && !sl_job_is_finished (job))
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_false (sl_job_is_finished (job));
  const gint64 t0 = g_get_monotonic_time ();
  sl_job_cancel (job);
  g_assert_false (sl_job_wait (job, &error));
  const double ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
  g_test_message ("sanity job on MNIST1D.h5: cancelled in %.1f ms after %" G_GUINT64_FORMAT
                  " explanations", ms, sl_job_get_done (job));
  g_assert_error (error, SL_ERROR, SL_ERROR_CANCELLED);
  g_assert_cmpint (sl_job_get_state (job), ==, SL_JOB_CANCELLED);
  g_assert_cmpfloat (ms, <, CANCEL_MS);
  const SlSanityResult *r = sl_job_get_result (job);
  g_assert_nonnull (r);
  g_assert_true (r->partial);
  g_assert_cmpuint (r->n_steps, ==, 4); /* conv1d, conv1d_1, conv1d_2, dense */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sanity/steps", test_steps);
  g_test_add_func ("/sanity/cascade-by-hand", test_cascade_by_hand);
  g_test_add_func ("/sanity/seeds", test_seeds);
  g_test_add_func ("/sanity/indices-and-target", test_indices_and_target);
  g_test_add_func ("/sanity/errors", test_errors);
  g_test_add_func ("/sanity/progress-cancel-partial", test_progress_cancel_partial);
  g_test_add_func ("/sanity/json-and-text", test_json_and_text);
  g_test_add_func ("/sanity/job", test_job);
  g_test_add_func ("/sanity/cancel-mnist1d", test_cancel_mnist1d);
  return g_test_run ();
}
