/* sl-train-view.h — the Training view: a preset or Keras config, a dataset and the recipe's
 * hyper-parameters as a form; runs a training job with live curves, stop, resume, save, explain. */
#pragma once

#include "compose/sl-training-history.h"
#include "sl-figure-view.h"
#include "sl-session.h"

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_TRAIN_VIEW (sl_train_view_get_type ())
G_DECLARE_FINAL_TYPE (SlTrainView, sl_train_view, SL, TRAIN_VIEW, GtkWidget)

GtkWidget      *sl_train_view_new               (void);
/* Its pool runs the jobs; its dataset is the default one to train on. */
void            sl_train_view_set_session       (SlTrainView          *self,
                                                 SlSession            *session);
/* "mnist1d-cnn" or "hmt-vgg7": the form takes the preset's recipe (sl_preset_recipe). */
gboolean        sl_train_view_set_preset        (SlTrainView          *self,
                                                 const char           *name);
/* A Keras model_config JSON file as the architecture instead (checked now). */
gboolean        sl_train_view_set_config_file   (SlTrainView          *self,
                                                 const char           *path,
                                                 GError              **error);
/* NULL: the session's dataset; else a dataset string ("mnist1d:train", a file, a folder). */
void            sl_train_view_set_dataset       (SlTrainView          *self,
                                                 const char           *spec);
/* The form's hyper-parameters, and setting them (frozen layers and class weights aside). */
void            sl_train_view_get_options       (SlTrainView          *self,
                                                 SlTrainOptions       *options);
void            sl_train_view_set_options       (SlTrainView          *self,
                                                 const SlTrainOptions *options);
/* Train only the last n layers with weights (0: all). */
void            sl_train_view_set_train_last    (SlTrainView          *self,
                                                 guint                 n);
/* What a stopped run keeps: the best validation epoch's weights (TRUE) or the last ones. */
void            sl_train_view_set_keep_best     (SlTrainView          *self,
                                                 gboolean              keep_best);

/* Starts a new run (fresh weights from the form's seed); FALSE with `error` when the model, the
 * dataset or the settings do not fit. */
gboolean        sl_train_view_start             (SlTrainView          *self,
                                                 GError              **error);
void            sl_train_view_stop              (SlTrainView          *self);
/* Continues a stopped (or finished) run up to the form's epochs, with its optimizer state. */
gboolean        sl_train_view_resume            (SlTrainView          *self,
                                                 GError              **error);
gboolean        sl_train_view_is_running        (SlTrainView          *self);
/* The run's curves so far (owned by the view). */
SlTrainingLive *sl_train_view_get_live          (SlTrainView          *self);
/* The trained model once a run has stopped or finished (NULL before; owned by the view). */
SlModel        *sl_train_view_get_trained_model (SlTrainView          *self);
/* Saves the trained model as Keras 2.4 would (atomically). */
gboolean        sl_train_view_save              (SlTrainView          *self,
                                                 const char           *path,
                                                 GError              **error);
/* Emits ::model-ready with the saved file, saving first to a file under the user cache folder
 * when the model was not saved yet. */
gboolean        sl_train_view_explain           (SlTrainView          *self,
                                                 GError              **error);
SlFigureView   *sl_train_view_get_figure_view   (SlTrainView          *self);

/* Signals: ::model-ready (const char *path) — open this model; ::error (GError *) — something the
 * person should read (a run failed, a file could not be saved); ::state-changed () — a run
 * started, stopped or finished. Property: "running". */

G_END_DECLS
