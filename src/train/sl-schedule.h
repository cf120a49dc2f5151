/* sl-schedule.h — learning-rate schedules over epochs: constant, step decay, exponential. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_SCHEDULE_CONSTANT,
  SL_SCHEDULE_STEP,        /* lr · drop^⌊epoch / every⌋ */
  SL_SCHEDULE_EXPONENTIAL, /* lr · rate^epoch */
} SlScheduleKind;

typedef struct
{
  SlScheduleKind kind;
  double lr;    /* the rate of epoch 0 */
  double drop;  /* step */
  guint every;  /* step */
  double rate;  /* exponential */
} SlSchedule;

/* The course's schedule: 1e-3, halved every 15 epochs. */
void     sl_schedule_init_course (SlSchedule       *schedule);
void     sl_schedule_init_constant (SlSchedule     *schedule,
                                    double          lr);

/* The learning rate of `epoch` (counted from 0), as a LearningRateScheduler callback sets it. */
double   sl_schedule_lr         (const SlSchedule *schedule,
                                 guint             epoch);

/* "constant", "step" (0.5 every 15), "step:DROP:EVERY", "exp" (0.95), "exp:RATE" or "course" (which
 * also sets lr = 1e-3); `lr` is the initial rate of the others. */
gboolean sl_schedule_parse      (const char       *text,
                                 double            lr,
                                 SlSchedule       *schedule,
                                 GError          **error);

/* The inverse of sl_schedule_parse, e.g. "step:0.5:15". */
char    *sl_schedule_to_string  (const SlSchedule *schedule);

G_END_DECLS
