/* sl-job-row.h — one job in the jobs list: its title, progress bar, time left and cancel button. */
#pragma once

#include "jobs/sl-job.h"

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_JOB_ROW (sl_job_row_get_type ())
G_DECLARE_FINAL_TYPE (SlJobRow, sl_job_row, SL, JOB_ROW, GtkListBoxRow)

GtkWidget *sl_job_row_new     (SlJob    *job);
SlJob     *sl_job_row_get_job (SlJobRow *self);

G_END_DECLS
