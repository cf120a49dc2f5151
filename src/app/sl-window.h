/* sl-window.h — the main window: the gallery beside the explore and compare views, the header
 * bar's open, export and jobs buttons, and every window action. */
#pragma once

#include "gallery/sl-gallery.h"
#include "sl-compare-view.h"
#include "sl-explore-view.h"
#include "sl-session.h"

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_WINDOW (sl_window_get_type ())
G_DECLARE_FINAL_TYPE (SlWindow, sl_window, SL, WINDOW, AdwApplicationWindow)

/* `settings` may be NULL (no schema installed: defaults, nothing kept). */
SlWindow      *sl_window_new           (GtkApplication *app,
                                        SlJobPool      *pool,
                                        GSettings      *settings);

SlSession     *sl_window_get_session   (SlWindow *self);
SlGallery     *sl_window_get_gallery   (SlWindow *self);
SlExploreView *sl_window_get_explore   (SlWindow *self);
SlCompareView *sl_window_get_compare   (SlWindow *self);
GtkWidget     *sl_window_get_report    (SlWindow *self);
GtkWidget     *sl_window_get_train     (SlWindow *self);
GtkWidget     *sl_window_get_faith     (SlWindow *self);
GtkWidget     *sl_window_get_sanity    (SlWindow *self);

/* Opens a model and/or a dataset (NULL keeps the current one) in the background; a failure is a
 * dialog naming the file and the reason, and the current ones stay open. A model whose input the
 * open dataset does not fit waits for a dataset. */
void           sl_window_open          (SlWindow   *self,
                                        const char *model_spec,
                                        const char *dataset_spec);
/* A dropped or given path: a model or a dataset, told apart by what the file holds. */
void           sl_window_open_path     (SlWindow   *self,
                                        const char *path);
/* What to show once the first open has finished: sample (−1: the first), method, view (NULL:
 * unchanged). */
void           sl_window_set_start     (SlWindow   *self,
                                        gssize      sample,
                                        const char *method,
                                        const char *view);
/* Also start the view's computation once the first open has finished (the faithfulness run, the
 * sanity check, the training: what its Run button starts). */
void           sl_window_set_start_run (SlWindow   *self,
                                        gboolean    run);
/* Samples to pin for comparison once the first open has finished. */
void           sl_window_set_start_pins (SlWindow    *self,
                                         const gsize *indices,
                                         guint        n);
/* Nothing is opening or computing, and the figures are up to date. */
gboolean       sl_window_is_settled    (SlWindow *self);
/* The last error shown to the user (a dialog or a toast), or NULL. */
const char    *sl_window_get_last_error (SlWindow *self);
/* The figure of the visible view to PNG/SVG/PDF (size ≤ 0: the default size). */
gboolean       sl_window_export        (SlWindow   *self,
                                        const char *path,
                                        double      width,
                                        double      height,
                                        double      dpi,
                                        GError    **error);
void           sl_window_set_presentation (SlWindow *self,
                                           gboolean  presentation);

G_END_DECLS
