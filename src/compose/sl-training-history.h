/* sl-training-history.h — a training run's loss and accuracy per epoch, read from what the
 * trainer or Keras leaves behind (a training state .h5, a CSVLogger .csv, a History .json) or taken
 * from the trainer's own statistics, and its figure. */
#pragma once

#include "render/sl-render-training.h"
#include "train/sl-trainer.h"

G_BEGIN_DECLS

typedef enum
{
  SL_HISTORY_LOSS,
  SL_HISTORY_ACCURACY,
  SL_HISTORY_VAL_LOSS,
  SL_HISTORY_VAL_ACCURACY,
  SL_HISTORY_N_SERIES
} SlHistorySeries;

typedef struct
{
  gsize n_epochs;
  double *series[SL_HISTORY_N_SERIES]; /* n_epochs values each (NaN where an epoch has none), or
                                        * NULL for a series with no value at all */
} SlTrainingHistory;

/* By the file's extension: .csv (Keras' CSVLogger), .json (Keras' History.history, or a list of
 * one object per epoch), else a training state written by 'train --state'. */
SlTrainingHistory *sl_training_history_load (const char *path, GError **error);
SlTrainingHistory *sl_training_history_load_csv (const char *path, GError **error);
SlTrainingHistory *sl_training_history_load_json (const char *path, GError **error);
SlTrainingHistory *sl_training_history_load_state (const char *path, GError **error);
/* From the trainer's statistics (sl_trainer_get_history); NULL with no epochs. */
SlTrainingHistory *sl_training_history_new_from_stats (const SlEpochStats *stats, guint n_epochs);
void sl_training_history_free (SlTrainingHistory *history);

/* The figure of `history` (which it points into); `title` NULL: "Training (N epochs)". The
 * figure's default size is SL_TRAINING_FIGURE_WIDTH × SL_TRAINING_FIGURE_HEIGHT points. */
#define SL_TRAINING_FIGURE_WIDTH 640.0
#define SL_TRAINING_FIGURE_HEIGHT 280.0
void sl_training_history_figure (const SlTrainingHistory *history, const char *title,
                                 SlTrainingFigure *fig);

/* A run's curves as they arrive (the training job's partials), batch by batch and epoch by epoch;
 * reference-counted, so a widget can draw it while its owner keeps adding. */
typedef struct _SlTrainingLive SlTrainingLive;

SlTrainingLive *sl_training_live_new       (void);
SlTrainingLive *sl_training_live_ref       (SlTrainingLive     *live);
void            sl_training_live_unref     (SlTrainingLive     *live);
/* Forgets every point (a new run). */
void            sl_training_live_clear     (SlTrainingLive     *live);
/* A batch's running means; an epoch's statistics. A point at or before earlier ones (a resumed run
 * repeating an unfinished epoch) replaces those. */
void            sl_training_live_add_batch (SlTrainingLive     *live,
                                            const SlBatchStats *stats);
void            sl_training_live_add_epoch (SlTrainingLive     *live,
                                            const SlEpochStats *stats);
gsize           sl_training_live_get_n_batches (const SlTrainingLive *live);
/* The epochs so far (NULL when none). */
const SlEpochStats *sl_training_live_get_epochs (const SlTrainingLive *live,
                                                 guint                *n_epochs);
/* Mean seconds per finished epoch and the seconds left until `total_epochs` are done, counting the
 * part of the current epoch already run; FALSE (both -1) before the first epoch ends. */
gboolean        sl_training_live_timing    (const SlTrainingLive *live,
                                            guint                 total_epochs,
                                            double               *seconds_per_epoch,
                                            double               *seconds_left);
/* The figure of the curves so far (which it points into, until the next add), titled `title`. */
void            sl_training_live_figure    (const SlTrainingLive *live,
                                            const char           *title,
                                            SlTrainingFigure     *fig);
void            sl_training_live_set_title (SlTrainingLive     *live,
                                            const char         *title);
/* Draws the figure with the live's title (an SlDrawFunc). */
void            sl_training_live_draw      (cairo_t            *cr,
                                            double              width,
                                            double              height,
                                            gpointer            live);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTrainingHistory, sl_training_history_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTrainingLive, sl_training_live_unref)

G_END_DECLS
