/* sl-application.h — the application: its command line, its job pool and settings, the app-wide
 * actions (about, quit) and its windows. */
#pragma once

#include "jobs/sl-job-pool.h"

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_APPLICATION (sl_application_get_type ())
G_DECLARE_FINAL_TYPE (SlApplication, sl_application, SL, APPLICATION, AdwApplication)

SlApplication *sl_application_new          (void);
SlJobPool     *sl_application_get_pool     (SlApplication *self);
/* NULL when the GSettings schema is not installed (then nothing is remembered). */
GSettings     *sl_application_get_settings (SlApplication *self);

G_END_DECLS
