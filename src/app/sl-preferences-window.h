/* sl-preferences-window.h — the preferences window: the schema's user settings, bound live. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_PREFERENCES_WINDOW (sl_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SlPreferencesWindow, sl_preferences_window, SL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Rows bound to `settings` (org.saliencylab.SaliencyLab): a change shows at once wherever the key
 * is read. `parent` may be NULL. */
SlPreferencesWindow *sl_preferences_window_new (GtkWindow *parent, GSettings *settings);

G_END_DECLS
