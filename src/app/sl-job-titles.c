/* sl-job-titles.c — translated job titles. */
#include "sl-job-titles.h"

#include "explain/sl-method.h"

#include <glib/gi18n.h>

static const char *
display_name (const char *method)
{
  const SlMethod *m = method ? sl_method_lookup (method) : NULL;
  return m ? m->display_name : (method ? method : "?");
}

void
sl_job_title_explain (SlJob *job, gsize sample, const char *method)
{
  g_autofree char *title
      = g_strdup_printf (_("Explaining sample %lu with %s"), (gulong) sample, display_name (method));
  sl_job_set_title (job, title);
}

/* "Faithfulness of Grad-CAM on MNIST-1D (test)", or "of 3 methods" when there are several. */
void
sl_job_title_faithfulness (SlJob *job, guint n_methods, const char *first_method,
                           const char *dataset)
{
  g_autofree char *title
      = n_methods > 1
            ? g_strdup_printf (_("Faithfulness of %u methods on %s"), n_methods, dataset)
            : g_strdup_printf (_("Faithfulness of %s on %s"), display_name (first_method), dataset);
  sl_job_set_title (job, title);
}

void
sl_job_title_localisation (SlJob *job, guint n_methods, const char *first_method,
                           const char *dataset)
{
  g_autofree char *title
      = n_methods > 1
            ? g_strdup_printf (_("Localisation of %u methods on %s"), n_methods, dataset)
            : g_strdup_printf (_("Localisation of %s on %s"), display_name (first_method), dataset);
  sl_job_set_title (job, title);
}

void
sl_job_title_sanity (SlJob *job, const char *method, const char *model)
{
  g_autofree char *title
      = g_strdup_printf (_("Sanity check of %s on %s"), display_name (method), model);
  sl_job_set_title (job, title);
}

void
sl_job_title_predict (SlJob *job, const char *dataset)
{
  g_autofree char *title = g_strdup_printf (_("Predicting %s"), dataset);
  sl_job_set_title (job, title);
}

void
sl_job_title_report (SlJob *job, const char *dataset)
{
  g_autofree char *title = g_strdup_printf (_("Evaluating on %s"), dataset);
  sl_job_set_title (job, title);
}

void
sl_job_title_train (SlJob *job, const char *model, const char *dataset)
{
  g_autofree char *title = g_strdup_printf (_("Training %s on %s"), model, dataset);
  sl_job_set_title (job, title);
}
