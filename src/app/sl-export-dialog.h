/* sl-export-dialog.h — the export dialog: format (PNG, SVG, PDF), size in points and PNG resolution,
 * then a file chooser; the window writes the file. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_EXPORT_DIALOG (sl_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlExportDialog, sl_export_dialog, SL, EXPORT_DIALOG, AdwWindow)

/* `basename` without extension suggests the file name; width × height (points) is the figure's
 * default size. */
SlExportDialog *sl_export_dialog_new (GtkWindow  *parent,
                                      const char *title,
                                      const char *basename,
                                      double      width,
                                      double      height);

/* Signals: ::export (const char *path, gdouble width, gdouble height, gdouble dpi). */

G_END_DECLS
