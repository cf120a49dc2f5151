/* sl-sanity-view.h — the Sanity view: the cascading model-randomisation check of one method over a
 * few samples, as a job, then one sample's maps per step and the similarity curves. */
#pragma once

#include "checks/sl-sanity.h"
#include "sl-figure-view.h"
#include "sl-session.h"

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_SANITY_VIEW (sl_sanity_view_get_type ())
G_DECLARE_FINAL_TYPE (SlSanityView, sl_sanity_view, SL, SANITY_VIEW, GtkWidget)

GtkWidget *sl_sanity_view_new           (void);
void       sl_sanity_view_set_session   (SlSanityView *self,
                                         SlSession    *session);

/* Options (the controls follow). The method by CLI name; FALSE when there is no such method. */
gboolean   sl_sanity_view_set_method    (SlSanityView *self,
                                         const char   *name);
const char *sl_sanity_view_get_method   (SlSanityView *self);
void       sl_sanity_view_set_n_samples (SlSanityView *self,
                                         guint         n);
void       sl_sanity_view_set_seed      (SlSanityView *self,
                                         guint64       seed);

/* Starts the run over N samples spread evenly over the dataset (FALSE with an error when nothing is open); a running
 * one is cancelled first. */
gboolean   sl_sanity_view_run           (SlSanityView *self,
                                         GError      **error);
/* Stops the run; the steps done are shown. */
void       sl_sanity_view_cancel        (SlSanityView *self);
/* A run or the loading of the sample shown is in progress. */
gboolean   sl_sanity_view_is_busy       (SlSanityView *self);
/* The last run's result once it has finished or was cancelled, else NULL. */
const SlSanityResult *sl_sanity_view_get_result (SlSanityView *self);

/* Shows the maps of the result's sample `position` (< n_samples). */
void       sl_sanity_view_select_sample (SlSanityView *self,
                                         guint         position);
guint      sl_sanity_view_get_selected_sample (SlSanityView *self);
SlFigureView *sl_sanity_view_get_figure_view (SlSanityView *self);

/* .png, .svg or .pdf; width/height ≤ 0: the figure's own size. */
gboolean   sl_sanity_view_export_figure (SlSanityView *self,
                                         const char   *path,
                                         double        width,
                                         double        height,
                                         double        dpi,
                                         GError      **error);
/* .json: `sl_sanity_result_to_json`'s. */
gboolean   sl_sanity_view_export_data   (SlSanityView *self,
                                         const char   *path,
                                         GError      **error);

/* Signals: ::state-changed () as a run starts, progresses and ends and as a figure is shown;
 * ::error (GError*). */

G_END_DECLS
