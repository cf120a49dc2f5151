/* sl-sanity.h — cascading model-parameter randomisation (Adebayo et al., "Sanity Checks for
 * Saliency Maps", 2018): do a method's maps change when the model's weights are destroyed? */
#pragma once

#include "core/sl-parallel.h"
#include "datasets/sl-dataset.h"
#include "explain/sl-explain.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 seed;          /* the re-initialisation draws (a GRand seeded with it, top-down) */
  SlParallel *parallel;  /* borrowed; NULL: the calling thread */
  gboolean keep_partial; /* on cancel, return the steps done so far (result->partial) */
} SlSanityOptions;

/* Seed 0, the calling thread. */
void sl_sanity_options_init (SlSanityOptions *options);

/* Step 0 is the trained model. Step s ≥ 1 has re-initialised, from the top down, the last s layers
 * that have weights (convolutions and dense layers: kernel and bias from the Keras initialisers of
 * the model's config, sl-train-spec.h); `layers[s]` names the layer re-initialised at step s
 * (layers[0] is NULL). Every step explains the same samples for the same class: the one the trained
 * model predicts (or the request's target when it is set). */
typedef struct
{
  char *method;           /* "gradcam (prob)" … */
  char *dataset;
  guint n_steps;          /* steps after step 0: the layers with weights */
  guint n_steps_done;     /* n_steps, fewer when partial */
  gboolean partial;
  char **layers;          /* [step], n_steps + 1 entries, NULL-terminated after them */
  gsize n_samples;
  gsize *indices;         /* [sample]: dataset index */
  guint *target;          /* [sample]: the class explained */
  SlShape map_shape;      /* of each map: the input's spatial shape, (L) or (H, W) */
  gsize map_size;
  float *maps;            /* [(step × n_samples + sample) × map_size]: map_input of each */
  double *spearman;       /* [step × n_samples + sample]: sl_spearman (absolute) against step 0 */
  double *spearman_signed; /* the same without absolute values */
  double *ssim;           /* sl_ssim against step 0 */
  double *mean_spearman;  /* [step]: means over the samples (NaN values skipped); step 0 is 1 */
  double *mean_spearman_signed;
  double *mean_ssim;
  gsize *n_defined;       /* [step]: samples whose Spearman (abs) is a number (a constant map, such
                           * as an all-zero Grad-CAM, has none) */
  double seconds;
} SlSanityResult;

/* Runs the cascade for `request`'s method on the samples `indices` (n_indices; NULL: 0 …
 * n_indices − 1). `progress` counts explanations: (n_steps + 1) × n_indices in all. Fails with
 * SL_ERROR_ARGUMENT when the model has no layer with weights or its config names an initialiser
 * Saliency Lab cannot draw, SL_ERROR_CANCELLED when cancelled (unless keep_partial). */
SlSanityResult *sl_sanity_run (const SlModel          *model,
                               SlDataset              *dataset,
                               const gsize            *indices,
                               gsize                   n_indices,
                               const SlExplainRequest *request,
                               const SlSanityOptions  *options,
                               SlProgressFunc          progress,
                               gpointer                progress_data,
                               GCancellable           *cancellable,
                               GError                **error);

void      sl_sanity_result_free    (SlSanityResult *result);
/* A text table: step, layer, Spearman (abs), Spearman, SSIM, samples with a defined Spearman. */
char     *sl_sanity_result_format  (const SlSanityResult *result);
/* {"method", "dataset", "seed", "samples", "seconds", "partial", "steps": [{"step", "layer",
 *  "spearman", "spearman_signed", "ssim", "defined"}…]} with one entry per randomisation step done
 * (step 0 left out), in order; NaN is written as null. */
JsonNode *sl_sanity_result_to_json (const SlSanityResult *result,
                                    guint64               seed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSanityResult, sl_sanity_result_free)

G_END_DECLS
