/* sl-trainer-private.h — the trainer's state, shared by its files (fit, state, Keras save). */
#pragma once

#include "engine/sl-run.h"
#include "train/sl-train-spec.h"
#include "train/sl-trainer.h"

G_BEGIN_DECLS

struct _SlTrainer
{
  SlModel *model;
  SlTrainOptions options;    /* class_weights and frozen point into the copies below */
  float *class_weights;      /* n_classes, or NULL */
  gboolean *frozen;          /* per layer (the options' copy) */
  char *checkpoint;          /* the options' copy */
  gboolean *trainable;       /* per layer: has parameters, trainable in the config, not frozen */
  SlTrainSpec *spec;
  SlRun *run;
  float **velocity;          /* [2·layer + 0/1]: kernel and bias velocities of trainable layers */

  guint epoch;               /* the next epoch to run */
  gint64 iterations;
  GArray *history;           /* of SlEpochStats */
  GMutex history_lock;       /* the history grows on the training thread while others read it */

  /* Early stopping, as Keras' EarlyStopping keeps it. */
  double best;
  guint wait;
  gboolean stopped_early;
  float **best_weights;      /* [2·layer + 0/1], or NULL before the first improvement */

  SlTrainBatchFunc on_batch;
  SlTrainEpochFunc on_epoch;
  gpointer user_data;
};

/* Number of floats of layer i's kernel (which = 0) or bias (which = 1). */
gsize sl_trainer_weight_size (const SlTrainer *trainer,
                              guint            layer,
                              guint            which);
float *sl_trainer_weight     (SlTrainer       *trainer,
                              guint            layer,
                              guint            which);

G_END_DECLS
