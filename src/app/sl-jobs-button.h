/* sl-jobs-button.h — the header bar's jobs button: a spinner while jobs run, and a popover listing
 * the running and finished jobs with their progress and a cancel button each. */
#pragma once

#include "jobs/sl-job-pool.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_JOBS_BUTTON (sl_jobs_button_get_type ())
G_DECLARE_FINAL_TYPE (SlJobsButton, sl_jobs_button, SL, JOBS_BUTTON, GtkWidget)

void sl_jobs_button_set_pool (SlJobsButton *self,
                              SlJobPool    *pool);
void sl_jobs_button_popup    (SlJobsButton *self);
void sl_jobs_button_popdown  (SlJobsButton *self);

G_END_DECLS
