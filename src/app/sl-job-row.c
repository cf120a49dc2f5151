#include "sl-job-row.h"

#include <glib/gi18n.h>
#include <math.h>

struct _SlJobRow
{
  GtkListBoxRow parent_instance;
  GtkLabel *title;
  GtkProgressBar *progress;
  GtkLabel *detail;
  GtkWidget *cancel_button;
  SlJob *job;
};

G_DEFINE_FINAL_TYPE (SlJobRow, sl_job_row, GTK_TYPE_LIST_BOX_ROW)

static char *
format_duration (double seconds)
{
  if (seconds < 60)
    return g_strdup_printf (_("%.0f s"), MAX (seconds, 1));
  if (seconds < 3600)
    return g_strdup_printf (_("%.0f min %02.0f s"), seconds / 60 - 0.5, fmod (seconds, 60));
  return g_strdup_printf (_("%.1f h"), seconds / 3600);
}

static void
sync_row (SlJobRow *self)
{
  SlJob *job = self->job;
  const SlJobState state = sl_job_get_state (job);
  const double f = sl_job_get_fraction (job);
  g_autofree char *detail = NULL;
  switch (state)
    {
    case SL_JOB_QUEUED:
      detail = g_strdup (_("Waiting"));
      break;
    case SL_JOB_RUNNING:
      {
        const double left = sl_job_get_seconds_left (job);
        g_autofree char *time = left >= 0 ? format_duration (left) : NULL;
        const char *message = sl_job_get_message (job);
        if (sl_job_get_total (job) > 0 && time)
          /* %llu, not G_GUINT64_FORMAT: xgettext cuts a msgid at a macro. */
          detail = g_strdup_printf (_("%llu of %llu · %s left"),
                                    (unsigned long long) sl_job_get_done (job),
                                    (unsigned long long) sl_job_get_total (job), time);
        else if (sl_job_get_total (job) > 0)
          detail = g_strdup_printf (_("%llu of %llu"), (unsigned long long) sl_job_get_done (job),
                                    (unsigned long long) sl_job_get_total (job));
        else
          detail = g_strdup (message ? message : _("Running"));
        break;
      }
    case SL_JOB_DONE:
      {
        g_autofree char *time = format_duration (sl_job_get_elapsed (job));
        detail = g_strdup_printf (_("Done in %s"), time);
        break;
      }
    case SL_JOB_FAILED:
      detail = g_strdup_printf (_("Failed: %s"), sl_job_get_error (job)->message);
      break;
    case SL_JOB_CANCELLED:
      detail = g_strdup (_("Cancelled"));
      break;
    }
  gtk_label_set_text (self->detail, detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail), detail);
  if (f >= 0)
    gtk_progress_bar_set_fraction (self->progress, f);
  else if (state == SL_JOB_RUNNING)
    gtk_progress_bar_pulse (self->progress);
  if (state == SL_JOB_DONE)
    gtk_progress_bar_set_fraction (self->progress, 1);
  gtk_widget_set_visible (self->cancel_button, !sl_job_is_finished (job));
  gtk_widget_set_visible (GTK_WIDGET (self->progress), !sl_job_is_finished (job));
  if (state == SL_JOB_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->detail), "error");
}

static void
on_job_notify (SlJob *job, GParamSpec *pspec, SlJobRow *self)
{
  sync_row (self);
}

static void
on_cancel (GtkButton *button, SlJobRow *self)
{
  sl_job_cancel (self->job);
}

static void
sl_job_row_dispose (GObject *object)
{
  SlJobRow *self = SL_JOB_ROW (object);
  if (self->job)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_JOB_ROW);
  G_OBJECT_CLASS (sl_job_row_parent_class)->dispose (object);
}

static void
sl_job_row_class_init (SlJobRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = sl_job_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/saliencylab/SaliencyLab/ui/sl-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlJobRow, title);
  gtk_widget_class_bind_template_child (widget_class, SlJobRow, progress);
  gtk_widget_class_bind_template_child (widget_class, SlJobRow, detail);
  gtk_widget_class_bind_template_child (widget_class, SlJobRow, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
}

static void
sl_job_row_init (SlJobRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sl_job_row_new (SlJob *job)
{
  SlJobRow *self = g_object_new (SL_TYPE_JOB_ROW, NULL);
  self->job = g_object_ref (job);
  gtk_label_set_text (self->title, sl_job_get_title (job));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), sl_job_get_title (job));
  g_signal_connect (job, "notify", G_CALLBACK (on_job_notify), self);
  sync_row (self);
  return GTK_WIDGET (self);
}

SlJob *
sl_job_row_get_job (SlJobRow *self)
{
  return self->job;
}
