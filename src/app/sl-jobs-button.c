#include "sl-jobs-button.h"

#include "sl-job-row.h"

#include <glib/gi18n.h>

struct _SlJobsButton
{
  GtkWidget parent_instance;
  GtkMenuButton *button;
  GtkPopover *popover;
  GtkStack *stack;
  GtkListBox *list;
  GtkStack *icon_stack;
  GtkSpinner *spinner;
  SlJobPool *pool;
};

G_DEFINE_FINAL_TYPE (SlJobsButton, sl_jobs_button, GTK_TYPE_WIDGET)

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  return sl_job_row_new (SL_JOB (item));
}

static void
sync_state (SlJobsButton *self)
{
  const guint active = self->pool ? sl_job_pool_get_n_active (self->pool) : 0;
  const guint n = self->pool ? g_list_model_get_n_items (G_LIST_MODEL (self->pool)) : 0;
  gtk_stack_set_visible_child_name (self->icon_stack, active ? "busy" : "idle");
  gtk_spinner_set_spinning (self->spinner, active > 0);
  gtk_stack_set_visible_child_name (self->stack, n ? "list" : "empty");
  g_autofree char *tip = active ? g_strdup_printf (ngettext ("%u job running", "%u jobs running",
                                                             active), active)
                                : g_strdup (_("Jobs"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tip, -1);
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, SlJobsButton *self)
{
  sync_state (self);
}

static void
on_active_notify (GObject *pool, GParamSpec *pspec, SlJobsButton *self)
{
  sync_state (self);
}

static void
on_clear (GtkButton *button, SlJobsButton *self)
{
  if (self->pool)
    sl_job_pool_clear_finished (self->pool);
}

static void
sl_jobs_button_dispose (GObject *object)
{
  SlJobsButton *self = SL_JOBS_BUTTON (object);
  if (self->pool)
    g_signal_handlers_disconnect_by_data (self->pool, self);
  g_clear_object (&self->pool);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_JOBS_BUTTON);
  /* The template's root box is not bound to a field, so it is unparented here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_jobs_button_parent_class)->dispose (object);
}

static void
sl_jobs_button_class_init (SlJobsButtonClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = sl_jobs_button_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-jobs-button.ui");
  gtk_widget_class_bind_template_child (widget_class, SlJobsButton, button);
  gtk_widget_class_bind_template_child (widget_class, SlJobsButton, popover);
  gtk_widget_class_bind_template_child (widget_class, SlJobsButton, stack);
  gtk_widget_class_bind_template_child (widget_class, SlJobsButton, list);
  gtk_widget_class_bind_template_child (widget_class, SlJobsButton, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, SlJobsButton, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_clear);
}

static void
sl_jobs_button_init (SlJobsButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sync_state (self);
}

void
sl_jobs_button_set_pool (SlJobsButton *self, SlJobPool *pool)
{
  g_return_if_fail (SL_IS_JOBS_BUTTON (self));
  if (self->pool)
    g_signal_handlers_disconnect_by_data (self->pool, self);
  g_set_object (&self->pool, pool);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (pool), create_row, NULL, NULL);
  g_signal_connect (pool, "items-changed", G_CALLBACK (on_items_changed), self);
  g_signal_connect (pool, "notify::n-active", G_CALLBACK (on_active_notify), self);
  sync_state (self);
}

void
sl_jobs_button_popup (SlJobsButton *self)
{
  gtk_menu_button_popup (self->button);
}

void
sl_jobs_button_popdown (SlJobsButton *self)
{
  gtk_menu_button_popdown (self->button);
}
