/* sl-screenshot.h — renders a widget (a whole window) to a PNG file as it is on screen. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean sl_screenshot_widget (GtkWidget  *widget,
                               const char *path,
                               GError    **error);

G_END_DECLS
