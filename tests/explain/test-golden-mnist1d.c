/* Every deterministic method and the drop/increase rates against the float64 references on
 * MNIST1D.h5 (METHODS.md): test samples `index` of mnist1d_data.h5, target = the predicted class.
 */
#include "core/sl-h5.h"
#include "explain/sl-explain.h"
#include "explain/sl-faithfulness.h"
#include "sl-test-util.h"

#include <string.h>

typedef struct
{
  const char *golden; /* dataset in mnist1d_golden.h5 */
  const char *method;
  SlScore score;
  const char *layer; /* NULL: the default */
  const char *params[3];
  double tol; /* relative to the largest golden value of each map */
} Case;

static const Case cases[] = {
  { "gradcam_logit", "gradcam", SL_SCORE_LOGIT, NULL, { NULL }, 1e-4 },
  { "gradcam_prob", "gradcam", SL_SCORE_PROB, NULL, { NULL }, 2e-3 },
  { "gradcam_conv1d_1_logit", "gradcam", SL_SCORE_LOGIT, "conv1d_1", { NULL }, 1e-4 },
  { "gradcampp_logit", "gradcam++", SL_SCORE_LOGIT, NULL, { NULL }, 1e-4 },
  { "ablationcam_logit", "ablation-cam", SL_SCORE_LOGIT, NULL, { NULL }, 1e-4 },
  { "ablationcam_prob", "ablation-cam", SL_SCORE_PROB, NULL, { NULL }, 2e-3 },
  { "scorecam", "score-cam", SL_SCORE_LOGIT, NULL, { NULL }, 1e-4 },
  { "saliency", "saliency", SL_SCORE_LOGIT, NULL, { NULL }, 1e-4 },
  { "grad_x_input", "gradient-x-input", SL_SCORE_LOGIT, NULL, { NULL }, 1e-4 },
  { "intgrad_m50",
    "integrated-gradients",
    SL_SCORE_LOGIT,
    NULL,
    { "steps=50", "rule=right", NULL },
    1e-4 },
  { "occlusion_w5s1", "occlusion", SL_SCORE_LOGIT, NULL, { "window=5", "stride=1", NULL }, 1e-4 },
  { "sise", "sise", SL_SCORE_PROB, "conv1d_2", { NULL }, 2e-3 },
};

typedef struct
{
  SlModel *model;
  float *x; /* the 100 golden samples, 100 × 40 */
  gsize n, len;
  char *golden_path;
} Fixture;

static gboolean
fixture_load (Fixture *f)
{
  g_autofree char *model_path = sl_test_shared ("models/MNIST1D.h5");
  g_autofree char *data_path = sl_test_shared ("data/mnist1d_data.h5");
  f->golden_path = sl_test_shared ("reference/mnist1d_golden.h5");
  if (!model_path || !data_path || !f->golden_path)
    return FALSE;
  g_autoptr (GError) error = NULL;
  f->model = sl_model_load (model_path, &error);
  g_assert_no_error (error);
  guint rank;
  hsize_t dims[SL_H5_MAX_RANK], idims[SL_H5_MAX_RANK];
  hid_t h = sl_h5_open_read (data_path, &error);
  g_assert_no_error (error);
  g_autofree double *x = sl_h5_read_doubles (h, "x_test", data_path, &rank, dims, &error);
  g_assert_no_error (error);
  sl_h5_close (h);
  h = sl_h5_open_read (f->golden_path, &error);
  g_assert_no_error (error);
  g_autofree double *index = sl_h5_read_doubles (h, "index", f->golden_path, &rank, idims, &error);
  g_assert_no_error (error);
  sl_h5_close (h);
  f->n = idims[0];
  f->len = dims[1];
  f->x = g_new (float, f->n * f->len);
  for (gsize s = 0; s < f->n; s++)
    for (gsize i = 0; i < f->len; i++)
      f->x[s * f->len + i] = (float) x[(gsize) index[s] * f->len + i];
  return TRUE;
}

static void
fixture_clear (Fixture *f)
{
  sl_model_free (f->model);
  g_free (f->x);
  g_free (f->golden_path);
}

static double *
read_golden (const Fixture *f, const char *name, hsize_t dims[SL_H5_MAX_RANK])
{
  g_autoptr (GError) error = NULL;
  guint rank;
  hid_t h = sl_h5_open_read (f->golden_path, &error);
  g_assert_no_error (error);
  double *data = sl_h5_read_doubles (h, name, f->golden_path, &rank, dims, &error);
  g_assert_no_error (error);
  sl_h5_close (h);
  return data;
}

static void
test_map (gconstpointer data)
{
  const Case *c = data;
  Fixture f = { 0 };
  if (!fixture_load (&f))
    return;
  hsize_t dims[SL_H5_MAX_RANK];
  g_autofree double *golden = read_golden (&f, c->golden, dims);
  g_assert_cmpuint (dims[0], ==, f.n);
  g_assert_cmpuint (dims[1], ==, f.len);

  g_autoptr (GError) error = NULL;
  const SlMethod *method = sl_method_find (c->method, &error);
  g_assert_no_error (error);
  g_autoptr (SlParams) params = sl_method_new_params (method);
  g_assert_true (sl_params_parse (params, c->params, &error));
  SlExplainRequest req;
  sl_explain_request_init (&req, c->method);
  req.score = c->score;
  req.layer = c->layer ? sl_model_find_layer (f.model, c->layer) : SL_EXPLAIN_LAYER_DEFAULT;
  req.params = params;
  g_autoptr (SlExplainer) explainer = sl_explainer_new (f.model);
  double worst = 0;
  gsize worst_s = 0;
  for (gsize s = 0; s < f.n; s++)
    {
      g_autoptr (SlExplanation) e
          = sl_explainer_explain (explainer, f.x + s * f.len, &req, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sl_explanation_input_size (e), ==, f.len);
      const double *g = golden + s * f.len;
      const double scale = sl_test_max_abs_d (g, f.len);
      const double diff = sl_test_max_abs_diff_f (e->map_input, g, f.len);
      const double rel = scale > 0 ? diff / scale : diff;
      if (rel > worst)
        worst = rel, worst_s = s;
    }
  g_test_message ("%s: worst relative error %.3g (sample %zu; tolerance %.0e)", c->golden, worst,
                  worst_s, c->tol);
  g_assert_cmpfloat (worst, <=, c->tol);
  g_clear_pointer (&explainer, sl_explainer_free); /* before its model */
  fixture_clear (&f);
}

static gboolean
golden_sample (gpointer data, gsize index, float *x, int *label, GError **error)
{
  const Fixture *f = data;
  memcpy (x, f->x + index * f->len, f->len * sizeof (float));
  *label = -1;
  return TRUE;
}

/* Per-sample drop and increase of Grad-CAM maps (frac 0.3), through the threaded dataset job. */
static void
test_drop_increase (void)
{
  Fixture f = { 0 };
  if (!fixture_load (&f))
    return;
  SlExplainRequest reqs[2];
  sl_explain_request_init (&reqs[0], "gradcam");
  reqs[0].score = SL_SCORE_PROB;
  sl_explain_request_init (&reqs[1], "gradcam");
  reqs[1].score = SL_SCORE_LOGIT;
  const char *names[2][2] = { { "drop_gradcam_prob", "inc_gradcam_prob" },
                              { "drop_gradcam_logit", "inc_gradcam_logit" } };
  SlFaithOptions options;
  sl_faith_options_init (&options);
  options.frac = 0.3;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlFaithTable) table = sl_faithfulness_run (f.model, golden_sample, &f, f.n, reqs, 2,
                                                        &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint m = 0; m < 2; m++)
    {
      hsize_t dims[SL_H5_MAX_RANK];
      g_autofree double *drop = read_golden (&f, names[m][0], dims);
      g_autofree double *inc = read_golden (&f, names[m][1], dims);
      g_assert_cmpuint (dims[0], ==, f.n);
      double worst = 0, gd = 0, gi = 0;
      gsize wrong_inc = 0;
      for (gsize s = 0; s < f.n; s++)
        {
          worst = MAX (worst, fabs (table->drop[m * f.n + s] - drop[s]));
          wrong_inc += table->increase[m * f.n + s] != inc[s];
          gd += drop[s] / f.n, gi += inc[s] / f.n;
        }
      g_test_message ("%s: drop rate %.4f (golden %.4f), max |Δ drop| %.3g; increase rate %.3f "
                      "(golden %.3f), %zu increase flags differ",
                      table->methods[m], table->drop_rate[m], gd, worst, table->increase_rate[m],
                      gi, wrong_inc);
      g_assert_cmpfloat (worst, <=, 2e-3);
      g_assert_cmpuint (wrong_inc, ==, 0);
    }
  fixture_clear (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/explain/golden/mnist1d/%s", cases[i].golden);
      g_test_add_data_func (path, &cases[i], test_map);
    }
  g_test_add_func ("/explain/golden/mnist1d/drop-increase", test_drop_increase);
  return g_test_run ();
}
