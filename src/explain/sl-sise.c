/* SISE (Sattarzadeh et al. 2021) as the course's xai_utils.SISE with METHODS.md's definition: per
 * layer, the channels with positive mean gradient become input masks scored by the model; the
 * layers' maps are fused with Otsu-thresholded sigmoid gates. */
#include "explain/sl-explain-private.h"

#include "core/sl-error.h"
#include "explain/sl-otsu.h"

#include <math.h>
#include <string.h>

static gboolean
is_pool (const SlLayer *l)
{
  return l->kind == SL_LAYER_MAX_POOL || l->kind == SL_LAYER_AVG_POOL
         || l->kind == SL_LAYER_GLOBAL_AVG_POOL || l->kind == SL_LAYER_GLOBAL_MAX_POOL;
}

/* The layers to use, in model order: the `layers` parameter, else the request's layer, else the
 * last layer of each convolution block (each spatial layer feeding a pooling layer) and the last
 * convolution. */
static GArray *
choose_layers (SlExplainContext *ctx, GError **error)
{
  const SlModel *model = ctx->model;
  g_autoptr (GArray) layers = g_array_new (FALSE, FALSE, sizeof (int));
  const char *names = sl_params_get_string (ctx->params, "layers");
  if (names && *names)
    {
      g_auto (GStrv) parts = g_strsplit (names, ",", -1);
      for (guint i = 0; parts[i]; i++)
        {
          const char *name = g_strstrip (parts[i]);
          if (!*name)
            continue;
          const int l = sl_model_find_layer (model, name);
          if (l < 0 || model->layers[l].out.rank < 2)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                           l < 0 ? "SISE: no layer named '%s'"
                                 : "SISE: layer '%s' has no spatial axes",
                           name);
              return NULL;
            }
          g_array_append_val (layers, l);
        }
    }
  else if (ctx->layer_requested >= 0)
    g_array_append_val (layers, ctx->layer);
  else
    {
      const int last = sl_model_last_conv (model);
      for (int i = 0; i < (int) model->n_layers; i++)
        {
          /* A block ends where a pooling layer follows a non-pooling one (not at a pool feeding
           * the global pooling). */
          const SlLayer *l = &model->layers[i];
          const gboolean block_end = i + 1 < (int) model->n_layers
                                     && is_pool (&model->layers[i + 1]) && !is_pool (l)
                                     && l->out.rank >= 2;
          if (block_end || i == last)
            g_array_append_val (layers, i);
        }
    }
  if (layers->len == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_UNSUPPORTED, "SISE: no layer to use");
      return NULL;
    }
  return g_steal_pointer (&layers);
}

/* One layer's map V (n_pos values in [0, 1]). */
static gboolean
layer_map (SlExplainContext *ctx, int layer, double grad_thr, double *v, GError **error)
{
  gsize h, w, k;
  sl_ctx_layer_dims (ctx, layer, &h, &w, &k);
  const gsize z = h * w, np = ctx->n_pos;
  const float *a = sl_run_output (ctx->run, layer);
  const float *g = sl_run_grad (ctx->run, layer);
  g_autofree double *s = g_new0 (double, k);
  for (gsize i = 0; i < z; i++)
    for (gsize ch = 0; ch < k; ch++)
      s[ch] += g[i * k + ch] / (double) z;
  double smax = s[0];
  for (gsize ch = 1; ch < k; ch++)
    smax = MAX (smax, s[ch]);

  g_autoptr (GArray) kept = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize ch = 0; ch < k; ch++)
    if (s[ch] > grad_thr * smax)
      g_array_append_val (kept, ch);
  memset (v, 0, np * sizeof (double));
  if (kept->len == 0)
    return TRUE;

  g_autofree float *masks = g_new (float, kept->len *np);
  for (guint n = 0; n < kept->len; n++)
    {
      float *m = masks + n * np;
      sl_ctx_to_input (ctx, a + g_array_index (kept, gsize, n), h, w, k, m);
      float lo = m[0];
      for (gsize p = 1; p < np; p++)
        lo = MIN (lo, m[p]);
      float hi = m[0] - lo;
      for (gsize p = 0; p < np; p++)
        {
          m[p] -= lo;
          hi = MAX (hi, m[p]);
        }
      for (gsize p = 0; p < np; p++)
        m[p] = (float) (m[p] / (hi + 1e-6));
    }
  const SlMaskedInputs mk = { ctx, masks };
  g_autofree double *q = g_new (double, kept->len);
  if (!sl_ctx_eval (ctx, -1, kept->len, sl_ctx_fill_masked, (gpointer) &mk, ctx->score, q, NULL, error))
    return FALSE;
  for (guint n = 0; n < kept->len; n++)
    {
      const float *m = masks + n * np;
      double total = 0;
      for (gsize p = 0; p < np; p++)
        total += m[p];
      const double scale = q[n] / (total + 1e-6);
      for (gsize p = 0; p < np; p++)
        v[p] += scale * m[p];
    }
  double lo = v[0], hi = v[0];
  for (gsize p = 1; p < np; p++)
    lo = MIN (lo, v[p]), hi = MAX (hi, v[p]);
  for (gsize p = 0; p < np; p++)
    v[p] = hi > lo ? (v[p] - lo) / (hi - lo) : 0;
  return TRUE;
}

/* The gate's threshold: Otsu on round(256·V) in 256 bins, raised by half when few values lie above
 * 1.5 t* (METHODS.md). */
static double
gate_threshold (const double *v, gsize n)
{
  guint64 hist[256] = { 0 };
  for (gsize i = 0; i < n; i++)
    {
      const double b = nearbyint (256 * v[i]); /* ties to even, as NumPy rounds */
      hist[(gsize) CLAMP (b, 0.0, 255.0)]++;
    }
  const guint t = sl_otsu_split (hist, 256);
  const double kf = nearbyint (1.5 * t);
  guint64 above = 0;
  for (guint i = 0; i < 256; i++)
    if ((double) i >= kf)
      above += hist[i];
  return (double) above < 0.1 * (double) n ? 1.5 * t / 256.0 : t / 256.0;
}

static gboolean
run_sise (SlExplainContext *ctx, GError **error)
{
  g_autoptr (GArray) layers = choose_layers (ctx, error);
  if (!layers)
    return FALSE;
  const double grad_thr = sl_params_get_double (ctx->params, "grad_thr");
  const int lowest = g_array_index (layers, int, 0);
  int stop = lowest;
  for (guint i = 1; i < layers->len; i++)
    stop = MIN (stop, g_array_index (layers, int, i));
  if (!sl_ctx_backward (ctx, ctx->score, stop, error))
    return FALSE;

  const gsize np = ctx->n_pos;
  g_autofree double *e = g_new (double, np);
  g_autofree double *v = g_new (double, np);
  GString *desc = g_string_new (NULL);
  for (guint i = 0; i < layers->len; i++)
    {
      const int l = g_array_index (layers, int, i);
      g_string_append_printf (desc, "%s%s", i ? "," : "", ctx->model->layers[l].name);
      double saved[2];
      sl_ctx_push_progress (ctx, (double) i / layers->len, (double) (i + 1) / layers->len, saved);
      const gboolean ok = layer_map (ctx, l, grad_thr, i == 0 ? e : v, error);
      sl_ctx_pop_progress (ctx, saved);
      if (!ok)
        {
          g_string_free (desc, TRUE);
          return FALSE;
        }
      if (i == 0)
        continue;
      const double t = gate_threshold (v, np);
      for (gsize p = 0; p < np; p++)
        e[p] = (e[p] + v[p]) / (1 + exp (-100 * (v[p] - t)));
    }
  g_free (ctx->layer_desc);
  ctx->layer_desc = g_string_free (desc, FALSE);
  float *map = g_new (float, np);
  for (gsize p = 0; p < np; p++)
    map[p] = (float) e[p];
  sl_ctx_set_map (ctx, map, ctx->in_h, ctx->in_w);
  return TRUE;
}

static const SlParamSpec sise_params[] = {
  { "layers", SL_PARAM_STRING, "", 0, 0, NULL,
    "comma-separated layer names, fused in this order; empty: the request's layer if given, else "
    "the last layer of each convolution block and the last convolution" },
  { "grad_thr", SL_PARAM_DOUBLE, "0", 0, 1, NULL,
    "keep channels whose mean gradient exceeds grad_thr × the largest" },
};

const SlMethod sl_method_sise = {
  .name = "sise",
  .display_name = "SISE",
  .description
  = "Semantic Input Sampling: channels with positive mean gradient, as input masks, are "
    "weighted by the masked inputs' scores; layers are fused with Otsu gates "
    "(Sattarzadeh et al. 2021).",
  .flags = SL_METHOD_USES_LAYER | SL_METHOD_USES_GRADIENTS | SL_METHOD_MANY_PASSES,
  .default_score = SL_SCORE_PROB,
  .params = sise_params,
  .n_params = G_N_ELEMENTS (sise_params),
  .run = run_sise,
};
