/* sl-objective.h — the training loss of a batch (cross-entropy + regularisation), its gradients. */

/* Sparse categorical cross-entropy on the logits (optionally class-weighted) plus the layers' L1/L2
 * regularisation, as Keras computes the loss it minimises and reports. */
#pragma once

#include "engine/sl-run.h"
#include "train/sl-train-spec.h"

G_BEGIN_DECLS

typedef struct
{
  double loss;      /* data_loss + reg_loss: what Keras reports as "loss" */
  double data_loss; /* Σ w_y · CE / n (Keras' SUM_OVER_BATCH_SIZE reduction) */
  double reg_loss;  /* Σ l1·|w| + l2·w² over every regularised weight, frozen layers included */
  gsize correct;    /* samples whose largest logit is their label */
} SlObjective;

/* Cross-entropy of n samples from their logits (a stable log-softmax in float64), weighted by
 * class_weights[label] when not NULL, averaged over n. When `dlogits` is not NULL it receives the
 * gradient w.r.t. the logits: w_y·(softmax − onehot)/n. */
double   sl_cross_entropy             (const float *logits,
                                       const gint  *labels,
                                       gsize        n,
                                       guint        classes,
                                       const float *class_weights,
                                       float       *dlogits,
                                       gsize       *correct);

/* Σ over the layers of l1·Σ|w| + l2·Σw² for kernels and biases, as Keras adds to the loss. */
double   sl_regularization_loss       (const SlModel     *model,
                                       const SlTrainSpec *spec);

/* Index of the lowest layer that `trainable` (one flag per layer) marks, or −1 when none. */
int      sl_objective_lowest_trainable (const SlModel  *model,
                                        const gboolean *trainable);

/* Runs x (n samples) forward through `run` and evaluates the objective into `out`. With `backward`,
 * also leaves the gradient of out->loss w.r.t. the kernel and bias of every layer that `trainable`
 * marks in the run's parameter gradients (zeroed first; regularisation included). `trainable` NULL
 * means every conv and dense layer the spec calls trainable. */
gboolean sl_objective_eval            (SlRun             *run,
                                       const SlTrainSpec *spec,
                                       const float       *x,
                                       const gint        *labels,
                                       gsize              n,
                                       const float       *class_weights,
                                       const gboolean    *trainable,
                                       gboolean           backward,
                                       SlObjective       *out,
                                       GError           **error);

G_END_DECLS
