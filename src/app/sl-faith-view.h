/* sl-faith-view.h — the Faithfulness view: drop/increase and deletion/insertion of several methods
 * over many samples in one job, the table filled in live, a method's samples, the figures. */
#pragma once

#include "checks/sl-localisation.h"
#include "explain/sl-faithfulness.h"
#include "sl-figure-view.h"
#include "sl-session.h"

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_FAITH_VIEW (sl_faith_view_get_type ())
G_DECLARE_FINAL_TYPE (SlFaithView, sl_faith_view, SL, FAITH_VIEW, GtkWidget)

/* Which samples a run measures. */
typedef enum
{
  SL_FAITH_SAMPLES_ALL,
  SL_FAITH_SAMPLES_FIRST,  /* the first N */
  SL_FAITH_SAMPLES_FILTER, /* the gallery's filter (sl_faith_view_set_filter_indices) */
} SlFaithSamples;

/* What the table shows for one method (means over the samples done so far). */
typedef struct
{
  const char *method;   /* CLI name */
  double drop_rate;     /* fractions */
  double increase_rate;
  double deletion_auc;  /* NaN without curves */
  double insertion_auc;
  gsize n_done;
  gsize n_samples;
  double seconds_per_sample; /* NaN before the first sample */
} SlFaithRow;

GtkWidget *sl_faith_view_new                (void);
void       sl_faith_view_set_session        (SlFaithView        *self,
                                             SlSession          *session);
/* The samples the gallery shows now (copied), for SL_FAITH_SAMPLES_FILTER. */
void       sl_faith_view_set_filter_indices (SlFaithView        *self,
                                             const gsize        *indices,
                                             gsize               n);

/* Options (the controls follow). Methods by CLI name, in registry order; unknown names skipped. */
void       sl_faith_view_set_methods        (SlFaithView        *self,
                                             const char *const  *names);
char     **sl_faith_view_dup_methods        (SlFaithView        *self);
void       sl_faith_view_set_frac           (SlFaithView        *self,
                                             double              frac);
double     sl_faith_view_get_frac           (SlFaithView        *self);
/* SL_EXPLAIN_SCORE_DEFAULT, SL_SCORE_LOGIT or SL_SCORE_PROB. */
void       sl_faith_view_set_score          (SlFaithView        *self,
                                             int                 score);
void       sl_faith_view_set_use_labels     (SlFaithView        *self,
                                             gboolean            use_labels);
void       sl_faith_view_set_samples        (SlFaithView        *self,
                                             SlFaithSamples      which,
                                             gsize               n_first);
void       sl_faith_view_set_curves         (SlFaithView        *self,
                                             gboolean            curves);

/* Starts the run, and the localisation when the dataset has regions (FALSE with an error when nothing is open, no method is chosen or the filter is
 * empty); a running one is cancelled first. */
gboolean   sl_faith_view_run                (SlFaithView        *self,
                                             GError            **error);
/* Stops the run; the table keeps the samples done and says it is partial. */
void       sl_faith_view_cancel             (SlFaithView        *self);
gboolean   sl_faith_view_is_running         (SlFaithView        *self);
gboolean   sl_faith_view_is_partial         (SlFaithView        *self);

guint      sl_faith_view_get_n_rows         (SlFaithView        *self);
gboolean   sl_faith_view_get_row            (SlFaithView        *self,
                                             guint               row,
                                             SlFaithRow         *out);
/* The table of the last run once it has finished or was cancelled, else NULL. */
const SlFaithTable *sl_faith_view_get_table (SlFaithView        *self);

/* Selects a row: the samples list shows its method's per-sample values. */
void       sl_faith_view_select_row         (SlFaithView        *self,
                                             guint               row);
guint      sl_faith_view_get_n_sample_items (SlFaithView        *self);
/* As activating the list's item `position`: emits ::sample-activated. */
void       sl_faith_view_activate_sample    (SlFaithView        *self,
                                             guint               position);

/* .csv or .json (the JSON is `saliency-lab-cli faithfulness --json`'s). */
gboolean   sl_faith_view_export_table       (SlFaithView        *self,
                                             const char         *path,
                                             GError            **error);
/* which: "table" (the course's drop/increase table), "curves" (mean deletion/insertion curves) or
 * "localisation" (the localisation bars);
 * .png, .svg or .pdf; width/height ≤ 0: the figure's own size. */
gboolean   sl_faith_view_export_figure      (SlFaithView        *self,
                                             const char         *which,
                                             const char         *path,
                                             double              width,
                                             double              height,
                                             double              dpi,
                                             GError            **error);
SlFigureView *sl_faith_view_get_figure_view (SlFaithView        *self,
                                             const char         *which);
/* Shows the figure `which` ("table", "curves" or "localisation"). */
void       sl_faith_view_show_figure        (SlFaithView        *self,
                                             const char         *which);

/* Localisation (datasets with regions): the same methods and samples as the run, measured against
 * one region. The table once that job has finished or was cancelled, else NULL; its rows shown. */
const SlLocalisationTable *sl_faith_view_get_localisation (SlFaithView *self);
guint      sl_faith_view_get_n_localisation_rows (SlFaithView *self);
/* What the localisation section says: why it is missing (no ground truth), its progress or result. */
const char *sl_faith_view_get_localisation_status (SlFaithView *self);
/* Chooses the region (a finished run is measured again); FALSE when the dataset has no such one. */
gboolean   sl_faith_view_set_region         (SlFaithView        *self,
                                             const char         *name);
/* .csv (method, region, pointing, mass, rank as fractions, samples, seconds) or .json
 * (sl_localisation_table_to_json's, per sample). */
gboolean   sl_faith_view_export_localisation (SlFaithView       *self,
                                              const char        *path,
                                              GError           **error);

/* Signals: ::sample-activated (guint64 index, const char *method) — open that sample with that
 * method; ::state-changed () as a run starts, progresses and ends; ::error (GError*). Property
 * "running". */

G_END_DECLS
