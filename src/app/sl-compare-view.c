#include "sl-compare-view.h"

#include "sl-job-titles.h"

#include "compose/sl-comparison-figure.h"
#include "core/sl-error.h"
#include "explain/sl-method.h"
#include "jobs/sl-explain-job.h"
#include "sl-method-checks.h"
#include "sl-sample-job.h"

#include <glib/gi18n.h>

#define MAX_ROWS 8
#define MAX_COLS 8

static const char *const default_methods[] = { "gradcam", "gradcam++", "ablation-cam", NULL };

struct _SlCompareView
{
  GtkWidget parent_instance;
  GtkStack *figure_stack;
  SlFigureView *figure;
  GtkLabel *status_label;
  GtkProgressBar *progress;
  GtkWidget *cancel_button;
  GtkListBox *samples_list;
  GtkSwitch *shared_switch;
  AdwPreferencesGroup *methods_group;

  SlSession *session;
  GArray *pins;        /* gsize */
  gssize current;
  GPtrArray *methods;  /* const SlMethod *, the columns in registry order */
  GPtrArray *checks;   /* GtkCheckButton per registry method */
  GHashTable *views;   /* index → SlSampleView */
  GHashTable *loading; /* index → SlJob */
  GHashTable *jobs;    /* cell key → SlJob */
  guint n_cells, n_done;
  gboolean presentation;
  gboolean high_contrast;
  gboolean show_regions; /* the ground truth on the figure (win.show-region) */
  gboolean updating;
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
  SIG_STATE_CHANGED,
  SIG_ERROR,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlCompareView, sl_compare_view, GTK_TYPE_WIDGET)

static void rebuild (SlCompareView *self);

/* The rows: the pinned samples, or the selected one. */
static GArray *
rows_new (SlCompareView *self)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (gsize));
  if (self->pins->len)
    g_array_append_vals (rows, self->pins->data, self->pins->len);
  else if (self->current >= 0)
    {
      gsize i = (gsize) self->current;
      g_array_append_val (rows, i);
    }
  return rows;
}

static void
cancel_all (SlCompareView *self)
{
  GHashTableIter it;
  gpointer job;
  GHashTable *tables[] = { self->jobs, self->loading };
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_hash_table_iter_init (&it, tables[t]);
      while (g_hash_table_iter_next (&it, NULL, &job))
        {
          g_signal_handlers_disconnect_by_data (job, self);
          sl_job_cancel (job);
        }
      g_hash_table_remove_all (tables[t]);
    }
}

/* ---- Jobs ---- */

static void
on_cell_finished (SlJob *job, SlCompareView *self)
{
  const char *key = g_object_get_data (G_OBJECT (job), "cell-key");
  if (sl_job_get_state (job) == SL_JOB_DONE)
    sl_session_store_explanation (self->session, key, sl_job_steal_result (job));
  else if (sl_job_get_state (job) == SL_JOB_FAILED)
    g_signal_emit (self, signals[SIG_ERROR], 0, sl_job_get_error (job));
  g_signal_handlers_disconnect_by_data (job, self);
  g_hash_table_remove (self->jobs, key);
  rebuild (self);
}

static void
on_load_finished (SlJob *job, SlCompareView *self)
{
  gsize index = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (job), "index"));
  if (sl_job_get_state (job) == SL_JOB_DONE)
    g_hash_table_insert (self->views, GSIZE_TO_POINTER (index), sl_job_steal_result (job));
  else if (sl_job_get_state (job) == SL_JOB_FAILED)
    g_signal_emit (self, signals[SIG_ERROR], 0, sl_job_get_error (job));
  g_signal_handlers_disconnect_by_data (job, self);
  g_hash_table_remove (self->loading, GSIZE_TO_POINTER (index));
  rebuild (self);
}

static void
start_load (SlCompareView *self, gsize index)
{
  SlJob *job = sl_sample_job_new (sl_session_get_model (self->session),
                                  sl_session_get_dataset (self->session), index);
  g_object_set_data (G_OBJECT (job), "index", GSIZE_TO_POINTER (index));
  g_signal_connect (job, "finished", G_CALLBACK (on_load_finished), self);
  g_hash_table_insert (self->loading, GSIZE_TO_POINTER (index), job);
  sl_job_pool_push (sl_session_get_pool (self->session), job);
}

static void
start_cell (SlCompareView *self, gsize index, const SlExplainRequest *req, const char *key)
{
  SlJob *job = sl_explain_job_new (sl_session_get_model (self->session),
                                   sl_session_get_dataset (self->session), index, req);
  sl_job_title_explain (job, index, req->method);
  g_object_set_data_full (G_OBJECT (job), "cell-key", g_strdup (key), g_free);
  g_signal_connect (job, "finished", G_CALLBACK (on_cell_finished), self);
  g_hash_table_insert (self->jobs, g_strdup (key), job);
  sl_job_pool_push (sl_session_get_pool (self->session), job);
}

/* ---- The grid ---- */

static void
update_status (SlCompareView *self)
{
  const guint pending = g_hash_table_size (self->jobs) + g_hash_table_size (self->loading);
  g_autofree char *text = NULL;
  if (self->n_cells)
    text = g_strdup_printf (_("%u of %u maps computed"), self->n_done, self->n_cells);
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->progress), pending > 0);
  gtk_widget_set_visible (self->cancel_button, pending > 0);
  if (self->n_cells)
    gtk_progress_bar_set_fraction (self->progress, (double) self->n_done / self->n_cells);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
  g_signal_emit (self, signals[SIG_STATE_CHANGED], 0);
}

static void
rebuild (SlCompareView *self)
{
  if (self->updating)
    return;
  self->n_cells = self->n_done = 0;
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  g_autoptr (GArray) rows = rows_new (self);
  if (!dataset || !rows->len || !self->methods->len)
    {
      sl_figure_view_set_comparison (self->figure, NULL);
      gtk_stack_set_visible_child_name (self->figure_stack, "empty");
      update_status (self);
      return;
    }
  const guint n_methods = self->methods->len;
  g_autoptr (GPtrArray) views = g_ptr_array_new ();
  g_autoptr (GPtrArray) maps = g_ptr_array_new ();
  g_autofree const char **names = g_new0 (const char *, n_methods + 1);
  for (guint m = 0; m < n_methods; m++)
    names[m] = ((const SlMethod *) self->methods->pdata[m])->name;
  for (guint r = 0; r < rows->len; r++)
    {
      const gsize index = g_array_index (rows, gsize, r);
      SlSampleView *view = g_hash_table_lookup (self->views, GSIZE_TO_POINTER (index));
      if (!view)
        {
          if (!g_hash_table_contains (self->loading, GSIZE_TO_POINTER (index)))
            start_load (self, index);
          self->n_cells += n_methods;
          continue;
        }
      g_ptr_array_add (views, view);
      for (guint m = 0; m < n_methods; m++)
        {
          SlExplainRequest req;
          sl_explain_request_init (&req, names[m]);
          g_autofree char *key = sl_session_explanation_key (self->session, index, &req);
          SlExplanation *expl = sl_session_lookup_explanation (self->session, key);
          self->n_cells++;
          if (expl)
            self->n_done++;
          else if (!g_hash_table_contains (self->jobs, key))
            start_cell (self, index, &req, key);
          g_ptr_array_add (maps, expl);
        }
    }
  if (views->len)
    {
      SlFigureStyle style;
      sl_figure_style_init (&style);
      if (self->presentation)
        style.text_scale = 1.5;
      style.high_contrast = self->high_contrast;
      style.show_regions = self->show_regions;
      sl_figure_view_set_comparison (
          self->figure,
          sl_comparison_figure_new ((const SlSampleView *const *) views->pdata, views->len, names,
                                    n_methods, (const SlExplanation *const *) maps->pdata,
                                    gtk_switch_get_active (self->shared_switch), &style));
      gtk_stack_set_visible_child_name (self->figure_stack, "figure");
    }
  update_status (self);
}

/* ---- Controls ---- */

static void
on_unpin_clicked (GtkButton *button, SlCompareView *self)
{
  sl_compare_view_unpin_sample (self,
                                GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "index")));
}

static void
fill_samples_list (SlCompareView *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->samples_list))))
    gtk_list_box_remove (self->samples_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->samples_list), self->pins->len > 0);
  const char *const *names = self->session ? sl_session_get_class_names (self->session) : NULL;
  SlDataset *dataset = self->session ? sl_session_get_dataset (self->session) : NULL;
  for (guint i = 0; i < self->pins->len; i++)
    {
      const gsize index = g_array_index (self->pins, gsize, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Sample %lu"), (gulong) index);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      const int label = dataset && dataset->labels ? dataset->labels[index] : -1;
      if (label >= 0 && names)
        {
          g_autofree char *subtitle = g_strdup_printf (_("true class %s"), names[label]);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      g_autofree char *tip = g_strdup_printf (_("Unpin sample %lu"), (gulong) index);
      gtk_widget_set_tooltip_text (remove, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      g_object_set_data (G_OBJECT (remove), "index", GSIZE_TO_POINTER (index));
      g_signal_connect (remove, "clicked", G_CALLBACK (on_unpin_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->samples_list, row);
    }
}

static void
methods_from_checks (SlCompareView *self)
{
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  g_ptr_array_set_size (self->methods, 0);
  for (guint i = 0; i < n && self->methods->len < MAX_COLS; i++)
    if (gtk_check_button_get_active (self->checks->pdata[i]))
      g_ptr_array_add (self->methods, (gpointer) all[i]);
}

static void
on_check_toggled (GtkCheckButton *check, SlCompareView *self)
{
  if (self->updating)
    return;
  methods_from_checks (self);
  rebuild (self);
}

static void
on_shared_changed (GtkSwitch *sw, GParamSpec *pspec, SlCompareView *self)
{
  rebuild (self);
}

static void
on_cancel (GtkButton *button, SlCompareView *self)
{
  cancel_all (self);
  update_status (self);
}

/* ---- GObject ---- */

static void
sl_compare_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sl_compare_view_parent_class)->map (widget);
  rebuild (SL_COMPARE_VIEW (widget));
}

static void
sl_compare_view_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  switch (id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, sl_compare_view_is_busy (SL_COMPARE_VIEW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_compare_view_dispose (GObject *object)
{
  SlCompareView *self = SL_COMPARE_VIEW (object);
  if (self->jobs)
    cancel_all (self);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_COMPARE_VIEW);
  /* The template's root box is not bound to a field, so it is unparented here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_compare_view_parent_class)->dispose (object);
}

static void
sl_compare_view_finalize (GObject *object)
{
  SlCompareView *self = SL_COMPARE_VIEW (object);
  g_clear_pointer (&self->pins, g_array_unref);
  g_clear_pointer (&self->methods, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->views, g_hash_table_unref);
  g_clear_pointer (&self->loading, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  G_OBJECT_CLASS (sl_compare_view_parent_class)->finalize (object);
}

static void
sl_compare_view_class_init (SlCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_compare_view_dispose;
  object_class->finalize = sl_compare_view_finalize;
  object_class->get_property = sl_compare_view_get_property;
  widget_class->map = sl_compare_view_map;
  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  signals[SIG_STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  g_type_ensure (SL_TYPE_FIGURE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCompareView, figure_stack);
  gtk_widget_class_bind_template_child (widget_class, SlCompareView, figure);
  gtk_widget_class_bind_template_child (widget_class, SlCompareView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlCompareView, progress);
  gtk_widget_class_bind_template_child (widget_class, SlCompareView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlCompareView, samples_list);
  gtk_widget_class_bind_template_child (widget_class, SlCompareView, shared_switch);
  gtk_widget_class_bind_template_child (widget_class, SlCompareView, methods_group);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_set_css_name (widget_class, "compareview");
}

static void
sl_compare_view_init (SlCompareView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->current = -1;
  self->show_regions = TRUE;
  self->pins = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->methods = g_ptr_array_new ();
  self->views = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) sl_sample_view_free);
  self->loading = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  self->checks = sl_method_checks_add (self->methods_group, default_methods,
                                       G_CALLBACK (on_check_toggled), self);
  methods_from_checks (self);
  g_signal_connect (self->shared_switch, "notify::active", G_CALLBACK (on_shared_changed), self);
  fill_samples_list (self);
  update_status (self);
}

/* ---- Public ---- */

static void
on_session_changed (SlSession *session, SlCompareView *self)
{
  cancel_all (self);
  g_hash_table_remove_all (self->views);
  g_array_set_size (self->pins, 0);
  self->current = -1;
  fill_samples_list (self);
  rebuild (self);
}

void
sl_compare_view_set_session (SlCompareView *self, SlSession *session)
{
  g_return_if_fail (SL_IS_COMPARE_VIEW (self));
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session)
    g_signal_connect (session, "changed", G_CALLBACK (on_session_changed), self);
  on_session_changed (session, self);
}

void
sl_compare_view_set_current_sample (SlCompareView *self, gssize index)
{
  if (self->current == index)
    return;
  self->current = index;
  /* The grid is computed when it is seen: a hidden compare view starts no jobs for the selection. */
  if (!self->pins->len && gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
}

gboolean
sl_compare_view_pin_sample (SlCompareView *self, gsize index)
{
  for (guint i = 0; i < self->pins->len; i++)
    if (g_array_index (self->pins, gsize, i) == index)
      return TRUE;
  if (self->pins->len >= MAX_ROWS)
    return FALSE;
  g_array_append_val (self->pins, index);
  fill_samples_list (self);
  rebuild (self);
  return TRUE;
}

void
sl_compare_view_unpin_sample (SlCompareView *self, gsize index)
{
  for (guint i = 0; i < self->pins->len; i++)
    if (g_array_index (self->pins, gsize, i) == index)
      {
        g_array_remove_index (self->pins, i);
        break;
      }
  fill_samples_list (self);
  rebuild (self);
}

void
sl_compare_view_clear_pins (SlCompareView *self)
{
  g_array_set_size (self->pins, 0);
  fill_samples_list (self);
  rebuild (self);
}

void
sl_compare_view_set_methods (SlCompareView *self, const char *const *names)
{
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  self->updating = TRUE;
  for (guint i = 0; i < n; i++)
    {
      gboolean on = FALSE;
      for (guint j = 0; names && names[j]; j++)
        on |= sl_method_lookup (names[j]) == all[i];
      gtk_check_button_set_active (self->checks->pdata[i], on);
    }
  self->updating = FALSE;
  methods_from_checks (self);
  rebuild (self);
}

char **
sl_compare_view_dup_methods (SlCompareView *self)
{
  char **names = g_new0 (char *, self->methods->len + 1);
  for (guint m = 0; m < self->methods->len; m++)
    names[m] = g_strdup (((const SlMethod *) self->methods->pdata[m])->name);
  return names;
}

void
sl_compare_view_set_shared_scale (SlCompareView *self, gboolean shared)
{
  gtk_switch_set_active (self->shared_switch, shared);
}

guint
sl_compare_view_get_n_pending (SlCompareView *self)
{
  return self->n_cells - self->n_done;
}

gboolean
sl_compare_view_is_busy (SlCompareView *self)
{
  return g_hash_table_size (self->jobs) + g_hash_table_size (self->loading) > 0;
}

SlFigureView *
sl_compare_view_get_figure_view (SlCompareView *self)
{
  return self->figure;
}

gboolean
sl_compare_view_export (SlCompareView *self, const char *path, double width, double height,
                        double dpi, GError **error)
{
  SlComparisonFigure *fig = sl_figure_view_get_comparison (self->figure);
  if (!fig)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT, _("There is no grid to export yet"));
      return FALSE;
    }
  return sl_comparison_figure_export (fig, path, width, height, dpi, error);
}

void
sl_compare_view_set_presentation (SlCompareView *self, gboolean presentation)
{
  self->presentation = presentation;
  rebuild (self);
}

void
sl_compare_view_set_high_contrast (SlCompareView *self, gboolean high_contrast)
{
  g_return_if_fail (SL_IS_COMPARE_VIEW (self));
  self->high_contrast = high_contrast;
  rebuild (self);
}

void
sl_compare_view_set_show_regions (SlCompareView *self, gboolean show_regions)
{
  g_return_if_fail (SL_IS_COMPARE_VIEW (self));
  if (self->show_regions == show_regions)
    return;
  self->show_regions = show_regions;
  rebuild (self);
}
