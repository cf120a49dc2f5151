#include "sl-export-dialog.h"

#include <glib/gi18n.h>

static const char *const extensions[] = { "png", "svg", "pdf" };

struct _SlExportDialog
{
  AdwWindow parent_instance;
  AdwPreferencesGroup *group;
  AdwComboRow *format_row;
  GtkAdjustment *width;
  GtkAdjustment *height;
  GtkAdjustment *dpi;
  GtkWidget *dpi_row;
  char *basename;
  GtkFileChooserNative *chooser;
};

enum
{
  SIG_EXPORT,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlExportDialog, sl_export_dialog, ADW_TYPE_WINDOW)

static void
on_format_changed (AdwComboRow *row, GParamSpec *pspec, SlExportDialog *self)
{
  gtk_widget_set_sensitive (self->dpi_row, adw_combo_row_get_selected (row) == 0);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, SlExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      if (path)
        {
          /* The format chosen decides the extension. */
          const char *ext = extensions[MIN (adw_combo_row_get_selected (self->format_row), 2)];
          g_autofree char *full = g_str_has_suffix (path, ext)
                                      ? g_strdup (path)
                                      : g_strdup_printf ("%s.%s", path, ext);
          g_signal_emit (self, signals[SIG_EXPORT], 0, full, gtk_adjustment_get_value (self->width),
                         gtk_adjustment_get_value (self->height),
                         gtk_adjustment_get_value (self->dpi));
        }
      gtk_window_close (GTK_WINDOW (self));
    }
  g_clear_object (&self->chooser);
}

static void
on_export_clicked (GtkButton *button, SlExportDialog *self)
{
  const char *ext = extensions[MIN (adw_combo_row_get_selected (self->format_row), 2)];
  self->chooser = gtk_file_chooser_native_new (_("Export Figure"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  g_autofree char *name = g_strdup_printf ("%s.%s", self->basename, ext);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
sl_export_dialog_dispose (GObject *object)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (object);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (sl_export_dialog_parent_class)->dispose (object);
}

static void
sl_export_dialog_finalize (GObject *object)
{
  g_free (SL_EXPORT_DIALOG (object)->basename);
  G_OBJECT_CLASS (sl_export_dialog_parent_class)->finalize (object);
}

static void
sl_export_dialog_class_init (SlExportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = sl_export_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = sl_export_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, group);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, width);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, height);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, dpi);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, dpi_row);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  signals[SIG_EXPORT] = g_signal_new ("export", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_STRING,
                                      G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
sl_export_dialog_init (SlExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->format_row, "notify::selected", G_CALLBACK (on_format_changed), self);
}

SlExportDialog *
sl_export_dialog_new (GtkWindow *parent, const char *title, const char *basename, double width,
                      double height)
{
  SlExportDialog *self = g_object_new (SL_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->basename = g_strdup (basename);
  adw_preferences_group_set_title (self->group, title);
  gtk_adjustment_set_value (self->width, width);
  gtk_adjustment_set_value (self->height, height);
  return self;
}
