/* sl-trainer.h — trains a model as Keras' model.fit does, with progress, cancel and resume. */

/* Mini-batch SGD with momentum, L1/L2 regularisation, learning-rate schedules, validation split,
 * early stopping, class weights, image augmentation and frozen layers. */
#pragma once

#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"
#include "train/sl-augment.h"
#include "train/sl-schedule.h"

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint epochs;               /* train until this many epochs are done (resumed ones count) */
  gsize batch_size;
  SlSchedule schedule;        /* the learning rate of each epoch */
  double momentum;            /* SGD momentum (0: plain SGD) */
  gboolean nesterov;
  guint32 seed;               /* shuffling and augmentation; epoch e draws from (seed, e) */
  gboolean shuffle;
  double validation_split;    /* Keras: the LAST fraction of the samples, taken before shuffling */
  guint patience;             /* stop after this many epochs without a lower val_loss (0: never) */
  double min_delta;           /* the least decrease of val_loss that counts as progress */
  gboolean restore_best;      /* when stopping early, go back to the weights of the best epoch
                               * (kept also with patience 0: sl_trainer_restore_best) */
  const float *class_weights; /* the loss weight of each class (n_classes), or NULL; copied */
  const gboolean *frozen;     /* one flag per model layer, TRUE: keep it fixed; or NULL (copied) */
  SlAugmentOptions augment;   /* for image datasets (rank 3) */
  const char *checkpoint;     /* save the training state (sl_trainer_save_state) here after every
                               * epoch, or NULL; copied */
} SlTrainOptions;

/* 30 epochs, batch 32, constant lr 0.01, no momentum, seed 0, shuffled, no validation. */
void sl_train_options_init (SlTrainOptions *options);

/* The `frozen` flags (one per model layer, g_free them) that train only the last n layers with
 * weights (convolution, dense, batch norm) and keep the others fixed; n = 0: train all. */
gboolean *sl_train_frozen_but_last (const SlModel *model,
                                    guint          n);

typedef struct
{
  guint epoch;      /* counted from 0 */
  double loss, acc; /* over the epoch's batches, as Keras reports them (regularisation included) */
  double val_loss, val_acc; /* NaN without validation */
  double lr;
  double seconds;
} SlEpochStats;

typedef struct
{
  guint epoch;
  gsize batch, n_batches; /* batch counted from 0 */
  double loss, acc;       /* running means over the epoch so far */
} SlBatchStats;

typedef void (*SlTrainBatchFunc) (const SlBatchStats *stats, gpointer user_data);
typedef void (*SlTrainEpochFunc) (const SlEpochStats *stats, gpointer user_data);

typedef struct _SlTrainer SlTrainer;

/* A trainer of `model` (which it updates in place and must outlive it). The model's configuration
 * gives each layer's regularisers and "trainable"; layers that cannot be trained yet (batch norm,
 * dropout with a rate) must be frozen or absent. */
SlTrainer *sl_trainer_new              (SlModel              *model,
                                        const SlTrainOptions *options,
                                        GError              **error);
void       sl_trainer_free             (SlTrainer            *trainer);

/* Draws the weights from the layers' initialisers (see sl_train_spec_init_weights). */
void       sl_trainer_init_weights     (SlTrainer            *trainer,
                                        guint32               seed);

void       sl_trainer_set_callbacks    (SlTrainer            *trainer,
                                        SlTrainBatchFunc      on_batch,
                                        SlTrainEpochFunc      on_epoch,
                                        gpointer              user_data);

/* Trains on all samples of `dataset` from the current epoch on. FALSE with SL_ERROR_CANCELLED when
 * `cancellable` fires (the model then holds the weights of the last finished batch). */
gboolean   sl_trainer_fit              (SlTrainer            *trainer,
                                        SlDataset            *dataset,
                                        GCancellable         *cancellable,
                                        GError              **error);
/* The same on the samples `indices` (n of them, in this order before shuffling). */
gboolean   sl_trainer_fit_subset       (SlTrainer            *trainer,
                                        SlDataset            *dataset,
                                        const gsize          *indices,
                                        gsize                 n,
                                        GCancellable         *cancellable,
                                        GError              **error);

/* Loss (regularisation included, no class weights) and accuracy of the model on samples
 * [first, first + count) of `dataset` (count 0: to the end). */
gboolean   sl_trainer_evaluate         (SlTrainer            *trainer,
                                        SlDataset            *dataset,
                                        gsize                 first,
                                        gsize                 count,
                                        double               *loss,
                                        double               *acc,
                                        GCancellable         *cancellable,
                                        GError              **error);

SlModel   *sl_trainer_get_model        (SlTrainer            *trainer);
/* The next epoch to run (= epochs done). */
guint      sl_trainer_get_epoch        (const SlTrainer      *trainer);
/* Optimizer steps done (Keras' iterations). */
gint64     sl_trainer_get_iterations   (const SlTrainer      *trainer);
const SlTrainOptions *sl_trainer_get_options (const SlTrainer *trainer);
/* Every finished epoch's statistics. Only while no other thread trains: the array moves as it grows. */
const SlEpochStats *sl_trainer_get_history (const SlTrainer  *trainer,
                                            guint            *n_epochs);
/* A copy of the history so far (free it with g_free), safe while another thread trains. */
SlEpochStats *sl_trainer_dup_history   (SlTrainer            *trainer,
                                        guint                *n_epochs);
gboolean   sl_trainer_stopped_early    (const SlTrainer      *trainer);
/* With restore_best, the trainer keeps the weights of the epoch with the lowest val_loss (also
 * without patience); this puts them back into the model, e.g. after a run was stopped. FALSE (the
 * model unchanged) without restore_best or before any epoch with a validation loss. */
gboolean   sl_trainer_restore_best     (SlTrainer            *trainer);
/* Whether layer i's weights are updated. */
gboolean   sl_trainer_layer_trainable  (const SlTrainer      *trainer,
                                        guint                 layer);
/* The SGD velocity of layer i's kernel or bias (NULL for layers without, or without momentum). */
const float *sl_trainer_get_velocity   (const SlTrainer      *trainer,
                                        guint                 layer,
                                        gboolean              bias);

/* The whole training state — weights, velocities, epoch, step count, seed (each epoch's random
 * stream is derived from seed and epoch), early-stopping state and history — to an HDF5 file, and
 * back into a trainer of the same model: training then resumes exactly where it stopped. */
gboolean   sl_trainer_save_state       (const SlTrainer      *trainer,
                                        const char           *path,
                                        GError              **error);
gboolean   sl_trainer_load_state       (SlTrainer            *trainer,
                                        const char           *path,
                                        GError              **error);

/* Saves the model as Keras 2.4 would after model.fit: training_config (sparse categorical
 * cross-entropy, accuracy, the SGD configuration with the last learning rate) and the optimizer's
 * weights (iterations, momentum slots). */
gboolean   sl_trainer_save_keras       (const SlTrainer      *trainer,
                                        const char           *path,
                                        GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTrainer, sl_trainer_free)

G_END_DECLS
