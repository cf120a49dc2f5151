/* Learning-rate schedules, evaluated per epoch as Keras' LearningRateScheduler does. */
#include "train/sl-schedule.h"

#include "core/sl-error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
sl_schedule_init_course (SlSchedule *schedule)
{
  *schedule
      = (SlSchedule){ .kind = SL_SCHEDULE_STEP, .lr = 1e-3, .drop = 0.5, .every = 15, .rate = 1 };
}

void
sl_schedule_init_constant (SlSchedule *schedule, double lr)
{
  *schedule
      = (SlSchedule){ .kind = SL_SCHEDULE_CONSTANT, .lr = lr, .drop = 1, .every = 1, .rate = 1 };
}

double
sl_schedule_lr (const SlSchedule *s, guint epoch)
{
  switch (s->kind)
    {
    case SL_SCHEDULE_STEP:
      return s->lr * pow (s->drop, (double) (epoch / MAX (s->every, 1u)));
    case SL_SCHEDULE_EXPONENTIAL:
      return s->lr * pow (s->rate, (double) epoch);
    case SL_SCHEDULE_CONSTANT:
    default:
      return s->lr;
    }
}

static gboolean
parse_number (const char *text, double *out)
{
  char *end = NULL;
  *out = g_ascii_strtod (text, &end);
  return end && end != text && *end == '\0' && isfinite (*out);
}

gboolean
sl_schedule_parse (const char *text, double lr, SlSchedule *s, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text ? text : "", ":", -1);
  const guint n = g_strv_length (parts);
  gboolean ok = n >= 1;
  sl_schedule_init_constant (s, lr);
  if (ok && !strcmp (parts[0], "course") && n == 1)
    sl_schedule_init_course (s);
  else if (ok && !strcmp (parts[0], "constant") && n == 1)
    ;
  else if (ok && !strcmp (parts[0], "step") && (n == 1 || n == 3))
    {
      double every = 15;
      s->kind = SL_SCHEDULE_STEP;
      s->drop = 0.5;
      if (n == 3)
        ok = parse_number (parts[1], &s->drop) && parse_number (parts[2], &every);
      ok = ok && s->drop > 0 && every >= 1 && every <= G_MAXUINT && every == floor (every);
      s->every = ok ? (guint) every : 1;
    }
  else if (ok && (!strcmp (parts[0], "exp") || !strcmp (parts[0], "exponential"))
           && (n == 1 || n == 2))
    {
      s->kind = SL_SCHEDULE_EXPONENTIAL;
      s->rate = 0.95;
      if (n == 2)
        ok = parse_number (parts[1], &s->rate);
      ok = ok && s->rate > 0;
    }
  else
    ok = FALSE;
  ok = ok && s->lr > 0 && isfinite (s->lr);
  if (!ok)
    g_set_error (
        error, SL_ERROR, SL_ERROR_ARGUMENT,
        "'%s' is not a learning-rate schedule (constant, step[:DROP:EVERY], exp[:RATE] or course, "
        "with a positive rate)",
        text ? text : "");
  return ok;
}

/* The shortest %g text that reads back as v ("0.1", not "0.10000000000000001"). */
static const char *
shortest (char *buf, gsize size, double v)
{
  for (int prec = 1; prec <= 17; prec++)
    {
      char fmt[8];
      g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
      g_ascii_formatd (buf, (int) size, fmt, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  return buf;
}

char *
sl_schedule_to_string (const SlSchedule *s)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE];
  switch (s->kind)
    {
    case SL_SCHEDULE_STEP:
      return g_strdup_printf ("step:%s:%u", shortest (a, sizeof a, s->drop), s->every);
    case SL_SCHEDULE_EXPONENTIAL:
      return g_strdup_printf ("exp:%s", shortest (a, sizeof a, s->rate));
    case SL_SCHEDULE_CONSTANT:
    default:
      return g_strdup ("constant");
    }
}
