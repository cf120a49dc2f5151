#include "sl-report-view.h"

#include "sl-compact-switcher.h"
#include "sl-job-titles.h"

#include "sl-app-resources.h"

#include "core/sl-error.h"
#include "jobs/sl-predict-job.h"
#include "jobs/sl-report-job.h"
#include "metrics/sl-report-export.h"

#include <glib/gi18n.h>
#include <math.h>

#define N_FIGURES 4

/* ---- One table row: a class's scores, and their text as shown ---- */

#define SL_TYPE_REPORT_ROW (sl_report_row_get_type ())
G_DECLARE_FINAL_TYPE (SlReportRow, sl_report_row, SL, REPORT_ROW, GObject)

struct _SlReportRow
{
  GObject parent_instance;
  guint cls;
  char *name;
  double values[SL_REPORT_N_COLUMNS]; /* by column; the class column unused */
  char *text[SL_REPORT_N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (SlReportRow, sl_report_row, G_TYPE_OBJECT)

static void
sl_report_row_finalize (GObject *object)
{
  SlReportRow *row = SL_REPORT_ROW (object);
  g_free (row->name);
  for (guint i = 0; i < SL_REPORT_N_COLUMNS; i++)
    g_free (row->text[i]);
  G_OBJECT_CLASS (sl_report_row_parent_class)->finalize (object);
}

static void
sl_report_row_class_init (SlReportRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_report_row_finalize;
}

static void
sl_report_row_init (SlReportRow *row)
{
}

/* "%.3f" follows LC_NUMERIC (a decimal comma where the locale has one); no AUC is a dash. */
static char *
format_score (double value)
{
  return isfinite (value) ? g_strdup_printf ("%.3f", value) : g_strdup ("—");
}

static SlReportRow *
report_row_new (const SlReport *report, guint c)
{
  SlReportRow *row = g_object_new (SL_TYPE_REPORT_ROW, NULL);
  const SlClassScores *pc = &report->per_class[c];
  row->cls = c;
  row->name = g_strdup (report->class_names[c]);
  row->values[SL_REPORT_COLUMN_ACCURACY] = pc->support ? pc->recall : NAN;
  row->values[SL_REPORT_COLUMN_PRECISION] = pc->precision;
  row->values[SL_REPORT_COLUMN_RECALL] = pc->recall;
  row->values[SL_REPORT_COLUMN_F1] = pc->f1;
  row->values[SL_REPORT_COLUMN_SUPPORT] = (double) pc->support;
  row->values[SL_REPORT_COLUMN_AUC] = pc->auc;
  row->values[SL_REPORT_COLUMN_AP] = pc->ap;
  row->text[SL_REPORT_COLUMN_CLASS] = g_strdup (row->name);
  for (guint i = SL_REPORT_COLUMN_ACCURACY; i < SL_REPORT_N_COLUMNS; i++)
    row->text[i] = i == SL_REPORT_COLUMN_SUPPORT
                       ? g_strdup_printf ("%" G_GSIZE_FORMAT, pc->support)
                       : format_score (row->values[i]);
  return row;
}

/* ---- The view ---- */

struct _SlReportView
{
  GtkWidget parent_instance;
  GtkLabel *summary_label;
  GtkProgressBar *progress;
  GtkWidget *cancel_button;
  GtkWidget *export_button;
  GtkStack *content_stack;
  AdwStatusPage *status_page;
  GtkColumnView *table;
  GtkListBox *wrong_list;
  GtkListBox *right_list;
  GtkPaned *paned;
  int placed_position; /* where show_report put the divider; -1 before the first */
  GtkStack *figure_stack;
  GtkStackSwitcher *figure_switcher;
  SlFigureView *confusion_view;
  SlFigureView *roc_view;
  SlFigureView *pr_view;
  SlFigureView *accuracy_view;

  SlSession *session;
  SlJob *job;
  SlPredictions *job_predictions; /* the job's batches, for the two lists */
  SlReport *report;
  GListStore *rows;
  GtkSortListModel *sorted;
  GtkColumnViewColumn *columns[SL_REPORT_N_COLUMNS];
  GArray *wrong; /* gsize */
  GArray *right; /* gsize */
  GtkFileChooserNative *chooser;
};

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

enum
{
  SIG_FILTER_REQUESTED,
  SIG_SAMPLE_ACTIVATED,
  SIG_ERROR,
  SIG_STATE_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlReportView, sl_report_view, GTK_TYPE_WIDGET)

static const char *const figure_names[N_FIGURES] = { "confusion", "roc", "pr", "accuracy" };

SlFigureView *
sl_report_view_get_figure_view (SlReportView *self, SlReportFigureKind kind)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self), NULL);
  switch (kind)
    {
    case SL_REPORT_FIGURE_CONFUSION:
      return self->confusion_view;
    case SL_REPORT_FIGURE_ROC:
      return self->roc_view;
    case SL_REPORT_FIGURE_PR:
      return self->pr_view;
    case SL_REPORT_FIGURE_CLASS_ACCURACY:
    default:
      return self->accuracy_view;
    }
}

static void
state_changed (SlReportView *self)
{
  const gboolean busy = self->job != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  gtk_widget_set_sensitive (self->export_button, self->report != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
  g_signal_emit (self, signals[SIG_STATE_CHANGED], 0);
}

static void
show_status (SlReportView *self, const char *title, const char *description)
{
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
stop_job (SlReportView *self)
{
  if (!self->job)
    return;
  g_signal_handlers_disconnect_by_data (self->job, self);
  sl_job_cancel (self->job);
  g_clear_object (&self->job);
  g_clear_pointer (&self->job_predictions, sl_predictions_free);
}

/* Forgets the report (the figures borrow it, so they go first). */
static void
clear_report (SlReportView *self)
{
  for (int k = 0; k < N_FIGURES; k++)
    sl_figure_view_set_custom (sl_report_view_get_figure_view (self, k), NULL, NULL, NULL, 0, 0);
  g_list_store_remove_all (self->rows);
  for (GtkWidget *row; (row = gtk_widget_get_first_child (GTK_WIDGET (self->wrong_list)));)
    gtk_list_box_remove (self->wrong_list, row);
  for (GtkWidget *row; (row = gtk_widget_get_first_child (GTK_WIDGET (self->right_list)));)
    gtk_list_box_remove (self->right_list, row);
  g_array_set_size (self->wrong, 0);
  g_array_set_size (self->right, 0);
  g_clear_pointer (&self->report, sl_report_free);
  gtk_label_set_text (self->summary_label, "");
}

/* ---- Showing a report ---- */

static void
draw_report_figure (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_report_figure_draw (fig, cr, width, height);
}

static void
add_sample_rows (SlReportView *self, GtkListBox *list, GArray *indices, const SlPredictions *pred)
{
  const char *const *names = (const char *const *) self->report->class_names;
  for (guint i = 0; i < indices->len; i++)
    {
      const gsize index = g_array_index (indices, gsize, i);
      const int t = sl_predictions_get_label (pred, index);
      const int p = sl_predictions_get_predicted (pred, index);
      g_autofree char *conf = g_strdup_printf ("%.3f", sl_predictions_get_confidence (pred, index));
      /* As the gallery numbers the samples. */
      g_autofree char *number = g_strdup_printf ("#%lu", (gulong) index);
      /* TRANSLATORS: the confidence of a prediction */
      g_autofree char *p_text = g_strdup_printf (_("p = %s"), conf);
      /* TRANSLATORS: true class → predicted class */
      g_autofree char *classes = g_strdup_printf (_("%s → %s"), names[t], names[p]);
      /* The class names on a line of their own, wrapped rather than cut in a narrow pane. */
      GtkWidget *number_label = gtk_label_new (number);
      gtk_label_set_xalign (GTK_LABEL (number_label), 0);
      gtk_widget_set_hexpand (number_label, TRUE);
      gtk_widget_add_css_class (number_label, "heading");
      gtk_widget_add_css_class (number_label, "numeric");
      GtkWidget *p_label = gtk_label_new (p_text);
      gtk_widget_add_css_class (p_label, "numeric");
      gtk_widget_add_css_class (p_label, "dim-label");
      GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_box_append (GTK_BOX (top), number_label);
      gtk_box_append (GTK_BOX (top), p_label);
      GtkWidget *classes_label = gtk_label_new (classes);
      gtk_label_set_xalign (GTK_LABEL (classes_label), 0);
      gtk_label_set_wrap (GTK_LABEL (classes_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (classes_label), PANGO_WRAP_WORD_CHAR);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_box_append (GTK_BOX (box), top);
      gtk_box_append (GTK_BOX (box), classes_label);
      gtk_widget_set_margin_start (box, 8);
      gtk_widget_set_margin_end (box, 8);
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      /* TRANSLATORS: sample number, true class → predicted class, confidence */
      g_autofree char *tooltip = g_strdup_printf (_("Show sample %lu (%s, %s)"), (gulong) index,
                                                  classes, p_text);
      GtkWidget *row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_widget_set_tooltip_text (row, tooltip);
      g_object_set_data (G_OBJECT (row), "index", GSIZE_TO_POINTER (index));
      gtk_list_box_append (list, row);
    }
}

/* The samples the filter keeps in `order`, the first SL_REPORT_TOP_N. */
static void
select_samples (const SlPredictions *pred, SlCorrectness correctness, SlSampleOrder order,
                GArray *out)
{
  SlSampleFilter filter;
  sl_sample_filter_init (&filter);
  filter.correctness = correctness;
  gsize n = 0;
  g_autofree gsize *indices = sl_predictions_select (pred, &filter, order, &n);
  g_array_append_vals (out, indices, MIN (n, SL_REPORT_TOP_N));
}

static void
set_figures (SlReportView *self)
{
  SlReportFigureOptions options;
  sl_report_figure_options_init (&options);
  g_autofree char *model_label = sl_session_dup_model_label (self->session);
  const char *dataset_label = sl_session_get_dataset_label (self->session);
  for (int k = 0; k < N_FIGURES; k++)
    {
      g_autoptr (GError) error = NULL;
      SlReportFigure *fig
          = sl_report_figure_new (self->report, k, model_label, dataset_label, &options, &error);
      SlFigureView *view = sl_report_view_get_figure_view (self, k);
      /* ROC and PR need a class with positives and negatives; the tooltip then says why there
       * is no figure (and the template's tooltip comes back with one). */
      if (!g_object_get_data (G_OBJECT (view), "sl-tooltip"))
        g_object_set_data_full (G_OBJECT (view), "sl-tooltip",
                                gtk_widget_get_tooltip_text (GTK_WIDGET (view))
                                    ? g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (view)))
                                    : g_strdup (""),
                                g_free);
      g_object_set_data_full (G_OBJECT (view), "sl-no-figure",
                              fig ? NULL : g_strdup (error->message), g_free);
      gtk_widget_set_tooltip_text (GTK_WIDGET (view),
                                   fig ? g_object_get_data (G_OBJECT (view), "sl-tooltip")
                                       : error->message);
      if (!fig)
        continue;
      double w, h;
      sl_report_figure_get_size (fig, &w, &h);
      sl_figure_view_set_custom (view, fig, (GDestroyNotify) sl_report_figure_free,
                                 draw_report_figure, w, h);
      g_autofree char *description = sl_report_figure_describe (fig);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
    }
}

static void
set_summary (SlReportView *self)
{
  const SlReport *r = self->report;
  g_autofree char *acc = g_strdup_printf ("%.3f", r->accuracy);
  g_autofree char *mp = g_strdup_printf ("%.3f", r->macro_avg.precision);
  g_autofree char *mr = g_strdup_printf ("%.3f", r->macro_avg.recall);
  g_autofree char *mf = g_strdup_printf ("%.3f", r->macro_avg.f1);
  g_autofree char *wp = g_strdup_printf ("%.3f", r->weighted_avg.precision);
  g_autofree char *wr = g_strdup_printf ("%.3f", r->weighted_avg.recall);
  g_autofree char *wf = g_strdup_printf ("%.3f", r->weighted_avg.f1);
  g_autofree char *text = g_strdup_printf (
      _("Accuracy %s (%lu of %lu samples) · macro average: "
        "precision %s, recall %s, F1 %s · weighted average: precision %s, recall %s, F1 %s"),
      acc, (gulong) r->n_correct, (gulong) r->n_samples, mp, mr, mf, wp, wr, wf);
  gtk_label_set_text (self->summary_label, text);
}

/* Takes `report`; `pred` holds the same samples' predictions (for the two lists). */
static void
show_report (SlReportView *self, SlReport *report, const SlPredictions *pred)
{
  clear_report (self);
  self->report = report;
  set_summary (self);
  for (guint c = 0; c < report->n_classes; c++)
    {
      g_autoptr (SlReportRow) row = report_row_new (report, c);
      g_list_store_append (self->rows, row);
    }
  select_samples (pred, SL_CORRECT_WRONG_ONLY, SL_ORDER_CONFIDENCE_DESC, self->wrong);
  select_samples (pred, SL_CORRECT_ONLY, SL_ORDER_CONFIDENCE_ASC, self->right);
  add_sample_rows (self, self->wrong_list, self->wrong, pred);
  add_sample_rows (self, self->right_list, self->right, pred);
  set_figures (self);
  gtk_stack_set_visible_child_name (self->content_stack, "report");
  /* The lists as wide as their rows where the window allows it (GtkPaned would give them their
   * minimum width), again for each report unless the person has dragged the divider. */
  if (self->placed_position < 0 || gtk_paned_get_position (self->paned) == self->placed_position)
    {
      int natural = 0;
      gtk_widget_measure (gtk_paned_get_start_child (self->paned), GTK_ORIENTATION_HORIZONTAL, -1,
                          NULL, &natural, NULL, NULL);
      gtk_paned_set_position (self->paned, natural);
      self->placed_position = gtk_paned_get_position (self->paned);
    }
}

/* ---- Computing it ---- */

static void
on_job_partial (SlJob *job, gpointer item, SlReportView *self)
{
  const SlPredictBatch *b = item;
  sl_predictions_set_batch (self->job_predictions, b->first, b->n, b->probs);
}

static void
on_job_progress (SlJob *job, GParamSpec *pspec, SlReportView *self)
{
  const double fraction = sl_job_get_fraction (job);
  gtk_progress_bar_set_fraction (self->progress, fraction < 0 ? 0 : fraction);
  /* %llu, not G_GUINT64_FORMAT: xgettext cuts a msgid at a macro. */
  g_autofree char *text
      = g_strdup_printf (_("%llu of %llu"), (unsigned long long) sl_job_get_done (job),
                         (unsigned long long) sl_job_get_total (job));
  gtk_progress_bar_set_text (self->progress, text);
}

static void
on_job_finished (SlJob *job, SlReportView *self)
{
  g_autoptr (SlJob) done = g_steal_pointer (&self->job);
  g_autoptr (SlPredictions) pred = g_steal_pointer (&self->job_predictions);
  g_signal_handlers_disconnect_by_data (job, self);
  switch (sl_job_get_state (job))
    {
    case SL_JOB_DONE:
      show_report (self, sl_job_steal_result (job), pred);
      break;
    case SL_JOB_FAILED:
      show_status (self, _("No report"), sl_job_get_error (job)->message);
      g_signal_emit (self, signals[SIG_ERROR], 0, sl_job_get_error (job));
      break;
    default:
      show_status (self, _("Report cancelled"),
                   _("Show this view again, or reopen the model, to compute it."));
      break;
    }
  state_changed (self);
}

/* The session's predictions, when complete and for labelled samples, are the report job's own
 * (the same predict job, batch for batch), so the report is built from them without re-running
 * the model. */
static SlReport *
report_from_session (SlReportView *self, GError **error)
{
  const SlPredictions *pred = sl_session_get_predictions (self->session);
  SlDataset *dataset = sl_session_get_dataset (self->session);
  SlModel *model = sl_session_get_model (self->session);
  if (!pred || sl_session_is_predicting (self->session)
      || sl_predictions_get_n_done (pred) != dataset->n_samples
      || dataset->n_classes != model->n_classes)
    return NULL;
  const gsize n = dataset->n_samples;
  const guint k = model->n_classes;
  g_autofree float *probs = g_new (float, MAX (n * k, 1));
  for (gsize i = 0; i < n; i++)
    {
      if (dataset->labels[i] < 0)
        return NULL; /* the job says what is wrong */
      for (guint c = 0; c < k; c++)
        probs[i * k + c] = (float) sl_predictions_get_prob (pred, i, c);
    }
  return sl_report_new (probs, dataset->labels, n, k, (const char *const *) dataset->class_names,
                        error);
}

static void
start (SlReportView *self)
{
  if (self->report || self->job)
    return;
  SlModel *model = self->session ? sl_session_get_model (self->session) : NULL;
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  if (!model || !dataset)
    {
      show_status (self, _("No report yet"),
                   _("Open a model and a labelled dataset to see how well the model classifies "
                     "it."));
      state_changed (self);
      return;
    }
  if (!dataset->labels)
    {
      show_status (self, _("No labels"),
                   _("This dataset has no labels, so there is nothing to score the predictions "
                     "against."));
      state_changed (self);
      return;
    }
  g_autoptr (GError) error = NULL;
  SlReport *report = report_from_session (self, &error);
  if (report)
    {
      show_report (self, report, sl_session_get_predictions (self->session));
      state_changed (self);
      return;
    }
  if (error)
    {
      show_status (self, _("No report"), error->message);
      g_signal_emit (self, signals[SIG_ERROR], 0, error);
      state_changed (self);
      return;
    }
  self->job = sl_report_job_new (model, dataset, 0, 0);
  sl_job_title_report (self->job, dataset->name);
  self->job_predictions = sl_predictions_new (dataset->n_samples, model->n_classes,
                                              dataset->labels);
  g_signal_connect (self->job, "partial", G_CALLBACK (on_job_partial), self);
  g_signal_connect (self->job, "notify::done", G_CALLBACK (on_job_progress), self);
  g_signal_connect (self->job, "finished", G_CALLBACK (on_job_finished), self);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_progress_bar_set_text (self->progress, _("Starting"));
  show_status (self, _("Computing the report…"),
               _("Every sample of the dataset is predicted once."));
  sl_job_pool_push (sl_session_get_pool (self->session), self->job);
  state_changed (self);
}

static void
on_session_changed (SlSession *session, SlReportView *self)
{
  stop_job (self);
  clear_report (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start (self);
  else
    {
      show_status (self, _("No report yet"), _("It is computed when this view is shown."));
      state_changed (self);
    }
}

/* ---- Events ---- */

static void
on_cancel (SlReportView *self)
{
  sl_report_view_cancel (self);
}

static void
on_row_activated (SlReportView *self, guint position)
{
  const gint c = sl_report_view_get_row_class (self, position);
  if (c >= 0)
    g_signal_emit (self, signals[SIG_FILTER_REQUESTED], 0, c, -1);
}

static void
on_sample_row_activated (SlReportView *self, GtkListBoxRow *row)
{
  const gsize index = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "index"));
  g_signal_emit (self, signals[SIG_SAMPLE_ACTIVATED], 0, (guint64) index);
}

static void
on_confusion_pressed (GtkGestureClick *gesture, int n_press, double x, double y,
                      SlReportView *self)
{
  const SlReportFigure *fig = sl_figure_view_get_custom (self->confusion_view);
  double fx, fy, fw, fh;
  int i, j;
  if (fig && sl_figure_view_to_figure (self->confusion_view, x, y, &fx, &fy, &fw, &fh)
      && sl_report_figure_confusion_cell_at (fig, fw, fh, fx, fy, &i, &j))
    g_signal_emit (self, signals[SIG_FILTER_REQUESTED], 0, i, j);
}

static void
on_figure_switched (SlReportView *self)
{
  g_signal_emit (self, signals[SIG_STATE_CHANGED], 0);
}

static void
on_export_response (GtkNativeDialog *dialog, int response, SlReportView *self)
{
  g_autoptr (GFile) file = NULL;
  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  if (!path)
    return;
  g_autoptr (GError) error = NULL;
  g_autofree char *lower = g_ascii_strdown (path, -1);
  const gboolean table = g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".json");
  const gboolean ok = table ? sl_report_view_export_table (self, path, &error)
                            : sl_report_view_export_figure (
                                  self, sl_report_view_get_shown_figure (self), path, 0, 0, 0,
                                  &error);
  if (!ok)
    g_signal_emit (self, signals[SIG_ERROR], 0, error);
}

static void
on_export (SlReportView *self)
{
  if (!self->report || self->chooser)
    return;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (
      _("Export the Report"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
      GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (self->chooser);
  static const struct
  {
    const char *name, *pattern;
  } filters[] = {
    { N_("Figure as PNG"), "*.png" }, { N_("Figure as SVG"), "*.svg" },
    { N_("Figure as PDF"), "*.pdf" }, { N_("Table as CSV"), "*.csv" },
    { N_("Report as JSON"), "*.json" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _(filters[i].name));
      gtk_file_filter_add_pattern (filter, filters[i].pattern);
      gtk_file_chooser_add_filter (chooser, filter);
    }
  g_autofree char *name = g_strdup_printf ("%s.png", figure_names[sl_report_view_get_shown_figure (
                                                         self)]);
  gtk_file_chooser_set_current_name (chooser, name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- The table's columns ---- */

static void
cell_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  const SlReportColumn column = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);
  /* Whole class names: the table scrolls sideways rather than cut them. */
  gtk_label_set_xalign (GTK_LABEL (label), column == SL_REPORT_COLUMN_CLASS ? 0 : 1);
  if (column != SL_REPORT_COLUMN_CLASS)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  const SlReportColumn column = GPOINTER_TO_INT (data);
  SlReportRow *row = gtk_list_item_get_item (item);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), row->text[column]);
}

/* Numbers ascending with undefined ones (no AUC) last; names by collation; ties by class. */
static int
compare_rows (gconstpointer a, gconstpointer b, gpointer data)
{
  const SlReportRow *x = a, *y = b;
  const SlReportColumn column = GPOINTER_TO_INT (data);
  int order = 0;
  if (column == SL_REPORT_COLUMN_CLASS)
    order = g_utf8_collate (x->name, y->name);
  else
    {
      const double u = x->values[column], v = y->values[column];
      if (isnan (u) || isnan (v))
        order = isnan (u) - isnan (v);
      else
        order = (u > v) - (u < v);
    }
  return order ? order : (x->cls > y->cls) - (x->cls < y->cls);
}

static void
add_columns (SlReportView *self)
{
  const char *titles[SL_REPORT_N_COLUMNS] = {
    _("Class"), _("Accuracy"), _("Precision"), _("Recall"),
    _("F1"),    _("Support"),  _("ROC AUC"),   _("AP"),
  };
  for (int c = 0; c < SL_REPORT_N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), GINT_TO_POINTER (c));
      GtkColumnViewColumn *column = gtk_column_view_column_new (titles[c], factory);
      GtkCustomSorter *sorter = gtk_custom_sorter_new (compare_rows, GINT_TO_POINTER (c), NULL);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      g_object_unref (sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->table, column);
      self->columns[c] = column;
      g_object_unref (column);
    }
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                          g_object_ref (gtk_column_view_get_sorter (self->table)));
  GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

/* ---- GObject ---- */

static void
sl_report_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sl_report_view_parent_class)->map (widget);
  start (SL_REPORT_VIEW (widget));
}

static void
sl_report_view_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  switch (id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, sl_report_view_is_busy (SL_REPORT_VIEW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_report_view_dispose (GObject *object)
{
  SlReportView *self = SL_REPORT_VIEW (object);
  stop_job (self);
  if (self->chooser)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->confusion_view)
    clear_report (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_REPORT_VIEW);
  /* The template's root box is not bound to a field, so it is unparented here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->sorted);
  G_OBJECT_CLASS (sl_report_view_parent_class)->dispose (object);
}

static void
sl_report_view_finalize (GObject *object)
{
  SlReportView *self = SL_REPORT_VIEW (object);
  g_clear_pointer (&self->report, sl_report_free);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->wrong, g_array_unref);
  g_clear_pointer (&self->right, g_array_unref);
  G_OBJECT_CLASS (sl_report_view_parent_class)->finalize (object);
}

static void
sl_report_view_class_init (SlReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_report_view_dispose;
  object_class->finalize = sl_report_view_finalize;
  object_class->get_property = sl_report_view_get_property;
  widget_class->map = sl_report_view_map;
  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  signals[SIG_FILTER_REQUESTED]
      = g_signal_new ("filter-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  signals[SIG_SAMPLE_ACTIVATED]
      = g_signal_new ("sample-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
  signals[SIG_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIG_STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  g_type_ensure (SL_TYPE_FIGURE_VIEW);
  /* Referencing the generated resource keeps it (and its registration) in a static link. */
  (void) sl_app_resources_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-report-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlReportView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, progress);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, export_button);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, status_page);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, table);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, wrong_list);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, right_list);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, paned);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, figure_stack);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, figure_switcher);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, confusion_view);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, roc_view);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, pr_view);
  gtk_widget_class_bind_template_child (widget_class, SlReportView, accuracy_view);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_export);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_sample_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_figure_switched);
}

static void
sl_report_view_init (SlReportView *self)
{
  self->rows = g_list_store_new (SL_TYPE_REPORT_ROW);
  self->wrong = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->right = g_array_new (FALSE, FALSE, sizeof (gsize));
  gtk_widget_init_template (GTK_WIDGET (self));
  self->placed_position = -1;
  sl_stack_switcher_make_compact (self->figure_switcher);
  add_columns (self);
  GtkGesture *click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_confusion_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->confusion_view), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->confusion_view), "pointer");
}

/* ---- Public ---- */

GtkWidget *
sl_report_view_new (void)
{
  return g_object_new (SL_TYPE_REPORT_VIEW, NULL);
}

void
sl_report_view_set_session (SlReportView *self, SlSession *session)
{
  g_return_if_fail (SL_IS_REPORT_VIEW (self));
  g_return_if_fail (session == NULL || SL_IS_SESSION (session));
  if (self->session == session)
    return;
  stop_job (self);
  clear_report (self);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session)
    g_signal_connect (session, "changed", G_CALLBACK (on_session_changed), self);
  on_session_changed (session, self);
}

void
sl_report_view_refresh (SlReportView *self)
{
  g_return_if_fail (SL_IS_REPORT_VIEW (self));
  start (self);
}

const SlReport *
sl_report_view_get_report (SlReportView *self)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self), NULL);
  return self->report;
}

gboolean
sl_report_view_is_busy (SlReportView *self)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self), FALSE);
  return self->job != NULL;
}

void
sl_report_view_cancel (SlReportView *self)
{
  g_return_if_fail (SL_IS_REPORT_VIEW (self));
  if (self->job)
    sl_job_cancel (self->job); /* ::finished follows */
}

static SlReportRow *
row_at (SlReportView *self, guint position)
{
  return g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
}

gint
sl_report_view_get_row_class (SlReportView *self, guint position)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self), -1);
  g_autoptr (SlReportRow) row = row_at (self, position);
  return row ? (gint) row->cls : -1;
}

char *
sl_report_view_dup_cell_text (SlReportView *self, guint position, SlReportColumn column)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self), NULL);
  g_return_val_if_fail (column < SL_REPORT_N_COLUMNS, NULL);
  g_autoptr (SlReportRow) row = row_at (self, position);
  return row ? g_strdup (row->text[column]) : NULL;
}

void
sl_report_view_sort_by (SlReportView *self, SlReportColumn column, GtkSortType order)
{
  g_return_if_fail (SL_IS_REPORT_VIEW (self));
  g_return_if_fail (column < SL_REPORT_N_COLUMNS);
  gtk_column_view_sort_by_column (self->table, self->columns[column], order);
}

const char *
sl_report_view_get_summary (SlReportView *self)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self), NULL);
  return gtk_label_get_text (self->summary_label);
}

void
sl_report_view_show_figure (SlReportView *self, SlReportFigureKind kind)
{
  g_return_if_fail (SL_IS_REPORT_VIEW (self));
  g_return_if_fail ((guint) kind < N_FIGURES);
  gtk_stack_set_visible_child_name (self->figure_stack, figure_names[kind]);
}

SlReportFigureKind
sl_report_view_get_shown_figure (SlReportView *self)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self), SL_REPORT_FIGURE_CONFUSION);
  const char *name = gtk_stack_get_visible_child_name (self->figure_stack);
  for (int k = 0; k < N_FIGURES; k++)
    if (g_strcmp0 (name, figure_names[k]) == 0)
      return k;
  return SL_REPORT_FIGURE_CONFUSION;
}

const gsize *
sl_report_view_get_confident_wrong (SlReportView *self, guint *n)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self) && n != NULL, NULL);
  *n = self->wrong->len;
  return (const gsize *) self->wrong->data;
}

const gsize *
sl_report_view_get_unsure_right (SlReportView *self, guint *n)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self) && n != NULL, NULL);
  *n = self->right->len;
  return (const gsize *) self->right->data;
}

static gboolean
check_report (SlReportView *self, GError **error)
{
  if (self->report)
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, _("There is no report to export yet"));
  return FALSE;
}

gboolean
sl_report_view_export_figure (SlReportView *self, SlReportFigureKind kind, const char *path,
                              double width, double height, double dpi, GError **error)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self) && path != NULL, FALSE);
  g_return_val_if_fail ((guint) kind < N_FIGURES, FALSE);
  if (!check_report (self, error))
    return FALSE;
  const SlReportFigure *fig = sl_figure_view_get_custom (sl_report_view_get_figure_view (self, kind));
  if (!fig)
    {
      const char *why
          = g_object_get_data (G_OBJECT (sl_report_view_get_figure_view (self, kind)),
                               "sl-no-figure");
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s",
                   why ? why : _("This figure is not available"));
      return FALSE;
    }
  return sl_report_figure_export (fig, path, width, height, dpi > 0 ? dpi : 96, error);
}

gboolean
sl_report_view_export_table (SlReportView *self, const char *path, GError **error)
{
  g_return_val_if_fail (SL_IS_REPORT_VIEW (self) && path != NULL, FALSE);
  if (!check_report (self, error))
    return FALSE;
  g_autofree char *lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".csv"))
    return sl_report_write_csv (self->report, path, error);
  if (g_str_has_suffix (lower, ".json"))
    return sl_report_write_json (self->report, path, error);
  g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT,
               _("Cannot export the table as “%s”: the name must end in .csv or .json"), path);
  return FALSE;
}
