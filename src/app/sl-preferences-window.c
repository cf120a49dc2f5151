#include "config.h"

#include "sl-preferences-window.h"

#include "render/sl-colormap.h"

#include <glib/gi18n.h>

struct _SlPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwComboRow *colormap_row;
  GtkAdjustment *opacity;
  AdwComboRow *scale_row;
  GtkSwitch *high_contrast_switch;
  GtkSwitch *mask_switch;
  GtkAdjustment *frac;
  AdwComboRow *score_row;
  GtkSwitch *autorun_switch;
  GtkAdjustment *threads;
  GtkSwitch *presentation_switch;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SlPreferencesWindow, sl_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* A combo row's position ↔ a string key's value: `values` in the row's order, NULL-terminated. */
static gboolean
position_from_string (GValue *value, GVariant *variant, gpointer values)
{
  const char *const *v = values;
  const char *s = g_variant_get_string (variant, NULL);
  for (guint i = 0; v[i]; i++)
    if (!g_strcmp0 (v[i], s))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
string_from_position (const GValue *value, const GVariantType *type, gpointer values)
{
  const char *const *v = values;
  const guint pos = g_value_get_uint (value);
  return pos < g_strv_length ((char **)v) ? g_variant_new_string (v[pos]) : NULL;
}

static void
bind_combo (SlPreferencesWindow *self, AdwComboRow *row, const char *key, const char *const *values,
            const char *const *labels)
{
  adw_combo_row_set_model (row, G_LIST_MODEL (gtk_string_list_new (labels)));
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                position_from_string, string_from_position, (gpointer)values, NULL);
}

static const char *const scale_values[] = { "raw", "max-abs", "min-max", NULL };
static const char *const score_values[] = { "method", "logit", "prob", NULL };
/* "auto", then the colour maps in SlColormap order (the schema's choices). */
static const char *const colormap_values[]
    = { "auto", "jet", "viridis", "inferno", "magma", "turbo", "gray", "RdBu_r", "coolwarm", NULL };
G_STATIC_ASSERT (G_N_ELEMENTS (colormap_values) == SL_N_COLORMAPS + 2);

static void
bind_settings (SlPreferencesWindow *self)
{
  const char *colormap_labels[G_N_ELEMENTS (colormap_values)] = { _ ("Automatic") };
  for (guint i = 1; colormap_values[i]; i++)
    colormap_labels[i] = colormap_values[i];
  bind_combo (self, self->colormap_row, "colormap", colormap_values, colormap_labels);
  const char *const scale_labels[]
      = { _ ("Raw values"), _ ("Divided by max |value|"), _ ("Min–max stretched"), NULL };
  bind_combo (self, self->scale_row, "map-scale", scale_values, scale_labels);
  const char *const score_labels[]
      = { _ ("The method’s own"), _ ("Logit"), _ ("Probability"), NULL };
  bind_combo (self, self->score_row, "default-score", score_values, score_labels);

  g_settings_bind (self->settings, "opacity", self->opacity, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "high-contrast-map", self->high_contrast_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-mask", self->mask_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "mask-frac", self->frac, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "autorun-slow", self->autorun_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "worker-threads", self->threads, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "presentation-mode", self->presentation_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
sl_preferences_window_dispose (GObject *object)
{
  SlPreferencesWindow *self = SL_PREFERENCES_WINDOW (object);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sl_preferences_window_parent_class)->dispose (object);
}

static void
sl_preferences_window_class_init (SlPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_preferences_window_dispose;
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/saliencylab/SaliencyLab/ui/sl-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, colormap_row);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, opacity);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, scale_row);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, high_contrast_switch);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, mask_switch);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, frac);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, score_row);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, autorun_switch);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, threads);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, presentation_switch);
}

static void
sl_preferences_window_init (SlPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SlPreferencesWindow *
sl_preferences_window_new (GtkWindow *parent, GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  SlPreferencesWindow *self
      = g_object_new (SL_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  bind_settings (self);
  return self;
}
