/* sl-run.h — running a model: a workspace holding every layer's output (and gradient) for a batch. */
#pragma once

#include "core/sl-parallel.h"
#include "engine/sl-model.h"

G_BEGIN_DECLS

typedef struct _SlRun SlRun;

/* A workspace for batches of up to `capacity` samples. Layer indices go from -1 (the input) to
 * n_layers − 1 (the logits). A run made with sl_run_new_from only holds layers ≥ `first` (for resuming
 * from a layer, e.g. ablation, where the batch is large but only the tail of the network runs). */
SlRun       *sl_run_new            (const SlModel *model,
                                    gsize          capacity);
SlRun       *sl_run_new_from       (const SlModel *model,
                                    gsize          capacity,
                                    int            first);
void         sl_run_free           (SlRun         *run);

gsize        sl_run_capacity       (const SlRun *run);
gsize        sl_run_batch          (const SlRun *run);
const SlModel *sl_run_model        (const SlRun *run);

/* Spread the convolutions of each forward pass over `parallel`'s threads (borrowed; it must outlive
 * the run's use of it). Without one the run stays on the caller's thread, apart from OpenBLAS's. */
void         sl_run_set_parallel   (SlRun      *run,
                                    SlParallel *parallel);

/* Also accumulate the gradients of every kernel and bias during sl_run_backward (for training). */
void         sl_run_set_param_grads (SlRun   *run,
                                     gboolean enabled);
/* Accumulated parameter gradients of layer i (NULL for layers without them), and their reset. */
float       *sl_run_kernel_grad    (SlRun *run,
                                    int    layer);
float       *sl_run_bias_grad      (SlRun *run,
                                    int    layer);
void         sl_run_zero_param_grads (SlRun *run);

/* Runs `n` samples (n × input size floats) through the whole model. */
gboolean     sl_run_forward        (SlRun       *run,
                                    const float *x,
                                    gsize        n,
                                    GError     **error);
/* Runs the layers after `layer` on what its output buffer holds now, for `n` samples: write into
 * sl_run_output (run, layer) first to replace a layer's output (a tap), then resume. */
gboolean     sl_run_forward_from   (SlRun  *run,
                                    int     layer,
                                    gsize   n,
                                    GError **error);

/* Output of layer i (−1: the input) for the current batch: n × size floats, writable. */
float       *sl_run_output         (SlRun *run,
                                    int    layer);
/* The logits (the last layer's output before the final activation): n × classes. */
const float *sl_run_logits         (SlRun *run);

/* Back-propagates `dlogits` (n × classes, the gradient of some scalar per sample w.r.t. the logits)
 * down to the output of `stop` (−1: down to the input). */
gboolean     sl_run_backward       (SlRun       *run,
                                    const float *dlogits,
                                    int          stop,
                                    GError     **error);
/* Gradient w.r.t. the output of layer i (i ≥ stop of the last backward; −1: the input). */
const float *sl_run_grad           (SlRun *run,
                                    int    layer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlRun, sl_run_free)

G_END_DECLS
