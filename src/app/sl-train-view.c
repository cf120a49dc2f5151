#include "sl-train-view.h"

#include "sl-job-titles.h"

#include "sl-app-resources.h"

#include "compose/sl-open.h"
#include "core/sl-error.h"
#include "jobs/sl-train-job.h"
#include "train/sl-presets.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>
#include <unistd.h>

enum
{
  ARCH_MNIST1D,
  ARCH_HMT,
  ARCH_CONFIG,
};

enum
{
  DATA_SESSION,
  DATA_MNIST1D,
  DATA_PATH,
};

static const char *const arch_presets[] = { "mnist1d-cnn", "hmt-vgg7" };

struct _SlTrainView
{
  GtkWidget parent_instance;
  GtkStack *figure_stack;
  SlFigureView *figure;
  GtkLabel *status_label;
  GtkProgressBar *progress;
  GtkWidget *start_button, *stop_button, *resume_button, *save_button, *explain_button;
  AdwComboRow *arch_row, *dataset_row, *schedule_row, *keep_row;
  AdwActionRow *config_row, *data_file_row;
  AdwPreferencesGroup *params_group, *augment_group;

  GtkSpinButton *epochs, *batch, *lr, *momentum, *seed, *val_split, *patience, *train_last;
  GtkSpinButton *rotation, *shift, *zoom;
  GtkSwitch *hflip, *vflip;

  SlSession *session;
  char *config_path;
  char *data_path;
  SlJob *job;       /* the current or last run */
  SlModel *trained; /* its model once it stopped or finished */
  SlTrainingLive *live;
  guint total_epochs; /* of the current run */
  char *saved_path;   /* where the trained model was last saved */
};

enum
{
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

enum
{
  SIG_MODEL_READY,
  SIG_ERROR,
  SIG_STATE_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlTrainView, sl_train_view, GTK_TYPE_WIDGET)

/* ---- The form ---- */

static GtkSpinButton *
add_spin (AdwPreferencesGroup *group, const char *title, const char *tooltip, double lower,
          double upper, double step, guint digits)
{
  GtkWidget *row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_tooltip_text (row, tooltip);
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 8);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  return GTK_SPIN_BUTTON (spin);
}

static GtkSwitch *
add_switch (AdwPreferencesGroup *group, const char *title, const char *tooltip)
{
  GtkWidget *row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_tooltip_text (row, tooltip);
  GtkWidget *sw = gtk_switch_new ();
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (sw, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_preferences_group_add (group, row);
  return GTK_SWITCH (sw);
}

static void
build_form (SlTrainView *self)
{
  AdwPreferencesGroup *g = self->params_group;
  self->epochs
      = add_spin (g, _ ("Epochs"), _ ("Train until this many epochs are done"), 1, 10000, 1, 0);
  self->batch = add_spin (g, _ ("Batch size"), _ ("Samples per SGD step"), 1, 4096, 1, 0);
  self->lr = add_spin (g, _ ("Learning rate"), _ ("The SGD step size of the first epoch"), 1e-5, 1,
                       1e-3, 5);
  /* The schedule row (from the template) goes right after the rate it scales. */
  g_object_ref (self->schedule_row);
  adw_preferences_group_remove (g, GTK_WIDGET (self->schedule_row));
  adw_preferences_group_add (g, GTK_WIDGET (self->schedule_row));
  g_object_unref (self->schedule_row);
  self->momentum
      = add_spin (g, _ ("Momentum"), _ ("SGD momentum (0: plain SGD)"), 0, 0.999, 0.05, 3);
  self->seed = add_spin (g, _ ("Seed"),
                         _ ("Seed of the initial weights, the shuffling and the augmentation"), 0,
                         G_MAXINT32, 1, 0);
  self->val_split
      = add_spin (g, _ ("Validation split"),
                  _ ("Validate on this last fraction of the samples (0: none)"), 0, 0.9, 0.05, 2);
  self->patience = add_spin (g, _ ("Early-stopping patience"),
                             _ ("Stop after this many epochs without a lower validation loss (0: "
                                "never; needs a validation split)"),
                             0, 1000, 1, 0);
  self->train_last
      = add_spin (g, _ ("Layers to train"),
                  _ ("Train only the last N layers with weights, keep the others fixed "
                     "(0: all)"),
                  0, 100, 1, 0);
  AdwPreferencesGroup *a = self->augment_group;
  self->hflip = add_switch (a, _ ("Horizontal flip"), _ ("Flip half the images left to right"));
  self->vflip = add_switch (a, _ ("Vertical flip"), _ ("Flip half the images top to bottom"));
  self->rotation
      = add_spin (a, _ ("Rotation (degrees)"),
                  _ ("Rotate each image by a random angle up to this many degrees"), 0, 180, 5, 0);
  self->shift = add_spin (a, _ ("Shift"), _ ("Shift each image by up to this fraction of its size"),
                          0, 0.5, 0.05, 2);
  self->zoom = add_spin (a, _ ("Zoom"), _ ("Zoom each image in or out by up to this fraction"), 0,
                         0.5, 0.05, 2);
}

static guint
schedule_index (const SlSchedule *s)
{
  if (s->kind == SL_SCHEDULE_STEP && s->lr == 1e-3 && s->drop == 0.5 && s->every == 15)
    return 3;
  return s->kind == SL_SCHEDULE_STEP ? 1 : s->kind == SL_SCHEDULE_EXPONENTIAL ? 2 : 0;
}

void
sl_train_view_set_options (SlTrainView *self, const SlTrainOptions *o)
{
  g_return_if_fail (SL_IS_TRAIN_VIEW (self) && o != NULL);
  gtk_spin_button_set_value (self->epochs, o->epochs);
  gtk_spin_button_set_value (self->batch, (double)o->batch_size);
  gtk_spin_button_set_value (self->lr, o->schedule.lr);
  adw_combo_row_set_selected (self->schedule_row, schedule_index (&o->schedule));
  gtk_spin_button_set_value (self->momentum, o->momentum);
  gtk_spin_button_set_value (self->seed, o->seed);
  gtk_spin_button_set_value (self->val_split, o->validation_split);
  gtk_spin_button_set_value (self->patience, o->patience);
  gtk_switch_set_active (self->hflip, o->augment.horizontal_flip);
  gtk_switch_set_active (self->vflip, o->augment.vertical_flip);
  gtk_spin_button_set_value (self->rotation, o->augment.rotation_range);
  gtk_spin_button_set_value (self->shift,
                             MAX (o->augment.width_shift_range, o->augment.height_shift_range));
  gtk_spin_button_set_value (self->zoom, o->augment.zoom_range);
}

void
sl_train_view_get_options (SlTrainView *self, SlTrainOptions *o)
{
  g_return_if_fail (SL_IS_TRAIN_VIEW (self) && o != NULL);
  sl_train_options_init (o);
  o->epochs = (guint)gtk_spin_button_get_value_as_int (self->epochs);
  o->batch_size = (gsize)gtk_spin_button_get_value_as_int (self->batch);
  const double lr = gtk_spin_button_get_value (self->lr);
  static const char *const schedules[] = { "constant", "step", "exp", "course" };
  const guint k = MIN (adw_combo_row_get_selected (self->schedule_row), 3u);
  if (!sl_schedule_parse (schedules[k], lr, &o->schedule, NULL))
    sl_schedule_init_constant (&o->schedule, lr);
  o->momentum = gtk_spin_button_get_value (self->momentum);
  o->seed = (guint32)gtk_spin_button_get_value (self->seed);
  o->validation_split = gtk_spin_button_get_value (self->val_split);
  o->patience = (guint)gtk_spin_button_get_value_as_int (self->patience);
  o->restore_best = adw_combo_row_get_selected (self->keep_row) == 1;
  o->augment.horizontal_flip = gtk_switch_get_active (self->hflip);
  o->augment.vertical_flip = gtk_switch_get_active (self->vflip);
  o->augment.rotation_range = gtk_spin_button_get_value (self->rotation);
  o->augment.width_shift_range = o->augment.height_shift_range
      = gtk_spin_button_get_value (self->shift);
  o->augment.zoom_range = gtk_spin_button_get_value (self->zoom);
}

static void
apply_recipe (SlTrainView *self)
{
  const guint arch = adw_combo_row_get_selected (self->arch_row);
  SlTrainOptions o;
  if (arch >= G_N_ELEMENTS (arch_presets) || !sl_preset_recipe (arch_presets[arch], &o, NULL))
    sl_train_options_init (&o);
  sl_train_view_set_options (self, &o);
  gtk_spin_button_set_value (self->train_last, 0);
}

static void
update_sensitivity (SlTrainView *self)
{
  const gboolean running = sl_train_view_is_running (self);
  gtk_widget_set_sensitive (self->start_button, !running);
  gtk_widget_set_sensitive (self->stop_button, running);
  gtk_widget_set_sensitive (self->resume_button, !running && self->trained != NULL);
  gtk_widget_set_sensitive (self->save_button, !running && self->trained != NULL);
  gtk_widget_set_sensitive (self->explain_button, !running && self->trained != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->config_row),
                            adw_combo_row_get_selected (self->arch_row) == ARCH_CONFIG);
  gtk_widget_set_sensitive (GTK_WIDGET (self->data_file_row),
                            adw_combo_row_get_selected (self->dataset_row) == DATA_PATH);
}

static void
on_arch_changed (SlTrainView *self)
{
  const guint arch = adw_combo_row_get_selected (self->arch_row);
  if (arch < G_N_ELEMENTS (arch_presets))
    {
      apply_recipe (self);
      /* Without an open dataset, the preset's own one. */
      if (sl_preset_dataset (arch_presets[arch])
          && !(self->session && sl_session_get_dataset (self->session)))
        adw_combo_row_set_selected (self->dataset_row, DATA_MNIST1D);
    }
  update_sensitivity (self);
}

static void
on_reset_recipe (SlTrainView *self)
{
  apply_recipe (self);
}

/* ---- Files ---- */

typedef void (*ChosenFunc) (SlTrainView *self, const char *path);

static void
on_chooser_response (GtkNativeDialog *dialog, int response, SlTrainView *self)
{
  ChosenFunc chosen = g_object_get_data (G_OBJECT (dialog), "chosen");
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      if (path)
        chosen (self, path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose (SlTrainView *self, const char *title, GtkFileChooserAction action, const char *accept,
        GtkFileFilter *filter, ChosenFunc chosen)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (
      title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, action, accept, _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (filter)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_set_data (G_OBJECT (dialog), "chosen", chosen);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
report_error (SlTrainView *self, const GError *error)
{
  gtk_label_set_text (self->status_label, error->message);
  g_signal_emit (self, signals[SIG_ERROR], 0, error);
}

static void
config_chosen (SlTrainView *self, const char *path)
{
  g_autoptr (GError) error = NULL;
  if (!sl_train_view_set_config_file (self, path, &error))
    report_error (self, error);
}

static void
on_choose_config (SlTrainView *self)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _ ("Keras model_config (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  choose (self, _ ("Choose a Keras model configuration"), GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"),
          filter, config_chosen);
}

static void
data_chosen (SlTrainView *self, const char *path)
{
  sl_train_view_set_dataset (self, path);
}

static void
on_choose_data_file (SlTrainView *self)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _ ("Datasets (.h5, .csv)"));
  gtk_file_filter_add_suffix (filter, "h5");
  gtk_file_filter_add_suffix (filter, "hdf5");
  gtk_file_filter_add_suffix (filter, "csv");
  choose (self, _ ("Choose a dataset file"), GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), filter,
          data_chosen);
}

static void
on_choose_data_folder (SlTrainView *self)
{
  choose (self, _ ("Choose a folder of class folders"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
          _ ("_Select"), NULL, data_chosen);
}

static void
save_chosen (SlTrainView *self, const char *path)
{
  g_autoptr (GError) error = NULL;
  if (!sl_train_view_save (self, path, &error))
    report_error (self, error);
}

static void
on_save (SlTrainView *self)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _ ("Keras models (.h5)"));
  gtk_file_filter_add_suffix (filter, "h5");
  choose (self, _ ("Save the trained model"), GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), filter,
          save_chosen);
}

/* ---- Runs ---- */

static char *
format_seconds (double s)
{
  if (s < 90)
    return g_strdup_printf (_ ("%.0f s"), ceil (s));
  if (s < 5400)
    return g_strdup_printf (_ ("%.0f min"), ceil (s / 60));
  return g_strdup_printf (_ ("%.1f h"), s / 3600);
}

static void
update_status (SlTrainView *self)
{
  if (!self->job)
    return;
  guint n = 0;
  const SlEpochStats *epochs = sl_training_live_get_epochs (self->live, &n);
  double per_epoch, left;
  const gboolean timed
      = sl_training_live_timing (self->live, self->total_epochs, &per_epoch, &left);
  if (!timed)
    left = sl_job_get_seconds_left (self->job);
  g_autoptr (GString) s = g_string_new (NULL);
  const SlJobState state = sl_job_get_state (self->job);
  if (state == SL_JOB_DONE)
    g_string_append_printf (s, ngettext ("Done: %u epoch", "Done: %u epochs", n), n);
  else if (state == SL_JOB_CANCELLED)
    g_string_append_printf (s,
                            ngettext ("Stopped after %u of %u epoch",
                                      "Stopped after %u of %u epochs", self->total_epochs),
                            n, self->total_epochs);
  else
    g_string_append_printf (s, _ ("Epoch %u of %u"), MIN (n + 1, self->total_epochs),
                            self->total_epochs);
  if (n > 0)
    {
      const SlEpochStats *e = &epochs[n - 1];
      g_string_append_printf (s, _ (" · loss %.4f, accuracy %.4f"), e->loss, e->acc);
      if (isfinite (e->val_loss))
        g_string_append_printf (s, _ (" · validation loss %.4f, accuracy %.4f"), e->val_loss,
                                e->val_acc);
    }
  if (timed)
    {
      g_autofree char *t = g_strdup_printf ("%.2f", per_epoch);
      g_string_append_printf (s, _ (" · %s s per epoch"), t);
    }
  if (!sl_job_is_finished (self->job) && left >= 0)
    {
      g_autofree char *t = format_seconds (left);
      g_string_append_printf (s, _ (" · about %s left"), t);
    }
  gtk_label_set_text (self->status_label, s->str);
  const double fraction = sl_job_get_fraction (self->job);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress, fraction);
}

static void
on_partial (SlJob *job, gpointer item, SlTrainView *self)
{
  const SlTrainPartial *p = item;
  if (job != self->job)
    return;
  if (p->kind == SL_TRAIN_PARTIAL_BATCH)
    sl_training_live_add_batch (self->live, &p->batch);
  else
    {
      sl_training_live_add_epoch (self->live, &p->epoch);
      update_status (self);
    }
  gtk_stack_set_visible_child_name (self->figure_stack, "figure");
  gtk_widget_queue_draw (GTK_WIDGET (self->figure));
}

static void
on_progress (SlJob *job, GParamSpec *pspec, SlTrainView *self)
{
  const double fraction = sl_job_get_fraction (job);
  if (job == self->job && fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress, fraction);
}

static void
on_finished (SlJob *job, SlTrainView *self)
{
  if (job != self->job)
    return;
  const SlJobState state = sl_job_get_state (job);
  if (state == SL_JOB_FAILED)
    {
      update_status (self);
      report_error (self, sl_job_get_error (job));
    }
  else
    {
      SlModel *model = sl_job_get_result (job);
      g_clear_pointer (&self->trained, sl_model_unref);
      self->trained = model ? sl_model_ref (model) : NULL;
      update_status (self);
      /* A run stopped by hand keeps its best validation epoch when asked to. */
      SlTrainer *trainer = sl_train_job_get_trainer (job);
      if (state == SL_JOB_CANCELLED && sl_trainer_get_options (trainer)->restore_best)
        {
          const gboolean restored = sl_trainer_restore_best (trainer);
          g_autofree char *text
              = g_strdup_printf ("%s · %s", gtk_label_get_text (self->status_label),
                                 restored ? _ ("kept the best validation epoch's weights")
                                          : _ ("no validation loss yet: kept the last weights"));
          gtk_label_set_text (self->status_label, text);
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->figure));
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
  g_signal_emit (self, signals[SIG_STATE_CHANGED], 0);
}

static SlModel *
make_model (SlTrainView *self, GError **error)
{
  const guint arch = adw_combo_row_get_selected (self->arch_row);
  if (arch < G_N_ELEMENTS (arch_presets))
    return sl_preset_model_new (arch_presets[arch], error);
  if (!self->config_path)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s",
                   _ ("Choose a Keras model configuration file first"));
      return NULL;
    }
  g_autofree char *text = NULL;
  if (!g_file_get_contents (self->config_path, &text, NULL, error))
    return NULL;
  return sl_model_new_from_json (text, self->config_path, error);
}

static SlDataset *
make_dataset (SlTrainView *self, const SlModel *model, GError **error)
{
  switch (adw_combo_row_get_selected (self->dataset_row))
    {
    case DATA_SESSION:
      {
        const char *spec = self->session ? sl_session_get_dataset_spec (self->session) : NULL;
        if (!spec)
          {
            g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s",
                         _ ("No dataset is open: choose the built-in one or a file"));
            return NULL;
          }
        /* Opened again for this model: image folders are resized to its input. */
        return sl_open_dataset (spec, model, error);
      }
    case DATA_MNIST1D:
      return sl_open_dataset ("mnist1d:train", model, error);
    default:
      if (!self->data_path)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s",
                       _ ("Choose a dataset file or folder first"));
          return NULL;
        }
      return sl_open_dataset (self->data_path, model, error);
    }
}

/* Runs `job` as the view's run; takes it. */
static void
run (SlTrainView *self, SlJob *job, guint total_epochs)
{
  if (self->job)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  self->job = job;
  self->total_epochs = total_epochs;
  g_clear_pointer (&self->saved_path, g_free);
  g_signal_connect (job, "partial", G_CALLBACK (on_partial), self);
  g_signal_connect (job, "notify::fraction", G_CALLBACK (on_progress), self);
  g_signal_connect (job, "finished", G_CALLBACK (on_finished), self);
  sl_job_pool_push (sl_session_get_pool (self->session), job);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_label_set_text (self->status_label, _ ("Starting…"));
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
  g_signal_emit (self, signals[SIG_STATE_CHANGED], 0);
}

/* A job training `model` on the chosen dataset (whose name goes to `dataset_name`, if not NULL). */
static SlJob *
new_job (SlTrainView *self, SlModel *model, SlTrainOptions *options, char **dataset_name,
         GError **error)
{
  g_autoptr (SlDataset) dataset = make_dataset (self, model, error);
  if (!dataset)
    return NULL;
  if (dataset_name)
    *dataset_name = g_strdup (dataset->name);
  g_autofree gboolean *frozen = sl_train_frozen_but_last (
      model, (guint)gtk_spin_button_get_value_as_int (self->train_last));
  options->frozen = frozen;
  /* The trainer copies the options' arrays. */
  SlJob *job = sl_train_job_new (model, dataset, options, error);
  if (job)
    sl_job_title_train (job, model->name, dataset->name);
  return job;
}

gboolean
sl_train_view_start (SlTrainView *self, GError **error)
{
  g_return_val_if_fail (SL_IS_TRAIN_VIEW (self), FALSE);
  g_return_val_if_fail (self->session != NULL, FALSE);
  if (sl_train_view_is_running (self))
    return TRUE;
  g_autoptr (SlModel) model = make_model (self, error);
  if (!model)
    return FALSE;
  SlTrainOptions options;
  sl_train_view_get_options (self, &options);
  g_autofree char *dataset_name = NULL;
  SlJob *job = new_job (self, model, &options, &dataset_name, error);
  if (!job)
    return FALSE;
  sl_trainer_init_weights (sl_train_job_get_trainer (job), options.seed);
  g_clear_pointer (&self->trained, sl_model_unref);
  sl_training_live_clear (self->live);
  const guint arch = adw_combo_row_get_selected (self->arch_row);
  g_autofree char *base = self->config_path ? g_path_get_basename (self->config_path) : NULL;
  g_autofree char *title = g_strdup_printf (
      _ ("Training %s on %s"), arch < G_N_ELEMENTS (arch_presets) ? arch_presets[arch] : base,
      dataset_name);
  sl_training_live_set_title (self->live, title);
  run (self, job, options.epochs);
  return TRUE;
}

void
sl_train_view_stop (SlTrainView *self)
{
  g_return_if_fail (SL_IS_TRAIN_VIEW (self));
  if (self->job && !sl_job_is_finished (self->job))
    {
      gtk_label_set_text (self->status_label, _ ("Stopping…"));
      sl_job_cancel (self->job);
    }
}

gboolean
sl_train_view_resume (SlTrainView *self, GError **error)
{
  g_return_val_if_fail (SL_IS_TRAIN_VIEW (self), FALSE);
  if (sl_train_view_is_running (self))
    return TRUE;
  if (!self->job || !self->trained)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s", _ ("There is no run to resume"));
      return FALSE;
    }
  /* The stopped run's whole state (weights, velocities, epoch, history) moves to the new run
   * through a state file. */
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "saliency-lab", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", dir,
                   g_strerror (errno));
      return FALSE;
    }
  g_autofree char *state = g_build_filename (dir, "resume-XXXXXX.h5", NULL);
  const int fd = g_mkstemp (state);
  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", state,
                   g_strerror (errno));
      return FALSE;
    }
  close (fd);
  g_unlink (state);
  SlTrainOptions options;
  sl_train_view_get_options (self, &options);
  SlJob *job = NULL;
  const gboolean ok = sl_trainer_save_state (sl_train_job_get_trainer (self->job), state, error)
                      && (job = new_job (self, self->trained, &options, NULL, error))
                      && sl_trainer_load_state (sl_train_job_get_trainer (job), state, error);
  g_unlink (state);
  if (!ok)
    {
      g_clear_object (&job);
      return FALSE;
    }
  g_clear_pointer (&self->trained, sl_model_unref);
  run (self, job, options.epochs);
  return TRUE;
}

gboolean
sl_train_view_is_running (SlTrainView *self)
{
  return self->job && !sl_job_is_finished (self->job);
}

static void
on_start (SlTrainView *self)
{
  g_autoptr (GError) error = NULL;
  if (!sl_train_view_start (self, &error))
    report_error (self, error);
}

static void
on_stop (SlTrainView *self)
{
  sl_train_view_stop (self);
}

static void
on_resume (SlTrainView *self)
{
  g_autoptr (GError) error = NULL;
  if (!sl_train_view_resume (self, &error))
    report_error (self, error);
}

gboolean
sl_train_view_save (SlTrainView *self, const char *path, GError **error)
{
  g_return_val_if_fail (SL_IS_TRAIN_VIEW (self) && path != NULL, FALSE);
  if (!self->trained || sl_train_view_is_running (self))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_ARGUMENT, "%s",
                   _ ("There is no trained model to save yet"));
      return FALSE;
    }
  if (!sl_trainer_save_keras (sl_train_job_get_trainer (self->job), path, error))
    return FALSE;
  g_free (self->saved_path);
  self->saved_path = g_strdup (path);
  g_autofree char *text = g_strdup_printf (_ ("Saved %s"), path);
  gtk_label_set_text (self->status_label, text);
  return TRUE;
}

gboolean
sl_train_view_explain (SlTrainView *self, GError **error)
{
  g_return_val_if_fail (SL_IS_TRAIN_VIEW (self), FALSE);
  if (!self->saved_path)
    {
      g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "saliency-lab", NULL);
      g_mkdir_with_parents (dir, 0700);
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree char *name = g_strdup_printf ("trained-%s-%d.h5", stamp, (int)getpid ());
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (!sl_train_view_save (self, path, error))
        return FALSE;
    }
  g_autofree char *path = g_strdup (self->saved_path);
  g_signal_emit (self, signals[SIG_MODEL_READY], 0, path);
  return TRUE;
}

static void
on_explain (SlTrainView *self)
{
  g_autoptr (GError) error = NULL;
  if (!sl_train_view_explain (self, &error))
    report_error (self, error);
}

/* ---- Setters ---- */

gboolean
sl_train_view_set_preset (SlTrainView *self, const char *name)
{
  g_return_val_if_fail (SL_IS_TRAIN_VIEW (self), FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (arch_presets); i++)
    if (!g_strcmp0 (name, arch_presets[i]))
      {
        if (adw_combo_row_get_selected (self->arch_row) == i)
          apply_recipe (self);
        else
          adw_combo_row_set_selected (self->arch_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
sl_train_view_set_config_file (SlTrainView *self, const char *path, GError **error)
{
  g_return_val_if_fail (SL_IS_TRAIN_VIEW (self) && path != NULL, FALSE);
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  g_autoptr (SlModel) model = sl_model_new_from_json (text, path, error);
  if (!model)
    return FALSE;
  g_free (self->config_path);
  self->config_path = g_strdup (path);
  g_autofree char *base = g_path_get_basename (path);
  adw_action_row_set_subtitle (self->config_row, base);
  adw_combo_row_set_selected (self->arch_row, ARCH_CONFIG);
  update_sensitivity (self);
  return TRUE;
}

void
sl_train_view_set_dataset (SlTrainView *self, const char *spec)
{
  g_return_if_fail (SL_IS_TRAIN_VIEW (self));
  if (!spec)
    adw_combo_row_set_selected (self->dataset_row, DATA_SESSION);
  else if (!g_strcmp0 (spec, "mnist1d:train"))
    adw_combo_row_set_selected (self->dataset_row, DATA_MNIST1D);
  else
    {
      g_free (self->data_path);
      self->data_path = g_strdup (spec);
      g_autofree char *base = g_path_get_basename (spec);
      adw_action_row_set_subtitle (self->data_file_row, base);
      adw_combo_row_set_selected (self->dataset_row, DATA_PATH);
    }
  update_sensitivity (self);
}

void
sl_train_view_set_train_last (SlTrainView *self, guint n)
{
  g_return_if_fail (SL_IS_TRAIN_VIEW (self));
  gtk_spin_button_set_value (self->train_last, n);
}

void
sl_train_view_set_keep_best (SlTrainView *self, gboolean keep_best)
{
  g_return_if_fail (SL_IS_TRAIN_VIEW (self));
  adw_combo_row_set_selected (self->keep_row, keep_best ? 1 : 0);
}

static void
on_session_changed (SlSession *session, SlTrainView *self)
{
  /* An open dataset becomes the default again. */
  if (sl_session_get_dataset (session) && !sl_train_view_is_running (self)
      && adw_combo_row_get_selected (self->dataset_row) == DATA_MNIST1D)
    adw_combo_row_set_selected (self->dataset_row, DATA_SESSION);
}

void
sl_train_view_set_session (SlTrainView *self, SlSession *session)
{
  g_return_if_fail (SL_IS_TRAIN_VIEW (self));
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (!session)
    return;
  g_signal_connect (session, "changed", G_CALLBACK (on_session_changed), self);
  adw_combo_row_set_selected (self->dataset_row,
                              sl_session_get_dataset (session) ? DATA_SESSION : DATA_MNIST1D);
  update_sensitivity (self);
}

SlTrainingLive *
sl_train_view_get_live (SlTrainView *self)
{
  return self->live;
}

SlModel *
sl_train_view_get_trained_model (SlTrainView *self)
{
  return self->trained;
}

SlFigureView *
sl_train_view_get_figure_view (SlTrainView *self)
{
  return self->figure;
}

/* ---- GObject ---- */

static void
sl_train_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlTrainView *self = SL_TRAIN_VIEW (object);
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, sl_train_view_is_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_train_view_dispose (GObject *object)
{
  SlTrainView *self = SL_TRAIN_VIEW (object);
  if (self->job)
    {
      g_signal_handlers_disconnect_by_data (self->job, self);
      sl_job_cancel (self->job);
      g_clear_object (&self->job);
    }
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_TRAIN_VIEW);
  /* The template's root box is not bound to a field, so it is unparented here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_train_view_parent_class)->dispose (object);
}

static void
sl_train_view_finalize (GObject *object)
{
  SlTrainView *self = SL_TRAIN_VIEW (object);
  g_clear_pointer (&self->trained, sl_model_unref);
  g_clear_pointer (&self->live, sl_training_live_unref);
  g_free (self->config_path);
  g_free (self->data_path);
  g_free (self->saved_path);
  G_OBJECT_CLASS (sl_train_view_parent_class)->finalize (object);
}

static void
sl_train_view_class_init (SlTrainViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_train_view_dispose;
  object_class->finalize = sl_train_view_finalize;
  object_class->get_property = sl_train_view_get_property;
  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  signals[SIG_MODEL_READY]
      = g_signal_new ("model-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIG_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIG_STATE_CHANGED]
      = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  g_type_ensure (SL_TYPE_FIGURE_VIEW);
  /* Links the resources in (and registers them) when the view is used without the window. */
  (void)sl_app_resources_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-train-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, figure_stack);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, figure);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, progress);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, start_button);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, resume_button);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, save_button);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, explain_button);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, arch_row);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, dataset_row);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, keep_row);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, config_row);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, data_file_row);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, params_group);
  gtk_widget_class_bind_template_child (widget_class, SlTrainView, augment_group);
  gtk_widget_class_bind_template_callback (widget_class, on_start);
  gtk_widget_class_bind_template_callback (widget_class, on_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_resume);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
  gtk_widget_class_bind_template_callback (widget_class, on_explain);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_config);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_data_file);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_data_folder);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_recipe);
  gtk_widget_class_set_css_name (widget_class, "trainview");
}

static void
sl_train_view_init (SlTrainView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_form (self);
  self->live = sl_training_live_new ();
  sl_figure_view_set_custom (self->figure, sl_training_live_ref (self->live),
                             (GDestroyNotify)sl_training_live_unref, sl_training_live_draw,
                             SL_TRAINING_FIGURE_WIDTH, SL_TRAINING_FIGURE_HEIGHT);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->figure), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Training curves"), -1);
  g_signal_connect_swapped (self->arch_row, "notify::selected", G_CALLBACK (on_arch_changed), self);
  g_signal_connect_swapped (self->dataset_row, "notify::selected", G_CALLBACK (update_sensitivity),
                            self);
  apply_recipe (self);
  update_sensitivity (self);
}

GtkWidget *
sl_train_view_new (void)
{
  return g_object_new (SL_TYPE_TRAIN_VIEW, NULL);
}
