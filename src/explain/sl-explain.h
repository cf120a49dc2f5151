/* sl-explain.h — explaining a sample's class with any registered method: request, result, call. */
#pragma once

#include "core/sl-parallel.h"
#include "engine/sl-model.h"
#include "engine/sl-score.h"
#include "explain/sl-method.h"
#include "explain/sl-params.h"
#include "jobs/sl-predict.h" /* SlProgressFunc */

#include <gio/gio.h>

G_BEGIN_DECLS

/* An explanation reports its progress as `done` of SL_EXPLAIN_PROGRESS_TOTAL parts, from the thread
 * that runs it. */
#define SL_EXPLAIN_PROGRESS_TOTAL 10000

#define SL_EXPLAIN_TARGET_PREDICTED (-1) /* explain the predicted class */
#define SL_EXPLAIN_SCORE_DEFAULT    (-1) /* the method's own score (SlMethod.default_score) */
#define SL_EXPLAIN_LAYER_DEFAULT    (-1) /* the last convolution layer */

typedef struct
{
  const char *method;     /* CLI name, e.g. "gradcam" */
  int target;             /* class index, or SL_EXPLAIN_TARGET_PREDICTED */
  int score;              /* an SlScore, or SL_EXPLAIN_SCORE_DEFAULT */
  int layer;              /* layer index (sl_model_find_layer), or SL_EXPLAIN_LAYER_DEFAULT */
  guint64 seed;           /* random methods: the same seed gives the same map */
  const SlParams *params; /* made by sl_method_new_params for this method; NULL: the defaults */
  SlParallel *parallel;   /* sl_explain spreads the model's layers over it (borrowed; a job passes
                           * the process's one, sl_job_get_parallel); NULL: the calling thread */
} SlExplainRequest;

/* Predicted class, method's score, default layer, seed 0, default parameters, no SlParallel. */
void sl_explain_request_init (SlExplainRequest *req,
                              const char       *method);

typedef struct
{
  char *method;         /* CLI name */
  guint target;         /* the class explained */
  guint predicted;      /* the model's predicted class for the sample */
  SlScore score;        /* the score the method used */
  double score_value;   /* that score of the class for the sample */
  double probability;   /* p_c of the sample */
  int layer;            /* the layer used, or -1 for input-space methods */
  char *layer_name;     /* its name, or NULL (SISE: the comma-separated layers) */
  guint64 seed;
  SlParams *params;     /* the parameters in effect */
  double seconds;       /* wall time of the computation */

  /* The attribution at the method's own resolution: (L) for 1-D inputs, (H, W) for images; at
   * layer resolution for CAM methods, else equal to map_input. */
  SlShape map_shape;
  float *map;
  /* The same brought to the input's resolution (linear/bilinear, half-pixel centres). */
  SlShape input_shape;
  float *map_input;
} SlExplanation;

void  sl_explanation_free      (SlExplanation *expl);
gsize sl_explanation_map_size  (const SlExplanation *expl);
gsize sl_explanation_input_size (const SlExplanation *expl);

/* A workspace for explaining many samples of one model from one thread: it keeps its forward and
 * backward buffers between calls. The model must outlive it. */
typedef struct _SlExplainer SlExplainer;

SlExplainer   *sl_explainer_new     (const SlModel *model);
void           sl_explainer_free    (SlExplainer *explainer);
/* Spread the convolutions over `parallel`'s threads (borrowed; it must outlive the explainer);
 * models too small to gain from it (MNIST-1D) keep to the calling thread. Without one an explainer computes on its caller's thread (plus OpenBLAS's own threads). */
void           sl_explainer_set_parallel (SlExplainer *explainer,
                                          SlParallel  *parallel);
/* Samples pushed through the model per forward pass (sized so that a batch stays short enough for a
 * prompt cancellation and small in memory). */
gsize          sl_explainer_batch   (const SlExplainer *explainer);
SlExplanation *sl_explainer_explain (SlExplainer            *explainer,
                                     const float            *x,
                                     const SlExplainRequest *req,
                                     SlProgressFunc          progress,
                                     gpointer                progress_data,
                                     GCancellable           *cancellable,
                                     GError                **error);

/* Explains one sample `x` (the model's input shape, channels-last) on req->parallel's threads for
 * models large enough to gain from it (else on the calling thread). Fails with SL_ERROR_ARGUMENT on a bad request and
 * SL_ERROR_CANCELLED when `cancellable` is cancelled. */
SlExplanation *sl_explain           (const SlModel          *model,
                                     const float            *x,
                                     const SlExplainRequest *req,
                                     SlProgressFunc          progress,
                                     gpointer                progress_data,
                                     GCancellable           *cancellable,
                                     GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlExplanation, sl_explanation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlExplainer, sl_explainer_free)

G_END_DECLS
