/* sl-compact-switcher.c — a GtkStackSwitcher whose buttons are only as wide as their labels. */
#include "sl-compact-switcher.h"

void
sl_stack_switcher_make_compact (GtkStackSwitcher *switcher)
{
  g_return_if_fail (GTK_IS_STACK_SWITCHER (switcher));
  gtk_widget_add_css_class (GTK_WIDGET (switcher), "compact");
  /* GTK 4 lays the buttons out with a homogeneous GtkBoxLayout; left alone if that changes. */
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (switcher));
  if (GTK_IS_BOX_LAYOUT (layout))
    gtk_box_layout_set_homogeneous (GTK_BOX_LAYOUT (layout), FALSE);
}
