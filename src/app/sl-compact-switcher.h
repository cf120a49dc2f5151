/* sl-compact-switcher.h — a GtkStackSwitcher whose buttons are only as wide as their labels. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Adwaita gives every switcher button at least 100 px and GTK makes them all as wide as the widest;
 * beside a table that decides the view's minimum width. This lifts both (the style class
 * `compact` is in ui/style.css). */
void sl_stack_switcher_make_compact (GtkStackSwitcher *switcher);

G_END_DECLS
