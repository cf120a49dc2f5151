/* sl-explain-private.h — what the method implementations share: the context of one explanation and
 * its batched, cancellable forward/backward helpers. Not installed; src/explain only. */
#pragma once

#include "engine/sl-run.h"
#include "explain/sl-explain.h"

G_BEGIN_DECLS

struct _SlExplainContext
{
  const SlModel *model;
  SlExplainer *explainer;
  const float *x;       /* the sample */
  gsize in_size;        /* floats in one input */
  gsize in_h, in_w, in_c;
  gsize n_pos;          /* in_h · in_w */
  SlShape spatial;      /* (L) or (H, W) */
  guint target;
  guint predicted;
  SlScore score;
  int layer;            /* the resolved layer of layer-based methods, else -1 */
  int layer_requested;  /* the request's layer (-1: default), for methods choosing several */
  const SlParams *params;
  GRand *rand;
  GCancellable *cancellable;
  SlProgressFunc progress;
  gpointer progress_data;
  double progress_lo, progress_hi; /* the part of [0, 1] the current step reports into */

  SlRun *run;           /* capacity 1, holding the forward pass of x */
  double y;             /* the score of x */
  double p;             /* p_c(x) */
  double q;             /* 1 − p_c(x), as the sum of the other probabilities */

  /* Results: the method sets `map` (owned) with its resolution; `map_input` (owned) may stay NULL,
   * then the map is resampled to the input. `layer_desc` overrides the reported layer name. */
  float *map;
  gsize map_h, map_w;
  float *map_input;
  char *layer_desc;
};

/* The explainer's workspaces: the capacity-1 run that holds the sample, and batch runs over the
 * layers after `from` (-1: the whole model), made on first use. */
SlRun   *sl_explainer_single (SlExplainer *explainer);
SlRun   *sl_explainer_tail   (SlExplainer *explainer,
                              int          from);

/* Writes sample `index` of a perturbation (the input, or a layer's output) to `dst`. */
typedef void (*SlFillFunc) (gpointer data,
                            gsize    index,
                            float   *dst);

/* FALSE with SL_ERROR_CANCELLED once the job is cancelled. */
gboolean sl_ctx_check        (SlExplainContext *ctx,
                              GError          **error);
/* Reports `fraction` of the current step. */
void     sl_ctx_progress     (SlExplainContext *ctx,
                              double            fraction);
/* Narrows the progress range to [lo, hi] of the current one; returns the previous range. */
void     sl_ctx_push_progress (SlExplainContext *ctx,
                               double            lo,
                               double            hi,
                               double            saved[2]);
void     sl_ctx_pop_progress  (SlExplainContext *ctx,
                               const double      saved[2]);

/* The explainer's batch workspace running the layers after `from` (-1: the whole model). */
SlRun   *sl_ctx_batch_run    (SlExplainContext *ctx,
                              int               from);
/* Score of class c (and optionally 1 − p_c) from one sample's logits. */
double   sl_ctx_score        (const SlExplainContext *ctx,
                              const float            *logits,
                              SlScore                 score,
                              double                 *complement);
/* Scores of `total` perturbations written by `fill` into the output of layer `from` (-1: the
 * input), pushed through the rest of the model in batches, with progress and cancellation per
 * batch. `complements` (may be NULL) receives 1 − p_c computed stably. */
gboolean sl_ctx_eval         (SlExplainContext *ctx,
                              int               from,
                              gsize             total,
                              SlFillFunc        fill,
                              gpointer          fill_data,
                              SlScore           score,
                              double           *values,
                              double           *complements,
                              GError          **error);
/* Back-propagates the score of the target through ctx->run (which holds x) down to layer `stop`. */
gboolean sl_ctx_backward     (SlExplainContext *ctx,
                              SlScore           score,
                              int               stop,
                              GError          **error);
/* ∂score/∂input of n inputs, in batches (n × in_size floats each), reporting progress. */
gboolean sl_ctx_input_grads  (SlExplainContext *ctx,
                              const float      *inputs,
                              gsize             n,
                              SlScore           score,
                              float            *grads,
                              GError          **error);
/* A standard normal draw from the context's seeded generator. */
double   sl_ctx_normal       (SlExplainContext *ctx);
/* (h, w, channels) of a layer's output: (1, L, K) for 1-D layers. */
void     sl_ctx_layer_dims   (const SlExplainContext *ctx,
                              int                     layer,
                              gsize                  *h,
                              gsize                  *w,
                              gsize                  *k);
/* Resamples an h × w map (values `stride` floats apart) to the input's resolution. */
void     sl_ctx_to_input     (const SlExplainContext *ctx,
                              const float            *src,
                              gsize                   h,
                              gsize                   w,
                              gsize                   stride,
                              float                  *dst);
/* Sets the result map (taking ownership) at an h × w resolution. */
void     sl_ctx_set_map      (SlExplainContext *ctx,
                              float            *map,
                              gsize             h,
                              gsize             w);

/* CAM: ReLU(Σ_k w_k A_k) over the z positions of a z × k activation. */
float   *sl_cam_combine      (const float  *acts,
                              gsize         z,
                              gsize         k,
                              const double *weights);

/* Input-gradient maps shared by saliency, gradient × input, guided backprop and SmoothGrad: maps of
 * n inputs (n × n_pos floats) from their gradients. */
typedef enum
{
  SL_GRAD_MAP_MAX_ABS,      /* max over channels of |g| */
  SL_GRAD_MAP_TIMES_INPUT,  /* Σ over channels of x · g */
} SlGradMapKind;

void     sl_grad_maps        (const SlExplainContext *ctx,
                              const float            *inputs,
                              const float            *grads,
                              gsize                   n,
                              SlGradMapKind           kind,
                              float                  *maps);

/* Guided back-propagation (ReLU backward passes only positive gradients where the unit was active)
 * of n inputs; grads: n × in_size. */
gboolean sl_guided_grads     (SlExplainContext *ctx,
                              const float      *inputs,
                              gsize             n,
                              float            *grads,
                              GError          **error);

/* Integrated Gradients of one input (n_pos floats, summed over channels). */
gboolean sl_integrated_gradients (SlExplainContext *ctx,
                                  const float      *x,
                                  guint             steps,
                                  const char       *rule,
                                  double            baseline,
                                  float            *map,
                                  GError          **error);

/* A Grad-CAM map of ctx's sample at ctx's layer (z floats). */
float   *sl_gradcam_map      (SlExplainContext *ctx,
                              GError          **error);

/* The segmentation parameters LIME and Kernel SHAP share (spliced into their spec tables). */
extern const char *const sl_segmentation_names[];
#define SL_SEGMENT_PARAMS                                                                          \
  { "sec_size", SL_PARAM_INT, "4", 1, 1 << 20, NULL, "1-D inputs: points per segment" },           \
    { "segmentation", SL_PARAM_ENUM, "slic", 0, 0, sl_segmentation_names,                          \
      "images: superpixels by slic, quickshift or a square grid" },                               \
    { "n_segments", SL_PARAM_INT, "50", 1, 100000, NULL, "slic: about this many superpixels" },    \
    { "compactness", SL_PARAM_DOUBLE, "10", 0.001, 1e6, NULL,                                      \
      "slic: weight of spatial against colour (Lab) distance" },                                  \
    { "kernel_size", SL_PARAM_DOUBLE, "4", 0.1, 100, NULL,                                         \
      "quickshift: σ of the density kernel" },                                                    \
    { "max_dist", SL_PARAM_DOUBLE, "200", 0, 1e6, NULL,                                            \
      "quickshift: longest link in the forest" },                                                 \
    { "ratio", SL_PARAM_DOUBLE, "0.2", 0, 1, NULL,                                                 \
      "quickshift: weight of colour against space" },                                             \
    { "cell", SL_PARAM_INT, "16", 1, 4096, NULL, "grid: cell side in pixels" }

/* Segments for LIME and Kernel SHAP from the method's parameters: a label per input position. */
guint   *sl_ctx_segments     (SlExplainContext *ctx,
                              guint            *n_segments,
                              GError          **error);

/* The methods (one per file or family). */
extern const SlMethod sl_method_gradcam;
extern const SlMethod sl_method_gradcampp;
extern const SlMethod sl_method_ablation_cam;
extern const SlMethod sl_method_score_cam;
extern const SlMethod sl_method_layer_cam;
extern const SlMethod sl_method_xgrad_cam;
extern const SlMethod sl_method_hires_cam;
extern const SlMethod sl_method_eigen_cam;
extern const SlMethod sl_method_eigen_gradcam;
extern const SlMethod sl_method_lime;
extern const SlMethod sl_method_kernel_shap;
extern const SlMethod sl_method_gradient_shap;
extern const SlMethod sl_method_integrated_gradients;
extern const SlMethod sl_method_saliency;
extern const SlMethod sl_method_gradient_x_input;
extern const SlMethod sl_method_guided_backprop;
extern const SlMethod sl_method_guided_gradcam;
extern const SlMethod sl_method_smoothgrad;
extern const SlMethod sl_method_occlusion;
extern const SlMethod sl_method_rise;
extern const SlMethod sl_method_sise;

/* Inputs x ⊙ mask for a batch of masks (each n_pos values, broadcast over channels): the fill
 * callback of the batched scoring helpers, with an SlMaskedInputs as its data. */
typedef struct
{
  const SlExplainContext *ctx;
  const float *masks; /* count × n_pos */
} SlMaskedInputs;

void sl_ctx_fill_masked (gpointer data,
                         gsize    index,
                         float   *dst);

/* Inputs with some segments switched off (LIME, Kernel SHAP): position p keeps x where its segment
 * labels[p] is on in the row, else takes `off`; with an SlSegmentInputs as the fill data. */
typedef struct
{
  const SlExplainContext *ctx;
  const guint *labels; /* n_pos segment labels */
  const guint8 *on;    /* count × segments */
  guint segments;
  float off;
} SlSegmentInputs;

void sl_ctx_fill_segments (gpointer data,
                           gsize    index,
                           float   *dst);

G_END_DECLS
