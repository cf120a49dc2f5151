/* sl-method-checks.c — check rows for the method registry. */
#include "sl-method-checks.h"

#include "explain/sl-method.h"

GPtrArray *
sl_method_checks_add (AdwPreferencesGroup *group, const char *const *active, GCallback toggled,
                      gpointer data)
{
  GPtrArray *checks = g_ptr_array_new ();
  guint n;
  const SlMethod *const *all = sl_method_list (&n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), all[i]->display_name);
      gtk_widget_set_tooltip_text (row, all[i]->description);
      GtkWidget *check = gtk_check_button_new ();
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      all[i]->display_name, -1);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   active && g_strv_contains (active, all[i]->name));
      if (toggled)
        g_signal_connect (check, "toggled", toggled, data);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (checks, check);
    }
  return checks;
}
