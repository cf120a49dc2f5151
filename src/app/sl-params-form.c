#include "sl-params-form.h"

#include <glib/gi18n.h>
#include <math.h>

struct _SlParamsForm
{
  GtkWidget parent_instance;
  AdwPreferencesGroup *group;
  GtkWidget *reset_button;
  GPtrArray *rows; /* the rows added to the group */
  SlParams *params;
  gboolean updating; /* setting widgets from values: their signals are not edits */
};

enum
{
  SIG_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlParamsForm, sl_params_form, GTK_TYPE_WIDGET)

static const SlParamSpec *
row_spec (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "spec");
}

static void
set_value (SlParamsForm *self, const SlParamSpec *spec, const char *text)
{
  if (self->updating || !self->params)
    return;
  g_autoptr (GError) error = NULL;
  if (!sl_params_set (self->params, spec->name, text, &error))
    {
      g_warning ("%s", error->message);
      return;
    }
  g_signal_emit (self, signals[SIG_CHANGED], 0);
}

static void
on_spin_changed (GtkSpinButton *spin, SlParamsForm *self)
{
  const SlParamSpec *spec = g_object_get_data (G_OBJECT (spin), "spec");
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  if (spec->type == SL_PARAM_INT)
    g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT,
                (gint64) llround (gtk_spin_button_get_value (spin)));
  else
    g_ascii_dtostr (text, sizeof text, gtk_spin_button_get_value (spin));
  set_value (self, spec, text);
}

static void
on_switch_active (GtkSwitch *sw, GParamSpec *pspec, SlParamsForm *self)
{
  set_value (self, g_object_get_data (G_OBJECT (sw), "spec"),
             gtk_switch_get_active (sw) ? "true" : "false");
}

static void
on_combo_selected (AdwComboRow *row, GParamSpec *pspec, SlParamsForm *self)
{
  const SlParamSpec *spec = row_spec (GTK_WIDGET (row));
  const guint i = adw_combo_row_get_selected (row);
  if (spec->choices && i != GTK_INVALID_LIST_POSITION)
    set_value (self, spec, spec->choices[i]);
}

static void
on_entry_apply (AdwEntryRow *row, SlParamsForm *self)
{
  set_value (self, row_spec (GTK_WIDGET (row)), gtk_editable_get_text (GTK_EDITABLE (row)));
}

static double
spec_digits (const SlParamSpec *spec)
{
  return spec->type == SL_PARAM_INT ? 0 : 4;
}

static GtkWidget *
make_row (SlParamsForm *self, const SlParamSpec *spec)
{
  g_autofree char *title = g_strdup (spec->name);
  g_strdelimit (title, "_", ' ');
  g_autofree char *tip = g_strdup_printf (_("%s (default %s)"), spec->description,
                                          spec->default_value);
  GtkWidget *row = NULL;
  switch (spec->type)
    {
    case SL_PARAM_INT:
    case SL_PARAM_DOUBLE:
      {
        row = adw_action_row_new ();
        const double step = spec->type == SL_PARAM_INT ? 1 : 0.01;
        GtkWidget *spin = gtk_spin_button_new_with_range (spec->min, spec->max, step);
        gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), (guint) spec_digits (spec));
        gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (spin, tip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
        g_object_set_data (G_OBJECT (spin), "spec", (gpointer) spec);
        g_object_set_data (G_OBJECT (row), "editor", spin);
        g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin_changed), self);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
        break;
      }
    case SL_PARAM_BOOL:
      {
        row = adw_action_row_new ();
        GtkWidget *sw = gtk_switch_new ();
        gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (sw, tip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
        g_object_set_data (G_OBJECT (sw), "spec", (gpointer) spec);
        g_object_set_data (G_OBJECT (row), "editor", sw);
        g_signal_connect (sw, "notify::active", G_CALLBACK (on_switch_active), self);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
        break;
      }
    case SL_PARAM_ENUM:
      {
        row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row),
                                 G_LIST_MODEL (gtk_string_list_new (spec->choices)));
        g_signal_connect (row, "notify::selected", G_CALLBACK (on_combo_selected), self);
        break;
      }
    case SL_PARAM_STRING:
      row = adw_entry_row_new ();
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      g_signal_connect (row, "apply", G_CALLBACK (on_entry_apply), self);
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_tooltip_text (row, tip);
  g_object_set_data (G_OBJECT (row), "spec", (gpointer) spec);
  return row;
}

/* Shows the current values in the rows. */
static void
load_values (SlParamsForm *self)
{
  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];
      const SlParamSpec *spec = row_spec (row);
      GtkWidget *editor = g_object_get_data (G_OBJECT (row), "editor");
      switch (spec->type)
        {
        case SL_PARAM_INT:
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor),
                                     (double) sl_params_get_int (self->params, spec->name));
          break;
        case SL_PARAM_DOUBLE:
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor),
                                     sl_params_get_double (self->params, spec->name));
          break;
        case SL_PARAM_BOOL:
          gtk_switch_set_active (GTK_SWITCH (editor),
                                 sl_params_get_bool (self->params, spec->name));
          break;
        case SL_PARAM_ENUM:
          {
            const char *value = sl_params_get_string (self->params, spec->name);
            for (guint c = 0; spec->choices[c]; c++)
              if (!g_strcmp0 (spec->choices[c], value))
                adw_combo_row_set_selected (ADW_COMBO_ROW (row), c);
            break;
          }
        case SL_PARAM_STRING:
          gtk_editable_set_text (GTK_EDITABLE (row),
                                 sl_params_get_string (self->params, spec->name));
          break;
        }
    }
  self->updating = FALSE;
}

static void
on_reset (GtkButton *button, SlParamsForm *self)
{
  if (!self->params)
    return;
  for (guint i = 0; i < sl_params_n_specs (self->params); i++)
    sl_params_reset (self->params, sl_params_specs (self->params)[i].name);
  load_values (self);
  g_signal_emit (self, signals[SIG_CHANGED], 0);
}

static void
sl_params_form_dispose (GObject *object)
{
  SlParamsForm *self = SL_PARAMS_FORM (object);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_PARAMS_FORM);
  /* The template's root box is not bound to a field, so it is unparented here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (sl_params_form_parent_class)->dispose (object);
}

static void
sl_params_form_finalize (GObject *object)
{
  g_clear_pointer (&SL_PARAMS_FORM (object)->params, sl_params_free);
  G_OBJECT_CLASS (sl_params_form_parent_class)->finalize (object);
}

static void
sl_params_form_class_init (SlParamsFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = sl_params_form_dispose;
  G_OBJECT_CLASS (klass)->finalize = sl_params_form_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-params-form.ui");
  gtk_widget_class_bind_template_child (widget_class, SlParamsForm, group);
  gtk_widget_class_bind_template_child (widget_class, SlParamsForm, reset_button);
  gtk_widget_class_bind_template_callback (widget_class, on_reset);
  signals[SIG_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_params_form_init (SlParamsForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

GtkWidget *
sl_params_form_new (void)
{
  return g_object_new (SL_TYPE_PARAMS_FORM, NULL);
}

void
sl_params_form_set_params (SlParamsForm *self, const SlParams *params)
{
  g_return_if_fail (SL_IS_PARAMS_FORM (self));
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->params, sl_params_free);
  const guint n = params ? sl_params_n_specs (params) : 0;
  adw_preferences_group_set_description (self->group,
                                         n ? NULL : _("This method has no parameters."));
  gtk_widget_set_visible (self->reset_button, n > 0);
  if (!params)
    return;
  self->params = sl_params_copy (params);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = make_row (self, &sl_params_specs (self->params)[i]);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  load_values (self);
}

const SlParams *
sl_params_form_get_params (SlParamsForm *self)
{
  return self->params;
}
