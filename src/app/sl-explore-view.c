#include "sl-explore-view.h"

#include "sl-job-titles.h"

#include "compose/sl-sample-view.h"
#include "core/sl-error.h"
#include "explain/sl-method.h"
#include "jobs/sl-explain-job.h"
#include "sl-sample-job.h"
#include "sl-class-bars.h"
#include "sl-params-form.h"

#include <glib/gi18n.h>

/* Methods that run many passes are "slow" only on models where one pass is not negligible: on
 * MNIST-1D every method takes milliseconds, on the HMT CNN (2.4 GFLOP a pass) LIME takes seconds. */
#define SLOW_MODEL_FLOPS 5e7

struct _SlExploreView
{
  GtkWidget parent_instance;

  GtkStack *figure_stack;
  SlFigureView *figure;
  GtkRevealer *status_revealer;
  GtkLabel *status_label;
  GtkProgressBar *progress;
  GtkWidget *run_button;
  GtkWidget *cancel_button;
  GtkLabel *readout;
  AdwComboRow *method_row;
  AdwComboRow *layer_row;
  AdwComboRow *score_row;
  GtkSwitch *autorun_switch;
  SlClassBars *class_bars;
  SlParamsForm *params_form;
  AdwComboRow *colormap_row;
  GtkAdjustment *opacity;
  AdwComboRow *scale_row;
  GtkSwitch *mask_switch;
  GtkAdjustment *frac;
  AdwPreferencesGroup *truth_group;
  AdwActionRow *truth_row;
  GtkSwitch *truth_switch;

  SlSession *session;
  GSettings *settings;
  gssize index;
  SlSampleView *view;  /* the sample shown, once loaded */
  SlJob *load_job;     /* loading `index` */
  SlJob *explain_job;  /* computing `explain_key` */
  char *explain_key;
  gboolean run_requested; /* the user asked for this request's explanation */
  const SlExplanation *shown; /* in the session's cache */

  const SlMethod *method;
  SlParams *params;    /* the method's, as the form edits them */
  GArray *layers;      /* int: layer_row position → layer index (0: the default) */
  int target;          /* −1: the predicted class */
  gboolean presentation;
  gboolean high_contrast;
  gboolean show_regions;  /* the ground truth on the figure */
  gboolean updating;   /* setting rows from code */
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

G_DEFINE_FINAL_TYPE (SlExploreView, sl_explore_view, GTK_TYPE_WIDGET)

static void update (SlExploreView *self);

/* ---- Small helpers ---- */

static SlModel *
model_of (SlExploreView *self)
{
  return self->session ? sl_session_get_model (self->session) : NULL;
}

static gboolean
method_is_slow (SlExploreView *self)
{
  SlModel *model = model_of (self);
  return (self->method->flags & SL_METHOD_MANY_PASSES) && model
         && sl_model_flops (model) >= SLOW_MODEL_FLOPS;
}

static void
state_changed (SlExploreView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
  g_signal_emit (self, signals[SIG_STATE_CHANGED], 0);
}

static void
drop_job (SlExploreView *self, SlJob **job)
{
  if (!*job)
    return;
  g_signal_handlers_disconnect_by_data (*job, self);
  sl_job_cancel (*job);
  g_clear_object (job);
}

/* ---- The request ---- */

void
sl_explore_view_get_request (SlExploreView *self, SlExplainRequest *req)
{
  sl_explain_request_init (req, self->method->name);
  req->params = self->params;
  req->target = self->target;
  const guint score = adw_combo_row_get_selected (self->score_row);
  req->score = score == 1 ? SL_SCORE_LOGIT : score == 2 ? SL_SCORE_PROB : SL_EXPLAIN_SCORE_DEFAULT;
  const guint layer = adw_combo_row_get_selected (self->layer_row);
  if ((self->method->flags & SL_METHOD_USES_LAYER) && self->layers && layer > 0
      && layer < self->layers->len)
    req->layer = g_array_index (self->layers, int, layer);
}

void
sl_explore_view_get_style (SlExploreView *self, SlFigureStyle *style)
{
  sl_figure_style_init (style);
  const guint cmap = adw_combo_row_get_selected (self->colormap_row);
  style->auto_colormap = cmap == 0 || cmap == GTK_INVALID_LIST_POSITION;
  if (!style->auto_colormap)
    style->colormap = (SlColormap) (cmap - 1);
  style->alpha = gtk_adjustment_get_value (self->opacity);
  const guint scale = adw_combo_row_get_selected (self->scale_row);
  style->scale = scale == 1 ? SL_MAP_SCALE_MAX_ABS : scale == 2 ? SL_MAP_SCALE_MIN_MAX
                                                                : SL_MAP_SCALE_RAW;
  if (gtk_switch_get_active (self->mask_switch))
    style->mask_frac = gtk_adjustment_get_value (self->frac);
  if (self->presentation)
    style->text_scale = 1.5;
  style->high_contrast = self->high_contrast;
  style->show_regions = self->show_regions;
}

/* ---- Figure and status ---- */

static void
show_figure (SlExploreView *self, const SlExplanation *expl)
{
  self->shown = expl;
  if (!self->view)
    {
      sl_figure_view_set_explanation (self->figure, NULL);
      gtk_stack_set_visible_child_name (self->figure_stack, "empty");
      return;
    }
  SlFigureStyle style;
  sl_explore_view_get_style (self, &style);
  sl_figure_view_set_explanation (self->figure, sl_explanation_figure_new (self->view, expl, &style));
  gtk_stack_set_visible_child_name (self->figure_stack, "figure");
}

/* Where the sample's ground truth lies, in words: "digit, points 12–19", "object, 310 pixels". */
static char *
describe_regions (const SlSampleView *view)
{
  GString *text = g_string_new (NULL);
  for (guint k = 0; k < view->n_regions; k++)
    {
      gsize first, last;
      const gsize n = sl_sample_view_region_extent (view, k, &first, &last);
      if (text->len)
        g_string_append (text, " · ");
      if (n == 0)
        g_string_append_printf (text, _("%s, not in this sample"), view->region_names[k]);
      else if (view->is_image)
        g_string_append_printf (text, ngettext ("%s, %lu pixel", "%s, %lu pixels", n),
                                view->region_names[k], (gulong) n);
      else if (n == 1)
        g_string_append_printf (text, _("%s, point %lu"), view->region_names[k], (gulong) first);
      else
        g_string_append_printf (text, _("%s, points %lu–%lu"), view->region_names[k],
                                (gulong) first, (gulong) last);
    }
  return g_string_free (text, FALSE);
}

/* The ground truth's row: shown when the sample has regions, saying where they lie. */
static void
update_truth (SlExploreView *self)
{
  const gboolean any = self->view && self->view->n_regions > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->truth_group), any);
  if (!any)
    return;
  g_autofree char *where = describe_regions (self->view);
  g_autofree char *text = g_strdup_printf (_("Ground truth: %s"), where);
  adw_action_row_set_subtitle (self->truth_row, text);
}

static void
update_status (SlExploreView *self)
{
  SlJob *job = self->explain_job ? self->explain_job : self->load_job;
  const gboolean waiting = !job && self->view && !self->shown;
  gtk_widget_set_visible (self->run_button, waiting);
  gtk_widget_set_visible (self->cancel_button, job != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), job != NULL);
  if (job)
    {
      const double f = sl_job_get_fraction (job);
      if (f >= 0)
        gtk_progress_bar_set_fraction (self->progress, f);
      else
        gtk_progress_bar_pulse (self->progress);
      const double left = sl_job_get_seconds_left (job);
      g_autofree char *text = NULL;
      if (job == self->load_job)
        text = g_strdup_printf (_("Loading sample %ld…"), (glong) self->index);
      else if (left >= 1)
        text = g_strdup_printf (_("%s: about %.0f s left"), _(self->method->display_name), left);
      else
        text = g_strdup_printf (_("Computing %s…"), _(self->method->display_name));
      gtk_label_set_text (self->status_label, text);
    }
  else if (waiting)
    {
      g_autofree char *text
          = g_strdup_printf (_("%s runs many passes through this model and can take a while."),
                             _(self->method->display_name));
      gtk_label_set_text (self->status_label, text);
    }
  gtk_revealer_set_reveal_child (self->status_revealer, job != NULL || waiting);
}

static void
on_job_notify (SlJob *job, GParamSpec *pspec, SlExploreView *self)
{
  update_status (self);
}

/* ---- Jobs ---- */

static void
on_load_finished (SlJob *job, SlExploreView *self)
{
  g_autoptr (SlJob) done = g_steal_pointer (&self->load_job);
  g_signal_handlers_disconnect_by_data (job, self);
  if (sl_job_get_state (job) == SL_JOB_DONE)
    {
      g_clear_pointer (&self->view, sl_sample_view_free);
      self->view = sl_job_steal_result (job);
      sl_class_bars_set (self->class_bars, self->view->probs, self->view->n_classes,
                         (const char *const *) self->view->class_names, self->view->label);
    }
  else if (sl_job_get_state (job) == SL_JOB_FAILED)
    g_signal_emit (self, signals[SIG_ERROR], 0, sl_job_get_error (job));
  update_truth (self);
  update (self);
}

static void
start_load (SlExploreView *self)
{
  drop_job (self, &self->load_job);
  self->load_job = sl_sample_job_new (sl_session_get_model (self->session),
                                      sl_session_get_dataset (self->session), (gsize) self->index);
  g_signal_connect (self->load_job, "finished", G_CALLBACK (on_load_finished), self);
  sl_job_pool_push (sl_session_get_pool (self->session), self->load_job);
}

static void
on_explain_finished (SlJob *job, SlExploreView *self)
{
  g_autoptr (SlJob) done = g_steal_pointer (&self->explain_job);
  g_autofree char *key = g_steal_pointer (&self->explain_key);
  g_signal_handlers_disconnect_by_data (job, self);
  if (sl_job_get_state (job) == SL_JOB_DONE)
    sl_session_store_explanation (self->session, key, sl_job_steal_result (job));
  else if (sl_job_get_state (job) == SL_JOB_FAILED)
    {
      self->run_requested = FALSE;
      g_signal_emit (self, signals[SIG_ERROR], 0, sl_job_get_error (job));
    }
  else
    self->run_requested = FALSE;
  update (self);
}

static void
start_explain (SlExploreView *self, const SlExplainRequest *req, const char *key)
{
  drop_job (self, &self->explain_job);
  g_free (self->explain_key);
  self->explain_key = g_strdup (key);
  self->explain_job = sl_explain_job_new (sl_session_get_model (self->session),
                                          sl_session_get_dataset (self->session),
                                          (gsize) self->index, req);
  sl_job_title_explain (self->explain_job, (gsize) self->index, req->method);
  g_signal_connect (self->explain_job, "finished", G_CALLBACK (on_explain_finished), self);
  g_signal_connect (self->explain_job, "notify::fraction", G_CALLBACK (on_job_notify), self);
  sl_job_pool_push (sl_session_get_pool (self->session), self->explain_job);
}

/* Brings what is shown in line with the sample and the request: loads the sample, finds the
 * explanation in the cache or computes it (slow methods only when asked or on autorun). */
static void
update (SlExploreView *self)
{
  if (!self->session || !sl_session_get_dataset (self->session) || self->index < 0)
    {
      drop_job (self, &self->load_job);
      drop_job (self, &self->explain_job);
      g_clear_pointer (&self->view, sl_sample_view_free);
      sl_class_bars_set (self->class_bars, NULL, 0, NULL, -1);
      update_truth (self);
      show_figure (self, NULL);
      update_status (self);
      state_changed (self);
      return;
    }
  if (!self->view || self->view->index != (gsize) self->index)
    {
      if (!self->load_job)
        start_load (self);
      update_status (self);
      state_changed (self);
      return;
    }
  SlExplainRequest req;
  sl_explore_view_get_request (self, &req);
  g_autofree char *key = sl_session_explanation_key (self->session, (gsize) self->index, &req);
  SlExplanation *expl = sl_session_lookup_explanation (self->session, key);
  if (expl)
    {
      drop_job (self, &self->explain_job);
      g_clear_pointer (&self->explain_key, g_free);
      sl_class_bars_set_target (self->class_bars, (int) expl->target);
    }
  else if (self->explain_job && !g_strcmp0 (self->explain_key, key))
    ; /* already on its way */
  else if (self->run_requested || gtk_switch_get_active (self->autorun_switch)
           || !method_is_slow (self))
    start_explain (self, &req, key);
  else
    drop_job (self, &self->explain_job);
  if (!expl)
    sl_class_bars_set_target (self->class_bars,
                              self->target >= 0 ? self->target : (int) self->view->predicted);
  show_figure (self, expl);
  update_status (self);
  state_changed (self);
}

/* A new request: slow methods wait again for the user. */
static void
request_changed (SlExploreView *self)
{
  if (self->updating)
    return;
  self->run_requested = FALSE;
  update (self);
}

/* ---- Rows ---- */

static void
fill_layers (SlExploreView *self)
{
  SlModel *model = model_of (self);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_array_set_size (self->layers, 0);
  int none = SL_EXPLAIN_LAYER_DEFAULT;
  g_array_append_val (self->layers, none);
  const gboolean uses_layer = (self->method->flags & SL_METHOD_USES_LAYER) != 0;
  if (!model)
    gtk_string_list_append (names, _("Default"));
  else if (!uses_layer)
    gtk_string_list_append (names, _("None (works on the input)"));
  else
    {
      const int last = sl_model_last_conv (model);
      g_autofree char *def = g_strdup_printf (_("Default (%s)"),
                                              last >= 0 ? model->layers[last].name : "?");
      gtk_string_list_append (names, def);
      /* Layers with spatial outputs: a map over their positions can be brought to the input. */
      for (guint i = 0; i < model->n_layers; i++)
        if (model->layers[i].out.rank == model->input.rank && !model->layers[i].folded)
          {
            int li = (int) i;
            g_array_append_val (self->layers, li);
            gtk_string_list_append (names, model->layers[i].name);
          }
    }
  self->updating = TRUE;
  adw_combo_row_set_model (self->layer_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->layer_row, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->layer_row), uses_layer && model);
  self->updating = FALSE;
}

static void
fill_scores (SlExploreView *self)
{
  g_autofree char *def = g_strdup_printf (_("Method's default (%s)"),
                                          self->method->default_score == SL_SCORE_PROB
                                              ? _("probability")
                                              : _("logit"));
  const char *items[] = { def, _("Logit"), _("Probability"), NULL };
  const guint selected = adw_combo_row_get_selected (self->score_row);
  self->updating = TRUE;
  adw_combo_row_set_model (self->score_row, G_LIST_MODEL (gtk_string_list_new (items)));
  adw_combo_row_set_selected (self->score_row,
                              selected == GTK_INVALID_LIST_POSITION ? 0 : selected);
  self->updating = FALSE;
}

static void
method_selected (SlExploreView *self)
{
  const guint i = adw_combo_row_get_selected (self->method_row);
  guint n;
  const SlMethod *const *methods = sl_method_list (&n);
  if (i >= n)
    return;
  self->method = methods[i];
  g_clear_pointer (&self->params, sl_params_free);
  self->params = sl_method_new_params (self->method);
  sl_params_form_set_params (self->params_form, self->params);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->method_row), self->method->description);
  fill_layers (self);
  fill_scores (self);
  if (self->settings)
    g_settings_set_string (self->settings, "last-method", self->method->name);
}

static void
on_method_selected (AdwComboRow *row, GParamSpec *pspec, SlExploreView *self)
{
  if (self->updating)
    return;
  method_selected (self);
  request_changed (self);
}

static void
on_request_row_changed (GObject *row, GParamSpec *pspec, SlExploreView *self)
{
  request_changed (self);
}

static void
on_params_changed (SlParamsForm *form, SlExploreView *self)
{
  g_clear_pointer (&self->params, sl_params_free);
  self->params = sl_params_copy (sl_params_form_get_params (form));
  request_changed (self);
}

static void
on_class_activated (SlClassBars *bars, int c, SlExploreView *self)
{
  sl_explore_view_set_target (self, c);
}

/* The switch goes through win.show-region, so that the window's menu, its shortcut and the switch
 * stay one state (alone, outside a window, it sets the view directly). */
static void
on_truth_switch (GtkSwitch *sw, GParamSpec *pspec, SlExploreView *self)
{
  const gboolean on = gtk_switch_get_active (sw);
  if (self->updating || on == self->show_regions)
    return;
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.show-region", NULL))
    sl_explore_view_set_show_regions (self, on);
}

static void
on_autorun (GtkSwitch *sw, GParamSpec *pspec, SlExploreView *self)
{
  update (self);
}

/* Display changes redraw without recomputing. */
static void
on_display_changed (GObject *object, GParamSpec *pspec, SlExploreView *self)
{
  if (self->updating)
    return;
  if (self->settings)
    {
      /* Our own writes must not read the other key back before it is written too. */
      self->updating = TRUE;
      const guint cmap = adw_combo_row_get_selected (self->colormap_row);
      g_settings_set_string (self->settings, "colormap",
                             cmap == 0 ? "auto" : sl_colormap_name ((SlColormap) (cmap - 1)));
      static const char *const scales[] = { "raw", "max-abs", "min-max" };
      const guint s = adw_combo_row_get_selected (self->scale_row);
      if (s < G_N_ELEMENTS (scales))
        g_settings_set_string (self->settings, "map-scale", scales[s]);
      self->updating = FALSE;
    }
  if (self->view)
    show_figure (self, self->shown);
  state_changed (self);
}

static void
on_adjustment_changed (GtkAdjustment *adj, SlExploreView *self)
{
  on_display_changed (G_OBJECT (adj), NULL, self);
}

static void
on_probe (SlFigureView *figure, gboolean inside, int row, int col, double value, double raw,
          SlExploreView *self)
{
  if (!inside || !self->view)
    {
      gtk_label_set_text (self->readout, self->shown ? _("Point at the figure to read the map's value.")
                                                     : "");
      return;
    }
  g_autofree char *text = NULL;
  if (self->view->is_image)
    text = g_strdup_printf (_("Pixel (row %d, column %d): map %.4g (raw %.4g)"), row, col, value, raw);
  else
    text = g_strdup_printf (_("Position %d: signal %.4g, map %.4g (raw %.4g)"), col,
                            col >= 0 && (gsize) col < self->view->length ? self->view->signal[col] : 0.0,
                            value, raw);
  /* Whether the point lies in the ground truth, when it is shown. */
  const SlSampleView *v = self->view;
  const gsize i = v->is_image ? (gsize) row * (gsize) v->image.width + (gsize) col : (gsize) col;
  GString *full = g_string_new (text);
  for (guint k = 0; self->show_regions && k < v->n_regions && row >= 0 && col >= 0; k++)
    if (i < v->region_size && v->regions[k * v->region_size + i] > 0)
      {
        g_string_append (full, " · ");
        g_string_append_printf (full, _("in %s"), v->region_names[k]);
      }
  gtk_label_set_text (self->readout, full->str);
  g_string_free (full, TRUE);
}

/* ---- GObject ---- */

static void
sl_explore_view_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  switch (id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, sl_explore_view_is_busy (SL_EXPLORE_VIEW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_explore_view_dispose (GObject *object)
{
  SlExploreView *self = SL_EXPLORE_VIEW (object);
  drop_job (self, &self->load_job);
  drop_job (self, &self->explain_job);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_EXPLORE_VIEW);
  /* The template's root box is not bound to a field, so it is unparented here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_explore_view_parent_class)->dispose (object);
}

static void
sl_explore_view_finalize (GObject *object)
{
  SlExploreView *self = SL_EXPLORE_VIEW (object);
  g_clear_pointer (&self->view, sl_sample_view_free);
  g_clear_pointer (&self->params, sl_params_free);
  g_clear_pointer (&self->layers, g_array_unref);
  g_free (self->explain_key);
  G_OBJECT_CLASS (sl_explore_view_parent_class)->finalize (object);
}

static void
sl_explore_view_class_init (SlExploreViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_explore_view_dispose;
  object_class->finalize = sl_explore_view_finalize;
  object_class->get_property = sl_explore_view_get_property;

  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  signals[SIG_STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIG_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (SL_TYPE_FIGURE_VIEW);
  g_type_ensure (SL_TYPE_CLASS_BARS);
  g_type_ensure (SL_TYPE_PARAMS_FORM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-explore-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, figure_stack);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, figure);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, progress);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, run_button);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, readout);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, method_row);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, layer_row);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, score_row);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, autorun_switch);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, class_bars);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, params_form);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, colormap_row);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, opacity);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, scale_row);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, mask_switch);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, frac);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, truth_group);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, truth_row);
  gtk_widget_class_bind_template_child (widget_class, SlExploreView, truth_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_probe);
  gtk_widget_class_bind_template_callback (widget_class, on_class_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_params_changed);
  gtk_widget_class_set_css_name (widget_class, "exploreview");
}

static void
sl_explore_view_init (SlExploreView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->index = -1;
  self->target = -1;
  self->show_regions = TRUE;
  self->layers = g_array_new (FALSE, FALSE, sizeof (int));

  guint n;
  const SlMethod *const *methods = sl_method_list (&n);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (names, methods[i]->display_name);
  self->updating = TRUE;
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->method_row, 0);
  g_autoptr (GtkStringList) cmaps = gtk_string_list_new (NULL);
  gtk_string_list_append (cmaps, _("Automatic"));
  for (int c = 0; c < SL_N_COLORMAPS; c++)
    gtk_string_list_append (cmaps, sl_colormap_name ((SlColormap) c));
  adw_combo_row_set_model (self->colormap_row, G_LIST_MODEL (cmaps));
  const char *scales[] = { _("Raw values"), _("Divided by the largest |value|"),
                           _("Min–max to [0, 1]"), NULL };
  adw_combo_row_set_model (self->scale_row, G_LIST_MODEL (gtk_string_list_new (scales)));
  self->updating = FALSE;
  method_selected (self);

  g_signal_connect (self->method_row, "notify::selected", G_CALLBACK (on_method_selected), self);
  g_signal_connect (self->layer_row, "notify::selected", G_CALLBACK (on_request_row_changed), self);
  g_signal_connect (self->score_row, "notify::selected", G_CALLBACK (on_request_row_changed), self);
  g_signal_connect (self->autorun_switch, "notify::active", G_CALLBACK (on_autorun), self);
  g_signal_connect (self->truth_switch, "notify::active", G_CALLBACK (on_truth_switch), self);
  g_signal_connect (self->colormap_row, "notify::selected", G_CALLBACK (on_display_changed), self);
  g_signal_connect (self->scale_row, "notify::selected", G_CALLBACK (on_display_changed), self);
  g_signal_connect (self->mask_switch, "notify::active", G_CALLBACK (on_display_changed), self);
  g_signal_connect (self->opacity, "value-changed", G_CALLBACK (on_adjustment_changed), self);
  g_signal_connect (self->frac, "value-changed", G_CALLBACK (on_adjustment_changed), self);
}

/* ---- Public ---- */

static void
on_session_changed (SlSession *session, SlExploreView *self)
{
  drop_job (self, &self->load_job);
  drop_job (self, &self->explain_job);
  g_clear_pointer (&self->view, sl_sample_view_free);
  self->shown = NULL;
  self->index = -1;
  self->target = -1;
  /* The mask's default fraction follows the course: 0.3 for signals, 0.9 for images. */
  SlModel *model = sl_session_get_model (session);
  if (model && !(self->settings && g_settings_get_user_value (self->settings, "mask-frac")))
    gtk_adjustment_set_value (self->frac, model->input.rank == 3 ? 0.9 : 0.3);
  fill_layers (self);
  update (self);
}

void
sl_explore_view_set_session (SlExploreView *self, SlSession *session)
{
  g_return_if_fail (SL_IS_EXPLORE_VIEW (self));
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session)
    g_signal_connect (session, "changed", G_CALLBACK (on_session_changed), self);
  on_session_changed (session, self);
}

static guint
colormap_position (const char *name)
{
  SlColormap map;
  return sl_colormap_from_name (name, &map) ? (guint) map + 1 : 0;
}

/* Keys without a binding (their rows hold positions, not the key's strings) follow the settings
 * here, so the preferences window changes them live. */
static void
read_display_settings (SlExploreView *self)
{
  g_autofree char *cmap = g_settings_get_string (self->settings, "colormap");
  g_autofree char *scale = g_settings_get_string (self->settings, "map-scale");
  self->updating = TRUE;
  adw_combo_row_set_selected (self->colormap_row, colormap_position (cmap));
  adw_combo_row_set_selected (self->scale_row, !g_strcmp0 (scale, "max-abs")   ? 1
                                               : !g_strcmp0 (scale, "min-max") ? 2
                                                                               : 0);
  self->updating = FALSE;
  if (self->view)
    show_figure (self, self->shown);
}

static void
read_default_score (SlExploreView *self)
{
  g_autofree char *score = g_settings_get_string (self->settings, "default-score");
  sl_explore_view_set_score (self, !g_strcmp0 (score, "method") ? NULL : score);
}

static void
on_settings_changed (GSettings *settings, const char *key, SlExploreView *self)
{
  if (self->updating)
    return;
  if (!g_strcmp0 (key, "colormap") || !g_strcmp0 (key, "map-scale"))
    read_display_settings (self);
  else if (!g_strcmp0 (key, "default-score"))
    read_default_score (self);
}

void
sl_explore_view_set_settings (SlExploreView *self, GSettings *settings)
{
  g_return_if_fail (SL_IS_EXPLORE_VIEW (self));
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (!settings)
    return;
  g_autofree char *method = g_settings_get_string (settings, "last-method");
  read_display_settings (self);
  g_settings_bind (settings, "opacity", self->opacity, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autorun-slow", self->autorun_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-mask", self->mask_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "mask-frac", self->frac, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect (settings, "changed", G_CALLBACK (on_settings_changed), self);
  sl_explore_view_set_method (self, method);
  read_default_score (self);
}

void
sl_explore_view_show_sample (SlExploreView *self, gssize index)
{
  g_return_if_fail (SL_IS_EXPLORE_VIEW (self));
  if (index == self->index)
    return;
  self->index = index;
  self->target = -1;
  self->run_requested = FALSE;
  drop_job (self, &self->load_job);
  update (self);
}

gssize
sl_explore_view_get_sample (SlExploreView *self)
{
  return self->index;
}

gboolean
sl_explore_view_set_method (SlExploreView *self, const char *name)
{
  const SlMethod *method = name ? sl_method_lookup (name) : NULL;
  if (!method)
    return FALSE;
  guint n;
  const SlMethod *const *methods = sl_method_list (&n);
  for (guint i = 0; i < n; i++)
    if (methods[i] == method)
      adw_combo_row_set_selected (self->method_row, i);
  return TRUE;
}

const char *
sl_explore_view_get_method (SlExploreView *self)
{
  return self->method->name;
}

gboolean
sl_explore_view_set_layer (SlExploreView *self, const char *name)
{
  SlModel *model = model_of (self);
  if (!name || !*name)
    {
      adw_combo_row_set_selected (self->layer_row, 0);
      return TRUE;
    }
  if (!model || !(self->method->flags & SL_METHOD_USES_LAYER))
    return FALSE;
  const int layer = sl_model_find_layer (model, name);
  for (guint i = 1; i < self->layers->len; i++)
    if (g_array_index (self->layers, int, i) == layer)
      {
        adw_combo_row_set_selected (self->layer_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
sl_explore_view_set_score (SlExploreView *self, const char *score)
{
  SlScore s;
  if (!score || !*score)
    adw_combo_row_set_selected (self->score_row, 0);
  else if (sl_score_parse (score, &s))
    adw_combo_row_set_selected (self->score_row, s == SL_SCORE_LOGIT ? 1 : 2);
  else
    return FALSE;
  return TRUE;
}

gboolean
sl_explore_view_set_target (SlExploreView *self, int target)
{
  SlModel *model = model_of (self);
  if (target < -1 || (model && target >= (int) model->n_classes))
    return FALSE;
  if (target == self->target)
    return TRUE;
  self->target = target;
  request_changed (self);
  return TRUE;
}

gboolean
sl_explore_view_set_param (SlExploreView *self, const char *name, const char *value, GError **error)
{
  g_autoptr (SlParams) params = sl_params_copy (self->params);
  if (!sl_params_set (params, name, value, error))
    return FALSE;
  sl_params_form_set_params (self->params_form, params);
  g_clear_pointer (&self->params, sl_params_free);
  self->params = g_steal_pointer (&params);
  request_changed (self);
  return TRUE;
}

void
sl_explore_view_run (SlExploreView *self)
{
  self->run_requested = TRUE;
  update (self);
}

void
sl_explore_view_cancel (SlExploreView *self)
{
  self->run_requested = FALSE;
  drop_job (self, &self->explain_job);
  g_clear_pointer (&self->explain_key, g_free);
  update (self);
}

void
sl_explore_view_set_autorun (SlExploreView *self, gboolean autorun)
{
  gtk_switch_set_active (self->autorun_switch, autorun);
}

gboolean
sl_explore_view_is_busy (SlExploreView *self)
{
  return self->load_job != NULL || self->explain_job != NULL;
}

const SlExplanation *
sl_explore_view_get_explanation (SlExploreView *self)
{
  return self->shown;
}

SlFigureView *
sl_explore_view_get_figure_view (SlExploreView *self)
{
  return self->figure;
}

gboolean
sl_explore_view_export (SlExploreView *self, const char *path, double width, double height,
                        double dpi, GError **error)
{
  SlExplanationFigure *fig = sl_figure_view_get_explanation (self->figure);
  if (!fig)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_ARGUMENT, _("There is no figure to export yet"));
      return FALSE;
    }
  return sl_explanation_figure_export (fig, path, width, height, dpi, error);
}

void
sl_explore_view_set_presentation (SlExploreView *self, gboolean presentation)
{
  self->presentation = presentation;
  if (self->view)
    show_figure (self, self->shown);
}

void
sl_explore_view_set_show_regions (SlExploreView *self, gboolean show_regions)
{
  g_return_if_fail (SL_IS_EXPLORE_VIEW (self));
  if (self->show_regions == show_regions)
    return;
  self->show_regions = show_regions;
  self->updating = TRUE;
  gtk_switch_set_active (self->truth_switch, show_regions);
  self->updating = FALSE;
  if (self->view)
    show_figure (self, self->shown);
  state_changed (self);
}

gboolean
sl_explore_view_get_show_regions (SlExploreView *self)
{
  g_return_val_if_fail (SL_IS_EXPLORE_VIEW (self), FALSE);
  return self->show_regions;
}

const SlSampleView *
sl_explore_view_get_sample_view (SlExploreView *self)
{
  g_return_val_if_fail (SL_IS_EXPLORE_VIEW (self), NULL);
  return self->view;
}

char *
sl_explore_view_dup_truth_text (SlExploreView *self)
{
  g_return_val_if_fail (SL_IS_EXPLORE_VIEW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->truth_group))
             ? g_strdup (adw_action_row_get_subtitle (self->truth_row))
             : NULL;
}

void
sl_explore_view_set_high_contrast (SlExploreView *self, gboolean high_contrast)
{
  g_return_if_fail (SL_IS_EXPLORE_VIEW (self));
  self->high_contrast = high_contrast;
  if (self->view)
    show_figure (self, self->shown);
}
