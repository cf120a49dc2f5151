#include "sl-window.h"

#include "compose/sl-open.h"
#include "core/sl-error.h"
#include "explain/sl-method.h"
#include "sl-export-dialog.h"
#include "sl-jobs-button.h"
#include "sl-faith-view.h"
#include "sl-sanity-view.h"
#include "sl-report-view.h"
#include "sl-train-view.h"

#include <glib/gi18n.h>

#define RECENT_ITEMS 6

struct _SlWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwSplitButton *open_button;
  GtkLabel *source_label;
  AdwViewSwitcherTitle *switcher_title;
  SlJobsButton *jobs_button;
  GtkPaned *paned;
  SlGallery *gallery;
  AdwViewStack *view_stack;
  SlExploreView *explore;
  SlCompareView *compare;
  SlReportView *report;
  SlFaithView *faith;
  SlSanityView *sanity;
  SlTrainView *train;
  GMenu *recent_section;

  SlSession *session;
  SlJobPool *pool;
  GSettings *settings;
  GtkFileChooserNative *chooser;
  guint opening;         /* opens in progress */
  gboolean started;      /* the first open has finished */
  gssize start_sample;
  char *start_method;
  char *start_view;
  GArray *start_pins;
  gboolean start_run;   /* start the view's computation once open (--run) */
  char *last_error;
  gboolean presentation;
  gboolean show_region;  /* ground truth on the figures (win.show-region) */
};

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SHOW_REGION,
  PROP_SHOW_GALLERY,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

/* ---- Messages ---- */

static void
remember_error (SlWindow *self, const char *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);
}

static void
toast (SlWindow *self, const char *text)
{
  AdwToast *t = adw_toast_new (text);
  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
show_error_dialog (SlWindow *self, const char *heading, const char *message)
{
  remember_error (self, message);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_view_error (GtkWidget *view, const GError *error, SlWindow *self)
{
  remember_error (self, error->message);
  toast (self, error->message);
}

/* ---- Titles and recent files ---- */

static void
update_title (SlWindow *self)
{
  g_autofree char *model = sl_session_dup_model_label (self->session);
  const char *dataset = sl_session_get_dataset_label (self->session);
  g_autofree char *subtitle = model && dataset ? g_strdup_printf ("%s · %s", model, dataset)
                              : model          ? g_strdup_printf (_("%s · no dataset"), model)
                                               : g_strdup ("");
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  /* The switcher hides the subtitle on a wide window: what is open stays in view beside Open. */
  gtk_label_set_text (self->source_label, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), subtitle);
  g_autofree char *title = *subtitle ? g_strdup_printf (_("Saliency Lab — %s"), subtitle)
                                     : g_strdup (_("Saliency Lab"));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
fill_recent (SlWindow *self)
{
  g_menu_remove_all (self->recent_section);
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  guint n = 0;
  for (GList *l = items; l && n < RECENT_ITEMS; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      if (!gtk_recent_info_has_application (info, g_get_application_name ())
          || !gtk_recent_info_exists (info))
        continue;
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (info), NULL, NULL);
      if (!path)
        continue;
      g_autoptr (GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (path));
      g_menu_append_item (self->recent_section, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
add_recent (SlWindow *self, const char *spec)
{
  if (!spec || !g_path_is_absolute (spec) || !g_file_test (spec, G_FILE_TEST_EXISTS))
    return;
  g_autofree char *uri = g_filename_to_uri (spec, NULL, NULL);
  if (uri)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

/* ---- Session ---- */

/* The faithfulness view can run over the samples the gallery shows. */
static void
on_gallery_shown (SlGallery *gallery, GParamSpec *pspec, SlWindow *self)
{
  const gsize n = sl_gallery_get_n_shown (gallery);
  g_autofree gsize *indices = g_new (gsize, MAX (n, 1));
  for (gsize k = 0; k < n; k++)
    indices[k] = sl_gallery_get_shown (gallery, k);
  sl_faith_view_set_filter_indices (self->faith, indices, n);
}


static void
on_session_changed (SlSession *session, SlWindow *self)
{
  sl_gallery_set_data (self->gallery, sl_session_get_dataset (session),
                       sl_session_get_predictions (session), sl_session_get_class_names (session));
  on_gallery_shown (self->gallery, NULL, self);
  update_title (self);
}

static void
on_predictions_changed (SlSession *session, guint64 first, guint64 n, SlWindow *self)
{
  sl_gallery_predictions_changed (self->gallery, (gsize) first, (gsize) n);
}

static void
on_sample_selected (SlGallery *gallery, guint64 index, SlWindow *self)
{
  sl_explore_view_show_sample (self->explore, (gssize) index);
  sl_compare_view_set_current_sample (self->compare, (gssize) index);
}

/* The report view asks for the gallery to show some samples (a confusion cell, a class). */
static void
on_filter_requested (GtkWidget *view, int true_class, int predicted_class, SlWindow *self)
{
  SlSampleFilter filter;
  sl_sample_filter_init (&filter);
  filter.true_class = true_class;
  filter.predicted_class = predicted_class;
  sl_gallery_set_filter (self->gallery, &filter);
  g_autofree char *text = g_strdup_printf (
      ngettext ("The gallery shows %lu sample", "The gallery shows %lu samples",
                sl_gallery_get_n_shown (self->gallery)),
      (gulong) sl_gallery_get_n_shown (self->gallery));
  toast (self, text);
}

/* A sample picked in another view opens in Explore. */
static void
on_sample_activated (GtkWidget *view, guint64 index, SlWindow *self)
{
  sl_gallery_select (self->gallery, (gsize) index);
  adw_view_stack_set_visible_child_name (self->view_stack, "explore");
}

/* A sample of a faithfulness row opens in Explore with that row's method. */
static void
on_faith_sample_activated (SlFaithView *view, guint64 index, const char *method, SlWindow *self)
{
  sl_explore_view_set_method (self->explore, method);
  on_sample_activated (GTK_WIDGET (view), index, self);
}

/* "Explain this model": the trained model becomes the window's model, on the same dataset. */
static void
on_model_ready (SlTrainView *view, const char *path, SlWindow *self)
{
  self->start_view = g_strdup ("explore");
  sl_window_open (self, path, NULL);
}

/* --run: the faithfulness run, the sanity check (of `method`, if given) or the training the view
 * would start with its Run button; the report and the explanations start by themselves. */
static void
run_view (SlWindow *self, const char *view, const char *method)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = TRUE;
  if (!g_strcmp0 (view, "faithfulness"))
    {
      if (method)
        sl_faith_view_set_methods (self->faith, (const char *const[]){ method, NULL });
      ok = sl_faith_view_run (self->faith, &error);
    }
  else if (!g_strcmp0 (view, "sanity"))
    {
      if (method)
        sl_sanity_view_set_method (self->sanity, method);
      ok = sl_sanity_view_run (self->sanity, &error);
    }
  else if (!g_strcmp0 (view, "train"))
    ok = sl_train_view_start (self->train, &error);
  if (!ok)
    {
      remember_error (self, error->message);
      toast (self, error->message);
    }
}

static void
apply_start (SlWindow *self)
{
  if (self->start_method)
    sl_explore_view_set_method (self->explore, self->start_method);
  if (self->start_view)
    adw_view_stack_set_visible_child_name (self->view_stack, self->start_view);
  SlDataset *dataset = sl_session_get_dataset (self->session);
  if (dataset && dataset->n_samples)
    {
      const gsize index = self->start_sample >= 0 && (gsize) self->start_sample < dataset->n_samples
                              ? (gsize) self->start_sample
                              : 0;
      sl_gallery_select (self->gallery, index);
    }
  for (guint i = 0; self->start_pins && i < self->start_pins->len; i++)
    if (dataset && g_array_index (self->start_pins, gsize, i) < dataset->n_samples)
      sl_compare_view_pin_sample (self->compare, g_array_index (self->start_pins, gsize, i));
  if (self->start_run)
    run_view (self, self->start_view, self->start_method);
  g_clear_pointer (&self->start_pins, g_array_unref);
  g_clear_pointer (&self->start_method, g_free);
  g_clear_pointer (&self->start_view, g_free);
  self->start_sample = -1;
  self->start_run = FALSE;
}

void
sl_window_set_start_run (SlWindow *self, gboolean run)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  self->start_run = run;
}

void
sl_window_set_start_pins (SlWindow *self, const gsize *indices, guint n)
{
  g_clear_pointer (&self->start_pins, g_array_unref);
  self->start_pins = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_vals (self->start_pins, indices, n);
  if (self->started && self->opening == 0)
    apply_start (self);
}

static void
on_open_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *notice = NULL;
  self->opening--;
  if (!sl_session_open_finish (SL_SESSION (source), result, &notice, &error))
    {
      show_error_dialog (self, _("Could Not Open"), error->message);
      return;
    }
  add_recent (self, sl_session_get_model_spec (self->session));
  add_recent (self, sl_session_get_dataset_spec (self->session));
  fill_recent (self);
  if (notice)
    {
      remember_error (self, notice);
      g_autofree char *text = g_strdup_printf (_("%s Open a dataset for this model."), notice);
      AdwToast *t = adw_toast_new (text);
      adw_toast_set_button_label (t, _("Open _Dataset…"));
      adw_toast_set_action_name (t, "win.open-dataset");
      adw_toast_set_timeout (t, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, t);
    }
  if (!self->started || self->start_sample >= 0 || self->start_method || self->start_view
      || self->start_pins)
    {
      self->started = TRUE;
      apply_start (self);
    }
  else if (sl_session_get_dataset (self->session))
    sl_gallery_select (self->gallery, 0);
}

void
sl_window_open (SlWindow *self, const char *model_spec, const char *dataset_spec)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  self->opening++;
  sl_session_open_async (self->session, model_spec, dataset_spec, NULL, on_open_done,
                         g_object_ref (self));
}

void
sl_window_open_path (SlWindow *self, const char *path)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  self->opening++;
  sl_session_open_path_async (self->session, path, NULL, on_open_done, g_object_ref (self));
}

/* ---- File choosers ---- */

typedef enum
{
  CHOOSE_MODEL,
  CHOOSE_DATASET,
  CHOOSE_FOLDER,
} ChooseKind;

static void
on_chooser_response (GtkNativeDialog *chooser, int response, SlWindow *self)
{
  const ChooseKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "kind"));
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      if (path && kind == CHOOSE_MODEL)
        sl_window_open (self, path, NULL);
      else if (path)
        sl_window_open (self, NULL, path);
    }
  g_clear_object (&self->chooser);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *const *patterns)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i]; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
choose (SlWindow *self, ChooseKind kind)
{
  static const char *const models[] = { "*.h5", "*.hdf5", "*.keras", NULL };
  static const char *const datasets[] = { "*.h5", "*.hdf5", "*.csv", NULL };
  static const char *const all[] = { "*", NULL };
  const char *title = kind == CHOOSE_MODEL     ? _("Open Model")
                      : kind == CHOOSE_DATASET ? _("Open Dataset")
                                               : _("Open Image Folder");
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (
      title, GTK_WINDOW (self),
      kind == CHOOSE_FOLDER ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
      _("_Open"), _("_Cancel"));
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (self->chooser);
  if (kind == CHOOSE_MODEL)
    add_filter (chooser, _("Keras models (.h5, .keras)"), models);
  else if (kind == CHOOSE_DATASET)
    add_filter (chooser, _("Datasets (.h5, .csv)"), datasets);
  if (kind != CHOOSE_FOLDER)
    add_filter (chooser, _("All files"), all);
  g_object_set_data (G_OBJECT (self->chooser), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- Drag and drop ---- */

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, SlWindow *self)
{
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  GSList *files = g_value_get_boxed (value);
  /* Models first, so that a model and its dataset dropped together open in that order. */
  g_autoptr (GPtrArray) later = g_ptr_array_new_with_free_func (g_free);
  for (GSList *l = files; l; l = l->next)
    {
      char *path = g_file_get_path (l->data);
      if (!path)
        continue;
      if (g_str_has_suffix (path, ".keras") || g_str_has_suffix (path, ".h5"))
        {
          sl_window_open_path (self, path);
          g_free (path);
        }
      else
        g_ptr_array_add (later, path);
    }
  for (guint i = 0; i < later->len; i++)
    sl_window_open_path (self, later->pdata[i]);
  return TRUE;
}

/* ---- Actions ---- */

static void
action_open_model (GtkWidget *widget, const char *name, GVariant *param)
{
  choose (SL_WINDOW (widget), CHOOSE_MODEL);
}

static void
action_open_dataset (GtkWidget *widget, const char *name, GVariant *param)
{
  choose (SL_WINDOW (widget), CHOOSE_DATASET);
}

static void
action_open_folder (GtkWidget *widget, const char *name, GVariant *param)
{
  choose (SL_WINDOW (widget), CHOOSE_FOLDER);
}

static void
action_open_demo (GtkWidget *widget, const char *name, GVariant *param)
{
  sl_window_open (SL_WINDOW (widget), "demo", "mnist1d");
}

/* A built-in model with the built-in dataset it goes with (the open menu's examples). */
static void
action_open_example (GtkWidget *widget, const char *name, GVariant *param)
{
  const char *model = g_variant_get_string (param, NULL);
  g_autofree char *dataset = sl_open_builtin_dataset (model);
  sl_window_open (SL_WINDOW (widget), model, dataset);
}

static void
action_open_path (GtkWidget *widget, const char *name, GVariant *param)
{
  sl_window_open_path (SL_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
action_open_specs (GtkWidget *widget, const char *name, GVariant *param)
{
  const char *model, *dataset;
  g_variant_get (param, "(&s&s)", &model, &dataset);
  sl_window_open (SL_WINDOW (widget), *model ? model : NULL, *dataset ? dataset : NULL);
}

static gboolean
current_is_compare (SlWindow *self)
{
  return !g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "compare");
}

static gboolean
current_is_report (SlWindow *self)
{
  return !g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "report");
}

gboolean
sl_window_export (SlWindow *self, const char *path, double width, double height, double dpi,
                  GError **error)
{
  if (current_is_report (self))
    {
      if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".json"))
        return sl_report_view_export_table (self->report, path, error);
      return sl_report_view_export_figure (self->report, sl_report_view_get_shown_figure (self->report),
                                           path, width, height, dpi, error);
    }
  if (current_is_compare (self))
    return sl_compare_view_export (self->compare, path, width, height, dpi, error);
  return sl_explore_view_export (self->explore, path, width, height, dpi, error);
}

static void
do_export (SlWindow *self, const char *path, double width, double height, double dpi)
{
  g_autoptr (GError) error = NULL;
  if (!sl_window_export (self, path, width, height, dpi, &error))
    {
      show_error_dialog (self, _("Could Not Export"), error->message);
      return;
    }
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = g_strdup_printf (_("Saved %s"), base);
  toast (self, text);
}

static void
on_export_dialog (SlExportDialog *dialog, const char *path, double width, double height, double dpi,
                  SlWindow *self)
{
  do_export (self, path, width, height, dpi);
}

static void
action_export (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  double w = 0, h = 0;
  g_autofree char *base = NULL;
  const char *title;
  if (current_is_report (self))
    {
      const SlReportFigureKind kind = sl_report_view_get_shown_figure (self->report);
      const SlReportFigure *fig
          = sl_figure_view_get_custom (sl_report_view_get_figure_view (self->report, kind));
      if (fig)
        sl_report_figure_get_size (fig, &w, &h);
      base = g_strdup ("report");
      title = _("Report figure");
    }
  else if (current_is_compare (self))
    {
      SlComparisonFigure *fig = sl_figure_view_get_comparison (sl_compare_view_get_figure_view (self->compare));
      if (fig)
        sl_comparison_figure_get_size (fig, &w, &h);
      base = g_strdup ("comparison");
      title = _("Comparison grid");
    }
  else
    {
      SlExplanationFigure *fig = sl_figure_view_get_explanation (sl_explore_view_get_figure_view (self->explore));
      if (fig)
        sl_explanation_figure_get_size (fig, &w, &h);
      base = g_strdup_printf ("%s-sample-%" G_GSSIZE_FORMAT, sl_explore_view_get_method (self->explore),
                              sl_explore_view_get_sample (self->explore));
      title = _("Explanation figure");
    }
  if (w <= 0)
    {
      toast (self, _("There is no figure to export yet"));
      return;
    }
  SlExportDialog *dialog = sl_export_dialog_new (GTK_WINDOW (self), title, base, w, h);
  g_signal_connect (dialog, "export", G_CALLBACK (on_export_dialog), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_export_to (GtkWidget *widget, const char *name, GVariant *param)
{
  do_export (SL_WINDOW (widget), g_variant_get_string (param, NULL), 0, 0, 150);
}

static void
action_copy_figure (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  SlFigureView *view = current_is_compare (self) ? sl_compare_view_get_figure_view (self->compare)
                                                 : sl_explore_view_get_figure_view (self->explore);
  g_autoptr (GdkTexture) texture = sl_figure_view_render_texture (view, 2);
  if (!texture)
    {
      toast (self, _("There is no figure to copy yet"));
      return;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  toast (self, _("Figure copied"));
}

static void
action_select_sample (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  SlDataset *dataset = sl_session_get_dataset (self->session);
  const guint64 index = g_variant_get_uint64 (param);
  if (dataset && index < dataset->n_samples)
    sl_gallery_select (self->gallery, (gsize) index);
}

/* Next/previous among the samples the gallery shows, in its order. */
static void
step_sample (SlWindow *self, int step)
{
  const gsize n = sl_gallery_get_n_shown (self->gallery);
  const gssize selected = sl_gallery_get_selected (self->gallery);
  if (!n)
    return;
  gsize position = 0;
  gboolean found = FALSE;
  for (gsize p = 0; p < n && selected >= 0; p++)
    if (sl_gallery_get_shown (self->gallery, p) == (gsize) selected)
      {
        position = p;
        found = TRUE;
        break;
      }
  if (found)
    position = (position + n + (gsize) (gssize) step) % n;
  sl_gallery_select (self->gallery, sl_gallery_get_shown (self->gallery, position));
}

static void
action_next_sample (GtkWidget *widget, const char *name, GVariant *param)
{
  step_sample (SL_WINDOW (widget), 1);
}

static void
action_previous_sample (GtkWidget *widget, const char *name, GVariant *param)
{
  step_sample (SL_WINDOW (widget), -1);
}

static void
action_next_wrong (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  if (!sl_gallery_select_next_wrong (self->gallery, 1))
    toast (self, _("No misclassified sample yet"));
}

static void
action_previous_wrong (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  if (!sl_gallery_select_next_wrong (self->gallery, -1))
    toast (self, _("No misclassified sample yet"));
}

static void
action_method (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  const char *method = g_variant_get_string (param, NULL);
  if (!sl_explore_view_set_method (self->explore, method))
    {
      g_autofree char *text = g_strdup_printf (_("Unknown method “%s”"), method);
      remember_error (self, text);
      toast (self, text);
    }
}

static void
action_layer (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  const char *layer = g_variant_get_string (param, NULL);
  if (!sl_explore_view_set_layer (self->explore, layer))
    {
      g_autofree char *text = g_strdup_printf (_("The method cannot use layer “%s”"), layer);
      remember_error (self, text);
      toast (self, text);
    }
}

static void
action_score (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  if (!sl_explore_view_set_score (self->explore, g_variant_get_string (param, NULL)))
    toast (self, _("The score is logit or prob"));
}

static void
action_target (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  if (!sl_explore_view_set_target (self->explore, g_variant_get_int32 (param)))
    toast (self, _("The model has no such class"));
}

static void
action_param (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  const char *key, *value;
  g_variant_get (param, "(&s&s)", &key, &value);
  g_autoptr (GError) error = NULL;
  if (!sl_explore_view_set_param (self->explore, key, value, &error))
    {
      remember_error (self, error->message);
      toast (self, error->message);
    }
}

static void
action_explain (GtkWidget *widget, const char *name, GVariant *param)
{
  sl_explore_view_run (SL_WINDOW (widget)->explore);
}

static void
action_cancel_explain (GtkWidget *widget, const char *name, GVariant *param)
{
  sl_explore_view_cancel (SL_WINDOW (widget)->explore);
}

static void
action_view (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  const char *view = g_variant_get_string (param, NULL);
  if (adw_view_stack_get_child_by_name (self->view_stack, view))
    adw_view_stack_set_visible_child_name (self->view_stack, view);
}

static void
action_pin_sample (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  const gssize index = sl_gallery_get_selected (self->gallery);
  if (index < 0)
    return;
  if (!sl_compare_view_pin_sample (self->compare, (gsize) index))
    toast (self, _("At most 8 samples can be compared at once"));
  else
    {
      g_autofree char *text = g_strdup_printf (_("Sample %ld pinned for comparison"),
                                               (glong) index);
      toast (self, text);
    }
}

static void
action_clear_pins (GtkWidget *widget, const char *name, GVariant *param)
{
  sl_compare_view_clear_pins (SL_WINDOW (widget)->compare);
}

static void
action_compare_methods (GtkWidget *widget, const char *name, GVariant *param)
{
  g_auto (GStrv) names = g_strsplit (g_variant_get_string (param, NULL), ",", -1);
  sl_compare_view_set_methods (SL_WINDOW (widget)->compare, (const char *const *) names);
}

static void
action_presentation (GtkWidget *widget, const char *name, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  sl_window_set_presentation (self, !self->presentation);
}

static void
action_fullscreen (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkWindow *window = GTK_WINDOW (widget);
  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

/* The preferences window edits these keys: the window follows them live. */
static void
on_settings_changed (GSettings *settings, const char *key, SlWindow *self)
{
  if (!g_strcmp0 (key, "presentation-mode"))
    {
      const gboolean on = g_settings_get_boolean (settings, key);
      if (on != self->presentation)
        sl_window_set_presentation (self, on);
    }
  else if (!g_strcmp0 (key, "high-contrast-map"))
    {
      const gboolean on = g_settings_get_boolean (settings, key);
      sl_explore_view_set_high_contrast (self->explore, on);
      sl_compare_view_set_high_contrast (self->compare, on);
    }
}

void
sl_window_set_presentation (SlWindow *self, gboolean presentation)
{
  self->presentation = presentation;
  if (presentation)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  sl_explore_view_set_presentation (self->explore, presentation);
  sl_compare_view_set_presentation (self->compare, presentation);
  if (self->settings)
    g_settings_set_boolean (self->settings, "presentation-mode", presentation);
}

/* ---- State ---- */

static void
on_view_state_changed (GtkWidget *view, SlWindow *self)
{
  const gboolean has_figure
      = sl_figure_view_has_figure (current_is_compare (self)
                                       ? sl_compare_view_get_figure_view (self->compare)
                                       : sl_explore_view_get_figure_view (self->explore));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", has_figure);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-figure", has_figure);
}

gboolean
sl_window_is_settled (SlWindow *self)
{
  return self->opening == 0 && sl_job_pool_get_n_active (self->pool) == 0
         && !sl_explore_view_is_busy (self->explore) && !sl_compare_view_is_busy (self->compare)
         && !sl_report_view_is_busy (self->report) && !sl_train_view_is_running (self->train)
         && !sl_faith_view_is_running (self->faith) && !sl_sanity_view_is_busy (self->sanity)
         && !sl_session_is_predicting (self->session);
}

const char *
sl_window_get_last_error (SlWindow *self)
{
  return self->last_error;
}

void
sl_window_set_start (SlWindow *self, gssize sample, const char *method, const char *view)
{
  self->start_sample = sample;
  g_free (self->start_method);
  self->start_method = g_strdup (method);
  g_free (self->start_view);
  self->start_view = g_strdup (view);
  if (self->started && self->opening == 0)
    apply_start (self);
}

SlSession *
sl_window_get_session (SlWindow *self)
{
  return self->session;
}

SlGallery *
sl_window_get_gallery (SlWindow *self)
{
  return self->gallery;
}

SlExploreView *
sl_window_get_explore (SlWindow *self)
{
  return self->explore;
}

GtkWidget *
sl_window_get_faith (SlWindow *self)
{
  return GTK_WIDGET (self->faith);
}

GtkWidget *
sl_window_get_sanity (SlWindow *self)
{
  return GTK_WIDGET (self->sanity);
}

GtkWidget *
sl_window_get_train (SlWindow *self)
{
  return GTK_WIDGET (self->train);
}

SlCompareView *
sl_window_get_compare (SlWindow *self)
{
  return self->compare;
}

GtkWidget *
sl_window_get_report (SlWindow *self)
{
  return GTK_WIDGET (self->report);
}

/* ---- GObject ---- */

static void
sl_window_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  SlWindow *self = SL_WINDOW (object);
  switch (id)
    {
    case PROP_SHOW_REGION:
      g_value_set_boolean (value, self->show_region);
      break;
    case PROP_SHOW_GALLERY:
      /* Asked for before the template is built and after it is disposed, too. */
      g_value_set_boolean (value, !self->gallery || gtk_widget_get_visible (GTK_WIDGET (self->gallery)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_window_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  SlWindow *self = SL_WINDOW (object);
  switch (id)
    {
    case PROP_SHOW_REGION:
      if (self->show_region == g_value_get_boolean (value))
        break;
      self->show_region = g_value_get_boolean (value);
      sl_explore_view_set_show_regions (self->explore, self->show_region);
      sl_compare_view_set_show_regions (self->compare, self->show_region);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_SHOW_GALLERY:
      if (!self->gallery
          || gtk_widget_get_visible (GTK_WIDGET (self->gallery)) == g_value_get_boolean (value))
        break;
      gtk_widget_set_visible (GTK_WIDGET (self->gallery), g_value_get_boolean (value));
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->pool);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_finalize (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);
  g_free (self->start_method);
  g_free (self->start_view);
  g_free (self->last_error);
  g_clear_pointer (&self->start_pins, g_array_unref);
  G_OBJECT_CLASS (sl_window_parent_class)->finalize (object);
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_window_dispose;
  object_class->finalize = sl_window_finalize;
  object_class->get_property = sl_window_get_property;
  object_class->set_property = sl_window_set_property;

  /* Whether the figures draw the dataset's ground truth (win.show-region toggles it). */
  props[PROP_SHOW_REGION] = g_param_spec_boolean ("show-region", NULL, NULL, TRUE,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                      | G_PARAM_STATIC_STRINGS);
  /* Whether the gallery is shown (win.show-gallery, F9): folded away, the view gets its room. */
  props[PROP_SHOW_GALLERY] = g_param_spec_boolean ("show-gallery", NULL, NULL, TRUE,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                       | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (SL_TYPE_GALLERY);
  g_type_ensure (SL_TYPE_EXPLORE_VIEW);
  g_type_ensure (SL_TYPE_COMPARE_VIEW);
  g_type_ensure (SL_TYPE_REPORT_VIEW);
  g_type_ensure (SL_TYPE_FAITH_VIEW);
  g_type_ensure (SL_TYPE_SANITY_VIEW);
  g_type_ensure (SL_TYPE_TRAIN_VIEW);
  g_type_ensure (SL_TYPE_JOBS_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, source_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, jobs_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, gallery);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, explore);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, compare);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, report);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, faith);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, sanity);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, train);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, recent_section);
  gtk_widget_class_bind_template_callback (widget_class, on_sample_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_view_error);
  gtk_widget_class_bind_template_callback (widget_class, on_view_state_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_requested);
  gtk_widget_class_bind_template_callback (widget_class, on_sample_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_model_ready);
  gtk_widget_class_bind_template_callback (widget_class, on_faith_sample_activated);

  gtk_widget_class_install_action (widget_class, "win.open-model", NULL, action_open_model);
  gtk_widget_class_install_action (widget_class, "win.open-dataset", NULL, action_open_dataset);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, action_open_folder);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, action_open_demo);
  gtk_widget_class_install_action (widget_class, "win.open-example", "s", action_open_example);
  gtk_widget_class_install_property_action (widget_class, "win.show-region", "show-region");
  gtk_widget_class_install_property_action (widget_class, "win.show-gallery", "show-gallery");
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", action_open_path);
  gtk_widget_class_install_action (widget_class, "win.open-path", "s", action_open_path);
  gtk_widget_class_install_action (widget_class, "win.open", "(ss)", action_open_specs);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "win.export-to", "s", action_export_to);
  gtk_widget_class_install_action (widget_class, "win.copy-figure", NULL, action_copy_figure);
  gtk_widget_class_install_action (widget_class, "win.select-sample", "t", action_select_sample);
  gtk_widget_class_install_action (widget_class, "win.next-sample", NULL, action_next_sample);
  gtk_widget_class_install_action (widget_class, "win.previous-sample", NULL, action_previous_sample);
  gtk_widget_class_install_action (widget_class, "win.next-wrong", NULL, action_next_wrong);
  gtk_widget_class_install_action (widget_class, "win.previous-wrong", NULL, action_previous_wrong);
  gtk_widget_class_install_action (widget_class, "win.method", "s", action_method);
  gtk_widget_class_install_action (widget_class, "win.layer", "s", action_layer);
  gtk_widget_class_install_action (widget_class, "win.score", "s", action_score);
  gtk_widget_class_install_action (widget_class, "win.target", "i", action_target);
  gtk_widget_class_install_action (widget_class, "win.param", "(ss)", action_param);
  gtk_widget_class_install_action (widget_class, "win.explain", NULL, action_explain);
  gtk_widget_class_install_action (widget_class, "win.cancel-explain", NULL, action_cancel_explain);
  gtk_widget_class_install_action (widget_class, "win.view", "s", action_view);
  gtk_widget_class_install_action (widget_class, "win.pin-sample", NULL, action_pin_sample);
  gtk_widget_class_install_action (widget_class, "win.clear-pins", NULL, action_clear_pins);
  gtk_widget_class_install_action (widget_class, "win.compare-methods", "s", action_compare_methods);
  gtk_widget_class_install_action (widget_class, "win.presentation", NULL, action_presentation);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, action_fullscreen);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-model", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.open-dataset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-figure", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.next-wrong", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.previous-wrong", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, GDK_CONTROL_MASK, "win.next-sample", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.explain", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-explain", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.pin-sample", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.presentation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.show-region", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-gallery", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
sl_window_init (SlWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->start_sample = -1;
  self->show_region = TRUE; /* the property's default (GSettings, when bound, says otherwise) */
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

SlWindow *
sl_window_new (GtkApplication *app, SlJobPool *pool, GSettings *settings)
{
  SlWindow *self = g_object_new (SL_TYPE_WINDOW, "application", app, NULL);
  self->pool = g_object_ref (pool);
  self->settings = settings ? g_object_ref (settings) : NULL;
  self->session = sl_session_new (pool);
  g_signal_connect (self->session, "changed", G_CALLBACK (on_session_changed), self);
  g_signal_connect (self->session, "predictions-changed", G_CALLBACK (on_predictions_changed), self);
  sl_explore_view_set_session (self->explore, self->session);
  sl_explore_view_set_settings (self->explore, settings);
  sl_compare_view_set_session (self->compare, self->session);
  sl_report_view_set_session (self->report, self->session);
  sl_faith_view_set_session (self->faith, self->session);
  sl_sanity_view_set_session (self->sanity, self->session);
  g_signal_connect (self->gallery, "notify::n-shown", G_CALLBACK (on_gallery_shown), self);
  sl_train_view_set_session (self->train, self->session);
  sl_jobs_button_set_pool (self->jobs_button, pool);
  if (settings)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_SET);
      g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_SET);
      g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_SET);
      g_signal_connect (settings, "changed", G_CALLBACK (on_settings_changed), self);
      g_settings_bind (settings, "show-ground-truth", self, "show-region", G_SETTINGS_BIND_DEFAULT);
      on_settings_changed (settings, "high-contrast-map", self);
      on_settings_changed (settings, "presentation-mode", self);
    }
  fill_recent (self);
  update_title (self);
  on_view_state_changed (NULL, self);
  return self;
}
