/* sl-sanity-view.c — the Sanity view: options, one sanity job with its progress, then the sample
 * shown loaded as a job (the model's forward pass stays off the main thread) and drawn with its
 * maps per step and the similarity curves; exports. */
#include "sl-sanity-view.h"

#include "sl-job-titles.h"

#include "compose/sl-sanity-figure.h"
#include "core/sl-atomic.h"
#include "core/sl-error.h"
#include "explain/sl-method.h"
#include "jobs/sl-sanity-job.h"
#include "sl-app-resources.h"
#include "sl-export-dialog.h"
#include "sl-sample-job.h"

#include <glib/gi18n.h>

struct _SlSanityView
{
  GtkWidget parent_instance;
  AdwComboRow *method_row;
  GtkSpinButton *samples_spin;
  GtkSpinButton *seed_spin;
  GtkWidget *run_button;
  GtkWidget *cancel_button;
  GtkProgressBar *progress;
  GtkLabel *status_label;
  GtkDropDown *sample_dropdown;
  GtkWidget *export_data_button;
  GtkWidget *export_figure_button;
  SlFigureView *figure;

  SlSession *session;
  GtkStringList *sample_items;
  SlJob *job;             /* the run in progress */
  SlJob *sample_job;      /* loading the sample shown */
  SlSanityResult *result; /* the last run's, once finished */
  guint64 seed;           /* of the result */
  guint selected;         /* the result's sample shown */
  GtkFileChooserNative *chooser;
};

enum
{
  SIG_STATE_CHANGED,
  SIG_ERROR,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlSanityView, sl_sanity_view, GTK_TYPE_WIDGET)

static void
report_error (SlSanityView *self, const GError *error)
{
  gtk_label_set_text (self->status_label, error->message);
  g_signal_emit (self, signals[SIG_ERROR], 0, error);
}

/* ---- State ---- */

static void
update_state (SlSanityView *self)
{
  const gboolean have_session = self->session && sl_session_get_model (self->session)
                                && sl_session_get_dataset (self->session);
  gtk_widget_set_sensitive (self->run_button, have_session);
  gtk_widget_set_sensitive (self->cancel_button, self->job != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sample_dropdown),
                            self->result != NULL && self->result->n_samples > 1);
  gtk_widget_set_sensitive (self->export_data_button, self->result != NULL);
  gtk_widget_set_sensitive (self->export_figure_button, sl_figure_view_has_figure (self->figure));
  g_signal_emit (self, signals[SIG_STATE_CHANGED], 0);
}

static void
cancel_sample_job (SlSanityView *self)
{
  if (!self->sample_job)
    return;
  g_signal_handlers_disconnect_by_data (self->sample_job, self);
  sl_job_cancel (self->sample_job);
  g_clear_object (&self->sample_job);
}

static void
cancel_job (SlSanityView *self)
{
  if (self->job)
    {
      g_signal_handlers_disconnect_by_data (self->job, self);
      sl_job_cancel (self->job);
      g_clear_object (&self->job);
    }
  cancel_sample_job (self);
}

static void
clear_result (SlSanityView *self)
{
  g_clear_pointer (&self->result, sl_sanity_result_free);
  self->selected = 0;
  gtk_string_list_splice (self->sample_items, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->sample_items)), NULL);
  sl_figure_view_set_custom (self->figure, NULL, NULL, NULL, 0, 0);
}

/* ---- The figure ---- */

static void
draw_sanity_figure (cairo_t *cr, double width, double height, gpointer fig)
{
  sl_sanity_figure_draw (fig, cr, width, height);
}

static void
on_sample_loaded (SlJob *job, SlSanityView *self)
{
  g_signal_handlers_disconnect_by_data (job, self);
  g_autoptr (SlSampleView) view
      = sl_job_get_state (job) == SL_JOB_DONE ? sl_job_steal_result (job) : NULL;
  if (sl_job_get_state (job) == SL_JOB_FAILED)
    report_error (self, sl_job_get_error (job));
  g_clear_object (&self->sample_job);
  if (view && self->result)
    {
      g_autoptr (GError) error = NULL;
      SlSanityFigure *fig = sl_sanity_figure_new (self->result, self->selected, view, NULL, &error);
      if (!fig)
        report_error (self, error);
      else
        {
          double w, h;
          sl_sanity_figure_get_size (fig, &w, &h);
          sl_figure_view_set_custom (self->figure, fig, (GDestroyNotify)sl_sanity_figure_free,
                                     draw_sanity_figure, w, h);
        }
    }
  update_state (self);
}

/* Loads the selected sample; its figure follows. */
static void
show_sample (SlSanityView *self)
{
  cancel_sample_job (self);
  SlModel *model = self->session ? sl_session_get_model (self->session) : NULL;
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  if (!self->result || !model || !dataset || self->selected >= self->result->n_samples)
    return;
  self->sample_job = sl_sample_job_new (model, dataset, self->result->indices[self->selected]);
  g_signal_connect (self->sample_job, "finished", G_CALLBACK (on_sample_loaded), self);
  sl_job_pool_push (sl_session_get_pool (self->session), self->sample_job);
  update_state (self);
}

static void
on_sample_selected (GtkDropDown *dropdown, GParamSpec *pspec, SlSanityView *self)
{
  const guint position = gtk_drop_down_get_selected (dropdown);
  if (!self->result || position == GTK_INVALID_LIST_POSITION || position == self->selected)
    return;
  self->selected = position;
  show_sample (self);
}

static char *
sample_text (SlSanityView *self, gsize index, guint target)
{
  const char *const *names = self->session ? sl_session_get_class_names (self->session) : NULL;
  if (names && target < g_strv_length ((char **)names))
    return g_strdup_printf (_ ("Sample %lu · class %s"), (gulong)index, names[target]);
  return g_strdup_printf (_ ("Sample %lu · class %u"), (gulong)index, target);
}

/* ---- Run ---- */

static void
on_progress (SlJob *job, GParamSpec *pspec, SlSanityView *self)
{
  const double fraction = sl_job_get_fraction (job);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress, fraction);
  g_autofree char *text = g_strdup_printf (
      ngettext ("Running: %lu of %lu explanation", "Running: %lu of %lu explanations",
                (gulong)sl_job_get_total (job)),
      (gulong)sl_job_get_done (job), (gulong)sl_job_get_total (job));
  gtk_label_set_text (self->status_label, text);
}

static void
on_finished (SlJob *job, SlSanityView *self)
{
  g_signal_handlers_disconnect_by_data (job, self);
  const SlJobState state = sl_job_get_state (job);
  /* A cancelled run's result holds the steps done. */
  if (state == SL_JOB_DONE || state == SL_JOB_CANCELLED)
    self->result = sl_job_steal_result (job);
  g_clear_object (&self->job);
  if (state == SL_JOB_FAILED)
    report_error (self, sl_job_get_error (job));
  else if (!self->result)
    gtk_label_set_text (self->status_label, _ ("Cancelled before the first step was done."));
  else
    {
      const SlSanityResult *r = self->result;
      const guint last = MIN (r->n_steps_done, r->n_steps);
      /* A small model's whole run takes milliseconds. */
      g_autofree char *time = r->seconds < 1 ? g_strdup_printf (_ ("%.1f ms"), 1e3 * r->seconds)
                                             : g_strdup_printf (_ ("%.2f s"), r->seconds);
      g_autofree char *text
          = r->partial ? g_strdup_printf (
                ngettext ("Partial: cancelled after %u of %u randomisation step (%s)",
                          "Partial: cancelled after %u of %u randomisation steps (%s)", r->n_steps),
                r->n_steps_done, r->n_steps, time)
                       : g_strdup_printf (
                           ngettext ("Done: %u randomisation steps × %lu sample in %s; at "
                                     "the last step Spearman %.2f, SSIM %.2f",
                                     "Done: %u randomisation steps × %lu samples in %s; at "
                                     "the last step Spearman %.2f, SSIM %.2f",
                                     (gulong)r->n_samples),
                           r->n_steps, (gulong)r->n_samples, time, r->mean_spearman[last],
                           r->mean_ssim[last]);
      gtk_label_set_text (self->status_label, text);
      gtk_progress_bar_set_fraction (self->progress, r->partial ? sl_job_get_fraction (job) : 1);
      g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      for (gsize s = 0; s < r->n_samples; s++)
        g_ptr_array_add (texts, sample_text (self, r->indices[s], r->target[s]));
      g_ptr_array_add (texts, NULL);
      gtk_string_list_splice (self->sample_items, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->sample_items)),
                              (const char *const *)texts->pdata);
      self->selected = 0;
      gtk_drop_down_set_selected (self->sample_dropdown, 0);
      show_sample (self);
    }
  update_state (self);
}

static const SlMethod *
chosen_method (SlSanityView *self)
{
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  const guint i = adw_combo_row_get_selected (self->method_row);
  return i < n ? all[i] : NULL;
}

gboolean
sl_sanity_view_run (SlSanityView *self, GError **error)
{
  g_return_val_if_fail (SL_IS_SANITY_VIEW (self), FALSE);
  SlModel *model = self->session ? sl_session_get_model (self->session) : NULL;
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  const SlMethod *method = chosen_method (self);
  if (!model || !dataset)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT,
                           _ ("Open a model and a dataset first."));
      return FALSE;
    }
  if (!method)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT, _ ("Choose a method."));
      return FALSE;
    }
  cancel_job (self);
  clear_result (self);
  const gsize n = MIN ((gsize)gtk_spin_button_get_value (self->samples_spin), dataset->n_samples);
  SlExplainRequest request;
  sl_explain_request_init (&request, method->name);
  SlSanityOptions options;
  sl_sanity_options_init (&options);
  options.seed = (guint64)gtk_spin_button_get_value (self->seed_spin);
  self->seed = options.seed;
  /* Spread over the dataset: a folder of images lists its classes one after another, and the first
   * N tiles of one class say little about the method. */
  g_autofree gsize *indices = g_new (gsize, MAX (n, 1));
  for (gsize k = 0; k < n; k++)
    indices[k] = k * dataset->n_samples / n;
  self->job = sl_sanity_job_new (model, dataset, indices, n, &request, &options);
  sl_job_title_sanity (self->job, method->name, model->name);
  g_signal_connect (self->job, "notify::fraction", G_CALLBACK (on_progress), self);
  g_signal_connect (self->job, "finished", G_CALLBACK (on_finished), self);
  sl_job_pool_push (sl_session_get_pool (self->session), self->job);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_label_set_text (self->status_label, _ ("Starting…"));
  update_state (self);
  return TRUE;
}

static void
on_run_clicked (GtkButton *button, SlSanityView *self)
{
  g_autoptr (GError) error = NULL;
  if (!sl_sanity_view_run (self, &error))
    report_error (self, error);
}

void
sl_sanity_view_cancel (SlSanityView *self)
{
  g_return_if_fail (SL_IS_SANITY_VIEW (self));
  /* ::finished brings the steps done. */
  if (self->job)
    sl_job_cancel (self->job);
}

static void
on_cancel_clicked (GtkButton *button, SlSanityView *self)
{
  sl_sanity_view_cancel (self);
}

/* ---- Export ---- */

static void
on_data_chooser_response (GtkNativeDialog *chooser, int response, SlSanityView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;
      if (path && !sl_sanity_view_export_data (self, path, &error))
        report_error (self, error);
    }
  g_clear_object (&self->chooser);
}

static void
on_export_data_clicked (GtkButton *button, SlSanityView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (
      _ ("Export Sanity Check"), GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
      GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "sanity.json");
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _ ("JSON (*.json)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_data_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_figure_export (SlExportDialog *dialog, const char *path, double width, double height, double dpi,
                  SlSanityView *self)
{
  g_autoptr (GError) error = NULL;
  if (!sl_sanity_view_export_figure (self, path, width, height, dpi, &error))
    report_error (self, error);
}

static void
on_export_figure_clicked (GtkButton *button, SlSanityView *self)
{
  const SlSanityFigure *fig = sl_figure_view_get_custom (self->figure);
  if (!fig)
    return;
  double w, h;
  sl_sanity_figure_get_size (fig, &w, &h);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  SlExportDialog *dialog = sl_export_dialog_new (
      GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL, _ ("Export Figure"), "sanity", w, h);
  g_signal_connect_object (dialog, "export", G_CALLBACK (on_figure_export), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ---- */

static void
on_session_changed (SlSession *session, SlSanityView *self)
{
  cancel_job (self);
  clear_result (self);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_label_set_text (self->status_label, _ ("Choose a method and press Run."));
  update_state (self);
}

static void
sl_sanity_view_dispose (GObject *object)
{
  SlSanityView *self = SL_SANITY_VIEW (object);
  cancel_job (self);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->sample_dropdown)
    g_signal_handlers_disconnect_by_data (self->sample_dropdown, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_SANITY_VIEW);
  /* The template's root box is not bound to a field, so it is unparented here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_sanity_view_parent_class)->dispose (object);
}

static void
sl_sanity_view_finalize (GObject *object)
{
  SlSanityView *self = SL_SANITY_VIEW (object);
  g_clear_pointer (&self->result, sl_sanity_result_free);
  g_clear_object (&self->sample_items);
  G_OBJECT_CLASS (sl_sanity_view_parent_class)->finalize (object);
}

static void
sl_sanity_view_class_init (SlSanityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_sanity_view_dispose;
  object_class->finalize = sl_sanity_view_finalize;
  signals[SIG_STATE_CHANGED]
      = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  signals[SIG_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  g_type_ensure (SL_TYPE_FIGURE_VIEW);
  /* Referencing the generated resource keeps it (and its registration) in a static link. */
  (void)sl_app_resources_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-sanity-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, method_row);
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, samples_spin);
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, run_button);
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, progress);
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, sample_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, export_data_button);
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, export_figure_button);
  gtk_widget_class_bind_template_child (widget_class, SlSanityView, figure);
  gtk_widget_class_bind_template_callback (widget_class, on_run_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_data_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_figure_clicked);
  gtk_widget_class_set_css_name (widget_class, "sanityview");
}

static void
sl_sanity_view_init (SlSanityView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  g_autoptr (GtkStringList) methods = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (methods, all[i]->display_name);
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (methods));
  sl_sanity_view_set_method (self, "gradcam");

  self->sample_items = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->sample_dropdown, G_LIST_MODEL (self->sample_items));
  g_signal_connect (self->sample_dropdown, "notify::selected", G_CALLBACK (on_sample_selected),
                    self);
  update_state (self);
}

/* ---- Public ---- */

GtkWidget *
sl_sanity_view_new (void)
{
  return g_object_new (SL_TYPE_SANITY_VIEW, NULL);
}

void
sl_sanity_view_set_session (SlSanityView *self, SlSession *session)
{
  g_return_if_fail (SL_IS_SANITY_VIEW (self));
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session)
    g_signal_connect (session, "changed", G_CALLBACK (on_session_changed), self);
  on_session_changed (session, self);
}

gboolean
sl_sanity_view_set_method (SlSanityView *self, const char *name)
{
  g_return_val_if_fail (SL_IS_SANITY_VIEW (self), FALSE);
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  const SlMethod *method = name ? sl_method_lookup (name) : NULL;
  for (guint i = 0; i < n; i++)
    if (all[i] == method)
      {
        adw_combo_row_set_selected (self->method_row, i);
        return TRUE;
      }
  return FALSE;
}

const char *
sl_sanity_view_get_method (SlSanityView *self)
{
  const SlMethod *method = chosen_method (self);
  return method ? method->name : NULL;
}

void
sl_sanity_view_set_n_samples (SlSanityView *self, guint n)
{
  gtk_spin_button_set_value (self->samples_spin, n);
}

void
sl_sanity_view_set_seed (SlSanityView *self, guint64 seed)
{
  gtk_spin_button_set_value (self->seed_spin, (double)seed);
}

gboolean
sl_sanity_view_is_busy (SlSanityView *self)
{
  return self->job != NULL || self->sample_job != NULL;
}

const SlSanityResult *
sl_sanity_view_get_result (SlSanityView *self)
{
  return self->result;
}

void
sl_sanity_view_select_sample (SlSanityView *self, guint position)
{
  g_return_if_fail (SL_IS_SANITY_VIEW (self));
  if (self->result && position < self->result->n_samples)
    gtk_drop_down_set_selected (self->sample_dropdown, position);
}

guint
sl_sanity_view_get_selected_sample (SlSanityView *self)
{
  return self->selected;
}

SlFigureView *
sl_sanity_view_get_figure_view (SlSanityView *self)
{
  return self->figure;
}

gboolean
sl_sanity_view_export_figure (SlSanityView *self, const char *path, double width, double height,
                              double dpi, GError **error)
{
  g_return_val_if_fail (SL_IS_SANITY_VIEW (self) && path != NULL, FALSE);
  const SlSanityFigure *fig = sl_figure_view_get_custom (self->figure);
  if (!fig)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT, _ ("No finished run to export."));
      return FALSE;
    }
  return sl_sanity_figure_export (fig, path, width, height, dpi, error);
}

static gboolean
write_text (const char *tmp_path, gpointer data, GError **error)
{
  return g_file_set_contents (tmp_path, data, -1, error);
}

gboolean
sl_sanity_view_export_data (SlSanityView *self, const char *path, GError **error)
{
  g_return_val_if_fail (SL_IS_SANITY_VIEW (self) && path != NULL, FALSE);
  if (!self->result)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT, _ ("No finished run to export."));
      return FALSE;
    }
  g_autofree char *lower = g_ascii_strdown (path, -1);
  if (!g_str_has_suffix (lower, ".json"))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, _ ("%s: a sanity check is saved as .json"),
                   path);
      return FALSE;
    }
  g_autoptr (JsonNode) node = sl_sanity_result_to_json (self->result, self->seed);
  g_autofree char *text = json_to_string (node, TRUE);
  return sl_atomic_write (path, write_text, text, error);
}
