/* sl-session.h — what a window has open: a model, a dataset, their predictions as they arrive, and
 * the explanations computed so far. No widgets: the window observes it. */
#pragma once

#include "compose/sl-predictions.h"
#include "datasets/sl-dataset.h"
#include "engine/sl-model.h"
#include "explain/sl-explain.h"
#include "jobs/sl-job-pool.h"

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_TYPE_SESSION (sl_session_get_type ())
G_DECLARE_FINAL_TYPE (SlSession, sl_session, SL, SESSION, GObject)

SlSession           *sl_session_new               (SlJobPool *pool);

SlJobPool           *sl_session_get_pool          (SlSession *self);
/* NULL until something is open. */
SlModel             *sl_session_get_model         (SlSession *self);
SlDataset           *sl_session_get_dataset       (SlSession *self);
/* What the model and dataset were opened from ("demo", a path, a dataset string). */
const char          *sl_session_get_model_spec    (SlSession *self);
const char          *sl_session_get_dataset_spec  (SlSession *self);
/* "HMT.h5", "Demo model"; the dataset's name. */
char                *sl_session_dup_model_label   (SlSession *self);
const char          *sl_session_get_dataset_label (SlSession *self);
/* One name per model class (the dataset's when it has one per class). */
const char *const   *sl_session_get_class_names   (SlSession *self);
const SlPredictions *sl_session_get_predictions   (SlSession *self);
/* Whether the predictions job is still running. */
gboolean             sl_session_is_predicting     (SlSession *self);

/* Opens a model and/or a dataset (NULL keeps the current one) in a job. On success both replace the
 * current ones together (::changed, then predictions start); on failure nothing changes and the
 * error names the file and the reason. A dataset that does not fit the model is an error. */
void                 sl_session_open_async        (SlSession          *self,
                                                   const char         *model_spec,
                                                   const char         *dataset_spec,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
/* `notice` (may be NULL) receives what a person should know about a success, e.g. that the open
 * dataset does not fit a newly opened model and was closed. */
gboolean             sl_session_open_finish       (SlSession          *self,
                                                   GAsyncResult       *result,
                                                   char              **notice,
                                                   GError            **error);
/* Opens a file or folder as a model or as a dataset, whichever it holds. */
void                 sl_session_open_path_async   (SlSession          *self,
                                                   const char         *path,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);

/* Explanations cached per sample, method, class, score, layer, seed and parameters (bounded). */
char                *sl_session_explanation_key   (SlSession              *self,
                                                   gsize                   index,
                                                   const SlExplainRequest *req);
SlExplanation       *sl_session_lookup_explanation (SlSession  *self,
                                                    const char *key);
/* Takes `expl`. */
void                 sl_session_store_explanation (SlSession     *self,
                                                   const char    *key,
                                                   SlExplanation *expl);

/* Signals: ::changed () after a successful open; ::predictions-changed (guint64 first, guint64 n)
 * as batches arrive. Properties: "predicting". */

G_END_DECLS
