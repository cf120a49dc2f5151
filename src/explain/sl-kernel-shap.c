/* Kernel SHAP (Lundberg & Lee 2017) over input segments: a regression of the masked inputs' scores
 * on coalitions with the Shapley kernel weights, constrained so that the attributions sum to f(x) −
 * f(baseline). All coalitions when they fit the budget (then the values are exact Shapley values),
 * else coalitions sampled in complementary pairs with sizes drawn by kernel weight. */
#include "explain/sl-explain-private.h"

#include "explain/sl-linalg.h"

#include <math.h>
#include <string.h>

/* log C(m, s) */
static double
log_choose (guint m, guint s)
{
  return lgamma (m + 1.0) - lgamma (s + 1.0) - lgamma (m - s + 1.0);
}

/* Coalitions (rows, the first all-off: the baseline) and their regression weights. */
static gsize
make_coalitions (SlExplainContext *ctx, guint m, gsize budget, guint8 **z_out, double **w_out)
{
  const gboolean exact = m <= 30 && ((guint64) 1 << m) - 2 <= budget;
  const gsize n = 1 + (exact ? (((gsize) 1 << m) - 2) : (budget + 1) / 2 * 2);
  guint8 *z = g_new0 (guint8, n * m);
  double *w = g_new0 (double, n);
  if (exact)
    {
      for (gsize code = 1; code + 1 < ((gsize) 1 << m); code++)
        {
          guint size = 0;
          for (guint s = 0; s < m; s++)
            size += z[code * m + s] = (code >> s) & 1;
          w[code] = (m - 1.0) / (exp (log_choose (m, size)) * size * (m - size));
        }
    }
  else
    {
      /* Sizes 1 … m−1 carry total kernel mass (m − 1)/(s (m − s)). */
      g_autofree double *cdf = g_new (double, m);
      double total = 0;
      for (guint s = 1; s < m; s++)
        cdf[s] = total += (m - 1.0) / ((double) s * (m - s));
      g_autofree guint *perm = g_new (guint, m);
      for (gsize r = 1; r + 1 < n; r += 2)
        {
          const double u = g_rand_double (ctx->rand) * total;
          guint size = 1;
          while (size + 1 < m && cdf[size] < u)
            size++;
          for (guint s = 0; s < m; s++)
            perm[s] = s;
          for (guint s = 0; s < size; s++)
            {
              const guint j = s + (guint) g_rand_int_range (ctx->rand, 0, (gint32) (m - s));
              const guint t = perm[s];
              perm[s] = perm[j], perm[j] = t;
              z[r * m + perm[s]] = 1;
            }
          for (guint s = 0; s < m; s++)
            z[(r + 1) * m + s] = !z[r * m + s];
          w[r] = w[r + 1] = 1;
        }
    }
  *z_out = z;
  *w_out = w;
  return n;
}

static gboolean
run_kernel_shap (SlExplainContext *ctx, GError **error)
{
  guint m;
  g_autofree guint *labels = sl_ctx_segments (ctx, &m, error);
  if (!labels)
    return FALSE;
  g_autofree guint8 *z = NULL;
  g_autofree double *w = NULL;
  const gsize n
      = make_coalitions (ctx, m, (gsize) sl_params_get_int (ctx->params, "n_samples"), &z, &w);
  /* Row 0 of z (all segments off) is the baseline. */
  const SlSegmentInputs co
      = { ctx, labels, z, m, (float) sl_params_get_double (ctx->params, "baseline") };
  g_autofree double *y = g_new (double, n);
  g_autofree double *q = g_new (double, n);
  if (!sl_ctx_eval (ctx, -1, n, sl_ctx_fill_segments, (gpointer) &co, ctx->score, y, q, error))
    return FALSE;
  /* f(z) − f(baseline); differences of probabilities near 1 from their complements. */
  const gboolean prob = ctx->score == SL_SCORE_PROB;
  const double delta = prob ? q[0] - ctx->q : ctx->y - y[0];
  g_autofree double *phi = g_new0 (double, m);
  if (m == 1)
    phi[0] = delta;
  else if (m > 1)
    {
      /* Eliminate φ_m = Δ − Σ_{j<m} φ_j: y' = y − z_m Δ on columns z_j − z_m. */
      const gsize rows = n - 1, p = m - 1;
      g_autofree double *design = g_new (double, rows * p);
      g_autofree double *target = g_new (double, rows);
      for (gsize r = 0; r < rows; r++)
        {
          const guint8 *zr = z + (r + 1) * m;
          const double fy = prob ? q[0] - q[r + 1] : y[r + 1] - y[0];
          target[r] = fy - zr[m - 1] * delta;
          for (gsize j = 0; j < p; j++)
            design[r * p + j] = (double) zr[j] - zr[m - 1];
        }
      sl_linalg_lstsq (design, rows, p, target, w + 1, FALSE, phi, NULL);
      double rest = delta;
      for (gsize j = 0; j < p; j++)
        rest -= phi[j];
      phi[m - 1] = rest;
    }
  float *map = g_new (float, ctx->n_pos);
  for (gsize p = 0; p < ctx->n_pos; p++)
    map[p] = (float) phi[labels[p]];
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  return TRUE;
}

static const SlParamSpec kernel_shap_params[] = {
  { "n_samples", SL_PARAM_INT, "2048", 2, 10000000, NULL,
    "coalitions evaluated; when 2^segments − 2 fit, all are (exact Shapley values)" },
  { "baseline", SL_PARAM_DOUBLE, "0", -1e30, 1e30, NULL, "value of positions outside a coalition" },
  SL_SEGMENT_PARAMS,
};

const SlMethod sl_method_kernel_shap = {
  .name = "kernel-shap",
  .display_name = "Kernel SHAP",
  .description = "Shapley values of input segments by the Shapley-kernel weighted regression; they "
                 "sum to f(x) − f(baseline) (Lundberg & Lee 2017).",
  .flags = SL_METHOD_RANDOM | SL_METHOD_MANY_PASSES,
  .default_score = SL_SCORE_PROB,
  .params = kernel_shap_params,
  .n_params = G_N_ELEMENTS (kernel_shap_params),
  .run = run_kernel_shap,
};
