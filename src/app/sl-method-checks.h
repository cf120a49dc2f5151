/* sl-method-checks.h — one check row per registered explanation method in a preferences group
 * (the views that run several methods at once). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Adds the rows to `group`, in registry order, checked when named in `active`; `toggled` (may be
 * NULL) is connected to each check's ::toggled with `data`. Returns the GtkCheckButtons, one per
 * method of sl_method_list (the array does not own them). */
GPtrArray *sl_method_checks_add (AdwPreferencesGroup *group,
                                 const char *const   *active,
                                 GCallback            toggled,
                                 gpointer             data);

G_END_DECLS
