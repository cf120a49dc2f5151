/* sl-report-view.h — the classification report of the session's model on its dataset: overall
 * scores, a sortable per-class table, the confusion / ROC / PR / per-class accuracy figures, the
 * most confident mistakes and least confident successes, linked to the gallery; exports. */
#pragma once

#include "compose/sl-report-figures.h"
#include "sl-figure-view.h"
#include "sl-session.h"

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_REPORT_VIEW (sl_report_view_get_type ())
G_DECLARE_FINAL_TYPE (SlReportView, sl_report_view, SL, REPORT_VIEW, GtkWidget)

/* The table's columns, in order. */
typedef enum
{
  SL_REPORT_COLUMN_CLASS,
  SL_REPORT_COLUMN_ACCURACY,
  SL_REPORT_COLUMN_PRECISION,
  SL_REPORT_COLUMN_RECALL,
  SL_REPORT_COLUMN_F1,
  SL_REPORT_COLUMN_SUPPORT,
  SL_REPORT_COLUMN_AUC,
  SL_REPORT_COLUMN_AP,
  SL_REPORT_N_COLUMNS
} SlReportColumn;

GtkWidget      *sl_report_view_new              (void);
/* The report follows the session: computed when the view is shown (mapped) and none is held for
 * the session's model and dataset, again after each ::changed. */
void            sl_report_view_set_session      (SlReportView *self,
                                                 SlSession    *session);
/* Computes now even when not shown (no-op when a report or a job is already there). */
void            sl_report_view_refresh          (SlReportView *self);
/* NULL until computed. */
const SlReport *sl_report_view_get_report       (SlReportView *self);
/* Whether a report job is running. */
gboolean        sl_report_view_is_busy          (SlReportView *self);
void            sl_report_view_cancel           (SlReportView *self);

/* The table as shown (sorted): the class at a row, −1 past the end. */
gint            sl_report_view_get_row_class    (SlReportView  *self,
                                                 guint          position);
/* The text of a cell as shown (locale-formatted); NULL past the end. */
char           *sl_report_view_dup_cell_text    (SlReportView  *self,
                                                 guint          position,
                                                 SlReportColumn column);
void            sl_report_view_sort_by          (SlReportView  *self,
                                                 SlReportColumn column,
                                                 GtkSortType    order);
/* "Accuracy 0.877 …", as shown above the table. */
const char     *sl_report_view_get_summary      (SlReportView *self);
/* The figure view showing `kind`, and the kind shown. */
SlFigureView   *sl_report_view_get_figure_view  (SlReportView       *self,
                                                 SlReportFigureKind  kind);
void            sl_report_view_show_figure      (SlReportView       *self,
                                                 SlReportFigureKind  kind);
SlReportFigureKind sl_report_view_get_shown_figure (SlReportView *self);
/* The samples of the two lists, best first (at most SL_REPORT_TOP_N each). */
const gsize    *sl_report_view_get_confident_wrong (SlReportView *self,
                                                    guint        *n);
const gsize    *sl_report_view_get_unsure_right    (SlReportView *self,
                                                    guint        *n);

/* A figure to PNG, SVG or PDF (by the extension); width/height ≤ 0: its natural size; dpi ≤ 0:
 * 96 for PNG. */
gboolean        sl_report_view_export_figure    (SlReportView       *self,
                                                 SlReportFigureKind  kind,
                                                 const char         *path,
                                                 double              width,
                                                 double              height,
                                                 double              dpi,
                                                 GError            **error);
/* The table to .csv (one row per class) or the whole report to .json (evaluate --json's text). */
gboolean        sl_report_view_export_table     (SlReportView *self,
                                                 const char   *path,
                                                 GError      **error);

/* Signals: ::filter-requested (gint true_class, gint predicted_class) — a confusion cell was
 * clicked (i, j), or a class row activated (c, −1); ::sample-activated (guint64 index) — a sample of
 * the two lists was activated; ::error (GError*); ::state-changed () when the report, or the job
 * computing it, changes. Property "busy". */

G_END_DECLS
