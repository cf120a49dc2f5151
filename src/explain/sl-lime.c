/* LIME (Ribeiro et al. 2016) as the course runs it: random binary masks over segments, the masked
 * inputs' scores regressed on the masks by weighted least squares; a segment's coefficient is its
 * attribution. */
#include "explain/sl-explain-private.h"

#include "explain/sl-linalg.h"

#include <math.h>
#include <string.h>

static gboolean
run_lime (SlExplainContext *ctx, GError **error)
{
  const gsize n = (gsize) sl_params_get_int (ctx->params, "num_perturb");
  const double p_on = sl_params_get_double (ctx->params, "p");
  const double width = sl_params_get_double (ctx->params, "kernel_width");
  guint m;
  g_autofree guint *labels = sl_ctx_segments (ctx, &m, error);
  if (!labels)
    return FALSE;
  g_autofree guint8 *masks = g_new (guint8, n * m);
  for (gsize i = 0; i < n * m; i++)
    masks[i] = g_rand_double (ctx->rand) < p_on;
  const SlSegmentInputs pt
      = { ctx, labels, masks, m, (float) sl_params_get_double (ctx->params, "value") };
  g_autofree double *y = g_new (double, n);
  if (!sl_ctx_eval (ctx, -1, n, sl_ctx_fill_segments, (gpointer) &pt, ctx->score, y, NULL, error))
    return FALSE;

  /* Cosine distance of each mask to the all-ones mask (1 for the empty mask), kernel weights. */
  g_autofree double *design = g_new (double, n * m);
  g_autofree double *weights = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      double on = 0;
      for (guint s = 0; s < m; s++)
        on += design[i * m + s] = masks[i * m + s];
      const double d = on > 0 ? 1 - on / (sqrt (on) * sqrt ((double) m)) : 1;
      weights[i] = sqrt (exp (-d * d / (width * width)));
    }
  g_autofree double *coef = g_new (double, m);
  double intercept;
  sl_linalg_lstsq (design, n, m, y, weights, TRUE, coef, &intercept);
  float *map = g_new (float, ctx->n_pos);
  for (gsize p = 0; p < ctx->n_pos; p++)
    map[p] = (float) coef[labels[p]];
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  return TRUE;
}

static const SlParamSpec lime_params[] = {
  { "num_perturb", SL_PARAM_INT, "300", 2, 1000000, NULL, "random masks" },
  { "p", SL_PARAM_DOUBLE, "0.5", 0, 1, NULL, "probability that a segment is kept in a mask" },
  { "kernel_width", SL_PARAM_DOUBLE, "0.25", 1e-6, 1e6, NULL,
    "width of the exponential kernel on the cosine distance to the unmasked input" },
  { "value", SL_PARAM_DOUBLE, "0", -1e30, 1e30, NULL, "value of masked positions" },
  SL_SEGMENT_PARAMS,
};

const SlMethod sl_method_lime = {
  .name = "lime",
  .display_name = "LIME",
  .description = "A weighted linear model of the class score on random on/off masks of input "
                 "segments; each segment's coefficient (Ribeiro et al. 2016).",
  .flags = SL_METHOD_RANDOM | SL_METHOD_MANY_PASSES,
  .default_score = SL_SCORE_PROB,
  .params = lime_params,
  .n_params = G_N_ELEMENTS (lime_params),
  .run = run_lime,
};
