/* The explain call: checks the request, runs the sample once, hands the context to the method and
 * packs its map (and the map at input resolution) into an SlExplanation. */
#include "explain/sl-explain.h"

#include "core/sl-error.h"
#include "explain/sl-explain-private.h"

#include <string.h>

/* A batch should take a few tens of milliseconds, so that cancellation answers well within 200 ms,
 * and hold at most ~128 MiB of activations and gradients. */
#define BATCH_FLOPS 4.0e8
#define BATCH_FLOATS ((double) (32u << 20))
#define BATCH_MAX 64
/* Forward FLOPs per sample from which sl_explain spreads convolutions over the cores. */
#define PARALLEL_FLOPS 5.0e7

struct _SlExplainer
{
  const SlModel *model;
  SlParallel *parallel; /* borrowed, may be NULL */
  SlRun *single;
  SlRun **tails; /* [from + 1] */
};

static double
layer_flops (const SlLayer *l)
{
  gsize h, w, c, oh, ow, oc;
  sl_shape_hwc (&l->in, &h, &w, &c);
  sl_shape_hwc (&l->out, &oh, &ow, &oc);
  if (l->kind == SL_LAYER_CONV)
    return 2.0 * oh * ow * oc * l->kh * l->kw * c;
  if (l->kind == SL_LAYER_DENSE)
    return 2.0 * (double) sl_shape_size (&l->in) * l->units;
  return (double) sl_shape_size (&l->out);
}

/* Samples per batch for a run over the layers after `from`, by its cost per sample: the forward
 * and backward pass (about 3× the forward) and the buffers (outputs and gradients). */
static gsize
batch_for (const SlModel *model, int from)
{
  double flops = 1, floats = (double) sl_shape_size (sl_model_shape (model, from));
  for (int i = from + 1; i < (int) model->n_layers; i++)
    {
      flops += 3 * layer_flops (&model->layers[i]);
      floats += 2.0 * sl_shape_size (&model->layers[i].out);
      if (model->layers[i].kind == SL_LAYER_CONV)
        floats += (double) sl_shape_size (&model->layers[i].out) / model->layers[i].units
                  * model->layers[i].kh * model->layers[i].kw
                  * model->layers[i].in.d[model->layers[i].in.rank - 1];
    }
  const double b = MIN (BATCH_FLOPS / flops, BATCH_FLOATS / floats);
  return (gsize) CLAMP (b, 1.0, (double) BATCH_MAX);
}

SlExplainer *
sl_explainer_new (const SlModel *model)
{
  SlExplainer *e = g_new0 (SlExplainer, 1);
  e->model = model;
  e->tails = g_new0 (SlRun *, model->n_layers + 1);
  return e;
}

void
sl_explainer_free (SlExplainer *explainer)
{
  if (!explainer)
    return;
  sl_run_free (explainer->single);
  for (guint i = 0; i <= explainer->model->n_layers; i++)
    sl_run_free (explainer->tails[i]);
  g_free (explainer->tails);
  g_free (explainer);
}

void
sl_explainer_set_parallel (SlExplainer *explainer, SlParallel *parallel)
{
  /* Small models (MNIST-1D) lose more to thread hand-offs per layer than they gain. */
  if (sl_model_flops (explainer->model) < PARALLEL_FLOPS)
    parallel = NULL;
  explainer->parallel = parallel;
  if (explainer->single)
    sl_run_set_parallel (explainer->single, parallel);
  for (guint i = 0; i <= explainer->model->n_layers; i++)
    if (explainer->tails[i])
      sl_run_set_parallel (explainer->tails[i], parallel);
}

gsize
sl_explainer_batch (const SlExplainer *explainer)
{
  return batch_for (explainer->model, -1);
}

SlRun *
sl_explainer_single (SlExplainer *explainer)
{
  if (!explainer->single)
    {
      explainer->single = sl_run_new (explainer->model, 1);
      sl_run_set_parallel (explainer->single, explainer->parallel);
    }
  return explainer->single;
}

SlRun *
sl_explainer_tail (SlExplainer *explainer, int from)
{
  SlRun **slot = &explainer->tails[from + 1];
  if (!*slot)
    {
      *slot = sl_run_new_from (explainer->model, batch_for (explainer->model, from), from);
      sl_run_set_parallel (*slot, explainer->parallel);
    }
  return *slot;
}

void
sl_explain_request_init (SlExplainRequest *req, const char *method)
{
  memset (req, 0, sizeof *req);
  req->method = method;
  req->target = SL_EXPLAIN_TARGET_PREDICTED;
  req->score = SL_EXPLAIN_SCORE_DEFAULT;
  req->layer = SL_EXPLAIN_LAYER_DEFAULT;
}

void
sl_explanation_free (SlExplanation *expl)
{
  if (!expl)
    return;
  g_free (expl->method);
  g_free (expl->layer_name);
  sl_params_free (expl->params);
  g_free (expl->map);
  g_free (expl->map_input);
  g_free (expl);
}

gsize
sl_explanation_map_size (const SlExplanation *expl)
{
  return sl_shape_size (&expl->map_shape);
}

gsize
sl_explanation_input_size (const SlExplanation *expl)
{
  return sl_shape_size (&expl->input_shape);
}

static gboolean
resolve_layer (const SlModel *model, const SlMethod *method, int requested, int *layer,
               GError **error)
{
  *layer = -1;
  if (!(method->flags & SL_METHOD_USES_LAYER))
    return TRUE;
  *layer = requested >= 0 ? requested : sl_model_last_conv (model);
  if (requested < 0 && *layer < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_UNSUPPORTED,
                   "%s needs a convolution layer, and the model has none", method->display_name);
      return FALSE;
    }
  if (*layer >= (int) model->n_layers)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "layer %d does not exist (the model has %u)",
                   *layer, model->n_layers);
      return FALSE;
    }
  if (model->layers[*layer].out.rank < 2)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
                   "%s needs a layer with spatial axes; '%s' has none", method->display_name,
                   model->layers[*layer].name);
      return FALSE;
    }
  return TRUE;
}

/* The input as (h, w, c): a rank-1 input of F features is read as a 1-D signal of F points. */
static void
input_geometry (const SlModel *model, SlExplainContext *ctx)
{
  const SlShape *in = &model->input;
  if (in->rank == 1)
    ctx->in_h = 1, ctx->in_w = in->d[0], ctx->in_c = 1;
  else
    sl_shape_hwc (in, &ctx->in_h, &ctx->in_w, &ctx->in_c);
  ctx->in_size = sl_shape_size (in);
  ctx->n_pos = ctx->in_h * ctx->in_w;
}

static SlShape
map_shape (const SlModel *model, gsize h, gsize w)
{
  return model->input.rank == 3 ? (SlShape){ 2, { h, w, 0 } } : (SlShape){ 1, { w, 0, 0 } };
}

static void
ctx_clear (SlExplainContext *ctx)
{
  g_clear_pointer (&ctx->rand, g_rand_free);
  g_clear_pointer (&ctx->map, g_free);
  g_clear_pointer (&ctx->map_input, g_free);
  g_clear_pointer (&ctx->layer_desc, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlExplainContext, ctx_clear)

SlExplanation *
sl_explainer_explain (SlExplainer *explainer, const float *x, const SlExplainRequest *req,
                      SlProgressFunc progress, gpointer progress_data, GCancellable *cancellable,
                      GError **error)
{
  const SlModel *model = explainer->model;
  const gint64 t0 = g_get_monotonic_time ();
  g_return_val_if_fail (x != NULL && req != NULL, NULL);

  const SlMethod *method = sl_method_find (req->method, error);
  if (!method)
    return NULL;
  g_autoptr (SlParams) params
      = req->params ? sl_params_copy (req->params) : sl_method_new_params (method);
  if (sl_params_specs (params) != method->params)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "the parameters given are not %s's",
                   method->display_name);
      return NULL;
    }
  if (req->score != SL_EXPLAIN_SCORE_DEFAULT && req->score != SL_SCORE_LOGIT
      && req->score != SL_SCORE_PROB)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "unknown score %d", req->score);
      return NULL;
    }
  if (req->target < SL_EXPLAIN_TARGET_PREDICTED || req->target >= (int) model->n_classes)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "class %d does not exist (the model has %u)",
                   req->target, model->n_classes);
      return NULL;
    }

  g_auto (SlExplainContext) ctx = { 0 };
  ctx.model = model;
  ctx.explainer = explainer;
  ctx.x = x;
  input_geometry (model, &ctx);
  ctx.spatial = map_shape (model, ctx.in_h, ctx.in_w);
  ctx.score = req->score == SL_EXPLAIN_SCORE_DEFAULT ? method->default_score : (SlScore) req->score;
  ctx.layer_requested = req->layer;
  if (!resolve_layer (model, method, req->layer, &ctx.layer, error))
    return NULL;
  ctx.params = params;
  const guint32 seed_words[2] = { (guint32) req->seed, (guint32) (req->seed >> 32) };
  ctx.rand = g_rand_new_with_seed_array (seed_words, 2);
  ctx.cancellable = cancellable;
  ctx.progress = progress;
  ctx.progress_data = progress_data;
  ctx.progress_lo = 0;
  ctx.progress_hi = 1;
  if (!sl_ctx_check (&ctx, error))
    return NULL;

  ctx.run = sl_explainer_single (explainer);
  if (!sl_run_forward (ctx.run, x, 1, error))
    return NULL;
  const float *logits = sl_run_logits (ctx.run);
  ctx.predicted = sl_score_argmax (logits, model->n_classes);
  ctx.target = req->target >= 0 ? (guint) req->target : ctx.predicted;
  ctx.y = sl_ctx_score (&ctx, logits, ctx.score, &ctx.q);
  ctx.p = sl_score_value (model, logits, ctx.target, SL_SCORE_PROB);

  if (!method->run (&ctx, error))
    return NULL;
  g_assert (ctx.map != NULL);

  g_autoptr (SlExplanation) expl = g_new0 (SlExplanation, 1);
  expl->method = g_strdup (method->name);
  expl->target = ctx.target;
  expl->predicted = ctx.predicted;
  expl->score = ctx.score;
  expl->score_value = ctx.y;
  expl->probability = ctx.p;
  expl->layer = ctx.layer;
  expl->layer_name = ctx.layer_desc   ? g_strdup (ctx.layer_desc)
                     : ctx.layer >= 0 ? g_strdup (model->layers[ctx.layer].name)
                                      : NULL;
  expl->seed = req->seed;
  expl->params = g_steal_pointer (&params);
  expl->map_shape = map_shape (model, ctx.map_h, ctx.map_w);
  expl->input_shape = ctx.spatial;
  if (!ctx.map_input)
    {
      ctx.map_input = g_new (float, ctx.n_pos);
      if (ctx.map_h == ctx.in_h && ctx.map_w == ctx.in_w)
        memcpy (ctx.map_input, ctx.map, ctx.n_pos * sizeof (float));
      else
        sl_ctx_to_input (&ctx, ctx.map, ctx.map_h, ctx.map_w, 1, ctx.map_input);
    }
  expl->map = g_steal_pointer (&ctx.map);
  expl->map_input = g_steal_pointer (&ctx.map_input);
  expl->seconds = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  if (progress)
    progress (SL_EXPLAIN_PROGRESS_TOTAL, SL_EXPLAIN_PROGRESS_TOTAL, progress_data);
  return g_steal_pointer (&expl);
}

SlExplanation *
sl_explain (const SlModel *model, const float *x, const SlExplainRequest *req,
            SlProgressFunc progress, gpointer progress_data, GCancellable *cancellable,
            GError **error)
{
  g_autoptr (SlExplainer) explainer = sl_explainer_new (model);
  sl_explainer_set_parallel (explainer, req->parallel);
  return sl_explainer_explain (explainer, x, req, progress, progress_data, cancellable, error);
}
